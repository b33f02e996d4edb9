// Package alerts creates Azure Monitor metric alerts (Microsoft.Insights
// metricAlerts 2018-03-01: specification/monitor/resource-manager/
// Microsoft.Insights/stable/2018-03-01/metricAlert_API.json, MetricAlertProperties
// and MetricAlertSingleResourceMultipleMetricCriteria) for the health of the
// firewall and the clusters. The resource is registered by type token
// (internal/untyped): its criteria are untyped in the SDK, and the insights
// module it lives in is already required, so no SDK package is compiled.
//
// The rules carry no action group: where alerts are sent (mail, pager,
// ticketing) is the operator's choice; add actions to the rules or route
// them with an alert processing rule.
package alerts

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/internal/untyped"
)

// Rule is one static-threshold metric alert on one resource.
type Rule struct {
	// Key names the rule (logical and Azure name suffix).
	Key, Description string
	// Metric, Namespace, Operator ("GreaterThan", "LessThan"), Threshold
	// and Aggregation ("Average", "Maximum") of the criterion.
	Metric, Namespace, Operator, Aggregation string
	Threshold                                float64
	// Severity 0 (critical) to 4 (verbose).
	Severity int
}

// Firewall health (MicrosoftDocs/azure-docs articles/firewall/monitor-firewall-reference.md,
// Metrics: FirewallHealth "Indicates the overall health of this firewall"
// in percent, SNATPortUtilization in percent; articles/firewall/monitor-firewall.md,
// recommended alerts: health below 90 %, SNAT ports above 95 %).
var (
	FirewallHealth = Rule{Key: "fw-health", Description: "Azure Firewall health below 90 %", Metric: "FirewallHealth",
		Namespace: "Microsoft.Network/azureFirewalls", Operator: "LessThan", Aggregation: "Average", Threshold: 90, Severity: 1}
	FirewallSNAT = Rule{Key: "fw-snat", Description: "Azure Firewall SNAT port utilization above 95 %", Metric: "SNATPortUtilization",
		Namespace: "Microsoft.Network/azureFirewalls", Operator: "GreaterThan", Aggregation: "Maximum", Threshold: 95, Severity: 2}
)

// Cluster health: node CPU and memory pressure, the platform metrics of
// Microsoft.ContainerService/managedClusters (MicrosoftDocs/azure-aks-docs
// articles/aks/monitor-aks-reference.md: node_cpu_usage_percentage,
// node_memory_working_set_percentage; monitor-aks.md, recommended alert
// rules: CPU above 95 %, memory working set above 100 %, here 95 % for both).
var (
	NodeCPU = Rule{Key: "node-cpu", Description: "AKS node CPU above 95 %", Metric: "node_cpu_usage_percentage",
		Namespace: "Microsoft.ContainerService/managedClusters", Operator: "GreaterThan", Aggregation: "Average", Threshold: 95, Severity: 2}
	NodeMemory = Rule{Key: "node-memory", Description: "AKS node memory working set above 95 %", Metric: "node_memory_working_set_percentage",
		Namespace: "Microsoft.ContainerService/managedClusters", Operator: "GreaterThan", Aggregation: "Average", Threshold: 95, Severity: 2}
)

// New creates rule on target, named "<namePrefix>-<key>" in Azure.
func New(ctx *pulumi.Context, name, namePrefix string, rule Rule, resourceGroupName, target pulumi.StringInput, tags pulumi.StringMapInput, opts ...pulumi.ResourceOption) (*untyped.Resource, error) {
	return untyped.Register(ctx, untyped.MetricAlert, name+"-alert-"+rule.Key, pulumi.Map{
		"resourceGroupName":   resourceGroupName,
		"ruleName":            pulumi.String(namePrefix + "-" + rule.Key),
		"location":            pulumi.String("global"),
		"description":         pulumi.String(rule.Description),
		"severity":            pulumi.Int(rule.Severity),
		"enabled":             pulumi.Bool(true),
		"autoMitigate":        pulumi.Bool(true),
		"scopes":              pulumi.StringArray{target},
		"evaluationFrequency": pulumi.String("PT5M"),
		"windowSize":          pulumi.String("PT15M"),
		"criteria": pulumi.Map{
			"odataType": pulumi.String("Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria"),
			"allOf": pulumi.Array{pulumi.Map{
				"name":            pulumi.String(rule.Key),
				"criterionType":   pulumi.String("StaticThresholdCriterion"),
				"metricName":      pulumi.String(rule.Metric),
				"metricNamespace": pulumi.String(rule.Namespace),
				"operator":        pulumi.String(rule.Operator),
				"threshold":       pulumi.Float64(rule.Threshold),
				"timeAggregation": pulumi.String(rule.Aggregation),
			}},
		},
		"tags": tags,
	}, opts...)
}
