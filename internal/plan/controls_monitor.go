package plan

import (
	"strconv"
	"strings"

	"github.com/privateaks/privateaks/components/privatedns/dnsspec"
	"github.com/privateaks/privateaks/internal/mockengine"
)

// srcMonitorPrivate is where PAKS-MON-04 comes from.
const srcMonitorPrivate = "MicrosoftDocs/azure-monitor-docs articles/azure-monitor/containers/kubernetes-monitoring-private-link.md " +
	"(Managed Prometheus and Container insights ingestion over an Azure Monitor Private Link Scope); articles/azure-monitor/containers/" +
	"kubernetes-monitoring-firewall.md (with AMPLS all data collection rules use data collection endpoints in the scope); " +
	"articles/azure-monitor/logs/private-link-design.md (Private Only ingestion prevents exfiltration) and private-link-configure.md " +
	"(the five privatelink zones; public ingestion off on the resources); insights 2021-09-01 privateLinkScopes_API.json"

// checkPrivateIngestion: metrics and logs ingestion is private. An AMPLS
// with ingestion PrivateOnly, connected by a private endpoint (group
// azuremonitor) whose zone group writes the five zones, each planned and
// linked; every cluster's workspace and data collection endpoints are in
// it, the endpoints refuse public network access, the workspace public
// ingestion, and every rule associated with the cluster names an endpoint.
func checkPrivateIngestion(v *View) []string {
	scopes := v.of("PrivateLinkScope")
	if len(scopes) == 0 {
		return []string{"no Azure Monitor Private Link Scope planned"}
	}
	var f []string
	linked := map[string]bool{}
	for _, r := range v.of("PrivateLinkScopedResource") {
		linked[strings.ToLower(r.String("linkedResourceId"))] = true
	}
	zoneNames := map[string]string{} // zone ID -> name
	linkedZones := map[string]bool{}
	for _, z := range v.of("PrivateZone") {
		zoneNames[strings.ToLower(z.ID)] = z.String("privateZoneName")
		for _, l := range v.of("VirtualNetworkLink") {
			if l.DependsOn(z.URN) && !l.Bool("registrationEnabled") {
				linkedZones[z.String("privateZoneName")] = true
			}
		}
	}
	for _, s := range scopes {
		f = append(f, want(s.String("accessModeSettings.ingestionAccessMode") == "PrivateOnly",
			"Private Link Scope %s: ingestionAccessMode %q, want PrivateOnly", s.String("scopeName"), s.String("accessModeSettings.ingestionAccessMode"))...)
		var pe *mockengine.Resource
		for _, e := range v.of("PrivateEndpoint") {
			if strings.EqualFold(e.String("privateLinkServiceConnections[0].privateLinkServiceId"), s.ID) &&
				has(strsAt(e, "privateLinkServiceConnections[0].groupIds"), "azuremonitor") {
				pe = e
			}
		}
		if pe == nil {
			f = append(f, "Private Link Scope "+s.String("scopeName")+" has no private endpoint of group azuremonitor")
			continue
		}
		written := map[string]bool{}
		for _, g := range v.of("PrivateDnsZoneGroup") {
			if g.String("privateEndpointName") != pe.String("privateEndpointName") {
				continue
			}
			for i := 0; i < g.Len("privateDnsZoneConfigs"); i++ {
				written[zoneNames[strings.ToLower(g.String("privateDnsZoneConfigs["+strconv.Itoa(i)+"].privateDnsZoneId"))]] = true
			}
		}
		// The zones private-link-configure.md lists (dnsspec owns them).
		for _, z := range dnsspec.AzureMonitorZones {
			f = append(f, want(written[z], "private endpoint %s writes no records in %s", pe.String("privateEndpointName"), z)...)
			f = append(f, want(linkedZones[z], "zone %s is not planned or linked to no VNet", z)...)
		}
	}
	f = append(f, each(v, func(c *mockengine.Resource) []string {
		var g []string
		ws := v.byID(c.String("addonProfiles.omsagent.config.logAnalyticsWorkspaceResourceID"))
		if ws == nil {
			g = append(g, "Container Insights workspace is not planned")
		} else {
			g = append(g, want(linked[strings.ToLower(ws.ID)], "workspace %s is in no Private Link Scope", ws.String("workspaceName"))...)
			g = append(g, want(ws.String("publicNetworkAccessForIngestion") == "Disabled", "workspace %s: publicNetworkAccessForIngestion %q, want Disabled", ws.String("workspaceName"), ws.String("publicNetworkAccessForIngestion"))...)
		}
		var dces []string
		for _, a := range v.of("DataCollectionRuleAssociation") {
			if !strings.EqualFold(a.String("resourceUri"), c.ID) {
				continue
			}
			if id := a.String("dataCollectionEndpointId"); id != "" {
				dces = append(dces, id)
			}
			if rule := v.byID(a.String("dataCollectionRuleId")); rule != nil {
				id := rule.String("dataCollectionEndpointId")
				g = append(g, want(id != "", "data collection rule %s names no data collection endpoint", rule.String("dataCollectionRuleName"))...)
				if id != "" {
					dces = append(dces, id)
				}
			}
		}
		g = append(g, want(len(dces) > 0, "no data collection endpoint associated")...)
		for _, id := range dces {
			d := v.byID(id)
			if d == nil {
				g = append(g, "data collection endpoint "+id+" is not planned")
				continue
			}
			g = append(g, want(linked[strings.ToLower(d.ID)], "data collection endpoint %s is in no Private Link Scope", d.String("dataCollectionEndpointName"))...)
			g = append(g, want(d.String("networkAcls.publicNetworkAccess") == "Disabled", "data collection endpoint %s: networkAcls.publicNetworkAccess %q, want Disabled", d.String("dataCollectionEndpointName"), d.String("networkAcls.publicNetworkAccess"))...)
		}
		return dedupeStrings(g)
	})...)
	return f
}

func dedupeStrings(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
