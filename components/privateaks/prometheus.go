package privateaks

import (
	"fmt"

	containerservice "github.com/pulumi/pulumi-azure-native-sdk/containerservice/v2/v20240901"
	dcr "github.com/pulumi/pulumi-azure-native-sdk/insights/v2/v20230311"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/internal/resopt"
	"github.com/privateaks/privateaks/internal/untyped"
)

// Managed Prometheus (Azure Monitor managed service for Prometheus): the
// cluster's azureMonitorProfile.metrics runs the ama-metrics add-on, which
// sends to an Azure Monitor workspace through a data collection endpoint
// and rule associated with the cluster (the resources the AKS doc
// prometheus-metrics-enable.md's ARM template creates: the workspace, a DCE
// "MSProm-<region>-<cluster>", a DCR of the same name with a
// prometheusForwarder source and a monitoringAccounts destination, the
// rule's association and the endpoint's association named
// configurationAccessEndpoint).
const (
	// PrometheusStream is the stream the add-on emits.
	PrometheusStream = "Microsoft-PrometheusMetrics"
	// PrometheusEndpointAssociation is the name AKS reads the DCE from.
	PrometheusEndpointAssociation = "configurationAccessEndpoint"
	promDestination               = "MonitoringAccount1"
)

// The kinds registered by token: the typed SDK module of Microsoft.Monitor
// (azure-native-sdk/monitor) and of alertsmanagement are not obtainable
// from the module proxy at the pinned version, and registering the tokens
// the azure-native provider serves costs no compile.
var (
	// azureMonitorWorkspace is Microsoft.Monitor/accounts 2023-04-03.
	azureMonitorWorkspace = untyped.Kind{
		Token:    "azure-native:monitor/v20230403:AzureMonitorWorkspace",
		Required: []string{"resourceGroupName"},
	}
	// prometheusRuleGroup is Microsoft.AlertsManagement/prometheusRuleGroups 2023-03-01.
	prometheusRuleGroup = untyped.Kind{
		Token:    "azure-native:alertsmanagement/v20230301:PrometheusRuleGroup",
		Required: []string{"resourceGroupName", "rules", "scopes"},
	}
)

// PrometheusName is the DCE and DCR name, the portal's
// "MSProm-<region>-<cluster>" convention within 44 characters (the DCE
// name limit).
func PrometheusName(location, cluster string) string {
	n := fmt.Sprintf("MSProm-%s-%s", location, cluster)
	if len(n) > 44 {
		n = n[:44]
	}
	return n
}

// azureMonitorProfile is the cluster's metrics profile: the add-on on,
// kube-state-metrics with its defaults.
func azureMonitorProfile(a PrivateAKSArgs) containerservice.ManagedClusterAzureMonitorProfilePtrInput {
	if !a.ManagedPrometheus {
		return nil
	}
	return &containerservice.ManagedClusterAzureMonitorProfileArgs{
		Metrics: &containerservice.ManagedClusterAzureMonitorProfileMetricsArgs{Enabled: pulumi.Bool(true)},
	}
}

// newDataCollectionEndpoint creates the cluster's data collection endpoint
// and its configurationAccessEndpoint association (AKS reads the agents'
// configuration through it), with managed Prometheus or private ingestion;
// nil with neither. With private ingestion it refuses public network access
// (dataCollectionEndpoint 2023-03-11 networkAcls.publicNetworkAccess
// "Disabled"): only the Azure Monitor Private Link Scope reaches it ("Accept
// access from public networks not connected through a Private Link Scope:
// No", MicrosoftDocs/azure-monitor-docs articles/azure-monitor/logs/
// private-link-configure.md, "Configure access to your resources").
func newDataCollectionEndpoint(ctx *pulumi.Context, name string, comp *PrivateAKS, a PrivateAKSArgs, cluster *containerservice.ManagedCluster) (*dcr.DataCollectionEndpoint, error) {
	if !a.ManagedPrometheus && !a.PrivateMonitorIngestion {
		return nil, nil
	}
	args := &dcr.DataCollectionEndpointArgs{
		ResourceGroupName:          a.ResourceGroupName,
		DataCollectionEndpointName: pulumi.String(PrometheusName(a.Location, a.ClusterName)),
		Location:                   pulumi.String(a.Location),
		Kind:                       pulumi.String("Linux"),
		Description:                pulumi.String("Managed Prometheus ingestion for " + a.ClusterName),
		Tags:                       resopt.Tags(a.Tags),
	}
	if a.PrivateMonitorIngestion {
		args.NetworkAcls = &dcr.DataCollectionEndpointNetworkAclsArgs{PublicNetworkAccess: pulumi.String(string(dcr.KnownPublicNetworkAccessOptionsDisabled))}
	}
	dce, err := dcr.NewDataCollectionEndpoint(ctx, name+"-prom-dce", args, resopt.Child(comp)...)
	if err != nil {
		return nil, err
	}
	if _, err := dcr.NewDataCollectionRuleAssociation(ctx, name+"-prom-dcea", &dcr.DataCollectionRuleAssociationArgs{
		AssociationName:          pulumi.String(PrometheusEndpointAssociation),
		ResourceUri:              cluster.ID().ToStringOutput(),
		DataCollectionEndpointId: dce.ID().ToStringOutput(),
		Description:              pulumi.String("The data collection endpoint the metrics add-on of " + a.ClusterName + " reads its configuration from"),
	}, resopt.Child(comp)...); err != nil {
		return nil, err
	}
	return dce, nil
}

func newPrometheus(ctx *pulumi.Context, name string, comp *PrivateAKS, a PrivateAKSArgs, cluster *containerservice.ManagedCluster, dce *dcr.DataCollectionEndpoint) error {
	if !a.ManagedPrometheus {
		return nil
	}
	ws, err := untyped.Register(ctx, azureMonitorWorkspace, name+"-amw", pulumi.Map{
		"resourceGroupName":         a.ResourceGroupName,
		"azureMonitorWorkspaceName": pulumi.String("amw-" + a.ClusterName),
		"location":                  pulumi.String(a.Location),
		"tags":                      resopt.Tags(a.Tags),
	}, resopt.Child(comp)...)
	if err != nil {
		return err
	}
	n := PrometheusName(a.Location, a.ClusterName)
	streams := pulumi.ToStringArray([]string{PrometheusStream})
	rule, err := untyped.Register(ctx, untyped.DataCollectionRule, name+"-prom-dcr", pulumi.Map{
		"resourceGroupName":        a.ResourceGroupName,
		"dataCollectionRuleName":   pulumi.String(n),
		"location":                 pulumi.String(a.Location),
		"kind":                     pulumi.String("Linux"),
		"description":              pulumi.String("Managed Prometheus for " + a.ClusterName),
		"dataCollectionEndpointId": dce.ID().ToStringOutput(),
		"dataSources": pulumi.Map{"prometheusForwarder": pulumi.Array{pulumi.Map{
			"name":    pulumi.String("PrometheusDataSource"),
			"streams": streams,
		}}},
		"destinations": pulumi.Map{"monitoringAccounts": pulumi.Array{pulumi.Map{
			"name":              pulumi.String(promDestination),
			"accountResourceId": ws.ID().ToStringOutput(),
		}}},
		"dataFlows": pulumi.Array{pulumi.Map{
			"streams":      streams,
			"destinations": pulumi.ToStringArray([]string{promDestination}),
		}},
		"tags": resopt.Tags(a.Tags),
	}, resopt.Child(comp)...)
	if err != nil {
		return err
	}
	if _, err := dcr.NewDataCollectionRuleAssociation(ctx, name+"-prom-dcra", &dcr.DataCollectionRuleAssociationArgs{
		AssociationName:      pulumi.String(n),
		ResourceUri:          cluster.ID().ToStringOutput(),
		DataCollectionRuleId: rule.ID().ToStringOutput(),
		Description:          pulumi.String("Routes managed Prometheus metrics of " + a.ClusterName + " to its Azure Monitor workspace"),
	}, resopt.Child(comp)...); err != nil {
		return err
	}
	return newPrometheusAlerts(ctx, name, comp, a, cluster, ws)
}

// recommendedAlert is one of the cluster-level Prometheus community alert
// rules of the Azure Monitor doc "Recommended alert rules for Kubernetes
// clusters" (kubernetes-metric-alerts.md, "Cluster level alerts": name,
// default threshold and time window as listed there).
type recommendedAlert struct {
	name, expr, window string
	severity           int
}

var recommendedClusterAlerts = []recommendedAlert{
	{"KubeCPUQuotaOvercommit", `sum(min without(resource) (kube_resourcequota{job="kube-state-metrics", type="hard", resource=~"(cpu|requests.cpu)"})) by (cluster) / sum(kube_node_status_allocatable{resource="cpu", job="kube-state-metrics"}) by (cluster) > 1.5`, "PT5M", 3},
	{"KubeMemoryQuotaOvercommit", `sum(min without(resource) (kube_resourcequota{job="kube-state-metrics", type="hard", resource=~"(memory|requests.memory)"})) by (cluster) / sum(kube_node_status_allocatable{resource="memory", job="kube-state-metrics"}) by (cluster) > 1.5`, "PT5M", 3},
	{"KubeContainerOOMKilledCount", `sum by (cluster, container, controller, namespace) (kube_pod_container_status_last_terminated_reason{reason="OOMKilled"} * on(cluster, namespace, pod) group_left(controller) label_replace(kube_pod_owner, "controller", "$1", "owner_name", "(.*)")) > 0`, "PT5M", 4},
}

func newPrometheusAlerts(ctx *pulumi.Context, name string, comp *PrivateAKS, a PrivateAKSArgs, cluster *containerservice.ManagedCluster, ws *untyped.Resource) error {
	var rules pulumi.Array
	for _, r := range recommendedClusterAlerts {
		rules = append(rules, pulumi.Map{
			"alert":      pulumi.String(r.name),
			"expression": pulumi.String(r.expr),
			"for":        pulumi.String(r.window),
			"severity":   pulumi.Int(r.severity),
			"enabled":    pulumi.Bool(true),
			"labels":     pulumi.StringMap{"severity": pulumi.String("warning")},
			"resolveConfiguration": pulumi.Map{
				"autoResolved":  pulumi.Bool(true),
				"timeToResolve": pulumi.String("PT10M"),
			},
		})
	}
	_, err := untyped.Register(ctx, prometheusRuleGroup, name+"-prom-alerts", pulumi.Map{
		"resourceGroupName": a.ResourceGroupName,
		"ruleGroupName":     pulumi.String("KubernetesAlert-RecommendedClusterAlerts-" + a.ClusterName),
		"location":          pulumi.String(a.Location),
		"description":       pulumi.String("Recommended cluster-level Prometheus alerts for " + a.ClusterName),
		"clusterName":       pulumi.String(a.ClusterName),
		"interval":          pulumi.String("PT1M"),
		"enabled":           pulumi.Bool(true),
		// The workspace and the cluster, as Azure's own onboarding template
		// scopes its recommended alerts (Azure/prometheus-collector
		// AddonBicepTemplate/recommendedMetricAlerts.bicep, 2023-03-01:
		// [monitorWorkspace.id, aksResourceId]); the REST spec's "limited to
		// creating with one scope" is one Azure Monitor workspace.
		"scopes": pulumi.StringArray{ws.ID().ToStringOutput(), cluster.ID().ToStringOutput()},
		"rules":  rules,
		"tags":   resopt.Tags(a.Tags),
	}, resopt.Child(comp)...)
	return err
}
