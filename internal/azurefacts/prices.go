package azurefacts

import "sort"

// PriceUnit is what a list price is charged per.
type PriceUnit string

// The units our price table uses.
const (
	PerHour  PriceUnit = "hour"
	PerDay   PriceUnit = "day"
	PerMonth PriceUnit = "month"
	PerGB    PriceUnit = "GB"
)

// HoursPerMonth is the month Azure's own pricing examples use ("Monthly
// price estimates are based on 730 hours of usage per month": SourceAppGwPricing).
const HoursPerMonth = 730

// Price is one list price: a meter of a SKU, what it is charged per, the
// USD figure and where it was read.
type Price struct {
	// Meter is our key for the price, for example "firewall/Standard".
	Meter       string    `json:"meter"`
	Description string    `json:"description"`
	Unit        PriceUnit `json:"unit"`
	USD         float64   `json:"usd"`
	// Source is the URL or repository path the figure was read from;
	// SourceDate is that source's own date ("undated" where it has none).
	Source     string `json:"source"`
	SourceDate string `json:"sourceDate"`
	// ThirdParty marks a figure read from a page that is not Microsoft's.
	ThirdParty bool `json:"thirdParty"`
}

// PerMonth returns the monthly cost of one unit of the meter running all
// month: 730 hours, 730/24 days or one month. Per-GB prices have no
// monthly figure without a volume; PerMonth returns 0 for them.
func (p Price) PerMonth() float64 {
	switch p.Unit {
	case PerHour:
		return p.USD * HoursPerMonth
	case PerDay:
		return p.USD * HoursPerMonth / 24
	case PerMonth:
		return p.USD
	}
	return 0
}

// The price table's terms, printed with every estimate.
const (
	// PriceRegion is what the figures are: the sources quote East US (or
	// do not say), in USD, pay-as-you-go. Other regions differ: westeurope,
	// where the sample stacks deploy, is usually dearer.
	PriceRegion = "USD list prices, pay-as-you-go, as quoted for East US (or undated and region not stated, where marked); westeurope and other regions differ"
	// PriceCaveat says what the estimate is not.
	PriceCaveat = "An estimate from a dated list-price table, not a quote: no discounts, reservations, savings plans, taxes or currency conversion; usage-priced meters (data processed, transfer, operations, disks) are excluded, and log ingestion is priced at an assumed volume; Azure changes its prices without notice, so check the Azure pricing calculator before relying on a figure."
)

// Sources of the price table. Microsoft's own pages first; a third-party
// figure is labelled ThirdParty and carries its URL and date.
const (
	// SourceAppGwPricing gives East US example prices for Application
	// Gateway v2 (fixed and per capacity unit) and the DDoS Protection
	// Standard (now Network Protection) monthly fee (Example 6).
	SourceAppGwPricing = "MicrosoftDocs/azure-docs articles/application-gateway/understanding-pricing.md (ms.date 10/03/2022; 'example prices based on a snapshot of East US pricing')"
	// SourceAKSUptimeSLA announced the Uptime SLA at $0.10 per cluster
	// per hour; the Uptime SLA is what the Standard tier enables by
	// default (SourceAKSTiers).
	SourceAKSUptimeSLA = "https://techcommunity.microsoft.com/t5/apps-on-azure-blog/aks-introduces-uptime-sla/ba-p/1350832 (Microsoft Tech Community, 2020-05-13)"
	// SourceAKSTiers says the Free tier's cluster management is free and
	// that the Standard tier includes the Uptime SLA.
	SourceAKSTiers = "MicrosoftDocs/azure-aks-docs articles/aks/free-standard-pricing-tiers.md (ms.date 06/07/2024)"
	// SourceACRSkus gives the Basic registry's daily price as an example.
	SourceACRSkus = "https://learn.microsoft.com/azure/container-registry/container-registry-skus (example: 'Basic tier registry ... $0.167 per day')"
	// SourceLogsCost is Microsoft's Log Analytics pricing article: its
	// pricing-tier query sets the pay-as-you-go (per GB) price to 2.30,
	// "the pay-as-you-go price for your workspace's region"; the region is
	// not named. Read 2026-12-02.
	SourceLogsCost = "MicrosoftDocs/azure-docs articles/azure-monitor/logs/cost-logs.md (ms.date 03/24/2022; its pricing-tier query: 'let PerGBPrice = 2.30; // Enter the pay-as-you-go price for your workspace's region'; region not stated)"
	// SourceLogsFree states the monthly free ingestion and the free
	// retention of Log Analytics. Read 2026-12-02.
	SourceLogsFree = "MicrosoftDocs/architecture-center docs/reference-architectures/app-service-web-app/app-monitoring-content.md (ms.date 07/28/2022: 'The first 5 GB of data ingested to the Azure Log Analytics service every month is offered free, and the data is retained at no charge for first 31 days')"
	// The third-party pages (read on ReadOn).
	sourceC3xACR        = "https://c3x.dev/resources/azure/azurerm_container_registry (third party, undated)"
	sourceC3xPublicIP   = "https://c3x.dev/resources/azure/azurerm_public_ip (third party, undated)"
	sourceC3xPrivateEP  = "https://c3x.dev/resources/azure/azurerm_private_endpoint/ (third party, undated)"
	sourceDevToFW       = "https://dev.to/muskan_8abedcc7e12/azure-firewall-premium-without-tls-inspection-thats-693month-wasted-33ja (third party, undated)"
	sourceStratoBastion = "https://getstratolens.com/footguns/idle-azure-bastion (third party, updated July 1, 2026; 'roughly $0.19/hour')"
)

// Log Analytics' free allowances (SourceLogsFree). The source does not say
// whether the 5 GB is per workspace or per billing account, so the estimate
// does not deduct it (internal/plan/cost.go says so in its assumptions).
const (
	LogAnalyticsFreeGBPerMonth    = 5
	LogAnalyticsFreeRetentionDays = 31
)

// prices is the table. Deliberately absent, because no source we could
// name gives them (searched 2026-12-02: Microsoft Learn, MicrosoftDocs
// repositories, third-party pricing pages): every VM size (node pools,
// runner scale sets), Azure Bastion Standard and Premium, Private DNS zones
// and their queries, DNS Private Resolver endpoints, Key Vault operations
// and storage accounts. The estimate lists such resources as having no list
// price in the table and leaves them out of the total.
//
// Azure Firewall Premium is the dev.to page's figure, the page that also
// gives Standard's $1.25; another third-party page
// (https://hub.pointfive.co/inefficiencies/azure-firewall-premium-sku-deployed-without-using-premium-features,
// undated) puts Premium's hourly charge only "approximately 40% more" than
// Standard's, so the Premium figure is the least certain in the table.
var prices = []Price{
	{Meter: "aks-tier/Free", Description: "AKS Free tier cluster management", Unit: PerHour, USD: 0, Source: SourceAKSTiers, SourceDate: "2024-06-07"},
	{Meter: "aks-tier/Standard", Description: "AKS Standard tier (Uptime SLA) per cluster", Unit: PerHour, USD: 0.10, Source: SourceAKSUptimeSLA, SourceDate: "2020-05-13"},
	{Meter: "appgw/Standard_v2", Description: "Application Gateway Standard_v2 fixed", Unit: PerHour, USD: 0.246, Source: SourceAppGwPricing, SourceDate: "2022-10-03"},
	{Meter: "appgw-cu/Standard_v2", Description: "Application Gateway Standard_v2 per capacity unit", Unit: PerHour, USD: 0.008, Source: SourceAppGwPricing, SourceDate: "2022-10-03"},
	{Meter: "appgw/WAF_v2", Description: "Application Gateway WAF_v2 fixed", Unit: PerHour, USD: 0.443, Source: SourceAppGwPricing, SourceDate: "2022-10-03"},
	{Meter: "appgw-cu/WAF_v2", Description: "Application Gateway WAF_v2 per capacity unit", Unit: PerHour, USD: 0.0144, Source: SourceAppGwPricing, SourceDate: "2022-10-03"},
	{Meter: "ddos/network-protection", Description: "DDoS Network Protection plan (covers up to 100 public IPs)", Unit: PerMonth, USD: 2944, Source: SourceAppGwPricing, SourceDate: "2022-10-03"},
	{Meter: "acr/Basic", Description: "Container Registry Basic", Unit: PerDay, USD: 0.167, Source: SourceACRSkus, SourceDate: "undated"},
	{Meter: "acr/Standard", Description: "Container Registry Standard", Unit: PerDay, USD: 0.667, Source: sourceC3xACR, SourceDate: "undated", ThirdParty: true},
	{Meter: "acr/Premium", Description: "Container Registry Premium", Unit: PerDay, USD: 1.667, Source: sourceC3xACR, SourceDate: "undated", ThirdParty: true},
	{Meter: "public-ip/Standard", Description: "Standard public IPv4 address", Unit: PerHour, USD: 0.005, Source: sourceC3xPublicIP, SourceDate: "undated", ThirdParty: true},
	{Meter: "private-endpoint", Description: "Private endpoint (data processed excluded)", Unit: PerHour, USD: 0.01, Source: sourceC3xPrivateEP, SourceDate: "undated", ThirdParty: true},
	{Meter: "firewall/Standard", Description: "Azure Firewall Standard deployment (data processed excluded)", Unit: PerHour, USD: 1.25, Source: sourceDevToFW, SourceDate: "undated", ThirdParty: true},
	{Meter: "firewall/Premium", Description: "Azure Firewall Premium deployment (data processed excluded)", Unit: PerHour, USD: 2.496, Source: sourceDevToFW, SourceDate: "undated", ThirdParty: true},
	{Meter: "log-analytics/PerGB2018", Description: "Log Analytics pay-as-you-go (PerGB2018) Analytics Logs ingestion", Unit: PerGB, USD: 2.30, Source: SourceLogsCost, SourceDate: "2022-03-24"},
	{Meter: "bastion/Basic", Description: "Azure Bastion Basic", Unit: PerHour, USD: 0.19, Source: sourceStratoBastion, SourceDate: "2026-07-01", ThirdParty: true},
}

var priceByMeter = func() map[string]Price {
	m := make(map[string]Price, len(prices))
	for _, p := range prices {
		m[p.Meter] = p
	}
	return m
}()

// ListPrice returns the table's price for a meter; ok is false where the
// table has none (the estimate then says so rather than guess).
func ListPrice(meter string) (Price, bool) {
	p, ok := priceByMeter[meter]
	return p, ok
}

// ListPrices returns the whole table, sorted by meter.
func ListPrices() []Price {
	out := append([]Price(nil), prices...)
	sort.Slice(out, func(i, j int) bool { return out[i].Meter < out[j].Meter })
	return out
}
