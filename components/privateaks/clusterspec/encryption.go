package clusterspec

import (
	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/fielderr"
)

// Defaults and bounds of the customer-managed keys.
const (
	DefaultKeySize         = 2048
	DefaultRotateAfterDays = 365
	// MaxRotateAfterDays is our bound (ten years), not Azure's.
	MaxRotateAfterDays = 3650
)

// RSAKeySizes are the RSA key sizes Key Vault creates (keyvault 2024-11-01
// KeyProperties.keySize: "2048, 3072, or 4096 for RSA").
var RSAKeySizes = []int{2048, 3072, 4096}

// KMS is etcd encryption of Kubernetes Secrets with a key in a dedicated
// key-only vault (the ManagedCluster's securityProfile.azureKeyVaultKms);
// off by default. docs/encryption.md says why it is an option: with the GA
// API versions the key's vault needs public network access.
type KMS struct {
	Enabled bool `json:"enabled,omitempty"`
	// VaultName is the dedicated vault, globally unique, 3-24 characters
	// (required when Enabled; the stack defaults it).
	VaultName string `json:"vaultName,omitempty"`
	// KeySize of the RSA key: 2048 (default), 3072 or 4096.
	KeySize int `json:"keySize,omitempty"`
	// RotateAfterDays is the key's rotation policy: Key Vault creates a new
	// key version this many days after the current one was created
	// (default 365, 0 = no automatic rotation).
	RotateAfterDays *int `json:"rotateAfterDays,omitempty"`
}

// RotationDays is the effective rotation interval (0: no rotation policy).
func (k KMS) RotationDays() int {
	if k.RotateAfterDays == nil {
		return DefaultRotateAfterDays
	}
	return *k.RotateAfterDays
}

// WithDefaults fills an enabled KMS: the vault name (the layer's own
// default, "" for none) and the key size; the rotation stays a pointer
// (nil is the default, RotationDays).
func (k KMS) WithDefaults(vaultName string) KMS {
	if !k.Enabled {
		return k
	}
	setDefault(&k.VaultName, vaultName)
	if k.KeySize == 0 {
		k.KeySize = DefaultKeySize
	}
	d := DefaultRotateAfterDays
	if k.RotateAfterDays != nil {
		d = *k.RotateAfterDays
	}
	k.RotateAfterDays = &d
	return k
}

// Validate returns every problem, under path. Settings without
// enabled: true are refused rather than ignored.
func (k KMS) Validate(path string) []error {
	at := func(f string) string { return fielderr.Join(path, f) }
	if !k.Enabled {
		if k.VaultName != "" || k.KeySize != 0 || k.RotateAfterDays != nil {
			return []error{fielderr.New(at("enabled"), false, "true when kms.vaultName, kms.keySize or kms.rotateAfterDays is set")}
		}
		return nil
	}
	errs := azname.CheckAt(azname.KeyVault, k.VaultName, at("vaultName"))
	errs = append(errs, validateKeySize(k.KeySize, at("keySize"))...)
	if d := k.RotationDays(); d < 0 || d > MaxRotateAfterDays {
		errs = append(errs, fielderr.New(at("rotateAfterDays"), d, "0 (no automatic rotation) or 1-%d days", MaxRotateAfterDays))
	}
	return errs
}

// DiskEncryption is customer-managed keys for the node disks through a
// disk encryption set with a key in a dedicated vault; off by default.
// Turning it on or off on an existing cluster replaces the cluster.
type DiskEncryption struct {
	Enabled bool `json:"enabled,omitempty"`
	// VaultName is the dedicated vault of the set's key, globally unique,
	// 3-24 characters (required when Enabled; the stack defaults it).
	VaultName string `json:"vaultName,omitempty"`
	// KeySize of the RSA key: 2048 (default), 3072 or 4096.
	KeySize int `json:"keySize,omitempty"`
}

// WithDefaults fills an enabled disk encryption: the vault name (the
// layer's own default, "" for none) and the key size.
func (d DiskEncryption) WithDefaults(vaultName string) DiskEncryption {
	if !d.Enabled {
		return d
	}
	setDefault(&d.VaultName, vaultName)
	if d.KeySize == 0 {
		d.KeySize = DefaultKeySize
	}
	return d
}

// Validate returns every problem, under path.
func (d DiskEncryption) Validate(path string) []error {
	at := func(f string) string { return fielderr.Join(path, f) }
	if !d.Enabled {
		if d.VaultName != "" || d.KeySize != 0 {
			return []error{fielderr.New(at("enabled"), false, "true when diskEncryption.vaultName or diskEncryption.keySize is set")}
		}
		return nil
	}
	errs := azname.CheckAt(azname.KeyVault, d.VaultName, at("vaultName"))
	return append(errs, validateKeySize(d.KeySize, at("keySize"))...)
}

func validateKeySize(n int, path string) []error {
	for _, s := range RSAKeySizes {
		if n == s {
			return nil
		}
	}
	return []error{fielderr.New(path, n, "an RSA key size Key Vault creates: 2048, 3072 or 4096")}
}
