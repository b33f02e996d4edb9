package plan

import (
	"encoding/json"
	"sort"

	"github.com/privateaks/privateaks/internal/verify"
	"github.com/privateaks/privateaks/internal/verify/acceptance"
	"github.com/privateaks/privateaks/internal/verify/access"
	"github.com/privateaks/privateaks/internal/verify/egress"
	"github.com/privateaks/privateaks/stacks/stackconfig"
)

// The JSON document of `plan -json`. This is the machine interface for CI
// and other tools: fields are only ever added, never renamed or removed
// (docs/plan-json.md documents it).
type jsonDoc struct {
	Project      string           `json:"project"`
	Stack        string           `json:"stack"`
	Resources    []jsonResource   `json:"resources"`
	Outputs      map[string]any   `json:"outputs"`
	Controls     []jsonControl    `json:"controls"`
	CriticalPath jsonCriticalPath `json:"criticalPath"`
	// Models are the independent models' verdicts; findings holds every
	// model's findings together.
	Models jsonModels `json:"models"`
	// Placeholders are the Entra IDs still at a sample's placeholder.
	Placeholders []stackconfig.EntraID `json:"placeholders"`
	// Cost is the estimated monthly cost (informational; see
	// docs/plan-json.md).
	Cost CostEstimate `json:"cost"`
}

type jsonModels struct {
	Failed        bool                      `json:"failed"`
	Findings      []verify.Finding          `json:"findings"`
	AsOf          string                    `json:"asOf"`
	Egress        egress.Report             `json:"egress"`
	Access        access.Report             `json:"access"`
	Acceptance    jsonAcceptance            `json:"acceptance"`
	Prerequisites []acceptance.Prerequisite `json:"prerequisites"`
}

type jsonAcceptance struct {
	Checked  int              `json:"checked"`
	Findings []verify.Finding `json:"findings"`
}

type jsonResource struct {
	URN            string         `json:"urn"`
	Type           string         `json:"type"`
	Name           string         `json:"name"`
	Parent         string         `json:"parent"`
	Dependencies   []string       `json:"dependencies"`
	Protect        bool           `json:"protect"`
	IgnoreChanges  []string       `json:"ignoreChanges"`
	RetainOnDelete bool           `json:"retainOnDelete"`
	Inputs         map[string]any `json:"inputs"`
}

type jsonControl struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Source   string   `json:"source"`
	Status   string   `json:"status"`
	Findings []string `json:"findings"`
	Waiver   string   `json:"waiver,omitempty"`
	// WaiverUnneeded marks a waiver on a control that passes.
	WaiverUnneeded bool `json:"waiverUnneeded,omitempty"`
}

type jsonCriticalPath struct {
	Minutes float64    `json:"minutes"`
	Steps   []jsonStep `json:"steps"`
}

type jsonStep struct {
	URN     string  `json:"urn"`
	Type    string  `json:"type"`
	Minutes float64 `json:"minutes"`
}

// JSON renders the result as the documented JSON document.
func (r *Result) JSON() ([]byte, error) {
	doc := jsonDoc{Project: r.Project, Stack: r.Stack, Outputs: map[string]any{}, Resources: []jsonResource{}, Controls: []jsonControl{}}
	for _, res := range r.Resources {
		deps := append([]string{}, res.Dependencies...)
		for _, ds := range res.PropertyDependencies {
			deps = append(deps, ds...)
		}
		deps = uniqueSorted(deps)
		doc.Resources = append(doc.Resources, jsonResource{
			URN: res.URN, Type: res.Type, Name: res.Name, Parent: res.Parent,
			Dependencies: deps, Protect: res.Protect,
			IgnoreChanges: append([]string{}, res.IgnoreChanges...), RetainOnDelete: res.RetainOnDelete,
			Inputs: plainMap(res.Inputs),
		})
	}
	for k, v := range r.Outputs {
		doc.Outputs[k] = plainOutput(v)
	}
	for _, c := range r.Controls {
		doc.Controls = append(doc.Controls, jsonControl{ID: c.ID, Title: c.Title, Source: c.Source, Status: string(c.Status), Findings: append([]string{}, c.Findings...), Waiver: c.Waiver, WaiverUnneeded: c.Waiver != "" && c.Status == StatusPass})
	}
	doc.CriticalPath.Minutes = r.CriticalPath.Minutes
	doc.CriticalPath.Steps = []jsonStep{}
	for _, s := range r.CriticalPath.Steps {
		doc.CriticalPath.Steps = append(doc.CriticalPath.Steps, jsonStep{URN: s.URN, Type: s.Type, Minutes: s.Minutes})
	}
	doc.Models = jsonModels{Failed: r.Models.Failed(), Findings: nonNil(r.Models.Findings()), Egress: r.Models.Egress, Access: r.Models.Access}
	doc.Models.Egress.Findings = nonNil(doc.Models.Egress.Findings)
	doc.Models.AsOf = r.Models.AsOf.Format("2006-01-02")
	doc.Models.Acceptance = jsonAcceptance{Checked: r.Models.Acceptance.Checked, Findings: nonNil(r.Models.Acceptance.Findings)}
	doc.Models.Prerequisites = nonNil(r.Models.Prerequisites)
	doc.Models.Access.Findings = nonNil(doc.Models.Access.Findings)
	doc.Placeholders = nonNil(stackconfig.PlaceholderIDs(r.Config))
	doc.Cost = r.Cost
	return json.MarshalIndent(doc, "", "  ")
}

func uniqueSorted(in []string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// nonNil keeps empty lists as [] rather than null in the document.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
