package identities

import (
	"strings"

	"github.com/privateaks/privateaks/internal/ids"
)

// KeyVaultRole is the data-plane role a workload identity gets on its
// spoke's vault (an RBAC-mode vault: access policies play no part).
type KeyVaultRole string

const (
	// KeyVaultSecretsUser grants Key Vault Secrets User on the vault: the
	// identity reads secret contents (the default, also for "").
	KeyVaultSecretsUser KeyVaultRole = "secretsUser"
	// KeyVaultNone grants nothing on the vault, for identities that read no
	// secrets (e.g. Flux's source-controller reading Azure DevOps). The
	// identity is tagged KeyVaultAccessTag=none so that a reviewer (and the
	// plan's access model) sees the choice in the plan.
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

// KeyVaultAccessTag is the tag a workload identity with KeyVaultNone
// carries, with the value "none".
const KeyVaultAccessTag = "privateaks-keyvault-access"

// ScopeKeyKeyVault is the scope key of grants on the cluster's vault.
const ScopeKeyKeyVault = "keyvault"

// workloadPrincipalKey names a workload identity stably in its assignment
// names: "wi-<identity name>" while that is a valid key, else a hash of it.
func workloadPrincipalKey(identityName string) string {
	k := "wi-" + strings.ToLower(identityName)
	if keyRe.MatchString(k) {
		return k
	}
	return "wi-" + ids.GUID("workload-identity", identityName)[:12]
}
