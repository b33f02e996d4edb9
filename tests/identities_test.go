package tests

import (
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/components/identities"
	"github.com/privateaks/privateaks/components/identities/identityspec"
	"github.com/privateaks/privateaks/testkit"
)

// Fixture IDs of a spoke and the hub's zones, as plain strings so that every
// role assignment's scope can be checked against exactly what was passed in.
const (
	idsSeed      = "rg-spoke/aks-blue"
	idsSpokeRG   = "/subscriptions/" + testkit.DefaultSubscriptionID + "/resourceGroups/rg-spoke"
	idsHubRG     = "/subscriptions/" + testkit.DefaultSubscriptionID + "/resourceGroups/rg-hub"
	idsVnet      = idsSpokeRG + "/providers/Microsoft.Network/virtualNetworks/vnet-spoke"
	idsRouteTab  = idsSpokeRG + "/providers/Microsoft.Network/routeTables/rt-vnet-spoke"
	idsAPIZone   = idsHubRG + "/providers/Microsoft.Network/privateDnsZones/privatelink.westeurope.azmk8s.io"
	idsACRZone   = idsHubRG + "/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io"
	idsVaultZone = idsHubRG + "/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net"
	idsGroupA    = "11111111-1111-4111-8111-111111111111"
	idsGroupB    = "22222222-2222-4222-8222-222222222222"
	idsGroupC    = "33333333-3333-4333-8333-333333333333"
	idsGroupD    = "44444444-4444-4444-8444-444444444444"
	idsVault     = idsSpokeRG + "/providers/Microsoft.KeyVault/vaults/kv-blue"
)

var guidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

func idsSubnet(name string) string { return idsVnet + "/subnets/" + name }

// idsArgs are a cluster's identities with a BYO API-server zone.
func idsArgs() *identities.IdentitiesArgs {
	return &identities.IdentitiesArgs{
		ResourceGroupName:        pulumi.String("rg-spoke"),
		Location:                 "westeurope",
		ControlPlaneIdentityName: "id-aks-blue-controlplane",
		KubeletIdentityName:      "id-aks-blue-kubelet",
		Seed:                     idsSeed,
		NetworkScopes: map[string]pulumi.StringInput{
			"subnet-system":  pulumi.String(idsSubnet("snet-nodes-system")),
			"subnet-apps":    pulumi.String(idsSubnet("snet-nodes-apps")),
			"subnet-ingress": pulumi.String(idsSubnet("snet-ingress")),
			"routetable":     pulumi.String(idsRouteTab),
		},
		PrivateDNSZoneID: pulumi.String(idsAPIZone),
		VnetID:           pulumi.String(idsVnet),
		Protect:          true,
	}
}

// roleDefID is the full ARM role definition ID the components must send.
func roleDefID(role string) string {
	return "/subscriptions/" + testkit.DefaultSubscriptionID + "/providers/Microsoft.Authorization/roleDefinitions/" + role
}

// Roles no assignment may ever grant (GUIDs from MicrosoftDocs/azure-docs
// articles/role-based-access-control/built-in-roles/privileged.md; this
// table had a wrong Contributor GUID before).
var broadRoles = map[string]string{
	"8e3af657-a8ff-443c-a75c-2fe8c4bcb635": "Owner",
	"b24988ac-6180-42a0-ab88-20f7382dd24c": "Contributor",
	"18d7d88d-d35e-4fb5-a5c3-7773c20a72d9": "User Access Administrator",
}

// checkAssignment asserts the rules every role assignment follows: a
// principal type, a GUID name, the full role definition ID of a
// least-privilege role, and a scope that is one of allowed (never a
// resource group or subscription).
func checkAssignment(t *testing.T, ra *testkit.Resource, allowed map[string]bool, wantType string) {
	t.Helper()
	if got := ra.String("principalType"); got != wantType {
		t.Errorf("%s: principalType %q, want %q", ra.Name, got, wantType)
	}
	if !guidPattern.MatchString(ra.String("roleAssignmentName")) {
		t.Errorf("%s: roleAssignmentName %q is not a GUID", ra.Name, ra.String("roleAssignmentName"))
	}
	def := ra.String("roleDefinitionId")
	role := def[strings.LastIndex(def, "/")+1:]
	if def != roleDefID(role) {
		t.Errorf("%s: roleDefinitionId %q is not the full /subscriptions/<sub>/providers/... form", ra.Name, def)
	}
	if bad, ok := broadRoles[role]; ok {
		t.Errorf("%s grants %s", ra.Name, bad)
	}
	if _, ok := identities.Roles[role]; !ok {
		t.Errorf("%s grants role %s outside the least-privilege catalogue", ra.Name, role)
	}
	scope := ra.String("scope")
	if !allowed[scope] {
		t.Errorf("%s: scope %q is not one of the resources passed in", ra.Name, scope)
	}
	if parts := strings.Split(strings.Trim(scope, "/"), "/"); len(parts) < 8 || !strings.EqualFold(parts[4], "providers") {
		t.Errorf("%s: scope %q is a subscription or resource group", ra.Name, scope)
	}
}

func roleOf(ra *testkit.Resource) string {
	def := ra.String("roleDefinitionId")
	return def[strings.LastIndex(def, "/")+1:]
}

func TestIdentities(t *testing.T) {
	var comp *identities.Identities
	m := run(t, func(ctx *pulumi.Context) error {
		var err error
		comp, err = identities.NewIdentities(ctx, "blue-id", idsArgs())
		return err
	})
	c := one(t, m, ":Identities", "blue-id")
	if c.Type != identities.Type {
		t.Fatalf("type %s", c.Type)
	}
	for _, r := range m.Resources() {
		if r.URN != c.URN && r.Parent != c.URN {
			t.Errorf("%s %s is not parented to the component", r.Type, r.Name)
		}
	}
	cp := one(t, m, ":UserAssignedIdentity", "blue-id-controlplane")
	kubelet := one(t, m, ":UserAssignedIdentity", "blue-id-kubelet")
	if cp.String("resourceName") != "id-aks-blue-controlplane" || kubelet.String("resourceName") != "id-aks-blue-kubelet" {
		t.Errorf("identity names %q, %q", cp.String("resourceName"), kubelet.String("resourceName"))
	}
	if !cp.Protect || !kubelet.Protect {
		t.Error("identities must be protected with Protect")
	}

	allowed := map[string]bool{idsSubnet("snet-nodes-system"): true, idsSubnet("snet-nodes-apps"): true, idsSubnet("snet-ingress"): true, idsRouteTab: true, idsAPIZone: true, idsVnet: true, kubelet.ID: true}
	cpPrincipal := testkit.Lookup(objectProp(cp), "principalId").StringValue()
	type grant struct{ scope, role string }
	got := map[grant]bool{}
	ras := m.ByTypeSuffix(":RoleAssignment")
	for _, ra := range ras {
		checkAssignment(t, ra, allowed, identities.PrincipalServicePrincipal)
		if ra.String("principalId") != cpPrincipal {
			t.Errorf("%s is granted to %q, not the control plane", ra.Name, ra.String("principalId"))
		}
		got[grant{ra.String("scope"), roleOf(ra)}] = true
	}
	want := []grant{
		{idsSubnet("snet-nodes-system"), identities.RoleNetworkContributor},
		{idsSubnet("snet-nodes-apps"), identities.RoleNetworkContributor},
		{idsSubnet("snet-ingress"), identities.RoleNetworkContributor},
		{idsRouteTab, identities.RoleNetworkContributor},
		{idsAPIZone, identities.RolePrivateDNSZoneContributor},
		{idsVnet, identities.RolePrivateDNSZoneContributor},
		{kubelet.ID, identities.RoleManagedIdentityOperator},
	}
	if len(ras) != len(want) {
		t.Errorf("want %d role assignments, got %d", len(want), len(ras))
	}
	for _, w := range want {
		if !got[w] {
			t.Errorf("missing %s on %s", identities.Roles[w.role].DisplayName, w.scope)
		}
	}
	// The names are exactly AssignmentName of the stable keys.
	ra := one(t, m, ":RoleAssignment", "blue-id-controlplane-network-contributor-routetable")
	if ra.String("roleAssignmentName") != identities.AssignmentName(idsSeed, "routetable", identities.RoleNetworkContributor, identities.PrincipalKeyControlPlane) {
		t.Errorf("route table assignment name %q", ra.String("roleAssignmentName"))
	}
	if len(comp.Assignments) != len(want) {
		t.Errorf("Assignments has %d resources, want %d for the cluster to depend on", len(comp.Assignments), len(want))
	}
	// The subscription came from the client config, invoked for the component.
	var invoked bool
	for _, inv := range m.Invokes() {
		invoked = invoked || strings.HasSuffix(inv.Token, ":getClientConfig")
	}
	if !invoked {
		t.Error("getClientConfig was not invoked")
	}
}

func TestIdentitiesSystemZoneHasNoDNSGrants(t *testing.T) {
	for _, zone := range []pulumi.StringInput{nil, pulumi.String(""), pulumi.String("System")} {
		m := run(t, func(ctx *pulumi.Context) error {
			a := idsArgs()
			a.PrivateDNSZoneID, a.VnetID, a.Protect = zone, nil, false
			_, err := identities.NewIdentities(ctx, "blue-id", a)
			return err
		})
		for _, ra := range m.ByTypeSuffix(":RoleAssignment") {
			if roleOf(ra) == identities.RolePrivateDNSZoneContributor {
				t.Errorf("zone %v: %s grants Private DNS Zone Contributor without a BYO zone", zone, ra.Name)
			}
		}
		if n := len(m.ByTypeSuffix(":RoleAssignment")); n != 5 {
			t.Errorf("zone %v: want 5 assignments (4 network + identity operator), got %d", zone, n)
		}
		if one(t, m, ":UserAssignedIdentity", "blue-id-kubelet").Protect {
			t.Error("Protect false must not protect")
		}
	}
}

// A re-run plans the same assignment names (no RoleAssignmentExists), names
// depend on the seed only through plain strings, and another seed differs.
func TestIdentitiesAssignmentNamesAreDeterministic(t *testing.T) {
	names := func(seed string) map[string]string {
		m := run(t, func(ctx *pulumi.Context) error {
			a := idsArgs()
			a.Seed = seed
			_, err := identities.NewIdentities(ctx, "blue-id", a)
			return err
		})
		out := map[string]string{}
		for _, ra := range m.ByTypeSuffix(":RoleAssignment") {
			out[ra.URN] = ra.String("roleAssignmentName")
		}
		return out
	}
	a, b, other := names(idsSeed), names(idsSeed), names("rg-spoke/aks-green")
	if len(a) == 0 || !reflect.DeepEqual(a, b) {
		t.Fatalf("assignment names differ between runs:\n%v\n%v", a, b)
	}
	seen := map[string]bool{}
	for urn, n := range a {
		if seen[n] {
			t.Errorf("name %s used twice", n)
		}
		seen[n] = true
		if other[urn] == n {
			t.Errorf("%s: another cluster's seed gives the same name %s", urn, n)
		}
	}
	if got, want := identities.AssignmentName("s", "k", identities.RoleAcrPull, "p"), identities.AssignmentName("s", "k", identities.RoleAcrPull, "p"); got != want || !guidPattern.MatchString(got) {
		t.Errorf("AssignmentName not a stable GUID: %q %q", got, want)
	}
}

func TestIdentitiesRejectsBadArgs(t *testing.T) {
	m, err := runErr(t, func(ctx *pulumi.Context) error {
		a := idsArgs()
		a.ResourceGroupName = nil
		a.KubeletIdentityName = a.ControlPlaneIdentityName
		a.Seed = ""
		a.NetworkScopes["vnet"] = pulumi.String(idsVnet) // reserved key
		a.NetworkScopes["bad key!"] = nil
		a.VnetID = nil
		_, err := identities.NewIdentities(ctx, "blue-id", a)
		return err
	})
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{"resourceGroupName", "kubeletIdentityName", "seed", `networkScopes["vnet"]`, `networkScopes["bad key!"]`, "vnetId", "7 problems"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if n := len(m.Resources()); n != 0 {
		t.Errorf("%d resources registered despite invalid args", n)
	}
}

func TestIdentitiesAssignRefusesBroadRoles(t *testing.T) {
	_, err := runErr(t, func(ctx *pulumi.Context) error {
		_, err := identities.Assign(ctx, "x", idsSeed, testkit.DefaultSubscriptionID, identities.Grant{
			ScopeKey: "rg", Scope: pulumi.String(idsSpokeRG), Role: "b24988ac-6180-42a0-ab88-20f7382dd24c",
			PrincipalKey: "someone", PrincipalID: pulumi.String(idsGroupA), PrincipalType: identities.PrincipalGroup,
		})
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "least-privilege") {
		t.Fatalf("Contributor must be refused, got %v", err)
	}
}

func TestWorkloadIdentity(t *testing.T) {
	const issuer = "https://westeurope.oic.prod-aks.azure.com/tenant/cluster/"
	var wi *identities.WorkloadIdentity
	m := run(t, func(ctx *pulumi.Context) error {
		var err error
		wi, err = identities.NewWorkloadIdentity(ctx, "blue-wi-payments", &identities.WorkloadIdentityArgs{
			ResourceGroupName: pulumi.String("rg-spoke"),
			Location:          "westeurope",
			IdentityName:      "id-aks-blue-payments",
			IssuerURL:         pulumi.String(issuer),
			// Unsorted on purpose: creation order must not follow the list.
			WorkloadIdentity: identityspec.WorkloadIdentity{ServiceAccounts: []string{"payments/worker", "payments/api", "audit/reader"}},
			KeyVaultID:       pulumi.String(idsVault),
			Seed:             idsSeed,
		})
		return err
	})
	c := one(t, m, ":WorkloadIdentity", "blue-wi-payments")
	if c.Type != identities.TypeWorkloadIdentity {
		t.Errorf("type %s", c.Type)
	}
	id := one(t, m, ":UserAssignedIdentity", "blue-wi-payments-identity")
	if id.String("resourceName") != "id-aks-blue-payments" || id.Parent != c.URN {
		t.Errorf("identity %v parent %s", id.Inputs, id.Parent)
	}
	order := []string{"audit/reader", "payments/api", "payments/worker"}
	var prev *testkit.Resource
	for _, sa := range order {
		name := identities.CredentialName(sa)
		f := one(t, m, ":FederatedIdentityCredential", "blue-wi-payments-fic-"+name)
		ns, n, _ := strings.Cut(sa, "/")
		if f.String("subject") != "system:serviceaccount:"+ns+":"+n {
			t.Errorf("%s: subject %q", sa, f.String("subject"))
		}
		if aud := strs(f, "audiences"); len(aud) != 1 || aud[0] != "api://AzureADTokenExchange" {
			t.Errorf("%s: audiences %v", sa, aud)
		}
		if f.String("issuer") != issuer || f.String("resourceName") != "id-aks-blue-payments" || f.String("federatedIdentityCredentialResourceName") != name {
			t.Errorf("%s: %v", sa, f.Inputs)
		}
		if len(name) > 120 || !strings.HasPrefix(name, ns+"-"+n+"-") {
			t.Errorf("%s: credential name %q", sa, name)
		}
		if prev != nil && !f.DependsOn(prev.URN) {
			t.Errorf("%s does not wait for %s: concurrent writes on one identity fail", f.Name, prev.Name)
		}
		if prev == nil && len(f.Dependencies) > 0 {
			for _, d := range f.Dependencies {
				if strings.Contains(d, "FederatedIdentityCredential") {
					t.Errorf("first credential waits for %s", d)
				}
			}
		}
		prev = f
	}
	if len(m.ByTypeSuffix(":FederatedIdentityCredential")) != 3 || len(wi.Credentials) != 3 {
		t.Error("want 3 federated credentials")
	}
	// Issue 12 finding 5: the identity can read its vault's secrets.
	ra := one(t, m, ":RoleAssignment", "blue-wi-payments-wi-id-aks-blue-payments-key-vault-secrets-user-keyvault")
	checkAssignment(t, ra, map[string]bool{idsVault: true}, identities.PrincipalServicePrincipal)
	if roleOf(ra) != identities.RoleKeyVaultSecretsUser || ra.Parent != c.URN {
		t.Errorf("vault role %s parent %s", roleOf(ra), ra.Parent)
	}
	if ra.String("principalId") != id.Outputs["principalId"].StringValue() {
		t.Errorf("vault role for principal %q, want the identity's %v", ra.String("principalId"), id.Outputs["principalId"])
	}
	if ra.String("roleAssignmentName") != identities.AssignmentName(idsSeed, identities.ScopeKeyKeyVault, identities.RoleKeyVaultSecretsUser, "wi-id-aks-blue-payments") {
		t.Errorf("vault role name %q is not the deterministic one", ra.String("roleAssignmentName"))
	}
	if len(wi.Assignments) != 1 || len(m.ByTypeSuffix(":RoleAssignment")) != 1 {
		t.Errorf("want exactly one role assignment, got %d", len(m.ByTypeSuffix(":RoleAssignment")))
	}
	if id.String("tags."+identities.KeyVaultAccessTag) != "" {
		t.Error("an identity with a vault role carries the opt-out tag")
	}
	// Colliding readable names stay distinct.
	if identities.CredentialName("a-b/c") == identities.CredentialName("a/b-c") {
		t.Error("credential names collide")
	}
}

// keyVaultRole none: no vault role, and the plan says so on the identity.
func TestWorkloadIdentityWithoutVaultRole(t *testing.T) {
	m := run(t, func(ctx *pulumi.Context) error {
		_, err := identities.NewWorkloadIdentity(ctx, "blue-flux-wi", &identities.WorkloadIdentityArgs{
			ResourceGroupName: pulumi.String("rg-spoke"),
			Location:          "westeurope",
			IdentityName:      "id-aks-blue-flux",
			IssuerURL:         pulumi.String("https://issuer/"),
			WorkloadIdentity:  identityspec.WorkloadIdentity{ServiceAccounts: []string{"flux-system/source-controller"}, KeyVaultRole: identities.KeyVaultNone},
			Tags:              map[string]string{"owner": "platform"},
		})
		return err
	})
	if n := len(m.ByTypeSuffix(":RoleAssignment")); n != 0 {
		t.Errorf("keyVaultRole none planned %d role assignments", n)
	}
	id := one(t, m, ":UserAssignedIdentity", "blue-flux-wi-identity")
	if id.String("tags."+identities.KeyVaultAccessTag) != string(identities.KeyVaultNone) || id.String("tags.owner") != "platform" {
		t.Errorf("tags %v: want the opt-out tag beside the caller's", id.Get("tags"))
	}
}

func TestWorkloadIdentityRejectsBadVaultRole(t *testing.T) {
	_, err := runErr(t, func(ctx *pulumi.Context) error {
		_, err := identities.NewWorkloadIdentity(ctx, "wi", &identities.WorkloadIdentityArgs{
			ResourceGroupName: pulumi.String("rg"), Location: "westeurope", IdentityName: "id-app",
			IssuerURL: pulumi.String("https://issuer/"), WorkloadIdentity: identityspec.WorkloadIdentity{ServiceAccounts: []string{"apps/api"}, KeyVaultRole: "secretsOfficer"},
			KeyVaultID: pulumi.String(idsVault), Seed: idsSeed,
		})
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "keyVaultRole") || !strings.Contains(err.Error(), `"secretsUser"`) {
		t.Fatalf("want a keyVaultRole error naming the allowed values, got %v", err)
	}
}

func TestWorkloadIdentityRejectsBadArgs(t *testing.T) {
	m, err := runErr(t, func(ctx *pulumi.Context) error {
		_, err := identities.NewWorkloadIdentity(ctx, "wi", &identities.WorkloadIdentityArgs{
			ResourceGroupName: pulumi.String("rg"),
			Location:          "westeurope",
			IdentityName:      "-bad",
			WorkloadIdentity:  identityspec.WorkloadIdentity{ServiceAccounts: []string{"payments", "Payments/api", "ns/sa", "ns/sa"}},
		})
		return err
	})
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{"identityName", "issuerUrl", "keyVaultId", "seed", "serviceAccounts[0]", "serviceAccounts[1]", "serviceAccounts[3]", "7 problems"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if len(m.Resources()) != 0 {
		t.Error("resources registered despite invalid args")
	}
}

func TestClusterAccess(t *testing.T) {
	const cluster = idsSpokeRG + "/providers/Microsoft.ContainerService/managedClusters/aks-blue"
	m := run(t, func(ctx *pulumi.Context) error {
		_, err := identities.NewClusterAccess(ctx, "blue-access", &identities.ClusterAccessArgs{
			ClusterID:           pulumi.String(cluster),
			Seed:                idsSeed,
			AdminGroupObjectIDs: []string{strings.ToUpper(idsGroupA)},
			NamespaceAccess: map[string]identities.NamespaceAccess{
				"payments": {Readers: []string{idsGroupB}, Writers: []string{idsGroupC}},
				"audit":    {Readers: []string{idsGroupB}},
			},
			KeyVaultID:           pulumi.String(idsVault),
			SecretsOfficerGroups: []string{idsGroupD},
		})
		return err
	})
	ns := func(n string) string { return cluster + "/namespaces/" + n }
	allowed := map[string]bool{cluster: true, ns("payments"): true, ns("audit"): true, idsVault: true}
	type grant struct{ scope, role, group string }
	got := map[grant]bool{}
	ras := m.ByTypeSuffix(":RoleAssignment")
	for _, ra := range ras {
		checkAssignment(t, ra, allowed, identities.PrincipalGroup)
		got[grant{ra.String("scope"), roleOf(ra), ra.String("principalId")}] = true
	}
	want := []grant{
		{cluster, identities.RoleAKSRBACClusterAdmin, idsGroupA},
		{ns("payments"), identities.RoleAKSRBACReader, idsGroupB},
		{ns("payments"), identities.RoleAKSRBACWriter, idsGroupC},
		{ns("audit"), identities.RoleAKSRBACReader, idsGroupB},
		// Issue 12 finding 6: every admin and namespace group can get the
		// cluster's credentials, once per group.
		{cluster, identities.RoleAKSClusterUser, idsGroupA},
		{cluster, identities.RoleAKSClusterUser, idsGroupB},
		{cluster, identities.RoleAKSClusterUser, idsGroupC},
		// Issue 12 finding 5: the operators can write the vault's secrets.
		{idsVault, identities.RoleKeyVaultSecretsOfficer, idsGroupD},
	}
	if len(ras) != len(want) {
		t.Errorf("want %d assignments, got %d", len(want), len(ras))
	}
	for _, w := range want {
		if !got[w] {
			t.Errorf("missing %s for %s on %s", identities.Roles[w.role].DisplayName, w.group, w.scope)
		}
	}
	user := one(t, m, ":RoleAssignment", "blue-access-"+idsGroupB+"-aks-cluster-user-cluster")
	if user.String("roleAssignmentName") != identities.AssignmentName(idsSeed, identities.ScopeKeyCluster, identities.RoleAKSClusterUser, idsGroupB) {
		t.Errorf("cluster user assignment name %q", user.String("roleAssignmentName"))
	}
	one(t, m, ":RoleAssignment", "blue-access-"+idsGroupD+"-key-vault-secrets-officer-keyvault")
	admin := one(t, m, ":RoleAssignment", "blue-access-"+idsGroupA+"-aks-rbac-cluster-admin-cluster")
	if admin.String("roleAssignmentName") != identities.AssignmentName(idsSeed, identities.ScopeKeyCluster, identities.RoleAKSRBACClusterAdmin, idsGroupA) {
		t.Errorf("admin assignment name %q", admin.String("roleAssignmentName"))
	}
}

func TestClusterAccessRejectsBadArgs(t *testing.T) {
	m, err := runErr(t, func(ctx *pulumi.Context) error {
		_, err := identities.NewClusterAccess(ctx, "a", &identities.ClusterAccessArgs{
			AdminGroupObjectIDs:  []string{"admins"},
			NamespaceAccess:      map[string]identities.NamespaceAccess{"Bad_NS": {}},
			SecretsOfficerGroups: []string{"ops"},
		})
		return err
	})
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{"clusterId", "seed", "adminGroupObjectIds[0]", "namespaceAccess.Bad_NS", "secretsOfficerGroups[0]", "keyVaultId"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if len(m.Resources()) != 0 {
		t.Error("resources registered despite invalid args")
	}
}
