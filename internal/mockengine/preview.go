package mockengine

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Preview mode answers the program as the engine does during the first
// `pulumi preview` of an empty stack, where nothing exists yet:
//
//   - A new custom resource gets no ID, and its outputs are its inputs only.
//     azure-native's Create(preview) maps the inputs onto the output shape and
//     marks every other property computed (provider/pkg/convert/
//     previewOutputs.go in pulumi/pulumi-azure-native); bridged providers
//     do the same with their planned state. Everything Azure computes — IDs,
//     principal and client IDs, the firewall's private IP, FQDNs, the OIDC
//     issuer, the "name" output of resources whose name input has another
//     key — is therefore unknown.
//   - The Go SDK (sdk/v3 v3.260.0, go/pulumi/context.go resolve) turns a
//     missing or computed top-level output into an unknown Output during a
//     dry run, but a computed value nested in a known object or array into
//     the zero value of its Go type. This monitor reproduces both: top-level
//     unknowns are left out of the answer, nested ones are left out of their
//     object (array elements become null).
//   - A new provider gets the engine's unknown ID sentinel and echoes its
//     inputs (pkg/resource/deploy/providers/registry.go Create). If any of
//     its inputs is unknown, its configuration is unknown and every resource
//     it manages answers with no outputs at all
//     (sdk/go/common/resource/plugin/provider_plugin.go Create).
//   - Invokes: the SDK itself skips an output-form invoke whose arguments are
//     unknown or whose dependencies have unknown IDs (context.go
//     invokePackageRaw); an invoke that does reach the monitor and reads a
//     resource this program has registered for creation fails as Azure
//     would (404), because on an empty stack that resource does not exist
//     yet. Only the cluster user-credentials invoke reads such a resource
//     here; clusters the program does not create answer as in an update.
//   - Reads (StackReference, resource Get) and imports address resources
//     that exist, so they answer as in an update.
//
// Inputs are recorded with their unknowns (resource.Computed values), so a
// test can see exactly which inputs a preview could not know.

// UnknownID is the engine's sentinel for an ID not known during a preview
// (it is what a provider created in a preview is given).
const UnknownID = plugin.UnknownStringValue

// dryRunIn reports whether opts ask for a dry run.
func dryRunIn(opts []pulumi.RunOption) bool {
	var info pulumi.RunInfo
	for _, o := range opts {
		o(&info)
	}
	return info.DryRun
}

// previewInputs re-reads the inputs of a registration with their unknowns:
// the SDK's mock monitor strips unknowns before it hands the inputs over.
func (m *Mocks) previewInputs(args pulumi.MockResourceArgs) resource.PropertyMap {
	if args.RegisterRPC == nil {
		return args.Inputs
	}
	m.mu.Lock()
	obj, ok := m.originals[args.RegisterRPC]
	delete(m.originals, args.RegisterRPC)
	m.mu.Unlock()
	if !ok {
		obj = args.RegisterRPC.GetObject()
	}
	in, err := plugin.UnmarshalProperties(obj, plugin.MarshalOptions{
		KeepUnknowns: true, KeepSecrets: true, KeepResources: true,
	})
	if err != nil {
		return args.Inputs
	}
	return in
}

// previewAnswer is the ID and state of a resource created during a preview.
// ok is false where the preview answers like an update (reads, imports,
// components). Callers hold m.mu.
func (m *Mocks) previewAnswer(r *Resource, args pulumi.MockResourceArgs) (id string, outs resource.PropertyMap, ok bool) {
	if !r.Custom || args.ReadRPC != nil || args.ID != "" || r.Type == "pulumi:pulumi:StackReference" {
		return "", nil, false
	}
	if strings.HasPrefix(r.Type, "pulumi:providers:") {
		if resource.NewProperty(r.Inputs).ContainsUnknowns() {
			m.unconfigured[r.URN] = true
		}
		return UnknownID, knownState(r.Inputs), true
	}
	if m.unconfigured[providerURN(r.Provider)] {
		return "", resource.PropertyMap{}, true
	}
	return "", knownState(r.Inputs), true
}

// providerURN is the URN part of a provider reference "urn::id".
func providerURN(ref string) string {
	if i := strings.LastIndex(ref, "::"); i >= 0 {
		return ref[:i]
	}
	return ref
}

// knownState is the state the SDK ends up with for a preview answer of
// inputs: unknowns at the top level left out (unknown Outputs), nested in
// objects left out, in arrays null (zero values).
func knownState(in resource.PropertyMap) resource.PropertyMap {
	out := resource.PropertyMap{}
	for k, v := range in {
		if v.IsComputed() || (v.IsOutput() && !v.OutputValue().Known) {
			continue
		}
		out[k] = knownValue(v)
	}
	return out
}

func knownValue(v resource.PropertyValue) resource.PropertyValue {
	switch {
	case v.IsComputed(), v.IsOutput() && !v.OutputValue().Known:
		return resource.NewNullProperty()
	case v.IsSecret():
		return resource.MakeSecret(knownValue(v.SecretValue().Element))
	case v.IsArray():
		arr := make([]resource.PropertyValue, len(v.ArrayValue()))
		for i, e := range v.ArrayValue() {
			arr[i] = knownValue(e)
		}
		return resource.NewProperty(arr)
	case v.IsObject():
		return resource.NewProperty(knownState(v.ObjectValue()))
	}
	return v
}

// IsUnknown reports whether the input at path is unknown (only a preview
// records unknown inputs). A path below an unknown value is unknown too.
func (r *Resource) IsUnknown(path string) bool {
	v := resource.NewProperty(r.Inputs)
	for _, seg := range splitPath(path) {
		v = unsecretKeepUnknown(v)
		if isUnknownValue(v) {
			return true
		}
		if idx, ok := seg.index(); ok {
			if !v.IsArray() || idx >= len(v.ArrayValue()) {
				return false
			}
			v = v.ArrayValue()[idx]
			continue
		}
		if !v.IsObject() {
			return false
		}
		next, ok := v.ObjectValue()[resource.PropertyKey(seg.key)]
		if !ok {
			return false
		}
		v = next
	}
	return isUnknownValue(unsecretKeepUnknown(v))
}

func unsecretKeepUnknown(v resource.PropertyValue) resource.PropertyValue {
	for v.IsSecret() {
		v = v.SecretValue().Element
	}
	return v
}

func isUnknownValue(v resource.PropertyValue) bool {
	return v.IsComputed() || (v.IsOutput() && !v.OutputValue().Known)
}

// UnknownPaths lists the input paths of r that are unknown, sorted
// ("principalId", "ipConfigurations[0].subnet.id").
func (r *Resource) UnknownPaths() []string {
	var out []string
	walkUnknown(resource.NewProperty(r.Inputs), "", &out)
	return out
}

func walkUnknown(v resource.PropertyValue, path string, out *[]string) {
	v = unsecretKeepUnknown(v)
	switch {
	case isUnknownValue(v):
		*out = append(*out, path)
	case v.IsArray():
		for i, e := range v.ArrayValue() {
			walkUnknown(e, fmt.Sprintf("%s[%d]", path, i), out)
		}
	case v.IsObject():
		for _, k := range v.ObjectValue().StableKeys() {
			p := string(k)
			if path != "" {
				p = path + "." + p
			}
			walkUnknown(v.ObjectValue()[k], p, out)
		}
	}
}

// previewInvoke fails an invoke that reads a resource this program is
// creating: on an empty stack it does not exist yet. Callers hold m.mu.
func (m *Mocks) previewInvoke(args pulumi.MockCallArgs) error {
	_, key := serviceKey(args.Token)
	if key != "containerservice:listManagedClusterUserCredentials" {
		return nil
	}
	rg, name := str(args.Args, "resourceGroupName"), str(args.Args, "resourceName")
	for _, r := range m.resources {
		if _, k := serviceKey(r.Type); k == "containerservice:ManagedCluster" &&
			strings.EqualFold(str(r.Inputs, "resourceGroupName"), rg) && strings.EqualFold(str(r.Inputs, "resourceName"), name) {
			return fmt.Errorf("mock engine preview: %s: (ResourceNotFound) The Resource 'Microsoft.ContainerService/managedClusters/%s' under resource group '%s' was not found: %s is being created by this preview and does not exist yet",
				args.Token, name, rg, r.URN)
		}
	}
	return nil
}
