// Package program is the minimal example: one resource group holding a hub
// (firewall egress, Bastion), one spoke, the private DNS zones, the BYO
// identities and one private cluster, every component on its defaults. It is
// a package (not main) so that the repository's tests can plan it offline.
package program

import (
	resources "github.com/pulumi/pulumi-azure-native-sdk/resources/v2/v20240301"
	azurenative "github.com/pulumi/pulumi-azure-native-sdk/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/privateaks/privateaks/components/hubnetwork"
	"github.com/privateaks/privateaks/components/hubnetwork/hubspec"
	"github.com/privateaks/privateaks/components/identities"
	"github.com/privateaks/privateaks/components/privateaks"
	"github.com/privateaks/privateaks/components/privateaks/clusterspec"
	"github.com/privateaks/privateaks/components/privatedns"
	"github.com/privateaks/privateaks/components/spokenetwork"
	"github.com/privateaks/privateaks/components/spokenetwork/spokespec"
)

// Run is the Pulumi program. Config: location, name (a short lowercase
// name), adminGroupObjectId (an Entra ID group that administers the cluster).
func Run(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "")
	location := cfg.Require("location")
	name := cfg.Require("name")
	adminGroup := cfg.Require("adminGroupObjectId")

	provider, err := azurenative.NewProvider(ctx, "azure-native", &azurenative.ProviderArgs{Location: pulumi.String(location)})
	if err != nil {
		return err
	}
	azure := pulumi.Providers(provider)
	rg, err := resources.NewResourceGroup(ctx, "rg", &resources.ResourceGroupArgs{
		ResourceGroupName: pulumi.String("rg-" + name),
		Location:          pulumi.String(location),
	}, pulumi.Provider(provider))
	if err != nil {
		return err
	}

	hub, err := hubnetwork.NewHubNetwork(ctx, "hub", &hubnetwork.HubNetworkArgs{
		ResourceGroupName: rg.Name,
		Location:          location,
		Network: hubspec.Network{
			VnetName:         "vnet-" + name + "-hub",
			AddressSpace:     "10.200.0.0/24",
			FirewallSubnet:   "10.200.0.0/26",
			BastionSubnet:    "10.200.0.64/26",
			ManagementSubnet: "10.200.0.128/27",
		},
		Firewall: hubspec.Firewall{Name: "afw-" + name, PolicyName: "afwp-" + name},
		Bastion:  hubspec.Bastion{Name: "bas-" + name},
		// The cluster egress is allowed from the system pool's node subnet
		// only (the spoke below); the management subnet is the hub's own.
		Egress: hubnetwork.EgressOptions{NodeSubnets: []string{"10.240.0.0/24"}},
	}, azure)
	if err != nil {
		return err
	}
	spoke, err := spokenetwork.NewSpokeNetwork(ctx, "spoke", &spokenetwork.SpokeNetworkArgs{
		ResourceGroupName: rg.Name,
		Location:          location,
		Network: spokespec.Network{
			VnetName:              "vnet-" + name + "-spoke",
			AddressSpace:          "10.240.0.0/16",
			PrivateEndpointSubnet: "10.240.250.0/27",
			IngressSubnet:         "10.240.251.0/28",
		},
		NodeSubnets:          map[string]string{privateaks.SystemPoolName: "10.240.0.0/24"},
		FirewallPrivateIP:    hub.FirewallPrivateIP,
		HubVnetID:            hub.VnetID,
		HubVnetName:          hub.VnetName,
		HubResourceGroupName: rg.Name,
	}, azure)
	if err != nil {
		return err
	}
	dns, err := privatedns.NewPrivateDNS(ctx, "dns", &privatedns.PrivateDNSArgs{
		ResourceGroupName: rg.Name,
		Location:          location,
		VnetLinks:         map[string]pulumi.StringInput{"hub": hub.VnetID, "spoke": spoke.VnetID},
	}, azure)
	if err != nil {
		return err
	}
	subnet := func(key string) pulumi.StringInput { return spoke.SubnetIDs.MapIndex(pulumi.String(key)) }
	apiZone := dns.ZoneIDs.MapIndex(pulumi.String(privatedns.PurposeAPIServer))
	seed := "rg-" + name + "/aks-" + name
	ids, err := identities.NewIdentities(ctx, "identities", &identities.IdentitiesArgs{
		ResourceGroupName:        rg.Name,
		Location:                 location,
		ControlPlaneIdentityName: "id-aks-" + name + "-controlplane",
		KubeletIdentityName:      "id-aks-" + name + "-kubelet",
		Seed:                     seed,
		NetworkScopes:            identities.SpokeScopes(spoke, []string{privateaks.SystemPoolName}),
		PrivateDNSZoneID:         apiZone,
		VnetID:                   spoke.VnetID,
	}, azure)
	if err != nil {
		return err
	}
	deps := append(append(append([]pulumi.Resource{}, ids.Assignments...), hub.EgressReady...), spoke.Peerings...)
	aksArgs := &privateaks.PrivateAKSArgs{
		ResourceGroupName:        rg.Name,
		Location:                 location,
		Seed:                     seed,
		Names:                    clusterspec.Names{ClusterName: "aks-" + name, DNSPrefix: "aks-" + name},
		PrivateDNSZoneID:         apiZone,
		Settings:                 clusterspec.Settings{AdminGroupObjectIDs: []string{adminGroup}},
		SystemPool:               privateaks.NodePoolArgs{SubnetID: subnet(spokenetwork.NodeSubnetKey(privateaks.SystemPoolName))},
		PrivateEndpointSubnetID:  subnet(spokenetwork.KeyPrivateEndpoints),
		RegistryPrivateDNSZoneID: dns.ZoneIDs.MapIndex(pulumi.String(privatedns.PurposeACR)),
		KeyVaultPrivateDNSZoneID: dns.ZoneIDs.MapIndex(pulumi.String(privatedns.PurposeKeyVault)),
		Registry:                 privateaks.RegistryArgs{Name: "acr" + name},
		KeyVault:                 privateaks.KeyVaultArgs{Name: "kv-" + name},
		LogAnalytics:             privateaks.LogAnalyticsArgs{Name: "log-" + name},
		DependsOn:                deps,
	}
	aksArgs.UseIdentities(ids)
	aks, err := privateaks.NewPrivateAKS(ctx, "aks", aksArgs, azure)
	if err != nil {
		return err
	}
	// With Azure RBAC for Kubernetes, the cluster's admin groups field alone
	// grants nothing: the group needs RBAC Cluster Admin and the Cluster
	// User Role (for az aks get-credentials) on the cluster.
	if _, err := identities.NewClusterAccess(ctx, "access", &identities.ClusterAccessArgs{
		ClusterID:           aks.ClusterID,
		Seed:                seed,
		AdminGroupObjectIDs: []string{adminGroup},
	}, azure); err != nil {
		return err
	}
	ctx.Export("clusterName", aks.ClusterName)
	ctx.Export("privateFqdn", aks.PrivateFQDN)
	ctx.Export("kubeconfig", aks.Kubeconfig)
	return nil
}
