package plan

import (
	"encoding/json"
	"math"
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
