package azurefacts

import (
	"math"
	"strings"
	"testing"
)

// The table restates its sources: each figure below is the one the named
// page prints, checked here independently of the table's code.
func TestListPricesRestateSources(t *testing.T) {
	for _, c := range []struct {
		meter  string
		usd    float64
		unit   PriceUnit
		source string
	}{
		// understanding-pricing.md: "WAF_V2 | $0.443", "1 CU ... $0.0144",
		// "DDoS Protection Standard Cost = $2,944 * 1 (month)".
		{"appgw/WAF_v2", 0.443, PerHour, "understanding-pricing.md"},
		{"appgw-cu/WAF_v2", 0.0144, PerHour, "understanding-pricing.md"},
		{"appgw/Standard_v2", 0.246, PerHour, "understanding-pricing.md"},
		{"appgw-cu/Standard_v2", 0.008, PerHour, "understanding-pricing.md"},
		{"ddos/network-protection", 2944, PerMonth, "understanding-pricing.md"},
		// The Uptime SLA announcement: "$0.10/hour per cluster".
		{"aks-tier/Standard", 0.10, PerHour, "aks-introduces-uptime-sla"},
		{"acr/Basic", 0.167, PerDay, "container-registry-skus"},
		// cost-logs.md's pricing-tier query: "let PerGBPrice = 2.30;".
		{"log-analytics/PerGB2018", 2.30, PerGB, "cost-logs.md"},
	} {
		p, ok := ListPrice(c.meter)
		if !ok || p.USD != c.usd || p.Unit != c.unit || !strings.Contains(p.Source, c.source) || p.ThirdParty {
			t.Errorf("%s: got %+v (ok=%v), want %v per %s from Microsoft's %s", c.meter, p, ok, c.usd, c.unit, c.source)
		}
	}
}

// Every entry names a source and a date, and a third-party one says so in
// its source too; nothing is invented for the sizes we could not source.
func TestListPricesAreSourcedAndDated(t *testing.T) {
	for _, p := range ListPrices() {
		if p.Source == "" || p.SourceDate == "" || p.Description == "" || p.USD < 0 {
			t.Errorf("%s: source, date and description are required: %+v", p.Meter, p)
		}
		if p.ThirdParty != strings.Contains(p.Source, "third party") {
			t.Errorf("%s: ThirdParty=%v but the source reads %q", p.Meter, p.ThirdParty, p.Source)
		}
		if !strings.HasPrefix(p.Source, "https://") && !strings.HasPrefix(p.Source, "MicrosoftDocs/") {
			t.Errorf("%s: source %q is neither a URL nor a repository path", p.Meter, p.Source)
		}
	}
	// Still unsourced (prices.go says why): the sample stacks' VM sizes,
	// Bastion Standard, DNS zones and resolver endpoints, Key Vault
	// operations, storage.
	for _, m := range []string{"bastion/Standard", "bastion/Premium", "vm/Standard_D2ds_v5", "vm/Standard_D4ds_v5", "vm/Standard_D8ds_v5",
		"vm/Standard_NC4as_T4_v3", "private-dns-zone", "dns-resolver-endpoint", "key-vault-operations", "storage/Standard_ZRS"} {
		if _, ok := ListPrice(m); ok {
			t.Errorf("%s has a price, but no source we could name gives one", m)
		}
	}
}

// The third-party figures restate their pages, and say they are third
// party: the dev.to article's "Azure Firewall Premium costs $2.496 per
// hour. Azure Firewall Standard costs $1.25 per hour."
func TestThirdPartyPricesRestateSources(t *testing.T) {
	for _, c := range []struct {
		meter  string
		usd    float64
		unit   PriceUnit
		source string
	}{
		{"firewall/Premium", 2.496, PerHour, "dev.to/muskan_8abedcc7e12/azure-firewall-premium"},
		{"firewall/Standard", 1.25, PerHour, "dev.to/muskan_8abedcc7e12/azure-firewall-premium"},
		{"bastion/Basic", 0.19, PerHour, "getstratolens.com/footguns/idle-azure-bastion"},
	} {
		p, ok := ListPrice(c.meter)
		if !ok || p.USD != c.usd || p.Unit != c.unit || !strings.Contains(p.Source, c.source) || !p.ThirdParty {
			t.Errorf("%s: got %+v (ok=%v), want %v per %s from the third-party page %s", c.meter, p, ok, c.usd, c.unit, c.source)
		}
	}
}

// Log Analytics' free allowances restate architecture-center's
// app-monitoring article: "The first 5 GB ... every month is offered
// free, and the data is retained at no charge for first 31 days".
func TestLogAnalyticsFreeAllowances(t *testing.T) {
	if LogAnalyticsFreeGBPerMonth != 5 || LogAnalyticsFreeRetentionDays != 31 {
		t.Errorf("free allowances = %d GB/month, %d days; the source says 5 GB and 31 days", LogAnalyticsFreeGBPerMonth, LogAnalyticsFreeRetentionDays)
	}
	if !strings.Contains(SourceLogsFree, "5 GB") || !strings.Contains(SourceLogsFree, "31 days") {
		t.Errorf("SourceLogsFree does not quote the allowances: %s", SourceLogsFree)
	}
}

// The monthly figure follows the 730-hour month Azure's examples use:
// understanding-pricing.md's "$0.443 * 730 (Hours) = $323.39".
func TestPerMonth(t *testing.T) {
	p, _ := ListPrice("appgw/WAF_v2")
	if got := p.PerMonth(); math.Abs(got-323.39) > 0.005 {
		t.Errorf("WAF_v2 fixed per month = %v, want 323.39 (the doc's Example 2)", got)
	}
	d, _ := ListPrice("acr/Basic")
	if got, want := d.PerMonth(), 0.167*730/24; math.Abs(got-want) > 1e-9 {
		t.Errorf("per-day price per month = %v, want %v", got, want)
	}
	if got := (Price{Unit: PerGB, USD: 3}).PerMonth(); got != 0 {
		t.Errorf("per-GB price has no monthly figure without a volume, got %v", got)
	}
}
