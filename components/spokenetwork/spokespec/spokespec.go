// Package spokespec is the spec of a spoke VNet: its name,
// address space and the subnets besides the node subnets (private
// endpoints, internal ingress), their sizes and their layout rule, written
// once for the stack config (spokes.<k>) and the spokenetwork component.
// The node subnets belong to the node pools (the stack's
// spokes.<k>.cluster.*Pool*.subnetPrefix, the component's NodeSubnets) and
// join the same layout through NodeSubnet. It imports neither Pulumi nor
// the Azure SDK.
package spokespec

import (
	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/cidr"
	"github.com/privateaks/privateaks/internal/fielderr"
)

// The smallest subnet each role of a spoke takes, as a prefix length.
const (
	// PrivateEndpointSubnetBits leaves room for the registry's and the
	// vault's endpoints (the registry's takes one address per data
	// endpoint) and the endpoints the workloads add.
	PrivateEndpointSubnetBits = 28
	// IngressSubnetBits: the internal load balancers' frontends.
	IngressSubnetBits = 28
	// NodeSubnetBits is Azure's smallest subnet (/29, MicrosoftDocs/
	// azure-docs articles/virtual-network/virtual-networks-faq.md); each
	// pool's subnet is sized for its nodes and pods by the cluster's rules
	// on top of this.
	NodeSubnetBits = 29
)

// Network is a spoke VNet's name and the subnets it holds besides the node
// subnets.
type Network struct {
	// VnetName of the spoke VNet (required; the stack defaults it to
	// "vnet-<prefix>-<spoke>").
	VnetName string `json:"vnetName,omitempty"`
	// AddressSpace of the spoke VNet (required).
	AddressSpace string `json:"addressSpace"`
	// PrivateEndpointSubnet holds the private endpoints (required, /28 or
	// larger).
	PrivateEndpointSubnet string `json:"privateEndpointSubnet"`
	// IngressSubnet holds internal load balancers (required, /28 or larger).
	IngressSubnet string `json:"ingressSubnet"`
}

// Subnets is the spoke's layout without its node subnets, for
// cidr.CheckLayout.
func (n Network) Subnets() []cidr.Subnet {
	return []cidr.Subnet{
		{Key: "privateEndpointSubnet", Prefix: n.PrivateEndpointSubnet, MaxBits: PrivateEndpointSubnetBits, Role: "the private-endpoint subnet"},
		{Key: "ingressSubnet", Prefix: n.IngressSubnet, MaxBits: IngressSubnetBits, Role: "the internal ingress subnet"},
	}
}

// NodeSubnet is one node pool's subnet in the spoke's layout, at key below
// the layout's path.
func NodeSubnet(key, prefix string) cidr.Subnet {
	return cidr.Subnet{Key: key, Prefix: prefix, MaxBits: NodeSubnetBits, Role: "a node subnet"}
}

// Validate returns every problem of the spoke's name and layout under
// path, with further subnets of the VNet (the node subnets, the
// Application Gateway's) after its own.
func (n Network) Validate(path string, more ...cidr.Subnet) []error {
	errs := azname.CheckAt(azname.VirtualNetwork, n.VnetName, fielderr.Join(path, "vnetName"))
	return append(errs, cidr.CheckLayout(path, n.AddressSpace, append(n.Subnets(), more...))...)
}
