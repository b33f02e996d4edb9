// Package fluxspec is the GitOps spec of a cluster: the plain Go types a
// user configures for Flux (mode, Git source, kustomizations, extension
// and install manifest), their defaults and their validation, written
// once.
//
// The stack config (stacks/stackconfig, key "flux") and the fluxbootstrap
// component both hold Spec and call the same WithDefaults and Validate; each
// adds only what is its own: the stack its on/off switch, its default
// kustomization and the secrets in stack config, the component the Pulumi
// inputs (cluster, credentials, kubeconfig). The package imports neither
// Pulumi nor the Azure SDK.
package fluxspec
