package nsg

import (
	network "github.com/pulumi/pulumi-azure-native-sdk/network/v2/v20240501"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// DefaultRouteName is the route that sends a subnet's egress to the hub
// firewall.
const DefaultRouteName = "default-via-firewall"

// ViaFirewall are the routes of every route table the networks create: all
// traffic (0.0.0.0/0) to the firewall's private IP as a virtual appliance
// (MicrosoftDocs/azure-aks-docs limit-egress-traffic.md, "Create a route
// with a hop to Azure Firewall"). The hub's management subnet and every
// spoke's node and ingress subnets use it.
func ViaFirewall(firewallIP pulumi.StringPtrInput) network.RouteTypeArray {
	return network.RouteTypeArray{&network.RouteTypeArgs{
		Name:             pulumi.String(DefaultRouteName),
		AddressPrefix:    pulumi.String("0.0.0.0/0"),
		NextHopType:      pulumi.String("VirtualAppliance"),
		NextHopIpAddress: firewallIP,
	}}
}
