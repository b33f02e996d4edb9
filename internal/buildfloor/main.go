// Command buildfloor is the build-cost floor: a program that imports exactly
// the SDK packages the privateaks program imports and does nothing else.
// Comparing its cold build, warm rebuild, peak memory and binary size with the
// real program's (scripts/bench) shows what our own code adds on top of the
// SDK. TestBuildFloorImportsMatchProgram keeps the two import sets equal.
package main

import (
	_ "github.com/pulumi/pulumi-azure-native-sdk/authorization/v2"
	_ "github.com/pulumi/pulumi-azure-native-sdk/compute/v2/v20240701"
	_ "github.com/pulumi/pulumi-azure-native-sdk/containerregistry/v2/v20230701"
	_ "github.com/pulumi/pulumi-azure-native-sdk/containerservice/v2/v20240901"
	_ "github.com/pulumi/pulumi-azure-native-sdk/insights/v2/v20210501preview"
	_ "github.com/pulumi/pulumi-azure-native-sdk/insights/v2/v20230311"
	_ "github.com/pulumi/pulumi-azure-native-sdk/keyvault/v2/v20241101"
	_ "github.com/pulumi/pulumi-azure-native-sdk/managedidentity/v2/v20230131"
	_ "github.com/pulumi/pulumi-azure-native-sdk/network/v2/v20220701"
	_ "github.com/pulumi/pulumi-azure-native-sdk/network/v2/v20240501"
	_ "github.com/pulumi/pulumi-azure-native-sdk/network/v2/v20240601"
	_ "github.com/pulumi/pulumi-azure-native-sdk/operationalinsights/v2/v20230901"
	_ "github.com/pulumi/pulumi-azure-native-sdk/resources/v2/v20240301"
	_ "github.com/pulumi/pulumi-azure-native-sdk/storage/v2/v20230501"
	_ "github.com/pulumi/pulumi-azure-native-sdk/v2"
	_ "github.com/pulumi/pulumi-azure/sdk/v6/go/azure"
	_ "github.com/pulumi/pulumi-azure/sdk/v6/go/azure/containerservice"
	_ "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	_ "github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {}
