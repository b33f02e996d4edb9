package stackconfig

import (
	"fmt"

	"github.com/privateaks/privateaks/components/appgateway/gatewayspec"
	"github.com/privateaks/privateaks/internal/cidr"
)

// AppGateway is a spoke's Application Gateway WAF_v2
// (spokes.<key>.appGateway): public and private frontends in front of the
// cluster's ingress controller.
type AppGateway struct {
	// Enabled creates the gateway (default false).
	Enabled bool `json:"enabled,omitempty"`
	// Name (default "agw-<prefix>-<key>"), the gateway's own subnet, the
	// private frontend's address and the backend address: the component's
	// placement spec (gatewayspec; its keys sit at this level).
	gatewayspec.Placement
	// Zones (default: the region's), capacity, WAF mode, probe and
	// listeners: the component's spec (gatewayspec; its keys sit at this
	// level).
	gatewayspec.Gateway
}

// AppGatewayListener is one HTTPS hostname (with its HTTP redirect;
// gatewayspec).
type AppGatewayListener = gatewayspec.Listener

// Application Gateway limits and defaults (gatewayspec, which names their
// sources).
const (
	AppGatewayMinSubnetBits = gatewayspec.MinSubnetBits
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
	return []cidr.Subnet{g.SubnetSpec("appGateway.")}
}

// validateAppGateway checks the spoke's gateway at path.appGateway; its
// backend address lies in the spoke's ingress subnet (path.ingressSubnet).
func validateAppGateway(s Spoke, path string) []error {
	g := s.AppGateway
	if !g.Enabled {
		return nil
	}
	at := join(path, "appGateway")
	errs := g.Placement.Validate(at, join(path, "ingressSubnet"), s.IngressSubnet)
	return append(errs, g.Gateway.Validate(at)...)
}
