// Package testkit runs Pulumi programs that use the privateaks components
// offline, under the Go SDK's mock engine, and records everything they
// register. Its monitor answers like Azure would: ARM resource IDs built from
// subscription, resource group, type and name; deterministic GUIDs for
// principal, client and tenant IDs; the firewall's private IP taken from its
// subnet; a private FQDN and OIDC issuer for clusters; and the invokes the
// components use (client config, cluster user credentials).
//
// Users can test their own programs with it:
//
//	m, err := testkit.Run("myproject", "dev", myProgram, testkit.WithConfig(values, nil))
//	fw := m.Find("azure-native:network/v20240501:AzureFirewall", "hub-fw")
//
// With testkit.Preview() (or Mocks.Preview, or WithDryRun(true)) it answers
// as the first `pulumi preview` of an empty stack instead: IDs and every
// output Azure computes are unknown, and the recorded inputs show which
// values the preview could not know (Resource.IsUnknown, UnknownPaths).
//
// The engine itself lives in internal/mockengine, which the offline plan
// (cmd/plan) runs on without depending on this package; testkit is its
// public facade, and the types below are the engine's own.
package testkit

import (
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/internal/mockengine"
)

// Mocks is a pulumi.MockResourceMonitor that records every registration and
// answers like Azure (see internal/mockengine).
type Mocks = mockengine.Mocks

// Resource is one registered resource as the engine received it.
type Resource = mockengine.Resource

// Invoke is one recorded function call.
type Invoke = mockengine.Invoke

// DefaultSubscriptionID and DefaultTenantID are the mocked Azure's.
const (
	DefaultSubscriptionID = mockengine.DefaultSubscriptionID
	DefaultTenantID       = mockengine.DefaultTenantID
)

// UnknownID is the engine's sentinel for an ID not known during a preview
// (it is what a provider created in a preview is given).
const UnknownID = mockengine.UnknownID

// New returns an empty monitor for a project and stack.
func New(project, stack string) *Mocks { return mockengine.New(project, stack) }

// Run runs fn under a fresh recording monitor and returns it with every
// registration, whatever fn returned.
func Run(project, stack string, fn pulumi.RunFunc, opts ...pulumi.RunOption) (*Mocks, error) {
	return mockengine.Run(project, stack, fn, opts...)
}

// WithConfig hands a program config the way the engine does: full keys
// ("privateaks:hub") to strings (structured values as JSON) and the keys
// whose values are secrets.
func WithConfig(values map[string]string, secretKeys []string) pulumi.RunOption {
	return mockengine.WithConfig(values, secretKeys)
}

// WithDryRun runs the program as a preview (true) or an update (false, the
// default). Under Mocks.Run a dry run also switches on preview mode (see
// Mocks.Preview).
func WithDryRun(dryRun bool) pulumi.RunOption { return mockengine.WithDryRun(dryRun) }

// Preview returns a run option that runs the program as a preview (dry run)
// in preview mode. Mocks.Run and Run detect it; passed straight to
// pulumi.RunErr with pulumi.WithMocks it only sets the dry run, so set
// Mocks.Preview there as well.
func Preview() pulumi.RunOption { return WithDryRun(true) }

// Unsecret unwraps a secret value.
func Unsecret(v resource.PropertyValue) resource.PropertyValue { return mockengine.Unsecret(v) }

// Lookup walks a dotted path with [i] indexes through a property value.
func Lookup(v resource.PropertyValue, path string) resource.PropertyValue {
	return mockengine.Lookup(v, path)
}

// LookupKnown is Lookup that also says whether the value is known: it stops
// at the first computed value or not-yet-known output on the path, so a
// caller can tell "not set" (a known null) from "not known before
// deployment".
func LookupKnown(v resource.PropertyValue, path string) (resource.PropertyValue, bool) {
	return mockengine.LookupKnown(v, path)
}

// ServiceKey splits a resource type token into its package and the key the
// Azure model uses: "azure-native:network/v20240501:Subnet" gives
// ("azure-native", "network:Subnet").
func ServiceKey(token string) (pkg, key string) { return mockengine.ServiceKey(token) }

// ARMIDInputs lists the inputs whose values make up the ARM ID of a resource
// type in the model (scope, resource group, each name segment). ok is false
// for types the model has no ARM ID for.
func ARMIDInputs(token string) (inputs []string, ok bool) { return mockengine.ARMIDInputs(token) }
