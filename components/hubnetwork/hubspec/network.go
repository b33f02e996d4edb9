package hubspec

import (
	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/cidr"
	"github.com/privateaks/privateaks/internal/fielderr"
)

// The smallest subnet each role of the hub takes, as a prefix length.
const (
	// FirewallSubnetBits: AzureFirewallSubnet must be a /26
	// (MicrosoftDocs/azure-docs articles/firewall/firewall-faq.yml, "Why
	// does Azure Firewall need a /26 subnet size?").
	FirewallSubnetBits = 26
	// BastionSubnetBits: AzureBastionSubnet must be /26 or larger
	// (articles/bastion/configuration-settings.md, "Subnet").
	BastionSubnetBits = 26
	// GatewaySubnetBits: Azure allows a GatewaySubnet as small as /29 but
	// recommends /27 or larger (articles/vpn-gateway/
	// vpn-gateway-about-vpn-gateway-settings.md, "Gateway subnet"); we
	// hold to the recommendation.
	GatewaySubnetBits = 27
	// ManagementSubnetBits is Azure's smallest subnet (/29,
	// articles/virtual-network/virtual-networks-faq.md); the jump boxes and
	// runners fit.
	ManagementSubnetBits = 29
	// PrivateEndpointSubnetBits leaves room for the Azure Monitor Private
	// Link Scope's endpoint and its many addresses (one per DNS record).
	PrivateEndpointSubnetBits = 28
)

// Network is the hub VNet's name and address layout.
type Network struct {
	// VnetName of the hub VNet (required).
	VnetName string `json:"vnetName,omitempty"`
	// AddressSpace of the hub VNet (required).
	AddressSpace string `json:"addressSpace,omitempty"`
	// FirewallSubnet (AzureFirewallSubnet, a /26), BastionSubnet
	// (AzureBastionSubnet, /26 or larger) and ManagementSubnet (/29 or
	// larger) are required.
	FirewallSubnet   string `json:"firewallSubnet,omitempty"`
	BastionSubnet    string `json:"bastionSubnet,omitempty"`
	ManagementSubnet string `json:"managementSubnet,omitempty"`
	// PrivateEndpointSubnet (/28 or larger) holds private endpoints every
	// spoke shares, such as the Azure Monitor Private Link Scope's: HTTPS
	// from the peered networks only, no route table. Optional for the
	// component (empty: no subnet); the stack always has one.
	PrivateEndpointSubnet string `json:"privateEndpointSubnet,omitempty"`
	// GatewaySubnet (/27 or larger) is optional: empty, no GatewaySubnet.
	GatewaySubnet string `json:"gatewaySubnet,omitempty"`
}

// Subnets is the hub's layout, for cidr.CheckLayout: the stack adds the
// resolver's subnets to it.
func (n Network) Subnets() []cidr.Subnet {
	return []cidr.Subnet{
		{Key: "firewallSubnet", Prefix: n.FirewallSubnet, MaxBits: FirewallSubnetBits, Role: "AzureFirewallSubnet"},
		{Key: "bastionSubnet", Prefix: n.BastionSubnet, MaxBits: BastionSubnetBits, Role: "AzureBastionSubnet"},
		{Key: "managementSubnet", Prefix: n.ManagementSubnet, MaxBits: ManagementSubnetBits, Role: "the management subnet"},
		{Key: "privateEndpointSubnet", Prefix: n.PrivateEndpointSubnet, MaxBits: PrivateEndpointSubnetBits, Role: "the hub's private endpoints (the Azure Monitor Private Link Scope)", Optional: true},
		{Key: "gatewaySubnet", Prefix: n.GatewaySubnet, MaxBits: GatewaySubnetBits, Role: "GatewaySubnet", Optional: true},
	}
}

// Validate returns every problem of the hub's name and layout under path.
func (n Network) Validate(path string) []error { return n.ValidateLayout(path, n.Subnets()) }

// ValidateLayout is Validate with the layout given: the stack's requires
// the private-endpoint subnet and adds the resolver's subnets.
func (n Network) ValidateLayout(path string, layout []cidr.Subnet) []error {
	errs := azname.CheckAt(azname.VirtualNetwork, n.VnetName, fielderr.Join(path, "vnetName"))
	return append(errs, cidr.CheckLayout(path, n.AddressSpace, layout)...)
}
