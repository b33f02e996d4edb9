package identities

import (
	"sort"
	"strings"

	managedidentity "github.com/pulumi/pulumi-azure-native-sdk/managedidentity/v2/v20230131"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/internal/ids"
	"github.com/privateaks/privateaks/internal/resopt"
)

// TokenExchangeAudience is the audience of Entra ID workload identity
// federation.
const TokenExchangeAudience = "api://AzureADTokenExchange"

// WorkloadIdentity is a user-assigned identity federated to Kubernetes
// service accounts.
type WorkloadIdentity struct {
	pulumi.ResourceState

	IdentityID  pulumi.StringOutput `pulumi:"identityId"`
	ClientID    pulumi.StringOutput `pulumi:"clientId"`
	PrincipalID pulumi.StringOutput `pulumi:"principalId"`
	TenantID    pulumi.StringOutput `pulumi:"tenantId"`

	// Identity is the identity resource.
	Identity *managedidentity.UserAssignedIdentity `pulumi:"-"`
	// Credentials are the federated credentials in creation order.
	Credentials []pulumi.Resource `pulumi:"-"`
}

// ServiceAccountSubject is the token subject of a "namespace/name" service
// account.
func ServiceAccountSubject(serviceAccount string) string {
	ns, name, _ := strings.Cut(serviceAccount, "/")
	return "system:serviceaccount:" + ns + ":" + name
}

// CredentialName is the federated credential's physical name for a
// "namespace/name" service account: readable, at most 120 characters, and
// suffixed with a hash of the service account so that "a-b/c" and "a/b-c"
// never collide.
func CredentialName(serviceAccount string) string {
	ns, name, _ := strings.Cut(serviceAccount, "/")
	readable := ns + "-" + name
	if len(readable) > 111 {
		readable = strings.TrimRight(readable[:111], "-")
	}
	return readable + "-" + ids.GUID("federated-credential", serviceAccount)[:8]
}

// NewWorkloadIdentity creates the identity and one federated credential per
// service account, one after another in sorted order: Azure rejects
// concurrent credential writes on one identity
// (ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity).
func NewWorkloadIdentity(ctx *pulumi.Context, name string, args *WorkloadIdentityArgs, opts ...pulumi.ResourceOption) (*WorkloadIdentity, error) {
	if args == nil {
		args = &WorkloadIdentityArgs{}
	}
	a := *args
	if err := resopt.Join(TypeWorkloadIdentity, name, a.Validate()); err != nil {
		return nil, err
	}
	comp := &WorkloadIdentity{}
	if err := ctx.RegisterComponentResource(TypeWorkloadIdentity, name, comp, opts...); err != nil {
		return nil, err
	}
	id, err := managedidentity.NewUserAssignedIdentity(ctx, name+"-identity", &managedidentity.UserAssignedIdentityArgs{
		ResourceGroupName: a.ResourceGroupName,
		ResourceName:      pulumi.String(a.IdentityName),
		Location:          pulumi.String(a.Location),
		Tags:              resopt.Tags(a.Tags),
	}, resopt.Stateful(comp, a.Protect)...)
	if err != nil {
		return nil, err
	}
	comp.Identity = id

	sas := append([]string(nil), a.ServiceAccounts...)
	sort.Strings(sas)
	var prev pulumi.Resource
	for _, sa := range sas {
		cred := CredentialName(sa)
		var extra []pulumi.ResourceOption
		if prev != nil {
			extra = append(extra, pulumi.DependsOn([]pulumi.Resource{prev}))
		}
		fic, err := managedidentity.NewFederatedIdentityCredential(ctx, name+"-fic-"+cred, &managedidentity.FederatedIdentityCredentialArgs{
			ResourceGroupName:                       a.ResourceGroupName,
			ResourceName:                            id.Name,
			FederatedIdentityCredentialResourceName: pulumi.String(cred),
			Issuer:                                  a.IssuerURL,
			Subject:                                 pulumi.String(ServiceAccountSubject(sa)),
			Audiences:                               pulumi.StringArray{pulumi.String(TokenExchangeAudience)},
		}, resopt.Child(comp, extra...)...)
		if err != nil {
			return nil, err
		}
		comp.Credentials = append(comp.Credentials, fic)
		prev = fic
	}

	comp.IdentityID = id.ID().ToStringOutput()
	comp.ClientID = id.ClientId
	comp.PrincipalID = id.PrincipalId
	comp.TenantID = id.TenantId
	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{
		"identityId":  comp.IdentityID,
		"clientId":    comp.ClientID,
		"principalId": comp.PrincipalID,
		"tenantId":    comp.TenantID,
	}); err != nil {
		return nil, err
	}
	return comp, nil
}
