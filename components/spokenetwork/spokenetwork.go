package spokenetwork

import (
	network "github.com/pulumi/pulumi-azure-native-sdk/network/v2/v20240501"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"maps"
	"slices"

	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/diagsettings"
	"github.com/privateaks/privateaks/internal/flowlog"
	"github.com/privateaks/privateaks/internal/nsg"
	"github.com/privateaks/privateaks/internal/resopt"
)

// Type is the component's type token.
const Type = "privateaks:spokenetwork:SpokeNetwork"

// SpokeNetwork is one cluster's spoke.
type SpokeNetwork struct {
	pulumi.ResourceState

	VnetID   pulumi.StringOutput `pulumi:"vnetId"`
	VnetName pulumi.StringOutput `pulumi:"vnetName"`
	// SubnetIDs by key: NodeSubnetKey(pool), "privateEndpoints", "ingress".
	SubnetIDs    pulumi.StringMapOutput `pulumi:"subnetIds"`
	RouteTableID pulumi.StringOutput    `pulumi:"routeTableId"`

	// Vnet is the spoke VNet resource (for DNS links).
	Vnet *network.VirtualNetwork `pulumi:"-"`
	// Subnets are the subnet resources by the same keys as SubnetIDs.
	Subnets map[string]*network.Subnet `pulumi:"-"`
	// Peerings are the two peerings (spoke-to-hub, hub-to-spoke); a
	// cluster's nodes need them for egress while they bootstrap.
	Peerings []pulumi.Resource `pulumi:"-"`
}

// NewSpokeNetwork creates the spoke and peers it with the hub.
func NewSpokeNetwork(ctx *pulumi.Context, name string, args *SpokeNetworkArgs, opts ...pulumi.ResourceOption) (*SpokeNetwork, error) {
	if args == nil {
		args = &SpokeNetworkArgs{}
	}
	a := *args
	if err := resopt.Join(Type, name, a.Validate()); err != nil {
		return nil, err
	}
	spoke := &SpokeNetwork{Subnets: map[string]*network.Subnet{}}
	if err := ctx.RegisterComponentResource(Type, name, spoke, opts...); err != nil {
		return nil, err
	}
	tags := resopt.Tags(a.Tags)
	vnet, err := newVnet(ctx, spoke, name, a, tags)
	if err != nil {
		return nil, err
	}
	spoke.Vnet = vnet
	rt, err := newRouteTable(ctx, spoke, name, a, tags)
	if err != nil {
		return nil, err
	}
	// Subnets one after another: ARM rejects concurrent subnet writes on a
	// VNet.
	var prev pulumi.Resource
	for _, sub := range a.subnets() {
		sn, err := newSubnet(ctx, spoke, name, a, tags, vnet, rt, sub, prev)
		if err != nil {
			return nil, err
		}
		spoke.Subnets[sub.key] = sn
		prev = sn
	}
	if spoke.Peerings, err = newPeerings(ctx, spoke, name, a, vnet, prev); err != nil {
		return nil, err
	}

	ids := pulumi.StringMap{}
	for k, s := range spoke.Subnets {
		ids[k] = s.ID().ToStringOutput()
	}
	spoke.VnetID = vnet.ID().ToStringOutput()
	spoke.VnetName = vnet.Name
	spoke.SubnetIDs = ids.ToStringMapOutput()
	spoke.RouteTableID = rt.ID().ToStringOutput()
	if err := ctx.RegisterResourceOutputs(spoke, pulumi.Map{
		"vnetId":       spoke.VnetID,
		"vnetName":     spoke.VnetName,
		"subnetIds":    spoke.SubnetIDs,
		"routeTableId": spoke.RouteTableID,
	}); err != nil {
		return nil, err
	}
	return spoke, nil
}

// newVnet creates the spoke VNet (with DDoS protection and the firewall as
// its DNS server when asked) and its flow log.
func newVnet(ctx *pulumi.Context, spoke *SpokeNetwork, name string, a SpokeNetworkArgs, tags pulumi.StringMapInput) (*network.VirtualNetwork, error) {
	rg := a.ResourceGroupName
	va := &network.VirtualNetworkArgs{
		ResourceGroupName:  rg,
		VirtualNetworkName: pulumi.String(a.VnetName),
		Location:           pulumi.String(a.Location),
		AddressSpace:       &network.AddressSpaceArgs{AddressPrefixes: pulumi.ToStringArray([]string{a.AddressSpace})},
		Tags:               tags,
	}
	if a.DDoSProtectionPlanID != nil {
		// virtualNetwork.json 2024-05-01: enableDdosProtection with ddosProtectionPlan.
		va.EnableDdosProtection = pulumi.Bool(true)
		va.DdosProtectionPlan = &network.SubResourceArgs{Id: a.DDoSProtectionPlanID}
	}
	if a.UseFirewallDNS {
		va.DhcpOptions = &network.DhcpOptionsArgs{DnsServers: pulumi.StringArray{a.FirewallPrivateIP}}
	}
	vnet, err := network.NewVirtualNetwork(ctx, name+"-vnet", va, resopt.Stateful(spoke, a.Protect)...)
	if err != nil {
		return nil, err
	}
	if a.Logs != nil {
		if _, err := flowlog.New(ctx, name+"-vnet-flowlog", "fl-"+a.VnetName, vnet.ID().ToStringOutput(), a.Logs.FlowLogs, resopt.Child(spoke)...); err != nil {
			return nil, err
		}
	}
	return vnet, nil
}

// newRouteTable creates the route table that sends everything to the
// firewall.
func newRouteTable(ctx *pulumi.Context, spoke *SpokeNetwork, name string, a SpokeNetworkArgs, tags pulumi.StringMapInput) (*network.RouteTable, error) {
	return network.NewRouteTable(ctx, name+"-rt", &network.RouteTableArgs{
		ResourceGroupName: a.ResourceGroupName,
		RouteTableName:    pulumi.String(azname.RouteTableName(a.VnetName)),
		Location:          pulumi.String(a.Location),
		// Routes learnt over BGP (e.g. from an ExpressRoute gateway) must
		// not bypass the firewall.
		DisableBgpRoutePropagation: pulumi.Bool(true),
		Routes:                     nsg.ViaFirewall(a.FirewallPrivateIP),
		Tags:                       tags,
	}, resopt.Stateful(spoke, a.Protect)...)
}

// spokeSubnet is one subnet of the spoke with its NSG rules; withRoute
// attaches the route table, endpoints applies the NSG and route table to
// private endpoints too.
type spokeSubnet struct {
	key, name, prefix    string
	rules                []NSGRule
	withRoute, endpoints bool
}

// subnets are the spoke's subnets in the order they are written: the node
// subnets by pool name, then ingress, then the private endpoints.
func (a SpokeNetworkArgs) subnets() []spokeSubnet {
	var out []spokeSubnet
	for _, pool := range slices.Sorted(maps.Keys(a.NodeSubnets)) {
		out = append(out, spokeSubnet{NodeSubnetKey(pool), azname.NodeSubnetName(pool), a.NodeSubnets[pool], NodeNSGRules(), true, false})
	}
	return append(out,
		spokeSubnet{KeyIngress, azname.SpokeIngressSubnet, a.IngressSubnet, IngressNSGRules(), true, false},
		spokeSubnet{KeyPrivateEndpoints, azname.SpokePrivateEndpointsSubnet, a.PrivateEndpointSubnet, PrivateEndpointNSGRules(), false, true})
}

// newSubnet creates one subnet with its NSG (and the NSG's diagnostics),
// after prev: ARM rejects concurrent subnet writes on a VNet.
func newSubnet(ctx *pulumi.Context, spoke *SpokeNetwork, name string, a SpokeNetworkArgs, tags pulumi.StringMapInput, vnet *network.VirtualNetwork, rt *network.RouteTable, sub spokeSubnet, prev pulumi.Resource) (*network.Subnet, error) {
	rg := a.ResourceGroupName
	sg, err := network.NewNetworkSecurityGroup(ctx, name+"-"+sub.key+"-nsg", &network.NetworkSecurityGroupArgs{
		ResourceGroupName:        rg,
		NetworkSecurityGroupName: pulumi.String(azname.SubnetNSGName(a.VnetName, sub.name)),
		Location:                 pulumi.String(a.Location),
		SecurityRules:            nsg.SecurityRules(sub.rules),
		Tags:                     tags,
	}, resopt.Child(spoke)...)
	if err != nil {
		return nil, err
	}
	if a.Logs != nil {
		if _, err := diagsettings.New(ctx, name+"-"+sub.key+"-nsg-diagnostics", sg.ID().ToStringOutput(), a.Logs.WorkspaceID, diagsettings.NSG, resopt.Child(spoke)...); err != nil {
			return nil, err
		}
	}
	sa := &network.SubnetArgs{
		ResourceGroupName:     rg,
		VirtualNetworkName:    vnet.Name,
		SubnetName:            pulumi.String(sub.name),
		AddressPrefix:         pulumi.String(sub.prefix),
		DefaultOutboundAccess: pulumi.Bool(false),
		NetworkSecurityGroup:  &network.NetworkSecurityGroupTypeArgs{Id: sg.ID()},
	}
	if sub.withRoute {
		sa.RouteTable = &network.RouteTableTypeArgs{Id: rt.ID()}
	}
	if sub.endpoints {
		// Let the NSG and route table apply to private endpoints too.
		sa.PrivateEndpointNetworkPolicies = pulumi.String("Enabled")
	}
	var extra []pulumi.ResourceOption
	if prev != nil {
		extra = append(extra, pulumi.DependsOn([]pulumi.Resource{prev}))
	}
	return network.NewSubnet(ctx, name+"-"+sub.key+"-snet", sa, resopt.Stateful(spoke, a.Protect, extra...)...)
}

// newPeerings peers the spoke and the hub both ways, after the last subnet
// write.
func newPeerings(ctx *pulumi.Context, spoke *SpokeNetwork, name string, a SpokeNetworkArgs, vnet *network.VirtualNetwork, prev pulumi.Resource) ([]pulumi.Resource, error) {
	rg := a.ResourceGroupName
	// Peering both ways. Forwarded traffic is allowed so that traffic the
	// firewall forwards (and return traffic through it) passes.
	toHub, err := network.NewVirtualNetworkPeering(ctx, name+"-to-hub", &network.VirtualNetworkPeeringArgs{
		ResourceGroupName:         rg,
		VirtualNetworkName:        vnet.Name,
		VirtualNetworkPeeringName: pulumi.String(azname.PeeringName("hub")),
		RemoteVirtualNetwork:      &network.SubResourceArgs{Id: a.HubVnetID},
		AllowVirtualNetworkAccess: pulumi.Bool(true),
		AllowForwardedTraffic:     pulumi.Bool(true),
		AllowGatewayTransit:       pulumi.Bool(false),
		UseRemoteGateways:         pulumi.Bool(a.HubHasGateway),
	}, resopt.Stateful(spoke, a.Protect, pulumi.DependsOn([]pulumi.Resource{prev}))...)
	if err != nil {
		return nil, err
	}
	fromHub, err := network.NewVirtualNetworkPeering(ctx, name+"-from-hub", &network.VirtualNetworkPeeringArgs{
		ResourceGroupName:         a.HubResourceGroupName,
		VirtualNetworkName:        a.HubVnetName,
		VirtualNetworkPeeringName: pulumi.String(azname.PeeringName(a.VnetName)),
		RemoteVirtualNetwork:      &network.SubResourceArgs{Id: vnet.ID()},
		AllowVirtualNetworkAccess: pulumi.Bool(true),
		AllowForwardedTraffic:     pulumi.Bool(true),
		AllowGatewayTransit:       pulumi.Bool(a.HubHasGateway),
		UseRemoteGateways:         pulumi.Bool(false),
	}, resopt.Stateful(spoke, a.Protect, pulumi.DependsOn([]pulumi.Resource{toHub}))...)
	if err != nil {
		return nil, err
	}
	return []pulumi.Resource{toHub, fromHub}, nil
}

// NSGRule is one security rule in plain Go (the same type as
// hubnetwork.NSGRule).
type NSGRule = nsg.Rule

// NodeNSGRules keep the node subnets closed to the internet. AKS manages its
// own NSG on the nodes' NICs; this subnet NSG adds an explicit deny so a
// public load balancer rule can never open a node subnet.
func NodeNSGRules() []NSGRule {
	return []NSGRule{
		{Name: "DenyInternetInbound", Priority: 4000, Direction: "Inbound", Access: "Deny", Protocol: "*", Source: "Internet", Destination: "*", Ports: []string{"*"}},
	}
}

// IngressNSGRules allow HTTPS to the internal load balancers from peered
// networks (the hub, e.g. an Application Gateway there) and the load
// balancer probes, and deny the internet.
func IngressNSGRules() []NSGRule {
	return []NSGRule{
		{Name: "AllowHttpsFromVirtualNetwork", Priority: 100, Direction: "Inbound", Access: "Allow", Protocol: "Tcp", Source: "VirtualNetwork", Destination: "*", Ports: []string{"443"}},
		{Name: "AllowAzureLoadBalancerInbound", Priority: 110, Direction: "Inbound", Access: "Allow", Protocol: "*", Source: "AzureLoadBalancer", Destination: "*", Ports: []string{"*"}},
		{Name: "DenyAllInbound", Priority: 4000, Direction: "Inbound", Access: "Deny", Protocol: "*", Source: "*", Destination: "*", Ports: []string{"*"}},
	}
}

// PrivateEndpointNSGRules allow HTTPS to the endpoints from peered networks
// only.
func PrivateEndpointNSGRules() []NSGRule { return nsg.PrivateEndpointRules() }
