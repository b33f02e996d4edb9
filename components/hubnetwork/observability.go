package hubnetwork

import (
	network "github.com/pulumi/pulumi-azure-native-sdk/network/v2/v20240501"
	operationalinsights "github.com/pulumi/pulumi-azure-native-sdk/operationalinsights/v2/v20230901"
	storage "github.com/pulumi/pulumi-azure-native-sdk/storage/v2/v20230501"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/components/hubnetwork/hubspec"
	"github.com/privateaks/privateaks/internal/alerts"
	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/diagsettings"
	"github.com/privateaks/privateaks/internal/flowlog"
	"github.com/privateaks/privateaks/internal/resopt"
)

// Defaults of the hub's logs (hubspec owns them).
const (
	DefaultLogRetentionDays            = hubspec.DefaultLogRetentionDays
	DefaultFlowLogRetentionDays        = hubspec.DefaultFlowLogRetentionDays
	DefaultNetworkWatcherResourceGroup = hubspec.DefaultNetworkWatcherResourceGroup
)

// DefaultNetworkWatcherName is the network watcher Azure enables in a
// region: NetworkWatcher_<region>.
func DefaultNetworkWatcherName(location string) string {
	return hubspec.DefaultNetworkWatcherName(location)
}

// LogsArgs are the hub's workspace and the flow logs of every VNet of the
// stack.
type LogsArgs = hubspec.Logs

// logsDefaults are hubspec's, with the names derived from the hub VNet's
// (a stack passes its own; the storage account's must be globally unique).
func logsDefaults(l LogsArgs, location, vnetName string) LogsArgs {
	ws := ""
	if vnetName != "" {
		ws = "log-" + vnetName
	}
	st := "st" + azname.Alnum(vnetName) + "fl"
	if len(st) > 24 {
		st = st[:24]
	}
	return l.WithDefaults(ws, st, location)
}

// newLogs creates the hub's workspace and the flow-log storage account.
func newLogs(ctx *pulumi.Context, name string, hub *HubNetwork, a HubNetworkArgs) error {
	tags := resopt.Tags(a.Tags)
	ws, err := operationalinsights.NewWorkspace(ctx, name+"-log", &operationalinsights.WorkspaceArgs{
		ResourceGroupName: a.ResourceGroupName,
		WorkspaceName:     pulumi.String(a.Logs.WorkspaceName),
		Location:          pulumi.String(a.Location),
		Sku:               &operationalinsights.WorkspaceSkuArgs{Name: pulumi.String("PerGB2018")},
		RetentionInDays:   pulumi.Int(a.Logs.RetentionDays),
		Tags:              tags,
	}, resopt.Stateful(hub, a.Protect)...)
	if err != nil {
		return err
	}
	// The flow-log account: no public blob access, TLS 1.2, HTTPS only,
	// reachable only by trusted Azure services (Network Watcher writes as
	// one: vnet-flow-logs-overview.md, "Storage account"). Properties from
	// storage 2023-05-01 storage.json, StorageAccountPropertiesCreateParameters.
	st, err := storage.NewStorageAccount(ctx, name+"-flowlogs-st", &storage.StorageAccountArgs{
		ResourceGroupName:      a.ResourceGroupName,
		AccountName:            pulumi.String(a.Logs.FlowLogStorageAccountName),
		Location:               pulumi.String(a.Location),
		Kind:                   pulumi.String("StorageV2"),
		Sku:                    &storage.SkuArgs{Name: pulumi.String(flowLogStorageSku(a.Firewall.Zones))},
		AllowBlobPublicAccess:  pulumi.Bool(false),
		EnableHttpsTrafficOnly: pulumi.Bool(true),
		MinimumTlsVersion:      pulumi.String("TLS1_2"),
		NetworkRuleSet: &storage.NetworkRuleSetArgs{
			DefaultAction: storage.DefaultActionDeny,
			Bypass:        pulumi.String("AzureServices"),
		},
		Tags: tags,
	}, resopt.Stateful(hub, a.Protect)...)
	if err != nil {
		return err
	}
	hub.Workspace = ws
	hub.WorkspaceID = ws.ID().ToStringOutput()
	hub.FlowLogs = flowlog.Watcher{
		ResourceGroupName: a.Logs.NetworkWatcherResourceGroup,
		Name:              a.Logs.NetworkWatcherName,
		Location:          a.Location,
		StorageID:         st.ID().ToStringOutput(),
		WorkspaceID:       ws.ID().ToStringOutput(),
		WorkspaceGUID:     ws.CustomerId,
		RetentionDays:     a.Logs.FlowLogRetentionDays,
		Tags:              tags,
	}
	return nil
}

// flowLogStorageSku is zone-redundant where the hub is zonal.
func flowLogStorageSku(zones []string) string {
	if len(zones) > 1 {
		return "Standard_ZRS"
	}
	return "Standard_LRS"
}

// newHubDiagnostics sends the firewall's, Bastion's and the NSGs' logs to
// the hub workspace and turns on the hub VNet's flow log.
func newHubDiagnostics(ctx *pulumi.Context, name string, hub *HubNetwork, a HubNetworkArgs, fw *network.AzureFirewall, bastion *network.BastionHost, nsgs map[string]*network.NetworkSecurityGroup) error {
	child := resopt.Child(hub)
	if _, err := diagsettings.New(ctx, name+"-fw-diagnostics", fw.ID().ToStringOutput(), hub.WorkspaceID, diagsettings.Firewall, child...); err != nil {
		return err
	}
	if _, err := diagsettings.New(ctx, name+"-bastion-diagnostics", bastion.ID().ToStringOutput(), hub.WorkspaceID, diagsettings.Bastion, child...); err != nil {
		return err
	}
	for _, role := range []string{RoleBastion, RoleManagement, RolePrivateEndpoints} {
		if nsgs[role] == nil {
			continue // no private-endpoint subnet
		}
		if _, err := diagsettings.New(ctx, name+"-"+role+"-nsg-diagnostics", nsgs[role].ID().ToStringOutput(), hub.WorkspaceID, diagsettings.NSG, child...); err != nil {
			return err
		}
	}
	for _, rule := range []alerts.Rule{alerts.FirewallHealth, alerts.FirewallSNAT} {
		if _, err := alerts.New(ctx, name, "alert-"+a.Firewall.Name, rule, a.ResourceGroupName, fw.ID().ToStringOutput(), resopt.Tags(a.Tags), child...); err != nil {
			return err
		}
	}
	_, err := flowlog.New(ctx, name+"-vnet-flowlog", "fl-"+a.VnetName, hub.VnetID, hub.FlowLogs, child...)
	return err
}
