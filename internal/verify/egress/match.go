package egress

import (
	"strconv"
	"strings"
)

// fqdnMatches applies Azure Firewall's target FQDN wildcard rule
// (firewall-faq.md, "How do wildcards work in an application rule target
// FQDN?"): "*" matches every name; "*.contoso.com" matches any name below
// contoso.com but not contoso.com itself; "*contoso.com" (no dot) matches
// contoso.com and any name ending in it; anything else matches exactly.
// Names compare case-insensitively, as DNS does.
func fqdnMatches(pattern, fqdn string) bool {
	p := strings.ToLower(strings.TrimSpace(pattern))
	f := strings.ToLower(strings.TrimSuffix(strings.TrimSpace(fqdn), "."))
	if p == "" || f == "" {
		return false
	}
	if p == "*" {
		return true
	}
	if strings.HasPrefix(p, "*.") {
		suffix := p[1:] // ".contoso.com"
		return len(f) > len(suffix) && strings.HasSuffix(f, suffix)
	}
	if strings.HasPrefix(p, "*") {
		return strings.HasSuffix(f, p[1:])
	}
	return p == f
}

// portRange is an inclusive destination port range.
type portRange struct{ lo, hi int }

// parsePorts reads one destinationPorts entry: "*", "443" or "1000-2000"
// (policy-rule-sets.md, network rules take single ports, ranges or *).
func parsePorts(s string) (portRange, bool) {
	s = strings.TrimSpace(s)
	if s == "*" {
		return portRange{1, 65535}, true
	}
	lo, hi, isRange := strings.Cut(s, "-")
	a, err := strconv.Atoi(strings.TrimSpace(lo))
	if err != nil {
		return portRange{}, false
	}
	b := a
	if isRange {
		if b, err = strconv.Atoi(strings.TrimSpace(hi)); err != nil {
			return portRange{}, false
		}
	}
	if a < 1 || b > 65535 || b < a {
		return portRange{}, false
	}
	return portRange{a, b}, true
}

func (r portRange) has(p int) bool { return r.lo <= p && p <= r.hi }

// ipProtocolMatches: a network rule's ipProtocols are TCP, UDP, ICMP or Any
// (rule-processing.md, note under "Network rules and applications rules").
func ipProtocolMatches(ruleProto, flowProto string) bool {
	r := strings.ToUpper(strings.TrimSpace(ruleProto))
	return r == "ANY" || r == strings.ToUpper(flowProto)
}

var ipProtocols = map[string]bool{"TCP": true, "UDP": true, "ICMP": true, "ANY": true}

// appProtocols are the application rule protocol types of the pinned API
// version (Azure/azure-rest-api-specs specification/network/resource-manager
// /Microsoft.Network/stable/2024-05-01/firewallPolicy.json,
// FirewallPolicyRuleApplicationProtocolType: Http, Https, Mssql).
var appProtocols = map[string]string{"http": "Http", "https": "Https", "mssql": "Mssql"}
