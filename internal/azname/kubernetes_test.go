package azname

import (
	"strings"
	"testing"
)

// The expectations come from MicrosoftDocs/azure-aks-docs
// articles/aks/use-labels.md ("Reserved prefixes" and the reserved system
// labels table) and the Kubernetes label syntax, not from the code.
func TestCheckNodeLabel(t *testing.T) {
	for _, c := range []struct {
		key, value string
		ok         bool
	}{
		{"workload", "batch", true},
		{"example.com/tier", "gold", true},
		{"team", "", true},
		{"kubernetes.azure.com/mode", "user", false},
		{"kubernetes.azure.com/scalesetpriority", "spot", false},
		{"kubernetes.io/os", "linux", false},
		{"node.kubernetes.io/instance-type", "x", false},
		{"topology.kubernetes.io/zone", "1", false},
		{"notkubernetes.io/x", "y", true}, // another domain, not a subdomain
		{"Bad Key", "v", false},
		{"k", strings.Repeat("v", 64), false},
	} {
		if err := CheckNodeLabel(c.key, c.value); (err == nil) != c.ok {
			t.Errorf("CheckNodeLabel(%q, %q) = %v, want ok %v", c.key, c.value, err, c.ok)
		}
	}
}

func TestCheckFluxKustomization(t *testing.T) {
	// "flux-system-" takes 12 of the 63 characters an object name has.
	for _, c := range []struct {
		key string
		ok  bool
	}{
		{"cluster", true},
		{strings.Repeat("a", 51), true},
		{strings.Repeat("a", 52), false},
		{strings.Repeat("a", 63), false},
		{"Apps", false},
		{"-apps", false},
	} {
		if err := CheckFluxKustomization("flux-system", c.key); (err == nil) != c.ok {
			t.Errorf("CheckFluxKustomization(flux-system, %q) = %v, want ok %v", c.key, err, c.ok)
		}
	}
}
