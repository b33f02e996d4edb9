package azname

import "fmt"

// The names the components derive from the names a user gives: one
// function each, called by the components that create the resources, by
// the stack validation that checks the derived names fit Azure's rules
// before anything is registered, and by whatever else needs them. Change a
// scheme here and every caller follows.

// Subnet names of a spoke.
const (
	SpokeIngressSubnet          = "snet-ingress"
	SpokePrivateEndpointsSubnet = "snet-privateendpoints"
)

// NodeSubnetName is the name of a pool's node subnet in its spoke.
func NodeSubnetName(pool string) string { return "snet-nodes-" + pool }

// SubnetNSGName is the network security group of a VNet's subnet (or, in
// the hub, of a subnet role such as "management").
func SubnetNSGName(vnet, subnet string) string { return "nsg-" + vnet + "-" + subnet }

// NSGName is the network security group owned by one resource (an
// Application Gateway's subnet group, named after the gateway).
func NSGName(owner string) string { return "nsg-" + owner }

// RouteTableName is a spoke's route table, or with a role the route table
// of one hub subnet ("management").
func RouteTableName(vnet string, role ...string) string {
	if len(role) > 0 && role[0] != "" {
		return "rt-" + vnet + "-" + role[0]
	}
	return "rt-" + vnet
}

// PeeringName is the peering towards a VNet.
func PeeringName(toVnet string) string { return "peer-to-" + toVnet }

// PublicIPName is the first public IP of a resource; PublicIPNameN the
// n-th further one (the firewall's extra SNAT addresses, from 1).
func PublicIPName(owner string) string { return "pip-" + owner }

// PublicIPNameN is the n-th extra public IP of a resource, two digits.
func PublicIPNameN(owner string, n int) string { return fmt.Sprintf("pip-%s-%02d", owner, n) }

// PrivateEndpointName is the private endpoint of a resource.
func PrivateEndpointName(target string) string { return "pe-" + target }

// IdentityName is the user-assigned identity of a resource or, with a
// role, of one role of a cluster ("controlplane", "kubelet", "ingress",
// "flux").
func IdentityName(owner string, role ...string) string {
	if len(role) > 0 && role[0] != "" {
		return "id-" + owner + "-" + role[0]
	}
	return "id-" + owner
}

// Cluster identity roles (IdentityName's role).
const (
	RoleControlPlane = "controlplane"
	RoleKubelet      = "kubelet"
	RoleIngress      = "ingress"
	RoleFlux         = "flux"
)
