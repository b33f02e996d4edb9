package clusterspec

import (
	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/baseline"
	"github.com/privateaks/privateaks/internal/fielderr"
)

// Registry is the cluster's Azure Container Registry (Premium, private).
type Registry struct {
	// Name is globally unique: 5-50 lowercase letters and digits (required).
	Name string `json:"name,omitempty"`
}

// Validate returns every problem, under path.
func (r Registry) Validate(path string) []error {
	return azname.CheckAt(azname.ContainerRegistry, r.Name, fielderr.Join(path, "name"))
}

// KeyVault is the cluster's Key Vault (RBAC, purge protection, private).
type KeyVault struct {
	// Name is globally unique: 3-24 characters (required).
	Name string `json:"name,omitempty"`
	// SoftDeleteRetentionDays 7-90 (default 90).
	SoftDeleteRetentionDays int `json:"softDeleteRetentionDays,omitempty"`
	// PurgeProtection (default true) keeps a deleted vault, and with it the
	// vault's name, until its retention ends, and nothing can shorten that.
	// false is a named opt-out for stacks that are torn down, so that the
	// soft-deleted vault can be purged and its name used again at once
	// (the stack config allows it only with protect: false). Purge
	// protection cannot be turned off on a vault that has it.
	PurgeProtection *bool `json:"purgeProtection,omitempty"`
}

// PurgeProtected reports whether the vault is created with purge protection.
func (k KeyVault) PurgeProtected() bool { return k.PurgeProtection == nil || *k.PurgeProtection }

// WithDefaults fills the retention.
func (k KeyVault) WithDefaults() KeyVault {
	if k.SoftDeleteRetentionDays == 0 {
		k.SoftDeleteRetentionDays = baseline.KeyVaultRetention
	}
	return k
}

// Validate returns every problem of a defaulted vault, under path.
func (k KeyVault) Validate(path string) []error {
	errs := azname.CheckAt(azname.KeyVault, k.Name, fielderr.Join(path, "name"))
	if r := k.SoftDeleteRetentionDays; r < 7 || r > 90 {
		errs = append(errs, fielderr.New(fielderr.Join(path, "softDeleteRetentionDays"), r, "7 to 90 days"))
	}
	return errs
}

// LogAnalytics is the workspace for Container Insights, Defender and the
// control-plane logs.
type LogAnalytics struct {
	// Name (required).
	Name string `json:"name,omitempty"`
	// RetentionDays 30-730 (default 90).
	RetentionDays int `json:"retentionDays,omitempty"`
}

// WithDefaults fills the retention.
func (l LogAnalytics) WithDefaults() LogAnalytics {
	if l.RetentionDays == 0 {
		l.RetentionDays = baseline.LogRetentionDays
	}
	return l
}

// Validate returns every problem of a defaulted workspace, under path.
func (l LogAnalytics) Validate(path string) []error {
	errs := azname.CheckAt(azname.LogAnalytics, l.Name, fielderr.Join(path, "name"))
	if r := l.RetentionDays; r < 30 || r > 730 {
		errs = append(errs, fielderr.New(fielderr.Join(path, "retentionDays"), r, "30 to 730 days"))
	}
	return errs
}
