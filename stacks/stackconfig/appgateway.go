package stackconfig

import (
	"fmt"
	"net/netip"

	"github.com/privateaks/privateaks/components/appgateway/gatewayspec"
	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/cidr"
)

// AppGateway is a spoke's Application Gateway WAF_v2
// (spokes.<key>.appGateway): public and private frontends in front of the
// cluster's ingress controller.
type AppGateway struct {
	// Enabled creates the gateway (default false).
	Enabled bool `json:"enabled,omitempty"`
	// Name (default "agw-<prefix>-<key>").
	Name string `json:"name,omitempty"`
	// Subnet is the gateway's own subnet in the spoke: /26 or larger, a /24
	// recommended (required when enabled).
	Subnet string `json:"subnet,omitempty"`
	// PrivateIP is the private frontend's static address in Subnet.
	PrivateIP string `json:"privateIp,omitempty"`
	// BackendIP is the ingress controller's internal load balancer address
	// in the spoke's ingress subnet.
	BackendIP string `json:"backendIp,omitempty"`
	// Zones (default: the region's), capacity, WAF mode, probe and
	// listeners: the component's spec (gatewayspec; its keys sit at this
	// level).
	gatewayspec.Gateway
}

// AppGatewayListener is one HTTPS hostname (with its HTTP redirect;
// gatewayspec).
type AppGatewayListener = gatewayspec.Listener

// Application Gateway limits (MicrosoftDocs/azure-docs articles/
// application-gateway/configuration-infrastructure.md: a v2 subnet is /26
// at least, /24 recommended; application-gateway-autoscaling-zone-
// redundant.md: autoscale up to 125 instances).
const (
	AppGatewayMinSubnetBits = 26
	AppGatewayMaxAutoscale  = gatewayspec.MaxAutoscale
	DefaultAppGatewayMin    = gatewayspec.DefaultMinScale
	DefaultAppGatewayMax    = gatewayspec.DefaultMaxScale
	DefaultAppGatewayProbe  = gatewayspec.DefaultProbePath
	WAFModePrevention       = gatewayspec.WAFModePrevention
	WAFModeDetection        = gatewayspec.WAFModeDetection
)

func appGatewayDefaults(g AppGateway, prefix, key string, zones []string) AppGateway {
	if !g.Enabled {
		return g
	}
	setDefault(&g.Name, fmt.Sprintf("agw-%s-%s", prefix, key))
	if g.Zones == nil {
		g.Zones = append([]string{}, zones...)
	}
	g.Gateway = g.Gateway.WithDefaults()
	return g
}

// appGatewaySubnet is the gateway's subnet for the spoke's size,
// containment and overlap checks.
func appGatewaySubnet(g AppGateway) []cidr.Subnet {
	if !g.Enabled {
		return nil
	}
	return []cidr.Subnet{{Key: "appGateway.subnet", Prefix: g.Subnet, MaxBits: AppGatewayMinSubnetBits, Role: "Application Gateway v2"}}
}

func validateAppGateway(s Spoke, path string) []error {
	g := s.AppGateway
	path = join(path, "appGateway")
	if !g.Enabled {
		return nil
	}
	var errs []error
	errs = append(errs, checkName(azname.NetworkGeneric, g.Name, join(path, "name"))...)
	sub, subErr := cidr.Parse(g.Subnet)
	if ip, err := netip.ParseAddr(g.PrivateIP); err != nil || !ip.Is4() || subErr != nil || !cidr.UsableHost(sub, ip) {
		errs = append(errs, fieldErr(join(path, "privateIp"), g.PrivateIP, "a usable IPv4 address of %s %q (Azure reserves each subnet's first four addresses and the last)", join(path, "subnet"), g.Subnet))
	}
	ingress, ingErr := cidr.Parse(s.IngressSubnet)
	if ip, err := netip.ParseAddr(g.BackendIP); err != nil || !ip.Is4() || ingErr != nil || !cidr.UsableHost(ingress, ip) {
		errs = append(errs, fieldErr(join(path, "backendIp"), g.BackendIP, "the ingress controller's internal load balancer address: a usable IPv4 address of the spoke's ingressSubnet %q", s.IngressSubnet))
	}
	errs = append(errs, g.Gateway.Validate(path)...)
	return errs
}
