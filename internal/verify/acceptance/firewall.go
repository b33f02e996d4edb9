package acceptance

const (
	docFWTier = "MicrosoftDocs/azure-docs articles/firewall/premium-migrate.md (a Premium firewall needs a Premium policy; the policy tier matches the firewall tier); " + specFirewall + "#/definitions/AzureFirewallSku"
	docIDPS   = "MicrosoftDocs/azure-docs articles/firewall/premium-features.md#idps (IDPS is an Azure Firewall Premium feature); " + specFWPolicy + "#/definitions/FirewallPolicyIntrusionDetection"
)

func init() {
	register(Rule{ID: "AZ-FW-TIER", Title: "the firewall and its policy have the same tier", Source: docFWTier, check: func(rn *run) {
		for _, fw := range rn.byType("network", "AzureFirewall") {
			tier, ok := str(fw, "sku.tier")
			if !ok {
				continue
			}
			id, ok := str(fw, "firewallPolicy.id")
			if !ok {
				continue
			}
			pol := rn.p.ByID(id)
			if pol == nil {
				continue
			}
			ptier, ok := str(pol, "sku.tier")
			if !ok {
				if present(pol, "sku.tier") {
					continue
				}
				ptier = "Standard" // FirewallPolicySku.tier defaults to Standard
			}
			rn.checked++
			if ptier != tier {
				rn.flag(fw, "sku.tier", "", "firewall tier %s with a %s policy (%s); the tiers must match", tier, ptier, pol.Name)
			}
		}
	}})
	register(Rule{ID: "AZ-FW-IDPS", Title: "intrusion detection (IDPS) only on a Premium policy", Source: docIDPS, check: func(rn *run) {
		for _, pol := range rn.byType("network", "FirewallPolicy") {
			mode, ok := str(pol, "intrusionDetection.mode")
			if !ok || mode == "Off" {
				continue
			}
			tier, ok := str(pol, "sku.tier")
			if !ok && present(pol, "sku.tier") {
				continue
			}
			rn.checked++
			if tier != "Premium" {
				if tier == "" {
					tier = "Standard (default)"
				}
				rn.flag(pol, "intrusionDetection.mode", "", "IDPS mode %s needs sku.tier Premium, have %s", mode, tier)
			}
		}
	}})
}
