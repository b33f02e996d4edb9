package stackconfig

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/privateaks/privateaks/components/privateaks/clusterspec"
	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/fielderr"
)

// Runners are the jump boxes and self-hosted CI runners in the hub's
// management subnet (hub.runners): a Linux VM scale set, the only machines
// with line of sight to the private API servers besides the nodes.
type Runners struct {
	// Enabled creates the scale set (default false).
	Enabled bool `json:"enabled,omitempty"`
	// Name of the scale set (default "vmss-<prefix>-runners").
	Name string `json:"name,omitempty"`
	// VMSize (default Standard_D2ds_v5, whose temporary disk holds the
	// ephemeral OS disk).
	VMSize string `json:"vmSize,omitempty"`
	// Capacity is the instance count, 0 to 1000 (default 1).
	Capacity *int `json:"capacity,omitempty"`
	// Zones the instances spread over (default 1,2,3).
	Zones []string `json:"zones,omitempty"`
	// AdminUsername of the break-glass local account (default azureuser).
	AdminUsername string `json:"adminUsername,omitempty"`
	// SSHPublicKey of that account (required when enabled: Azure needs a
	// key with password authentication off; people sign in with Entra ID).
	SSHPublicKey string `json:"sshPublicKey,omitempty"`
	// Runner optionally registers a CI runner on every instance.
	Runner RunnerRegistration `json:"runner"`
	// DeployRoles grants the scale set's identity Cluster User and RBAC
	// Cluster Admin on every cluster, for `pulumi up` in flux.mode
	// "manifests" from the runners (default false).
	DeployRoles bool `json:"deployRoles,omitempty"`
	// AdminLoginGroups sign in to the instances with Entra ID and sudo
	// (Virtual Machine Administrator Login on the scale set), besides every
	// cluster's adminGroupObjectIds, which always may: the jump boxes are
	// their way to the private API servers. UserLoginGroups sign in
	// without sudo (Virtual Machine User Login). Whoever signs in can use
	// the scale set's identity through the instance metadata service.
	AdminLoginGroups []string `json:"adminLoginGroups,omitempty"`
	UserLoginGroups  []string `json:"userLoginGroups,omitempty"`
}

// LoginAdmins are the groups with administrator sign-in to the runners:
// every cluster's admin groups, then hub.runners.adminLoginGroups, each
// once, in that order.
func (c Config) LoginAdmins() []string {
	var out []string
	seen := map[string]bool{}
	add := func(ids []string) {
		for _, id := range ids {
			if k := strings.ToLower(id); !seen[k] {
				seen[k] = true
				out = append(out, id)
			}
		}
	}
	for _, k := range c.SpokeKeys() {
		add(c.Spokes[k].Cluster.AdminGroupObjectIDs)
	}
	add(c.Hub.Runners.AdminLoginGroups)
	return out
}

// RunnerRegistration is the CI service the runners register with.
type RunnerRegistration struct {
	// Kind is "githubActions", "azurePipelines" or "" (jump boxes only).
	Kind string `json:"kind,omitempty"`
	// URL is https://github.com/<org>[/<repo>] or https://dev.azure.com/<org>.
	URL string `json:"url,omitempty"`
	// Pool is the Azure Pipelines agent pool (default "Default").
	Pool string `json:"pool,omitempty"`
	// Labels are extra GitHub runner labels.
	Labels []string `json:"labels,omitempty"`
	// KeyVaultSpoke names the spoke whose Key Vault holds the token.
	KeyVaultSpoke string `json:"keyVaultSpoke,omitempty"`
	// TokenSecretName is the Key Vault secret with the registration
	// credential (a GitHub token that may create registration tokens, or an
	// Azure DevOps PAT). The value never goes into config.
	TokenSecretName string `json:"tokenSecretName,omitempty"`
}

// Runner kinds (hub.runners.runner.kind).
const (
	RunnerKindGitHubActions  = "githubActions"
	RunnerKindAzurePipelines = "azurePipelines"
)

// Defaults of hub.runners.
const (
	DefaultRunnersVMSize   = "Standard_D2ds_v5"
	DefaultRunnersCapacity = 1
	DefaultRunnersAdmin    = "azureuser"
	// MaxRunnersCapacity is a scale set's limit with a platform image
	// (MicrosoftDocs/azure-docs virtual-machine-scale-sets-placement-groups.md).
	MaxRunnersCapacity = 1000
)

func runnersDefaults(r Runners, prefix string, zones []string) Runners {
	if !r.Enabled {
		return r
	}
	setDefault(&r.Name, fmt.Sprintf("vmss-%s-runners", prefix))
	setDefault(&r.VMSize, DefaultRunnersVMSize)
	setDefault(&r.AdminUsername, DefaultRunnersAdmin)
	if r.Capacity == nil {
		n := DefaultRunnersCapacity
		r.Capacity = &n
	}
	if r.Zones == nil {
		r.Zones = append([]string{}, zones...)
	}
	if r.Runner.Kind == RunnerKindAzurePipelines {
		setDefault(&r.Runner.Pool, "Default")
	}
	return r
}

var (
	linuxUserRe  = regexp.MustCompile(`^[a-z_][a-z0-9_-]{0,31}$`)
	sshPubKeyRe  = regexp.MustCompile(`^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp256|ecdsa-sha2-nistp384|ecdsa-sha2-nistp521) [A-Za-z0-9+/]+={0,3}( .*)?$`)
	kvSecretRe   = regexp.MustCompile(`^[0-9A-Za-z-]{1,127}$`)
	runnerLblRe  = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)
	ghOwnerRe    = regexp.MustCompile(`^/[A-Za-z0-9-]+(/[A-Za-z0-9._-]+)?/?$`)
	adoOrgPathRe = regexp.MustCompile(`^/[A-Za-z0-9][A-Za-z0-9-]*/?$`)
	// Linux reserved user names Azure refuses as adminUsername.
	reservedLinuxUsers = map[string]bool{"root": true, "admin": true, "administrator": true, "guest": true, "user": true, "test": true, "sys": true}
)

func validateRunners(c Config) []error {
	r := c.Hub.Runners
	path := "hub.runners"
	if !r.Enabled {
		return nil
	}
	var errs []error
	if r.Name == "" || len(r.Name) > 64 || azname.Check(azname.NetworkGeneric, r.Name) != nil {
		errs = append(errs, fieldErr(join(path, "name"), r.Name, "1-64 letters, digits, '-', '_' or '.', starting with a letter or digit (a scale set name)"))
	}
	if !clusterspec.IsVMSize(r.VMSize) {
		errs = append(errs, fieldErr(join(path, "vmSize"), r.VMSize, "an Azure VM size such as %q", DefaultRunnersVMSize))
	}
	if r.Capacity != nil && (*r.Capacity < 0 || *r.Capacity > MaxRunnersCapacity) {
		errs = append(errs, fieldErr(join(path, "capacity"), *r.Capacity, "0 to %d instances", MaxRunnersCapacity))
	}
	errs = append(errs, validateZones(r.Zones, join(path, "zones"))...)
	if !linuxUserRe.MatchString(r.AdminUsername) || reservedLinuxUsers[r.AdminUsername] {
		errs = append(errs, fieldErr(join(path, "adminUsername"), r.AdminUsername, "a Linux user name (lowercase letters, digits, '_' or '-', at most 32) other than root, admin, administrator, guest, user, test or sys"))
	}
	if !sshPubKeyRe.MatchString(strings.TrimSpace(r.SSHPublicKey)) {
		v := r.SSHPublicKey
		if len(v) > 24 {
			v = v[:24] + "..."
		}
		errs = append(errs, fieldErr(join(path, "sshPublicKey"), v, "an OpenSSH public key line (\"ssh-ed25519 AAAA... comment\"): Azure requires one when password authentication is off"))
	}
	if r.DeployRoles && c.Flux.Mode != FluxModeManifests {
		errs = append(errs, fieldErr(join(path, "deployRoles"), true, "only with flux.mode %q (the runners then run `pulumi up` for the in-cluster install); the extension mode needs no cluster roles on the runners", FluxModeManifests))
	}
	errs = append(errs, validateRunnerRegistration(r.Runner, c, join(path, "runner"))...)
	return errs
}

func validateRunnerRegistration(r RunnerRegistration, c Config, path string) []error {
	if r.Kind == "" {
		if r.URL != "" || r.TokenSecretName != "" || r.KeyVaultSpoke != "" || r.Pool != "" || len(r.Labels) > 0 {
			return []error{fieldErr(join(path, "kind"), r.Kind, "%q or %q when the other runner keys are set", RunnerKindGitHubActions, RunnerKindAzurePipelines)}
		}
		return nil
	}
	var errs []error
	u, err := url.Parse(r.URL)
	switch r.Kind {
	case RunnerKindGitHubActions:
		if err != nil || u.Scheme != "https" || u.Host != "github.com" || !ghOwnerRe.MatchString(u.Path) {
			errs = append(errs, fieldErr(join(path, "url"), r.URL, "https://github.com/<org> or https://github.com/<org>/<repo>"))
		}
		if r.Pool != "" {
			errs = append(errs, fieldErr(join(path, "pool"), r.Pool, "unset for GitHub Actions (pools are Azure Pipelines'); use labels"))
		}
	case RunnerKindAzurePipelines:
		if err != nil || u.Scheme != "https" || u.Host != "dev.azure.com" || !adoOrgPathRe.MatchString(u.Path) {
			errs = append(errs, fieldErr(join(path, "url"), r.URL, "https://dev.azure.com/<organization>"))
		}
		if len(r.Labels) > 0 {
			errs = append(errs, fieldErr(join(path, "labels"), r.Labels, "unset for Azure Pipelines (agents take capabilities from their pool)"))
		}
	default:
		errs = append(errs, fieldErr(join(path, "kind"), r.Kind, "one of %q, %q or unset", RunnerKindAzurePipelines, RunnerKindGitHubActions))
	}
	for i, l := range r.Labels {
		if !runnerLblRe.MatchString(l) {
			errs = append(errs, fieldErr(fmt.Sprintf("%s.labels[%d]", path, i), l, "1-64 letters, digits, '.', '_' or '-'"))
		}
	}
	if _, ok := c.Spokes[r.KeyVaultSpoke]; !ok {
		errs = append(errs, fieldErr(join(path, "keyVaultSpoke"), r.KeyVaultSpoke, "one of the spokes (%s): the runners read the token from that spoke's Key Vault", fielderr.QuoteAll(c.SpokeKeys())))
	}
	if !kvSecretRe.MatchString(r.TokenSecretName) {
		errs = append(errs, fieldErr(join(path, "tokenSecretName"), r.TokenSecretName, "a Key Vault secret name (1-127 letters, digits and '-'); the token itself goes into the vault, never into config"))
	}
	return errs
}
