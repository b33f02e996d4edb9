package main

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/components/fluxbootstrap"
	"github.com/privateaks/privateaks/components/fluxbootstrap/fluxspec"
	"github.com/privateaks/privateaks/components/hubnetwork"
	"github.com/privateaks/privateaks/components/hubnetwork/hubspec"
	"github.com/privateaks/privateaks/components/identities"
	"github.com/privateaks/privateaks/components/privateaks"
	"github.com/privateaks/privateaks/components/privateaks/clusterspec"
	"github.com/privateaks/privateaks/components/privatedns"
	"github.com/privateaks/privateaks/components/spokenetwork"
	"github.com/privateaks/privateaks/components/spokenetwork/spokespec"
	"github.com/privateaks/privateaks/internal/flowlog"
	"github.com/privateaks/privateaks/testkit"
)

// Fixture values, as the component tests in tests/ use them.
const (
	sub        = "/subscriptions/00000000-0000-4000-8000-000000000001"
	spokeRG    = sub + "/resourceGroups/rg-spoke"
	spokeVnet  = spokeRG + "/providers/Microsoft.Network/virtualNetworks/vnet-spoke"
	hubVnetID  = sub + "/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub"
	apiZone    = spokeRG + "/providers/Microsoft.Network/privateDnsZones/privatelink.westeurope.azmk8s.io"
	acrZone    = spokeRG + "/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io"
	vaultZone  = spokeRG + "/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net"
	cpID       = spokeRG + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-aks-blue-controlplane"
	kubeletID  = spokeRG + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-aks-blue-kubelet"
	clusterID  = spokeRG + "/providers/Microsoft.ContainerService/managedClusters/aks-blue"
	storageID  = sub + "/resourceGroups/rg-hub/providers/Microsoft.Storage/storageAccounts/stflowlogshub"
	hubLogID   = sub + "/resourceGroups/rg-hub/providers/Microsoft.OperationalInsights/workspaces/log-hub"
	gitToken   = "ghp_fluxTestToken0123456789"
	adminGroup = "11111111-2222-4333-8444-555555555555"
)

func subnet(n string) string { return spokeVnet + "/subnets/" + n }

// constructCase is one component built twice: through the provider from
// inputs shaped as a TypeScript or Python program sends them, and directly
// in Go with the equivalent component args (written independently, the way
// the Go tests write them).
type constructCase struct {
	token  string
	name   string
	inputs map[string]any
	direct func(ctx *pulumi.Context) error
	// check asserts component-specific inputs on the provider's run.
	check func(t *testing.T, m *testkit.Mocks)
}

func constructCases() []constructCase {
	no := false
	return []constructCase{{
		token: "privateaks:hubnetwork:HubNetwork", name: "hub",
		inputs: map[string]any{
			"resourceGroupName": "rg-hub", "location": "westeurope",
			"vnetName": "vnet-hub", "addressSpace": "10.200.0.0/24",
			"firewallSubnet": "10.200.0.0/26", "bastionSubnet": "10.200.0.64/26", "managementSubnet": "10.200.0.128/27",
			"firewall": map[string]any{"name": "afw-hub", "policyName": "afwp-hub", "zones": []any{"1", "2", "3"}, "publicIpCount": 2},
			"bastion":  map[string]any{"name": "bas-hub"},
			"egress":   map[string]any{"nodeSubnets": []any{"10.240.0.0/24", "10.240.4.0/22"}, "fluxExtension": true, "gitHttpsHosts": []any{"github.com"}},
			"logs":     map[string]any{"retentionDays": 45},
			"protect":  true,
		},
		direct: func(ctx *pulumi.Context) error {
			_, err := hubnetwork.NewHubNetwork(ctx, "hub", &hubnetwork.HubNetworkArgs{
				ResourceGroupName: pulumi.String("rg-hub"), Location: "westeurope",
				Network: hubspec.Network{VnetName: "vnet-hub", AddressSpace: "10.200.0.0/24",
					FirewallSubnet: "10.200.0.0/26", BastionSubnet: "10.200.0.64/26", ManagementSubnet: "10.200.0.128/27"},
				Firewall: hubspec.Firewall{Name: "afw-hub", PolicyName: "afwp-hub", Zones: []string{"1", "2", "3"}, PublicIPCount: 2},
				Bastion:  hubspec.Bastion{Name: "bas-hub"},
				Egress:   hubnetwork.EgressOptions{NodeSubnets: []string{"10.240.0.0/24", "10.240.4.0/22"}, FluxExtension: true, GitHTTPSHosts: []string{"github.com"}},
				Logs:     hubnetwork.LogsArgs{RetentionDays: 45},
				Protect:  true,
			})
			return err
		},
		check: func(t *testing.T, m *testkit.Mocks) {
			if n := len(m.ByTypeSuffix(":PublicIPAddress")); n < 2 {
				t.Errorf("firewall.publicIpCount 2 gave %d public IPs", n)
			}
			fw := m.ByTypeSuffix(":AzureFirewall")
			if len(fw) != 1 || fw[0].Len("zones") != 3 {
				t.Errorf("firewall zones not mapped: %v", fw)
			}
		},
	}, {
		token: "privateaks:spokenetwork:SpokeNetwork", name: "spoke",
		inputs: map[string]any{
			"resourceGroupName": "rg-spoke", "location": "westeurope",
			"vnetName": "vnet-spoke", "addressSpace": "10.240.0.0/16",
			"nodeSubnets":           map[string]any{"system": "10.240.0.0/24", "apps": "10.240.4.0/22"},
			"privateEndpointSubnet": "10.240.250.0/27", "ingressSubnet": "10.240.251.0/28",
			"firewallPrivateIp": "10.200.0.4", "useFirewallDns": true,
			"hubVnetId": hubVnetID, "hubVnetName": "vnet-hub", "hubResourceGroupName": "rg-hub",
			"logs": map[string]any{
				"workspaceId": hubLogID,
				"flowLogs": map[string]any{
					"resourceGroupName": "NetworkWatcherRG", "name": "NetworkWatcher_westeurope", "location": "westeurope",
					"storageId": storageID, "workspaceId": hubLogID, "workspaceGuid": "0f0f0f0f-1111-4222-8333-444444444444", "retentionDays": 30,
				},
			},
			"protect": true,
		},
		direct: func(ctx *pulumi.Context) error {
			_, err := spokenetwork.NewSpokeNetwork(ctx, "spoke", &spokenetwork.SpokeNetworkArgs{
				ResourceGroupName: pulumi.String("rg-spoke"), Location: "westeurope",
				Network: spokespec.Network{VnetName: "vnet-spoke", AddressSpace: "10.240.0.0/16",
					PrivateEndpointSubnet: "10.240.250.0/27", IngressSubnet: "10.240.251.0/28"},
				NodeSubnets:       map[string]string{"system": "10.240.0.0/24", "apps": "10.240.4.0/22"},
				FirewallPrivateIP: pulumi.String("10.200.0.4"), UseFirewallDNS: true,
				HubVnetID: pulumi.String(hubVnetID), HubVnetName: pulumi.String("vnet-hub"), HubResourceGroupName: pulumi.String("rg-hub"),
				Logs: &spokenetwork.Logs{
					WorkspaceID: pulumi.String(hubLogID),
					FlowLogs: flowlog.Watcher{
						ResourceGroupName: "NetworkWatcherRG", Name: "NetworkWatcher_westeurope", Location: "westeurope",
						StorageID: pulumi.String(storageID), WorkspaceID: pulumi.String(hubLogID), WorkspaceGUID: pulumi.String("0f0f0f0f-1111-4222-8333-444444444444"), RetentionDays: 30,
					},
				},
				Protect: true,
			})
			return err
		},
		check: func(t *testing.T, m *testkit.Mocks) {
			fl := m.ByTypeSuffix(":FlowLog")
			if len(fl) != 1 || fl[0].String("storageId") != storageID || fl[0].String("networkWatcherName") != "NetworkWatcher_westeurope" {
				t.Errorf("the spoke's flow log does not carry the watcher: %v", fl)
			}
		},
	}, {
		token: "privateaks:privatedns:PrivateDNS", name: "dns",
		inputs: map[string]any{
			"resourceGroupName": "rg-dns", "location": "westeurope",
			"extraZones":   []any{"privatelink.blob.core.windows.net"},
			"azureMonitor": true,
			"vnetLinks":    map[string]any{"hub": hubVnetID, "spoke-blue": spokeVnet},
		},
		direct: func(ctx *pulumi.Context) error {
			_, err := privatedns.NewPrivateDNS(ctx, "dns", &privatedns.PrivateDNSArgs{
				ResourceGroupName: pulumi.String("rg-dns"), Location: "westeurope",
				ExtraZones:   []string{"privatelink.blob.core.windows.net"},
				AzureMonitor: true,
				VnetLinks:    map[string]pulumi.StringInput{"hub": pulumi.String(hubVnetID), "spoke-blue": pulumi.String(spokeVnet)},
			})
			return err
		},
	}, {
		token: "privateaks:identities:Identities", name: "blue-identities",
		inputs: map[string]any{
			"resourceGroupName": "rg-spoke", "location": "westeurope",
			"controlPlaneIdentityName": "id-aks-blue-controlplane", "kubeletIdentityName": "id-aks-blue-kubelet",
			"seed":             "rg-spoke/aks-blue",
			"networkScopes":    map[string]any{"subnet-system": subnet("snet-nodes-system"), "routetable": spokeRG + "/providers/Microsoft.Network/routeTables/rt-spoke"},
			"privateDnsZoneId": apiZone, "vnetId": spokeVnet,
			"protect": true,
		},
		direct: func(ctx *pulumi.Context) error {
			_, err := identities.NewIdentities(ctx, "blue-identities", &identities.IdentitiesArgs{
				ResourceGroupName: pulumi.String("rg-spoke"), Location: "westeurope",
				ControlPlaneIdentityName: "id-aks-blue-controlplane", KubeletIdentityName: "id-aks-blue-kubelet",
				Seed: "rg-spoke/aks-blue",
				NetworkScopes: map[string]pulumi.StringInput{
					"subnet-system": pulumi.String(subnet("snet-nodes-system")),
					"routetable":    pulumi.String(spokeRG + "/providers/Microsoft.Network/routeTables/rt-spoke"),
				},
				PrivateDNSZoneID: pulumi.String(apiZone), VnetID: pulumi.String(spokeVnet),
				Protect: true,
			})
			return err
		},
	}, {
		token: "privateaks:privateaks:PrivateAKS", name: "blue",
		inputs: aksInputs(nil),
		direct: func(ctx *pulumi.Context) error {
			_, err := privateaks.NewPrivateAKS(ctx, "blue", aksArgs())
			return err
		},
		check: func(t *testing.T, m *testkit.Mocks) {
			mc := m.ByTypeSuffix(":ManagedCluster")
			if len(mc) != 1 {
				t.Fatalf("%d clusters", len(mc))
			}
			if got := mc[0].String("networkProfile.podCidr"); got != "192.168.0.0/16" {
				t.Errorf("network.podCidr not mapped: %q", got)
			}
			if got := mc[0].String("maintenance"); got != "" {
				t.Logf("maintenance %s", got)
			}
			pools := m.ByTypeSuffix(":AgentPool")
			if len(pools) != 1 || pools[0].Number("maxCount") != 7 || pools[0].Len("nodeTaints") != 1 {
				t.Errorf("userPools not mapped: %v", pools)
			}
		},
	}, {
		token: "privateaks:fluxbootstrap:FluxBootstrap", name: "blue-flux",
		inputs: map[string]any{
			"clusterId": clusterID, "url": "https://github.com/privateaks/cluster-config",
			"auth": "https", "httpsUsername": "git", "httpsToken": resource.MakeSecret(resource.NewProperty(gitToken)),
			"kustomizations": map[string]any{
				"infrastructure": map[string]any{"path": "clusters/prod/infrastructure"},
				"apps":           map[string]any{"path": "./clusters/prod/apps", "prune": false, "interval": "2m", "dependsOn": []any{"infrastructure"}},
			},
			"extension": map[string]any{"releaseTrain": "Stable", "version": "1.16.8"},
		},
		direct: func(ctx *pulumi.Context) error {
			_, err := fluxbootstrap.NewFluxBootstrap(ctx, "blue-flux", &fluxbootstrap.FluxBootstrapArgs{
				Spec: fluxspec.Spec{
					URL:  "https://github.com/privateaks/cluster-config",
					Auth: fluxbootstrap.AuthHTTPS,
					Kustomizations: map[string]fluxbootstrap.Kustomization{
						"infrastructure": {Path: "clusters/prod/infrastructure"},
						"apps":           {Path: "./clusters/prod/apps", Prune: &no, Interval: "2m", DependsOn: []string{"infrastructure"}},
					},
					Extension: fluxbootstrap.ExtensionArgs{ReleaseTrain: "Stable", Version: "1.16.8"},
				},
				ClusterID: pulumi.String(clusterID), HTTPSUsername: "git", HTTPSToken: pulumi.ToSecret(pulumi.String(gitToken)).(pulumi.StringOutput),
			})
			return err
		},
		check: func(t *testing.T, m *testkit.Mocks) {
			cfg := m.ByTypeSuffix(":FluxConfiguration")
			if len(cfg) != 1 {
				t.Fatalf("%d flux configurations", len(cfg))
			}
			if v := cfg[0].Get("gitRepository.httpsKeyBase64"); !v.IsNull() && !v.ContainsSecrets() {
				t.Errorf("the token reached the configuration unsecret")
			}
			if cfg[0].Len("kustomizations") != 2 {
				t.Errorf("kustomizations not mapped")
			}
		},
	}}
}

// aksInputs is the cluster's provider inputs; edit changes them.
func aksInputs(edit func(map[string]any)) map[string]any {
	in := map[string]any{
		"resourceGroupName": "rg-spoke", "location": "westeurope", "seed": "rg-spoke/aks-blue",
		"clusterName": "aks-blue", "dnsPrefix": "aks-blue", "nodeResourceGroup": "rg-spoke-nodes",
		"kubernetesVersion": "1.35", "privateDnsZoneId": apiZone,
		"adminGroupObjectIds": []any{adminGroup},
		"network":             map[string]any{"podCidr": "192.168.0.0/16"},
		"maintenance":         map[string]any{"day": "Sunday", "startHour": 2},
		"systemPool":          map[string]any{"subnetId": subnet("snet-nodes-system")},
		"userPools": map[string]any{
			"apps": map[string]any{"subnetId": subnet("snet-nodes-apps"), "minCount": 2, "maxCount": 7, "labels": map[string]any{"workload": "apps"}, "taints": []any{"workload=apps:NoSchedule"}},
		},
		"controlPlaneIdentityId": cpID, "controlPlanePrincipalId": "22222222-3333-4444-8555-666666666666",
		"kubeletIdentityId": kubeletID, "kubeletClientId": "33333333-4444-4555-8666-777777777777", "kubeletObjectId": "44444444-5555-4666-8777-888888888888",
		"privateEndpointSubnetId":  subnet("snet-privateendpoints"),
		"registryPrivateDnsZoneId": acrZone, "keyVaultPrivateDnsZoneId": vaultZone,
		"registry":     map[string]any{"name": "acrpaksblue"},
		"keyVault":     map[string]any{"name": "kv-paks-blue", "softDeleteRetentionDays": 30},
		"logAnalytics": map[string]any{"name": "log-paks-blue", "retentionDays": 60},
		"protect":      true,
	}
	if edit != nil {
		edit(in)
	}
	return in
}

func aksArgs() *privateaks.PrivateAKSArgs {
	two := 2
	return &privateaks.PrivateAKSArgs{
		ResourceGroupName: pulumi.String("rg-spoke"), Location: "westeurope", Seed: "rg-spoke/aks-blue",
		Names:            clusterspec.Names{ClusterName: "aks-blue", DNSPrefix: "aks-blue", NodeResourceGroup: "rg-spoke-nodes"},
		Settings:         clusterspec.Settings{KubernetesVersion: "1.35", AdminGroupObjectIDs: []string{adminGroup}},
		PrivateDNSZoneID: pulumi.String(apiZone),
		Network:          privateaks.NetworkArgs{PodCidr: "192.168.0.0/16"},
		Maintenance:      privateaks.MaintenanceArgs{Day: "Sunday", StartHour: &two},
		SystemPool:       privateaks.NodePoolArgs{SubnetID: pulumi.String(subnet("snet-nodes-system"))},
		UserPools: map[string]privateaks.NodePoolArgs{
			"apps": {
				SubnetID: pulumi.String(subnet("snet-nodes-apps")),
				NodePool: clusterspec.NodePool{MinCount: 2, MaxCount: 7, Labels: map[string]string{"workload": "apps"}, Taints: []string{"workload=apps:NoSchedule"}},
			},
		},
		ControlPlaneIdentityID: pulumi.String(cpID), ControlPlanePrincipalID: pulumi.String("22222222-3333-4444-8555-666666666666"),
		KubeletIdentityID: pulumi.String(kubeletID), KubeletClientID: pulumi.String("33333333-4444-4555-8666-777777777777"), KubeletObjectID: pulumi.String("44444444-5555-4666-8777-888888888888"),
		PrivateEndpointSubnetID:  pulumi.String(subnet("snet-privateendpoints")),
		RegistryPrivateDNSZoneID: pulumi.String(acrZone), KeyVaultPrivateDNSZoneID: pulumi.String(vaultZone),
		Registry:     privateaks.RegistryArgs{Name: "acrpaksblue"},
		KeyVault:     privateaks.KeyVaultArgs{Name: "kv-paks-blue", SoftDeleteRetentionDays: 30},
		LogAnalytics: privateaks.LogAnalyticsArgs{Name: "log-paks-blue", RetentionDays: 60},
		Protect:      true,
	}
}

// construct builds a component through the provider's in-memory server
// under a fresh testkit monitor.
func construct(t *testing.T, token, name string, inputs map[string]any) (*testkit.Mocks, p.ConstructResponse, error) {
	t.Helper()
	return constructWith(t, token, name, inputs, nil)
}

// constructWith is construct with resource options set on the request.
func constructWith(t *testing.T, token, name string, inputs map[string]any, opts func(*p.ConstructRequest)) (*testkit.Mocks, p.ConstructResponse, error) {
	t.Helper()
	// Every key must be one the schema declares: the provider ignores
	// unknown keys, so a misspelt fixture would test nothing.
	for _, e := range unknownInputs(parseSchema(t, schemaJSON(t)), token, inputs) {
		t.Errorf("%s: %s", token, e)
	}
	m := testkit.New("project", "stack")
	s := newServer(t, integration.WithMocks(engineMocks{m}))
	req := p.ConstructRequest{
		Urn:    resource.URN(fmt.Sprintf("urn:pulumi:stack::project::%s::%s", token, name)),
		Inputs: resource.FromResourcePropertyMap(resource.NewPropertyMapFromMap(inputs)),
	}
	if opts != nil {
		opts(&req)
	}
	resp, err := s.Construct(req)
	return m, resp, err
}

// record is a registration as compared: what a reviewer of the plan sees.
type record struct {
	Type, Name, Parent string
	Custom, Protect    bool
	Inputs             resource.PropertyMap
	IgnoreChanges      []string
	SecretOutputs      []string
}

// records keys the registrations by URN; the stack's own resource and
// parents that are the stack are dropped (a Construct has no stack).
func records(m *testkit.Mocks) map[string]record {
	out := map[string]record{}
	for _, r := range m.Resources() {
		if r.Type == "pulumi:pulumi:Stack" {
			continue
		}
		parent := r.Parent
		if strings.Contains(parent, "pulumi:pulumi:Stack") {
			parent = ""
		}
		out[r.URN] = record{
			Type: r.Type, Name: r.Name, Parent: parent, Custom: r.Custom, Protect: r.Protect,
			Inputs:        normalize(resource.NewObjectProperty(r.Inputs)).ObjectValue(),
			IgnoreChanges: r.IgnoreChanges, SecretOutputs: r.AdditionalSecretOutputs,
		}
	}
	return out
}

// normalize replaces output values by their element (secret kept, unknown
// as computed): a Construct's inputs arrive as outputs, a Go program's as
// plain values, and the resource gets the same value either way.
func normalize(v resource.PropertyValue) resource.PropertyValue {
	switch {
	case v.IsOutput():
		o := v.OutputValue()
		if !o.Known {
			return resource.MakeComputed(resource.NewProperty(""))
		}
		e := normalize(o.Element)
		if o.Secret {
			return resource.MakeSecret(e)
		}
		return e
	case v.IsSecret():
		return resource.MakeSecret(normalize(v.SecretValue().Element))
	case v.IsArray():
		arr := make([]resource.PropertyValue, len(v.ArrayValue()))
		for i, e := range v.ArrayValue() {
			arr[i] = normalize(e)
		}
		return resource.NewProperty(arr)
	case v.IsObject():
		obj := resource.PropertyMap{}
		for k, e := range v.ObjectValue() {
			obj[k] = normalize(e)
		}
		return resource.NewObjectProperty(obj)
	}
	return v
}

// TestConstructMatchesGo constructs each component through the provider
// and expects exactly the registrations (types, names, parents, inputs,
// protect, ignoreChanges, secret outputs) the Go component makes for the
// same args called directly.
func TestConstructMatchesGo(t *testing.T) {
	for _, tc := range constructCases() {
		t.Run(tc.token, func(t *testing.T) {
			got, resp, err := construct(t, tc.token, tc.name, tc.inputs)
			if err != nil {
				t.Fatalf("construct: %v", err)
			}
			want, err := testkit.Run("project", "stack", tc.direct)
			if err != nil {
				t.Fatalf("direct: %v", err)
			}
			if d := diffRecords(records(want), records(got)); d != "" {
				t.Error(d)
			}
			if len(records(got)) < 3 {
				t.Errorf("only %d registrations", len(records(got)))
			}
			wantURN := fmt.Sprintf("urn:pulumi:stack::project::%s::%s", tc.token, tc.name)
			if string(resp.Urn) != wantURN {
				t.Errorf("construct returned %s, want the component's %s", resp.Urn, wantURN)
			}
			if tc.check != nil {
				tc.check(t, got)
			}
		})
	}
}

// diffRecords describes how got differs from want ("" when equal).
func diffRecords(want, got map[string]record) string {
	var out []string
	for _, u := range slices.Sorted(maps.Keys(want)) {
		g, ok := got[u]
		switch {
		case !ok:
			out = append(out, "missing "+u)
		case !reflect.DeepEqual(want[u].Inputs, g.Inputs):
			out = append(out, fmt.Sprintf("%s inputs:\n  want %v\n  got  %v", u, want[u].Inputs, g.Inputs))
		case !reflect.DeepEqual(want[u], g):
			out = append(out, fmt.Sprintf("%s:\n  want %+v\n  got  %+v", u, want[u], g))
		}
	}
	for _, u := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[u]; !ok {
			out = append(out, "unexpected "+u)
		}
	}
	return strings.Join(out, "\n")
}

// TestConstructComparisonDetectsLoss shows the comparison fails when the
// mapping loses an input: the cluster constructed without its user pool's
// taints, or with another pod CIDR, differs from the Go component's.
func TestConstructComparisonDetectsLoss(t *testing.T) {
	want, err := testkit.Run("project", "stack", func(ctx *pulumi.Context) error {
		_, err := privateaks.NewPrivateAKS(ctx, "blue", aksArgs())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, edit := range map[string]func(map[string]any){
		"taints dropped": func(in map[string]any) {
			delete(in["userPools"].(map[string]any)["apps"].(map[string]any), "taints")
		},
		"pod CIDR changed": func(in map[string]any) { in["network"] = map[string]any{"podCidr": "10.244.0.0/16"} },
	} {
		got, _, err := construct(t, "privateaks:privateaks:PrivateAKS", "blue", aksInputs(edit))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if diffRecords(records(want), records(got)) == "" {
			t.Errorf("%s: the comparison saw no difference", name)
		}
	}
}

// TestConstructValidationNamesTheArg: a bad arg fails the Construct with
// the component's own error, which names the argument's path as the
// schema spells it and the bad value, and nothing is registered but the
// component's absence.
func TestConstructValidationNamesTheArg(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(map[string]any)
		want []string
	}{
		{"pod CIDR", func(in map[string]any) { in["network"] = map[string]any{"podCidr": "192.168.0.0/33"} }, []string{"network.podCidr", `"192.168.0.0/33"`}},
		{"cluster name", func(in map[string]any) { in["clusterName"] = "-aks" }, []string{"clusterName", `"-aks"`}},
		{"pool taint", func(in map[string]any) {
			in["userPools"].(map[string]any)["apps"].(map[string]any)["taints"] = []any{"no-effect"}
		}, []string{"userPools", "taints[0]", `"no-effect"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, _, err := construct(t, "privateaks:privateaks:PrivateAKS", "blue", aksInputs(tc.edit))
			if err == nil {
				t.Fatal("construct accepted a bad arg")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not name %s", err, w)
				}
			}
			if n := len(m.Resources()); n != 0 {
				t.Errorf("%d resources registered before the error", n)
			}
		})
	}
}

// TestConstructSecretOutputs: the kubeconfig the provider returns is a
// secret, and every output that comes back secret is one the schema marks
// secret (so generated SDKs do not lose the flag).
func TestConstructSecretOutputs(t *testing.T) {
	_, resp, err := construct(t, "privateaks:privateaks:PrivateAKS", "blue", aksInputs(nil))
	if err != nil {
		t.Fatal(err)
	}
	kc, ok := resp.State.GetOk("kubeconfig")
	if !ok || !kc.Secret() {
		t.Fatalf("kubeconfig in the construct state is %v, want a secret", kc)
	}
	s := parseSchema(t, schemaJSON(t))
	props := s.Resources["privateaks:privateaks:PrivateAKS"].Properties
	for k, v := range resp.State.All {
		if v.Secret() && !props[k].Secret {
			t.Errorf("output %s comes back secret but the schema does not mark it", k)
		}
	}
	for k := range props {
		if _, ok := resp.State.GetOk(k); !ok {
			t.Errorf("schema output %s is missing from the construct state", k)
		}
	}
}

// output is an input as another language passes another resource's output:
// a known value with the dependency on the resource it came from.
func output(v string, dep string) resource.PropertyValue {
	return resource.NewOutputProperty(resource.Output{Element: resource.NewProperty(v), Known: true, Dependencies: []resource.URN{resource.URN(dep)}})
}

// TestConstructTakesOutputs: IDs passed as other resources' outputs, at
// the top level and inside nested args (a pool's subnet), reach the
// resources with their values and their dependencies, as in a Go program.
func TestConstructTakesOutputs(t *testing.T) {
	const (
		rgURN     = "urn:pulumi:stack::project::azure-native:resources:ResourceGroup::spoke-rg"
		subnetURN = "urn:pulumi:stack::project::azure-native:network:Subnet::snet-nodes-apps"
	)
	m, _, err := construct(t, "privateaks:privateaks:PrivateAKS", "blue", aksInputs(func(in map[string]any) {
		in["resourceGroupName"] = output("rg-spoke", rgURN)
		in["userPools"].(map[string]any)["apps"].(map[string]any)["subnetId"] = output(subnet("snet-nodes-apps"), subnetURN)
	}))
	if err != nil {
		t.Fatalf("construct: %v", err)
	}
	mc := m.ByTypeSuffix(":ManagedCluster")
	pools := m.ByTypeSuffix(":AgentPool")
	if len(mc) != 1 || len(pools) != 1 {
		t.Fatalf("%d clusters, %d pools", len(mc), len(pools))
	}
	if got := mc[0].String("resourceGroupName"); got != "rg-spoke" {
		t.Errorf("cluster resource group %q", got)
	}
	if !mc[0].DependsOn(rgURN) {
		t.Errorf("the cluster does not depend on the resource group it was given: %v", mc[0].Dependencies)
	}
	if got := pools[0].String("vnetSubnetID"); got != subnet("snet-nodes-apps") {
		t.Errorf("pool subnet %q", got)
	}
	if !pools[0].DependsOn(subnetURN) {
		t.Errorf("the pool does not depend on the subnet it was given: %v", pools[0].Dependencies)
	}
}

// TestConstructPassesProviders: the provider a program passes to the
// component (the `providers` option) is the provider of every Azure
// resource inside it, as pulumi.Providers is in Go; without it they use
// the default provider (so the check can fail).
func TestConstructPassesProviders(t *testing.T) {
	const native = "urn:pulumi:stack::project::pulumi:providers:azure-native::native"
	inputs := map[string]any{"resourceGroupName": "rg-dns", "location": "westeurope", "vnetLinks": map[string]any{"hub": hubVnetID}}
	for _, pass := range []bool{true, false} {
		m, _, err := constructWith(t, "privateaks:privatedns:PrivateDNS", "dns", inputs, func(r *p.ConstructRequest) {
			if pass {
				r.Providers = map[tokens.Package]p.ProviderReference{"azure-native": {Urn: native, ID: "native-id"}}
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		custom := 0
		for _, r := range m.Resources() {
			if !r.Custom {
				continue
			}
			custom++
			if got := strings.HasPrefix(r.Provider, native+"::"); got != pass {
				t.Errorf("providers passed %v: %s %s has provider %q", pass, r.Type, r.Name, r.Provider)
			}
		}
		if custom < 5 {
			t.Errorf("only %d Azure resources", custom)
		}
	}
}

// engineMocks is testkit's monitor plus the engine's own getResource
// invoke, by which the SDK rehydrates the provider references a Construct
// receives (the `providers` option).
type engineMocks struct{ *testkit.Mocks }

func (m engineMocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	if args.Token == "pulumi:pulumi:getResource" {
		urn := args.Args["urn"].StringValue()
		return resource.PropertyMap{
			"urn":   resource.NewProperty(urn),
			"id":    resource.NewProperty(urn[strings.LastIndex(urn, "::")+2:] + "-id"),
			"state": resource.NewObjectProperty(resource.PropertyMap{}),
		}, nil
	}
	return m.Mocks.Call(args)
}
