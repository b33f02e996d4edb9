package stackconfig

import (
	"errors"
	"strings"
	"testing"
)

// The drift cases of issue 14: values the components refuse that the stack
// validation used to let through (so the hub and the DNS zones were
// registered before the component refused). tests/spec_parity_test.go
// runs each through the real components too.
func TestValidationRefusesWhatTheComponentsRefuse(t *testing.T) {
	long := strings.Repeat("k", 52)
	for _, c := range []struct {
		name string
		raw  Raw
		path string
	}{
		{"kustomization of 52 characters", edit("flux", func(m map[string]any) {
			m["kustomizations"] = map[string]any{long: map[string]any{"path": "clusters/dev"}}
		}), "flux.kustomizations." + long},
		{"label under kubernetes.azure.com/", edit("spokes", func(m map[string]any) {
			at(m, "blue.cluster.systemPool")["labels"] = map[string]any{"kubernetes.azure.com/mode": "user"}
		}), "spokes.blue.cluster.systemPool.labels.kubernetes.azure.com/mode"},
		{"label under kubernetes.io/", edit("spokes", func(m map[string]any) {
			at(m, "blue.cluster.userPools.apps")["labels"] = map[string]any{"kubernetes.io/os": "linux"}
		}), "spokes.blue.cluster.userPools.apps.labels.kubernetes.io/os"},
		{"label under a kubernetes.io subdomain", edit("spokes", func(m map[string]any) {
			at(m, "blue.cluster.userPools.apps")["labels"] = map[string]any{"topology.kubernetes.io/zone": "1"}
		}), "spokes.blue.cluster.userPools.apps.labels.topology.kubernetes.io/zone"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Load(c.raw)
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("want a *ValidationError, got %v", err)
			}
			for _, e := range ve.Errors {
				var fe *FieldError
				if errors.As(e, &fe) && fe.Path == c.path {
					return
				}
			}
			t.Errorf("no problem at %s:\n%v", c.path, err)
		})
	}
	// The longest name that fits is accepted: the bound is not off by one.
	ok := strings.Repeat("k", 51)
	if _, err := Load(edit("flux", func(m map[string]any) {
		m["kustomizations"] = map[string]any{ok: map[string]any{"path": "clusters/dev"}}
	})); err != nil {
		t.Errorf("a kustomization of 51 characters: %v", err)
	}
}
