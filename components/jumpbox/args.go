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
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/components/jumpbox/jumpboxspec"
	"github.com/privateaks/privateaks/components/privateaks/clusterspec"
	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/resopt"
)

// Runner kinds (jumpboxspec).
const (
	RunnerGitHubActions  = jumpboxspec.KindGitHubActions
	RunnerAzurePipelines = jumpboxspec.KindAzurePipelines
)

// Defaults and limits (jumpboxspec).
const (
	DefaultVMSize        = jumpboxspec.DefaultVMSize
	DefaultCapacity      = jumpboxspec.DefaultCapacity
	DefaultAdminUsername = jumpboxspec.DefaultAdminUsername
	DefaultPool          = jumpboxspec.DefaultPool
	MaxCapacity          = jumpboxspec.MaxCapacity
)

// JumpboxArgs configures the scale set.
type JumpboxArgs struct {
	// ResourceGroupName holds the scale set and its identity (required).
	ResourceGroupName pulumi.StringInput
	// Location is the Azure region (required).
	Location string
	// IdentityName of the scale set's user-assigned identity (default
	// "id-" + Name; the name is the spec's).
	IdentityName string
	// SubnetID is the hub's management subnet (required).
	SubnetID pulumi.StringInput
	// Jumpbox is the scale set's name (required), the VM size (default
	// Standard_D2ds_v5), the capacity (nil: 1; 0 to MaxCapacity), the zones
	// (none = regional; none at all in a region without zones), the break-glass
	// account (AdminUsername default azureuser; SSHPublicKey required) and
	// the Entra ID login groups (AdminLoginGroups: Virtual Machine
	// Administrator Login, with sudo; UserLoginGroups: Virtual Machine User
	// Login; granted on the scale set): jumpboxspec, the same type the
	// stack config holds.
	jumpboxspec.Jumpbox
	// Runner optionally registers a self-hosted CI runner at boot (nil, or
	// an unset Kind with nothing else set: none).
	Runner *RunnerArgs
	// DeployScopes are the clusters whose API the identity may use for
	// manifests-mode `pulumi up` (Cluster User and RBAC Cluster Admin on
	// each), keyed by a stable name. Empty grants nothing.
	DeployScopes map[string]pulumi.StringInput
	// Tags for every resource.
	Tags map[string]string
	// Protect the identity (its principal ID is what roles are granted to).
	Protect bool
}

// RunnerArgs registers a GitHub Actions runner or Azure Pipelines agent.
type RunnerArgs struct {
	// Registration is the kind (RunnerGitHubActions or
	// RunnerAzurePipelines), the URL (https://github.com/<org>[/<repo>] or
	// https://dev.azure.com/<org>), the pool (Azure Pipelines; default
	// "Default") or extra labels (GitHub) and TokenSecretName: jumpboxspec,
	// the same type the stack config holds.
	jumpboxspec.Registration
	// KeyVaultName and KeyVaultID name the vault holding TokenSecretName: a
	// GitHub token that may create runner registration tokens, or an Azure
	// DevOps PAT with Agent Pools (read, manage). The identity gets Key
	// Vault Secrets User on that vault.
	KeyVaultName string
	KeyVaultID   pulumi.StringInput
}

// isZero reports whether nothing of the registration is set.
func (r RunnerArgs) isZero() bool {
	return r.Registration.IsZero() && r.KeyVaultName == "" && r.KeyVaultID == nil
}

func (a JumpboxArgs) withDefaults() JumpboxArgs {
	if a.IdentityName == "" && a.Name != "" {
		a.IdentityName = azname.IdentityName(a.Name)
	}
	a.Jumpbox = a.Jumpbox.WithDefaults()
	if a.Runner != nil {
		if a.Runner.isZero() {
			a.Runner = nil
		} else {
			r := *a.Runner
			r.Registration = r.Registration.WithDefaults()
			a.Runner = &r
		}
	}
	return a
}

var (
	vaultNameRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9]$`)
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
	if err := azname.Check(azname.NetworkGeneric, a.IdentityName); err != nil {
		errs = append(errs, resopt.ArgError("identityName", a.IdentityName, "%v", err))
	}
	errs = append(errs, a.Jumpbox.Validate("")...)
	errs = append(errs, clusterspec.ValidateZonesIn(a.Location, a.Zones, "zones")...)
	if a.Runner != nil {
		errs = append(errs, a.Runner.validate("runner")...)
	}
	for k, v := range a.DeployScopes {
		if v == nil {
			errs = append(errs, resopt.ArgError("deployScopes."+k, nil, "a cluster resource ID"))
		}
	}
	return errs
}

func (r RunnerArgs) validate(path string) []error {
	errs := r.Registration.Validate(path)
	if r.Kind == "" {
		// Only the vault is set (the spec's keys would have been reported).
		if r.Registration.IsZero() {
			errs = append(errs, jumpboxspec.KindRequired(path))
		}
		return errs
	}
	if !vaultNameRe.MatchString(r.KeyVaultName) || strings.Contains(r.KeyVaultName, "--") {
		errs = append(errs, resopt.ArgError(path+".keyVaultName", r.KeyVaultName, "a Key Vault name (3-24 letters, digits and '-', starting with a letter)"))
	}
	if r.KeyVaultID == nil {
		errs = append(errs, resopt.ArgError(path+".keyVaultId", nil, "required (the vault holding the token)"))
	}
	return errs
}
