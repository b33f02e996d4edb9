package stacks

import (
	resources "github.com/pulumi/pulumi-azure-native-sdk/resources/v2/v20240301"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/components/hubnetwork"
	"github.com/privateaks/privateaks/components/monitorlink"
	"github.com/privateaks/privateaks/components/privatedns"
)

// deployMonitorLink creates the stack's one Azure Monitor Private Link
// Scope, in the hub: the hub and every spoke share the stack's private DNS
// zones, and the Azure Monitor docs ask for "a single AMPLS object per DNS"
// and, in a hub-and-spoke network, for "a single private link connection set
// on the hub" (MicrosoftDocs/azure-monitor-docs articles/azure-monitor/logs/
// private-link-design.md). The scope holds every Azure Monitor resource the
// clusters send to (each cluster's workspace and data collection endpoint)
// and the hub's workspace; its endpoint is in the hub's private-endpoint
// subnet, which every spoke reaches over its peering.
func deployMonitorLink(ctx *pulumi.Context, d *Deployment, hubRG *resources.ResourceGroup, providers pulumi.ResourceOption) error {
	cfg := d.Config
	scoped := map[string]pulumi.StringInput{"hub-log": d.Hub.WorkspaceID}
	for _, key := range cfg.SpokeKeys() {
		c := d.Spokes[key].Cluster.Cluster
		scoped[key+"-log"] = c.WorkspaceID
		scoped[key+"-dce"] = c.DataCollectionEndpointID
	}
	zones := map[string]pulumi.StringInput{}
	var links []pulumi.Resource
	for _, z := range privatedns.AzureMonitorZones {
		zones[z] = d.DNS.ZoneIDs.MapIndex(pulumi.String(z))
		links = append(links, d.DNS.LinksByZone[z]...)
	}
	_, err := monitorlink.NewMonitorPrivateLink(ctx, "monitor-link", &monitorlink.MonitorPrivateLinkArgs{
		ResourceGroupName:       hubRG.Name,
		Location:                cfg.Location,
		ScopeName:               "ampls-" + cfg.Prefix,
		ScopedResources:         scoped,
		PrivateEndpointSubnetID: d.Hub.SubnetIDs.MapIndex(pulumi.String(hubnetwork.RolePrivateEndpoints)),
		DNSZoneIDs:              zones,
		DependsOn:               links,
		Tags:                    stackTags(cfg),
		Protect:                 cfg.IsProtected(),
	}, providers)
	return err
}
