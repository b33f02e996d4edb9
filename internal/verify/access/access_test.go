package access

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/privateaks/privateaks/internal/mockengine"
)

// fakePlan is a hand-built plan: the model sees exactly these resources.
type fakePlan struct{ rs []*mockengine.Resource }

func (f *fakePlan) Resources() []*mockengine.Resource { return f.rs }
func (f *fakePlan) ByTypeSuffix(s string) []*mockengine.Resource {
	var out []*mockengine.Resource
	for _, r := range f.rs {
		if strings.HasSuffix(r.Type, s) {
			out = append(out, r)
		}
	}
	return out
}
func (f *fakePlan) ByURN(u string) *mockengine.Resource {
	for _, r := range f.rs {
		if r.URN == u {
			return r
		}
	}
	return nil
}
func (f *fakePlan) ByID(id string) *mockengine.Resource {
	for _, r := range f.rs {
		if strings.EqualFold(r.ID, id) {
			return r
		}
	}
	return nil
}

const (
	sub      = "/subscriptions/00000000-0000-4000-8000-000000000001"
	rg       = sub + "/resourceGroups/rg-spoke"
	hubRG    = sub + "/resourceGroups/rg-hub"
	vnet     = rg + "/providers/Microsoft.Network/virtualNetworks/vnet-spoke"
	subnetA  = vnet + "/subnets/snet-system"
	subnetB  = vnet + "/subnets/snet-apps"
	rt       = rg + "/providers/Microsoft.Network/routeTables/rt-spoke"
	zone     = hubRG + "/providers/Microsoft.Network/privateDnsZones/privatelink.westeurope.azmk8s.io"
	cluster  = rg + "/providers/Microsoft.ContainerService/managedClusters/aks-blue"
	registry = rg + "/providers/Microsoft.ContainerRegistry/registries/acrblue"
	vault    = rg + "/providers/Microsoft.KeyVault/vaults/kv-blue"
	idBase   = rg + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/"
	issuer   = "https://westeurope.oic.prod-aks.azure.com/tenant/abc/"
	admin    = "11111111-1111-4111-8111-111111111111"
	nsGroup  = "22222222-2222-4222-8222-222222222222"
	operator = "33333333-3333-4333-8333-333333333333"
	cpPID    = "aaaaaaaa-0000-4000-8000-000000000001"
	kubePID  = "aaaaaaaa-0000-4000-8000-000000000002"
	wiPID    = "aaaaaaaa-0000-4000-8000-000000000003"
)

func res(typ, name, id string, in map[string]any, out map[string]any) *mockengine.Resource {
	r := &mockengine.Resource{Type: typ, Name: name, URN: "urn:pulumi:test::p::" + typ + "::" + name, Custom: true, ID: id,
		Inputs: resource.NewPropertyMapFromMap(in), Outputs: resource.NewPropertyMapFromMap(in), PropertyDependencies: map[string][]string{}}
	for k, v := range out {
		r.Outputs[resource.PropertyKey(k)] = resource.NewPropertyValue(v)
	}
	return r
}

func uai(name, pid string, tags map[string]any) *mockengine.Resource {
	in := map[string]any{"resourceName": name, "resourceGroupName": "rg-spoke"}
	if tags != nil {
		in["tags"] = tags
	}
	return res("azure-native:managedidentity/v20230131:UserAssignedIdentity", name, idBase+name, in, map[string]any{"principalId": pid})
}

func ra(name, scope, role, pid, ptype string) *mockengine.Resource {
	return res("azure-native:authorization:RoleAssignment", name, scope+"/providers/Microsoft.Authorization/roleAssignments/"+name, map[string]any{
		"scope": scope, "roleDefinitionId": sub + "/providers/Microsoft.Authorization/roleDefinitions/" + role, "principalId": pid, "principalType": ptype,
	}, nil)
}

// fixture is a complete, correct plan of one private cluster: every
// persona has exactly the documented role at the narrowest scope.
func fixture() []*mockengine.Resource {
	return []*mockengine.Resource{
		res("azure-native:containerservice/v20240901:ManagedCluster", "aks", cluster, map[string]any{
			"resourceName":           "aks-blue",
			"aadProfile":             map[string]any{"managed": true, "enableAzureRBAC": true, "adminGroupObjectIDs": []any{admin}},
			"identity":               map[string]any{"type": "UserAssigned", "userAssignedIdentities": []any{idBase + "id-cp"}},
			"identityProfile":        map[string]any{"kubeletidentity": map[string]any{"resourceId": idBase + "id-kubelet", "objectId": kubePID}},
			"agentPoolProfiles":      []any{map[string]any{"name": "system", "vnetSubnetID": subnetA}},
			"apiServerAccessProfile": map[string]any{"enablePrivateCluster": true, "privateDNSZone": zone},
		}, map[string]any{"oidcIssuerProfile": map[string]any{"issuerURL": issuer}}),
		res("azure-native:containerservice/v20240901:AgentPool", "pool-apps", cluster+"/agentPools/apps", map[string]any{"vnetSubnetID": subnetB}, nil),
		res("azure-native:network/v20240501:Subnet", "snet-system", subnetA, map[string]any{"routeTable": map[string]any{"id": rt}}, nil),
		res("azure-native:network/v20240501:Subnet", "snet-apps", subnetB, map[string]any{"routeTable": map[string]any{"id": rt}}, nil),
		res("azure-native:containerregistry/v20230701:Registry", "acr", registry, map[string]any{"registryName": "acrblue"}, nil),
		res("azure-native:keyvault/v20241101:Vault", "kv", vault, map[string]any{"properties": map[string]any{"enableRbacAuthorization": true}}, nil),
		uai("id-cp", cpPID, nil),
		uai("id-kubelet", kubePID, nil),
		uai("id-app", wiPID, nil),
		res("azure-native:managedidentity/v20230131:FederatedIdentityCredential", "fic-app", idBase+"id-app/federatedIdentityCredentials/app", map[string]any{"issuer": issuer, "subject": "system:serviceaccount:apps:api"}, nil),
		ra("admin-user", cluster, RoleAKSClusterUser, admin, "Group"),
		ra("admin-rbac", cluster, RoleAKSRBACClusterAdmin, admin, "Group"),
		ra("ns-writer", cluster+"/namespaces/apps", RoleAKSRBACWriter, nsGroup, "Group"),
		ra("ns-user", cluster, RoleAKSClusterUser, nsGroup, "Group"),
		ra("kubelet-acrpull", registry, RoleAcrPull, kubePID, "ServicePrincipal"),
		ra("cp-subnet-a", subnetA, RoleNetworkContributor, cpPID, "ServicePrincipal"),
		ra("cp-subnet-b", subnetB, RoleNetworkContributor, cpPID, "ServicePrincipal"),
		ra("cp-rt", rt, RoleNetworkContributor, cpPID, "ServicePrincipal"),
		ra("cp-zone", zone, RolePrivateDNSZoneContrib, cpPID, "ServicePrincipal"),
		ra("cp-vnet", vnet, RolePrivateDNSZoneContrib, cpPID, "ServicePrincipal"),
		ra("cp-mio", idBase+"id-kubelet", RoleManagedIdentityOperator, cpPID, "ServicePrincipal"),
		ra("wi-kv", vault, RoleKeyVaultSecretsUser, wiPID, "ServicePrincipal"),
		ra("ops-kv", vault, RoleKeyVaultSecretsOfficer, operator, "Group"),
	}
}

func plan(mut func([]*mockengine.Resource) []*mockengine.Resource) *fakePlan {
	rs := fixture()
	if mut != nil {
		rs = mut(rs)
	}
	return &fakePlan{rs: rs}
}

func without(name string) func([]*mockengine.Resource) []*mockengine.Resource {
	return func(rs []*mockengine.Resource) []*mockengine.Resource {
		var out []*mockengine.Resource
		for _, r := range rs {
			if r.Name != name {
				out = append(out, r)
			}
		}
		return out
	}
}

func find(rs []*mockengine.Resource, name string) *mockengine.Resource {
	for _, r := range rs {
		if r.Name == name {
			return r
		}
	}
	panic("no " + name)
}

func setInput(name, key string, v any) func([]*mockengine.Resource) []*mockengine.Resource {
	return func(rs []*mockengine.Resource) []*mockengine.Resource {
		r := find(rs, name)
		r.Inputs = r.Inputs.Copy()
		r.Inputs[resource.PropertyKey(key)] = resource.NewPropertyValue(v)
		return rs
	}
}

func TestCorrectPlanPasses(t *testing.T) {
	rep := Check(plan(nil))
	if rep.Failed() {
		t.Fatalf("a correct plan fails:\n%s", rep.Text())
	}
	want := map[string]int{PersonaAdmin: 2, PersonaNamespaceGroup + " (apps)": 1, PersonaKubelet: 1, PersonaControlPlane: 8, PersonaWorkload: 1, PersonaSecretsWriter: 1}
	got := map[string]int{}
	for _, r := range rep.Rows {
		if !r.Required || !r.Granted || r.By == "" {
			t.Errorf("row not granted: %+v", r)
		}
		got[r.Persona]++
	}
	for p, n := range want {
		if got[p] != n {
			t.Errorf("%s: %d rows, want %d (rows: %v)", p, got[p], n, got)
		}
	}
	// Deterministic: the same plan yields the same report.
	if a, b := Check(plan(nil)).Text(), Check(plan(nil)).Text(); a != b {
		t.Error("report differs between two runs")
	}
}

// Each mutation breaks one thing; the model must name the rule, the
// resource and the input path.
func TestEachMutationIsReported(t *testing.T) {
	cases := []struct {
		name     string
		mut      func([]*mockengine.Resource) []*mockengine.Resource
		rule     string
		resource string
		path     string
	}{
		{"drop AcrPull", without("kubelet-acrpull"), "ACC-KUBELET-01", "ManagedCluster::aks", "identityProfile.kubeletidentity.resourceId"},
		{"drop namespace group's Cluster User", without("ns-user"), "ACC-NS-01", "RoleAssignment::ns-writer", "principalId"},
		// RBAC Cluster Admin lists listClusterUserCredential/action itself
		// (containers.md), so only dropping both roles loses the credentials.
		{"drop both admin roles", func(rs []*mockengine.Resource) []*mockengine.Resource {
			return without("admin-rbac")(without("admin-user")(rs))
		}, "ACC-ADMIN-01", "ManagedCluster::aks", "aadProfile.adminGroupObjectIDs[0]"},
		{"drop admin's RBAC Cluster Admin", without("admin-rbac"), "ACC-ADMIN-02", "ManagedCluster::aks", "aadProfile.adminGroupObjectIDs[0]"},
		{"drop workload's Secrets User", without("wi-kv"), "ACC-WI-01", "FederatedIdentityCredential::fic-app", "issuer"},
		{"drop a node subnet grant", without("cp-subnet-b"), "ACC-CP-01", "AgentPool::pool-apps", "vnetSubnetID"},
		{"drop the route table grant", without("cp-rt"), "ACC-CP-02", "Subnet::snet-system", "routeTable.id"},
		{"drop the zone grant", without("cp-zone"), "ACC-CP-03", "ManagedCluster::aks", "apiServerAccessProfile.privateDNSZone"},
		{"drop the vnet link grant", without("cp-vnet"), "ACC-CP-04", "ManagedCluster::aks", "apiServerAccessProfile.privateDNSZone"},
		{"drop Managed Identity Operator", without("cp-mio"), "ACC-CP-05", "ManagedCluster::aks", "identityProfile.kubeletidentity.resourceId"},
		{"widen AcrPull to the resource group", setInput("kubelet-acrpull", "scope", rg), "ACC-SCOPE-01", "RoleAssignment::kubelet-acrpull", "scope"},
		{"widen AcrPull: wider than needed", setInput("kubelet-acrpull", "scope", rg), "ACC-SCOPE-02", "RoleAssignment::kubelet-acrpull", "scope"},
		{"widen a subnet grant to the VNet", setInput("cp-subnet-a", "scope", vnet), "ACC-SCOPE-02", "RoleAssignment::cp-subnet-a", "scope"},
		{"add Owner", func(rs []*mockengine.Resource) []*mockengine.Resource {
			return append(rs, ra("owner", registry, RoleOwner, kubePID, "ServicePrincipal"))
		}, "ACC-PRIV-01", "RoleAssignment::owner", "roleDefinitionId"},
		{"add Contributor", func(rs []*mockengine.Resource) []*mockengine.Resource {
			return append(rs, ra("contrib", cluster, RoleContributor, admin, "Group"))
		}, "ACC-PRIV-01", "RoleAssignment::contrib", "roleDefinitionId"},
		{"add User Access Administrator", func(rs []*mockengine.Resource) []*mockengine.Resource {
			return append(rs, ra("uaa", vault, RoleUserAccessAdministrator, operator, "Group"))
		}, "ACC-PRIV-01", "RoleAssignment::uaa", "roleDefinitionId"},
		{"unknown role", setInput("kubelet-acrpull", "roleDefinitionId", sub+"/providers/Microsoft.Authorization/roleDefinitions/00000000-1111-4111-8111-000000000000"), "ACC-ROLE-01", "RoleAssignment::kubelet-acrpull", "roleDefinitionId"},
		{"wrong principal type", setInput("admin-user", "principalType", "User"), "ACC-PTYPE-01", "RoleAssignment::admin-user", "principalType"},
		{"vault in access-policy mode", setInput("kv", "properties", map[string]any{"enableRbacAuthorization": false}), "ACC-KV-02", "Vault::kv", "properties.enableRbacAuthorization"},
		{"Secrets User swapped for Reader-like RBAC Reader", setInput("wi-kv", "roleDefinitionId", sub+"/providers/Microsoft.Authorization/roleDefinitions/"+RoleAKSRBACReader), "ACC-WI-01", "FederatedIdentityCredential::fic-app", "issuer"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rep := Check(plan(tc.mut))
			if !rep.Failed() {
				t.Fatal("no finding")
			}
			for _, f := range rep.Findings {
				if f.Rule == tc.rule && strings.HasSuffix(f.Resource, tc.resource) && f.Path == tc.path {
					if f.Model != Model || f.Message == "" || f.Source == "" {
						t.Errorf("incomplete finding %+v", f)
					}
					return
				}
			}
			t.Errorf("want %s on %s %s, got:\n%s", tc.rule, tc.resource, tc.path, rep.Text())
		})
	}
}

func TestOptOutTagMakesTheVaultRowInformational(t *testing.T) {
	rep := Check(plan(func(rs []*mockengine.Resource) []*mockengine.Resource {
		rs = without("wi-kv")(rs)
		find(rs, "id-app").Inputs["tags"] = resource.NewPropertyValue(map[string]any{KeyVaultAccessTag: KeyVaultAccessNone})
		return rs
	}))
	if rep.Failed() {
		t.Fatalf("an identity that declares no vault access is reported:\n%s", rep.Text())
	}
	for _, r := range rep.Rows {
		if r.Persona == PersonaWorkload && (r.Required || r.Note == "") {
			t.Errorf("opted-out row %+v", r)
		}
	}
}

func TestKubernetesRBACClusterAdminsNeedOnlyTheUserRole(t *testing.T) {
	// Without Azure RBAC for Kubernetes, the admin groups are bound to
	// cluster-admin by AKS: no RBAC Cluster Admin assignment is needed.
	rep := Check(plan(func(rs []*mockengine.Resource) []*mockengine.Resource {
		rs = without("admin-rbac")(rs)
		aad := find(rs, "aks").Inputs["aadProfile"].ObjectValue()
		aad["enableAzureRBAC"] = resource.NewPropertyValue(false)
		return rs
	}))
	if rep.Failed() {
		t.Fatalf("Kubernetes RBAC admins reported:\n%s", rep.Text())
	}
}

func TestNoWriterIsInformational(t *testing.T) {
	rep := Check(plan(without("ops-kv")))
	if rep.Failed() {
		t.Fatalf("the optional operator group is required:\n%s", rep.Text())
	}
	found := false
	for _, r := range rep.Rows {
		found = found || (r.Persona == PersonaSecretsWriter && !r.Required && r.Principal == "(none planned)")
	}
	if !found {
		t.Errorf("no informational row for a vault nobody can write:\n%s", rep.Text())
	}
}

func TestRoleSemantics(t *testing.T) {
	role := func(id string) Role { r, _ := RoleByID(id); return r }
	cases := []struct {
		role string
		op   string
		data bool
		want bool
	}{
		{RoleManagedIdentityOperator, opAssignIdentity, false, true},
		{RoleNetworkContributor, opSubnetJoin, false, true},
		{RoleNetworkContributor, opRouteTableJoin, false, true},
		{RolePrivateDNSZoneContrib, opVnetJoin, false, true},
		{RolePrivateDNSZoneContrib, opSubnetJoin, false, false},
		{RoleAKSRBACClusterAdmin, opClusterAdmin, true, true},
		{RoleAKSRBACClusterAdmin, opListUserCredential, false, true},
		{RoleAKSRBACAdmin, opClusterAdmin, true, false},
		{RoleAKSRBACWriter, opListUserCredential, false, false},
		{RoleAKSRBACReader, opListUserCredential, false, false},
		{RoleAKSClusterUser, opListUserCredential, false, true},
		{RoleKeyVaultSecretsUser, opGetSecret, true, true},
		{RoleKeyVaultSecretsUser, opSetSecret, true, false},
		{RoleKeyVaultSecretsOfficer, opSetSecret, true, true},
		{RoleContributor, opGetSecret, true, false},
		{RoleContributor, "Microsoft.Authorization/roleAssignments/write", false, false},
		{RoleOwner, "Microsoft.Authorization/roleAssignments/write", false, true},
		{RoleAcrPull, "Microsoft.ContainerRegistry/registries/push/write", false, false},
	}
	for _, tc := range cases {
		if got := role(tc.role).Grants(tc.op, tc.data); got != tc.want {
			t.Errorf("%s grants %s: %v, want %v", roleName(tc.role), tc.op, got, tc.want)
		}
	}
	if _, ok := RoleByID(strings.ToUpper(RoleAcrPull)); !ok {
		t.Error("role lookup is case-sensitive")
	}
}

func TestScopes(t *testing.T) {
	if !within(subnetA, vnet) || within(vnet, subnetA) || within(vnet+"2", vnet) {
		t.Error("within")
	}
	for _, s := range []string{sub, rg, rg + "/"} {
		if _, ok := broadScope(s); !ok {
			t.Errorf("%s not broad", s)
		}
	}
	if _, ok := broadScope(registry); ok {
		t.Error("a resource is broad")
	}
}

// On a first preview an identity's principalId and a resource's ID are not
// known yet; the model matches through the property dependencies instead.
func TestUnknownValuesMatchThroughDependencies(t *testing.T) {
	rep := Check(plan(func(rs []*mockengine.Resource) []*mockengine.Resource {
		wi := find(rs, "wi-kv")
		wi.Inputs = wi.Inputs.Copy()
		delete(wi.Inputs, "principalId")
		delete(wi.Inputs, "scope")
		wi.PropertyDependencies["principalId"] = []string{find(rs, "id-app").URN}
		wi.PropertyDependencies["scope"] = []string{find(rs, "kv").URN}
		return rs
	}))
	if rep.Failed() {
		t.Fatalf("unknown values not matched through dependencies:\n%s", rep.Text())
	}
	// And a dependency on the wrong identity does not match.
	rep = Check(plan(func(rs []*mockengine.Resource) []*mockengine.Resource {
		wi := find(rs, "wi-kv")
		wi.Inputs = wi.Inputs.Copy()
		delete(wi.Inputs, "principalId")
		wi.PropertyDependencies["principalId"] = []string{find(rs, "id-kubelet").URN}
		return rs
	}))
	if !rep.Failed() {
		t.Fatal("an assignment to another identity satisfied the workload identity")
	}
}
