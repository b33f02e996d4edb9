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
// same token with the same property names, aliases and provider version
// sends the engine what the typed constructor sends; the tests compare each
// Kind with the SDK source it mirrors, and tests/untyped_keys_test.go holds
// every property key the planned stacks send, at every nesting level, to the
// struct tags of that SDK source (the compiler no longer can).
//
// Use it only for such resources; everything else stays typed.
package untyped

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// AzureNativeVersion is the azure-native provider version the typed SDK
// constructors request (the SDK's PkgResourceDefaultOpts); a test keeps it
// equal to github.com/pulumi/pulumi-azure-native-sdk/v2 in go.mod.
const AzureNativeVersion = "2.90.0"

// Kind is an azure-native resource type as its typed SDK constructor
// registers it.
type Kind struct {
	// Token is the type token, e.g. "azure-native:authorization:PolicyAssignment".
	Token string
	// Required are the provider property names the constructor refuses to
	// go without.
	Required []string
	// AliasTypes are the other tokens of the same resource (its other API
	// versions) the constructor aliases, so that state recorded under any of
	// them is adopted rather than replaced.
	AliasTypes []string
	// SDKModule and SDKFile name the typed constructor this mirrors: a
	// module required in go.mod and the file in it.
	SDKModule, SDKFile string
}

// The kinds registered by token.
var (
	// PolicyAssignment mirrors authorization.NewPolicyAssignment. The
	// constructor also defaults enforcementMode to "Default"; callers set it.
	PolicyAssignment = Kind{
		Token:    "azure-native:authorization:PolicyAssignment",
		Required: []string{"scope"},
		AliasTypes: versioned("authorization", "PolicyAssignment",
			"v20151001preview", "v20160401", "v20161201", "v20170601preview", "v20180301", "v20180501",
			"v20190101", "v20190601", "v20190901", "v20200301", "v20200901", "v20210601", "v20220601",
			"v20230401", "v20240401", "v20240501", "v20250101"),
		SDKModule: "github.com/pulumi/pulumi-azure-native-sdk/authorization/v2",
		SDKFile:   "policyAssignment.go",
	}
	// DataCollectionRule mirrors insights/v20230311.NewDataCollectionRule.
	DataCollectionRule = Kind{
		Token:    "azure-native:insights/v20230311:DataCollectionRule",
		Required: []string{"resourceGroupName"},
		AliasTypes: append(versioned("insights", "DataCollectionRule",
			"v20191101preview", "v20210401", "v20210901preview", "v20220601"),
			"azure-native:insights:DataCollectionRule"),
		SDKModule: "github.com/pulumi/pulumi-azure-native-sdk/insights/v2",
		SDKFile:   "v20230311/dataCollectionRule.go",
	}
)

// MetricAlert mirrors insights/v20180301.NewMetricAlert (its criteria are
// untyped).
var MetricAlert = Kind{
	Token:      "azure-native:insights/v20180301:MetricAlert",
	Required:   []string{"criteria", "enabled", "evaluationFrequency", "resourceGroupName", "scopes", "severity", "windowSize"},
	AliasTypes: []string{"azure-native:insights:MetricAlert"},
	SDKModule:  "github.com/pulumi/pulumi-azure-native-sdk/insights/v2",
	SDKFile:    "v20180301/metricAlert.go",
}

// DiskEncryptionSet mirrors compute/v20240302.NewDiskEncryptionSet: the
// compute API-version package this module compiles (v20240701, for the
// jump box scale set) has no DiskEncryptionSet, and a second compute
// package is a heavy build for one resource.
var DiskEncryptionSet = Kind{
	Token:    "azure-native:compute/v20240302:DiskEncryptionSet",
	Required: []string{"resourceGroupName"},
	AliasTypes: append([]string{"azure-native:compute:DiskEncryptionSet"}, versioned("compute", "DiskEncryptionSet",
		"v20190701", "v20191101", "v20200501", "v20200630", "v20200930", "v20201201", "v20210401", "v20210801",
		"v20211201", "v20220302", "v20220702", "v20230102", "v20230402", "v20231002")...),
	SDKModule: "github.com/pulumi/pulumi-azure-native-sdk/compute/v2",
	SDKFile:   "v20240302/diskEncryptionSet.go",
}

func versioned(module, typ string, versions ...string) []string {
	out := make([]string, len(versions))
	for i, v := range versions {
		out[i] = "azure-native:" + module + "/" + v + ":" + typ
	}
	return out
}

// Resource is the state of a resource registered by token: its URN and ID,
// and its managed identity when it has one (a disk encryption set's
// system-assigned identity: principalId, tenantId).
type Resource struct {
	pulumi.CustomResourceState

	Identity pulumi.MapOutput `pulumi:"identity"`
}

// Register registers a resource of kind named name with inputs props, whose
// keys are the provider's property names.
func Register(ctx *pulumi.Context, kind Kind, name string, props pulumi.Map, opts ...pulumi.ResourceOption) (*Resource, error) {
	for _, k := range kind.Required {
		if props[k] == nil {
			return nil, &MissingError{Token: kind.Token, Name: name, Property: k}
		}
	}
	aliases := make([]pulumi.Alias, len(kind.AliasTypes))
	for i, t := range kind.AliasTypes {
		aliases[i] = pulumi.Alias{Type: pulumi.String(t)}
	}
	// As the SDK does: its aliases after the caller's options, the version
	// before them, so that a caller's own version wins.
	opts = append(append([]pulumi.ResourceOption{pulumi.Version(AzureNativeVersion)}, opts...), pulumi.Aliases(aliases))
	var r Resource
	if err := ctx.RegisterResource(kind.Token, name, props, &r, opts...); err != nil {
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

// PrivateLinkScope mirrors insights/v20210901.NewPrivateLinkScope: an Azure
// Monitor Private Link Scope (AMPLS), Microsoft.Insights/privateLinkScopes
// 2021-09-01, the first stable version with accessModeSettings
// (azure-rest-api-specs specification/monitor/resource-manager/
// Microsoft.Insights/stable/2021-09-01/privateLinkScopes_API.json,
// AzureMonitorPrivateLinkScopeProperties: accessModeSettings required;
// AccessModeSettings: queryAccessMode and ingestionAccessMode required, each
// "Open" or "PrivateOnly"). Registered by token so that no further
// insights API-version package is compiled.
var PrivateLinkScope = Kind{
	Token:    "azure-native:insights/v20210901:PrivateLinkScope",
	Required: []string{"accessModeSettings", "resourceGroupName"},
	AliasTypes: []string{
		"azure-native:insights/v20191017preview:PrivateLinkScope", "azure-native:insights/v20210701preview:PrivateLinkScope",
		"azure-native:insights/v20230601preview:PrivateLinkScope", "azure-native:insights:PrivateLinkScope",
	},
	SDKModule: "github.com/pulumi/pulumi-azure-native-sdk/insights/v2",
	SDKFile:   "v20210901/privateLinkScope.go",
}

// PrivateLinkScopedResource mirrors
// insights/v20210901.NewPrivateLinkScopedResource: one Azure Monitor
// resource (a Log Analytics workspace, a data collection endpoint) in an
// AMPLS (privateLinkScopes_API.json 2021-09-01, ScopedResourceProperties
// .linkedResourceId).
var PrivateLinkScopedResource = Kind{
	Token:    "azure-native:insights/v20210901:PrivateLinkScopedResource",
	Required: []string{"resourceGroupName", "scopeName"},
	AliasTypes: []string{
		"azure-native:insights/v20191017preview:PrivateLinkScopedResource", "azure-native:insights/v20210701preview:PrivateLinkScopedResource",
		"azure-native:insights/v20230601preview:PrivateLinkScopedResource", "azure-native:insights:PrivateLinkScopedResource",
	},
	SDKModule: "github.com/pulumi/pulumi-azure-native-sdk/insights/v2",
	SDKFile:   "v20210901/privateLinkScopedResource.go",
}
