package stackconfig

// OS types of a node pool (the AKS agent pool's osType).
const (
	OSTypeLinux   = "Linux"
	OSTypeWindows = "Windows"
)
