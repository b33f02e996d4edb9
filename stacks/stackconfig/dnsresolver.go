package stackconfig

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/privateaks/privateaks/internal/azname"
)

// DNSResolver is hybrid DNS in the hub (hub.dnsResolver): an Azure DNS
// Private Resolver whose inbound endpoint on-premises DNS servers forward
// the privatelink zones to, and, with forwarding rules, an outbound
// endpoint and ruleset that send on-premises domains to on-premises DNS
// servers from the hub and every spoke.
type DNSResolver struct {
	// Enabled creates the resolver (default false).
	Enabled bool `json:"enabled,omitempty"`
	// Name (default "dnspr-<prefix>-hub").
	Name string `json:"name,omitempty"`
	// InboundSubnet and OutboundSubnet, each /28 to /24 inside the hub
	// (defaults: the hub's .160/28 and .176/28).
	InboundSubnet  string `json:"inboundSubnet,omitempty"`
	OutboundSubnet string `json:"outboundSubnet,omitempty"`
	// Forwarding rules for on-premises domains (none: no outbound endpoint).
	Forwarding []DNSForwardingRule `json:"forwarding,omitempty"`
}

// DNSForwardingRule forwards one domain to on-premises DNS servers.
type DNSForwardingRule struct {
	// Domain such as "corp.contoso.com".
	Domain string `json:"domain"`
	// TargetDNSServers are "ip" or "ip:port" (1 to 6).
	TargetDNSServers []string `json:"targetDnsServers"`
}

// Limits of DNS Private Resolver (MicrosoftDocs/azure-docs articles/dns/
// dns-private-resolver-overview.md: "Subnet restrictions" /28 to /24;
// "Rules": up to 6 target DNS servers per rule).
const (
	ResolverMinSubnetBits = 28
	ResolverMaxSubnetBits = 24
	ResolverMaxTargets    = 6
)

func resolverDefaults(r DNSResolver, hubSpace, prefix string) DNSResolver {
	if !r.Enabled {
		return r
	}
	setDefault(&r.Name, fmt.Sprintf("dnspr-%s-hub", prefix))
	if p, err := netip.ParsePrefix(hubSpace); err == nil && p.Bits() <= 24 && p.Addr().Is4() {
		setDefault(&r.InboundSubnet, carve(p.Masked(), 160, 28))
		setDefault(&r.OutboundSubnet, carve(p.Masked(), 176, 28))
	}
	return r
}

// resolverSubnets are the resolver's hub subnets for the hub's size,
// containment and overlap checks.
func resolverSubnets(r DNSResolver) []subnetSpec {
	if !r.Enabled {
		return nil
	}
	out := []subnetSpec{{"dnsResolver.inboundSubnet", r.InboundSubnet, ResolverMinSubnetBits, "the resolver's inbound endpoint"}}
	if len(r.Forwarding) > 0 {
		out = append(out, subnetSpec{"dnsResolver.outboundSubnet", r.OutboundSubnet, ResolverMinSubnetBits, "the resolver's outbound endpoint"})
	}
	return out
}

func validateResolver(c Config) []error {
	r := c.Hub.DNSResolver
	path := "hub.dnsResolver"
	if !r.Enabled {
		if len(r.Forwarding) > 0 {
			return []error{fieldErr(join(path, "enabled"), false, "true when forwarding rules are set")}
		}
		return nil
	}
	errs := checkName(azname.NetworkGeneric, r.Name, join(path, "name"))
	for _, s := range resolverSubnets(r) {
		if p, err := netip.ParsePrefix(s.value); err == nil && p.Bits() < ResolverMaxSubnetBits {
			errs = append(errs, fieldErr("hub."+s.key, s.value, "a /%d to /%d: a resolver endpoint subnet is at most a /%d", ResolverMinSubnetBits, ResolverMaxSubnetBits, ResolverMaxSubnetBits))
		}
	}
	seen := map[string]bool{}
	for i, f := range r.Forwarding {
		p := fmt.Sprintf("%s.forwarding[%d]", path, i)
		d := strings.TrimSuffix(f.Domain, ".")
		switch {
		case !isFQDN(d, false):
			errs = append(errs, fieldErr(p+".domain", f.Domain, "a lowercase DNS domain such as \"corp.contoso.com\""))
		case seen[d]:
			errs = append(errs, fieldErr(p+".domain", f.Domain, "a domain no other rule forwards"))
		case strings.HasPrefix(d, "privatelink.") || strings.Contains(d, ".privatelink."):
			errs = append(errs, fieldErr(p+".domain", f.Domain, "an on-premises domain: privatelink zones resolve in Azure (private DNS zones), forwarding them away breaks private endpoints"))
		}
		seen[d] = true
		if len(f.TargetDNSServers) == 0 || len(f.TargetDNSServers) > ResolverMaxTargets {
			errs = append(errs, fieldErr(p+".targetDnsServers", f.TargetDNSServers, "1 to %d target DNS servers", ResolverMaxTargets))
		}
		for j, t := range f.TargetDNSServers {
			if !isTargetServer(t) {
				errs = append(errs, fieldErr(fmt.Sprintf("%s.targetDnsServers[%d]", p, j), t, "an IPv4 address, optionally with :port (e.g. \"10.10.0.4\" or \"10.10.0.4:53\")"))
			}
		}
	}
	return errs
}

func isTargetServer(s string) bool {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Is4() && ap.Port() != 0
	}
	a, err := netip.ParseAddr(s)
	return err == nil && a.Is4()
}
