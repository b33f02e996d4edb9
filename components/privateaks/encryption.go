package privateaks

import (
	"fmt"

	containerservice "github.com/pulumi/pulumi-azure-native-sdk/containerservice/v2/v20240901"
	keyvault "github.com/pulumi/pulumi-azure-native-sdk/keyvault/v2/v20241101"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/components/identities"
	"github.com/privateaks/privateaks/components/privateaks/clusterspec"
	"github.com/privateaks/privateaks/internal/resopt"
	"github.com/privateaks/privateaks/internal/untyped"
)

// Customer-managed keys, both optional:
//
//   - KMS: etcd encryption of Kubernetes Secrets
//     (securityProfile.azureKeyVaultKms in managedClusters.json 2024-09-01:
//     enabled, keyId, keyVaultNetworkAccess "Public"|"Private",
//     keyVaultResourceId only for "Private"). With the GA API versions
//     pinned here the vault must allow public network access: a private
//     vault needs API Server VNet Integration (preview), and a vault whose
//     firewall allows only selected networks is not supported
//     (MicrosoftDocs/azure-aks-docs articles/aks/use-kms-etcd-encryption.md,
//     "Limitations"). So KMS gets its own key-only vault: RBAC, purge
//     protection, public access, no secrets, and Key Vault Crypto User for
//     the control-plane identity only, granted before the cluster is
//     created or updated (the doc's order).
//   - DiskEncryption: a disk encryption set (Microsoft.Compute
//     diskEncryptionSets 2024-03-02, registered by token: the compute
//     API-version package this module compiles, v20240701, has no
//     DiskEncryptionSet) with a system-assigned identity (the spec's
//     EncryptionSetIdentity.type: "Only SystemAssigned is supported for new
//     creations"), its key in its own vault, Key Vault Crypto Service
//     Encryption User for the set's identity on that vault and Reader for
//     the cluster identity on the set
//     (MicrosoftDocs/azure-aks-docs articles/aks/azure-disk-customer-managed-keys.md).

// KMSArgs configures etcd encryption with Azure Key Vault KMS.
type KMSArgs = clusterspec.KMS

// DiskEncryptionArgs configures the disk encryption set (clusterspec).
type DiskEncryptionArgs = clusterspec.DiskEncryption

// Names of what the options create.
const (
	KMSKeyName = "etcd-kms"
	DESKeyName = "disk-encryption"
	// KMSNetworkAccessPublic is the one keyVaultNetworkAccess GA APIs allow
	// (KeyVaultNetworkAccessTypes: Public, Private).
	KMSNetworkAccessPublic = "Public"
	// Scope keys of the grants.
	ScopeKeyKMSVault = "kms-vault"
	ScopeKeyDESVault = "des-vault"
	ScopeKeyDES      = "diskencryptionset"
	// PrincipalKeyDES names the set's identity in assignment names.
	PrincipalKeyDES = "diskencryptionset"
	defaultKeySize  = 2048
)

// KeyVaultPurposeTag with the value KeyVaultPurposeKeys marks the key-only
// vaults.
const (
	KeyVaultPurposeTag  = "privateaks-keyvault-purpose"
	KeyVaultPurposeKeys = "keys"
)

func withTag(tags map[string]string, k, v string) map[string]string {
	out := make(map[string]string, len(tags)+1)
	for tk, tv := range tags {
		out[tk] = tv
	}
	out[k] = v
	return out
}

// DESName is the disk encryption set's name.
func DESName(cluster string) string { return "des-" + cluster }

func (a PrivateAKSArgs) validateEncryption() []error {
	errs := append(a.KMS.Validate("kms"), a.DiskEncryption.Validate("diskEncryption")...)
	if a.DiskEncryption.Enabled && a.DiskEncryptionSetID != "" {
		errs = append(errs, resopt.ArgError("diskEncryptionSetId", a.DiskEncryptionSetID, "empty with diskEncryption.enabled (the component creates the set)"))
	}
	if (a.KMS.Enabled || a.DiskEncryption.Enabled) && isNil(a.ControlPlanePrincipalID) {
		errs = append(errs, resopt.ArgError("controlPlanePrincipalId", nil, "required with kms or diskEncryption (the control plane is granted access to the key or the set)"))
	}
	return errs
}

func (a PrivateAKSArgs) encryptionDefaults() PrivateAKSArgs {
	// No default vault names here: a component user names them.
	a.KMS = a.KMS.WithDefaults("")
	a.DiskEncryption = a.DiskEncryption.WithDefaults("")
	return a
}

// encryption is what the cluster takes from the options.
type encryption struct {
	kms   *containerservice.AzureKeyVaultKmsArgs
	desID pulumi.StringInput
	// ready are the grants the cluster must wait for.
	ready []pulumi.Resource
}

// keyOnlyVault is a vault for one key: RBAC, soft delete with purge
// protection (deleting the key or vault makes the secrets or disks
// unrecoverable), public network access with no network rules (KMS does not
// support a firewall-restricted vault), nothing enabled for VM deployment.
func keyOnlyVault(ctx *pulumi.Context, name string, comp *PrivateAKS, a PrivateAKSArgs, tenantID, vaultName, keyName string, size int, ops []string, rotateDays int) (*keyvault.Vault, *keyvault.Key, error) {
	kv, err := keyvault.NewVault(ctx, name+"-kv", &keyvault.VaultArgs{
		ResourceGroupName: a.ResourceGroupName,
		VaultName:         pulumi.String(vaultName),
		Location:          pulumi.String(a.Location),
		Properties: &keyvault.VaultPropertiesArgs{
			TenantId:                     pulumi.String(tenantID),
			Sku:                          &keyvault.SkuArgs{Family: pulumi.String("A"), Name: keyvault.SkuNameStandard},
			EnableRbacAuthorization:      pulumi.Bool(true),
			EnableSoftDelete:             pulumi.Bool(true),
			SoftDeleteRetentionInDays:    pulumi.Int(a.KeyVault.SoftDeleteRetentionDays),
			EnablePurgeProtection:        pulumi.Bool(true),
			PublicNetworkAccess:          pulumi.String("Enabled"),
			NetworkAcls:                  &keyvault.NetworkRuleSetArgs{DefaultAction: pulumi.String("Allow"), Bypass: pulumi.String("AzureServices")},
			EnabledForDeployment:         pulumi.Bool(false),
			EnabledForDiskEncryption:     pulumi.Bool(false),
			EnabledForTemplateDeployment: pulumi.Bool(false),
		},
		// The tag declares the vault key-only in the plan, so the access
		// model expects no workload to read secrets from it.
		Tags: resopt.Tags(withTag(a.Tags, KeyVaultPurposeTag, KeyVaultPurposeKeys)),
	}, resopt.Stateful(comp, a.Protect)...)
	if err != nil {
		return nil, nil, err
	}
	props := &keyvault.KeyPropertiesArgs{
		Kty:     pulumi.String("RSA"),
		KeySize: pulumi.Int(size),
		KeyOps:  pulumi.ToStringArray(ops),
	}
	if rotateDays > 0 {
		// No expiry on new versions: KMS needs the old and the new version
		// valid across a rotation, and an expired key stops the API server
		// (use-kms-etcd-encryption.md, "Rotate existing keys").
		props.RotationPolicy = &keyvault.RotationPolicyArgs{
			LifetimeActions: keyvault.LifetimeActionArray{&keyvault.LifetimeActionArgs{
				Action:  &keyvault.ActionArgs{Type: keyvault.KeyRotationPolicyActionTypeRotate},
				Trigger: &keyvault.TriggerArgs{TimeAfterCreate: pulumi.String(fmt.Sprintf("P%dD", rotateDays))},
			}},
		}
	}
	key, err := keyvault.NewKey(ctx, name+"-key", &keyvault.KeyArgs{
		ResourceGroupName: a.ResourceGroupName,
		VaultName:         kv.Name,
		KeyName:           pulumi.String(keyName),
		Properties:        props,
		Tags:              resopt.Tags(a.Tags),
	}, resopt.Stateful(comp, a.Protect)...)
	if err != nil {
		return nil, nil, err
	}
	return kv, key, nil
}

func newEncryption(ctx *pulumi.Context, name string, comp *PrivateAKS, a PrivateAKSArgs, subscriptionID, tenantID string) (encryption, error) {
	var enc encryption
	if a.DiskEncryptionSetID != "" {
		enc.desID = pulumi.String(a.DiskEncryptionSetID)
	}
	if k := a.KMS; k.Enabled {
		kv, key, err := keyOnlyVault(ctx, name+"-kms", comp, a, tenantID, k.VaultName, KMSKeyName, k.KeySize, []string{"encrypt", "decrypt"}, k.RotationDays())
		if err != nil {
			return enc, err
		}
		ra, err := identities.Assign(ctx, name, a.Seed, subscriptionID, identities.Grant{
			ScopeKey: ScopeKeyKMSVault, Scope: kv.ID().ToStringOutput(), Role: identities.RoleKeyVaultCryptoUser,
			PrincipalKey: identities.PrincipalKeyControlPlane, PrincipalID: a.ControlPlanePrincipalID, PrincipalType: identities.PrincipalServicePrincipal,
			Description: "privateaks: the cluster's KMS plugin encrypts and decrypts etcd secrets with this vault's key",
		}, resopt.Child(comp)...)
		if err != nil {
			return enc, err
		}
		enc.ready = append(enc.ready, ra)
		enc.kms = &containerservice.AzureKeyVaultKmsArgs{
			Enabled:               pulumi.Bool(true),
			KeyId:                 key.KeyUriWithVersion,
			KeyVaultNetworkAccess: pulumi.String(KMSNetworkAccessPublic),
		}
	}
	if d := a.DiskEncryption; d.Enabled {
		kv, key, err := keyOnlyVault(ctx, name+"-des", comp, a, tenantID, d.VaultName, DESKeyName, d.KeySize, []string{"wrapKey", "unwrapKey"}, 0)
		if err != nil {
			return enc, err
		}
		des, err := untyped.Register(ctx, untyped.DiskEncryptionSet, name+"-des", pulumi.Map{
			"resourceGroupName":     a.ResourceGroupName,
			"diskEncryptionSetName": pulumi.String(DESName(a.ClusterName)),
			"location":              pulumi.String(a.Location),
			"identity":              pulumi.Map{"type": pulumi.String("SystemAssigned")},
			"encryptionType":        pulumi.String("EncryptionAtRestWithCustomerKey"),
			"activeKey": pulumi.Map{
				"keyUrl":      key.KeyUriWithVersion,
				"sourceVault": pulumi.Map{"id": kv.ID()},
			},
			"tags": resopt.Tags(a.Tags),
		}, resopt.Stateful(comp, a.Protect)...)
		if err != nil {
			return enc, err
		}
		desPrincipal := des.Identity.ApplyT(func(m map[string]interface{}) string {
			s, _ := m["principalId"].(string)
			return s
		}).(pulumi.StringOutput)
		wrap, err := identities.Assign(ctx, name, a.Seed, subscriptionID, identities.Grant{
			ScopeKey: ScopeKeyDESVault, Scope: kv.ID().ToStringOutput(), Role: identities.RoleKeyVaultCryptoServiceEncryptionUser,
			PrincipalKey: PrincipalKeyDES, PrincipalID: desPrincipal, PrincipalType: identities.PrincipalServicePrincipal,
			Description: "privateaks: the disk encryption set wraps and unwraps disk keys with this vault's key",
		}, resopt.Child(comp)...)
		if err != nil {
			return enc, err
		}
		read, err := identities.Assign(ctx, name, a.Seed, subscriptionID, identities.Grant{
			ScopeKey: ScopeKeyDES, Scope: des.ID().ToStringOutput(), Role: identities.RoleReader,
			PrincipalKey: identities.PrincipalKeyControlPlane, PrincipalID: a.ControlPlanePrincipalID, PrincipalType: identities.PrincipalServicePrincipal,
			Description: "privateaks: the cluster identity reads its disk encryption set",
		}, resopt.Child(comp)...)
		if err != nil {
			return enc, err
		}
		enc.ready = append(enc.ready, wrap, read)
		enc.desID = des.ID().ToStringOutput()
	}
	return enc, nil
}
