// Package baseline is the single source of the hardened cluster defaults.
// The privateaks component (for programs that use it directly) and the stack
// config (stacks/stackconfig) both take their defaults from here, so the two
// can never drift apart, and neither has to import the other.
package baseline

// Cluster and node pool defaults.
const (
	SkuTier              = "Standard"
	PluginModeOverlay    = "overlay"
	PluginModeNodeSubnet = "nodeSubnet"
	NetworkPolicy        = "azure"
	PodCidr              = "10.244.0.0/16"
	ServiceCidr          = "172.16.0.0/16"
	AutoUpgradeChannel   = "patch"
	NodeOSUpgradeChannel = "NodeImage"
	MaintenanceDay       = "Sunday"
	MaintenanceStartHour = 2
	MaintenanceHours     = 4
	VMSize               = "Standard_D4ds_v5"
	SystemMinCount       = 3
	SystemMaxCount       = 4
	UserMinCount         = 2
	UserMaxCount         = 5
	MaxPodsOverlay       = 110
	MaxPodsNodeSubnet    = 30
	OSDiskSizeGB         = 80
	OSType               = "Linux"
	LinuxOSSku           = "AzureLinux"
	Priority             = "Regular"
	PolicyEffect         = "Deny"
	KeyVaultRetention    = 90
	LogRetentionDays     = 90
)
