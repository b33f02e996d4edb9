package plan

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// testOnly are the packages a production command must not link: the public
// test kit (users' test facade over internal/mockengine) and the standard
// testing package.
var testOnly = []string{"github.com/privateaks/privateaks/testkit", "testing"}

// deps lists the packages pkg links (go list -deps), run from the module
// root so that "./cmd/plan" resolves.
func deps(t *testing.T, pkg string) []string {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", pkg)
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps %s: %v", pkg, err)
	}
	return strings.Fields(string(out))
}

// linked returns the test-only packages among list.
func linked(list []string) []string {
	var bad []string
	for _, p := range testOnly {
		if slices.Contains(list, p) {
			bad = append(bad, p)
		}
	}
	return bad
}

// The offline plan runs on internal/mockengine, not on the test kit: the
// command links neither testkit nor testing.
func TestPlanCommandLinksNoTestCode(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	list := deps(t, "./cmd/plan")
	if !slices.Contains(list, "github.com/privateaks/privateaks/internal/mockengine") {
		t.Fatalf("cmd/plan does not link internal/mockengine; the check below would prove nothing")
	}
	if bad := linked(list); len(bad) > 0 {
		t.Fatalf("cmd/plan links test code: %v", bad)
	}
	// Flip: the same check on the test kit itself reports it.
	if bad := linked(deps(t, "./testkit")); !slices.Contains(bad, testOnly[0]) {
		t.Fatalf("the check did not find testkit in go list -deps ./testkit: %v", bad)
	}
}
