package tests

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/privateaks/privateaks/internal/plan"
	"github.com/privateaks/privateaks/internal/verify/access"
	"github.com/privateaks/privateaks/testkit"
)

// editInputs returns the resources with the first one matching pick given
// the inputs edit makes (as plain JSON values); the others are shared.
func editInputs(t *testing.T, base []*testkit.Resource, pick func(*testkit.Resource) bool, edit func(in map[string]any)) ([]*testkit.Resource, string) {
	t.Helper()
	out := make([]*testkit.Resource, 0, len(base))
	urn := ""
	for _, r := range base {
		if urn != "" || !pick(r) {
			out = append(out, r)
			continue
		}
		b, _ := json.Marshal(r.Inputs.Mappable())
		var plain map[string]any
		if err := json.Unmarshal(b, &plain); err != nil {
			t.Fatal(err)
		}
		edit(plain)
		cp := *r
		cp.Inputs = resource.NewPropertyMapFromMap(plain)
		out, urn = append(out, &cp), r.URN
	}
	if urn == "" {
		t.Fatal("no resource matched the mutation")
	}
	return out, urn
}

func ofType(suffix string) func(*testkit.Resource) bool {
	return func(r *testkit.Resource) bool { return strings.HasSuffix(r.Type, suffix) }
}

// Each model proves it can fail on the real prod plan: one planned input
// broken the way issue 12 found it (or a role dropped) turns the whole plan
// red, with a finding that names the resource and the input path. The
// models were written from Azure's documentation, so these are the defects
// a deploy would have hit.
func TestEachModelTurnsThePlanRed(t *testing.T) {
	asOf := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	base := planResult(t, "prod").Resources
	if m := plan.EvaluateModels(newResourcePlan(base), asOf); m.Failed() {
		t.Fatalf("prod is red before any mutation: %v", m.Findings())
	}
	for _, tc := range []struct {
		name, model, rule, path string
		mutate                  func(t *testing.T) ([]*testkit.Resource, string)
	}{
		{"break a protocol (the old Sscanf parse)", "egress", "EGR-MALFORMED", "protocols[0]", func(t *testing.T) ([]*testkit.Resource, string) {
			return editInputs(t, base, ofType(":FirewallPolicyRuleCollectionGroup"), func(in map[string]any) {
				rule := in["ruleCollections"].([]any)[0].(map[string]any)["rules"].([]any)[0].(map[string]any)
				rule["protocols"] = []any{map[string]any{"port": 0, "protocolType": ""}}
			})
		}},
		{"drop the AKS FQDN tag rule", "egress", "EGR-REQ-MCR", "", func(t *testing.T) ([]*testkit.Resource, string) {
			return editInputs(t, base, ofType(":FirewallPolicyRuleCollectionGroup"), func(in map[string]any) {
				col := in["ruleCollections"].([]any)[0].(map[string]any)
				var kept []any
				for _, r := range col["rules"].([]any) {
					if r.(map[string]any)["name"] != "aks-fqdn-tag" {
						kept = append(kept, r)
					}
				}
				col["rules"] = kept
			})
		}},
		// The firewall no longer opens Azure Monitor to the stack's node
		// subnets: with a cluster's workspace out of the Private Link
		// Scope its monitoring goes the public way, which the firewall
		// denies.
		{"take a cluster's workspace out of the Azure Monitor Private Link Scope", "egress", "EGR-REQ-MON-", "", func(t *testing.T) ([]*testkit.Resource, string) {
			return editInputs(t, base, func(r *testkit.Resource) bool {
				return strings.HasSuffix(r.Type, ":PrivateLinkScopedResource") && r.Name == "monitor-link-blue-log"
			}, func(in map[string]any) { in["linkedResourceId"] = "/elsewhere" })
		}},
		{"drop the kubelet's AcrPull", "access", "ACC-KUBELET-01", "", func(t *testing.T) ([]*testkit.Resource, string) {
			return editInputs(t, base, func(r *testkit.Resource) bool {
				return strings.HasSuffix(r.Type, ":RoleAssignment") && strings.HasSuffix(r.String("roleDefinitionId"), "/"+access.RoleAcrPull)
			}, func(in map[string]any) {
				in["roleDefinitionId"] = "/providers/Microsoft.Authorization/roleDefinitions/" + access.RoleAKSRBACReader
			})
		}},
		{"drop the admins' jump-box sign-in", "access", "ACC-VM-01", "", func(t *testing.T) ([]*testkit.Resource, string) {
			return editInputs(t, base, func(r *testkit.Resource) bool {
				return strings.HasSuffix(r.Type, ":RoleAssignment") && strings.HasSuffix(r.String("roleDefinitionId"), "/"+access.RoleVMAdministratorLogin)
			}, func(in map[string]any) {
				in["roleDefinitionId"] = "/providers/Microsoft.Authorization/roleDefinitions/" + access.RoleReader
			})
		}},
		{"pin Kubernetes 1.30", "acceptance", "AZ-AKS-VERSION", "kubernetesVersion", func(t *testing.T) ([]*testkit.Resource, string) {
			return editInputs(t, base, ofType(":ManagedCluster"), func(in map[string]any) { in["kubernetesVersion"] = "1.30" })
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rs, urn := tc.mutate(t)
			m := plan.EvaluateModels(newResourcePlan(rs), asOf)
			if !m.Failed() {
				t.Fatal("the plan stays green")
			}
			found := false
			for _, f := range m.Findings() {
				if f.Model == tc.model && strings.HasPrefix(f.Rule, tc.rule) && f.Resource != "" && f.Source != "" &&
					(tc.path == "" || strings.Contains(f.Path, tc.path)) {
					if !found {
						t.Logf("%s", f)
					}
					found = true
					if tc.path != "" && f.Resource != urn {
						t.Errorf("finding names %s, the broken resource is %s", f.Resource, urn)
					}
				}
			}
			if !found {
				t.Errorf("no %s %s finding with resource and path %q: %v", tc.model, tc.rule, tc.path, m.Findings())
			}
		})
	}
}
