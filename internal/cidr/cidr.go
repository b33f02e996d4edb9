// Package cidr holds the IPv4 prefix arithmetic the config validation and the
// network components share: parsing, containment, overlap, sizing and host
// addresses. Everything works on netip.Prefix so no input can panic.
package cidr

import (
	"fmt"
	"net/netip"
)

// AzureReservedPerSubnet is the number of addresses Azure keeps in every
// subnet: network, default gateway, two for Azure DNS, and broadcast.
const AzureReservedPerSubnet = 5

// Parse parses an IPv4 prefix in canonical form ("10.0.0.0/16"). Host bits
// must be zero: Azure rejects "10.0.0.1/16" for an address space, and a
// silently masked value hides a typo.
func Parse(s string) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("not a CIDR prefix (want e.g. 10.0.0.0/16)")
	}
	if !p.Addr().Is4() {
		return netip.Prefix{}, fmt.Errorf("not an IPv4 prefix (IPv6 is not supported)")
	}
	if p.Masked() != p {
		return netip.Prefix{}, fmt.Errorf("host bits are set (did you mean %s?)", p.Masked())
	}
	return p, nil
}

// Contains reports whether inner lies entirely within outer.
func Contains(outer, inner netip.Prefix) bool {
	return outer.Bits() <= inner.Bits() && outer.Contains(inner.Addr())
}

// Overlaps reports whether the two prefixes share any address.
func Overlaps(a, b netip.Prefix) bool { return a.Overlaps(b) }

// Size is the number of addresses in p (capped at 1<<32 for /0).
func Size(p netip.Prefix) uint64 { return uint64(1) << uint(32-p.Bits()) }

// Usable is the number of addresses Azure lets resources use in a subnet.
func Usable(p netip.Prefix) uint64 {
	n := Size(p)
	if n <= AzureReservedPerSubnet {
		return 0
	}
	return n - AzureReservedPerSubnet
}

// Host returns the n-th address of p (0 is the network address) and whether it
// lies inside p.
func Host(p netip.Prefix, n uint64) (netip.Addr, bool) {
	if n >= Size(p) {
		return netip.Addr{}, false
	}
	b := p.Addr().As4()
	v := uint64(b[0])<<24 | uint64(b[1])<<16 | uint64(b[2])<<8 | uint64(b[3])
	v += n
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), true
}

// UsableHost reports whether ip is an address Azure lets a resource take in
// subnet p: inside it, and none of the first four (network, gateway, two for
// Azure DNS) or the last (broadcast), which Azure reserves in every subnet
// (azure-docs virtual-network/virtual-networks-faq.md).
func UsableHost(p netip.Prefix, ip netip.Addr) bool {
	if !p.IsValid() || !ip.Is4() || !p.Contains(ip) {
		return false
	}
	for n := uint64(0); n < 4; n++ {
		if a, _ := Host(p.Masked(), n); a == ip {
			return false
		}
	}
	last, _ := Host(p.Masked(), Size(p)-1)
	return ip != last
}

// SmallestPrefixFor returns the largest prefix length (smallest subnet) that
// offers at least n usable addresses after Azure's reservation.
func SmallestPrefixFor(n uint64) int {
	for bits := 29; bits >= 8; bits-- {
		if Usable(netip.PrefixFrom(netip.IPv4Unspecified(), bits)) >= n {
			return bits
		}
	}
	return 8
}
