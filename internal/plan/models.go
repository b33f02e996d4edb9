package plan

import (
	"fmt"
	"time"

	"github.com/privateaks/privateaks/internal/verify"
	"github.com/privateaks/privateaks/internal/verify/acceptance"
	"github.com/privateaks/privateaks/internal/verify/access"
	"github.com/privateaks/privateaks/internal/verify/egress"
)

// Models are the independent models' verdicts on a plan: written from
// Azure's specifications and documentation rather than from our components,
// they say whether Azure accepts what we plan and whether the running system
// can do its job. Any finding fails the plan (exit 1), like a failed control.
type Models struct {
	// AsOf is the date the acceptance model judged the plan for (what AKS
	// can create changes with its release calendar).
	AsOf       time.Time
	Egress     egress.Report
	Access     access.Report
	Acceptance acceptance.Report
	// Prerequisites are what the subscription needs before the first
	// deploy (features, resource providers), with the commands to check
	// and fix each.
	Prerequisites []acceptance.Prerequisite
}

// EvaluateModels runs every model on a plan as of a date: what Raw does
// after planning, exported so that a plan recorded elsewhere (or mutated in
// a test) can be judged the same way.
func EvaluateModels(p verify.Plan, asOf time.Time) Models {
	return Models{
		AsOf:          asOf,
		Egress:        egress.Check(p),
		Access:        access.Check(p),
		Acceptance:    acceptance.Check(p, asOf),
		Prerequisites: acceptance.Prerequisites(p),
	}
}

// Findings are every model's findings, in a stable order.
func (m Models) Findings() []verify.Finding {
	var out []verify.Finding
	for _, fs := range [][]verify.Finding{m.Egress.Findings, m.Access.Findings, m.Acceptance.Findings} {
		out = append(out, fs...)
	}
	verify.Sort(out)
	return out
}

// Failed reports whether any model found a violation (a failed egress flow
// always comes with its finding; Failed asks the models themselves so that
// neither can be missed).
func (m Models) Failed() bool {
	return m.Egress.Failed() || m.Access.Failed() || m.Acceptance.Failed()
}

func (r *Result) acceptanceSection() section {
	rep := r.Models.Acceptance
	s := section{title: fmt.Sprintf("Azure acceptance (as of %s): %d checks of planned inputs against their API version's specification and the service docs, %d findings",
		r.Models.AsOf.Format("2006-01-02"), rep.Checked, len(rep.Findings))}
	s.lines = findingLines(rep.Findings)
	if len(rep.Findings) == 0 {
		s.lines = []string{"none: Azure accepts every planned input that is known before deployment"}
	}
	return s
}

func (r *Result) prerequisitesSection() section {
	s := section{title: "Before the first deploy: subscription prerequisites"}
	t := table{header: []string{"kind", "name", "needed by", "check", "fix", "handled"}}
	for _, p := range r.Models.Prerequisites {
		handled := "by you"
		if p.Automatic {
			handled = "by the program"
		}
		if p.Note != "" {
			handled += " (" + p.Note + ")"
		}
		t.add(p.Kind, p.Name, p.Why, p.Check, p.Fix, handled)
	}
	s.tables = []table{t}
	return s
}

func (r *Result) egressSection() section {
	rep := r.Models.Egress
	counts := map[string]int{}
	for _, f := range rep.Flows {
		counts[f.Status]++
	}
	s := section{title: fmt.Sprintf("Egress matrix: %d flows (%d ok, %d failed, %d unverified), %d findings",
		len(rep.Flows), counts[egress.StatusOK], counts[egress.StatusFail], counts[egress.StatusUnverified], len(rep.Findings))}
	t := table{header: []string{"", "kind", "flow", "from", "destination", "protocol", "decided by"}}
	for _, f := range rep.Flows {
		t.add(f.Status, string(f.Kind), f.ID, f.Subnet+" "+f.SubnetCIDR, f.Destination, f.Protocol, f.Matched)
	}
	s.tables = []table{t}
	for _, n := range rep.Notes {
		s.lines = append(s.lines, "- note: "+n)
	}
	s.lines = append(s.lines, findingLines(rep.Findings)...)
	return s
}

func (r *Result) accessSection() section {
	rep := r.Models.Access
	missing := 0
	for _, row := range rep.Rows {
		if row.Required && !row.Granted {
			missing++
		}
	}
	s := section{title: fmt.Sprintf("Access matrix: %d needs, %d missing, %d findings", len(rep.Rows), missing, len(rep.Findings))}
	t := table{header: []string{"", "persona", "principal", "action", "scope", "role", "granted by"}}
	for _, row := range rep.Rows {
		mark := "ok"
		switch {
		case !row.Required:
			mark = "info"
		case !row.Granted:
			mark = "MISSING"
		}
		by := "-"
		if row.By != "" {
			by = verify.ShortURN(row.By)
		}
		if row.Note != "" {
			by += " (" + row.Note + ")"
		}
		t.add(mark, row.Persona, row.Principal, row.Action, verify.ShortScope(row.Scope), row.Role, by)
	}
	s.tables = []table{t}
	s.lines = findingLines(rep.Findings)
	return s
}

// findingLines lists findings as report lines.
func findingLines(fs []verify.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, "- "+f.String())
	}
	return out
}
