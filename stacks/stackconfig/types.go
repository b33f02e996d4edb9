// Package stackconfig is the typed model of a privateaks stack's config: the
// JSON-tagged structs the Pulumi.<stack>.yaml values decode into, their
// defaults and their validation. It is pure Go (no Pulumi or Azure SDK), so
// that validation is table-tested and fuzzed cheaply and runs before any
// resource is registered.
//
// Every top-level key lives in the "privateaks" config namespace. See
// docs/config.md for the reference of every key, which ones replace the
// cluster when changed, and the named opt-outs from the hardened defaults.
package stackconfig

import (
	"github.com/privateaks/privateaks/components/fluxbootstrap/fluxspec"
	"github.com/privateaks/privateaks/components/hubnetwork/hubspec"
	"github.com/privateaks/privateaks/components/identities/identityspec"
	"github.com/privateaks/privateaks/components/privateaks/clusterspec"
	"github.com/privateaks/privateaks/components/spokenetwork/spokespec"
)

// Config is one stack: one hub and a map of spokes, each holding one cluster.
type Config struct {
	// Location is the Azure region of every resource (e.g. "westeurope").
	Location string `json:"location"`
	// Prefix seeds every derived physical name ("paks-dev" gives
	// "rg-paks-dev-hub", "aks-paks-dev-blue", ...). Lowercase, digits, '-'.
	Prefix string `json:"prefix"`
	// Protect marks stateful resources (VNets, peerings, zones, the
	// firewall, clusters, registries, vaults, identities) protected.
	// Default true; dev opts out explicitly.
	Protect *bool `json:"protect,omitempty"`
	// Tags are applied to every Azure resource that takes tags.
	Tags map[string]string `json:"tags,omitempty"`
	// Hub is the shared hub network.
	Hub Hub `json:"hub"`
	// Spokes are keyed by a stable name (the key seeds logical and physical
	// names, so renaming a key replaces that spoke).
	Spokes map[string]Spoke `json:"spokes"`
	// DNS chooses how the privatelink zones are linked.
	DNS DNS `json:"dns"`
	// Flux configures GitOps for every cluster in the stack.
	Flux Flux `json:"flux"`
	// Waivers name baseline controls this stack does not meet, with reasons.
	Waivers []Waiver `json:"waivers,omitempty"`
	// AllowProdWaivers must be true for waivers in a protected stack
	// (Protect unset or true): the production guard follows what the stack
	// protects, not what its environment is called.
	AllowProdWaivers bool `json:"allowProdWaivers,omitempty"`
	// Environment labels the stack ("dev", "test", "prod"). It selects no
	// design and guards nothing: it only tags resources (the waiver guard
	// keys on Protect).
	Environment string `json:"environment"`
	// AcknowledgeReplacement lists cluster fields (e.g.
	// "spokes.blue.cluster.network.podCidr") whose change replaces the
	// cluster; a protected stack refuses such changes otherwise.
	AcknowledgeReplacement []string `json:"acknowledgeReplacement,omitempty"`

	// Secrets holds the values of secret keys (set by the loader, never by
	// JSON): Flux Git credentials.
	Secrets Secrets `json:"-"`

	// placeholdersAllowed is set by Load from Raw.AllowPlaceholders: a
	// sample stack planned with its placeholder Entra IDs.
	placeholdersAllowed bool
}

// Secrets are the secret config values, kept apart so that nothing prints them.
type Secrets struct {
	// FluxSSHPrivateKey is privateaks:fluxSshPrivateKey (must be secure:).
	FluxSSHPrivateKey *SecretValue
	// FluxSSHKnownHosts is privateaks:fluxSshKnownHosts (plain is fine, but
	// read alongside the key).
	FluxSSHKnownHosts string
	// FluxHTTPSUsername and FluxHTTPSToken are privateaks:fluxHttpsUsername
	// and privateaks:fluxHttpsToken (the token must be secure:).
	FluxHTTPSUsername string
	FluxHTTPSToken    *SecretValue
}

// SecretValue is a config value with whether the stack marked it secret.
type SecretValue struct {
	Value  string
	Secret bool
}

// Hub is the hub VNet with the firewall, Bastion and management subnet.
type Hub struct {
	ResourceGroupName string `json:"resourceGroupName,omitempty"`
	// Network is the hub VNet's name and subnets, the component's spec
	// (hubspec.Network; its keys sit at this level). AddressSpace is at
	// least a /24 (default 10.200.0.0/24); the subnets' defaults are carved
	// from it: firewall .0/26, bastion .64/26, management .128/27, private
	// endpoints .192/27 (the Azure Monitor Private Link Scope's endpoint,
	// which every spoke reaches over its peering), gateway .224/27 (created
	// only when EnableGateway is true).
	hubspec.Network
	EnableGateway bool     `json:"enableGateway,omitempty"`
	Firewall      Firewall `json:"firewall"`
	Bastion       Bastion  `json:"bastion"`
	// Logs are the hub workspace and the VNet flow logs (hardening.go).
	Logs HubLogs `json:"logs"`
	// DDoS is the opt-in DDoS Network Protection (hardening.go).
	DDoS DDoS `json:"ddos"`
	// ExternalSpokeAddressSpaces are spokes that other stacks or programs
	// peer to this hub (examples/spoke-into-existing-hub): their ranges are
	// checked for overlap.
	ExternalSpokeAddressSpaces []string `json:"externalSpokeAddressSpaces,omitempty"`
	// ExternalNodeSubnets are the node subnets of those spokes' clusters, each
	// inside one of ExternalSpokeAddressSpaces: the sources their cluster
	// egress is allowed from (never the whole spoke, whose ingress and
	// private-endpoint subnets need no internet egress).
	ExternalNodeSubnets []string `json:"externalNodeSubnets,omitempty"`
	// Runners are the jump boxes and CI runners in the management subnet.
	Runners Runners `json:"runners"`
	// DNSResolver is hybrid DNS: a DNS Private Resolver in the hub.
	DNSResolver DNSResolver `json:"dnsResolver"`
}

// Firewall is the hub's Azure Firewall and its policy: the component's
// spec (components/hubnetwork/hubspec; its keys sit at this level) and the
// stack's extra egress.
type Firewall struct {
	hubspec.Firewall
	// ExtraFqdns are further egress FQDNs allowed on TCP 443 (keep short).
	ExtraFqdns []string `json:"extraFqdns,omitempty"`
}

// Bastion is the hub's Azure Bastion host (hubspec).
type Bastion = hubspec.Bastion

// DNS chooses how privatelink zones are linked.
type DNS struct {
	// Mode is "hubAndSpokes" (default: zones linked to the hub and every
	// spoke) or "hubOnly" (zones linked to the hub; spokes resolve through
	// the firewall's DNS proxy, set as their DNS server).
	Mode string `json:"mode,omitempty"`
	// ExtraZones are further privatelink zones to create and link.
	ExtraZones []string `json:"extraZones,omitempty"`
	// ResourceGroupName holds the zones (default the hub's group).
	ResourceGroupName string `json:"resourceGroupName,omitempty"`
}

// Spoke is one cluster's VNet and the cluster in it.
type Spoke struct {
	ResourceGroupName string `json:"resourceGroupName,omitempty"`
	// Network is the spoke VNet's name, address space and its private
	// endpoint and ingress subnets (both required, /28 or larger), the
	// component's spec (spokespec.Network; its keys sit at this level).
	spokespec.Network
	Cluster Cluster `json:"cluster"`
	// AppGateway is the spoke's optional Application Gateway WAF_v2.
	AppGateway AppGateway `json:"appGateway"`
}

// Cluster is the AKS cluster of a spoke with its registry, vault and logs.
type Cluster struct {
	// Settings are the tier, Kubernetes version, admin surface, upgrade
	// channels and policy effect, the component's spec
	// (clusterspec.Settings; their keys sit at this level).
	clusterspec.Settings
	// Names are the cluster's name, DNS prefix and node resource group, the
	// component's spec (clusterspec.Names; keys name, dnsPrefix and
	// nodeResourceGroup at this level).
	clusterspec.Names
	// PrivateDNSZone is the API server zone choice (clusterspec): "byo"
	// (default: our zone from PrivateDNS) or "system".
	PrivateDNSZone string      `json:"privateDnsZone,omitempty"`
	Network        Network     `json:"network"`
	Maintenance    Maintenance `json:"maintenance"`
	SystemPool     NodePool    `json:"systemPool"`
	// UserPools are keyed by the AKS pool name (lowercase, <= 12 chars).
	UserPools    map[string]NodePool `json:"userPools,omitempty"`
	Registry     Registry            `json:"registry"`
	KeyVault     KeyVault            `json:"keyVault"`
	LogAnalytics LogAnalytics        `json:"logAnalytics"`
	// KMS is etcd encryption with a Key Vault key (encryption.go; off by
	// default).
	KMS KMS `json:"kms"`
	// DiskEncryption is customer-managed keys for node disks through a disk
	// encryption set (encryption.go; off by default; replaces the cluster
	// when changed).
	DiskEncryption DiskEncryption `json:"diskEncryption"`
	// WorkloadIdentities map an identity key to the service accounts
	// ("namespace/name") federated to it.
	WorkloadIdentities map[string]WorkloadIdentity `json:"workloadIdentities,omitempty"`
	// NamespaceAccess grants Entra ID groups Azure RBAC Reader/Writer on a
	// namespace.
	NamespaceAccess map[string]NamespaceAccess `json:"namespaceAccess,omitempty"`
}

// Network is the cluster's network profile (components/privateaks/
// clusterspec: its fields, defaults and validation are the component's).
// Every field replaces the cluster when changed.
type Network = clusterspec.Network

// Maintenance is the weekly window for auto-upgrades (UTC; clusterspec).
type Maintenance = clusterspec.Maintenance

// NodePool is the system pool or a user pool: what the component takes
// (clusterspec.NodePool, whose keys sit at this level in the stack file)
// and the pool's own node subnet.
type NodePool struct {
	clusterspec.NodePool
	// SubnetPrefix is this pool's own node subnet (required).
	SubnetPrefix string `json:"subnetPrefix"`
}

// Registry is the cluster's Azure Container Registry (clusterspec).
type Registry = clusterspec.Registry

// KeyVault is the cluster's Key Vault (RBAC, purge protection, private):
// the component's spec (clusterspec.KeyVault; purgeProtection false only
// with protect: false, docs/config.md "Re-creating a torn-down stack") and
// the vault's writers.
type KeyVault struct {
	clusterspec.KeyVault
	// SecretsOfficerGroups are Entra ID groups (object IDs) granted Key
	// Vault Secrets Officer on the vault: the operators who write the
	// secrets workloads read. Optional.
	SecretsOfficerGroups []string `json:"secretsOfficerGroups,omitempty"`
}

// LogAnalytics is the cluster's workspace (clusterspec).
type LogAnalytics = clusterspec.LogAnalytics

// WorkloadIdentity is a user-assigned identity federated to service
// accounts (identityspec).
type WorkloadIdentity = identityspec.WorkloadIdentity

// Workload identity vault roles (workloadIdentities.<id>.keyVaultRole).
const (
	// KeyVaultRoleSecretsUser grants Key Vault Secrets User on the vault.
	KeyVaultRoleSecretsUser = identityspec.KeyVaultSecretsUser
	// KeyVaultRoleNone grants no vault role (an identity that reads no
	// secrets).
	KeyVaultRoleNone = identityspec.KeyVaultNone
)

// NamespaceAccess lists Entra ID group object IDs per namespace role
// (identityspec).
type NamespaceAccess = identityspec.NamespaceAccess

// Flux is GitOps for every cluster of the stack: the component's spec
// (components/fluxbootstrap/fluxspec, whose keys sit at this level) and
// the stack's switch. Kustomizations default to one "cluster" at path
// "clusters/<environment>".
type Flux struct {
	// Enabled (default true): the baseline's "GitOps configured" control.
	Enabled *bool `json:"enabled,omitempty"`
	fluxspec.Spec
}

// FluxExtension pins the microsoft.flux cluster extension (fluxspec).
type FluxExtension = fluxspec.Extension

// Kustomization is one Flux Kustomization (fluxspec).
type Kustomization = fluxspec.Kustomization

// FluxManifests is the in-cluster install for mode "manifests" (fluxspec).
type FluxManifests = fluxspec.Manifests

// Waiver exempts a stack from one baseline control.
type Waiver struct {
	Control string `json:"control"`
	Reason  string `json:"reason"`
}

// NetworkSpec is the hub's network as the component takes it: the gateway
// subnet only when enableGateway is set (its default is carved either
// way).
func (h Hub) NetworkSpec() hubspec.Network {
	n := h.Network
	if !h.EnableGateway {
		n.GatewaySubnet = ""
	}
	return n
}
