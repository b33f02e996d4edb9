package tests

import (
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"

	network "github.com/pulumi/pulumi-azure-native-sdk/network/v2/v20240501"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
	"gopkg.in/yaml.v3"

	"github.com/privateaks/privateaks/components/identities"
	"github.com/privateaks/privateaks/components/identities/identityspec"
	"github.com/privateaks/privateaks/components/privateaks"
	"github.com/privateaks/privateaks/components/privateaks/clusterspec"
	"github.com/privateaks/privateaks/internal/untyped"
	"github.com/privateaks/privateaks/testkit"
)

// aksFixture varies the cluster program of these tests.
type aksFixture struct {
	ids      func(a *identities.IdentitiesArgs)
	aks      func(a *privateaks.PrivateAKSArgs)
	access   map[string]identities.NamespaceAccess // nil: no ClusterAccess
	workload map[string][]string                   // identity key -> service accounts
	// await resolves the component's outputs inside the program.
	await bool
}

// aksRun is what the program created.
type aksRun struct {
	ids     *identities.Identities
	aks     *privateaks.PrivateAKS
	args    privateaks.PrivateAKSArgs
	outputs map[string]internals.UnsafeAwaitOutputResult
}

// aksPools are the fixture's user pools: a Linux pool with labels and taints,
// a spot pool and a Windows pool, each on its own subnet.
func aksPools() map[string]privateaks.NodePoolArgs {
	return map[string]privateaks.NodePoolArgs{
		"apps": {
			SubnetID: pulumi.String(idsSubnet("snet-nodes-apps")),
			NodePool: clusterspec.NodePool{
				Labels: map[string]string{"workload": "apps"},
				Taints: []string{"workload=apps:NoSchedule", "dedicated=true:PreferNoSchedule"},
			},
		},
		"batch": {
			SubnetID: pulumi.String(idsSubnet("snet-nodes-batch")),
			NodePool: clusterspec.NodePool{
				VMSize:   "Standard_D8ds_v5",
				MinCount: 0, MaxCount: 10,
				Priority: "Spot",
				Zones:    []string{"3", "1"},
			},
		},
		"win": {
			SubnetID: pulumi.String(idsSubnet("snet-nodes-win")),
			NodePool: clusterspec.NodePool{OSType: "Windows", MinCount: 1, MaxCount: 3},
		},
	}
}

// aksArgs wires a cluster to its identities the way the stack will.
func aksArgs(idn *identities.Identities, dependsOn []pulumi.Resource) *privateaks.PrivateAKSArgs {
	return &privateaks.PrivateAKSArgs{
		ResourceGroupName:        pulumi.String("rg-spoke"),
		Location:                 "westeurope",
		Seed:                     idsSeed,
		Names:                    clusterspec.Names{ClusterName: "aks-blue", DNSPrefix: "aks-blue", NodeResourceGroup: "rg-spoke-nodes"},
		Settings:                 clusterspec.Settings{KubernetesVersion: "1.35", AdminGroupObjectIDs: []string{idsGroupB, idsGroupA}},
		PrivateDNSZoneID:         pulumi.String(idsAPIZone),
		SystemPool:               privateaks.NodePoolArgs{SubnetID: pulumi.String(idsSubnet("snet-nodes-system"))},
		UserPools:                aksPools(),
		ControlPlaneIdentityID:   idn.ControlPlaneIdentityID,
		KubeletIdentityID:        idn.KubeletIdentityID,
		KubeletClientID:          idn.KubeletClientID,
		KubeletObjectID:          idn.KubeletPrincipalID,
		PrivateEndpointSubnetID:  pulumi.String(idsSubnet("snet-privateendpoints")),
		RegistryPrivateDNSZoneID: pulumi.String(idsACRZone),
		KeyVaultPrivateDNSZoneID: pulumi.String(idsVaultZone),
		Registry:                 privateaks.RegistryArgs{Name: "acrpaksblue"},
		KeyVault:                 privateaks.KeyVaultArgs{Name: "kv-paks-blue", SoftDeleteRetentionDays: 30},
		LogAnalytics:             privateaks.LogAnalyticsArgs{Name: "log-paks-blue", RetentionDays: 60},
		DependsOn:                dependsOn,
		Protect:                  true,
	}
}

// aksProgram is a spoke's cluster as the stack composes it: stand-ins for
// the hub's egress resources, the identities, the cluster, and optionally
// namespace access and workload identities after the cluster.
func aksProgram(f aksFixture, out *aksRun) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		var egress []pulumi.Resource
		for _, n := range []string{"egress-firewall", "egress-rules"} {
			r, err := network.NewRouteTable(ctx, n, &network.RouteTableArgs{ResourceGroupName: pulumi.String("rg-hub"), RouteTableName: pulumi.String(n)})
			if err != nil {
				return err
			}
			egress = append(egress, r)
		}
		ia := idsArgs()
		for _, pool := range []string{"batch", "win"} {
			ia.NetworkScopes["subnet-"+pool] = pulumi.String(idsSubnet("snet-nodes-" + pool))
		}
		if f.ids != nil {
			f.ids(ia)
		}
		idn, err := identities.NewIdentities(ctx, "blue-id", ia)
		if err != nil {
			return err
		}
		a := aksArgs(idn, append(append([]pulumi.Resource(nil), idn.Assignments...), egress...))
		if f.aks != nil {
			f.aks(a)
		}
		aks, err := privateaks.NewPrivateAKS(ctx, "blue", a)
		if err != nil {
			return err
		}
		if f.access != nil {
			if _, err := identities.NewClusterAccess(ctx, "blue-access", &identities.ClusterAccessArgs{
				ClusterID:           aks.ClusterID,
				Seed:                idsSeed,
				AdminGroupObjectIDs: a.AdminGroupObjectIDs,
				NamespaceAccess:     f.access,
			}); err != nil {
				return err
			}
		}
		keys := make([]string, 0, len(f.workload))
		for k := range f.workload {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if _, err := identities.NewWorkloadIdentity(ctx, "blue-wi-"+k, &identities.WorkloadIdentityArgs{
				ResourceGroupName: pulumi.String("rg-spoke"),
				Location:          "westeurope",
				IdentityName:      "id-aks-blue-" + k,
				IssuerURL:         aks.OIDCIssuerURL,
				WorkloadIdentity:  identityspec.WorkloadIdentity{ServiceAccounts: f.workload[k]},
				KeyVaultID:        aks.KeyVaultID,
				Seed:              idsSeed,
			}); err != nil {
				return err
			}
		}
		if out != nil {
			out.ids, out.aks, out.args = idn, aks, *a
			if f.await {
				out.outputs = map[string]internals.UnsafeAwaitOutputResult{}
				for k, o := range map[string]pulumi.Output{
					"clusterId": aks.ClusterID, "clusterName": aks.ClusterName, "privateFqdn": aks.PrivateFQDN,
					"oidcIssuerUrl": aks.OIDCIssuerURL, "kubeletObjectId": aks.KubeletObjectID, "nodeResourceGroup": aks.NodeResourceGroup,
					"registryId": aks.RegistryID, "registryLoginServer": aks.RegistryLoginServer, "keyVaultId": aks.KeyVaultID,
					"keyVaultUri": aks.KeyVaultURI, "workspaceId": aks.WorkspaceID, "kubeconfig": aks.Kubeconfig,
				} {
					res, err := internals.UnsafeAwaitOutput(ctx.Context(), o)
					if err != nil {
						return err
					}
					out.outputs[k] = res
				}
			}
		}
		return nil
	}
}

func runAKS(t *testing.T, f aksFixture) (*testkit.Mocks, *aksRun) {
	t.Helper()
	out := &aksRun{}
	return run(t, aksProgram(f, out)), out
}

// outStr is a string output of a resource as the mock answered it.
func outStr(r *testkit.Resource, path string) string {
	v := testkit.Unsecret(testkit.Lookup(objectProp(r), path))
	if v.IsString() {
		return v.StringValue()
	}
	return ""
}

func TestPrivateAKSCluster(t *testing.T) {
	m, _ := runAKS(t, aksFixture{})
	comp := one(t, m, ":PrivateAKS", "blue")
	if comp.Type != privateaks.Type {
		t.Fatalf("type %s", comp.Type)
	}
	for _, r := range m.Resources() {
		if strings.HasPrefix(r.Name, "blue-") && !strings.HasPrefix(r.Name, "blue-id") && r.Parent != comp.URN {
			t.Errorf("%s %s is not parented to the component", r.Type, r.Name)
		}
	}
	c := one(t, m, ":ManagedCluster", "blue-cluster")
	if !strings.Contains(c.Type, "containerservice/v20240901:") {
		t.Errorf("cluster API version: %s", c.Type)
	}
	cp := one(t, m, ":UserAssignedIdentity", "blue-id-controlplane")
	kubelet := one(t, m, ":UserAssignedIdentity", "blue-id-kubelet")
	ws := one(t, m, ":Workspace", "blue-log")

	for path, want := range map[string]string{
		"resourceName":      "aks-blue",
		"location":          "westeurope",
		"dnsPrefix":         "aks-blue",
		"nodeResourceGroup": "rg-spoke-nodes",
		"kubernetesVersion": "1.35",
		"sku.name":          "Base",
		"sku.tier":          "Standard",
		// Private API server on the BYO zone, exactly the ID passed in.
		"apiServerAccessProfile.privateDNSZone": idsAPIZone,
		// Azure CNI overlay, network policy, egress through the firewall.
		"networkProfile.networkPlugin":     "azure",
		"networkProfile.networkPluginMode": "overlay",
		// A new overlay cluster: Azure CNI powered by Cilium (AKS
		// use-network-policies.md: Azure NPM retires, Cilium recommended).
		"networkProfile.networkPolicy":    "cilium",
		"networkProfile.networkDataplane": "cilium",
		"networkProfile.outboundType":     "userDefinedRouting",
		"networkProfile.loadBalancerSku":  "standard",
		"networkProfile.podCidr":          "10.244.0.0/16",
		"networkProfile.serviceCidr":      "172.16.0.0/16",
		"networkProfile.dnsServiceIP":     "172.16.0.10",
		// Entra ID with Azure RBAC in the deploying tenant.
		"aadProfile.tenantID": testkit.DefaultTenantID,
		// BYO identities.
		"identity.type": "UserAssigned",
		"identityProfile.kubeletidentity.resourceId": kubelet.ID,
		"identityProfile.kubeletidentity.clientId":   outStr(kubelet, "clientId"),
		"identityProfile.kubeletidentity.objectId":   outStr(kubelet, "principalId"),
		// Add-ons.
		"addonProfiles.azureKeyvaultSecretsProvider.config.enableSecretRotation": "true",
		"addonProfiles.azureKeyvaultSecretsProvider.config.rotationPollInterval": "2m",
		"addonProfiles.omsagent.config.logAnalyticsWorkspaceResourceID":          ws.ID,
		"addonProfiles.omsagent.config.useAADAuth":                               "true",
		"securityProfile.defender.logAnalyticsWorkspaceResourceId":               ws.ID,
		"autoUpgradeProfile.upgradeChannel":                                      "patch",
		"autoUpgradeProfile.nodeOSUpgradeChannel":                                "NodeImage",
	} {
		if got := c.String(path); got != want {
			t.Errorf("%s = %q, want %q", path, got, want)
		}
	}
	for path, want := range map[string]bool{
		"apiServerAccessProfile.enablePrivateCluster":           true,
		"apiServerAccessProfile.enablePrivateClusterPublicFQDN": false,
		"apiServerAccessProfile.disableRunCommand":              true,
		"aadProfile.managed":                                    true,
		"aadProfile.enableAzureRBAC":                            true,
		"disableLocalAccounts":                                  true,
		"enableRBAC":                                            true,
		"addonProfiles.azureKeyvaultSecretsProvider.enabled":    true,
		"addonProfiles.azurepolicy.enabled":                     true,
		"addonProfiles.omsagent.enabled":                        true,
		"oidcIssuerProfile.enabled":                             true,
		"securityProfile.workloadIdentity.enabled":              true,
		"securityProfile.defender.securityMonitoring.enabled":   true,
		"securityProfile.imageCleaner.enabled":                  true,
	} {
		v := testkit.Unsecret(c.Get(path))
		if !v.IsBool() || v.BoolValue() != want {
			t.Errorf("%s = %v, want %v", path, v, want)
		}
	}
	if c.Number("securityProfile.imageCleaner.intervalHours") != 168 {
		t.Errorf("image cleaner interval %v", c.Get("securityProfile.imageCleaner.intervalHours"))
	}
	if got := strs(c, "aadProfile.adminGroupObjectIDs"); !reflect.DeepEqual(got, []string{idsGroupA, idsGroupB}) {
		t.Errorf("admin groups %v, want both, sorted", got)
	}
	if got := strs(c, "identity.userAssignedIdentities"); len(got) != 1 || got[0] != cp.ID {
		t.Errorf("control plane identity %v, want [%s]", got, cp.ID)
	}

	// The system pool, inline and alone in the list.
	if n := c.Len("agentPoolProfiles"); n != 1 {
		t.Fatalf("agentPoolProfiles has %d pools, want only the system pool", n)
	}
	sys := "agentPoolProfiles[0]."
	for path, want := range map[string]string{
		"name": "system", "mode": "System", "type": "VirtualMachineScaleSets", "vmSize": "Standard_D4ds_v5",
		"osType": "Linux", "osSKU": "AzureLinux", "osDiskType": "Ephemeral", "kubeletDiskType": "OS",
		"vnetSubnetID": idsSubnet("snet-nodes-system"), "upgradeSettings.maxSurge": "1", "scaleDownMode": "Delete",
	} {
		if got := c.String(sys + path); got != want {
			t.Errorf("system pool %s = %q, want %q", path, got, want)
		}
	}
	for path, want := range map[string]float64{"count": 3, "minCount": 3, "maxCount": 4, "maxPods": 110, "osDiskSizeGB": 80} {
		if got := c.Number(sys + path); got != want {
			t.Errorf("system pool %s = %v, want %v", path, got, want)
		}
	}
	if !c.Bool(sys+"enableAutoScaling") || !c.Bool(sys+"enableEncryptionAtHost") || c.Bool(sys+"enableNodePublicIP") {
		t.Errorf("system pool autoscaling %v, encryption at host %v, public IP %v", c.Get(sys+"enableAutoScaling"), c.Get(sys+"enableEncryptionAtHost"), c.Get(sys+"enableNodePublicIP"))
	}
	if got := strs(c, sys+"nodeTaints"); !reflect.DeepEqual(got, []string{"CriticalAddonsOnly=true:NoSchedule"}) {
		t.Errorf("system pool taints %v", got)
	}
	if got := strs(c, sys+"availabilityZones"); !reflect.DeepEqual(got, []string{"1", "2", "3"}) {
		t.Errorf("system pool zones %v", got)
	}
	if !c.Get(sys + "orchestratorVersion").IsNull() {
		t.Errorf("the system pool's orchestratorVersion is set (%v); it must follow the control plane", c.Get(sys+"orchestratorVersion"))
	}
	// A fixed name: replacement must delete first; protected.
	if !c.DeleteBeforeReplace || !c.Protect {
		t.Errorf("cluster deleteBeforeReplace=%v protect=%v", c.DeleteBeforeReplace, c.Protect)
	}
	// diskEncryptionSetID: OS disk encryption with a customer key can only be
	// enabled at creation (MicrosoftDocs/azure-aks-docs
	// articles/aks/azure-disk-customer-managed-keys.md, "Limitations").
	if !reflect.DeepEqual(c.ReplaceOnChanges, []string{"agentPoolProfiles[0].vmSize", "agentPoolProfiles[0].vnetSubnetID", "diskEncryptionSetID"}) {
		t.Errorf("replaceOnChanges %v", c.ReplaceOnChanges)
	}
}

func TestPrivateAKSOutputsAndSecretKubeconfig(t *testing.T) {
	m, out := runAKS(t, aksFixture{await: true})
	c := one(t, m, ":ManagedCluster", "blue-cluster")
	for k, res := range out.outputs {
		if !res.Known {
			t.Errorf("output %s is unknown", k)
		}
		if res.Secret != (k == "kubeconfig") {
			t.Errorf("output %s secret=%v", k, res.Secret)
		}
	}
	want := map[string]string{
		"clusterId":           c.ID,
		"clusterName":         "aks-blue",
		"privateFqdn":         outStr(c, "privateFQDN"),
		"oidcIssuerUrl":       outStr(c, "oidcIssuerProfile.issuerURL"),
		"kubeletObjectId":     outStr(one(t, m, ":UserAssignedIdentity", "blue-id-kubelet"), "principalId"),
		"nodeResourceGroup":   "rg-spoke-nodes",
		"registryId":          one(t, m, ":Registry", "blue-acr").ID,
		"registryLoginServer": "acrpaksblue.azurecr.io",
		"keyVaultId":          one(t, m, ":Vault", "blue-kv").ID,
		"keyVaultUri":         "https://kv-paks-blue.vault.azure.net/",
		"workspaceId":         one(t, m, ":Workspace", "blue-log").ID,
	}
	for k, w := range want {
		if got, _ := out.outputs[k].Value.(string); got != w || w == "" {
			t.Errorf("output %s = %q, want %q", k, got, w)
		}
	}
	kc, _ := out.outputs["kubeconfig"].Value.(string)
	args := execArgs(t, kc)
	if !reflect.DeepEqual(args, []string{"get-token", "--login", "azurecli", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630"}) {
		t.Errorf("kubeconfig exec args %v", args)
	}
	// The credentials were listed for this cluster, on behalf of the component.
	found := false
	for _, inv := range m.Invokes() {
		if strings.HasSuffix(inv.Token, ":listManagedClusterUserCredentials") {
			rn, rg := testkit.Unsecret(inv.Args["resourceName"]), testkit.Unsecret(inv.Args["resourceGroupName"])
			found = rn.IsString() && rn.StringValue() == "aks-blue" && rg.IsString() && rg.StringValue() == "rg-spoke"
		}
	}
	if !found {
		t.Error("user credentials not listed for aks-blue")
	}
}

// execArgs returns the first user's exec args of a kubeconfig.
func execArgs(t *testing.T, kubeconfig string) []string {
	t.Helper()
	var kc struct {
		Users []struct {
			User struct {
				Exec struct {
					Command string   `yaml:"command"`
					Args    []string `yaml:"args"`
				} `yaml:"exec"`
				AuthProvider any `yaml:"auth-provider"`
			} `yaml:"user"`
		} `yaml:"users"`
	}
	if err := yaml.Unmarshal([]byte(kubeconfig), &kc); err != nil || len(kc.Users) == 0 {
		t.Fatalf("kubeconfig does not parse (%v):\n%s", err, kubeconfig)
	}
	u := kc.Users[0].User
	if u.Exec.Command != "kubelogin" || u.AuthProvider != nil {
		t.Errorf("user exec command %q, auth-provider %v", u.Exec.Command, u.AuthProvider)
	}
	return u.Exec.Args
}

func TestPrivateAKSConvertKubeconfig(t *testing.T) {
	const server = "6dae42f8-4368-4678-94ff-3960e28e3630"
	const client = "80faf920-1908-4b52-b5ef-a8e7bedfc67a"
	const tenant = "00000000-0000-4000-8000-0000000000aa"
	aksUser := `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: TU9DSy1DQQ==
    server: https://aks-blue.privatelink.westeurope.azmk8s.io:443
  name: aks-blue
contexts:
- context:
    cluster: aks-blue
    user: clusterUser_aks-blue
  name: aks-blue
current-context: aks-blue
users:
- name: clusterUser_aks-blue
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: kubelogin
      args: [get-token, --login, devicecode, --server-id, ` + server + `, --client-id, ` + client + `, --tenant-id, ` + tenant + `, --environment, AzurePublicCloud]
      interactiveMode: IfAvailable
      provideClusterInfo: false
- name: other
  user:
    token: abc
`
	legacy := `apiVersion: v1
kind: Config
users:
- name: legacy
  user:
    auth-provider:
      name: azure
      config:
        apiserver-id: ` + server + `
        client-id: ` + client + `
        tenant-id: ` + tenant + `
        environment: AzurePublicCloud
`
	cached := strings.Replace(aksUser, "--environment, AzurePublicCloud]", "--environment, AzurePublicCloud, --cache-dir, /tmp/kube]", 1)
	noServer := strings.Replace(aksUser, "--server-id, "+server+", ", "", 1)
	noTenant := strings.Replace(aksUser, ", --tenant-id, "+tenant, "", 1)
	base := []string{"get-token", "--login"}
	for _, tc := range []struct {
		name, in, mode string
		want           []string
		err            string
	}{
		{"azurecli drops client, tenant and environment", aksUser, "azurecli", append(base, "azurecli", "--server-id", server), ""},
		{"workloadidentity takes its ids from the environment", aksUser, "workloadidentity", append(base, "workloadidentity", "--server-id", server), ""},
		{"msi", aksUser, "msi", append(base, "msi", "--server-id", server), ""},
		{"spn keeps client, tenant and environment", aksUser, "spn", append(base, "spn", "--server-id", server, "--client-id", client, "--tenant-id", tenant, "--environment", "AzurePublicCloud"), ""},
		{"token cache dir is kept", cached, "azurecli", append(base, "azurecli", "--server-id", server, "--cache-dir", "/tmp/kube"), ""},
		{"legacy azure auth provider", legacy, "spn", append(base, "spn", "--server-id", server, "--client-id", client, "--tenant-id", tenant, "--environment", "AzurePublicCloud", "--legacy"), ""},
		{"legacy to azurecli", legacy, "azurecli", append(base, "azurecli", "--server-id", server), ""},
		{"interactive modes are refused", aksUser, "devicecode", nil, "kubelogin mode"},
		{"server id is required", noServer, "azurecli", nil, "--server-id is required"},
		{"spn needs the tenant", noTenant, "spn", nil, "--tenant-id is required"},
		{"not YAML", "users: [", "azurecli", nil, "parsing kubeconfig"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := privateaks.ConvertKubeconfig([]byte(tc.in), tc.mode)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("want error %q, got %v", tc.err, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if args := execArgs(t, string(got)); !reflect.DeepEqual(args, tc.want) {
				t.Errorf("args\n got %v\nwant %v", args, tc.want)
			}
			again, _ := privateaks.ConvertKubeconfig([]byte(tc.in), tc.mode)
			if string(again) != string(got) {
				t.Error("conversion is not deterministic")
			}
			s := string(got)
			if strings.Contains(s, "devicecode") || strings.Contains(s, "interactiveMode") {
				t.Errorf("interactive settings survive:\n%s", s)
			}
			if tc.in == aksUser {
				for _, keep := range []string{"server: https://aks-blue.privatelink.westeurope.azmk8s.io:443", "certificate-authority-data: TU9DSy1DQQ==", "current-context: aks-blue", "token: abc"} {
					if !strings.Contains(s, keep) {
						t.Errorf("conversion lost %q:\n%s", keep, s)
					}
				}
			}
		})
	}
}

func TestPrivateAKSUserPools(t *testing.T) {
	m, _ := runAKS(t, aksFixture{})
	c := one(t, m, ":ManagedCluster", "blue-cluster")
	pools := m.ByTypeSuffix(":AgentPool")
	if len(pools) != 3 {
		t.Fatalf("want 3 user pools, got %d", len(pools))
	}
	subnets := map[string]string{strings.ToLower(c.String("agentPoolProfiles[0].vnetSubnetID")): "system"}
	order := []string{"apps", "batch", "win"}
	var prev *testkit.Resource
	for _, name := range order {
		p := one(t, m, ":AgentPool", "blue-pool-"+name)
		if p.String("agentPoolName") != name || p.String("mode") != "User" || p.String("resourceName") != "aks-blue" || p.String("resourceGroupName") != "rg-spoke" {
			t.Errorf("%s: name %q mode %q cluster %q", name, p.String("agentPoolName"), p.String("mode"), p.String("resourceName"))
		}
		// Each pool on its own subnet.
		sn := p.String("vnetSubnetID")
		if sn != idsSubnet("snet-nodes-"+name) {
			t.Errorf("%s on subnet %q", name, sn)
		}
		if other, dup := subnets[strings.ToLower(sn)]; dup {
			t.Errorf("%s shares its subnet with %s", name, other)
		}
		subnets[strings.ToLower(sn)] = name
		// Created with minCount nodes; afterwards the autoscaler owns the count.
		if !p.Bool("enableAutoScaling") || p.Number("count") != p.Number("minCount") {
			t.Errorf("%s: autoscaling %v count %v min %v", name, p.Get("enableAutoScaling"), p.Get("count"), p.Get("minCount"))
		}
		if !reflect.DeepEqual(p.IgnoreChanges, []string{"count", "orchestratorVersion"}) {
			t.Errorf("%s ignores %v", name, p.IgnoreChanges)
		}
		if !p.Get("orchestratorVersion").IsNull() {
			t.Errorf("%s sets orchestratorVersion", name)
		}
		if !p.Bool("enableEncryptionAtHost") || p.String("osDiskType") != "Ephemeral" || p.Bool("enableNodePublicIP") {
			t.Errorf("%s: encryption at host %v, disk %q, public IP %v", name, p.Get("enableEncryptionAtHost"), p.String("osDiskType"), p.Get("enableNodePublicIP"))
		}
		if !p.DeleteBeforeReplace || p.DeletedWith != c.URN || p.Protect {
			t.Errorf("%s: deleteBeforeReplace %v deletedWith %q protect %v", name, p.DeleteBeforeReplace, p.DeletedWith, p.Protect)
		}
		// One after another, in name order.
		for _, other := range pools {
			if other.URN == p.URN {
				continue
			}
			shouldWait := prev != nil && other.URN == prev.URN
			if p.DependsOn(other.URN) != shouldWait {
				t.Errorf("%s depends on %s: %v, want %v", name, other.Name, p.DependsOn(other.URN), shouldWait)
			}
		}
		prev = p
	}
	apps := one(t, m, ":AgentPool", "blue-pool-apps")
	if apps.String("osSKU") != "AzureLinux" || apps.String("vmSize") != "Standard_D4ds_v5" || apps.Number("minCount") != 2 || apps.Number("maxCount") != 5 {
		t.Errorf("apps defaults: %v", apps.Inputs)
	}
	if got := strs(apps, "nodeTaints"); !reflect.DeepEqual(got, []string{"dedicated=true:PreferNoSchedule", "workload=apps:NoSchedule"}) {
		t.Errorf("apps taints %v, want sorted", got)
	}
	if apps.String("nodeLabels.workload") != "apps" {
		t.Errorf("apps labels %v", apps.Get("nodeLabels"))
	}
	batch := one(t, m, ":AgentPool", "blue-pool-batch")
	if batch.String("scaleSetPriority") != "Spot" || batch.String("scaleSetEvictionPolicy") != "Delete" || batch.Number("spotMaxPrice") != -1 {
		t.Errorf("spot pool: priority %q eviction %q max price %v", batch.String("scaleSetPriority"), batch.String("scaleSetEvictionPolicy"), batch.Get("spotMaxPrice"))
	}
	if got := strs(batch, "nodeTaints"); !reflect.DeepEqual(got, []string{privateaks.SpotTaint}) {
		t.Errorf("spot pool taints %v", got)
	}
	if got := strs(batch, "availabilityZones"); !reflect.DeepEqual(got, []string{"1", "3"}) || batch.Number("count") != 0 || batch.String("vmSize") != "Standard_D8ds_v5" {
		t.Errorf("batch zones %v count %v size %q", got, batch.Get("count"), batch.String("vmSize"))
	}
	win := one(t, m, ":AgentPool", "blue-pool-win")
	if win.String("osType") != "Windows" || win.String("osSKU") != "Windows2022" || !apps.Get("scaleSetPriority").IsNull() {
		t.Errorf("windows pool %q/%q", win.String("osType"), win.String("osSKU"))
	}
}

func TestPrivateAKSIgnoresWhatAzureMoves(t *testing.T) {
	for _, tc := range []struct {
		channel    string
		wantIgnore []string
	}{
		{"", []string{"agentPoolProfiles[0].count", "agentPoolProfiles[0].orchestratorVersion"}},
		{"node-image", []string{"agentPoolProfiles[0].count", "agentPoolProfiles[0].orchestratorVersion"}},
		// AKS moves the minor itself: the pinned version only seeds creation.
		{"STABLE", []string{"agentPoolProfiles[0].count", "agentPoolProfiles[0].orchestratorVersion", "kubernetesVersion"}},
		{"rapid", []string{"agentPoolProfiles[0].count", "agentPoolProfiles[0].orchestratorVersion", "kubernetesVersion"}},
	} {
		m, _ := runAKS(t, aksFixture{aks: func(a *privateaks.PrivateAKSArgs) {
			a.AutoUpgradeChannel = tc.channel
			a.SystemPool.MinCount, a.SystemPool.MaxCount = 3, 9
		}})
		c := one(t, m, ":ManagedCluster", "blue-cluster")
		if !reflect.DeepEqual(c.IgnoreChanges, tc.wantIgnore) {
			t.Errorf("channel %q: ignoreChanges %v, want %v", tc.channel, c.IgnoreChanges, tc.wantIgnore)
		}
		if c.String("kubernetesVersion") != "1.35" || c.Number("agentPoolProfiles[0].count") != 3 {
			t.Errorf("channel %q: version %q count %v", tc.channel, c.String("kubernetesVersion"), c.Get("agentPoolProfiles[0].count"))
		}
		if want := strings.ToLower(tc.channel); want != "" && c.String("autoUpgradeProfile.upgradeChannel") != want {
			t.Errorf("channel %q sent as %q", tc.channel, c.String("autoUpgradeProfile.upgradeChannel"))
		}
	}
}

// Letter case and zone values never flip: "system" whatever the input,
// enums in Azure's case, lists sorted.
func TestPrivateAKSCanonicalValuesAndOptions(t *testing.T) {
	for _, zone := range []pulumi.StringInput{nil, pulumi.String(""), pulumi.String("System")} {
		m, _ := runAKS(t, aksFixture{aks: func(a *privateaks.PrivateAKSArgs) {
			a.PrivateDNSZoneID = zone
			a.SkuTier, a.PolicyEffect, a.NodeOSUpgradeChannel = "free", "audit", "securitypatch"
			a.Network = privateaks.NetworkArgs{PluginMode: "nodesubnet", Policy: "Calico"}
			a.SystemPool.EphemeralOSDisk = pulumi.BoolRef(false)
			a.LocalAccounts, a.RunCommand = true, true
			a.AdminGroupObjectIDs = nil
			a.DiskEncryptionSetID = idsSpokeRG + "/providers/Microsoft.Compute/diskEncryptionSets/des-blue"
		}})
		c := one(t, m, ":ManagedCluster", "blue-cluster")
		if got := c.String("apiServerAccessProfile.privateDNSZone"); got != "system" {
			t.Errorf("zone %v sent as %q, want \"system\"", zone, got)
		}
		for path, want := range map[string]string{
			"diskEncryptionSetID": idsSpokeRG + "/providers/Microsoft.Compute/diskEncryptionSets/des-blue",
			"sku.tier":            "Free", "autoUpgradeProfile.nodeOSUpgradeChannel": "SecurityPatch",
			"networkProfile.networkPolicy": "calico", "agentPoolProfiles[0].osDiskType": "Managed",
		} {
			if got := c.String(path); got != want {
				t.Errorf("%s = %q, want %q", path, got, want)
			}
		}
		// Node-subnet mode: no plugin mode, no pod CIDR, 30 pods per node.
		if !c.Get("networkProfile.networkPluginMode").IsNull() || !c.Get("networkProfile.podCidr").IsNull() || c.Number("agentPoolProfiles[0].maxPods") != 30 {
			t.Errorf("nodeSubnet: mode %v podCidr %v maxPods %v", c.Get("networkProfile.networkPluginMode"), c.Get("networkProfile.podCidr"), c.Get("agentPoolProfiles[0].maxPods"))
		}
		if c.Bool("disableLocalAccounts") || c.Bool("apiServerAccessProfile.disableRunCommand") {
			t.Error("opt-ins for local accounts and run command not honoured")
		}
		for _, pa := range m.ByTypeSuffix(":PolicyAssignment") {
			if pa.String("parameters.effect.value") != "Audit" {
				t.Errorf("%s effect %q", pa.Name, pa.String("parameters.effect.value"))
			}
			// ARM-mode built-ins (registry, local auth) have no namespaces.
			if pa.Get("parameters.excludedNamespaces").IsNull() {
				continue
			}
			if !contains(strs(pa, "parameters.excludedNamespaces.value"), "calico-system") {
				t.Errorf("%s does not exclude calico-system with network policy calico", pa.Name)
			}
		}
	}
	// Cilium: its own dataplane.
	m, _ := runAKS(t, aksFixture{aks: func(a *privateaks.PrivateAKSArgs) { a.Network.Policy = "cilium" }})
	c := one(t, m, ":ManagedCluster", "blue-cluster")
	if c.String("networkProfile.networkPolicy") != "cilium" || c.String("networkProfile.networkDataplane") != "cilium" || c.String("networkProfile.networkPluginMode") != "overlay" {
		t.Errorf("cilium: %v", c.Get("networkProfile"))
	}
}

func TestPrivateAKSProtect(t *testing.T) {
	for _, protect := range []bool{true, false} {
		m, _ := runAKS(t, aksFixture{
			ids: func(a *identities.IdentitiesArgs) { a.Protect = protect },
			aks: func(a *privateaks.PrivateAKSArgs) { a.Protect = protect },
		})
		for _, suffix := range []string{":ManagedCluster", ":Registry", ":Vault", ":Workspace", ":UserAssignedIdentity"} {
			rs := m.ByTypeSuffix(suffix)
			if len(rs) == 0 {
				t.Fatalf("no %s planned", suffix)
			}
			for _, r := range rs {
				if r.Protect != protect {
					t.Errorf("Protect=%v: %s %s protect=%v", protect, suffix, r.Name, r.Protect)
				}
			}
		}
		// What must be removable stays unprotected.
		for _, suffix := range []string{":AgentPool", ":RoleAssignment", ":PolicyAssignment", ":PrivateEndpoint"} {
			for _, r := range m.ByTypeSuffix(suffix) {
				if r.Protect {
					t.Errorf("%s %s is protected", suffix, r.Name)
				}
			}
		}
	}
}

// The cluster waits for exactly what it needs: its role assignments, the
// egress path, its identities and workspace; never for pools, namespace
// access, workload identities, policies or the registry.
func TestPrivateAKSDependsOnlyOnWhatItNeeds(t *testing.T) {
	m, out := runAKS(t, aksFixture{
		access:   map[string]identities.NamespaceAccess{"payments": {Readers: []string{idsGroupC}}},
		workload: map[string][]string{"payments": {"payments/api"}},
	})
	c := one(t, m, ":ManagedCluster", "blue-cluster")
	needed := map[string]bool{}
	for _, g := range out.ids.Grants {
		r := one(t, m, ":RoleAssignment", g.LogicalName("blue-id"))
		needed[r.URN] = true
		if !c.DependsOn(r.URN) {
			t.Errorf("cluster does not wait for role assignment %s", r.Name)
		}
	}
	for _, n := range []string{"egress-firewall", "egress-rules"} {
		r := one(t, m, ":RouteTable", n)
		needed[r.URN] = true
		if !c.DependsOn(r.URN) {
			t.Errorf("cluster does not wait for egress resource %s", n)
		}
	}
	if len(needed) != len(out.ids.Grants)+2 {
		t.Errorf("fixture: %d needed resources", len(needed))
	}
	for _, n := range []string{"blue-id-controlplane", "blue-id-kubelet"} {
		needed[one(t, m, ":UserAssignedIdentity", n).URN] = true
	}
	needed[one(t, m, ":Workspace", "blue-log").URN] = true
	deps := append([]string(nil), c.Dependencies...)
	for _, ds := range c.PropertyDependencies {
		deps = append(deps, ds...)
	}
	for _, d := range deps {
		if !needed[d] {
			t.Errorf("cluster depends on %s, which it does not need", d)
		}
	}
	// And the things created after it really exist in this run.
	for _, suffix := range []string{":AgentPool", ":FederatedIdentityCredential", ":WorkloadIdentity", ":ClusterAccess", ":PolicyAssignment", ":MaintenanceConfiguration"} {
		if len(m.ByTypeSuffix(suffix)) == 0 {
			t.Errorf("fixture plans no %s", suffix)
		}
	}
}

func TestPrivateAKSServices(t *testing.T) {
	m, _ := runAKS(t, aksFixture{})
	reg := one(t, m, ":Registry", "blue-acr")
	if reg.String("registryName") != "acrpaksblue" || reg.String("sku.name") != "Premium" || reg.String("publicNetworkAccess") != "Disabled" ||
		reg.Bool("adminUserEnabled") || reg.Get("adminUserEnabled").IsNull() || reg.String("networkRuleBypassOptions") != "AzureServices" || reg.Bool("anonymousPullEnabled") {
		t.Errorf("registry: %v", reg.Inputs)
	}
	kv := one(t, m, ":Vault", "blue-kv")
	for path, want := range map[string]bool{
		"properties.enableRbacAuthorization": true, "properties.enablePurgeProtection": true, "properties.enableSoftDelete": true,
	} {
		if kv.Bool(path) != want {
			t.Errorf("vault %s = %v", path, kv.Get(path))
		}
	}
	for path, want := range map[string]string{
		"vaultName": "kv-paks-blue", "properties.publicNetworkAccess": "Disabled", "properties.networkAcls.defaultAction": "Deny",
		"properties.networkAcls.bypass": "AzureServices", "properties.tenantId": testkit.DefaultTenantID, "properties.sku.name": "standard",
	} {
		if got := kv.String(path); got != want {
			t.Errorf("vault %s = %q, want %q", path, got, want)
		}
	}
	if kv.Number("properties.softDeleteRetentionInDays") != 30 {
		t.Errorf("vault retention %v", kv.Get("properties.softDeleteRetentionInDays"))
	}
	ws := one(t, m, ":Workspace", "blue-log")
	if ws.String("workspaceName") != "log-paks-blue" || ws.Number("retentionInDays") != 60 {
		t.Errorf("workspace %v", ws.Inputs)
	}
	// Private endpoints in the endpoint subnet, records in the right zones.
	for _, tc := range []struct{ prefix, target, group, zone string }{
		{"blue-acr", reg.ID, "registry", idsACRZone},
		{"blue-kv", kv.ID, "vault", idsVaultZone},
	} {
		pe := one(t, m, ":PrivateEndpoint", tc.prefix+"-pe")
		if pe.String("subnet.id") != idsSubnet("snet-privateendpoints") || pe.String("privateLinkServiceConnections[0].privateLinkServiceId") != tc.target {
			t.Errorf("%s: subnet %q target %q", pe.Name, pe.String("subnet.id"), pe.String("privateLinkServiceConnections[0].privateLinkServiceId"))
		}
		if g := strs(pe, "privateLinkServiceConnections[0].groupIds"); len(g) != 1 || g[0] != tc.group {
			t.Errorf("%s: group ids %v", pe.Name, g)
		}
		zg := one(t, m, ":PrivateDnsZoneGroup", tc.prefix+"-pe-dns")
		if zg.String("privateEndpointName") != pe.String("privateEndpointName") || zg.String("privateDnsZoneConfigs[0].privateDnsZoneId") != tc.zone {
			t.Errorf("%s: endpoint %q zone %q", zg.Name, zg.String("privateEndpointName"), zg.String("privateDnsZoneConfigs[0].privateDnsZoneId"))
		}
	}
	// AcrPull for the kubelet on the registry only.
	kubelet := one(t, m, ":UserAssignedIdentity", "blue-id-kubelet")
	pull := one(t, m, ":RoleAssignment", "blue-kubelet-acrpull-registry")
	checkAssignment(t, pull, map[string]bool{reg.ID: true}, identities.PrincipalServicePrincipal)
	if roleOf(pull) != identities.RoleAcrPull || pull.String("principalId") != outStr(kubelet, "principalId") {
		t.Errorf("AcrPull: role %s principal %q", roleOf(pull), pull.String("principalId"))
	}
	if pull.String("roleAssignmentName") != identities.AssignmentName(idsSeed, privateaks.ScopeKeyRegistry, identities.RoleAcrPull, identities.PrincipalKeyKubelet) {
		t.Errorf("AcrPull name %q", pull.String("roleAssignmentName"))
	}
	// Control-plane logs to the workspace.
	c := one(t, m, ":ManagedCluster", "blue-cluster")
	diag := one(t, m, ":DiagnosticSetting", "blue-cluster-diagnostics")
	if diag.String("resourceUri") != c.ID || diag.String("workspaceId") != ws.ID {
		t.Errorf("diagnostics on %q to %q", diag.String("resourceUri"), diag.String("workspaceId"))
	}
	enabled := map[string]bool{}
	for i := 0; i < diag.Len("logs"); i++ {
		if diag.Bool("logs[" + itoa(i) + "].enabled") {
			enabled[diag.String("logs["+itoa(i)+"].category")] = true
		}
	}
	for _, cat := range []string{"kube-audit-admin", "guard", "kube-apiserver", "kube-controller-manager", "cluster-autoscaler"} {
		if !enabled[cat] {
			t.Errorf("log category %s not sent", cat)
		}
	}
}

func TestPrivateAKSMaintenanceWindows(t *testing.T) {
	m, _ := runAKS(t, aksFixture{aks: func(a *privateaks.PrivateAKSArgs) {
		h := 22
		a.Maintenance = privateaks.MaintenanceArgs{Day: "saturday", StartHour: &h, DurationHours: 6}
	}})
	// Staggered: the node OS window opens when the upgrade window closes
	// (Saturday 22:00 + 6 h = Sunday 04:00), so the two never overlap.
	for _, tc := range []struct{ name, config, day, start string }{
		{"blue-maintenance-upgrade", "aksManagedAutoUpgradeSchedule", "Saturday", "22:00"},
		{"blue-maintenance-nodeos", "aksManagedNodeOSUpgradeSchedule", "Sunday", "04:00"},
	} {
		mc := one(t, m, ":MaintenanceConfiguration", tc.name)
		w := "maintenanceWindow."
		if mc.String("configName") != tc.config || mc.String("resourceName") != "aks-blue" || mc.String(w+"schedule.weekly.dayOfWeek") != tc.day ||
			mc.Number(w+"schedule.weekly.intervalWeeks") != 1 || mc.String(w+"startTime") != tc.start || mc.Number(w+"durationHours") != 6 || mc.String(w+"utcOffset") != "+00:00" {
			t.Errorf("%s: %v", tc.name, mc.Inputs)
		}
	}
	m, _ = runAKS(t, aksFixture{aks: func(a *privateaks.PrivateAKSArgs) { a.AutoUpgradeChannel, a.NodeOSUpgradeChannel = "none", "None" }})
	if n := len(m.ByTypeSuffix(":MaintenanceConfiguration")); n != 0 {
		t.Errorf("%d schedules without upgrade channels", n)
	}
}

func TestPolicyAssignments(t *testing.T) {
	m, _ := runAKS(t, aksFixture{aks: func(a *privateaks.PrivateAKSArgs) { a.PolicyExcludedNamespaces = []string{"ingress-nginx"} }})
	c := one(t, m, ":ManagedCluster", "blue-cluster")
	want := map[string]string{
		"pod-security-restricted":   "/providers/Microsoft.Authorization/policySetDefinitions/42b8ef37-b724-4e24-bbc8-7a7708edfe00",
		"container-resource-limits": "/providers/Microsoft.Authorization/policyDefinitions/e345eecc-fa47-480f-9e88-67dcc122b164",
		"allowed-images":            "/providers/Microsoft.Authorization/policyDefinitions/febd0533-8e55-448f-b837-bd0e06f16469",
		"readonly-root-filesystem":  "/providers/Microsoft.Authorization/policyDefinitions/df49d893-a74c-421d-bc95-c663042e5b80",
		"internal-load-balancers":   "/providers/Microsoft.Authorization/policyDefinitions/3fc4dc25-5baf-40d8-9b05-7fe74c1bc64e",
		"https-ingress-only":        "/providers/Microsoft.Authorization/policyDefinitions/1a5b4dca-0b6f-4cf5-907c-56316bc1bf3d",
		// The baseline's further Deny policies (Azure/azure-policy
		// Kubernetes/ExternalIPs.json, AllowedHostPaths.json,
		// AKS_DisableLocalAccounts_Deny.json).
		"allowed-external-ips": "/providers/Microsoft.Authorization/policyDefinitions/d46c275d-1680-448d-b2ec-e495a3b6cc89",
		"allowed-host-paths":   "/providers/Microsoft.Authorization/policyDefinitions/098fc59e-46c7-4d99-9b16-64990e543d75",
		"local-auth-disabled":  "/providers/Microsoft.Authorization/policyDefinitions/993c2fcd-2b29-49d2-9eb0-df2c3a730c32",
	}
	// The cluster's assignments (the registry's have the registry as scope).
	var pas []*testkit.Resource
	for _, pa := range m.ByTypeSuffix(":PolicyAssignment") {
		if pa.String("scope") == c.ID {
			pas = append(pas, pa)
		}
	}
	if len(pas) != len(want) {
		t.Fatalf("want %d policy assignments, got %d", len(want), len(pas))
	}
	for _, pa := range pas {
		name := pa.String("policyAssignmentName")
		if def, ok := want[name]; !ok || pa.String("policyDefinitionId") != def {
			t.Errorf("%s: assignment %q of %q", pa.Name, name, pa.String("policyDefinitionId"))
		}
		if len(name) > 64 || pa.Name != "blue-policy-"+name {
			t.Errorf("%s: name %q (max 64, stable)", pa.Name, name)
		}
		if pa.String("scope") != c.ID || !strings.HasPrefix(pa.String("displayName"), "[aks-blue] ") {
			t.Errorf("%s: scope %q display %q", pa.Name, pa.String("scope"), pa.String("displayName"))
		}
		if pa.String("parameters.effect.value") != "Deny" {
			t.Errorf("%s: effect %q, want Deny", pa.Name, pa.String("parameters.effect.value"))
		}
		if name == "local-auth-disabled" {
			// ARM mode: an effect only.
			if len(pa.Get("parameters").ObjectValue()) != 1 {
				t.Errorf("%s: parameters %v, want effect only", pa.Name, pa.Get("parameters"))
			}
			continue
		}
		ex := strs(pa, "parameters.excludedNamespaces.value")
		for _, ns := range []string{"kube-system", "gatekeeper-system", "azure-arc", "flux-system", "ingress-nginx"} {
			if !contains(ex, ns) {
				t.Errorf("%s does not exclude %s: %v", pa.Name, ns, ex)
			}
		}
		if contains(ex, "calico-system") {
			t.Errorf("%s excludes calico-system without calico", pa.Name)
		}
		// Registered by token, with the typed SDK's aliases (internal/untyped).
		if len(pa.Aliases) != len(untyped.PolicyAssignment.AliasTypes) {
			t.Errorf("%s: %d aliases, want the SDK's %d", pa.Name, len(pa.Aliases), len(untyped.PolicyAssignment.AliasTypes))
		}
	}
	images := one(t, m, ":PolicyAssignment", "blue-policy-allowed-images")
	if got := images.String("parameters.allowedContainerImagesRegex.value"); got != `^acrpaksblue\.azurecr\.io/.+$` {
		t.Errorf("allowed images %q, want only the registry", got)
	}
	limits := one(t, m, ":PolicyAssignment", "blue-policy-container-resource-limits")
	if limits.String("parameters.cpuLimit.value") != "2000m" || limits.String("parameters.memoryLimit.value") != "4Gi" {
		t.Errorf("limits %v", limits.Get("parameters"))
	}
	// Display names are recorded next to the GUIDs.
	for _, p := range privateaks.Policies {
		if p.DisplayName == "" || !strings.HasSuffix(p.DefinitionID(), p.ID) {
			t.Errorf("policy %s without display name", p.Key)
		}
	}
}

// Every role assignment of a whole cluster program follows the rules, and a
// re-run plans the very same names.
func TestIdentitiesEveryAssignmentOfAClusterIsLeastPrivilege(t *testing.T) {
	f := aksFixture{access: map[string]identities.NamespaceAccess{"payments": {Readers: []string{idsGroupC}, Writers: []string{idsGroupB}}}}
	m, _ := runAKS(t, f)
	m2, _ := runAKS(t, f)
	c := one(t, m, ":ManagedCluster", "blue-cluster")
	allowed := map[string]bool{
		idsVnet: true, idsRouteTab: true, idsAPIZone: true, c.ID: true, c.ID + "/namespaces/payments": true,
		one(t, m, ":UserAssignedIdentity", "blue-id-kubelet").ID: true, one(t, m, ":Registry", "blue-acr").ID: true,
	}
	for _, s := range []string{"system", "apps", "batch", "win"} {
		allowed[idsSubnet("snet-nodes-"+s)] = true
	}
	allowed[idsSubnet("snet-ingress")] = true
	ras := m.ByTypeSuffix(":RoleAssignment")
	if len(ras) != 9+1+4+3 {
		t.Errorf("want 17 role assignments (9 control plane, AcrPull, 2 admin groups, 2 namespace grants, Cluster User for the 3 distinct groups), got %d", len(ras))
	}
	for _, ra := range ras {
		want := identities.PrincipalServicePrincipal
		if strings.HasPrefix(ra.Name, "blue-access-") {
			want = identities.PrincipalGroup
		}
		checkAssignment(t, ra, allowed, want)
		again := m2.ByURN(ra.URN)
		if again == nil || again.String("roleAssignmentName") != ra.String("roleAssignmentName") {
			t.Errorf("%s: a re-run does not plan the same name", ra.Name)
		}
	}
}

// Changes elsewhere never touch the cluster: its recorded inputs are
// identical byte for byte.
func TestPrivateAKSChangeSafety(t *testing.T) {
	base := aksFixture{
		access:   map[string]identities.NamespaceAccess{"payments": {Readers: []string{idsGroupC}}},
		workload: map[string][]string{"payments": {"payments/api"}},
	}
	before, _ := runAKS(t, base)
	cluster := func(m *testkit.Mocks) *testkit.Resource { return one(t, m, ":ManagedCluster", "blue-cluster") }
	canonical := func(r *testkit.Resource) string {
		b, err := json.Marshal(r.Inputs.Mappable())
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, tc := range []struct {
		name   string
		change func(f *aksFixture)
		// check proves the change reached the plan.
		check func(t *testing.T, m *testkit.Mocks)
	}{
		{"user pool VM size changed", func(f *aksFixture) {
			f.aks = func(a *privateaks.PrivateAKSArgs) {
				p := a.UserPools["apps"]
				p.VMSize = "Standard_E8ds_v5"
				a.UserPools["apps"] = p
			}
		}, func(t *testing.T, m *testkit.Mocks) {
			if one(t, m, ":AgentPool", "blue-pool-apps").String("vmSize") != "Standard_E8ds_v5" {
				t.Error("change not planned")
			}
		}},
		{"user pool node counts changed", func(f *aksFixture) {
			f.aks = func(a *privateaks.PrivateAKSArgs) {
				p := a.UserPools["apps"]
				p.MinCount, p.MaxCount = 4, 20
				a.UserPools["apps"] = p
			}
		}, func(t *testing.T, m *testkit.Mocks) {
			if one(t, m, ":AgentPool", "blue-pool-apps").Number("maxCount") != 20 {
				t.Error("change not planned")
			}
		}},
		{"user pool added", func(f *aksFixture) {
			f.ids = func(a *identities.IdentitiesArgs) {
				a.NetworkScopes["subnet-gpu"] = pulumi.String(idsSubnet("snet-nodes-gpu"))
			}
			f.aks = func(a *privateaks.PrivateAKSArgs) {
				a.UserPools["gpu"] = privateaks.NodePoolArgs{SubnetID: pulumi.String(idsSubnet("snet-nodes-gpu")), NodePool: clusterspec.NodePool{VMSize: "Standard_NC6s_v3"}}
			}
		}, func(t *testing.T, m *testkit.Mocks) {
			if len(m.ByTypeSuffix(":AgentPool")) != 4 {
				t.Error("pool not added")
			}
		}},
		{"user pool removed", func(f *aksFixture) {
			f.aks = func(a *privateaks.PrivateAKSArgs) { delete(a.UserPools, "batch") }
		}, func(t *testing.T, m *testkit.Mocks) {
			if len(m.ByTypeSuffix(":AgentPool")) != 2 {
				t.Error("pool not removed")
			}
		}},
		{"namespace role added", func(f *aksFixture) {
			f.access = map[string]identities.NamespaceAccess{"payments": {Readers: []string{idsGroupC}}, "audit": {Writers: []string{idsGroupB}}}
		}, func(t *testing.T, m *testkit.Mocks) {
			if len(m.ByTypeSuffix(":RoleAssignment")) != len(before.ByTypeSuffix(":RoleAssignment"))+1 {
				t.Error("role not added")
			}
		}},
		{"federated credential added", func(f *aksFixture) {
			f.workload = map[string][]string{"payments": {"payments/api", "payments/worker"}}
		}, func(t *testing.T, m *testkit.Mocks) {
			if len(m.ByTypeSuffix(":FederatedIdentityCredential")) != 2 {
				t.Error("credential not added")
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := base
			tc.change(&f)
			after, _ := runAKS(t, f)
			tc.check(t, after)
			b, a := cluster(before), cluster(after)
			if !reflect.DeepEqual(b.Inputs, a.Inputs) || canonical(b) != canonical(a) {
				t.Errorf("the cluster's inputs changed:\nbefore %s\nafter  %s", canonical(b), canonical(a))
			}
			if !reflect.DeepEqual(b.IgnoreChanges, a.IgnoreChanges) || !reflect.DeepEqual(b.ReplaceOnChanges, a.ReplaceOnChanges) || b.Protect != a.Protect {
				t.Error("the cluster's options changed")
			}
			if a.Len("agentPoolProfiles") != 1 {
				t.Errorf("inline pool list has %d pools", a.Len("agentPoolProfiles"))
			}
		})
	}
}

func TestPrivateAKSRejectsBadArgs(t *testing.T) {
	m, err := runErr(t, func(ctx *pulumi.Context) error {
		_, err := privateaks.NewPrivateAKS(ctx, "blue", &privateaks.PrivateAKSArgs{
			ResourceGroupName: pulumi.String("rg-spoke"),
			Location:          "westeurope",
			Seed:              idsSeed,
			Names:             clusterspec.Names{ClusterName: "-bad", DNSPrefix: "aks-blue"},
			Settings:          clusterspec.Settings{KubernetesVersion: "1.30.4", PolicyEffect: "Disabled"},
			PrivateDNSZoneID:  pulumi.String("privatelink.westeurope.azmk8s.io"),
			Network:           privateaks.NetworkArgs{PluginMode: "nodeSubnet", Policy: "cilium", PodCidr: "10.244.0.0/16", ServiceCidr: "172.16.0.0/16", DNSServiceIP: "172.16.0.1"},
			Maintenance:       privateaks.MaintenanceArgs{DurationHours: 2},
			SystemPool:        privateaks.NodePoolArgs{SubnetID: pulumi.String(idsSubnet("snet-nodes-system")), NodePool: clusterspec.NodePool{Priority: "Spot"}},
			UserPools: map[string]privateaks.NodePoolArgs{
				"system": {SubnetID: pulumi.String(idsSubnet("snet-nodes-other"))},
				"apps":   {SubnetID: pulumi.String(idsSubnet("snet-nodes-system"))},
			},
			ControlPlaneIdentityID:   pulumi.String("cp"),
			KubeletIdentityID:        pulumi.String("k"),
			KubeletClientID:          pulumi.String("k"),
			KubeletObjectID:          pulumi.String("k"),
			PrivateEndpointSubnetID:  pulumi.String(idsSubnet("snet-privateendpoints")),
			RegistryPrivateDNSZoneID: pulumi.String(idsACRZone),
			KeyVaultPrivateDNSZoneID: pulumi.String(idsVaultZone),
			Registry:                 privateaks.RegistryArgs{Name: "Bad_Registry"},
			KeyVault:                 privateaks.KeyVaultArgs{Name: "kv-paks-blue"},
			LogAnalytics:             privateaks.LogAnalyticsArgs{Name: "log-paks-blue"},
			KubeloginMode:            "devicecode",
		})
		return err
	})
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{
		"clusterName", "kubernetesVersion", "privateDnsZoneId", "adminGroupObjectIds", "network.podCidr", "network.policy",
		"maintenance.durationHours", "systemPool.priority", "userPools.system", "userPools.apps.subnetId", "registry.name",
		"policyEffect", "kubeloginMode", "network.dnsServiceIp", "14 problems",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if n := len(m.Resources()); n != 0 {
		t.Errorf("%d resources registered despite invalid args", n)
	}
}
