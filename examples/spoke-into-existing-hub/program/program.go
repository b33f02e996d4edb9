// Package program adds a spoke with one private cluster to an existing hub.
// The hub's facts come from its stack's outputs through a StackReference
// (config hubStack, e.g. "myorg/privateaks/prod"), or, without one, from
// plain IDs in config. The spoke resolves names through the hub firewall's
// DNS proxy, so the hub's private DNS zones need no new links; the hub stack
// must list this spoke's range in hub.externalSpokeAddressSpaces and its node
// subnets (10.x.0.0/24 and 10.x.4.0/22) in hub.externalNodeSubnets so that
// its firewall lets exactly the nodes' egress through.
package program

import (
	"fmt"
	"net/netip"
	"strings"

	resources "github.com/pulumi/pulumi-azure-native-sdk/resources/v2/v20240301"
	azurenative "github.com/pulumi/pulumi-azure-native-sdk/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/privateaks/privateaks/components/identities"
	"github.com/privateaks/privateaks/components/privateaks"
	"github.com/privateaks/privateaks/components/privateaks/clusterspec"
	"github.com/privateaks/privateaks/components/privatedns"
	"github.com/privateaks/privateaks/components/spokenetwork"
	"github.com/privateaks/privateaks/components/spokenetwork/spokespec"
)

// Hub is what the spoke needs to know about the hub.
type Hub struct {
	VnetID, VnetName, ResourceGroupName, FirewallPrivateIP pulumi.StringInput
	// ZoneIDs by purpose: apiServer, acr, keyVault.
	ZoneIDs map[string]pulumi.StringInput
}

// hubFromConfig reads the hub through a StackReference when hubStack is set,
// else from plain config values.
func hubFromConfig(ctx *pulumi.Context, cfg *config.Config) (Hub, error) {
	if ref := cfg.Get("hubStack"); ref != "" {
		stack, err := pulumi.NewStackReference(ctx, ref, nil)
		if err != nil {
			return Hub{}, err
		}
		zone := func(purpose string) pulumi.StringInput {
			return stack.GetOutput(pulumi.String("privateDnsZoneIds")).ApplyT(func(v any) (string, error) {
				m, _ := v.(map[string]any)
				id, ok := m[purpose].(string)
				if !ok {
					return "", fmt.Errorf("hub stack %s exports no privateDnsZoneIds.%s", ref, purpose)
				}
				return id, nil
			}).(pulumi.StringOutput)
		}
		return Hub{
			VnetID:            stack.GetStringOutput(pulumi.String("hubVnetId")),
			VnetName:          stack.GetStringOutput(pulumi.String("hubVnetName")),
			ResourceGroupName: stack.GetStringOutput(pulumi.String("hubResourceGroupName")),
			FirewallPrivateIP: stack.GetStringOutput(pulumi.String("firewallPrivateIp")),
			ZoneIDs: map[string]pulumi.StringInput{
				privatedns.PurposeAPIServer: zone(privatedns.PurposeAPIServer),
				privatedns.PurposeACR:       zone(privatedns.PurposeACR),
				privatedns.PurposeKeyVault:  zone(privatedns.PurposeKeyVault),
			},
		}, nil
	}
	// Pulumi.yaml gives these keys the default "" (the CLI requires a
	// declared key without a default of every stack, and a stack with
	// hubStack needs none of them), so an empty value means unset here.
	plain := map[string]string{}
	var unset []string
	for _, k := range []string{"hubVnetId", "hubVnetName", "hubResourceGroupName", "firewallPrivateIp", "apiServerZoneId", "acrZoneId", "keyVaultZoneId"} {
		if plain[k] = cfg.Get(k); plain[k] == "" {
			unset = append(unset, k)
		}
	}
	if len(unset) > 0 {
		return Hub{}, fmt.Errorf("config: set hubStack, or every one of the hub's IDs; unset: %s", strings.Join(unset, ", "))
	}
	return Hub{
		VnetID:            pulumi.String(plain["hubVnetId"]),
		VnetName:          pulumi.String(plain["hubVnetName"]),
		ResourceGroupName: pulumi.String(plain["hubResourceGroupName"]),
		FirewallPrivateIP: pulumi.String(plain["firewallPrivateIp"]),
		ZoneIDs: map[string]pulumi.StringInput{
			privatedns.PurposeAPIServer: pulumi.String(plain["apiServerZoneId"]),
			privatedns.PurposeACR:       pulumi.String(plain["acrZoneId"]),
			privatedns.PurposeKeyVault:  pulumi.String(plain["keyVaultZoneId"]),
		},
	}, nil
}

// Run is the Pulumi program. Config: location, name, addressSpace (a /16
// the hub lists in externalSpokeAddressSpaces), adminGroupObjectId, and
// hubStack or the plain hub IDs.
func Run(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "")
	location := cfg.Require("location")
	name := cfg.Require("name")
	adminGroup := cfg.Require("adminGroupObjectId")
	hub, err := hubFromConfig(ctx, cfg)
	if err != nil {
		return err
	}
	// The spoke's layout inside its /16, in fixed places.
	space := cfg.Require("addressSpace")
	vnet, err := netip.ParsePrefix(space)
	if err != nil || !vnet.Addr().Is4() || vnet.Bits() != 16 || vnet.Masked() != vnet || vnet.Addr().As4()[0] != 10 {
		return fmt.Errorf("addressSpace: invalid value %q: a 10.x.0.0/16 range listed in the hub's externalSpokeAddressSpaces", space)
	}
	second := vnet.Addr().As4()[1]
	prefix := func(third byte, bits int) string {
		return netip.PrefixFrom(netip.AddrFrom4([4]byte{10, second, third, 0}), bits).String()
	}

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
	spoke, err := spokenetwork.NewSpokeNetwork(ctx, "spoke", &spokenetwork.SpokeNetworkArgs{
		ResourceGroupName: rg.Name,
		Location:          location,
		Network: spokespec.Network{
			VnetName:              "vnet-" + name,
			AddressSpace:          space,
			PrivateEndpointSubnet: prefix(250, 27),
			IngressSubnet:         prefix(251, 28),
		},
		NodeSubnets:          map[string]string{privateaks.SystemPoolName: prefix(0, 24), "apps": prefix(4, 22)},
		FirewallPrivateIP:    hub.FirewallPrivateIP,
		UseFirewallDNS:       true,
		HubVnetID:            hub.VnetID,
		HubVnetName:          hub.VnetName,
		HubResourceGroupName: hub.ResourceGroupName,
	}, azure)
	if err != nil {
		return err
	}
	subnet := func(key string) pulumi.StringInput { return spoke.SubnetIDs.MapIndex(pulumi.String(key)) }
	seed := "rg-" + name + "/aks-" + name
	ids, err := identities.NewIdentities(ctx, "identities", &identities.IdentitiesArgs{
		ResourceGroupName:        rg.Name,
		Location:                 location,
		ControlPlaneIdentityName: "id-aks-" + name + "-controlplane",
		KubeletIdentityName:      "id-aks-" + name + "-kubelet",
		Seed:                     seed,
		NetworkScopes:            identities.SpokeScopes(spoke, []string{privateaks.SystemPoolName, "apps"}),
		PrivateDNSZoneID:         hub.ZoneIDs[privatedns.PurposeAPIServer],
		VnetID:                   spoke.VnetID,
	}, azure)
	if err != nil {
		return err
	}
	aksArgs := &privateaks.PrivateAKSArgs{
		ResourceGroupName:        rg.Name,
		Location:                 location,
		Seed:                     seed,
		Names:                    clusterspec.Names{ClusterName: "aks-" + name, DNSPrefix: "aks-" + name},
		PrivateDNSZoneID:         hub.ZoneIDs[privatedns.PurposeAPIServer],
		Settings:                 clusterspec.Settings{AdminGroupObjectIDs: []string{adminGroup}},
		SystemPool:               privateaks.NodePoolArgs{SubnetID: subnet(spokenetwork.NodeSubnetKey(privateaks.SystemPoolName))},
		UserPools:                map[string]privateaks.NodePoolArgs{"apps": {SubnetID: subnet(spokenetwork.NodeSubnetKey("apps"))}},
		PrivateEndpointSubnetID:  subnet(spokenetwork.KeyPrivateEndpoints),
		RegistryPrivateDNSZoneID: hub.ZoneIDs[privatedns.PurposeACR],
		KeyVaultPrivateDNSZoneID: hub.ZoneIDs[privatedns.PurposeKeyVault],
		Registry:                 privateaks.RegistryArgs{Name: "acr" + name},
		KeyVault:                 privateaks.KeyVaultArgs{Name: "kv-" + name},
		LogAnalytics:             privateaks.LogAnalyticsArgs{Name: "log-" + name},
		DependsOn:                append(append([]pulumi.Resource{}, ids.Assignments...), spoke.Peerings...),
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
