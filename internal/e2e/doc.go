// Package e2e runs the privateaks program under the real Pulumi engine: the
// Pulumi CLI (built from source by scripts/pulumi-cli.sh), a local file
// backend, the real Pulumi.yaml and stack files, and a test provider
// (internal/e2e/provider) standing in for the azure-native, azure and
// kubernetes plugins. The test is behind the e2e build tag:
//
//	go test -tags e2e -v -run TestEngine ./internal/e2e/
//
// PRIVATEAKS_PULUMI names a CLI binary to use instead of building one.
package e2e
