package main

import (
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
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
