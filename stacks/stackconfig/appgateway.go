package stackconfig

import (
	"fmt"
	"maps"
	"net/netip"
	"regexp"
	"slices"

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
	// Zones (default 1,2,3); MinCapacity 0-125 (default 2) and MaxCapacity
	// 2-125 (default 10) bound autoscaling.
	Zones       []string `json:"zones,omitempty"`
	MinCapacity *int     `json:"minCapacity,omitempty"`
	MaxCapacity int      `json:"maxCapacity,omitempty"`
	// WAFMode "Prevention" (default) or "Detection" (a named opt-out).
	WAFMode string `json:"wafMode,omitempty"`
	// ProbePath of the HTTPS health probes (default /healthz).
	ProbePath string `json:"probePath,omitempty"`
	// Listeners by key: a hostname, the Key Vault secret of its
	// certificate in the spoke's vault, and whether it is public.
	Listeners map[string]AppGatewayListener `json:"listeners,omitempty"`
}

// AppGatewayListener is one HTTPS hostname (with its HTTP redirect).
type AppGatewayListener struct {
	Hostname              string `json:"hostname"`
	CertificateSecretName string `json:"certificateSecretName"`
	// Public serves it on the public frontend (default: private only).
	Public bool `json:"public,omitempty"`
}

// Application Gateway limits (MicrosoftDocs/azure-docs articles/
// application-gateway/configuration-infrastructure.md: a v2 subnet is /26
// at least, /24 recommended; application-gateway-autoscaling-zone-
// redundant.md: autoscale up to 125 instances).
const (
	AppGatewayMinSubnetBits  = 26
	AppGatewayMaxAutoscale   = 125
	DefaultAppGatewayMin     = 2
	DefaultAppGatewayMax     = 10
	DefaultAppGatewayProbe   = "/healthz"
	WAFModePrevention        = "Prevention"
	WAFModeDetection         = "Detection"
	appGatewayListenerKeyMax = 31
)

var (
	agwListenerKeyRe = regexp.MustCompile(`^[a-z][a-z0-9-]{0,30}$`)
	hostnameRe       = regexp.MustCompile(`^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
)

func appGatewayDefaults(g AppGateway, prefix, key string, zones []string) AppGateway {
	if !g.Enabled {
		return g
	}
	setDefault(&g.Name, fmt.Sprintf("agw-%s-%s", prefix, key))
	setDefault(&g.WAFMode, WAFModePrevention)
	setDefault(&g.ProbePath, DefaultAppGatewayProbe)
	if g.Zones == nil {
		g.Zones = append([]string{}, zones...)
	}
	if g.MinCapacity == nil {
		n := DefaultAppGatewayMin
		g.MinCapacity = &n
	}
	if g.MaxCapacity == 0 {
		g.MaxCapacity = DefaultAppGatewayMax
	}
	return g
}

// appGatewaySubnet is the gateway's subnet for the spoke's size,
// containment and overlap checks.
func appGatewaySubnet(g AppGateway) []subnetSpec {
	if !g.Enabled {
		return nil
	}
	return []subnetSpec{{"appGateway.subnet", g.Subnet, AppGatewayMinSubnetBits, "Application Gateway v2"}}
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
	if g.MinCapacity != nil && (*g.MinCapacity < 0 || *g.MinCapacity > AppGatewayMaxAutoscale) {
		errs = append(errs, fieldErr(join(path, "minCapacity"), *g.MinCapacity, "0 to %d", AppGatewayMaxAutoscale))
	}
	min := 0
	if g.MinCapacity != nil {
		min = *g.MinCapacity
	}
	if g.MaxCapacity < 2 || g.MaxCapacity > AppGatewayMaxAutoscale || g.MaxCapacity < min {
		errs = append(errs, fieldErr(join(path, "maxCapacity"), g.MaxCapacity, "2 to %d and not below minCapacity (%d)", AppGatewayMaxAutoscale, min))
	}
	errs = append(errs, validateZones(g.Zones, join(path, "zones"))...)
	errs = append(errs, oneOf(g.WAFMode, join(path, "wafMode"), WAFModePrevention, WAFModeDetection)...)
	if len(g.ProbePath) == 0 || g.ProbePath[0] != '/' {
		errs = append(errs, fieldErr(join(path, "probePath"), g.ProbePath, "a path starting with '/'"))
	}
	if len(g.Listeners) == 0 {
		errs = append(errs, fieldErr(join(path, "listeners"), nil, "at least one listener (hostname, certificateSecretName, public)"))
	}
	hosts := map[string]string{}
	for _, k := range slices.Sorted(maps.Keys(g.Listeners)) {
		l := g.Listeners[k]
		p := join(join(path, "listeners"), k)
		if !agwListenerKeyRe.MatchString(k) {
			errs = append(errs, fieldErr(p, k, "a key of 1-%d lowercase letters, digits and '-', starting with a letter", appGatewayListenerKeyMax))
		}
		if !hostnameRe.MatchString(l.Hostname) {
			errs = append(errs, fieldErr(join(p, "hostname"), l.Hostname, "a lowercase DNS name such as \"shop.contoso.com\""))
		} else if other, dup := hosts[l.Hostname]; dup {
			errs = append(errs, fieldErr(join(p, "hostname"), l.Hostname, "a hostname no other listener (%s) serves", other))
		}
		hosts[l.Hostname] = k
		if !kvSecretRe.MatchString(l.CertificateSecretName) {
			errs = append(errs, fieldErr(join(p, "certificateSecretName"), l.CertificateSecretName, "the name of a certificate's secret in the spoke's Key Vault (1-127 letters, digits and '-')"))
		}
	}
	return errs
}
