package tests

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/components/dnsresolver"
	"github.com/privateaks/privateaks/components/dnsresolver/resolverspec"
)

func resolverArgs() *dnsresolver.ResolverArgs {
	return &dnsresolver.ResolverArgs{
		ResourceGroupName: pulumi.String("rg-hub"),
		Location:          "westeurope",
		Resolver: resolverspec.Resolver{
			Name:           "dnspr-hub",
			InboundSubnet:  "10.200.0.160/28",
			OutboundSubnet: "10.200.0.176/28",
			Forwarding:     []dnsresolver.ForwardingRule{{Domain: "corp.contoso.com", TargetDNSServers: []string{"192.168.10.4", "192.168.10.5:5353"}}},
		},
		VnetID:          pulumi.String("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub"),
		VnetName:        pulumi.String("vnet-hub"),
		HubAddressSpace: "10.200.0.0/24",
		RulesetLinks: map[string]pulumi.StringInput{
			"hub":        pulumi.String("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub"),
			"spoke-blue": pulumi.String("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-blue/providers/Microsoft.Network/virtualNetworks/vnet-blue"),
		},
	}
}

// The resolver against the dnsresolver 2022-07-01 specification
// (Azure/azure-rest-api-specs specification/dnsresolver/resource-manager/
// Microsoft.Network/stable/2022-07-01/dnsresolver.json) and
// dns-private-resolver-overview.md.
func TestDNSResolverEndpointsAndSubnets(t *testing.T) {
	m := run(t, func(ctx *pulumi.Context) error {
		_, err := dnsresolver.NewResolver(ctx, "dns", resolverArgs())
		return err
	})
	res := one(t, m, ":DnsResolver", "dns")
	if !strings.HasSuffix(res.String("virtualNetwork.id"), "/virtualNetworks/vnet-hub") {
		t.Errorf("resolver in %s, want the hub VNet", res.String("virtualNetwork.id"))
	}
	// Each endpoint sits on its own subnet, delegated to
	// Microsoft.Network/dnsResolvers (overview, "Subnet restrictions").
	subnets := map[string]string{}
	for _, s := range m.ByTypeSuffix(":Subnet") {
		if got := s.String("delegations[0].serviceName"); got != "Microsoft.Network/dnsResolvers" {
			t.Errorf("subnet %s delegated to %q", s.String("subnetName"), got)
		}
		subnets[s.ID] = s.String("addressPrefix")
	}
	in := one(t, m, ":InboundEndpoint", "dns-inbound")
	out := one(t, m, ":OutboundEndpoint", "dns-outbound")
	inSubnet := subnets[in.String("ipConfigurations[0].subnet.id")]
	outSubnet := subnets[out.String("subnet.id")]
	if inSubnet != "10.200.0.160/28" || outSubnet != "10.200.0.176/28" {
		t.Errorf("inbound on %q, outbound on %q; want their own /28s", inSubnet, outSubnet)
	}
	if got := in.String("ipConfigurations[0].privateIpAllocationMethod"); got != "Dynamic" && got != "Static" {
		t.Errorf("privateIpAllocationMethod %q: the spec's enum is Dynamic or Static", got)
	}
	rs := one(t, m, ":DnsForwardingRuleset", "dns-ruleset")
	if got := rs.String("dnsResolverOutboundEndpoints[0].id"); got != out.ID {
		t.Errorf("ruleset uses %s, want the outbound endpoint %s", got, out.ID)
	}
	rule := one(t, m, ":ForwardingRule", "dns-rule-corp-contoso-com")
	// Rules name fully qualified domains, with the trailing dot.
	if rule.String("domainName") != "corp.contoso.com." {
		t.Errorf("domainName %q", rule.String("domainName"))
	}
	if rule.String("targetDnsServers[0].ipAddress") != "192.168.10.4" || rule.String("targetDnsServers[1].ipAddress") != "192.168.10.5" {
		t.Errorf("targets %v", rule.Get("targetDnsServers"))
	}
	if p := rule.Get("targetDnsServers[1].port"); !p.IsNumber() || p.NumberValue() != 5353 {
		t.Errorf("port %v", p)
	}
	links := m.ByTypeSuffix(":PrivateResolverVirtualNetworkLink")
	if len(links) != 2 {
		t.Fatalf("want the ruleset linked to the hub and the spoke, got %d links", len(links))
	}
}

func TestDNSResolverWithoutForwardingHasNoOutbound(t *testing.T) {
	a := resolverArgs()
	a.Forwarding, a.RulesetLinks = nil, nil
	m := run(t, func(ctx *pulumi.Context) error { _, err := dnsresolver.NewResolver(ctx, "dns", a); return err })
	for _, typ := range []string{":OutboundEndpoint", ":DnsForwardingRuleset", ":ForwardingRule", ":PrivateResolverVirtualNetworkLink"} {
		if n := len(m.ByTypeSuffix(typ)); n != 0 {
			t.Errorf("%d %s without forwarding rules", n, typ)
		}
	}
	if n := len(m.ByTypeSuffix(":Subnet")); n != 1 {
		t.Errorf("%d subnets, want only the inbound one", n)
	}
}

func TestDNSResolverRefusesBadArgs(t *testing.T) {
	a := resolverArgs()
	a.InboundSubnet = "10.200.0.160/29"
	a.OutboundSubnet = "10.200.0.0/23"
	a.Forwarding = []dnsresolver.ForwardingRule{{Domain: "corp", TargetDNSServers: []string{"dns.corp"}}}
	m, err := runErr(t, func(ctx *pulumi.Context) error { _, err := dnsresolver.NewResolver(ctx, "dns", a); return err })
	if err == nil {
		t.Fatal("accepted")
	}
	for _, want := range []string{"inboundSubnet: invalid value \"10.200.0.160/29\": the resolver's inbound endpoint needs a /28 or larger", "outboundSubnet: invalid value \"10.200.0.0/23\": a /28 to /24", "outboundSubnet: invalid value \"10.200.0.0/23\": a prefix inside hubAddressSpace", "forwarding[0].domain", "forwarding[0].targetDnsServers[0]"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if m != nil && len(m.Resources()) != 0 {
		t.Errorf("%d resources registered", len(m.Resources()))
	}
}
