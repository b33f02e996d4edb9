package hubnetwork

import (
	network "github.com/pulumi/pulumi-azure-native-sdk/network/v2/v20240501"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// NSGRule is one security rule in plain Go.
type NSGRule struct {
	Name        string
	Priority    int
	Direction   string // Inbound or Outbound
	Access      string // Allow or Deny
	Protocol    string // Tcp, Udp, *
	Source      string
	Destination string
	Ports       []string
}

// BastionNSGRules are the rules Azure requires on AzureBastionSubnet
// ("Working with NSG access and Azure Bastion"); Bastion refuses to deploy
// into a subnet whose NSG lacks them.
func BastionNSGRules() []NSGRule {
	return []NSGRule{
		{"AllowHttpsInbound", 120, "Inbound", "Allow", "Tcp", "Internet", "*", []string{"443"}},
		{"AllowGatewayManagerInbound", 130, "Inbound", "Allow", "Tcp", "GatewayManager", "*", []string{"443"}},
		{"AllowAzureLoadBalancerInbound", 140, "Inbound", "Allow", "Tcp", "AzureLoadBalancer", "*", []string{"443"}},
		{"AllowBastionHostCommunication", 150, "Inbound", "Allow", "*", "VirtualNetwork", "VirtualNetwork", []string{"8080", "5701"}},
		{"DenyAllInbound", 4000, "Inbound", "Deny", "*", "*", "*", []string{"*"}},
		{"AllowSshRdpOutbound", 100, "Outbound", "Allow", "*", "*", "VirtualNetwork", []string{"22", "3389"}},
		{"AllowAzureCloudOutbound", 110, "Outbound", "Allow", "Tcp", "*", "AzureCloud", []string{"443"}},
		{"AllowBastionCommunication", 120, "Outbound", "Allow", "*", "VirtualNetwork", "VirtualNetwork", []string{"8080", "5701"}},
		{"AllowHttpOutbound", 130, "Outbound", "Allow", "*", "*", "Internet", []string{"80"}},
		{"DenyAllOutbound", 4000, "Outbound", "Deny", "*", "*", "*", []string{"*"}},
	}
}

// ManagementNSGRules let SSH into the management subnet only from the
// Bastion subnet, and nothing else in.
func ManagementNSGRules(bastionPrefix string) []NSGRule {
	return []NSGRule{
		{"AllowSshFromBastion", 100, "Inbound", "Allow", "Tcp", bastionPrefix, "*", []string{"22"}},
		{"DenyAllInbound", 4000, "Inbound", "Deny", "*", "*", "*", []string{"*"}},
	}
}

func securityRules(rules []NSGRule) network.SecurityRuleTypeArray {
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

// SecurityRules exposes the conversion for sibling components' NSGs.
func SecurityRules(rules []NSGRule) network.SecurityRuleTypeArray { return securityRules(rules) }
