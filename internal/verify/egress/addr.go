package egress

import (
	"net/netip"
	"sort"
	"strings"
)

// span is an inclusive IPv4 range. Firewall rules accept single addresses,
// CIDR prefixes and "a-b" ranges (policy-rule-sets.md, "Network rules");
// all three become spans so containment is one comparison.
type span struct{ lo, hi uint32 }

var allIPv4 = span{0, ^uint32(0)}

func u32(a netip.Addr) uint32 {
	b := a.As4()
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

func addrOf(v uint32) netip.Addr {
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}

func prefixSpan(p netip.Prefix) span {
	p = p.Masked()
	lo := u32(p.Addr())
	if p.Bits() == 0 {
		return allIPv4
	}
	return span{lo, lo | (^uint32(0) >> uint(p.Bits()))}
}

// parseSpan reads "*", an IPv4 address, an IPv4 CIDR or "a-b". ok is false
// for anything else (a service tag, an IPv6 value, a typo).
func parseSpan(s string) (span, bool) {
	s = strings.TrimSpace(s)
	if s == "*" {
		return allIPv4, true
	}
	if lo, hi, isRange := strings.Cut(s, "-"); isRange {
		a, err1 := netip.ParseAddr(strings.TrimSpace(lo))
		b, err2 := netip.ParseAddr(strings.TrimSpace(hi))
		if err1 != nil || err2 != nil || !a.Is4() || !b.Is4() || u32(b) < u32(a) {
			return span{}, false
		}
		return span{u32(a), u32(b)}, true
	}
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil || !p.Addr().Is4() {
			return span{}, false
		}
		return prefixSpan(p), true
	}
	a, err := netip.ParseAddr(s)
	if err != nil || !a.Is4() {
		return span{}, false
	}
	return span{u32(a), u32(a)}, true
}

// looksLikeAddress tells a malformed address ("10.0.0.0/33") from a service
// tag ("AzureCloud.westeurope"): tags never start with a digit.
func looksLikeAddress(s string) bool {
	s = strings.TrimSpace(s)
	return s == "*" || (s != "" && s[0] >= '0' && s[0] <= '9') || strings.Contains(s, ":")
}

// spanSet is a union of spans, kept sorted and merged.
type spanSet []span

func (s spanSet) add(x span) spanSet {
	out := append(append(spanSet(nil), s...), x)
	sort.Slice(out, func(i, j int) bool { return out[i].lo < out[j].lo })
	merged := spanSet{}
	for _, v := range out {
		if n := len(merged); n > 0 && (merged[n-1].hi == ^uint32(0) || v.lo <= merged[n-1].hi+1) {
			if v.hi > merged[n-1].hi {
				merged[n-1].hi = v.hi
			}
			continue
		}
		merged = append(merged, v)
	}
	return merged
}

// covers reports whether every address of x lies in the set.
func (s spanSet) covers(x span) bool {
	for _, v := range s {
		if v.lo <= x.lo && x.hi <= v.hi {
			return true
		}
	}
	return false
}

// minus returns the parts of x outside the set.
func (s spanSet) minus(x span) []span {
	rest := []span{x}
	for _, v := range s {
		var next []span
		for _, r := range rest {
			if v.hi < r.lo || v.lo > r.hi {
				next = append(next, r)
				continue
			}
			if v.lo > r.lo {
				next = append(next, span{r.lo, v.lo - 1})
			}
			if v.hi < r.hi {
				next = append(next, span{v.hi + 1, r.hi})
			}
		}
		rest = next
	}
	return rest
}

func (x span) String() string {
	if x == allIPv4 {
		return "0.0.0.0/0"
	}
	if x.lo == x.hi {
		return addrOf(x.lo).String()
	}
	return addrOf(x.lo).String() + "-" + addrOf(x.hi).String()
}

// privateSpans are the RFC 1918 ranges. A rule source that is private and
// disjoint from every planned VNet is taken to be a spoke peered from
// another stack (the spoke-into-existing-hub pattern), not the internet.
var privateSpans = spanSet{}.
	add(prefixSpan(netip.MustParsePrefix("10.0.0.0/8"))).
	add(prefixSpan(netip.MustParsePrefix("172.16.0.0/12"))).
	add(prefixSpan(netip.MustParsePrefix("192.168.0.0/16")))
