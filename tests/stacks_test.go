package tests

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/privateaks/privateaks/internal/stackfile"
	"github.com/privateaks/privateaks/stacks"
	"github.com/privateaks/privateaks/stacks/stackconfig"
	"github.com/privateaks/privateaks/testkit"
)

// loadStack reads the committed Pulumi.<stack>.yaml the way the CLI does,
// as the sample it is: its placeholder Entra IDs are allowed (listed, not
// refused). TestSampleStacksPlaceholders shows that as committed the
// protected prod stack is refused until they are replaced.
func loadStack(t testing.TB, stack string) stackfile.Stack {
	t.Helper()
	s, err := stackfile.Load("..", stack)
	if err != nil {
		t.Fatal(err)
	}
	s.Raw.AllowPlaceholders = true
	return s
}

// planRaw runs the real program over raw config under the testkit.
func planRaw(t testing.TB, project, stack string, raw stackconfig.Raw) (*testkit.Mocks, error) {
	t.Helper()
	var secret []string
	for k := range raw.Secrets {
		secret = append(secret, k)
	}
	sort.Strings(secret)
	return testkit.Run(project, stack, stacks.Program(raw), testkit.WithConfig(raw.Values, secret))
}

// planStack plans a committed stack file and fails on error.
func planStack(t testing.TB, stack string) *testkit.Mocks {
	t.Helper()
	s := loadStack(t, stack)
	m, err := planRaw(t, s.Project, s.Name, s.Raw)
	if err != nil {
		t.Fatalf("%s: %v", stack, err)
	}
	return m
}

// withConfig returns a copy of raw with one top-level key replaced by a JSON
// value edited through fn.
func withConfig(t testing.TB, raw stackconfig.Raw, key string, fn func(v map[string]any)) stackconfig.Raw {
	t.Helper()
	out := stackconfig.Raw{Values: map[string]string{}, Secrets: map[string]bool{}, AllowPlaceholders: raw.AllowPlaceholders}
	for k, v := range raw.Values {
		out.Values[k] = v
	}
	for k, v := range raw.Secrets {
		out.Secrets[k] = v
	}
	full := "privateaks:" + key
	obj := map[string]any{}
	if s, ok := out.Values[full]; ok {
		if err := json.Unmarshal([]byte(s), &obj); err != nil {
			t.Fatal(err)
		}
	}
	fn(obj)
	b, _ := json.Marshal(obj)
	out.Values[full] = string(b)
	return out
}

func TestStacksNetworkShape(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			m := planStack(t, stack)
			cfg, err := stackconfig.Load(loadStack(t, stack).Raw)
			if err != nil {
				t.Fatal(err)
			}
			fw := one(t, m, ":AzureFirewall", "hub-fw")
			fwIP := testkit.Lookup(testkitOutputs(fw), "ipConfigurations[0].privateIPAddress").StringValue()
			if fwIP != "10.200.0.4" {
				t.Fatalf("mock firewall IP %q", fwIP)
			}
			for _, key := range cfg.SpokeKeys() {
				spoke := one(t, m, ":SpokeNetwork", "spoke-"+key)
				rt := one(t, m, ":RouteTable", "spoke-"+key+"-rt")
				if rt.String("routes[0].addressPrefix") != "0.0.0.0/0" || rt.String("routes[0].nextHopIpAddress") != fwIP || rt.String("routes[0].nextHopType") != "VirtualAppliance" {
					t.Errorf("%s: default route %v, want 0.0.0.0/0 via the firewall %s", key, rt.Get("routes[0]"), fwIP)
				}
				pools := append([]string{"system"}, cfg.Spokes[key].Cluster.PoolNames()...)
				seen := map[string]bool{}
				for _, pool := range pools {
					sn := one(t, m, ":Subnet", "spoke-"+key+"-nodes-"+pool+"-snet")
					if sn.String("routeTable.id") != rt.ID {
						t.Errorf("%s/%s: node subnet not on the route table", key, pool)
					}
					if sn.String("networkSecurityGroup.id") == "" {
						t.Errorf("%s/%s: node subnet without NSG", key, pool)
					}
					if sn.Parent != spoke.URN {
						t.Errorf("%s/%s: subnet not parented to its spoke", key, pool)
					}
					prefix := sn.String("addressPrefix")
					if seen[prefix] {
						t.Errorf("%s: pools share subnet %s", key, prefix)
					}
					seen[prefix] = true
				}
				for _, other := range []string{"ingress", "privateEndpoints"} {
					if one(t, m, ":Subnet", "spoke-"+key+"-"+other+"-snet").String("networkSecurityGroup.id") == "" {
						t.Errorf("%s/%s: subnet without NSG", key, other)
					}
				}
				// Peering in both directions, forwarded traffic allowed.
				hubVnet := one(t, m, ":VirtualNetwork", "hub-vnet")
				spokeVnet := one(t, m, ":VirtualNetwork", "spoke-"+key+"-vnet")
				to := one(t, m, ":VirtualNetworkPeering", "spoke-"+key+"-to-hub")
				from := one(t, m, ":VirtualNetworkPeering", "spoke-"+key+"-from-hub")
				if to.String("remoteVirtualNetwork.id") != hubVnet.ID || from.String("remoteVirtualNetwork.id") != spokeVnet.ID {
					t.Errorf("%s: peerings do not point at each other", key)
				}
				if !to.Bool("allowForwardedTraffic") || !from.Bool("allowForwardedTraffic") {
					t.Errorf("%s: forwarded traffic not allowed", key)
				}
				if from.String("resourceGroupName") != cfg.Hub.ResourceGroupName || from.String("virtualNetworkName") != cfg.Hub.VnetName {
					t.Errorf("%s: hub-side peering lives in %s/%s", key, from.String("resourceGroupName"), from.String("virtualNetworkName"))
				}
			}
			// Every subnet in the stack: no default outbound access.
			for _, s := range m.ByTypeSuffix(":Subnet") {
				if v := s.Get("defaultOutboundAccess"); !v.IsBool() || v.BoolValue() {
					t.Errorf("subnet %s has default outbound access", s.Name)
				}
			}
			// Each zone links to the hub and, in hubAndSpokes mode, every spoke.
			zones := m.ByTypeSuffix(":PrivateZone")
			// The API server, ACR and Key Vault zones, the extra zones and the
			// five an Azure Monitor Private Link Scope needs
			// (azure-monitor-docs logs/private-link-configure.md).
			wantZones := map[string]bool{"api": true, "acr": true, "kv": true}
			for _, z := range append(append([]string{}, cfg.DNS.ExtraZones...), amplsZones...) {
				wantZones[z] = true
			}
			if len(zones) != len(wantZones) {
				t.Errorf("want %d zones, got %d", len(wantZones), len(zones))
			}
			links := m.ByTypeSuffix(":VirtualNetworkLink")
			if want := len(zones) * (1 + len(cfg.Spokes)); len(links) != want {
				t.Errorf("want %d links, got %d", want, len(links))
			}
			for _, l := range links {
				if l.Bool("registrationEnabled") {
					t.Errorf("link %s registers records", l.Name)
				}
			}
			// Stateful resources protected exactly in prod.
			prot := cfg.IsProtected()
			if prot != (stack == "prod") {
				t.Fatalf("%s: protect=%v", stack, prot)
			}
			for _, suffix := range []string{":VirtualNetwork", ":VirtualNetworkPeering", ":PrivateZone", ":AzureFirewall", ":FirewallPolicy", ":ResourceGroup"} {
				for _, r := range m.ByTypeSuffix(suffix) {
					if r.Protect != prot {
						t.Errorf("%s %s protect=%v, want %v", r.Type, r.Name, r.Protect, prot)
					}
				}
			}
			// Every Azure resource goes through the explicit provider.
			for _, r := range m.Resources() {
				if r.Custom && strings.HasPrefix(r.Type, "azure-native:") && !strings.Contains(r.Provider, "::azure-native::") {
					t.Errorf("%s %s uses provider %q, not the explicit one", r.Type, r.Name, r.Provider)
				}
			}
		})
	}
}

func TestStackDNSHubOnlyLinksHubAndPointsSpokesAtFirewall(t *testing.T) {
	s := loadStack(t, "prod")
	raw := withConfig(t, s.Raw, "dns", func(v map[string]any) { v["mode"] = "hubOnly" })
	m, err := planRaw(t, s.Project, s.Name, raw)
	if err != nil {
		t.Fatal(err)
	}
	hub := one(t, m, ":VirtualNetwork", "hub-vnet")
	links := m.ByTypeSuffix(":VirtualNetworkLink")
	if len(links) != 3+len(amplsZones) {
		t.Fatalf("hubOnly: want %d links (one per zone), got %d", 3+len(amplsZones), len(links))
	}
	for _, l := range links {
		if l.String("virtualNetwork.id") != hub.ID {
			t.Errorf("link %s goes to %s, not the hub", l.Name, l.String("virtualNetwork.id"))
		}
	}
	for _, key := range []string{"blue", "green"} {
		v := one(t, m, ":VirtualNetwork", "spoke-"+key+"-vnet")
		if got := strs(v, "dhcpOptions.dnsServers"); len(got) != 1 || got[0] != "10.200.0.4" {
			t.Errorf("%s: DNS servers %v, want the firewall's DNS proxy", key, got)
		}
	}
}

// Two runs of the same stack register identical URNs and inputs.
func TestStacksAreDeterministic(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		a, b := planStack(t, stack), planStack(t, stack)
		ra, rb := a.Sorted(), b.Sorted()
		if len(ra) != len(rb) {
			t.Fatalf("%s: %d vs %d resources", stack, len(ra), len(rb))
		}
		for i := range ra {
			if ra[i].URN != rb[i].URN {
				t.Fatalf("%s: URN %s vs %s", stack, ra[i].URN, rb[i].URN)
			}
			if !reflect.DeepEqual(ra[i].Inputs, rb[i].Inputs) {
				t.Errorf("%s: inputs of %s differ between runs", stack, ra[i].URN)
			}
		}
	}
}

func TestInvalidStackConfigRegistersNothing(t *testing.T) {
	s := loadStack(t, "dev")
	raw := withConfig(t, s.Raw, "hub", func(v map[string]any) {
		v["addressSpace"] = "10.240.0.0/16" // overlaps the spoke
		v["firewall"] = map[string]any{"sku": "Basic"}
	})
	m, err := planRaw(t, s.Project, s.Name, raw)
	if err == nil {
		t.Fatal("want a validation error")
	}
	for _, want := range []string{"spokes.blue.addressSpace", "hub.firewall.sku", `"Basic"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if n := len(m.Resources()); n != 0 {
		t.Errorf("%d resources registered despite invalid config", n)
	}
}

func testkitOutputs(r *testkit.Resource) resourceValue { return resourceValue(objectProp(r)) }

// Flux over Azure DevOps with workload identity: the stack federates an
// identity to Flux's source-controller and hands its client ID to Flux.
func TestStackFluxWorkloadIdentity(t *testing.T) {
	s := loadStack(t, "dev")
	raw := withConfig(t, s.Raw, "flux", func(f map[string]any) {
		f["url"] = "https://dev.azure.com/org/project/_git/cluster-config"
		f["auth"] = "workloadIdentity"
	})
	raw.Values["privateaks:fluxSshPrivateKey"] = "[secret]" // a leftover of another mode is ignored
	raw.Secrets["privateaks:fluxSshPrivateKey"] = true
	m, err := planRaw(t, s.Project, s.Name, raw)
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, c := range m.ByTypeSuffix(":FederatedIdentityCredential") {
		if strings.HasPrefix(c.Name, "spoke-blue-flux-wi-") && c.String("subject") == "system:serviceaccount:flux-system:source-controller" {
			found = true
		}
	}
	if !found {
		t.Error("no federated credential for Flux's source-controller")
	}
	ext := one(t, m, ":KubernetesClusterExtension", "spoke-blue-flux-extension")
	if !strings.Contains(fmt.Sprint(ext.Inputs), "workloadIdentity.azureClientId") {
		t.Errorf("extension lacks the workload identity client ID: %v", ext.Inputs)
	}
}

// amplsZones are the zones an Azure Monitor Private Link Scope's endpoint
// has (MicrosoftDocs/azure-monitor-docs articles/azure-monitor/logs/
// private-link-configure.md, "Review your endpoint's DNS settings").
var amplsZones = []string{
	"privatelink.monitor.azure.com", "privatelink.oms.opinsights.azure.com", "privatelink.ods.opinsights.azure.com",
	"privatelink.agentsvc.azure-automation.net", "privatelink.blob.core.windows.net",
}
