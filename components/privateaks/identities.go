package privateaks

import "github.com/privateaks/privateaks/components/identities"

// UseIdentities wires the cluster to its Identities component: the BYO
// control-plane identity, the kubelet identity (ID, client ID and the
// principal that gets AcrPull) and the control plane's principal (for the
// KMS and disk-encryption grants). It does not touch DependsOn: list
// ids.Assignments there with the egress path, in the order you want them.
func (a *PrivateAKSArgs) UseIdentities(ids *identities.Identities) {
	a.ControlPlaneIdentityID = ids.ControlPlaneIdentityID
	a.ControlPlanePrincipalID = ids.ControlPlanePrincipalID
	a.KubeletIdentityID = ids.KubeletIdentityID
	a.KubeletClientID = ids.KubeletClientID
	a.KubeletObjectID = ids.KubeletPrincipalID
}
