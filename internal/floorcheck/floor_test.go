package floorcheck

import (
	"os/exec"
	"sort"
	"strings"
	"testing"
)

const module = "github.com/privateaks/privateaks"

// sdkPrefixes are the module paths whose packages count as "the SDK".
var sdkPrefixes = []string{
	"github.com/pulumi/pulumi-azure-native-sdk/",
	"github.com/pulumi/pulumi-azure/",
	"github.com/pulumi/pulumi-kubernetes/",
	"github.com/pulumi/pulumi/sdk/v3/",
}

func isSDK(p string) bool {
	for _, pre := range sdkPrefixes {
		if strings.HasPrefix(p, pre) {
			return true
		}
	}
	return false
}

// goList runs `go list` with a template over the given patterns.
func goList(t *testing.T, args ...string) []string {
	t.Helper()
	out, err := exec.Command("go", append([]string{"list"}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("go list %v: %v\n%s", args, err, out)
	}
	return strings.Fields(string(out))
}

// programSDKImports are the SDK packages that the program's own packages
// import directly (what a floor must import to compile the same SDK code).
func programSDKImports(t *testing.T) []string {
	deps := goList(t, "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", module)
	var own []string
	for _, d := range deps {
		if d == module || strings.HasPrefix(d, module+"/") {
			own = append(own, d)
		}
	}
	imports := goList(t, append([]string{"-f", `{{join .Imports "\n"}}`}, own...)...)
	set := map[string]bool{}
	for _, i := range imports {
		if isSDK(i) {
			set[i] = true
		}
	}
	return sorted(set)
}

func floorImports(t *testing.T) []string {
	set := map[string]bool{}
	for _, i := range goList(t, "-f", `{{join .Imports "\n"}}`, module+"/internal/buildfloor") {
		if isSDK(i) {
			set[i] = true
		}
	}
	return sorted(set)
}

func sorted(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestBuildFloorImportsMatchProgram(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go tool on PATH")
	}
	prog, floor := programSDKImports(t), floorImports(t)
	if strings.Join(prog, "\n") != strings.Join(floor, "\n") {
		t.Fatalf("internal/buildfloor must import exactly the program's SDK packages\nprogram:\n  %s\nfloor:\n  %s",
			strings.Join(prog, "\n  "), strings.Join(floor, "\n  "))
	}
}
