//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"

	"github.com/privateaks/privateaks/internal/plan"
)

// planResource is a resource of `plan -json` (docs/plan-json.md).
type planResource struct {
	URN            string         `json:"urn"`
	Type           string         `json:"type"`
	Parent         string         `json:"parent"`
	Dependencies   []string       `json:"dependencies"`
	Protect        bool           `json:"protect"`
	IgnoreChanges  []string       `json:"ignoreChanges"`
	RetainOnDelete bool           `json:"retainOnDelete"`
	Inputs         map[string]any `json:"inputs"`
}

// secretSig marks an encrypted value in a state file.
const secretSig = "4dabf18193072939515e22adb298388d"

// normalize renders a state value as plan -json renders an input: secrets
// as "[secret]".
func normalize(v any) any {
	switch x := v.(type) {
	case map[string]any:
		if _, ok := x[secretSig]; ok {
			return "[secret]"
		}
		out := map[string]any{}
		for k, e := range x {
			out[k] = normalize(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalize(e)
		}
		return out
	}
	return v
}

// compareWithPlan holds the engine's state after the first up against the
// offline plan of the same project and stack file: the same resources
// (URN, type, parent), options (protect, ignoreChanges, retainOnDelete),
// dependencies and inputs.
func compareWithPlan(t *testing.T, s auto.Stack, dir string) {
	t.Helper()
	name := s.Name()
	res, err := plan.Dir(dir, name)
	if err != nil {
		t.Fatalf("%s: offline plan: %v", name, err)
	}
	doc, err := res.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var pj struct {
		Resources []planResource `json:"resources"`
	}
	if err := json.Unmarshal(doc, &pj); err != nil {
		t.Fatal(err)
	}
	planned := map[string]planResource{}
	for _, r := range pj.Resources {
		planned[r.URN] = r
	}

	dep := deployment(t, s)
	engine := map[string]planResource{}
	var defaults []string
	for _, r := range dep.Resources {
		urn := string(r.URN)
		if r.Type == "pulumi:pulumi:Stack" {
			continue // the plan records what the program registers; the engine adds the stack
		}
		if strings.HasPrefix(string(r.Type), "pulumi:providers:") && strings.Contains(urn, "::default") {
			defaults = append(defaults, urn)
			continue
		}
		deps := map[string]bool{}
		for _, d := range r.Dependencies {
			deps[string(d)] = true
		}
		for _, ds := range r.PropertyDependencies {
			for _, d := range ds {
				deps[string(d)] = true
			}
		}
		pr := planResource{URN: urn, Type: string(r.Type), Parent: string(r.Parent), Protect: r.Protect,
			IgnoreChanges: append([]string{}, r.IgnoreChanges...), RetainOnDelete: r.RetainOnDelete,
			Inputs: map[string]any{}, Dependencies: []string{}}
		for d := range deps {
			pr.Dependencies = append(pr.Dependencies, d)
		}
		sort.Strings(pr.Dependencies)
		for k, v := range r.Inputs {
			if strings.HasPrefix(string(r.Type), "pulumi:providers:") && (k == "version" || k == "__internal") {
				continue // the engine records the plugin version in a provider's state
			}
			pr.Inputs[k] = normalize(v)
		}
		engine[urn] = pr
	}
	// Every resource must use the explicit providers the program creates:
	// a default provider would deploy with ambient credentials and settings.
	if len(defaults) > 0 {
		t.Errorf("%s: the engine created default providers (a resource or invoke without the explicit provider): %v", name, defaults)
	}

	var diffs []string
	for urn, p := range planned {
		g, ok := engine[urn]
		if !ok {
			diffs = append(diffs, "only in the plan: "+urn)
			continue
		}
		diffs = append(diffs, compareResource(urn, p, g)...)
	}
	for urn := range engine {
		if _, ok := planned[urn]; !ok {
			diffs = append(diffs, "only in the engine's state: "+urn)
		}
	}
	sort.Strings(diffs)
	protected := 0
	for _, r := range engine {
		if r.Protect {
			protected++
		}
	}
	step(t, "%s: engine state %d resources (%d protected) vs plan %d: %d difference(s)", name, len(engine), protected, len(planned), len(diffs))
	if len(diffs) > 0 {
		max := len(diffs)
		if max > 40 {
			max = 40
		}
		t.Errorf("%s: the engine and the offline plan disagree (%d):\n%s", name, len(diffs), strings.Join(diffs[:max], "\n"))
	}
}

func compareResource(urn string, p, g planResource) []string {
	var out []string
	add := func(what string, want, got any) {
		out = append(out, fmt.Sprintf("%s: %s: plan %v, engine %v", urn, what, want, got))
	}
	if p.Type != g.Type {
		add("type", p.Type, g.Type)
	}
	if p.Parent != g.Parent {
		add("parent", p.Parent, g.Parent)
	}
	if p.Protect != g.Protect {
		add("protect", p.Protect, g.Protect)
	}
	if p.RetainOnDelete != g.RetainOnDelete {
		add("retainOnDelete", p.RetainOnDelete, g.RetainOnDelete)
	}
	if !reflect.DeepEqual(sorted(p.IgnoreChanges), sorted(g.IgnoreChanges)) {
		add("ignoreChanges", p.IgnoreChanges, g.IgnoreChanges)
	}
	if !reflect.DeepEqual(sorted(p.Dependencies), sorted(g.Dependencies)) {
		add("dependencies", p.Dependencies, g.Dependencies)
	}
	keys := map[string]bool{}
	for k := range p.Inputs {
		keys[k] = true
	}
	for k := range g.Inputs {
		keys[k] = true
	}
	for k := range keys {
		pv, gv := jsonOf(p.Inputs[k]), jsonOf(g.Inputs[k])
		if pv != gv {
			add("input "+k, pv, gv)
		}
	}
	return out
}

func sorted(s []string) []string {
	out := append([]string{}, s...)
	sort.Strings(out)
	return out
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
