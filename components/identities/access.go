package identities

import (
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/internal/resopt"
)

// ScopeKeyCluster is the scope key of cluster-wide grants; namespace grants
// use NamespaceScopeKey.
const ScopeKeyCluster = "cluster"

// NamespaceScopeKey is the scope key of grants on a namespace.
func NamespaceScopeKey(namespace string) string { return "namespace-" + namespace }

// ClusterAccess is Azure RBAC for Kubernetes granted to Entra ID groups.
type ClusterAccess struct {
	pulumi.ResourceState

	// Assignments are the role assignments in creation order.
	Assignments []pulumi.Resource `pulumi:"-"`
	// Grants are the assignments as planned.
	Grants []Grant `pulumi:"-"`
}

// NewClusterAccess grants cluster admins Azure Kubernetes Service RBAC
// Cluster Admin on the cluster, and namespace readers and writers AKS RBAC
// Reader/Writer on "<clusterId>/namespaces/<ns>". Every one of those groups
// also gets Azure Kubernetes Service Cluster User Role on the cluster:
// without listClusterUserCredential `az aks get-credentials` fails and the
// data-plane roles are never reached (concepts-identity.md, "Two roles").
// Secrets officer groups get Key Vault Secrets Officer on the cluster's
// vault. Create it after the cluster; nothing else needs to wait for it.
func NewClusterAccess(ctx *pulumi.Context, name string, args *ClusterAccessArgs, opts ...pulumi.ResourceOption) (*ClusterAccess, error) {
	if args == nil {
		args = &ClusterAccessArgs{}
	}
	a := *args
	if err := resopt.Join(TypeClusterAccess, name, a.Validate()); err != nil {
		return nil, err
	}
	comp := &ClusterAccess{}
	if err := ctx.RegisterComponentResource(TypeClusterAccess, name, comp, opts...); err != nil {
		return nil, err
	}
	sub, err := subscriptionID(ctx, comp)
	if err != nil {
		return nil, err
	}
	group := func(scopeKey string, scope pulumi.StringInput, role, objectID, why string) Grant {
		id := strings.ToLower(objectID)
		return Grant{ScopeKey: scopeKey, Scope: scope, Role: role, PrincipalKey: id, PrincipalID: pulumi.String(id), PrincipalType: PrincipalGroup, Description: why}
	}
	var grants []Grant
	for _, g := range sortedUnique(a.AdminGroupObjectIDs) {
		grants = append(grants, group(ScopeKeyCluster, a.ClusterID, RoleAKSRBACClusterAdmin, g, "privateaks: cluster administrators"))
	}
	for _, ns := range slices.Sorted(maps.Keys(a.NamespaceAccess)) {
		scope := pulumi.Sprintf("%s/namespaces/%s", a.ClusterID, ns)
		acc := a.NamespaceAccess[ns]
		for _, g := range sortedUnique(acc.Readers) {
			grants = append(grants, group(NamespaceScopeKey(ns), scope, RoleAKSRBACReader, g, "privateaks: read access to namespace "+ns))
		}
		for _, g := range sortedUnique(acc.Writers) {
			grants = append(grants, group(NamespaceScopeKey(ns), scope, RoleAKSRBACWriter, g, "privateaks: write access to namespace "+ns))
		}
	}
	// Cluster User for every group above, once per group (a group may be
	// an admin and a namespace writer).
	users := append([]string{}, a.AdminGroupObjectIDs...)
	for _, acc := range a.NamespaceAccess {
		users = append(users, acc.Readers...)
		users = append(users, acc.Writers...)
	}
	for _, g := range sortedUnique(users) {
		grants = append(grants, group(ScopeKeyCluster, a.ClusterID, RoleAKSClusterUser, g, "privateaks: gets the cluster's user credentials (az aks get-credentials)"))
	}
	for _, g := range sortedUnique(a.SecretsOfficerGroups) {
		grants = append(grants, group(ScopeKeyKeyVault, a.KeyVaultID, RoleKeyVaultSecretsOfficer, g, "privateaks: writes the secrets of the cluster's vault"))
	}
	for _, g := range grants {
		ra, err := Assign(ctx, name, a.Seed, sub, g, resopt.Child(comp)...)
		if err != nil {
			return nil, err
		}
		comp.Assignments = append(comp.Assignments, ra)
	}
	comp.Grants = grants
	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{}); err != nil {
		return nil, err
	}
	return comp, nil
}

func sortedUnique(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		k := strings.ToLower(s)
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
