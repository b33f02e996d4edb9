package hubnetwork

import (
	"fmt"
	"strconv"

	network "github.com/pulumi/pulumi-azure-native-sdk/network/v2/v20240501"
	operationalinsights "github.com/pulumi/pulumi-azure-native-sdk/operationalinsights/v2/v20230901"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/flowlog"
	"github.com/privateaks/privateaks/internal/nsg"
	"github.com/privateaks/privateaks/internal/resopt"
)

// Type is the component's type token.
const Type = "privateaks:hubnetwork:HubNetwork"

// The subnet names Azure requires for these roles.
const (
	FirewallSubnetName   = "AzureFirewallSubnet"
	BastionSubnetName    = "AzureBastionSubnet"
	GatewaySubnetName    = "GatewaySubnet"
	ManagementSubnetName = "snet-management"
	// PrivateEndpointSubnetName is the hub's private-endpoint subnet.
	PrivateEndpointSubnetName = "snet-privateendpoints"
)

// HubNetwork is the hub VNet with its firewall, Bastion and subnets.
type HubNetwork struct {
	pulumi.ResourceState

	VnetID   pulumi.StringOutput `pulumi:"vnetId"`
	VnetName pulumi.StringOutput `pulumi:"vnetName"`
	// SubnetIDs by role: firewall, bastion, management and gateway (if any).
	SubnetIDs         pulumi.StringMapOutput `pulumi:"subnetIds"`
	FirewallPrivateIP pulumi.StringOutput    `pulumi:"firewallPrivateIp"`
	FirewallPolicyID  pulumi.StringOutput    `pulumi:"firewallPolicyId"`
	FirewallID        pulumi.StringOutput    `pulumi:"firewallId"`

	// DDoSProtectionPlanID is the DDoS Network Protection plan the hub's
	// VNet uses, nil without one (spokes pass it to WithDDoS).
	DDoSProtectionPlanID pulumi.StringInput `pulumi:"-"`
	// WorkspaceID is the hub's Log Analytics workspace.
	WorkspaceID pulumi.StringOutput `pulumi:"workspaceId"`

	// Vnet is the hub VNet resource, for peering and DNS links.
	Vnet *network.VirtualNetwork `pulumi:"-"`
	// Workspace is the hub's Log Analytics workspace; FlowLogs is where
	// every VNet of the stack writes its flow log (spokes take it).
	Workspace *operationalinsights.Workspace `pulumi:"-"`
	FlowLogs  flowlog.Watcher                `pulumi:"-"`
	// EgressReady are the resources a cluster must wait for: nodes need
	// the firewall and its rules while they bootstrap.
	EgressReady []pulumi.Resource `pulumi:"-"`
}

// NewHubNetwork creates the hub. Invalid args are reported all at once
// before anything is registered.
func NewHubNetwork(ctx *pulumi.Context, name string, args *HubNetworkArgs, opts ...pulumi.ResourceOption) (*HubNetwork, error) {
	if args == nil {
		args = &HubNetworkArgs{}
	}
	a := args.withDefaults()
	if err := resopt.Join(Type, name, a.Validate()); err != nil {
		return nil, err
	}
	hub := &HubNetwork{}
	if err := ctx.RegisterComponentResource(Type, name, hub, opts...); err != nil {
		return nil, err
	}
	tags := resopt.Tags(a.Tags)

	plan, err := newDDoSPlan(ctx, name, hub, a)
	if err != nil {
		return nil, err
	}
	hub.DDoSProtectionPlanID = plan
	vnet, err := newHubVnet(ctx, name, hub, a, plan, tags)
	if err != nil {
		return nil, err
	}
	hub.Vnet = vnet
	hub.VnetID = vnet.ID().ToStringOutput()
	if err := newLogs(ctx, name, hub, a); err != nil {
		return nil, err
	}

	newNSG := func(role string, rules network.SecurityRuleTypeArray) (*network.NetworkSecurityGroup, error) {
		return newHubNSG(ctx, name, hub, a, tags, role, rules)
	}
	bastionNsg, err := newNSG("bastion", nsg.SecurityRules(BastionNSGRules()))
	if err != nil {
		return nil, err
	}
	mgmtNsg, err := newNSG("management", nsg.SecurityRules(ManagementNSGRules(a.BastionSubnet)))
	if err != nil {
		return nil, err
	}

	// Subnets of one VNet are created one after another: ARM rejects
	// concurrent subnet writes on a VNet (AnotherOperationInProgress).
	chain := &subnetChain{ctx: ctx, name: name, hub: hub, a: a, vnet: vnet, subnets: map[string]*network.Subnet{}}
	// Azure allows no NSG on AzureFirewallSubnet or GatewaySubnet.
	if err := chain.add(RoleFirewall, FirewallSubnetName, a.FirewallSubnet, nil, nil); err != nil {
		return nil, err
	}
	if err := chain.add(RoleBastion, BastionSubnetName, a.BastionSubnet, bastionNsg, nil); err != nil {
		return nil, err
	}
	if a.GatewaySubnet != "" {
		if err := chain.add(RoleGateway, GatewaySubnetName, a.GatewaySubnet, nil, nil); err != nil {
			return nil, err
		}
	}

	fw, policy, rcg, err := newFirewall(ctx, name, hub, a, chain.subnets[RoleFirewall])
	if err != nil {
		return nil, err
	}
	firewallIP := fw.IpConfigurations.Index(pulumi.Int(0)).PrivateIPAddress()

	// The management subnet comes after the firewall: its route table
	// needs the firewall's private IP.
	mgmtRT, err := newManagementRouteTable(ctx, name, hub, a, tags, firewallIP)
	if err != nil {
		return nil, err
	}
	if err := chain.add(RoleManagement, ManagementSubnetName, a.ManagementSubnet, mgmtNsg, mgmtRT); err != nil {
		return nil, err
	}

	nsgs := map[string]*network.NetworkSecurityGroup{RoleBastion: bastionNsg, RoleManagement: mgmtNsg}
	if a.PrivateEndpointSubnet != "" {
		peNsg, err := newNSG("privateendpoints", nsg.SecurityRules(PrivateEndpointNSGRules()))
		if err != nil {
			return nil, err
		}
		if err := chain.add(RolePrivateEndpoints, PrivateEndpointSubnetName, a.PrivateEndpointSubnet, peNsg, nil); err != nil {
			return nil, err
		}
		nsgs[RolePrivateEndpoints] = peNsg
	}

	bastion, err := newBastion(ctx, name, hub, a, chain.subnets[RoleBastion])
	if err != nil {
		return nil, err
	}
	if err := newHubDiagnostics(ctx, name, hub, a, fw, bastion, nsgs); err != nil {
		return nil, err
	}

	ids := pulumi.StringMap{}
	for role, s := range chain.subnets {
		ids[role] = s.ID().ToStringOutput()
	}
	hub.VnetName = vnet.Name
	hub.SubnetIDs = ids.ToStringMapOutput()
	hub.FirewallPrivateIP = firewallIP
	hub.FirewallPolicyID = policy.ID().ToStringOutput()
	hub.FirewallID = fw.ID().ToStringOutput()
	hub.EgressReady = []pulumi.Resource{fw, rcg}

	if err := ctx.RegisterResourceOutputs(hub, pulumi.Map{
		"vnetId":            hub.VnetID,
		"vnetName":          hub.VnetName,
		"subnetIds":         hub.SubnetIDs,
		"firewallPrivateIp": hub.FirewallPrivateIP,
		"firewallPolicyId":  hub.FirewallPolicyID,
		"firewallId":        hub.FirewallID,
		"workspaceId":       hub.WorkspaceID,
	}); err != nil {
		return nil, err
	}
	return hub, nil
}

// newHubVnet creates the hub VNet, under the DDoS plan when there is one.
func newHubVnet(ctx *pulumi.Context, name string, hub *HubNetwork, a HubNetworkArgs, plan pulumi.StringInput, tags pulumi.StringMapInput) (*network.VirtualNetwork, error) {
	va := &network.VirtualNetworkArgs{
		ResourceGroupName:  a.ResourceGroupName,
		VirtualNetworkName: pulumi.String(a.VnetName),
		Location:           pulumi.String(a.Location),
		AddressSpace:       &network.AddressSpaceArgs{AddressPrefixes: pulumi.ToStringArray([]string{a.AddressSpace})},
		Tags:               tags,
	}
	WithDDoS(va, plan)
	return network.NewVirtualNetwork(ctx, name+"-vnet", va, resopt.Stateful(hub, a.Protect)...)
}

// newHubNSG is one of the hub's NSGs: named after the VNet and the subnet
// role, with its rules.
func newHubNSG(ctx *pulumi.Context, name string, hub *HubNetwork, a HubNetworkArgs, tags pulumi.StringMapInput, role string, rules network.SecurityRuleTypeArray) (*network.NetworkSecurityGroup, error) {
	return network.NewNetworkSecurityGroup(ctx, name+"-"+role+"-nsg", &network.NetworkSecurityGroupArgs{
		ResourceGroupName:        a.ResourceGroupName,
		NetworkSecurityGroupName: pulumi.String(azname.SubnetNSGName(a.VnetName, role)),
		Location:                 pulumi.String(a.Location),
		SecurityRules:            rules,
		Tags:                     tags,
	}, resopt.Child(hub)...)
}

// subnetChain creates the hub's subnets one after another, each waiting for
// the one before.
type subnetChain struct {
	ctx     *pulumi.Context
	name    string
	hub     *HubNetwork
	a       HubNetworkArgs
	vnet    *network.VirtualNetwork
	prev    pulumi.Resource
	subnets map[string]*network.Subnet
}

// add creates the subnet of role with its NSG and route table (either may
// be nil), after the previous one.
func (c *subnetChain) add(role, subnetName, prefix string, sg *network.NetworkSecurityGroup, rt *network.RouteTable) error {
	sa := &network.SubnetArgs{
		ResourceGroupName:     c.a.ResourceGroupName,
		VirtualNetworkName:    c.vnet.Name,
		SubnetName:            pulumi.String(subnetName),
		AddressPrefix:         pulumi.String(prefix),
		DefaultOutboundAccess: pulumi.Bool(false),
	}
	if sg != nil {
		sa.NetworkSecurityGroup = &network.NetworkSecurityGroupTypeArgs{Id: sg.ID()}
	}
	if rt != nil {
		sa.RouteTable = &network.RouteTableTypeArgs{Id: rt.ID()}
	}
	if role == RolePrivateEndpoints {
		// Let the NSG apply to the private endpoints too, as on the spokes.
		sa.PrivateEndpointNetworkPolicies = pulumi.String("Enabled")
	}
	var extra []pulumi.ResourceOption
	if c.prev != nil {
		extra = append(extra, pulumi.DependsOn([]pulumi.Resource{c.prev}))
	}
	s, err := network.NewSubnet(c.ctx, c.name+"-"+role+"-snet", sa, resopt.Stateful(c.hub, c.a.Protect, extra...)...)
	if err != nil {
		return err
	}
	c.subnets[role] = s
	c.prev = s
	return nil
}

// newManagementRouteTable sends the management subnet's egress through
// the firewall too.
func newManagementRouteTable(ctx *pulumi.Context, name string, hub *HubNetwork, a HubNetworkArgs, tags pulumi.StringMapInput, firewallIP pulumi.StringPtrInput) (*network.RouteTable, error) {
	return network.NewRouteTable(ctx, name+"-management-rt", &network.RouteTableArgs{
		ResourceGroupName:          a.ResourceGroupName,
		RouteTableName:             pulumi.String(azname.RouteTableName(a.VnetName, "management")),
		Location:                   pulumi.String(a.Location),
		DisableBgpRoutePropagation: pulumi.Bool(true),
		Routes:                     nsg.ViaFirewall(firewallIP),
		Tags:                       tags,
	}, resopt.Child(hub)...)
}

// newFirewall creates the policy with its rules, the public IP and the
// firewall. The firewall waits for the rules, so that nothing routed through
// it meets an empty policy.
func newFirewall(ctx *pulumi.Context, name string, hub *HubNetwork, a HubNetworkArgs, subnet *network.Subnet) (*network.AzureFirewall, *network.FirewallPolicy, *network.FirewallPolicyRuleCollectionGroup, error) {
	tags := resopt.Tags(a.Tags)
	pa := &network.FirewallPolicyArgs{
		ResourceGroupName:  a.ResourceGroupName,
		FirewallPolicyName: pulumi.String(a.Firewall.PolicyName),
		Location:           pulumi.String(a.Location),
		Sku:                &network.FirewallPolicySkuArgs{Tier: pulumi.String(a.Firewall.Sku)},
		ThreatIntelMode:    pulumi.String("Deny"),
		DnsSettings: &network.DnsSettingsArgs{
			EnableProxy: pulumi.Bool(true),
		},
		Tags: tags,
	}
	if a.Firewall.Sku == "Premium" {
		pa.IntrusionDetection = &network.FirewallPolicyIntrusionDetectionArgs{Mode: pulumi.String(a.Firewall.IdpsMode)}
	}
	policy, err := network.NewFirewallPolicy(ctx, name+"-fwpolicy", pa, resopt.Stateful(hub, a.Protect)...)
	if err != nil {
		return nil, nil, nil, err
	}
	rcg, err := network.NewFirewallPolicyRuleCollectionGroup(ctx, name+"-fw-aks-egress", &network.FirewallPolicyRuleCollectionGroupArgs{
		ResourceGroupName:       a.ResourceGroupName,
		FirewallPolicyName:      policy.Name,
		RuleCollectionGroupName: pulumi.String("aks-egress"),
		Priority:                pulumi.Int(200),
		RuleCollections:         ruleCollections(EgressRules(a.Egress)),
	}, resopt.Child(hub)...)
	if err != nil {
		return nil, nil, nil, err
	}
	// FirewallPublicIPs zone-redundant public IPs, as the baseline hub
	// allocates (mspnp/aks-baseline networking/hub-default.bicep,
	// numFirewallIpAddressesToAssign = 3): more SNAT ports for egress
	// (each IP gives 2,496 ports per backend instance). Only the first IP
	// configuration names the subnet (azureFirewall.json 2024-05-01,
	// AzureFirewallIPConfiguration; the bicep's ipConfigurations loop).
	var ipConfigs network.AzureFirewallIPConfigurationArray
	for i := 0; i < a.Firewall.PublicIPCount; i++ {
		logical, pipName, cfgName := name+"-fw-pip", azname.PublicIPName(a.Firewall.Name), "ipconfig"
		if i > 0 {
			// The first keeps its original names, so that an existing
			// firewall keeps its address.
			logical, pipName, cfgName = fmt.Sprintf("%s-fw-pip-%02d", name, i), azname.PublicIPNameN(a.Firewall.Name, i), fmt.Sprintf("ipconfig-%02d", i)
		}
		pip, err := network.NewPublicIPAddress(ctx, logical, &network.PublicIPAddressArgs{
			ResourceGroupName:        a.ResourceGroupName,
			PublicIpAddressName:      pulumi.String(pipName),
			Location:                 pulumi.String(a.Location),
			Sku:                      &network.PublicIPAddressSkuArgs{Name: pulumi.String("Standard"), Tier: pulumi.String("Regional")},
			PublicIPAllocationMethod: pulumi.String("Static"),
			PublicIPAddressVersion:   pulumi.String("IPv4"),
			Zones:                    zones(a.Firewall.Zones),
			Tags:                     tags,
		}, resopt.Stateful(hub, a.Protect)...)
		if err != nil {
			return nil, nil, nil, err
		}
		ic := &network.AzureFirewallIPConfigurationArgs{
			Name:            pulumi.String(cfgName),
			PublicIPAddress: &network.SubResourceArgs{Id: pip.ID()},
		}
		if i == 0 {
			ic.Subnet = &network.SubResourceArgs{Id: subnet.ID()}
		}
		ipConfigs = append(ipConfigs, ic)
	}
	fw, err := network.NewAzureFirewall(ctx, name+"-fw", &network.AzureFirewallArgs{
		ResourceGroupName: a.ResourceGroupName,
		AzureFirewallName: pulumi.String(a.Firewall.Name),
		Location:          pulumi.String(a.Location),
		Sku:               &network.AzureFirewallSkuArgs{Name: pulumi.String("AZFW_VNet"), Tier: pulumi.String(a.Firewall.Sku)},
		FirewallPolicy:    &network.SubResourceArgs{Id: policy.ID()},
		IpConfigurations:  ipConfigs,
		Zones:             zones(a.Firewall.Zones),
		Tags:              tags,
	}, resopt.Stateful(hub, a.Protect, pulumi.DependsOn([]pulumi.Resource{rcg}))...)
	if err != nil {
		return nil, nil, nil, err
	}
	return fw, policy, rcg, nil
}

func newBastion(ctx *pulumi.Context, name string, hub *HubNetwork, a HubNetworkArgs, subnet *network.Subnet) (*network.BastionHost, error) {
	tags := resopt.Tags(a.Tags)
	pip, err := network.NewPublicIPAddress(ctx, name+"-bastion-pip", &network.PublicIPAddressArgs{
		ResourceGroupName:        a.ResourceGroupName,
		PublicIpAddressName:      pulumi.String(azname.PublicIPName(a.Bastion.Name)),
		Location:                 pulumi.String(a.Location),
		Sku:                      &network.PublicIPAddressSkuArgs{Name: pulumi.String("Standard"), Tier: pulumi.String("Regional")},
		PublicIPAllocationMethod: pulumi.String("Static"),
		PublicIPAddressVersion:   pulumi.String("IPv4"),
		// Zone-redundant like the firewall's (publicIpAddress.json
		// 2024-05-01, zones); a Bastion IP without zones is the
		// scanners' "non-zonal" finding.
		Zones: zones(a.Firewall.Zones),
		Tags:  tags,
	}, resopt.Child(hub)...)
	if err != nil {
		return nil, err
	}
	ba := &network.BastionHostArgs{
		ResourceGroupName: a.ResourceGroupName,
		BastionHostName:   pulumi.String(a.Bastion.Name),
		Location:          pulumi.String(a.Location),
		Sku:               &network.SkuArgs{Name: pulumi.String(a.Bastion.Sku)},
		IpConfigurations: network.BastionHostIPConfigurationArray{&network.BastionHostIPConfigurationArgs{
			Name:            pulumi.String("ipconfig"),
			Subnet:          &network.SubResourceArgs{Id: subnet.ID()},
			PublicIPAddress: &network.SubResourceArgs{Id: pip.ID()},
		}},
		Tags: tags,
	}
	if a.Bastion.Sku != "Basic" {
		// Native-client tunneling (az network bastion ssh/tunnel) is how
		// operators reach the management subnet; Basic has none.
		ba.EnableTunneling = pulumi.Bool(true)
	}
	return network.NewBastionHost(ctx, name+"-bastion", ba, resopt.Child(hub)...)
}

func zones(z []string) pulumi.StringArrayInput {
	if len(z) == 0 {
		return nil
	}
	return pulumi.ToStringArray(z)
}

// ruleCollections turns the rule model into one network and one
// application rule collection, both Allow, each rule with its own sources.
// A collection without rules is left out: Azure Firewall policy rule
// collections hold at least one rule.
func ruleCollections(rules []EgressRule) pulumi.Array {
	var netRules, appRules pulumi.Array
	for _, r := range rules {
		if r.Kind == ApplicationRule {
			protos := network.FirewallPolicyRuleApplicationProtocolArray{}
			for _, p := range r.AppProtocols {
				protos = append(protos, &network.FirewallPolicyRuleApplicationProtocolArgs{ProtocolType: p.Type, Port: pulumi.Int(p.Port)})
			}
			ar := &network.ApplicationRuleArgs{
				Name:            pulumi.String(r.Name),
				Description:     pulumi.String(r.Why),
				RuleType:        pulumi.String("ApplicationRule"),
				SourceAddresses: pulumi.ToStringArray(r.Sources),
				Protocols:       protos,
			}
			if len(r.FqdnTags) > 0 {
				ar.FqdnTags = pulumi.ToStringArray(r.FqdnTags)
			}
			if len(r.Fqdns) > 0 {
				ar.TargetFqdns = pulumi.ToStringArray(r.Fqdns)
			}
			appRules = append(appRules, ar)
			continue
		}
		protos := pulumi.StringArray{}
		for _, p := range r.NetProtocols {
			protos = append(protos, pulumi.String(p))
		}
		ports := pulumi.StringArray{}
		for _, p := range r.Ports {
			ports = append(ports, pulumi.String(strconv.Itoa(p)))
		}
		nr := &network.NetworkRuleArgs{
			Name:             pulumi.String(r.Name),
			Description:      pulumi.String(r.Why),
			RuleType:         pulumi.String("NetworkRule"),
			SourceAddresses:  pulumi.ToStringArray(r.Sources),
			IpProtocols:      protos,
			DestinationPorts: ports,
		}
		if len(r.Addresses) > 0 {
			nr.DestinationAddresses = pulumi.ToStringArray(r.Addresses)
		}
		if len(r.Fqdns) > 0 {
			nr.DestinationFqdns = pulumi.ToStringArray(r.Fqdns)
		}
		netRules = append(netRules, nr)
	}
	var out pulumi.Array
	if len(netRules) > 0 {
		out = append(out, collection("aks-network", 100, netRules))
	}
	if len(appRules) > 0 {
		out = append(out, collection("aks-application", 200, appRules))
	}
	return out
}

func collection(name string, priority int, rules pulumi.Array) *network.FirewallPolicyFilterRuleCollectionArgs {
	return &network.FirewallPolicyFilterRuleCollectionArgs{
		Name:               pulumi.String(name),
		Priority:           pulumi.Int(priority),
		RuleCollectionType: pulumi.String(string(network.FirewallPolicyRuleCollectionTypeFirewallPolicyFilterRuleCollection)),
		Action:             &network.FirewallPolicyFilterRuleCollectionActionArgs{Type: pulumi.String(string(network.FirewallPolicyFilterRuleCollectionActionTypeAllow))},
		Rules:              rules,
	}
}
