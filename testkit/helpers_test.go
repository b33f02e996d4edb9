package testkit

import "github.com/pulumi/pulumi/sdk/v3/go/common/resource"

func resourceOutputs(r *Resource) resource.PropertyValue { return resource.NewProperty(r.Outputs) }

func resourceValueOf(m resource.PropertyMap) resource.PropertyValue { return resource.NewProperty(m) }

func resourcePropertyMap(m map[string]any) resource.PropertyMap {
	return resource.NewPropertyMapFromMap(m)
}

// str is the string at key k of m ("" when absent or not a string).
func str(m resource.PropertyMap, k string) string {
	v := Unsecret(m[resource.PropertyKey(k)])
	if v.IsString() {
		return v.StringValue()
	}
	return ""
}
