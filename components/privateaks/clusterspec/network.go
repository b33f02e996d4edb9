package clusterspec

import (
	"net/netip"
	"strings"

	"github.com/privateaks/privateaks/internal/baseline"
	"github.com/privateaks/privateaks/internal/cidr"
	"github.com/privateaks/privateaks/internal/fielderr"
)

// Network is the cluster's network profile. Every field replaces the
// cluster when changed. The outbound type is always userDefinedRouting
// (egress through the hub firewall) and the network plugin always "azure",
// so neither is a field.
type Network struct {
	// PluginMode "overlay" (default; pods get PodCidr addresses) or
	// "nodeSubnet" (pods take node-subnet addresses; no PodCidr).
	PluginMode string `json:"pluginMode,omitempty"`
	// Policy "cilium" (default in overlay mode: Azure CNI powered by
	// Cilium, baseline.NetworkPolicyFor), "azure" (Azure NPM; the default in
	// nodeSubnet mode) or "calico".
	Policy string `json:"policy,omitempty"`
	// PodCidr in overlay mode (default 10.244.0.0/16).
	PodCidr string `json:"podCidr,omitempty"`
	// ServiceCidr of Kubernetes services (default 172.16.0.0/16) and
	// DNSServiceIP, the cluster DNS service's address inside it (default
	// its .10).
	ServiceCidr  string `json:"serviceCidr,omitempty"`
	DNSServiceIP string `json:"dnsServiceIp,omitempty"`
}

// WithDefaults fills every unset field from internal/baseline. It never
// changes a set value and never fails: a service CIDR it cannot parse gets
// no DNS address, and Validate reports it.
func (n Network) WithDefaults() Network {
	setDefault(&n.PluginMode, baseline.PluginModeOverlay)
	setDefault(&n.Policy, baseline.NetworkPolicyFor(n.PluginMode))
	if strings.EqualFold(n.PluginMode, PluginModeOverlay) {
		setDefault(&n.PodCidr, baseline.PodCidr)
	}
	setDefault(&n.ServiceCidr, baseline.ServiceCidr)
	if p, err := cidr.Parse(n.ServiceCidr); err == nil {
		if addr, ok := cidr.Host(p, 10); ok {
			setDefault(&n.DNSServiceIP, addr.String())
		}
	}
	return n
}

// Validate returns every problem of a defaulted profile, under path.
func (n Network) Validate(path string) []error {
	at := func(k string) string { return fielderr.Join(path, k) }
	var errs []error
	errs = append(errs, fielderr.OneOf(n.PluginMode, at("pluginMode"), PluginModes...)...)
	errs = append(errs, fielderr.OneOf(n.Policy, at("policy"), Policies...)...)
	svc, sErr := cidr.Parse(n.ServiceCidr)
	if sErr != nil {
		errs = append(errs, fielderr.New(at("serviceCidr"), n.ServiceCidr, "%v", sErr))
	} else if svc.Bits() > 28 {
		errs = append(errs, fielderr.New(at("serviceCidr"), n.ServiceCidr, "a /28 or larger"))
	}
	dns, err := netip.ParseAddr(n.DNSServiceIP)
	switch {
	case err != nil || !dns.Is4():
		errs = append(errs, fielderr.New(at("dnsServiceIp"), n.DNSServiceIP, "an IPv4 address inside serviceCidr"))
	case sErr == nil && !svc.Contains(dns):
		errs = append(errs, fielderr.New(at("dnsServiceIp"), n.DNSServiceIP, "an address inside serviceCidr %s", svc))
	case sErr == nil && (dns == svc.Addr() || dns == svc.Addr().Next()):
		errs = append(errs, fielderr.New(at("dnsServiceIp"), n.DNSServiceIP, "not the network address or the first address of serviceCidr (the kubernetes service takes .1)"))
	}
	switch n.PluginMode {
	case PluginModeOverlay:
		pod, pErr := cidr.Parse(n.PodCidr)
		if pErr != nil {
			errs = append(errs, fielderr.New(at("podCidr"), n.PodCidr, "%v", pErr))
		} else if sErr == nil && cidr.Overlaps(pod, svc) {
			errs = append(errs, fielderr.New(at("podCidr"), n.PodCidr, "a prefix that does not overlap serviceCidr %s", svc))
		}
	case PluginModeNodeSubnet:
		if n.PodCidr != "" {
			errs = append(errs, fielderr.New(at("podCidr"), n.PodCidr, "unset in nodeSubnet mode (pods take node-subnet addresses)"))
		}
		if n.Policy == "cilium" {
			errs = append(errs, fielderr.New(at("policy"), n.Policy, "\"azure\" or \"calico\" in nodeSubnet mode (the cilium dataplane needs overlay here)"))
		}
	}
	return errs
}

func setDefault(p *string, v string) {
	if *p == "" {
		*p = v
	}
}
