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
	// Assignments are the identity's role assignments (its vault role).
	Assignments []pulumi.Resource `pulumi:"-"`
	// Grants are the assignments as planned.
	Grants []Grant `pulumi:"-"`
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

// NewWorkloadIdentity creates the identity, one federated credential per
// service account, one after another in sorted order (Azure rejects
// concurrent credential writes on one identity:
// ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity),
// and its role on the spoke's vault: Key Vault Secrets User by default, so
// that pods that get a token can also read their secrets (the vault is in
// the RBAC permission model).
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
	tags := a.Tags
	if a.KeyVaultRole.Effective() == KeyVaultNone {
		// The choice is visible in the plan: this identity reads no vault.
		tags = map[string]string{}
		for k, v := range a.Tags {
			tags[k] = v
		}
		tags[KeyVaultAccessTag] = string(KeyVaultNone)
	}
	var sub string
	if a.KeyVaultRole.Effective() == KeyVaultSecretsUser {
		s, err := subscriptionID(ctx, comp)
		if err != nil {
			return nil, err
		}
		sub = s
	}
	id, err := managedidentity.NewUserAssignedIdentity(ctx, name+"-identity", &managedidentity.UserAssignedIdentityArgs{
		ResourceGroupName: a.ResourceGroupName,
		ResourceName:      pulumi.String(a.IdentityName),
		Location:          pulumi.String(a.Location),
		Tags:              resopt.Tags(tags),
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

	if a.KeyVaultRole.Effective() == KeyVaultSecretsUser {
		g := Grant{
			ScopeKey:      ScopeKeyKeyVault,
			Scope:         a.KeyVaultID,
			Role:          RoleKeyVaultSecretsUser,
			PrincipalKey:  workloadPrincipalKey(a.IdentityName),
			PrincipalID:   id.PrincipalId,
			PrincipalType: PrincipalServicePrincipal,
			Description:   "privateaks: workload identity " + a.IdentityName + " reads the secrets of its cluster's vault",
		}
		ra, err := Assign(ctx, name, a.Seed, sub, g, resopt.Child(comp)...)
		if err != nil {
			return nil, err
		}
		comp.Assignments = append(comp.Assignments, ra)
		comp.Grants = append(comp.Grants, g)
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
