// Package dnsresolver is hybrid DNS for the hub: an Azure DNS Private
// Resolver in the hub VNet with an inbound endpoint on its own delegated
// subnet (on-premises DNS servers forward the privatelink zones to its
// address) and, when on-premises domains are named, an outbound endpoint on
// a second delegated subnet with a DNS forwarding ruleset linked to the hub
// and the spokes, so that names under those domains resolve on-premises.
// It is the managed successor of a DNS server VM with conditional
// forwarders. Facts come from MicrosoftDocs/azure-docs articles/dns/
// dns-private-resolver-overview.md ("Subnet restrictions", "DNS forwarding
// rulesets") and the network 2022-07-01 dnsresolver specification
// (Azure/azure-rest-api-specs specification/dnsresolver/resource-manager/
// Microsoft.Network/stable/2022-07-01).
package dnsresolver

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/components/dnsresolver/resolverspec"
	"github.com/privateaks/privateaks/internal/cidr"
	"github.com/privateaks/privateaks/internal/resopt"
)

// Subnet size limits of resolver endpoints (overview, "Subnet
// restrictions": a /28 at least and a /24 at most, each subnet delegated to
// Microsoft.Network/dnsResolvers and holding nothing else).
const (
	MinSubnetBits = resolverspec.MinSubnetBits
	MaxSubnetBits = resolverspec.MaxSubnetBits
	// Delegation is the service the endpoint subnets are delegated to.
	Delegation = "Microsoft.Network/dnsResolvers"
	// MaxTargetServers is the limit of target DNS servers per forwarding
	// rule (overview, "Rules": up to 6 target DNS servers).
	MaxTargetServers = resolverspec.MaxTargetServers
)

// Subnet names.
const (
	InboundSubnetName  = "snet-dns-inbound"
	OutboundSubnetName = "snet-dns-outbound"
)

// ResolverArgs configures the resolver.
type ResolverArgs struct {
	// ResourceGroupName of the resolver; the hub VNet's group (required).
	ResourceGroupName pulumi.StringInput
	// Location is the hub's region (required).
	Location string
	// Resolver is the name (required), the endpoints' subnets (inbound
	// required, outbound required with forwarding rules; inside the hub,
	// /28 to /24) and the forwarding rules (none: no outbound endpoint): the
	// stack config's spec (resolverspec.Resolver).
	resolverspec.Resolver
	// VnetID and VnetName of the hub VNet (required); the subnets are
	// created in it.
	VnetID   pulumi.StringInput
	VnetName pulumi.StringInput
	// HubAddressSpace is the hub VNet's range, to check the subnets
	// against (optional).
	HubAddressSpace string
	// RulesetLinks are the VNets the ruleset is linked to, by stable key
	// ("hub", "spoke-blue"): their names then resolve on-premises.
	RulesetLinks map[string]pulumi.StringInput
	// After are resources the subnets must wait for: ARM refuses
	// concurrent subnet writes on one VNet.
	After []pulumi.Resource
	Tags  map[string]string
	// Protect the resolver and its subnets.
	Protect bool
}

// ForwardingRule sends queries under Domain to TargetDNSServers
// (resolverspec, the same type the stack config holds).
type ForwardingRule = resolverspec.ForwardingRule

// Target is one parsed target server (resolverspec).
type Target = resolverspec.Target

// ParseTarget reads "10.1.0.4" or "10.1.0.4:5353" (resolverspec).
func ParseTarget(s string) (Target, error) { return resolverspec.ParseTarget(s) }

// Validate returns every problem with the args.
func (a ResolverArgs) Validate() []error {
	var errs []error
	if a.ResourceGroupName == nil {
		errs = append(errs, resopt.ArgError("resourceGroupName", nil, "required"))
	}
	if a.VnetID == nil || a.VnetName == nil {
		errs = append(errs, resopt.ArgError("vnetId", nil, "the hub VNet's ID and name are required"))
	}
	if a.Location == "" {
		errs = append(errs, resopt.ArgError("location", a.Location, "an Azure region such as \"westeurope\""))
	}
	errs = append(errs, a.Resolver.Validate("")...)
	errs = append(errs, cidr.CheckSubnetsIn("", "hubAddressSpace", a.HubAddressSpace, a.Subnets(""))...)
	for k, v := range a.RulesetLinks {
		if v == nil {
			errs = append(errs, resopt.ArgError("rulesetLinks."+k, nil, "a VNet ID"))
		}
	}
	return errs
}
