package jumpbox

import (
	"fmt"
	"maps"
	"slices"

	authorization "github.com/pulumi/pulumi-azure-native-sdk/authorization/v2"
	compute "github.com/pulumi/pulumi-azure-native-sdk/compute/v2/v20240701"
	managedidentity "github.com/pulumi/pulumi-azure-native-sdk/managedidentity/v2/v20230131"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/components/identities"
	"github.com/privateaks/privateaks/internal/resopt"
)

// Type is the component's type token.
const Type = "privateaks:jumpbox:Jumpbox"

// The Entra ID login extension for Linux (MicrosoftDocs/entra-docs
// docs/identity/devices/howto-vm-sign-in-azure-ad-linux.md, "Install the
// Microsoft Entra login VM extension": publisher
// Microsoft.Azure.ActiveDirectory, type AADSSHLoginForLinux). The article
// also requires a system-assigned managed identity on the VM.
const (
	EntraLoginPublisher = "Microsoft.Azure.ActiveDirectory"
	EntraLoginType      = "AADSSHLoginForLinux"
	EntraLoginVersion   = "1.0"
)

// The image: Ubuntu Server 24.04 LTS from Canonical's marketplace offer
// (MicrosoftDocs/azure-compute-docs, virtual-machines/linux/cli-ps-findimage.md).
const (
	ImagePublisher = "Canonical"
	ImageOffer     = "ubuntu-24_04-lts"
	ImageSku       = "server"
)

// Jumpbox is the scale set with its identity.
type Jumpbox struct {
	pulumi.ResourceState

	ScaleSetID pulumi.StringOutput `pulumi:"scaleSetId"`
	// PrincipalID and ClientID of the user-assigned identity.
	PrincipalID pulumi.StringOutput `pulumi:"principalId"`
	ClientID    pulumi.StringOutput `pulumi:"clientId"`
}

// NewJumpbox creates the scale set. Invalid args are reported all at once
// before anything is registered.
func NewJumpbox(ctx *pulumi.Context, name string, args *JumpboxArgs, opts ...pulumi.ResourceOption) (*Jumpbox, error) {
	if args == nil {
		args = &JumpboxArgs{}
	}
	a := args.withDefaults()
	if err := resopt.Join(Type, name, a.Validate()); err != nil {
		return nil, err
	}
	comp := &Jumpbox{}
	if err := ctx.RegisterComponentResource(Type, name, comp, opts...); err != nil {
		return nil, err
	}
	tags := resopt.Tags(a.Tags)

	id, err := managedidentity.NewUserAssignedIdentity(ctx, name+"-identity", &managedidentity.UserAssignedIdentityArgs{
		ResourceGroupName: a.ResourceGroupName,
		ResourceName:      pulumi.String(a.IdentityName),
		Location:          pulumi.String(a.Location),
		Tags:              tags,
	}, resopt.Stateful(comp, a.Protect)...)
	if err != nil {
		return nil, err
	}

	needSub := a.Runner != nil || len(a.DeployScopes) > 0 || len(a.AdminLoginGroups)+len(a.UserLoginGroups) > 0
	var sub string
	if needSub {
		cfg, err := authorization.GetClientConfig(ctx, resopt.Invoke(comp)...)
		if err != nil {
			return nil, fmt.Errorf("%s %q: reading the client config: %w", Type, name, err)
		}
		sub = cfg.SubscriptionId
	}
	grants, err := grantRoles(ctx, comp, name, a, sub, id)
	if err != nil {
		return nil, err
	}

	customData := id.ClientId.ApplyT(func(clientID string) string { return CustomData(clientID, a.Runner) }).(pulumi.StringOutput)
	vmss, err := compute.NewVirtualMachineScaleSet(ctx, name+"-vmss", scaleSetArgs(a, id, customData, tags), resopt.Child(comp, pulumi.DependsOn(grants))...)
	if err != nil {
		return nil, err
	}
	comp.ScaleSetID = vmss.ID().ToStringOutput()
	if err := grantLogin(ctx, comp, name, a, sub, comp.ScaleSetID); err != nil {
		return nil, err
	}
	comp.PrincipalID = id.PrincipalId
	comp.ClientID = id.ClientId
	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{
		"scaleSetId":  comp.ScaleSetID,
		"principalId": comp.PrincipalID,
		"clientId":    comp.ClientID,
	}); err != nil {
		return nil, err
	}
	return comp, nil
}

// grantRoles grants the scale set's identity what it needs before the
// instances boot: the vault role first (the runner reads its token at first
// boot), then each deploy scope's cluster roles. The scale set waits for
// them.
func grantRoles(ctx *pulumi.Context, comp *Jumpbox, name string, a JumpboxArgs, sub string, id *managedidentity.UserAssignedIdentity) ([]pulumi.Resource, error) {
	var grants []pulumi.Resource
	seed := a.Name
	assign := func(scopeKey string, scope pulumi.StringInput, role, why string) error {
		ra, err := identities.Assign(ctx, name, seed, sub, identities.Grant{
			ScopeKey: scopeKey, Scope: scope, Role: role, PrincipalKey: "jumpbox",
			PrincipalID: id.PrincipalId, PrincipalType: identities.PrincipalServicePrincipal, Description: why,
		}, resopt.Child(comp)...)
		if err != nil {
			return err
		}
		grants = append(grants, ra)
		return nil
	}
	if r := a.Runner; r != nil {
		if err := assign("vault-"+r.KeyVaultName, r.KeyVaultID, identities.RoleKeyVaultSecretsUser,
			"the runner reads its registration token ("+r.TokenSecretName+") at boot"); err != nil {
			return nil, err
		}
	}
	for _, k := range slices.Sorted(maps.Keys(a.DeployScopes)) {
		// az aks get-credentials, then apply the Flux manifests (CRDs and
		// cluster roles need cluster-wide admin in Kubernetes RBAC).
		if err := assign("cluster-"+k, a.DeployScopes[k], identities.RoleAKSClusterUser, "manifests-mode pulumi up from the runners: get credentials"); err != nil {
			return nil, err
		}
		if err := assign("cluster-"+k, a.DeployScopes[k], identities.RoleAKSRBACClusterAdmin, "manifests-mode pulumi up from the runners: apply Flux manifests"); err != nil {
			return nil, err
		}
	}
	return grants, nil
}

// scaleSetArgs are the scale set's: Linux from a platform image on an
// ephemeral OS disk, no public IPs, the Entra login extension, both
// identities, and customData that registers the runner.
func scaleSetArgs(a JumpboxArgs, id *managedidentity.UserAssignedIdentity, customData pulumi.StringInput, tags pulumi.StringMapInput) *compute.VirtualMachineScaleSetArgs {
	osDisk := &compute.VirtualMachineScaleSetOSDiskArgs{
		CreateOption: pulumi.String("FromImage"),
		// Ephemeral OS disks take ReadOnly caching and live on the VM's
		// temporary (resource) disk (MicrosoftDocs/azure-compute-docs
		// virtual-machines/ephemeral-os-disks.md).
		Caching:          compute.CachingTypesReadOnly,
		DiffDiskSettings: &compute.DiffDiskSettingsArgs{Option: pulumi.String(string(compute.DiffDiskOptionsLocal)), Placement: pulumi.String(string(compute.DiffDiskPlacementResourceDisk))},
		OsType:           compute.OperatingSystemTypesLinux,
	}
	return &compute.VirtualMachineScaleSetArgs{
		ResourceGroupName: a.ResourceGroupName,
		VmScaleSetName:    pulumi.String(a.Name),
		Location:          pulumi.String(a.Location),
		Sku:               &compute.SkuArgs{Name: pulumi.String(a.VMSize), Tier: pulumi.String("Standard"), Capacity: pulumi.Float64(float64(a.Instances()))},
		Zones:             pulumi.ToStringArray(a.Zones),
		Identity: &compute.VirtualMachineScaleSetIdentityArgs{
			// SystemAssigned for the Entra login extension; UserAssigned is
			// the identity roles are granted to.
			Type:                   compute.ResourceIdentityType_SystemAssigned_UserAssigned,
			UserAssignedIdentities: pulumi.StringArray{id.ID().ToStringOutput()},
		},
		OrchestrationMode: pulumi.String("Uniform"),
		Overprovision:     pulumi.Bool(false),
		UpgradePolicy:     &compute.UpgradePolicyArgs{Mode: compute.UpgradeModeManual},
		VirtualMachineProfile: &compute.VirtualMachineScaleSetVMProfileArgs{
			OsProfile: &compute.VirtualMachineScaleSetOSProfileArgs{
				ComputerNamePrefix: pulumi.String("jump"),
				AdminUsername:      pulumi.String(a.AdminUsername),
				CustomData:         customData,
				LinuxConfiguration: &compute.LinuxConfigurationArgs{
					DisablePasswordAuthentication: pulumi.Bool(true),
					ProvisionVMAgent:              pulumi.Bool(true),
					Ssh: &compute.SshConfigurationArgs{PublicKeys: compute.SshPublicKeyTypeArray{&compute.SshPublicKeyTypeArgs{
						Path:    pulumi.String("/home/" + a.AdminUsername + "/.ssh/authorized_keys"),
						KeyData: pulumi.String(a.SSHPublicKey),
					}}},
				},
			},
			StorageProfile: &compute.VirtualMachineScaleSetStorageProfileArgs{
				ImageReference: &compute.ImageReferenceArgs{Publisher: pulumi.String(ImagePublisher), Offer: pulumi.String(ImageOffer), Sku: pulumi.String(ImageSku), Version: pulumi.String("latest")},
				OsDisk:         osDisk,
			},
			SecurityProfile: &compute.SecurityProfileArgs{EncryptionAtHost: pulumi.Bool(true)},
			NetworkProfile: &compute.VirtualMachineScaleSetNetworkProfileArgs{
				NetworkInterfaceConfigurations: compute.VirtualMachineScaleSetNetworkConfigurationArray{&compute.VirtualMachineScaleSetNetworkConfigurationArgs{
					Name:    pulumi.String("nic"),
					Primary: pulumi.Bool(true),
					// No publicIPAddressConfiguration: no instance has a
					// public IP; egress goes through the hub firewall.
					IpConfigurations: compute.VirtualMachineScaleSetIPConfigurationArray{&compute.VirtualMachineScaleSetIPConfigurationArgs{
						Name:    pulumi.String("ipconfig"),
						Primary: pulumi.Bool(true),
						Subnet:  &compute.ApiEntityReferenceArgs{Id: a.SubnetID},
					}},
				}},
			},
			ExtensionProfile: &compute.VirtualMachineScaleSetExtensionProfileArgs{
				Extensions: compute.VirtualMachineScaleSetExtensionTypeArray{&compute.VirtualMachineScaleSetExtensionTypeArgs{
					Name:                    pulumi.String(EntraLoginType),
					Publisher:               pulumi.String(EntraLoginPublisher),
					Type:                    pulumi.String(EntraLoginType),
					TypeHandlerVersion:      pulumi.String(EntraLoginVersion),
					AutoUpgradeMinorVersion: pulumi.Bool(true),
				}},
			},
		},
		Tags: tags,
	}
}

// grantLogin gives the login groups their Entra ID sign-in role on the scale
// set (the role may be scoped to the VM, its resource group or above,
// MicrosoftDocs/entra-docs howto-vm-sign-in-azure-ad-linux.md; the scale set
// is the narrowest scope that covers every instance).
func grantLogin(ctx *pulumi.Context, comp *Jumpbox, name string, a JumpboxArgs, subscriptionID string, scaleSetID pulumi.StringOutput) error {
	for _, g := range []struct {
		groups []string
		role   string
		why    string
	}{
		{a.AdminLoginGroups, identities.RoleVMAdministratorLogin, "Entra ID sign-in with sudo to the jump boxes"},
		{a.UserLoginGroups, identities.RoleVMUserLogin, "Entra ID sign-in to the jump boxes"},
	} {
		for _, group := range g.groups {
			if _, err := identities.Assign(ctx, name, a.Name, subscriptionID, identities.Grant{
				ScopeKey: "vmss", Scope: scaleSetID, Role: g.role, PrincipalKey: group,
				PrincipalID: pulumi.String(group), PrincipalType: identities.PrincipalGroup, Description: g.why,
			}, resopt.Child(comp)...); err != nil {
				return err
			}
		}
	}
	return nil
}
