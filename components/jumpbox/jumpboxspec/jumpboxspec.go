// Package jumpboxspec is the spec of the jump boxes and self-hosted CI
// runners: what a user configures of the Linux scale set (VM size,
// capacity, zones, the break-glass account, who may sign in) and of the CI
// registration (service, URL, pool or labels, the token's secret name), its
// defaults and its validation, written once for the stack config
// (hub.runners) and the jumpbox component. The scale set's name default,
// where the token's vault is (a spoke's key in the stack, a vault name and
// ID in the component) and the cluster roles stay with each layer, which
// knows them. It imports neither Pulumi nor the Azure SDK.
package jumpboxspec

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/privateaks/privateaks/components/privateaks/clusterspec"
	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/fielderr"
	"github.com/privateaks/privateaks/internal/ids"
)

// The CI services a runner registers with (Registration.Kind).
const (
	KindGitHubActions  = "githubActions"
	KindAzurePipelines = "azurePipelines"
)

// Defaults and limits.
const (
	// DefaultVMSize's temporary disk holds the ephemeral OS disk.
	DefaultVMSize        = "Standard_D2ds_v5"
	DefaultCapacity      = 1
	DefaultAdminUsername = "azureuser"
	// DefaultPool is the Azure Pipelines agent pool every organisation has.
	DefaultPool = "Default"
	// MaxCapacity is the instance limit of a scale set built from a
	// platform image (MicrosoftDocs/azure-docs articles/virtual-machine-
	// scale-sets/virtual-machine-scale-sets-placement-groups.md: up to
	// 1,000 VMs).
	MaxCapacity = 1000
	// MaxNameLength of a Linux scale set's name.
	MaxNameLength = 64
)

// Jumpbox is what a user configures of the scale set.
type Jumpbox struct {
	// Name of the scale set (required; the stack defaults it to
	// "vmss-<prefix>-runners"); its identity is "id-<name>".
	Name string `json:"name,omitempty"`
	// VMSize (default Standard_D2ds_v5, whose temporary disk holds the
	// ephemeral OS disk).
	VMSize string `json:"vmSize,omitempty"`
	// Capacity is the instance count, 0 to 1000 (default 1).
	Capacity *int `json:"capacity,omitempty"`
	// Zones the instances spread over (none: regional). The stack defaults
	// them to the region's.
	Zones []string `json:"zones,omitempty"`
	// AdminUsername of the break-glass local account (default azureuser).
	AdminUsername string `json:"adminUsername,omitempty"`
	// SSHPublicKey of that account (required: Azure needs a key with
	// password authentication off; people sign in with Entra ID).
	SSHPublicKey string `json:"sshPublicKey,omitempty"`
	// AdminLoginGroups sign in to the instances with Entra ID and sudo
	// (Virtual Machine Administrator Login on the scale set);
	// UserLoginGroups without sudo (Virtual Machine User Login). Whoever
	// signs in can use the scale set's identity through the instance
	// metadata service, so grant login only to people trusted with that
	// identity's roles.
	AdminLoginGroups []string `json:"adminLoginGroups,omitempty"`
	UserLoginGroups  []string `json:"userLoginGroups,omitempty"`
}

// WithDefaults fills the VM size, the capacity and the admin user; the
// zones are the layer's (the stack defaults them to the region's).
func (j Jumpbox) WithDefaults() Jumpbox {
	if j.VMSize == "" {
		j.VMSize = DefaultVMSize
	}
	n := j.Instances()
	j.Capacity = &n
	if j.AdminUsername == "" {
		j.AdminUsername = DefaultAdminUsername
	}
	if j.Zones != nil {
		j.Zones = append([]string{}, j.Zones...)
	}
	return j
}

// Instances is the effective capacity.
func (j Jumpbox) Instances() int {
	if j.Capacity == nil {
		return DefaultCapacity
	}
	return *j.Capacity
}

var (
	// Linux admin user names: lowercase start, then letters, digits, '_'
	// or '-', at most 32 (compute osProfile.adminUsername); Azure refuses
	// the reserved names.
	userRe        = regexp.MustCompile(`^[a-z_][a-z0-9_-]{0,31}$`)
	reservedUsers = map[string]bool{"root": true, "admin": true, "administrator": true, "guest": true, "user": true, "test": true, "sys": true}
	sshKeyRe      = regexp.MustCompile(`^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp256|ecdsa-sha2-nistp384|ecdsa-sha2-nistp521) [A-Za-z0-9+/]+={0,3}( .*)?$`)
	secretNameRe  = regexp.MustCompile(`^[0-9A-Za-z-]{1,127}$`)
	labelRe       = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)
	ghPathRe      = regexp.MustCompile(`^/[A-Za-z0-9-]+(/[A-Za-z0-9._-]+)?/?$`)
	adoPathRe     = regexp.MustCompile(`^/[A-Za-z0-9][A-Za-z0-9-]*/?$`)
)

// ValidateName refuses what cannot name the scale set (Jumpbox.Name).
func ValidateName(name, path string) []error {
	if name == "" || len(name) > MaxNameLength || azname.Check(azname.NetworkGeneric, name) != nil {
		return []error{fielderr.New(path, name, "1-%d letters, digits, '-', '_' or '.', starting with a letter or digit (a scale set name)", MaxNameLength)}
	}
	return nil
}

// Validate returns every problem of a defaulted scale set, under path.
func (j Jumpbox) Validate(path string) []error {
	at := func(k string) string { return fielderr.Join(path, k) }
	errs := ValidateName(j.Name, at("name"))
	if !clusterspec.IsVMSize(j.VMSize) {
		errs = append(errs, fielderr.New(at("vmSize"), j.VMSize, "an Azure VM size such as %q", DefaultVMSize))
	}
	if n := j.Instances(); n < 0 || n > MaxCapacity {
		errs = append(errs, fielderr.New(at("capacity"), n, "0 to %d instances", MaxCapacity))
	}
	errs = append(errs, clusterspec.ValidateZones(j.Zones, at("zones"))...)
	if !userRe.MatchString(j.AdminUsername) || reservedUsers[j.AdminUsername] {
		errs = append(errs, fielderr.New(at("adminUsername"), j.AdminUsername, "a Linux user name (lowercase letters, digits, '_' or '-', at most 32) other than root, admin, administrator, guest, user, test or sys"))
	}
	if !sshKeyRe.MatchString(strings.TrimSpace(j.SSHPublicKey)) {
		errs = append(errs, fielderr.New(at("sshPublicKey"), abbreviate(j.SSHPublicKey), "an OpenSSH public key line (\"ssh-ed25519 AAAA... comment\"): Azure requires one when password authentication is off"))
	}
	errs = append(errs, ValidateGroups(j.AdminLoginGroups, at("adminLoginGroups"))...)
	errs = append(errs, ValidateGroups(j.UserLoginGroups, at("userLoginGroups"))...)
	return errs
}

// ValidateGroups refuses a login group that is not an Entra ID object ID.
// The stack config checks these keys with every other Entra ID it holds
// (its EntraIDs, which also refuses placeholders), in the same words.
func ValidateGroups(groups []string, path string) []error {
	var errs []error
	for i, id := range groups {
		if !ids.IsGUID(id) {
			errs = append(errs, fielderr.New(fmt.Sprintf("%s[%d]", path, i), id, "an Entra ID object ID (GUID)"))
		}
	}
	return errs
}

// abbreviate shows the start of a key only: whatever was pasted there
// (a private key, say) is not repeated whole in a message.
func abbreviate(s string) string {
	if len(s) > 24 {
		return s[:24] + "..."
	}
	return s
}

// Registration is the CI service every instance registers with at boot.
// An unset Kind is none (jump boxes only).
type Registration struct {
	// Kind is "githubActions", "azurePipelines" or "" (jump boxes only).
	Kind string `json:"kind,omitempty"`
	// URL is https://github.com/<org>[/<repo>] or
	// https://dev.azure.com/<org>.
	URL string `json:"url,omitempty"`
	// Pool is the Azure Pipelines agent pool (default "Default").
	Pool string `json:"pool,omitempty"`
	// Labels are extra GitHub runner labels.
	Labels []string `json:"labels,omitempty"`
	// TokenSecretName is the Key Vault secret with the registration
	// credential (a GitHub token that may create registration tokens, or an
	// Azure DevOps PAT with Agent Pools (read, manage)). The value never
	// goes into config.
	TokenSecretName string `json:"tokenSecretName,omitempty"`
}

// WithDefaults fills the Azure Pipelines pool.
func (r Registration) WithDefaults() Registration {
	if r.Kind == KindAzurePipelines && r.Pool == "" {
		r.Pool = DefaultPool
	}
	if r.Labels != nil {
		r.Labels = append([]string{}, r.Labels...)
	}
	return r
}

// IsZero reports whether nothing is set: no registration.
func (r Registration) IsZero() bool {
	return r.Kind == "" && r.URL == "" && r.Pool == "" && len(r.Labels) == 0 && r.TokenSecretName == ""
}

// KindRequired is the problem of registration keys set without a kind,
// under the registration's path; each layer also reports it for its own
// keys (the stack's keyVaultSpoke, the component's vault).
func KindRequired(path string) error {
	return fielderr.New(fielderr.Join(path, "kind"), "", "%q or %q when the other runner keys are set", KindGitHubActions, KindAzurePipelines)
}

// Validate returns every problem of a defaulted registration, under path.
// Without a kind nothing else may be set.
func (r Registration) Validate(path string) []error {
	at := func(k string) string { return fielderr.Join(path, k) }
	if r.Kind == "" {
		if r.IsZero() {
			return nil
		}
		return []error{KindRequired(path)}
	}
	var errs []error
	u, err := url.Parse(r.URL)
	switch r.Kind {
	case KindGitHubActions:
		if err != nil || u.Scheme != "https" || u.Host != "github.com" || !ghPathRe.MatchString(u.Path) {
			errs = append(errs, fielderr.New(at("url"), r.URL, "https://github.com/<org> or https://github.com/<org>/<repo>"))
		}
		if r.Pool != "" {
			errs = append(errs, fielderr.New(at("pool"), r.Pool, "unset for GitHub Actions (pools are Azure Pipelines'); use labels"))
		}
	case KindAzurePipelines:
		if err != nil || u.Scheme != "https" || u.Host != "dev.azure.com" || !adoPathRe.MatchString(u.Path) {
			errs = append(errs, fielderr.New(at("url"), r.URL, "https://dev.azure.com/<organization>"))
		}
		if len(r.Labels) > 0 {
			errs = append(errs, fielderr.New(at("labels"), r.Labels, "unset for Azure Pipelines (agents take capabilities from their pool)"))
		}
	default:
		errs = append(errs, fielderr.New(at("kind"), r.Kind, "one of %q, %q or unset", KindAzurePipelines, KindGitHubActions))
	}
	for i, l := range r.Labels {
		if !labelRe.MatchString(l) {
			errs = append(errs, fielderr.New(fmt.Sprintf("%s[%d]", at("labels"), i), l, "1-64 letters, digits, '.', '_' or '-'"))
		}
	}
	if !secretNameRe.MatchString(r.TokenSecretName) {
		errs = append(errs, fielderr.New(at("tokenSecretName"), r.TokenSecretName, "a Key Vault secret name (1-127 letters, digits and '-'); the token itself goes into the vault, never into config"))
	}
	return errs
}
