package stackconfig

import (
	"time"

	"github.com/privateaks/privateaks/internal/azurefacts"
)

// validateVersions checks each cluster's kubernetesVersion against the AKS
// release calendar on asOf (azurefacts.CheckVersion). Malformed versions
// are validateCluster's to report. The config has no support-plan key, so
// clusters are on the default KubernetesOfficial plan.
func validateVersions(c Config, asOf time.Time) []error {
	var errs []error
	for _, key := range c.SpokeKeys() {
		v := c.Spokes[key].Cluster.KubernetesVersion
		if v == "" || !k8sVerRe.MatchString(v) {
			continue
		}
		if err := azurefacts.CheckVersion(v, false, asOf); err != nil {
			errs = append(errs, fieldErr(join(join("spokes", key), "cluster.kubernetesVersion"), v, "%v", err))
		}
	}
	return errs
}
