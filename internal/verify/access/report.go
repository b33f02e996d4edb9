package access

import (
	"fmt"
	"sort"
	"strings"

	"github.com/privateaks/privateaks/internal/verify"
)

// Model is the verify.Finding model name of this package.
const Model = "access"

// Row is one line of the access matrix: a persona's principal needs one
// operation on one scope, and the plan grants it (or not).
type Row struct {
	// Persona is who needs access, e.g. "cluster admin group".
	Persona string `json:"persona"`
	// Principal is the group object ID or the identity's name.
	Principal string `json:"principal"`
	// Action is the Azure RBAC operation (action or data action) needed.
	Action string `json:"action"`
	// Role is the least built-in role documented for the need.
	Role string `json:"role"`
	// Scope is the ARM ID the operation must be allowed on.
	Scope string `json:"scope"`
	// Required is false for rows that only inform (a need the plan
	// declares it does not have, or an optional persona nobody fills).
	Required bool `json:"required"`
	// Granted says whether a planned role assignment (or, where the docs
	// say so, a cluster setting) allows the operation on the scope.
	Granted bool `json:"granted"`
	// By is the URN of the assignment that grants it, or the cluster
	// setting ("<cluster URN>#aadProfile.adminGroupObjectIDs").
	By string `json:"by,omitempty"`
	// Note explains a row that is not required.
	Note string `json:"note,omitempty"`
	// Source is the document the need comes from.
	Source string `json:"source"`
}

// Report is the access model's verdict on a plan.
type Report struct {
	Rows     []Row            `json:"rows"`
	Findings []verify.Finding `json:"findings"`
}

// Failed reports whether the model found any violation.
func (r Report) Failed() bool { return len(r.Findings) > 0 }

// Text renders the access matrix and the findings for the plan report.
func (r Report) Text() string {
	var b strings.Builder
	b.WriteString("Access matrix (persona, principal, action, scope, role -> granted by)\n")
	for _, row := range r.Rows {
		mark := "ok  "
		switch {
		case !row.Required:
			mark = "info"
		case !row.Granted:
			mark = "MISS"
		}
		by := verify.ShortURN(row.By)
		if row.By == "" {
			by = "-"
		}
		if row.Note != "" {
			by += " (" + row.Note + ")"
		}
		fmt.Fprintf(&b, "  [%s] %s %s: %s on %s (%s) -> %s\n", mark, row.Persona, row.Principal, row.Action, verify.ShortScope(row.Scope), row.Role, by)
	}
	if len(r.Findings) == 0 {
		b.WriteString("Access findings: none\n")
		return b.String()
	}
	fmt.Fprintf(&b, "Access findings: %d\n", len(r.Findings))
	for _, f := range r.Findings {
		b.WriteString("  " + f.String() + "\n")
	}
	return b.String()
}

// shortScope keeps the provider part of an ARM ID, readable in a report.

func sortRows(rows []Row) {
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		for _, c := range [][2]string{{a.Persona, b.Persona}, {a.Principal, b.Principal}, {a.Scope, b.Scope}, {a.Action, b.Action}, {a.By, b.By}} {
			if c[0] != c[1] {
				return c[0] < c[1]
			}
		}
		return false
	})
}
