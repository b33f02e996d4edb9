package privateaks

import (
	"fmt"
	"maps"
	"net/netip"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/azurefacts"
	"github.com/privateaks/privateaks/internal/baseline"
	"github.com/privateaks/privateaks/internal/cidr"
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
	PluginModeOverlay    = baseline.PluginModeOverlay
	PluginModeNodeSubnet = baseline.PluginModeNodeSubnet
)

// SystemPoolName is the inline system pool's AKS name.
const SystemPoolName = "system"

// SystemPoolTaint keeps application pods off the system pool.
const SystemPoolTaint = "CriticalAddonsOnly=true:NoSchedule"

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

	// ClusterName is the AKS resource name (required).
	ClusterName string
	// DNSPrefix of the API server's FQDN (required). Changing this replaces
	// the cluster.
	DNSPrefix string
	// NodeResourceGroup is the AKS-managed node resource group ("" lets AKS
	// name it MC_...). Changing this replaces the cluster.
	NodeResourceGroup string
	// KubernetesVersion pins the minor version, "major.minor" (e.g.
	// "1.36"); auto-upgrade moves the patch. "" (the default) lets AKS pick
	// its default version at creation. A set version must be one AKS
	// creates today under the default support plan
	// (azurefacts.CheckVersion). With AutoUpgradeChannel "stable" or
	// "rapid" AKS moves the minor too and this value only applies at
	// creation (changes to it are ignored).
	KubernetesVersion string
	// SkuTier "Standard" (default, uptime SLA), "Premium" or "Free".
	SkuTier string
	// PrivateDNSZoneID is the BYO private DNS zone of the API server
	// (privatelink.<region>.azmk8s.io). Nil or "" use the AKS-managed zone,
	// sent as the literal "system". The ID is passed through unchanged: take
	// it from one source (the zone resource's ID) and it never changes case.
	// Changing this replaces the cluster.
	PrivateDNSZoneID pulumi.StringInput
	// RunCommand enables `az aks command invoke` (default off).
	RunCommand bool
	// LocalAccounts keeps the static admin credentials (default off).
	LocalAccounts bool
	// AdminGroupObjectIDs are the Entra ID groups of cluster admins
	// (required unless LocalAccounts).
	AdminGroupObjectIDs []string
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

	// AutoUpgradeChannel "patch" (default), "stable", "rapid", "node-image"
	// or "none".
	AutoUpgradeChannel string
	// NodeOSUpgradeChannel "NodeImage" (default), "SecurityPatch",
	// "Unmanaged" or "None".
	NodeOSUpgradeChannel string
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

	// PolicyEffect of the Azure Policy assignments: "Deny" (default) or
	// "Audit".
	PolicyEffect string
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

// NetworkArgs is the cluster's network profile. Changing any field replaces
// the cluster.
type NetworkArgs struct {
	// PluginMode "overlay" (default; pods get PodCidr addresses) or
	// "nodeSubnet" (pods get node-subnet addresses; no PodCidr). Changing
	// this replaces the cluster.
	PluginMode string
	// Policy "cilium" (default in overlay mode: Azure CNI powered by
	// Cilium, baseline.NetworkPolicyFor), "azure" (Azure NPM; the default in nodeSubnet
	// mode) or "calico". Changing this replaces the cluster.
	Policy string
	// PodCidr in overlay mode (default 10.244.0.0/16). Changing this
	// replaces the cluster.
	PodCidr string
	// ServiceCidr of Kubernetes services (default 172.16.0.0/16).
	// Changing this replaces the cluster.
	ServiceCidr string
	// DNSServiceIP is the cluster DNS service's address inside ServiceCidr
	// (default its .10). Changing this replaces the cluster.
	DNSServiceIP string
}

// MaintenanceArgs is the weekly maintenance window (UTC).
type MaintenanceArgs struct {
	// Day of the week, e.g. "Sunday" (default).
	Day string
	// StartHour 0-23 (nil: default 2).
	StartHour *int
	// DurationHours 4-24 (default 4).
	DurationHours int
}

// NodePoolArgs is the system pool or a user pool.
type NodePoolArgs struct {
	// VMSize (default Standard_D4ds_v5). For the system pool, changing
	// this replaces the cluster; a user pool is replaced (deleted first).
	VMSize string
	// MinCount and MaxCount bound the autoscaler. The pool is created with
	// MinCount nodes; afterwards the count is the autoscaler's and changes
	// to it are ignored.
	MinCount int
	MaxCount int
	// MaxPods per node (default 110 in overlay, 30 in nodeSubnet mode).
	MaxPods int
	// Zones (default 1, 2, 3).
	Zones []string
	// SubnetID is the pool's own node subnet (required). For the system
	// pool, changing this replaces the cluster.
	SubnetID pulumi.StringInput
	// OSDiskSizeGB (default 80).
	OSDiskSizeGB int
	// OSType "Linux" (default) or "Windows" (user pools only).
	OSType string
	// OSSku "AzureLinux" (default for Linux) or "Ubuntu"; for Windows
	// "Windows2022" (default) or "Windows2019".
	OSSku string
	// Priority "Regular" (default) or "Spot" (user pools only: evicted
	// nodes are deleted, any price up to on-demand).
	Priority string
	// Labels are Kubernetes node labels.
	Labels map[string]string
	// Taints in "key=value:Effect" form.
	Taints []string
	// EphemeralOSDisk (nil: true). A VM size whose cache or temp disk is
	// smaller than OSDiskSizeGB needs false.
	EphemeralOSDisk *bool
	// MaxSurge during upgrades (default "1").
	MaxSurge string
}

// RegistryArgs is the cluster's Azure Container Registry (Premium, private).
type RegistryArgs struct {
	// Name is globally unique, 5-50 lowercase letters and digits (required).
	Name string
}

// KeyVaultArgs is the cluster's Key Vault (RBAC, purge protection, private).
type KeyVaultArgs struct {
	// Name is globally unique, 3-24 characters (required).
	Name string
	// SoftDeleteRetentionDays 7-90 (default 90).
	SoftDeleteRetentionDays int
	// DisablePurgeProtection creates the vault without purge protection, so
	// that after a teardown the soft-deleted vault can be purged and its name
	// used again at once. With protection on, Azure holds the name until the
	// retention ends and nothing can shorten it. For stacks that are torn
	// down (the stack config allows it only with protect: false). Purge
	// protection cannot be turned off on a vault that has it.
	DisablePurgeProtection bool
}

// LogAnalyticsArgs is the workspace for Container Insights, Defender and the
// control-plane logs.
type LogAnalyticsArgs struct {
	// Name (required).
	Name string
	// RetentionDays 30-730 (default 90).
	RetentionDays int
}

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
	setDefault(&a.SkuTier, DefaultSkuTier)
	a.Network = a.Network.withDefaults()
	setDefault(&a.AutoUpgradeChannel, DefaultAutoUpgradeChannel)
	setDefault(&a.NodeOSUpgradeChannel, DefaultNodeOSUpgradeChannel)
	setDefault(&a.Maintenance.Day, DefaultMaintenanceDay)
	if a.Maintenance.StartHour == nil {
		h := DefaultMaintenanceStartHour
		a.Maintenance.StartHour = &h
	} else {
		h := *a.Maintenance.StartHour
		a.Maintenance.StartHour = &h
	}
	if a.Maintenance.DurationHours == 0 {
		a.Maintenance.DurationHours = DefaultMaintenanceHours
	}
	a.SystemPool = a.SystemPool.withDefaults(a.Network.PluginMode, DefaultSystemMinCount, DefaultSystemMaxCount)
	pools := make(map[string]NodePoolArgs, len(a.UserPools))
	for name, p := range a.UserPools {
		pools[name] = p.withDefaults(a.Network.PluginMode, DefaultUserMinCount, DefaultUserMaxCount)
	}
	a.UserPools = pools
	if a.KeyVault.SoftDeleteRetentionDays == 0 {
		a.KeyVault.SoftDeleteRetentionDays = DefaultKeyVaultRetentionDays
	}
	if a.LogAnalytics.RetentionDays == 0 {
		a.LogAnalytics.RetentionDays = DefaultLogRetentionDays
	}
	setDefault(&a.PolicyEffect, DefaultPolicyEffect)
	setDefault(&a.ContainerCPULimit, DefaultContainerCPULimit)
	setDefault(&a.ContainerMemoryLimit, DefaultContainerMemoryLimit)
	if a.ImageCleanerIntervalHours == 0 {
		a.ImageCleanerIntervalHours = DefaultImageCleanerIntervalHours
	}
	setDefault(&a.SecretRotationInterval, DefaultSecretRotationInterval)
	setDefault(&a.KubeloginMode, DefaultKubeloginMode)
	a.AdminGroupObjectIDs = append([]string(nil), a.AdminGroupObjectIDs...)
	a.PolicyExcludedNamespaces = append([]string(nil), a.PolicyExcludedNamespaces...)
	a.DependsOn = append([]pulumi.Resource(nil), a.DependsOn...)
	a = a.encryptionDefaults()
	return a.canonical()
}

func (n NetworkArgs) withDefaults() NetworkArgs {
	setDefault(&n.PluginMode, DefaultPluginMode)
	setDefault(&n.Policy, baseline.NetworkPolicyFor(n.PluginMode))
	if strings.EqualFold(n.PluginMode, PluginModeOverlay) {
		setDefault(&n.PodCidr, DefaultPodCidr)
	}
	setDefault(&n.ServiceCidr, DefaultServiceCidr)
	if p, err := cidr.Parse(n.ServiceCidr); err == nil {
		if addr, ok := cidr.Host(p, 10); ok {
			setDefault(&n.DNSServiceIP, addr.String())
		}
	}
	return n
}

func (p NodePoolArgs) withDefaults(pluginMode string, minCount, maxCount int) NodePoolArgs {
	setDefault(&p.VMSize, DefaultVMSize)
	if p.MinCount == 0 && p.MaxCount == 0 {
		p.MinCount, p.MaxCount = minCount, maxCount
	} else if p.MaxCount == 0 {
		p.MaxCount = p.MinCount
	}
	if p.MaxPods == 0 {
		p.MaxPods = DefaultMaxPodsOverlay
		if strings.EqualFold(pluginMode, PluginModeNodeSubnet) {
			p.MaxPods = DefaultMaxPodsNodeSubnet
		}
	}
	if p.Zones == nil {
		p.Zones = []string{"1", "2", "3"}
	}
	if p.OSDiskSizeGB == 0 {
		p.OSDiskSizeGB = DefaultOSDiskSizeGB
	}
	setDefault(&p.OSType, DefaultOSType)
	if strings.EqualFold(p.OSType, "Linux") {
		setDefault(&p.OSSku, DefaultLinuxOSSku)
	} else {
		setDefault(&p.OSSku, "Windows2022")
	}
	setDefault(&p.Priority, DefaultPriority)
	if p.EphemeralOSDisk == nil {
		t := true
		p.EphemeralOSDisk = &t
	} else {
		v := *p.EphemeralOSDisk
		p.EphemeralOSDisk = &v
	}
	setDefault(&p.MaxSurge, DefaultMaxSurge)
	p.Zones = append([]string(nil), p.Zones...)
	p.Taints = append([]string(nil), p.Taints...)
	if p.Labels != nil {
		l := make(map[string]string, len(p.Labels))
		for k, v := range p.Labels {
			l[k] = v
		}
		p.Labels = l
	}
	return p
}

// The enum values the component sends, in the one letter case Azure returns
// them: a value given in another case is mapped here, so the inputs never
// flip between 'system' and 'System' and never diff.
var enums = map[string][]string{
	"skuTier":              {"Standard", "Premium", "Free"},
	"pluginMode":           {PluginModeOverlay, PluginModeNodeSubnet},
	"policy":               {"azure", "calico", "cilium"},
	"autoUpgradeChannel":   {"patch", "stable", "rapid", "node-image", "none"},
	"nodeOsUpgradeChannel": {"NodeImage", "SecurityPatch", "Unmanaged", "None"},
	"day":                  {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"},
	"osType":               {"Linux", "Windows"},
	"linuxOsSku":           {"AzureLinux", "Ubuntu"},
	"windowsOsSku":         {"Windows2022", "Windows2019"},
	"priority":             {"Regular", "Spot"},
	"policyEffect":         {"Deny", "Audit"},
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
	k8sMinorRe  = regexp.MustCompile(`^[1-9]\.[0-9]{1,2}$`)
	vmSizeRe    = regexp.MustCompile(`^Standard_[A-Z][A-Za-z0-9]*(_[A-Za-z0-9]+)*$`)
	taintRe     = regexp.MustCompile(`^[A-Za-z0-9][-A-Za-z0-9_./]{0,252}=[-A-Za-z0-9_.]{0,63}:(NoSchedule|PreferNoSchedule|NoExecute)$`)
	nsRe        = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$`)
	quantityRe  = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$`)
	maxSurgeRe  = regexp.MustCompile(`^([1-9][0-9]{0,2}|[1-9][0-9]?%|100%)$`)
	zoneRe      = regexp.MustCompile(`^[1-3]$`)
	dnsZoneIDRe = regexp.MustCompile(`(?i)^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Network/privateDnsZones/[^/]+$`)
)

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
	for _, n := range []struct {
		kind azname.Kind
		path string
		v    string
		opt  bool
	}{
		{azname.ManagedCluster, "clusterName", a.ClusterName, false},
		{azname.DNSPrefix, "dnsPrefix", a.DNSPrefix, false},
		{azname.ResourceGroup, "nodeResourceGroup", a.NodeResourceGroup, true},
		{azname.ContainerRegistry, "registry.name", a.Registry.Name, false},
		{azname.KeyVault, "keyVault.name", a.KeyVault.Name, false},
		{azname.LogAnalytics, "logAnalytics.name", a.LogAnalytics.Name, false},
	} {
		if n.opt && n.v == "" {
			continue
		}
		if err := azname.Check(n.kind, n.v); err != nil {
			add(n.path, n.v, "%v", err)
		}
	}
	if a.KubernetesVersion != "" && !k8sMinorRe.MatchString(a.KubernetesVersion) {
		add("kubernetesVersion", a.KubernetesVersion, "unset (AKS's default) or a major.minor version such as \"1.36\" (the patch is auto-upgrade's)")
	} else if err := azurefacts.CheckVersion(a.KubernetesVersion, false, azurefacts.Now()); err != nil {
		add("kubernetesVersion", a.KubernetesVersion, "%v", err)
	} else {
		// A Windows pool's image must exist for this version today
		// (Windows Server 2019/2022 retirements, azurefacts.NodeImage).
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
				add("userPools."+name+".osSku", p.OSSku, "%s (kubernetesVersion %q)", why, a.KubernetesVersion)
			}
		}
	}
	for _, e := range []struct{ kind, path, v string }{
		{"skuTier", "skuTier", a.SkuTier},
		{"autoUpgradeChannel", "autoUpgradeChannel", a.AutoUpgradeChannel},
		{"nodeOsUpgradeChannel", "nodeOsUpgradeChannel", a.NodeOSUpgradeChannel},
		{"day", "maintenance.day", a.Maintenance.Day},
		{"policyEffect", "policyEffect", a.PolicyEffect},
		{"kubeloginMode", "kubeloginMode", a.KubeloginMode},
	} {
		if !isEnum(e.kind, e.v) {
			add(e.path, e.v, "one of %s", quoteList(enums[e.kind]))
		}
	}
	if a.AutoUpgradeChannel == "node-image" && a.NodeOSUpgradeChannel != "NodeImage" {
		add("nodeOsUpgradeChannel", a.NodeOSUpgradeChannel, "\"NodeImage\" with autoUpgradeChannel \"node-image\" (AKS requires it)")
	}
	if s, ok := a.PrivateDNSZoneID.(pulumi.String); ok && string(s) != "" && !strings.EqualFold(string(s), "system") && !dnsZoneIDRe.MatchString(string(s)) {
		add("privateDnsZoneId", string(s), "the resource ID of a private DNS zone privatelink.<region>.azmk8s.io, or unset for \"system\"")
	}
	if !a.LocalAccounts && len(a.AdminGroupObjectIDs) == 0 {
		add("adminGroupObjectIds", nil, "at least one Entra ID group while local accounts are disabled (else nobody can administer the cluster)")
	}
	for i, g := range a.AdminGroupObjectIDs {
		if !ids.IsGUID(g) {
			add(fmt.Sprintf("adminGroupObjectIds[%d]", i), g, "an Entra ID group object ID (a GUID)")
		}
	}
	errs = append(errs, a.Network.validate("network")...)
	if h := a.Maintenance.StartHour; h == nil || *h < 0 || *h > 23 {
		var v any
		if h != nil {
			v = *h
		}
		add("maintenance.startHour", v, "an hour from 0 to 23 (UTC)")
	}
	if d := a.Maintenance.DurationHours; d < 4 || d > 24 {
		add("maintenance.durationHours", d, "4 to 24 hours (AKS needs at least 4)")
	}

	errs = append(errs, a.SystemPool.validate("systemPool", true, a.Network.PluginMode)...)
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
		errs = append(errs, p.validate(path, false, a.Network.PluginMode)...)
		if s, ok := p.SubnetID.(pulumi.String); ok {
			if other, dup := subnets[strings.ToLower(string(s))]; dup {
				add(path+".subnetId", string(s), "a subnet of its own (%s uses it)", other)
			}
			subnets[strings.ToLower(string(s))] = path
		}
	}

	if r := a.KeyVault.SoftDeleteRetentionDays; r < 7 || r > 90 {
		add("keyVault.softDeleteRetentionDays", r, "7 to 90 days")
	}
	if r := a.LogAnalytics.RetentionDays; r < 30 || r > 730 {
		add("logAnalytics.retentionDays", r, "30 to 730 days")
	}
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

func (n NetworkArgs) validate(path string) []error {
	var errs []error
	add := func(p string, v any, format string, args ...any) {
		errs = append(errs, resopt.ArgError(path+"."+p, v, format, args...))
	}
	if !isEnum("pluginMode", n.PluginMode) {
		add("pluginMode", n.PluginMode, "one of %s", quoteList(enums["pluginMode"]))
	}
	if !isEnum("policy", n.Policy) {
		add("policy", n.Policy, "one of %s", quoteList(enums["policy"]))
	}
	svc, sErr := cidr.Parse(n.ServiceCidr)
	if sErr != nil {
		add("serviceCidr", n.ServiceCidr, "%v", sErr)
	} else if svc.Bits() > 28 {
		add("serviceCidr", n.ServiceCidr, "a /28 or larger")
	}
	dns, err := netip.ParseAddr(n.DNSServiceIP)
	switch {
	case err != nil || !dns.Is4():
		add("dnsServiceIp", n.DNSServiceIP, "an IPv4 address inside serviceCidr")
	case sErr == nil && !svc.Contains(dns):
		add("dnsServiceIp", n.DNSServiceIP, "an address inside serviceCidr %s", svc)
	case sErr == nil && (dns == svc.Addr() || dns == svc.Addr().Next()):
		add("dnsServiceIp", n.DNSServiceIP, "not the network address or the first address of serviceCidr (the kubernetes service takes .1)")
	}
	switch n.PluginMode {
	case PluginModeOverlay:
		pod, pErr := cidr.Parse(n.PodCidr)
		if pErr != nil {
			add("podCidr", n.PodCidr, "%v", pErr)
		} else if sErr == nil && cidr.Overlaps(pod, svc) {
			add("podCidr", n.PodCidr, "a prefix that does not overlap serviceCidr %s", svc)
		}
	case PluginModeNodeSubnet:
		if n.PodCidr != "" {
			add("podCidr", n.PodCidr, "unset in nodeSubnet mode (pods take node-subnet addresses)")
		}
		if n.Policy == "cilium" {
			add("policy", n.Policy, "\"azure\" or \"calico\" in nodeSubnet mode (the cilium dataplane needs overlay here)")
		}
	}
	return errs
}

func (p NodePoolArgs) validate(path string, system bool, pluginMode string) []error {
	var errs []error
	add := func(f string, v any, format string, args ...any) {
		errs = append(errs, resopt.ArgError(path+"."+f, v, format, args...))
	}
	if isNil(p.SubnetID) {
		add("subnetId", nil, "the pool's own node subnet (required)")
	}
	if !vmSizeRe.MatchString(p.VMSize) {
		add("vmSize", p.VMSize, "an Azure VM size name such as \"Standard_D4ds_v5\"")
	}
	minAllowed := 0
	if system {
		minAllowed = 1
	}
	if p.MinCount < minAllowed || p.MinCount > 1000 {
		add("minCount", p.MinCount, "%d to 1000 nodes", minAllowed)
	}
	if p.MaxCount < p.MinCount || p.MaxCount < 1 || p.MaxCount > 1000 {
		add("maxCount", p.MaxCount, "at least minCount (%d) and 1, at most 1000", p.MinCount)
	}
	if p.MaxPods < 10 || p.MaxPods > 250 {
		add("maxPods", p.MaxPods, "10 to 250 pods per node")
	}
	seen := map[string]bool{}
	for i, z := range p.Zones {
		if !zoneRe.MatchString(z) || seen[z] {
			add(fmt.Sprintf("zones[%d]", i), z, "\"1\", \"2\" or \"3\", each once")
		}
		seen[z] = true
	}
	if p.OSDiskSizeGB < 30 || p.OSDiskSizeGB > 2048 {
		add("osDiskSizeGb", p.OSDiskSizeGB, "30 to 2048 GB")
	}
	if !isEnum("osType", p.OSType) {
		add("osType", p.OSType, "one of %s", quoteList(enums["osType"]))
	}
	if system && p.OSType == "Windows" {
		add("osType", p.OSType, "\"Linux\" for the system pool")
	}
	if p.OSType == "Windows" && !isEnum("windowsOsSku", p.OSSku) {
		add("osSku", p.OSSku, "one of %s for Windows", quoteList(enums["windowsOsSku"]))
	}
	if p.OSType == "Linux" && !isEnum("linuxOsSku", p.OSSku) {
		add("osSku", p.OSSku, "one of %s for Linux", quoteList(enums["linuxOsSku"]))
	}
	if !isEnum("priority", p.Priority) {
		add("priority", p.Priority, "one of %s", quoteList(enums["priority"]))
	}
	if system && p.Priority == "Spot" {
		add("priority", p.Priority, "\"Regular\" for the system pool (spot nodes can be evicted)")
	}
	if !maxSurgeRe.MatchString(p.MaxSurge) {
		add("maxSurge", p.MaxSurge, "a node count such as \"1\" or a percentage such as \"33%%\"")
	}
	for _, k := range slices.Sorted(maps.Keys(p.Labels)) {
		if err := azname.CheckNodeLabel(k, p.Labels[k]); err != nil {
			add("labels."+k, p.Labels[k], "%v", err)
		}
	}
	for i, t := range p.Taints {
		if !taintRe.MatchString(t) {
			add(fmt.Sprintf("taints[%d]", i), t, "\"key=value:Effect\" with Effect NoSchedule, PreferNoSchedule or NoExecute")
		}
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
