package egress

import (
	"strings"
	"testing"

	"github.com/privateaks/privateaks/internal/mockengine"
	"github.com/privateaks/privateaks/internal/verify"
)

func findingsOf(rep Report) string {
	var b strings.Builder
	for _, f := range rep.Findings {
		b.WriteString("\n  " + f.String())
	}
	return b.String()
}

// has reports whether rep has a finding whose rule starts with rule, on the
// resource named name, at a path starting with path.
func has(rep Report, p *fakePlan, rule, name, path string) bool {
	urn := p.find(name).URN
	for _, f := range rep.Findings {
		if strings.HasPrefix(f.Rule, rule) && f.Resource == urn && strings.HasPrefix(f.Path, path) && f.Model == "egress" {
			return true
		}
	}
	return false
}

func TestFixturePasses(t *testing.T) {
	p := fixture()
	rep := Check(p)
	if rep.Failed() {
		t.Fatalf("the fixture allows exactly what it needs, yet:%s", findingsOf(rep))
	}
	// The roles are derived from the plan.
	roles := map[string]string{}
	required, forbidden := 0, 0
	for _, f := range rep.Flows {
		roles[f.Subnet] = f.Role
		if f.Kind == Required {
			required++
		} else {
			forbidden++
		}
	}
	if roles["snet-nodes"] != "node" || roles["snet-management"] != "management" || roles["snet-ingress"] != "other" {
		t.Errorf("roles %v", roles)
	}
	if _, ok := roles["AzureFirewallSubnet"]; ok {
		t.Error("the firewall's own subnet has no flows")
	}
	if required == 0 || forbidden == 0 {
		t.Fatalf("required %d, forbidden %d", required, forbidden)
	}
	for _, f := range rep.Flows {
		if f.ID == "EGR-REQ-MCR" && f.Matched != "egress/nodes/aks" {
			t.Errorf("MCR matched %q, want egress/nodes/aks", f.Matched)
		}
		if f.Kind == Forbidden && (f.Allowed || f.Matched != defaultDeny) {
			t.Errorf("forbidden %s from %s: %+v", f.ID, f.Subnet, f)
		}
	}
	// Deterministic: the same plan gives the same report.
	again := Check(fixture())
	if len(again.Flows) != len(rep.Flows) {
		t.Fatal("not deterministic")
	}
	for i := range rep.Flows {
		if rep.Flows[i] != again.Flows[i] {
			t.Fatalf("flow %d differs: %+v vs %+v", i, rep.Flows[i], again.Flows[i])
		}
	}
}

func TestMutationDropRule(t *testing.T) {
	p := fixture()
	cs := collections(p)
	cs[0].(map[string]any)["rules"] = []any{}
	setCollections(p, cs)
	rep := Check(p)
	if !has(rep, p, "EGR-REQ-MCR", "rcg", "ruleCollections") {
		t.Errorf("dropping the nodes' rule must fail EGR-REQ-MCR on the group:%s", findingsOf(rep))
	}
}

func TestMutationBreakProtocol(t *testing.T) {
	p := fixture()
	cs := collections(p)
	rule := cs[0].(map[string]any)["rules"].([]any)[0].(map[string]any)
	rule["protocols"] = []any{map[string]any{"protocolType": "Https", "port": 0}}
	setCollections(p, cs)
	rep := Check(p)
	if !has(rep, p, "EGR-MALFORMED", "rcg", "ruleCollections[0].rules[0].protocols[0].port") {
		t.Errorf("port 0 must be reported at its path:%s", findingsOf(rep))
	}
	if !has(rep, p, "EGR-REQ-MCR", "rcg", "ruleCollections") {
		t.Errorf("a rule with port 0 matches nothing, so MCR must be denied:%s", findingsOf(rep))
	}
}

func TestMutationWidenSource(t *testing.T) {
	p := fixture()
	cs := collections(p)
	rule := cs[0].(map[string]any)["rules"].([]any)[0].(map[string]any)
	rule["sourceAddresses"] = []any{spokeCIDR, mgmtCIDR}
	setCollections(p, cs)
	rep := Check(p)
	// The spoke range takes in the ingress subnet, the second entry the
	// management subnet: neither needs the nodes' FQDNs... except those the
	// management subnet needs too (login, ARM, packages), which are not wide.
	if !has(rep, p, "EGR-WIDE", "rcg", "ruleCollections[0].rules[0].sourceAddresses[0]") {
		t.Errorf("the spoke-wide source must be reported for the ingress subnet:%s", findingsOf(rep))
	}
	if !has(rep, p, "EGR-WIDE", "rcg", "ruleCollections[0].rules[0].sourceAddresses[1]") {
		t.Errorf("allowing the nodes' MCR to the management subnet must be reported:%s", findingsOf(rep))
	}
	for _, f := range rep.Findings {
		if f.Rule == "EGR-WIDE" && strings.Contains(f.Message, "login.microsoftonline.com") && strings.Contains(f.Message, "allows management subnet") {
			t.Errorf("login is needed by the management subnet too, not wide: %s", f)
		}
	}
}

func TestMutationSourceOutsidePlan(t *testing.T) {
	for _, c := range []struct {
		source string
		fail   bool
	}{
		{"*", true},
		{"0.0.0.0/0", true},
		{"10.0.0.0/8", true},     // overlaps planned VNets and extends past them
		{"203.0.113.0/24", true}, // public
		{"10.250.0.0/16", false}, // a private range no planned VNet touches: a spoke elsewhere
	} {
		p := fixture()
		cs := collections(p)
		rule := cs[1].(map[string]any)["rules"].([]any)[0].(map[string]any)
		rule["sourceAddresses"] = []any{mgmtCIDR, c.source}
		setCollections(p, cs)
		rep := Check(p)
		got := has(rep, p, "EGR-FORBID", "rcg", "ruleCollections[1].rules[0].sourceAddresses[1]")
		if got != c.fail {
			t.Errorf("source %s: finding %v, want %v:%s", c.source, got, c.fail, findingsOf(rep))
		}
		if !c.fail && len(rep.Notes) == 0 {
			t.Errorf("source %s: want a note that it is not verified here", c.source)
		}
	}
}

func TestMutationForbiddenFlows(t *testing.T) {
	for name, rule := range map[string]map[string]any{
		"AzureCloud.westeurope TCP 443": netRuleIn("azurecloud", []any{nodeCIDR}, []any{"AzureCloud.westeurope"}, nil, []any{"443"}, []any{"TCP"}),
		"AzureCloud UDP 1194":           netRuleIn("tunnel", []any{nodeCIDR}, []any{"AzureCloud"}, nil, []any{"1194"}, []any{"UDP"}),
		"DNS to 8.8.8.8":                netRuleIn("dns", []any{nodeCIDR}, []any{"8.8.8.8"}, nil, []any{"53"}, []any{"UDP", "TCP"}),
		"SSH anywhere":                  netRuleIn("ssh", []any{nodeCIDR}, []any{"*"}, nil, []any{"22"}, []any{"TCP"}),
		"HTTPS to the Internet tag":     netRuleIn("web", []any{nodeCIDR}, []any{"Internet"}, nil, []any{"443"}, []any{"TCP"}),
		"every FQDN over HTTP":          appRuleIn("web", []any{nodeCIDR}, []any{"*"}, nil, proto("Http", 80)),
	} {
		t.Run(name, func(t *testing.T) {
			p := fixture()
			cs := collections(p)
			cs = append(cs, appCollection("extra", 300, "Allow", rule))
			setCollections(p, cs)
			rep := Check(p)
			if !has(rep, p, "EGR-FORBID", "rcg", "ruleCollections[2].rules[0]") {
				t.Errorf("want EGR-FORBID at ruleCollections[2].rules[0]:%s", findingsOf(rep))
			}
		})
	}
}

func TestMutationSubnetNotViaFirewall(t *testing.T) {
	p := fixture()
	setInput(p, "spoke-nodes-snet", func(in map[string]any) { delete(in, "routeTable") })
	rep := Check(p)
	if !has(rep, p, "EGR-REQ-MCR", "spoke-nodes-snet", "routeTable") {
		t.Errorf("a node subnet without the default route to the firewall must be reported:%s", findingsOf(rep))
	}
	for _, f := range rep.Flows {
		if f.Subnet == "snet-nodes" && f.Kind == Required && f.Matched != "not via firewall" {
			t.Errorf("%s: matched %q, want not via firewall", f.ID, f.Matched)
		}
	}
}

func TestFeaturesSwitchFlowsOn(t *testing.T) {
	p := fixture()
	setInput(p, "aks", func(in map[string]any) {
		in["addonProfiles"] = map[string]any{"omsagent": map[string]any{"enabled": true}, "azurePolicy": map[string]any{"enabled": true}}
		in["securityProfile"] = map[string]any{"defender": map[string]any{"securityMonitoring": map[string]any{"enabled": true}}}
	})
	p.add("azure-native:containerservice/v20240901:AgentPool", "gpu", clusterID+"/agentPools/gpu",
		map[string]any{"vmSize": "Standard_NC4as_T4_v3", "vnetSubnetID": spokeVnetID + "/subnets/snet-gpu"}, nil)
	p.add("azure-native:network/v20240501:Subnet", "spoke-gpu-snet", spokeVnetID+"/subnets/snet-gpu",
		map[string]any{"resourceGroupName": "rg-spoke", "virtualNetworkName": "vnet-spoke", "subnetName": "snet-gpu", "addressPrefix": "10.1.2.0/27",
			"routeTable": map[string]any{"id": spokeRG + "/providers/Microsoft.Network/routeTables/rt-spoke"}}, nil)
	p.add("azure:containerservice/kubernetesClusterExtension:KubernetesClusterExtension", "flux", clusterID+"/providers/Microsoft.KubernetesConfiguration/extensions/flux",
		map[string]any{"clusterId": clusterID, "extensionType": "microsoft.flux"}, nil)
	p.add("azure:containerservice/fluxConfiguration:FluxConfiguration", "fluxcfg", clusterID+"/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/cfg",
		map[string]any{"clusterId": clusterID, "gitRepository": map[string]any{"url": "ssh://git@git.example.org/org/repo"}}, nil)
	rep := Check(p)
	ids := map[string]map[string]bool{}
	for _, f := range rep.Flows {
		if ids[f.ID] == nil {
			ids[f.ID] = map[string]bool{}
		}
		ids[f.ID][f.Subnet] = true
	}
	for _, id := range []string{"EGR-REQ-MON-ODS", "EGR-REQ-POLICY-DATA", "EGR-REQ-DEFENDER-OMS", "EGR-REQ-FLUX-DP", "EGR-REQ-GIT-GIT.EXAMPLE.ORG-SSH", "EGR-REQ-MGMT-GIT-GIT.EXAMPLE.ORG-SSH"} {
		if len(ids[id]) == 0 {
			t.Errorf("%s not required", id)
		}
	}
	if g := ids["EGR-REQ-GPU-NVIDIA-GITHUB"]; !g["snet-gpu"] || g["snet-nodes"] {
		t.Errorf("GPU driver hosts are required from the GPU pool's subnet only, got %v", g)
	}
	if !ids["EGR-REQ-MGMT-GIT-GIT.EXAMPLE.ORG-SSH"]["snet-management"] {
		t.Error("the Git host over SSH is required from the management subnet")
	}
	for _, f := range rep.Flows {
		if f.ID == "EGR-REQ-GIT-GIT.EXAMPLE.ORG-SSH" && f.Protocol != "TCP:22" {
			t.Errorf("an ssh:// source is TCP 22, got %s", f.Protocol)
		}
	}
	// None of those is allowed by the fixture's rules.
	for _, id := range []string{"EGR-REQ-MON-ODS", "EGR-REQ-GPU-NVIDIA-GITHUB", "EGR-REQ-FLUX-DP"} {
		if !has(rep, p, id, "rcg", "ruleCollections") {
			t.Errorf("want %s denied on the group:%s", id, findingsOf(rep))
		}
	}
}

func TestPublicClusterNeedsTunnelNotForbidden(t *testing.T) {
	p := fixture()
	setInput(p, "aks", func(in map[string]any) { in["apiServerAccessProfile"] = map[string]any{"enablePrivateCluster": false} })
	rep := Check(p)
	var ids []string
	for _, f := range rep.Flows {
		ids = append(ids, f.ID)
	}
	all := strings.Join(ids, " ")
	if !strings.Contains(all, "EGR-REQ-TUNNEL-UDP-1194") || strings.Contains(all, "EGR-FORBID-AZURECLOUD-UDP-1194") {
		t.Errorf("a public cluster needs the tunnel and must not have it forbidden: %s", all)
	}
}

func TestKeyVaultViaPrivateEndpoint(t *testing.T) {
	p := fixture()
	setInput(p, "aks", func(in map[string]any) {
		in["addonProfiles"] = map[string]any{"azureKeyvaultSecretsProvider": map[string]any{"enabled": true}}
	})
	vaultID := spokeRG + "/providers/Microsoft.KeyVault/vaults/kv1"
	p.add("azure-native:keyvault/v20241101:Vault", "kv", vaultID, map[string]any{"resourceGroupName": "rg-spoke", "vaultName": "kv1"}, nil)
	rep := Check(p)
	if !has(rep, p, "EGR-REQ-KEYVAULT-KV1", "rcg", "ruleCollections") {
		t.Errorf("without a private endpoint the vault must be reached through the firewall:%s", findingsOf(rep))
	}
	p.add("azure-native:network/v20240501:PrivateEndpoint", "kv-pe", spokeRG+"/providers/Microsoft.Network/privateEndpoints/pe",
		map[string]any{"privateLinkServiceConnections": []any{map[string]any{"privateLinkServiceId": vaultID}}}, nil)
	rep = Check(p)
	if rep.Failed() {
		t.Errorf("with a private endpoint the vault flow does not use the firewall:%s", findingsOf(rep))
	}
}

var _ verify.Plan = (*fakePlan)(nil)

func TestEmptyAndPartialPlans(t *testing.T) {
	if rep := Check(&fakePlan{}); rep.Failed() || len(rep.Flows) != 0 {
		t.Errorf("an empty plan has nothing to check: %+v", rep)
	}
	// The spoke alone: its default route goes to an appliance this plan
	// does not hold; flows are unverified, not failed.
	p := fixture()
	var kept []*mockengine.Resource
	for _, r := range p.rs {
		if !strings.Contains(r.Type, "AzureFirewall") && !strings.Contains(r.Type, "FirewallPolicy") {
			kept = append(kept, r)
		}
	}
	p.rs = kept
	rep := Check(p)
	if rep.Failed() {
		t.Errorf("without the firewall in the plan nothing can fail:%s", findingsOf(rep))
	}
	n := 0
	for _, f := range rep.Flows {
		if f.Status == StatusUnverified && strings.Contains(f.Matched, fwIP) {
			n++
		}
	}
	if n == 0 {
		t.Error("want unverified flows naming the next hop")
	}
}

func TestRegistryFlows(t *testing.T) {
	p := fixture()
	regID := spokeRG + "/providers/Microsoft.ContainerRegistry/registries/acr1"
	p.add("azure-native:containerregistry/v20230701:Registry", "acr", regID, map[string]any{"resourceGroupName": "rg-spoke", "registryName": "acr1", "location": "westeurope"}, nil)
	rep := Check(p)
	for _, id := range []string{"EGR-REQ-ACR-ACR1", "EGR-REQ-ACR-DATA-ACR1", "EGR-REQ-MGMT-ACR-ACR1"} {
		if !has(rep, p, id, "rcg", "ruleCollections") {
			t.Errorf("without a private endpoint %s goes through the firewall and is denied:%s", id, findingsOf(rep))
		}
	}
	for _, f := range rep.Flows {
		if f.ID == "EGR-REQ-ACR-DATA-ACR1" && f.Destination != "acr1.westeurope.data.azurecr.io" {
			t.Errorf("data endpoint %s", f.Destination)
		}
		if f.ID == "EGR-REQ-MGMT-ACR-ACR1" && f.Subnet != "snet-management" {
			t.Errorf("push is from the management subnet, got %s", f.Subnet)
		}
	}
	p.add("azure-native:network/v20240501:PrivateEndpoint", "acr-pe", spokeRG+"/providers/Microsoft.Network/privateEndpoints/acr-pe",
		map[string]any{"privateLinkServiceConnections": []any{map[string]any{"privateLinkServiceId": regID, "groupIds": []any{"registry"}}}}, nil)
	if rep := Check(p); rep.Failed() {
		t.Errorf("with a private endpoint the registry flows do not use the firewall:%s", findingsOf(rep))
	}
}
