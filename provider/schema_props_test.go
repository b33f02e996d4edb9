package main

import (
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/privateaks/privateaks/provider/internal/gen"
)

// TestSchemaTypes checks the schema's types against what the components
// take: plain scalars where the component decides the graph's shape from
// them, inputs where it takes another resource's output, nested objects
// by reference, secrets where the value is a credential. (infer marks only
// scalars plain; arrays, maps and objects are taken as prompt values all
// the same, see README.)
func TestSchemaTypes(t *testing.T) {
	s := parseSchema(t, schemaJSON(t))
	if s.Name != "privateaks" {
		t.Errorf("package name %q", s.Name)
	}
	type want struct {
		typ, ref, items, values string
		plain, secret           bool
	}
	for key, w := range map[string]want{
		"hubnetwork:HubNetwork.location":                 {typ: "string", plain: true},
		"hubnetwork:HubNetwork.resourceGroupName":        {typ: "string"},
		"hubnetwork:HubNetwork.firewall":                 {ref: "#/types/privateaks:hubnetwork:Firewall"},
		"hubnetwork:HubNetwork.bastion":                  {ref: "#/types/privateaks:hubnetwork:Bastion"},
		"hubnetwork:HubNetwork.protect":                  {typ: "boolean", plain: true},
		"hubnetwork:HubNetwork.egress":                   {ref: "#/types/privateaks:hubnetwork:EgressOptions"},
		"hubnetwork:HubNetwork.tags":                     {typ: "object", values: "string"},
		"spokenetwork:SpokeNetwork.nodeSubnets":          {typ: "object", values: "string"},
		"spokenetwork:SpokeNetwork.firewallPrivateIp":    {typ: "string"},
		"spokenetwork:SpokeNetwork.logs":                 {ref: "#/types/privateaks:spokenetwork:Logs"},
		"privatedns:PrivateDNS.vnetLinks":                {typ: "object", values: "string"},
		"identities:Identities.networkScopes":            {typ: "object", values: "string"},
		"privateaks:PrivateAKS.userPools":                {typ: "object", values: "#/types/privateaks:privateaks:NodePoolArgs"},
		"privateaks:PrivateAKS.registryCacheRules":       {typ: "array", items: "#/types/privateaks:privateaks:RegistryCacheRule"},
		"privateaks:PrivateAKS.adminGroupObjectIds":      {typ: "array", items: "string"},
		"privateaks:PrivateAKS.controlPlaneIdentityId":   {typ: "string"},
		"fluxbootstrap:FluxBootstrap.httpsToken":         {typ: "string", secret: true},
		"fluxbootstrap:FluxBootstrap.sshPrivateKey":      {typ: "string", secret: true},
		"fluxbootstrap:FluxBootstrap.kubeconfig":         {typ: "string", secret: true},
		"fluxbootstrap:FluxBootstrap.substitute":         {typ: "object", values: "string"},
		"fluxbootstrap:FluxBootstrap.kustomizations":     {typ: "object", values: "#/types/privateaks:fluxbootstrap:Kustomization"},
		"fluxbootstrap:FluxBootstrap.sshKnownHosts":      {typ: "string", plain: true},
		"privateaks:PrivateAKS.network":                  {ref: "#/types/privateaks:privateaks:NetworkArgs"},
		"privateaks:PrivateAKS.kubernetesVersion":        {typ: "string", plain: true},
		"identities:Identities.privateDnsZoneId":         {typ: "string"},
		"spokenetwork:SpokeNetwork.ddosProtectionPlanId": {typ: "string"},
	} {
		res, prop, _ := strings.Cut(key, ".")
		r, ok := s.Resources["privateaks:"+res]
		if !ok {
			t.Errorf("no resource privateaks:%s", res)
			continue
		}
		if !r.IsComponent {
			t.Errorf("%s is not a component", res)
		}
		p, ok := r.InputProperties[prop]
		if !ok {
			t.Errorf("%s: no input %s", res, prop)
			continue
		}
		got := want{typ: p.Type, ref: p.Ref, plain: p.Plain, secret: p.Secret}
		if p.Items != nil {
			got.items = p.Items.Type + p.Items.Ref
		}
		if p.AdditionalProperties != nil {
			got.values = p.AdditionalProperties.Type + p.AdditionalProperties.Ref
		}
		if got != w {
			t.Errorf("%s: %+v, want %+v", key, got, w)
		}
	}
	// Outputs: the kubeconfig is the one secret.
	var secrets []string
	for tok, r := range s.Resources {
		for name, p := range r.Properties {
			if p.Type != "string" && p.Type != "object" {
				t.Errorf("%s output %s has type %q", tok, name, p.Type)
			}
			if p.Secret {
				secrets = append(secrets, tok+"."+name)
			}
		}
	}
	slices.Sort(secrets)
	if !slices.Equal(secrets, []string{"privateaks:index:Stack.kubeconfigs", "privateaks:privateaks:PrivateAKS.kubeconfig"}) {
		t.Errorf("secret outputs %v, want the kubeconfigs only", secrets)
	}
}

// goDocs reads the doc comments of a component package with go/doc.
func goDocs(t *testing.T, pkg string) *doc.Package {
	t.Helper()
	dir := filepath.Join("..", "components", pkg)
	fset := token.NewFileSet()
	var files []*ast.File
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	d, err := doc.NewFromFiles(fset, files, "github.com/privateaks/privateaks/components/"+pkg)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestSchemaDescriptions: each component and each documented arg carries
// the doc comment the Go component declares (read here with go/doc, not
// with the generator's parser).
func TestSchemaDescriptions(t *testing.T) {
	s := parseSchema(t, schemaJSON(t))
	described := 0
	for _, c := range gen.Components {
		d := goDocs(t, c.Pkg)
		r := s.Resources["privateaks:"+c.Pkg+":"+c.Type]
		for _, typ := range d.Types {
			switch typ.Name {
			case c.Type:
				if r.Description != oneLine(typ.Doc) || r.Description == "" {
					t.Errorf("%s description %q, want %q", c.Type, r.Description, oneLine(typ.Doc))
				}
			case c.Type + "Args":
				st := typ.Decl.Specs[0].(*ast.TypeSpec).Type.(*ast.StructType)
				for _, f := range st.Fields.List {
					if len(f.Names) == 0 {
						// An embedded spec (clusterspec.Settings, fluxspec.Spec):
						// its fields are inputs at this level, under their JSON
						// names, described by the spec's own doc comments.
						described += checkEmbeddedSpec(t, r, c.Type, f.Type)
						continue
					}
					if f.Doc == nil {
						continue
					}
					for _, n := range f.Names {
						name := gen.PulumiName(n.Name)
						if o, ok := gen.NameOverrides[c.Pkg+"."+typ.Name+"."+n.Name]; ok {
							name = o
						}
						p, ok := r.InputProperties[name]
						if !ok {
							if n.Name != "DependsOn" {
								t.Errorf("%s: documented arg %s has no input %s", c.Type, n.Name, name)
							}
							continue
						}
						if p.Description != oneLine(f.Doc.Text()) {
							t.Errorf("%s.%s description %q, want %q", c.Type, name, p.Description, oneLine(f.Doc.Text()))
						}
						described++
					}
				}
			}
		}
	}
	if described < 80 {
		t.Errorf("only %d described args", described)
	}
}

// specDirs are the spec packages' directories under components/.
var specDirs = map[string]string{"clusterspec": "privateaks/clusterspec", "fluxspec": "fluxbootstrap/fluxspec", "hubspec": "hubnetwork/hubspec", "spokespec": "spokenetwork/spokespec"}

// layoutSpecs are the spec packages whose VNet layout the component
// embeds at its top level: the keys of their subnets (cidr.Subnet's Key,
// the paths their validation reports) must be inputs of the component.
var layoutSpecs = map[string]string{"hubnetwork": "hubnetwork/hubspec", "spokenetwork": "spokenetwork/spokespec"}

// checkEmbeddedSpec compares the descriptions of an embedded spec type's
// documented fields with the schema's inputs and returns how many it
// checked.
func checkEmbeddedSpec(t *testing.T, r ResourceSpec, typ string, expr ast.Expr) int {
	t.Helper()
	sel, ok := expr.(*ast.SelectorExpr)
	if !ok {
		return 0
	}
	pkg, _ := sel.X.(*ast.Ident)
	dir, ok := specDirs[pkg.Name]
	if !ok {
		t.Errorf("%s embeds %s.%s, not a spec package this test knows", typ, pkg.Name, sel.Sel.Name)
		return 0
	}
	n := 0
	for _, st := range goDocs(t, dir).Types {
		if st.Name != sel.Sel.Name {
			continue
		}
		for _, f := range st.Decl.Specs[0].(*ast.TypeSpec).Type.(*ast.StructType).Fields.List {
			if f.Doc == nil || f.Tag == nil {
				continue
			}
			name, _, _ := strings.Cut(reflect.StructTag(strings.Trim(f.Tag.Value, "`")).Get("json"), ",")
			if len(f.Names) > 1 {
				// Fields declared together share one doc; the schema gives
				// each the same text.
				name = ""
			}
			if name == "" || name == "-" {
				continue
			}
			if o, ok := gen.NameOverrides[pkg.Name+"."+sel.Sel.Name+"."+f.Names[0].Name]; ok {
				name = o
			}
			p, ok := r.InputProperties[name]
			if !ok {
				t.Errorf("%s: documented spec field %s.%s has no input %s", typ, sel.Sel.Name, f.Names[0].Name, name)
				continue
			}
			if p.Description != oneLine(f.Doc.Text()) {
				t.Errorf("%s.%s description %q, want %q", typ, name, p.Description, oneLine(f.Doc.Text()))
			}
			n++
		}
	}
	return n
}

// TestErrorPathsAreSchemaNames: every argument path the six components'
// validation reports (resopt.ArgError's first argument) starts with an
// input the schema declares, so an error raised through Construct names a
// field the caller can find in the generated SDK.
func TestErrorPathsAreSchemaNames(t *testing.T) {
	s := parseSchema(t, schemaJSON(t))
	re := regexp.MustCompile(`(?:ArgError|Sprintf)\("([a-zA-Z]+)[.\["%:]?`)
	checked := 0
	for _, c := range gen.Components {
		r := s.Resources["privateaks:"+c.Pkg+":"+c.Type]
		files, _ := filepath.Glob(filepath.Join("..", "components", c.Pkg, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				root := m[1]
				if !strings.HasPrefix(m[0], "ArgError") && !strings.HasSuffix(m[0], "[") {
					continue // a Sprintf that is not an argument path
				}
				if _, ok := r.InputProperties[root]; ok {
					checked++
					continue
				}
				if isOtherArgs(c.Pkg, root) {
					continue
				}
				t.Errorf("%s (%s): error path %q is not an input of %s", c.Pkg, filepath.Base(f), root, c.Type)
			}
		}
	}
	keyRe := regexp.MustCompile(`Key: "([a-zA-Z]+)"`)
	for pkg, dir := range layoutSpecs {
		r := s.Resources["privateaks:"+pkg+":"+map[string]string{"hubnetwork": "HubNetwork", "spokenetwork": "SpokeNetwork"}[pkg]]
		files, _ := filepath.Glob(filepath.Join("..", "components", dir, "*.go"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range keyRe.FindAllStringSubmatch(string(b), -1) {
				if _, ok := r.InputProperties[m[1]]; !ok {
					t.Errorf("%s (%s): layout key %q is not an input of %s", pkg, filepath.Base(f), m[1], pkg)
					continue
				}
				checked++
			}
		}
	}
	if checked < 40 {
		t.Errorf("only %d error paths checked", checked)
	}
}

// isOtherArgs: paths of the packages' other components (identities'
// WorkloadIdentity and ClusterAccess, which the provider does not serve)
// and of nested types validated on their own (paths relative to them).
func isOtherArgs(pkg, root string) bool {
	other := map[string][]string{
		"identities":    {"identityName", "issuerUrl", "serviceAccounts", "clusterId", "namespaceAccess", "keyVaultId", "keyVaultRole", "readers", "writers"},
		"hubnetwork":    {"egress", "logs"},
		"privateaks":    {"name", "vmSize", "zones", "taints", "subnetId", "dependsOn"},
		"fluxbootstrap": {},
	}
	return slices.Contains(other[pkg], root)
}
