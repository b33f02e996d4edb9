package clusterspec

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/azurefacts"
	"github.com/privateaks/privateaks/internal/baseline"
	"github.com/privateaks/privateaks/internal/fielderr"
)

// NodePool is what a user configures of the system pool or a user pool.
// The layers add their own wiring around it: the stack config the pool's
// subnet prefix, the component its subnet ID and upgrade surge.
type NodePool struct {
	// VMSize (default Standard_D4ds_v5). For the system pool, changing
	// this replaces the cluster; a user pool is replaced (deleted first).
	VMSize string `json:"vmSize,omitempty"`
	// MinCount and MaxCount bound the autoscaler. The pool is created with
	// MinCount nodes; afterwards the count is the autoscaler's and changes
	// to it are ignored. MaxCount alone unset is MinCount.
	MinCount int `json:"minCount,omitempty"`
	MaxCount int `json:"maxCount,omitempty"`
	// MaxPods per node (default 110 in overlay, 30 in nodeSubnet mode).
	MaxPods int `json:"maxPods,omitempty"`
	// Zones (default: the region's zones, DefaultZones; none in a region
	// without zones).
	Zones []string `json:"zones,omitempty"`
	// OSDiskSizeGB (default 80, or for an ephemeral OS disk on a VM size
	// whose cache and temp disks hold less, the most they hold).
	OSDiskSizeGB int `json:"osDiskSizeGb,omitempty"`
	// OSType "Linux" (default) or "Windows" (user pools only).
	OSType string `json:"osType,omitempty"`
	// OSSku "AzureLinux" (default for Linux) or "Ubuntu"; for Windows
	// "Windows2022" (default) or "Windows2019".
	OSSku string `json:"osSku,omitempty"`
	// Priority "Regular" (default) or "Spot" (user pools only: evicted
	// nodes are deleted, any price up to on-demand).
	Priority string `json:"priority,omitempty"`
	// Labels are Kubernetes node labels (none under the prefixes AKS
	// reserves: azname.CheckNodeLabel).
	Labels map[string]string `json:"labels,omitempty"`
	// Taints in "key=value:Effect" form.
	Taints []string `json:"taints,omitempty"`
	// EphemeralOSDisk (default true); a VM size without a cache or temp
	// disk large enough needs false, a named opt-out.
	EphemeralOSDisk *bool `json:"ephemeralOsDisk,omitempty"`
}

// The bounds of a pool. The node count is the AKS API's: "in the range of 0
// to 1000 (inclusive) for user pools and in the range of 1 to 1000
// (inclusive) for system pools" (the agent pool count in containerservice
// 2024-09-01, as the pinned SDK's pulumiTypes.go documents it). maxPods
// 10-250 and an OS disk of 30-2048 GB are the limits both layers held
// before the spec existed (AKS documents 250 pods per node as the most).
const (
	MinMaxPods      = 10
	MaxMaxPods      = 250
	MinOSDiskSizeGB = 30
	MaxOSDiskSizeGB = 2048
	MaxNodeCount    = 1000
)

// SystemPoolTaint keeps application pods off the system pool; the
// component always sets it.
const SystemPoolTaint = "CriticalAddonsOnly=true:NoSchedule"

// PoolDefaults are the defaults that differ between the system pool and
// user pools.
type PoolDefaults struct {
	VMSize             string
	MinCount, MaxCount int
	Zones              []string
}

// SystemPoolDefaults are the system pool's defaults in a region.
func SystemPoolDefaults(location string) PoolDefaults {
	return PoolDefaults{VMSize: baseline.VMSize, MinCount: baseline.SystemMinCount, MaxCount: baseline.SystemMaxCount, Zones: DefaultZones(location)}
}

// UserPoolDefaults are a user pool's defaults in a region.
func UserPoolDefaults(location string) PoolDefaults {
	return PoolDefaults{VMSize: baseline.VMSize, MinCount: baseline.UserMinCount, MaxCount: baseline.UserMaxCount, Zones: DefaultZones(location)}
}

// DefaultZones are the availability zones pools and the firewall span in a
// region that has them; in one without zones they are regional (the empty
// list), since Azure rejects zones there.
func DefaultZones(location string) []string {
	if z := azurefacts.ZonesIn(location); z != nil {
		return z
	}
	return []string{}
}

// WithDefaults fills every unset field. It never changes a set value, and
// the result shares no slice, map or pointer with p.
func (p NodePool) WithDefaults(pluginMode string, d PoolDefaults) NodePool {
	setDefault(&p.VMSize, d.VMSize)
	if p.MinCount == 0 && p.MaxCount == 0 {
		p.MinCount, p.MaxCount = d.MinCount, d.MaxCount
	} else if p.MaxCount == 0 {
		p.MaxCount = p.MinCount
	}
	if p.MaxPods == 0 {
		p.MaxPods = baseline.MaxPodsOverlay
		if strings.EqualFold(pluginMode, PluginModeNodeSubnet) {
			p.MaxPods = baseline.MaxPodsNodeSubnet
		}
	}
	if p.Zones == nil {
		p.Zones = d.Zones
	}
	p.Zones = append([]string{}, p.Zones...)
	ephemeral := p.EphemeralOSDisk == nil || *p.EphemeralOSDisk
	p.EphemeralOSDisk = &ephemeral
	if p.OSDiskSizeGB == 0 {
		p.OSDiskSizeGB = defaultOSDiskSize(p.VMSize, ephemeral)
	}
	setDefault(&p.OSType, baseline.OSType)
	if strings.EqualFold(p.OSType, "Windows") {
		setDefault(&p.OSSku, DefaultWindowsOSSku)
	} else {
		setDefault(&p.OSSku, baseline.LinuxOSSku)
	}
	setDefault(&p.Priority, baseline.Priority)
	if p.Labels != nil {
		p.Labels = maps.Clone(p.Labels)
	}
	p.Taints = append([]string(nil), p.Taints...)
	return p
}

// defaultOSDiskSize is baseline.OSDiskSizeGB, or for an ephemeral OS disk
// on a VM size whose cache and temp disks hold less, the most they hold: an
// ephemeral OS disk must fit there (azure-docs virtual-machines
// ephemeral-os-disks.md), so the default never makes a pool Azure refuses.
func defaultOSDiskSize(vmSize string, ephemeral bool) int {
	if size, ok := azurefacts.VMSize(vmSize); ok && ephemeral {
		if c := size.EphemeralCapacityGiB(); c < baseline.OSDiskSizeGB && c >= MinOSDiskSizeGB {
			return c
		}
	}
	return baseline.OSDiskSizeGB
}

var (
	vmSizeRe = regexp.MustCompile(`^Standard_[A-Z][A-Za-z0-9]*(_[A-Za-z0-9]+)*$`)
	taintRe  = regexp.MustCompile(`^[A-Za-z0-9][-A-Za-z0-9_./]{0,252}=[-A-Za-z0-9_.]{0,63}:(NoSchedule|PreferNoSchedule|NoExecute)$`)
)

// IsVMSize reports whether s has the shape of an Azure VM size name
// ("Standard_D4ds_v5"); whether the region offers it is Azure's to say.
func IsVMSize(s string) bool { return vmSizeRe.MatchString(s) }

// Validate returns every problem of a defaulted pool, under path. system
// is the inline system pool (Linux, Regular, at least one node);
// pluginMode decides the default pod density only, so it is not needed
// here.
func (p NodePool) Validate(path string, system bool) []error {
	at := func(k string) string { return fielderr.Join(path, k) }
	var errs []error
	add := func(k string, v any, format string, args ...any) {
		errs = append(errs, fielderr.New(at(k), v, format, args...))
	}
	if !IsVMSize(p.VMSize) {
		add("vmSize", p.VMSize, "an Azure VM size name such as \"Standard_D4ds_v5\"")
	}
	minAllowed := 0
	if system {
		minAllowed = 1
	}
	if p.MinCount < minAllowed || p.MinCount > MaxNodeCount {
		add("minCount", p.MinCount, "%d to %d nodes", minAllowed, MaxNodeCount)
	}
	if p.MaxCount < p.MinCount || p.MaxCount < 1 || p.MaxCount > MaxNodeCount {
		add("maxCount", p.MaxCount, "at least minCount (%d) and 1, at most %d", p.MinCount, MaxNodeCount)
	}
	if p.MaxPods < MinMaxPods || p.MaxPods > MaxMaxPods {
		add("maxPods", p.MaxPods, "%d to %d pods per node", MinMaxPods, MaxMaxPods)
	}
	errs = append(errs, ValidateZones(p.Zones, at("zones"))...)
	if p.OSDiskSizeGB < MinOSDiskSizeGB || p.OSDiskSizeGB > MaxOSDiskSizeGB {
		add("osDiskSizeGb", p.OSDiskSizeGB, "%d to %d GB", MinOSDiskSizeGB, MaxOSDiskSizeGB)
	} else if size, ok := azurefacts.VMSize(p.VMSize); ok && p.EphemeralOSDisk != nil && *p.EphemeralOSDisk && p.OSDiskSizeGB > size.EphemeralCapacityGiB() {
		// An ephemeral OS disk lives on the VM's cache or temp disk and must
		// fit there (azure-docs virtual-machines ephemeral-os-disks.md).
		add("osDiskSizeGb", p.OSDiskSizeGB, "at most %d for an ephemeral OS disk on %s (its cache or temp disk holds %d GiB), or ephemeralOsDisk: false",
			size.EphemeralCapacityGiB(), p.VMSize, size.EphemeralCapacityGiB())
	}
	errs = append(errs, fielderr.OneOf(p.OSType, at("osType"), OSTypes...)...)
	if system && p.OSType == "Windows" {
		add("osType", p.OSType, "\"Linux\" for the system pool")
	}
	switch p.OSType {
	case "Linux":
		errs = append(errs, fielderr.OneOf(p.OSSku, at("osSku"), LinuxOSSkus...)...)
	case "Windows":
		errs = append(errs, fielderr.OneOf(p.OSSku, at("osSku"), WindowsOSSkus...)...)
	}
	errs = append(errs, fielderr.OneOf(p.Priority, at("priority"), Priorities...)...)
	if system && p.Priority == "Spot" {
		add("priority", p.Priority, "\"Regular\" for the system pool (spot nodes can be evicted)")
	}
	for _, k := range slices.Sorted(maps.Keys(p.Labels)) {
		if err := azname.CheckNodeLabel(k, p.Labels[k]); err != nil {
			add("labels."+k, p.Labels[k], "%v", err)
		}
	}
	for i, t := range p.Taints {
		k := fmt.Sprintf("taints[%d]", i)
		if !taintRe.MatchString(t) {
			add(k, t, "\"key=value:Effect\" with Effect NoSchedule, PreferNoSchedule or NoExecute")
		}
		if system && strings.HasPrefix(t, "CriticalAddonsOnly") {
			add(k, t, "no CriticalAddonsOnly taint here: the system pool always carries %s", SystemPoolTaint)
		}
	}
	return errs
}

// ValidateZones refuses a zone list with a zone other than "1", "2" or "3"
// or a zone twice (pools, the firewall, gateways and scale sets alike).
//
// ValidateZonesIn is the region's part of the rule.
func ValidateZones(zones []string, path string) []error {
	seen := map[string]bool{}
	for _, z := range zones {
		if (z != "1" && z != "2" && z != "3") || seen[z] {
			return []error{fielderr.New(path, zones, "distinct availability zones from \"1\", \"2\", \"3\"")}
		}
		seen[z] = true
	}
	return nil
}

// ValidateZonesIn refuses availability zones in a region Azure lists
// without them: Azure rejects a zonal pool, firewall, scale set, gateway or
// public IP there (azure-docs reliability/availability-zones-region-
// support.md; the region table is internal/azurefacts). A region we do not
// know is not judged here (the stack config refuses it by name).
func ValidateZonesIn(location string, zones []string, path string) []error {
	if len(zones) == 0 || azurefacts.ZonesIn(location) != nil || !azurefacts.IsRegion(location) {
		return nil
	}
	return []error{fielderr.New(path, zones, "none ([]): %s has no availability zones", location)}
}
