package stackconfig

import (
	"fmt"
	"net/netip"

	"github.com/privateaks/privateaks/components/dnsresolver/resolverspec"
	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/cidr"
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

// DNSForwardingRule forwards one domain to on-premises DNS servers
// (resolverspec).
type DNSForwardingRule = resolverspec.ForwardingRule

// Limits of DNS Private Resolver (resolverspec).
const (
	ResolverMinSubnetBits = resolverspec.MinSubnetBits
	ResolverMaxSubnetBits = resolverspec.MaxSubnetBits
	ResolverMaxTargets    = resolverspec.MaxTargetServers
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
func resolverSubnets(r DNSResolver) []cidr.Subnet {
	if !r.Enabled {
		return nil
	}
	out := []cidr.Subnet{{Key: "dnsResolver.inboundSubnet", Prefix: r.InboundSubnet, MaxBits: ResolverMinSubnetBits, Role: "the resolver's inbound endpoint"}}
	if len(r.Forwarding) > 0 {
		out = append(out, cidr.Subnet{Key: "dnsResolver.outboundSubnet", Prefix: r.OutboundSubnet, MaxBits: ResolverMinSubnetBits, Role: "the resolver's outbound endpoint"})
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
		if p, err := netip.ParsePrefix(s.Prefix); err == nil && p.Bits() < ResolverMaxSubnetBits {
			errs = append(errs, fieldErr("hub."+s.Key, s.Prefix, "a /%d to /%d: a resolver endpoint subnet is at most a /%d", ResolverMinSubnetBits, ResolverMaxSubnetBits, ResolverMaxSubnetBits))
		}
	}
	errs = append(errs, resolverspec.ValidateForwarding(r.Forwarding, join(path, "forwarding"))...)
	return errs
}
