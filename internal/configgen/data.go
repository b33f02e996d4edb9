package configgen

// The facts the generator draws from, each with where it comes from. They
// only shape what is generated; whether a config is valid is stackconfig's
// verdict, and whether Azure accepts it is the acceptance model's.

// region is an Azure region and whether it has availability zones.
type region struct {
	name  string
	zones bool
}

// regions with and without availability zones. Source: MicrosoftDocs
// azure-docs, articles/reliability/regions-list.md ("Azure regions list",
// availability zone column; regions marked access-restricted left out).
var regions = []region{
	{"westeurope", true}, {"northeurope", true}, {"swedencentral", true}, {"uksouth", true},
	{"germanywestcentral", true}, {"francecentral", true}, {"eastus2", true}, {"centralus", true},
	{"australiaeast", true},
	{"ukwest", false}, {"westcentralus", false}, {"northcentralus", false}, {"canadaeast", false},
	{"australiasoutheast", false}, {"westus", false},
}

// vmSize is a VM size with the local temporary disk that an ephemeral OS
// disk can be placed on (0: none, so the OS disk must be managed).
type vmSize struct {
	name   string
	tempGB int
	gpu    bool
}

// Sources: MicrosoftDocs azure-docs, articles/virtual-machines/sizes/
// general-purpose/ddsv5-series.md and dsv5-series.md (Dsv5 has no local
// temp disk), memory-optimized/edsv5-series.md, gpu-accelerated/
// ncast4v3-series.md ("Temp storage (SSD) GiB" columns).
var (
	generalSizes = []vmSize{{"Standard_D2ds_v5", 75, false}, {"Standard_D4ds_v5", 150, false}, {"Standard_D8ds_v5", 300, false}, {"Standard_E4ds_v5", 150, false}}
	noTempSizes  = []vmSize{{"Standard_D4s_v5", 0, false}, {"Standard_D8s_v5", 0, false}}
	gpuSizes     = []vmSize{{"Standard_NC4as_T4_v3", 180, true}}
)

// KubernetesVersions are the minors a generated cluster pins. Source:
// MicrosoftDocs azure-aks-docs, articles/aks/supported-kubernetes-versions.md
// (AKS Kubernetes release calendar): as of December 2026 AKS creates 1.35,
// 1.36 and 1.37. A variable, so that a test can follow the calendar.
var KubernetesVersions = []string{"1.35", "1.36", "1.37"}

// WindowsLastMinor is the last minor a Windows Server 2022 pool runs on:
// "Node pools running Kubernetes version 1.36+ can't use Windows Server
// 2022" (MicrosoftDocs azure-aks-docs, articles/aks/includes/
// windows-server-2022-retirement.md), the default Windows image of the
// pinned API version.
const WindowsLastMinor = "1.35"

// githubKnownHosts is GitHub's published ed25519 host key as a known_hosts
// line. Source: docs.github.com, "GitHub's SSH key fingerprints".
const githubKnownHosts = "github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"

// Values of the stackconfig enums the generator picks from (see
// stacks/stackconfig/validate.go).
var (
	autoUpgradeChannels   = []string{"patch", "stable", "rapid", "node-image"}
	nodeOSUpgradeChannels = []string{"NodeImage", "SecurityPatch"}
	days                  = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	taintEffects          = []string{"NoSchedule", "PreferNoSchedule", "NoExecute"}
	spokeKeys             = []string{"blue", "green", "red", "teal", "amber", "s1", "s2", "core"}
	userPoolNames         = []string{"apps", "batch", "web", "jobs", "data", "tenant"}
	windowsPoolNames      = []string{"win", "wins", "winapp"}
	namespaces            = []string{"payments", "orders", "web", "platform", "batch"}
)

// Address plans: the hub, the spokes and the cluster-internal ranges are
// drawn from disjoint parts of the private space, so they never overlap.
var (
	hubSpaces = []string{"10.200.0.0/24", "10.199.0.0/24", "10.198.0.0/23"}
	// Spoke i takes 10.(first+i).0.0 with a size from spokeBits.
	spokeFirst = []int{10, 40, 100, 210}
	spokeBits  = []int{16, 18, 20}
	// Overlay pod CIDRs (at least a /16: each node takes a /24) and
	// service CIDRs, none overlapping a VNet above.
	podCidrs     = []string{"10.244.0.0/16", "192.168.0.0/16", "10.128.0.0/14"}
	serviceCidrs = []string{"172.16.0.0/16", "172.20.0.0/16", "10.0.0.0/16"}
	// Spokes other programs peer to the hub, with their node subnets.
	externalSpokes = []struct{ space, nodes string }{{"10.250.0.0/16", "10.250.0.0/24"}, {"10.251.0.0/20", "10.251.4.0/22"}}
)
