package hubspec

import (
	"regexp"

	"github.com/privateaks/privateaks/internal/fielderr"
)

// DDoS is Azure DDoS Network Protection for every VNet: an opt-in cost
// choice (a plan is billed monthly; one per tenant is usual).
type DDoS struct {
	// Enabled (default false) creates a plan in the hub's resource group
	// unless PlanID names an existing one.
	Enabled bool   `json:"enabled,omitempty"`
	PlanID  string `json:"planId,omitempty"`
}

var ddosPlanIDRE = regexp.MustCompile(`(?i)^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Network/ddosProtectionPlans/[^/]+$`)

// Validate returns every problem, under path.
func (d DDoS) Validate(path string) []error {
	if d.PlanID == "" {
		return nil
	}
	var errs []error
	at := fielderr.Join(path, "planId")
	if !d.Enabled {
		errs = append(errs, fielderr.New(at, d.PlanID, "only with ddos.enabled true"))
	}
	if !ddosPlanIDRE.MatchString(d.PlanID) {
		errs = append(errs, fielderr.New(at, d.PlanID, "a resource ID /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/ddosProtectionPlans/<name>"))
	}
	return errs
}
