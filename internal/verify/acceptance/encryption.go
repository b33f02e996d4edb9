package acceptance

import (
	"regexp"
	"strings"
)

// Sources of the customer-managed-key rules.
const (
	srcKMSDef = "azure-rest-api-specs specification/containerservice/resource-manager/Microsoft.ContainerService/aks/stable/2024-09-01/managedClusters.json#/definitions/AzureKeyVaultKms"
	// docKMSKeyID: the versioned key ID the KMS doc passes (az keyvault key
	// show --query key.kid; rotation is "changing either the key name or the
	// key version") and shows in securityProfile.azureKeyVaultKms.keyId
	// ("https://<key-vault-name>.vault.azure.net/keys/<key-name>/<key-id>").
	docKMSKeyID = "MicrosoftDocs/azure-aks-docs articles/aks/use-kms-etcd-encryption.md (KEY_ID from key.kid; 'Rotate existing keys'), articles/aks/kms-observability.md ('Check the KMS config')"
	srcDESID    = specAKS + "#/definitions/ManagedClusterProperties.diskEncryptionSetID ('This is of the form: /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/diskEncryptionSets/{encryptionSetName}')"
)

var (
	// versionedKeyID is https://<vault>.vault.azure.net/keys/<name>/<version>.
	versionedKeyID = regexp.MustCompile(`^https://[a-zA-Z0-9-]{3,24}\.vault\.azure\.net/keys/[a-zA-Z0-9-]+/[a-zA-Z0-9]+$`)
	// vaultARMID is an ARM ID of Microsoft.KeyVault/vaults (the spec's
	// keyVaultResourceId: format arm-id, allowedResources
	// Microsoft.KeyVault/vaults).
	vaultARMID = regexp.MustCompile(`(?i)^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.KeyVault/vaults/[^/]+$`)
	desARMID   = regexp.MustCompile(`(?i)^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Compute/diskEncryptionSets/[^/]+$`)
)

func init() {
	register(Rule{ID: "AZ-AKS-KMS", Title: "KMS: a versioned key ID when enabled, none when disabled; keyVaultResourceId exactly when the vault is Private", Source: srcKMSDef + "; " + docKMSKeyID, check: func(rn *run) {
		const kp = "securityProfile.azureKeyVaultKms."
		for _, c := range rn.clusters() {
			if !present(c, "securityProfile.azureKeyVaultKms") {
				continue
			}
			enabled, ok := boolean(c, kp+"enabled")
			if !ok {
				if _, st := lookup(c, kp+"enabled"); st == unknown {
					continue
				}
				enabled = false // the spec's default
			}
			// keyId: "When Azure Key Vault key management service is
			// enabled, this field is required and must be a valid key
			// identifier. When ... disabled, leave the field empty."
			if _, st := lookup(c, kp+"keyId"); st != unknown {
				rn.checked++
				id, _ := str(c, kp+"keyId")
				switch {
				case enabled && id == "":
					rn.flag(c, kp+"keyId", srcKMSDef+".keyId", "KMS is enabled but keyId is empty; it is required")
				case enabled && !versionedKeyID.MatchString(id):
					rn.flag(c, kp+"keyId", docKMSKeyID, "keyId %q is not a versioned key URI https://<vault>.vault.azure.net/keys/<name>/<version>", id)
				case !enabled && id != "":
					rn.flag(c, kp+"keyId", srcKMSDef+".keyId", "KMS is disabled but keyId is %q; leave it empty", id)
				}
			}
			access := "Public" // the spec's default
			if v, st := lookup(c, kp+"keyVaultNetworkAccess"); st == unknown {
				continue
			} else if st == known && v.IsString() {
				access = v.StringValue()
			}
			// keyVaultResourceId: "When keyVaultNetworkAccess is `Private`,
			// this field is required and must be a valid resource ID. When
			// keyVaultNetworkAccess is `Public`, leave the field empty."
			if _, st := lookup(c, kp+"keyVaultResourceId"); st == unknown {
				continue
			}
			rid, _ := str(c, kp+"keyVaultResourceId")
			src := srcKMSDef + ".keyVaultResourceId"
			switch access {
			case "Private":
				rn.checked++
				if rid == "" {
					rn.flag(c, kp+"keyVaultResourceId", src, "keyVaultNetworkAccess is Private: keyVaultResourceId is required")
				} else if !vaultARMID.MatchString(rid) {
					rn.flag(c, kp+"keyVaultResourceId", src, "%q is not a resource ID of Microsoft.KeyVault/vaults", rid)
				}
			case "Public":
				rn.checked++
				if rid != "" {
					rn.flag(c, kp+"keyVaultResourceId", src, "keyVaultNetworkAccess is Public: leave keyVaultResourceId empty (have %q)", rid)
				}
			}
			// Other values are AZ-SPEC-ENUM's.
		}
	}})
	register(Rule{ID: "AZ-AKS-DES", Title: "diskEncryptionSetID is the resource ID of a Microsoft.Compute/diskEncryptionSets", Source: srcDESID, check: func(rn *run) {
		for _, c := range rn.clusters() {
			id, ok := str(c, "diskEncryptionSetID")
			if !ok || id == "" {
				continue
			}
			rn.checked++
			if !desARMID.MatchString(id) {
				kind := "not an ARM resource ID"
				if strings.HasPrefix(id, "/subscriptions/") {
					kind = "not a Microsoft.Compute/diskEncryptionSets ID"
				}
				rn.flag(c, "diskEncryptionSetID", "", "%q is %s; want /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Compute/diskEncryptionSets/{name}", id, kind)
			}
		}
	}})
}
