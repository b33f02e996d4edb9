package acceptance

import (
	"fmt"
	"strings"

	"github.com/privateaks/privateaks/internal/mockengine"
)

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

// fwName is the firewallPolicyName / ruleCollectionGroupName pattern of
// firewallPolicy.json, ^[^_\W][\w-._]{0,79}(?<![-.])$, spelled out because
// Go's regexp has no look-behind: a letter or digit, then up to 79 word
// characters, '-', '.' or '_', not ending in '-' or '.'.
func fwName(s string) bool {
	if s == "" || len(s) > 80 {
		return false
	}
	for i, c := range s {
		word := c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if i == 0 && (!word || c == '_') {
			return false
		}
		if !word && c != '-' && c != '.' {
			return false
		}
	}
	last := s[len(s)-1]
	return last != '-' && last != '.'
}

func init() {
	register(Rule{ID: "AZ-FW-RULES", Title: "rule collection groups: priorities, collection and rule types, actions, protocols and ports as firewallPolicy.json allows", Source: specFWPolicy, check: func(rn *run) {
		for _, pol := range rn.byType("network", "FirewallPolicy") {
			if n, ok := str(pol, "firewallPolicyName"); ok {
				rn.checked++
				if !fwName(n) {
					rn.flag(pol, "firewallPolicyName", specFWPolicy+" (path parameter firewallPolicyName)", "%q does not match ^[^_\\W][\\w-._]{0,79}(?<![-.])$", n)
				}
			}
		}
		for _, g := range rn.byType("network", "FirewallPolicyRuleCollectionGroup") {
			if n, ok := str(g, "ruleCollectionGroupName"); ok {
				rn.checked++
				if !fwName(n) {
					rn.flag(g, "ruleCollectionGroupName", specFWPolicy+" (path parameter ruleCollectionGroupName)", "%q does not match ^[^_\\W][\\w-._]{0,79}(?<![-.])$", n)
				}
			}
			rn.priority(g, "priority", def(specFWPolicy, "FirewallPolicyRuleCollectionGroupProperties")+".priority")
			nc := length(g, "ruleCollections")
			for i := 0; i < nc; i++ {
				c := fmt.Sprintf("ruleCollections[%d].", i)
				rn.priority(g, c+"priority", def(specFWPolicy, "FirewallPolicyRuleCollection")+".priority")
				ctype, ok := str(g, c+"ruleCollectionType")
				if !ok {
					if !present(g, c+"ruleCollectionType") {
						rn.checked++
						rn.flag(g, c+"ruleCollectionType", def(specFWPolicy, "FirewallPolicyRuleCollection")+".required", "ruleCollectionType is required")
					}
					continue
				}
				rn.checked++
				actions := map[string][]string{
					"FirewallPolicyFilterRuleCollection": {"Allow", "Deny"},
					"FirewallPolicyNatRuleCollection":    {"DNAT"},
				}
				allowed, known := actions[ctype]
				if !known {
					rn.flag(g, c+"ruleCollectionType", def(specFWPolicy, "FirewallPolicyRuleCollection")+".ruleCollectionType", "%q; allowed: FirewallPolicyNatRuleCollection, FirewallPolicyFilterRuleCollection", ctype)
					continue
				}
				if a, ok := str(g, c+"action.type"); ok {
					rn.checked++
					if !contains(allowed, a) {
						actionDef := "FirewallPolicyFilterRuleCollectionActionType"
						if ctype == "FirewallPolicyNatRuleCollection" {
							actionDef = "FirewallPolicyNatRuleCollectionActionType"
						}
						rn.flag(g, c+"action.type", def(specFWPolicy, actionDef), "action %q in a %s; allowed: %s", a, ctype, strings.Join(allowed, ", "))
					}
				}
				nr := length(g, c+"rules")
				for j := 0; j < nr; j++ {
					rn.fwRule(g, fmt.Sprintf("%srules[%d].", c, j))
				}
			}
		}
	}})
}

// priority checks a 100..65000 priority (both group and collection).
func (rn *run) priority(r *mockengine.Resource, path, source string) {
	v, ok := num(r, path)
	if !ok {
		return
	}
	rn.checked++
	if v < 100 || v > 65000 || v != float64(int(v)) {
		rn.flag(r, path, source, "priority %v; allowed 100..65000", v)
	}
}

// fwRule checks one rule of a collection: its ruleType, and per type the
// application protocols or network protocols.
func (rn *run) fwRule(g *mockengine.Resource, at string) {
	rt, ok := str(g, at+"ruleType")
	if !ok {
		if !present(g, at+"ruleType") {
			rn.checked++
			rn.flag(g, at+"ruleType", def(specFWPolicy, "FirewallPolicyRule")+".required", "ruleType is required")
		}
		return
	}
	rn.checked++
	switch rt {
	case "ApplicationRule":
		np := length(g, at+"protocols")
		for k := 0; k < np; k++ {
			pp := fmt.Sprintf("%sprotocols[%d].", at, k)
			if t, ok := str(g, pp+"protocolType"); ok || !present(g, pp+"protocolType") {
				rn.checked++
				if !contains([]string{"Http", "Https"}, t) {
					rn.flag(g, pp+"protocolType", def(specFWPolicy, "FirewallPolicyRuleApplicationProtocolType"), "protocol type %q; allowed: Http, Https", t)
				}
			}
			if port, ok := num(g, pp+"port"); ok {
				rn.checked++
				if port < 0 || port > 64000 || port != float64(int(port)) {
					rn.flag(g, pp+"port", def(specFWPolicy, "FirewallPolicyRuleApplicationProtocol")+".port", "port %v; allowed 0..64000", port)
				}
			}
		}
	case "NetworkRule", "NatRule":
		protos, ok := strs(g, at+"ipProtocols")
		if !ok {
			return
		}
		for k, p := range protos {
			rn.checked++
			if !contains([]string{"TCP", "UDP", "Any", "ICMP"}, p) {
				rn.flag(g, fmt.Sprintf("%sipProtocols[%d]", at, k), def(specFWPolicy, "FirewallPolicyRuleNetworkProtocol"), "protocol %q; allowed: TCP, UDP, Any, ICMP", p)
			}
		}
	default:
		rn.flag(g, at+"ruleType", def(specFWPolicy, "FirewallPolicyRule")+".ruleType", "%q; allowed: ApplicationRule, NetworkRule, NatRule", rt)
	}
}
