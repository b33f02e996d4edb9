package stackconfig

// Key Vault purge protection is the one vault setting that depends on the
// stack as a whole: Azure keeps a deleted vault's name reserved until its
// retention ends, and with purge protection on nothing can shorten that
// (MicrosoftDocs/azure-docs, articles/key-vault/general/soft-delete-overview.md,
// "Soft-delete behavior" and "Purge protection"). Turning it off is only for a
// stack that is meant to be torn down, so it is allowed only where
// stateful resources are not protected.

// validateKeyVaultPurge refuses keyVault.purgeProtection: false in a
// protected stack, naming each cluster's key.
func validateKeyVaultPurge(c Config) []error {
	if !c.IsProtected() {
		return nil
	}
	var errs []error
	for _, key := range c.SpokeKeys() {
		if !c.Spokes[key].Cluster.KeyVault.PurgeProtected() {
			errs = append(errs, fieldErr(join("spokes", key)+".cluster.keyVault.purgeProtection", false,
				"true (the default) in a protected stack; false is allowed only with protect: false, in a stack meant to be torn down"))
		}
	}
	return errs
}
