package manifests

import (
	"slices"
	"testing"

	"github.com/privateaks/privateaks/internal/clustervars"
)

// TestAPIServerEgressPerDataplane: the ingress controller must reach the
// private API server under the dataplane its cluster runs. On Azure CNI
// powered by Cilium a NetworkPolicy ipBlock cannot select node or pod IPs
// and the API server's backends carry Cilium's kube-apiserver identity, so
// a Cilium cluster's infrastructure needs a CiliumNetworkPolicy allowing
// the kube-apiserver entity on 443 for the controller's pods; a cluster on
// Azure NPM has no CiliumNetworkPolicy kind, so its overlay must not carry
// one (the apply would fail). Sources: MicrosoftDocs/azure-aks-docs
// articles/aks/azure-cni-powered-by-cilium.md (Limitations; FAQ "Why is
// traffic being blocked when the NetworkPolicy has an ipBlock"; L3/L4
// CiliumNetworkPolicy supported); Cilium policy language, entities
// (kube-apiserver; cilium/cilium#18396 documented the entity).
func TestAPIServerEgressPerDataplane(t *testing.T) {
	seen := map[string]bool{}
	for _, b := range buildAll(t) {
		if b.kustomization != "infrastructure" {
			continue
		}
		c := loadStack(t, b.stack)
		policy := c.Spokes[b.spoke].Cluster.Network.Policy
		seen[policy] = true
		where := b.stack + "/" + b.spoke + " (" + policy + ")"
		var cnps, allows int
		for _, o := range b.objects {
			cnp, ok := o.Value.(*CiliumNetworkPolicy)
			if !ok {
				continue
			}
			cnps++
			if cnp.Namespace != clustervars.IngressNamespace || cnp.Spec.EndpointSelector.MatchLabels["app.kubernetes.io/name"] != "traefik" {
				continue
			}
			for _, e := range cnp.Spec.Egress {
				if !slices.Contains(e.ToEntities, "kube-apiserver") {
					continue
				}
				for _, pr := range e.ToPorts {
					for _, p := range pr.Ports {
						if p.Port == "443" && (p.Protocol == "TCP" || p.Protocol == "") {
							allows++
						}
					}
				}
			}
		}
		switch policy {
		case "cilium":
			if allows == 0 {
				t.Errorf("%s: no CiliumNetworkPolicy lets the ingress controller reach the kube-apiserver entity on 443/TCP", where)
			}
		default:
			if cnps != 0 {
				t.Errorf("%s: %d CiliumNetworkPolicy objects on a cluster without Cilium (the kind does not exist there)", where, cnps)
			}
		}
	}
	// Both dataplanes are exercised by the committed stacks (dev Cilium,
	// prod Azure NPM); if that changes, this test must find another way
	// to cover both.
	if !seen["cilium"] || !seen["azure"] {
		t.Errorf("the committed stacks cover dataplanes %v; want both cilium and azure", seen)
	}
}
