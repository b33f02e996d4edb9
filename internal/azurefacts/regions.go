package azurefacts

// regions are the Azure public-cloud region names (az account list-locations).
// The stack config rejects anything else, which catches "West Europe" (a
// display name) and typos before ARM does.
var regions = map[string]bool{
	"australiacentral": true, "australiacentral2": true, "australiaeast": true, "australiasoutheast": true,
	"austriaeast": true, "belgiumcentral": true, "brazilsouth": true, "brazilsoutheast": true,
	"canadacentral": true, "canadaeast": true, "centralindia": true, "centralus": true, "chilecentral": true,
	"eastasia": true, "eastus": true, "eastus2": true, "francecentral": true, "francesouth": true,
	"germanynorth": true, "germanywestcentral": true, "indonesiacentral": true, "israelcentral": true,
	"italynorth": true, "japaneast": true, "japanwest": true, "jioindiacentral": true, "jioindiawest": true,
	"koreacentral": true, "koreasouth": true, "malaysiawest": true, "mexicocentral": true,
	"newzealandnorth": true, "northcentralus": true, "northeurope": true, "norwayeast": true,
	"norwaywest": true, "polandcentral": true, "qatarcentral": true, "southafricanorth": true,
	"southafricawest": true, "southcentralus": true, "southeastasia": true, "southindia": true,
	"spaincentral": true, "swedencentral": true, "swedensouth": true, "switzerlandnorth": true,
	"switzerlandwest": true, "uaecentral": true, "uaenorth": true, "uksouth": true, "ukwest": true,
	"westcentralus": true, "westeurope": true, "westindia": true, "westus": true, "westus2": true,
	"westus3": true,
}

// IsRegion reports whether name is an Azure public-cloud region name.
func IsRegion(name string) bool { return regions[name] }
