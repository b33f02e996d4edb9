package clusterspec

import (
	"github.com/privateaks/privateaks/internal/azurefacts"
	"github.com/privateaks/privateaks/internal/baseline"
)

// Network plugin modes (networkProfile.networkPluginMode overlay, or none:
// pods on the node subnet).
const (
	PluginModeOverlay    = baseline.PluginModeOverlay
	PluginModeNodeSubnet = baseline.PluginModeNodeSubnet
)

// The values the AKS API takes, in the letter case it returns them
// (Azure/azure-rest-api-specs specification/containerservice/
// resource-manager/Microsoft.ContainerService/aks/stable/2024-09-01/
// managedClusters.json: NetworkPolicy, OSType, OSSKU, ScaleSetPriority, and
// the maintenance configuration's WeekDay). components/privateaks holds a
// test that each list matches the SDK's constants.
var (
	PluginModes = []string{PluginModeOverlay, PluginModeNodeSubnet}
	// Policies are networkProfile.networkPolicy values we plan.
	Policies = []string{"azure", "calico", "cilium"}
	Days     = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	OSTypes  = []string{"Linux", "Windows"}
	// LinuxOSSkus and WindowsOSSkus are the osSKU values per OS type.
	LinuxOSSkus   = []string{"AzureLinux", "Ubuntu"}
	WindowsOSSkus = []string{"Windows2022", "Windows2019"}
	Priorities    = []string{"Regular", "Spot"}
)

// DefaultWindowsOSSku is a Windows pool's image when none is named (azurefacts owns the fact).
const DefaultWindowsOSSku = azurefacts.WindowsDefaultOSSKU
