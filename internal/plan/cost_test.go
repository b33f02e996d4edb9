package plan

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/privateaks/privateaks/internal/azurefacts"
	"github.com/privateaks/privateaks/internal/mockengine"
)

func res(typ, name string, inputs map[string]any) *mockengine.Resource {
	return &mockengine.Resource{Type: typ, Name: name, URN: "urn:" + name, Custom: true,
		ID: "/subscriptions/s/resourceGroups/rg/providers/x/" + name, Inputs: resource.NewPropertyMapFromMap(inputs)}
}

// smallPlan: a firewall, its three public IPs, a Premium registry, a
// Standard-tier cluster with one autoscaled pool, a WAF_v2 gateway
// autoscaling 1..3 instances and a key vault.
func smallPlan(gwMax, poolMax float64) []*mockengine.Resource {
	rs := []*mockengine.Resource{
		res("azure-native:network:AzureFirewall", "fw", map[string]any{"sku": map[string]any{"name": "AZFW_VNet", "tier": "Standard"}}),
		res("azure-native:containerregistry:Registry", "acr", map[string]any{"sku": map[string]any{"name": "Premium"}}),
		res("azure-native:containerservice:ManagedCluster", "aks", map[string]any{"sku": map[string]any{"name": "Base", "tier": "Standard"},
			"agentPoolProfiles": []any{map[string]any{"name": "system", "vmSize": "Standard_D4ds_v5", "enableAutoScaling": true, "minCount": 2, "maxCount": poolMax}}}),
		res("azure-native:network:ApplicationGateway", "agw", map[string]any{"sku": map[string]any{"name": "WAF_v2", "tier": "WAF_v2"},
			"autoscaleConfiguration": map[string]any{"minCapacity": 1, "maxCapacity": gwMax}}),
		res("azure-native:keyvault:Vault", "kv", map[string]any{"properties": map[string]any{"sku": map[string]any{"family": "A", "name": "standard"}}}),
	}
	for _, n := range []string{"pip1", "pip2", "pip3"} {
		rs = append(rs, res("azure-native:network:PublicIPAddress", n, map[string]any{"sku": map[string]any{"name": "Standard"}}))
	}
	return rs
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

// The estimate of the small plan against figures worked out by hand from
// the price table's sources (730 hours; a day is 730/24 hours).
func TestEstimateCostSmallPlanByHand(t *testing.T) {
	e := EstimateCost(smallPlan(3, 5))
	fixed := 1.25*730 + // Azure Firewall Standard
		3*0.005*730 + // three Standard public IPs
		1.667*730/24 + // ACR Premium per day
		0.10*730 + // AKS Standard tier
		0.443*730 // WAF_v2 fixed
	wantMin := fixed + 1*10*0.0144*730 // one reserved instance, 10 CU
	wantMax := fixed + 3*10*0.0144*730 // three instances, 10 CU each
	if !near(e.MinUSD, wantMin) || !near(e.MaxUSD, wantMax) {
		t.Errorf("total = %v..%v, want %v..%v", e.MinUSD, e.MaxUSD, wantMin, wantMax)
	}
	// The pool's VM size and the vault's operations have no list price.
	if e.Unpriced != 2 {
		t.Errorf("unpriced = %d, want 2 (the node pool and the key vault)", e.Unpriced)
	}
	for _, l := range e.Lines {
		if !l.Priced && (l.MinUSD != 0 || l.MaxUSD != 0) {
			t.Errorf("unpriced line %s carries an amount", l.Item)
		}
	}
	if e.AsOf != azurefacts.ReadOn.Format("2006-01-02") || e.Caveat == "" || e.Region == "" || e.HoursPerMonth != 730 {
		t.Errorf("the estimate must carry its date, caveat, region and month: %+v", e)
	}
}

// Flips: the gateway's maxCapacity moves only the maximum, by exactly the
// capacity-unit price × 10 CU × 730 h per instance; a pool's maxCount does
// the same with its VM price (a test price injected, as the table has
// none); removing a meter from the table takes its line out of the total.
func TestEstimateCostFlips(t *testing.T) {
	a, b := EstimateCost(smallPlan(3, 5)), EstimateCost(smallPlan(5, 5))
	if !near(b.MaxUSD-a.MaxUSD, 0.0144*10*730*2) || !near(b.MinUSD, a.MinUSD) {
		t.Errorf("maxCapacity 3→5 changed max by %v and min by %v, want %v and 0", b.MaxUSD-a.MaxUSD, b.MinUSD-a.MinUSD, 0.0144*10*730*2)
	}
	const testVMPrice = 0.5 // a test figure, not a list price
	withVM := func(m string) (azurefacts.Price, bool) {
		if m == "vm/Standard_D4ds_v5" {
			return azurefacts.Price{Meter: m, Unit: azurefacts.PerHour, USD: testVMPrice, Source: "test"}, true
		}
		return azurefacts.ListPrice(m)
	}
	c, d := EstimateCostWith(smallPlan(3, 5), withVM), EstimateCostWith(smallPlan(3, 8), withVM)
	if !near(d.MaxUSD-c.MaxUSD, testVMPrice*730*3) || !near(d.MinUSD, c.MinUSD) || c.Unpriced != 1 {
		t.Errorf("pool maxCount 5→8 changed max by %v (want %v), min by %v (want 0); unpriced %d (want 1)", d.MaxUSD-c.MaxUSD, testVMPrice*730*3, d.MinUSD-c.MinUSD, c.Unpriced)
	}
	if !near(c.MinUSD-a.MinUSD, testVMPrice*730*2) {
		t.Errorf("pool at minCount 2 adds %v to the minimum, want %v", c.MinUSD-a.MinUSD, testVMPrice*730*2)
	}
	noFW := EstimateCostWith(smallPlan(3, 5), func(m string) (azurefacts.Price, bool) {
		if m == "firewall/Standard" {
			return azurefacts.Price{}, false
		}
		return azurefacts.ListPrice(m)
	})
	if !near(a.MinUSD-noFW.MinUSD, 1.25*730) || noFW.Unpriced != a.Unpriced+1 {
		t.Errorf("dropping the firewall price: total fell by %v (want %v), unpriced %d (want %d)", a.MinUSD-noFW.MinUSD, 1.25*730, noFW.Unpriced, a.Unpriced+1)
	}
}

// The JSON carries the estimate with the documented field names.
func TestCostJSONShape(t *testing.T) {
	b, err := json.Marshal(EstimateCost(smallPlan(3, 5)))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"asOf", "currency", "hoursPerMonth", "region", "caveat", "minUSD", "maxUSD", "unpriced", "assumptions", "lines", "prices"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("cost JSON lacks %q: %s", k, b)
		}
	}
	line := doc["lines"].([]any)[0].(map[string]any)
	for _, k := range []string{"urn", "resource", "azureName", "item", "quantity", "meter", "priced", "minUSD", "maxUSD"} {
		if _, ok := line[k]; !ok {
			t.Errorf("cost line lacks %q: %v", k, line)
		}
	}
	price := doc["prices"].([]any)[0].(map[string]any)
	for _, k := range []string{"meter", "description", "unit", "usd", "source", "sourceDate", "thirdParty"} {
		if _, ok := price[k]; !ok {
			t.Errorf("price lacks %q: %v", k, price)
		}
	}
}

// linesOf returns the estimate's lines for the named resource.
func linesOf(e CostEstimate, name string) []CostLine {
	var out []CostLine
	for _, l := range e.Lines {
		if l.URN == "urn:"+name {
			out = append(out, l)
		}
	}
	return out
}

// An Azure Firewall Premium runs the whole month at the dev.to page's
// "$2.496 per hour": 2.496 × 1 firewall × 730 h, min and max alike.
func TestFirewallPremiumPricedByHand(t *testing.T) {
	e := EstimateCost([]*mockengine.Resource{res("azure-native:network:AzureFirewall", "fw", map[string]any{"sku": map[string]any{"name": "AZFW_VNet", "tier": "Premium"}})})
	ls := linesOf(e, "fw")
	if len(ls) != 1 || !ls[0].Priced || ls[0].Meter != "firewall/Premium" {
		t.Fatalf("firewall lines = %+v, want one priced firewall/Premium line", ls)
	}
	want := 2.496 * 1 * 730 // $1,822.08
	if !near(ls[0].MinUSD, want) || !near(ls[0].MaxUSD, want) || !near(e.MinUSD, want) || e.Unpriced != 0 {
		t.Errorf("Premium firewall = %v..%v (total %v, unpriced %d), want %v", ls[0].MinUSD, ls[0].MaxUSD, e.MinUSD, e.Unpriced, want)
	}
	if !strings.Contains(ls[0].Source, "dev.to") || len(e.Prices) != 1 || !e.Prices[0].ThirdParty {
		t.Errorf("the Premium line must name its third-party source: %+v, prices %+v", ls[0], e.Prices)
	}
}

// A PerGB2018 workspace ingests the assumed 5 GB a day for 30 days, 150
// GB, at cost-logs.md's $2.30 per GB; no free allowance is deducted (the
// source does not say whose it is). Any other workspace SKU stays unpriced.
func TestLogAnalyticsIngestionPricedByHand(t *testing.T) {
	ws := func(name, sku string) *mockengine.Resource {
		return res("azure-native:operationalinsights:Workspace", name, map[string]any{"sku": map[string]any{"name": sku}})
	}
	e := EstimateCost([]*mockengine.Resource{ws("log", "PerGB2018"), ws("legacy", "Standalone")})
	want := 2.30 * 5 * 30 // $345.00
	l := linesOf(e, "log")
	if len(l) != 1 || !l[0].Priced || !near(l[0].MinUSD, want) || !near(l[0].MaxUSD, want) || !near(e.MinUSD, want) {
		t.Errorf("PerGB2018 workspace = %+v (total %v), want %v", l, e.MinUSD, want)
	}
	if o := linesOf(e, "legacy"); len(o) != 1 || o[0].Priced || o[0].MinUSD != 0 || e.Unpriced != 1 {
		t.Errorf("a Standalone workspace has no price in the table, want it unpriced: %+v (unpriced %d)", o, e.Unpriced)
	}
	if !strings.Contains(strings.Join(e.Assumptions, "\n"), "first 5 GB a month are free") {
		t.Errorf("the assumptions must say the free allowance is not deducted: %q", e.Assumptions)
	}
}

// A VM size the table has no price for stays unpriced, not zero: the pool
// or scale set line is marked, carries no amount, is counted and leaves the
// total as it was. None of the sample stacks' sizes has a source, so they
// are unpriced; a size that does get a price still leaves its Windows and
// Spot pools unpriced (their meters differ).
func TestUnknownVMSizeStaysUnpriced(t *testing.T) {
	pool := func(name, size, osType, priority string) *mockengine.Resource {
		return res("azure-native:containerservice:AgentPool", name, map[string]any{"agentPoolName": name, "vmSize": size, "osType": osType,
			"scaleSetPriority": priority, "enableAutoScaling": true, "minCount": 1, "maxCount": 3})
	}
	vmss := res("azure-native:compute:VirtualMachineScaleSet", "runners", map[string]any{"sku": map[string]any{"name": "Standard_D2ds_v5", "capacity": 2}})
	rs := []*mockengine.Resource{pool("made", "Standard_Imaginary_v9", "Linux", "Regular"), pool("d4", "Standard_D4ds_v5", "Linux", "Regular"),
		pool("gpu", "Standard_NC4as_T4_v3", "Linux", "Regular"), pool("d8", "Standard_D8ds_v5", "Linux", "Regular"), vmss}
	e := EstimateCost(rs)
	if e.Unpriced != 5 || e.MinUSD != 0 || e.MaxUSD != 0 {
		t.Errorf("unpriced = %d, total %v..%v; want all 5 VM lines unpriced and nothing in the total", e.Unpriced, e.MinUSD, e.MaxUSD)
	}
	for _, l := range e.Lines {
		if l.Priced || l.MinUSD != 0 || l.MaxUSD != 0 || !strings.HasPrefix(l.Meter, "vm/Standard_") {
			t.Errorf("line %s: priced=%v %v..%v meter %q, want unpriced with no amount and its vm/ meter named", l.Item, l.Priced, l.MinUSD, l.MaxUSD, l.Meter)
		}
	}
	// Flip: a price for the made-up size prices its Linux pool only.
	const testVMPrice = 0.25 // a test figure, not a list price
	with := func(m string) (azurefacts.Price, bool) {
		if m == "vm/Standard_Imaginary_v9" {
			return azurefacts.Price{Meter: m, Unit: azurefacts.PerHour, USD: testVMPrice, Source: "test"}, true
		}
		return azurefacts.ListPrice(m)
	}
	f := EstimateCostWith([]*mockengine.Resource{pool("lin", "Standard_Imaginary_v9", "Linux", "Regular"), pool("win", "Standard_Imaginary_v9", "Windows", "Regular"),
		pool("spot", "Standard_Imaginary_v9", "Linux", "Spot")}, with)
	if !near(f.MinUSD, testVMPrice*1*730) || !near(f.MaxUSD, testVMPrice*3*730) || f.Unpriced != 2 {
		t.Errorf("priced size: total %v..%v, unpriced %d; want %v..%v with the Windows and Spot pools unpriced", f.MinUSD, f.MaxUSD, f.Unpriced, testVMPrice*730, testVMPrice*3*730)
	}
}
