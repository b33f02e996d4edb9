package tests

import (
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/privateaks/privateaks/components/privateaks"
	"github.com/privateaks/privateaks/internal/clustervars"
)

// internal/manifests checks the cluster manifests against constants it
// cannot import (the Azure SDK stays out of that test binary); here they
// are held equal to the components'.
func TestManifestContractMatchesComponents(t *testing.T) {
	if clustervars.PolicyCPULimit != privateaks.DefaultContainerCPULimit || clustervars.PolicyMemoryLimit != privateaks.DefaultContainerMemoryLimit {
		t.Errorf("clustervars limits %s/%s, privateaks defaults %s/%s", clustervars.PolicyCPULimit, clustervars.PolicyMemoryLimit, privateaks.DefaultContainerCPULimit, privateaks.DefaultContainerMemoryLimit)
	}
	a, b := append([]string(nil), clustervars.PolicyExcludedNamespaces...), append([]string(nil), privateaks.SystemNamespaces...)
	sort.Strings(a)
	sort.Strings(b)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("clustervars.PolicyExcludedNamespaces %v, privateaks.SystemNamespaces %v", a, b)
	}
}

// Each cluster's Flux configuration substitutes every variable the
// manifests use, with this cluster's values; its registry has a cache rule
// per upstream repository the manifests pull, and the ingress identity
// reads the vault.
func TestStackWiresManifests(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		m := planStack(t, stack)
		cfgs := m.ByType("azure:containerservice/fluxConfiguration:FluxConfiguration")
		subnets := m.ByTypeSuffix(":Subnet")
		if len(cfgs) == 0 {
			t.Fatalf("%s: no FluxConfiguration", stack)
		}
		for _, c := range cfgs {
			for i := 0; ; i++ {
				p := "kustomizations[" + strconv.Itoa(i) + "]"
				if c.String(p+".name") == "" {
					if i == 0 {
						t.Errorf("%s %s: no kustomizations", stack, c.Name)
					}
					break
				}
				for _, v := range []string{clustervars.Registry, clustervars.KeyVaultName, clustervars.TenantID, clustervars.IngressClientID, clustervars.IngressSubnet, clustervars.APIServerCIDR, clustervars.ClusterName} {
					if c.String(p+".postBuild.substitute."+v) == "" {
						t.Errorf("%s %s %s: postBuild.substitute.%s unset", stack, c.Name, p, v)
					}
				}
				if got := c.String(p + ".postBuild.substitute." + clustervars.Registry); !strings.HasSuffix(got, ".azurecr.io") {
					t.Errorf("%s %s: REGISTRY %q is not a login server", stack, c.Name, got)
				}
				// The ingress subnet and API server subnet are subnets the plan creates.
				for _, v := range []struct{ name, input string }{{clustervars.IngressSubnet, "subnetName"}, {clustervars.APIServerCIDR, "addressPrefix"}} {
					want, found := c.String(p+".postBuild.substitute."+v.name), false
					for _, sn := range subnets {
						found = found || sn.String(v.input) == want
					}
					if !found {
						t.Errorf("%s %s: %s %q is no planned subnet's %s", stack, c.Name, v.name, want, v.input)
					}
				}
			}
		}
		rules := m.ByType("azure-native:containerregistry/v20230701:CacheRule")
		regs := m.ByType("azure-native:containerregistry/v20230701:Registry")
		if len(rules) != len(regs)*len(clustervars.CacheRules) {
			t.Errorf("%s: %d cache rules for %d registries and %d upstreams", stack, len(rules), len(regs), len(clustervars.CacheRules))
		}
		for _, r := range rules {
			if r.String("sourceRepository") == "" || r.String("targetRepository") == "" {
				t.Errorf("%s: cache rule %s without source or target", stack, r.Name)
			}
		}
		n := 0
		for _, id := range m.ByType("azure-native:managedidentity/v20230131:UserAssignedIdentity") {
			if strings.HasSuffix(id.String("resourceName"), "-ingress") {
				n++
			}
		}
		if n != len(regs) {
			t.Errorf("%s: %d ingress identities for %d clusters", stack, n, len(regs))
		}
	}
}
