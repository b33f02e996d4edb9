package azurefacts

import (
	"fmt"
	"strings"
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

// windowsRetirement is when AKS stops taking new node pools of a Windows
// Server version, and the first minor that cannot use it.
type windowsRetirement struct {
	image   string
	from    time.Time
	noMinor string
}

var windows = map[string]windowsRetirement{
	// "Starting on March 01, 2026, AKS no longer supports Windows Server
	// 2019 node pools. Node pools running Kubernetes version 1.33+ can't
	// use Windows Server 2019." (SourceWindows2019)
	"Windows2019": {"Windows Server 2019", day(2026, time.March, 1), "1.33"},
	// "Starting on March 15, 2027, AKS no longer supports Windows Server
	// 2022 node pools. Node pools running Kubernetes version 1.36+ can't
	// use Windows Server 2022." (SourceWindows2022)
	"Windows2022": {"Windows Server 2022", day(2027, time.March, 15), "1.36"},
}

// WindowsDefaultOSSKU is the osSKU of a Windows pool that sets none: "The
// default is Windows2019 when Kubernetes <= 1.24 or Windows2022 when
// Kubernetes >= 1.25 if OSType is Windows" (SourceOSSKU).
const WindowsDefaultOSSKU = "Windows2022"

// NodeImage names the node OS image a pool gets for an osSKU on a
// Kubernetes minor, and whether AKS still offers it to new pools on asOf.
// An empty minor (AKS's default version at creation, which we cannot
// know) is judged by the creatable versions: available if any of them can
// take the image. osSKUs without a retirement here (Ubuntu...) are
// reported available: this package only tracks the retirements it lists.
func NodeImage(osSKU, minor string, asOf time.Time) (image string, available bool, why string) {
	if minor == "" {
		var reasons []string
		for _, v := range CreatableVersions(asOf) {
			img, ok, w := NodeImage(osSKU, v, asOf)
			if ok {
				return img, true, ""
			}
			image, reasons = img, append(reasons, w)
		}
		if len(reasons) == 0 {
			return osSKU, true, ""
		}
		return image, false, fmt.Sprintf("with kubernetesVersion unset AKS picks one of %s; on none of them: %s", strings.Join(CreatableVersions(asOf), ", "), reasons[len(reasons)-1])
	}
	if w, ok := windows[osSKU]; ok {
		m, ok := MinorOf(minor)
		switch {
		case !asOf.Before(w.from):
			return w.image, false, fmt.Sprintf("AKS takes no new %s node pools from %s (osSKU %s)", w.image, w.from.Format("2006-01-02"), osSKU)
		case ok && !less(m, w.noMinor):
			return w.image, false, fmt.Sprintf("node pools on Kubernetes %s+ cannot use %s (osSKU %s; this is Kubernetes %s)", w.noMinor, w.image, osSKU, m)
		}
		return w.image, true, ""
	}
	switch osSKU {
	case "AzureLinux", "CBLMariner":
	default:
		return osSKU, true, ""
	}
	m, ok := MinorOf(minor)
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
