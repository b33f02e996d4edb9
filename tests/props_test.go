package tests

import (
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/privateaks/privateaks/testkit"
)

type resourceValue = resource.PropertyValue

func objectProp(r *testkit.Resource) resource.PropertyValue { return resource.NewProperty(r.Outputs) }
