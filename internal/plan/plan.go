// Package plan is the offline plan: it runs the real privateaks program with
// a real Pulumi.yaml and stack file under the mock engine
// (internal/mockengine) — no cloud, no credentials, no Pulumi CLI — and
// reports the resource tree, each cluster's key security settings, the
// baseline controls and the modeled deployment critical path. cmd/plan is its command line.
package plan

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"

	"github.com/privateaks/privateaks/internal/azurefacts"
	"github.com/privateaks/privateaks/internal/mockengine"
	"github.com/privateaks/privateaks/internal/stackfile"
	"github.com/privateaks/privateaks/stacks"
	"github.com/privateaks/privateaks/stacks/stackconfig"
)

// Result is one planned stack.
type Result struct {
	Project string
	Stack   string
	Config  stackconfig.Config
	// Resources in tree order (TreeOrder): deterministic, unlike the
	// registration order, which follows goroutine scheduling.
	Resources []*mockengine.Resource
	// Outputs are the resolved stack outputs; secret ones are marked.
	Outputs      map[string]OutputValue
	Controls     []ControlResult
	CriticalPath CriticalPath
	// Models are the independent egress, access and acceptance models'
	// verdicts.
	Models Models
	// Cost is the estimated monthly cost from the dated list-price table:
	// informational, it never fails the plan.
	Cost CostEstimate

	// view answers lookups (by ID, below a component) for the report.
	view *View
}

// OutputValue is a resolved stack output.
type OutputValue struct {
	Value  any
	Secret bool
}

// Option changes how a stack file is read for planning.
type Option func(*stackconfig.Raw)

// AllowPlaceholders plans a sample stack whose Entra IDs are still
// placeholders: a protected stack lists them in the report instead of being
// refused (stackconfig.Raw.AllowPlaceholders).
func AllowPlaceholders(r *stackconfig.Raw) { r.AllowPlaceholders = true }

// Dir plans Pulumi.<stack>.yaml next to the Pulumi.yaml in dir.
func Dir(dir, stack string, opts ...Option) (*Result, error) {
	s, err := stackfile.Load(dir, stack)
	if err != nil {
		return nil, err
	}
	for _, o := range opts {
		o(&s.Raw)
	}
	return Raw(s.Project, s.Name, s.Raw)
}

// File plans any stack file against a project file.
func File(projectFile, stackFile string, opts ...Option) (*Result, error) {
	s, err := stackfile.LoadFile(projectFile, stackFile, "")
	if err != nil {
		return nil, err
	}
	for _, o := range opts {
		o(&s.Raw)
	}
	return Raw(s.Project, s.Name, s.Raw)
}

// Raw plans raw config. An invalid config returns the *ValidationError
// listing every problem, and nothing else.
func Raw(project, stack string, raw stackconfig.Raw) (*Result, error) {
	cfg, err := stackconfig.Load(raw)
	if err != nil {
		return nil, err
	}
	outputs := map[string]OutputValue{}
	var secretKeys []string
	for k := range raw.Secrets {
		secretKeys = append(secretKeys, k)
	}
	sort.Strings(secretKeys)
	m, err := mockengine.Run(project, stack, stacks.ProgramWith(raw, func(ctx *pulumi.Context, d *stacks.Deployment) error {
		for k, v := range d.Outputs {
			r, err := internals.UnsafeAwaitOutput(ctx.Context(), pulumi.ToOutput(v))
			if err != nil {
				return fmt.Errorf("output %s: %w", k, err)
			}
			outputs[k] = OutputValue{Value: r.Value, Secret: r.Secret}
		}
		return nil
	}), mockengine.WithConfig(raw.Values, secretKeys))
	if err != nil {
		return nil, err
	}
	res := &Result{Project: project, Stack: stack, Config: cfg, Resources: TreeOrder(m.Resources()), Outputs: outputs}
	res.view = NewView(m, cfg)
	res.Controls = Evaluate(res.view)
	res.Models = EvaluateModels(m, azurefacts.Now())
	res.CriticalPath = ComputeCriticalPath(res.Resources)
	res.Cost = EstimateCost(res.Resources)
	return res, nil
}

// TreeOrder orders resources as a pre-order walk of the parent tree: each
// resource before its children, siblings by URN. Resources whose parent was
// not registered (the stack's direct children) are the roots.
func TreeOrder(rs []*mockengine.Resource) []*mockengine.Resource {
	known := map[string]bool{}
	for _, r := range rs {
		known[r.URN] = true
	}
	children := map[string][]*mockengine.Resource{}
	var roots []*mockengine.Resource
	for _, r := range rs {
		if known[r.Parent] {
			children[r.Parent] = append(children[r.Parent], r)
		} else {
			roots = append(roots, r)
		}
	}
	out := make([]*mockengine.Resource, 0, len(rs))
	var walk func([]*mockengine.Resource)
	walk = func(list []*mockengine.Resource) {
		sort.Slice(list, func(i, j int) bool { return list[i].URN < list[j].URN })
		for _, r := range list {
			out = append(out, r)
			walk(children[r.URN])
		}
	}
	walk(roots)
	return out
}

// Failed reports whether any control failed (waived controls do not) or
// any model found a violation.
func (r *Result) Failed() bool { return r.ControlsFailed() || r.Models.Failed() }

// ControlsFailed reports whether any baseline control failed.
func (r *Result) ControlsFailed() bool {
	for _, c := range r.Controls {
		if c.Status == StatusFail {
			return true
		}
	}
	return false
}

// Problems lists validation problems if err is a config error.
func Problems(err error) []string {
	var ve *stackconfig.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	out := make([]string, len(ve.Errors))
	for i, e := range ve.Errors {
		out[i] = e.Error()
	}
	return out
}

// DefaultProjectFile is Pulumi.yaml in dir.
func DefaultProjectFile(dir string) string { return filepath.Join(dir, "Pulumi.yaml") }

// plain converts a property value to plain JSON-able Go values with secrets
// replaced by "[secret]" and unknowns by "[unknown]".
func plain(v resource.PropertyValue) any {
	switch {
	case v.IsSecret():
		return "[secret]"
	case v.IsComputed():
		return "[unknown]"
	case v.IsOutput():
		o := v.OutputValue()
		if o.Secret {
			return "[secret]"
		}
		if !o.Known {
			return "[unknown]"
		}
		return plain(o.Element)
	case v.IsNull():
		return nil
	case v.IsBool():
		return v.BoolValue()
	case v.IsNumber():
		return v.NumberValue()
	case v.IsString():
		return v.StringValue()
	case v.IsArray():
		arr := v.ArrayValue()
		out := make([]any, len(arr))
		for i, e := range arr {
			out[i] = plain(e)
		}
		return out
	case v.IsObject():
		return plainMap(v.ObjectValue())
	case v.IsResourceReference():
		return v.ResourceReferenceValue().URN
	case v.IsAsset(), v.IsArchive():
		return "[asset]"
	}
	return nil
}

func plainMap(m resource.PropertyMap) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[string(k)] = plain(v)
	}
	return out
}

// plainOutput renders a resolved output, hiding secrets.
func plainOutput(o OutputValue) any {
	if o.Secret {
		return "[secret]"
	}
	return o.Value
}
