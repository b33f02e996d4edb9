package identities

import (
	"fmt"
	"regexp"
	"sort"

	authorization "github.com/pulumi/pulumi-azure-native-sdk/authorization/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/internal/ids"
	"github.com/privateaks/privateaks/internal/resopt"
)

// The built-in role definitions privateaks assigns, by GUID. These are the
// only roles Assign accepts: nothing broader (no Owner, Contributor or User
// Access Administrator) can be granted through this package. The GUIDs are
// the "name" of each role in MicrosoftDocs/azure-docs
// articles/role-based-access-control/built-in-roles/ (containers.md,
// networking.md, identity.md, security.md, general.md, compute.md); this is the one place the
// components keep them.
const (
	// RoleNetworkContributor is "Network Contributor".
	RoleNetworkContributor = "4d97b98b-1d4f-4787-a291-c67834d212e7"
	// RolePrivateDNSZoneContributor is "Private DNS Zone Contributor".
	RolePrivateDNSZoneContributor = "b12aa53e-6015-4669-85d0-8515ebb3ae7f"
	// RoleManagedIdentityOperator is "Managed Identity Operator".
	RoleManagedIdentityOperator = "f1a07417-d97a-45cb-824c-7a7467783830"
	// RoleAcrPull is "AcrPull".
	RoleAcrPull = "7f951dda-4ed3-4680-a7ca-43fe172d538d"
	// RoleAKSRBACClusterAdmin is "Azure Kubernetes Service RBAC Cluster Admin".
	RoleAKSRBACClusterAdmin = "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b"
	// RoleAKSRBACReader is "Azure Kubernetes Service RBAC Reader".
	RoleAKSRBACReader = "7f6c6a51-bcf8-42ba-9220-52d62157d7db"
	// RoleAKSRBACWriter is "Azure Kubernetes Service RBAC Writer".
	RoleAKSRBACWriter = "a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb"
	// RoleAKSClusterUser is "Azure Kubernetes Service Cluster User Role":
	// listClusterUserCredential, i.e. `az aks get-credentials`
	// (containers.md).
	RoleAKSClusterUser = "4abbcc35-e782-43d8-92c5-2d3f1bd2253f"
	// RoleKeyVaultSecretsUser is "Key Vault Secrets User": read secret
	// contents of an RBAC-mode vault (security.md).
	RoleKeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6"
	// RoleKeyVaultSecretsOfficer is "Key Vault Secrets Officer": any action
	// on the secrets of an RBAC-mode vault, except managing permissions
	// (security.md).
	RoleKeyVaultSecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7"
	// RoleKeyVaultCryptoUser is "Key Vault Crypto User": cryptographic
	// operations with the keys of an RBAC-mode vault (security.md); what
	// AKS KMS needs on its vault (MicrosoftDocs/azure-aks-docs
	// articles/aks/use-kms-etcd-encryption.md).
	RoleKeyVaultCryptoUser = "12338af0-0e69-4776-bea7-57ae8d297424"
	// RoleKeyVaultCryptoServiceEncryptionUser is "Key Vault Crypto Service
	// Encryption User": read key metadata, wrap and unwrap (security.md);
	// what a disk encryption set needs on its key.
	RoleKeyVaultCryptoServiceEncryptionUser = "e147488a-f6f5-4113-8e2d-b22465e65bf6"
	// RoleReader is "Reader" (general.md): the cluster identity's read
	// access to its disk encryption set (MicrosoftDocs/azure-aks-docs
	// articles/aks/azure-disk-customer-managed-keys.md).
	RoleReader = "acdd72a7-3385-48ef-bd42-f606fba81ae7"
	// RoleVMAdministratorLogin is "Virtual Machine Administrator Login":
	// sign in to a VM with Entra ID as an administrator (compute.md;
	// MicrosoftDocs/entra-docs howto-vm-sign-in-azure-ad-linux.md).
	RoleVMAdministratorLogin = "1c0163c0-47e6-4577-8991-ea5c82e286e4"
	// RoleVMUserLogin is "Virtual Machine User Login": sign in to a VM
	// with Entra ID as a regular user (compute.md).
	RoleVMUserLogin = "fb879df8-f326-4884-b1cf-06f3ad86be52"
)

// Role describes a built-in role: its display name and the short slug used
// in logical resource names.
type Role struct {
	DisplayName string
	Slug        string
}

// Roles are the built-in roles Assign accepts, by definition GUID.
var Roles = map[string]Role{
	RoleNetworkContributor:                  {"Network Contributor", "network-contributor"},
	RolePrivateDNSZoneContributor:           {"Private DNS Zone Contributor", "private-dns-zone-contributor"},
	RoleManagedIdentityOperator:             {"Managed Identity Operator", "managed-identity-operator"},
	RoleAcrPull:                             {"AcrPull", "acrpull"},
	RoleAKSRBACClusterAdmin:                 {"Azure Kubernetes Service RBAC Cluster Admin", "aks-rbac-cluster-admin"},
	RoleAKSRBACReader:                       {"Azure Kubernetes Service RBAC Reader", "aks-rbac-reader"},
	RoleAKSRBACWriter:                       {"Azure Kubernetes Service RBAC Writer", "aks-rbac-writer"},
	RoleAKSClusterUser:                      {"Azure Kubernetes Service Cluster User Role", "aks-cluster-user"},
	RoleKeyVaultSecretsUser:                 {"Key Vault Secrets User", "key-vault-secrets-user"},
	RoleKeyVaultSecretsOfficer:              {"Key Vault Secrets Officer", "key-vault-secrets-officer"},
	RoleKeyVaultCryptoUser:                  {"Key Vault Crypto User", "key-vault-crypto-user"},
	RoleKeyVaultCryptoServiceEncryptionUser: {"Key Vault Crypto Service Encryption User", "key-vault-crypto-service-encryption-user"},
	RoleReader:                              {"Reader", "reader"},
	RoleVMAdministratorLogin:                {"Virtual Machine Administrator Login", "vm-admin-login"},
	RoleVMUserLogin:                         {"Virtual Machine User Login", "vm-user-login"},
}

// Principal types of a role assignment. Setting it tells ARM not to look the
// principal up in Entra ID first, which avoids PrincipalNotFound while a
// freshly created identity is still replicating.
const (
	PrincipalServicePrincipal = "ServicePrincipal"
	PrincipalGroup            = "Group"
)

// Grant is one role assignment to make. Keys are plain, stable strings that
// name the scope and the principal; they (with the seed) determine the
// assignment's name, so the name is known at preview and identical on every
// run.
type Grant struct {
	// ScopeKey names the scope stably, e.g. "subnet-system", "registry".
	ScopeKey string
	// Scope is the ARM ID the role is granted on.
	Scope pulumi.StringInput
	// Role is a role definition GUID, one of the Role* constants.
	Role string
	// PrincipalKey names the principal stably: "controlplane", "kubelet",
	// or a group's object ID.
	PrincipalKey string
	// PrincipalID is the object (principal) ID.
	PrincipalID pulumi.StringInput
	// PrincipalType is PrincipalServicePrincipal or PrincipalGroup.
	PrincipalType string
	// Description is recorded on the assignment (why it exists).
	Description string
}

// AssignmentName is the deterministic name (a GUID) of a role assignment,
// derived from plain strings only.
func AssignmentName(seed, scopeKey, role, principalKey string) string {
	return ids.GUID(seed, scopeKey, role, principalKey)
}

// RoleDefinitionID is the full ARM ID of a built-in role definition as seen
// from a subscription, the form ARM returns (so it never diffs).
func RoleDefinitionID(subscriptionID, role string) string {
	return fmt.Sprintf("/subscriptions/%s/providers/Microsoft.Authorization/roleDefinitions/%s", subscriptionID, role)
}

// LogicalName is the Pulumi name of the assignment of g under a parent named
// name: stable keys only, never positions.
func (g Grant) LogicalName(name string) string {
	return fmt.Sprintf("%s-%s-%s-%s", name, g.PrincipalKey, Roles[g.Role].Slug, g.ScopeKey)
}

var keyRe = regexp.MustCompile(`^[A-Za-z0-9][-A-Za-z0-9_.]{0,79}$`)

// Validate returns the problems with a grant, prefixed with path.
func (g Grant) Validate(path string) []error {
	var errs []error
	if _, ok := Roles[g.Role]; !ok {
		errs = append(errs, resopt.ArgError(path+".role", g.Role, "one of the least-privilege built-in roles: %s", roleList()))
	}
	if !keyRe.MatchString(g.ScopeKey) {
		errs = append(errs, resopt.ArgError(path+".scopeKey", g.ScopeKey, "a stable key of 1-80 letters, digits, '-', '_' or '.'"))
	}
	if !keyRe.MatchString(g.PrincipalKey) {
		errs = append(errs, resopt.ArgError(path+".principalKey", g.PrincipalKey, "a stable key of 1-80 letters, digits, '-', '_' or '.'"))
	}
	if g.Scope == nil {
		errs = append(errs, resopt.ArgError(path+".scope", nil, "required"))
	}
	if g.PrincipalID == nil {
		errs = append(errs, resopt.ArgError(path+".principalId", nil, "required"))
	}
	if g.PrincipalType != PrincipalServicePrincipal && g.PrincipalType != PrincipalGroup {
		errs = append(errs, resopt.ArgError(path+".principalType", g.PrincipalType, "%q or %q", PrincipalServicePrincipal, PrincipalGroup))
	}
	return errs
}

func roleList() string {
	var names []string
	for _, r := range Roles {
		names = append(names, r.DisplayName)
	}
	sort.Strings(names)
	return fmt.Sprint(names)
}

// Assign creates the role assignment of g as a child described by opts
// (pass resopt.Child(parent)). Its name is AssignmentName(seed, ...) and
// its role definition the full ARM ID in subscriptionID. Roles outside
// Roles are refused.
func Assign(ctx *pulumi.Context, name, seed, subscriptionID string, g Grant, opts ...pulumi.ResourceOption) (*authorization.RoleAssignment, error) {
	if errs := g.Validate("grant"); len(errs) > 0 {
		return nil, resopt.Join("role assignment", g.LogicalName(name), errs)
	}
	if seed == "" || subscriptionID == "" {
		return nil, fmt.Errorf("role assignment %s: seed and subscription ID are required", g.LogicalName(name))
	}
	ra := &authorization.RoleAssignmentArgs{
		RoleAssignmentName: pulumi.String(AssignmentName(seed, g.ScopeKey, g.Role, g.PrincipalKey)),
		Scope:              g.Scope,
		RoleDefinitionId:   pulumi.String(RoleDefinitionID(subscriptionID, g.Role)),
		PrincipalId:        g.PrincipalID,
		PrincipalType:      pulumi.String(g.PrincipalType),
	}
	if g.Description != "" {
		ra.Description = pulumi.String(g.Description)
	}
	return authorization.NewRoleAssignment(ctx, g.LogicalName(name), ra, opts...)
}

// subscriptionID asks the provider which subscription it deploys to, on
// behalf of parent (so the parent's explicit provider answers).
func subscriptionID(ctx *pulumi.Context, parent pulumi.Resource) (string, error) {
	cfg, err := authorization.GetClientConfig(ctx, resopt.Invoke(parent)...)
	if err != nil {
		return "", fmt.Errorf("reading the client config: %w", err)
	}
	return cfg.SubscriptionId, nil
}
