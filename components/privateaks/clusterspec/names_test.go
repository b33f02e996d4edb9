package clusterspec

import (
	"strings"
	"testing"
)

// The names' bounds are Azure's (clusterspec.Names cites them): each is
// accepted at its longest and refused one character over, and the DNS
// prefix defaults to the cluster name.
func TestNames(t *testing.T) {
	valid := Names{ClusterName: "aks-blue"}.WithDefaults()
	if valid.DNSPrefix != "aks-blue" {
		t.Errorf("DNS prefix defaulted to %q, want the cluster name", valid.DNSPrefix)
	}
	if errs := valid.Validate("", ArgNameKey); len(errs) != 0 {
		t.Errorf("defaulted names refused: %v", errs)
	}
	if got := (Names{ClusterName: "a", DNSPrefix: "b"}).WithDefaults().DNSPrefix; got != "b" {
		t.Errorf("a set DNS prefix became %q", got)
	}
	for _, c := range []struct {
		name string
		n    Names
		path string // "" means valid
	}{
		{"63-character cluster name", Names{ClusterName: strings.Repeat("a", 63), DNSPrefix: "a"}, ""},
		{"64-character cluster name", Names{ClusterName: strings.Repeat("a", 64), DNSPrefix: "a"}, "cluster.clusterName"},
		{"cluster name with '_' inside", Names{ClusterName: "aks_blue", DNSPrefix: "a"}, ""},
		{"cluster name ending in '-'", Names{ClusterName: "aks-", DNSPrefix: "a"}, "cluster.clusterName"},
		{"no cluster name", Names{DNSPrefix: "a"}, "cluster.clusterName"},
		{"54-character DNS prefix", Names{ClusterName: "a", DNSPrefix: strings.Repeat("a", 54)}, ""},
		{"55-character DNS prefix", Names{ClusterName: "a", DNSPrefix: strings.Repeat("a", 55)}, "cluster.dnsPrefix"},
		{"DNS prefix with '_'", Names{ClusterName: "a", DNSPrefix: "a_b"}, "cluster.dnsPrefix"},
		{"no node resource group (AKS names it)", Names{ClusterName: "a", DNSPrefix: "a"}, ""},
		{"90-character node resource group", Names{ClusterName: "a", DNSPrefix: "a", NodeResourceGroup: strings.Repeat("r", 90)}, ""},
		{"91-character node resource group", Names{ClusterName: "a", DNSPrefix: "a", NodeResourceGroup: strings.Repeat("r", 91)}, "cluster.nodeResourceGroup"},
		{"node resource group ending in '.'", Names{ClusterName: "a", DNSPrefix: "a", NodeResourceGroup: "rg."}, "cluster.nodeResourceGroup"},
	} {
		errs := c.n.Validate("cluster", ArgNameKey)
		if c.path == "" {
			if len(errs) != 0 {
				t.Errorf("%s: refused: %v", c.name, errs)
			}
			continue
		}
		if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), c.path+": ") {
			t.Errorf("%s: want one problem at %s, got %v", c.name, c.path, errs)
		}
	}
	if errs := (Names{}).Validate("spokes.blue.cluster", ConfigNameKey); len(errs) == 0 || !strings.HasPrefix(errs[0].Error(), "spokes.blue.cluster.name: ") {
		t.Errorf("the stack config's key: %v", errs)
	}
}

// AKS creates the node resource group, so it cannot be an existing one
// such as the cluster's own, in any letter case (azure-aks-docs faq.yml).
func TestNodeResourceGroupIsNotTheClusters(t *testing.T) {
	n := Names{NodeResourceGroup: "RG-Spoke"}
	if errs := n.ValidateNodeResourceGroup("", "rg-spoke"); len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), "nodeResourceGroup: ") {
		t.Errorf("the cluster's own group: %v", errs)
	}
	for _, rg := range []string{"rg-other", ""} {
		if errs := n.ValidateNodeResourceGroup("", rg); len(errs) != 0 {
			t.Errorf("cluster group %q: %v", rg, errs)
		}
	}
	if errs := (Names{}).ValidateNodeResourceGroup("", "rg-spoke"); len(errs) != 0 {
		t.Errorf("no node resource group: %v", errs)
	}
}

func TestAPIServerZoneChoice(t *testing.T) {
	if DefaultAPIServerZone != APIServerZoneBYO {
		t.Errorf("default zone %q", DefaultAPIServerZone)
	}
	for _, z := range APIServerZones {
		if errs := ValidateAPIServerZone(z, "privateDnsZone"); len(errs) != 0 {
			t.Errorf("%s refused: %v", z, errs)
		}
	}
	for _, z := range []string{"System", "none", ""} {
		if errs := ValidateAPIServerZone(z, "privateDnsZone"); len(errs) != 1 {
			t.Errorf("%q accepted", z)
		}
	}
}
