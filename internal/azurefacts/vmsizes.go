package azurefacts

import "sort"

// Size is what our checks need to know about a VM size.
type Size struct {
	Name   string
	Family string
	VCPUs  int
	// MemoryGB as the size tables give it.
	MemoryGB int
	// TempDiskGiB is the temp (resource) disk; CacheGiB the cache disk.
	// Either can hold an ephemeral OS disk if it is large enough
	// (SourceEphemeral). Zero means the size has none.
	TempDiskGiB int
	CacheGiB    int
	// EphemeralOS is the table's "Ephemeral OS Disks: Supported".
	EphemeralOS bool
	// GPUs is the accelerator count (0: none).
	GPUs   int
	Source string
}

const (
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

// EphemeralCapacityGiB is the largest OS disk an ephemeral placement can
// take on a size: the larger of its cache and temp disks.
func (s Size) EphemeralCapacityGiB() int {
	if s.CacheGiB > s.TempDiskGiB {
		return s.CacheGiB
	}
	return s.TempDiskGiB
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
