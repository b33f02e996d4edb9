package testkit

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// The data collection rule and its association get the ARM IDs the REST API
// returns (Azure/azure-rest-api-specs, specification/monitor/resource-manager/
// Microsoft.Insights/stable/2023-03-11/examples/DataCollectionRulesGet.json
// and DataCollectionRuleAssociationsGet.json, with our subscription).
func TestDataCollectionRuleARMIDs(t *testing.T) {
	m := New("p", "s")
	id, outs := m.Answer("azure-native:insights/v20230311:DataCollectionRule", "ci-dcr", resource.NewPropertyMapFromMap(map[string]any{
		"resourceGroupName": "myResourceGroup", "dataCollectionRuleName": "myCollectionRule", "location": "eastus",
	}))
	want := "/subscriptions/" + DefaultSubscriptionID + "/resourceGroups/myResourceGroup/providers/Microsoft.Insights/dataCollectionRules/myCollectionRule"
	if id != want || str(outs, "id") != want || str(outs, "name") != "myCollectionRule" {
		t.Fatalf("rule: id %q outputs %v, want %q", id, outs, want)
	}
	vm := "/subscriptions/" + DefaultSubscriptionID + "/resourceGroups/myResourceGroup/providers/Microsoft.Compute/virtualMachines/myVm"
	id, _ = m.Answer("azure-native:insights/v20230311:DataCollectionRuleAssociation", "ci-dcra", resource.NewPropertyMapFromMap(map[string]any{
		"resourceUri": vm, "associationName": "myAssociation", "dataCollectionRuleId": want,
	}))
	if want := vm + "/providers/Microsoft.Insights/dataCollectionRuleAssociations/myAssociation"; id != want {
		t.Fatalf("association: id %q, want %q", id, want)
	}
	if in, ok := ARMIDInputs("azure-native:insights/v20230311:DataCollectionRuleAssociation"); !ok || len(in) != 2 || in[0] != "resourceUri" || in[1] != "associationName" {
		t.Fatalf("association ID inputs: %v", in)
	}
}

// The resources registered by type token that the Azure Monitor private
// link and managed Prometheus use get the IDs of their REST API paths
// (Azure/azure-rest-api-specs: monitor Microsoft.Insights/stable/2021-09-01/
// privateLinkScopes_API.json; monitor Microsoft.Monitor/Accounts/stable/
// 2023-04-03/monitoringAccounts_API.json; alertsmanagement stable/2023-03-01/
// PrometheusRuleGroups.json and examples/createOrUpdateClusterCentricRuleGroup.json).
func TestMonitorAndPrometheusARMIDs(t *testing.T) {
	rg := "/subscriptions/" + DefaultSubscriptionID + "/resourceGroups/rg"
	for _, c := range []struct {
		token  string
		inputs map[string]any
		want   string
	}{
		{"azure-native:insights/v20210901:PrivateLinkScope", map[string]any{"resourceGroupName": "rg", "scopeName": "ampls"},
			rg + "/providers/Microsoft.Insights/privateLinkScopes/ampls"},
		{"azure-native:insights/v20210901:PrivateLinkScopedResource", map[string]any{"resourceGroupName": "rg", "scopeName": "ampls", "name": "law-connection"},
			rg + "/providers/Microsoft.Insights/privateLinkScopes/ampls/scopedResources/law-connection"},
		{"azure-native:monitor/v20230403:AzureMonitorWorkspace", map[string]any{"resourceGroupName": "rg", "azureMonitorWorkspaceName": "amw"},
			rg + "/providers/Microsoft.Monitor/accounts/amw"},
		{"azure-native:alertsmanagement/v20230301:PrometheusRuleGroup", map[string]any{"resourceGroupName": "rg", "ruleGroupName": "alerts"},
			rg + "/providers/Microsoft.AlertsManagement/prometheusRuleGroups/alerts"},
	} {
		id, outs := New("p", "s").Answer(c.token, "x", resource.NewPropertyMapFromMap(c.inputs))
		if id != c.want || str(outs, "id") != c.want {
			t.Errorf("%s: id %q (outputs %q), want %q", c.token, id, str(outs, "id"), c.want)
		}
	}
}
