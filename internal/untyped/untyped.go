// Package untyped registers azure-native resources by type token with their
// inputs as a pulumi.Map, for the few resources whose typed SDK arguments
// would make a package slow to compile.
//
// Why: an SDK type with an untyped (interface{}) property — policy
// assignment parameter values, a data collection rule's extension settings —
// exposes pulumi.AnyOutput in its method set, and any package that mentions
// such a type makes the Go compiler instantiate the SDK's generic output
// type for every built-in Pulumi type (about 7,800 functions). That cost
// components/privateaks 6.3 s of its 7 s compile, on every cold build and
// every rebuild after an edit to it (README "Performance"). Registering the
// same token with the same property names sends the engine exactly what the
// typed constructor sends (the tests compare the planned inputs), with the
// same provider version.
//
// Use it only for such resources; everything else stays typed.
package untyped

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// AzureNativeVersion is the azure-native provider version the typed SDK
// constructors request (the SDK's PkgResourceDefaultOpts); a test keeps it
// equal to github.com/pulumi/pulumi-azure-native-sdk/v2 in go.mod.
const AzureNativeVersion = "2.90.0"

// Resource is the state of a resource registered by token: its URN and ID.
type Resource struct {
	pulumi.CustomResourceState
}

// Register registers the azure-native resource token (for example
// "azure-native:authorization:PolicyAssignment") named name with inputs
// props, whose keys are the provider's property names. required lists the
// properties the typed constructor would refuse to go without.
func Register(ctx *pulumi.Context, token, name string, props pulumi.Map, required []string, opts ...pulumi.ResourceOption) (*Resource, error) {
	for _, k := range required {
		if props[k] == nil {
			return nil, &MissingError{Token: token, Name: name, Property: k}
		}
	}
	var r Resource
	// The version first, as the SDK does, so that callers' options win.
	opts = append([]pulumi.ResourceOption{pulumi.Version(AzureNativeVersion)}, opts...)
	if err := ctx.RegisterResource(token, name, props, &r, opts...); err != nil {
		return nil, err
	}
	return &r, nil
}

// MissingError reports a required property left out.
type MissingError struct {
	Token, Name, Property string
}

func (e *MissingError) Error() string {
	return "untyped: " + e.Token + " " + e.Name + ": missing required property " + e.Property
}
