// Package jumpbox is the operators' and CI runners' way into private
// clusters: a Linux VM scale set in the hub's management subnet with no
// public IP, reachable over SSH only through Azure Bastion (the subnet's NSG
// is the hub's), Microsoft Entra ID login (the AADSSHLoginForLinux
// extension; local password authentication off), a user-assigned identity,
// an ephemeral OS disk with encryption at host, and cloud-init that
// installs az, kubectl and kubelogin and, optionally, registers a
// self-hosted GitHub Actions runner or Azure Pipelines agent whose
// registration credential is read from Key Vault at boot (never from
// config). Roles for manifests-mode `pulumi up` are granted only when asked.
package jumpbox

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/ids"
	"github.com/privateaks/privateaks/internal/resopt"
)

// Runner kinds.
const (
	RunnerGitHubActions  = "githubActions"
	RunnerAzurePipelines = "azurePipelines"
)

// Defaults.
const (
	DefaultVMSize        = "Standard_D2ds_v5"
	DefaultAdminUsername = "azureuser"
	// MaxCapacity is the instance limit of a scale set built from a
	// platform image (MicrosoftDocs/azure-docs articles/virtual-machine-scale-
	// sets/virtual-machine-scale-sets-placement-groups.md: up to 1,000 VMs).
	MaxCapacity = 1000
)

// JumpboxArgs configures the scale set.
type JumpboxArgs struct {
	// ResourceGroupName holds the scale set and its identity (required).
	ResourceGroupName pulumi.StringInput
	// Location is the Azure region (required).
	Location string
	// Name of the scale set (required) and IdentityName of its user-assigned
	// identity (default "id-" + Name).
	Name         string
	IdentityName string
	// SubnetID is the hub's management subnet (required).
	SubnetID pulumi.StringInput
	// VMSize (default Standard_D2ds_v5: its temporary disk holds the
	// ephemeral OS disk).
	VMSize string
	// Capacity is the instance count, 0 to MaxCapacity.
	Capacity int
	// Zones the instances spread over (none = regional).
	Zones []string
	// AdminUsername of the break-glass local account (default azureuser).
	AdminUsername string
	// SSHPublicKey of that account (required: Azure requires a key when
	// password authentication is off; day-to-day login is Entra ID).
	SSHPublicKey string
	// Runner optionally registers a self-hosted CI runner at boot.
	Runner *RunnerArgs
	// DeployScopes are the clusters whose API the identity may use for
	// manifests-mode `pulumi up` (Cluster User and RBAC Cluster Admin on
	// each), keyed by a stable name. Empty grants nothing.
	DeployScopes map[string]pulumi.StringInput
	// AdminLoginGroups and UserLoginGroups are Entra ID groups (object IDs)
	// that may sign in to the instances with Entra ID: Virtual Machine
	// Administrator Login (sudo) or Virtual Machine User Login, granted on
	// the scale set. Anyone signed in can use the scale set's identity
	// through the instance metadata service, so only grant login to people
	// trusted with that identity's roles.
	AdminLoginGroups []string
	UserLoginGroups  []string
	// Tags for every resource.
	Tags map[string]string
	// Protect the identity (its principal ID is what roles are granted to).
	Protect bool
}

// RunnerArgs registers a GitHub Actions runner or Azure Pipelines agent.
type RunnerArgs struct {
	// Kind is RunnerGitHubActions or RunnerAzurePipelines.
	Kind string
	// URL is the GitHub organisation or repository
	// (https://github.com/<org>[/<repo>]) or the Azure DevOps organisation
	// (https://dev.azure.com/<org>).
	URL string
	// Pool is the Azure Pipelines agent pool (default "Default"); Labels
	// are extra GitHub runner labels.
	Pool   string
	Labels []string
	// KeyVaultName and KeyVaultID name the vault holding TokenSecretName: a
	// GitHub token that may create runner registration tokens, or an Azure
	// DevOps PAT with Agent Pools (read, manage). The identity gets Key
	// Vault Secrets User on that vault.
	KeyVaultName    string
	KeyVaultID      pulumi.StringInput
	TokenSecretName string
}

func (a JumpboxArgs) withDefaults() JumpboxArgs {
	if a.VMSize == "" {
		a.VMSize = DefaultVMSize
	}
	if a.AdminUsername == "" {
		a.AdminUsername = DefaultAdminUsername
	}
	if a.IdentityName == "" && a.Name != "" {
		a.IdentityName = azname.IdentityName(a.Name)
	}
	if a.Runner != nil && a.Runner.Kind == RunnerAzurePipelines && a.Runner.Pool == "" {
		r := *a.Runner
		r.Pool = "Default"
		a.Runner = &r
	}
	a.Zones = append([]string(nil), a.Zones...)
	return a
}

var (
	// Linux admin user names: lowercase start, then letters, digits, '_'
	// or '-', at most 32 (compute osProfile.adminUsername; reserved names
	// such as root and admin are refused by Azure).
	userRe        = regexp.MustCompile(`^[a-z_][a-z0-9_-]{0,31}$`)
	reservedUsers = map[string]bool{"root": true, "admin": true, "administrator": true, "guest": true, "user": true, "test": true, "sys": true}
	sshKeyRe      = regexp.MustCompile(`^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp256|ecdsa-sha2-nistp384|ecdsa-sha2-nistp521) [A-Za-z0-9+/]+={0,3}( .*)?$`)
	secretNameRe  = regexp.MustCompile(`^[0-9A-Za-z-]{1,127}$`)
	labelRe       = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)
	ghPathRe      = regexp.MustCompile(`^/[A-Za-z0-9-]+(/[A-Za-z0-9._-]+)?/?$`)
	adoPathRe     = regexp.MustCompile(`^/[A-Za-z0-9][A-Za-z0-9-]*/?$`)
	vaultNameRe   = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9]$`)
)

// Validate returns every problem with the (defaulted) args.
func (a JumpboxArgs) Validate() []error {
	var errs []error
	if a.ResourceGroupName == nil {
		errs = append(errs, resopt.ArgError("resourceGroupName", nil, "required"))
	}
	if a.SubnetID == nil {
		errs = append(errs, resopt.ArgError("subnetId", nil, "required (the hub's management subnet)"))
	}
	if a.Location == "" {
		errs = append(errs, resopt.ArgError("location", a.Location, "an Azure region such as \"westeurope\""))
	}
	if err := azname.Check(azname.NetworkGeneric, a.Name); err != nil || len(a.Name) > 64 {
		errs = append(errs, resopt.ArgError("name", a.Name, "1-64 letters, digits, '-', '_' or '.' (a scale set name)"))
	}
	if err := azname.Check(azname.NetworkGeneric, a.IdentityName); err != nil {
		errs = append(errs, resopt.ArgError("identityName", a.IdentityName, "%v", err))
	}
	if !strings.HasPrefix(a.VMSize, "Standard_") {
		errs = append(errs, resopt.ArgError("vmSize", a.VMSize, "an Azure VM size such as %q", DefaultVMSize))
	}
	if a.Capacity < 0 || a.Capacity > MaxCapacity {
		errs = append(errs, resopt.ArgError("capacity", a.Capacity, "0 to %d instances", MaxCapacity))
	}
	for i, z := range a.Zones {
		if z != "1" && z != "2" && z != "3" {
			errs = append(errs, resopt.ArgError(fmt.Sprintf("zones[%d]", i), z, "\"1\", \"2\" or \"3\""))
		}
	}
	if !userRe.MatchString(a.AdminUsername) || reservedUsers[a.AdminUsername] {
		errs = append(errs, resopt.ArgError("adminUsername", a.AdminUsername, "a Linux user name (lowercase letters, digits, '_' or '-', at most 32) other than root, admin, administrator, guest, user, test or sys"))
	}
	if !sshKeyRe.MatchString(strings.TrimSpace(a.SSHPublicKey)) {
		errs = append(errs, resopt.ArgError("sshPublicKey", abbreviate(a.SSHPublicKey), "an OpenSSH public key line (\"ssh-ed25519 AAAA... comment\"); Azure requires one when password authentication is off"))
	}
	if a.Runner != nil {
		errs = append(errs, a.Runner.validate("runner")...)
	}
	for _, g := range []struct {
		path   string
		groups []string
	}{{"adminLoginGroups", a.AdminLoginGroups}, {"userLoginGroups", a.UserLoginGroups}} {
		for i, id := range g.groups {
			if !ids.IsGUID(id) {
				errs = append(errs, resopt.ArgError(fmt.Sprintf("%s[%d]", g.path, i), id, "an Entra ID group object ID (GUID)"))
			}
		}
	}
	for k, v := range a.DeployScopes {
		if v == nil {
			errs = append(errs, resopt.ArgError("deployScopes."+k, nil, "a cluster resource ID"))
		}
	}
	return errs
}

func (r RunnerArgs) validate(path string) []error {
	var errs []error
	u, err := url.Parse(r.URL)
	switch r.Kind {
	case RunnerGitHubActions:
		if err != nil || u.Scheme != "https" || u.Host != "github.com" || !ghPathRe.MatchString(u.Path) {
			errs = append(errs, resopt.ArgError(path+".url", r.URL, "https://github.com/<org> or https://github.com/<org>/<repo>"))
		}
		if r.Pool != "" {
			errs = append(errs, resopt.ArgError(path+".pool", r.Pool, "unset for GitHub Actions (pools are Azure Pipelines); use labels"))
		}
	case RunnerAzurePipelines:
		if err != nil || u.Scheme != "https" || u.Host != "dev.azure.com" || !adoPathRe.MatchString(u.Path) {
			errs = append(errs, resopt.ArgError(path+".url", r.URL, "https://dev.azure.com/<organization>"))
		}
		if len(r.Labels) > 0 {
			errs = append(errs, resopt.ArgError(path+".labels", r.Labels, "unset for Azure Pipelines (agents take capabilities from their pool)"))
		}
	default:
		errs = append(errs, resopt.ArgError(path+".kind", r.Kind, "%q or %q", RunnerGitHubActions, RunnerAzurePipelines))
	}
	for i, l := range r.Labels {
		if !labelRe.MatchString(l) {
			errs = append(errs, resopt.ArgError(fmt.Sprintf("%s.labels[%d]", path, i), l, "1-64 letters, digits, '.', '_' or '-'"))
		}
	}
	if !vaultNameRe.MatchString(r.KeyVaultName) || strings.Contains(r.KeyVaultName, "--") {
		errs = append(errs, resopt.ArgError(path+".keyVaultName", r.KeyVaultName, "a Key Vault name (3-24 letters, digits and '-', starting with a letter)"))
	}
	if r.KeyVaultID == nil {
		errs = append(errs, resopt.ArgError(path+".keyVaultId", nil, "required (the vault holding the token)"))
	}
	if !secretNameRe.MatchString(r.TokenSecretName) {
		errs = append(errs, resopt.ArgError(path+".tokenSecretName", r.TokenSecretName, "a Key Vault secret name (1-127 letters, digits and '-')"))
	}
	return errs
}

func abbreviate(s string) string {
	if len(s) > 24 {
		return s[:24] + "..."
	}
	return s
}
