package cidr

import (
	"net/netip"

	"github.com/privateaks/privateaks/internal/fielderr"
)

// Subnet is one subnet of a VNet's layout as a layer names it.
type Subnet struct {
	// Key is the subnet's path below the layout's path: a config key such
	// as "firewallSubnet" or "cluster.systemPool.subnetPrefix", or an
	// argument path.
	Key    string
	Prefix string
	// MaxBits is the longest prefix length the subnet may have (26: a /26
	// or larger).
	MaxBits int
	// Role says what the subnet holds, for messages.
	Role string
	// Optional subnets may be empty: they are then not created.
	Optional bool
}

// CheckLayout returns every problem of a VNet's layout under path: the
// address space (at path.addressSpace) parses; every subnet is set unless
// optional, parses, is at least its role's size and lies inside the address
// space; and no two subnets overlap (the later one is reported, naming the
// earlier). Messages name the other keys by their full path, so that the
// stack's say "hub.addressSpace" where a component's say "addressSpace".
// The hub's and the spokes' layouts, in the stack config and in
// the network components, are checked by this one rule.
func CheckLayout(path, addressSpace string, subnets []Subnet) []error {
	return checkLayout(path, "addressSpace", addressSpace, true, subnets)
}

// CheckSubnetsIn is CheckLayout for a component that knows only part of a
// VNet's subnets, with the address space at vnetKey; an empty address
// space is unknown, and the subnets are then checked for all but
// containment.
func CheckSubnetsIn(path, vnetKey, addressSpace string, subnets []Subnet) []error {
	return checkLayout(path, vnetKey, addressSpace, addressSpace != "", subnets)
}

func checkLayout(path, vnetKey, addressSpace string, known bool, subnets []Subnet) []error {
	var errs []error
	vnetPath := fielderr.Join(path, vnetKey)
	vnet, vErr := Parse(addressSpace)
	if !known {
		vErr = nil
	} else if vErr != nil {
		errs = append(errs, fielderr.New(vnetPath, addressSpace, "%v", vErr))
	}
	type parsed struct {
		s Subnet
		p netip.Prefix
	}
	var done []parsed
	for _, s := range subnets {
		at := fielderr.Join(path, s.Key)
		if s.Prefix == "" {
			if !s.Optional {
				errs = append(errs, fielderr.New(at, s.Prefix, "a CIDR prefix of /%d or larger for %s", s.MaxBits, s.Role))
			}
			continue
		}
		p, err := Parse(s.Prefix)
		if err != nil {
			errs = append(errs, fielderr.New(at, s.Prefix, "%v", err))
			continue
		}
		if p.Bits() > s.MaxBits {
			errs = append(errs, fielderr.New(at, s.Prefix, "%s needs a /%d or larger", s.Role, s.MaxBits))
		}
		if known && vErr == nil && !Contains(vnet, p) {
			errs = append(errs, fielderr.New(at, s.Prefix, "a prefix inside %s (%s)", vnetPath, vnet))
		}
		for _, o := range done {
			if Overlaps(o.p, p) {
				errs = append(errs, fielderr.New(at, s.Prefix, "a prefix that does not overlap %s (%s)", fielderr.Join(path, o.s.Key), o.s.Prefix))
			}
		}
		done = append(done, parsed{s, p})
	}
	return errs
}

// Require returns the layout with the subnets at keys no longer optional.
func Require(layout []Subnet, keys ...string) []Subnet {
	out := append([]Subnet(nil), layout...)
	for i := range out {
		for _, k := range keys {
			if out[i].Key == k {
				out[i].Optional = false
			}
		}
	}
	return out
}
