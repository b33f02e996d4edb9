package access

import (
	"sort"
	"strings"
)

// Role is a built-in role definition as the Azure built-in roles reference
// documents it: its GUID, name and permissions.
type Role struct {
	ID             string   `json:"id"`
	Name           string   `json:"name"`
	Actions        []string `json:"actions,omitempty"`
	NotActions     []string `json:"notActions,omitempty"`
	DataActions    []string `json:"dataActions,omitempty"`
	NotDataActions []string `json:"notDataActions,omitempty"`
	// Privileged roles (Owner, Contributor, User Access Administrator) are
	// never acceptable in a plan: they grant far more than any need here.
	Privileged bool `json:"privileged,omitempty"`
	// Source is the document (repository, path and section) the role's
	// GUID and permissions were taken from.
	Source string `json:"source"`
}

// Documents the role definitions come from (MicrosoftDocs/azure-docs,
// generated reference pages, read 2026-12).
const (
	docContainers = "MicrosoftDocs/azure-docs articles/role-based-access-control/built-in-roles/containers.md"
	docNetworking = "MicrosoftDocs/azure-docs articles/role-based-access-control/built-in-roles/networking.md"
	docIdentity   = "MicrosoftDocs/azure-docs articles/role-based-access-control/built-in-roles/identity.md"
	docSecurity   = "MicrosoftDocs/azure-docs articles/role-based-access-control/built-in-roles/security.md"
	docPrivileged = "MicrosoftDocs/azure-docs articles/role-based-access-control/built-in-roles/privileged.md"
	docGeneral    = "MicrosoftDocs/azure-docs articles/role-based-access-control/built-in-roles/general.md"
	docCompute    = "MicrosoftDocs/azure-docs articles/role-based-access-control/built-in-roles/compute.md"
)

// Role GUIDs the model refers to by name.
const (
	RoleAcrPull                 = "7f951dda-4ed3-4680-a7ca-43fe172d538d"
	RoleAKSClusterUser          = "4abbcc35-e782-43d8-92c5-2d3f1bd2253f"
	RoleAKSClusterAdmin         = "0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8"
	RoleAKSRBACAdmin            = "3498e952-d568-435e-9b2c-8d77e338d7f7"
	RoleAKSRBACClusterAdmin     = "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b"
	RoleAKSRBACReader           = "7f6c6a51-bcf8-42ba-9220-52d62157d7db"
	RoleAKSRBACWriter           = "a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb"
	RoleNetworkContributor      = "4d97b98b-1d4f-4787-a291-c67834d212e7"
	RolePrivateDNSZoneContrib   = "b12aa53e-6015-4669-85d0-8515ebb3ae7f"
	RoleManagedIdentityOperator = "f1a07417-d97a-45cb-824c-7a7467783830"
	RoleKeyVaultSecretsUser     = "4633458b-17de-408a-b874-0445c86b69e6"
	RoleKeyVaultSecretsOfficer  = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7"
	RoleKeyVaultCryptoUser      = "12338af0-0e69-4776-bea7-57ae8d297424"
	RoleKeyVaultCryptoSvcEncr   = "e147488a-f6f5-4113-8e2d-b22465e65bf6"
	RoleReader                  = "acdd72a7-3385-48ef-bd42-f606fba81ae7"
	RoleVMAdministratorLogin    = "1c0163c0-47e6-4577-8991-ea5c82e286e4"
	RoleVMUserLogin             = "fb879df8-f326-4884-b1cf-06f3ad86be52"
	RoleOwner                   = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"
	RoleContributor             = "b24988ac-6180-42a0-ab88-20f7382dd24c"
	RoleUserAccessAdministrator = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"
)

// vmLoginActions are the (identical) actions of Virtual Machine
// Administrator Login and Virtual Machine User Login (compute.md); the two
// differ only in their data actions.
var vmLoginActions = []string{
	"Microsoft.Network/publicIPAddresses/read",
	"Microsoft.Network/virtualNetworks/read",
	"Microsoft.Network/loadBalancers/read",
	"Microsoft.Network/networkInterfaces/read",
	"Microsoft.Compute/virtualMachines/*/read",
	"Microsoft.HybridCompute/machines/*/read",
	"Microsoft.HybridConnectivity/endpoints/listCredentials/action",
}

// The read and support actions most built-in roles share.
var commonReadActions = []string{
	"Microsoft.Authorization/*/read",
	"Microsoft.Resources/subscriptions/operationresults/read",
	"Microsoft.Resources/subscriptions/read",
	"Microsoft.Resources/subscriptions/resourceGroups/read",
}

var builtinRoles = []Role{
	{
		ID: RoleAcrPull, Name: "AcrPull",
		Actions: []string{"Microsoft.ContainerRegistry/registries/pull/read"},
		Source:  docContainers + " §AcrPull",
	},
	{
		ID: RoleAKSClusterAdmin, Name: "Azure Kubernetes Service Cluster Admin Role",
		Actions: []string{
			"Microsoft.ContainerService/managedClusters/listClusterAdminCredential/action",
			"Microsoft.ContainerService/managedClusters/accessProfiles/listCredential/action",
			"Microsoft.ContainerService/managedClusters/read",
			"Microsoft.ContainerService/managedClusters/runcommand/action",
		},
		Source: docContainers + " §Azure Kubernetes Service Cluster Admin Role",
	},
	{
		ID: RoleAKSClusterUser, Name: "Azure Kubernetes Service Cluster User Role",
		Actions: []string{
			"Microsoft.ContainerService/managedClusters/listClusterUserCredential/action",
			"Microsoft.ContainerService/managedClusters/read",
		},
		Source: docContainers + " §Azure Kubernetes Service Cluster User Role",
	},
	{
		ID: RoleAKSRBACAdmin, Name: "Azure Kubernetes Service RBAC Admin",
		Actions:     append(append([]string{}, commonReadActions...), "Microsoft.ContainerService/managedClusters/listClusterUserCredential/action"),
		DataActions: []string{"Microsoft.ContainerService/managedClusters/*"},
		NotDataActions: []string{
			"Microsoft.ContainerService/managedClusters/resourcequotas/write",
			"Microsoft.ContainerService/managedClusters/resourcequotas/delete",
			"Microsoft.ContainerService/managedClusters/namespaces/write",
			"Microsoft.ContainerService/managedClusters/namespaces/delete",
		},
		Source: docContainers + " §Azure Kubernetes Service RBAC Admin",
	},
	{
		ID: RoleAKSRBACClusterAdmin, Name: "Azure Kubernetes Service RBAC Cluster Admin",
		Actions:     append(append([]string{}, commonReadActions...), "Microsoft.ContainerService/managedClusters/listClusterUserCredential/action"),
		DataActions: []string{"Microsoft.ContainerService/managedClusters/*"},
		Source:      docContainers + " §Azure Kubernetes Service RBAC Cluster Admin",
	},
	{
		ID: RoleAKSRBACReader, Name: "Azure Kubernetes Service RBAC Reader",
		Actions:     commonReadActions,
		DataActions: managedClusterPaths("apps/controllerrevisions/read", "apps/daemonsets/read", "apps/deployments/read", "apps/replicasets/read", "apps/statefulsets/read", "autoscaling/horizontalpodautoscalers/read", "batch/cronjobs/read", "batch/jobs/read", "configmaps/read", "discovery.k8s.io/endpointslices/read", "endpoints/read", "events.k8s.io/events/read", "events/read", "extensions/daemonsets/read", "extensions/deployments/read", "extensions/ingresses/read", "extensions/networkpolicies/read", "extensions/replicasets/read", "limitranges/read", "metrics.k8s.io/pods/read", "metrics.k8s.io/nodes/read", "namespaces/read", "networking.k8s.io/ingresses/read", "networking.k8s.io/networkpolicies/read", "persistentvolumeclaims/read", "pods/read", "policy/poddisruptionbudgets/read", "replicationcontrollers/read", "resourcequotas/read", "serviceaccounts/read", "services/read"),
		Source:      docContainers + " §Azure Kubernetes Service RBAC Reader",
	},
	{
		ID: RoleAKSRBACWriter, Name: "Azure Kubernetes Service RBAC Writer",
		Actions:     commonReadActions,
		DataActions: managedClusterPaths("apps/controllerrevisions/read", "apps/daemonsets/*", "apps/deployments/*", "apps/replicasets/*", "apps/statefulsets/*", "autoscaling/horizontalpodautoscalers/*", "batch/cronjobs/*", "coordination.k8s.io/leases/read", "coordination.k8s.io/leases/write", "coordination.k8s.io/leases/delete", "discovery.k8s.io/endpointslices/read", "batch/jobs/*", "configmaps/*", "endpoints/*", "events.k8s.io/events/read", "events/*", "extensions/daemonsets/*", "extensions/deployments/*", "extensions/ingresses/*", "extensions/networkpolicies/*", "extensions/replicasets/*", "limitranges/read", "metrics.k8s.io/pods/read", "metrics.k8s.io/nodes/read", "namespaces/read", "networking.k8s.io/ingresses/*", "networking.k8s.io/networkpolicies/*", "persistentvolumeclaims/*", "pods/*", "policy/poddisruptionbudgets/*", "replicationcontrollers/*", "resourcequotas/read", "secrets/*", "serviceaccounts/*", "services/*"),
		Source:      docContainers + " §Azure Kubernetes Service RBAC Writer",
	},
	{
		ID: RoleNetworkContributor, Name: "Network Contributor",
		Actions: []string{
			"Microsoft.Authorization/*/read",
			"Microsoft.Insights/alertRules/*",
			"Microsoft.Network/*",
			"Microsoft.ResourceHealth/availabilityStatuses/read",
			"Microsoft.Resources/deployments/*",
			"Microsoft.Resources/subscriptions/resourceGroups/read",
			"Microsoft.Support/*",
		},
		Source: docNetworking + " §Network Contributor",
	},
	{
		ID: RolePrivateDNSZoneContrib, Name: "Private DNS Zone Contributor",
		Actions: []string{
			"Microsoft.Insights/alertRules/*",
			"Microsoft.Resources/deployments/*",
			"Microsoft.Resources/subscriptions/resourceGroups/read",
			"Microsoft.Support/*",
			"Microsoft.Network/privateDnsZones/*",
			"Microsoft.Network/privateDnsOperationResults/*",
			"Microsoft.Network/privateDnsOperationStatuses/*",
			"Microsoft.Network/virtualNetworks/read",
			"Microsoft.Network/virtualNetworks/join/action",
			"Microsoft.Authorization/*/read",
		},
		Source: docNetworking + " §Private DNS Zone Contributor",
	},
	{
		ID: RoleManagedIdentityOperator, Name: "Managed Identity Operator",
		Actions: []string{
			"Microsoft.ManagedIdentity/userAssignedIdentities/*/read",
			"Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action",
			"Microsoft.Authorization/*/read",
			"Microsoft.Insights/alertRules/*",
			"Microsoft.Resources/subscriptions/resourceGroups/read",
			"Microsoft.Resources/deployments/*",
			"Microsoft.Support/*",
		},
		Source: docIdentity + " §Managed Identity Operator",
	},
	{
		ID: RoleKeyVaultSecretsOfficer, Name: "Key Vault Secrets Officer",
		Actions: []string{
			"Microsoft.Authorization/*/read",
			"Microsoft.Insights/alertRules/*",
			"Microsoft.Resources/deployments/*",
			"Microsoft.Resources/subscriptions/resourceGroups/read",
			"Microsoft.Support/*",
			"Microsoft.KeyVault/checkNameAvailability/read",
			"Microsoft.KeyVault/deletedVaults/read",
			"Microsoft.KeyVault/locations/*/read",
			"Microsoft.KeyVault/vaults/*/read",
			"Microsoft.KeyVault/operations/read",
		},
		DataActions: []string{"Microsoft.KeyVault/vaults/secrets/*"},
		Source:      docSecurity + " §Key Vault Secrets Officer",
	},
	{
		ID: RoleKeyVaultSecretsUser, Name: "Key Vault Secrets User",
		DataActions: []string{
			"Microsoft.KeyVault/vaults/secrets/getSecret/action",
			"Microsoft.KeyVault/vaults/secrets/readMetadata/action",
		},
		Source: docSecurity + " §Key Vault Secrets User",
	},
	{
		ID: RoleVMAdministratorLogin, Name: "Virtual Machine Administrator Login",
		Actions: vmLoginActions,
		DataActions: []string{
			"Microsoft.Compute/virtualMachines/login/action",
			"Microsoft.Compute/virtualMachines/loginAsAdmin/action",
			"Microsoft.HybridCompute/machines/login/action",
			"Microsoft.HybridCompute/machines/loginAsAdmin/action",
		},
		Source: docCompute + " §Virtual Machine Administrator Login",
	},
	{
		ID: RoleVMUserLogin, Name: "Virtual Machine User Login",
		Actions: vmLoginActions,
		DataActions: []string{
			"Microsoft.Compute/virtualMachines/login/action",
			"Microsoft.HybridCompute/machines/login/action",
		},
		Source: docCompute + " §Virtual Machine User Login",
	},
	{
		ID: RoleKeyVaultCryptoUser, Name: "Key Vault Crypto User",
		DataActions: []string{
			"Microsoft.KeyVault/vaults/keys/read",
			"Microsoft.KeyVault/vaults/keys/update/action",
			"Microsoft.KeyVault/vaults/keys/backup/action",
			"Microsoft.KeyVault/vaults/keys/encrypt/action",
			"Microsoft.KeyVault/vaults/keys/decrypt/action",
			"Microsoft.KeyVault/vaults/keys/wrap/action",
			"Microsoft.KeyVault/vaults/keys/unwrap/action",
			"Microsoft.KeyVault/vaults/keys/sign/action",
			"Microsoft.KeyVault/vaults/keys/verify/action",
		},
		Source: docSecurity + " §Key Vault Crypto User",
	},
	{
		ID: RoleKeyVaultCryptoSvcEncr, Name: "Key Vault Crypto Service Encryption User",
		Actions: []string{
			"Microsoft.EventGrid/eventSubscriptions/write",
			"Microsoft.EventGrid/eventSubscriptions/read",
			"Microsoft.EventGrid/eventSubscriptions/delete",
		},
		DataActions: []string{
			"Microsoft.KeyVault/vaults/keys/read",
			"Microsoft.KeyVault/vaults/keys/wrap/action",
			"Microsoft.KeyVault/vaults/keys/unwrap/action",
		},
		Source: docSecurity + " §Key Vault Crypto Service Encryption User",
	},
	{
		ID: RoleReader, Name: "Reader",
		Actions: []string{"*/read"},
		Source:  docGeneral + " §Reader",
	},
	{
		ID: RoleContributor, Name: "Contributor", Privileged: true,
		Actions: []string{"*"},
		NotActions: []string{
			"Microsoft.Authorization/*/Delete",
			"Microsoft.Authorization/*/Write",
			"Microsoft.Authorization/elevateAccess/Action",
			"Microsoft.Blueprint/blueprintAssignments/write",
			"Microsoft.Blueprint/blueprintAssignments/delete",
			"Microsoft.Compute/galleries/share/action",
			"Microsoft.Purview/consents/write",
			"Microsoft.Purview/consents/delete",
			"Microsoft.Resources/deploymentStacks/manageDenySetting/action",
			"Microsoft.Subscription/cancel/action",
			"Microsoft.Subscription/enable/action",
		},
		Source: docPrivileged + " §Contributor",
	},
	{
		ID: RoleOwner, Name: "Owner", Privileged: true,
		Actions: []string{"*"},
		Source:  docPrivileged + " §Owner",
	},
	{
		ID: RoleUserAccessAdministrator, Name: "User Access Administrator", Privileged: true,
		Actions: []string{"*/read", "Microsoft.Authorization/*", "Microsoft.Support/*"},
		Source:  docPrivileged + " §User Access Administrator",
	},
}

func managedClusterPaths(suffixes ...string) []string {
	out := make([]string, len(suffixes))
	for i, s := range suffixes {
		out[i] = "Microsoft.ContainerService/managedClusters/" + s
	}
	return out
}

var rolesByID = func() map[string]Role {
	m := map[string]Role{}
	for _, r := range builtinRoles {
		m[r.ID] = r
	}
	return m
}()

// Roles returns the built-in roles the model knows, sorted by name.
func Roles() []Role {
	out := append([]Role(nil), builtinRoles...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// RoleByID returns the built-in role with a definition GUID (any letter
// case), and whether the model knows it.
func RoleByID(id string) (Role, bool) {
	r, ok := rolesByID[strings.ToLower(id)]
	return r, ok
}

// roleGUID is the last segment of a role definition ID
// ("/subscriptions/<sub>/providers/Microsoft.Authorization/roleDefinitions/<guid>").
func roleGUID(roleDefinitionID string) string {
	const marker = "/providers/microsoft.authorization/roledefinitions/"
	lower := strings.ToLower(roleDefinitionID)
	i := strings.LastIndex(lower, marker)
	if i < 0 {
		return ""
	}
	return strings.Trim(lower[i+len(marker):], "/")
}
