package azname

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		kind Kind
		name string
		ok   bool
	}{
		{ResourceGroup, "rg-paks-dev", true},
		{ResourceGroup, "rg.", false},
		{ResourceGroup, strings.Repeat("a", 91), false},
		{VirtualNetwork, "vnet-hub", true},
		{VirtualNetwork, "v", false},
		{VirtualNetwork, "-vnet", false},
		{Subnet, "AzureFirewallSubnet", true},
		{Subnet, "snet.", false},
		{Firewall, strings.Repeat("f", 57), false},
		{ManagedCluster, "aks-paks-dev", true},
		{ManagedCluster, "aks_", false},
		{DNSPrefix, "aks-paks", true},
		{DNSPrefix, "aks_paks", false},
		{LinuxNodePool, "system", true},
		{LinuxNodePool, "System", false},
		{LinuxNodePool, "gpupoolnumber1", false},
		{LinuxNodePool, "1pool", false},
		{WindowsNodePool, "win1", true},
		{WindowsNodePool, "windows", false},
		{ContainerRegistry, "acrpaksdev", true},
		{ContainerRegistry, "acr", false},
		{ContainerRegistry, "acr-paks", false},
		{ContainerRegistry, "AcrPaks", false},
		{KeyVault, "kv-paks-dev", true},
		{KeyVault, "kv--paks", false},
		{KeyVault, "1kv", false},
		{KeyVault, "kv-", false},
		{KeyVault, strings.Repeat("k", 25), false},
		{ManagedIdentity, "id-aks", true},
		{ManagedIdentity, "id", false},
		{LogAnalytics, "log-paks", true},
		{LogAnalytics, "log", false},
		{KubernetesDNSLabel, "flux-system", true},
		{KubernetesDNSLabel, "Flux", false},
		{Kind("nope"), "x", false},
	} {
		err := Check(tc.kind, tc.name)
		if (err == nil) != tc.ok {
			t.Errorf("Check(%s, %q) = %v, want ok=%v", tc.kind, tc.name, err, tc.ok)
		}
	}
}

func TestAlnum(t *testing.T) {
	if got := Alnum("Paks-Dev_01"); got != "paksdev01" {
		t.Fatalf("Alnum = %q", got)
	}
}
