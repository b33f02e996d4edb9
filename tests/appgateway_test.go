package tests

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/components/appgateway"
	"github.com/privateaks/privateaks/components/appgateway/gatewayspec"
)

const agwSub = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-blue/providers"

func gatewayArgs() *appgateway.GatewayArgs {
	two := 2
	return &appgateway.GatewayArgs{
		ResourceGroupName: pulumi.String("rg-blue"),
		Location:          "westeurope",
		Placement: gatewayspec.Placement{
			Name:      "agw-blue",
			Subnet:    "10.241.252.0/24",
			PrivateIP: "10.241.252.10",
			BackendIP: "10.241.251.4",
		},
		VnetName:         pulumi.String("vnet-blue"),
		VnetAddressSpace: "10.241.0.0/16",
		IngressSubnet:    "10.241.251.0/28",
		KeyVaultID:       pulumi.String(agwSub + "/Microsoft.KeyVault/vaults/kv-blue"),
		KeyVaultName:     "kv-blue",
		WorkspaceID:      pulumi.String(agwSub + "/Microsoft.OperationalInsights/workspaces/log-blue"),
		Gateway: gatewayspec.Gateway{
			Zones:       []string{"1", "2", "3"},
			MinCapacity: &two,
			Listeners: map[string]appgateway.Listener{
				"shop":  {Hostname: "shop.contoso.com", CertificateSecretName: "shop-cert", Public: true},
				"admin": {Hostname: "admin.internal.contoso.com", CertificateSecretName: "admin-cert"},
			},
		},
	}
}

// The gateway against the network 2024-05-01 applicationGateway.json and
// webapplicationfirewall.json (Azure/azure-rest-api-specs specification/
// network/resource-manager/Microsoft.Network/stable/2024-05-01) and the
// Application Gateway docs named per check.
func TestAppGatewayFrontendsWAFAndCertificates(t *testing.T) {
	m := run(t, func(ctx *pulumi.Context) error {
		_, err := appgateway.NewGateway(ctx, "appgw", gatewayArgs())
		return err
	})
	gw := one(t, m, ":ApplicationGateway", "appgw")
	if gw.String("sku.name") != "WAF_v2" || gw.String("sku.tier") != "WAF_v2" {
		t.Errorf("sku %s/%s, want WAF_v2", gw.String("sku.name"), gw.String("sku.tier"))
	}
	if v := gw.Get("autoscaleConfiguration.minCapacity"); !v.IsNumber() || v.NumberValue() != 2 {
		t.Errorf("autoscale min %v", v)
	}
	if v := gw.Get("sku.capacity"); !v.IsNull() {
		t.Errorf("sku.capacity %v set next to autoscaling", v)
	}
	if z := strs(gw, "zones"); len(z) != 3 {
		t.Errorf("zones %v", z)
	}
	// One public and one private frontend.
	var public, private string
	for i := 0; i < 2; i++ {
		p := "frontendIPConfigurations[" + itoa(i) + "]"
		if gw.String(p+".publicIPAddress.id") != "" {
			public = gw.String(p + ".name")
		}
		if gw.String(p+".privateIPAddress") == "10.241.252.10" && gw.String(p+".privateIPAllocationMethod") == "Static" {
			private = gw.String(p + ".name")
		}
	}
	if public == "" || private == "" {
		t.Fatalf("frontends public=%q private=%q, want both", public, private)
	}
	// Listeners choose their frontend; HTTPS ones carry a Key Vault secret
	// reference, HTTP ones are redirected to their HTTPS listener.
	byName := map[string]int{}
	for i := range gw.Get("httpListeners").ArrayValue() {
		byName[gw.String("httpListeners["+itoa(i)+"].name")] = i
	}
	check := func(name, frontend, protocol string) {
		i, ok := byName[name]
		if !ok {
			t.Fatalf("no listener %s (have %v)", name, byName)
		}
		p := "httpListeners[" + itoa(i) + "]"
		if !strings.HasSuffix(gw.String(p+".frontendIPConfiguration.id"), "/frontendIPConfigurations/"+frontend) || gw.String(p+".protocol") != protocol {
			t.Errorf("%s on %s over %s, want %s over %s", name, gw.String(p+".frontendIPConfiguration.id"), gw.String(p+".protocol"), frontend, protocol)
		}
	}
	check("https-shop", public, "Https")
	check("http-shop", public, "Http")
	check("https-admin", private, "Https")
	check("http-admin", private, "Http")
	certs := map[string]string{}
	for i := range gw.Get("sslCertificates").ArrayValue() {
		p := "sslCertificates[" + itoa(i) + "]"
		if d := gw.Get(p + ".data"); !d.IsNull() {
			t.Errorf("%s embeds certificate data; want a Key Vault reference", p)
		}
		certs[gw.String(p+".name")] = gw.String(p + ".keyVaultSecretId")
	}
	if certs["cert-shop"] != "https://kv-blue.vault.azure.net/secrets/shop-cert" || certs["cert-admin"] != "https://kv-blue.vault.azure.net/secrets/admin-cert" {
		t.Errorf("certificate references %v", certs)
	}
	for i := range gw.Get("redirectConfigurations").ArrayValue() {
		p := "redirectConfigurations[" + itoa(i) + "]"
		if gw.String(p+".redirectType") != "Permanent" || !strings.Contains(gw.String(p+".targetListener.id"), "/httpListeners/https-") {
			t.Errorf("%s: %s to %s", p, gw.String(p+".redirectType"), gw.String(p+".targetListener.id"))
		}
	}
	if got := gw.String("backendAddressPools[0].backendAddresses[0].ipAddress"); got != "10.241.251.4" {
		t.Errorf("backend %q, want the ingress load balancer", got)
	}
	if gw.String("probes[0].protocol") != "Https" || gw.String("probes[0].path") != "/healthz" {
		t.Errorf("probe %s %s", gw.String("probes[0].protocol"), gw.String("probes[0].path"))
	}
	// v2 routing rules need distinct priorities.
	prios := map[float64]bool{}
	for i := range gw.Get("requestRoutingRules").ArrayValue() {
		v := gw.Get("requestRoutingRules[" + itoa(i) + "].priority")
		if !v.IsNumber() || prios[v.NumberValue()] || v.NumberValue() < 1 || v.NumberValue() > 20000 {
			t.Errorf("rule %d priority %v", i, v)
		}
		prios[v.NumberValue()] = true
	}
	// The certificates are read through a user-assigned identity with Key
	// Vault Secrets User on the vault (key-vault-certs.md; security.md).
	if gw.String("identity.type") != "UserAssigned" || len(strs(gw, "identity.userAssignedIdentities")) != 1 {
		t.Errorf("identity %s %v", gw.String("identity.type"), strs(gw, "identity.userAssignedIdentities"))
	}
	ra := m.ByTypeSuffix(":RoleAssignment")
	if len(ra) != 1 || !strings.HasSuffix(ra[0].String("roleDefinitionId"), "/4633458b-17de-408a-b874-0445c86b69e6") || !strings.HasSuffix(ra[0].String("scope"), "/vaults/kv-blue") {
		t.Errorf("want one Key Vault Secrets User on the vault, got %d", len(ra))
	}
	// WAF policy: enabled, Prevention, a current managed rule set.
	waf := one(t, m, ":WebApplicationFirewallPolicy", "appgw-waf")
	if gw.String("firewallPolicy.id") != waf.ID {
		t.Errorf("gateway policy %s, want %s", gw.String("firewallPolicy.id"), waf.ID)
	}
	if waf.String("policySettings.mode") != "Prevention" || waf.String("policySettings.state") != "Enabled" {
		t.Errorf("WAF %s/%s", waf.String("policySettings.state"), waf.String("policySettings.mode"))
	}
	if waf.String("managedRules.managedRuleSets[0].ruleSetType") != "Microsoft_DefaultRuleSet" || waf.String("managedRules.managedRuleSets[0].ruleSetVersion") != "2.1" {
		t.Errorf("rule set %s %s", waf.String("managedRules.managedRuleSets[0].ruleSetType"), waf.String("managedRules.managedRuleSets[0].ruleSetVersion"))
	}
	// The subnet: its own, with the v2 infrastructure NSG rules and no
	// route table (configuration-infrastructure.md).
	sn := one(t, m, ":Subnet", "appgw-snet")
	if !sn.Get("routeTable").IsNull() {
		t.Errorf("gateway subnet has a route table")
	}
	nsg := one(t, m, ":NetworkSecurityGroup", "appgw-nsg")
	var gwm, alb bool
	for i := range nsg.Get("securityRules").ArrayValue() {
		p := "securityRules[" + itoa(i) + "]"
		if nsg.String(p+".sourceAddressPrefix") == "GatewayManager" && nsg.String(p+".destinationPortRange") == "65200-65535" && nsg.String(p+".access") == "Allow" && nsg.String(p+".direction") == "Inbound" {
			gwm = true
		}
		if nsg.String(p+".sourceAddressPrefix") == "AzureLoadBalancer" && nsg.String(p+".access") == "Allow" {
			alb = true
		}
	}
	if !gwm || !alb {
		t.Errorf("NSG lacks GatewayManager 65200-65535 (%v) or AzureLoadBalancer (%v) inbound", gwm, alb)
	}
	diag := one(t, m, ":DiagnosticSetting", "appgw-diagnostics")
	if diag.String("resourceUri") != gw.ID || !strings.HasSuffix(diag.String("workspaceId"), "/workspaces/log-blue") {
		t.Errorf("diagnostics on %s to %s", diag.String("resourceUri"), diag.String("workspaceId"))
	}
}

func TestAppGatewayRefusesBadArgs(t *testing.T) {
	a := gatewayArgs()
	a.Subnet = "10.241.252.0/27"
	a.PrivateIP = "10.241.252.1"
	a.MaxCapacity = 200
	a.WAFMode = "Off"
	a.Listeners["bad"] = appgateway.Listener{Hostname: "Shop", CertificateSecretName: "x_y"}
	m, err := runErr(t, func(ctx *pulumi.Context) error { _, err := appgateway.NewGateway(ctx, "appgw", a); return err })
	if err == nil {
		t.Fatal("accepted")
	}
	for _, want := range []string{"subnet: invalid value \"10.241.252.0/27\": Application Gateway v2 needs a /26 or larger", "privateIp:", "maxCapacity: invalid value 200", "wafMode:", "listeners.bad.hostname", "listeners.bad.certificateSecretName"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if m != nil && len(m.Resources()) != 0 {
		t.Errorf("%d resources registered", len(m.Resources()))
	}
}
