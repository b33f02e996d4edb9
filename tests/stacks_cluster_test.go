package tests

import (
	"encoding/json"
	"github.com/privateaks/privateaks/internal/verify/access"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/privateaks/privateaks/stacks/stackconfig"
	"github.com/privateaks/privateaks/testkit"
)

var guidName = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

func TestStacksClusters(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			m := planStack(t, stack)
			cfg, _ := stackconfig.Load(loadStack(t, stack).Raw)
			prod := stack == "prod"
			apiZone := one(t, m, ":PrivateZone", "dns-apiServer")
			clusters := m.ByTypeSuffix(":ManagedCluster")
			if len(clusters) != len(cfg.Spokes) {
				t.Fatalf("%d clusters for %d spokes", len(clusters), len(cfg.Spokes))
			}
			for _, key := range cfg.SpokeKeys() {
				cc := cfg.Spokes[key].Cluster
				c := one(t, m, ":ManagedCluster", "spoke-"+key+"-aks-cluster")
				check := func(cond bool, what string, args ...any) {
					t.Helper()
					if !cond {
						t.Errorf(key+": "+what, args...)
					}
				}
				check(c.Bool("apiServerAccessProfile.enablePrivateCluster"), "not private")
				check(!c.Bool("apiServerAccessProfile.enablePrivateClusterPublicFQDN"), "public FQDN enabled")
				check(c.String("apiServerAccessProfile.privateDNSZone") == apiZone.ID, "BYO zone %q is not the PrivateDNS zone %q", c.String("apiServerAccessProfile.privateDNSZone"), apiZone.ID)
				check(c.String("networkProfile.outboundType") == "userDefinedRouting", "outbound %q", c.String("networkProfile.outboundType"))
				check(c.String("networkProfile.networkPlugin") == "azure" && c.String("networkProfile.networkPluginMode") == "overlay", "plugin %q mode %q", c.String("networkProfile.networkPlugin"), c.String("networkProfile.networkPluginMode"))
				// prod pins Azure NPM (its clusters exist); dev takes the
				// new-cluster default, Azure CNI powered by Cilium: policy
				// and dataplane "cilium" (managedClusters.json 2024-09-01,
				// networkPolicy / networkDataplane; azure-cni-powered-by-cilium.md).
				wantPolicy := map[bool]string{true: "azure", false: "cilium"}[prod]
				check(c.String("networkProfile.networkPolicy") == wantPolicy && c.String("networkProfile.networkDataplane") == wantPolicy, "policy %q dataplane %q, want %s", c.String("networkProfile.networkPolicy"), c.String("networkProfile.networkDataplane"), wantPolicy)
				check(c.Bool("aadProfile.managed") && c.Bool("aadProfile.enableAzureRBAC"), "Entra ID / Azure RBAC off")
				check(reflect.DeepEqual(strs(c, "aadProfile.adminGroupObjectIDs"), cc.AdminGroupObjectIDs), "admin groups %v", strs(c, "aadProfile.adminGroupObjectIDs"))
				check(c.Bool("disableLocalAccounts"), "local accounts enabled")
				check(c.Bool("addonProfiles.azureKeyvaultSecretsProvider.enabled") && c.String("addonProfiles.azureKeyvaultSecretsProvider.config.enableSecretRotation") == "true", "Key Vault CSI with rotation off")
				check(c.Bool("addonProfiles.azurepolicy.enabled") && c.Bool("addonProfiles.omsagent.enabled"), "policy / monitoring add-ons off")
				check(c.Bool("oidcIssuerProfile.enabled") && c.Bool("securityProfile.workloadIdentity.enabled"), "workload identity off")
				check(c.Bool("securityProfile.defender.securityMonitoring.enabled"), "Defender off")
				// Container Insights is routed to the workspace by a rule associated with the cluster.
				dcra := one(t, m, ":DataCollectionRuleAssociation", "spoke-"+key+"-aks-ci-dcra")
				rule := one(t, m, ":DataCollectionRule", "spoke-"+key+"-aks-ci-dcr")
				check(dcra.String("resourceUri") == c.ID && dcra.String("dataCollectionRuleId") == rule.ID, "Container Insights rule not associated with the cluster")
				check(rule.String("destinations.logAnalytics[0].workspaceResourceId") == c.String("addonProfiles.omsagent.config.logAnalyticsWorkspaceResourceID"),
					"rule sends to %q, the add-on to %q", rule.String("destinations.logAnalytics[0].workspaceResourceId"), c.String("addonProfiles.omsagent.config.logAnalyticsWorkspaceResourceID"))
				// BYO identities from the Identities component.
				cp := one(t, m, ":UserAssignedIdentity", "spoke-"+key+"-identities-controlplane")
				kubelet := one(t, m, ":UserAssignedIdentity", "spoke-"+key+"-identities-kubelet")
				check(c.String("identity.type") == "UserAssigned", "identity type %q", c.String("identity.type"))
				check(reflect.DeepEqual(strs(c, "identity.userAssignedIdentities"), []string{cp.ID}), "control-plane identity not assigned: %v", c.Get("identity.userAssignedIdentities"))
				check(c.String("identityProfile.kubeletidentity.resourceId") == kubelet.ID, "kubelet identity %q", c.String("identityProfile.kubeletidentity.resourceId"))
				// System pool inline, tainted, hardened; user pools separate, on distinct subnets.
				check(contains(strs(c, "agentPoolProfiles[0].nodeTaints"), "CriticalAddonsOnly=true:NoSchedule"), "system taint missing")
				check(c.Bool("agentPoolProfiles[0].enableEncryptionAtHost") && c.String("agentPoolProfiles[0].osDiskType") == "Ephemeral", "system pool disk/encryption")
				check(c.Len("agentPoolProfiles") == 1, "the inline pool list holds %d pools, want only the system pool", c.Len("agentPoolProfiles"))
				subnets := map[string]bool{c.String("agentPoolProfiles[0].vnetSubnetID"): true}
				for _, pool := range cc.PoolNames() {
					ap := one(t, m, ":AgentPool", "spoke-"+key+"-aks-pool-"+pool)
					s := ap.String("vnetSubnetID")
					check(s != "" && !subnets[s], "pool %s shares a subnet", pool)
					subnets[s] = true
					check(ap.Bool("enableEncryptionAtHost"), "pool %s without encryption at host", pool)
					check(contains(ap.IgnoreChanges, "count"), "pool %s does not ignore its autoscaled count: %v", pool, ap.IgnoreChanges)
				}
				check(len(c.IgnoreChanges) > 0, "cluster ignores nothing (autoscaled count, patch version)")
				// Protect in prod only, for every stateful cluster resource.
				for _, r := range []*testkit.Resource{c, cp, kubelet} {
					check(r.Protect == prod, "%s protect=%v", r.Name, r.Protect)
				}
				for _, suffix := range []string{":Registry", ":Vault", ":Workspace"} {
					for _, r := range m.ByTypeSuffix(suffix) {
						check(r.Protect == prod, "%s protect=%v", r.Name, r.Protect)
					}
				}
				// The cluster waits for every role assignment of its Identities.
				prefix := "spoke-" + key + "-identities"
				for _, ra := range m.ByTypeSuffix(":RoleAssignment") {
					if strings.HasPrefix(ra.Name, prefix) {
						check(c.DependsOn(ra.URN), "cluster does not wait for %s", ra.Name)
					}
				}
				check(c.DependsOn(one(t, m, ":AzureFirewall", "hub-fw").URN), "cluster does not wait for the firewall")
				// Policies: Deny in prod, Audit in dev.
				effect := "Deny"
				if !prod {
					effect = "Audit"
				}
				n := 0
				for _, pa := range m.ByTypeSuffix(":PolicyAssignment") {
					if pa.String("scope") != c.ID {
						continue
					}
					n++
					if e := pa.String("parameters.effect.value"); e != "" && !strings.EqualFold(e, effect) {
						t.Errorf("%s: policy %s effect %q, want %s", key, pa.Name, e, effect)
					}
				}
				check(n >= 6, "%d policy assignments on the cluster", n)
			}
			// Every role assignment: principal type, GUID name, narrow scope, no broad role.
			scopes := map[string]bool{}
			for _, r := range m.Resources() {
				if r.Custom && r.ID != "" {
					scopes[r.ID] = true
				}
			}
			for _, ra := range m.ByTypeSuffix(":RoleAssignment") {
				pt := ra.String("principalType")
				if pt != "ServicePrincipal" && pt != "Group" {
					t.Errorf("%s principalType %q", ra.Name, pt)
				}
				if !guidName.MatchString(ra.String("roleAssignmentName")) {
					t.Errorf("%s name %q is not a GUID", ra.Name, ra.String("roleAssignmentName"))
				}
				scope := ra.String("scope")
				if !scopes[scope] && !strings.Contains(scope, "/namespaces/") {
					t.Errorf("%s scope %q is not a planned subnet, route table, VNet, zone, registry, identity or cluster", ra.Name, scope)
				}
				if strings.Count(scope, "/") <= 4 {
					t.Errorf("%s scope %q is a subscription or resource group", ra.Name, scope)
				}
				for _, broad := range []string{access.RoleOwner, access.RoleContributor, access.RoleUserAccessAdministrator} {
					if strings.HasSuffix(ra.String("roleDefinitionId"), broad) {
						t.Errorf("%s grants Owner/Contributor", ra.Name)
					}
				}
			}
			// Kubeconfigs are secret outputs.
			r := planResult(t, stack)
			if o, ok := r.Outputs["kubeconfigs"]; !ok || !o.Secret {
				t.Errorf("kubeconfigs output missing or not secret: %+v", o)
			}
		})
	}
}

// clusterInputs plans raw and returns the canonical JSON of one cluster's inputs.
func clusterInputs(t *testing.T, raw stackconfig.Raw, name string) string {
	t.Helper()
	m, err := planRaw(t, "privateaks", "prod", raw)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(one(t, m, ":ManagedCluster", name).Inputs.Mappable())
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Changes that should not touch the cluster leave its inputs byte-for-byte
// unchanged, through the real stack config.
func TestStackChangesThatMustNotTouchTheCluster(t *testing.T) {
	base := loadStack(t, "prod").Raw
	want := clusterInputs(t, base, "spoke-blue-aks-cluster")
	cluster := func(fn func(c map[string]any)) stackconfig.Raw {
		return withConfig(t, base, "spokes", func(v map[string]any) { fn(v["blue"].(map[string]any)["cluster"].(map[string]any)) })
	}
	pools := func(c map[string]any) map[string]any { return c["userPools"].(map[string]any) }
	for name, raw := range map[string]stackconfig.Raw{
		"user pool VM size": cluster(func(c map[string]any) { pools(c)["apps"].(map[string]any)["vmSize"] = "Standard_D16ds_v5" }),
		"user pool counts":  cluster(func(c map[string]any) { pools(c)["apps"].(map[string]any)["maxCount"] = 20 }),
		"user pool added":   withConfig(t, cluster(func(c map[string]any) { pools(c)["batch"] = map[string]any{"subnetPrefix": "10.241.12.0/24"} }), "flux", func(map[string]any) {}),
		"user pool removed": cluster(func(c map[string]any) { delete(pools(c), "gpu") }),
		"namespace role": cluster(func(c map[string]any) {
			c["namespaceAccess"].(map[string]any)["apps"] = map[string]any{"readers": []string{"3c5d7e9f-1a2b-4c3d-8e4f-5a6b7c8d9e0f"}}
		}),
		"federated credential": cluster(func(c map[string]any) {
			wi := c["workloadIdentities"].(map[string]any)["id-paks-prod-blue-payments"].(map[string]any)
			wi["serviceAccounts"] = append(wi["serviceAccounts"].([]any), "payments/reports")
		}),
		"hub DDoS opt-in": withConfig(t, base, "hub", func(h map[string]any) { h["ddos"] = map[string]any{"enabled": true} }),
		"firewall IPs":    withConfig(t, base, "hub", func(h map[string]any) { h["firewall"] = map[string]any{"publicIpCount": 4} }),
		"hub logs":        withConfig(t, base, "hub", func(h map[string]any) { h["logs"] = map[string]any{"flowLogRetentionDays": 180} }),
		"flux settings": withConfig(t, base, "flux", func(f map[string]any) {
			f["branch"] = "release"
			f["interval"] = "2m"
			f["kustomizations"].(map[string]any)["apps"].(map[string]any)["path"] = "clusters/prod/apps-v2"
		}),
	} {
		if got := clusterInputs(t, raw, "spoke-blue-aks-cluster"); got != want {
			t.Errorf("%s changed the ManagedCluster's inputs", name)
		}
	}
	// The comparison itself can see a change: the system pool is inline.
	sys := cluster(func(c map[string]any) { c["systemPool"].(map[string]any)["vmSize"] = "Standard_D8ds_v5" })
	if clusterInputs(t, sys, "spoke-blue-aks-cluster") == want {
		t.Error("a system pool change left the cluster inputs unchanged: the comparison is blind")
	}
}

func TestAcknowledgeReplacementLiftsClusterProtection(t *testing.T) {
	s := loadStack(t, "prod")
	raw := s.Raw
	raw.Values = copyValues(raw.Values)
	raw.Values["privateaks:acknowledgeReplacement"] = `["spokes.blue.cluster.network.podCidr"]`
	m, err := planRaw(t, s.Project, s.Name, raw)
	if err != nil {
		t.Fatal(err)
	}
	if one(t, m, ":ManagedCluster", "spoke-blue-aks-cluster").Protect {
		t.Error("acknowledged cluster still protected")
	}
	if !one(t, m, ":ManagedCluster", "spoke-green-aks-cluster").Protect {
		t.Error("the other spoke's cluster lost its protection")
	}
	if !one(t, m, ":VirtualNetwork", "spoke-blue-vnet").Protect {
		t.Error("acknowledgement lifted protection from more than the cluster")
	}
}

// The Cilium default reaches new clusters only: prod's clusters keep Azure
// NPM because the stack names it, and dropping that pin is a change the
// cluster's inputs show (a replacement, which protection refuses).
func TestCiliumDefaultIsForNewClustersOnly(t *testing.T) {
	base := loadStack(t, "prod").Raw
	pinned := clusterInputs(t, base, "spoke-blue-aks-cluster")
	unpinned := withConfig(t, base, "spokes", func(v map[string]any) {
		delete(v["blue"].(map[string]any)["cluster"].(map[string]any), "network")
	})
	if clusterInputs(t, unpinned, "spoke-blue-aks-cluster") == pinned {
		t.Fatal("dropping network.policy left the cluster inputs unchanged: the pin is not what keeps Azure NPM")
	}
	m, err := planRaw(t, "privateaks", "prod", unpinned)
	if err != nil {
		t.Fatal(err)
	}
	c := one(t, m, ":ManagedCluster", "spoke-blue-aks-cluster")
	for path, want := range map[string]string{
		"networkProfile.networkPlugin":     "azure",
		"networkProfile.networkPluginMode": "overlay",
		"networkProfile.networkPolicy":     "cilium",
		"networkProfile.networkDataplane":  "cilium",
	} {
		if got := c.String(path); got != want {
			t.Errorf("new cluster %s = %q, want %q", path, got, want)
		}
	}
	// Node-subnet mode keeps Azure NPM (no Cilium there).
	ns := withConfig(t, base, "spokes", func(v map[string]any) {
		cl := v["green"].(map[string]any)["cluster"].(map[string]any)
		cl["network"] = map[string]any{"pluginMode": "nodeSubnet"}
	})
	cfg, err := stackconfig.Load(ns)
	if err != nil {
		t.Fatal(err)
	}
	if p := cfg.Spokes["green"].Cluster.Network.Policy; p != "azure" {
		t.Errorf("nodeSubnet default policy %q, want azure", p)
	}
}

// The cluster and its diagnostic setting keep their names from before the
// rename as aliases (internal/e2e shows the real engine moving them in
// state instead of replacing 22 resources).
func TestClusterRenameKeepsItsAliases(t *testing.T) {
	m := planStack(t, "prod")
	for _, c := range []struct{ typ, name, old string }{
		{":ManagedCluster", "spoke-blue-aks-cluster", "spoke-blue-aks-aks"},
		{":DiagnosticSetting", "spoke-blue-aks-cluster-diagnostics", "spoke-blue-aks-aks-diagnostics"},
	} {
		r := one(t, m, c.typ, c.name)
		found := false
		for _, a := range r.Aliases {
			found = found || strings.Contains(a, "name="+c.old+",")
		}
		if !found {
			t.Errorf("%s has no alias to %s: %v", c.name, c.old, r.Aliases)
		}
	}
}
