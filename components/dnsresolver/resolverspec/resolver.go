package resolverspec

import (
	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/cidr"
	"github.com/privateaks/privateaks/internal/fielderr"
)

// Resolver is what a user configures of the hub's DNS Private Resolver:
// its name, its endpoints' subnets in the hub VNet and the forwarding
// rules (without rules there is no outbound endpoint).
type Resolver struct {
	// Name of the resolver (required; the stack defaults it to
	// "dnspr-<prefix>-hub"); the ruleset is "<name>-ruleset".
	Name string `json:"name,omitempty"`
	// InboundSubnet and OutboundSubnet, each /28 to /24 inside the hub
	// (the stack defaults them to the hub's .160/28 and .176/28). The
	// outbound subnet is used only with forwarding rules.
	InboundSubnet  string `json:"inboundSubnet,omitempty"`
	OutboundSubnet string `json:"outboundSubnet,omitempty"`
	// Forwarding rules for on-premises domains (none: no outbound endpoint).
	Forwarding []ForwardingRule `json:"forwarding,omitempty"`
}

// Subnets are the endpoints' subnets in the hub's layout
// (cidr.CheckLayout), at keys below prefix ("dnsResolver." in the hub
// config, "" in the component): the inbound one, and the outbound one with
// forwarding rules.
func (r Resolver) Subnets(prefix string) []cidr.Subnet {
	out := []cidr.Subnet{{Key: prefix + "inboundSubnet", Prefix: r.InboundSubnet, MaxBits: MinSubnetBits, Role: "the resolver's inbound endpoint"}}
	if len(r.Forwarding) > 0 {
		out = append(out, cidr.Subnet{Key: prefix + "outboundSubnet", Prefix: r.OutboundSubnet, MaxBits: MinSubnetBits, Role: "the resolver's outbound endpoint"})
	}
	return out
}

// Validate returns every problem of the resolver under path that does not
// need the hub: the name, the endpoints' largest size (the smallest, the
// containment and overlaps are the hub layout's) and the forwarding rules.
func (r Resolver) Validate(path string) []error {
	errs := azname.CheckAt(azname.NetworkGeneric, r.Name, fielderr.Join(path, "name"))
	for _, s := range r.Subnets("") {
		if p, err := cidr.Parse(s.Prefix); err == nil && p.Bits() < MaxSubnetBits {
			errs = append(errs, fielderr.New(fielderr.Join(path, s.Key), s.Prefix, "a /%d to /%d: a resolver endpoint subnet is at most a /%d", MinSubnetBits, MaxSubnetBits, MaxSubnetBits))
		}
	}
	return append(errs, ValidateForwarding(r.Forwarding, fielderr.Join(path, "forwarding"))...)
}
