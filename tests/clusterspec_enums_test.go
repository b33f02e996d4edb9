package tests

import (
	"slices"
	"testing"

	cs "github.com/pulumi/pulumi-azure-native-sdk/containerservice/v2/v20240901"

	"github.com/privateaks/privateaks/components/privateaks/clusterspec"
)

// The spec's enum lists are SDK-free copies; each value must be one of the
// pinned SDK's constants (containerservice 2024-09-01), in its letter case,
// so the spec never allows what the API version does not take.
func TestClusterSpecEnumsAreTheSDKs(t *testing.T) {
	for _, c := range []struct {
		name string
		spec []string
		sdk  []string
	}{
		{"pluginMode overlay", []string{clusterspec.PluginModeOverlay}, []string{string(cs.NetworkPluginModeOverlay)}},
		{"policy", clusterspec.Policies, []string{string(cs.NetworkPolicyAzure), string(cs.NetworkPolicyCalico), string(cs.NetworkPolicyCilium), string(cs.NetworkPolicyNone)}},
		{"osType", clusterspec.OSTypes, []string{string(cs.OSTypeLinux), string(cs.OSTypeWindows)}},
		{"osSku Linux", clusterspec.LinuxOSSkus, []string{string(cs.OSSKUAzureLinux), string(cs.OSSKUUbuntu), string(cs.OSSKUCBLMariner)}},
		{"osSku Windows", clusterspec.WindowsOSSkus, []string{string(cs.OSSKUWindows2019), string(cs.OSSKUWindows2022)}},
		{"priority", clusterspec.Priorities, []string{string(cs.ScaleSetPriorityRegular), string(cs.ScaleSetPrioritySpot)}},
		{"skuTier", clusterspec.SkuTiers, []string{string(cs.ManagedClusterSKUTierFree), string(cs.ManagedClusterSKUTierStandard), string(cs.ManagedClusterSKUTierPremium)}},
		{"autoUpgradeChannel", clusterspec.AutoUpgradeChannels, []string{string(cs.UpgradeChannelPatch), string(cs.UpgradeChannelStable), string(cs.UpgradeChannelRapid), string(cs.UpgradeChannel_Node_Image), string(cs.UpgradeChannelNone)}},
		{"nodeOsUpgradeChannel", clusterspec.NodeOSUpgradeChannels, []string{string(cs.NodeOSUpgradeChannelNodeImage), string(cs.NodeOSUpgradeChannelSecurityPatch), string(cs.NodeOSUpgradeChannelUnmanaged), string(cs.NodeOSUpgradeChannelNone)}},
		{"day", clusterspec.Days, []string{string(cs.WeekDayMonday), string(cs.WeekDayTuesday), string(cs.WeekDayWednesday), string(cs.WeekDayThursday), string(cs.WeekDayFriday), string(cs.WeekDaySaturday), string(cs.WeekDaySunday)}},
	} {
		for _, v := range c.spec {
			if !slices.Contains(c.sdk, v) {
				t.Errorf("%s: %q is not a value of the SDK (%q)", c.name, v, c.sdk)
			}
		}
	}
	if len(clusterspec.Days) != 7 {
		t.Errorf("days: %q", clusterspec.Days)
	}
}
