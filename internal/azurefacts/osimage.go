package azurefacts

import (
	"fmt"
	"time"
)

// AzureLinux2Removed is the day Azure Linux 2.0 node images are removed
// ("Beginning March 31, 2026, node images will be removed, and you'll be
// unable to scale your node pools"; SourceAzureLinux2). Support and
// security updates ended on 2025-11-30.
var (
	AzureLinux2Removed    = day(2026, time.March, 31)
	AzureLinux2EndSupport = day(2025, time.November, 30)
)

// AzureLinux3From is the first minor on which osSKU "AzureLinux" means
// Azure Linux 3.0 ("Starting with AKS version 1.32, Azure Linux 3.0 is the
// default Azure Linux node OS"; "Azure Linux 3.0 is not supported on
// Kubernetes version 1.30 and below"; SourceAzureLinux3). Before it,
// "AzureLinux" (and the deprecated "CBLMariner") is Azure Linux 2.0.
const AzureLinux3From = "1.32"

// NodeImage names the node OS image a pool gets for an osSKU on a
// Kubernetes minor, and whether AKS still offers it on asOf. An empty
// minor (AKS's default version) is taken as the newest creatable one.
// Unknown osSKUs (Ubuntu, Windows...) are reported available: this package
// only tracks the retirements it lists.
func NodeImage(osSKU, minor string, asOf time.Time) (image string, available bool, why string) {
	switch osSKU {
	case "AzureLinux", "CBLMariner":
	default:
		return osSKU, true, ""
	}
	m, ok := MinorOf(minor)
	if minor == "" {
		m, ok = lastCreatable(asOf), true
	}
	if !ok {
		return osSKU, true, ""
	}
	if !less(m, AzureLinux3From) {
		return "Azure Linux 3.0", true, ""
	}
	if !asOf.Before(AzureLinux2Removed) {
		return "Azure Linux 2.0", false, fmt.Sprintf("osSKU %s on Kubernetes %s is Azure Linux 2.0, whose node images are removed from %s (Azure Linux 3.0 is the default from Kubernetes %s)",
			osSKU, m, AzureLinux2Removed.Format("2006-01-02"), AzureLinux3From)
	}
	return "Azure Linux 2.0", true, ""
}
