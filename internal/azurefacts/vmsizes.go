package azurefacts

import (
	"sort"
	"strings"
)

// Size is what our checks need to know about a VM size.
type Size struct {
	Name   string
	Family string
	VCPUs  int
	// MemoryGB as the size tables give it.
	MemoryGB int
	// TempDiskGiB is the temp (resource) disk; CacheGiB the OS cache
	// disk. Either can hold an ephemeral OS disk if it is large enough
	// (SourceEphemeral). The current size pages list the temp disk only;
	// CacheGiB stays 0 (not listed) until a page gives one.
	TempDiskGiB int
	CacheGiB    int
	// EphemeralOS is the table's "Ephemeral OS Disks: Supported".
	EphemeralOS bool
	// GPUs is the accelerator count (0: none).
	GPUs   int
	Source string
}

const (
	srcDsv5     = "MicrosoftDocs/azure-docs articles/virtual-machines/sizes/general-purpose/dsv5-series.md (Basics tab; 'No local storage present in this series'; 'Ephemeral OS Disks: Not Supported')"
	srcEdsv5    = "MicrosoftDocs/azure-docs articles/virtual-machines/sizes/memory-optimized/edsv5-series.md (Basics, Local storage, Accelerators tabs; Feature support)"
	srcFsv2     = "MicrosoftDocs/azure-docs articles/virtual-machines/sizes/compute-optimized/fsv2-series.md (Basics, Local Storage, Accelerators tabs; Feature support)"
	srcDdsv5    = "MicrosoftDocs/azure-docs articles/virtual-machines/sizes/general-purpose/ddsv5-series.md (Basics, Local Storage, Accelerators tabs; Feature support)"
	srcNCasT4v3 = "MicrosoftDocs/azure-docs articles/virtual-machines/sizes/gpu-accelerated/ncast4v3-series.md (Basics, Local Storage, Accelerators tabs; Feature support)"
)

var sizes = map[string]Size{}

func init() {
	// Ddsv5: vCPUs, memory (GB) and temp disk (GiB) per the series tables;
	// no accelerators; ephemeral OS disks supported.
	for _, s := range []struct {
		name          string
		cpu, mem, tmp int
	}{
		{"Standard_D2ds_v5", 2, 8, 75}, {"Standard_D4ds_v5", 4, 16, 150}, {"Standard_D8ds_v5", 8, 32, 300},
		{"Standard_D16ds_v5", 16, 64, 600}, {"Standard_D32ds_v5", 32, 128, 1200}, {"Standard_D48ds_v5", 48, 192, 1800},
		{"Standard_D64ds_v5", 64, 256, 2400}, {"Standard_D96ds_v5", 96, 384, 3600},
	} {
		sizes[s.name] = Size{Name: s.name, Family: "Ddsv5", VCPUs: s.cpu, MemoryGB: s.mem, TempDiskGiB: s.tmp, EphemeralOS: true, Source: srcDdsv5}
	}
	// Dsv5: no local storage at all, ephemeral OS disks not supported.
	for _, s := range []struct {
		name     string
		cpu, mem int
	}{
		{"Standard_D2s_v5", 2, 8}, {"Standard_D4s_v5", 4, 16}, {"Standard_D8s_v5", 8, 32}, {"Standard_D16s_v5", 16, 64},
		{"Standard_D32s_v5", 32, 128}, {"Standard_D48s_v5", 48, 192}, {"Standard_D64s_v5", 64, 256}, {"Standard_D96s_v5", 96, 384},
	} {
		sizes[s.name] = Size{Name: s.name, Family: "Dsv5", VCPUs: s.cpu, MemoryGB: s.mem, Source: srcDsv5}
	}
	// Edsv5 (memory optimized) and Fsv2 (compute optimized): temp disks
	// per the tables; ephemeral OS disks supported; no accelerators.
	for _, s := range []struct {
		name, family, src string
		cpu, mem, tmp     int
	}{
		{"Standard_E2ds_v5", "Edsv5", srcEdsv5, 2, 16, 75}, {"Standard_E4ds_v5", "Edsv5", srcEdsv5, 4, 32, 150},
		{"Standard_E8ds_v5", "Edsv5", srcEdsv5, 8, 64, 300}, {"Standard_E16ds_v5", "Edsv5", srcEdsv5, 16, 128, 600},
		{"Standard_E20ds_v5", "Edsv5", srcEdsv5, 20, 160, 750}, {"Standard_E32ds_v5", "Edsv5", srcEdsv5, 32, 256, 1200},
		{"Standard_E48ds_v5", "Edsv5", srcEdsv5, 48, 384, 1800}, {"Standard_E64ds_v5", "Edsv5", srcEdsv5, 64, 512, 2400},
		{"Standard_E96ds_v5", "Edsv5", srcEdsv5, 96, 672, 3600}, {"Standard_E104ids_v5", "Edsv5", srcEdsv5, 104, 672, 3800},
		{"Standard_F2s_v2", "Fsv2", srcFsv2, 2, 4, 16}, {"Standard_F4s_v2", "Fsv2", srcFsv2, 4, 8, 32},
		{"Standard_F8s_v2", "Fsv2", srcFsv2, 8, 16, 64}, {"Standard_F16s_v2", "Fsv2", srcFsv2, 16, 32, 128},
		{"Standard_F32s_v2", "Fsv2", srcFsv2, 32, 64, 256}, {"Standard_F48s_v2", "Fsv2", srcFsv2, 48, 96, 384},
		{"Standard_F64s_v2", "Fsv2", srcFsv2, 64, 128, 512}, {"Standard_F72s_v2", "Fsv2", srcFsv2, 72, 144, 576},
	} {
		sizes[s.name] = Size{Name: s.name, Family: s.family, VCPUs: s.cpu, MemoryGB: s.mem, TempDiskGiB: s.tmp, EphemeralOS: true, Source: s.src}
	}
	// NCasT4_v3: NVIDIA T4 GPUs; ephemeral OS disks supported.
	for _, s := range []struct {
		name               string
		cpu, mem, tmp, gpu int
	}{
		{"Standard_NC4as_T4_v3", 4, 28, 176, 1}, {"Standard_NC8as_T4_v3", 8, 56, 352, 1},
		{"Standard_NC16as_T4_v3", 16, 110, 352, 1}, {"Standard_NC64as_T4_v3", 64, 440, 2816, 4},
	} {
		sizes[s.name] = Size{Name: s.name, Family: "NCasT4_v3", VCPUs: s.cpu, MemoryGB: s.mem, TempDiskGiB: s.tmp, EphemeralOS: true, GPUs: s.gpu, Source: srcNCasT4v3}
	}
}

// VMSize returns what we know of a size; ok is false for sizes this table
// does not hold (checks then skip rather than guess).
func VMSize(name string) (Size, bool) {
	s, ok := sizes[name]
	return s, ok
}

// EphemeralMaxGiB caps any ephemeral OS disk: "Cache size or temp size
// for the VM size or 2040 GiB, whichever is smaller" (SourceEphemeral).
const EphemeralMaxGiB = 2040

// EphemeralCapacityGiB is the largest OS disk an ephemeral placement can
// take on a size: the larger of its cache and temp disks, at most
// EphemeralMaxGiB.
func (s Size) EphemeralCapacityGiB() int {
	c := s.TempDiskGiB
	if s.CacheGiB > c {
		c = s.CacheGiB
	}
	if c > EphemeralMaxGiB {
		c = EphemeralMaxGiB
	}
	return c
}

// KnownSizes lists the sizes in the table, sorted.
func KnownSizes() []string {
	var out []string
	for n := range sizes {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// IsGPUSize reports whether a VM size is of the GPU-enabled N family. Azure
// names sizes "Standard_<family><subfamily?><vCPUs>...", and the family
// letter N marks GPU sizes (NC, ND, NG, NV): azure-docs
// articles/virtual-machines/vm-naming-conventions.md. GPU pools need the
// driver hosts the AKS egress article lists.
func IsGPUSize(vmSize string) bool {
	name, ok := strings.CutPrefix(strings.ToLower(vmSize), "standard_")
	return ok && strings.HasPrefix(name, "n")
}
