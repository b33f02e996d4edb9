package acceptance

import (
	"fmt"
	"math"
	"net/netip"
	"strconv"
	"strings"

	"github.com/privateaks/privateaks/internal/azurefacts"
	"github.com/privateaks/privateaks/internal/mockengine"
)

const (
	docVersions  = "MicrosoftDocs/azure-aks-docs articles/aks/supported-kubernetes-versions.md#aks-kubernetes-release-calendar-and-upcoming-versions (cluster creation is not supported in platform support)"
	docLTS       = "MicrosoftDocs/azure-aks-docs articles/aks/long-term-support.md#enable-long-term-support; " + specAKS + "#/definitions/ManagedClusterSKU (tier Premium: 'enables selection of LongTermSupport')"
	docOverlay   = "MicrosoftDocs/azure-aks-docs articles/aks/azure-cni-overlay.md#ip-address-planning"
	docOverlayMP = "MicrosoftDocs/azure-aks-docs articles/aks/azure-cni-overlay.md#maximum-pods-per-node"
	docSvcRanges = "MicrosoftDocs/azure-aks-docs articles/aks/configure-kubenet.md (service address range: not within 169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16 or 192.0.2.0/24); articles/aks/azure-cni-overlay.md#ip-address-planning"
	docMaint     = "MicrosoftDocs/azure-aks-docs articles/aks/planned-maintenance.md (configuration names default, aksManagedAutoUpgradeSchedule, aksManagedNodeOSUpgradeSchedule)"
	docEphemeral = "MicrosoftDocs/azure-docs articles/virtual-machines/ephemeral-os-disks.md (the OS disk must fit the cache or temp disk of the VM size); " + specAKS + "#/definitions/OSDiskType"
)

// reserved are the ranges AKS's docs exclude from the service address
// range (docSvcRanges).
var reserved = []netip.Prefix{
	netip.MustParsePrefix("169.254.0.0/16"), netip.MustParsePrefix("172.30.0.0/16"),
	netip.MustParsePrefix("172.31.0.0/16"), netip.MustParsePrefix("192.0.2.0/24"),
}

func overlaps(a, b netip.Prefix) bool { return a.Overlaps(b) }

func init() {
	register(Rule{ID: "AZ-AKS-VERSION", Title: "a Kubernetes version AKS creates on the deploy date", Source: docVersions, check: func(rn *run) {
		for _, c := range rn.clusters() {
			v, st := lookup(c, "kubernetesVersion")
			if st != known || !v.IsString() {
				continue // unset: AKS's default, always creatable
			}
			rn.checked++
			if err := azurefacts.CheckVersion(v.StringValue(), lts(c), rn.asOf); err != nil {
				rn.flag(c, "kubernetesVersion", "", "%v", err)
			}
		}
		for _, p := range rn.pools() {
			v, ok := str(p.r, p.path("orchestratorVersion"))
			if !ok || v == "" {
				continue
			}
			rn.checked++
			if err := azurefacts.CheckVersion(v, lts(p.cluster), rn.asOf); err != nil {
				rn.flag(p.r, p.path("orchestratorVersion"), "", "%v", err)
			}
		}
	}})
	register(Rule{ID: "AZ-AKS-POOLVERSION", Title: "a pool's version: same major, not above the control plane, at most two minors below", Source: def(specAKS, "ManagedClusterAgentPoolProfileProperties") + ".orchestratorVersion", check: func(rn *run) {
		for _, p := range rn.pools() {
			pv, ok := str(p.r, p.path("orchestratorVersion"))
			if !ok || pv == "" || p.cluster == nil {
				continue
			}
			cv, ok := str(p.cluster, "kubernetesVersion")
			if !ok || cv == "" {
				continue // the control plane is AKS's default: unknown here
			}
			pm, ok1 := azurefacts.MinorOf(pv)
			cm, ok2 := azurefacts.MinorOf(cv)
			if !ok1 || !ok2 {
				continue
			}
			rn.checked++
			pa, pb := splitMinor(pm)
			ca, cb := splitMinor(cm)
			switch {
			case pa != ca:
				rn.flag(p.r, p.path("orchestratorVersion"), "", "pool %s and control plane %s differ in major version", pv, cv)
			case pb > cb:
				rn.flag(p.r, p.path("orchestratorVersion"), "", "pool %s is newer than the control plane %s", pv, cv)
			case cb-pb > 2:
				rn.flag(p.r, p.path("orchestratorVersion"), "", "pool %s is more than two minor versions behind the control plane %s", pv, cv)
			}
		}
	}})
	register(Rule{ID: "AZ-AKS-LTS", Title: "long-term support only with tier Premium", Source: docLTS, check: func(rn *run) {
		for _, c := range rn.clusters() {
			plan, ok := str(c, "supportPlan")
			if !ok || plan != "AKSLongTermSupport" {
				continue
			}
			tier, ok := str(c, "sku.tier")
			if v, st := lookup(c, "sku.tier"); st == unknown || (st == known && !v.IsString()) {
				continue
			}
			rn.checked++
			if !ok || tier != "Premium" {
				rn.flag(c, "sku.tier", "", "supportPlan AKSLongTermSupport needs sku.tier Premium, have %q", tier)
			}
		}
	}})
	register(Rule{ID: "AZ-AKS-OSIMAGE", Title: "the pool's node OS image is still offered", Source: azurefacts.SourceAzureLinux2 + "; " + azurefacts.SourceAzureLinux3 + "; " + azurefacts.SourceWindows2019 + "; " + azurefacts.SourceWindows2022, check: func(rn *run) {
		for _, p := range rn.pools() {
			sku, ok := str(p.r, p.path("osSKU"))
			if _, st := lookup(p.r, p.path("osSKU")); st == unknown {
				continue
			}
			if !ok {
				// Unset: Ubuntu on Linux, Windows2022 on Windows (OSSKU).
				if os, _ := str(p.r, p.path("osType")); os != "Windows" {
					continue
				}
				sku = azurefacts.WindowsDefaultOSSKU
			}
			ver, ok := poolVersion(p)
			if !ok {
				continue
			}
			rn.checked++
			if _, avail, why := azurefacts.NodeImage(sku, ver, rn.asOf); !avail {
				rn.flag(p.r, p.path("osSKU"), "", "%s", why)
			}
		}
	}})
	register(Rule{ID: "AZ-ZONES", Title: "availability zones only in regions that have them", Source: azurefacts.SourceZones, check: func(rn *run) {
		check := func(r, cluster *mockengine.Resource, path string) {
			zones, ok := strs(r, path)
			if !ok || len(zones) == 0 {
				return
			}
			region, ok := location(r, cluster)
			if !ok {
				return
			}
			rn.checked++
			have := azurefacts.ZonesIn(region)
			if have == nil {
				rn.flag(r, path, "", "region %s has no availability zones; remove %s", region, strings.Join(zones, ","))
				return
			}
			for _, z := range zones {
				if !contains(have, z) {
					rn.flag(r, path, "", "zone %q is not one of %s's zones (%s)", z, region, strings.Join(have, ", "))
				}
			}
		}
		for _, p := range rn.pools() {
			check(p.r, p.cluster, p.path("availabilityZones"))
			// "This can only be specified if the AgentPoolType property is
			// 'VirtualMachineScaleSets'."
			if t, ok := str(p.r, p.path("type")); ok && t != "VirtualMachineScaleSets" {
				if zones, _ := strs(p.r, p.path("availabilityZones")); len(zones) > 0 {
					rn.flag(p.r, p.path("availabilityZones"), def(specAKS, "ManagedClusterAgentPoolProfileProperties")+".availabilityZones", "availability zones need type VirtualMachineScaleSets, have %s", t)
				}
			}
		}
		for _, typ := range []string{"AzureFirewall", "PublicIPAddress"} {
			for _, r := range rn.byType("network", typ) {
				check(r, nil, "zones")
			}
		}
	}})
	register(Rule{ID: "AZ-AKS-EPHEMERAL", Title: "an ephemeral OS disk fits the VM size's cache or temp disk", Source: docEphemeral, check: func(rn *run) {
		for _, p := range rn.pools() {
			if t, ok := str(p.r, p.path("osDiskType")); !ok || t != "Ephemeral" {
				continue
			}
			size, ok := str(p.r, p.path("vmSize"))
			if !ok {
				continue
			}
			vm, ok := azurefacts.VMSize(size)
			if !ok {
				continue // not in our table: nothing to say
			}
			rn.checked++
			if !vm.EphemeralOS {
				rn.flag(p.r, p.path("osDiskType"), "", "%s does not support ephemeral OS disks (%s)", size, vm.Source)
				continue
			}
			gb, ok := num(p.r, p.path("osDiskSizeGB"))
			if !ok || gb == 0 {
				continue // 0 or unset: AKS sizes the disk for the VM size
			}
			if capGiB := vm.EphemeralCapacityGiB(); gb > float64(capGiB) {
				rn.flag(p.r, p.path("osDiskSizeGB"), "", "an ephemeral OS disk of %v GB does not fit %s: its size page lists a %d GiB temp disk and no larger cache (at most %d GiB in any case); use a smaller osDiskSizeGB, a larger size or osDiskType Managed (%s)", gb, size, capGiB, azurefacts.EphemeralMaxGiB, vm.Source)
			}
		}
	}})
	register(Rule{ID: "AZ-AKS-SYSTEM", Title: "system pools: Linux, at least 2 vCPUs and 4 GB, and at least one per cluster", Source: specAKS + "#/definitions/AgentPoolMode", check: func(rn *run) {
		for _, c := range rn.clusters() {
			n := length(c, "agentPoolProfiles")
			if n < 0 {
				continue
			}
			rn.checked++
			sys := 0
			for i := 0; i < n; i++ {
				if m, _ := str(c, fmt.Sprintf("agentPoolProfiles[%d].mode", i)); m == "System" {
					sys++
				}
			}
			if sys == 0 {
				rn.flag(c, "agentPoolProfiles", "", "a cluster must have at least one System agent pool")
			}
		}
		for _, p := range rn.pools() {
			if m, ok := str(p.r, p.path("mode")); !ok || m != "System" {
				continue
			}
			rn.checked++
			if os, ok := str(p.r, p.path("osType")); ok && os != "Linux" {
				rn.flag(p.r, p.path("osType"), "", "System agent pools osType must be Linux, have %q", os)
			}
			if sku, ok := str(p.r, p.path("osSKU")); ok && strings.HasPrefix(sku, "Windows") {
				rn.flag(p.r, p.path("osSKU"), def(specAKS, "OSSKU"), "%s is unsupported for system node pools", sku)
			}
			if size, ok := str(p.r, p.path("vmSize")); ok {
				if vm, known := azurefacts.VMSize(size); known && (vm.VCPUs < 2 || vm.MemoryGB < 4) {
					rn.flag(p.r, p.path("vmSize"), "", "System agent pools need at least 2 vCPUs and 4 GB of memory; %s has %d vCPUs, %d GB", size, vm.VCPUs, vm.MemoryGB)
				}
			}
		}
	}})
	register(Rule{ID: "AZ-AKS-SPOT", Title: "eviction policy and max price only on Spot pools", Source: def(specAKS, "ManagedClusterAgentPoolProfileProperties") + ".scaleSetEvictionPolicy ('This cannot be specified unless the scaleSetPriority is Spot')", check: func(rn *run) {
		for _, p := range rn.pools() {
			prio, _ := str(p.r, p.path("scaleSetPriority"))
			if _, st := lookup(p.r, p.path("scaleSetPriority")); st == unknown {
				continue
			}
			for _, f := range []string{"scaleSetEvictionPolicy", "spotMaxPrice"} {
				if _, st := lookup(p.r, p.path(f)); st == known {
					rn.checked++
					if prio != "Spot" {
						rn.flag(p.r, p.path(f), "", "%s needs scaleSetPriority Spot (have %q)", f, prio)
					}
				}
			}
		}
	}})
	register(Rule{ID: "AZ-AKS-WINDOWS", Title: "Windows pools: name at most 6 characters, User mode", Source: def(specAKS, "ManagedClusterAgentPoolProfile") + ".name ('Windows agent pool names must be 6 characters or less')", check: func(rn *run) {
		for _, p := range rn.pools() {
			os, ok := str(p.r, p.path("osType"))
			if !ok || os != "Windows" {
				continue
			}
			name, ok := str(p.r, p.namePath())
			if !ok {
				continue
			}
			rn.checked++
			if len(name) > 6 {
				rn.flag(p.r, p.namePath(), "", "Windows pool name %q has %d characters; at most 6", name, len(name))
			}
		}
	}})
	register(Rule{ID: "AZ-AKS-OVERLAY", Title: "overlay pod CIDR has a /24 for every node the pools can reach; maxPods 10..250", Source: docOverlay, check: func(rn *run) {
		pools := rn.pools()
		for _, c := range rn.clusters() {
			plugin, _ := str(c, "networkProfile.networkPlugin")
			mode, _ := str(c, "networkProfile.networkPluginMode")
			if plugin != "azure" || mode != "overlay" {
				continue
			}
			cidr := "10.244.0.0/16" // the spec's default for podCidr
			if v, st := lookup(c, "networkProfile.podCidr"); st == unknown {
				continue
			} else if st == known && v.IsString() {
				cidr = v.StringValue()
			}
			pfx, err := netip.ParsePrefix(cidr)
			if err != nil || !pfx.Addr().Is4() {
				continue // AZ-SPEC-PATTERN reports it
			}
			nodes, ok := 0, true
			for _, p := range pools {
				if p.cluster != c {
					continue
				}
				n, known := maxNodes(p)
				ok = ok && known
				nodes += n
			}
			if !ok {
				continue
			}
			rn.checked++
			capacity := 0
			if pfx.Bits() <= 24 {
				capacity = 1 << (24 - pfx.Bits())
			}
			if nodes > capacity {
				rn.flag(c, "networkProfile.podCidr", "", "%s holds %d /24 node blocks but the pools can reach %d nodes (max counts plus upgrade surge); each overlay node takes a /24 from the pod CIDR", cidr, capacity, nodes)
			}
		}
		for _, p := range pools {
			if p.cluster == nil {
				continue
			}
			if m, _ := str(p.cluster, "networkProfile.networkPluginMode"); m != "overlay" {
				continue
			}
			// "Virtual Machine Availability Sets (VMAS) aren't supported
			// for Overlay." (azure-cni-overlay.md, limitations)
			if t, ok := str(p.r, p.path("type")); ok {
				rn.checked++
				if t == "AvailabilitySet" {
					rn.flag(p.r, p.path("type"), "MicrosoftDocs/azure-aks-docs articles/aks/azure-cni-overlay.md#limitations-with-azure-cni-overlay", "Azure CNI Overlay does not support AvailabilitySet pools")
				}
			}
			mp, ok := num(p.r, p.path("maxPods"))
			if !ok {
				continue
			}
			rn.checked++
			if mp < 10 || mp > 250 {
				rn.flag(p.r, p.path("maxPods"), docOverlayMP, "maxPods %v; Azure CNI Overlay allows 10..250", mp)
			}
		}
	}})
	register(Rule{ID: "AZ-AKS-SERVICECIDR", Title: "service CIDR and DNS service IP: not reserved, inside, not the first address, apart from pods and nodes", Source: docSvcRanges, check: func(rn *run) {
		for _, c := range rn.clusters() {
			svcText, ok := str(c, "networkProfile.serviceCidr")
			if !ok {
				continue
			}
			svc, err := netip.ParsePrefix(svcText)
			if err != nil || !svc.Addr().Is4() {
				continue // AZ-SPEC-PATTERN reports malformed ones
			}
			svc = svc.Masked()
			rn.checked++
			for _, r := range reserved {
				if overlaps(svc, r) {
					rn.flag(c, "networkProfile.serviceCidr", "", "service CIDR %s overlaps %s, which AKS reserves", svcText, r)
				}
			}
			if svc.Bits() <= 12 {
				rn.flag(c, "networkProfile.serviceCidr", docOverlay, "service CIDR %s must be smaller than /12", svcText)
			}
			if dns, ok := str(c, "networkProfile.dnsServiceIP"); ok {
				if a, err := netip.ParseAddr(dns); err == nil {
					switch {
					case !svc.Contains(a):
						rn.flag(c, "networkProfile.dnsServiceIP", def(specAKS, "ContainerServiceNetworkProfile")+".dnsServiceIP", "%s is not within the service CIDR %s", dns, svcText)
					case a == svc.Addr().Next():
						rn.flag(c, "networkProfile.dnsServiceIP", docOverlay, "%s is the first address of %s, used for kubernetes.default.svc", dns, svcText)
					}
				}
			}
			var pod netip.Prefix
			if mode, _ := str(c, "networkProfile.networkPluginMode"); mode == "overlay" {
				pt := "10.244.0.0/16"
				if v, ok := str(c, "networkProfile.podCidr"); ok {
					pt = v
				}
				if p, err := netip.ParsePrefix(pt); err == nil {
					pod = p.Masked()
					if overlaps(svc, pod) {
						rn.flag(c, "networkProfile.serviceCidr", docOverlay, "service CIDR %s overlaps the pod CIDR %s", svcText, pt)
					}
				}
			}
			for _, sub := range rn.nodeSubnets(c) {
				if overlaps(svc, sub.prefix) {
					rn.flag(c, "networkProfile.serviceCidr", docOverlay, "service CIDR %s overlaps node subnet %s (%s)", svcText, sub.prefix, sub.path)
				}
				if pod.IsValid() && overlaps(pod, sub.prefix) {
					rn.flag(c, "networkProfile.podCidr", docOverlay, "pod CIDR %s overlaps node subnet %s (%s)", pod, sub.prefix, sub.path)
				}
			}
		}
	}})
	register(Rule{ID: "AZ-AKS-MAINT", Title: "maintenance configurations: a known name, a window where one is required, start 00:00..23:59", Source: docMaint, check: func(rn *run) {
		for _, m := range rn.byType("containerservice", "MaintenanceConfiguration") {
			if name, ok := str(m, "configName"); ok {
				rn.checked++
				switch name {
				case "default":
				case "aksManagedAutoUpgradeSchedule", "aksManagedNodeOSUpgradeSchedule":
					if !present(m, "maintenanceWindow") {
						rn.flag(m, "maintenanceWindow", "", "%s is configured with maintenanceWindow (timeInWeek is for the default configuration)", name)
					}
				default:
					rn.flag(m, "configName", "", "%q is not a maintenance configuration AKS uses; allowed: default, aksManagedAutoUpgradeSchedule, aksManagedNodeOSUpgradeSchedule", name)
				}
			}
			if st, ok := str(m, "maintenanceWindow.startTime"); ok && len(st) == 5 && st[2] == ':' {
				rn.checked++
				h, err1 := strconv.Atoi(st[:2])
				mi, err2 := strconv.Atoi(st[3:])
				if err1 != nil || err2 != nil || h > 23 || mi > 59 {
					rn.flag(m, "maintenanceWindow.startTime", def(specAKS, "MaintenanceWindow")+".startTime", "%q: accepted values are from '00:00' to '23:59'", st)
				}
			}
		}
	}})
}

// maxNodes is the most nodes a pool can have at once: its autoscaler
// maximum (or count) plus the upgrade surge (AgentPoolUpgradeSettings
// .maxSurge: an integer or a percentage of the pool, rounded up; default 1).
func maxNodes(p pool) (int, bool) {
	auto, _ := boolean(p.r, p.path("enableAutoScaling"))
	field := "count"
	if auto {
		field = "maxCount"
	}
	n, ok := num(p.r, p.path(field))
	if !ok {
		if _, st := lookup(p.r, p.path(field)); st == unknown {
			return 0, false
		}
		n = 1 // the spec's default count
	}
	surge := 1.0
	if s, ok := str(p.r, p.path("upgradeSettings.maxSurge")); ok && s != "" {
		if strings.HasSuffix(s, "%") {
			pct, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
			if err == nil {
				surge = math.Ceil(n * pct / 100)
			}
		} else if v, err := strconv.ParseFloat(s, 64); err == nil {
			surge = v
		}
	}
	return int(n + surge), true
}

type subnetRef struct {
	prefix netip.Prefix
	path   string
}

// nodeSubnets are the address prefixes of the subnets a cluster's pools
// join, where the subnet is in the plan.
func (rn *run) nodeSubnets(c *mockengine.Resource) []subnetRef {
	var out []subnetRef
	seen := map[string]bool{}
	for _, p := range rn.pools() {
		if p.cluster != c {
			continue
		}
		id, ok := str(p.r, p.path("vnetSubnetID"))
		if !ok || seen[strings.ToLower(id)] {
			continue
		}
		seen[strings.ToLower(id)] = true
		sub := rn.p.ByID(id)
		if sub == nil {
			continue
		}
		if pt, ok := str(sub, "addressPrefix"); ok {
			if pfx, err := netip.ParsePrefix(pt); err == nil {
				out = append(out, subnetRef{pfx.Masked(), p.path("vnetSubnetID")})
			}
		}
	}
	return out
}

func splitMinor(m string) (int, int) {
	a, b, _ := strings.Cut(m, ".")
	x, _ := strconv.Atoi(a)
	y, _ := strconv.Atoi(b)
	return x, y
}
