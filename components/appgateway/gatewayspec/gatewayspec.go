// Package gatewayspec is the spec of a spoke's Application Gateway WAF_v2:
// its autoscaling, WAF mode, health probe, zones and HTTPS listeners, their
// defaults and their validation, written once for the stack config
// (spokes.<k>.appGateway) and the appgateway component. Names, subnets and
// addresses stay with each layer, which knows what they must fit. It
// imports neither Pulumi nor the Azure SDK.
package gatewayspec

import (
	"maps"
	"regexp"
	"slices"

	"github.com/privateaks/privateaks/components/privateaks/clusterspec"
	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/fielderr"
)

// Application Gateway limits (MicrosoftDocs/azure-docs articles/
// application-gateway/application-gateway-autoscaling-zone-redundant.md:
// autoscale up to 125 instances) and our defaults.
const (
	MaxAutoscale     = 125
	DefaultMinScale  = 2
	DefaultMaxScale  = 10
	DefaultProbePath = "/healthz"
	// The WAF policy modes.
	WAFModePrevention = "Prevention"
	WAFModeDetection  = "Detection"
	// ListenerKeyMax is the longest listener key (it names the gateway's
	// child objects).
	ListenerKeyMax = 31
)

// Listener is one hostname served over HTTPS, with an HTTP redirect.
type Listener struct {
	Hostname string `json:"hostname"`
	// CertificateSecretName is the Key Vault secret (a certificate's
	// secret) in the spoke's vault with the listener's certificate.
	CertificateSecretName string `json:"certificateSecretName"`
	// Public serves it on the public frontend (default: private only).
	Public bool `json:"public,omitempty"`
}

// Gateway is what a user configures of the gateway's behaviour.
type Gateway struct {
	// Zones (none: regional); MinCapacity 0-125 (default 2) and
	// MaxCapacity 2-125 (default 10) bound autoscaling.
	Zones       []string `json:"zones,omitempty"`
	MinCapacity *int     `json:"minCapacity,omitempty"`
	MaxCapacity int      `json:"maxCapacity,omitempty"`
	// WAFMode "Prevention" (default) or "Detection" (a named opt-out).
	WAFMode string `json:"wafMode,omitempty"`
	// ProbePath of the HTTPS health probes (default /healthz).
	ProbePath string `json:"probePath,omitempty"`
	// Listeners by key (at least one).
	Listeners map[string]Listener `json:"listeners,omitempty"`
}

// WithDefaults fills the capacity, the WAF mode and the probe; the zones
// are the layer's (the stack defaults them to the region's).
func (g Gateway) WithDefaults() Gateway {
	n := DefaultMinScale
	if g.MinCapacity != nil {
		n = *g.MinCapacity
	}
	g.MinCapacity = &n
	if g.MaxCapacity == 0 {
		g.MaxCapacity = DefaultMaxScale
	}
	if g.WAFMode == "" {
		g.WAFMode = WAFModePrevention
	}
	if g.ProbePath == "" {
		g.ProbePath = DefaultProbePath
	}
	return g
}

// MinScale is the effective minimum capacity.
func (g Gateway) MinScale() int {
	if g.MinCapacity == nil {
		return DefaultMinScale
	}
	return *g.MinCapacity
}

var (
	keyRe    = regexp.MustCompile(`^[a-z][a-z0-9-]{0,30}$`)
	secretRe = regexp.MustCompile(`^[0-9A-Za-z-]{1,127}$`)
)

// Validate returns every problem of a defaulted gateway, under path.
func (g Gateway) Validate(path string) []error {
	at := func(k string) string { return fielderr.Join(path, k) }
	var errs []error
	min := g.MinScale()
	if min < 0 || min > MaxAutoscale {
		errs = append(errs, fielderr.New(at("minCapacity"), min, "0 to %d", MaxAutoscale))
	}
	if g.MaxCapacity < 2 || g.MaxCapacity > MaxAutoscale || g.MaxCapacity < min {
		errs = append(errs, fielderr.New(at("maxCapacity"), g.MaxCapacity, "2 to %d and not below minCapacity (%d)", MaxAutoscale, min))
	}
	errs = append(errs, clusterspec.ValidateZones(g.Zones, at("zones"))...)
	errs = append(errs, fielderr.OneOf(g.WAFMode, at("wafMode"), WAFModePrevention, WAFModeDetection)...)
	if len(g.ProbePath) == 0 || g.ProbePath[0] != '/' {
		errs = append(errs, fielderr.New(at("probePath"), g.ProbePath, "a path starting with '/'"))
	}
	if len(g.Listeners) == 0 {
		errs = append(errs, fielderr.New(at("listeners"), nil, "at least one listener (hostname, certificateSecretName, public)"))
	}
	hosts := map[string]string{}
	for _, k := range slices.Sorted(maps.Keys(g.Listeners)) {
		l := g.Listeners[k]
		p := fielderr.Join(at("listeners"), k)
		if !keyRe.MatchString(k) {
			errs = append(errs, fielderr.New(p, k, "a key of 1-%d lowercase letters, digits and '-', starting with a letter", ListenerKeyMax))
		}
		if !azname.IsDNSName(l.Hostname, azname.DNSForm{AlphaTLD: true}) {
			errs = append(errs, fielderr.New(fielderr.Join(p, "hostname"), l.Hostname, "a lowercase DNS name such as \"shop.contoso.com\""))
		} else if other, dup := hosts[l.Hostname]; dup {
			errs = append(errs, fielderr.New(fielderr.Join(p, "hostname"), l.Hostname, "a hostname no other listener (%s) serves", other))
		}
		hosts[l.Hostname] = k
		if !secretRe.MatchString(l.CertificateSecretName) {
			errs = append(errs, fielderr.New(fielderr.Join(p, "certificateSecretName"), l.CertificateSecretName, "the name of a certificate's secret in the spoke's Key Vault (1-127 letters, digits and '-')"))
		}
	}
	return errs
}
