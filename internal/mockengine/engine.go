// Package mockengine is the offline engine the plan (cmd/plan), the
// independent models (internal/verify) and the e2e test provider run the
// privateaks program on: a pulumi.MockResourceMonitor that records
// everything a program registers and answers like Azure would — ARM resource
// IDs built from subscription, resource group, type and name; deterministic
// GUIDs for principal, client and tenant IDs; the firewall's private IP taken
// from its subnet; a private FQDN and OIDC issuer for clusters; and the
// invokes the components use (client config, cluster user credentials).
//
// With Mocks.Preview (or WithDryRun(true)) it answers as the first
// `pulumi preview` of an empty stack instead: IDs and every output Azure
// computes are unknown, and the recorded inputs show which values the
// preview could not know (Resource.IsUnknown, UnknownPaths). See preview.go.
//
// It holds no test helpers and imports no test package, so a production
// command can run on it. The public testkit package is its facade for users'
// own tests: it re-exports these types and adds nothing that the plan needs.
package mockengine

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/structpb"
)

// Resource is one registered resource as the engine received it.
type Resource struct {
	Type     string
	Name     string
	URN      string
	Parent   string
	Custom   bool
	Provider string
	// ID is the mocked physical ID (an ARM ID for Azure resources).
	ID                      string
	Dependencies            []string
	PropertyDependencies    map[string][]string
	Protect                 bool
	RetainOnDelete          bool
	DeleteBeforeReplace     bool
	IgnoreChanges           []string
	ReplaceOnChanges        []string
	AdditionalSecretOutputs []string
	Aliases                 []string
	DeletedWith             string
	CustomTimeouts          map[string]string
	// Inputs are exactly what the program sent, secrets still marked.
	Inputs resource.PropertyMap
	// Outputs are what the mock answered (inputs plus computed values).
	Outputs resource.PropertyMap
	// Seq is the registration order.
	Seq int
}

// Invoke is one recorded function call.
type Invoke struct {
	Token string
	Args  resource.PropertyMap
}

// Mocks is a pulumi.MockResourceMonitor that records every registration.
type Mocks struct {
	// SubscriptionID and TenantID are what the mocked Azure answers.
	SubscriptionID string
	TenantID       string
	// Location is used where an output needs a region and the inputs have none.
	Location string
	// StackOutputs answers pulumi.StackReference reads: stack name
	// ("org/project/stack") to that stack's outputs.
	StackOutputs map[string]map[string]any
	// Preview answers as the first `pulumi preview` of an empty stack does
	// (see preview.go): set it, or run with Preview() / WithDryRun(true).
	Preview bool

	project, stack string
	// unconfigured are the providers whose config a preview does not know.
	unconfigured map[string]bool
	// originals are preview registrations as the SDK sent them, before
	// secretUnknownMonitor rewrote them.
	originals map[*pulumirpc.RegisterResourceRequest]*structpb.Struct

	mu        sync.Mutex
	resources []*Resource
	byURN     map[string]*Resource
	byID      map[string]*Resource
	invokes   []Invoke
}

// DefaultSubscriptionID and DefaultTenantID are the mocked Azure's.
const (
	DefaultSubscriptionID = "00000000-0000-4000-8000-000000000001"
	DefaultTenantID       = "00000000-0000-4000-8000-0000000000aa"
)

// New returns an empty monitor for a project and stack.
func New(project, stack string) *Mocks {
	return &Mocks{
		SubscriptionID: DefaultSubscriptionID,
		TenantID:       DefaultTenantID,
		Location:       "westeurope",
		project:        project,
		stack:          stack,
		byURN:          map[string]*Resource{},
		byID:           map[string]*Resource{},
		StackOutputs:   map[string]map[string]any{},
		unconfigured:   map[string]bool{},
		originals:      map[*pulumirpc.RegisterResourceRequest]*structpb.Struct{},
	}
}

// NewResource implements pulumi.MockResourceMonitor.
func (m *Mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	r := &Resource{Type: args.TypeToken, Name: args.Name, Custom: args.Custom, Provider: args.Provider, Inputs: args.Inputs}
	if m.Preview {
		r.Inputs = m.previewInputs(args)
	}
	if rpc := args.RegisterRPC; rpc != nil {
		r.Parent = rpc.GetParent()
		r.Dependencies = append([]string(nil), rpc.GetDependencies()...)
		sort.Strings(r.Dependencies)
		r.PropertyDependencies = map[string][]string{}
		for k, v := range rpc.GetPropertyDependencies() {
			urns := append([]string(nil), v.GetUrns()...)
			sort.Strings(urns)
			r.PropertyDependencies[k] = urns
		}
		r.Protect = rpc.GetProtect()
		r.RetainOnDelete = rpc.GetRetainOnDelete()
		r.DeleteBeforeReplace = rpc.GetDeleteBeforeReplace()
		r.IgnoreChanges = append([]string(nil), rpc.GetIgnoreChanges()...)
		r.ReplaceOnChanges = append([]string(nil), rpc.GetReplaceOnChanges()...)
		r.AdditionalSecretOutputs = append([]string(nil), rpc.GetAdditionalSecretOutputs()...)
		r.DeletedWith = rpc.GetDeletedWith()
		r.Aliases = append([]string(nil), rpc.GetAliasURNs()...)
		for _, a := range rpc.GetAliases() {
			if u := a.GetUrn(); u != "" {
				r.Aliases = append(r.Aliases, u)
			} else if s := a.GetSpec(); s != nil {
				r.Aliases = append(r.Aliases, fmt.Sprintf("spec:name=%s,type=%s,parent=%s,noParent=%v", s.GetName(), s.GetType(), s.GetParentUrn(), s.GetNoParent()))
			}
		}
		if ct := rpc.GetCustomTimeouts(); ct != nil {
			r.CustomTimeouts = map[string]string{}
			for k, v := range map[string]string{"create": ct.GetCreate(), "update": ct.GetUpdate(), "delete": ct.GetDelete()} {
				if v != "" {
					r.CustomTimeouts[k] = v
				}
			}
		}
	}
	if rpc := args.ReadRPC; rpc != nil {
		r.Parent = rpc.GetParent()
		r.Dependencies = append([]string(nil), rpc.GetDependencies()...)
	}
	r.URN = m.urn(r.Parent, r.Type, r.Name)

	m.mu.Lock()
	defer m.mu.Unlock()
	id, outs, ok := m.previewAnswer(r, args)
	if !m.Preview || !ok {
		id, outs = m.answer(r)
	}
	if args.ID != "" {
		id = args.ID
	}
	r.ID, r.Outputs = id, outs
	r.Seq = len(m.resources)
	m.resources = append(m.resources, r)
	m.byURN[r.URN] = r
	if id != "" && id != UnknownID {
		m.byID[strings.ToLower(id)] = r
	}
	return id, outs, nil
}

// Call implements pulumi.MockResourceMonitor (it is the provider's Invoke).
func (m *Mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	m.mu.Lock()
	m.invokes = append(m.invokes, Invoke{Token: args.Token, Args: args.Args})
	var err error
	if m.Preview {
		err = m.previewInvoke(args)
	}
	m.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return m.invoke(args)
}

// urn computes the URN exactly as the mock engine does.
func (m *Mocks) urn(parent, typ, name string) string {
	parentType := tokens.Type("")
	if p := resource.URN(parent); p != "" && p.QualifiedType() != resource.RootStackType {
		parentType = p.QualifiedType()
	}
	return string(resource.NewURN(tokens.QName(m.stack), tokens.PackageName(m.project), parentType, tokens.Type(typ), name))
}

// Resources returns every registered resource in registration order.
func (m *Mocks) Resources() []*Resource {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]*Resource(nil), m.resources...)
}

// Sorted returns every registered resource sorted by URN (a stable order
// for comparing runs).
func (m *Mocks) Sorted() []*Resource {
	rs := m.Resources()
	sort.Slice(rs, func(i, j int) bool { return rs[i].URN < rs[j].URN })
	return rs
}

// Invokes returns every recorded invoke.
func (m *Mocks) Invokes() []Invoke {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Invoke(nil), m.invokes...)
}

// ByType returns the resources of a type token, sorted by name.
func (m *Mocks) ByType(typ string) []*Resource {
	var out []*Resource
	for _, r := range m.Resources() {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// ByTypeSuffix returns the resources whose type token ends with suffix
// (e.g. ":Subnet"), sorted by name; handy across API versions.
func (m *Mocks) ByTypeSuffix(suffix string) []*Resource {
	var out []*Resource
	for _, r := range m.Resources() {
		if strings.HasSuffix(r.Type, suffix) {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Find returns the resource with a type and logical name, or nil.
func (m *Mocks) Find(typ, name string) *Resource {
	for _, r := range m.Resources() {
		if r.Type == typ && r.Name == name {
			return r
		}
	}
	return nil
}

// ByURN returns the resource with a URN, or nil.
func (m *Mocks) ByURN(urn string) *Resource {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.byURN[urn]
}

// ByID returns the resource whose mocked physical ID is id (case-insensitive), or nil.
func (m *Mocks) ByID(id string) *Resource {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.byID[strings.ToLower(id)]
}

// ProviderOf returns the provider resource r was registered with (its
// provider reference is "<urn>::<id>"), or nil for a default provider or
// one not registered here.
func (m *Mocks) ProviderOf(r *Resource) *Resource {
	if r.Provider == "" {
		return nil
	}
	return m.ByURN(providerURN(r.Provider))
}

// Children returns the resources whose parent is urn, sorted by URN.
func (m *Mocks) Children(urn string) []*Resource {
	var out []*Resource
	for _, r := range m.Sorted() {
		if r.Parent == urn {
			out = append(out, r)
		}
	}
	return out
}

// DependsOn reports whether r depends on the resource with URN dep, directly
// or through one of its property dependencies.
func (r *Resource) DependsOn(dep string) bool {
	for _, d := range r.Dependencies {
		if d == dep {
			return true
		}
	}
	for _, ds := range r.PropertyDependencies {
		for _, d := range ds {
			if d == dep {
				return true
			}
		}
	}
	return false
}

// Get returns the input at a dotted path ("properties.subnets[0].name"), or
// a null value.
func (r *Resource) Get(path string) resource.PropertyValue {
	return Lookup(resource.NewProperty(r.Inputs), path)
}

// String returns the string input at path, unwrapping secrets; "" if absent.
func (r *Resource) String(path string) string {
	v := Unsecret(r.Get(path))
	if v.IsString() {
		return v.StringValue()
	}
	return ""
}

// Bool returns the bool input at path; false if absent.
func (r *Resource) Bool(path string) bool {
	v := Unsecret(r.Get(path))
	return v.IsBool() && v.BoolValue()
}

// Number returns the numeric input at path; 0 if absent.
func (r *Resource) Number(path string) float64 {
	v := Unsecret(r.Get(path))
	if v.IsNumber() {
		return v.NumberValue()
	}
	return 0
}

// Len returns the length of the array input at path.
func (r *Resource) Len(path string) int {
	v := Unsecret(r.Get(path))
	if v.IsArray() {
		return len(v.ArrayValue())
	}
	return 0
}

// Unsecret unwraps a secret value.
func Unsecret(v resource.PropertyValue) resource.PropertyValue {
	for v.IsSecret() {
		v = v.SecretValue().Element
	}
	if v.IsOutput() {
		return v.OutputValue().Element
	}
	return v
}

// Lookup walks a dotted path with [i] indexes through a property value.
func Lookup(v resource.PropertyValue, path string) resource.PropertyValue {
	v, _ = walk(v, path, func(v resource.PropertyValue) (resource.PropertyValue, bool) { return Unsecret(v), true })
	return v
}

// LookupKnown is Lookup that also says whether the value is known: it stops
// at the first computed value or not-yet-known output on the path (a first
// preview is full of them), so a caller can tell "not set" (a known null)
// from "not known before deployment".
func LookupKnown(v resource.PropertyValue, path string) (resource.PropertyValue, bool) {
	v, known := walk(v, path, unwrapKnown)
	if !known {
		return v, false
	}
	return unwrapKnown(v)
}

func unwrapKnown(v resource.PropertyValue) (resource.PropertyValue, bool) {
	for {
		switch {
		case v.IsComputed():
			return v, false
		case v.IsOutput():
			if !v.OutputValue().Known {
				return v, false
			}
			v = v.OutputValue().Element
		case v.IsSecret():
			v = v.SecretValue().Element
		default:
			return v, true
		}
	}
}

// walk follows path through v, calling unwrap before each step; it stops,
// returning false, where unwrap does.
func walk(v resource.PropertyValue, path string, unwrap func(resource.PropertyValue) (resource.PropertyValue, bool)) (resource.PropertyValue, bool) {
	for _, seg := range splitPath(path) {
		var ok bool
		if v, ok = unwrap(v); !ok {
			return v, false
		}
		if idx, isIdx := seg.index(); isIdx {
			if !v.IsArray() || idx >= len(v.ArrayValue()) {
				return resource.NewNullProperty(), true
			}
			v = v.ArrayValue()[idx]
			continue
		}
		if !v.IsObject() {
			return resource.NewNullProperty(), true
		}
		next, ok := v.ObjectValue()[resource.PropertyKey(seg.key)]
		if !ok {
			return resource.NewNullProperty(), true
		}
		v = next
	}
	return v, true
}

type segment struct {
	key string
	idx int
}

func (s segment) index() (int, bool) { return s.idx, s.key == "" && s.idx >= 0 }

func splitPath(path string) []segment {
	var segs []segment
	for _, part := range strings.Split(path, ".") {
		for part != "" {
			i := strings.IndexByte(part, '[')
			if i < 0 {
				segs = append(segs, segment{key: part, idx: -1})
				break
			}
			if i > 0 {
				segs = append(segs, segment{key: part[:i], idx: -1})
			}
			j := strings.IndexByte(part, ']')
			if j < i {
				return append(segs, segment{key: "\x00invalid", idx: -1})
			}
			n, err := strconv.Atoi(part[i+1 : j])
			if err != nil || n < 0 {
				return append(segs, segment{key: "\x00invalid", idx: -1})
			}
			segs = append(segs, segment{idx: n})
			part = part[j+1:]
		}
	}
	return segs
}
