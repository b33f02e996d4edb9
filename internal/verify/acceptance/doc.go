// Package acceptance is the Azure-acceptance model: it reads every planned
// resource's inputs against what Azure will accept for the pinned API
// version — the enums, required properties, ranges and patterns of the REST
// specification (Azure/azure-rest-api-specs) — and against the service docs'
// rules across properties and resources: Premium firewall with a Premium
// policy, IDPS only with Premium, LTS only with tier Premium and its support
// plan, a Kubernetes version AKS creates on the given date, node OS images
// that still exist, zones only where the region has them, ephemeral OS disks
// that fit, overlay pod CIDR capacity, maintenance windows, AKS's reserved
// address ranges, known_hosts lines that parse and name the Git host,
// Windows pools' limits, and the customer-managed keys' inputs (a versioned
// KMS key ID, keyVaultResourceId only for a Private vault, a disk
// encryption set's resource ID).
//
// Every rule is written from the specification or document it names in its
// Source; none is derived from our components, and the package imports
// none of them. Dated facts (release calendar, regions, VM sizes) come from
// internal/azurefacts. Inputs still unknown at plan time ("[unknown]") are
// skipped, never flagged.
//
// Prerequisites lists what a subscription needs before the first deploy
// that Pulumi cannot do itself (features such as EncryptionAtHost) and the
// resource providers the planned types use, each with the az commands to
// check and to fix it.
package acceptance
