// Package dnsspec owns the names of the privatelink zones a private AKS
// stack creates and the rule for the extra zones a user may add, written
// once for the stack config (dns.extraZones) and the privatedns component
// (PrivateDNSArgs.ExtraZones). It imports neither Pulumi nor the Azure SDK.
//
// The zone names are Azure's (MicrosoftDocs/azure-docs articles/
// private-link/private-endpoint-dns.md: Container Registry
// privatelink.azurecr.io, Key Vault privatelink.vaultcore.azure.net, AKS
// privatelink.<region>.azmk8s.io; the Azure Monitor zones are
// MicrosoftDocs/azure-monitor-docs articles/azure-monitor/logs/
// private-link-configure.md's).
package dnsspec

import (
	"regexp"

	"github.com/privateaks/privateaks/internal/fielderr"
)

// The zones every stack creates besides the API server's.
const (
	ACRZone      = "privatelink.azurecr.io"
	KeyVaultZone = "privatelink.vaultcore.azure.net"
)

// APIServerZone is the AKS API server's privatelink zone in a region.
func APIServerZone(location string) string { return "privatelink." + location + ".azmk8s.io" }

// AzureMonitorZones are the zones an Azure Monitor Private Link Scope's
// private endpoint (group "azuremonitor") registers its records in, as
// private-link-configure.md ("Review your endpoint's DNS settings") lists
// them: the global endpoints and the data collection endpoints' own
// configuration and ingestion names (monitor), the Log Analytics
// workspace-specific OMS, ODS and agent service names, and the agents'
// solution-pack storage (blob).
var AzureMonitorZones = []string{
	"privatelink.monitor.azure.com",
	"privatelink.oms.opinsights.azure.com",
	"privatelink.ods.opinsights.azure.com",
	"privatelink.agentsvc.azure-automation.net",
	"privatelink.blob.core.windows.net",
}

var zoneRe = regexp.MustCompile(`^privatelink(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)+$`)

// ValidateExtraZones returns every problem of extra zones under path (each
// element at path[i]): a lowercase privatelink name, listed once, and none
// of the zones created anyway (ACR's, Key Vault's, the API server's in
// location), which would be a second resource for the same Azure zone. An
// extra zone may repeat one of AzureMonitorZones: a storage account's
// endpoint shares privatelink.blob.core.windows.net with the scope's, and
// the zone is then created once.
func ValidateExtraZones(zones []string, location, path string) []error {
	var errs []error
	seen := map[string]bool{ACRZone: true, KeyVaultZone: true, APIServerZone(location): true}
	for i, z := range zones {
		p := fielderr.Index(path, i)
		switch {
		case !zoneRe.MatchString(z):
			errs = append(errs, fielderr.New(p, z, "a lowercase privatelink zone name such as \"privatelink.blob.core.windows.net\""))
		case seen[z]:
			errs = append(errs, fielderr.New(p, z, "a zone not already listed or created by default (%s, %s, %s)", ACRZone, KeyVaultZone, APIServerZone(location)))
		}
		seen[z] = true
	}
	return errs
}
