package stackconfig

import (
	"github.com/privateaks/privateaks/internal/azname"
)

// KMS is etcd encryption of Kubernetes Secrets with a key in Azure Key
// Vault (the ManagedCluster's securityProfile.azureKeyVaultKms). It is an
// option, off by default: with the GA API versions this module pins, the
// key must live in a vault with public network access (a private vault
// needs API Server VNet Integration, preview; a vault restricted to
// selected networks is not supported: MicrosoftDocs/azure-aks-docs
// articles/aks/use-kms-etcd-encryption.md, "Limitations"), so turning it
// on adds a public endpoint the stack otherwise has none of. Enabled
// creates a dedicated key-only vault (RBAC, purge protection, no secrets)
// with one RSA key, and grants the control-plane identity Key Vault Crypto
// User on that vault only. See docs/encryption.md.
type KMS struct {
	Enabled bool `json:"enabled,omitempty"`
	// VaultName is the dedicated vault, globally unique, 3-24 characters
	// (default "kvkms<prefix><spoke>", cut to 24).
	VaultName string `json:"vaultName,omitempty"`
	// KeySize of the RSA key: 2048 (default), 3072 or 4096.
	KeySize int `json:"keySize,omitempty"`
	// RotateAfterDays is the key's rotation policy: Key Vault creates a new
	// key version this many days after the current one was created
	// (default 365, 0 = no automatic rotation). The cluster keeps using
	// the version in its keyId until a refresh picks up the new version
	// and an update applies it (docs/encryption.md, "Rotation").
	RotateAfterDays *int `json:"rotateAfterDays,omitempty"`
}

// DiskEncryption is customer-managed keys for the node OS disks (and, as
// the default, data disks): a disk encryption set with its own
// user-assigned identity and a key in a dedicated vault, named in the
// cluster's diskEncryptionSetID. Off by default. Turning it on or off on an
// existing cluster replaces the cluster: OS disk encryption with a customer
// key "can only be enabled when creating an AKS cluster"
// (MicrosoftDocs/azure-aks-docs articles/aks/azure-disk-customer-managed-keys.md,
// "Limitations").
type DiskEncryption struct {
	Enabled bool `json:"enabled,omitempty"`
	// VaultName is the dedicated vault of the set's key, globally unique,
	// 3-24 characters (default "kvdes<prefix><spoke>", cut to 24).
	VaultName string `json:"vaultName,omitempty"`
	// KeySize of the RSA key: 2048 (default), 3072 or 4096.
	KeySize int `json:"keySize,omitempty"`
}

// Defaults of the customer-managed keys.
const (
	DefaultKeySize         = 2048
	DefaultRotateAfterDays = 365
	// MaxRotateAfterDays is our bound (ten years), not Azure's.
	MaxRotateAfterDays = 3650
)

// RSAKeySizes are the RSA key sizes Key Vault creates (keyvault 2024-11-01
// KeyProperties.keySize: "2048, 3072, or 4096 for RSA").
var RSAKeySizes = []int{2048, 3072, 4096}

// RotationDays is the effective rotation interval (0: no rotation policy).
func (k KMS) RotationDays() int {
	if k.RotateAfterDays == nil {
		return DefaultRotateAfterDays
	}
	return *k.RotateAfterDays
}

func encryptionDefaults(c Cluster, prefix, key string) Cluster {
	alnum := azname.Alnum(prefix + key)
	if c.KMS.Enabled {
		setDefault(&c.KMS.VaultName, truncate("kvkms"+alnum, 24))
		if c.KMS.KeySize == 0 {
			c.KMS.KeySize = DefaultKeySize
		}
		if c.KMS.RotateAfterDays == nil {
			d := DefaultRotateAfterDays
			c.KMS.RotateAfterDays = &d
		}
	}
	if c.DiskEncryption.Enabled {
		setDefault(&c.DiskEncryption.VaultName, truncate("kvdes"+alnum, 24))
		if c.DiskEncryption.KeySize == 0 {
			c.DiskEncryption.KeySize = DefaultKeySize
		}
	}
	return c
}

func validateKeySize(n int, path string) []error {
	for _, s := range RSAKeySizes {
		if n == s {
			return nil
		}
	}
	return []error{fieldErr(path, n, "an RSA key size Key Vault creates: 2048, 3072 or 4096")}
}

// validateEncryption checks the KMS and disk-encryption options of one
// cluster (path is "spokes.<key>.cluster"). Settings without enabled: true
// are refused rather than ignored.
func validateEncryption(c Cluster, path string) []error {
	var errs []error
	if k := c.KMS; k.Enabled {
		errs = append(errs, checkName(azname.KeyVault, k.VaultName, join(path, "kms.vaultName"))...)
		errs = append(errs, validateKeySize(k.KeySize, join(path, "kms.keySize"))...)
		if d := k.RotationDays(); d < 0 || d > MaxRotateAfterDays {
			errs = append(errs, fieldErr(join(path, "kms.rotateAfterDays"), d, "0 (no automatic rotation) or 1-%d days", MaxRotateAfterDays))
		}
	} else if k.VaultName != "" || k.KeySize != 0 || k.RotateAfterDays != nil {
		errs = append(errs, fieldErr(join(path, "kms.enabled"), false, "true when kms.vaultName, kms.keySize or kms.rotateAfterDays is set"))
	}
	if d := c.DiskEncryption; d.Enabled {
		errs = append(errs, checkName(azname.KeyVault, d.VaultName, join(path, "diskEncryption.vaultName"))...)
		errs = append(errs, validateKeySize(d.KeySize, join(path, "diskEncryption.keySize"))...)
	} else if d.VaultName != "" || d.KeySize != 0 {
		errs = append(errs, fieldErr(join(path, "diskEncryption.enabled"), false, "true when diskEncryption.vaultName or diskEncryption.keySize is set"))
	}
	return errs
}
