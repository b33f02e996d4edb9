// Package diagsettings sends a resource's logs to a Log Analytics workspace
// with one Microsoft.Insights diagnostic setting (API 2021-05-01-preview,
// the version this module pins: specification/monitor/resource-manager/
// Microsoft.Insights/preview/2021-05-01-preview/diagnosticsSettings_API.json,
// DiagnosticSettings: workspaceId, logs[].category, metrics[].category,
// logAnalyticsDestinationType).
//
// The categories per resource type are listed here, each with the Azure
// Monitor reference it is read from, so that every component sends the
// same evidence and the plan's control PAKS-MON-02 checks against one list.
package diagsettings

import (
	insights "github.com/pulumi/pulumi-azure-native-sdk/insights/v2/v20210501preview"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Name is the diagnostic setting's name on every resource.
const Name = "to-log-analytics"

// Categories of one resource type: the log categories sent, whether
// AllMetrics is sent, and whether the logs go to resource-specific tables
// (logAnalyticsDestinationType "Dedicated") rather than AzureDiagnostics.
type Categories struct {
	Logs      []string
	Metrics   bool
	Dedicated bool
}

// The categories each resource type sends.
var (
	// Firewall: the resource-specific tables (AZFW*), which include the
	// threat-intelligence and IDPS decisions, the DNS proxy and FQDN
	// resolution failures. Source: MicrosoftDocs/azure-docs
	// articles/firewall/monitor-firewall-reference.md ("Resource logs",
	// Microsoft.Network/azureFirewalls) and articles/firewall/firewall-structured-logs.md
	// (resource-specific mode).
	Firewall = Categories{
		Logs: []string{"AZFWApplicationRule", "AZFWDnsQuery", "AZFWFqdnResolveFailure", "AZFWIdpsSignature",
			"AZFWNatRule", "AZFWNetworkRule", "AZFWThreatIntel"},
		Metrics: true, Dedicated: true,
	}
	// Bastion: who connected to which VM (MicrosoftDocs/azure-docs
	// articles/bastion/monitor-bastion-reference.md, "Resource logs").
	Bastion = Categories{Logs: []string{"BastionAuditLogs"}, Metrics: true}
	// KeyVault: every data-plane operation and Azure Policy evaluations
	// (MicrosoftDocs/azure-docs articles/key-vault/general/monitor-key-vault-reference.md,
	// "Resource logs").
	KeyVault = Categories{Logs: []string{"AuditEvent", "AzurePolicyEvaluationDetails"}, Metrics: true, Dedicated: true}
	// Registry: logins and repository pushes, pulls and deletes
	// (MicrosoftDocs/azure-docs articles/container-registry/monitor-container-registry-reference.md,
	// "Resource logs").
	Registry = Categories{Logs: []string{"ContainerRegistryLoginEvents", "ContainerRegistryRepositoryEvents"}, Metrics: true, Dedicated: true}
	// NSG: rule events and rule counters; NSGs have no metrics
	// (MicrosoftDocs/azure-docs articles/virtual-network/virtual-network-nsg-manage-log.md,
	// "Log categories").
	NSG = Categories{Logs: []string{"NetworkSecurityGroupEvent", "NetworkSecurityGroupRuleCounter"}}
)

// New creates the diagnostic setting of resourceURI to workspaceID.
func New(ctx *pulumi.Context, name string, resourceURI, workspaceID pulumi.StringInput, c Categories, opts ...pulumi.ResourceOption) (*insights.DiagnosticSetting, error) {
	var logs insights.LogSettingsArray
	for _, cat := range c.Logs {
		logs = append(logs, &insights.LogSettingsArgs{Category: pulumi.String(cat), Enabled: pulumi.Bool(true)})
	}
	args := &insights.DiagnosticSettingArgs{
		Name:        pulumi.String(Name),
		ResourceUri: resourceURI,
		WorkspaceId: workspaceID,
		Logs:        logs,
	}
	if c.Dedicated {
		args.LogAnalyticsDestinationType = pulumi.String("Dedicated")
	}
	if c.Metrics {
		args.Metrics = insights.MetricSettingsArray{&insights.MetricSettingsArgs{Category: pulumi.String("AllMetrics"), Enabled: pulumi.Bool(true)}}
	}
	return insights.NewDiagnosticSetting(ctx, name, args, opts...)
}
