package identities

import (
	"strings"

	"github.com/privateaks/privateaks/components/identities/identityspec"
	"github.com/privateaks/privateaks/internal/ids"
)

// KeyVaultRole is the data-plane role a workload identity gets on its
// spoke's vault (identityspec owns it).
type KeyVaultRole = identityspec.KeyVaultRole

const (
	// KeyVaultSecretsUser grants Key Vault Secrets User on the vault (the
	// default, also for "").
	KeyVaultSecretsUser = identityspec.KeyVaultSecretsUser
	// KeyVaultNone grants nothing on the vault. The identity is tagged
	// KeyVaultAccessTag=none so that a reviewer (and the plan's access
	// model) sees the choice in the plan.
	KeyVaultNone = identityspec.KeyVaultNone
)

// KeyVaultRoles are the accepted KeyVaultRole values.
var KeyVaultRoles = identityspec.KeyVaultRoles

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
