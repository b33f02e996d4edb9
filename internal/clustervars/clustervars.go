// Package clustervars is the contract between a stack and the manifests Flux
// syncs from cluster-manifests/: the names of the ${VARIABLES} the manifests
// use and, for each cluster of a stack, the values that come from its
// config. The stack passes them (plus the identities' client IDs and the
// tenant ID, which only Azure knows) as the postBuild substitutions of every
// Flux Kustomization; the offline manifest tests substitute the same names,
// so a variable the manifests use and the stack does not set fails a test.
//
// Pure Go over stackconfig: no Pulumi or Azure SDK, so the manifest tests
// stay out of the Azure test binary.
package clustervars

import (
	"sort"
	"strings"

	"github.com/privateaks/privateaks/stacks/stackconfig"
)

// Variable names (Flux postBuild substitution: ${NAME}).
const (
	// Registry is the spoke registry's login server (<name>.azurecr.io).
	Registry = "REGISTRY"
	// KeyVaultName is the spoke vault the ingress certificate is read from.
	KeyVaultName = "KEY_VAULT_NAME"
	// TenantID is the Entra ID tenant of the identities.
	TenantID = "TENANT_ID"
	// IngressClientID is the ingress workload identity's client ID.
	IngressClientID = "INGRESS_CLIENT_ID"
	// IngressSubnet names the spoke subnet of the internal load balancer.
	IngressSubnet = "INGRESS_SUBNET"
	// APIServerCIDR is where pods reach the private API server's endpoint:
	// the system pool's node subnet.
	APIServerCIDR = "APISERVER_CIDR"
	// ClusterName labels the cluster's Prometheus series.
	ClusterName = "CLUSTER_NAME"
)

// IngressSubnetName is the spoke's ingress subnet (spokenetwork's
// "snet-ingress"; tests/ holds the two equal).
const IngressSubnetName = "snet-ingress"

// IngressNamespace and IngressServiceAccount are the ingress controller's;
// the stack federates the ingress identity with exactly this subject.
const (
	IngressNamespace      = "ingress"
	IngressServiceAccount = "traefik"
)

// IngressCertificateName is the Key Vault certificate the ingress serves.
const IngressCertificateName = "ingress-tls"

// ClientIDVar is the variable carrying the client ID of the workload
// identity that service account "namespace/name" is federated with:
// WI_CLIENT_ID_<NAMESPACE>_<NAME>, '-' and '.' as '_'.
func ClientIDVar(serviceAccount string) string {
	r := strings.NewReplacer("/", "_", "-", "_", ".", "_")
	return "WI_CLIENT_ID_" + strings.ToUpper(r.Replace(serviceAccount))
}

// ServiceAccounts are the workload-identity service accounts of every
// cluster of the stack ("namespace/name"), sorted, each once.
func ServiceAccounts(c stackconfig.Config) []string {
	seen := map[string]bool{}
	for _, s := range c.Spokes {
		for _, wi := range s.Cluster.WorkloadIdentities {
			for _, sa := range wi.ServiceAccounts {
				seen[sa] = true
			}
		}
	}
	return sortedSet(seen)
}

// TenantNamespaces are the namespaces the stack config gives a team: the
// namespaceAccess keys and the namespaces of workload-identity service
// accounts, over every cluster of the stack (the manifests are per stack).
// flux-system is Flux's own, never a tenant.
func TenantNamespaces(c stackconfig.Config) []string {
	seen := map[string]bool{}
	for _, s := range c.Spokes {
		for ns := range s.Cluster.NamespaceAccess {
			seen[ns] = true
		}
	}
	for _, sa := range ServiceAccounts(c) {
		if ns, _, ok := strings.Cut(sa, "/"); ok && ns != "flux-system" {
			seen[ns] = true
		}
	}
	return sortedSet(seen)
}

// Plain are the values of one cluster (spoke key) known from config alone.
// The stack adds Registry from the registry's output (the same value),
// TenantID, IngressClientID and one ClientIDVar per ServiceAccounts entry
// (empty where this cluster has no identity for that service account).
func Plain(c stackconfig.Config, spoke string) map[string]string {
	cl := c.Spokes[spoke].Cluster
	return map[string]string{
		Registry:      strings.ToLower(cl.Registry.Name) + ".azurecr.io",
		KeyVaultName:  cl.KeyVault.Name,
		IngressSubnet: IngressSubnetName,
		APIServerCIDR: cl.SystemPool.SubnetPrefix,
		ClusterName:   cl.ClusterName,
	}
}

// ClientIDOwners maps each ClientIDVar of the stack to the workload identity
// (key of workloadIdentities) of this cluster that holds the service
// account, or "" when this cluster has none.
func ClientIDOwners(c stackconfig.Config, spoke string) map[string]string {
	out := map[string]string{}
	for _, sa := range ServiceAccounts(c) {
		out[ClientIDVar(sa)] = ""
	}
	for name, wi := range c.Spokes[spoke].Cluster.WorkloadIdentities {
		for _, sa := range wi.ServiceAccounts {
			out[ClientIDVar(sa)] = name
		}
	}
	return out
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// CacheRule is an ACR cache rule (Microsoft.ContainerRegistry
// registries/cacheRules, 2023-07-01): pulls of Target from the spoke's
// registry are served from its cache, filled from Source upstream by the
// registry itself, so nodes only ever talk to the registry's private
// endpoint.
type CacheRule struct {
	// Name of the rule: letters, digits and '-'.
	Name string
	// Source is the upstream repository (registry host and path).
	Source string
	// Target is the repository in our registry the manifests name.
	Target string
}

// CacheRules are the upstream repositories the cluster manifests and Flux
// (mode "manifests", whose images manifests.imageRegistry rewrites from
// ghcr.io/fluxcd/<name> to <registry>/fluxcd/<name>) pull from. The
// manifest tests fail when an image has no rule here.
var CacheRules = []CacheRule{
	{Name: "traefik", Source: "docker.io/library/traefik", Target: "library/traefik"},
	{Name: "flux-source-controller", Source: "ghcr.io/fluxcd/source-controller", Target: "fluxcd/source-controller"},
	{Name: "flux-kustomize-controller", Source: "ghcr.io/fluxcd/kustomize-controller", Target: "fluxcd/kustomize-controller"},
	{Name: "flux-helm-controller", Source: "ghcr.io/fluxcd/helm-controller", Target: "fluxcd/helm-controller"},
	{Name: "flux-notification-controller", Source: "ghcr.io/fluxcd/notification-controller", Target: "fluxcd/notification-controller"},
}

// The constraints of the Azure Policy assignments privateaks makes on every
// cluster, as the manifest tests apply them: the resource-limits maxima and
// the namespaces every assignment excludes. tests/ holds them equal to
// privateaks' DefaultContainerCPULimit, DefaultContainerMemoryLimit and
// SystemNamespaces, so a change there fails until the manifests follow.
const (
	PolicyCPULimit    = "2000m"
	PolicyMemoryLimit = "4Gi"
)

// PolicyExcludedNamespaces are privateaks.SystemNamespaces.
var PolicyExcludedNamespaces = []string{"kube-system", "gatekeeper-system", "azure-arc", "azure-extensions-usage-system", "flux-system"}
