package azurefacts

import "sort"

// zonal are the regions with availability zones, as listed in SourceZones
// (its Americas, Europe, Middle East, Africa and Asia Pacific columns),
// written as ARM location names. Regions that are not listed (westus,
// northcentralus, ukwest, westcentralus, ...) have no zones.
var zonal = map[string]bool{
	// Americas
	"brazilsouth": true, "canadacentral": true, "centralus": true, "eastus": true, "eastus2": true,
	"southcentralus": true, "usgovvirginia": true, "westus2": true, "westus3": true, "mexicocentral": true,
	// Europe
	"francecentral": true, "italynorth": true, "germanywestcentral": true, "norwayeast": true, "northeurope": true,
	"uksouth": true, "westeurope": true, "swedencentral": true, "switzerlandnorth": true, "polandcentral": true,
	"spaincentral": true,
	// Middle East
	"qatarcentral": true, "uaenorth": true, "israelcentral": true,
	// Africa
	"southafricanorth": true,
	// Asia Pacific (Japan West is marked "contact your representative")
	"australiaeast": true, "centralindia": true, "japaneast": true, "japanwest": true, "southeastasia": true,
	"eastasia": true, "chinanorth3": true, "koreacentral": true, "newzealandnorth": true,
}

// ZonesIn are the availability zones of a region ("1", "2", "3"), or nil
// when it has none (or is not a region we know).
func ZonesIn(region string) []string {
	if zonal[region] {
		return []string{"1", "2", "3"}
	}
	return nil
}

// ZonalRegions lists the regions with zones, sorted.
func ZonalRegions() []string {
	var out []string
	for r := range zonal {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}
