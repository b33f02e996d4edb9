// Package baseline is the single source of the hardened cluster defaults.
// The privateaks component (for programs that use it directly) and the stack
// config (stacks/stackconfig) both take their defaults from here, so the two
// can never drift apart, and neither has to import the other.
package baseline

import "strings"

// FluxConfigurationName is the name of each cluster's Flux configuration
// (fluxbootstrap.DefaultConfigurationName, which the stacks keep): it
// prefixes the in-cluster names of its kustomizations.
const FluxConfigurationName = "flux-system"

// Cluster and node pool defaults.
const (
	SkuTier              = "Standard"
	PluginModeOverlay    = "overlay"
	PluginModeNodeSubnet = "nodeSubnet"
	// NetworkPolicyOverlay is the policy of a new overlay cluster: Azure
	// CNI powered by Cilium (Cilium dataplane and network policy), which
	// the AKS guidance recommends for new clusters while Azure Network
	// Policy Manager retires (Linux: 2028-09-30; MicrosoftDocs/azure-aks-docs
	// articles/aks/use-network-policies.md, azure-cni-powered-by-cilium.md).
	// NetworkPolicyNodeSubnet stays Azure NPM: Cilium is not offered with
	// node-subnet IPAM here. See NetworkPolicyFor.
	NetworkPolicyOverlay    = "cilium"
	NetworkPolicyNodeSubnet = "azure"
	PodCidr                 = "10.244.0.0/16"
	ServiceCidr             = "172.16.0.0/16"
	AutoUpgradeChannel      = "patch"
	NodeOSUpgradeChannel    = "NodeImage"
	MaintenanceDay          = "Sunday"
	MaintenanceStartHour    = 2
	MaintenanceHours        = 4
	VMSize                  = "Standard_D4ds_v5"
	SystemMinCount          = 3
	SystemMaxCount          = 4
	UserMinCount            = 2
	UserMaxCount            = 5
	MaxPodsOverlay          = 110
	MaxPodsNodeSubnet       = 30
	OSDiskSizeGB            = 80
	OSType                  = "Linux"
	LinuxOSSku              = "AzureLinux"
	Priority                = "Regular"
	PolicyEffect            = "Deny"
	KeyVaultRetention       = 90
	LogRetentionDays        = 90
)

// NetworkPolicyFor is the default network policy for a plugin mode. The
// policy replaces the cluster when changed, so a stack whose cluster exists
// names its policy in config (Pulumi.prod.yaml pins "azure") and this
// default reaches new clusters only.
func NetworkPolicyFor(pluginMode string) string {
	if strings.EqualFold(pluginMode, PluginModeNodeSubnet) {
		return NetworkPolicyNodeSubnet
	}
	return NetworkPolicyOverlay
}
