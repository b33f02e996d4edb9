package plan

import (
	"strings"

	"github.com/privateaks/privateaks/stacks/stackconfig"
	"github.com/privateaks/privateaks/testkit"
)

// View is what a control reads: the planned resources and the config.
type View struct {
	M   *testkit.Mocks
	Cfg stackconfig.Config
}

// NewView builds the view controls read, for evaluating a plan made elsewhere.
func NewView(m *testkit.Mocks, cfg stackconfig.Config) *View { return &View{M: m, Cfg: cfg} }

// of returns the resources whose type ends with ":"+name.
func (v *View) of(name string) []*testkit.Resource { return v.M.ByTypeSuffix(":" + name) }

// clusters returns the planned managed clusters.
func (v *View) clusters() []*testkit.Resource { return v.of("ManagedCluster") }

// within returns the resources of a type below the component ancestor of r
// whose type ends with componentSuffix (e.g. the pools of a cluster's
// PrivateAKS component).
func (v *View) within(r *testkit.Resource, componentSuffix, typ string) []*testkit.Resource {
	anc := v.ancestor(r, componentSuffix)
	if anc == nil {
		return nil
	}
	var out []*testkit.Resource
	for _, x := range v.of(typ) {
		if v.isBelow(x, anc.URN) {
			out = append(out, x)
		}
	}
	return out
}

func (v *View) ancestor(r *testkit.Resource, suffix string) *testkit.Resource {
	for p := v.M.ByURN(r.Parent); p != nil; p = v.M.ByURN(p.Parent) {
		if strings.HasSuffix(p.Type, suffix) {
			return p
		}
	}
	return nil
}

func (v *View) isBelow(r *testkit.Resource, urn string) bool {
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
func (v *View) byID(id string) *testkit.Resource { return v.M.ByID(id) }

func strsAt(r *testkit.Resource, path string) []string {
	val := testkit.Unsecret(r.Get(path))
	if !val.IsArray() {
		return nil
	}
	var out []string
	for _, e := range val.ArrayValue() {
		if e = testkit.Unsecret(e); e.IsString() {
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
