package egress

import (
	"strings"

	"github.com/privateaks/privateaks/internal/verify"
)

// Private ingestion through an Azure Monitor Private Link Scope (AMPLS),
// read from the plan as the Azure Monitor docs describe it:
//
//   - MicrosoftDocs/azure-monitor-docs articles/azure-monitor/containers/
//     kubernetes-monitoring-firewall.md: "If you use private links, you must
//     only add the private data collection endpoints (DCEs). The
//     containerized agent doesn't use the nonprivate endpoints listed above
//     when using private links/data collection endpoints." and "When using
//     AMA with AMPLS, all of your Data Collection Rules must use Data
//     Collection Endpoints. Those DCEs must be added to the AMPLS".
//   - articles/azure-monitor/logs/private-link-configure.md: an AMPLS holds
//     workspaces and data collection endpoints (scoped resources,
//     linkedResourceId) and is reached through a private endpoint on
//     Microsoft.Insights/privateLinkScopes, group "azuremonitor"
//     (privateLinkScopes_API.json 2021-09-01).
//   - kubernetes-monitoring-private-link.md: Container insights data lives
//     in a Log Analytics workspace, "so you must make this workspace
//     accessible over a private link".
const monitorPrivateDoc = "MicrosoftDocs/azure-monitor-docs articles/azure-monitor/containers/kubernetes-monitoring-firewall.md (with private links the containerized agent uses only the private data collection endpoints); articles/azure-monitor/logs/private-link-configure.md"

// monitorPrivateEndpoint is the name of the private endpoint that carries a
// cluster's Container Insights and managed Prometheus traffic, or "" when it
// goes to the public endpoints: every data collection rule associated with
// the cluster names a data collection endpoint, that endpoint and the
// cluster's configuration endpoint are in one AMPLS, so is every Log
// Analytics workspace the rules send to, and a planned private endpoint
// connects that AMPLS (group azuremonitor).
func monitorPrivateEndpoint(p verify.Plan, c *cluster) string {
	// Scopes by "resourcegroup/name" and by ID, with their linked resources.
	type scope struct {
		id     string
		linked map[string]bool
	}
	scopes := map[string]*scope{}
	key := func(rg, name string) string { return strings.ToLower(rg + "/" + name) }
	for _, r := range byType(p, "insights", "PrivateLinkScope") {
		in := inputs(r)
		scopes[key(strAt(in, "resourceGroupName"), strAt(in, "scopeName"))] = &scope{id: strings.ToLower(r.ID), linked: map[string]bool{}}
	}
	for _, r := range byType(p, "insights", "PrivateLinkScopedResource") {
		in := inputs(r)
		if s := scopes[key(strAt(in, "resourceGroupName"), strAt(in, "scopeName"))]; s != nil {
			s.linked[strings.ToLower(strAt(in, "linkedResourceId"))] = true
		}
	}
	endpoint := map[string]string{} // scope ID -> private endpoint name
	for _, r := range byType(p, "network", "PrivateEndpoint") {
		for _, conn := range arrAt(inputs(r), "privateLinkServiceConnections") {
			for _, g := range arrAt(conn, "groupIds") {
				if g.IsString() && strings.EqualFold(g.StringValue(), "azuremonitor") {
					endpoint[strings.ToLower(strAt(conn, "privateLinkServiceId"))] = r.Name
				}
			}
		}
	}
	rules := map[string]*struct{ dce, workspaces []string }{}
	for _, r := range byType(p, "insights", "DataCollectionRule") {
		in := inputs(r)
		e := &struct{ dce, workspaces []string }{dce: []string{strings.ToLower(strAt(in, "dataCollectionEndpointId"))}}
		for _, d := range arrAt(in, "destinations.logAnalytics") {
			e.workspaces = append(e.workspaces, strings.ToLower(strAt(d, "workspaceResourceId")))
		}
		rules[strings.ToLower(r.ID)] = e
	}
	var need []string // resource IDs that must be in the scope
	for _, a := range byType(p, "insights", "DataCollectionRuleAssociation") {
		in := inputs(a)
		if !strings.EqualFold(strAt(in, "resourceUri"), c.res.ID) {
			continue
		}
		if id := strings.ToLower(strAt(in, "dataCollectionEndpointId")); id != "" {
			need = append(need, id)
		}
		if id := strings.ToLower(strAt(in, "dataCollectionRuleId")); id != "" {
			r := rules[id]
			if r == nil {
				return "" // a rule the plan does not hold: not known to be private
			}
			need = append(need, r.dce...)
			need = append(need, r.workspaces...)
		}
	}
	if len(need) == 0 {
		return ""
	}
	for _, s := range scopes {
		pe := endpoint[s.id]
		if pe == "" {
			continue
		}
		all := true
		for _, id := range need {
			if id == "" || !s.linked[id] {
				all = false
				break
			}
		}
		if all {
			return pe
		}
	}
	return ""
}
