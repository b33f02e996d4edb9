// Package monitorlink creates an Azure Monitor Private Link Scope (AMPLS):
// the scope, the Azure Monitor resources in it (Log Analytics workspaces,
// data collection endpoints), one private endpoint (group "azuremonitor")
// and its records in the five privatelink zones the scope needs
// (privatedns.AzureMonitorZones), so that Container Insights and managed
// Prometheus ingest over the private endpoint instead of the internet.
//
// Design, from MicrosoftDocs/azure-monitor-docs articles/azure-monitor/logs/
// private-link-design.md: one AMPLS per DNS ("create only a single AMPLS
// object per DNS"), and in a hub-and-spoke network "a single private link
// connection set on the hub (main) network, and not on each spoke virtual
// network". A virtual network connects to one AMPLS only, so the scope holds
// every Azure Monitor resource the networks sharing the DNS send to.
//
// The scope and its scoped resources are registered by type token
// (internal/untyped.PrivateLinkScope, 2021-09-01): no further insights
// API-version package is compiled.
package monitorlink

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	network "github.com/pulumi/pulumi-azure-native-sdk/network/v2/v20240501"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/components/privatedns"
	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/azurefacts"
	"github.com/privateaks/privateaks/internal/resopt"
	"github.com/privateaks/privateaks/internal/untyped"
)

// Type is the component's type token.
const Type = "privateaks:monitorlink:MonitorPrivateLink"

// GroupID is the private link group of an AMPLS (the portal's target
// sub-resource "azuremonitor").
const GroupID = "azuremonitor"

// The access modes (privateLinkScopes_API.json 2021-09-01, AccessMode).
const (
	AccessPrivateOnly = "PrivateOnly"
	AccessOpen        = "Open"
)

// Default access modes. Ingestion is PrivateOnly: the networks behind the
// endpoint may send only to the resources in the scope, which "prevents data
// exfiltration" and which the doc advises once all the Azure Monitor
// resources are in the scope (private-link-design.md, "Select an access
// mode") — the stack scopes every workspace and endpoint it sends to.
// Queries stay Open: operators query from the portal outside the VNets, and
// Container Insights' experiences query through the Resource Manager API,
// which cannot use private links ("Control network access to AMPLS
// resources").
const (
	DefaultIngestionAccessMode = AccessPrivateOnly
	DefaultQueryAccessMode     = AccessOpen
)

// MonitorPrivateLinkArgs configures the scope and its endpoint.
type MonitorPrivateLinkArgs struct {
	// ResourceGroupName holds the scope and the private endpoint (required).
	ResourceGroupName pulumi.StringInput
	// Location is the region of the endpoint's VNet (required); the scope
	// itself is global.
	Location string
	// ScopeName is the AMPLS name (required).
	ScopeName string
	// IngestionAccessMode and QueryAccessMode: "PrivateOnly" or "Open"
	// (defaults above).
	IngestionAccessMode string
	QueryAccessMode     string
	// ScopedResources maps a stable lowercase key to the ID of an Azure
	// Monitor resource to put in the scope (at least one; at most 50, the
	// AMPLS limit in private-link-design.md).
	ScopedResources map[string]pulumi.StringInput
	// PrivateEndpointSubnetID is the subnet of the endpoint (required).
	PrivateEndpointSubnetID pulumi.StringInput
	// DNSZoneIDs are the zone IDs by name; every zone of
	// privatedns.AzureMonitorZones is required.
	DNSZoneIDs map[string]pulumi.StringInput
	// DependsOn are what the endpoint waits for besides the scoped
	// resources (e.g. the zones' VNet links).
	DependsOn []pulumi.Resource
	Tags      map[string]string
	// Protect the scope.
	Protect bool
}

// MonitorPrivateLink is the scope, its resources and its endpoint.
type MonitorPrivateLink struct {
	pulumi.ResourceState

	ScopeID           pulumi.StringOutput `pulumi:"scopeId"`
	PrivateEndpointID pulumi.StringOutput `pulumi:"privateEndpointId"`

	PrivateEndpoint *network.PrivateEndpoint `pulumi:"-"`
}

// maxScopedResources is the AMPLS limit of Azure Monitor resources
// (azurefacts owns it).
const maxScopedResources = azurefacts.AMPLSMaxScopedResources

var (
	keyRe  = regexp.MustCompile(`^[a-z0-9][-a-z0-9]{0,62}$`)
	nameRe = regexp.MustCompile(`^[A-Za-z0-9][-A-Za-z0-9_.()]{0,254}$`)
)

func (a MonitorPrivateLinkArgs) withDefaults() MonitorPrivateLinkArgs {
	if a.IngestionAccessMode == "" {
		a.IngestionAccessMode = DefaultIngestionAccessMode
	}
	if a.QueryAccessMode == "" {
		a.QueryAccessMode = DefaultQueryAccessMode
	}
	return a
}

// Validate returns every problem with the (defaulted) args.
func (a MonitorPrivateLinkArgs) Validate() []error {
	var errs []error
	if a.ResourceGroupName == nil {
		errs = append(errs, resopt.ArgError("resourceGroupName", nil, "required"))
	}
	if a.Location == "" {
		errs = append(errs, resopt.ArgError("location", a.Location, "an Azure region name such as \"westeurope\""))
	}
	if !nameRe.MatchString(a.ScopeName) {
		errs = append(errs, resopt.ArgError("scopeName", a.ScopeName, "a scope name of letters, digits, '-', '_', '.' and parentheses"))
	}
	for _, m := range [][2]string{{"ingestionAccessMode", a.IngestionAccessMode}, {"queryAccessMode", a.QueryAccessMode}} {
		if v := m[1]; v != AccessPrivateOnly && v != AccessOpen {
			errs = append(errs, resopt.ArgError(m[0], v, "%q or %q", AccessPrivateOnly, AccessOpen))
		}
	}
	if n := len(a.ScopedResources); n == 0 || n > maxScopedResources {
		errs = append(errs, resopt.ArgError("scopedResources", n, "1 to %d Azure Monitor resources", maxScopedResources))
	}
	for _, k := range slices.Sorted(maps.Keys(a.ScopedResources)) {
		if !keyRe.MatchString(k) || a.ScopedResources[k] == nil {
			errs = append(errs, resopt.ArgError(fmt.Sprintf("scopedResources[%q]", k), k, "a lowercase key and a resource ID"))
		}
	}
	if a.PrivateEndpointSubnetID == nil {
		errs = append(errs, resopt.ArgError("privateEndpointSubnetId", nil, "required"))
	}
	for _, z := range privatedns.AzureMonitorZones {
		if a.DNSZoneIDs[z] == nil {
			errs = append(errs, resopt.ArgError(fmt.Sprintf("dnsZoneIds[%q]", z), nil, "the ID of the private DNS zone %s", z))
		}
	}
	return errs
}

// NewMonitorPrivateLink creates the scope, puts the resources in it and
// connects the private endpoint, whose zone group writes the records.
func NewMonitorPrivateLink(ctx *pulumi.Context, name string, args *MonitorPrivateLinkArgs, opts ...pulumi.ResourceOption) (*MonitorPrivateLink, error) {
	if args == nil {
		args = &MonitorPrivateLinkArgs{}
	}
	a := args.withDefaults()
	if err := resopt.Join(Type, name, a.Validate()); err != nil {
		return nil, err
	}
	l := &MonitorPrivateLink{}
	if err := ctx.RegisterComponentResource(Type, name, l, opts...); err != nil {
		return nil, err
	}
	scope, err := untyped.Register(ctx, untyped.PrivateLinkScope, name+"-scope", pulumi.Map{
		"resourceGroupName": a.ResourceGroupName,
		"scopeName":         pulumi.String(a.ScopeName),
		"location":          pulumi.String("global"),
		"accessModeSettings": pulumi.Map{
			"ingestionAccessMode": pulumi.String(a.IngestionAccessMode),
			"queryAccessMode":     pulumi.String(a.QueryAccessMode),
		},
		"tags": resopt.Tags(a.Tags),
	}, resopt.Stateful(l, a.Protect)...)
	if err != nil {
		return nil, err
	}
	// The doc's order: resources into the scope, then the endpoint.
	deps := append([]pulumi.Resource{}, a.DependsOn...)
	for _, k := range slices.Sorted(maps.Keys(a.ScopedResources)) {
		r, err := untyped.Register(ctx, untyped.PrivateLinkScopedResource, name+"-"+k, pulumi.Map{
			"resourceGroupName": a.ResourceGroupName,
			"scopeName":         pulumi.String(a.ScopeName),
			"name":              pulumi.String(k + "-connection"),
			"linkedResourceId":  a.ScopedResources[k],
		}, resopt.Child(l, pulumi.DependsOn([]pulumi.Resource{scope}))...)
		if err != nil {
			return nil, err
		}
		deps = append(deps, r)
	}
	peName := azname.PrivateEndpointName(a.ScopeName)
	pe, err := network.NewPrivateEndpoint(ctx, name+"-pe", &network.PrivateEndpointArgs{
		ResourceGroupName:          a.ResourceGroupName,
		PrivateEndpointName:        pulumi.String(peName),
		Location:                   pulumi.String(a.Location),
		Subnet:                     &network.SubnetTypeArgs{Id: a.PrivateEndpointSubnetID},
		CustomNetworkInterfaceName: pulumi.String(peName + "-nic"),
		PrivateLinkServiceConnections: network.PrivateLinkServiceConnectionArray{&network.PrivateLinkServiceConnectionArgs{
			Name:                 pulumi.String(peName),
			PrivateLinkServiceId: scope.ID().ToStringOutput(),
			GroupIds:             pulumi.StringArray{pulumi.String(GroupID)},
		}},
		Tags: resopt.Tags(a.Tags),
	}, resopt.Child(l, pulumi.DependsOn(deps))...)
	if err != nil {
		return nil, err
	}
	var configs network.PrivateDnsZoneConfigArray
	for _, z := range privatedns.AzureMonitorZones {
		configs = append(configs, &network.PrivateDnsZoneConfigArgs{
			Name:             pulumi.String(strings.ReplaceAll(z, ".", "-")),
			PrivateDnsZoneId: a.DNSZoneIDs[z],
		})
	}
	if _, err := network.NewPrivateDnsZoneGroup(ctx, name+"-pe-dns", &network.PrivateDnsZoneGroupArgs{
		ResourceGroupName:       a.ResourceGroupName,
		PrivateEndpointName:     pe.Name,
		PrivateDnsZoneGroupName: pulumi.String("default"),
		PrivateDnsZoneConfigs:   configs,
	}, resopt.Child(l)...); err != nil {
		return nil, err
	}
	l.ScopeID = scope.ID().ToStringOutput()
	l.PrivateEndpointID = pe.ID().ToStringOutput()
	l.PrivateEndpoint = pe
	if err := ctx.RegisterResourceOutputs(l, pulumi.Map{"scopeId": l.ScopeID, "privateEndpointId": l.PrivateEndpointID}); err != nil {
		return nil, err
	}
	return l, nil
}
