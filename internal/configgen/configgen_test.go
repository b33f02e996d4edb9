package configgen

import (
	"errors"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/privateaks/privateaks/stacks/stackconfig"
)

const fixtureManifest = "../../components/fluxbootstrap/testdata/flux-install.yaml"

var testOpts = Options{ManifestsFile: fixtureManifest, ManifestsVersion: "v2.4.0"}

// TestMostGeneratedConfigsAreValid holds the generator to configs the
// validation accepts, so that a property test over them is not silently
// testing rejects.
func TestMostGeneratedConfigsAreValid(t *testing.T) {
	const n = 2000
	ok := 0
	problems := map[string]int{}
	var firstBad []string
	for seed := uint64(0); seed < n; seed++ {
		g := Generate(seed, testOpts)
		_, err := stackconfig.Load(g.Raw)
		if err == nil {
			ok++
			continue
		}
		var ve *stackconfig.ValidationError
		if errors.As(err, &ve) {
			for _, e := range ve.Errors {
				problems[pathOf(e)]++
			}
		}
		if len(firstBad) < 5 {
			firstBad = append(firstBad, g.Summary+": "+err.Error())
		}
	}
	rate := float64(ok) / n
	t.Logf("%d of %d generated configs valid (%.1f%%)", ok, n, 100*rate)
	for _, p := range slices.Sorted(maps.Keys(problems)) {
		t.Logf("rejected at %s: %d", p, problems[p])
	}
	if rate < 0.95 {
		t.Fatalf("only %.1f%% of generated configs are valid, want >= 95%%; first rejects:\n%s", 100*rate, strings.Join(firstBad, "\n"))
	}
}

func pathOf(e error) string {
	var fe *stackconfig.FieldError
	if errors.As(e, &fe) {
		return fe.Path
	}
	return e.Error()
}

func TestDeterministicPerSeed(t *testing.T) {
	for seed := uint64(0); seed < 50; seed++ {
		a, b := Generate(seed, testOpts), Generate(seed, testOpts)
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("seed %d: two generations differ", seed)
		}
	}
	if reflect.DeepEqual(Generate(1, testOpts).Raw, Generate(2, testOpts).Raw) {
		t.Fatal("seeds 1 and 2 give the same config")
	}
}

// TestCoversTheChoices checks that a few hundred seeds reach every kind of
// choice the package documents, read back through stackconfig.
func TestCoversTheChoices(t *testing.T) {
	seen := map[string]bool{}
	for seed := uint64(0); seed < 400; seed++ {
		c, err := stackconfig.Load(Generate(seed, testOpts).Raw)
		if err != nil {
			continue
		}
		mark := func(cond bool, what string) {
			if cond {
				seen[what] = true
			}
		}
		zoned := false
		for _, r := range regions {
			if r.name == c.Location {
				zoned = r.zones
			}
		}
		mark(zoned, "region with zones")
		mark(!zoned, "region without zones")
		mark(len(c.Spokes) == 1, "1 spoke")
		mark(len(c.Spokes) == 4, "4 spokes")
		mark(c.DNS.Mode == stackconfig.DNSModeHubOnly, "dns hubOnly")
		mark(c.DNS.Mode == stackconfig.DNSModeHubAndSpokes, "dns hubAndSpokes")
		mark(c.Hub.Firewall.Sku == "Standard", "firewall Standard")
		mark(c.Hub.Firewall.Sku == "Premium", "firewall Premium")
		mark(len(c.Waivers) > 0, "waivers")
		mark(!c.IsProtected(), "unprotected")
		if c.Flux.Enabled != nil && *c.Flux.Enabled {
			mark(c.Flux.Mode == stackconfig.FluxModeExtension, "flux extension")
			mark(c.Flux.Mode == stackconfig.FluxModeManifests, "flux manifests")
			mark(c.Flux.Auth == stackconfig.FluxAuthSSH && c.Secrets.FluxSSHKnownHosts != "", "flux ssh with known_hosts")
			mark(c.Flux.Auth == stackconfig.FluxAuthHTTPS, "flux https")
		} else {
			mark(true, "flux off")
		}
		for _, s := range c.Spokes {
			cl := s.Cluster
			mark(cl.SkuTier == "Free", "tier Free")
			mark(cl.SkuTier == "Premium", "tier Premium")
			mark(cl.Network.PluginMode == stackconfig.PluginModeNodeSubnet, "nodeSubnet")
			mark(cl.Network.Policy == "cilium", "cilium")
			mark(len(cl.WorkloadIdentities) > 0, "workload identities")
			mark(len(cl.NamespaceAccess) > 0, "namespace access")
			mark(len(cl.UserPools) == 0, "no user pools")
			for _, p := range cl.UserPools {
				mark(p.Priority == "Spot", "spot pool")
				mark(p.OSType == "Windows", "windows pool")
				mark(strings.HasPrefix(p.VMSize, "Standard_NC"), "gpu pool")
				mark(len(p.Taints) > 0, "taints")
				mark(len(p.Labels) > 0, "labels")
				mark(p.MinCount == 0, "pool scaling from 0")
				mark(p.EphemeralOSDisk != nil && !*p.EphemeralOSDisk, "managed OS disk")
				mark(len(p.Zones) == 0, "pool without zones")
				mark(len(p.Zones) == 3, "pool in 3 zones")
			}
		}
	}
	want := []string{"region with zones", "region without zones", "1 spoke", "4 spokes", "dns hubOnly", "dns hubAndSpokes",
		"firewall Standard", "firewall Premium", "waivers", "unprotected", "flux extension", "flux manifests",
		"flux ssh with known_hosts", "flux https", "flux off", "tier Free", "tier Premium", "nodeSubnet", "cilium",
		"workload identities", "namespace access", "no user pools", "spot pool", "windows pool", "gpu pool", "taints",
		"labels", "pool scaling from 0", "managed OS disk", "pool without zones", "pool in 3 zones"}
	var missing []string
	for _, w := range want {
		if !seen[w] {
			missing = append(missing, w)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Fatalf("400 seeds never generated: %s", strings.Join(missing, ", "))
	}
}

// TestNoZonesWhereTheRegionHasNone: in a region without availability zones
// nothing asks for one (the default is 1, 2, 3, so the generator must say so).
func TestNoZonesWhereTheRegionHasNone(t *testing.T) {
	for seed := uint64(0); seed < 300; seed++ {
		c, err := stackconfig.Load(Generate(seed, testOpts).Raw)
		if err != nil {
			continue
		}
		for _, r := range regions {
			if r.name != c.Location || r.zones {
				continue
			}
			if len(c.Hub.Firewall.Zones) > 0 {
				t.Errorf("seed %d: firewall zones %v in %s", seed, c.Hub.Firewall.Zones, c.Location)
			}
			for k, s := range c.Spokes {
				if len(s.Cluster.SystemPool.Zones) > 0 {
					t.Errorf("seed %d: spoke %s system pool zones %v in %s", seed, k, s.Cluster.SystemPool.Zones, c.Location)
				}
				for n, p := range s.Cluster.UserPools {
					if len(p.Zones) > 0 {
						t.Errorf("seed %d: pool %s zones %v in %s", seed, n, p.Zones, c.Location)
					}
				}
			}
		}
	}
}
