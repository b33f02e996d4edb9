package gatewayspec

import (
	"net/netip"

	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/cidr"
	"github.com/privateaks/privateaks/internal/fielderr"
)

// MinSubnetBits: a v2 gateway's subnet is a /26 at least, a /24
// recommended (MicrosoftDocs/azure-docs articles/application-gateway/
// configuration-infrastructure.md, "Size of the subnet").
const MinSubnetBits = 26

// Placement is where a user puts the gateway in the spoke: its name, its
// own subnet, the private frontend's static address in that subnet and
// the backend address (the ingress controller's internal load balancer in
// the spoke's ingress subnet).
type Placement struct {
	// Name of the gateway (required; the stack defaults it to
	// "agw-<prefix>-<spoke>"); its WAF policy is "waf-<name>" and its
	// identity "id-<name>".
	Name string `json:"name,omitempty"`
	// Subnet is the gateway's own subnet in the spoke: /26 or larger, a
	// /24 recommended (required).
	Subnet string `json:"subnet,omitempty"`
	// PrivateIP is the private frontend's static address in Subnet.
	PrivateIP string `json:"privateIp,omitempty"`
	// BackendIP is the ingress controller's internal load balancer address
	// in the spoke's ingress subnet.
	BackendIP string `json:"backendIp,omitempty"`
}

// SubnetSpec is the gateway's subnet in the spoke's layout
// (cidr.CheckLayout), at key below prefix ("appGateway." in the spoke
// config, "" in the component).
func (p Placement) SubnetSpec(prefix string) cidr.Subnet {
	return cidr.Subnet{Key: prefix + "subnet", Prefix: p.Subnet, MaxBits: MinSubnetBits, Role: "Application Gateway v2"}
}

// Validate returns every problem of the placement under path that the
// spoke's layout does not check: the name, the private frontend's address
// (a usable host of the gateway's subnet: Azure keeps each subnet's first
// four addresses and the last, MicrosoftDocs/azure-docs articles/
// virtual-network/virtual-networks-faq.md) and the backend address, which
// must be a usable host of ingressSubnet (the spoke's ingress subnet, at
// ingressKey); with ingressSubnet empty (unknown) it must be an IPv4
// address. The subnet's size, containment and overlaps are the layout's.
func (p Placement) Validate(path, ingressKey, ingressSubnet string) []error {
	errs := azname.CheckAt(azname.NetworkGeneric, p.Name, fielderr.Join(path, "name"))
	subnetKey := fielderr.Join(path, "subnet")
	sub, subErr := cidr.Parse(p.Subnet)
	if ip, err := netip.ParseAddr(p.PrivateIP); err != nil || !ip.Is4() || subErr != nil || !cidr.UsableHost(sub, ip) {
		errs = append(errs, fielderr.New(fielderr.Join(path, "privateIp"), p.PrivateIP,
			"a usable IPv4 address of %s %q (Azure reserves each subnet's first four addresses and the last)", subnetKey, p.Subnet))
	}
	ip, ipErr := netip.ParseAddr(p.BackendIP)
	if ingressSubnet == "" {
		if ipErr != nil || !ip.Is4() {
			errs = append(errs, fielderr.New(fielderr.Join(path, "backendIp"), p.BackendIP, "the IPv4 address of the ingress controller's internal load balancer"))
		}
		return errs
	}
	ingress, ingErr := cidr.Parse(ingressSubnet)
	if ipErr != nil || !ip.Is4() || ingErr != nil || !cidr.UsableHost(ingress, ip) {
		errs = append(errs, fielderr.New(fielderr.Join(path, "backendIp"), p.BackendIP,
			"the ingress controller's internal load balancer address: a usable IPv4 address of %s %q", ingressKey, ingressSubnet))
	}
	return errs
}
