package testkit

import "github.com/pulumi/pulumi/sdk/v3/go/common/resource"

func resourceOutputs(r *Resource) resource.PropertyValue { return resource.NewProperty(r.Outputs) }

func resourceValueOf(m resource.PropertyMap) resource.PropertyValue { return resource.NewProperty(m) }

func resourcePropertyMap(m map[string]any) resource.PropertyMap {
	return resource.NewPropertyMapFromMap(m)
}
