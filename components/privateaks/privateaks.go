// Package privateaks is one private, hardened AKS cluster as the AKS secure
// baseline draws it, with everything that belongs to that cluster:
//
//   - the managed cluster (containerservice 2024-09-01): private API server
//     on our private DNS zone without a public FQDN, run command off; Azure
//     CNI (overlay by default) with a network policy, egress through the hub
//     firewall (userDefinedRouting); Entra ID with Azure RBAC, local accounts
//     off; BYO control-plane and kubelet identities; OIDC issuer and
//     workload identity; Defender, image cleaner; the Key Vault CSI driver
//     with rotation, Azure Policy and Container Insights add-ons; upgrade
//     channels with weekly maintenance windows;
//   - the system pool inline (tainted CriticalAddonsOnly, zonal, ephemeral
//     OS disk, encryption at host, AzureLinux) and user pools as separate
//     AgentPool resources, each on its own subnet, created one after another;
//   - a Premium container registry and a Key Vault, both with public access
//     disabled and private endpoints, AcrPull for the kubelet identity;
//   - a Log Analytics workspace with the control-plane audit logs;
//   - Azure Policy assignments (pod security restricted, resource limits,
//     allowed images, read-only root filesystem, internal load balancers,
//     HTTPS ingress);
//   - a kubeconfig output (secret) converted for non-interactive kubelogin.
//
// Container Insights runs with managed-identity auth (useAADAuth). Its data
// collection rule (streams Microsoft-ContainerInsights-Group-Default to the
// workspace) is registered by type token (internal/untyped) and its
// association with the cluster through insights v20230311 (insights.go).
//
// What Azure or the autoscaler changes after creation never produces a diff:
// node counts and pool orchestrator versions are ignored, the Kubernetes
// version is a pinned minor, every list is sorted and every enum has one
// letter case.
package privateaks

import (
	"fmt"
	"strings"

	authorization "github.com/pulumi/pulumi-azure-native-sdk/authorization/v2"
	containerregistry "github.com/pulumi/pulumi-azure-native-sdk/containerregistry/v2/v20230701"
	containerservice "github.com/pulumi/pulumi-azure-native-sdk/containerservice/v2/v20240901"
	keyvault "github.com/pulumi/pulumi-azure-native-sdk/keyvault/v2/v20241101"
	operationalinsights "github.com/pulumi/pulumi-azure-native-sdk/operationalinsights/v2/v20230901"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/components/privateaks/clusterspec"
	"github.com/privateaks/privateaks/internal/resopt"
)

// Type is the component's type token.
const Type = "privateaks:privateaks:PrivateAKS"

// PrivateDNSZoneSystem is the value AKS takes for its own private zone, in
// the one letter case the API returns ('System' would diff and recreate the
// cluster): the API server zone choice clusterspec.APIServerZoneSystem.
const PrivateDNSZoneSystem = clusterspec.APIServerZoneSystem

// PrivateAKS is one private cluster with its registry, vault and workspace.
type PrivateAKS struct {
	pulumi.ResourceState

	ClusterID           pulumi.StringOutput `pulumi:"clusterId"`
	ClusterName         pulumi.StringOutput `pulumi:"clusterName"`
	PrivateFQDN         pulumi.StringOutput `pulumi:"privateFqdn"`
	OIDCIssuerURL       pulumi.StringOutput `pulumi:"oidcIssuerUrl"`
	KubeletObjectID     pulumi.StringOutput `pulumi:"kubeletObjectId"`
	NodeResourceGroup   pulumi.StringOutput `pulumi:"nodeResourceGroup"`
	RegistryID          pulumi.StringOutput `pulumi:"registryId"`
	RegistryLoginServer pulumi.StringOutput `pulumi:"registryLoginServer"`
	KeyVaultID          pulumi.StringOutput `pulumi:"keyVaultId"`
	KeyVaultURI         pulumi.StringOutput `pulumi:"keyVaultUri"`
	WorkspaceID         pulumi.StringOutput `pulumi:"workspaceId"`
	// DataCollectionEndpointID is the cluster's data collection endpoint (with
	// ManagedPrometheus or PrivateMonitorIngestion; empty otherwise).
	DataCollectionEndpointID pulumi.StringOutput `pulumi:"dataCollectionEndpointId"`
	// Kubeconfig is the user kubeconfig, converted for KubeloginMode; secret.
	Kubeconfig pulumi.StringOutput `pulumi:"kubeconfig"`

	// Cluster, Pools (by name), Registry, KeyVault and Workspace are the
	// resources, for callers that compose further.
	Cluster   *containerservice.ManagedCluster       `pulumi:"-"`
	Pools     map[string]*containerservice.AgentPool `pulumi:"-"`
	Registry  *containerregistry.Registry            `pulumi:"-"`
	KeyVault  *keyvault.Vault                        `pulumi:"-"`
	Workspace *operationalinsights.Workspace         `pulumi:"-"`
	// AcrPull is the kubelet identity's pull access to the registry.
	AcrPull *authorization.RoleAssignment `pulumi:"-"`
	// WorkloadsReady are what in-cluster workloads (Flux) should wait for:
	// the cluster, every user pool and the kubelet's AcrPull.
	WorkloadsReady []pulumi.Resource `pulumi:"-"`
}

// NewPrivateAKS creates the cluster and its services. Invalid args are
// reported all at once before anything is registered.
func NewPrivateAKS(ctx *pulumi.Context, name string, args *PrivateAKSArgs, opts ...pulumi.ResourceOption) (*PrivateAKS, error) {
	if args == nil {
		args = &PrivateAKSArgs{}
	}
	a := args.withDefaults()
	if err := resopt.Join(Type, name, a.Validate()); err != nil {
		return nil, err
	}
	comp := &PrivateAKS{Pools: map[string]*containerservice.AgentPool{}}
	if err := ctx.RegisterComponentResource(Type, name, comp, opts...); err != nil {
		return nil, err
	}
	client, err := authorization.GetClientConfig(ctx, resopt.Invoke(comp)...)
	if err != nil {
		return nil, fmt.Errorf("%s %q: reading the client config: %w", Type, name, err)
	}

	ws, err := newWorkspace(ctx, name, comp, a)
	if err != nil {
		return nil, err
	}
	enc, err := newEncryption(ctx, name, comp, a, client.SubscriptionId, client.TenantId)
	if err != nil {
		return nil, err
	}
	cluster, err := newCluster(ctx, name, comp, a, client.TenantId, ws, enc)
	if err != nil {
		return nil, err
	}
	comp.Cluster, comp.Workspace = cluster, ws
	comp.WorkloadsReady = append(comp.WorkloadsReady, cluster)

	if err := newMaintenance(ctx, name, comp, a, cluster); err != nil {
		return nil, err
	}
	if err := newUserPools(ctx, name, comp, a, cluster); err != nil {
		return nil, err
	}
	if err := newRegistry(ctx, name, comp, a, client.SubscriptionId); err != nil {
		return nil, err
	}
	if err := newCacheRules(ctx, name, comp, a); err != nil {
		return nil, err
	}
	if err := newKeyVault(ctx, name, comp, a, client.TenantId); err != nil {
		return nil, err
	}
	dce, err := newDataCollectionEndpoint(ctx, name, comp, a, cluster)
	if err != nil {
		return nil, err
	}
	if err := newContainerInsights(ctx, name, comp, a, cluster, ws, dce); err != nil {
		return nil, err
	}
	if err := newPrometheus(ctx, name, comp, a, cluster, dce); err != nil {
		return nil, err
	}
	if err := newDiagnostics(ctx, name, comp, cluster, ws); err != nil {
		return nil, err
	}
	if err := newServiceDiagnostics(ctx, name, comp, a, ws); err != nil {
		return nil, err
	}
	if err := newPolicies(ctx, name, comp, a, cluster, comp.Registry.LoginServer); err != nil {
		return nil, err
	}
	if err := newRegistryPolicies(ctx, name, comp, a); err != nil {
		return nil, err
	}

	comp.ClusterID = cluster.ID().ToStringOutput()
	comp.ClusterName = cluster.Name
	comp.PrivateFQDN = cluster.PrivateFQDN
	comp.OIDCIssuerURL = cluster.OidcIssuerProfile.IssuerURL().Elem()
	comp.KubeletObjectID = cluster.IdentityProfile.MapIndex(pulumi.String("kubeletidentity")).ObjectId().Elem()
	comp.NodeResourceGroup = cluster.NodeResourceGroup.Elem()
	comp.RegistryID = comp.Registry.ID().ToStringOutput()
	comp.RegistryLoginServer = comp.Registry.LoginServer
	comp.KeyVaultID = comp.KeyVault.ID().ToStringOutput()
	comp.KeyVaultURI = comp.KeyVault.Properties.VaultUri()
	comp.WorkspaceID = ws.ID().ToStringOutput()
	comp.DataCollectionEndpointID = pulumi.String("").ToStringOutput()
	if dce != nil {
		comp.DataCollectionEndpointID = dce.ID().ToStringOutput()
	}
	comp.Kubeconfig = kubeconfig(ctx, comp, a, cluster)

	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{
		"clusterId":                comp.ClusterID,
		"clusterName":              comp.ClusterName,
		"privateFqdn":              comp.PrivateFQDN,
		"oidcIssuerUrl":            comp.OIDCIssuerURL,
		"kubeletObjectId":          comp.KubeletObjectID,
		"nodeResourceGroup":        comp.NodeResourceGroup,
		"registryId":               comp.RegistryID,
		"registryLoginServer":      comp.RegistryLoginServer,
		"keyVaultId":               comp.KeyVaultID,
		"keyVaultUri":              comp.KeyVaultURI,
		"workspaceId":              comp.WorkspaceID,
		"dataCollectionEndpointId": comp.DataCollectionEndpointID,
		"kubeconfig":               comp.Kubeconfig,
	}); err != nil {
		return nil, err
	}
	return comp, nil
}

// ClusterIgnoreChanges are the cluster properties Azure moves after
// creation, for an upgrade channel: the inline pool's autoscaled node count
// and its orchestrator version (auto-upgrade writes the full patch there;
// this component never sets it, the pool follows the control plane); with
// "stable" or "rapid" also kubernetesVersion, which AKS then moves by minor
// versions itself. With the other channels kubernetesVersion stays the
// pinned minor, which AKS keeps as given, so a minor bump in the args still
// upgrades the cluster.
func ClusterIgnoreChanges(upgradeChannel string) []string {
	ic := []string{"agentPoolProfiles[0].count", "agentPoolProfiles[0].orchestratorVersion"}
	if upgradeChannel == "stable" || upgradeChannel == "rapid" {
		ic = append(ic, "kubernetesVersion")
	}
	return ic
}

// PoolIgnoreChanges are the AgentPool properties Azure moves: the
// autoscaled count and the orchestrator version auto-upgrade sets.
func PoolIgnoreChanges() []string { return []string{"count", "orchestratorVersion"} }

// ClusterReplaceOnChanges are the inline pool's properties AKS cannot change
// in place: changing them replaces the cluster (which a protected cluster
// refuses unless its protection is lifted on purpose).
func ClusterReplaceOnChanges() []string {
	// diskEncryptionSetID: OS disk encryption with a customer key "can only
	// be enabled when creating an AKS cluster" (MicrosoftDocs/azure-aks-docs
	// articles/aks/azure-disk-customer-managed-keys.md, "Limitations").
	return []string{"agentPoolProfiles[0].vmSize", "agentPoolProfiles[0].vnetSubnetID", "diskEncryptionSetID"}
}

func newCluster(ctx *pulumi.Context, name string, comp *PrivateAKS, a PrivateAKSArgs, tenantID string, ws *operationalinsights.Workspace, enc encryption) (*containerservice.ManagedCluster, error) {
	var zone pulumi.StringInput = pulumi.String(PrivateDNSZoneSystem)
	if !isNil(a.PrivateDNSZoneID) && !isSystemZone(a.PrivateDNSZoneID) {
		zone = a.PrivateDNSZoneID
	}
	wsID := ws.ID().ToStringOutput()

	ca := &containerservice.ManagedClusterArgs{
		ResourceGroupName: a.ResourceGroupName,
		ResourceName:      pulumi.String(a.ClusterName),
		Location:          pulumi.String(a.Location),
		DnsPrefix:         pulumi.String(a.DNSPrefix),
		KubernetesVersion: optionalString(a.KubernetesVersion),
		Sku: &containerservice.ManagedClusterSKUArgs{
			Name: pulumi.String("Base"),
			Tier: pulumi.String(a.SkuTier),
		},
		Identity: &containerservice.ManagedClusterIdentityArgs{
			Type:                   containerservice.ResourceIdentityTypeUserAssigned,
			UserAssignedIdentities: pulumi.StringArray{a.ControlPlaneIdentityID},
		},
		IdentityProfile: containerservice.UserAssignedIdentityMap{
			"kubeletidentity": &containerservice.UserAssignedIdentityArgs{
				ResourceId: a.KubeletIdentityID,
				ClientId:   a.KubeletClientID,
				ObjectId:   a.KubeletObjectID,
			},
		},
		ApiServerAccessProfile: &containerservice.ManagedClusterAPIServerAccessProfileArgs{
			EnablePrivateCluster:           pulumi.Bool(true),
			EnablePrivateClusterPublicFQDN: pulumi.Bool(false),
			PrivateDNSZone:                 zone,
			DisableRunCommand:              pulumi.Bool(!a.RunCommand),
		},
		EnableRBAC:           pulumi.Bool(true),
		DisableLocalAccounts: pulumi.Bool(!a.LocalAccounts),
		AadProfile: &containerservice.ManagedClusterAADProfileArgs{
			Managed:             pulumi.Bool(true),
			EnableAzureRBAC:     pulumi.Bool(true),
			AdminGroupObjectIDs: pulumi.ToStringArray(sortedUnique(a.AdminGroupObjectIDs)),
			TenantID:            pulumi.String(tenantID),
		},
		NetworkProfile: networkProfile(a.Network),
		AgentPoolProfiles: containerservice.ManagedClusterAgentPoolProfileArray{
			systemPoolProfile(a.SystemPool),
		},
		AutoUpgradeProfile: &containerservice.ManagedClusterAutoUpgradeProfileArgs{
			UpgradeChannel:       pulumi.String(a.AutoUpgradeChannel),
			NodeOSUpgradeChannel: pulumi.String(a.NodeOSUpgradeChannel),
		},
		OidcIssuerProfile: &containerservice.ManagedClusterOIDCIssuerProfileArgs{Enabled: pulumi.Bool(true)},
		SecurityProfile: &containerservice.ManagedClusterSecurityProfileArgs{
			WorkloadIdentity: &containerservice.ManagedClusterSecurityProfileWorkloadIdentityArgs{Enabled: pulumi.Bool(true)},
			Defender: &containerservice.ManagedClusterSecurityProfileDefenderArgs{
				LogAnalyticsWorkspaceResourceId: wsID,
				SecurityMonitoring:              &containerservice.ManagedClusterSecurityProfileDefenderSecurityMonitoringArgs{Enabled: pulumi.Bool(true)},
			},
			ImageCleaner: &containerservice.ManagedClusterSecurityProfileImageCleanerArgs{
				Enabled:       pulumi.Bool(true),
				IntervalHours: pulumi.Int(a.ImageCleanerIntervalHours),
			},
			AzureKeyVaultKms: enc.kms,
		},
		AddonProfiles: containerservice.ManagedClusterAddonProfileMap{
			AddonKeyVaultSecretsProvider: &containerservice.ManagedClusterAddonProfileArgs{
				Enabled: pulumi.Bool(true),
				Config: pulumi.StringMap{
					"enableSecretRotation": pulumi.String("true"),
					"rotationPollInterval": pulumi.String(a.SecretRotationInterval),
				},
			},
			AddonAzurePolicy: &containerservice.ManagedClusterAddonProfileArgs{Enabled: pulumi.Bool(true)},
			// Container Insights with managed-identity auth. Its data
			// collection rule and the rule's association with the cluster
			// are created beside the cluster (insights.go).
			AddonContainerInsights: &containerservice.ManagedClusterAddonProfileArgs{
				Enabled: pulumi.Bool(true),
				Config: pulumi.StringMap{
					"logAnalyticsWorkspaceResourceID": wsID,
					"useAADAuth":                      pulumi.String("true"),
				},
			},
		},
		Tags: resopt.Tags(a.Tags),
	}
	if a.NodeResourceGroup != "" {
		ca.NodeResourceGroup = pulumi.String(a.NodeResourceGroup)
	}
	if enc.desID != nil {
		ca.DiskEncryptionSetID = enc.desID
	}
	extra := []pulumi.ResourceOption{
		pulumi.IgnoreChanges(ClusterIgnoreChanges(a.AutoUpgradeChannel)),
		pulumi.ReplaceOnChanges(ClusterReplaceOnChanges()),
		// The cluster's name is fixed: a replacement must delete first.
		pulumi.DeleteBeforeReplace(true),
	}
	if deps := append(append([]pulumi.Resource(nil), a.DependsOn...), enc.ready...); len(deps) > 0 {
		extra = append(extra, pulumi.DependsOn(deps))
	}
	if a.Network.PluginMode == PluginModeNodeSubnet {
		extra = append(extra, withoutPodCidr())
	}
	ca.AzureMonitorProfile = azureMonitorProfile(a)
	// Logical name "<component>-cluster"; until 2026-12-02 it was "<component>-aks"
	// ("spoke-blue-aks-aks"), kept as an alias so that existing stacks move
	// the cluster in state instead of replacing it (internal/e2e holds it
	// under the real engine).
	extra = append(extra, pulumi.Aliases([]pulumi.Alias{{Name: pulumi.String(name + "-aks")}}))
	return containerservice.NewManagedCluster(ctx, ClusterLogicalName(name), ca, resopt.Stateful(comp, a.Protect, extra...)...)
}

// ClusterLogicalName is the Pulumi name of the ManagedCluster inside a
// PrivateAKS component named component.
func ClusterLogicalName(component string) string { return component + "-cluster" }

// clusterDiagnosticsName is the Pulumi name of the cluster's diagnostic
// setting; it was "<component>-aks-diagnostics" (alias).
func clusterDiagnosticsName(component string) string { return component + "-cluster-diagnostics" }

// Add-on profile keys, as the AKS API spells them.
const (
	AddonKeyVaultSecretsProvider = "azureKeyvaultSecretsProvider"
	AddonAzurePolicy             = "azurepolicy"
	AddonContainerInsights       = "omsagent"
)

func isSystemZone(in pulumi.StringInput) bool {
	s, ok := in.(pulumi.String)
	return ok && (string(s) == "" || strings.EqualFold(string(s), PrivateDNSZoneSystem))
}

func networkProfile(n NetworkArgs) *containerservice.ContainerServiceNetworkProfileArgs {
	np := &containerservice.ContainerServiceNetworkProfileArgs{
		NetworkPlugin:    pulumi.String("azure"),
		NetworkPolicy:    pulumi.String(n.Policy),
		NetworkDataplane: pulumi.String("azure"),
		OutboundType:     pulumi.String("userDefinedRouting"),
		LoadBalancerSku:  pulumi.String("standard"),
		ServiceCidr:      pulumi.String(n.ServiceCidr),
		DnsServiceIP:     pulumi.String(n.DNSServiceIP),
	}
	if n.Policy == "cilium" {
		np.NetworkDataplane = pulumi.String("cilium")
	}
	if n.PluginMode == PluginModeOverlay {
		np.NetworkPluginMode = pulumi.String("overlay")
		np.PodCidr = pulumi.String(n.PodCidr)
	}
	return np
}

// withoutPodCidr removes the podCidr that the SDK's generated Defaults()
// puts into every network profile without one: 10.244.0.0/16, the kubenet
// default. With Azure CNI in node-subnet mode pods take subnet addresses and
// a pod CIDR must not be sent (az aks create refuses it).
func withoutPodCidr() pulumi.ResourceOption {
	return pulumi.Transformations([]pulumi.ResourceTransformation{func(args *pulumi.ResourceTransformationArgs) *pulumi.ResourceTransformationResult {
		mc, ok := args.Props.(*containerservice.ManagedClusterArgs)
		if !ok || mc.NetworkProfile == nil {
			return nil
		}
		mc.NetworkProfile = mc.NetworkProfile.ToContainerServiceNetworkProfilePtrOutput().ApplyT(func(v *containerservice.ContainerServiceNetworkProfile) *containerservice.ContainerServiceNetworkProfile {
			if v == nil {
				return nil
			}
			np := *v
			np.PodCidr = nil
			return &np
		}).(containerservice.ContainerServiceNetworkProfilePtrOutput)
		return &pulumi.ResourceTransformationResult{Props: mc, Opts: args.Opts}
	}})
}

// systemPoolProfile is the inline system pool. Every value AKS would
// otherwise default is set, so that the profile Azure returns matches it.
//
// SSH: the 2024-09-01 API has no per-pool sshAccess (securityProfile.sshAccess
// "Disabled" exists only in preview API versions), so it cannot be turned off
// here. The cluster has no linuxProfile, so no SSH key is installed on the
// nodes; node access goes through `kubectl debug` with Azure RBAC instead.
func systemPoolProfile(p NodePoolArgs) *containerservice.ManagedClusterAgentPoolProfileArgs {
	in := poolInputsOf(p, true)
	return &containerservice.ManagedClusterAgentPoolProfileArgs{
		Name:                   pulumi.String(SystemPoolName),
		Mode:                   pulumi.String("System"),
		Type:                   in.typ,
		VmSize:                 in.vmSize,
		EnableAutoScaling:      in.autoScaling,
		Count:                  in.count,
		MinCount:               in.minCount,
		MaxCount:               in.maxCount,
		MaxPods:                in.maxPods,
		AvailabilityZones:      in.zones,
		VnetSubnetID:           p.SubnetID,
		OsType:                 in.osType,
		OsSKU:                  in.osSKU,
		OsDiskType:             in.osDiskType,
		OsDiskSizeGB:           in.osDiskSizeGB,
		KubeletDiskType:        in.kubeletDiskType,
		EnableEncryptionAtHost: in.encryptionAtHost,
		EnableNodePublicIP:     in.nodePublicIP,
		EnableFIPS:             in.fips,
		ScaleDownMode:          in.scaleDownMode,
		NodeTaints:             in.taints,
		UpgradeSettings:        in.upgrade,
		NodeLabels:             in.labels,
	}
}

func osDiskType(p NodePoolArgs) string {
	if p.EphemeralOSDisk != nil && !*p.EphemeralOSDisk {
		return "Managed"
	}
	return "Ephemeral"
}

func newWorkspace(ctx *pulumi.Context, name string, comp *PrivateAKS, a PrivateAKSArgs) (*operationalinsights.Workspace, error) {
	args := &operationalinsights.WorkspaceArgs{
		ResourceGroupName: a.ResourceGroupName,
		WorkspaceName:     pulumi.String(a.LogAnalytics.Name),
		Location:          pulumi.String(a.Location),
		Sku:               &operationalinsights.WorkspaceSkuArgs{Name: pulumi.String("PerGB2018")},
		RetentionInDays:   pulumi.Int(a.LogAnalytics.RetentionDays),
		Tags:              resopt.Tags(a.Tags),
	}
	if a.PrivateMonitorIngestion {
		// Ingestion only from the networks of the Private Link Scope;
		// queries stay public (PrivateMonitorIngestion). Diagnostic
		// settings are not affected (private-link-design.md, "Control
		// network access to AMPLS resources", exceptions).
		args.PublicNetworkAccessForIngestion = pulumi.String("Disabled")
		args.PublicNetworkAccessForQuery = pulumi.String("Enabled")
	}
	return operationalinsights.NewWorkspace(ctx, name+"-log", args, resopt.Stateful(comp, a.Protect)...)
}

// kubeconfig fetches the user credentials once the cluster exists and
// converts the kubelogin exec for KubeloginMode. The result is secret.
func kubeconfig(ctx *pulumi.Context, comp *PrivateAKS, a PrivateAKSArgs, cluster *containerservice.ManagedCluster) pulumi.StringOutput {
	creds := containerservice.ListManagedClusterUserCredentialsOutput(ctx, containerservice.ListManagedClusterUserCredentialsOutputArgs{
		ResourceGroupName: a.ResourceGroupName,
		ResourceName:      cluster.Name,
		Format:            pulumi.String("exec"),
	}, resopt.Invoke(comp)...)
	mode := a.KubeloginMode
	out := pulumi.All(cluster.Name, creds.Kubeconfigs()).ApplyT(func(v []any) (string, error) {
		kcs := v[1].([]containerservice.CredentialResultResponse)
		values := make([]string, len(kcs))
		for i, kc := range kcs {
			values[i] = kc.Value
		}
		return UserKubeconfig(v[0].(string), values, mode)
	}).(pulumi.StringOutput)
	return pulumi.ToSecret(out).(pulumi.StringOutput)
}

// optionalString sends s, or nothing when it is empty (an unset
// kubernetesVersion is AKS's default, not the empty string).
func optionalString(s string) pulumi.StringPtrInput {
	if s == "" {
		return nil
	}
	return pulumi.String(s)
}
