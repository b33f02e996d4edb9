package plan

import (
	"fmt"
	"strings"

	"github.com/privateaks/privateaks/internal/azurefacts"
	"github.com/privateaks/privateaks/internal/mockengine"
)

// AssumedLogGBPerDay is the ingestion the estimate assumes per Log
// Analytics workspace: a stated assumption, not a measurement (container
// insights, diagnostics and flow logs vary widely with the workload).
const AssumedLogGBPerDay = 5

// CostLine is one billable item of one planned resource, at its minimum and
// maximum monthly cost (node pools and gateways scale between the two).
type CostLine struct {
	URN       string  `json:"urn"`
	Resource  string  `json:"resource"`
	AzureName string  `json:"azureName"`
	Item      string  `json:"item"`
	Quantity  string  `json:"quantity"`
	Meter     string  `json:"meter"`
	Priced    bool    `json:"priced"`
	MinUSD    float64 `json:"minUSD"`
	MaxUSD    float64 `json:"maxUSD"`
	Source    string  `json:"source,omitempty"`
	Note      string  `json:"note,omitempty"`
}

// CostEstimate is a stack's estimated monthly cost from the list-price
// table: informational only, it never fails a plan.
type CostEstimate struct {
	// AsOf is the date the price table was read; HoursPerMonth the month.
	AsOf          string  `json:"asOf"`
	Currency      string  `json:"currency"`
	HoursPerMonth int     `json:"hoursPerMonth"`
	Region        string  `json:"region"`
	Caveat        string  `json:"caveat"`
	MinUSD        float64 `json:"minUSD"`
	MaxUSD        float64 `json:"maxUSD"`
	// Unpriced counts the lines with no list price in the table: they are
	// left out of MinUSD and MaxUSD.
	Unpriced    int                `json:"unpriced"`
	Assumptions []string           `json:"assumptions"`
	Lines       []CostLine         `json:"lines"`
	Prices      []azurefacts.Price `json:"prices"`
}

// PriceLookup finds a meter's list price (azurefacts.ListPrice in
// production).
type PriceLookup func(meter string) (azurefacts.Price, bool)

// EstimateCost prices the planned resources with the azurefacts table.
func EstimateCost(rs []*mockengine.Resource) CostEstimate {
	return EstimateCostWith(rs, azurefacts.ListPrice)
}

// EstimateCostWith prices the planned resources with a price lookup: every
// billable resource gets a line, priced when the lookup knows its meter and
// marked unpriced (and left out of the total) when it does not.
func EstimateCostWith(rs []*mockengine.Resource, lookup PriceLookup) CostEstimate {
	e := CostEstimate{
		AsOf: azurefacts.ReadOn.Format("2006-01-02"), Currency: "USD", HoursPerMonth: azurefacts.HoursPerMonth,
		Region: azurefacts.PriceRegion, Caveat: azurefacts.PriceCaveat,
		Assumptions: []string{
			fmt.Sprintf("every resource runs the whole month (%d hours); node pools and gateways are priced at their minimum and maximum counts", azurefacts.HoursPerMonth),
			fmt.Sprintf("Log Analytics ingestion of %d GB per day per workspace (30 days), Analytics plan; the first %d GB a month are free, but the source does not say per workspace or per billing account, so nothing is deducted", AssumedLogGBPerDay, azurefacts.LogAnalyticsFreeGBPerMonth),
			"usage meters are excluded: firewall and private endpoint data processed, data transfer, OS and data disks, Key Vault operations",
			"Linux, pay-as-you-go VM prices; Windows pools carry a licence and Spot pools a variable discounted price, neither in the table",
		},
		Lines: []CostLine{}, Prices: []azurefacts.Price{},
	}
	used := map[string]bool{}
	add := func(r *mockengine.Resource, item, meter, qty string, minUnits, maxUnits float64, note string) {
		name, _ := armName(r.ID)
		l := CostLine{URN: r.URN, Resource: shortType(r.Type) + " " + r.Name, AzureName: orDash(name), Item: item, Quantity: qty, Meter: meter, Note: note}
		if p, ok := lookup(meter); ok {
			l.Priced = true
			per := p.PerMonth()
			if p.Unit == azurefacts.PerGB {
				per = p.USD
			}
			l.MinUSD, l.MaxUSD = per*minUnits, per*maxUnits
			l.Source = p.Source
			if !used[meter] {
				used[meter] = true
				e.Prices = append(e.Prices, p)
			}
		} else {
			e.Unpriced++
		}
		e.Lines = append(e.Lines, l)
	}
	for _, r := range rs {
		if !r.Custom {
			continue
		}
		t := r.Type
		switch {
		case strings.HasSuffix(t, ":AzureFirewall"):
			tier := r.String("sku.tier")
			add(r, "Azure Firewall "+tier, "firewall/"+tier, "1 × 730 h", 1, 1, "data processed per GB excluded")
		case strings.HasSuffix(t, ":PublicIPAddress"):
			sku := r.String("sku.name")
			add(r, "public IP "+sku, "public-ip/"+sku, "1 × 730 h", 1, 1, "")
		case strings.HasSuffix(t, ":BastionHost"):
			sku := r.String("sku.name")
			note := ""
			if u := r.Number("scaleUnits"); u > 2 {
				note = fmt.Sprintf("scaleUnits %v: the units above the first two are billed extra and are not in the table", u)
			}
			add(r, "Azure Bastion "+sku, "bastion/"+sku, "1 × 730 h", 1, 1, note)
		case strings.HasSuffix(t, ":Registry") && strings.Contains(t, "containerregistry"):
			sku := r.String("sku.name")
			add(r, "Container Registry "+sku, "acr/"+sku, "1 × 30.4 days", 1, 1, "storage above the included allowance excluded")
		case strings.HasSuffix(t, ":ManagedCluster"):
			tier := r.String("sku.tier")
			add(r, "AKS "+tier+" tier", "aks-tier/"+tier, "1 cluster × 730 h", 1, 1, "")
			pool := func(k string) string { return "agentPoolProfiles[0]." + k }
			addPool(add, r, r.String(pool("name")), r.String(pool("vmSize")), r.String(pool("osType")), r.String(pool("scaleSetPriority")),
				r.Bool(pool("enableAutoScaling")), r.Number(pool("count")), r.Number(pool("minCount")), r.Number(pool("maxCount")))
		case strings.HasSuffix(t, ":AgentPool"):
			addPool(add, r, r.String("agentPoolName"), r.String("vmSize"), r.String("osType"), r.String("scaleSetPriority"),
				r.Bool("enableAutoScaling"), r.Number("count"), r.Number("minCount"), r.Number("maxCount"))
		case strings.HasSuffix(t, ":VirtualMachineScaleSet"):
			size, n := r.String("sku.name"), r.Number("sku.capacity")
			add(r, "VM scale set "+size, vmMeter(size, "", ""), fmt.Sprintf("%v × 730 h", n), n, n, "")
		case strings.HasSuffix(t, ":ApplicationGateway"):
			sku := r.String("sku.name")
			lo, hi := r.Number("autoscaleConfiguration.minCapacity"), r.Number("autoscaleConfiguration.maxCapacity")
			if c := r.Number("sku.capacity"); c > 0 && hi == 0 {
				lo, hi = c, c
			}
			add(r, "Application Gateway "+sku+" (fixed)", "appgw/"+sku, "1 × 730 h", 1, 1, "")
			// Each reserved instance holds 10 capacity units
			// (SourceAppGwPricing); the maximum assumes 10 per instance.
			add(r, "Application Gateway "+sku+" capacity units", "appgw-cu/"+sku, fmt.Sprintf("%v..%v instances × 10 CU × 730 h", lo, hi), lo*10, hi*10,
				"minimum = the reserved minimum instances; maximum assumes 10 CU per instance at maxCapacity")
		case strings.HasSuffix(t, ":DdosProtectionPlan"):
			add(r, "DDoS Network Protection plan", "ddos/network-protection", "1 month", 1, 1, "covers up to 100 public IPs; more are billed extra")
		case strings.HasSuffix(t, ":PrivateEndpoint"):
			add(r, "private endpoint", "private-endpoint", "1 × 730 h", 1, 1, "data processed per GB excluded")
		case strings.HasSuffix(t, ":PrivateZone"):
			add(r, "Private DNS zone", "private-dns-zone", "1 zone", 1, 1, "")
		case strings.HasSuffix(t, ":InboundEndpoint") || strings.HasSuffix(t, ":OutboundEndpoint"):
			add(r, "DNS Private Resolver endpoint", "dns-resolver-endpoint", "1 × 730 h", 1, 1, "")
		case strings.HasSuffix(t, ":Workspace") && strings.Contains(t, "operationalinsights"):
			gb := float64(AssumedLogGBPerDay * 30)
			add(r, "Log Analytics ingestion ("+r.String("sku.name")+")", "log-analytics/"+r.String("sku.name"), fmt.Sprintf("%v GB (assumed %d GB/day)", gb, AssumedLogGBPerDay), gb, gb, fmt.Sprintf("assumed volume; retention beyond the free %d days excluded", azurefacts.LogAnalyticsFreeRetentionDays))
		case strings.HasSuffix(t, ":Vault") && strings.Contains(t, "keyvault"):
			add(r, "Key Vault "+r.String("properties.sku.name"), "key-vault-operations", "per 10,000 operations", 0, 0, "operations only; negligible at our volume")
		case strings.HasSuffix(t, ":StorageAccount"):
			add(r, "storage account "+r.String("sku.name"), "storage/"+r.String("sku.name"), "per GB stored", 0, 0, "capacity and transactions")
		}
	}
	for _, l := range e.Lines {
		if l.Priced {
			e.MinUSD += l.MinUSD
			e.MaxUSD += l.MaxUSD
		}
	}
	return e
}

// addPool adds a node pool's VMs: at minCount and maxCount with the
// autoscaler, at count without it.
func addPool(add func(*mockengine.Resource, string, string, string, float64, float64, string), r *mockengine.Resource, name, size, osType, priority string, autoscale bool, count, lo, hi float64) {
	if !autoscale {
		lo, hi = count, count
	}
	note := ""
	switch {
	case priority == "Spot":
		note = "Spot: priced per hour by demand, not in the table"
	case strings.EqualFold(osType, "Windows"):
		note = "Windows: the VM price includes a licence, not in the table"
	}
	add(r, fmt.Sprintf("node pool %s: %s", name, size), vmMeter(size, osType, priority), fmt.Sprintf("%v..%v nodes × 730 h", lo, hi), lo, hi, note)
}

// vmMeter is the price-table key of a VM size: Linux pay-as-you-go unless
// the pool runs Windows or Spot, which the table keys separately.
func vmMeter(size, osType, priority string) string {
	m := "vm/" + size
	if strings.EqualFold(osType, "Windows") {
		m += "/windows"
	}
	if priority == "Spot" {
		m += "/spot"
	}
	return m
}

// usd formats a monthly amount.
func usd(v float64) string {
	s := fmt.Sprintf("%.2f", v)
	// Thousands separators for reading.
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return "$" + b.String() + "." + frac
}

// Range renders the estimate's total as min..max per month.
func (e CostEstimate) Range() string {
	return usd(e.MinUSD) + " .. " + usd(e.MaxUSD) + " per month"
}

func (r *Result) costSection() section {
	e := r.Cost
	s := section{title: "Estimated monthly cost (list prices, informational)"}
	s.lines = []string{
		fmt.Sprintf("- **Total: %s** for the %d priced items; %d items have no list price in the table and are not in the total", e.Range(), len(e.Lines)-e.Unpriced, e.Unpriced),
		"- Price table read on " + e.AsOf + ": " + e.Region,
		"- " + e.Caveat,
	}
	for _, a := range e.Assumptions {
		s.lines = append(s.lines, "- Assumed: "+a)
	}
	t := table{header: []string{"resource", "Azure name", "item", "quantity", "min/month", "max/month", "note"}}
	for _, l := range e.Lines {
		lo, hi := usd(l.MinUSD), usd(l.MaxUSD)
		if !l.Priced {
			lo, hi = "no list price in the table", "-"
		}
		t.add(l.Resource, l.AzureName, l.Item, l.Quantity, lo, hi, orDash(l.Note))
	}
	p := table{caption: "Prices used", header: []string{"meter", "USD", "per", "source", "source date"}}
	for _, x := range e.Prices {
		// A third-party source says so in its own text (azurefacts).
		p.add(x.Meter, fmt.Sprintf("%g", x.USD), string(x.Unit), x.Source, x.SourceDate)
	}
	s.tables = []table{t, p}
	return s
}

// CostTable renders stacks' estimates side by side as the Markdown table
// README.md carries (tests hold README to it): the total range, the priced
// and unpriced item counts, and the table's date.
func CostTable(results ...*Result) string {
	var b strings.Builder
	b.WriteString("| stack | estimated monthly cost (min .. max) | priced items | items without a list price (not in the total) | prices read on |\n")
	b.WriteString("| --- | --- | --- | --- | --- |\n")
	for _, r := range results {
		e := r.Cost
		fmt.Fprintf(&b, "| %s | %s .. %s | %d | %d | %s |\n", r.Stack, usd(e.MinUSD), usd(e.MaxUSD), len(e.Lines)-e.Unpriced, e.Unpriced, e.AsOf)
	}
	return b.String()
}
