package stackconfig

import (
	"github.com/privateaks/privateaks/components/privateaks/clusterspec"
	"github.com/privateaks/privateaks/internal/azname"
)

// KMS is etcd encryption of Kubernetes Secrets with a key in Azure Key
// Vault (clusterspec.KMS). It is an option, off by default: with the GA
// API versions this module pins, the key must live in a vault with public
// network access (a private vault needs API Server VNet Integration,
// preview; a vault restricted to selected networks is not supported:
// MicrosoftDocs/azure-aks-docs articles/aks/use-kms-etcd-encryption.md,
// "Limitations"), so turning it on adds a public endpoint the stack
// otherwise has none of. Enabled creates a dedicated key-only vault (RBAC,
// purge protection, no secrets) with one RSA key, and grants the
// control-plane identity Key Vault Crypto User on that vault only. See
// docs/encryption.md.
type KMS = clusterspec.KMS

// DiskEncryption is customer-managed keys for the node OS disks (and, as
// the default, data disks): a disk encryption set with its own
// user-assigned identity and a key in a dedicated vault, named in the
// cluster's diskEncryptionSetID (clusterspec.DiskEncryption). Off by
// default. Turning it on or off on an existing cluster replaces the
// cluster: OS disk encryption with a customer key "can only be enabled
// when creating an AKS cluster" (MicrosoftDocs/azure-aks-docs
// articles/aks/azure-disk-customer-managed-keys.md, "Limitations").
type DiskEncryption = clusterspec.DiskEncryption

// Defaults of the customer-managed keys (clusterspec).
const (
	DefaultKeySize         = clusterspec.DefaultKeySize
	DefaultRotateAfterDays = clusterspec.DefaultRotateAfterDays
	MaxRotateAfterDays     = clusterspec.MaxRotateAfterDays
)

// RSAKeySizes are the RSA key sizes Key Vault creates (clusterspec).
var RSAKeySizes = clusterspec.RSAKeySizes

func encryptionDefaults(c Cluster, prefix, key string) Cluster {
	alnum := azname.Alnum(prefix + key)
	c.KMS = c.KMS.WithDefaults(truncate("kvkms"+alnum, 24))
	c.DiskEncryption = c.DiskEncryption.WithDefaults(truncate("kvdes"+alnum, 24))
	return c
}

// validateEncryption checks the KMS and disk-encryption options of one
// cluster (path is "spokes.<key>.cluster"; clusterspec).
func validateEncryption(c Cluster, path string) []error {
	return append(c.KMS.Validate(join(path, "kms")), c.DiskEncryption.Validate(join(path, "diskEncryption"))...)
}
