package tests

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/components/spokenetwork"
	"github.com/privateaks/privateaks/components/spokenetwork/spokespec"
)

func spokeArgs() *spokenetwork.SpokeNetworkArgs {
	return &spokenetwork.SpokeNetworkArgs{
		ResourceGroupName: pulumi.String("rg-spoke"),
		Location:          "westeurope",
		Network: spokespec.Network{
			VnetName:              "vnet-spoke",
			AddressSpace:          "10.240.0.0/16",
			PrivateEndpointSubnet: "10.240.250.0/27",
			IngressSubnet:         "10.240.251.0/28",
		},
		NodeSubnets:          map[string]string{"system": "10.240.0.0/24", "apps": "10.240.4.0/22", "gpu": "10.240.9.0/27"},
		FirewallPrivateIP:    pulumi.String("10.200.0.4"),
		HubVnetID:            pulumi.String("/subscriptions/s/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub"),
		HubVnetName:          pulumi.String("vnet-hub"),
		HubResourceGroupName: pulumi.String("rg-hub"),
		Protect:              true,
	}
}

func TestSpokeNetwork(t *testing.T) {
	m := run(t, func(ctx *pulumi.Context) error {
		_, err := spokenetwork.NewSpokeNetwork(ctx, "spoke", spokeArgs())
		return err
	})
	comp := one(t, m, ":SpokeNetwork", "spoke")
	for _, r := range m.Resources() {
		if r.URN != comp.URN && r.Parent != comp.URN {
			t.Errorf("%s not parented to the spoke", r.Name)
		}
	}
	rt := one(t, m, ":RouteTable", "spoke-rt")
	if rt.String("routes[0].nextHopIpAddress") != "10.200.0.4" || !rt.Bool("disableBgpRoutePropagation") {
		t.Errorf("route table: %v", rt.Inputs)
	}
	// One subnet per pool, each with the route table and its own NSG.
	nsgs := map[string]bool{}
	for _, pool := range []string{"system", "apps", "gpu"} {
		s := one(t, m, ":Subnet", "spoke-nodes-"+pool+"-snet")
		if s.String("subnetName") != "snet-nodes-"+pool || s.String("routeTable.id") != rt.ID {
			t.Errorf("%s: name %q route %q", pool, s.String("subnetName"), s.String("routeTable.id"))
		}
		nsg := s.String("networkSecurityGroup.id")
		if nsg == "" || nsgs[nsg] {
			t.Errorf("%s: NSG %q missing or shared", pool, nsg)
		}
		nsgs[nsg] = true
		if !s.Protect {
			t.Errorf("%s subnet not protected", pool)
		}
	}
	pe := one(t, m, ":Subnet", "spoke-privateEndpoints-snet")
	if pe.String("privateEndpointNetworkPolicies") != "Enabled" || pe.String("routeTable.id") != "" {
		t.Errorf("private endpoint subnet: policies %q route %q", pe.String("privateEndpointNetworkPolicies"), pe.String("routeTable.id"))
	}
	// Subnets are created one after another (ARM refuses concurrent writes).
	apps := one(t, m, ":Subnet", "spoke-nodes-apps-snet")
	gpu := one(t, m, ":Subnet", "spoke-nodes-gpu-snet")
	sys := one(t, m, ":Subnet", "spoke-nodes-system-snet")
	ing := one(t, m, ":Subnet", "spoke-ingress-snet")
	if !gpu.DependsOn(apps.URN) || !sys.DependsOn(gpu.URN) || !ing.DependsOn(sys.URN) || !pe.DependsOn(ing.URN) {
		t.Error("subnets are not chained apps -> gpu -> system -> ingress -> privateEndpoints")
	}
	// Peering both ways, the hub side in the hub's group.
	to := one(t, m, ":VirtualNetworkPeering", "spoke-to-hub")
	from := one(t, m, ":VirtualNetworkPeering", "spoke-from-hub")
	if from.String("resourceGroupName") != "rg-hub" || from.String("virtualNetworkName") != "vnet-hub" || !from.Protect || !to.Protect {
		t.Errorf("hub-side peering %v", from.Inputs)
	}
	if to.Bool("useRemoteGateways") {
		t.Error("no gateway in the hub, yet the spoke uses remote gateways")
	}
	// No DNS override unless asked.
	if !one(t, m, ":VirtualNetwork", "spoke-vnet").Get("dhcpOptions").IsNull() {
		t.Error("DNS servers set without UseFirewallDNS")
	}
}

func TestSpokeNetworkRejectsBadArgs(t *testing.T) {
	m, err := runErr(t, func(ctx *pulumi.Context) error {
		a := spokeArgs()
		a.NodeSubnets = map[string]string{"System": "10.240.0.0/24", "apps": "10.240.0.128/25"}
		a.IngressSubnet = "10.241.0.0/28"
		a.FirewallPrivateIP = nil
		_, err := spokenetwork.NewSpokeNetwork(ctx, "spoke", a)
		return err
	})
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{`nodeSubnets["System"]`, "does not overlap", "ingressSubnet", "firewallPrivateIp"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if len(m.Resources()) != 0 {
		t.Error("resources registered despite invalid args")
	}
}
