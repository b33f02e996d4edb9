package cidr

import (
	"net/netip"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"10.0.0.0/16", true},
		{"10.0.0.1/16", false},
		{"10.0.0.0", false},
		{"", false},
		{"fd00::/64", false},
		{"300.0.0.0/8", false},
		{"10.0.0.0/33", false},
	} {
		_, err := Parse(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("Parse(%q) err=%v, want ok=%v", tc.in, err, tc.ok)
		}
	}
}

func TestContainsOverlapsSize(t *testing.T) {
	p := netip.MustParsePrefix
	if !Contains(p("10.0.0.0/16"), p("10.0.4.0/22")) || Contains(p("10.0.4.0/22"), p("10.0.0.0/16")) {
		t.Fatal("Contains wrong")
	}
	if Contains(p("10.0.0.0/16"), p("10.1.0.0/24")) {
		t.Fatal("Contains accepted an outside prefix")
	}
	if !Overlaps(p("10.0.0.0/16"), p("10.0.255.0/24")) || Overlaps(p("10.0.0.0/16"), p("10.1.0.0/16")) {
		t.Fatal("Overlaps wrong")
	}
	if Size(p("10.0.0.0/24")) != 256 || Usable(p("10.0.0.0/24")) != 251 || Usable(p("10.0.0.0/30")) != 0 {
		t.Fatal("Size/Usable wrong")
	}
	if h, ok := Host(p("10.200.0.0/26"), 4); !ok || h.String() != "10.200.0.4" {
		t.Fatalf("Host = %v %v", h, ok)
	}
	if _, ok := Host(p("10.200.0.0/30"), 4); ok {
		t.Fatal("Host outside the prefix accepted")
	}
	if got := SmallestPrefixFor(251); got != 24 {
		t.Fatalf("SmallestPrefixFor(251) = %d", got)
	}
	if got := SmallestPrefixFor(252); got != 23 {
		t.Fatalf("SmallestPrefixFor(252) = %d", got)
	}
}

// Azure reserves the first four and the last address of every subnet
// (virtual-networks-faq.md: x.x.x.0-3 and x.x.x.255 in a /24).
func TestUsableHost(t *testing.T) {
	p := netip.MustParsePrefix("10.240.251.0/28")
	for ip, want := range map[string]bool{
		"10.240.251.0": false, "10.240.251.3": false, "10.240.251.4": true,
		"10.240.251.14": true, "10.240.251.15": false, "10.240.252.4": false,
	} {
		if got := UsableHost(p, netip.MustParseAddr(ip)); got != want {
			t.Errorf("UsableHost(%s, %s) = %v, want %v", p, ip, got, want)
		}
	}
}
