package tests

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/privateaks/privateaks/internal/plan"
	"github.com/privateaks/privateaks/stacks/stackconfig"
)

func planResult(t testing.TB, stack string) *plan.Result {
	t.Helper()
	r, err := plan.Dir("..", stack, plan.AllowPlaceholders)
	if err != nil {
		t.Fatalf("plan %s: %v", stack, err)
	}
	return r
}

func TestControlCatalogueMatchesValidation(t *testing.T) {
	var ids []string
	for _, c := range plan.Controls {
		ids = append(ids, c.ID)
		if c.Source == "" || c.Title == "" || c.Check == nil {
			t.Errorf("control %s lacks a title, source or check", c.ID)
		}
	}
	want := append([]string(nil), stackconfig.ControlIDs...)
	sort.Strings(ids)
	sort.Strings(want)
	if strings.Join(ids, ",") != strings.Join(want, ",") {
		t.Fatalf("plan controls %v\nstackconfig.ControlIDs %v", ids, want)
	}
}

func TestPlanJSONShape(t *testing.T) {
	var out, errOut bytes.Buffer
	code := plan.Main([]string{"-dir", "..", "-stack", "prod", "-json", "-allow-placeholders"}, &out, &errOut)
	if code == 2 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	var doc struct {
		Project   string `json:"project"`
		Stack     string `json:"stack"`
		Resources []struct {
			URN            string         `json:"urn"`
			Type           string         `json:"type"`
			Name           string         `json:"name"`
			Parent         string         `json:"parent"`
			Dependencies   []string       `json:"dependencies"`
			Protect        bool           `json:"protect"`
			IgnoreChanges  []string       `json:"ignoreChanges"`
			RetainOnDelete bool           `json:"retainOnDelete"`
			Inputs         map[string]any `json:"inputs"`
		} `json:"resources"`
		Outputs  map[string]any `json:"outputs"`
		Controls []struct {
			ID, Title, Source, Status string
			Findings                  []string
		} `json:"controls"`
		CriticalPath struct {
			Minutes float64 `json:"minutes"`
			Steps   []struct {
				URN     string  `json:"urn"`
				Type    string  `json:"type"`
				Minutes float64 `json:"minutes"`
			} `json:"steps"`
		} `json:"criticalPath"`
		Models struct {
			Failed   bool              `json:"failed"`
			Findings []json.RawMessage `json:"findings"`
			Egress   struct {
				Flows    []json.RawMessage `json:"flows"`
				Findings []json.RawMessage `json:"findings"`
				Notes    []string          `json:"notes"`
			} `json:"egress"`
			Access struct {
				Rows     []json.RawMessage `json:"rows"`
				Findings []json.RawMessage `json:"findings"`
			} `json:"access"`
			AsOf       string `json:"asOf"`
			Acceptance struct {
				Checked  int               `json:"checked"`
				Findings []json.RawMessage `json:"findings"`
			} `json:"acceptance"`
			Prerequisites []json.RawMessage `json:"prerequisites"`
		} `json:"models"`
		Placeholders []struct {
			Key   string `json:"key"`
			Value string `json:"value"`
		} `json:"placeholders"`
		Cost struct {
			AsOf          string            `json:"asOf"`
			Currency      string            `json:"currency"`
			HoursPerMonth int               `json:"hoursPerMonth"`
			Region        string            `json:"region"`
			Caveat        string            `json:"caveat"`
			MinUSD        float64           `json:"minUSD"`
			MaxUSD        float64           `json:"maxUSD"`
			Unpriced      int               `json:"unpriced"`
			Assumptions   []string          `json:"assumptions"`
			Lines         []json.RawMessage `json:"lines"`
			Prices        []json.RawMessage `json:"prices"`
		} `json:"cost"`
	}
	dec := json.NewDecoder(bytes.NewReader(out.Bytes()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("plan -json does not parse into the documented shape: %v", err)
	}
	if doc.Project != "privateaks" || doc.Stack != "prod" {
		t.Errorf("project %q stack %q", doc.Project, doc.Stack)
	}
	// Every resource the stack creates is listed, with its inputs.
	res := planResult(t, "prod")
	if len(doc.Resources) != len(res.Resources) || len(doc.Resources) < 50 {
		t.Fatalf("JSON lists %d resources, the plan has %d", len(doc.Resources), len(res.Resources))
	}
	seen := map[string]bool{}
	for _, r := range doc.Resources {
		if r.URN == "" || r.Type == "" || r.Name == "" || r.Inputs == nil || seen[r.URN] {
			t.Errorf("incomplete or duplicate resource %+v", r)
		}
		seen[r.URN] = true
	}
	for _, r := range doc.Resources {
		if r.Type == "azure-native:network/v20240501:RouteTable" && r.Name == "spoke-blue-rt" {
			routes := r.Inputs["routes"].([]any)
			if routes[0].(map[string]any)["nextHopIpAddress"] != "10.200.0.4" {
				t.Errorf("route inputs not as sent: %v", routes)
			}
		}
	}
	if len(doc.Controls) != len(plan.Controls) || doc.CriticalPath.Minutes <= 0 || len(doc.CriticalPath.Steps) == 0 {
		t.Errorf("controls %d critical path %+v", len(doc.Controls), doc.CriticalPath)
	}
	if doc.Outputs["firewallPrivateIp"] != "10.200.0.4" {
		t.Errorf("outputs: %v", doc.Outputs)
	}
}

// The JSON is a machine interface diffed between runs and commits: the same
// stack must print the same bytes, whatever order the program's goroutines
// registered resources in; and each resource comes after its parent.
func TestPlanJSONIsDeterministicInTreeOrder(t *testing.T) {
	run := func() []byte {
		var out, errOut bytes.Buffer
		if code := plan.Main([]string{"-dir", "..", "-stack", "prod", "-json", "-allow-placeholders"}, &out, &errOut); code != 0 {
			t.Fatalf("exit %d: %s", code, errOut.String())
		}
		return out.Bytes()
	}
	first := run()
	for i := 0; i < 3; i++ {
		if !bytes.Equal(first, run()) {
			t.Fatalf("run %d printed a different document", i+2)
		}
	}
	var doc struct {
		Resources []struct{ URN, Parent string } `json:"resources"`
	}
	if err := json.Unmarshal(first, &doc); err != nil {
		t.Fatal(err)
	}
	at := map[string]int{}
	for i, r := range doc.Resources {
		at[r.URN] = i
	}
	for i, r := range doc.Resources {
		if p, ok := at[r.Parent]; ok && p >= i {
			t.Errorf("%s listed before its parent", r.URN)
		}
	}
}

func TestPlanInvalidConfigExitsWithEveryProblem(t *testing.T) {
	dir := t.TempDir()
	proj, _ := os.ReadFile("../Pulumi.yaml")
	os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), proj, 0o644)
	bad := "config:\n  privateaks:location: mars\n  privateaks:prefix: X\n  privateaks:environment: dev\n  privateaks:spokes: {}\n"
	file := filepath.Join(dir, "Pulumi.bad.yaml")
	os.WriteFile(file, []byte(bad), 0o644)
	var out, errOut bytes.Buffer
	code := plan.Main([]string{"-dir", dir, "-config", file}, &out, &errOut)
	if code != 2 {
		t.Fatalf("exit %d, want 2; stderr %s", code, errOut.String())
	}
	for _, want := range []string{"location:", "prefix:", "spokes:", "flux.url:", "4 problems"} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut.String())
		}
	}
}

func TestWaivers(t *testing.T) {
	dev := planResult(t, "dev")
	var waived []string
	for _, c := range dev.Controls {
		if c.Status == plan.StatusWaived {
			waived = append(waived, c.ID)
			if c.Waiver == "" {
				t.Errorf("%s waived without its reason", c.ID)
			}
		}
	}
	if !contains(waived, "PAKS-NET-06") {
		t.Errorf("dev's waiver of PAKS-NET-06 not listed: %v", waived)
	}
	var out bytes.Buffer
	dev.WriteText(&out)
	if !strings.Contains(out.String(), "WAIVED PAKS-NET-06") || !strings.Contains(out.String(), "waiver: dev uses the Standard firewall") {
		t.Error("the text report does not list the waiver with its reason")
	}

	// A waiver in prod is rejected, unless prod waivers are allowed.
	s := loadStack(t, "prod")
	raw := s.Raw
	raw.Values = copyValues(raw.Values)
	raw.Values["privateaks:waivers"] = `[{"control":"PAKS-OPS-02","reason":"temporary during the tier migration"}]`
	if _, err := plan.Raw(s.Project, s.Name, raw); err == nil || !strings.Contains(err.Error(), "allowProdWaivers") {
		t.Fatalf("prod waiver accepted: %v", err)
	}
	raw.Values["privateaks:allowProdWaivers"] = "true"
	r, err := plan.Raw(s.Project, s.Name, raw)
	if err != nil {
		t.Fatal(err)
	}
	// Prod meets PAKS-OPS-02 (Standard tier), so the waiver is not needed:
	// the control still passes and the report says the waiver can go.
	for _, c := range r.Controls {
		if c.ID == "PAKS-OPS-02" && (c.Status != plan.StatusPass || c.Waiver == "") {
			t.Errorf("waiver on a passing control: status %s, waiver %q; want pass with the waiver kept as unneeded", c.Status, c.Waiver)
		}
	}
	var text bytes.Buffer
	r.WriteText(&text)
	if !strings.Contains(text.String(), "waiver not needed (the control passes; remove it from config): temporary during the tier migration") {
		t.Error("the report does not flag the unneeded waiver")
	}
	if !strings.Contains(strings.Join(plan.OptOuts(r.Config), "\n"), "allowProdWaivers") {
		t.Error("allowProdWaivers is not reported as an opt-out")
	}
}

func copyValues(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// spokesRaw returns prod's config with n copies of the blue spoke, each in
// its own address space.
func spokesRaw(t testing.TB, n int) stackconfig.Raw {
	t.Helper()
	s := loadStack(t, "prod")
	var spokes map[string]map[string]any
	if err := json.Unmarshal([]byte(s.Raw.Values["privateaks:spokes"]), &spokes); err != nil {
		t.Fatal(err)
	}
	blue, _ := json.Marshal(spokes["blue"])
	out := map[string]any{}
	for i := 0; i < n; i++ {
		// Rewrite 10.241. to 10.<i+1>. so every spoke has its own ranges
		// (the hub is 10.200.0.0/24), and make global names unique.
		txt := strings.ReplaceAll(string(blue), "10.241.", fmt.Sprintf("10.%d.", i+1))
		txt = strings.ReplaceAll(txt, "acrpaksprodblue", fmt.Sprintf("acrpaksprods%d", i))
		txt = strings.ReplaceAll(txt, "kv-paks-prod-blue", fmt.Sprintf("kv-paks-prod-s%d", i))
		txt = strings.ReplaceAll(txt, "id-paks-prod-blue-payments", fmt.Sprintf("id-paks-prod-s%d-payments", i))
		var v any
		json.Unmarshal([]byte(txt), &v)
		out[fmt.Sprintf("s%d", i)] = v
	}
	b, _ := json.Marshal(out)
	raw := stackconfig.Raw{Values: copyValues(s.Raw.Values), Secrets: s.Raw.Secrets, AllowPlaceholders: true}
	raw.Values["privateaks:spokes"] = string(b)
	// The runners read their token from a spoke's vault: point them at s0.
	var hub map[string]any
	if err := json.Unmarshal([]byte(raw.Values["privateaks:hub"]), &hub); err == nil {
		if r, ok := hub["runners"].(map[string]any); ok {
			if reg, ok := r["runner"].(map[string]any); ok && reg["keyVaultSpoke"] != nil {
				reg["keyVaultSpoke"] = "s0"
			}
		}
		h, _ := json.Marshal(hub)
		raw.Values["privateaks:hub"] = string(h)
	}
	return raw
}

func TestCriticalPathDoesNotGrowWithSpokes(t *testing.T) {
	one, err := plan.Raw("privateaks", "prod", spokesRaw(t, 1))
	if err != nil {
		t.Fatal(err)
	}
	five, err := plan.Raw("privateaks", "prod", spokesRaw(t, 5))
	if err != nil {
		t.Fatal(err)
	}
	if len(five.Resources) <= len(one.Resources) {
		t.Fatalf("5 spokes planned %d resources, 1 spoke %d", len(five.Resources), len(one.Resources))
	}
	if one.CriticalPath.Minutes != five.CriticalPath.Minutes {
		t.Fatalf("critical path 1 spoke %.1f min, 5 spokes %.1f min", one.CriticalPath.Minutes, five.CriticalPath.Minutes)
	}
	if one.CriticalPath.Minutes < 10 {
		t.Fatalf("critical path %.1f min is implausibly short", one.CriticalPath.Minutes)
	}
}

func BenchmarkPlan(b *testing.B) {
	for _, tc := range []struct {
		name string
		raw  func() (string, stackconfig.Raw)
	}{
		{"dev", func() (string, stackconfig.Raw) { s := loadStack(b, "dev"); return "dev", s.Raw }},
		{"prod", func() (string, stackconfig.Raw) { s := loadStack(b, "prod"); return "prod", s.Raw }},
		{"spokes-10", func() (string, stackconfig.Raw) { return "prod", spokesRaw(b, 10) }},
		// The most spokes a stack takes (stackconfig.MaxSpokes: the Azure
		// Monitor Private Link Scope's 50 resources).
		{"spokes-24", func() (string, stackconfig.Raw) { return "prod", spokesRaw(b, stackconfig.MaxSpokes()) }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			stack, raw := tc.raw()
			var n int
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				r, err := plan.Raw("privateaks", stack, raw)
				if err != nil {
					b.Fatal(err)
				}
				n = len(r.Resources)
			}
			b.ReportMetric(float64(n), "resources")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n)/1e3, "µs/resource")
		})
	}
}
