package acceptance

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/privateaks/privateaks/internal/mockengine"
)

const (
	specNSG   = "azure-rest-api-specs specification/network/resource-manager/Microsoft.Network/stable/2024-05-01/networkSecurityGroup.json"
	specRoute = "azure-rest-api-specs specification/network/resource-manager/Microsoft.Network/stable/2024-05-01/routeTable.json"
	// Priorities are unique per direction: Azure evaluates inbound and
	// outbound rules separately, and the Bastion NSG the docs prescribe
	// reuses the same priorities in both directions.
	docNSGPriority = specNSG + "#/definitions/SecurityRulePropertiesFormat.priority ('between 100 and 4096 ... unique for each rule in the collection'); MicrosoftDocs/azure-docs articles/bastion/bastion-nsg.md (same priorities inbound and outbound)"
)

// portRange reports whether s is "*", a port, or "lo-hi" within 0..65535
// (SecurityRulePropertiesFormat: "Integer or range between 0 and 65535.
// Asterisk '*' can also be used to match all ports.").
func portRange(s string) bool {
	if s == "*" {
		return true
	}
	lo, hi, isRange := strings.Cut(s, "-")
	a, err1 := strconv.Atoi(lo)
	b := a
	var err2 error
	if isRange {
		b, err2 = strconv.Atoi(hi)
	}
	return err1 == nil && err2 == nil && a >= 0 && b <= 65535 && a <= b
}

func init() {
	register(Rule{ID: "AZ-NSG-RULES", Title: "NSG security rules: required properties, enums, priority 100..4096 unique per direction, port ranges", Source: specNSG + "#/definitions/SecurityRulePropertiesFormat", check: func(rn *run) {
		for _, nsg := range rn.byType("network", "NetworkSecurityGroup") {
			n := length(nsg, "securityRules")
			seen := map[string]string{}
			for i := 0; i < n; i++ {
				at := fmt.Sprintf("securityRules[%d].", i)
				for _, req := range []string{"protocol", "access", "priority", "direction"} {
					if !present(nsg, at+req) {
						rn.checked++
						rn.flag(nsg, at+req, def(specNSG, "SecurityRulePropertiesFormat")+".required", "required (protocol, access, priority, direction)")
					}
				}
				rn.enumAt(nsg, at+"protocol", def(specNSG, "SecurityRulePropertiesFormat")+".protocol", "Tcp", "Udp", "Icmp", "Esp", "*", "Ah")
				rn.enumAt(nsg, at+"access", def(specNSG, "SecurityRuleAccess"), "Allow", "Deny")
				rn.enumAt(nsg, at+"direction", def(specNSG, "SecurityRuleDirection"), "Inbound", "Outbound")
				if p, ok := num(nsg, at+"priority"); ok {
					rn.checked++
					if p < 100 || p > 4096 || p != float64(int(p)) {
						rn.flag(nsg, at+"priority", docNSGPriority, "priority %v; allowed 100..4096", p)
					}
					if dir, ok := str(nsg, at+"direction"); ok {
						key := fmt.Sprintf("%s/%v", dir, p)
						if other, dup := seen[key]; dup {
							rn.flag(nsg, at+"priority", docNSGPriority, "priority %v is also used by %s (%s)", p, other, dir)
						}
						name, _ := str(nsg, at+"name")
						seen[key] = name
					}
				}
				for _, f := range []string{"sourcePortRange", "destinationPortRange"} {
					if v, ok := str(nsg, at+f); ok {
						rn.checked++
						if !portRange(v) {
							rn.flag(nsg, at+f, def(specNSG, "SecurityRulePropertiesFormat")+"."+f, "%q is not '*', a port or a range within 0..65535", v)
						}
					}
				}
				for _, f := range []string{"sourcePortRanges", "destinationPortRanges"} {
					vs, _ := strs(nsg, at+f)
					for k, v := range vs {
						rn.checked++
						if !portRange(v) {
							rn.flag(nsg, fmt.Sprintf("%s%s[%d]", at, f, k), def(specNSG, "SecurityRulePropertiesFormat")+"."+f, "%q is not '*', a port or a range within 0..65535", v)
						}
					}
				}
			}
		}
	}})
	register(Rule{ID: "AZ-ROUTES", Title: "routes: a next hop type from the enum; an IP next hop only (and always) for VirtualAppliance", Source: specRoute + "#/definitions/RoutePropertiesFormat", check: func(rn *run) {
		for _, rt := range rn.byType("network", "RouteTable") {
			n := length(rt, "routes")
			for i := 0; i < n; i++ {
				rn.route(rt, fmt.Sprintf("routes[%d].", i))
			}
		}
	}})
}

func (rn *run) route(rt *mockengine.Resource, at string) {
	hop, ok := str(rt, at+"nextHopType")
	if !ok {
		if !present(rt, at+"nextHopType") {
			rn.checked++
			rn.flag(rt, at+"nextHopType", def(specRoute, "RoutePropertiesFormat")+".required", "nextHopType is required")
		}
		return
	}
	rn.enumAt(rt, at+"nextHopType", def(specRoute, "RouteNextHopType"), "VirtualNetworkGateway", "VnetLocal", "Internet", "VirtualAppliance", "None")
	ip, st := lookup(rt, at+"nextHopIpAddress")
	if st == unknown {
		return
	}
	rn.checked++
	switch {
	case hop == "VirtualAppliance" && st == absent:
		rn.flag(rt, at+"nextHopIpAddress", def(specRoute, "RoutePropertiesFormat")+".nextHopIpAddress", "a VirtualAppliance route needs the appliance's IP address")
	case hop != "VirtualAppliance" && st == known:
		rn.flag(rt, at+"nextHopIpAddress", def(specRoute, "RoutePropertiesFormat")+".nextHopIpAddress", "next hop values are only allowed in routes whose next hop type is VirtualAppliance (this one is %s)", hop)
	case st == known && ip.IsString():
		if _, err := netip.ParseAddr(ip.StringValue()); err != nil {
			rn.flag(rt, at+"nextHopIpAddress", def(specRoute, "RoutePropertiesFormat")+".nextHopIpAddress", "%q is not an IP address", ip.StringValue())
		}
	}
	if p, ok := str(rt, at+"addressPrefix"); ok {
		if _, err := netip.ParsePrefix(p); err != nil && !isServiceTag(p) {
			rn.flag(rt, at+"addressPrefix", def(specRoute, "RoutePropertiesFormat")+".addressPrefix", "%q is not a CIDR (the destination CIDR to which the route applies)", p)
		}
	}
}

// isServiceTag: route address prefixes may also be service tags
// (MicrosoftDocs/azure-docs virtual-network/virtual-networks-udr-overview.md
// "Service tags for user-defined routes").
func isServiceTag(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !(c == '.' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return s[0] >= 'A' && s[0] <= 'Z'
}

// enumAt checks one enum value at path.
func (rn *run) enumAt(r *mockengine.Resource, path, source string, allowed ...string) {
	v, ok := str(r, path)
	if !ok {
		return
	}
	rn.checked++
	if !contains(allowed, v) {
		rn.flag(r, path, source, "%q is not a value of this enum; allowed: %s", v, strings.Join(allowed, ", "))
	}
}
