package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

const clusterURN = "urn:pulumi:prod::privateaks::privateaks:index:PrivateAKS$azure-native:containerservice/v20240901:ManagedCluster::blue-aks"

func props(t *testing.T, m map[string]any) resource.PropertyMap {
	t.Helper()
	return resource.NewPropertyMapFromMap(m)
}

func diff(t *testing.T, urn string, olds, news map[string]any) *pulumirpc.DiffResponse {
	t.Helper()
	o, err := marshal(props(t, olds))
	if err != nil {
		t.Fatal(err)
	}
	n, err := marshal(props(t, news))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := New("azure-native", "2.90.0").Diff(context.Background(), &pulumirpc.DiffRequest{Urn: urn, OldInputs: o, Olds: o, News: n})
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func cluster(podCidr string, maxCount float64) map[string]any {
	return map[string]any{
		"resourceGroupName": "rg-paks-prod-blue", "resourceName": "aks-paks-prod-blue", "location": "westeurope",
		"networkProfile":    map[string]any{"podCidr": podCidr},
		"agentPoolProfiles": []any{map[string]any{"name": "system", "vmSize": "Standard_D4ds_v5", "maxCount": maxCount}},
	}
}

// The cluster fields docs/config.md lists replace; a pool's size does not;
// equal inputs are no change.
func TestDiffReplacesOnTheFieldsAzureReplacesOn(t *testing.T) {
	if r := diff(t, clusterURN, cluster("10.244.0.0/16", 4), cluster("10.244.0.0/16", 4)); r.Changes != pulumirpc.DiffResponse_DIFF_NONE {
		t.Fatalf("equal inputs: %v", r)
	}
	r := diff(t, clusterURN, cluster("10.244.0.0/16", 4), cluster("10.244.0.0/16", 5))
	if r.Changes != pulumirpc.DiffResponse_DIFF_SOME || len(r.Replaces) != 0 || r.DetailedDiff["agentPoolProfiles[0].maxCount"].GetKind() != pulumirpc.PropertyDiff_UPDATE {
		t.Fatalf("maxCount: want an in-place update, got %v", r)
	}
	r = diff(t, clusterURN, cluster("10.244.0.0/16", 4), cluster("10.248.0.0/16", 4))
	if strings.Join(r.Replaces, ",") != "networkProfile" || r.DetailedDiff["networkProfile.podCidr"].GetKind() != pulumirpc.PropertyDiff_UPDATE_REPLACE {
		t.Fatalf("podCidr: want a replacement, got %v", r)
	}
	renamed := cluster("10.244.0.0/16", 4)
	renamed["resourceName"] = "aks-other"
	if r = diff(t, clusterURN, cluster("10.244.0.0/16", 4), renamed); strings.Join(r.Replaces, ",") != "resourceName" {
		t.Fatalf("a new ARM name: want a replacement, got %v", r)
	}
	pool := "urn:pulumi:prod::privateaks::azure-native:containerservice/v20240901:AgentPool::blue-apps"
	if r = diff(t, pool, map[string]any{"vmSize": "a", "maxCount": 3.0}, map[string]any{"vmSize": "a", "maxCount": 4.0}); len(r.Replaces) != 0 {
		t.Fatalf("pool maxCount: %v", r)
	}
	if r = diff(t, pool, map[string]any{"vmSize": "a"}, map[string]any{"vmSize": "b"}); strings.Join(r.Replaces, ",") != "vmSize" {
		t.Fatalf("pool vmSize: %v", r)
	}
}

// Create answers the model's outputs; during preview what the cloud
// computes is unknown; Update keeps the computed values.
func TestCreatePreviewAndUpdate(t *testing.T) {
	s := New("azure-native", "2.90.0")
	urn := "urn:pulumi:dev::privateaks::azure-native:managedidentity/v20230131:UserAssignedIdentity::id"
	in, _ := marshal(props(t, map[string]any{"resourceGroupName": "rg", "resourceName": "id-a", "location": "westeurope"}))
	pre, err := s.Create(context.Background(), &pulumirpc.CreateRequest{Urn: urn, Properties: in, Preview: true})
	if err != nil {
		t.Fatal(err)
	}
	po, _ := unmarshal(pre.Properties)
	if !po["principalId"].IsComputed() || po["location"].IsComputed() || pre.Id != "" {
		t.Fatalf("preview: principalId must be unknown, inputs known: %v", po)
	}
	cr, err := s.Create(context.Background(), &pulumirpc.CreateRequest{Urn: urn, Properties: in})
	if err != nil {
		t.Fatal(err)
	}
	co, _ := unmarshal(cr.Properties)
	if !strings.HasSuffix(cr.Id, "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-a") || !co["principalId"].IsString() {
		t.Fatalf("create: id %s outputs %v", cr.Id, co)
	}
	tagged, _ := marshal(props(t, map[string]any{"resourceGroupName": "rg", "resourceName": "id-a", "location": "westeurope", "tags": map[string]any{"a": "b"}}))
	up, err := s.Update(context.Background(), &pulumirpc.UpdateRequest{Urn: urn, Id: cr.Id, Olds: cr.Properties, News: tagged})
	if err != nil {
		t.Fatal(err)
	}
	uo, _ := unmarshal(up.Properties)
	if !uo["principalId"].DeepEquals(co["principalId"]) || !uo["tags"].IsObject() {
		t.Fatalf("update: %v", uo)
	}
}
