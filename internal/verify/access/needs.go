package access

// Operations the personas need, as the Azure resource provider operations
// the built-in roles list.
const (
	opListUserCredential = "Microsoft.ContainerService/managedClusters/listClusterUserCredential/action"
	// Writing namespaces is what separates full cluster administration
	// (RBAC Cluster Admin) from the namespace-level RBAC Admin role.
	opClusterAdmin    = "Microsoft.ContainerService/managedClusters/namespaces/write"
	opAcrPull         = "Microsoft.ContainerRegistry/registries/pull/read"
	opSubnetJoin      = "Microsoft.Network/virtualNetworks/subnets/join/action"
	opRouteTableJoin  = "Microsoft.Network/routeTables/join/action"
	opRouteWrite      = "Microsoft.Network/routeTables/routes/write"
	opZoneRecordWrite = "Microsoft.Network/privateDnsZones/A/write"
	opZoneLinkWrite   = "Microsoft.Network/privateDnsZones/virtualNetworkLinks/write"
	opVnetJoin        = "Microsoft.Network/virtualNetworks/join/action"
	opAssignIdentity  = "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action"
	opGetSecret       = "Microsoft.KeyVault/vaults/secrets/getSecret/action"
	opSetSecret       = "Microsoft.KeyVault/vaults/secrets/setSecret/action"
	// KMS encrypts and decrypts the data encryption keys of etcd secrets;
	// a disk encryption set wraps and unwraps the disks' keys.
	opKeyEncrypt = "Microsoft.KeyVault/vaults/keys/encrypt/action"
	opKeyDecrypt = "Microsoft.KeyVault/vaults/keys/decrypt/action"
	opKeyWrap    = "Microsoft.KeyVault/vaults/keys/wrap/action"
	opKeyUnwrap  = "Microsoft.KeyVault/vaults/keys/unwrap/action"
	opDESRead    = "Microsoft.Compute/diskEncryptionSets/read"
	// Signing in to a VM with Entra ID as root (the AADSSHLoginForLinux
	// extension checks this data action).
	opVMLoginAsAdmin = "Microsoft.Compute/virtualMachines/loginAsAdmin/action"
)

// dataOps are the operations above that are data actions (evaluated
// against DataActions/NotDataActions).
var dataOps = map[string]bool{opVMLoginAsAdmin: true, opClusterAdmin: true, opGetSecret: true, opSetSecret: true, opKeyEncrypt: true, opKeyDecrypt: true, opKeyWrap: true, opKeyUnwrap: true}

// Documents the needs come from.
const (
	srcVMLogin          = "MicrosoftDocs/entra-docs docs/identity/devices/howto-vm-sign-in-azure-ad-linux.md (Virtual Machine Administrator Login or User Login is required to sign in with Entra ID); docs/access.md: a private API server is reached from the management subnet's jump boxes"
	srcEntraRBACSummary = "MicrosoftDocs/azure-aks-docs articles/aks/concepts-identity.md §Summary (Microsoft Entra ID with Azure RBAC for Kubernetes Authorization: Cluster User Role plus an RBAC role; the admin groups field is irrelevant then)"
	srcAdminGroup       = "MicrosoftDocs/azure-aks-docs articles/aks/concepts-identity.md §Summary (Microsoft Entra ID by member of admin group: AKS binds the admin groups to cluster-admin)"
	srcGetCredentials   = "MicrosoftDocs/azure-aks-docs articles/aks/control-kubeconfig-access.md §Available permissions for cluster roles; articles/aks/manage-azure-rbac.md §Use Azure RBAC for Kubernetes Authorization with kubectl"
	srcKubeletPull      = "MicrosoftDocs/azure-aks-docs articles/aks/concepts-identity.md §AKS Node Access (kubelet: MSI access to ACR); built-in-roles/containers.md §AcrPull"
	srcSubnetJoin       = "MicrosoftDocs/azure-aks-docs articles/aks/concepts-identity.md §Additional cluster identity permissions (subnets/join/action for a custom VNet)"
	srcRouteTable       = "MicrosoftDocs/azure-aks-docs articles/aks/concepts-identity.md §Additional cluster identity permissions (routes read/write for a subnet associated with a custom route table); MicrosoftDocs/azure-docs articles/virtual-network/manage-route-table.md §Permissions (routeTables/join/action: associate a route table to a subnet)"
	srcPrivateZone      = "MicrosoftDocs/azure-aks-docs articles/aks/private-clusters.md §Configuration options for private DNS (custom zone: Private DNS Zone Contributor and Network Contributor) and §Hub and spoke with custom DNS (AKS still creates a virtual network link for the cluster's VNet); concepts-identity.md §Additional cluster identity permissions (privatednszones/*)"
	srcKubeletIdentity  = "MicrosoftDocs/azure-aks-docs articles/aks/use-managed-identity.md §pre-created kubelet managed identity (the control-plane identity needs Managed Identity Operator on the kubelet identity); the operation from built-in-roles/identity.md §Managed Identity Operator"
	srcWorkloadSecrets  = "MicrosoftDocs/azure-docs built-in-roles/security.md §Key Vault Secrets User (read secret contents; only for vaults in the Azure RBAC permission model)"
	srcSecretsOfficer   = "MicrosoftDocs/azure-docs built-in-roles/security.md §Key Vault Secrets Officer (any action on secrets; only for vaults in the Azure RBAC permission model)"
	srcLeastPrivilege   = "MicrosoftDocs/azure-docs built-in-roles/privileged.md (Owner, Contributor and User Access Administrator are privileged administrator roles)"
	srcKMS              = "MicrosoftDocs/azure-aks-docs articles/aks/use-kms-etcd-encryption.md §Assign permissions for an RBAC public key vault (Key Vault Crypto User: decrypt and encrypt permissions for the cluster identity, before KMS is turned on)"
	srcDESKey           = "MicrosoftDocs/azure-aks-docs articles/aks/azure-disk-customer-managed-keys.md §Grant the DiskEncryptionSet access to key vault (wrapkey, unwrapkey, get); built-in-roles/security.md §Key Vault Crypto Service Encryption User (wrap/unwrap, RBAC vaults)"
	srcDESRead          = "MicrosoftDocs/azure-aks-docs articles/aks/azure-disk-customer-managed-keys.md §Create an instance of a DiskEncryptionSet (the AKS cluster identity has read access to the DiskEncryptionSet)"
	srcScope            = "MicrosoftDocs/azure-docs articles/role-based-access-control/scope-overview.md (grant a principal just the access it really needs: limiting the scope limits what is at risk; §Scope levels: lower levels inherit)"
)

// KeyVaultAccessTag, set to KeyVaultAccessNone on a workload identity,
// declares in the plan that the identity reads no Key Vault secrets (for
// example Flux's source-controller identity, which reads Azure DevOps), so
// the model does not expect a vault role for it.
const (
	KeyVaultAccessTag  = "privateaks-keyvault-access"
	KeyVaultAccessNone = "none"
)

// Persona names in the matrix.
const (
	PersonaAdmin          = "cluster admin group"
	PersonaNamespaceGroup = "namespace group"
	PersonaWorkload       = "workload identity"
	PersonaSecretsWriter  = "secrets operator group"
	PersonaKubelet        = "kubelet identity"
	PersonaControlPlane   = "control-plane identity"
	PersonaDES            = "disk encryption set identity"
	PersonaJumpboxAdmin   = "cluster admin group on the jump boxes"
)

// KeyVaultPurposeTag, set to KeyVaultPurposeKeys on a vault, declares in
// the plan that the vault holds only a customer-managed key (the KMS or
// disk-encryption vault), so workload identities are not expected to read
// its secrets.
const (
	KeyVaultPurposeTag  = "privateaks-keyvault-purpose"
	KeyVaultPurposeKeys = "keys"
)
