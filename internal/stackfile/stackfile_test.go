package stackfile

import (
	"os"
	"path/filepath"
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
		if _, err := stackconfig.Load(s.Raw); err != nil {
			t.Fatalf("%s: the committed stack file is invalid: %v", stack, err)
		}
	}
}

// Pulumi.yaml must declare exactly the keys the program reads, so that
// `pulumi config` documents them and the CLI type-checks them.
func TestProjectDeclaresEveryKey(t *testing.T) {
	data, err := os.ReadFile("../../Pulumi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var declared []string
	in := false
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "config:") {
			in = true
			continue
		}
		if in && len(line) > 2 && line[0] == ' ' && line[1] == ' ' && line[2] != ' ' {
			declared = append(declared, strings.TrimSuffix(strings.TrimSpace(line), ":"))
		}
	}
	if got, want := strings.Join(declared, ","), strings.Join(stackconfig.Keys(), ","); sortedCSV(got) != sortedCSV(want) {
		t.Fatalf("Pulumi.yaml declares %s\nthe program reads  %s", sortedCSV(got), sortedCSV(want))
	}
}

func sortedCSV(s string) string {
	parts := strings.Split(s, ",")
	for i := range parts {
		for j := i + 1; j < len(parts); j++ {
			if parts[j] < parts[i] {
				parts[i], parts[j] = parts[j], parts[i]
			}
		}
	}
	return strings.Join(parts, ",")
}

func TestSecureValuesStaySecretAndDeclaredSecretsEnforced(t *testing.T) {
	dir := t.TempDir()
	proj, _ := os.ReadFile("../../Pulumi.yaml")
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), proj, 0o644); err != nil {
		t.Fatal(err)
	}
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ok := write("Pulumi.a.yaml", "config:\n  privateaks:fluxHttpsToken:\n    secure: AAABAKZ1dGRhdGE=\n  privateaks:prefix: x\n")
	s, err := LoadFile(filepath.Join(dir, "Pulumi.yaml"), ok, "")
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "a" || !s.Raw.Secrets["privateaks:fluxHttpsToken"] || s.Raw.Values["privateaks:fluxHttpsToken"] != "[secret]" {
		t.Fatalf("secure value not blinded and marked: %+v", s.Raw)
	}
	plain := write("Pulumi.b.yaml", "config:\n  privateaks:fluxHttpsToken: ghp_plaintext\n  privateaks:protect: maybe\n")
	_, err = LoadFile(filepath.Join(dir, "Pulumi.yaml"), plain, "")
	if err == nil || !strings.Contains(err.Error(), "fluxHttpsToken: must be a secret") || !strings.Contains(err.Error(), "protect: value is not of the declared type boolean") {
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
