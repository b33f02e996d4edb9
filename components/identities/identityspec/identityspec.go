// Package identityspec is the spec of a cluster's workload identities and
// namespace access: the plain Go types a user configures, their defaults
// and their validation, written once. The stack config
// (spokes.<k>.cluster.workloadIdentities and .namespaceAccess) and the
// identities components (WorkloadIdentity, ClusterAccess) both hold them.
// It imports neither Pulumi nor the Azure SDK.
package identityspec

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/privateaks/privateaks/internal/fielderr"
)

// KeyVaultRole is the data-plane role a workload identity gets on its
// spoke's vault (an RBAC-mode vault: access policies play no part).
type KeyVaultRole string

const (
	// KeyVaultSecretsUser grants Key Vault Secrets User on the vault: the
	// identity reads secret contents (the default, also for "").
	KeyVaultSecretsUser KeyVaultRole = "secretsUser"
	// KeyVaultNone grants nothing on the vault, for identities that read no
	// secrets (e.g. Flux's source-controller reading Azure DevOps).
	KeyVaultNone KeyVaultRole = "none"
)

// KeyVaultRoles are the accepted KeyVaultRole values.
var KeyVaultRoles = []KeyVaultRole{KeyVaultSecretsUser, KeyVaultNone}

// Effective is the role r stands for: "" means KeyVaultSecretsUser.
func (r KeyVaultRole) Effective() KeyVaultRole {
	if r == "" {
		return KeyVaultSecretsUser
	}
	return r
}

// Valid reports whether r is "" or one of KeyVaultRoles.
func (r KeyVaultRole) Valid() bool {
	for _, k := range KeyVaultRoles {
		if r.Effective() == k {
			return true
		}
	}
	return false
}

// WorkloadIdentity is a user-assigned identity federated to Kubernetes
// service accounts.
type WorkloadIdentity struct {
	// ServiceAccounts federated to the identity, "namespace/name" (at
	// least one, each once).
	ServiceAccounts []string `json:"serviceAccounts"`
	// KeyVaultRole is the identity's role on its spoke's vault:
	// "secretsUser" (the default) or "none".
	KeyVaultRole KeyVaultRole `json:"keyVaultRole,omitempty"`
}

// WithDefaults names the default vault role; the service accounts are
// copied.
func (w WorkloadIdentity) WithDefaults() WorkloadIdentity {
	w.KeyVaultRole = w.KeyVaultRole.Effective()
	w.ServiceAccounts = append([]string(nil), w.ServiceAccounts...)
	return w
}

var k8sLabelRe = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$`)

// IsNamespace reports whether s is a Kubernetes namespace name (an RFC
// 1123 label).
func IsNamespace(s string) bool { return k8sLabelRe.MatchString(s) }

// Validate returns every problem, under path.
func (w WorkloadIdentity) Validate(path string) []error {
	at := func(k string) string { return fielderr.Join(path, k) }
	var errs []error
	if len(w.ServiceAccounts) == 0 {
		errs = append(errs, fielderr.New(at("serviceAccounts"), w.ServiceAccounts, "at least one \"namespace/name\" service account"))
	}
	if !w.KeyVaultRole.Valid() {
		errs = append(errs, fielderr.New(at("keyVaultRole"), string(w.KeyVaultRole), "%q (Key Vault Secrets User on the spoke's vault, the default) or %q (no vault role)", KeyVaultSecretsUser, KeyVaultNone))
	}
	seen := map[string]bool{}
	for i, sa := range w.ServiceAccounts {
		p := fmt.Sprintf("%s[%d]", at("serviceAccounts"), i)
		ns, name, ok := strings.Cut(sa, "/")
		if !ok || !IsNamespace(ns) || !IsNamespace(name) {
			errs = append(errs, fielderr.New(p, sa, "\"namespace/name\" with RFC 1123 labels, e.g. \"payments/api\""))
		}
		if seen[sa] {
			errs = append(errs, fielderr.New(p, sa, "a service account not already listed"))
		}
		seen[sa] = true
	}
	return errs
}

// NamespaceAccess lists the Entra ID groups (object IDs) with Azure RBAC
// Reader or Writer on one namespace. Their format is each layer's to check
// with the other Entra IDs.
type NamespaceAccess struct {
	Readers []string `json:"readers,omitempty"`
	Writers []string `json:"writers,omitempty"`
}

// ValidateNamespaceAccess returns every problem of one namespace's access,
// at path (the namespace's own key).
func ValidateNamespaceAccess(ns string, a NamespaceAccess, path string) []error {
	var errs []error
	if !IsNamespace(ns) {
		errs = append(errs, fielderr.New(path, ns, "a namespace name: lowercase letters, digits and '-' (RFC 1123 label)"))
	}
	if len(a.Readers)+len(a.Writers) == 0 {
		errs = append(errs, fielderr.New(path, ns, "at least one reader or writer group"))
	}
	return errs
}
