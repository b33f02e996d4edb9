package stackconfig

import (
	"time"

	"github.com/privateaks/privateaks/components/privateaks/clusterspec"
	"github.com/privateaks/privateaks/internal/azurefacts"
)

// validateVersions checks each cluster's kubernetesVersion against the AKS
// release calendar on asOf (azurefacts.CheckVersion). Malformed versions
// are validateCluster's to report. The config has no support-plan key, so
// clusters are on the default KubernetesOfficial plan.
//
// The node OS image of each Windows pool must also exist for that version
// on asOf (azurefacts.NodeImage: Windows Server 2019 takes no new pools
// from 2026-03-01, Windows Server 2022 none on Kubernetes 1.36+). With the
// version unset, AKS's default decides, and the image must be available
// on at least one creatable version.
func validateVersions(c Config, asOf time.Time) []error {
	var errs []error
	for _, key := range c.SpokeKeys() {
		cl := c.Spokes[key].Cluster
		v := cl.KubernetesVersion
		if v != "" && !clusterspec.IsKubernetesMinor(v) {
			continue
		}
		if err := azurefacts.CheckVersion(v, false, asOf); err != nil {
			errs = append(errs, fieldErr(join(join("spokes", key), "cluster.kubernetesVersion"), v, "%v", err))
			continue
		}
		for _, name := range cl.PoolNames() {
			p := cl.UserPools[name]
			if p.OSType != "Windows" {
				continue
			}
			sku := p.OSSku
			if sku == "" {
				sku = azurefacts.WindowsDefaultOSSKU
			}
			if _, ok, why := azurefacts.NodeImage(sku, v, asOf); !ok {
				errs = append(errs, fieldErr(join(join("spokes", key), "cluster.userPools."+name+".osSku"), p.OSSku, "%s; with kubernetesVersion %q (%s)", why, v, azurefacts.SourceWindows2022))
			}
		}
	}
	return errs
}
