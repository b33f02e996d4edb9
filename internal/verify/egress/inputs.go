package egress

import (
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/privateaks/privateaks/internal/mockengine"
)

// Small readers over recorded inputs and outputs. Unknown or absent values
// read as zero values, so a partial plan never panics the model.

func strAt(v resource.PropertyValue, path string) string {
	x := mockengine.Unsecret(mockengine.Lookup(v, path))
	if x.IsString() {
		return x.StringValue()
	}
	return ""
}

func numAt(v resource.PropertyValue, path string) (float64, bool) {
	x := mockengine.Unsecret(mockengine.Lookup(v, path))
	if x.IsNumber() {
		return x.NumberValue(), true
	}
	return 0, false
}

func boolAt(v resource.PropertyValue, path string) bool {
	x := mockengine.Unsecret(mockengine.Lookup(v, path))
	return x.IsBool() && x.BoolValue()
}

func arrAt(v resource.PropertyValue, path string) []resource.PropertyValue {
	x := mockengine.Unsecret(mockengine.Lookup(v, path))
	if x.IsArray() {
		return x.ArrayValue()
	}
	return nil
}

func strsAt(v resource.PropertyValue, path string) []string {
	var out []string
	for _, e := range arrAt(v, path) {
		e = mockengine.Unsecret(e)
		if e.IsString() {
			out = append(out, e.StringValue())
		}
	}
	return out
}

type propertyValue = resource.PropertyValue

func inputs(r *mockengine.Resource) resource.PropertyValue  { return resource.NewProperty(r.Inputs) }
func outputs(r *mockengine.Resource) resource.PropertyValue { return resource.NewProperty(r.Outputs) }

// objKeyFold finds an object key case-insensitively: AKS add-on names
// ("azurepolicy", "azureKeyvaultSecretsProvider") are matched without case
// by the service.
func objKeyFold(v resource.PropertyValue, path, key string) (resource.PropertyValue, bool) {
	x := mockengine.Unsecret(mockengine.Lookup(v, path))
	if !x.IsObject() {
		return resource.PropertyValue{}, false
	}
	keys := make([]string, 0, len(x.ObjectValue()))
	for k := range x.ObjectValue() {
		keys = append(keys, string(k))
	}
	sort.Strings(keys)
	for _, k := range keys {
		if strings.EqualFold(k, key) {
			return x.ObjectValue()[resource.PropertyKey(k)], true
		}
	}
	return resource.PropertyValue{}, false
}

// isType reports whether r's type token names the given module:Type, across
// API versions ("azure-native:network/v20240501:Subnet" is network:Subnet).
func isType(r *mockengine.Resource, module, typ string) bool {
	parts := strings.Split(r.Type, ":")
	if len(parts) != 3 || parts[2] != typ || parts[0] != "azure-native" {
		return false
	}
	mod, _, _ := strings.Cut(parts[1], "/")
	return mod == module
}

func byType(p interface {
	Resources() []*mockengine.Resource
}, module, typ string) []*mockengine.Resource {
	var out []*mockengine.Resource
	for _, r := range p.Resources() {
		if isType(r, module, typ) {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].URN < out[j].URN })
	return out
}

// parentID strips the last n "/type/name" pairs from an ARM ID.
func parentID(id string, n int) string {
	parts := strings.Split(strings.TrimSuffix(id, "/"), "/")
	if len(parts) < 2*n {
		return ""
	}
	return strings.Join(parts[:len(parts)-2*n], "/")
}

func sameID(a, b string) bool { return a != "" && strings.EqualFold(a, b) }
