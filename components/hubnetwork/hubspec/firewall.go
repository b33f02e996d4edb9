package hubspec

import (
	"github.com/privateaks/privateaks/components/privateaks/clusterspec"
	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/fielderr"
)

// Defaults of the hub's firewall and Bastion: the hardened choices.
const (
	DefaultFirewallSku = "Premium"
	DefaultIdpsMode    = "Deny"
	DefaultBastionSku  = "Standard"
	// DefaultFirewallPublicIPs as mspnp/aks-baseline's hub-default.bicep.
	DefaultFirewallPublicIPs = 3
	// MaxFirewallPublicIPs is Azure Firewall's limit (MicrosoftDocs/
	// azure-docs articles/azure-resource-manager/management/
	// azure-subscription-service-limits.md).
	MaxFirewallPublicIPs = 250
)

// Firewall is the hub's Azure Firewall and its policy.
type Firewall struct {
	// Name and PolicyName are the physical names (required).
	Name       string `json:"name,omitempty"`
	PolicyName string `json:"policyName,omitempty"`
	// Sku is "Premium" (default, with IDPS) or "Standard" (a named opt-out).
	Sku string `json:"sku,omitempty"`
	// IdpsMode is "Deny" (default with Premium), "Alert" or "Off"; Premium
	// only.
	IdpsMode string `json:"idpsMode,omitempty"`
	// Zones the firewall, its public IPs and Bastion span (none: regional).
	Zones []string `json:"zones,omitempty"`
	// PublicIPCount is the number of zone-redundant public IPs (default 3,
	// the baseline's; 1-250).
	PublicIPCount int `json:"publicIpCount,omitempty"`
}

// WithDefaults fills the unset SKU, IDPS mode and public IP count; the
// zones are copied.
func (f Firewall) WithDefaults() Firewall {
	setDefault(&f.Sku, DefaultFirewallSku)
	if f.Sku == "Premium" {
		setDefault(&f.IdpsMode, DefaultIdpsMode)
	}
	if f.PublicIPCount == 0 {
		f.PublicIPCount = DefaultFirewallPublicIPs
	}
	if f.Zones != nil {
		f.Zones = append([]string{}, f.Zones...)
	}
	return f
}

// Validate returns every problem of a defaulted firewall, under path. The
// IDPS mode is checked whatever the SKU, so that a wrong SKU and a wrong
// mode are both reported in one run.
func (f Firewall) Validate(path string) []error {
	at := func(k string) string { return fielderr.Join(path, k) }
	var errs []error
	errs = append(errs, azname.CheckAt(azname.Firewall, f.Name, at("name"))...)
	errs = append(errs, azname.CheckAt(azname.NetworkGeneric, f.PolicyName, at("policyName"))...)
	errs = append(errs, fielderr.OneOf(f.Sku, at("sku"), "Premium", "Standard")...)
	switch {
	case f.Sku == "Standard" && f.IdpsMode != "":
		errs = append(errs, fielderr.New(at("idpsMode"), f.IdpsMode, "IDPS needs sku \"Premium\"; leave idpsMode unset with \"Standard\""))
	case f.Sku == "Premium" || f.IdpsMode != "":
		errs = append(errs, fielderr.OneOf(f.IdpsMode, at("idpsMode"), "Deny", "Alert", "Off")...)
	}
	errs = append(errs, clusterspec.ValidateZones(f.Zones, at("zones"))...)
	if n := f.PublicIPCount; n < 1 || n > MaxFirewallPublicIPs {
		errs = append(errs, fielderr.New(at("publicIpCount"), n, "1-%d public IPs (Azure Firewall limit)", MaxFirewallPublicIPs))
	}
	return errs
}

// Bastion is the hub's Azure Bastion host.
type Bastion struct {
	// Name (required).
	Name string `json:"name,omitempty"`
	// Sku is "Standard" (default, with tunneling), "Premium" or "Basic"
	// (an opt-out: no native client tunnel).
	Sku string `json:"sku,omitempty"`
}

// WithDefaults fills the unset SKU.
func (b Bastion) WithDefaults() Bastion {
	setDefault(&b.Sku, DefaultBastionSku)
	return b
}

// Validate returns every problem of a defaulted Bastion, under path.
func (b Bastion) Validate(path string) []error {
	errs := azname.CheckAt(azname.NetworkGeneric, b.Name, fielderr.Join(path, "name"))
	return append(errs, fielderr.OneOf(b.Sku, fielderr.Join(path, "sku"), "Standard", "Premium", "Basic")...)
}

func setDefault(p *string, v string) {
	if *p == "" {
		*p = v
	}
}
