package stackconfig

import (
	"fmt"
	"maps"
	"net/netip"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/privateaks/privateaks/components/identities/identityspec"
	"github.com/privateaks/privateaks/components/privateaks/clusterspec"
	"github.com/privateaks/privateaks/components/privatedns/dnsspec"
	"github.com/privateaks/privateaks/components/spokenetwork/spokespec"
	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/azurefacts"
	"github.com/privateaks/privateaks/internal/cidr"
	"github.com/privateaks/privateaks/internal/fielderr"
)

// Validate checks a defaulted config (see WithDefaults) and returns every
// problem at once as a *ValidationError, or nil. Kubernetes versions are
// checked against the AKS release calendar as of today (azurefacts.Now);
// ValidateAsOf takes the date. It never panics, whatever the input.
func Validate(c Config) error { return ValidateAsOf(c, azurefacts.Now()) }

// ValidateAsOf is Validate with the date the Kubernetes versions are
// checked against.
func ValidateAsOf(c Config, asOf time.Time) error {
	var errs []error
	errs = append(errs, validateTop(c)...)
	errs = append(errs, validateHub(c.Hub, "hub")...)
	errs = append(errs, validateDNS(c.DNS, c.Location, "dns")...)
	if len(c.Spokes) == 0 {
		errs = append(errs, fieldErr("spokes", nil, "at least one spoke is required"))
	}
	for _, key := range c.SpokeKeys() {
		errs = append(errs, validateSpoke(c.Spokes[key], join("spokes", key), key)...)
	}
	errs = append(errs, validateAddressPlan(c)...)
	errs = append(errs, validateMonitorScope(c)...)
	errs = append(errs, validateZonesInRegion(c)...)
	errs = append(errs, validateGloballyUniqueNames(c)...)
	errs = append(errs, validateDerivedNames(c)...)
	errs = append(errs, validateFlux(c.Flux, c.Secrets, "flux")...)
	errs = append(errs, validateWaivers(c)...)
	errs = append(errs, validateKeyVaultPurge(c)...)
	errs = append(errs, validateVersions(c, asOf)...)
	errs = append(errs, validateRunners(c)...)
	errs = append(errs, validateResolver(c)...)
	errs = append(errs, validateEntraIDs(c)...)
	return newValidationError(errs)
}

var (
	prefixRe    = regexp.MustCompile(`^[a-z][a-z0-9-]{0,14}[a-z0-9]$`)
	envRe       = regexp.MustCompile(`^[a-z][a-z0-9-]{0,15}$`)
	spokeNameRe = regexp.MustCompile(`^[a-z][a-z0-9]{0,9}$`)
	tagKeyRe    = regexp.MustCompile(`^[^<>%&\\?/]{1,512}$`)
)

func validateTop(c Config) []error {
	var errs []error
	if !IsRegion(c.Location) {
		errs = append(errs, fieldErr("location", c.Location, "an Azure region name in lowercase without spaces, e.g. \"westeurope\""))
	}
	if !prefixRe.MatchString(c.Prefix) {
		errs = append(errs, fieldErr("prefix", c.Prefix, "2-16 lowercase letters, digits and '-', starting with a letter"))
	}
	if !envRe.MatchString(c.Environment) {
		errs = append(errs, fieldErr("environment", c.Environment, "1-16 lowercase letters, digits and '-', e.g. \"dev\" or \"prod\""))
	}
	for _, k := range slices.Sorted(maps.Keys(c.Tags)) {
		if !tagKeyRe.MatchString(k) || len(c.Tags[k]) > 256 {
			errs = append(errs, fieldErr(join("tags", k), c.Tags[k], "tag names of 1-512 characters without <>%%&\\?/ and values of at most 256 characters"))
		}
	}
	for i, a := range c.AcknowledgeReplacement {
		if !isReplacementField(a) {
			errs = append(errs, fieldErr(fmt.Sprintf("acknowledgeReplacement[%d]", i), a, "one of the replacing cluster fields: %s", strings.Join(replacementFieldPatterns(), ", ")))
		}
	}
	return errs
}

func validateHub(h Hub, path string) []error {
	var errs []error
	errs = append(errs, checkName(azname.ResourceGroup, h.ResourceGroupName, join(path, "resourceGroupName"))...)
	errs = append(errs, h.Firewall.Firewall.Validate(join(path, "firewall"))...)
	for i, f := range h.Firewall.ExtraFqdns {
		if !azname.IsDNSName(f, azname.DNSForm{Wildcard: true}) {
			errs = append(errs, fieldErr(fmt.Sprintf("%s.firewall.extraFqdns[%d]", path, i), f, "a DNS name such as \"packages.example.com\" or \"*.example.com\""))
		}
	}
	errs = append(errs, h.Bastion.Validate(join(path, "bastion"))...)
	errs = append(errs, h.Logs.Validate(join(path, "logs"))...)
	errs = append(errs, h.DDoS.Validate(join(path, "ddos"))...)

	// The hub's layout (hubspec) with the resolver's subnets; the stack
	// always has the private-endpoint subnet (the Azure Monitor Private
	// Link Scope's endpoint).
	n := h.NetworkSpec()
	layout := cidr.Require(append(n.Subnets(), resolverSubnets(h.DNSResolver)...), "privateEndpointSubnet")
	errs = append(errs, n.ValidateLayout(path, layout)...)
	return errs
}

func validateDNS(d DNS, location, path string) []error {
	errs := oneOf(d.Mode, join(path, "mode"), DNSModeHubAndSpokes, DNSModeHubOnly)
	errs = append(errs, checkName(azname.ResourceGroup, d.ResourceGroupName, join(path, "resourceGroupName"))...)
	errs = append(errs, dnsspec.ValidateExtraZones(d.ExtraZones, location, join(path, "extraZones"))...)
	return errs
}

func validateSpoke(s Spoke, path, key string) []error {
	var errs []error
	if !spokeNameRe.MatchString(key) {
		errs = append(errs, fieldErr(path, key, "a spoke key of 1-10 lowercase letters and digits, starting with a letter (it seeds resource names)"))
	}
	errs = append(errs, checkName(azname.ResourceGroup, s.ResourceGroupName, join(path, "resourceGroupName"))...)
	c := s.Cluster
	cp := join(path, "cluster")
	// Node subnets are checked for size per pool (validatePool); in the
	// layout (spokespec) for containment and overlap, at the pool's key.
	more := []cidr.Subnet{spokespec.NodeSubnet("cluster.systemPool.subnetPrefix", c.SystemPool.SubnetPrefix)}
	for _, name := range c.PoolNames() {
		more = append(more, spokespec.NodeSubnet("cluster.userPools."+name+".subnetPrefix", c.UserPools[name].SubnetPrefix))
	}
	more = append(more, appGatewaySubnet(s.AppGateway)...)
	errs = append(errs, s.Network.Validate(path, more...)...)
	errs = append(errs, validateCluster(c, cp)...)
	errs = append(errs, c.Names.ValidateNodeResourceGroup(cp, s.ResourceGroupName)...)
	errs = append(errs, validateAppGateway(s, path)...)
	return errs
}

func validateCluster(c Cluster, path string) []error {
	var errs []error
	errs = append(errs, c.Names.Validate(path, clusterspec.ConfigNameKey)...)
	errs = append(errs, c.Settings.Validate(path)...)
	errs = append(errs, clusterspec.ValidateAPIServerZone(c.PrivateDNSZone, join(path, "privateDnsZone"))...)
	errs = append(errs, c.Network.Validate(join(path, "network"))...)
	errs = append(errs, c.Maintenance.Validate(join(path, "maintenance"))...)
	errs = append(errs, validatePool(c.SystemPool, join(path, "systemPool"), true, c.Network.PluginMode)...)
	for _, name := range c.PoolNames() {
		p := join(path, "userPools."+name)
		kind := azname.LinuxNodePool
		if c.UserPools[name].OSType == "Windows" {
			kind = azname.WindowsNodePool
		}
		if err := azname.Check(kind, name); err != nil {
			errs = append(errs, fieldErr(p, name, "a pool name of %s", strings.TrimPrefix(err.Error(), fmt.Sprintf("%q is not a valid %s name: want ", name, kind))))
		} else if name == "system" {
			errs = append(errs, fieldErr(p, name, "a name other than \"system\" (the system pool's)"))
		}
		errs = append(errs, validatePool(c.UserPools[name], p, false, c.Network.PluginMode)...)
	}
	errs = append(errs, c.Registry.Validate(join(path, "registry"))...)
	errs = append(errs, c.KeyVault.KeyVault.Validate(join(path, "keyVault"))...)
	errs = append(errs, validateEncryption(c, path)...)
	errs = append(errs, c.LogAnalytics.Validate(join(path, "logAnalytics"))...)
	for _, id := range slices.Sorted(maps.Keys(c.WorkloadIdentities)) {
		p := join(path, "workloadIdentities."+id)
		errs = append(errs, checkName(azname.ManagedIdentity, id, p)...)
		errs = append(errs, c.WorkloadIdentities[id].Validate(p)...)
	}
	for _, ns := range slices.Sorted(maps.Keys(c.NamespaceAccess)) {
		errs = append(errs, identityspec.ValidateNamespaceAccess(ns, c.NamespaceAccess[ns], join(path, "namespaceAccess."+ns))...)
	}
	return errs
}

// maxPodsRange is what the AKS API accepts per node (clusterspec).
const (
	MinMaxPods = clusterspec.MinMaxPods
	MaxMaxPods = clusterspec.MaxMaxPods
)

// surgeNodes is the extra node an upgrade adds per pool (maxSurge 1).
const surgeNodes = 1

// validatePool is the component's own pool validation (clusterspec) and
// what only the stack has: the pool's node subnet, sized for it.
func validatePool(p NodePool, path string, system bool, pluginMode string) []error {
	errs := p.NodePool.Validate(path, system)
	// The subnet must hold every node at maxCount plus the upgrade surge
	// node, and in nodeSubnet mode every pod of them too, plus Azure's 5.
	if pre, err := cidr.Parse(p.SubnetPrefix); err == nil && p.MaxCount >= 0 && p.MaxPods >= 0 {
		nodes := uint64(p.MaxCount) + surgeNodes
		need := nodes
		if pluginMode == PluginModeNodeSubnet {
			need = nodes * uint64(p.MaxPods+1)
		}
		if cidr.Usable(pre) < need {
			errs = append(errs, fieldErr(join(path, "subnetPrefix"), p.SubnetPrefix,
				"a subnet with at least %d usable addresses (%d nodes incl. surge%s) plus Azure's %d reserved: /%d or larger",
				need, nodes, podNote(pluginMode, p.MaxPods), cidr.AzureReservedPerSubnet, cidr.SmallestPrefixFor(need)))
		}
	}
	return errs
}

func podNote(mode string, maxPods int) string {
	if mode == PluginModeNodeSubnet {
		return fmt.Sprintf(" x (%d pods + 1)", maxPods)
	}
	return ""
}

func validateZones(zones []string, path string) []error {
	return clusterspec.ValidateZones(zones, path)
}

// validateZonesInRegion refuses availability zones in a region that has
// none (clusterspec.ValidateZonesIn, the components' rule): the firewall,
// every pool, the runners and every gateway.
func validateZonesInRegion(c Config) []error {
	var errs []error
	check := func(zones []string, path string) {
		errs = append(errs, clusterspec.ValidateZonesIn(c.Location, zones, path)...)
	}
	check(c.Hub.Firewall.Zones, "hub.firewall.zones")
	if c.Hub.Runners.Enabled {
		check(c.Hub.Runners.Zones, "hub.runners.zones")
	}
	for _, key := range c.SpokeKeys() {
		s := c.Spokes[key]
		base := join("spokes", key)
		check(s.Cluster.SystemPool.Zones, base+".cluster.systemPool.zones")
		for _, name := range s.Cluster.PoolNames() {
			check(s.Cluster.UserPools[name].Zones, base+".cluster.userPools."+name+".zones")
		}
		if s.AppGateway.Enabled {
			check(s.AppGateway.Zones, base+".appGateway.zones")
		}
	}
	return errs
}

// validateAddressPlan checks that no two of the hub, every spoke, and each
// cluster's service and pod CIDRs overlap where they would collide: VNets
// with each other (they are peered), and each cluster's service and pod
// CIDRs with every VNet (traffic to them would be routed into the cluster).
func validateAddressPlan(c Config) []error {
	var vnets []block
	if p, err := cidr.Parse(c.Hub.AddressSpace); err == nil {
		vnets = append(vnets, block{"hub.addressSpace", p})
	}
	keys := c.SpokeKeys()
	for _, k := range keys {
		if p, err := cidr.Parse(c.Spokes[k].AddressSpace); err == nil {
			vnets = append(vnets, block{"spokes." + k + ".addressSpace", p})
		}
	}
	var errs []error
	var external []block
	for i, s := range c.Hub.ExternalSpokeAddressSpaces {
		path := fmt.Sprintf("hub.externalSpokeAddressSpaces[%d]", i)
		p, err := cidr.Parse(s)
		if err != nil {
			errs = append(errs, fieldErr(path, s, "%v", err))
			continue
		}
		vnets = append(vnets, block{path, p})
		external = append(external, block{path, p})
	}
	errs = append(errs, validateExternalNodeSubnets(c.Hub.ExternalNodeSubnets, external)...)
	for i, a := range vnets {
		for _, b := range vnets[i+1:] {
			if cidr.Overlaps(a.p, b.p) {
				errs = append(errs, fieldErr(b.path, b.p.String(), "an address space that does not overlap %s (%s)", a.path, a.p))
			}
		}
	}
	for _, k := range keys {
		n := c.Spokes[k].Cluster.Network
		for _, cl := range []block{{"spokes." + k + ".cluster.network.serviceCidr", parseOrZero(n.ServiceCidr)}, {"spokes." + k + ".cluster.network.podCidr", parseOrZero(n.PodCidr)}} {
			if !cl.p.IsValid() {
				continue
			}
			for _, v := range vnets {
				if cidr.Overlaps(cl.p, v.p) {
					errs = append(errs, fieldErr(cl.path, cl.p.String(), "a prefix that overlaps no VNet; it overlaps %s (%s)", v.path, v.p))
				}
			}
		}
	}
	return errs
}

// block is a prefix with the config key it came from.
type block struct {
	path string
	p    netip.Prefix
}

// validateExternalNodeSubnets checks the egress sources of external spokes:
// each node subnet lies inside an external spoke, and every external spoke
// names at least one (without one its cluster has no egress at all).
func validateExternalNodeSubnets(subnets []string, spokes []block) []error {
	var errs []error
	used := make([]bool, len(spokes))
	for i, s := range subnets {
		path := fmt.Sprintf("hub.externalNodeSubnets[%d]", i)
		p, err := cidr.Parse(s)
		if err != nil {
			errs = append(errs, fieldErr(path, s, "%v", err))
			continue
		}
		inside := false
		for j, sp := range spokes {
			if cidr.Contains(sp.p, p) {
				inside, used[j] = true, true
			}
		}
		if !inside {
			errs = append(errs, fieldErr(path, s, "a node subnet inside one of hub.externalSpokeAddressSpaces"))
		}
	}
	for j, sp := range spokes {
		if !used[j] {
			errs = append(errs, fieldErr(sp.path, sp.p.String(), "an external spoke with its node subnets listed in hub.externalNodeSubnets (the sources its cluster egress is allowed from)"))
		}
	}
	return errs
}

func parseOrZero(s string) netip.Prefix {
	p, err := cidr.Parse(s)
	if err != nil {
		return netip.Prefix{}
	}
	return p
}

// validateGloballyUniqueNames rejects two spokes sharing a name that Azure
// needs unique (registries, vaults, clusters in one group, node groups).
func validateGloballyUniqueNames(c Config) []error {
	var errs []error
	seen := map[string]string{}
	claim := func(kind, name, path string) {
		k := kind + "/" + strings.ToLower(name)
		if prev, ok := seen[k]; ok {
			errs = append(errs, fieldErr(path, name, "a name not already used by %s", prev))
			return
		}
		seen[k] = path
	}
	claim("rg", c.Hub.ResourceGroupName, "hub.resourceGroupName")
	for _, k := range c.SpokeKeys() {
		s := c.Spokes[k]
		p := "spokes." + k
		if !strings.EqualFold(s.ResourceGroupName, c.Hub.ResourceGroupName) {
			claim("rg", s.ResourceGroupName, p+".resourceGroupName")
		}
		// The spoke's own group is the spec's to refuse
		// (clusterspec.Names.ValidateNodeResourceGroup).
		if !strings.EqualFold(s.Cluster.NodeResourceGroup, s.ResourceGroupName) {
			claim("rg", s.Cluster.NodeResourceGroup, p+".cluster.nodeResourceGroup")
		}
		claim("acr", s.Cluster.Registry.Name, p+".cluster.registry.name")
		claim("kv", s.Cluster.KeyVault.Name, p+".cluster.keyVault.name")
		if s.Cluster.KMS.Enabled {
			claim("kv", s.Cluster.KMS.VaultName, p+".cluster.kms.vaultName")
		}
		if s.Cluster.DiskEncryption.Enabled {
			claim("kv", s.Cluster.DiskEncryption.VaultName, p+".cluster.diskEncryption.vaultName")
		}
		claim("aks", s.Cluster.ClusterName, p+".cluster.name")
		claim("vnet", s.VnetName, p+".vnetName")
	}
	return errs
}

func validateWaivers(c Config) []error {
	var errs []error
	seen := map[string]bool{}
	for i, w := range c.Waivers {
		p := fmt.Sprintf("waivers[%d]", i)
		if !isControlID(w.Control) {
			errs = append(errs, fieldErr(join(p, "control"), w.Control, "one of the baseline control IDs: %s", strings.Join(ControlIDs, ", ")))
		} else if seen[w.Control] {
			errs = append(errs, fieldErr(join(p, "control"), w.Control, "a control waived only once"))
		}
		seen[w.Control] = true
		if len(strings.TrimSpace(w.Reason)) < 10 {
			errs = append(errs, fieldErr(join(p, "reason"), w.Reason, "a reason of at least 10 characters that a reviewer can judge"))
		}
		// The guard follows what the stack protects, not what its
		// environment is called ("prod", "production", "prd" alike): a
		// protected stack is a production stack.
		if c.IsProtected() && !c.AllowProdWaivers {
			errs = append(errs, fieldErr(join(p, "control"), w.Control, "no waivers in a protected stack (protect: true, the default) unless allowProdWaivers is true"))
		}
	}
	return errs
}

func checkName(kind azname.Kind, name, path string) []error { return azname.CheckAt(kind, name, path) }

func oneOf(v, path string, allowed ...string) []error { return fielderr.OneOf(v, path, allowed...) }

func parseCIDR(s, path string) (netip.Prefix, []error) {
	p, err := cidr.Parse(s)
	if err != nil {
		return netip.Prefix{}, []error{fieldErr(path, s, "%v", err)}
	}
	return p, nil
}

// validateDerivedNames checks the names the components derive from the
// configured ones (NSGs, route tables, public IPs, peerings), so that a long
// but valid VNet name cannot yield an invalid derived name at deploy time.
func validateDerivedNames(c Config) []error {
	var errs []error
	check := func(path, source, derived string) {
		if err := azname.Check(azname.NetworkGeneric, derived); err != nil {
			errs = append(errs, fieldErr(path, source, "a shorter name: it derives %q, which is not a valid %s", derived, azname.NetworkGeneric))
		}
	}
	h := c.Hub
	check("hub.vnetName", h.VnetName, azname.SubnetNSGName(h.VnetName, "management"))
	check("hub.vnetName", h.VnetName, azname.RouteTableName(h.VnetName, "management"))
	check("hub.firewall.name", h.Firewall.Name, azname.PublicIPName(h.Firewall.Name))
	check("hub.bastion.name", h.Bastion.Name, azname.PublicIPName(h.Bastion.Name))
	for _, k := range c.SpokeKeys() {
		s := c.Spokes[k]
		p := "spokes." + k + ".vnetName"
		check(p, s.VnetName, azname.SubnetNSGName(s.VnetName, azname.SpokePrivateEndpointsSubnet))
		check(p, s.VnetName, azname.SubnetNSGName(s.VnetName, azname.SpokeIngressSubnet))
		check(p, s.VnetName, azname.RouteTableName(s.VnetName))
		check(p, s.VnetName, azname.PeeringName(s.VnetName))
		for _, pool := range s.Cluster.PoolNames() {
			check(p, s.VnetName, azname.SubnetNSGName(s.VnetName, azname.NodeSubnetName(pool)))
		}
	}
	return errs
}
