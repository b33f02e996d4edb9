package untyped

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Each Kind must register what its typed SDK constructor registers: the same
// token, the same required properties and the same aliases. Read from the
// SDK source in the module cache at the version go.mod pins (no network).
func TestKindsMatchTheTypedSDK(t *testing.T) {
	for _, k := range []Kind{PolicyAssignment, DataCollectionRule, MetricAlert, DiskEncryptionSet, PrivateLinkScope, PrivateLinkScopedResource} {
		t.Run(k.Token, func(t *testing.T) {
			out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", k.SDKModule).Output()
			if err != nil {
				t.Fatalf("go list -m %s: %v", k.SDKModule, err)
			}
			src, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), k.SDKFile))
			if err != nil {
				t.Fatal(err)
			}
			s := string(src)
			// The constructor's body only: up to the first Get<Type> function.
			if i := strings.Index(s, "\nfunc Get"); i > 0 {
				s = s[:i]
			}
			tok := regexp.MustCompile(`ctx\.RegisterResource\("([^"]+)"`).FindStringSubmatch(s)
			if tok == nil || tok[1] != k.Token {
				t.Fatalf("SDK registers %v, Kind has %s", tok, k.Token)
			}
			var aliases []string
			for _, m := range regexp.MustCompile(`Type: pulumi\.String\("([^"]+)"\)`).FindAllStringSubmatch(s, -1) {
				aliases = append(aliases, m[1])
			}
			if len(aliases) == 0 || !sameSet(aliases, k.AliasTypes) {
				t.Errorf("aliases:\n SDK  %v\n Kind %v", aliases, k.AliasTypes)
			}
			var required []string
			for _, m := range regexp.MustCompile(`if args\.(\w+) == nil \{\s*return nil, errors\.New\("invalid value for required argument`).FindAllStringSubmatch(s, -1) {
				required = append(required, strings.ToLower(m[1][:1])+m[1][1:])
			}
			if !sameSet(required, k.Required) {
				t.Errorf("required: SDK %v, Kind %v", required, k.Required)
			}
		})
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
