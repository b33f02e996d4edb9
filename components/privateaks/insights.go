package privateaks

import (
	"fmt"

	containerservice "github.com/pulumi/pulumi-azure-native-sdk/containerservice/v2/v20240901"
	dcr "github.com/pulumi/pulumi-azure-native-sdk/insights/v2/v20230311"
	operationalinsights "github.com/pulumi/pulumi-azure-native-sdk/operationalinsights/v2/v20230901"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/internal/resopt"
	"github.com/privateaks/privateaks/internal/untyped"
)

// Container Insights with managed-identity auth (useAADAuth) sends nothing
// until a data collection rule routes its stream to the workspace and is
// associated with the cluster. Data collection rules exist only from API
// 2022-06-01; diagnostic settings only in 2021-05-01-preview: hence two
// insights packages (README, "API versions").
const (
	// ContainerInsightsStream is the stream the omsagent add-on emits.
	ContainerInsightsStream = "Microsoft-ContainerInsights-Group-Default"
	// ContainerInsightsAssociation is the association name AKS looks for.
	ContainerInsightsAssociation = "ContainerInsightsExtension"
	ciDestination                = "ciworkspace"
)

// ContainerInsightsRuleName is the data collection rule's name, following
// the portal's "MSCI-<region>-<cluster>" convention within 64 characters.
func ContainerInsightsRuleName(location, cluster string) string {
	n := fmt.Sprintf("MSCI-%s-%s", location, cluster)
	if len(n) > 64 {
		n = n[:64]
	}
	return n
}

// InsightsExcludedNamespaces are the namespaces Container Insights does not
// collect from: AKS's own and Azure Policy's (and calico's with calico).
// flux-system stays collected: its controllers' logs are the GitOps trail.
func (a PrivateAKSArgs) InsightsExcludedNamespaces() []string {
	ns := []string{"kube-system", "gatekeeper-system", "azure-arc"}
	if a.Network.Policy == "calico" {
		ns = append(ns, calicoNamespaces...)
	}
	return sortedUnique(ns)
}

func newContainerInsights(ctx *pulumi.Context, name string, comp *PrivateAKS, a PrivateAKSArgs, cluster *containerservice.ManagedCluster, ws *operationalinsights.Workspace, dce *dcr.DataCollectionEndpoint) error {
	// Registered by token: the typed DataCollectionRuleArgs (its untyped
	// extensionSettings) would cost this package seconds of compile
	// (internal/untyped).
	streams := pulumi.ToStringArray([]string{ContainerInsightsStream})
	props := pulumi.Map{
		"resourceGroupName":      a.ResourceGroupName,
		"dataCollectionRuleName": pulumi.String(ContainerInsightsRuleName(a.Location, a.ClusterName)),
		"location":               pulumi.String(a.Location),
		"kind":                   pulumi.String("Linux"),
		"description":            pulumi.String("Container Insights for " + a.ClusterName),
		"dataSources": pulumi.Map{"extensions": pulumi.Array{pulumi.Map{
			"name":          pulumi.String("ContainerInsightsExtension"),
			"extensionName": pulumi.String("ContainerInsights"),
			"streams":       streams,
			"extensionSettings": pulumi.Map{"dataCollectionSettings": pulumi.Map{
				"interval": pulumi.String("1m"),
				// Exclude the system namespaces' logs and inventory
				// (container-insights-data-collection-configure.md,
				// dataCollectionSettings: namespaceFilteringMode
				// Off/Include/Exclude with namespaces).
				"namespaceFilteringMode": pulumi.String("Exclude"),
				"namespaces":             pulumi.ToStringArray(a.InsightsExcludedNamespaces()),
				"enableContainerLogV2":   pulumi.Bool(true),
			}},
		}}},
		"destinations": pulumi.Map{"logAnalytics": pulumi.Array{pulumi.Map{
			"name":                pulumi.String(ciDestination),
			"workspaceResourceId": ws.ID().ToStringOutput(),
		}}},
		"dataFlows": pulumi.Array{pulumi.Map{
			"streams":      streams,
			"destinations": pulumi.ToStringArray([]string{ciDestination}),
		}},
		"tags": resopt.Tags(a.Tags),
	}
	if a.PrivateMonitorIngestion {
		// Through the private data collection endpoint (PrivateMonitorIngestion).
		props["dataCollectionEndpointId"] = dce.ID().ToStringOutput()
	}
	rule, err := untyped.Register(ctx, untyped.DataCollectionRule, name+"-ci-dcr", props, resopt.Child(comp)...)
	if err != nil {
		return err
	}
	_, err = dcr.NewDataCollectionRuleAssociation(ctx, name+"-ci-dcra", &dcr.DataCollectionRuleAssociationArgs{
		AssociationName:      pulumi.String(ContainerInsightsAssociation),
		ResourceUri:          cluster.ID().ToStringOutput(),
		DataCollectionRuleId: rule.ID().ToStringOutput(),
		Description:          pulumi.String("Routes Container Insights of " + a.ClusterName + " to its workspace"),
	}, resopt.Child(comp)...)
	return err
}
