package stackconfig

import "strings"

// OS types of a node pool (the AKS agent pool's osType).
const (
	OSTypeLinux   = "Linux"
	OSTypeWindows = "Windows"
)

// IsGPUSize reports whether a VM size is of the GPU-enabled N family. Azure
// names sizes "Standard_<family><subfamily?><vCPUs>...", and the family
// letter N marks GPU sizes (NC, ND, NG, NV): azure-docs
// articles/virtual-machines/vm-naming-conventions.md. GPU pools need the
// driver hosts the AKS egress article lists.
func IsGPUSize(vmSize string) bool {
	name, ok := strings.CutPrefix(strings.ToLower(vmSize), "standard_")
	return ok && strings.HasPrefix(name, "n")
}
