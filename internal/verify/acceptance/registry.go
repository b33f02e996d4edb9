package acceptance

import (
	"strconv"
	"strings"

	"github.com/privateaks/privateaks/internal/azurefacts"
)

const (
	docACRPrivateLink = "MicrosoftDocs/azure-docs articles/container-registry/container-registry-private-link.md (private endpoints need the Premium service tier)"
	docACRZones       = "MicrosoftDocs/azure-docs articles/container-registry/zone-redundancy.md (zone redundancy: Premium tier, in regions with availability zones)"
)

func init() {
	register(Rule{ID: "AZ-ACR-PREMIUM", Title: "registry private endpoints and zone redundancy need Premium; zone redundancy needs a zonal region", Source: docACRPrivateLink + "; " + docACRZones, check: func(rn *run) {
		// Registries that a planned private endpoint connects to.
		linked := map[string]bool{}
		for _, pe := range rn.byType("network", "PrivateEndpoint") {
			n := length(pe, "privateLinkServiceConnections")
			for i := 0; i < n; i++ {
				if id, ok := str(pe, "privateLinkServiceConnections["+strconv.Itoa(i)+"].privateLinkServiceId"); ok {
					linked[strings.ToLower(id)] = true
				}
			}
		}
		for _, reg := range rn.byType("containerregistry", "Registry") {
			sku, ok := str(reg, "sku.name")
			if !ok {
				continue
			}
			if linked[strings.ToLower(reg.ID)] {
				rn.checked++
				if sku != "Premium" {
					rn.flag(reg, "sku.name", docACRPrivateLink, "a private endpoint connects to this registry, which needs sku Premium (have %s)", sku)
				}
			}
			if zr, ok := str(reg, "zoneRedundancy"); ok && zr == "Enabled" {
				rn.checked++
				if sku != "Premium" {
					rn.flag(reg, "zoneRedundancy", docACRZones, "zone redundancy needs sku Premium (have %s)", sku)
				}
				if region, ok := str(reg, "location"); ok && azurefacts.ZonesIn(region) == nil {
					rn.flag(reg, "zoneRedundancy", docACRZones, "region %s has no availability zones", region)
				}
			}
		}
	}})
}
