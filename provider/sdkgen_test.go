package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/blang/semver"

	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// generatedSDKs generates the TypeScript and Python SDKs from the served
// schema with the Pulumi codegen `pulumi package add` runs.
func generatedSDKs(t *testing.T) (ts, py map[string][]byte) {
	t.Helper()
	var spec schema.PackageSpec
	if err := json.Unmarshal(schemaJSON(t), &spec); err != nil {
		t.Fatal(err)
	}
	bind := func() *schema.Package {
		pkg, err := schema.ImportSpec(spec, nil, noLoader{}, schema.ValidationOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return pkg
	}
	ts, err := nodejs.GeneratePackage("privateaks-test", bind(), nil, nil, true, noLoader{})
	if err != nil {
		t.Fatal(err)
	}
	py, err = python.GeneratePackage("privateaks-test", bind(), nil, noLoader{})
	if err != nil {
		t.Fatal(err)
	}
	return ts, py
}

// sdkProblems checks the README's examples against the generated SDKs:
// the package names they import, the classes they construct and the
// arguments and outputs they use, spelt as each SDK spells them.
func sdkProblems(t *testing.T, readme string, ts, py map[string][]byte) []string {
	t.Helper()
	var out []string
	var pj struct{ Name string }
	if err := json.Unmarshal(ts["package.json"], &pj); err != nil {
		t.Fatal(err)
	}
	tsBlocks, pyBlocks := readmeBlocks(t, readme, "typescript"), readmeBlocks(t, readme, "python")
	for _, b := range tsBlocks {
		if !strings.Contains(b, `from "`+pj.Name+`"`) {
			out = append(out, "typescript: does not import "+pj.Name)
		}
		vars := map[string]string{}
		for _, m := range tsNew.FindAllStringSubmatchIndex(b, -1) {
			v, mod, typ := b[m[2]:m[3]], optional(b, m[4], m[5]), b[m[6]:m[7]]
			file := lowerFirst(typ) + ".ts"
			if mod != "" {
				file = mod + "/" + file
			}
			src, ok := ts[file]
			if !ok || !strings.Contains(string(src), "export class "+typ+" ") {
				out = append(out, "typescript: no class "+mod+"."+typ+" in "+file)
				continue
			}
			vars[v] = string(src)
			for k := range tsObject(t, balanced(t, b, m[1]-1)) {
				if !strings.Contains(string(src), "    "+k+"?: ") && !strings.Contains(string(src), "    "+k+": ") {
					out = append(out, "typescript: "+typ+"Args has no "+k)
				}
			}
		}
		for _, m := range attrRef.FindAllStringSubmatch(b, -1) {
			if src, ok := vars[m[1]]; ok && !strings.Contains(src, " readonly "+m[2]+": pulumi.Output<") {
				out = append(out, "typescript: "+m[1]+"."+m[2]+" is not an output")
			}
		}
	}
	for _, b := range pyBlocks {
		if !strings.Contains(b, "import pulumi_privateaks as privateaks") {
			out = append(out, "python: does not import pulumi_privateaks")
		}
		if _, ok := py["pulumi_privateaks/__init__.py"]; !ok {
			out = append(out, "python: no package pulumi_privateaks")
		}
		vars := map[string]string{}
		for _, m := range pyNew.FindAllStringSubmatchIndex(b, -1) {
			v, mod, typ, arg := b[m[2]:m[3]], optional(b, m[4], m[5]), b[m[6]:m[7]], b[m[8]:m[9]]
			file := "pulumi_privateaks/" + snake(typ) + ".py"
			if mod != "" {
				file = "pulumi_privateaks/" + mod + "/" + snake(typ) + ".py"
			}
			src, ok := py[file]
			if !ok || !strings.Contains(string(src), "class "+typ+"(pulumi.ComponentResource)") {
				out = append(out, "python: no class "+typ+" in "+file)
				continue
			}
			vars[v] = string(src)
			if !strings.Contains(string(src), " "+arg+": ") {
				out = append(out, "python: "+typ+" takes no "+arg)
			}
		}
		for _, m := range attrRef.FindAllStringSubmatch(b, -1) {
			if src, ok := vars[m[1]]; ok && !strings.Contains(src, "def "+m[2]+"(self)") {
				out = append(out, "python: "+m[1]+"."+m[2]+" is not an output")
			}
		}
	}
	return out
}

func lowerFirst(s string) string {
	// The codegen's file names: "HubNetwork" -> "hubNetwork", "PrivateAKS" -> "privateAKS".
	return strings.ToLower(s[:1]) + s[1:]
}

// snake is the Python codegen's module name of a type ("HubNetwork" ->
// "hub_network", "PrivateAKS" -> "private_aks", "PrivateDNS" -> "private_dns").
func snake(s string) string {
	var b strings.Builder
	for i, r := range s {
		up := r >= 'A' && r <= 'Z'
		if up && i > 0 {
			prevLower := s[i-1] >= 'a' && s[i-1] <= 'z'
			nextLower := i+1 < len(s) && s[i+1] >= 'a' && s[i+1] <= 'z'
			if prevLower || (nextLower && s[i-1] >= 'A' && s[i-1] <= 'Z') {
				b.WriteByte('_')
			}
		}
		b.WriteString(strings.ToLower(string(r)))
	}
	return b.String()
}

// TestREADMEExamplesAgainstSDKs: the README's examples use the names the
// generated TypeScript and Python SDKs have.
func TestREADMEExamplesAgainstSDKs(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	ts, py := generatedSDKs(t)
	for _, p := range sdkProblems(t, string(b), ts, py) {
		t.Error(p)
	}
	// The check can fail: wrong package names, a class in the wrong
	// module, an argument and an output the SDKs spell otherwise.
	for from, to := range map[string]string{
		`"@pulumi/privateaks"`:         `"@privateaks/privateaks"`,
		"privateaks.spokenetwork.":     "privateaks.spoke.",
		"    firewallPrivateIp: hub.":  "    firewallPrivateIP: hub.",
		"spoke.subnetIds":              "spoke.subnetIDs",
		"stack.kubeconfigs":            "stack.kube_configs",
		"import pulumi_privateaks as ": "import privateaks_sdk as ",
		`Stack("dev", config=`:         `Stack("dev", configuration=`,
	} {
		mutated := strings.Replace(string(b), from, to, 1)
		if mutated == string(b) {
			t.Fatalf("%q is not in the README", from)
		}
		if len(sdkProblems(t, mutated, ts, py)) == 0 {
			t.Errorf("%q -> %q went unnoticed", from, to)
		}
	}
}

// noLoader loads no other package: the schema references none.
type noLoader struct{}

var errNoPackages = errors.New("the privateaks schema references no other package")

func (noLoader) LoadPackage(string, *semver.Version) (*schema.Package, error) {
	return nil, errNoPackages
}

func (noLoader) LoadPackageV2(context.Context, *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, errNoPackages
}

func (noLoader) LoadPackageReference(string, *semver.Version) (schema.PackageReference, error) {
	return nil, errNoPackages
}

func (noLoader) LoadPackageReferenceV2(context.Context, *schema.PackageDescriptor) (schema.PackageReference, error) {
	return nil, errNoPackages
}
