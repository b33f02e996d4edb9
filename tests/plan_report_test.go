package tests

import (
	"bytes"
	"strings"
	"testing"

	"github.com/privateaks/privateaks/internal/plan"
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
