package identities

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/components/identities/identityspec"
	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/ids"
	"github.com/privateaks/privateaks/internal/resopt"
)

// Principal keys of the cluster identities (part of every assignment name).
const (
	PrincipalKeyControlPlane = "controlplane"
	PrincipalKeyKubelet      = "kubelet"
)

// Scope keys of the grants Identities makes besides NetworkScopes.
const (
	ScopeKeyPrivateDNSZone  = "privatednszone"
	ScopeKeyVnet            = "vnet"
	ScopeKeyKubeletIdentity = "identity-kubelet"
)

// IdentitiesArgs configures the BYO control-plane and kubelet identities of
// one cluster and the roles the control plane needs.
type IdentitiesArgs struct {
	// ResourceGroupName holds the identities (required).
	ResourceGroupName pulumi.StringInput
	// Location is the Azure region (required).
	Location string
	// ControlPlaneIdentityName and KubeletIdentityName are the physical
	// names (required, different).
	ControlPlaneIdentityName string
	KubeletIdentityName      string
	// Seed is unique per cluster, e.g. "<resource group>/<cluster name>"
	// (required). It seeds every role assignment name.
	Seed string
	// NetworkScopes are the scopes the control plane gets Network
	// Contributor on, keyed by stable keys: each node subnet, the ingress
	// subnet and the route table (e.g. "subnet-system", "subnet-apps",
	// "subnet-ingress", "routetable"). At least one is required. Without
	// the route table AKS fails with LinkedAuthorizationFailed on
	// routeTables/join/action.
	NetworkScopes map[string]pulumi.StringInput
	// PrivateDNSZoneID is the BYO API-server private DNS zone. When set,
	// the control plane gets Private DNS Zone Contributor on it and on
	// VnetID (AKS links the zone to the cluster VNet itself). Nil, "" or
	// "system" mean the AKS-managed zone: no grants.
	PrivateDNSZoneID pulumi.StringInput
	// VnetID is the cluster's (spoke) VNet; required with PrivateDNSZoneID.
	VnetID pulumi.StringInput

	Tags map[string]string
	// Protect the two identities.
	Protect bool
}

// ByoZone reports whether in names a BYO private DNS zone, i.e. it is set
// and not the plain strings "" or "system" (any letter case).
func ByoZone(in pulumi.StringInput) bool {
	if in == nil {
		return false
	}
	if s, ok := in.(pulumi.String); ok {
		return string(s) != "" && !strings.EqualFold(string(s), "system")
	}
	return true
}

// Validate returns every problem with the args.
func (a IdentitiesArgs) Validate() []error {
	var errs []error
	if a.ResourceGroupName == nil {
		errs = append(errs, resopt.ArgError("resourceGroupName", nil, "required"))
	}
	if a.Location == "" {
		errs = append(errs, resopt.ArgError("location", a.Location, "an Azure region such as \"westeurope\""))
	}
	for _, n := range []struct{ path, v string }{
		{"controlPlaneIdentityName", a.ControlPlaneIdentityName},
		{"kubeletIdentityName", a.KubeletIdentityName},
	} {
		if err := azname.Check(azname.ManagedIdentity, n.v); err != nil {
			errs = append(errs, resopt.ArgError(n.path, n.v, "%v", err))
		}
	}
	if a.ControlPlaneIdentityName != "" && strings.EqualFold(a.ControlPlaneIdentityName, a.KubeletIdentityName) {
		errs = append(errs, resopt.ArgError("kubeletIdentityName", a.KubeletIdentityName, "a name different from controlPlaneIdentityName (AKS rejects one identity in both roles)"))
	}
	if strings.TrimSpace(a.Seed) == "" {
		errs = append(errs, resopt.ArgError("seed", a.Seed, "a string unique per cluster, e.g. \"<resource group>/<cluster name>\""))
	}
	if len(a.NetworkScopes) == 0 {
		errs = append(errs, resopt.ArgError("networkScopes", nil, "at least the node subnets, the ingress subnet and the route table, keyed by stable keys"))
	}
	for _, k := range slices.Sorted(maps.Keys(a.NetworkScopes)) {
		p := fmt.Sprintf("networkScopes[%q]", k)
		if !keyRe.MatchString(k) {
			errs = append(errs, resopt.ArgError(p, k, "a stable key of 1-80 letters, digits, '-', '_' or '.'"))
		}
		if k == ScopeKeyPrivateDNSZone || k == ScopeKeyVnet || k == ScopeKeyKubeletIdentity {
			errs = append(errs, resopt.ArgError(p, k, "a key other than the reserved %q, %q and %q", ScopeKeyPrivateDNSZone, ScopeKeyVnet, ScopeKeyKubeletIdentity))
		}
		if a.NetworkScopes[k] == nil {
			errs = append(errs, resopt.ArgError(p, nil, "a resource ID (subnet or route table)"))
		}
	}
	if ByoZone(a.PrivateDNSZoneID) {
		if s, ok := a.PrivateDNSZoneID.(pulumi.String); ok && !strings.Contains(strings.ToLower(string(s)), "/providers/microsoft.network/privatednszones/") {
			errs = append(errs, resopt.ArgError("privateDnsZoneId", string(s), "the resource ID of a private DNS zone, or \"system\""))
		}
		if a.VnetID == nil {
			errs = append(errs, resopt.ArgError("vnetId", nil, "the cluster VNet's ID, required with a BYO privateDnsZoneId"))
		}
	}
	return errs
}

// WorkloadIdentityArgs configures one workload identity.
type WorkloadIdentityArgs struct {
	// ResourceGroupName holds the identity (required).
	ResourceGroupName pulumi.StringInput
	// Location is the Azure region (required).
	Location string
	// IdentityName is the physical name (required).
	IdentityName string
	// IssuerURL is the cluster's OIDC issuer URL (required).
	IssuerURL pulumi.StringInput
	// WorkloadIdentity is what a user configures: the service accounts
	// federated to the identity and its vault role (identityspec, the same
	// type the stack config holds).
	identityspec.WorkloadIdentity
	// KeyVaultID is the spoke's (RBAC-mode) vault; required unless
	// KeyVaultRole is KeyVaultNone.
	KeyVaultID pulumi.StringInput
	// Seed is unique per cluster, the same as Identities' (required with a
	// vault role). It seeds the role assignment's name.
	Seed string
	Tags map[string]string
	// Protect the identity.
	Protect bool
}

// Validate returns every problem with the args.
func (a WorkloadIdentityArgs) Validate() []error {
	var errs []error
	if a.ResourceGroupName == nil {
		errs = append(errs, resopt.ArgError("resourceGroupName", nil, "required"))
	}
	if a.Location == "" {
		errs = append(errs, resopt.ArgError("location", a.Location, "an Azure region such as \"westeurope\""))
	}
	if err := azname.Check(azname.ManagedIdentity, a.IdentityName); err != nil {
		errs = append(errs, resopt.ArgError("identityName", a.IdentityName, "%v", err))
	}
	if a.IssuerURL == nil {
		errs = append(errs, resopt.ArgError("issuerUrl", nil, "the cluster's OIDC issuer URL"))
	}
	errs = append(errs, a.WorkloadIdentity.Validate("")...)
	if a.KeyVaultRole.Valid() && a.KeyVaultRole.Effective() != KeyVaultNone {
		if a.KeyVaultID == nil {
			errs = append(errs, resopt.ArgError("keyVaultId", nil, "the spoke's vault ID, required unless keyVaultRole is %q (pods would get tokens and then 403 on every secret)", KeyVaultNone))
		}
		if strings.TrimSpace(a.Seed) == "" {
			errs = append(errs, resopt.ArgError("seed", a.Seed, "a string unique per cluster, e.g. \"<resource group>/<cluster name>\" (names the vault role assignment)"))
		}
	}
	return errs
}

// NamespaceAccess lists the Entra ID groups (object IDs) with Azure RBAC
// Reader or Writer on one namespace (identityspec).
type NamespaceAccess = identityspec.NamespaceAccess

// ClusterAccessArgs configures Azure RBAC for Kubernetes for Entra ID groups.
type ClusterAccessArgs struct {
	// ClusterID is the managed cluster's ARM ID (required).
	ClusterID pulumi.StringInput
	// Seed is unique per cluster (required), the same as Identities'.
	Seed string
	// AdminGroupObjectIDs get Azure Kubernetes Service RBAC Cluster Admin
	// on the cluster.
	AdminGroupObjectIDs []string
	// NamespaceAccess maps a namespace to its reader and writer groups,
	// granted AKS RBAC Reader/Writer on "<clusterId>/namespaces/<ns>".
	NamespaceAccess map[string]NamespaceAccess
	// KeyVaultID is the cluster's vault; required with SecretsOfficerGroups.
	KeyVaultID pulumi.StringInput
	// SecretsOfficerGroups get Key Vault Secrets Officer on KeyVaultID: the
	// operators who write the secrets workloads read.
	SecretsOfficerGroups []string
}

// Validate returns every problem with the args.
func (a ClusterAccessArgs) Validate() []error {
	var errs []error
	if a.ClusterID == nil {
		errs = append(errs, resopt.ArgError("clusterId", nil, "required"))
	}
	if strings.TrimSpace(a.Seed) == "" {
		errs = append(errs, resopt.ArgError("seed", a.Seed, "a string unique per cluster, e.g. \"<resource group>/<cluster name>\""))
	}
	errs = append(errs, checkGroups(a.AdminGroupObjectIDs, "adminGroupObjectIds")...)
	for _, ns := range slices.Sorted(maps.Keys(a.NamespaceAccess)) {
		p := "namespaceAccess." + ns
		acc := a.NamespaceAccess[ns]
		errs = append(errs, identityspec.ValidateNamespaceAccess(ns, acc, p)...)
		errs = append(errs, checkGroups(acc.Readers, p+".readers")...)
		errs = append(errs, checkGroups(acc.Writers, p+".writers")...)
	}
	errs = append(errs, checkGroups(a.SecretsOfficerGroups, "secretsOfficerGroups")...)
	if len(a.SecretsOfficerGroups) > 0 && a.KeyVaultID == nil {
		errs = append(errs, resopt.ArgError("keyVaultId", nil, "the cluster's vault ID, required with secretsOfficerGroups"))
	}
	return errs
}

func checkGroups(groups []string, path string) []error {
	var errs []error
	seen := map[string]bool{}
	for i, g := range groups {
		p := fmt.Sprintf("%s[%d]", path, i)
		if !ids.IsGUID(g) {
			errs = append(errs, resopt.ArgError(p, g, "an Entra ID group object ID (a GUID)"))
		}
		if seen[strings.ToLower(g)] {
			errs = append(errs, resopt.ArgError(p, g, "a group not already listed"))
		}
		seen[strings.ToLower(g)] = true
	}
	return errs
}
