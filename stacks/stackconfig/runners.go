package stackconfig

import (
	"fmt"
	"strings"

	"github.com/privateaks/privateaks/components/jumpbox/jumpboxspec"
	"github.com/privateaks/privateaks/internal/fielderr"
)

// Runners are the jump boxes and self-hosted CI runners in the hub's
// management subnet (hub.runners): a Linux VM scale set, the only machines
// with line of sight to the private API servers besides the nodes.
type Runners struct {
	// Enabled creates the scale set (default false).
	Enabled bool `json:"enabled,omitempty"`
	// Name (default "vmss-<prefix>-runners"), VM size, capacity (default
	// 1), zones (default: the region's), the break-glass account and the
	// login groups: the component's spec (jumpboxspec; its keys sit at
	// this level). AdminLoginGroups sign in besides every cluster's
	// adminGroupObjectIds, which always may: the jump boxes are their way
	// to the private API servers (LoginAdmins).
	jumpboxspec.Jumpbox
	// Runner optionally registers a CI runner on every instance.
	Runner RunnerRegistration `json:"runner"`
	// DeployRoles grants the scale set's identity Cluster User and RBAC
	// Cluster Admin on every cluster, for `pulumi up` in flux.mode
	// "manifests" from the runners (default false).
	DeployRoles bool `json:"deployRoles,omitempty"`
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

// RunnerRegistration is the CI service the runners register with: the
// component's spec (jumpboxspec: kind, URL, pool, labels, the token's
// secret name) and the spoke whose Key Vault holds the token.
type RunnerRegistration struct {
	jumpboxspec.Registration
	// KeyVaultSpoke names the spoke whose Key Vault holds the token.
	KeyVaultSpoke string `json:"keyVaultSpoke,omitempty"`
}

func runnersDefaults(r Runners, prefix string, zones []string) Runners {
	if !r.Enabled {
		return r
	}
	setDefault(&r.Name, fmt.Sprintf("vmss-%s-runners", prefix))
	if r.Zones == nil {
		r.Zones = append([]string{}, zones...)
	}
	r.Jumpbox = r.Jumpbox.WithDefaults()
	r.Runner.Registration = r.Runner.Registration.WithDefaults()
	return r
}

func validateRunners(c Config) []error {
	r := c.Hub.Runners
	path := "hub.runners"
	if !r.Enabled {
		return nil
	}
	var errs []error
	// The login groups are checked with every other Entra ID, enabled or
	// not (validateEntraIDs: the same words, and placeholders).
	spec := r.Jumpbox
	spec.AdminLoginGroups, spec.UserLoginGroups = nil, nil
	errs = append(errs, spec.Validate(path)...)
	if r.DeployRoles && c.Flux.Mode != FluxModeManifests {
		errs = append(errs, fieldErr(join(path, "deployRoles"), true, "only with flux.mode %q (the runners then run `pulumi up` for the in-cluster install); the extension mode needs no cluster roles on the runners", FluxModeManifests))
	}
	errs = append(errs, validateRunnerRegistration(r.Runner, c, join(path, "runner"))...)
	return errs
}

func validateRunnerRegistration(r RunnerRegistration, c Config, path string) []error {
	errs := r.Registration.Validate(path)
	if r.Kind == "" {
		if r.KeyVaultSpoke != "" && r.Registration.IsZero() {
			errs = append(errs, jumpboxspec.KindRequired(path))
		}
		return errs
	}
	if _, ok := c.Spokes[r.KeyVaultSpoke]; !ok {
		errs = append(errs, fieldErr(join(path, "keyVaultSpoke"), r.KeyVaultSpoke, "one of the spokes (%s): the runners read the token from that spoke's Key Vault", fielderr.QuoteAll(c.SpokeKeys())))
	}
	return errs
}
