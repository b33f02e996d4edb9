// Package privatedns creates the privatelink private DNS zones a private AKS
// cluster needs — the API server's (privatelink.<region>.azmk8s.io), ACR's
// (privatelink.azurecr.io) and Key Vault's (privatelink.vaultcore.azure.net),
// plus any extra zones — and links them to VNets with auto-registration off.
//
// Which VNets to link is the caller's design choice, and both designs the
// reference architectures use can be expressed: link every zone to the hub
// and to every spoke, or link to the hub only and let the spokes resolve
// through the hub firewall's DNS proxy (spokenetwork.UseFirewallDNS).
package privatedns

import (
	"fmt"
	"maps"
	"regexp"
	"slices"

	privatedns "github.com/pulumi/pulumi-azure-native-sdk/network/v2/v20240601"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/components/privatedns/dnsspec"
	"github.com/privateaks/privateaks/internal/resopt"
)

// Type is the component's type token.
const Type = "privateaks:privatedns:PrivateDNS"

// The zone purposes, the keys of PrivateDNS.ZoneIDs.
const (
	PurposeAPIServer = "apiServer"
	PurposeACR       = "acr"
	PurposeKeyVault  = "keyVault"
)

// The zone names (dnsspec owns them, for the stack config too).
const (
	ACRZone      = dnsspec.ACRZone
	KeyVaultZone = dnsspec.KeyVaultZone
)

// AzureMonitorZones are the zones an Azure Monitor Private Link Scope's
// private endpoint registers its records in (dnsspec.AzureMonitorZones),
// keyed in ZoneIDs by name.
var AzureMonitorZones = dnsspec.AzureMonitorZones

// APIServerZone is the AKS API server's privatelink zone in a region.
func APIServerZone(location string) string { return dnsspec.APIServerZone(location) }

// PrivateDNSArgs configures the zones and links.
type PrivateDNSArgs struct {
	// ResourceGroupName holds the zones (required).
	ResourceGroupName pulumi.StringInput
	// Location is the clusters' region; it names the API server zone (required).
	Location string
	// ExtraZones are further privatelink zones, keyed in ZoneIDs by name.
	ExtraZones []string
	// AzureMonitor adds AzureMonitorZones (for an Azure Monitor Private
	// Link Scope), keyed in ZoneIDs by name.
	AzureMonitor bool
	// VnetLinks maps a stable key ("hub", "spoke-blue") to a VNet ID to
	// link every zone to (at least one).
	VnetLinks map[string]pulumi.StringInput
	Tags      map[string]string
	// Protect the zones and links.
	Protect bool
}

// PrivateDNS is the set of zones and links.
type PrivateDNS struct {
	pulumi.ResourceState

	// ZoneIDs by purpose: apiServer, acr, keyVault, then extra zones by name.
	ZoneIDs pulumi.StringMapOutput `pulumi:"zoneIds"`
	// ZoneNames by the same keys.
	ZoneNames pulumi.StringMapOutput `pulumi:"zoneNames"`

	// Links are the VNet link resources; anything resolving a private
	// endpoint name must wait for them.
	Links []pulumi.Resource `pulumi:"-"`
	// LinksByZone are the same links by zone key, so that a cluster can wait
	// for the API server zone's links only.
	LinksByZone map[string][]pulumi.Resource `pulumi:"-"`
}

var (
	linkKeyRe  = regexp.MustCompile(`^[a-z0-9][-a-z0-9]{0,62}$`)
	locationRe = regexp.MustCompile(`^[a-z0-9]+$`)
)

// Zones returns the zone names by key for a location and extra zones,
// plus AzureMonitorZones when azureMonitor is set.
func Zones(location string, extra []string, azureMonitor bool) map[string]string {
	z := map[string]string{PurposeAPIServer: APIServerZone(location), PurposeACR: ACRZone, PurposeKeyVault: KeyVaultZone}
	for _, e := range extra {
		z[e] = e
	}
	if azureMonitor {
		for _, e := range AzureMonitorZones {
			z[e] = e
		}
	}
	return z
}

func (a PrivateDNSArgs) validate() []error {
	var errs []error
	if a.ResourceGroupName == nil {
		errs = append(errs, resopt.ArgError("resourceGroupName", nil, "required"))
	}
	if !locationRe.MatchString(a.Location) {
		errs = append(errs, resopt.ArgError("location", a.Location, "an Azure region name such as \"westeurope\""))
	}
	errs = append(errs, dnsspec.ValidateExtraZones(a.ExtraZones, a.Location, "extraZones")...)
	if len(a.VnetLinks) == 0 {
		errs = append(errs, resopt.ArgError("vnetLinks", nil, "at least one VNet to link the zones to"))
	}
	for k, v := range a.VnetLinks {
		if !linkKeyRe.MatchString(k) || v == nil {
			errs = append(errs, resopt.ArgError(fmt.Sprintf("vnetLinks[%q]", k), k, "a lowercase key and a VNet ID"))
		}
	}
	return errs
}

// NewPrivateDNS creates the zones and links every zone to every VNet given.
func NewPrivateDNS(ctx *pulumi.Context, name string, args *PrivateDNSArgs, opts ...pulumi.ResourceOption) (*PrivateDNS, error) {
	if args == nil {
		args = &PrivateDNSArgs{}
	}
	a := *args
	if err := resopt.Join(Type, name, a.validate()); err != nil {
		return nil, err
	}
	d := &PrivateDNS{LinksByZone: map[string][]pulumi.Resource{}}
	if err := ctx.RegisterComponentResource(Type, name, d, opts...); err != nil {
		return nil, err
	}
	tags := resopt.Tags(a.Tags)
	zones := Zones(a.Location, a.ExtraZones, a.AzureMonitor)
	ids, names := pulumi.StringMap{}, pulumi.StringMap{}
	for _, key := range slices.Sorted(maps.Keys(zones)) {
		zoneName := zones[key]
		zone, err := privatedns.NewPrivateZone(ctx, name+"-"+key, &privatedns.PrivateZoneArgs{
			ResourceGroupName: a.ResourceGroupName,
			PrivateZoneName:   pulumi.String(zoneName),
			Location:          pulumi.String("Global"),
			Tags:              tags,
		}, resopt.Stateful(d, a.Protect)...)
		if err != nil {
			return nil, err
		}
		ids[key] = zone.ID().ToStringOutput()
		names[key] = pulumi.String(zoneName).ToStringOutput()
		for _, vk := range slices.Sorted(maps.Keys(a.VnetLinks)) {
			link, err := privatedns.NewVirtualNetworkLink(ctx, name+"-"+key+"-link-"+vk, &privatedns.VirtualNetworkLinkArgs{
				ResourceGroupName:      a.ResourceGroupName,
				PrivateZoneName:        zone.Name,
				VirtualNetworkLinkName: pulumi.String("link-" + vk),
				Location:               pulumi.String("Global"),
				VirtualNetwork:         &privatedns.SubResourceArgs{Id: a.VnetLinks[vk]},
				RegistrationEnabled:    pulumi.Bool(false),
				Tags:                   tags,
			}, resopt.Stateful(d, a.Protect)...)
			if err != nil {
				return nil, err
			}
			d.Links = append(d.Links, link)
			d.LinksByZone[key] = append(d.LinksByZone[key], link)
		}
	}
	d.ZoneIDs = ids.ToStringMapOutput()
	d.ZoneNames = names.ToStringMapOutput()
	if err := ctx.RegisterResourceOutputs(d, pulumi.Map{"zoneIds": d.ZoneIDs, "zoneNames": d.ZoneNames}); err != nil {
		return nil, err
	}
	return d, nil
}
