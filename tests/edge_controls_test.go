package tests

import (
	"strings"
	"testing"

	"github.com/privateaks/privateaks/internal/plan"
	"github.com/privateaks/privateaks/stacks/stackconfig"
	"github.com/privateaks/privateaks/testkit"
)

// Further flips of the edge controls, each a different property of the
// same control, on the real prod plan.
func TestEdgeControlsFailOnEachProperty(t *testing.T) {
	base := loadStack(t, "prod")
	cfg, err := stackconfig.Load(base.Raw)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		control, want string
		mutate        func(m *testkit.Mocks)
	}{
		{"PAKS-EDGE-01", "public IP", func(m *testkit.Mocks) {
			setInput(t, one(t, m, ":VirtualMachineScaleSet", "runners-vmss"),
				"virtualMachineProfile.networkProfile.networkInterfaceConfigurations[0].ipConfigurations[0].publicIPAddressConfiguration", map[string]any{"name": "pip"})
		}},
		{"PAKS-EDGE-01", "encryption at host", func(m *testkit.Mocks) {
			setInput(t, one(t, m, ":VirtualMachineScaleSet", "runners-vmss"), "virtualMachineProfile.securityProfile.encryptionAtHost", false)
		}},
		{"PAKS-EDGE-01", "AADSSHLoginForLinux", func(m *testkit.Mocks) {
			setInput(t, one(t, m, ":VirtualMachineScaleSet", "runners-vmss"), "virtualMachineProfile.extensionProfile.extensions[0].type", "CustomScript")
		}},
		{"PAKS-EDGE-02", "WAF_v2", func(m *testkit.Mocks) {
			setInput(t, one(t, m, ":ApplicationGateway", "spoke-blue-appgw"), "sku.tier", "Standard_v2")
		}},
		{"PAKS-EDGE-02", "not a Key Vault reference", func(m *testkit.Mocks) {
			setInput(t, one(t, m, ":ApplicationGateway", "spoke-blue-appgw"), "sslCertificates[0].keyVaultSecretId", "")
		}},
		{"PAKS-EDGE-02", "not redirected", func(m *testkit.Mocks) {
			setInput(t, one(t, m, ":ApplicationGateway", "spoke-blue-appgw"), "requestRoutingRules[1].redirectConfiguration.id", "")
		}},
		{"PAKS-EDGE-02", "no managed rule set", func(m *testkit.Mocks) {
			setInput(t, one(t, m, ":WebApplicationFirewallPolicy", "spoke-blue-appgw-waf"), "managedRules.managedRuleSets", []any{})
		}},
		{"PAKS-EDGE-03", "not delegated", func(m *testkit.Mocks) {
			setInput(t, one(t, m, ":Subnet", "dns-resolver-outbound-snet"), "delegations", []any{})
		}},
	}
	for _, tc := range cases {
		t.Run(tc.control+"/"+tc.want, func(t *testing.T) {
			m, err := planRaw(t, base.Project, base.Name, base.Raw)
			if err != nil {
				t.Fatal(err)
			}
			tc.mutate(m)
			for _, r := range plan.Evaluate(plan.NewView(m, cfg)) {
				if r.ID == tc.control {
					if r.Status != plan.StatusFail || !strings.Contains(strings.Join(r.Findings, "; "), tc.want) {
						t.Fatalf("%s %s %v, want a failure naming %q", r.ID, r.Status, r.Findings, tc.want)
					}
					return
				}
			}
			t.Fatalf("%s not evaluated", tc.control)
		})
	}
}

// The prod plan holds all three edge parts, dev at least the scale set.
func TestStacksPlanTheEdge(t *testing.T) {
	for stack, want := range map[string][]string{
		"prod": {":VirtualMachineScaleSet", ":DnsResolver", ":InboundEndpoint", ":OutboundEndpoint", ":DnsForwardingRuleset", ":ApplicationGateway", ":WebApplicationFirewallPolicy"},
		"dev":  {":VirtualMachineScaleSet"},
	} {
		m := planStack(t, stack)
		for _, typ := range want {
			if len(m.ByTypeSuffix(typ)) == 0 {
				t.Errorf("%s plans no %s", stack, typ)
			}
		}
		// The scale set is in the hub's management subnet.
		for _, s := range m.ByTypeSuffix(":VirtualMachineScaleSet") {
			id := s.String("virtualMachineProfile.networkProfile.networkInterfaceConfigurations[0].ipConfigurations[0].subnet.id")
			if !strings.HasSuffix(id, "/subnets/snet-management") {
				t.Errorf("%s: scale set in %s, want the management subnet", stack, id)
			}
		}
	}
}
