package tests

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/components/hubnetwork"
	"github.com/privateaks/privateaks/components/hubnetwork/hubspec"
)

func hubArgs() *hubnetwork.HubNetworkArgs {
	return &hubnetwork.HubNetworkArgs{
		ResourceGroupName: pulumi.String("rg-hub"),
		Location:          "westeurope",
		Network: hubspec.Network{
			VnetName:         "vnet-hub",
			AddressSpace:     "10.200.0.0/24",
			FirewallSubnet:   "10.200.0.0/26",
			BastionSubnet:    "10.200.0.64/26",
			ManagementSubnet: "10.200.0.128/27",
		},
		Firewall: hubspec.Firewall{Name: "afw-hub", PolicyName: "afwp-hub", Zones: []string{"1", "2", "3"}},
		Bastion:  hubspec.Bastion{Name: "bas-hub"},
		Egress: hubnetwork.EgressOptions{
			NodeSubnets:   []string{"10.240.0.0/24", "10.240.4.0/22"},
			FluxExtension: true, GitHTTPSHosts: []string{"github.com"},
		},
		Protect: true,
	}
}

func TestHubNetwork(t *testing.T) {
	var hub *hubnetwork.HubNetwork
	m := run(t, func(ctx *pulumi.Context) error {
		var err error
		hub, err = hubnetwork.NewHubNetwork(ctx, "hub", hubArgs())
		return err
	})
	comp := one(t, m, ":HubNetwork", "hub")
	if comp.Type != hubnetwork.Type {
		t.Fatalf("component type %s", comp.Type)
	}
	// Every child is parented to the component.
	for _, r := range m.Resources() {
		if r.URN != comp.URN && r.Parent != comp.URN {
			t.Errorf("%s %s is not parented to the hub component", r.Type, r.Name)
		}
	}

	// No subnet has default outbound access; NSG everywhere Azure allows.
	subnets := m.ByTypeSuffix(":Subnet")
	if len(subnets) != 3 {
		t.Fatalf("want 3 subnets without gateway, got %d", len(subnets))
	}
	for _, s := range subnets {
		if v := s.Get("defaultOutboundAccess"); !v.IsBool() || v.BoolValue() {
			t.Errorf("subnet %s: defaultOutboundAccess = %v, want false", s.Name, v)
		}
		name := s.String("subnetName")
		hasNsg := s.String("networkSecurityGroup.id") != ""
		if name == hubnetwork.FirewallSubnetName && hasNsg {
			t.Errorf("AzureFirewallSubnet must not carry an NSG")
		}
		if name != hubnetwork.FirewallSubnetName && !hasNsg {
			t.Errorf("subnet %s has no NSG", name)
		}
		if !s.Protect {
			t.Errorf("subnet %s not protected", name)
		}
	}

	// Firewall policy: threat intel Deny, DNS proxy, Premium with IDPS Deny.
	pol := one(t, m, ":FirewallPolicy", "hub-fwpolicy")
	if pol.String("threatIntelMode") != "Deny" || !pol.Bool("dnsSettings.enableProxy") {
		t.Errorf("policy threatIntel=%q dnsProxy=%v", pol.String("threatIntelMode"), pol.Bool("dnsSettings.enableProxy"))
	}
	if pol.String("sku.tier") != "Premium" || pol.String("intrusionDetection.mode") != "Deny" {
		t.Errorf("policy sku=%q idps=%q", pol.String("sku.tier"), pol.String("intrusionDetection.mode"))
	}
	fw := one(t, m, ":AzureFirewall", "hub-fw")
	if !fw.Protect || !pol.Protect {
		t.Error("firewall and policy must be protected")
	}
	rcg := one(t, m, ":FirewallPolicyRuleCollectionGroup", "hub-fw-aks-egress")
	if !fw.DependsOn(rcg.URN) {
		t.Error("firewall must wait for its rules")
	}
	fwSubnet := one(t, m, ":Subnet", "hub-firewall-snet")
	if fw.String("ipConfigurations[0].subnet.id") != fwSubnet.ID {
		t.Errorf("firewall not in AzureFirewallSubnet: %q", fw.String("ipConfigurations[0].subnet.id"))
	}

	// The egress rules as Azure reads them. Application rule protocols are
	// Http or Https with a port in 1..64000 (firewallPolicy.json, 2024-05-01,
	// FirewallPolicyRuleApplicationProtocol); a private cluster needs none of
	// the AzureCloud network rules (AKS egress article, "Azure Global required
	// network rules"); every rule's sources are the subnets that need it.
	nodes := []string{"10.240.0.0/24", "10.240.4.0/22"}
	const mgmt = "10.200.0.128/27"
	reach := map[string][]string{} // destination FQDN or tag -> sources
	for i := 0; i < rcg.Len("ruleCollections"); i++ {
		base := "ruleCollections[" + itoa(i) + "]"
		if rcg.String(base+".action.type") != "Allow" {
			t.Errorf("collection %d is not an Allow collection", i)
		}
		for j := 0; j < rcg.Len(base+".rules"); j++ {
			rule := base + ".rules[" + itoa(j) + "]"
			name := rcg.String(rule + ".name")
			src := strs(rcg, rule+".sourceAddresses")
			if len(src) == 0 {
				t.Errorf("%s has no sources", name)
			}
			for _, s := range src {
				if s != mgmt && !contains(nodes, s) {
					t.Errorf("%s: source %s is neither a node subnet nor the management subnet", name, s)
				}
			}
			for _, d := range append(strs(rcg, rule+".destinationAddresses"), strs(rcg, rule+".targetFqdns")...) {
				if d == "*" || strings.HasPrefix(strings.ToLower(d), "azurecloud") {
					t.Errorf("%s allows %s: broader than any documented need", name, d)
				}
			}
			for k := 0; k < rcg.Len(rule+".protocols"); k++ {
				pr := rule + ".protocols[" + itoa(k) + "]"
				typ, port := rcg.String(pr+".protocolType"), int(rcg.Number(pr+".port"))
				if (typ != "Http" && typ != "Https") || port < 1 || port > 64000 {
					t.Errorf("%s: protocol %q port %d is not one Azure accepts", pr, typ, port)
				}
			}
			for _, d := range append(strs(rcg, rule+".targetFqdns"), strs(rcg, rule+".fqdnTags")...) {
				reach[d] = append(reach[d], src...)
			}
		}
	}
	for dest, want := range map[string]string{
		"AzureKubernetesService":                          "10.240.4.0/22",
		"westeurope.dp.kubernetesconfiguration.azure.com": "10.240.0.0/24",
		"arcmktplaceprod.westeurope.data.azurecr.io":      "10.240.0.0/24",
		"login.microsoftonline.com":                       mgmt,
		"management.azure.com":                            mgmt,
		"packages.microsoft.com":                          mgmt,
		"github.com":                                      mgmt,
	} {
		if !contains(reach[dest], want) {
			t.Errorf("%s is not allowed from %s (allowed from %v)", dest, want, reach[dest])
		}
	}

	// Bastion: Standard with tunneling, NSG with the required rules.
	bas := one(t, m, ":BastionHost", "hub-bastion")
	if bas.String("sku.name") != "Standard" || !bas.Bool("enableTunneling") {
		t.Errorf("bastion sku=%q tunneling=%v", bas.String("sku.name"), bas.Bool("enableTunneling"))
	}
	bnsg := one(t, m, ":NetworkSecurityGroup", "hub-bastion-nsg")
	for _, want := range []string{"AllowGatewayManagerInbound", "AllowAzureLoadBalancerInbound", "AllowBastionHostCommunication", "AllowAzureCloudOutbound", "AllowSshRdpOutbound"} {
		found := false
		for i := 0; i < bnsg.Len("securityRules"); i++ {
			if bnsg.String("securityRules["+itoa(i)+"].name") == want {
				found = true
			}
		}
		if !found {
			t.Errorf("bastion NSG lacks %s", want)
		}
	}
	// Management: SSH only from the Bastion subnet.
	mnsg := one(t, m, ":NetworkSecurityGroup", "hub-management-nsg")
	if mnsg.String("securityRules[0].sourceAddressPrefix") != "10.200.0.64/26" || mnsg.String("securityRules[0].destinationPortRange") != "22" {
		t.Errorf("management NSG first rule: %v", mnsg.Get("securityRules[0]"))
	}
	// Management egress through the firewall, whose IP the mock takes from its subnet.
	rt := one(t, m, ":RouteTable", "hub-management-rt")
	if got := rt.String("routes[0].nextHopIpAddress"); got != "10.200.0.4" {
		t.Errorf("management route next hop %q, want the firewall's 10.200.0.4", got)
	}
	if hub == nil || len(hub.EgressReady) != 2 {
		t.Fatal("hub must expose the firewall and its rules for clusters to wait on")
	}
}

func TestHubNetworkStandardSkuHasNoIDPS(t *testing.T) {
	m := run(t, func(ctx *pulumi.Context) error {
		a := hubArgs()
		a.Firewall.Sku, a.Bastion.Sku, a.GatewaySubnet, a.Protect = "Standard", "Basic", "10.200.0.224/27", false
		_, err := hubnetwork.NewHubNetwork(ctx, "hub", a)
		return err
	})
	pol := one(t, m, ":FirewallPolicy", "hub-fwpolicy")
	if pol.String("sku.tier") != "Standard" || !pol.Get("intrusionDetection").IsNull() {
		t.Errorf("standard policy: tier %q idps %v", pol.String("sku.tier"), pol.Get("intrusionDetection"))
	}
	if one(t, m, ":BastionHost", "hub-bastion").Bool("enableTunneling") {
		t.Error("Basic bastion cannot tunnel")
	}
	gw := one(t, m, ":Subnet", "hub-gateway-snet")
	if gw.String("subnetName") != "GatewaySubnet" || gw.String("networkSecurityGroup.id") != "" {
		t.Errorf("gateway subnet %q nsg %q", gw.String("subnetName"), gw.String("networkSecurityGroup.id"))
	}
	if one(t, m, ":AzureFirewall", "hub-fw").Protect {
		t.Error("protect false must not protect")
	}
}

func TestHubNetworkRejectsBadArgsBeforeRegistering(t *testing.T) {
	m, err := runErr(t, func(ctx *pulumi.Context) error {
		a := hubArgs()
		a.FirewallSubnet = "10.200.0.0/27" // too small
		a.BastionSubnet = "10.9.0.0/26"    // outside the VNet
		a.Firewall.Name = "-bad"
		_, err := hubnetwork.NewHubNetwork(ctx, "hub", a)
		return err
	})
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{"firewallSubnet: invalid value \"10.200.0.0/27\": AzureFirewallSubnet needs a /26 or larger", "bastionSubnet: invalid value \"10.9.0.0/26\": a prefix inside addressSpace (10.200.0.0/24)", "firewall.name", "3 problems"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	if n := len(m.Resources()); n != 0 {
		t.Errorf("%d resources registered despite invalid args", n)
	}
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}
