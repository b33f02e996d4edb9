package stacks

import (
	"fmt"
	"maps"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/components/fluxbootstrap"
	"github.com/privateaks/privateaks/components/identities"
	"github.com/privateaks/privateaks/components/identities/identityspec"
	"github.com/privateaks/privateaks/components/privateaks"
	"github.com/privateaks/privateaks/components/privateaks/clusterspec"
	"github.com/privateaks/privateaks/components/privatedns"
	"github.com/privateaks/privateaks/components/spokenetwork"
	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/clustervars"
	"github.com/privateaks/privateaks/stacks/stackconfig"
)

// ClusterParts are one spoke's cluster and what hangs off it.
type ClusterParts struct {
	Identities         *identities.Identities
	Cluster            *privateaks.PrivateAKS
	Access             *identities.ClusterAccess
	WorkloadIdentities map[string]*identities.WorkloadIdentity
	// IngressIdentity is the ingress controller's (Key Vault Secrets User).
	IngressIdentity *identities.WorkloadIdentity
	Flux            *fluxbootstrap.FluxBootstrap
}

// deployCluster creates a spoke's identities (before the cluster, so they
// can be authorised first), the cluster with its registry, vault and
// monitoring, then the workload identities, cluster access and Flux.
func deployCluster(ctx *pulumi.Context, d *Deployment, key string, opts clusterOpts) (*ClusterParts, error) {
	k := d.clusterContext(key)
	c := k.cluster
	ids, err := identities.NewIdentities(ctx, k.prefix+"-identities", &identities.IdentitiesArgs{
		ResourceGroupName:        k.spoke.ResourceGroup.Name,
		Location:                 d.Config.Location,
		ControlPlaneIdentityName: azname.IdentityName(c.ClusterName, azname.RoleControlPlane),
		KubeletIdentityName:      azname.IdentityName(c.ClusterName, azname.RoleKubelet),
		Seed:                     k.seed,
		NetworkScopes:            identities.SpokeScopes(k.spoke.Network, append([]string{privateaks.SystemPoolName}, c.PoolNames()...)),
		PrivateDNSZoneID:         k.zone,
		VnetID:                   k.spoke.Network.VnetID,
		Tags:                     k.tags,
		Protect:                  d.Config.IsProtected(),
	}, opts.native)
	if err != nil {
		return nil, err
	}
	aks, err := privateaks.NewPrivateAKS(ctx, k.prefix+"-aks", clusterArgs(d, k, ids), opts.native)
	if err != nil {
		return nil, err
	}
	parts := &ClusterParts{Identities: ids, Cluster: aks, WorkloadIdentities: map[string]*identities.WorkloadIdentity{}}
	for _, name := range slices.Sorted(maps.Keys(c.WorkloadIdentities)) {
		// The identity's spec as the stack holds it (identityspec).
		wi, err := newWorkloadIdentity(ctx, d, k, aks, "-wi-"+name, name, c.WorkloadIdentities[name], opts)
		if err != nil {
			return nil, err
		}
		parts.WorkloadIdentities[name] = wi
	}
	// The ingress controller's identity: it reads the TLS certificate from
	// the spoke's vault through the Secrets Store CSI driver
	// (cluster-manifests/infrastructure/ingress).
	parts.IngressIdentity, err = newWorkloadIdentity(ctx, d, k, aks, "-wi-ingress", azname.IdentityName(c.ClusterName, azname.RoleIngress), identityspec.WorkloadIdentity{
		ServiceAccounts: []string{clustervars.IngressNamespace + "/" + clustervars.IngressServiceAccount},
		KeyVaultRole:    identities.KeyVaultSecretsUser,
	}, opts)
	if err != nil {
		return nil, err
	}
	parts.Access, err = identities.NewClusterAccess(ctx, k.prefix+"-access", &identities.ClusterAccessArgs{
		ClusterID:            aks.ClusterID,
		Seed:                 k.seed,
		AdminGroupObjectIDs:  c.AdminGroupObjectIDs,
		NamespaceAccess:      c.NamespaceAccess,
		KeyVaultID:           aks.KeyVaultID,
		SecretsOfficerGroups: c.KeyVault.SecretsOfficerGroups,
	}, opts.native)
	if err != nil {
		return nil, err
	}
	if f := d.Config.Flux; f.Enabled == nil || *f.Enabled {
		subst := fluxSubstitutions(d.Config, key, aks, parts.IngressIdentity, parts.WorkloadIdentities)
		if parts.Flux, err = deployFlux(ctx, d.Config, k.prefix, c.ClusterName, k.spoke.ResourceGroup.Name, aks, subst, opts); err != nil {
			return nil, err
		}
	}
	return parts, nil
}

// clusterContext is what every part of one spoke's cluster is named and
// placed by.
type clusterContext struct {
	key     string
	cluster stackconfig.Cluster
	spoke   *Spoke
	// prefix of the logical names ("spoke-blue").
	prefix string
	// seed makes the role assignments' GUIDs unique to the cluster.
	seed string
	tags map[string]string
	// zone is the API server's private DNS zone: "system", or the hub's
	// zone's ID when the config brings its own.
	zone pulumi.StringInput
}

func (d *Deployment) clusterContext(key string) clusterContext {
	sc := d.Config.Spokes[key]
	zone := pulumi.StringInput(pulumi.String(privateaks.PrivateDNSZoneSystem))
	if sc.Cluster.PrivateDNSZone == clusterspec.APIServerZoneBYO {
		zone = d.DNS.ZoneIDs.MapIndex(pulumi.String(privatedns.PurposeAPIServer))
	}
	return clusterContext{
		key:     key,
		cluster: sc.Cluster,
		spoke:   d.Spokes[key],
		prefix:  "spoke-" + key,
		seed:    sc.ResourceGroupName + "/" + sc.Cluster.ClusterName,
		tags:    stackTags(d.Config),
		zone:    zone,
	}
}

// subnetID is the spoke's subnet at a spokenetwork key.
func (k clusterContext) subnetID(key string) pulumi.StringInput {
	return k.spoke.Network.SubnetIDs.MapIndex(pulumi.String(key))
}

// clusterArgs are the cluster component's arguments: the stack's specs as
// they are, the spoke's subnets, the hub's zones, and what the cluster
// waits for.
func clusterArgs(d *Deployment, k clusterContext, ids *identities.Identities) *privateaks.PrivateAKSArgs {
	cfg, c := d.Config, k.cluster
	// The cluster waits for exactly what it needs: its role assignments,
	// egress through the firewall (nodes pull images while they bootstrap),
	// the peerings that carry that egress, and the API server zone's links
	// (nodes resolve the private API server through them).
	deps := append([]pulumi.Resource{}, ids.Assignments...)
	deps = append(deps, d.Hub.EgressReady...)
	deps = append(deps, k.spoke.Network.Peerings...)
	deps = append(deps, d.DNS.LinksByZone[privatedns.PurposeAPIServer]...)

	userPools := map[string]privateaks.NodePoolArgs{}
	for _, name := range c.PoolNames() {
		userPools[name] = poolArgs(c.UserPools[name], k.subnetID(spokenetwork.NodeSubnetKey(name)))
	}
	args := &privateaks.PrivateAKSArgs{
		ResourceGroupName: k.spoke.ResourceGroup.Name,
		Location:          cfg.Location,
		Seed:              k.seed,
		// The cluster's settings and names as they are (clusterspec.Settings,
		// clusterspec.Names).
		Settings:                 c.Settings,
		Names:                    c.Names,
		PrivateDNSZoneID:         k.zone,
		Network:                  c.Network,
		Maintenance:              c.Maintenance,
		SystemPool:               poolArgs(c.SystemPool, k.subnetID(spokenetwork.NodeSubnetKey(privateaks.SystemPoolName))),
		UserPools:                userPools,
		PrivateEndpointSubnetID:  k.subnetID(spokenetwork.KeyPrivateEndpoints),
		RegistryPrivateDNSZoneID: d.DNS.ZoneIDs.MapIndex(pulumi.String(privatedns.PurposeACR)),
		KeyVaultPrivateDNSZoneID: d.DNS.ZoneIDs.MapIndex(pulumi.String(privatedns.PurposeKeyVault)),
		Registry:                 c.Registry,
		RegistryCacheRules:       cacheRules(),
		ManagedPrometheus:        true,
		PrivateMonitorIngestion:  true,
		KeyVault:                 c.KeyVault.KeyVault,
		LogAnalytics:             c.LogAnalytics,
		KMS:                      c.KMS,
		DiskEncryption:           c.DiskEncryption,
		DependsOn:                deps,
		Tags:                     k.tags,
		// A protected cluster cannot be replaced; naming a replacing field
		// in acknowledgeReplacement lifts that for this spoke.
		Protect: cfg.IsProtected() && !cfg.AcknowledgesReplacement(k.key),
	}
	args.UseIdentities(ids)
	return args
}

// newWorkloadIdentity creates one workload identity federated with the
// cluster's issuer; pods that get a token may also read the spoke's
// (RBAC-mode) vault, unless the identity opts out.
func newWorkloadIdentity(ctx *pulumi.Context, d *Deployment, k clusterContext, aks *privateaks.PrivateAKS, suffix, identityName string, spec identityspec.WorkloadIdentity, opts clusterOpts) (*identities.WorkloadIdentity, error) {
	return identities.NewWorkloadIdentity(ctx, k.prefix+suffix, &identities.WorkloadIdentityArgs{
		ResourceGroupName: k.spoke.ResourceGroup.Name,
		Location:          d.Config.Location,
		IdentityName:      identityName,
		IssuerURL:         aks.OIDCIssuerURL,
		WorkloadIdentity:  spec,
		KeyVaultID:        aks.KeyVaultID,
		Seed:              k.seed,
		Tags:              k.tags,
		Protect:           d.Config.IsProtected(),
	}, opts.native)
}

// poolArgs hands the pool's spec to the component as it is (the stack and
// the component share clusterspec.NodePool) with the pool's subnet.
func poolArgs(p stackconfig.NodePool, subnet pulumi.StringInput) privateaks.NodePoolArgs {
	return privateaks.NodePoolArgs{NodePool: p.NodePool, SubnetID: subnet}
}

// fluxSubstitutions are the ${VARIABLES} cluster-manifests/ uses, with
// this cluster's values (internal/clustervars): config values as they are,
// the registry's login server, the tenant and the identities' client IDs
// from Azure. Every workload-identity service account of the stack gets its
// variable; it is empty on a cluster that has no identity for it, so one
// overlay serves every cluster of the stack.
func fluxSubstitutions(cfg stackconfig.Config, key string, aks *privateaks.PrivateAKS, ingress *identities.WorkloadIdentity, wis map[string]*identities.WorkloadIdentity) pulumi.StringMap {
	m := pulumi.StringMap{}
	for k, v := range clustervars.Plain(cfg, key) {
		m[k] = pulumi.String(v)
	}
	m[clustervars.Registry] = aks.RegistryLoginServer
	m[clustervars.TenantID] = ingress.TenantID
	m[clustervars.IngressClientID] = ingress.ClientID
	for name, owner := range clustervars.ClientIDOwners(cfg, key) {
		if wi, ok := wis[owner]; ok && owner != "" {
			m[name] = wi.ClientID
		} else {
			m[name] = pulumi.String("")
		}
	}
	return m
}

func deployFlux(ctx *pulumi.Context, cfg stackconfig.Config, prefix, clusterName string, spokeRG pulumi.StringInput, aks *privateaks.PrivateAKS, substitute pulumi.StringMap, opts clusterOpts) (*fluxbootstrap.FluxBootstrap, error) {
	f := cfg.Flux
	args := &fluxbootstrap.FluxBootstrapArgs{
		// The stack's Flux config is the component's spec, handed over as
		// it is (fluxspec).
		Spec:          f.Spec,
		ClusterID:     aks.ClusterID,
		DependsOn:     aks.WorkloadsReady,
		SSHKnownHosts: cfg.Secrets.FluxSSHKnownHosts,
		HTTPSUsername: cfg.Secrets.FluxHTTPSUsername,
		Kubeconfig:    aks.Kubeconfig,
		Substitute:    substitute,
	}
	// Credentials stay secrets from config to provider (validation already
	// refused them in plain config). Only the auth mode's own credential is
	// passed: a leftover key of another mode is ignored, not an error.
	switch f.Auth {
	case stackconfig.FluxAuthSSH:
		if s := cfg.Secrets.FluxSSHPrivateKey; s != nil {
			args.SSHPrivateKey = pulumi.ToSecret(pulumi.String(s.Value)).(pulumi.StringOutput)
		}
	case stackconfig.FluxAuthHTTPS:
		if s := cfg.Secrets.FluxHTTPSToken; s != nil {
			args.HTTPSToken = pulumi.ToSecret(pulumi.String(s.Value)).(pulumi.StringOutput)
		}
	case stackconfig.FluxAuthWorkloadID:
		// Flux's source-controller reads Azure DevOps as this identity; grant
		// it access to the repository in Azure DevOps (outside Azure RBAC).
		wi, err := identities.NewWorkloadIdentity(ctx, prefix+"-flux-wi", &identities.WorkloadIdentityArgs{
			ResourceGroupName: spokeRG,
			Location:          cfg.Location,
			IdentityName:      azname.IdentityName(clusterName, azname.RoleFlux),
			IssuerURL:         aks.OIDCIssuerURL,
			// It reads Azure DevOps, not the vault.
			WorkloadIdentity: identityspec.WorkloadIdentity{
				ServiceAccounts: []string{fluxbootstrap.Namespace + "/source-controller"},
				KeyVaultRole:    identities.KeyVaultNone,
			},
			Tags:    stackTags(cfg),
			Protect: cfg.IsProtected(),
		}, opts.native)
		if err != nil {
			return nil, err
		}
		args.WorkloadIdentityClientID = wi.ClientID
	}
	o := append([]pulumi.ResourceOption(nil), opts.under...)
	if f.Mode == stackconfig.FluxModeExtension {
		o = []pulumi.ResourceOption{opts.classic}
	}
	flux, err := fluxbootstrap.NewFluxBootstrap(ctx, prefix+"-flux", args, o...)
	if err != nil {
		return nil, fmt.Errorf("flux for %s: %w", prefix, err)
	}
	return flux, nil
}

// clusterOpts are the provider options the cluster parts get.
type clusterOpts struct {
	native  pulumi.ResourceOption // Providers(azure-native)
	classic pulumi.ResourceOption // Providers(azure-native, azure) for the Flux extension
	// under are DeployUnder's options (both of the above include them),
	// for what takes neither provider set (Flux in manifests mode).
	under []pulumi.ResourceOption
}

// cacheRules are the registry cache rules for every upstream repository the
// cluster manifests and Flux (mode manifests) pull (internal/clustervars).
func cacheRules() []privateaks.RegistryCacheRule {
	var out []privateaks.RegistryCacheRule
	for _, r := range clustervars.CacheRules {
		out = append(out, privateaks.RegistryCacheRule{Name: r.Name, Source: r.Source, Target: r.Target})
	}
	return out
}
