// Package graph holds the small graph algorithms config validation and the
// components share.
package graph

import (
	"sort"
	"strings"
)

// Cycle returns one dependency cycle of deps as "a -> b -> a", or "". deps
// maps each node to the nodes it depends on; edges to unknown nodes and
// self-edges are ignored (callers report those separately). The search runs
// in sorted order, so the cycle reported is deterministic.
func Cycle(deps map[string][]string) string {
	const (
		unseen = iota
		active
		done
	)
	state := map[string]int{}
	var stack []string
	var found string
	var visit func(n string) bool
	visit = func(n string) bool {
		state[n] = active
		stack = append(stack, n)
		for _, d := range deps[n] {
			if _, ok := deps[d]; !ok || d == n {
				continue
			}
			switch state[d] {
			case active:
				i := 0
				for stack[i] != d {
					i++
				}
				found = strings.Join(append(append([]string(nil), stack[i:]...), d), " -> ")
				return true
			case unseen:
				if visit(d) {
					return true
				}
			}
		}
		stack = stack[:len(stack)-1]
		state[n] = done
		return false
	}
	nodes := make([]string, 0, len(deps))
	for n := range deps {
		nodes = append(nodes, n)
	}
	sort.Strings(nodes)
	for _, n := range nodes {
		if state[n] == unseen && visit(n) {
			return found
		}
	}
	return ""
}

// CycleBy is Cycle over a map of named values, such as Flux Kustomizations
// keyed by name, with dependsOn giving the names each value depends on.
func CycleBy[V any](nodes map[string]V, dependsOn func(V) []string) string {
	deps := make(map[string][]string, len(nodes))
	for name, v := range nodes {
		deps[name] = dependsOn(v)
	}
	return Cycle(deps)
}
