// Package gen writes the provider's mirror of each component's Go types: an
// args type with `pulumi:"..."` tags that maps field by field onto the
// component's Args, and an output type that carries the component's tagged
// outputs. It reads the components' source (go/ast), so the mirrors follow
// every field and doc comment the components declare; the provider adds no
// defaults and no validation of its own (both stay in the components).
//
// The generated files live in provider/pkg/<component>/; TestGenerated fails
// when they are stale and `go test ./internal/gen -update` rewrites them.
package gen

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// Component names a component package and its resource type.
type Component struct {
	// Pkg is the directory under components/ (and the schema module).
	Pkg string
	// Type is the component struct; its Args are Type+"Args" and its
	// constructor "New"+Type.
	Type string
}

// Components are the components the provider serves.
var Components = []Component{
	{"hubnetwork", "HubNetwork"},
	{"spokenetwork", "SpokeNetwork"},
	{"privatedns", "PrivateDNS"},
	{"identities", "Identities"},
	{"privateaks", "PrivateAKS"},
	{"fluxbootstrap", "FluxBootstrap"},
}

// SecretOutputs are component outputs that hold credentials; the schema
// marks them secret. (The component already wraps the value in a secret.)
var SecretOutputs = map[string]bool{
	"privateaks.PrivateAKS.Kubeconfig": true,
}

// SecretInputs are args that hold credentials; the schema marks them secret.
var SecretInputs = map[string]bool{
	"fluxbootstrap.FluxBootstrapArgs.SSHPrivateKey": true,
	"fluxbootstrap.FluxBootstrapArgs.HTTPSToken":    true,
	"fluxbootstrap.FluxBootstrapArgs.Kubeconfig":    true,
}

// NameOverrides keep a schema name identical to the path the component's
// validation reports for the field (resopt.ArgError, or a spec's Validate),
// where the general rule (lowerCamel, acronyms as words, a spec field's
// JSON name) would spell it differently.
var NameOverrides = map[string]string{
	// The cluster name's JSON name is the stack config's key "name"; the
	// input has been clusterName since the component had the field itself
	// (clusterspec.ArgNameKey).
	"clusterspec.Names.ClusterName": "clusterName",
}

// externalStrings are types of other packages whose underlying type is
// string (Azure SDK enums): mirrored as string and converted back.
var externalStrings = map[string]string{
	"network.FirewallPolicyRuleNetworkProtocol":         "github.com/pulumi/pulumi-azure-native-sdk/network/v2/v20240501",
	"network.FirewallPolicyRuleApplicationProtocolType": "github.com/pulumi/pulumi-azure-native-sdk/network/v2/v20240501",
}

const modulePath = "github.com/privateaks/privateaks"

// pkgInfo is one parsed component package.
type pkgInfo struct {
	name    string
	types   map[string]*ast.TypeSpec
	docs    map[string]string
	imports map[string]string // file-level import name -> path, merged
}

func parsePkg(root, pkg string) (*pkgInfo, error) {
	return parseDir(filepath.Join(root, "components", pkg), pkg)
}

func parseDir(dir, pkg string) (*pkgInfo, error) {
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	pi := &pkgInfo{name: pkg, types: map[string]*ast.TypeSpec{}, docs: map[string]string{}, imports: map[string]string{}}
	for _, e := range entries {
		n := e.Name()
		if !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, n), nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			name := p[strings.LastIndex(p, "/")+1:]
			if im.Name != nil {
				name = im.Name.Name
			}
			pi.imports[name] = p
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.TYPE {
				continue
			}
			for _, s := range g.Specs {
				ts := s.(*ast.TypeSpec)
				pi.types[ts.Name.Name] = ts
				doc := ts.Doc
				if doc == nil && len(g.Specs) == 1 {
					doc = g.Doc
				}
				pi.docs[ts.Name.Name] = docText(doc)
			}
		}
	}
	return pi, nil
}

func docText(cg *ast.CommentGroup) string {
	if cg == nil {
		return ""
	}
	return strings.Join(strings.Fields(cg.Text()), " ")
}

// PulumiName is the schema name of a Go field: lowerCamel with acronyms
// as words ("VnetID" -> "vnetId", "DNSPrefix" -> "dnsPrefix").
func PulumiName(field string) string {
	words := splitWords(field)
	var b strings.Builder
	for i, w := range words {
		if i == 0 {
			b.WriteString(strings.ToLower(w))
			continue
		}
		b.WriteString(strings.ToUpper(w[:1]) + strings.ToLower(w[1:]))
	}
	return b.String()
}

var acronyms = []string{"HTTPS", "HTTP", "GUID", "FQDN", "OIDC", "CIDR", "DDoS", "IDs", "IPs", "SSH", "DNS", "URL", "URI", "GPU", "CPU", "KMS", "SKU", "WAF", "AKS", "ACR", "NSG", "VM", "OS", "GB", "ID", "IP"}

func splitWords(s string) []string {
	var words []string
	for i := 0; i < len(s); {
		matched := false
		for _, a := range acronyms {
			if strings.HasPrefix(s[i:], a) {
				j := i + len(a)
				if j == len(s) || unicode.IsUpper(rune(s[j])) || unicode.IsDigit(rune(s[j])) {
					words = append(words, a)
					i = j
					matched = true
					break
				}
			}
		}
		if matched {
			continue
		}
		j := i + 1
		for j < len(s) && !unicode.IsUpper(rune(s[j])) {
			j++
		}
		words = append(words, s[i:j])
		i = j
	}
	return words
}

// gen is the state of one component's file.
type gen struct {
	pi       *pkgInfo // the component's package
	cur      *pkgInfo // the package of the struct being mirrored
	others   map[string]*pkgInfo
	root     string
	comp     Component
	imports  map[string]string // alias -> path
	emitted  map[string]bool
	order    []string
	decls    map[string]*bytes.Buffer
	Skipped  []string
	annotate map[string]*bytes.Buffer
}

// fieldKind is how a field maps.
type mapping struct {
	goType string                // the provider-side type
	conv   func(x string) string // expression converting provider value x to the component's
}

func (g *gen) mapType(e ast.Expr) (mapping, bool) {
	switch t := e.(type) {
	case *ast.Ident:
		switch t.Name {
		case "string", "int", "bool", "float64":
			return mapping{t.Name, func(x string) string { return x }}, true
		}
		ts, ok := g.cur.types[t.Name]
		if !ok {
			return mapping{}, false
		}
		q := g.qual()
		if ts.Assign.IsValid() {
			// An alias of a struct of another package of the module
			// (privateaks.NetworkArgs = clusterspec.Network): mirrored under
			// the alias's name.
			if epi, ename, ok := g.embedded(g.cur, ts.Type); ok && g.emitStructAs(epi, ename, t.Name, g.cur.docs[t.Name]) {
				return mapping{"*" + t.Name, func(x string) string { return x + ".toComponent()" }}, true
			}
			return mapping{}, false
		}
		switch u := ts.Type.(type) {
		case *ast.StructType:
			if !g.emitStruct(g.cur, t.Name) {
				return mapping{}, false
			}
			return mapping{"*" + t.Name, func(x string) string { return x + ".toComponent()" }}, true
		case *ast.Ident:
			inner, ok := g.mapType(u)
			if !ok || strings.HasPrefix(inner.goType, "*") {
				return mapping{}, false
			}
			return mapping{inner.goType, func(x string) string { return q + t.Name + "(" + x + ")" }}, true
		}
		return mapping{}, false
	case *ast.StarExpr:
		if id, ok := t.X.(*ast.Ident); ok {
			if ts, ok := g.cur.types[id.Name]; ok {
				if _, ok := ts.Type.(*ast.StructType); ok {
					if !g.emitStruct(g.cur, id.Name) {
						return mapping{}, false
					}
					return mapping{"*" + id.Name, func(x string) string { return x + ".toComponentPtr()" }}, true
				}
			}
		}
		inner, ok := g.mapType(t.X)
		if !ok || strings.HasPrefix(inner.goType, "*") {
			return mapping{}, false
		}
		if inner.conv("x") != "x" {
			return mapping{}, false
		}
		return mapping{"*" + inner.goType, func(x string) string { return x }}, true
	case *ast.SelectorExpr:
		pkg := t.X.(*ast.Ident).Name
		full := pkg + "." + t.Sel.Name
		if pkg == "pulumi" {
			switch t.Sel.Name {
			case "StringInput", "StringMapInput", "StringArrayInput", "IntInput", "BoolInput":
				g.imports["pulumi"] = "github.com/pulumi/pulumi/sdk/v3/go/pulumi"
				return mapping{full, func(x string) string { return x }}, true
			}
			return mapping{}, false
		}
		if path := g.cur.imports[pkg]; strings.HasPrefix(path, modulePath+"/") {
			other, err := g.load(path)
			if err != nil {
				return mapping{}, false
			}
			if ts, ok := other.types[t.Sel.Name]; ok {
				if _, ok := ts.Type.(*ast.StructType); ok && g.emitStruct(other, t.Sel.Name) {
					g.imports[pkg] = path
					return mapping{"*" + t.Sel.Name, func(x string) string { return x + ".toComponent()" }}, true
				}
			}
			return mapping{}, false
		}
		if path, ok := externalStrings[full]; ok && g.cur.imports[pkg] == path {
			g.imports[pkg] = path
			return mapping{"string", func(x string) string { return full + "(" + x + ")" }}, true
		}
		return mapping{}, false
	case *ast.ArrayType:
		if t.Len != nil {
			return mapping{}, false
		}
		inner, ok := g.mapType(t.Elt)
		if !ok {
			return mapping{}, false
		}
		elem := strings.TrimPrefix(inner.goType, "*")
		if inner.conv("x") == "x" {
			return mapping{"[]" + inner.goType, func(x string) string { return x }}, true
		}
		compElem := g.compTypeString(t.Elt)
		return mapping{"[]" + elem, func(x string) string {
			g.imports["convert"] = modulePath + "/provider/internal/convert"
			return fmt.Sprintf("convert.Slice(%s, func(v %s) %s { return %s })", x, elem, compElem, inner.conv(g.addr(inner, "v")))
		}}, true
	case *ast.MapType:
		if k, ok := t.Key.(*ast.Ident); !ok || k.Name != "string" {
			return mapping{}, false
		}
		inner, ok := g.mapType(t.Value)
		if !ok {
			return mapping{}, false
		}
		elem := strings.TrimPrefix(inner.goType, "*")
		if inner.conv("x") == "x" {
			return mapping{"map[string]" + inner.goType, func(x string) string { return x }}, true
		}
		compElem := g.compTypeString(t.Value)
		return mapping{"map[string]" + elem, func(x string) string {
			g.imports["convert"] = modulePath + "/provider/internal/convert"
			return fmt.Sprintf("convert.Map(%s, func(v %s) %s { return %s })", x, elem, compElem, inner.conv(g.addr(inner, "v")))
		}}, true
	}
	return mapping{}, false
}

// addr takes the address of a struct element (whose conversion is a method
// on the pointer type).
func (g *gen) addr(m mapping, v string) string {
	if strings.HasPrefix(m.goType, "*") {
		return "(&" + v + ")"
	}
	return v
}

// compTypeString spells a component type expression in the generated file.
func (g *gen) compTypeString(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.Ident:
		if _, ok := g.cur.types[t.Name]; ok {
			return g.qual() + t.Name
		}
		return t.Name
	case *ast.StarExpr:
		return "*" + g.compTypeString(t.X)
	case *ast.SelectorExpr:
		return t.X.(*ast.Ident).Name + "." + t.Sel.Name
	case *ast.ArrayType:
		return "[]" + g.compTypeString(t.Elt)
	case *ast.MapType:
		return "map[" + g.compTypeString(t.Key) + "]" + g.compTypeString(t.Value)
	}
	panic(fmt.Sprintf("unsupported type %T", e))
}

// emitStruct writes the mirror of struct name (once) and reports whether it
// could be mirrored at all (it has at least one mapped field).
func (g *gen) emitStruct(pi *pkgInfo, name string) bool {
	return g.emitStructAs(pi, name, name, "")
}

// emitStructAs mirrors struct name of package pi as type as (an alias's
// name in the component's package, whose doc is aliasDoc).
func (g *gen) emitStructAs(pi *pkgInfo, name, as, aliasDoc string) bool {
	if done, ok := g.emitted[as]; ok {
		return done
	}
	g.emitted[as] = true // provisional, for recursion
	saved := g.cur
	g.cur = pi
	defer func() { g.cur = saved }()
	q := g.qual()
	var fields, convs, ann bytes.Buffer
	mapped := g.structFields(pi, name, as, &fields, &convs, &ann)
	if mapped == 0 {
		g.emitted[as] = false
		return false
	}
	var b bytes.Buffer
	doc := aliasDoc
	if doc == "" {
		doc = pi.docs[name]
	}
	fmt.Fprintf(&b, "// %s mirrors %s%s.\ntype %s struct {\n%s}\n\n", as, q, name, as, fields.String())
	fmt.Fprintf(&b, "// Annotate describes %s with the component's doc comments.\nfunc (a *%s) Annotate(an infer.Annotator) {\n", as, as)
	if doc != "" {
		fmt.Fprintf(&b, "\tan.Describe(a, %q)\n", doc)
	}
	b.WriteString(ann.String())
	b.WriteString("}\n\n")
	fmt.Fprintf(&b, "func (a *%s) toComponent() %s%s {\n\tif a == nil {\n\t\treturn %s%s{}\n\t}\n\treturn %s%s{\n%s\t}\n}\n\n", as, q, name, q, name, q, name, convs.String())
	fmt.Fprintf(&b, "func (a *%s) toComponentPtr() *%s%s {\n\tif a == nil {\n\t\treturn nil\n\t}\n\tv := a.toComponent()\n\treturn &v\n}\n\n", as, q, name)
	g.decls[as] = &b
	g.order = append(g.order, as)
	return true
}

// structFields writes the mirror fields, conversions and descriptions of
// struct name of package pi (g.cur is pi). An embedded struct's fields are
// flattened into the mirror, as Go promotes them, and converted back into
// the embedded value. It returns the number of mapped fields.
func (g *gen) structFields(pi *pkgInfo, name, as string, fields, convs, ann *bytes.Buffer) int {
	st := pi.types[name].Type.(*ast.StructType)
	mapped := 0
	for _, f := range st.Fields.List {
		if len(f.Names) == 0 {
			epi, ename, ok := g.embedded(pi, f.Type)
			if !ok {
				g.Skipped = append(g.Skipped, as+".(embedded)")
				continue
			}
			saved := g.cur
			g.cur = epi
			var inner bytes.Buffer
			mapped += g.structFields(epi, ename, as, fields, &inner, ann)
			eq := g.qual()
			g.cur = saved
			fmt.Fprintf(convs, "\t\t%s: %s%s{\n%s\t\t},\n", ename, eq, ename, inner.String())
			continue
		}
		doc := docText(f.Doc)
		if doc == "" {
			doc = docText(f.Comment)
		}
		for _, n := range f.Names {
			if !n.IsExported() {
				continue
			}
			key := pi.name + "." + name + "." + n.Name
			m, ok := g.mapType(f.Type)
			if !ok {
				g.Skipped = append(g.Skipped, as+"."+n.Name)
				continue
			}
			mapped++
			pname := PulumiName(n.Name)
			if f.Tag != nil {
				tv, _ := strconv.Unquote(f.Tag.Value)
				if j, _, _ := strings.Cut(reflect.StructTag(tv).Get("json"), ","); j != "" && j != "-" {
					// The spec types' JSON names are the stack config's
					// keys and their validation's paths.
					pname = j
				}
			}
			if o, ok := NameOverrides[key]; ok {
				pname = o
			}
			tag := fmt.Sprintf("pulumi:%q", pname+",optional")
			if SecretInputs[key] {
				tag += fmt.Sprintf(" provider:%q", "secret")
			}
			fmt.Fprintf(fields, "\t%s %s `%s`\n", n.Name, m.goType, tag)
			fmt.Fprintf(convs, "\t\t%s: %s,\n", n.Name, m.conv("a."+n.Name))
			if doc != "" {
				fmt.Fprintf(ann, "\tan.Describe(&a.%s, %q)\n", n.Name, doc)
			}
		}
	}
	return mapped
}

// embedded resolves an embedded field's struct type: a struct of the same
// package or of another package of the module.
func (g *gen) embedded(pi *pkgInfo, e ast.Expr) (*pkgInfo, string, bool) {
	switch t := e.(type) {
	case *ast.Ident:
		if ts, ok := pi.types[t.Name]; ok {
			if _, ok := ts.Type.(*ast.StructType); ok {
				return pi, t.Name, true
			}
		}
	case *ast.SelectorExpr:
		pkg := t.X.(*ast.Ident).Name
		if path := pi.imports[pkg]; strings.HasPrefix(path, modulePath+"/") {
			other, err := g.load(path)
			if err != nil {
				return nil, "", false
			}
			if ts, ok := other.types[t.Sel.Name]; ok {
				if _, ok := ts.Type.(*ast.StructType); ok {
					g.imports[other.name] = path
					return other, t.Sel.Name, true
				}
			}
		}
	}
	return nil, "", false
}

// qual is the qualifier of the current package's types in the generated file.
func (g *gen) qual() string {
	if g.cur == g.pi {
		return "c."
	}
	return g.cur.name + "."
}

// load parses another package of the module (for struct args such as
// internal/flowlog.Watcher).
func (g *gen) load(path string) (*pkgInfo, error) {
	if pi, ok := g.others[path]; ok {
		return pi, nil
	}
	rel := strings.TrimPrefix(path, modulePath+"/")
	pi, err := parseDir(filepath.Join(g.root, rel), rel[strings.LastIndex(rel, "/")+1:])
	if err != nil {
		return nil, err
	}
	g.others[path] = pi
	return pi, nil
}

// emitOutputs writes the output type: the component's tagged outputs.
func (g *gen) emitOutputs() (string, error) {
	ts, ok := g.pi.types[g.comp.Type]
	if !ok {
		return "", fmt.Errorf("%s: no type %s", g.comp.Pkg, g.comp.Type)
	}
	st := ts.Type.(*ast.StructType)
	var fields, copies, ann bytes.Buffer
	for _, f := range st.Fields.List {
		if f.Tag == nil || len(f.Names) == 0 {
			continue
		}
		tagv, _ := strconv.Unquote(f.Tag.Value)
		name := reflect.StructTag(tagv).Get("pulumi")
		if name == "" || name == "-" {
			continue
		}
		sel, ok := f.Type.(*ast.SelectorExpr)
		if !ok || sel.X.(*ast.Ident).Name != "pulumi" || !strings.HasSuffix(sel.Sel.Name, "Output") {
			return "", fmt.Errorf("%s.%s: output %s is not a pulumi Output", g.comp.Pkg, g.comp.Type, name)
		}
		doc := docText(f.Doc)
		for _, n := range f.Names {
			tag := fmt.Sprintf("pulumi:%q", name)
			if SecretOutputs[g.comp.Pkg+"."+g.comp.Type+"."+n.Name] {
				tag += fmt.Sprintf(" provider:%q", "secret")
			}
			fmt.Fprintf(&fields, "\t%s pulumi.%s `%s`\n", n.Name, sel.Sel.Name, tag)
			fmt.Fprintf(&copies, "\t\t%s: comp.%s,\n", n.Name, n.Name)
			if doc != "" {
				fmt.Fprintf(&ann, "\tan.Describe(&r.%s, %q)\n", n.Name, doc)
			}
		}
	}
	T := g.comp.Type
	var b bytes.Buffer
	fmt.Fprintf(&b, `// %[1]s is the component as the provider serves it: the resource is the
// one c.New%[1]s registers (privateaks:%[2]s:%[1]s), the fields are its outputs.
type %[1]s struct {
	pulumi.ComponentResource

%[3]s}

// Annotate sets the token the component registers and its descriptions.
func (r *%[1]s) Annotate(an infer.Annotator) {
	an.SetToken(%[2]q, %[1]q)
	an.Describe(r, %[4]q)
%[5]s}

// New%[1]s constructs the component from the provider-side args.
func New%[1]s(ctx *pulumi.Context, name string, args %[1]sArgs, opts ...pulumi.ResourceOption) (*%[1]s, error) {
	comp, err := c.New%[1]s(ctx, name, args.ToComponent(), opts...)
	if err != nil {
		return nil, err
	}
	return &%[1]s{
		ComponentResource: comp,
%[6]s	}, nil
}

`, T, g.comp.Pkg, fields.String(), g.pi.docs[T], ann.String(), copies.String())
	return b.String(), nil
}

// Generate returns the generated file of each component, keyed by its path
// relative to provider/.
func Generate(root string) (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, comp := range Components {
		src, _, err := generateOne(root, comp)
		if err != nil {
			return nil, err
		}
		out[filepath.Join("pkg", comp.Pkg, comp.Pkg+".go")] = src
	}
	return out, nil
}

// SkippedFields are the component fields that have no mirror (they are
// resources or in-process values that cannot cross the provider boundary),
// by component.
func SkippedFields(root string) (map[string][]string, error) {
	out := map[string][]string{}
	for _, comp := range Components {
		_, skipped, err := generateOne(root, comp)
		if err != nil {
			return nil, err
		}
		out[comp.Pkg] = skipped
	}
	return out, nil
}

func generateOne(root string, comp Component) ([]byte, []string, error) {
	pi, err := parsePkg(root, comp.Pkg)
	if err != nil {
		return nil, nil, err
	}
	g := &gen{
		pi: pi, comp: comp,
		imports: map[string]string{
			"c":      modulePath + "/components/" + comp.Pkg,
			"infer":  "github.com/pulumi/pulumi-go-provider/infer",
			"pulumi": "github.com/pulumi/pulumi/sdk/v3/go/pulumi",
		},
		emitted: map[string]bool{}, decls: map[string]*bytes.Buffer{},
		cur: pi, others: map[string]*pkgInfo{}, root: root,
	}
	args := comp.Type + "Args"
	if _, ok := pi.types[args]; !ok {
		return nil, nil, fmt.Errorf("%s: no type %s", comp.Pkg, args)
	}
	if !g.emitStruct(pi, args) {
		return nil, nil, fmt.Errorf("%s: nothing to mirror in %s", comp.Pkg, args)
	}
	outputs, err := g.emitOutputs()
	if err != nil {
		return nil, nil, err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by provider/internal/gen from components/%s; DO NOT EDIT.\n\n", comp.Pkg)
	fmt.Fprintf(&b, "// Package %s serves components/%s through the provider.\n", comp.Pkg, comp.Pkg)
	if len(g.Skipped) > 0 {
		b.WriteString("//\n// Fields without a mirror (resources and in-process values cannot cross\n// the provider boundary; pass dependsOn as a resource option instead):\n")
		for _, s := range g.Skipped {
			fmt.Fprintf(&b, "//   - %s\n", s)
		}
	}
	fmt.Fprintf(&b, "package %s\n\nimport (\n", comp.Pkg)
	aliases := make([]string, 0, len(g.imports))
	for a := range g.imports {
		aliases = append(aliases, a)
	}
	sort.Strings(aliases)
	for _, a := range aliases {
		p := g.imports[a]
		if a == p[strings.LastIndex(p, "/")+1:] && a != "c" {
			fmt.Fprintf(&b, "\t%q\n", p)
		} else {
			fmt.Fprintf(&b, "\t%s %q\n", a, p)
		}
	}
	b.WriteString(")\n\n")
	b.WriteString(outputs)
	// The top-level args first, then nested types in discovery order.
	order := slices.Clone(g.order)
	slices.Reverse(order)
	for _, n := range order {
		d := g.decls[n].String()
		if n == args {
			d = strings.Replace(d, "func (a *"+args+") toComponent() c."+args+" {", "// ToComponent maps the args onto the component's; nothing is defaulted or\n// checked here (the component does both).\nfunc (a *"+args+") ToComponent() *c."+args+" {\n\tv := a.toComponentValue()\n\treturn &v\n}\n\nfunc (a *"+args+") toComponentValue() c."+args+" {", 1)
			d = strings.Replace(d, "func (a *"+args+") toComponentPtr() *c."+args+" {\n\tif a == nil {\n\t\treturn nil\n\t}\n\tv := a.toComponent()\n\treturn &v\n}\n\n", "", 1)
		}
		b.WriteString(d)
	}
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, nil, fmt.Errorf("%s: formatting: %w\n%s", comp.Pkg, err, b.String())
	}
	return src, g.Skipped, nil
}
