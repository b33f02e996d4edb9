package tests

// The resources registered by type token (internal/untyped) send a
// pulumi.Map: nothing but these tests stands between a misspelled property
// key and a request Azure rejects or, worse, silently ignores. Every key the
// planned stacks send, at every nesting level, must be a property of the
// resource at the pinned provider version: a `pulumi:"<key>"` struct tag of
// the typed SDK source in the module cache (the version go.mod pins), or,
// for the two resources without an SDK module in go.mod, a property name of
// the REST API spec carried into testdata/untyped-rest-properties.json.

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/privateaks/privateaks/internal/untyped"
	"github.com/privateaks/privateaks/testkit"
)

// propNode is the shape of a property: an object with named fields, an
// array or string-keyed map of elements, a scalar ("string", "number",
// "bool"), or "any" (a free-form value the schema does not describe).
type propNode struct {
	Kind   string               `json:"kind"`
	Fields map[string]*propNode `json:"fields,omitempty"`
	Elem   *propNode            `json:"elem,omitempty"`
	// union resolves an "any" value that names its own type: a
	// discriminator key and value ("odataType=Microsoft.Azure.Monitor.
	// SingleResourceMultipleMetricCriteria") to the type's shape.
	union map[string]*propNode
}

// sdkSchema reads the input shape of a typed SDK resource from its source:
// the constructor file's unexported <type>Args struct (the one with
// `pulumi:` tags), following each field's type into the package's
// pulumiTypes*.go, pointers, slices and maps included. interface{} fields
// become "any", resolved where the value carries a discriminator the SDK
// documents ("Expected value is '…'").
func sdkSchema(t *testing.T, k untyped.Kind) *propNode {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", k.SDKModule).Output()
	if err != nil {
		t.Fatalf("go list -m %s: %v", k.SDKModule, err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), filepath.Dir(k.SDKFile))
	files := []string{filepath.Join(dir, filepath.Base(k.SDKFile))}
	more, _ := filepath.Glob(filepath.Join(dir, "pulumi*.go"))
	files = append(files, more...)
	decls := map[string]ast.Expr{}
	fset := token.NewFileSet()
	for _, f := range files {
		af, err := parser.ParseFile(fset, f, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range af.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.TYPE {
				for _, s := range g.Specs {
					ts := s.(*ast.TypeSpec)
					decls[ts.Name.Name] = ts.Type
				}
			}
		}
	}
	typ := k.Token[strings.LastIndex(k.Token, ":")+1:]
	root := strings.ToLower(typ[:1]) + typ[1:] + "Args"
	if _, ok := decls[root]; !ok {
		t.Fatalf("%s: no %s in %s", k.Token, root, k.SDKFile)
	}
	b := &schemaBuilder{t: t, decls: decls, done: map[string]*propNode{}, union: map[string]*propNode{}}
	// Index the documented discriminators first, so that any "any" node
	// can resolve them.
	expected := regexp.MustCompile(`Expected value is '([^']+)'`)
	for name, e := range decls {
		// Plain input types only: not the *Args input wrappers (pulumi.*Input
		// fields) nor the *Response output shapes (read-only fields too).
		st, ok := e.(*ast.StructType)
		if !ok || strings.HasSuffix(name, "Args") || strings.HasSuffix(name, "Response") {
			continue
		}
		for _, f := range st.Fields.List {
			tag := pulumiTag(f)
			if m := expected.FindStringSubmatch(f.Doc.Text()); tag != "" && m != nil {
				b.unionNames = append(b.unionNames, [2]string{tag + "=" + m[1], name})
			}
		}
	}
	n := b.named(root)
	for _, u := range b.unionNames {
		b.union[u[0]] = b.named(u[1])
	}
	return n
}

type schemaBuilder struct {
	t          *testing.T
	decls      map[string]ast.Expr
	done       map[string]*propNode
	union      map[string]*propNode
	unionNames [][2]string
}

func pulumiTag(f *ast.Field) string {
	if f.Tag == nil {
		return ""
	}
	s, _ := strconv.Unquote(f.Tag.Value)
	return reflect.StructTag(s).Get("pulumi")
}

func (b *schemaBuilder) named(name string) *propNode {
	if n, ok := b.done[name]; ok {
		return n
	}
	n := &propNode{}
	b.done[name] = n // before recursing: types may refer to themselves
	*n = *b.expr(b.decls[name])
	return n
}

func (b *schemaBuilder) expr(e ast.Expr) *propNode {
	switch x := e.(type) {
	case *ast.StarExpr:
		return b.expr(x.X)
	case *ast.ArrayType:
		return &propNode{Kind: "array", Elem: b.expr(x.Elt)}
	case *ast.MapType:
		return &propNode{Kind: "map", Elem: b.expr(x.Value)}
	case *ast.InterfaceType:
		return &propNode{Kind: "any", union: b.union}
	case *ast.StructType:
		n := &propNode{Kind: "object", Fields: map[string]*propNode{}}
		for _, f := range x.Fields.List {
			if tag := pulumiTag(f); tag != "" {
				n.Fields[tag] = b.expr(f.Type)
			}
		}
		return n
	case *ast.Ident:
		switch x.Name {
		case "string":
			return &propNode{Kind: "string"}
		case "bool":
			return &propNode{Kind: "bool"}
		case "int", "int32", "int64", "float32", "float64":
			return &propNode{Kind: "number"}
		}
		if _, ok := b.decls[x.Name]; ok {
			return b.named(x.Name)
		}
	}
	b.t.Fatalf("SDK schema: unhandled field type %#v", e)
	return nil
}

// keyCheck is the outcome of holding inputs to a schema.
type keyCheck struct {
	checked  int      // object keys found in the schema
	freeForm int      // keys below an "any" the schema does not describe
	problems []string // keys (and scalar kinds) the schema does not have
}

// checkKeys holds v (at path) to the shape n.
func (c *keyCheck) checkKeys(path string, v resource.PropertyValue, n *propNode) {
	v = knownElement(v)
	if v.IsNull() || v.IsComputed() {
		return
	}
	switch n.Kind {
	case "any":
		if v.IsObject() {
			for k, e := range v.ObjectValue() {
				if e := knownElement(e); e.IsString() {
					if u := n.union[string(k)+"="+e.StringValue()]; u != nil {
						c.checkKeys(path, v, u)
						return
					}
				}
			}
		}
		c.freeForm += countKeys(v)
	case "object":
		if !v.IsObject() {
			c.problems = append(c.problems, fmt.Sprintf("%s: an object in the schema, %s sent", path, kindOf(v)))
			return
		}
		for _, k := range v.ObjectValue().StableKeys() {
			p := joinPath(path, string(k))
			f, ok := n.Fields[string(k)]
			if !ok {
				c.problems = append(c.problems, fmt.Sprintf("%s: not a property (the schema has %s)", p, strings.Join(slices.Sorted(keysOf(n.Fields)), ", ")))
				continue
			}
			c.checked++
			c.checkKeys(p, v.ObjectValue()[k], f)
		}
	case "map":
		if !v.IsObject() {
			c.problems = append(c.problems, fmt.Sprintf("%s: a map in the schema, %s sent", path, kindOf(v)))
			return
		}
		for _, k := range v.ObjectValue().StableKeys() {
			c.checkKeys(joinPath(path, string(k)), v.ObjectValue()[k], n.Elem)
		}
	case "array":
		if !v.IsArray() {
			c.problems = append(c.problems, fmt.Sprintf("%s: an array in the schema, %s sent", path, kindOf(v)))
			return
		}
		for i, e := range v.ArrayValue() {
			c.checkKeys(fmt.Sprintf("%s[%d]", path, i), e, n.Elem)
		}
	default:
		if got := kindOf(v); got != n.Kind {
			c.problems = append(c.problems, fmt.Sprintf("%s: a %s in the schema, %s sent", path, n.Kind, got))
		}
	}
}

func knownElement(v resource.PropertyValue) resource.PropertyValue {
	for {
		switch {
		case v.IsSecret():
			v = v.SecretValue().Element
		case v.IsOutput():
			if !v.OutputValue().Known {
				return resource.MakeComputed(resource.NewStringProperty(""))
			}
			v = v.OutputValue().Element
		default:
			return v
		}
	}
}

func kindOf(v resource.PropertyValue) string {
	switch {
	case v.IsString():
		return "string"
	case v.IsNumber():
		return "number"
	case v.IsBool():
		return "bool"
	case v.IsArray():
		return "array"
	case v.IsObject():
		return "object"
	}
	return v.TypeString()
}

func countKeys(v resource.PropertyValue) int {
	v = knownElement(v)
	n := 0
	switch {
	case v.IsObject():
		for _, e := range v.ObjectValue() {
			n += 1 + countKeys(e)
		}
	case v.IsArray():
		for _, e := range v.ArrayValue() {
			n += countKeys(e)
		}
	}
	return n
}

func keysOf(m map[string]*propNode) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// restSchemas are the shapes carried over from the REST API specs, for the
// tokens without a typed SDK module in go.mod.
type restSchema struct {
	Source string    `json:"source"`
	Schema *propNode `json:"schema"`
}

func loadRESTSchemas(t *testing.T) map[string]restSchema {
	t.Helper()
	b, err := os.ReadFile("testdata/untyped-rest-properties.json")
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]restSchema
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// untypedTokens are the tokens the code registers by token: every
// untyped.Kind composite literal in the module's non-test sources (so that
// a Kind added anywhere is found, not only the ones listed here).
func untypedTokens(t *testing.T, root string) []string {
	t.Helper()
	var toks []string
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != root && (d.Name() == "tests" || strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		af, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(af, func(n ast.Node) bool {
			cl, ok := n.(*ast.CompositeLit)
			if !ok {
				return true
			}
			isKind := false
			switch ty := cl.Type.(type) {
			case *ast.SelectorExpr:
				isKind = ty.Sel.Name == "Kind" && fmt.Sprint(ty.X) == "untyped"
			case *ast.Ident:
				isKind = ty.Name == "Kind" && af.Name.Name == "untyped"
			}
			if !isKind {
				return true
			}
			for _, el := range cl.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok && fmt.Sprint(kv.Key) == "Token" {
					if lit, ok := kv.Value.(*ast.BasicLit); ok {
						s, _ := strconv.Unquote(lit.Value)
						toks = append(toks, s)
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(toks)
	return slices.Compact(toks)
}

// untypedSchemas are the shapes of every token registered by token: from
// the SDK source for the internal/untyped Kinds, from the REST spec
// testdata for the rest. It fails for a token that has neither.
func untypedSchemas(t *testing.T) map[string]*propNode {
	t.Helper()
	out := map[string]*propNode{}
	for _, k := range []untyped.Kind{untyped.PolicyAssignment, untyped.DataCollectionRule, untyped.MetricAlert,
		untyped.DiskEncryptionSet, untyped.PrivateLinkScope, untyped.PrivateLinkScopedResource} {
		out[k.Token] = sdkSchema(t, k)
	}
	for tok, r := range loadRESTSchemas(t) {
		if _, dup := out[tok]; dup {
			t.Errorf("%s has both an SDK and a REST schema", tok)
		}
		if r.Source == "" {
			t.Errorf("%s: the REST schema names no source", tok)
		}
		out[tok] = r.Schema
	}
	toks := untypedTokens(t, "..")
	for _, tok := range toks {
		if out[tok] == nil {
			t.Errorf("%s is registered by token but has no schema to check its keys against", tok)
		}
	}
	for tok := range out {
		if !slices.Contains(toks, tok) {
			t.Errorf("%s has a schema but no untyped.Kind in the sources registers it", tok)
		}
	}
	return out
}

// untypedPlans are the committed stacks, plus prod with a disk encryption
// set (the only untyped resource they leave out).
func untypedPlans(t *testing.T) map[string]*testkit.Mocks {
	base := loadStack(t, "prod")
	des := withConfig(t, base.Raw, "spokes", func(v map[string]any) {
		v["blue"].(map[string]any)["cluster"].(map[string]any)["diskEncryption"] = map[string]any{"enabled": true}
	})
	m, err := planRaw(t, base.Project, base.Name, des)
	if err != nil {
		t.Fatal(err)
	}
	return map[string]*testkit.Mocks{"dev": planStack(t, "dev"), "prod": planStack(t, "prod"), "prod+diskEncryption": m}
}

func TestUntypedKeysAreSchemaProperties(t *testing.T) {
	schemas := untypedSchemas(t)
	seen := map[string]int{}
	var total keyCheck
	for name, m := range untypedPlans(t) {
		for _, r := range m.Resources() {
			n := schemas[r.Type]
			if n == nil {
				continue
			}
			seen[r.Type]++
			var c keyCheck
			c.checkKeys("", resource.NewProperty(r.Inputs), n)
			for _, p := range c.problems {
				t.Errorf("%s: %s %s: %s", name, r.Type, r.Name, p)
			}
			total.checked += c.checked
			total.freeForm += c.freeForm
		}
	}
	for tok := range schemas {
		if seen[tok] == 0 {
			t.Errorf("%s: no planned resource exercised its schema", tok)
		}
	}
	t.Logf("%d untyped registrations over %d tokens: %d property keys checked, %d free-form keys below untyped values (policy parameter values, extension settings)",
		sumValues(seen), len(seen), total.checked, total.freeForm)
}

func sumValues(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// The checker reports a misspelled key at any depth, in an SDK schema (a
// data collection rule's extension data source, below an array) and in a
// REST spec schema (a Prometheus rule's resolve configuration), a discriminated
// union member's key (metric alert criteria), and a scalar of the wrong kind.
func TestUntypedKeyCheckerFindsMisspelledKeys(t *testing.T) {
	schemas := untypedSchemas(t)
	m := planStack(t, "dev")
	cases := []struct {
		token, name string
		path        []string // the key to rename, by path of keys and indexes
		to          string
		want        string
	}{
		{"azure-native:insights/v20230311:DataCollectionRule", "spoke-blue-aks-ci-dcr", []string{"dataSources", "extensions", "0", "extensionName"}, "extentionName",
			"dataSources.extensions[0].extentionName: not a property"},
		{"azure-native:alertsmanagement/v20230301:PrometheusRuleGroup", "spoke-blue-aks-prom-alerts", []string{"rules", "1", "resolveConfiguration", "timeToResolve"}, "timeToResolv",
			"rules[1].resolveConfiguration.timeToResolv: not a property"},
		{"azure-native:insights/v20180301:MetricAlert", "", []string{"criteria", "allOf", "0", "metricName"}, "metric",
			"criteria.allOf[0].metric: not a property"},
		{"azure-native:insights/v20210901:PrivateLinkScope", "monitor-link-scope", []string{"accessModeSettings", "ingestionAccessMode"}, "ingestAccessMode",
			"accessModeSettings.ingestAccessMode: not a property"},
		{"azure-native:authorization:PolicyAssignment", "", []string{"enforcementMode"}, "enforcementmode",
			"enforcementmode: not a property"},
	}
	for _, tc := range cases {
		var r *testkit.Resource
		for _, x := range m.ByType(tc.token) {
			if tc.name == "" || x.Name == tc.name {
				r = x
				break
			}
		}
		if r == nil {
			t.Fatalf("no %s %q planned", tc.token, tc.name)
		}
		var before keyCheck
		before.checkKeys("", resource.NewProperty(r.Inputs), schemas[tc.token])
		if len(before.problems) > 0 {
			t.Fatalf("%s %s fails before the flip: %v", tc.token, r.Name, before.problems)
		}
		mutated := renameKey(t, resource.NewProperty(r.Inputs), tc.path, tc.to)
		var after keyCheck
		after.checkKeys("", mutated, schemas[tc.token])
		if len(after.problems) != 1 || !strings.HasPrefix(after.problems[0], tc.want) {
			t.Errorf("%s %s with %s renamed %s: problems %v, want one starting %q", tc.token, r.Name, strings.Join(tc.path, "."), tc.to, after.problems, tc.want)
		}
	}
	// A scalar of the wrong kind: a metric alert's severity sent as text.
	var c keyCheck
	c.checkKeys("", resource.NewProperty(resource.PropertyMap{"severity": resource.NewStringProperty("2")}), schemas["azure-native:insights/v20180301:MetricAlert"])
	if len(c.problems) != 1 || !strings.HasPrefix(c.problems[0], "severity: a number in the schema, string sent") {
		t.Errorf("severity as a string: %v", c.problems)
	}
}

// renameKey returns v with the key at path (object keys and array indexes)
// renamed to. It fails the test if the path is not there.
func renameKey(t *testing.T, v resource.PropertyValue, path []string, to string) resource.PropertyValue {
	t.Helper()
	v = knownElement(v)
	if i, err := strconv.Atoi(path[0]); err == nil {
		if !v.IsArray() || i >= len(v.ArrayValue()) {
			t.Fatalf("no index %d", i)
		}
		arr := slices.Clone(v.ArrayValue())
		arr[i] = renameKey(t, arr[i], path[1:], to)
		return resource.NewProperty(arr)
	}
	if !v.IsObject() {
		t.Fatalf("no key %s", path[0])
	}
	obj := v.ObjectValue().Copy()
	k := resource.PropertyKey(path[0])
	e, ok := obj[k]
	if !ok {
		t.Fatalf("no key %s", path[0])
	}
	if len(path) == 1 {
		delete(obj, k)
		obj[resource.PropertyKey(to)] = e
	} else {
		obj[k] = renameKey(t, e, path[1:], to)
	}
	return resource.NewProperty(obj)
}

// The source scan finds an untyped.Kind wherever it is declared, so that a
// Kind added without a schema fails TestUntypedKeysAreSchemaProperties.
func TestUntypedTokenScanFindsEveryKind(t *testing.T) {
	dir := t.TempDir()
	src := `package x

import "github.com/privateaks/privateaks/internal/untyped"

var k = untyped.Kind{Token: "azure-native:example/v20250101:Thing", Required: []string{"resourceGroupName"}}
`
	if err := os.MkdirAll(filepath.Join(dir, "components", "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "components", "x", "x.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := untypedTokens(t, dir); !slices.Equal(got, []string{"azure-native:example/v20250101:Thing"}) {
		t.Fatalf("scan found %v", got)
	}
	if got := untypedTokens(t, ".."); len(got) < 8 {
		t.Fatalf("the module declares %d untyped kinds: %v", len(got), got)
	}
}

// The test kit answers every token the code registers by token with an ARM
// ID (internal/mockengine's armTypes), so that what reads those IDs (the
// private endpoint of the monitor scope, the Prometheus rule group's
// scopes, the plan's models) sees what Azure would return.
func TestUntypedTokensHaveARMIDs(t *testing.T) {
	for _, tok := range untypedTokens(t, "..") {
		if _, ok := testkit.ARMIDInputs(tok); !ok {
			t.Errorf("%s: the test kit has no ARM ID for it", tok)
		}
	}
	// Flip: a token the model does not know is reported.
	if _, ok := testkit.ARMIDInputs("azure-native:example/v20250101:Thing"); ok {
		t.Error("an unknown token has an ARM ID")
	}
	schemas := untypedSchemas(t)
	for name, m := range map[string]*testkit.Mocks{"dev": planStack(t, "dev"), "prod": planStack(t, "prod")} {
		for _, r := range m.Resources() {
			if schemas[r.Type] != nil && !strings.HasPrefix(r.ID, "/subscriptions/"+testkit.DefaultSubscriptionID+"/resourceGroups/") {
				t.Errorf("%s: %s %s answered with ID %q", name, r.Type, r.Name, r.ID)
			}
		}
	}
}
