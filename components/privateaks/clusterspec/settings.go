package clusterspec

import (
	"regexp"

	"github.com/privateaks/privateaks/internal/baseline"
	"github.com/privateaks/privateaks/internal/fielderr"
)

// The cluster-level enums, in the letter case the AKS API returns them
// (managedClusters.json 2024-09-01: ManagedClusterSKUTier, UpgradeChannel,
// NodeOSUpgradeChannel; tests hold them to the SDK's constants). The policy
// effects are the Azure Policy definitions' effect parameter values we use.
var (
	SkuTiers              = []string{"Standard", "Premium", "Free"}
	AutoUpgradeChannels   = []string{"patch", "stable", "rapid", "node-image", "none"}
	NodeOSUpgradeChannels = []string{"NodeImage", "SecurityPatch", "Unmanaged", "None"}
	PolicyEffects         = []string{"Deny", "Audit"}
)

// Settings are the cluster's own settings a user configures: its tier, the
// Kubernetes version, the admin surface and the upgrade channels. The
// stack config holds them beside the cluster's Names and its zone choice,
// the component beside Names and its inputs.
type Settings struct {
	// KubernetesVersion pins the minor ("1.36"); auto-upgrade moves
	// patches. Unset (the default) lets AKS pick its default version at
	// creation. A set version must be one AKS creates today under the
	// default support plan (each layer checks it against the calendar,
	// azurefacts.CheckVersion). With AutoUpgradeChannel "stable" or "rapid"
	// AKS moves the minor too and this value only applies at creation.
	KubernetesVersion string `json:"kubernetesVersion,omitempty"`
	// SkuTier "Standard" (default, uptime SLA), "Premium" or "Free"
	// (opt-out).
	SkuTier string `json:"skuTier,omitempty"`
	// RunCommand enables `az aks command invoke` (default off).
	RunCommand bool `json:"runCommand,omitempty"`
	// AdminGroupObjectIDs are Entra ID groups that become cluster admins
	// (Azure Kubernetes Service RBAC Cluster Admin). Required while local
	// accounts are disabled.
	AdminGroupObjectIDs []string `json:"adminGroupObjectIds"`
	// LocalAccounts keeps the static admin kubeconfig (opt-out; default
	// off).
	LocalAccounts bool `json:"localAccounts,omitempty"`
	// AutoUpgradeChannel "patch" (default), "stable", "rapid",
	// "node-image" or "none".
	AutoUpgradeChannel string `json:"autoUpgradeChannel,omitempty"`
	// NodeOSUpgradeChannel "NodeImage" (default), "SecurityPatch",
	// "Unmanaged" or "None".
	NodeOSUpgradeChannel string `json:"nodeOsUpgradeChannel,omitempty"`
	// PolicyEffect of the Azure Policy assignments: "Deny" (default) or
	// "Audit" (opt-out).
	PolicyEffect string `json:"policyEffect,omitempty"`
}

// WithDefaults fills the tier, the channels and the policy effect from
// internal/baseline; the admin groups are copied.
func (s Settings) WithDefaults() Settings {
	setDefault(&s.SkuTier, baseline.SkuTier)
	setDefault(&s.AutoUpgradeChannel, baseline.AutoUpgradeChannel)
	setDefault(&s.NodeOSUpgradeChannel, baseline.NodeOSUpgradeChannel)
	setDefault(&s.PolicyEffect, baseline.PolicyEffect)
	if s.AdminGroupObjectIDs != nil {
		s.AdminGroupObjectIDs = append([]string{}, s.AdminGroupObjectIDs...)
	}
	return s
}

var k8sMinorRe = regexp.MustCompile(`^[1-9]\.[0-9]{1,2}$`)

// IsKubernetesMinor reports whether v is a "major.minor" version ("1.36").
func IsKubernetesMinor(v string) bool { return k8sMinorRe.MatchString(v) }

// Validate returns every problem of defaulted settings, under path. The
// admin groups' format (GUIDs, placeholders) is each layer's: the stack
// checks every Entra ID of the stack in one place (stackconfig.EntraIDs).
func (s Settings) Validate(path string) []error {
	at := func(k string) string { return fielderr.Join(path, k) }
	var errs []error
	if s.KubernetesVersion != "" && !IsKubernetesMinor(s.KubernetesVersion) {
		errs = append(errs, fielderr.New(at("kubernetesVersion"), s.KubernetesVersion, "unset (AKS's default) or a major.minor version such as \"1.36\" (the patch is left to auto-upgrade)"))
	}
	errs = append(errs, fielderr.OneOf(s.SkuTier, at("skuTier"), SkuTiers...)...)
	errs = append(errs, fielderr.OneOf(s.AutoUpgradeChannel, at("autoUpgradeChannel"), AutoUpgradeChannels...)...)
	errs = append(errs, fielderr.OneOf(s.NodeOSUpgradeChannel, at("nodeOsUpgradeChannel"), NodeOSUpgradeChannels...)...)
	// "Setting the cluster auto-upgrade channel to node-image also sets the
	// node OS channel to NodeImage, and it can't be changed" (AKS docs,
	// auto-upgrade-node-os-image.md, interactions between channels).
	if s.AutoUpgradeChannel == "node-image" && s.NodeOSUpgradeChannel != "NodeImage" {
		errs = append(errs, fielderr.New(at("nodeOsUpgradeChannel"), s.NodeOSUpgradeChannel, "\"NodeImage\" with autoUpgradeChannel \"node-image\" (AKS requires it)"))
	}
	errs = append(errs, fielderr.OneOf(s.PolicyEffect, at("policyEffect"), PolicyEffects...)...)
	if !s.LocalAccounts && len(s.AdminGroupObjectIDs) == 0 {
		errs = append(errs, fielderr.New(at("adminGroupObjectIds"), s.AdminGroupObjectIDs, "at least one Entra ID group object ID while local accounts are disabled (else nobody can administer the cluster)"))
	}
	return errs
}
