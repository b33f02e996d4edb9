package plan

import (
	"strings"

	"github.com/privateaks/privateaks/internal/mockengine"
	"github.com/privateaks/privateaks/stacks/stackconfig"
)

// View is what a control reads: the planned resources and the config.
type View struct {
	M   *mockengine.Mocks
	Cfg stackconfig.Config
}

// NewView builds the view controls read, for evaluating a plan made elsewhere.
func NewView(m *mockengine.Mocks, cfg stackconfig.Config) *View { return &View{M: m, Cfg: cfg} }

// of returns the resources whose type ends with ":"+name.
func (v *View) of(name string) []*mockengine.Resource { return v.M.ByTypeSuffix(":" + name) }

// clusters returns the planned managed clusters.
func (v *View) clusters() []*mockengine.Resource { return v.of("ManagedCluster") }

// within returns the resources of a type below the component ancestor of r
// whose type ends with componentSuffix (e.g. the pools of a cluster's
// PrivateAKS component).
func (v *View) within(r *mockengine.Resource, componentSuffix, typ string) []*mockengine.Resource {
	anc := v.ancestor(r, componentSuffix)
	if anc == nil {
		return nil
	}
	var out []*mockengine.Resource
	for _, x := range v.of(typ) {
		if v.isBelow(x, anc.URN) {
			out = append(out, x)
		}
	}
	return out
}

func (v *View) ancestor(r *mockengine.Resource, suffix string) *mockengine.Resource {
	for p := v.M.ByURN(r.Parent); p != nil; p = v.M.ByURN(p.Parent) {
		if strings.HasSuffix(p.Type, suffix) {
			return p
		}
	}
	return nil
}

func (v *View) isBelow(r *mockengine.Resource, urn string) bool {
	for p := r.Parent; p != ""; {
		if p == urn {
			return true
		}
		pr := v.M.ByURN(p)
		if pr == nil {
			return false
		}
		p = pr.Parent
	}
	return false
}

// byID finds a planned resource by its mocked ARM ID.
func (v *View) byID(id string) *mockengine.Resource { return v.M.ByID(id) }

func strsAt(r *mockengine.Resource, path string) []string {
	val := mockengine.Unsecret(r.Get(path))
	if !val.IsArray() {
		return nil
	}
	var out []string
	for _, e := range val.ArrayValue() {
		if e = mockengine.Unsecret(e); e.IsString() {
			out = append(out, e.StringValue())
		}
	}
	return out
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
