// Package hubnetwork is the hub of a hub-spoke network for private AKS
// clusters, as the AKS secure baseline draws it: the hub VNet; Azure Firewall
// with a Firewall Policy that allows exactly the egress AKS needs (threat
// intelligence in Deny mode, DNS proxy on, IDPS with Premium); Azure Bastion
// with the NSG rules Azure requires; a management subnet for self-hosted
// runners and jump boxes, reachable over SSH only from Bastion; and an
// optional GatewaySubnet. No subnet has default outbound access.
package hubnetwork

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/components/hubnetwork/hubspec"
	"github.com/privateaks/privateaks/components/privateaks/clusterspec"
	"github.com/privateaks/privateaks/internal/cidr"
	"github.com/privateaks/privateaks/internal/resopt"
)

// Defaults for HubNetworkArgs (hubspec owns them).
const (
	DefaultFirewallSku       = hubspec.DefaultFirewallSku
	DefaultIdpsMode          = hubspec.DefaultIdpsMode
	DefaultBastionSku        = hubspec.DefaultBastionSku
	DefaultFirewallPublicIPs = hubspec.DefaultFirewallPublicIPs
)

// The subnet roles, the keys of HubNetwork.SubnetIDs.
const (
	RoleFirewall   = "firewall"
	RoleBastion    = "bastion"
	RoleManagement = "management"
	RoleGateway    = "gateway"
	// RolePrivateEndpoints is the hub's private-endpoint subnet (the Azure
	// Monitor Private Link Scope's endpoint), when PrivateEndpointSubnetPrefix
	// is set.
	RolePrivateEndpoints = "privateEndpoints"
)

// HubNetworkArgs configures a hub. Plain Go values decide the shape of the
// graph; the resource group comes from another resource.
type HubNetworkArgs struct {
	// ResourceGroupName holds every hub resource (required).
	ResourceGroupName pulumi.StringInput
	// Location is the Azure region (required).
	Location string
	// Network is the hub VNet's name, address space and subnets (hubspec:
	// name, address space and the firewall, Bastion and management subnets
	// required; the private-endpoint subnet, for private endpoints every
	// spoke shares such as the Azure Monitor Private Link Scope's, and the
	// gateway subnet optional).
	hubspec.Network

	// Firewall is the hub's Azure Firewall and its policy (hubspec: names
	// required; SKU Premium, IDPS Deny and 3 public IPs by default).
	Firewall hubspec.Firewall
	// DDoS is the opt-in DDoS Network Protection.
	DDoS DDoSArgs
	// Egress selects the allowed egress and the subnets it is allowed from
	// (Egress.NodeSubnets is required).
	Egress EgressOptions

	// Bastion is the hub's Bastion host (hubspec: name required; SKU
	// Standard by default).
	Bastion hubspec.Bastion

	// Logs are the hub's workspace and the VNet flow logs.
	Logs LogsArgs

	// Tags for every resource.
	Tags map[string]string
	// Protect the VNet, subnets, firewall, its policy and public IP.
	Protect bool
}

func (a HubNetworkArgs) withDefaults() HubNetworkArgs {
	a.Firewall = a.Firewall.WithDefaults()
	a.Bastion = a.Bastion.WithDefaults()
	if a.Egress.Location == "" {
		a.Egress.Location = a.Location
	}
	if len(a.Egress.ManagementSubnets) == 0 && a.ManagementSubnet != "" {
		a.Egress.ManagementSubnets = []string{a.ManagementSubnet}
	}
	a.Logs = logsDefaults(a.Logs, a.Location, a.VnetName)
	if a.DDoS.Enabled && a.DDoS.PlanID == "" && a.DDoS.PlanName == "" {
		a.DDoS.PlanName = "ddos-" + a.VnetName
	}
	return a
}

// Validate returns every problem with the (defaulted) args.
func (a HubNetworkArgs) Validate() []error {
	var errs []error
	if a.ResourceGroupName == nil {
		errs = append(errs, resopt.ArgError("resourceGroupName", nil, "required"))
	}
	if a.Location == "" {
		errs = append(errs, resopt.ArgError("location", a.Location, "an Azure region such as \"westeurope\""))
	}
	errs = append(errs, a.Network.Validate("")...)
	errs = append(errs, a.Firewall.Validate("firewall")...)
	errs = append(errs, clusterspec.ValidateZonesIn(a.Location, a.Firewall.Zones, "firewall.zones")...)
	errs = append(errs, a.Bastion.Validate("bastion")...)
	errs = append(errs, a.DDoS.Validate("ddos")...)
	errs = append(errs, validateEgressSources(a.Egress)...)
	errs = append(errs, a.Logs.Validate("logs")...)
	return errs
}

// validateEgressSources checks every source prefix of the egress rules:
// each parses, GPU and Windows subnets are node subnets, and there is at
// least one node subnet (rules without sources allow nothing).
func validateEgressSources(e EgressOptions) []error {
	var errs []error
	nodes := map[string]bool{}
	for i, s := range e.NodeSubnets {
		p, err := cidr.Parse(s)
		if err != nil {
			errs = append(errs, resopt.ArgError(fmt.Sprintf("egress.nodeSubnets[%d]", i), s, "%v", err))
			continue
		}
		nodes[p.String()] = true
	}
	if len(e.NodeSubnets) == 0 {
		errs = append(errs, resopt.ArgError("egress.nodeSubnets", nil, "at least one node subnet prefix (the sources cluster egress is allowed from)"))
	}
	for _, sub := range []struct {
		path string
		list []string
	}{{"egress.gpuSubnets", e.GPUSubnets}, {"egress.windowsSubnets", e.WindowsSubnets}} {
		for i, s := range sub.list {
			p, err := cidr.Parse(s)
			switch {
			case err != nil:
				errs = append(errs, resopt.ArgError(fmt.Sprintf("%s[%d]", sub.path, i), s, "%v", err))
			case !nodes[p.String()]:
				errs = append(errs, resopt.ArgError(fmt.Sprintf("%s[%d]", sub.path, i), s, "one of egress.nodeSubnets"))
			}
		}
	}
	for i, s := range e.ManagementSubnets {
		if _, err := cidr.Parse(s); err != nil {
			errs = append(errs, resopt.ArgError(fmt.Sprintf("egress.managementSubnets[%d]", i), s, "%v", err))
		}
	}
	return errs
}
