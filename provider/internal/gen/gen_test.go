package gen

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the generated files under provider/pkg")

// repoRoot is the main module's root (provider/ is one level below it).
const repoRoot = "../../.."

// TestGenerated holds the checked-in mirrors to what the components
// declare today: adding, renaming or retyping a component arg (or its doc
// comment) without regenerating fails here.
func TestGenerated(t *testing.T) {
	files, err := Generate(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	for rel, want := range files {
		path := filepath.Join("../..", rel)
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%s: %v (run go test ./internal/gen -update)", rel, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: run `go test ./internal/gen -update`", rel)
		}
	}
}

// TestGeneratedDetectsDrift shows TestGenerated's comparison can fail: a
// copy of a component package with one more arg generates a different file.
func TestGeneratedDetectsDrift(t *testing.T) {
	tmp := t.TempDir()
	src := filepath.Join(repoRoot, "components", "privatedns")
	dst := filepath.Join(tmp, "components", "privatedns")
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == "privatedns.go" {
			b = bytes.Replace(b, []byte("\tProtect bool\n}"), []byte("\tProtect bool\n\t// Extra is new.\n\tExtra string\n}"), 1)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	orig, _, err := generateOne(repoRoot, Component{"privatedns", "PrivateDNS"})
	if err != nil {
		t.Fatal(err)
	}
	mutated, _, err := generateOne(tmp, Component{"privatedns", "PrivateDNS"})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(orig, mutated) {
		t.Fatal("a new arg did not change the generated file")
	}
	if !bytes.Contains(mutated, []byte("`pulumi:\"extra,optional\"`")) {
		t.Errorf("the new arg is not mirrored:\n%s", mutated)
	}
}

// TestSkippedFields pins the fields that have no mirror: each is a
// resource list or an in-process value. A new field the generator cannot
// map shows up here instead of silently disappearing from the schema.
func TestSkippedFields(t *testing.T) {
	got, err := SkippedFields(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"hubnetwork":    nil,
		"spokenetwork":  nil,
		"privatedns":    nil,
		"identities":    nil,
		"privateaks":    {"PrivateAKSArgs.DependsOn"},
		"fluxbootstrap": {"FluxBootstrapArgs.DependsOn"},
	}
	for pkg, w := range want {
		g := got[pkg]
		slices.Sort(g)
		if !slices.Equal(g, w) {
			t.Errorf("%s: skipped %s, want %s", pkg, strings.Join(g, ", "), strings.Join(w, ", "))
		}
	}
}

func TestPulumiName(t *testing.T) {
	for in, want := range map[string]string{
		"VnetID":              "vnetId",
		"DNSPrefix":           "dnsPrefix",
		"AdminGroupObjectIDs": "adminGroupObjectIds",
		"HTTPSToken":          "httpsToken",
		"SSHPrivateKey":       "sshPrivateKey",
		"OSDiskSizeGB":        "osDiskSizeGb",
		"DDoS":                "ddos",
		"PodCidr":             "podCidr",
		"IssuerURL":           "issuerUrl",
		"GPUSubnets":          "gpuSubnets",
		"VMSize":              "vmSize",
		"KMS":                 "kms",
		"Location":            "location",
		"WorkspaceGUID":       "workspaceGuid",
	} {
		if got := PulumiName(in); got != want {
			t.Errorf("PulumiName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestNamesAreLowerCamel: every generated schema name is lowerCamel with no
// run of capitals (an acronym missing from the list would come out as
// "workspaceGUID" and a program's "workspaceGuid" would be ignored), except
// the names kept equal to the components' error paths.
func TestNamesAreLowerCamel(t *testing.T) {
	files, err := Generate(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile("`pulumi:\"([^,\"]+)")
	allowed := map[string]bool{}
	for _, n := range NameOverrides {
		allowed[n] = true
	}
	seen := 0
	for rel, src := range files {
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			seen++
			n := m[1]
			if allowed[n] {
				continue
			}
			if !regexp.MustCompile(`^[a-z][a-z0-9]*([A-Z][a-z0-9]+)*$`).MatchString(n) {
				t.Errorf("%s: schema name %q is not lowerCamel", rel, n)
			}
		}
	}
	if seen < 100 {
		t.Fatalf("only %d names seen", seen)
	}
}
