package access

import (
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/privateaks/privateaks/internal/mockengine"
	"github.com/privateaks/privateaks/internal/verify"
)

// principal is who an assignment is for. keys identify it both by object
// ID ("id:<guid>") and, for identities in the plan, by the identity's URN
// ("urn:<urn>"), so that an assignment whose principalId is not known yet
// (a first preview) still matches through its property dependencies.
type principal struct {
	display string
	kind    string // "Group" or "ServicePrincipal"
	keys    map[string]bool
}

func (p principal) matches(keys map[string]bool) bool {
	for k := range keys {
		if p.keys[k] {
			return true
		}
	}
	return false
}

func groupPrincipal(objectID string) principal {
	id := strings.ToLower(objectID)
	return principal{display: id, kind: "Group", keys: map[string]bool{"id:" + id: true}}
}

// identityPrincipal is a user-assigned identity in the plan.
func identityPrincipal(u *mockengine.Resource) principal {
	p := principal{display: u.String("resourceName"), kind: "ServicePrincipal", keys: map[string]bool{"urn:" + u.URN: true}}
	if p.display == "" {
		p.display = u.Name
	}
	if id := outString(u, "principalId"); id != "" {
		p.keys["id:"+strings.ToLower(id)] = true
	}
	return p
}

// assignment is a planned role assignment.
type assignment struct {
	r      *mockengine.Resource
	scope  string
	roleID string
	role   Role
	known  bool
	keys   map[string]bool
	ptype  string
}

func assignments(p verify.Plan) []assignment {
	var out []assignment
	for _, r := range byType(p, ":RoleAssignment", "authorization") {
		a := assignment{r: r, scope: inputID(p, r, "scope"), roleID: roleGUID(r.String("roleDefinitionId")), ptype: r.String("principalType"), keys: map[string]bool{}}
		a.role, a.known = RoleByID(a.roleID)
		if id := r.String("principalId"); id != "" {
			a.keys["id:"+strings.ToLower(id)] = true
		}
		for _, dep := range r.PropertyDependencies["principalId"] {
			a.keys["urn:"+dep] = true
		}
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].r.URN < out[j].r.URN })
	return out
}

// byType returns the custom resources whose type token ends with suffix
// and whose module contains module, sorted by URN.
func byType(p verify.Plan, suffix, module string) []*mockengine.Resource {
	var out []*mockengine.Resource
	for _, r := range p.ByTypeSuffix(suffix) {
		if r.Custom && strings.Contains(strings.ToLower(r.Type), module) {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].URN < out[j].URN })
	return out
}

// inputID is the ARM ID held by the input at path. When the value is not
// known (a first preview), it falls back to the ID of the single resource
// the input depends on.
func inputID(p verify.Plan, r *mockengine.Resource, path string) string {
	if s := r.String(path); s != "" {
		return s
	}
	top := path
	if i := strings.IndexAny(top, ".["); i >= 0 {
		top = top[:i]
	}
	deps := r.PropertyDependencies[top]
	if len(deps) == 1 {
		if d := p.ByURN(deps[0]); d != nil {
			return d.ID
		}
	}
	return ""
}

// outString reads a string output (what the engine computed) at path.
func outString(r *mockengine.Resource, path string) string {
	v := mockengine.Unsecret(mockengine.Lookup(resource.NewProperty(r.Outputs), path))
	if v.IsString() {
		return v.StringValue()
	}
	return ""
}

// stringsAt returns the string array input at path; for an object input it
// returns the keys (userAssignedIdentities may be sent as a map).
func stringsAt(r *mockengine.Resource, path string) []string {
	v := mockengine.Unsecret(r.Get(path))
	var out []string
	switch {
	case v.IsArray():
		for _, e := range v.ArrayValue() {
			if e = mockengine.Unsecret(e); e.IsString() {
				out = append(out, e.StringValue())
			}
		}
	case v.IsObject():
		for k := range v.ObjectValue() {
			out = append(out, string(k))
		}
		sort.Strings(out)
	}
	return out
}

// parentID cuts an ARM ID before the last occurrence of "/<segment>/".
func parentID(id, segment string) string {
	lower := strings.ToLower(id)
	i := strings.LastIndex(lower, "/"+strings.ToLower(segment)+"/")
	if i < 0 {
		return ""
	}
	return id[:i]
}
