package stackfile

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"

	"github.com/privateaks/privateaks/stacks/stackconfig"
)

func TestRealStackFilesLoadAndValidate(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		s, err := Load("../..", stack)
		if err != nil {
			t.Fatalf("%s: %v", stack, err)
		}
		if s.Project != "privateaks" || s.Name != stack {
			t.Fatalf("got project %q stack %q", s.Project, s.Name)
		}
		if s.Raw.Values["privateaks:location"] == "" || !strings.HasPrefix(s.Raw.Values["privateaks:hub"], "{") {
			t.Fatalf("%s: config not in engine form: %v", stack, s.Raw.Values)
		}
		s.Raw.AllowPlaceholders = true // samples: tests/placeholders_test.go holds the refusal
		if _, err := stackconfig.Load(s.Raw); err != nil {
			t.Fatalf("%s: the committed stack file is invalid: %v", stack, err)
		}
	}
}

// Pulumi.yaml must declare exactly the keys the program reads, less the two
// credentials (a declared secret cannot have a default, so declaring them
// would make them required of every stack; see the comment in Pulumi.yaml),
// so that `pulumi config` documents them and the CLI type-checks them.
func TestProjectDeclaresEveryKey(t *testing.T) {
	proj, err := workspace.LoadProject("../../Pulumi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	declared := map[string]bool{}
	for k := range proj.Config {
		declared[k] = true
	}
	for _, k := range UndeclaredKeys {
		if declared[k] {
			t.Errorf("Pulumi.yaml declares %s, which must stay undeclared", k)
		}
		declared[k] = true
	}
	var got []string
	for k := range declared {
		got = append(got, k)
	}
	sort.Strings(got)
	if g, w := strings.Join(got, ","), strings.Join(stackconfig.Keys(), ","); g != w {
		t.Fatalf("Pulumi.yaml declares (plus undeclared credentials) %s\nthe program reads %s", g, w)
	}
}

// Every optional key defaults to what stackconfig would use anyway, so a
// stack without the key means the same under the CLI (which merges the
// default) as offline.
func TestProjectDefaultsMeanAbsent(t *testing.T) {
	dir := t.TempDir()
	proj, _ := os.ReadFile("../../Pulumi.yaml")
	write(t, dir, "Pulumi.yaml", string(proj))
	body := "config:\n  privateaks:location: westeurope\n  privateaks:prefix: paks\n  privateaks:environment: test\n" +
		"  privateaks:spokes:\n    a:\n      addressSpace: 10.240.0.0/16\n      cluster:\n        adminGroupObjectIds: [6a1f5c2e-4b7d-4e3a-9c1b-2d8e7f6a5b4c]\n" +
		"  privateaks:flux:\n    url: https://github.com/privateaks/cluster-config\n"
	s, err := LoadFile(filepath.Join(dir, "Pulumi.yaml"), write(t, dir, "Pulumi.t.yaml", body), "")
	if err != nil {
		t.Fatal(err)
	}
	withDefaults, err := stackconfig.Decode(s.Raw)
	if err != nil {
		t.Fatal(err)
	}
	bare := stackconfig.Raw{Values: map[string]string{}, Secrets: map[string]bool{}}
	for k, v := range s.Raw.Values {
		short := strings.TrimPrefix(k, "privateaks:")
		if d := declaredDefault(t, short); d == nil || short == "flux" {
			bare.Values[k] = v
		}
	}
	without, err := stackconfig.Decode(bare)
	if err != nil {
		t.Fatal(err)
	}
	a, b := stackconfig.WithDefaults(withDefaults), stackconfig.WithDefaults(without)
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) || s.Raw.Values["privateaks:protect"] == "" {
		t.Fatalf("the project's defaults change the config:\nwith    %s\nwithout %s", ja, jb)
	}
	if s.Raw.Values["privateaks:protect"] != "true" || s.Raw.Values["privateaks:waivers"] != "[]" {
		t.Fatalf("defaults not merged as the CLI merges them: %v", s.Raw.Values)
	}
}

func declaredDefault(t *testing.T, key string) any {
	proj, err := workspace.LoadProject("../../Pulumi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return proj.Config[key].Default
}

func write(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// A stack lacking required keys fails as under the CLI: every missing key in
// one error, in the CLI's words.
func TestMissingRequiredKeys(t *testing.T) {
	dir := t.TempDir()
	proj, _ := os.ReadFile("../../Pulumi.yaml")
	projFile := write(t, dir, "Pulumi.yaml", string(proj))
	_, err := LoadFile(projFile, write(t, dir, "Pulumi.x.yaml", "config:\n  privateaks:prefix: x\n"), "")
	want := "Stack 'x' is missing configuration values 'environment', 'location' and 'spokes'"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("want %q, got %v", want, err)
	}
	_, err = LoadFile(projFile, write(t, dir, "Pulumi.y.yaml", "config:\n  privateaks:prefix: x\n  privateaks:location: l\n  privateaks:environment: e\n"), "")
	want = "Stack 'y' is missing configuration value 'spokes'"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("want %q, got %v", want, err)
	}
}

func TestSecureValuesStaySecretAndDeclaredSecretsEnforced(t *testing.T) {
	dir := t.TempDir()
	projFile := write(t, dir, "Pulumi.yaml", "name: p\nruntime: go\nconfig:\n  token:\n    type: string\n    secret: true\n  protect:\n    type: boolean\n    default: true\n")
	ok := write(t, dir, "Pulumi.a.yaml", "config:\n  p:token:\n    secure: AAABAKZ1dGRhdGE=\n")
	s, err := LoadFile(projFile, ok, "")
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "a" || !s.Raw.Secrets["p:token"] || s.Raw.Values["p:token"] != "[secret]" || s.Raw.Values["p:protect"] != "true" {
		t.Fatalf("secure value not blinded and marked, or default not merged: %+v", s.Raw)
	}
	plain := write(t, dir, "Pulumi.b.yaml", "config:\n  p:token: ghp_plaintext\n  p:protect: maybe\n")
	_, err = LoadFile(projFile, plain, "")
	if err == nil || !strings.Contains(err.Error(), "Stack 'b' with configuration key 'token' must be encrypted as it's secret") ||
		!strings.Contains(err.Error(), "Stack 'b' with configuration key 'protect' must be of type 'boolean'") {
		t.Fatalf("want both declaration problems, got %v", err)
	}
	if strings.Contains(err.Error(), "ghp_plaintext") {
		t.Fatal("error leaks the plaintext credential")
	}
}

// The project builds into a fixed, git-ignored target so that an unchanged
// program is not relinked before every preview (README, Performance).
func TestProjectBuildsIntoIgnoredTarget(t *testing.T) {
	proj, err := workspace.LoadProject("../../Pulumi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if proj.Runtime.Name() != "go" {
		t.Fatalf("runtime %q, want go", proj.Runtime.Name())
	}
	target, _ := proj.Runtime.Options()["buildTarget"].(string)
	if !strings.HasPrefix(target, "bin/") {
		t.Fatalf("runtime.options.buildTarget %q, want a path under bin/", target)
	}
	ignore, err := os.ReadFile("../../.gitignore")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains("\n"+string(ignore), "\n/bin/\n") {
		t.Fatal(".gitignore must ignore /bin/, where the program is built")
	}
}
