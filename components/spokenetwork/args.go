// Package spokenetwork is one cluster's spoke of a hub-spoke network: the
// spoke VNet; one node subnet per node pool (the system pool and each user
// pool on its own subnet); a private-endpoint subnet and an internal ingress
// subnet; a route table that sends 0.0.0.0/0 to the hub firewall, attached to
// every node subnet; an NSG on every subnet; and peering in both directions
// with the hub. Optionally the spoke's DNS servers are the firewall (its DNS
// proxy), so that the hub decides name resolution.
package spokenetwork

import (
	"fmt"
	"maps"
	"regexp"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/components/spokenetwork/spokespec"
	"github.com/privateaks/privateaks/internal/cidr"
	"github.com/privateaks/privateaks/internal/flowlog"
	"github.com/privateaks/privateaks/internal/resopt"
)

// Subnet keys of SpokeNetwork.SubnetIDs besides the node subnets, which are
// keyed NodeSubnetKey(pool).
const (
	KeyPrivateEndpoints = "privateEndpoints"
	KeyIngress          = "ingress"
)

// NodeSubnetKey is the SubnetIDs key of a node pool's subnet.
func NodeSubnetKey(pool string) string { return "nodes-" + pool }

// SpokeNetworkArgs configures a spoke.
type SpokeNetworkArgs struct {
	// ResourceGroupName holds the spoke VNet, NSGs and route table (required).
	ResourceGroupName pulumi.StringInput
	// Location is the Azure region (required).
	Location string
	// Network is the spoke VNet's name, address space and its
	// private-endpoint and ingress subnets (spokespec: all required, the
	// subnets /28 or larger).
	spokespec.Network
	// NodeSubnets maps each node pool name to its own subnet prefix
	// (required: at least the system pool).
	NodeSubnets map[string]string

	// FirewallPrivateIP is the next hop for 0.0.0.0/0 (required).
	FirewallPrivateIP pulumi.StringInput
	// UseFirewallDNS sets the VNet's DNS server to the firewall's DNS proxy.
	UseFirewallDNS bool

	// HubVnetID, HubVnetName and HubResourceGroupName identify the hub for
	// the two peerings (required).
	HubVnetID            pulumi.StringInput
	HubVnetName          pulumi.StringInput
	HubResourceGroupName pulumi.StringInput
	// HubHasGateway lets the spoke use the hub's gateway (and the hub offer
	// transit), for on-premises connectivity.
	HubHasGateway bool

	Tags map[string]string
	// Logs, when set, sends every NSG's logs to Logs.WorkspaceID and turns
	// on the VNet's flow log in Logs.FlowLogs (the hub's: HubNetwork.FlowLogs).
	Logs *Logs
	// DDoSProtectionPlanID, when set, puts the VNet under that DDoS Network
	// Protection plan (the hub's: HubNetwork.DDoSProtectionPlanID).
	DDoSProtectionPlanID pulumi.StringInput
	// Protect the VNet, subnets, route table and peerings.
	Protect bool
}

var poolNameRe = regexp.MustCompile(`^[a-z][a-z0-9]{0,11}$`)

// Validate returns every problem with the args.
func (a SpokeNetworkArgs) Validate() []error {
	var errs []error
	for _, in := range []struct {
		path string
		v    any
	}{{"resourceGroupName", a.ResourceGroupName}, {"firewallPrivateIp", a.FirewallPrivateIP}, {"hubVnetId", a.HubVnetID}, {"hubVnetName", a.HubVnetName}, {"hubResourceGroupName", a.HubResourceGroupName}} {
		if in.v == nil || in.v == pulumi.StringInput(nil) {
			errs = append(errs, resopt.ArgError(in.path, nil, "required"))
		}
	}
	if a.Location == "" {
		errs = append(errs, resopt.ArgError("location", a.Location, "an Azure region such as \"westeurope\""))
	}
	if len(a.NodeSubnets) == 0 {
		errs = append(errs, resopt.ArgError("nodeSubnets", nil, "at least the system pool's subnet"))
	}
	var nodes []cidr.Subnet
	for _, pool := range slices.Sorted(maps.Keys(a.NodeSubnets)) {
		key := fmt.Sprintf("nodeSubnets[%q]", pool)
		if !poolNameRe.MatchString(pool) {
			errs = append(errs, resopt.ArgError(key, pool, "a node pool name: 1-12 lowercase letters and digits, starting with a letter"))
		}
		nodes = append(nodes, spokespec.NodeSubnet(key, a.NodeSubnets[pool]))
	}
	errs = append(errs, a.Network.Validate("", nodes...)...)
	return errs
}

// Logs is where a spoke's NSG logs and VNet flow log go.
type Logs struct {
	WorkspaceID pulumi.StringInput
	FlowLogs    flowlog.Watcher
}
