package tests

import (
	"testing"

	"github.com/privateaks/privateaks/internal/verify/egress"
)

// What the synced cluster manifests need to leave the spoke, as the egress
// model names the flows: pods with a workload identity (tenants' and the
// Secrets Store CSI driver's for the ingress certificate) exchange their
// token with Entra ID, and the managed-Prometheus add-on sends to its
// ingestion endpoint. Image pulls go to the registry's private endpoint,
// whose flows the model checks on its own. Every such flow must be allowed
// from every node subnet that needs it.
var manifestFlows = []string{"EGR-REQ-ENTRA", "EGR-REQ-MON-INGEST"}

func TestManifestEgressAllowed(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		rep := egress.Check(stackPlan(t, stack))
		for _, id := range manifestFlows {
			n := 0
			for _, f := range rep.Flows {
				if f.ID != id {
					continue
				}
				n++
				if !f.Allowed || f.Status != egress.StatusOK {
					t.Errorf("%s: %s from %s (%s) to %s: allowed %v, status %s", stack, id, f.Subnet, f.SubnetCIDR, f.Destination, f.Allowed, f.Status)
				}
			}
			if n == 0 {
				t.Errorf("%s: the egress model evaluates no %s flow: the manifests' need is unchecked", stack, id)
			}
		}
	}
}
