package clusterspec

import (
	"strings"

	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/fielderr"
)

// The cluster name's key: "name" in the stack config (its JSON name), and
// "clusterName" among the component's arguments (its provider input since
// the first release). Names.Validate reports it under the one it is given.
const (
	ConfigNameKey = "name"
	ArgNameKey    = "clusterName"
)

// The API server's private DNS zone, the stack config's privateDnsZone: our
// own zone privatelink.<region>.azmk8s.io ("byo", the default), or the zone
// AKS creates and manages ("system"). "system" is also the literal the
// ManagedCluster takes for it (apiServerAccessProfile.privateDNSZone:
// "Allowed values are 'system' and 'none'", or a zone's resource ID;
// managedClusters.json 2024-10-01). The component takes the zone's ID
// instead of the choice (PrivateAKSArgs.PrivateDNSZoneID).
const (
	APIServerZoneBYO     = "byo"
	APIServerZoneSystem  = "system"
	DefaultAPIServerZone = APIServerZoneBYO
)

// APIServerZones are the API server zone choices.
var APIServerZones = []string{APIServerZoneBYO, APIServerZoneSystem}

// ValidateAPIServerZone refuses a zone choice other than "byo" and
// "system" (exact case), at path.
func ValidateAPIServerZone(choice, path string) []error {
	return fielderr.OneOf(choice, path, APIServerZones...)
}

// Names are the cluster's own names a user configures. The rules are
// Azure's: the cluster name is the ManagedCluster's resourceName (1-63
// characters, pattern ^[a-zA-Z0-9]$|^[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]$,
// Azure/azure-rest-api-specs specification/containerservice/
// resource-manager/Microsoft.ContainerService/aks/stable/2024-10-01/
// managedClusters.json, parameters.ResourceNameParameter); that file gives
// dnsPrefix and nodeResourceGroup no pattern, so the DNS prefix follows
// AKS's own rule (1-54 letters, digits and '-', starting and ending with a
// letter or digit: Azure/PSRule.Rules.Azure docs/en/rules/
// Azure.AKS.DNSPrefix.md) and the node resource group a resource group's
// (1-90 characters, ^[-\w\._\(\)]+$, common-types/resource-management/v5/
// types.json ResourceGroupNameParameter; not ending in '.'), and AKS
// creates it, so it cannot be an existing group such as the cluster's own
// (MicrosoftDocs/azure-aks-docs articles/aks/faq.yml, "Can I provide my own
// name for the AKS node resource group?"). The checks are internal/azname's.
type Names struct {
	// ClusterName is the AKS resource name (required).
	ClusterName string `json:"name,omitempty"`
	// DNSPrefix of the API server's FQDN (default: the cluster name).
	// Changing this replaces the cluster.
	DNSPrefix string `json:"dnsPrefix,omitempty"`
	// NodeResourceGroup is the AKS-managed node resource group, which AKS
	// creates: not an existing group such as the cluster's own ("" lets AKS
	// name it MC_...). Changing this replaces the cluster.
	NodeResourceGroup string `json:"nodeResourceGroup,omitempty"`
}

// WithDefaults fills the DNS prefix with the cluster name; the cluster
// name and the node resource group have no default here (the stack config
// derives them from its prefix and the spoke's key).
func (n Names) WithDefaults() Names {
	setDefault(&n.DNSPrefix, n.ClusterName)
	return n
}

// Validate returns every problem of defaulted names, under path; the
// cluster name's under nameKey (ConfigNameKey or ArgNameKey).
func (n Names) Validate(path, nameKey string) []error {
	errs := azname.CheckAt(azname.ManagedCluster, n.ClusterName, fielderr.Join(path, nameKey))
	errs = append(errs, azname.CheckAt(azname.DNSPrefix, n.DNSPrefix, fielderr.Join(path, "dnsPrefix"))...)
	if n.NodeResourceGroup != "" {
		errs = append(errs, azname.CheckAt(azname.ResourceGroup, n.NodeResourceGroup, fielderr.Join(path, "nodeResourceGroup"))...)
	}
	return errs
}

// ValidateNodeResourceGroup refuses a node resource group that is the
// cluster's own resource group (resource group names are case-insensitive),
// under path; "" for either is not checked.
func (n Names) ValidateNodeResourceGroup(path, clusterResourceGroup string) []error {
	if n.NodeResourceGroup == "" || clusterResourceGroup == "" || !strings.EqualFold(n.NodeResourceGroup, clusterResourceGroup) {
		return nil
	}
	return []error{fielderr.New(fielderr.Join(path, "nodeResourceGroup"), n.NodeResourceGroup,
		"a resource group other than the cluster's own: AKS creates the node resource group and cannot use an existing one")}
}
