// Package resolverspec is the spec of the hub's DNS Private Resolver: its
// name, its endpoints' subnets and the forwarding rules a user configures,
// their limits and their validation, written once for the stack config
// (hub.dnsResolver) and the dnsresolver component. It imports neither
// Pulumi nor the Azure SDK.
package resolverspec

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/fielderr"
)

// Limits of DNS Private Resolver (MicrosoftDocs/azure-docs articles/dns/
// dns-private-resolver-overview.md: "Subnet restrictions" /28 to /24;
// "Rules": up to 6 target DNS servers per rule).
const (
	MinSubnetBits    = 28
	MaxSubnetBits    = 24
	MaxTargetServers = 6
)

// ForwardingRule sends queries under Domain to TargetDNSServers.
type ForwardingRule struct {
	// Domain such as "corp.contoso.com" (the trailing dot the API wants is
	// added).
	Domain string `json:"domain"`
	// TargetDNSServers are "ip" or "ip:port" (port 53 by default; 1 to 6).
	TargetDNSServers []string `json:"targetDnsServers"`
}

// FQDN returns the domain with the trailing dot forwarding rules take.
func (r ForwardingRule) FQDN() string {
	return strings.TrimSuffix(strings.ToLower(r.Domain), ".") + "."
}

// Target is one parsed target server.
type Target struct {
	IP   string
	Port int
}

// ParseTarget reads "10.1.0.4" or "10.1.0.4:5353".
func ParseTarget(s string) (Target, error) {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		if !ap.Addr().Is4() || ap.Port() == 0 {
			return Target{}, fmt.Errorf("an IPv4 address with a port 1-65535")
		}
		return Target{IP: ap.Addr().String(), Port: int(ap.Port())}, nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil || !a.Is4() {
		return Target{}, fmt.Errorf("an IPv4 address, optionally with :port (e.g. \"10.10.0.4\" or \"10.10.0.4:53\")")
	}
	return Target{IP: a.String(), Port: 53}, nil
}

// ValidateForwarding returns every problem of the rules, under path
// ("forwarding[i]" below it).
func ValidateForwarding(rules []ForwardingRule, path string) []error {
	var errs []error
	seen := map[string]bool{}
	for i, r := range rules {
		p := fmt.Sprintf("%s[%d]", path, i)
		d := strings.TrimSuffix(strings.ToLower(r.Domain), ".")
		switch {
		case !azname.IsDNSName(r.Domain, azname.DNSForm{TrailingDot: true, AnyCase: true}):
			errs = append(errs, fielderr.New(p+".domain", r.Domain, "a DNS domain such as \"corp.contoso.com\""))
		case seen[r.FQDN()]:
			errs = append(errs, fielderr.New(p+".domain", r.Domain, "a domain no other rule forwards"))
		case strings.HasPrefix(d, "privatelink.") || strings.Contains(d, ".privatelink."):
			errs = append(errs, fielderr.New(p+".domain", r.Domain, "an on-premises domain: privatelink zones resolve in Azure (private DNS zones), forwarding them away breaks private endpoints"))
		}
		seen[r.FQDN()] = true
		if len(r.TargetDNSServers) == 0 || len(r.TargetDNSServers) > MaxTargetServers {
			errs = append(errs, fielderr.New(p+".targetDnsServers", r.TargetDNSServers, "1 to %d target DNS servers", MaxTargetServers))
		}
		for j, s := range r.TargetDNSServers {
			if _, err := ParseTarget(s); err != nil {
				errs = append(errs, fielderr.New(fmt.Sprintf("%s.targetDnsServers[%d]", p, j), s, "%v", err))
			}
		}
	}
	return errs
}
