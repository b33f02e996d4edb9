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
	"fmt"
	"net/netip"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/cidr"
	"github.com/privateaks/privateaks/internal/resopt"
)

// Subnet size limits of resolver endpoints (overview, "Subnet
// restrictions": a /28 at least and a /24 at most, each subnet delegated to
// Microsoft.Network/dnsResolvers and holding nothing else).
const (
	MinSubnetBits = 28
	MaxSubnetBits = 24
	// Delegation is the service the endpoint subnets are delegated to.
	Delegation = "Microsoft.Network/dnsResolvers"
	// MaxTargetServers is the limit of target DNS servers per forwarding
	// rule (overview, "Rules": up to 6 target DNS servers).
	MaxTargetServers = 6
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
	// Name of the resolver (required).
	Name string
	// VnetID and VnetName of the hub VNet (required); the subnets are
	// created in it.
	VnetID   pulumi.StringInput
	VnetName pulumi.StringInput
	// InboundSubnetPrefix (required) and OutboundSubnetPrefix (required with
	// forwarding rules), inside the hub, /28 to /24.
	InboundSubnetPrefix  string
	OutboundSubnetPrefix string
	// HubAddressSpace is the hub VNet's range, to check the subnets
	// against (optional).
	HubAddressSpace string
	// Forwarding rules for on-premises domains (none: no outbound endpoint).
	Forwarding []ForwardingRule
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

// ForwardingRule sends queries under Domain to TargetDNSServers.
type ForwardingRule struct {
	// Domain such as "corp.contoso.com" (the trailing dot the API wants is
	// added).
	Domain string
	// TargetDNSServers are "ip" or "ip:port" (port 53 by default).
	TargetDNSServers []string
}

// Target is one parsed target server.
type Target struct {
	IP   string
	Port int
}

// ParseTarget reads "10.1.0.4" or "10.1.0.4:5353".
func ParseTarget(s string) (Target, error) {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		if !ap.Addr().Is4() || ap.Port() == 0 {
			return Target{}, fmt.Errorf("an IPv4 address with a port 1-65535")
		}
		return Target{IP: ap.Addr().String(), Port: int(ap.Port())}, nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil || !a.Is4() {
		return Target{}, fmt.Errorf("an IPv4 address, optionally with :port")
	}
	return Target{IP: a.String(), Port: 53}, nil
}

// FQDN returns the domain with the trailing dot forwarding rules take.
func (r ForwardingRule) FQDN() string {
	return strings.TrimSuffix(strings.ToLower(r.Domain), ".") + "."
}

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
	if err := azname.Check(azname.NetworkGeneric, a.Name); err != nil {
		errs = append(errs, resopt.ArgError("name", a.Name, "%v", err))
	}
	hub, hubErr := cidr.Parse(a.HubAddressSpace)
	check := func(path, v string) (netip.Prefix, bool) {
		p, err := cidr.Parse(v)
		switch {
		case err != nil:
			errs = append(errs, resopt.ArgError(path, v, "%v", err))
			return p, false
		case p.Bits() > MinSubnetBits || p.Bits() < MaxSubnetBits:
			errs = append(errs, resopt.ArgError(path, v, "a /%d to /%d (DNS Private Resolver subnet restrictions)", MinSubnetBits, MaxSubnetBits))
		case a.HubAddressSpace != "" && hubErr == nil && !cidr.Contains(hub, p):
			errs = append(errs, resopt.ArgError(path, v, "a prefix inside the hub %s", hub))
		}
		return p, true
	}
	in, inOK := check("inboundSubnetPrefix", a.InboundSubnetPrefix)
	if len(a.Forwarding) > 0 || a.OutboundSubnetPrefix != "" {
		out, outOK := check("outboundSubnetPrefix", a.OutboundSubnetPrefix)
		if inOK && outOK && cidr.Overlaps(in, out) {
			errs = append(errs, resopt.ArgError("outboundSubnetPrefix", a.OutboundSubnetPrefix, "a prefix apart from inboundSubnetPrefix %s (endpoints cannot share a subnet)", in))
		}
	}
	seen := map[string]bool{}
	for i, r := range a.Forwarding {
		p := fmt.Sprintf("forwarding[%d]", i)
		if !isDomain(r.Domain) {
			errs = append(errs, resopt.ArgError(p+".domain", r.Domain, "a DNS domain such as \"corp.contoso.com\""))
		} else if seen[r.FQDN()] {
			errs = append(errs, resopt.ArgError(p+".domain", r.Domain, "a domain not already forwarded by another rule"))
		}
		seen[r.FQDN()] = true
		if len(r.TargetDNSServers) == 0 || len(r.TargetDNSServers) > MaxTargetServers {
			errs = append(errs, resopt.ArgError(p+".targetDnsServers", r.TargetDNSServers, "1 to %d target DNS servers", MaxTargetServers))
		}
		for j, s := range r.TargetDNSServers {
			if _, err := ParseTarget(s); err != nil {
				errs = append(errs, resopt.ArgError(fmt.Sprintf("%s.targetDnsServers[%d]", p, j), s, "%v", err))
			}
		}
	}
	for k, v := range a.RulesetLinks {
		if v == nil {
			errs = append(errs, resopt.ArgError("rulesetLinks."+k, nil, "a VNet ID"))
		}
	}
	return errs
}

// isDomain accepts a DNS name of at least two labels, with or without a
// trailing dot.
func isDomain(s string) bool {
	s = strings.TrimSuffix(strings.ToLower(s), ".")
	if len(s) == 0 || len(s) > 253 {
		return false
	}
	labels := strings.Split(s, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if len(l) == 0 || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, c := range l {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}
