package plan

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/privateaks/privateaks/components/identities"
	"github.com/privateaks/privateaks/internal/mockengine"
)

// Sources of the customer-managed-key controls.
const (
	srcEncKMS = "MicrosoftDocs/azure-aks-docs articles/aks/use-kms-etcd-encryption.md (Limitations: deleting the key or vault " +
		"is not supported, a firewall-restricted vault is not; RBAC vault with Key Vault Crypto User for the cluster identity; " +
		"'Rotate existing keys'); MicrosoftDocs/azure-docs articles/key-vault/keys/how-to-configure-key-rotation.md (rotation policy)"
	srcEncDES = "MicrosoftDocs/azure-aks-docs articles/aks/azure-disk-customer-managed-keys.md (soft delete and purge protection on " +
		"the vault; the set's identity wraps and unwraps with the key; the cluster identity reads the set); compute 2024-03-02 " +
		"diskEncryptionSet (EncryptionSetIdentity, activeKey)"
)

// keyURI is https://<vault>.vault.azure.net/keys/<name>/<version>.
var keyURI = regexp.MustCompile(`^https://([a-zA-Z0-9-]+)\.vault\.azure\.net/keys/([a-zA-Z0-9-]+)/([a-zA-Z0-9]+)$`)

// keyOf finds the planned vault and key a versioned key URI names.
func (v *View) keyOf(uri string) (vault, key *mockengine.Resource, err string) {
	m := keyURI.FindStringSubmatch(uri)
	if m == nil {
		return nil, nil, fmt.Sprintf("key %q is not a versioned key URI", uri)
	}
	for _, kv := range v.of("Vault") {
		if strings.EqualFold(kv.String("vaultName"), m[1]) {
			vault = kv
		}
	}
	if vault == nil {
		return nil, nil, fmt.Sprintf("the vault %s of key %q is not planned", m[1], uri)
	}
	for _, k := range v.of("Key") {
		if strings.EqualFold(k.String("vaultName"), m[1]) && k.String("keyName") == m[2] {
			key = k
		}
	}
	if key == nil {
		return vault, nil, fmt.Sprintf("the key %s is not planned in vault %s", m[2], m[1])
	}
	return vault, key, ""
}

// dedicatedKeyVault: RBAC, soft delete with purge protection, no secrets
// planned in it, not the vault of any other key use.
func (v *View) dedicatedKeyVault(kv *mockengine.Resource, purpose string) []string {
	name := kv.String("vaultName")
	var f []string
	f = append(f, want(kv.Bool("properties.enableRbacAuthorization"), "%s vault %s: enableRbacAuthorization is not true", purpose, name)...)
	f = append(f, want(kv.Bool("properties.enableSoftDelete") && kv.Bool("properties.enablePurgeProtection"), "%s vault %s: soft delete and purge protection are not both on", purpose, name)...)
	for _, s := range v.of("Secret") {
		if strings.EqualFold(s.String("vaultName"), name) {
			f = append(f, fmt.Sprintf("%s vault %s holds secret %s; it is to hold the key only", purpose, name, s.String("secretName")))
		}
	}
	n := 0
	for _, k := range v.of("Key") {
		if strings.EqualFold(k.String("vaultName"), name) {
			n++
		}
	}
	return append(f, want(n == 1, "%s vault %s holds %d keys; want its one key", purpose, name, n)...)
}

// granted reports whether role is assigned on scope to principalID (any
// principal when principalID is "").
func (v *View) granted(scope, role, principalID string) bool {
	for _, ra := range v.of("RoleAssignment") {
		if strings.EqualFold(ra.String("scope"), scope) && strings.HasSuffix(strings.ToLower(ra.String("roleDefinitionId")), "/roledefinitions/"+role) &&
			(principalID == "" || strings.EqualFold(ra.String("principalId"), principalID)) {
			return true
		}
	}
	return false
}

// controlPlanePrincipal is the principal ID of the cluster's user-assigned
// identity ("" if it is not planned).
func (v *View) controlPlanePrincipal(c *mockengine.Resource) string {
	// The input is the list of identity IDs (the SDK's StringArray); the
	// API's map form is read too.
	ids := strsAt(c, "identity.userAssignedIdentities")
	if m := mockengine.Unsecret(c.Get("identity.userAssignedIdentities")); m.IsObject() {
		for k := range m.ObjectValue() {
			ids = append(ids, string(k))
		}
	}
	for _, u := range v.of("UserAssignedIdentity") {
		named := false
		for _, id := range ids {
			named = named || strings.EqualFold(id, u.ID)
		}
		if !named {
			continue
		}
		if p := mockengine.Unsecret(u.Outputs["principalId"]); p.IsString() {
			return p.StringValue()
		}
	}
	return ""
}

// checkKMS (PAKS-ENC-01): etcd KMS, when enabled, uses a versioned key in a
// dedicated key-only vault (RBAC, purge protection) with a rotation policy,
// and the cluster identity holds Key Vault Crypto User on that vault. Off
// passes: the choice is listed in the report.
func checkKMS(v *View) []string {
	return each(v, func(c *mockengine.Resource) []string {
		const kp = "securityProfile.azureKeyVaultKms."
		if !c.Bool(kp + "enabled") {
			return nil
		}
		vault, key, e := v.keyOf(c.String(kp + "keyId"))
		if e != "" {
			return []string{"KMS: " + e}
		}
		f := v.dedicatedKeyVault(vault, "KMS")
		if ws := c.String("addonProfiles.azureKeyvaultSecretsProvider.config.keyVaultId"); strings.EqualFold(ws, vault.ID) {
			f = append(f, "KMS vault "+vault.String("vaultName")+" is also a workload vault")
		}
		rotates := false
		for i := 0; i < key.Len("properties.rotationPolicy.lifetimeActions"); i++ {
			at := fmt.Sprintf("properties.rotationPolicy.lifetimeActions[%d].", i)
			if strings.EqualFold(key.String(at+"action.type"), "rotate") && (key.String(at+"trigger.timeAfterCreate") != "" || key.String(at+"trigger.timeBeforeExpiry") != "") {
				rotates = true
			}
		}
		f = append(f, want(rotates, "KMS key %s has no rotation policy with a Rotate action", key.String("keyName"))...)
		cp := v.controlPlanePrincipal(c)
		f = append(f, want(cp != "" && v.granted(vault.ID, identities.RoleKeyVaultCryptoUser, cp), "the cluster identity has no Key Vault Crypto User on KMS vault %s", vault.String("vaultName"))...)
		return f
	})
}

// checkDiskEncryptionSet (PAKS-ENC-02): a disk encryption set, when used,
// encrypts with a customer key (a versioned RSA key of at least 2048 bits
// with wrapKey and unwrapKey, in a dedicated RBAC vault with purge
// protection), the set's own identity holds Key Vault Crypto Service
// Encryption User on that vault, and the cluster identity reads the set.
func checkDiskEncryptionSet(v *View) []string {
	return each(v, func(c *mockengine.Resource) []string {
		id := c.String("diskEncryptionSetID")
		if id == "" {
			return nil
		}
		des := v.byID(id)
		if des == nil {
			return []string{"disk encryption set " + id + " is not planned"}
		}
		name := des.String("diskEncryptionSetName")
		var f []string
		f = append(f, want(des.String("encryptionType") == "EncryptionAtRestWithCustomerKey", "set %s: encryptionType %q, want EncryptionAtRestWithCustomerKey", name, des.String("encryptionType"))...)
		f = append(f, want(des.String("identity.type") == "SystemAssigned", "set %s: identity type %q, want SystemAssigned", name, des.String("identity.type"))...)
		vault, key, e := v.keyOf(des.String("activeKey.keyUrl"))
		if e != "" {
			return append(f, "set "+name+": "+e)
		}
		f = append(f, want(strings.EqualFold(des.String("activeKey.sourceVault.id"), vault.ID), "set %s: sourceVault is not the key's vault %s", name, vault.String("vaultName"))...)
		f = append(f, v.dedicatedKeyVault(vault, "disk encryption")...)
		f = append(f, want(key.String("properties.kty") == "RSA" && key.Number("properties.keySize") >= 2048, "disk key %s: kty %q size %v, want RSA of 2048 bits or more", key.String("keyName"), key.String("properties.kty"), key.Number("properties.keySize"))...)
		ops := strsAt(key, "properties.keyOps")
		f = append(f, want(has(ops, "wrapKey") && has(ops, "unwrapKey"), "disk key %s: keyOps %v lack wrapKey and unwrapKey", key.String("keyName"), ops)...)
		desPrincipal := ""
		if p := mockengine.Unsecret(mockengine.Lookup(resource.NewProperty(des.Outputs), "identity.principalId")); p.IsString() {
			desPrincipal = p.StringValue()
		}
		f = append(f, want(desPrincipal != "" && v.granted(vault.ID, identities.RoleKeyVaultCryptoServiceEncryptionUser, desPrincipal), "set %s's identity has no Key Vault Crypto Service Encryption User on vault %s", name, vault.String("vaultName"))...)
		cp := v.controlPlanePrincipal(c)
		f = append(f, want(cp != "" && v.granted(des.ID, identities.RoleReader, cp), "the cluster identity cannot read set %s (no Reader)", name)...)
		return f
	})
}
