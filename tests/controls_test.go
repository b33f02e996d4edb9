package tests

import (
	"strconv"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/privateaks/privateaks/internal/plan"
	"github.com/privateaks/privateaks/stacks/stackconfig"
	"github.com/privateaks/privateaks/testkit"
)

// setInput replaces the input at a dotted path ("a.b[0].c") of a recorded
// resource, creating objects on the way.
func setInput(t *testing.T, r *testkit.Resource, path string, v any) {
	t.Helper()
	r.Inputs = setIn(resource.NewProperty(r.Inputs), strings.Split(path, "."), resource.NewPropertyValue(v)).ObjectValue()
}

func setIn(cur resource.PropertyValue, segs []string, v resource.PropertyValue) resource.PropertyValue {
	if len(segs) == 0 {
		return v
	}
	key, idx := segs[0], -1
	if i := strings.IndexByte(key, '['); i >= 0 {
		idx, _ = strconv.Atoi(strings.TrimSuffix(key[i+1:], "]"))
		key = key[:i]
	}
	obj := resource.PropertyMap{}
	if cur.IsObject() {
		obj = cur.ObjectValue().Copy()
	}
	child := obj[resource.PropertyKey(key)]
	if idx >= 0 {
		arr := append([]resource.PropertyValue(nil), child.ArrayValue()...)
		arr[idx] = setIn(arr[idx], segs[1:], v)
		obj[resource.PropertyKey(key)] = resource.NewProperty(arr)
	} else {
		obj[resource.PropertyKey(key)] = setIn(child, segs[1:], v)
	}
	return resource.NewProperty(obj)
}

func TestEachControlFailsWhenItsPropertyFlips(t *testing.T) {
	base := loadStack(t, "prod")
	baseline, err := plan.Raw(base.Project, base.Name, base.Raw)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range baseline.Controls {
		if c.Status != plan.StatusPass {
			t.Fatalf("prod must pass every control; %s: %s %v", c.ID, c.Status, c.Findings)
		}
	}
	cluster := func(m *testkit.Mocks) *testkit.Resource {
		r := m.Find("azure-native:containerservice/v20240901:ManagedCluster", "spoke-blue-aks-cluster")
		if r == nil {
			panic("no cluster spoke-blue-aks-cluster planned")
		}
		return r
	}
	type flip struct {
		config func() stackconfig.Raw // a config that weakens the property, or
		mutate func(m *testkit.Mocks) // a change to the planned resources
	}
	spokeCluster := func(fn func(c map[string]any)) func() stackconfig.Raw {
		return func() stackconfig.Raw {
			return withConfig(t, base.Raw, "spokes", func(v map[string]any) { fn(v["blue"].(map[string]any)["cluster"].(map[string]any)) })
		}
	}
	cases := map[string]flip{
		"PAKS-API-01": {mutate: func(m *testkit.Mocks) { setInput(t, cluster(m), "apiServerAccessProfile.enablePrivateCluster", false) }},
		"PAKS-NET-01": {mutate: func(m *testkit.Mocks) { setInput(t, cluster(m), "networkProfile.networkPlugin", "kubenet") }},
		"PAKS-NET-02": {mutate: func(m *testkit.Mocks) {
			setInput(t, one(t, m, ":Registry", "spoke-blue-aks-acr"), "publicNetworkAccess", "Enabled")
		}},
		"PAKS-NET-03": {mutate: func(m *testkit.Mocks) {
			setInput(t, one(t, m, ":AgentPool", "spoke-blue-aks-pool-apps"), "vnetSubnetID", cluster(m).String("agentPoolProfiles[0].vnetSubnetID"))
		}},
		"PAKS-NET-04": {mutate: func(m *testkit.Mocks) { setInput(t, cluster(m), "networkProfile.outboundType", "loadBalancer") }},
		"PAKS-NET-05": {mutate: func(m *testkit.Mocks) { setInput(t, cluster(m), "agentPoolProfiles[0].enableNodePublicIP", true) }},
		"PAKS-NET-06": {config: func() stackconfig.Raw {
			return withConfig(t, base.Raw, "hub", func(h map[string]any) { h["firewall"] = map[string]any{"sku": "Standard"} })
		}},
		"PAKS-DNS-01": {mutate: func(m *testkit.Mocks) {
			setInput(t, one(t, m, ":PrivateZone", "dns-acr"), "privateZoneName", "example.com")
		}},
		"PAKS-ID-01": {mutate: func(m *testkit.Mocks) { setInput(t, cluster(m), "aadProfile.enableAzureRBAC", false) }},
		"PAKS-ID-02": {config: spokeCluster(func(c map[string]any) { c["localAccounts"] = true })},
		"PAKS-ID-03": {mutate: func(m *testkit.Mocks) {
			setInput(t, one(t, m, ":Registry", "spoke-blue-aks-acr"), "adminUserEnabled", true)
		}},
		"PAKS-ID-04": {mutate: func(m *testkit.Mocks) { setInput(t, cluster(m), "securityProfile.workloadIdentity.enabled", false) }},
		"PAKS-ID-05": {mutate: func(m *testkit.Mocks) { setInput(t, cluster(m), "identity.type", "SystemAssigned") }},
		"PAKS-SEC-01": {mutate: func(m *testkit.Mocks) {
			setInput(t, cluster(m), "addonProfiles.azureKeyvaultSecretsProvider.config.enableSecretRotation", "false")
		}},
		"PAKS-SEC-02": {mutate: func(m *testkit.Mocks) { setInput(t, cluster(m), "addonProfiles.azurepolicy.enabled", false) }},
		"PAKS-SEC-03": {config: spokeCluster(func(c map[string]any) { c["policyEffect"] = "Audit" })},
		"PAKS-SEC-04": {mutate: func(m *testkit.Mocks) {
			setInput(t, cluster(m), "securityProfile.defender.securityMonitoring.enabled", false)
		}},
		"PAKS-MON-01":  {mutate: func(m *testkit.Mocks) { setInput(t, cluster(m), "addonProfiles.omsagent.enabled", false) }},
		"PAKS-NODE-01": {mutate: func(m *testkit.Mocks) { setInput(t, cluster(m), "agentPoolProfiles[0].enableEncryptionAtHost", false) }},
		"PAKS-OPS-01": {config: func() stackconfig.Raw {
			return withConfig(t, base.Raw, "flux", func(f map[string]any) { f["enabled"] = false })
		}},
		"PAKS-OPS-02": {config: spokeCluster(func(c map[string]any) { c["skuTier"] = "Free" })},
		"PAKS-EDGE-01": {mutate: func(m *testkit.Mocks) {
			setInput(t, one(t, m, ":VirtualMachineScaleSet", "runners-vmss"), "virtualMachineProfile.osProfile.linuxConfiguration.disablePasswordAuthentication", false)
		}},
		"PAKS-EDGE-02": {config: func() stackconfig.Raw {
			return withConfig(t, base.Raw, "spokes", func(v map[string]any) {
				v["blue"].(map[string]any)["appGateway"].(map[string]any)["wafMode"] = "Detection"
			})
		}},
		"PAKS-EDGE-03": {mutate: func(m *testkit.Mocks) {
			setInput(t, one(t, m, ":Subnet", "dns-resolver-inbound-snet"), "delegations[0].serviceName", "Microsoft.Web/serverFarms")
		}},
		"PAKS-MON-02": {mutate: func(m *testkit.Mocks) {
			setInput(t, one(t, m, ":DiagnosticSetting", "hub-fw-diagnostics"), "logs", []any{map[string]any{"category": "AZFWNetworkRule", "enabled": true}})
		}},
		"PAKS-NET-07": {mutate: func(m *testkit.Mocks) {
			setInput(t, one(t, m, ":FlowLog", "spoke-blue-vnet-flowlog"), "retentionPolicy.days", 30)
		}},
		"PAKS-NET-08": {config: func() stackconfig.Raw {
			return withConfig(t, base.Raw, "hub", func(h map[string]any) { h["firewall"] = map[string]any{"publicIpCount": 1} })
		}},
		"PAKS-SEC-05": {mutate: func(m *testkit.Mocks) {
			setInput(t, one(t, m, ":PolicyAssignment", "spoke-blue-aks-policy-allowed-host-paths"), "parameters.allowedHostPaths.value.paths", []any{"/var/run"})
		}},
		"PAKS-OPS-04": {mutate: func(m *testkit.Mocks) {
			up := one(t, m, ":MaintenanceConfiguration", "spoke-blue-aks-maintenance-upgrade")
			setInput(t, one(t, m, ":MaintenanceConfiguration", "spoke-blue-aks-maintenance-nodeos"), "maintenanceWindow", up.Get("maintenanceWindow").Mappable())
		}},
		"PAKS-MON-03": {mutate: func(m *testkit.Mocks) {
			setInput(t, one(t, m, ":MetricAlert", "hub-alert-fw-health"), "enabled", false)
		}},
		"PAKS-MON-04": {mutate: func(m *testkit.Mocks) {
			setInput(t, one(t, m, ":DataCollectionEndpoint", "spoke-blue-aks-prom-dce"), "networkAcls.publicNetworkAccess", "Enabled")
		}},
		"PAKS-ACR-01": {mutate: func(m *testkit.Mocks) {
			setInput(t, one(t, m, ":Registry", "spoke-green-aks-acr"), "policies.exportPolicy.status", "enabled")
		}},
		// The encryption controls pass with the options off; the flip turns
		// an option on and weakens one property.
		"PAKS-ENC-01": {config: spokeCluster(func(c map[string]any) { c["kms"] = map[string]any{"enabled": true} }), mutate: func(m *testkit.Mocks) {
			setInput(t, one(t, m, ":Vault", "spoke-blue-aks-kms-kv"), "properties.enablePurgeProtection", false)
		}},
		"PAKS-ENC-02": {config: spokeCluster(func(c map[string]any) { c["diskEncryption"] = map[string]any{"enabled": true} }), mutate: func(m *testkit.Mocks) {
			setInput(t, one(t, m, ":Key", "spoke-blue-aks-des-key"), "properties.keyOps", []any{"encrypt", "decrypt"})
		}},
		"PAKS-OPS-03": {config: func() stackconfig.Raw {
			r := base.Raw
			r.Values = copyValues(r.Values)
			r.Values["privateaks:protect"] = "false"
			return r
		}},
	}
	// A second flip for monitoring: the add-on on, but nothing routes it.
	t.Run("PAKS-MON-01/no-data-collection-rule", func(t *testing.T) {
		m, err := planRaw(t, base.Project, base.Name, base.Raw)
		if err != nil {
			t.Fatal(err)
		}
		setInput(t, one(t, m, ":DataCollectionRuleAssociation", "spoke-blue-aks-ci-dcra"), "resourceUri", "/elsewhere")
		cfg, _ := stackconfig.Load(base.Raw)
		for _, r := range plan.Evaluate(plan.NewView(m, cfg)) {
			if r.ID == "PAKS-MON-01" && (r.Status != plan.StatusFail || !strings.Contains(strings.Join(r.Findings, " "), "data collection rule")) {
				t.Fatalf("PAKS-MON-01 %s %v", r.Status, r.Findings)
			}
		}
	})
	// More flips for private ingestion: the scope open to public ingestion,
	// a cluster's workspace left out of it, the Container Insights rule
	// sending past the private endpoint, a zone missing from the endpoint.
	for name, mutate := range map[string]func(m *testkit.Mocks){
		"ingestion-open": func(m *testkit.Mocks) {
			setInput(t, one(t, m, ":PrivateLinkScope", "monitor-link-scope"), "accessModeSettings.ingestionAccessMode", "Open")
		},
		"workspace-not-scoped": func(m *testkit.Mocks) {
			setInput(t, one(t, m, ":PrivateLinkScopedResource", "monitor-link-blue-log"), "linkedResourceId", "/elsewhere")
		},
		"rule-without-endpoint": func(m *testkit.Mocks) {
			setInput(t, one(t, m, ":DataCollectionRule", "spoke-blue-aks-ci-dcr"), "dataCollectionEndpointId", "")
		},
		"zone-missing": func(m *testkit.Mocks) {
			setInput(t, one(t, m, ":PrivateDnsZoneGroup", "monitor-link-pe-dns"), "privateDnsZoneConfigs[4].privateDnsZoneId", "/elsewhere")
		},
	} {
		t.Run("PAKS-MON-04/"+name, func(t *testing.T) {
			m, err := planRaw(t, base.Project, base.Name, base.Raw)
			if err != nil {
				t.Fatal(err)
			}
			cfg, _ := stackconfig.Load(base.Raw)
			for _, r := range plan.Evaluate(plan.NewView(m, cfg)) {
				if r.ID == "PAKS-MON-04" && r.Status != plan.StatusPass {
					t.Fatalf("PAKS-MON-04 fails before the flip: %v", r.Findings)
				}
			}
			mutate(m)
			for _, r := range plan.Evaluate(plan.NewView(m, cfg)) {
				if r.ID == "PAKS-MON-04" && r.Status != plan.StatusFail {
					t.Fatalf("PAKS-MON-04 %s after %s", r.Status, name)
				}
			}
		})
	}
	for _, c := range plan.Controls {
		f, ok := cases[c.ID]
		if !ok {
			t.Errorf("no flip test for %s", c.ID)
			continue
		}
		t.Run(c.ID, func(t *testing.T) {
			raw := base.Raw
			if f.config != nil {
				raw = f.config()
			}
			m, err := planRaw(t, base.Project, base.Name, raw)
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := stackconfig.Load(raw)
			if err != nil {
				t.Fatal(err)
			}
			if f.mutate != nil {
				f.mutate(m)
			}
			for _, r := range plan.Evaluate(plan.NewView(m, cfg)) {
				if r.ID == c.ID {
					if r.Status != plan.StatusFail || len(r.Findings) == 0 {
						t.Fatalf("%s did not fail when its property flipped: %s", c.ID, r.Status)
					}
					return
				}
			}
			t.Fatalf("%s not evaluated", c.ID)
		})
	}
}

// In Flux mode "manifests" PAKS-OPS-01 finds each cluster's GitRepository
// through the kubernetes provider that applies it: the provider's
// clusterIdentifier is the cluster's ARM ID (not a logical-name prefix). A
// provider pinned to the other spoke's cluster leaves green without GitOps.
func TestGitOpsControlFollowsTheProviderToItsCluster(t *testing.T) {
	base := loadStack(t, "prod")
	raw := withConfig(t, base.Raw, "flux", func(f map[string]any) {
		f["mode"] = "manifests"
		f["manifests"] = map[string]any{"file": fluxFixture, "version": "v2.4.0"}
	})
	m, err := planRaw(t, base.Project, base.Name, raw)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := stackconfig.Load(raw)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(m.ByTypeSuffix(":FluxConfiguration")); n != 0 {
		t.Fatalf("manifests mode planned %d FluxConfigurations; the check below would not exercise the GitRepository path", n)
	}
	ops := func() plan.ControlResult {
		for _, r := range plan.Evaluate(plan.NewView(m, cfg)) {
			if r.ID == "PAKS-OPS-01" {
				return r
			}
		}
		t.Fatal("no PAKS-OPS-01")
		return plan.ControlResult{}
	}
	if r := ops(); r.Status != plan.StatusPass {
		t.Fatalf("manifests mode: PAKS-OPS-01 %s %v", r.Status, r.Findings)
	}
	blue := one(t, m, ":ManagedCluster", "spoke-blue-aks-cluster")
	setInput(t, one(t, m, "pulumi:providers:kubernetes", "spoke-green-flux-k8s"), "clusterIdentifier", blue.ID)
	r := ops()
	if r.Status != plan.StatusFail || len(r.Findings) != 1 || !strings.HasPrefix(r.Findings[0], "spoke-green-aks-cluster: no Flux configuration or GitRepository") {
		t.Fatalf("green's provider pinned to blue: PAKS-OPS-01 %s %v, want one finding on spoke-green-aks-cluster", r.Status, r.Findings)
	}
}
