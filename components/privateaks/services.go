package privateaks

import (
	containerregistry "github.com/pulumi/pulumi-azure-native-sdk/containerregistry/v2/v20230701"
	keyvault "github.com/pulumi/pulumi-azure-native-sdk/keyvault/v2/v20241101"
	network "github.com/pulumi/pulumi-azure-native-sdk/network/v2/v20240501"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/components/identities"
	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/azurefacts"
	"github.com/privateaks/privateaks/internal/resopt"
)

// ScopeKeyRegistry is the scope key of the kubelet's AcrPull assignment (the
// principal key is identities.PrincipalKeyKubelet).
const ScopeKeyRegistry = "registry"

// RegistryRetentionDays is how long untagged manifests are kept before the
// retention policy purges them (ACR's default; range 0-365:
// MicrosoftDocs/azure-docs articles/container-registry/container-registry-retention-policy.md).
const RegistryRetentionDays = 7

// RegistryZoneRedundancy is "Enabled" in a region with availability zones
// (internal/azurefacts): zone redundancy is set at creation only and
// offered where the region has zones
// (articles/container-registry/zone-redundancy.md).
func RegistryZoneRedundancy(location string) string {
	if len(azurefacts.ZonesIn(location)) > 1 {
		return "Enabled"
	}
	return "Disabled"
}

// newRegistry creates the Premium registry without public access, its
// private endpoint with the zone group, and AcrPull for the kubelet.
//
// Properties of containerregistry 2023-07-01 (specification/containerregistry/
// resource-manager/Microsoft.ContainerRegistry/stable/2023-07-01/containerregistry.json,
// RegistryProperties and Policies): untagged manifests purged after
// RegistryRetentionDays (RetentionPolicy), exports off (ExportPolicy
// "disabled", which the spec allows only with public access disabled),
// zone redundancy, and a dedicated data endpoint (dataEndpointEnabled), so
// that the private endpoint carries <registry>.<region>.data.azurecr.io
// and the firewall needs no *.blob rule for layers.
// anonymousPullEnabled and azureADAuthenticationAsArmPolicy are not in
// 2023-07-01 (README "API versions"); anonymous pull defaults to off.
func newRegistry(ctx *pulumi.Context, name string, comp *PrivateAKS, a PrivateAKSArgs, subscriptionID string) error {
	reg, err := containerregistry.NewRegistry(ctx, name+"-acr", &containerregistry.RegistryArgs{
		ResourceGroupName:        a.ResourceGroupName,
		RegistryName:             pulumi.String(a.Registry.Name),
		Location:                 pulumi.String(a.Location),
		Sku:                      &containerregistry.SkuArgs{Name: pulumi.String("Premium")},
		AdminUserEnabled:         pulumi.Bool(false),
		PublicNetworkAccess:      pulumi.String("Disabled"),
		NetworkRuleBypassOptions: pulumi.String("AzureServices"),
		NetworkRuleSet:           &containerregistry.NetworkRuleSetArgs{DefaultAction: pulumi.String("Deny")},
		DataEndpointEnabled:      pulumi.Bool(true),
		ZoneRedundancy:           pulumi.String(RegistryZoneRedundancy(a.Location)),
		Policies: &containerregistry.PoliciesArgs{
			RetentionPolicy: &containerregistry.RetentionPolicyArgs{Status: pulumi.String("enabled"), Days: pulumi.Int(RegistryRetentionDays)},
			ExportPolicy:    &containerregistry.ExportPolicyArgs{Status: pulumi.String("disabled")},
		},
		Tags: resopt.Tags(a.Tags),
	}, resopt.Stateful(comp, a.Protect)...)
	if err != nil {
		return err
	}
	comp.Registry = reg
	if err := privateEndpoint(ctx, name+"-acr", comp, a, azname.PrivateEndpointName(a.Registry.Name), reg.ID().ToStringOutput(), "registry", a.RegistryPrivateDNSZoneID); err != nil {
		return err
	}
	ra, err := identities.Assign(ctx, name, a.Seed, subscriptionID, identities.Grant{
		ScopeKey:      ScopeKeyRegistry,
		Scope:         reg.ID().ToStringOutput(),
		Role:          identities.RoleAcrPull,
		PrincipalKey:  identities.PrincipalKeyKubelet,
		PrincipalID:   a.KubeletObjectID,
		PrincipalType: identities.PrincipalServicePrincipal,
		Description:   "privateaks: the cluster's kubelet pulls images from this registry",
	}, resopt.Child(comp)...)
	if err != nil {
		return err
	}
	comp.AcrPull = ra
	comp.WorkloadsReady = append(comp.WorkloadsReady, ra)
	return nil
}

// newKeyVault creates the vault: RBAC authorization, soft delete with purge
// protection (unless PurgeProtection is false), no public access, a private
// endpoint with the zone group.
func newKeyVault(ctx *pulumi.Context, name string, comp *PrivateAKS, a PrivateAKSArgs, tenantID string) error {
	kv, err := keyvault.NewVault(ctx, name+"-kv", &keyvault.VaultArgs{
		ResourceGroupName: a.ResourceGroupName,
		VaultName:         pulumi.String(a.KeyVault.Name),
		Location:          pulumi.String(a.Location),
		Properties: &keyvault.VaultPropertiesArgs{
			TenantId:                  pulumi.String(tenantID),
			Sku:                       &keyvault.SkuArgs{Family: pulumi.String("A"), Name: keyvault.SkuNameStandard},
			EnableRbacAuthorization:   pulumi.Bool(true),
			EnableSoftDelete:          pulumi.Bool(true),
			SoftDeleteRetentionInDays: pulumi.Int(a.KeyVault.SoftDeleteRetentionDays),
			EnablePurgeProtection:     purgeProtection(a.KeyVault),
			PublicNetworkAccess:       pulumi.String("Disabled"),
			NetworkAcls: &keyvault.NetworkRuleSetArgs{
				DefaultAction: pulumi.String("Deny"),
				Bypass:        pulumi.String("AzureServices"),
			},
			EnabledForDeployment:         pulumi.Bool(false),
			EnabledForDiskEncryption:     pulumi.Bool(false),
			EnabledForTemplateDeployment: pulumi.Bool(false),
		},
		Tags: resopt.Tags(a.Tags),
	}, resopt.Stateful(comp, a.Protect)...)
	if err != nil {
		return err
	}
	comp.KeyVault = kv
	return privateEndpoint(ctx, name+"-kv", comp, a, azname.PrivateEndpointName(a.KeyVault.Name), kv.ID().ToStringOutput(), "vault", a.KeyVaultPrivateDNSZoneID)
}

// purgeProtection is the vault's enablePurgeProtection input: true, or
// omitted when disabled. The property "does not accept false as its value"
// (Azure/azure-rest-api-specs, specification/keyvault/resource-manager/
// Microsoft.KeyVault/stable/2024-11-01/keyvault.json, VaultProperties
// .enablePurgeProtection), so the opt-out leaves it out and the vault is
// created without protection.
func purgeProtection(kv KeyVaultArgs) pulumi.BoolPtrInput {
	if !kv.PurgeProtected() {
		return nil
	}
	return pulumi.Bool(true)
}

// privateEndpoint puts target's group into the private-endpoint subnet and
// registers its records in zone.
func privateEndpoint(ctx *pulumi.Context, prefix string, comp *PrivateAKS, a PrivateAKSArgs, peName string, target pulumi.StringInput, group string, zone pulumi.StringInput) error {
	pe, err := network.NewPrivateEndpoint(ctx, prefix+"-pe", &network.PrivateEndpointArgs{
		ResourceGroupName:          a.ResourceGroupName,
		PrivateEndpointName:        pulumi.String(peName),
		Location:                   pulumi.String(a.Location),
		Subnet:                     &network.SubnetTypeArgs{Id: a.PrivateEndpointSubnetID},
		CustomNetworkInterfaceName: pulumi.String(peName + "-nic"),
		PrivateLinkServiceConnections: network.PrivateLinkServiceConnectionArray{&network.PrivateLinkServiceConnectionArgs{
			Name:                 pulumi.String(peName),
			PrivateLinkServiceId: target,
			GroupIds:             pulumi.StringArray{pulumi.String(group)},
		}},
		Tags: resopt.Tags(a.Tags),
	}, resopt.Child(comp)...)
	if err != nil {
		return err
	}
	_, err = network.NewPrivateDnsZoneGroup(ctx, prefix+"-pe-dns", &network.PrivateDnsZoneGroupArgs{
		ResourceGroupName:       a.ResourceGroupName,
		PrivateEndpointName:     pe.Name,
		PrivateDnsZoneGroupName: pulumi.String("default"),
		PrivateDnsZoneConfigs: network.PrivateDnsZoneConfigArray{&network.PrivateDnsZoneConfigArgs{
			Name:             pulumi.String(group),
			PrivateDnsZoneId: zone,
		}},
	}, resopt.Child(comp)...)
	return err
}
