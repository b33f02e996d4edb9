package tests

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/privateaks/privateaks/internal/plan"
)

// Namespace slips in a stack file are refused with the key to write, in the
// same run as every other problem: a namespace one letter off ("privateak:tags")
// would drop the key and quietly leave its default in force, and a key
// without a namespace is read as privateaks:<key> and silently replaces the
// namespaced one beside it.
func TestPlanRefusesNamespaceSlips(t *testing.T) {
	dir := t.TempDir()
	proj, err := os.ReadFile("../Pulumi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dev, err := os.ReadFile("../Pulumi.dev.yaml")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), proj, 0o644)
	misspelt := strings.Replace(string(dev), "  privateaks:tags:\n", "  privateak:tags:\n", 1)
	if misspelt == string(dev) {
		t.Fatal("the dev stack file has no privateaks:tags key to misspell")
	}
	slips := misspelt + "  environment: staging\n" // added at the end of the config block
	os.WriteFile(filepath.Join(dir, "Pulumi.slips.yaml"), []byte(slips), 0o644)
	var out, errOut bytes.Buffer
	code := plan.Main([]string{"-dir", dir, "-stack", "slips"}, &out, &errOut)
	if code != 2 {
		t.Fatalf("exit %d, want 2 (invalid config); stderr:\n%s", code, errOut.String())
	}
	for _, want := range []string{
		`privateak:tags: invalid value "privateak:tags": a key of namespace "privateaks": did you mean "privateaks:tags"?`,
		`environment: invalid value "environment": a key with its namespace, "privateaks:environment"`,
	} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut.String())
		}
	}
}

// A stack name that has no file is said to be missing, with the stacks
// there, instead of planning an empty config that then misses every value.
func TestPlanNamesAMissingStackFile(t *testing.T) {
	var out, errOut bytes.Buffer
	code := plan.Main([]string{"-dir", "..", "-stack", "stagin"}, &out, &errOut)
	if code != 2 || !strings.Contains(errOut.String(), "Pulumi.stagin.yaml does not exist") || !strings.Contains(errOut.String(), "the stacks there: dev, prod") {
		t.Fatalf("exit %d, stderr %q", code, errOut.String())
	}
}
