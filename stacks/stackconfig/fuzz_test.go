package stackconfig

import (
	"errors"
	"net/netip"
	"testing"

	"github.com/privateaks/privateaks/internal/cidr"
)

// FuzzLoad feeds arbitrary values for the structured keys through decoding,
// defaults and validation. Load must never panic, and must either accept or
// return a *ValidationError whose every entry names a path.
func FuzzLoad(f *testing.F) {
	v := validRaw().Values
	f.Add(v["privateaks:location"], v["privateaks:hub"], v["privateaks:spokes"], v["privateaks:flux"], `{}`)
	f.Add("westeurope", `{"addressSpace":"10.200.0.0/16","firewallSubnet":"10.200.0.0/26"}`, `{"a":{"addressSpace":"0.0.0.0/0","cluster":{"systemPool":{"maxCount":2147483647,"maxPods":-1,"subnetPrefix":"0.0.0.0/32"},"network":{"serviceCidr":"255.255.255.255/32","dnsServiceIp":"::1"}}}}`, `{"url":"ssh://[::1]:22/x","kustomizations":{"a":{"path":"a","dependsOn":["a","b"]}}}`, `{"mode":"hubOnly","extraZones":["privatelink.x"]}`)
	f.Add("", `[]`, `null`, `"str"`, `{"mode":1}`)
	f.Add("eastus", `{"addressSpace":"10.0.0.0/8"}`, `{"x":{"addressSpace":"10.0.0.0/8","cluster":{"userPools":{"p":{"subnetPrefix":"10.0.0.0/8","taints":["a=b:NoSchedule"],"labels":{"k":"v"}}}}}}`, `{"semver":">=1.0.0","tag":"v1"}`, `{"extraZones":[null]}`)
	f.Fuzz(func(t *testing.T, location, hub, spokes, flux, dns string) {
		raw := Raw{Values: map[string]string{
			"privateaks:location":    location,
			"privateaks:prefix":      "fuzz",
			"privateaks:environment": "dev",
			"privateaks:hub":         hub,
			"privateaks:spokes":      spokes,
			"privateaks:flux":        flux,
			"privateaks:dns":         dns,
		}}
		_, err := Load(raw)
		if err == nil {
			return
		}
		var ve *ValidationError
		if !errors.As(err, &ve) || len(ve.Errors) == 0 {
			t.Fatalf("error of type %T without problems: %v", err, err)
		}
		for _, e := range ve.Errors {
			var fe *FieldError
			if !errors.As(e, &fe) || fe.Path == "" {
				t.Fatalf("problem without a path: %v", e)
			}
		}
	})
}

// FuzzCIDR checks the prefix arithmetic against netip for arbitrary input.
func FuzzCIDR(f *testing.F) {
	for _, s := range []string{"10.0.0.0/16", "0.0.0.0/0", "255.255.255.255/32", "10.0.0.1/16", "::/0", "1.2.3.4/33", ""} {
		f.Add(s, "10.0.4.0/22", uint64(4))
	}
	f.Fuzz(func(t *testing.T, a, b string, n uint64) {
		pa, errA := cidr.Parse(a)
		pb, errB := cidr.Parse(b)
		if errA != nil || errB != nil {
			return
		}
		if cidr.Contains(pa, pb) && !cidr.Overlaps(pa, pb) {
			t.Fatalf("%s contains %s but does not overlap it", pa, pb)
		}
		if cidr.Contains(pa, pb) && cidr.Size(pb) > cidr.Size(pa) {
			t.Fatalf("%s contains the larger %s", pa, pb)
		}
		if h, ok := cidr.Host(pa, n); ok && !pa.Contains(h) {
			t.Fatalf("Host(%s, %d) = %s lies outside", pa, n, h)
		}
		if cidr.Usable(pa) > cidr.Size(pa) {
			t.Fatal("more usable than total addresses")
		}
		if bits := cidr.SmallestPrefixFor(n % 100000); cidr.Usable(netip.PrefixFrom(netip.IPv4Unspecified(), bits)) < n%100000 && bits > 8 {
			t.Fatalf("SmallestPrefixFor(%d) = /%d is too small", n%100000, bits)
		}
	})
}
