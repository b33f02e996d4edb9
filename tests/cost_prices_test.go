package tests

import (
	"math"
	"strings"
	"testing"

	"github.com/privateaks/privateaks/internal/azurefacts"
	"github.com/privateaks/privateaks/internal/plan"
)

// The sample stacks' priced items come out at price × quantity × 730 h (or
// × the assumed GB), worked out here from the sources' figures, and the
// items with no sourced price (every VM size, Bastion Standard) stay
// unpriced. Prod, with a Premium firewall and a workspace per cluster,
// costs at least what dev does; with those two prices removed it would not,
// so the ordering is the prices' doing and the check can fail.
func TestStackCostByHand(t *testing.T) {
	dev, prod := planResult(t, "dev"), planResult(t, "prod")
	line := func(r *plan.Result, azureName, itemPrefix string) plan.CostLine {
		t.Helper()
		for _, l := range r.Cost.Lines {
			if l.AzureName == azureName && strings.HasPrefix(l.Item, itemPrefix) {
				return l
			}
		}
		t.Fatalf("%s: no cost line %q for %s", r.Stack, itemPrefix, azureName)
		return plan.CostLine{}
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-6 }
	for _, c := range []struct {
		r         *plan.Result
		azureName string
		item      string
		want      float64
	}{
		{dev, "afw-paks-dev-hub", "Azure Firewall Standard", 1.25 * 730},
		{prod, "afw-paks-prod-hub", "Azure Firewall Premium", 2.496 * 730},
		{dev, "log-paks-dev-hub", "Log Analytics ingestion (PerGB2018)", 2.30 * 5 * 30},
		{dev, "log-paks-dev-blue", "Log Analytics ingestion (PerGB2018)", 2.30 * 5 * 30},
		{prod, "log-paks-prod-hub", "Log Analytics ingestion (PerGB2018)", 2.30 * 5 * 30},
		{prod, "log-paks-prod-green", "Log Analytics ingestion (PerGB2018)", 2.30 * 5 * 30},
	} {
		l := line(c.r, c.azureName, c.item)
		if !l.Priced || !near(l.MinUSD, c.want) || !near(l.MaxUSD, c.want) {
			t.Errorf("%s %s: %s = %v..%v (priced %v), want %v", c.r.Stack, c.azureName, c.item, l.MinUSD, l.MaxUSD, l.Priced, c.want)
		}
	}
	for _, c := range []struct {
		r         *plan.Result
		azureName string
		item      string
	}{
		{dev, "aks-paks-dev-blue", "node pool system: Standard_D2ds_v5"},
		{dev, "vmss-paks-dev-runners", "VM scale set Standard_D2ds_v5"},
		{prod, "aks-paks-prod-blue", "node pool system: Standard_D4ds_v5"},
		{prod, "apps", "node pool apps: Standard_D8ds_v5"},
		{prod, "gpu", "node pool gpu: Standard_NC4as_T4_v3"},
		{prod, "bas-paks-prod-hub", "Azure Bastion Standard"},
	} {
		if l := line(c.r, c.azureName, c.item); l.Priced || l.MinUSD != 0 || l.MaxUSD != 0 {
			t.Errorf("%s %s: %s has no sourced price but is priced at %v..%v", c.r.Stack, c.azureName, c.item, l.MinUSD, l.MaxUSD)
		}
	}

	if prod.Cost.MinUSD < dev.Cost.MinUSD {
		t.Errorf("prod's minimum %v is below dev's %v", prod.Cost.MinUSD, dev.Cost.MinUSD)
	}
	without := func(m string) (azurefacts.Price, bool) {
		if m == "firewall/Premium" || strings.HasPrefix(m, "log-analytics/") {
			return azurefacts.Price{}, false
		}
		return azurefacts.ListPrice(m)
	}
	if p, d := plan.EstimateCostWith(prod.Resources, without), plan.EstimateCostWith(dev.Resources, without); p.MinUSD >= d.MinUSD {
		t.Errorf("without the Premium firewall and Log Analytics prices prod's minimum %v would still reach dev's %v: the check above proves nothing", p.MinUSD, d.MinUSD)
	}
}
