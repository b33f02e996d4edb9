package tests

import (
	"strings"
	"testing"
)

// Managed Prometheus as the AKS doc prometheus-metrics-enable.md sets it up
// (its ARM template): the cluster's metrics profile on, an Azure Monitor
// workspace, a data collection endpoint, a rule with a prometheusForwarder
// source of stream Microsoft-PrometheusMetrics routed to the workspace
// (monitoringAccounts), the rule associated with the cluster, the endpoint
// associated as "configurationAccessEndpoint", and a Prometheus rule group
// scoped to the workspace.
func TestManagedPrometheusPlanned(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		m := planStack(t, stack)
		clusters := m.ByTypeSuffix(":ManagedCluster")
		if len(clusters) == 0 {
			t.Fatalf("%s: no cluster", stack)
		}
		for _, c := range clusters {
			if !c.Bool("azureMonitorProfile.metrics.enabled") {
				t.Errorf("%s %s: azureMonitorProfile.metrics.enabled not true", stack, c.Name)
			}
		}
		ws := m.ByTypeSuffix(":AzureMonitorWorkspace")
		dces := m.ByTypeSuffix(":DataCollectionEndpoint")
		if len(ws) != len(clusters) || len(dces) != len(clusters) {
			t.Fatalf("%s: %d workspaces, %d endpoints for %d clusters", stack, len(ws), len(dces), len(clusters))
		}
		wsIDs, dceIDs := map[string]bool{}, map[string]bool{}
		for _, w := range ws {
			wsIDs[w.ID] = true
		}
		for _, d := range dces {
			dceIDs[d.ID] = true
		}
		promRules := map[string]bool{}
		for _, r := range m.ByTypeSuffix(":DataCollectionRule") {
			if r.String("dataSources.prometheusForwarder[0].streams[0]") != "Microsoft-PrometheusMetrics" {
				continue
			}
			promRules[r.ID] = true
			if !wsIDs[r.String("destinations.monitoringAccounts[0].accountResourceId")] {
				t.Errorf("%s %s: monitoringAccounts destination %q is no planned workspace", stack, r.Name, r.String("destinations.monitoringAccounts[0].accountResourceId"))
			}
			if !dceIDs[r.String("dataCollectionEndpointId")] {
				t.Errorf("%s %s: dataCollectionEndpointId %q is no planned endpoint", stack, r.Name, r.String("dataCollectionEndpointId"))
			}
			if r.String("dataFlows[0].streams[0]") != "Microsoft-PrometheusMetrics" || r.String("dataFlows[0].destinations[0]") != r.String("destinations.monitoringAccounts[0].name") {
				t.Errorf("%s %s: dataFlows do not route the stream to the workspace", stack, r.Name)
			}
		}
		if len(promRules) != len(clusters) {
			t.Errorf("%s: %d Prometheus collection rules for %d clusters", stack, len(promRules), len(clusters))
		}
		ruleAssoc, endpointAssoc := 0, 0
		clusterIDs := map[string]bool{}
		for _, c := range clusters {
			clusterIDs[c.ID] = true
		}
		for _, a := range m.ByTypeSuffix(":DataCollectionRuleAssociation") {
			if !clusterIDs[a.String("resourceUri")] {
				continue
			}
			if promRules[a.String("dataCollectionRuleId")] {
				ruleAssoc++
			}
			if dceIDs[a.String("dataCollectionEndpointId")] && a.String("associationName") == "configurationAccessEndpoint" {
				endpointAssoc++
			}
		}
		if ruleAssoc != len(clusters) || endpointAssoc != len(clusters) {
			t.Errorf("%s: %d rule and %d endpoint associations for %d clusters", stack, ruleAssoc, endpointAssoc, len(clusters))
		}
		groups := m.ByTypeSuffix(":PrometheusRuleGroup")
		if len(groups) != len(clusters) {
			t.Errorf("%s: %d Prometheus rule groups for %d clusters", stack, len(groups), len(clusters))
		}
		for _, g := range groups {
			if !wsIDs[g.String("scopes[0]")] || !strings.HasPrefix(g.String("rules[0].alert"), "Kube") {
				t.Errorf("%s %s: scopes[0] %q, rules[0].alert %q", stack, g.Name, g.String("scopes[0]"), g.String("rules[0].alert"))
			}
		}
	}
}
