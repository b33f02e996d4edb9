package dnsresolver

import (
	"sort"

	dnsresolver "github.com/pulumi/pulumi-azure-native-sdk/network/v2/v20220701"
	network "github.com/pulumi/pulumi-azure-native-sdk/network/v2/v20240501"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/internal/resopt"
)

// Type is the component's type token.
const Type = "privateaks:dnsresolver:Resolver"

// Resolver is the DNS Private Resolver with its endpoints.
type Resolver struct {
	pulumi.ResourceState

	ResolverID pulumi.StringOutput `pulumi:"resolverId"`
	// InboundIP is the address on-premises DNS servers forward to.
	InboundIP pulumi.StringOutput `pulumi:"inboundIp"`
	// RulesetID is the forwarding ruleset ("" without forwarding).
	RulesetID pulumi.StringOutput `pulumi:"rulesetId"`
}

// NewResolver creates the resolver. Invalid args are reported all at once
// before anything is registered.
func NewResolver(ctx *pulumi.Context, name string, args *ResolverArgs, opts ...pulumi.ResourceOption) (*Resolver, error) {
	if args == nil {
		args = &ResolverArgs{}
	}
	a := *args
	if err := resopt.Join(Type, name, a.Validate()); err != nil {
		return nil, err
	}
	comp := &Resolver{}
	if err := ctx.RegisterComponentResource(Type, name, comp, opts...); err != nil {
		return nil, err
	}
	tags := resopt.Tags(a.Tags)
	rg := a.ResourceGroupName

	prev := a.After
	subnet := func(key, subnetName, prefix string) (*network.Subnet, error) {
		s, err := network.NewSubnet(ctx, name+"-"+key+"-snet", &network.SubnetArgs{
			ResourceGroupName:     rg,
			VirtualNetworkName:    a.VnetName,
			SubnetName:            pulumi.String(subnetName),
			AddressPrefix:         pulumi.String(prefix),
			DefaultOutboundAccess: pulumi.Bool(false),
			Delegations: network.DelegationArray{&network.DelegationArgs{
				Name:        pulumi.String("Microsoft.Network.dnsResolvers"),
				ServiceName: pulumi.String(Delegation),
			}},
		}, resopt.Stateful(comp, a.Protect, pulumi.DependsOn(prev))...)
		if err != nil {
			return nil, err
		}
		prev = []pulumi.Resource{s}
		return s, nil
	}
	inSubnet, err := subnet("inbound", InboundSubnetName, a.InboundSubnet)
	if err != nil {
		return nil, err
	}
	var outSubnet *network.Subnet
	if len(a.Forwarding) > 0 {
		if outSubnet, err = subnet("outbound", OutboundSubnetName, a.OutboundSubnet); err != nil {
			return nil, err
		}
	}

	resolver, err := dnsresolver.NewDnsResolver(ctx, name, &dnsresolver.DnsResolverArgs{
		ResourceGroupName: rg,
		DnsResolverName:   pulumi.String(a.Name),
		Location:          pulumi.String(a.Location),
		VirtualNetwork:    &dnsresolver.SubResourceArgs{Id: a.VnetID},
		Tags:              tags,
	}, resopt.Stateful(comp, a.Protect, pulumi.DependsOn(prev))...)
	if err != nil {
		return nil, err
	}
	inbound, err := dnsresolver.NewInboundEndpoint(ctx, name+"-inbound", &dnsresolver.InboundEndpointArgs{
		ResourceGroupName:   rg,
		DnsResolverName:     resolver.Name,
		InboundEndpointName: pulumi.String("inbound"),
		Location:            pulumi.String(a.Location),
		IpConfigurations: dnsresolver.InboundEndpointIPConfigurationArray{&dnsresolver.InboundEndpointIPConfigurationArgs{
			PrivateIpAllocationMethod: pulumi.String(string(dnsresolver.IpAllocationMethodDynamic)),
			Subnet:                    &dnsresolver.SubResourceArgs{Id: inSubnet.ID()},
		}},
		Tags: tags,
	}, resopt.Child(comp)...)
	if err != nil {
		return nil, err
	}
	comp.ResolverID = resolver.ID().ToStringOutput()
	comp.InboundIP = inbound.IpConfigurations.Index(pulumi.Int(0)).PrivateIpAddress().Elem()
	comp.RulesetID = pulumi.String("").ToStringOutput()

	if outSubnet != nil {
		outbound, err := dnsresolver.NewOutboundEndpoint(ctx, name+"-outbound", &dnsresolver.OutboundEndpointArgs{
			ResourceGroupName:    rg,
			DnsResolverName:      resolver.Name,
			OutboundEndpointName: pulumi.String("outbound"),
			Location:             pulumi.String(a.Location),
			Subnet:               &dnsresolver.SubResourceArgs{Id: outSubnet.ID()},
			Tags:                 tags,
		}, resopt.Child(comp)...)
		if err != nil {
			return nil, err
		}
		ruleset, err := dnsresolver.NewDnsForwardingRuleset(ctx, name+"-ruleset", &dnsresolver.DnsForwardingRulesetArgs{
			ResourceGroupName:            rg,
			DnsForwardingRulesetName:     pulumi.String(a.Name + "-ruleset"),
			Location:                     pulumi.String(a.Location),
			DnsResolverOutboundEndpoints: dnsresolver.SubResourceArray{&dnsresolver.SubResourceArgs{Id: outbound.ID()}},
			Tags:                         tags,
		}, resopt.Child(comp)...)
		if err != nil {
			return nil, err
		}
		for _, r := range a.Forwarding {
			var targets dnsresolver.TargetDnsServerArray
			for _, s := range r.TargetDNSServers {
				t, _ := ParseTarget(s) // validated above
				targets = append(targets, &dnsresolver.TargetDnsServerArgs{IpAddress: pulumi.String(t.IP), Port: pulumi.Int(t.Port)})
			}
			if _, err := dnsresolver.NewForwardingRule(ctx, name+"-rule-"+ruleKey(r), &dnsresolver.ForwardingRuleArgs{
				ResourceGroupName:        rg,
				DnsForwardingRulesetName: ruleset.Name,
				ForwardingRuleName:       pulumi.String(ruleKey(r)),
				DomainName:               pulumi.String(r.FQDN()),
				ForwardingRuleState:      pulumi.String(string(dnsresolver.ForwardingRuleStateEnumEnabled)),
				TargetDnsServers:         targets,
			}, resopt.Child(comp)...); err != nil {
				return nil, err
			}
		}
		keys := make([]string, 0, len(a.RulesetLinks))
		for k := range a.RulesetLinks {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if _, err := dnsresolver.NewPrivateResolverVirtualNetworkLink(ctx, name+"-link-"+k, &dnsresolver.PrivateResolverVirtualNetworkLinkArgs{
				ResourceGroupName:        rg,
				DnsForwardingRulesetName: ruleset.Name,
				VirtualNetworkLinkName:   pulumi.String("link-" + k),
				VirtualNetwork:           &dnsresolver.SubResourceArgs{Id: a.RulesetLinks[k]},
			}, resopt.Child(comp)...); err != nil {
				return nil, err
			}
		}
		comp.RulesetID = ruleset.ID().ToStringOutput()
	}
	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{
		"resolverId": comp.ResolverID,
		"inboundIp":  comp.InboundIP,
		"rulesetId":  comp.RulesetID,
	}); err != nil {
		return nil, err
	}
	return comp, nil
}

// ruleKey names a rule after its domain ("corp.contoso.com" gives
// "corp-contoso-com"): rule names take letters, digits, '_' and '-'.
func ruleKey(r ForwardingRule) string {
	out := []byte{}
	for _, c := range []byte(r.FQDN()) {
		switch {
		case c == '.':
			out = append(out, '-')
		default:
			out = append(out, c)
		}
	}
	s := string(out)
	for len(s) > 0 && s[len(s)-1] == '-' {
		s = s[:len(s)-1]
	}
	if s == "" {
		return "rule"
	}
	if len(s) > 80 {
		s = s[:80]
	}
	return s
}
