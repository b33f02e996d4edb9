package hubnetwork

import "github.com/privateaks/privateaks/internal/nsg"

// NSGRule is one security rule in plain Go (shared with spokenetwork).
type NSGRule = nsg.Rule

// BastionNSGRules are the rules Azure requires on AzureBastionSubnet
// ("Working with NSG access and Azure Bastion"); Bastion refuses to deploy
// into a subnet whose NSG lacks them.
func BastionNSGRules() []NSGRule {
	return []NSGRule{
		{Name: "AllowHttpsInbound", Priority: 120, Direction: "Inbound", Access: "Allow", Protocol: "Tcp", Source: "Internet", Destination: "*", Ports: []string{"443"}},
		{Name: "AllowGatewayManagerInbound", Priority: 130, Direction: "Inbound", Access: "Allow", Protocol: "Tcp", Source: "GatewayManager", Destination: "*", Ports: []string{"443"}},
		{Name: "AllowAzureLoadBalancerInbound", Priority: 140, Direction: "Inbound", Access: "Allow", Protocol: "Tcp", Source: "AzureLoadBalancer", Destination: "*", Ports: []string{"443"}},
		{Name: "AllowBastionHostCommunication", Priority: 150, Direction: "Inbound", Access: "Allow", Protocol: "*", Source: "VirtualNetwork", Destination: "VirtualNetwork", Ports: []string{"8080", "5701"}},
		{Name: "DenyAllInbound", Priority: 4000, Direction: "Inbound", Access: "Deny", Protocol: "*", Source: "*", Destination: "*", Ports: []string{"*"}},
		{Name: "AllowSshRdpOutbound", Priority: 100, Direction: "Outbound", Access: "Allow", Protocol: "*", Source: "*", Destination: "VirtualNetwork", Ports: []string{"22", "3389"}},
		{Name: "AllowAzureCloudOutbound", Priority: 110, Direction: "Outbound", Access: "Allow", Protocol: "Tcp", Source: "*", Destination: "AzureCloud", Ports: []string{"443"}},
		{Name: "AllowBastionCommunication", Priority: 120, Direction: "Outbound", Access: "Allow", Protocol: "*", Source: "VirtualNetwork", Destination: "VirtualNetwork", Ports: []string{"8080", "5701"}},
		{Name: "AllowHttpOutbound", Priority: 130, Direction: "Outbound", Access: "Allow", Protocol: "*", Source: "*", Destination: "Internet", Ports: []string{"80"}},
		{Name: "DenyAllOutbound", Priority: 4000, Direction: "Outbound", Access: "Deny", Protocol: "*", Source: "*", Destination: "*", Ports: []string{"*"}},
	}
}

// ManagementNSGRules let SSH into the management subnet only from the
// Bastion subnet, and nothing else in.
func ManagementNSGRules(bastionPrefix string) []NSGRule {
	return []NSGRule{
		{Name: "AllowSshFromBastion", Priority: 100, Direction: "Inbound", Access: "Allow", Protocol: "Tcp", Source: bastionPrefix, Destination: "*", Ports: []string{"22"}},
		{Name: "DenyAllInbound", Priority: 4000, Direction: "Inbound", Access: "Deny", Protocol: "*", Source: "*", Destination: "*", Ports: []string{"*"}},
	}
}

// PrivateEndpointNSGRules allow HTTPS to the hub's private endpoints from
// the peered networks only.
func PrivateEndpointNSGRules() []NSGRule { return nsg.PrivateEndpointRules() }
