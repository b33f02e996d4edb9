package graph

import "testing"

func TestCycle(t *testing.T) {
	for _, tc := range []struct {
		deps map[string][]string
		want string
	}{
		{map[string][]string{"a": {"b"}, "b": nil}, ""},
		{map[string][]string{"a": {"b"}, "b": {"a"}}, "a -> b -> a"},
		{map[string][]string{"a": {"b"}, "b": {"c"}, "c": {"b"}}, "b -> c -> b"},
		{map[string][]string{"a": {"a", "missing"}}, ""},
		{map[string][]string{"x": {"y"}, "y": {"z"}, "z": {"x"}}, "x -> y -> z -> x"},
		{nil, ""},
	} {
		if got := Cycle(tc.deps); got != tc.want {
			t.Errorf("Cycle(%v) = %q, want %q", tc.deps, got, tc.want)
		}
	}
}

func TestCycleBy(t *testing.T) {
	type ks struct{ dependsOn []string }
	nodes := map[string]ks{"infra": {nil}, "apps": {[]string{"infra", "config"}}, "config": {[]string{"apps"}}}
	if got, want := CycleBy(nodes, func(k ks) []string { return k.dependsOn }), "apps -> config -> apps"; got != want {
		t.Errorf("CycleBy = %q, want %q", got, want)
	}
	delete(nodes, "config")
	if got := CycleBy(nodes, func(k ks) []string { return k.dependsOn }); got != "" {
		t.Errorf("CycleBy without a cycle = %q, want none", got)
	}
}
