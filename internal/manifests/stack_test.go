package manifests

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/privateaks/privateaks/internal/clustervars"
	"github.com/privateaks/privateaks/internal/stackfile"
	"github.com/privateaks/privateaks/stacks/stackconfig"
)

// root is the repository root, where the stack files and cluster-manifests/ live.
const root = "../.."

// stacks are the committed stacks.
var stacks = []string{"dev", "prod"}

func loadStack(t *testing.T, name string) stackconfig.Config {
	t.Helper()
	s, err := stackfile.Load(root, name)
	if err != nil {
		t.Fatal(err)
	}
	s.Raw.AllowPlaceholders = true // the committed stacks are samples
	c, err := stackconfig.Load(s.Raw)
	if err != nil {
		t.Fatalf("stack %s: %v", name, err)
	}
	return c
}

// vars are the substitutions the stack passes one cluster: the plain values
// from config plus stand-ins for what Azure computes (client and tenant IDs).
func vars(c stackconfig.Config, spoke string) map[string]string {
	v := clustervars.Plain(c, spoke)
	v[clustervars.TenantID] = "00000000-0000-0000-0000-00000000aaaa"
	v[clustervars.IngressClientID] = fakeClientID(spoke, "ingress")
	for name, owner := range clustervars.ClientIDOwners(c, spoke) {
		v[name] = ""
		if owner != "" {
			v[name] = fakeClientID(spoke, owner)
		}
	}
	return v
}

func fakeClientID(spoke, identity string) string {
	return fmt.Sprintf("client-id-of-%s-%s", spoke, identity)
}

var (
	defaultCPULimit    = clustervars.PolicyCPULimit
	defaultMemoryLimit = clustervars.PolicyMemoryLimit
	systemNamespaces   = clustervars.PolicyExcludedNamespaces
)

func constraints(v map[string]string) Constraints {
	return Constraints{
		AllowedImages:      regexp.MustCompile(AllowedImagesRegex(v[clustervars.Registry])),
		CPULimit:           defaultCPULimit,
		MemoryLimit:        defaultMemoryLimit,
		ExcludedNamespaces: systemNamespaces,
	}
}

// built is one Flux Kustomization of one cluster, built and decoded.
type built struct {
	stack, spoke, kustomization, path string
	vars                              map[string]string
	objects                           []Object
}

// buildAll builds every Kustomization of every cluster of every stack.
func buildAll(t *testing.T) []built {
	t.Helper()
	var out []built
	for _, st := range stacks {
		c := loadStack(t, st)
		for _, spoke := range c.SpokeKeys() {
			v := vars(c, spoke)
			for _, k := range slices.Sorted(maps.Keys(c.Flux.Kustomizations)) {
				p := c.Flux.Kustomizations[k].Path
				docs, err := Build(filepath.Join(root, p))
				if err != nil {
					t.Fatalf("%s/%s kustomization %s: %v", st, spoke, k, err)
				}
				docs, err = Substitute(docs, v)
				if err != nil {
					t.Fatalf("%s/%s kustomization %s: %v", st, spoke, k, err)
				}
				objs, err := Decode(docs)
				if err != nil {
					t.Fatalf("%s/%s kustomization %s (%s): %v", st, spoke, k, p, err)
				}
				out = append(out, built{st, spoke, k, p, v, objs})
			}
		}
	}
	return out
}

// Every Kustomization path the stack files name is a directory of this
// repository with a kustomization.yaml (Flux would otherwise sync nothing
// or fail).
func TestKustomizationPathsExist(t *testing.T) {
	for _, st := range stacks {
		c := loadStack(t, st)
		if len(c.Flux.Kustomizations) == 0 {
			t.Fatalf("stack %s: no flux.kustomizations", st)
		}
		for _, k := range slices.Sorted(maps.Keys(c.Flux.Kustomizations)) {
			p := c.Flux.Kustomizations[k].Path
			if _, err := os.Stat(filepath.Join(root, p, "kustomization.yaml")); err != nil {
				t.Errorf("stack %s: flux.kustomizations.%s.path %q: no kustomization.yaml in this repository: %v", st, k, p, err)
			}
		}
	}
}
