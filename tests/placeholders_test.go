package tests

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/privateaks/privateaks/internal/plan"
)

// TestSampleStacksPlaceholders: the committed stacks are samples whose
// Entra group IDs are placeholders. The protected prod stack is refused
// until they are replaced (exit 2, each key named, nothing planned); dev,
// which protects nothing, is planned and warns about each; the sample is
// still reviewable with -allow-placeholders, which lists them.
func TestSampleStacksPlaceholders(t *testing.T) {
	prodKeys := []string{
		"spokes.blue.cluster.adminGroupObjectIds[0]",
		"spokes.blue.cluster.keyVault.secretsOfficerGroups[0]",
		"spokes.blue.cluster.namespaceAccess.payments.readers[0]",
		"spokes.blue.cluster.namespaceAccess.payments.writers[0]",
		"spokes.green.cluster.adminGroupObjectIds[0]",
		"spokes.green.cluster.keyVault.secretsOfficerGroups[0]",
	}
	var out, errOut bytes.Buffer
	if code := plan.Main([]string{"-dir", "..", "-stack", "prod"}, &out, &errOut); code != 2 {
		t.Fatalf("prod as committed: exit %d, want 2 (placeholders refused)\n%s", code, errOut.String())
	}
	if out.Len() != 0 {
		t.Errorf("a refused stack printed a plan:\n%s", out.String())
	}
	for _, k := range prodKeys {
		if !strings.Contains(errOut.String(), "  - "+k+": ") {
			t.Errorf("the refusal does not name %s:\n%s", k, errOut.String())
		}
	}
	if n := strings.Count(errOut.String(), "\n  - "); n != len(prodKeys) {
		t.Errorf("want exactly the %d placeholders refused, got %d problems:\n%s", len(prodKeys), n, errOut.String())
	}

	out.Reset()
	errOut.Reset()
	if code := plan.Main([]string{"-dir", "..", "-stack", "prod", "-json", "-allow-placeholders"}, &out, &errOut); code != 0 {
		t.Fatalf("prod -allow-placeholders: exit %d\n%s", code, errOut.String())
	}
	var doc struct {
		Placeholders []struct{ Key, Value string } `json:"placeholders"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range doc.Placeholders {
		got = append(got, p.Key)
		if !strings.HasPrefix(p.Value, "00000000-0000-0000-0000-") {
			t.Errorf("placeholder %s = %q", p.Key, p.Value)
		}
	}
	if strings.Join(got, ",") != strings.Join(prodKeys, ",") {
		t.Errorf("JSON placeholders %v, want %v", got, prodKeys)
	}

	out.Reset()
	errOut.Reset()
	if code := plan.Main([]string{"-dir", "..", "-stack", "dev"}, &out, &errOut); code != 0 {
		t.Fatalf("dev: exit %d\n%s", code, errOut.String())
	}
	report := out.String()
	for _, k := range []string{"spokes.blue.cluster.adminGroupObjectIds[0]", "spokes.blue.cluster.keyVault.secretsOfficerGroups[0]", "spokes.blue.cluster.namespaceAccess.apps.writers[0]"} {
		if !strings.Contains(report, "- "+k+": \"00000000-0000-0000-0000-") || !strings.Contains(report, "az ad group show") {
			t.Errorf("dev report does not warn about %s", k)
		}
	}
}

// TestRealGroupIDsPlanCleanly: with the placeholders replaced, the prod
// stack plans without the flag and lists none.
func TestRealGroupIDsPlanCleanly(t *testing.T) {
	s := loadStack(t, "prod")
	s.Raw.AllowPlaceholders = false
	for k, v := range s.Raw.Values {
		s.Raw.Values[k] = strings.ReplaceAll(v, "00000000-0000-0000-0000-0000000000", "7f3a9c2e-5b1d-4e8a-9c3f-6d2e8b1a00")
	}
	r, err := plan.Raw(s.Project, s.Name, s.Raw)
	if err != nil {
		t.Fatalf("prod with real IDs: %v", err)
	}
	var out bytes.Buffer
	r.WriteText(&out)
	if !strings.Contains(out.String(), "Placeholder Entra IDs\n") {
		t.Fatalf("no placeholder section in the report:\n%s", out.String())
	}
	if i := strings.Index(out.String(), "Placeholder Entra IDs\n"); !strings.Contains(out.String()[i:i+80], "none") {
		t.Errorf("placeholder section not empty:\n%s", out.String()[i:i+200])
	}
}
