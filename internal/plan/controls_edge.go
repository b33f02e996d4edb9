package plan

import (
	"strconv"
	"strings"

	"github.com/privateaks/privateaks/internal/mockengine"
)

// Sources of the edge controls.
const (
	srcJumpbox = srcSeed001 + "; MicrosoftDocs/entra-docs docs/identity/devices/howto-vm-sign-in-azure-ad-linux.md (AADSSHLoginForLinux)"
	srcAppGW   = srcSeed004 + "; MicrosoftDocs/azure-docs articles/web-application-firewall/ag/ag-overview.md (Prevention mode), articles/application-gateway/key-vault-certs.md"
	srcDNSPR   = srcSeed004 + "; MicrosoftDocs/azure-docs articles/dns/dns-private-resolver-overview.md (subnet restrictions)"
)

// checkJumpboxes: every scale set (the runners and jump boxes) has no
// public IP, signs people in with Entra ID, refuses passwords and encrypts
// at host. A stack without a scale set passes: the runners are opt-in.
func checkJumpboxes(v *View) []string {
	var f []string
	for _, s := range v.of("VirtualMachineScaleSet") {
		p := "virtualMachineProfile."
		var g []string
		for i := range arr(s, p+"networkProfile.networkInterfaceConfigurations") {
			nic := p + "networkProfile.networkInterfaceConfigurations[" + strconv.Itoa(i) + "]"
			for j := range arr(s, nic+".ipConfigurations") {
				g = append(g, want(s.Get(nic+".ipConfigurations["+strconv.Itoa(j)+"].publicIPAddressConfiguration").IsNull(), "NIC %d IP configuration %d gets a public IP", i, j)...)
			}
		}
		g = append(g, want(s.Bool(p+"osProfile.linuxConfiguration.disablePasswordAuthentication"), "password authentication is on")...)
		g = append(g, want(s.Bool(p+"securityProfile.encryptionAtHost"), "encryption at host is off")...)
		entra := false
		for i := range arr(s, p+"extensionProfile.extensions") {
			e := p + "extensionProfile.extensions[" + strconv.Itoa(i) + "]"
			entra = entra || (s.String(e+".publisher") == "Microsoft.Azure.ActiveDirectory" && s.String(e+".type") == "AADSSHLoginForLinux")
		}
		g = append(g, want(entra, "no AADSSHLoginForLinux extension (Entra ID login)")...)
		for _, x := range g {
			f = append(f, s.Name+": "+x)
		}
	}
	return f
}

// checkAppGateways: every Application Gateway is WAF_v2 with a WAF policy
// in Prevention mode that runs a managed rule set, serves HTTPS with
// certificates referenced from Key Vault (none embedded), and redirects
// every HTTP listener.
func checkAppGateways(v *View) []string {
	var f []string
	for _, gw := range v.of("ApplicationGateway") {
		var g []string
		g = append(g, want(gw.String("sku.tier") == "WAF_v2", "sku tier %q, want WAF_v2", gw.String("sku.tier"))...)
		pol := v.byID(gw.String("firewallPolicy.id"))
		switch {
		case pol == nil:
			g = append(g, "no planned WAF policy attached")
		default:
			g = append(g, want(pol.String("policySettings.state") == "Enabled" && pol.String("policySettings.mode") == "Prevention",
				"WAF policy %s is %s/%s, want Enabled/Prevention", pol.Name, pol.String("policySettings.state"), pol.String("policySettings.mode"))...)
			g = append(g, want(len(arr(pol, "managedRules.managedRuleSets")) > 0, "WAF policy %s has no managed rule set", pol.Name)...)
		}
		for i := range arr(gw, "sslCertificates") {
			c := "sslCertificates[" + strconv.Itoa(i) + "]"
			g = append(g, want(strings.HasPrefix(gw.String(c+".keyVaultSecretId"), "https://") && gw.Get(c+".data").IsNull(),
				"certificate %s is not a Key Vault reference", gw.String(c+".name"))...)
		}
		redirected := map[string]bool{}
		for i := range arr(gw, "requestRoutingRules") {
			r := "requestRoutingRules[" + strconv.Itoa(i) + "]"
			if gw.String(r+".redirectConfiguration.id") != "" {
				redirected[lastSegment(gw.String(r+".httpListener.id"))] = true
			}
		}
		for i := range arr(gw, "httpListeners") {
			l := "httpListeners[" + strconv.Itoa(i) + "]"
			if strings.EqualFold(gw.String(l+".protocol"), "Http") {
				g = append(g, want(redirected[gw.String(l+".name")], "HTTP listener %s is not redirected to HTTPS", gw.String(l+".name"))...)
			}
		}
		for _, x := range g {
			f = append(f, gw.Name+": "+x)
		}
	}
	return f
}

// checkResolvers: each resolver endpoint sits on a subnet delegated to
// Microsoft.Network/dnsResolvers.
func checkResolvers(v *View) []string {
	var f []string
	check := func(ep *mockengine.Resource, subnetID string) {
		s := v.byID(subnetID)
		if s == nil {
			f = append(f, ep.Name+": subnet "+subnetID+" is not planned")
			return
		}
		f = append(f, want(s.String("delegations[0].serviceName") == "Microsoft.Network/dnsResolvers" && len(arr(s, "delegations")) == 1,
			"%s: subnet %s is not delegated to Microsoft.Network/dnsResolvers alone", ep.Name, s.String("subnetName"))...)
	}
	for _, ep := range v.of("InboundEndpoint") {
		check(ep, ep.String("ipConfigurations[0].subnet.id"))
	}
	for _, ep := range v.of("OutboundEndpoint") {
		check(ep, ep.String("subnet.id"))
	}
	return f
}

func arr(r *mockengine.Resource, path string) []struct{} {
	v := mockengine.Unsecret(r.Get(path))
	if !v.IsArray() {
		return nil
	}
	return make([]struct{}, len(v.ArrayValue()))
}

func lastSegment(id string) string { return id[strings.LastIndex(id, "/")+1:] }
