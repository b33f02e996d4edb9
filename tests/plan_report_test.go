package tests

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/privateaks/privateaks/internal/plan"
	"github.com/privateaks/privateaks/internal/verify"
)

// The report a reviewer reads lists every pool of every cluster (the user
// pools too), the SKUs, Azure names with their resource groups, and the
// firewall rules — in text and in Markdown for a pull request's summary.
func TestPlanReportIsWorthReviewing(t *testing.T) {
	prod := planResult(t, "prod")
	for _, f := range []plan.Format{plan.FormatText, plan.FormatMarkdown} {
		var b bytes.Buffer
		prod.Write(&b, f)
		out := b.String()
		for _, want := range []string{
			// user pools with size, counts, taints and subnet
			"Standard_NC4as_T4_v3", "0..2", "sku=gpu:NoSchedule", "snet-nodes-gpu 10.241.9.0/27",
			"payments", "tenant=payments:NoSchedule",
			// Azure names and resource groups next to logical names
			"aks-paks-prod-blue", "rg-paks-prod-blue",
			// SKUs
			"tier=Premium", "name=Premium",
			// firewall rules with sources and why
			"gpu-drivers", "nvidia.github.io", "10.241.9.0/27", "mgmt-entra-arm", "GPU enabled AKS clusters",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("%s report lacks %q", f, want)
			}
		}
		if f == plan.FormatMarkdown {
			for _, want := range []string{"## Clusters", "| pool | mode | vm size |", "## Firewall rules", "```"} {
				if !strings.Contains(out, want) {
					t.Errorf("markdown report lacks %q", want)
				}
			}
		} else if strings.Contains(out, "**") || strings.Contains(out, "| --- |") {
			t.Error("the text report carries Markdown syntax")
		}
	}
}

func TestPlanRejectsUnknownFormat(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := plan.Main([]string{"-dir", "..", "-stack", "dev", "-format", "html"}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "want text or markdown") {
		t.Fatalf("exit %d, stderr %q", code, errOut.String())
	}
}

// A model finding fails the plan like a failed control, and the JSON carries
// every model's verdict.
func TestModelFindingsFailThePlan(t *testing.T) {
	dev := planResult(t, "dev")
	if dev.Failed() {
		t.Fatalf("dev fails: %v", dev.Models.Findings())
	}
	if len(dev.Models.Access.Rows) == 0 {
		t.Fatal("the plan carries no access matrix")
	}
	dev.Models.Access.Findings = append(dev.Models.Access.Findings, verify.Finding{Model: "access", Rule: "ACC-TEST", Message: "injected", Source: "test"})
	if !dev.Failed() || dev.ControlsFailed() {
		t.Fatalf("Failed %v ControlsFailed %v: a model finding alone must fail the plan", dev.Failed(), dev.ControlsFailed())
	}
	b, err := dev.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Models struct {
			Failed   bool             `json:"failed"`
			Findings []verify.Finding `json:"findings"`
			Access   struct {
				Rows []map[string]any `json:"rows"`
			} `json:"access"`
		} `json:"models"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if !doc.Models.Failed || len(doc.Models.Findings) != 1 || doc.Models.Findings[0].Rule != "ACC-TEST" || len(doc.Models.Access.Rows) == 0 {
		t.Fatalf("models in JSON: %+v", doc.Models)
	}
}
