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
