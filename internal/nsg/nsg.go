// Package nsg holds the plain-Go network security rule both network
// components build their NSGs from, and the route to the firewall both
// use. It lives apart from the components so
// that neither imports the other: an edit to the hub then does not recompile
// the spoke (README "Performance").
package nsg

import (
	network "github.com/pulumi/pulumi-azure-native-sdk/network/v2/v20240501"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Rule is one security rule in plain Go.
type Rule struct {
	Name        string
	Priority    int
	Direction   string // Inbound or Outbound
	Access      string // Allow or Deny
	Protocol    string // Tcp, Udp, *
	Source      string
	Destination string
	Ports       []string
}

// SecurityRules converts rules to the NSG's inline rules, in order. Any
// source port; one destination port goes in destinationPortRange, several in
// destinationPortRanges (Azure rejects a list of one where a range is used).
func SecurityRules(rules []Rule) network.SecurityRuleTypeArray {
	out := network.SecurityRuleTypeArray{}
	for _, r := range rules {
		sr := &network.SecurityRuleTypeArgs{
			Name:                     pulumi.String(r.Name),
			Priority:                 pulumi.Int(r.Priority),
			Direction:                pulumi.String(r.Direction),
			Access:                   pulumi.String(r.Access),
			Protocol:                 pulumi.String(r.Protocol),
			SourceAddressPrefix:      pulumi.String(r.Source),
			SourcePortRange:          pulumi.String("*"),
			DestinationAddressPrefix: pulumi.String(r.Destination),
		}
		if len(r.Ports) == 1 {
			sr.DestinationPortRange = pulumi.String(r.Ports[0])
		} else {
			sr.DestinationPortRanges = pulumi.ToStringArray(r.Ports)
		}
		out = append(out, sr)
	}
	return out
}

// PrivateEndpointRules allow HTTPS to private endpoints from peered
// networks only (a spoke's private-endpoint subnet, the hub's).
func PrivateEndpointRules() []Rule {
	return []Rule{
		{Name: "AllowHttpsFromVirtualNetwork", Priority: 100, Direction: "Inbound", Access: "Allow", Protocol: "Tcp", Source: "VirtualNetwork", Destination: "*", Ports: []string{"443"}},
		{Name: "DenyAllInbound", Priority: 4000, Direction: "Inbound", Access: "Deny", Protocol: "*", Source: "*", Destination: "*", Ports: []string{"*"}},
	}
}
