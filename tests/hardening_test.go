package tests

import (
	"fmt"
	"strings"
	"testing"

	"github.com/privateaks/privateaks/testkit"
)

// Issue 18 on both committed stacks. Expectations come from the Azure docs
// and REST specs named on each, not from the components.

// diagFor returns the diagnostic settings whose resourceUri is id.
func diagFor(m *testkit.Mocks, id string) []*testkit.Resource {
	var out []*testkit.Resource
	for _, d := range m.ByTypeSuffix(":DiagnosticSetting") {
		if strings.EqualFold(d.String("resourceUri"), id) {
			out = append(out, d)
		}
	}
	return out
}

func logCategories(d *testkit.Resource) []string {
	var out []string
	for i := 0; i < d.Len("logs"); i++ {
		p := fmt.Sprintf("logs[%d]", i)
		if d.Bool(p + ".enabled") {
			out = append(out, d.String(p+".category"))
		}
	}
	return out
}

func TestStacksSendLogsFromEveryControlPoint(t *testing.T) {
	// Categories per resource type, from the Azure Monitor references:
	// firewall (monitor-firewall-reference.md, resource-specific tables),
	// Bastion (monitor-bastion-reference.md), Key Vault
	// (monitor-key-vault-reference.md), registry
	// (monitor-container-registry-reference.md), NSG
	// (virtual-network-nsg-manage-log.md).
	want := map[string][]string{
		":AzureFirewall":        {"AZFWApplicationRule", "AZFWNetworkRule", "AZFWNatRule", "AZFWThreatIntel", "AZFWIdpsSignature", "AZFWDnsQuery"},
		":BastionHost":          {"BastionAuditLogs"},
		":Vault":                {"AuditEvent"},
		":Registry":             {"ContainerRegistryLoginEvents", "ContainerRegistryRepositoryEvents"},
		":NetworkSecurityGroup": {"NetworkSecurityGroupEvent", "NetworkSecurityGroupRuleCounter"},
	}
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			m := planStack(t, stack)
			hubWS := one(t, m, ":Workspace", "hub-log")
			for typ, cats := range want {
				rs := m.ByTypeSuffix(typ)
				if len(rs) == 0 {
					t.Fatalf("no %s planned", typ)
				}
				for _, r := range rs {
					ds := diagFor(m, r.ID)
					if len(ds) != 1 {
						t.Errorf("%s %s: %d diagnostic settings, want 1", typ, r.Name, len(ds))
						continue
					}
					d := ds[0]
					got := logCategories(d)
					for _, c := range cats {
						if !contains(got, c) {
							t.Errorf("%s %s: category %s not sent (have %v)", typ, r.Name, c, got)
						}
					}
					// Hub resources log to the hub workspace, spoke
					// services to their cluster's workspace.
					ws := d.String("workspaceId")
					if strings.HasPrefix(r.Name, "hub-") || typ == ":NetworkSecurityGroup" {
						if ws != hubWS.ID {
							t.Errorf("%s %s logs to %q, want the hub workspace", typ, r.Name, ws)
						}
					} else if !strings.Contains(ws, "/workspaces/log-") || ws == hubWS.ID {
						t.Errorf("%s %s logs to %q, want its cluster's workspace", typ, r.Name, ws)
					}
				}
			}
			if d := diagFor(m, one(t, m, ":AzureFirewall", "hub-fw").ID)[0]; d.String("logAnalyticsDestinationType") != "Dedicated" {
				t.Errorf("firewall logs to %q tables, want Dedicated (resource-specific)", d.String("logAnalyticsDestinationType"))
			}
		})
	}
}

func TestStacksFlowLogEveryVNet(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			m := planStack(t, stack)
			hubWS := one(t, m, ":Workspace", "hub-log")
			st := one(t, m, ":StorageAccount", "hub-flowlogs-st")
			// A private, TLS 1.2, HTTPS-only account (storage 2023-05-01
			// StorageAccountPropertiesCreateParameters).
			if st.Bool("allowBlobPublicAccess") || !st.Bool("enableHttpsTrafficOnly") || st.String("minimumTlsVersion") != "TLS1_2" || st.String("networkRuleSet.defaultAction") != "Deny" {
				t.Errorf("flow-log storage not locked down: %v", st.Inputs)
			}
			logs := map[string]*testkit.Resource{}
			for _, fl := range m.ByTypeSuffix(":FlowLog") {
				logs[fl.String("targetResourceId")] = fl
			}
			vnets := m.ByTypeSuffix(":VirtualNetwork")
			if len(logs) != len(vnets) {
				t.Errorf("%d flow logs for %d VNets", len(logs), len(vnets))
			}
			for _, vn := range vnets {
				fl := logs[vn.ID]
				if fl == nil {
					t.Errorf("VNet %s has no flow log", vn.Name)
					continue
				}
				// In the region's network watcher, as Azure enables it
				// (network-watcher-create.md: NetworkWatcher_<region> in NetworkWatcherRG).
				if fl.String("networkWatcherName") != "NetworkWatcher_westeurope" || fl.String("resourceGroupName") != "NetworkWatcherRG" {
					t.Errorf("%s: watcher %s/%s", fl.Name, fl.String("resourceGroupName"), fl.String("networkWatcherName"))
				}
				if !fl.Bool("retentionPolicy.enabled") || fl.Number("retentionPolicy.days") < 90 {
					t.Errorf("%s: retention %v", fl.Name, fl.Get("retentionPolicy"))
				}
				ta := "flowAnalyticsConfiguration.networkWatcherFlowAnalyticsConfiguration."
				// trafficAnalyticsInterval is 10 or 60 minutes (vnet-flow-logs-overview.md).
				if !fl.Bool(ta+"enabled") || fl.String(ta+"workspaceResourceId") != hubWS.ID || (fl.Number(ta+"trafficAnalyticsInterval") != 10 && fl.Number(ta+"trafficAnalyticsInterval") != 60) {
					t.Errorf("%s: traffic analytics %v", fl.Name, fl.Get("flowAnalyticsConfiguration"))
				}
				if fl.String("storageId") != st.ID {
					t.Errorf("%s: storageId %q", fl.Name, fl.String("storageId"))
				}
			}
		})
	}
}

func TestStacksRegistriesHardened(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			m := planStack(t, stack)
			for _, r := range m.ByTypeSuffix(":Registry") {
				// containerregistry 2023-07-01 Policies / RegistryProperties;
				// status enums are lower case in the spec ("enabled", "disabled").
				for path, want := range map[string]any{
					"policies.retentionPolicy.status": "enabled",
					"policies.exportPolicy.status":    "disabled",
					"zoneRedundancy":                  "Enabled",
					"publicNetworkAccess":             "Disabled",
				} {
					if got := r.String(path); got != want {
						t.Errorf("%s %s = %q, want %q", r.Name, path, got, want)
					}
				}
				// 0-365 days (container-registry-retention-policy.md).
				if d := r.Number("policies.retentionPolicy.days"); d < 1 || d > 365 {
					t.Errorf("%s retention days %v", r.Name, d)
				}
				if !r.Bool("dataEndpointEnabled") {
					t.Errorf("%s has no dedicated data endpoint", r.Name)
				}
			}
		})
	}
}

func TestStacksZonalFirewallAndBastionIPs(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			m := planStack(t, stack)
			fw := one(t, m, ":AzureFirewall", "hub-fw")
			// mspnp/aks-baseline hub-default.bicep: three Standard IPs in
			// zones 1-3; only the first IP configuration names the subnet.
			if n := fw.Len("ipConfigurations"); n != 3 {
				t.Fatalf("firewall has %d IP configurations, want 3", n)
			}
			for i := 0; i < 3; i++ {
				p := fmt.Sprintf("ipConfigurations[%d].", i)
				if hasSubnet := fw.String(p+"subnet.id") != ""; hasSubnet != (i == 0) {
					t.Errorf("%ssubnet set=%v", p, hasSubnet)
				}
				pip := m.ByID(fw.String(p + "publicIPAddress.id"))
				if pip == nil {
					t.Fatalf("%s public IP not planned", p)
				}
				if got := strs(pip, "zones"); strings.Join(got, ",") != "1,2,3" || pip.String("sku.name") != "Standard" {
					t.Errorf("%s zones %v sku %q", pip.Name, got, pip.String("sku.name"))
				}
			}
			// The first IP keeps its logical and Azure names (no replacement).
			if one(t, m, ":PublicIPAddress", "hub-fw-pip").String("publicIpAddressName") != "pip-afw-paks-"+stack+"-hub" {
				t.Error("first firewall IP renamed")
			}
			bpip := one(t, m, ":PublicIPAddress", "hub-bastion-pip")
			if got := strs(bpip, "zones"); strings.Join(got, ",") != "1,2,3" {
				t.Errorf("Bastion IP zones %v", got)
			}
			// DDoS Network Protection is opt-in: no plan, VNets untouched.
			if n := len(m.ByTypeSuffix(":DdosProtectionPlan")); n != 0 {
				t.Errorf("%d DDoS plans without the opt-in", n)
			}
			for _, vn := range m.ByTypeSuffix(":VirtualNetwork") {
				// (the SDK's Defaults() sends enableDdosProtection false)
				if vn.Bool("enableDdosProtection") || vn.String("ddosProtectionPlan.id") != "" {
					t.Errorf("%s has DDoS protection without the opt-in", vn.Name)
				}
			}
		})
	}
}

func TestDDoSOptInCoversEveryVNet(t *testing.T) {
	base := loadStack(t, "prod")
	raw := withConfig(t, base.Raw, "hub", func(h map[string]any) { h["ddos"] = map[string]any{"enabled": true} })
	m, err := planRaw(t, base.Project, base.Name, raw)
	if err != nil {
		t.Fatal(err)
	}
	plan := one(t, m, ":DdosProtectionPlan", "hub-ddos")
	for _, vn := range m.ByTypeSuffix(":VirtualNetwork") {
		if !vn.Bool("enableDdosProtection") || vn.String("ddosProtectionPlan.id") != plan.ID {
			t.Errorf("%s: enableDdosProtection=%v plan %q", vn.Name, vn.Bool("enableDdosProtection"), vn.String("ddosProtectionPlan.id"))
		}
	}
	bad := withConfig(t, base.Raw, "hub", func(h map[string]any) {
		h["ddos"] = map[string]any{"planId": "plan-1"}
		h["firewall"] = map[string]any{"publicIpCount": 300}
	})
	_, err = planRaw(t, base.Project, base.Name, bad)
	for _, want := range []string{"hub.ddos.planId", "only with ddos.enabled", "hub.firewall.publicIpCount", "300"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
}

// assigned returns the policy assignments of definition GUID def on scope.
func assigned(m *testkit.Mocks, scope, def string) []*testkit.Resource {
	var out []*testkit.Resource
	for _, pa := range m.ByTypeSuffix(":PolicyAssignment") {
		if pa.String("scope") == scope && strings.HasSuffix(pa.String("policyDefinitionId"), "/policyDefinitions/"+def) {
			out = append(out, pa)
		}
	}
	return out
}

func TestStacksAssignTheFurtherBaselinePolicies(t *testing.T) {
	// Definition GUIDs from Azure/azure-policy built-in-policies
	// (Kubernetes/ExternalIPs.json, AllowedHostPaths.json,
	// AKS_DisableLocalAccounts_Deny.json; Container Registry/
	// ACR_PublicNetworkAccess_AuditDeny.json, ACR_AdminAccountDisabled_AuditDeny.json,
	// ACR_ExportPolicy_AuditDeny.json), as mspnp/aks-baseline assigns them.
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			m := planStack(t, stack)
			effect := map[string]string{"dev": "Audit", "prod": "Deny"}[stack]
			for _, c := range m.ByTypeSuffix(":ManagedCluster") {
				for def, params := range map[string][]string{
					"d46c275d-1680-448d-b2ec-e495a3b6cc89": {"effect", "excludedNamespaces", "allowedExternalIPs"},
					"098fc59e-46c7-4d99-9b16-64990e543d75": {"effect", "excludedNamespaces", "allowedHostPaths"},
					// ARM mode: the definition has an effect parameter only.
					"993c2fcd-2b29-49d2-9eb0-df2c3a730c32": {"effect"},
				} {
					pas := assigned(m, c.ID, def)
					if len(pas) != 1 {
						t.Errorf("%s: %d assignments of %s", c.Name, len(pas), def)
						continue
					}
					pa := pas[0]
					var keys []string
					for k := range pa.Get("parameters").ObjectValue() {
						keys = append(keys, string(k))
					}
					if len(keys) != len(params) {
						t.Errorf("%s %s: parameters %v, want %v", c.Name, def, keys, params)
					}
					for _, k := range params {
						if pa.Get("parameters." + k + ".value").IsNull() {
							t.Errorf("%s %s: parameter %s missing", c.Name, def, k)
						}
					}
					if got := pa.String("parameters.effect.value"); got != effect {
						t.Errorf("%s %s: effect %q, want %q", c.Name, def, got, effect)
					}
				}
			}
			for _, r := range m.ByTypeSuffix(":Registry") {
				for _, def := range []string{"0fdf0491-d080-4575-b627-ad0e843cba0f", "dc921057-6b28-4fbe-9b83-f7bec05db6c2", "524b0254-c285-4903-bee6-bb8126cde579"} {
					pas := assigned(m, r.ID, def)
					if len(pas) != 1 || pas[0].String("parameters.effect.value") != effect {
						t.Errorf("%s: assignments of %s: %d", r.Name, def, len(pas))
					}
				}
			}
		})
	}
	// Local accounts kept on (an opt-out): the ARM Deny would refuse every
	// later update of the cluster, so it is not assigned.
	base := loadStack(t, "prod")
	raw := withConfig(t, base.Raw, "spokes", func(v map[string]any) {
		v["blue"].(map[string]any)["cluster"].(map[string]any)["localAccounts"] = true
	})
	m, err := planRaw(t, base.Project, base.Name, raw)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(assigned(m, one(t, m, ":ManagedCluster", "spoke-blue-aks-cluster").ID, "993c2fcd-2b29-49d2-9eb0-df2c3a730c32")); n != 0 {
		t.Errorf("local-auth Deny assigned on a cluster that keeps local accounts (%d)", n)
	}
}

func TestStacksStaggerMaintenanceAndFilterInsights(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			m := planStack(t, stack)
			for _, c := range m.ByTypeSuffix(":ManagedCluster") {
				prefix := strings.TrimSuffix(c.Name, "-cluster")
				up := one(t, m, ":MaintenanceConfiguration", prefix+"-maintenance-upgrade")
				os := one(t, m, ":MaintenanceConfiguration", prefix+"-maintenance-nodeos")
				w := "maintenanceWindow."
				// Windows in hours of the week; they must not overlap.
				at := func(r *testkit.Resource) (int, int) {
					day := map[string]int{"Sunday": 0, "Monday": 1, "Tuesday": 2, "Wednesday": 3, "Thursday": 4, "Friday": 5, "Saturday": 6}[r.String(w+"schedule.weekly.dayOfWeek")]
					var h int
					fmt.Sscanf(r.String(w+"startTime"), "%d:", &h)
					start := day*24 + h
					return start, start + int(r.Number(w+"durationHours"))
				}
				s1, e1 := at(up)
				s2, e2 := at(os)
				if s1 < e2 && s2 < e1 {
					t.Errorf("%s: upgrade window [%d,%d) overlaps node OS window [%d,%d) (hours of the week)", c.Name, s1, e1, s2, e2)
				}
				rule := one(t, m, ":DataCollectionRule", prefix+"-ci-dcr")
				ds := "dataSources.extensions[0].extensionSettings.dataCollectionSettings."
				// container-insights-data-collection-configure.md: Exclude with the namespaces.
				if rule.String(ds+"namespaceFilteringMode") != "Exclude" || !contains(strs(rule, ds+"namespaces"), "kube-system") {
					t.Errorf("%s: Container Insights filtering %q %v", c.Name, rule.String(ds+"namespaceFilteringMode"), strs(rule, ds+"namespaces"))
				}
			}
		})
	}
}

func TestStacksAlertOnFirewallAndClusterHealth(t *testing.T) {
	// Metric names from monitor-firewall-reference.md and
	// monitor-aks-reference.md; the rule shape from insights 2018-03-01
	// metricAlert_API.json (SingleResourceMultipleMetricCriteria).
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			m := planStack(t, stack)
			targets := map[string][]string{one(t, m, ":AzureFirewall", "hub-fw").ID: {"FirewallHealth", "SNATPortUtilization"}}
			for _, c := range m.ByTypeSuffix(":ManagedCluster") {
				targets[c.ID] = []string{"node_cpu_usage_percentage", "node_memory_working_set_percentage"}
			}
			for id, metrics := range targets {
				for _, metric := range metrics {
					n := 0
					for _, a := range m.ByTypeSuffix(":MetricAlert") {
						if contains(strs(a, "scopes"), id) && a.String("criteria.allOf[0].metricName") == metric {
							n++
							if a.String("criteria.odataType") != "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria" || a.String("criteria.allOf[0].criterionType") != "StaticThresholdCriterion" ||
								!a.Bool("enabled") || a.String("location") != "global" || a.String("evaluationFrequency") != "PT5M" {
								t.Errorf("%s: %v", a.Name, a.Inputs)
							}
						}
					}
					if n != 1 {
						t.Errorf("%d alerts on %s for %s", n, metric, id)
					}
				}
			}
		})
	}
}
