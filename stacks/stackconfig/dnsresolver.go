package stackconfig

import (
	"fmt"
	"net/netip"

	"github.com/privateaks/privateaks/components/dnsresolver/resolverspec"
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
	// Resolver is the name (default "dnspr-<prefix>-hub"), the endpoints'
	// subnets (defaults: the hub's .160/28 and .176/28) and the forwarding
	// rules, the component's spec (resolverspec.Resolver; its keys sit at
	// this level).
	resolverspec.Resolver
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
	return r.Subnets("dnsResolver.")
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
	return r.Resolver.Validate(path)
}
