package plan

import (
	"fmt"

	"github.com/privateaks/privateaks/internal/verify"
	"github.com/privateaks/privateaks/internal/verify/access"
)

// Models are the independent models' verdicts on a plan: written from
// Azure's specifications and documentation rather than from our components,
// they say whether Azure accepts what we plan and whether the running system
// can do its job. Any finding fails the plan (exit 1), like a failed control.
type Models struct {
	Access access.Report
}

func evaluateModels(p verify.Plan) Models {
	return Models{Access: access.Check(p)}
}

// Findings are every model's findings, in a stable order.
func (m Models) Findings() []verify.Finding {
	out := append([]verify.Finding(nil), m.Access.Findings...)
	verify.Sort(out)
	return out
}

// Failed reports whether any model found a violation.
func (m Models) Failed() bool { return len(m.Findings()) > 0 }

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
