package tests

import (
	"sort"
	"strings"
	"testing"

	minimal "github.com/privateaks/privateaks/examples/minimal/program"
	"github.com/privateaks/privateaks/internal/plan"
	"github.com/privateaks/privateaks/internal/stackfile"
	"github.com/privateaks/privateaks/stacks/stackconfig"
	"github.com/privateaks/privateaks/testkit"
)

// planExample runs an example program over its own Pulumi.yaml and stack file.
func planExample(t *testing.T, dir string, fn func(*testkit.Mocks) error) (*testkit.Mocks, stackfile.Stack) {
	t.Helper()
	s, err := stackfile.Load(dir, "dev")
	if err != nil {
		t.Fatal(err)
	}
	m := testkit.New(s.Project, s.Name)
	if err := fn(m); err != nil {
		t.Fatal(err)
	}
	return m, s
}

func configOption(s stackfile.Stack) []string {
	var keys []string
	for k := range s.Raw.Secrets {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func TestExamplesMinimal(t *testing.T) {
	s, err := stackfile.Load("../examples/minimal", "dev")
	if err != nil {
		t.Fatal(err)
	}
	m := testkit.New(s.Project, s.Name)
	if err := m.Run(minimal.Run, testkit.WithConfig(s.Raw.Values, configOption(s))); err != nil {
		t.Fatal(err)
	}
	one(t, m, ":ManagedCluster", "aks-cluster")
	// The components' defaults alone meet the baseline's cluster controls.
	results := plan.Evaluate(plan.NewView(m, stackconfig.Config{Location: "westeurope"}))
	mustPass := map[string]bool{"PAKS-API-01": true, "PAKS-NET-01": true, "PAKS-NET-02": true, "PAKS-NET-04": true, "PAKS-NET-05": true,
		"PAKS-NET-06": true, "PAKS-DNS-01": true, "PAKS-ID-01": true, "PAKS-ID-02": true, "PAKS-ID-03": true, "PAKS-ID-04": true, "PAKS-ID-05": true,
		"PAKS-SEC-01": true, "PAKS-SEC-02": true, "PAKS-SEC-03": true, "PAKS-SEC-04": true, "PAKS-MON-01": true, "PAKS-NODE-01": true, "PAKS-OPS-02": true}
	for _, r := range results {
		if mustPass[r.ID] && r.Status != plan.StatusPass {
			t.Errorf("minimal example fails %s with component defaults: %v", r.ID, r.Findings)
		}
	}
}

func TestExamplesSpokeIntoExistingHub(t *testing.T) {
	// The hub is this repository's prod stack, planned offline; its real
	// outputs answer the example's StackReference.
	outputs := prodOutputs(t)
	m := planExampleSpoke(t)
	from := one(t, m, ":VirtualNetworkPeering", "spoke-from-hub")
	if from.String("virtualNetworkName") != outputs["hubVnetName"] || from.String("resourceGroupName") != outputs["hubResourceGroupName"] {
		t.Errorf("hub-side peering in %s/%s, want the prod hub", from.String("resourceGroupName"), from.String("virtualNetworkName"))
	}
	if one(t, m, ":VirtualNetworkPeering", "spoke-to-hub").String("remoteVirtualNetwork.id") != outputs["hubVnetId"] {
		t.Error("spoke does not peer with the prod hub VNet")
	}
	vnet := one(t, m, ":VirtualNetwork", "spoke-vnet")
	if dns := strs(vnet, "dhcpOptions.dnsServers"); len(dns) != 1 || dns[0] != outputs["firewallPrivateIp"] {
		t.Errorf("spoke DNS %v, want the hub firewall's DNS proxy", dns)
	}
	zones := outputs["privateDnsZoneIds"].(map[string]any)
	if got := one(t, m, ":ManagedCluster", "aks-cluster").String("apiServerAccessProfile.privateDNSZone"); got != zones["apiServer"] {
		t.Errorf("cluster zone %q, want the hub's %v", got, zones["apiServer"])
	}
	// The prod hub knows this spoke's range and lets exactly its node
	// subnets through its firewall.
	cfg, _ := stackconfig.Load(loadStack(t, "prod").Raw)
	vnetSpace := strs(vnet, "addressSpace.addressPrefixes")
	if len(vnetSpace) != 1 || !contains(cfg.Hub.ExternalSpokeAddressSpaces, vnetSpace[0]) {
		t.Errorf("the prod hub does not list the example spoke's range %v in externalSpokeAddressSpaces", vnetSpace)
	}
	for _, sn := range m.ByTypeSuffix(":Subnet") {
		node := strings.HasPrefix(sn.String("subnetName"), "snet-nodes-")
		if listed := contains(cfg.Hub.ExternalNodeSubnets, sn.String("addressPrefix")); listed != node {
			t.Errorf("subnet %s (%s): in the prod hub's externalNodeSubnets = %v, want %v", sn.String("subnetName"), sn.String("addressPrefix"), listed, node)
		}
	}
	if len(m.ByTypeSuffix(":AzureFirewall")) != 0 || len(m.ByTypeSuffix(":PrivateZone")) != 0 {
		t.Error("the spoke example created hub resources")
	}
}
