// Package flowlog creates a virtual network flow log with traffic analytics
// in the region's network watcher (network 2024-05-01:
// specification/network/resource-manager/Microsoft.Network/stable/2024-05-01/networkWatcher.json,
// FlowLog / FlowLogPropertiesFormat: targetResourceId and storageId
// required, retentionPolicy, format, flowAnalyticsConfiguration).
//
// VNet flow logs, not NSG flow logs: NSG flow logs can no longer be created
// (MicrosoftDocs/azure-docs articles/network-watcher/nsg-flow-logs-overview.md,
// retirement note: creation blocked from 2025-06-30) and VNet flow logs
// cover every subnet, including the firewall and Bastion subnets, which take
// no NSG or a fixed one (articles/network-watcher/vnet-flow-logs-overview.md).
package flowlog

import (
	network "github.com/pulumi/pulumi-azure-native-sdk/network/v2/v20240501"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/components/hubnetwork/hubspec"
)

// MinRetentionDays is the least retention the plan accepts
// (hubspec.MinFlowLogRetentionDays owns it).
const MinRetentionDays = hubspec.MinFlowLogRetentionDays

// TrafficAnalyticsIntervalMinutes is the processing interval: 10 or 60
// (vnet-flow-logs-overview.md / traffic-analytics.md).
const TrafficAnalyticsIntervalMinutes = 10

// Watcher is the region's network watcher and where flow logs land.
type Watcher struct {
	// ResourceGroupName and Name of the network watcher. Azure enables one
	// per region per subscription, named NetworkWatcher_<region> in
	// NetworkWatcherRG (articles/network-watcher/network-watcher-create.md).
	ResourceGroupName string
	Name              string
	Location          string
	// StorageID is the storage account the flow logs are written to (same
	// region as the target), WorkspaceID the workspace traffic analytics
	// writes to (resource ID).
	StorageID   pulumi.StringInput
	WorkspaceID pulumi.StringInput
	// WorkspaceGUID is the workspace's customer ID (the spec's
	// TrafficAnalyticsConfigurationProperties.workspaceId).
	WorkspaceGUID pulumi.StringInput
	// RetentionDays of the flow log records in the storage account.
	RetentionDays int
	Tags          pulumi.StringMapInput
}

// New creates the flow log of the VNet vnetID, named flowLogName.
func New(ctx *pulumi.Context, name, flowLogName string, vnetID pulumi.StringInput, w Watcher, opts ...pulumi.ResourceOption) (*network.FlowLog, error) {
	return network.NewFlowLog(ctx, name, &network.FlowLogArgs{
		ResourceGroupName:  pulumi.String(w.ResourceGroupName),
		NetworkWatcherName: pulumi.String(w.Name),
		FlowLogName:        pulumi.String(flowLogName),
		Location:           pulumi.String(w.Location),
		TargetResourceId:   vnetID,
		StorageId:          w.StorageID,
		Enabled:            pulumi.Bool(true),
		Format:             &network.FlowLogFormatParametersArgs{Type: pulumi.String("JSON"), Version: pulumi.Int(2)},
		RetentionPolicy:    &network.RetentionPolicyParametersArgs{Enabled: pulumi.Bool(true), Days: pulumi.Int(w.RetentionDays)},
		FlowAnalyticsConfiguration: &network.TrafficAnalyticsPropertiesArgs{
			NetworkWatcherFlowAnalyticsConfiguration: &network.TrafficAnalyticsConfigurationPropertiesArgs{
				Enabled:                  pulumi.Bool(true),
				TrafficAnalyticsInterval: pulumi.Int(TrafficAnalyticsIntervalMinutes),
				WorkspaceId:              w.WorkspaceGUID,
				WorkspaceResourceId:      w.WorkspaceID,
				WorkspaceRegion:          pulumi.String(w.Location),
			},
		},
		Tags: w.Tags,
	}, opts...)
}
