// Package identities holds the identities of a private AKS cluster and
// their least-privilege role assignments:
//
//   - Identities: the BYO user-assigned control-plane and kubelet identities,
//     created before the cluster (they outlive it), with the control plane's
//     roles at the narrowest scopes that work: Network Contributor on each
//     node subnet, the ingress subnet and the route table; Private DNS Zone
//     Contributor on a BYO API-server zone and the cluster VNet; Managed
//     Identity Operator on the kubelet identity.
//   - WorkloadIdentity: a user-assigned identity federated to Kubernetes
//     service accounts, created after the cluster (it needs the OIDC issuer),
//     with Key Vault Secrets User on its spoke's vault unless it opts out
//     (KeyVaultNone).
//   - ClusterAccess: Azure RBAC for Kubernetes for Entra ID groups (cluster
//     admins, per-namespace readers and writers), the Cluster User Role
//     every one of them needs to get credentials, and Key Vault Secrets
//     Officer for the optional secrets officer groups.
//
// Every role assignment sets its principal type (ServicePrincipal for
// identities, Group for groups) and has a deterministic name derived from
// plain strings (AssignmentName), so it is known at preview and a re-run
// never meets RoleAssignmentExists. Only the roles in Roles can be granted.
package identities

import (
	managedidentity "github.com/pulumi/pulumi-azure-native-sdk/managedidentity/v2/v20230131"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"maps"
	"slices"

	"github.com/privateaks/privateaks/internal/resopt"
)

// Type tokens of the components.
const (
	Type                 = "privateaks:identities:Identities"
	TypeWorkloadIdentity = "privateaks:identities:WorkloadIdentity"
	TypeClusterAccess    = "privateaks:identities:ClusterAccess"
)

// Identities are a cluster's BYO control-plane and kubelet identities.
type Identities struct {
	pulumi.ResourceState

	ControlPlaneIdentityID  pulumi.StringOutput `pulumi:"controlPlaneIdentityId"`
	ControlPlanePrincipalID pulumi.StringOutput `pulumi:"controlPlanePrincipalId"`
	ControlPlaneClientID    pulumi.StringOutput `pulumi:"controlPlaneClientId"`
	KubeletIdentityID       pulumi.StringOutput `pulumi:"kubeletIdentityId"`
	KubeletPrincipalID      pulumi.StringOutput `pulumi:"kubeletPrincipalId"`
	KubeletClientID         pulumi.StringOutput `pulumi:"kubeletClientId"`

	// ControlPlane and Kubelet are the identity resources.
	ControlPlane *managedidentity.UserAssignedIdentity `pulumi:"-"`
	Kubelet      *managedidentity.UserAssignedIdentity `pulumi:"-"`
	// Assignments are the control plane's role assignments: the cluster
	// must depend on all of them (pass them in PrivateAKSArgs.DependsOn).
	Assignments []pulumi.Resource `pulumi:"-"`
	// Grants are the assignments as planned, in creation order.
	Grants []Grant `pulumi:"-"`
}

// NewIdentities creates the two identities and the control plane's role
// assignments. Invalid args are reported all at once before anything is
// registered.
func NewIdentities(ctx *pulumi.Context, name string, args *IdentitiesArgs, opts ...pulumi.ResourceOption) (*Identities, error) {
	if args == nil {
		args = &IdentitiesArgs{}
	}
	a := *args
	if err := resopt.Join(Type, name, a.Validate()); err != nil {
		return nil, err
	}
	comp := &Identities{}
	if err := ctx.RegisterComponentResource(Type, name, comp, opts...); err != nil {
		return nil, err
	}
	sub, err := subscriptionID(ctx, comp)
	if err != nil {
		return nil, err
	}
	tags := resopt.Tags(a.Tags)

	cp, err := managedidentity.NewUserAssignedIdentity(ctx, name+"-controlplane", &managedidentity.UserAssignedIdentityArgs{
		ResourceGroupName: a.ResourceGroupName,
		ResourceName:      pulumi.String(a.ControlPlaneIdentityName),
		Location:          pulumi.String(a.Location),
		Tags:              tags,
	}, resopt.Stateful(comp, a.Protect)...)
	if err != nil {
		return nil, err
	}
	kubelet, err := managedidentity.NewUserAssignedIdentity(ctx, name+"-kubelet", &managedidentity.UserAssignedIdentityArgs{
		ResourceGroupName: a.ResourceGroupName,
		ResourceName:      pulumi.String(a.KubeletIdentityName),
		Location:          pulumi.String(a.Location),
		Tags:              tags,
	}, resopt.Stateful(comp, a.Protect)...)
	if err != nil {
		return nil, err
	}
	comp.ControlPlane, comp.Kubelet = cp, kubelet

	controlPlane := func(scopeKey string, scope pulumi.StringInput, role, why string) Grant {
		return Grant{
			ScopeKey:      scopeKey,
			Scope:         scope,
			Role:          role,
			PrincipalKey:  PrincipalKeyControlPlane,
			PrincipalID:   cp.PrincipalId,
			PrincipalType: PrincipalServicePrincipal,
			Description:   why,
		}
	}
	var grants []Grant
	for _, k := range slices.Sorted(maps.Keys(a.NetworkScopes)) {
		grants = append(grants, controlPlane(k, a.NetworkScopes[k], RoleNetworkContributor,
			"privateaks: the AKS control plane joins nodes and internal load balancers to this subnet or route table"))
	}
	if ByoZone(a.PrivateDNSZoneID) {
		grants = append(grants,
			controlPlane(ScopeKeyPrivateDNSZone, a.PrivateDNSZoneID, RolePrivateDNSZoneContributor,
				"privateaks: the AKS control plane writes the API server's record into this BYO private DNS zone"),
			controlPlane(ScopeKeyVnet, a.VnetID, RolePrivateDNSZoneContributor,
				"privateaks: the AKS control plane links the BYO private DNS zone to the cluster VNet"))
	}
	grants = append(grants, controlPlane(ScopeKeyKubeletIdentity, kubelet.ID().ToStringOutput(), RoleManagedIdentityOperator,
		"privateaks: the AKS control plane assigns the BYO kubelet identity to the nodes"))

	for _, g := range grants {
		ra, err := Assign(ctx, name, a.Seed, sub, g, resopt.Child(comp)...)
		if err != nil {
			return nil, err
		}
		comp.Assignments = append(comp.Assignments, ra)
	}
	comp.Grants = grants

	comp.ControlPlaneIdentityID = cp.ID().ToStringOutput()
	comp.ControlPlanePrincipalID = cp.PrincipalId
	comp.ControlPlaneClientID = cp.ClientId
	comp.KubeletIdentityID = kubelet.ID().ToStringOutput()
	comp.KubeletPrincipalID = kubelet.PrincipalId
	comp.KubeletClientID = kubelet.ClientId
	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{
		"controlPlaneIdentityId":  comp.ControlPlaneIdentityID,
		"controlPlanePrincipalId": comp.ControlPlanePrincipalID,
		"controlPlaneClientId":    comp.ControlPlaneClientID,
		"kubeletIdentityId":       comp.KubeletIdentityID,
		"kubeletPrincipalId":      comp.KubeletPrincipalID,
		"kubeletClientId":         comp.KubeletClientID,
	}); err != nil {
		return nil, err
	}
	return comp, nil
}
