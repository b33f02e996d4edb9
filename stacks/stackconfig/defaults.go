package stackconfig

import (
	"fmt"
	"maps"
	"net/netip"
	"slices"

	"github.com/privateaks/privateaks/components/fluxbootstrap/fluxspec"
	"github.com/privateaks/privateaks/components/hubnetwork/hubspec"
	"github.com/privateaks/privateaks/components/privateaks/clusterspec"
	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/baseline"
	"github.com/privateaks/privateaks/internal/cidr"
)

// The hardened defaults. Anything weaker is a named opt-out in config.
const (
	DefaultHubAddressSpace      = "10.200.0.0/24"
	DefaultFirewallSku          = hubspec.DefaultFirewallSku
	DefaultIdpsMode             = hubspec.DefaultIdpsMode
	DefaultBastionSku           = hubspec.DefaultBastionSku
	DefaultDNSMode              = DNSModeHubAndSpokes
	DefaultSkuTier              = baseline.SkuTier
	DefaultPrivateDNSZone       = clusterspec.DefaultAPIServerZone
	DefaultPluginMode           = PluginModeOverlay
	DefaultPodCidr              = baseline.PodCidr
	DefaultServiceCidr          = baseline.ServiceCidr
	DefaultAutoUpgradeChannel   = baseline.AutoUpgradeChannel
	DefaultNodeOSUpgradeChannel = baseline.NodeOSUpgradeChannel
	DefaultMaintenanceDay       = baseline.MaintenanceDay
	DefaultMaintenanceStartHour = baseline.MaintenanceStartHour
	DefaultMaintenanceHours     = baseline.MaintenanceHours
	DefaultSystemVMSize         = baseline.VMSize
	DefaultUserVMSize           = baseline.VMSize
	DefaultSystemMinCount       = baseline.SystemMinCount
	DefaultSystemMaxCount       = baseline.SystemMaxCount
	DefaultUserMinCount         = baseline.UserMinCount
	DefaultUserMaxCount         = baseline.UserMaxCount
	DefaultMaxPodsOverlay       = baseline.MaxPodsOverlay
	DefaultMaxPodsNodeSubnet    = baseline.MaxPodsNodeSubnet
	DefaultOSDiskSizeGB         = baseline.OSDiskSizeGB
	// MinOSDiskSizeGB is the smallest OS disk validation accepts.
	MinOSDiskSizeGB              = clusterspec.MinOSDiskSizeGB
	DefaultOSType                = baseline.OSType
	DefaultOSSku                 = baseline.LinuxOSSku
	DefaultPriority              = baseline.Priority
	DefaultPolicyEffect          = baseline.PolicyEffect
	DefaultKeyVaultRetention     = baseline.KeyVaultRetention
	DefaultLogRetentionDays      = baseline.LogRetentionDays
	DefaultFluxMode              = fluxspec.DefaultMode
	DefaultFluxBranch            = fluxspec.DefaultBranch
	DefaultFluxInterval          = fluxspec.DefaultInterval
	DefaultKustomizationInterval = fluxspec.DefaultKustomizationInterval
	DefaultFluxAuth              = fluxspec.DefaultAuth
	DefaultKustomizationName     = "cluster"

	DNSModeHubAndSpokes  = "hubAndSpokes"
	DNSModeHubOnly       = "hubOnly"
	PluginModeOverlay    = baseline.PluginModeOverlay
	PluginModeNodeSubnet = baseline.PluginModeNodeSubnet
	FluxModeExtension    = fluxspec.ModeExtension
	FluxModeManifests    = fluxspec.ModeManifests
	FluxAuthNone         = fluxspec.AuthNone
	FluxAuthSSH          = fluxspec.AuthSSH
	FluxAuthHTTPS        = fluxspec.AuthHTTPS
	FluxAuthWorkloadID   = fluxspec.AuthWorkloadIdentity
)

// DefaultZones are the availability zones pools and the firewall span in a
// region (clusterspec.DefaultZones).
func DefaultZones(location string) []string { return clusterspec.DefaultZones(location) }

// WithDefaults returns a copy of c with every unset value filled. It never
// changes a value the user set, and never fails: values it cannot derive
// from (an unparsable CIDR) are left for Validate to report.
func WithDefaults(c Config) Config {
	out := c
	if out.Protect == nil {
		t := true
		out.Protect = &t
	}
	out.Tags = copyMap(c.Tags)
	zones := DefaultZones(c.Location)
	out.Hub = hubDefaults(c.Hub, c.Prefix, zones)
	out.Hub.Logs = hubLogsDefaults(out.Hub.Logs, c.Prefix, c.Location)
	out.DNS = c.DNS
	if out.DNS.Mode == "" {
		out.DNS.Mode = DefaultDNSMode
	}
	if out.DNS.ResourceGroupName == "" {
		out.DNS.ResourceGroupName = out.Hub.ResourceGroupName
	}
	out.Spokes = make(map[string]Spoke, len(c.Spokes))
	for key, s := range c.Spokes {
		out.Spokes[key] = spokeDefaults(s, c.Prefix, key, zones)
	}
	out.Flux = fluxDefaults(c.Flux, c.Environment)
	return out
}

func hubDefaults(h Hub, prefix string, zones []string) Hub {
	setDefault(&h.ResourceGroupName, fmt.Sprintf("rg-%s-hub", prefix))
	setDefault(&h.VnetName, fmt.Sprintf("vnet-%s-hub", prefix))
	setDefault(&h.AddressSpace, DefaultHubAddressSpace)
	// The subnets default to a fixed layout inside the hub's address space,
	// so they never move when something else changes.
	if p, err := cidr.Parse(h.AddressSpace); err == nil && p.Bits() <= 24 {
		setDefault(&h.FirewallSubnet, carve(p, 0, 26))
		setDefault(&h.BastionSubnet, carve(p, 64, 26))
		setDefault(&h.ManagementSubnet, carve(p, 128, 27))
		setDefault(&h.PrivateEndpointSubnet, carve(p, 192, 27))
		setDefault(&h.GatewaySubnet, carve(p, 224, 27))
	}
	setDefault(&h.Firewall.Name, fmt.Sprintf("afw-%s-hub", prefix))
	setDefault(&h.Firewall.PolicyName, fmt.Sprintf("afwp-%s-hub", prefix))
	if h.Firewall.Zones == nil {
		h.Firewall.Zones = append([]string{}, zones...)
	}
	h.Firewall.Firewall = h.Firewall.Firewall.WithDefaults()
	setDefault(&h.Bastion.Name, fmt.Sprintf("bas-%s-hub", prefix))
	h.Bastion = h.Bastion.WithDefaults()
	h.Runners = runnersDefaults(h.Runners, prefix, zones)
	h.DNSResolver = resolverDefaults(h.DNSResolver, h.AddressSpace, prefix)
	return h
}

func carve(p netip.Prefix, offset uint64, bits int) string {
	a, ok := cidr.Host(p, offset)
	if !ok {
		return ""
	}
	return netip.PrefixFrom(a, bits).String()
}

func spokeDefaults(s Spoke, prefix, key string, zones []string) Spoke {
	setDefault(&s.ResourceGroupName, fmt.Sprintf("rg-%s-%s", prefix, key))
	setDefault(&s.VnetName, fmt.Sprintf("vnet-%s-%s", prefix, key))
	s.Cluster = encryptionDefaults(clusterDefaults(s.Cluster, prefix, key, zones), prefix, key)
	s.AppGateway = appGatewayDefaults(s.AppGateway, prefix, key, zones)
	return s
}

func clusterDefaults(c Cluster, prefix, key string, zones []string) Cluster {
	// The cluster's names derive from the prefix and the spoke's key; the
	// spec defaults the DNS prefix to the name.
	setDefault(&c.ClusterName, fmt.Sprintf("aks-%s-%s", prefix, key))
	setDefault(&c.NodeResourceGroup, fmt.Sprintf("rg-%s-%s-nodes", prefix, key))
	c.Names = c.Names.WithDefaults()
	c.Settings = c.Settings.WithDefaults()
	setDefault(&c.PrivateDNSZone, DefaultPrivateDNSZone)
	c.Network = c.Network.WithDefaults()
	c.Maintenance = c.Maintenance.WithDefaults()
	c.SystemPool = poolDefaults(c.SystemPool, c.Network.PluginMode, clusterspec.PoolDefaults{VMSize: DefaultSystemVMSize, MinCount: DefaultSystemMinCount, MaxCount: DefaultSystemMaxCount, Zones: zones})
	pools := make(map[string]NodePool, len(c.UserPools))
	for name, p := range c.UserPools {
		pools[name] = poolDefaults(p, c.Network.PluginMode, clusterspec.PoolDefaults{VMSize: DefaultUserVMSize, MinCount: DefaultUserMinCount, MaxCount: DefaultUserMaxCount, Zones: zones})
	}
	c.UserPools = pools
	if len(c.WorkloadIdentities) > 0 {
		wis := make(map[string]WorkloadIdentity, len(c.WorkloadIdentities))
		for name, wi := range c.WorkloadIdentities {
			wi = wi.WithDefaults()
			wis[name] = wi
		}
		c.WorkloadIdentities = wis
	}
	alnum := azname.Alnum(prefix + key)
	setDefault(&c.Registry.Name, truncate("acr"+alnum, 50))
	setDefault(&c.KeyVault.Name, truncate("kv-"+prefix+"-"+key, 24))
	c.KeyVault.KeyVault = c.KeyVault.KeyVault.WithDefaults()
	setDefault(&c.LogAnalytics.Name, fmt.Sprintf("log-%s-%s", prefix, key))
	c.LogAnalytics = c.LogAnalytics.WithDefaults()
	return c
}

// poolDefaults fills a pool from the component's spec
// (clusterspec.NodePool.WithDefaults): the stack and the component default
// a pool the same way.
func poolDefaults(p NodePool, pluginMode string, d clusterspec.PoolDefaults) NodePool {
	p.NodePool = p.NodePool.WithDefaults(pluginMode, d)
	return p
}

func fluxDefaults(f Flux, env string) Flux {
	if f.Enabled == nil {
		t := true
		f.Enabled = &t
	}
	f.Spec = f.Spec.WithDefaults()
	ks := f.Kustomizations
	if len(ks) == 0 {
		t := true
		ks[DefaultKustomizationName] = Kustomization{Path: "clusters/" + env, Prune: &t, Interval: DefaultKustomizationInterval}
	}
	f.Kustomizations = ks
	return f
}

// SpokeKeys returns the spoke keys in a stable order.
func (c Config) SpokeKeys() []string { return slices.Sorted(maps.Keys(c.Spokes)) }

// PoolNames returns the user pool names in a stable order.
func (c Cluster) PoolNames() []string { return slices.Sorted(maps.Keys(c.UserPools)) }

// IsProtected reports whether stateful resources are protected.
func (c Config) IsProtected() bool { return c.Protect == nil || *c.Protect }

func setDefault(p *string, v string) {
	if *p == "" {
		*p = v
	}
}

func copyMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func truncate(s string, n int) string {
	if len(s) > n {
		s = s[:n]
	}
	// A name cut in the middle must not end in '-'.
	for len(s) > 0 && s[len(s)-1] == '-' {
		s = s[:len(s)-1]
	}
	return s
}
