package privateaks

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/components/privateaks/clusterspec"
	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/azurefacts"
	"github.com/privateaks/privateaks/internal/baseline"
	"github.com/privateaks/privateaks/internal/ids"
	"github.com/privateaks/privateaks/internal/resopt"
)

// Defaults for PrivateAKSArgs: the hardened choices, from internal/baseline,
// which the stack config (stacks/stackconfig) uses too.
const (
	DefaultSkuTier              = baseline.SkuTier
	DefaultPluginMode           = PluginModeOverlay
	DefaultPodCidr              = baseline.PodCidr
	DefaultServiceCidr          = baseline.ServiceCidr
	DefaultAutoUpgradeChannel   = baseline.AutoUpgradeChannel
	DefaultNodeOSUpgradeChannel = baseline.NodeOSUpgradeChannel
	DefaultMaintenanceDay       = baseline.MaintenanceDay
	DefaultMaintenanceStartHour = baseline.MaintenanceStartHour
	DefaultMaintenanceHours     = baseline.MaintenanceHours
	DefaultVMSize               = baseline.VMSize
	DefaultSystemMinCount       = baseline.SystemMinCount
	DefaultSystemMaxCount       = baseline.SystemMaxCount
	DefaultUserMinCount         = baseline.UserMinCount
	DefaultUserMaxCount         = baseline.UserMaxCount
	DefaultMaxPodsOverlay       = baseline.MaxPodsOverlay
	DefaultMaxPodsNodeSubnet    = baseline.MaxPodsNodeSubnet
	DefaultOSDiskSizeGB         = baseline.OSDiskSizeGB
	DefaultOSType               = baseline.OSType
	DefaultLinuxOSSku           = baseline.LinuxOSSku
	DefaultPriority             = baseline.Priority
	// DefaultMaxSurge is one extra node per pool during upgrades: the
	// stack's subnet sizing reserves exactly one surge address per pool.
	DefaultMaxSurge                  = "1"
	DefaultPolicyEffect              = baseline.PolicyEffect
	DefaultKeyVaultRetentionDays     = baseline.KeyVaultRetention
	DefaultLogRetentionDays          = baseline.LogRetentionDays
	DefaultKubeloginMode             = KubeloginAzureCLI
	DefaultImageCleanerIntervalHours = 168
	DefaultSecretRotationInterval    = "2m"
	// DefaultContainerCPULimit and DefaultContainerMemoryLimit are the most
	// a single container may request as its limit under the resource-limits
	// policy.
	DefaultContainerCPULimit    = "2000m"
	DefaultContainerMemoryLimit = "4Gi"
)

// Network plugin modes.
const (
	PluginModeOverlay    = clusterspec.PluginModeOverlay
	PluginModeNodeSubnet = clusterspec.PluginModeNodeSubnet
)

// SystemPoolName is the inline system pool's AKS name.
const SystemPoolName = "system"

// SystemPoolTaint keeps application pods off the system pool (clusterspec
// owns it: the spec refuses it in a pool's own taints).
const SystemPoolTaint = clusterspec.SystemPoolTaint

// SpotTaint is the taint AKS puts on every spot pool. It is set explicitly so
// that the pool's inputs match what Azure returns (AKS refuses to drop it).
const SpotTaint = "kubernetes.azure.com/scalesetpriority=spot:NoSchedule"

// PrivateAKSArgs configures one private cluster with its registry, key vault
// and workspace. Plain Go values decide the shape of the graph; IDs come
// from other resources. Fields mirror the stack config's cluster settings.
type PrivateAKSArgs struct {
	// ResourceGroupName holds the cluster and its services (required).
	ResourceGroupName pulumi.StringInput
	// Location is the Azure region (required). Changing this replaces the
	// cluster.
	Location string
	// Seed is unique per cluster, e.g. "<resource group>/<cluster name>"
	// (required): it seeds the AcrPull assignment's name. Use the same seed
	// as the cluster's Identities.
	Seed string

	// Settings are the cluster's tier, Kubernetes version, admin surface,
	// upgrade channels and policy effect (clusterspec.Settings, the same
	// type the stack config holds).
	clusterspec.Settings

	// Names are the cluster's name, DNS prefix and node resource group
	// (clusterspec.Names, the same type the stack config holds; the cluster
	// name's argument is clusterName, clusterspec.ArgNameKey).
	clusterspec.Names
	// PrivateDNSZoneID is the BYO private DNS zone of the API server
	// (privatelink.<region>.azmk8s.io). Nil, "" or "system" use the
	// AKS-managed zone, sent as the literal "system". The ID is passed
	// through unchanged: take it from one source (the zone resource's ID)
	// and it never changes case. Changing this replaces the cluster.
	PrivateDNSZoneID pulumi.StringInput
	// Network is the network profile; each of its fields replaces the
	// cluster when changed. The outbound type is always userDefinedRouting
	// (egress through the hub firewall) and the network plugin always
	// "azure": changing either would replace the cluster, so neither is an
	// argument.
	Network NetworkArgs
	// DiskEncryptionSetID encrypts the node OS disks with a customer key
	// (optional; the control plane identity needs Reader on the set and the
	// set's identity access to its key). Changing this replaces the cluster.
	DiskEncryptionSetID string
	// KMS turns on etcd encryption with a key in a dedicated vault this
	// component creates (encryption.go). Off by default.
	KMS KMSArgs
	// DiskEncryption creates a disk encryption set with its own key and
	// vault and names it in diskEncryptionSetID (encryption.go); not with
	// DiskEncryptionSetID. Changing it replaces the cluster.
	DiskEncryption DiskEncryptionArgs
	// ControlPlanePrincipalID is the control-plane identity's principal
	// ID, required with KMS or DiskEncryption: it gets Key Vault Crypto User
	// on the KMS vault and Reader on the disk encryption set.
	ControlPlanePrincipalID pulumi.StringInput

	// Maintenance is the weekly window of both upgrade schedules (UTC).
	Maintenance MaintenanceArgs

	// SystemPool is the inline system pool, always tainted
	// CriticalAddonsOnly=true:NoSchedule. AKS cannot change its VMSize or
	// SubnetID in place: changing SystemPool.VMSize replaces the cluster;
	// changing SystemPool.SubnetID replaces the cluster.
	SystemPool NodePoolArgs
	// UserPools are separate AgentPool resources keyed by AKS pool name
	// (Linux 1-12, Windows 1-6 lowercase letters and digits), each on its
	// own subnet, created one after another in name order.
	UserPools map[string]NodePoolArgs

	// ControlPlaneIdentityID is the BYO user-assigned identity of the
	// control plane (required).
	ControlPlaneIdentityID pulumi.StringInput
	// KubeletIdentityID, KubeletClientID and KubeletObjectID describe the
	// BYO kubelet identity (required); KubeletObjectID is its principal ID,
	// granted AcrPull on the registry.
	KubeletIdentityID pulumi.StringInput
	KubeletClientID   pulumi.StringInput
	KubeletObjectID   pulumi.StringInput

	// PrivateEndpointSubnetID holds the registry's and the vault's private
	// endpoints (required).
	PrivateEndpointSubnetID pulumi.StringInput
	// RegistryPrivateDNSZoneID (privatelink.azurecr.io) and
	// KeyVaultPrivateDNSZoneID (privatelink.vaultcore.azure.net) receive the
	// endpoints' records (required).
	RegistryPrivateDNSZoneID pulumi.StringInput
	KeyVaultPrivateDNSZoneID pulumi.StringInput

	Registry RegistryArgs
	// ManagedPrometheus turns on the metrics profile with an Azure Monitor
	// workspace, its collection endpoint, rule, associations and the
	// recommended alert rules (prometheus.go).
	ManagedPrometheus bool
	// PrivateMonitorIngestion sends Container Insights and managed Prometheus
	// through an Azure Monitor Private Link Scope the caller creates
	// (components/monitorlink) with Workspace and DataCollectionEndpointID in
	// it: the data collection endpoint (created for it if ManagedPrometheus
	// is off) refuses public network access, the workspace refuses public
	// ingestion (queries stay public: Container Insights queries through
	// ARM), and the Container Insights rule sends through the endpoint, as
	// "all of your Data Collection Rules must use Data Collection Endpoints"
	// with AMPLS (MicrosoftDocs/azure-monitor-docs articles/azure-monitor/
	// containers/kubernetes-monitoring-firewall.md).
	PrivateMonitorIngestion bool
	// RegistryCacheRules pull upstream repositories into the registry
	// (cacherules.go); none by default.
	RegistryCacheRules []RegistryCacheRule
	KeyVault           KeyVaultArgs
	LogAnalytics       LogAnalyticsArgs

	// PolicyExcludedNamespaces are excluded from the policies in addition
	// to the system namespaces (SystemNamespaces).
	PolicyExcludedNamespaces []string
	// ContainerCPULimit and ContainerMemoryLimit are the largest limits a
	// container may declare (defaults 2000m and 4Gi).
	ContainerCPULimit    string
	ContainerMemoryLimit string

	// ImageCleanerIntervalHours between image-cleaner runs (default 168).
	ImageCleanerIntervalHours int
	// SecretRotationInterval of the Key Vault CSI driver (default "2m").
	SecretRotationInterval string
	// KubeloginMode rewrites the kubeconfig output's kubelogin exec for
	// non-interactive use: "azurecli" (default), "workloadidentity", "spn"
	// or "msi".
	KubeloginMode string

	// DependsOn are what the cluster must wait for and nothing more: the
	// control plane's role assignments (Identities.Assignments) and the
	// egress path (the hub firewall and its rules, the spoke peerings).
	DependsOn []pulumi.Resource

	Tags map[string]string
	// Protect the cluster, registry, key vault and workspace.
	Protect bool
}

// NetworkArgs is the cluster's network profile (clusterspec.Network: the
// stack config holds the same type). Changing any field replaces the
// cluster.
type NetworkArgs = clusterspec.Network

// MaintenanceArgs is the weekly maintenance window (UTC; clusterspec).
type MaintenanceArgs = clusterspec.Maintenance

// NodePoolArgs is the system pool or a user pool: the pool's spec
// (clusterspec.NodePool, the same type the stack config holds) and its
// wiring.
type NodePoolArgs struct {
	clusterspec.NodePool
	// SubnetID is the pool's own node subnet (required). For the system
	// pool, changing this replaces the cluster.
	SubnetID pulumi.StringInput
	// MaxSurge during upgrades (default "1").
	MaxSurge string
}

// RegistryArgs is the cluster's Azure Container Registry (Premium,
// private; clusterspec).
type RegistryArgs = clusterspec.Registry

// KeyVaultArgs is the cluster's Key Vault (RBAC, purge protection,
// private; clusterspec). PurgeProtection nil or true keeps purge
// protection on; false creates the vault without it, so that after a
// teardown the soft-deleted vault can be purged and its name used again
// at once (for stacks that are torn down).
type KeyVaultArgs = clusterspec.KeyVault

// LogAnalyticsArgs is the workspace for Container Insights, Defender and
// the control-plane logs (clusterspec).
type LogAnalyticsArgs = clusterspec.LogAnalytics

// Kubelogin modes for the kubeconfig output.
const (
	KubeloginAzureCLI         = "azurecli"
	KubeloginWorkloadIdentity = "workloadidentity"
	KubeloginSPN              = "spn"
	KubeloginMSI              = "msi"
)

// SystemNamespaces are excluded from every policy assignment: AKS, Azure
// Policy, Arc/extensions and Flux run privileged or unpinned images there.
var SystemNamespaces = []string{"kube-system", "gatekeeper-system", "azure-arc", "azure-extensions-usage-system", "flux-system"}

// calicoNamespaces hold calico's own components with network policy calico.
var calicoNamespaces = []string{"calico-system", "tigera-operator"}

func (a PrivateAKSArgs) withDefaults() PrivateAKSArgs {
	a.Settings = a.Settings.WithDefaults()
	a.Names = a.Names.WithDefaults()
	a.Network = a.Network.WithDefaults()
	a.Maintenance = a.Maintenance.WithDefaults()
	a.SystemPool = a.SystemPool.withDefaults(a.Network.PluginMode, clusterspec.SystemPoolDefaults(a.Location))
	pools := make(map[string]NodePoolArgs, len(a.UserPools))
	for name, p := range a.UserPools {
		pools[name] = p.withDefaults(a.Network.PluginMode, clusterspec.UserPoolDefaults(a.Location))
	}
	a.UserPools = pools
	a.KeyVault = a.KeyVault.WithDefaults()
	a.LogAnalytics = a.LogAnalytics.WithDefaults()
	setDefault(&a.ContainerCPULimit, DefaultContainerCPULimit)
	setDefault(&a.ContainerMemoryLimit, DefaultContainerMemoryLimit)
	if a.ImageCleanerIntervalHours == 0 {
		a.ImageCleanerIntervalHours = DefaultImageCleanerIntervalHours
	}
	setDefault(&a.SecretRotationInterval, DefaultSecretRotationInterval)
	setDefault(&a.KubeloginMode, DefaultKubeloginMode)
	a.PolicyExcludedNamespaces = append([]string(nil), a.PolicyExcludedNamespaces...)
	a.DependsOn = append([]pulumi.Resource(nil), a.DependsOn...)
	a = a.encryptionDefaults()
	return a.canonical()
}

// withDefaults is the spec's pool defaults and the component's upgrade
// surge.
func (p NodePoolArgs) withDefaults(pluginMode string, d clusterspec.PoolDefaults) NodePoolArgs {
	p.NodePool = p.NodePool.WithDefaults(pluginMode, d)
	setDefault(&p.MaxSurge, DefaultMaxSurge)
	return p
}

// The enum values the component sends, in the one letter case Azure returns
// them: a value given in another case is mapped here, so the inputs never
// flip between 'system' and 'System' and never diff.
var enums = map[string][]string{
	"skuTier":              clusterspec.SkuTiers,
	"pluginMode":           clusterspec.PluginModes,
	"policy":               clusterspec.Policies,
	"autoUpgradeChannel":   clusterspec.AutoUpgradeChannels,
	"nodeOsUpgradeChannel": clusterspec.NodeOSUpgradeChannels,
	"day":                  clusterspec.Days,
	"osType":               clusterspec.OSTypes,
	"linuxOsSku":           clusterspec.LinuxOSSkus,
	"windowsOsSku":         clusterspec.WindowsOSSkus,
	"priority":             clusterspec.Priorities,
	"policyEffect":         clusterspec.PolicyEffects,
	"kubeloginMode":        {KubeloginAzureCLI, KubeloginWorkloadIdentity, KubeloginSPN, KubeloginMSI},
}

// canonicalEnum returns the canonical spelling of v among the values of
// kind, or v unchanged if none matches (Validate reports it).
func canonicalEnum(kind, v string) string {
	for _, c := range enums[kind] {
		if strings.EqualFold(c, v) {
			return c
		}
	}
	return v
}

func isEnum(kind, v string) bool {
	for _, c := range enums[kind] {
		if c == v {
			return true
		}
	}
	return false
}

func (a PrivateAKSArgs) canonical() PrivateAKSArgs {
	a.SkuTier = canonicalEnum("skuTier", a.SkuTier)
	a.Network.PluginMode = canonicalEnum("pluginMode", a.Network.PluginMode)
	a.Network.Policy = canonicalEnum("policy", a.Network.Policy)
	a.AutoUpgradeChannel = canonicalEnum("autoUpgradeChannel", a.AutoUpgradeChannel)
	a.NodeOSUpgradeChannel = canonicalEnum("nodeOsUpgradeChannel", a.NodeOSUpgradeChannel)
	a.Maintenance.Day = canonicalEnum("day", a.Maintenance.Day)
	a.PolicyEffect = canonicalEnum("policyEffect", a.PolicyEffect)
	a.KubeloginMode = canonicalEnum("kubeloginMode", a.KubeloginMode)
	a.SystemPool = a.SystemPool.canonical()
	for name, p := range a.UserPools {
		a.UserPools[name] = p.canonical()
	}
	return a
}

func (p NodePoolArgs) canonical() NodePoolArgs {
	p.OSType = canonicalEnum("osType", p.OSType)
	if p.OSType == "Windows" {
		p.OSSku = canonicalEnum("windowsOsSku", p.OSSku)
	} else {
		p.OSSku = canonicalEnum("linuxOsSku", p.OSSku)
	}
	p.Priority = canonicalEnum("priority", p.Priority)
	return p
}

var (
	nsRe        = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$`)
	quantityRe  = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$`)
	maxSurgeRe  = regexp.MustCompile(`^([1-9][0-9]{0,2}|[1-9][0-9]?%|100%)$`)
	dnsZoneIDRe = regexp.MustCompile(`(?i)^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Network/privateDnsZones/[^/]+$`)
)

// validateVersion holds a well-formed Kubernetes version (or none) to the
// AKS calendar and each Windows pool's image to it; a malformed one is the
// spec's to report (clusterspec.Settings.Validate).
func (a PrivateAKSArgs) validateVersion() []error {
	if a.KubernetesVersion != "" && !clusterspec.IsKubernetesMinor(a.KubernetesVersion) {
		return nil
	}
	if err := azurefacts.CheckVersion(a.KubernetesVersion, false, azurefacts.Now()); err != nil {
		return []error{resopt.ArgError("kubernetesVersion", a.KubernetesVersion, "%v", err)}
	}
	// A Windows pool's image must exist for this version today (Windows
	// Server 2019/2022 retirements, azurefacts.NodeImage).
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(a.UserPools)) {
		p := a.UserPools[name]
		if p.OSType != "Windows" {
			continue
		}
		sku := p.OSSku
		if sku == "" {
			sku = azurefacts.WindowsDefaultOSSKU
		}
		if _, ok, why := azurefacts.NodeImage(sku, a.KubernetesVersion, azurefacts.Now()); !ok {
			errs = append(errs, resopt.ArgError("userPools."+name+".osSku", p.OSSku, "%s (kubernetesVersion %q)", why, a.KubernetesVersion))
		}
	}
	return errs
}

// Validate returns every problem with the (defaulted) args.
func (a PrivateAKSArgs) Validate() []error {
	var errs []error
	add := func(path string, v any, format string, args ...any) {
		errs = append(errs, resopt.ArgError(path, v, format, args...))
	}
	for _, in := range []struct {
		path string
		v    pulumi.Input
	}{
		{"resourceGroupName", a.ResourceGroupName},
		{"controlPlaneIdentityId", a.ControlPlaneIdentityID},
		{"kubeletIdentityId", a.KubeletIdentityID},
		{"kubeletClientId", a.KubeletClientID},
		{"kubeletObjectId", a.KubeletObjectID},
		{"privateEndpointSubnetId", a.PrivateEndpointSubnetID},
		{"registryPrivateDnsZoneId", a.RegistryPrivateDNSZoneID},
		{"keyVaultPrivateDnsZoneId", a.KeyVaultPrivateDNSZoneID},
	} {
		if isNil(in.v) {
			add(in.path, nil, "required")
		}
	}
	if a.Location == "" {
		add("location", a.Location, "an Azure region such as \"westeurope\"")
	}
	if strings.TrimSpace(a.Seed) == "" {
		add("seed", a.Seed, "a string unique per cluster, e.g. \"<resource group>/<cluster name>\"")
	}
	errs = append(errs, a.Names.Validate("", clusterspec.ArgNameKey)...)
	if rg, ok := a.ResourceGroupName.(pulumi.String); ok {
		errs = append(errs, a.Names.ValidateNodeResourceGroup("", string(rg))...)
	}
	errs = append(errs, a.Settings.Validate("")...)
	errs = append(errs, a.validateVersion()...)
	if !isEnum("kubeloginMode", a.KubeloginMode) {
		add("kubeloginMode", a.KubeloginMode, "one of %s", quoteList(enums["kubeloginMode"]))
	}
	if s, ok := a.PrivateDNSZoneID.(pulumi.String); ok && string(s) != "" && !strings.EqualFold(string(s), clusterspec.APIServerZoneSystem) && !dnsZoneIDRe.MatchString(string(s)) {
		add("privateDnsZoneId", string(s), "the resource ID of a private DNS zone privatelink.<region>.azmk8s.io, or unset for \"system\"")
	}
	for i, g := range a.AdminGroupObjectIDs {
		if !ids.IsGUID(g) {
			add(fmt.Sprintf("adminGroupObjectIds[%d]", i), g, "an Entra ID group object ID (a GUID)")
		}
	}
	errs = append(errs, a.Network.Validate("network")...)
	errs = append(errs, a.Maintenance.Validate("maintenance")...)

	errs = append(errs, a.SystemPool.validate("systemPool", true)...)
	errs = append(errs, clusterspec.ValidateZonesIn(a.Location, a.SystemPool.Zones, "systemPool.zones")...)
	subnets := map[string]string{}
	if s, ok := a.SystemPool.SubnetID.(pulumi.String); ok {
		subnets[strings.ToLower(string(s))] = "systemPool"
	}
	for _, name := range slices.Sorted(maps.Keys(a.UserPools)) {
		p := a.UserPools[name]
		path := "userPools." + name
		kind := azname.LinuxNodePool
		if p.OSType == "Windows" {
			kind = azname.WindowsNodePool
		}
		if err := azname.Check(kind, name); err != nil {
			add(path, name, "a pool name: %v", err)
		} else if name == SystemPoolName {
			add(path, name, "a name other than %q (the system pool's)", SystemPoolName)
		}
		errs = append(errs, p.validate(path, false)...)
		errs = append(errs, clusterspec.ValidateZonesIn(a.Location, p.Zones, path+".zones")...)
		if s, ok := p.SubnetID.(pulumi.String); ok {
			if other, dup := subnets[strings.ToLower(string(s))]; dup {
				add(path+".subnetId", string(s), "a subnet of its own (%s uses it)", other)
			}
			subnets[strings.ToLower(string(s))] = path
		}
	}

	errs = append(errs, a.Registry.Validate("registry")...)
	errs = append(errs, a.KeyVault.Validate("keyVault")...)
	errs = append(errs, a.LogAnalytics.Validate("logAnalytics")...)
	for i, ns := range a.PolicyExcludedNamespaces {
		if !nsRe.MatchString(ns) {
			add(fmt.Sprintf("policyExcludedNamespaces[%d]", i), ns, "a namespace name (RFC 1123 label)")
		}
	}
	if !quantityRe.MatchString(a.ContainerCPULimit) {
		add("containerCpuLimit", a.ContainerCPULimit, "a Kubernetes CPU quantity such as \"2000m\"")
	}
	if !quantityRe.MatchString(a.ContainerMemoryLimit) {
		add("containerMemoryLimit", a.ContainerMemoryLimit, "a Kubernetes memory quantity such as \"4Gi\"")
	}
	if h := a.ImageCleanerIntervalHours; h < 24 || h > 2160 {
		add("imageCleanerIntervalHours", h, "24 to 2160 hours")
	}
	if d, err := time.ParseDuration(a.SecretRotationInterval); err != nil || d < time.Minute {
		add("secretRotationInterval", a.SecretRotationInterval, "a Go duration of at least 1m, e.g. \"2m\"")
	}
	for i, r := range a.DependsOn {
		if r == nil {
			add(fmt.Sprintf("dependsOn[%d]", i), nil, "a resource")
		}
	}
	errs = append(errs, validateCacheRules(a.RegistryCacheRules)...)
	errs = append(errs, a.validateEncryption()...)
	return errs
}

// validate is the spec's pool validation and the component's wiring: the
// subnet and the upgrade surge.
func (p NodePoolArgs) validate(path string, system bool) []error {
	errs := p.NodePool.Validate(path, system)
	if isNil(p.SubnetID) {
		errs = append(errs, resopt.ArgError(path+".subnetId", nil, "the pool's own node subnet (required)"))
	}
	if !maxSurgeRe.MatchString(p.MaxSurge) {
		errs = append(errs, resopt.ArgError(path+".maxSurge", p.MaxSurge, "a node count such as \"1\" or a percentage such as \"33%%\""))
	}
	return errs
}

// taints returns the pool's taints with the ones AKS requires or sets,
// sorted and without duplicates, so the list never reorders.
func (p NodePoolArgs) taints(system bool) []string {
	all := append([]string(nil), p.Taints...)
	if system {
		all = append(all, SystemPoolTaint)
	}
	if p.Priority == "Spot" {
		all = append(all, SpotTaint)
	}
	return sortedUnique(all)
}

func isNil(in pulumi.Input) bool {
	if in == nil {
		return true
	}
	if s, ok := in.(pulumi.String); ok && s == "" {
		return true
	}
	return false
}

func setDefault(p *string, v string) {
	if *p == "" {
		*p = v
	}
}

func sortedUnique(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

func quoteList(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}
