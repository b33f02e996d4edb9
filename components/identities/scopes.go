package identities

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/components/spokenetwork"
)

// Scope keys of a spoke's network grants: each pool's node subnet, the
// ingress subnet and the route table.
const (
	ScopeKeyIngressSubnet = "subnet-ingress"
	ScopeKeyRouteTable    = "routetable"
)

// ScopeKeyPoolSubnet is the scope key of a pool's node subnet.
func ScopeKeyPoolSubnet(pool string) string { return "subnet-" + pool }

// SpokeScopes are the NetworkScopes a cluster's control plane needs in a
// spoke made by spokenetwork: Network Contributor on every pool's node
// subnet (it joins the nodes there), the ingress subnet (it places the
// internal load balancer there) and the route table (user-defined routing).
// pools are the AKS pool names, the system pool's included. One helper for
// the stacks and for programs of their own, so the keys (and with them the
// role assignments' names) are the same everywhere.
func SpokeScopes(spoke *spokenetwork.SpokeNetwork, pools []string) map[string]pulumi.StringInput {
	subnet := func(k string) pulumi.StringInput { return spoke.SubnetIDs.MapIndex(pulumi.String(k)) }
	scopes := map[string]pulumi.StringInput{
		ScopeKeyIngressSubnet: subnet(spokenetwork.KeyIngress),
		ScopeKeyRouteTable:    spoke.RouteTableID,
	}
	for _, p := range pools {
		scopes[ScopeKeyPoolSubnet(p)] = subnet(spokenetwork.NodeSubnetKey(p))
	}
	return scopes
}
