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
	cfg := d.Config
	sc := cfg.Spokes[key]
	c := sc.Cluster
	spoke := d.Spokes[key]
	prefix := "spoke-" + key
	seed := sc.ResourceGroupName + "/" + c.ClusterName
	tags := stackTags(cfg)
	subnetID := func(k string) pulumi.StringInput { return spoke.Network.SubnetIDs.MapIndex(pulumi.String(k)) }

	zone := pulumi.StringInput(pulumi.String(privateaks.PrivateDNSZoneSystem))
	if c.PrivateDNSZone == clusterspec.APIServerZoneBYO {
		zone = d.DNS.ZoneIDs.MapIndex(pulumi.String(privatedns.PurposeAPIServer))
	}
	ids, err := identities.NewIdentities(ctx, prefix+"-identities", &identities.IdentitiesArgs{
		ResourceGroupName:        spoke.ResourceGroup.Name,
		Location:                 cfg.Location,
		ControlPlaneIdentityName: azname.IdentityName(c.ClusterName, azname.RoleControlPlane),
		KubeletIdentityName:      azname.IdentityName(c.ClusterName, azname.RoleKubelet),
		Seed:                     seed,
		NetworkScopes:            identities.SpokeScopes(spoke.Network, append([]string{privateaks.SystemPoolName}, c.PoolNames()...)),
		PrivateDNSZoneID:         zone,
		VnetID:                   spoke.Network.VnetID,
		Tags:                     tags,
		Protect:                  cfg.IsProtected(),
	}, opts.native)
	if err != nil {
		return nil, err
	}

	// The cluster waits for exactly what it needs: its role assignments,
	// egress through the firewall (nodes pull images while they bootstrap),
	// the peerings that carry that egress, and the API server zone's links
	// (nodes resolve the private API server through them).
	deps := append([]pulumi.Resource{}, ids.Assignments...)
	deps = append(deps, d.Hub.EgressReady...)
	deps = append(deps, spoke.Network.Peerings...)
	deps = append(deps, d.DNS.LinksByZone[privatedns.PurposeAPIServer]...)

	userPools := map[string]privateaks.NodePoolArgs{}
	for _, name := range c.PoolNames() {
		userPools[name] = poolArgs(c.UserPools[name], subnetID(spokenetwork.NodeSubnetKey(name)))
	}
	aksArgs := &privateaks.PrivateAKSArgs{
		ResourceGroupName: spoke.ResourceGroup.Name,
		Location:          cfg.Location,
		Seed:              seed,
		// The cluster's settings and names as they are (clusterspec.Settings,
		// clusterspec.Names).
		Settings:                 c.Settings,
		Names:                    c.Names,
		PrivateDNSZoneID:         zone,
		Network:                  c.Network,
		Maintenance:              c.Maintenance,
		SystemPool:               poolArgs(c.SystemPool, subnetID(spokenetwork.NodeSubnetKey(privateaks.SystemPoolName))),
		UserPools:                userPools,
		PrivateEndpointSubnetID:  subnetID(spokenetwork.KeyPrivateEndpoints),
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
		Tags:                     tags,
		// A protected cluster cannot be replaced; naming a replacing field
		// in acknowledgeReplacement lifts that for this spoke.
		Protect: cfg.IsProtected() && !cfg.AcknowledgesReplacement(key),
	}
	aksArgs.UseIdentities(ids)
	aks, err := privateaks.NewPrivateAKS(ctx, prefix+"-aks", aksArgs, opts.native)
	if err != nil {
		return nil, err
	}
	parts := &ClusterParts{Identities: ids, Cluster: aks, WorkloadIdentities: map[string]*identities.WorkloadIdentity{}}

	for _, name := range slices.Sorted(maps.Keys(c.WorkloadIdentities)) {
		wi, err := identities.NewWorkloadIdentity(ctx, prefix+"-wi-"+name, &identities.WorkloadIdentityArgs{
			ResourceGroupName: spoke.ResourceGroup.Name,
			Location:          cfg.Location,
			IdentityName:      name,
			IssuerURL:         aks.OIDCIssuerURL,
			// The identity's spec as the stack holds it (identityspec).
			WorkloadIdentity: c.WorkloadIdentities[name],
			// Pods that get a token must also be allowed to read the
			// spoke's (RBAC-mode) vault, unless the identity opts out.
			KeyVaultID: aks.KeyVaultID,
			Seed:       seed,
			Tags:       tags,
			Protect:    cfg.IsProtected(),
		}, opts.native)
		if err != nil {
			return nil, err
		}
		parts.WorkloadIdentities[name] = wi
	}

	// The ingress controller's identity: it reads the TLS certificate from
	// the spoke's vault through the Secrets Store CSI driver
	// (cluster-manifests/infrastructure/ingress).
	ingressWI, err := identities.NewWorkloadIdentity(ctx, prefix+"-wi-ingress", &identities.WorkloadIdentityArgs{
		ResourceGroupName: spoke.ResourceGroup.Name,
		Location:          cfg.Location,
		IdentityName:      azname.IdentityName(c.ClusterName, azname.RoleIngress),
		IssuerURL:         aks.OIDCIssuerURL,
		WorkloadIdentity: identityspec.WorkloadIdentity{
			ServiceAccounts: []string{clustervars.IngressNamespace + "/" + clustervars.IngressServiceAccount},
			KeyVaultRole:    identities.KeyVaultSecretsUser,
		},
		KeyVaultID: aks.KeyVaultID,
		Seed:       seed,
		Tags:       tags,
		Protect:    cfg.IsProtected(),
	}, opts.native)
	if err != nil {
		return nil, err
	}
	parts.IngressIdentity = ingressWI

	access, err := identities.NewClusterAccess(ctx, prefix+"-access", &identities.ClusterAccessArgs{
		ClusterID:            aks.ClusterID,
		Seed:                 seed,
		AdminGroupObjectIDs:  c.AdminGroupObjectIDs,
		NamespaceAccess:      c.NamespaceAccess,
		KeyVaultID:           aks.KeyVaultID,
		SecretsOfficerGroups: c.KeyVault.SecretsOfficerGroups,
	}, opts.native)
	if err != nil {
		return nil, err
	}
	parts.Access = access

	if f := cfg.Flux; f.Enabled == nil || *f.Enabled {
		flux, err := deployFlux(ctx, cfg, prefix, c.ClusterName, spoke.ResourceGroup.Name, aks, fluxSubstitutions(cfg, key, aks, ingressWI, parts.WorkloadIdentities), opts)
		if err != nil {
			return nil, err
		}
		parts.Flux = flux
	}
	return parts, nil
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
