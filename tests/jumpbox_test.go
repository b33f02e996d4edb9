package tests

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/components/jumpbox"
	"github.com/privateaks/privateaks/components/jumpbox/jumpboxspec"
)

const testSSHKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOQfTdg9Kab6Vt5OcP3ZL2wcoefoh6slMHYmGc9A1giO test"

func jumpboxArgs() *jumpbox.JumpboxArgs {
	two := 2
	return &jumpbox.JumpboxArgs{
		ResourceGroupName: pulumi.String("rg-hub"),
		Location:          "westeurope",
		SubnetID:          pulumi.String("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-management"),
		Jumpbox: jumpboxspec.Jumpbox{
			Name:         "vmss-runners",
			Capacity:     &two,
			Zones:        []string{"1", "2", "3"},
			SSHPublicKey: testSSHKey,
		},
		Runner: &jumpbox.RunnerArgs{
			Registration: jumpboxspec.Registration{
				Kind: jumpbox.RunnerGitHubActions, URL: "https://github.com/privateaks",
				TokenSecretName: "github-runner-token",
			},
			KeyVaultName: "kv-paks-blue",
			KeyVaultID:   pulumi.String("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-blue/providers/Microsoft.KeyVault/vaults/kv-paks-blue"),
		},
	}
}

// The scale set's properties, each read against the compute 2024-07-01
// VirtualMachineScaleSet schema (Azure/azure-rest-api-specs
// specification/compute/resource-manager/Microsoft.Compute/ComputeRP/stable
// /2024-07-01/virtualMachineScaleSet.json) and the docs named per check.
func TestJumpboxScaleSet(t *testing.T) {
	m := run(t, func(ctx *pulumi.Context) error {
		_, err := jumpbox.NewJumpbox(ctx, "runners", jumpboxArgs())
		return err
	})
	vmss := one(t, m, ":VirtualMachineScaleSet", "runners-vmss")
	if got := vmss.String("sku.capacity"); got != "" {
		t.Logf("capacity as string %q", got)
	}
	if v := vmss.Get("sku.capacity"); !v.IsNumber() || v.NumberValue() != 2 {
		t.Errorf("sku.capacity = %v, want 2", v)
	}
	// No public IP: an IP configuration gets one only through
	// publicIPAddressConfiguration (VirtualMachineScaleSetIPConfiguration).
	for _, p := range []string{
		"virtualMachineProfile.networkProfile.networkInterfaceConfigurations[0].ipConfigurations[0].publicIPAddressConfiguration",
	} {
		if v := vmss.Get(p); !v.IsNull() {
			t.Errorf("%s = %v: instances must have no public IP", p, v)
		}
	}
	if got := vmss.String("virtualMachineProfile.networkProfile.networkInterfaceConfigurations[0].ipConfigurations[0].subnet.id"); !strings.HasSuffix(got, "/subnets/snet-management") {
		t.Errorf("subnet %q, want the management subnet", got)
	}
	// Password authentication off, an SSH key given (Azure refuses a Linux
	// profile with neither).
	if v := vmss.Get("virtualMachineProfile.osProfile.linuxConfiguration.disablePasswordAuthentication"); !v.IsBool() || !v.BoolValue() {
		t.Errorf("disablePasswordAuthentication = %v, want true", v)
	}
	if v := vmss.Get("virtualMachineProfile.osProfile.adminPassword"); !v.IsNull() {
		t.Errorf("adminPassword set")
	}
	if got := vmss.String("virtualMachineProfile.osProfile.linuxConfiguration.ssh.publicKeys[0].keyData"); got != testSSHKey {
		t.Errorf("ssh key %q", got)
	}
	// Entra ID login: the AADSSHLoginForLinux extension of publisher
	// Microsoft.Azure.ActiveDirectory (entra-docs howto-vm-sign-in-azure-ad-
	// linux.md), which needs a system-assigned identity on the VM.
	ext := "virtualMachineProfile.extensionProfile.extensions[0]"
	if vmss.String(ext+".publisher") != "Microsoft.Azure.ActiveDirectory" || vmss.String(ext+".type") != "AADSSHLoginForLinux" {
		t.Errorf("extension %s/%s, want Microsoft.Azure.ActiveDirectory/AADSSHLoginForLinux", vmss.String(ext+".publisher"), vmss.String(ext+".type"))
	}
	if got := vmss.String("identity.type"); got != "SystemAssigned, UserAssigned" {
		t.Errorf("identity.type %q, want \"SystemAssigned, UserAssigned\"", got)
	}
	if ids := strs(vmss, "identity.userAssignedIdentities"); len(ids) != 1 {
		t.Errorf("userAssignedIdentities %v, want one", ids)
	}
	// Ephemeral OS disk: diffDiskSettings.option Local, ReadOnly caching
	// (ephemeral-os-disks.md); encryption at host in securityProfile.
	disk := "virtualMachineProfile.storageProfile.osDisk"
	if vmss.String(disk+".diffDiskSettings.option") != "Local" || vmss.String(disk+".caching") != "ReadOnly" {
		t.Errorf("os disk %s caching %s, want an ephemeral (Local, ReadOnly) disk", vmss.String(disk+".diffDiskSettings.option"), vmss.String(disk+".caching"))
	}
	if v := vmss.Get("virtualMachineProfile.securityProfile.encryptionAtHost"); !v.IsBool() || !v.BoolValue() {
		t.Errorf("encryptionAtHost = %v, want true", v)
	}
	// The token is read from Key Vault at boot: cloud-init names the vault
	// and secret, never a token value.
	raw, err := base64.StdEncoding.DecodeString(vmss.String("virtualMachineProfile.osProfile.customData"))
	if err != nil {
		t.Fatalf("customData is not base64: %v", err)
	}
	ci := string(raw)
	for _, want := range []string{"#cloud-config", "az login --identity", "az keyvault secret show --vault-name 'kv-paks-blue' --name 'github-runner-token'", "az aks install-cli", "https://api.github.com/orgs/privateaks/actions/runners/registration-token"} {
		if !strings.Contains(ci, want) {
			t.Errorf("cloud-init lacks %q", want)
		}
	}
	// The identity reads the vault's secrets: Key Vault Secrets User
	// (4633458b-..., built-in-roles/security.md) on the vault, nothing wider.
	ras := m.ByTypeSuffix(":RoleAssignment")
	if len(ras) != 1 {
		t.Fatalf("want 1 role assignment without deploy scopes, got %d", len(ras))
	}
	if !strings.HasSuffix(ras[0].String("roleDefinitionId"), "/4633458b-17de-408a-b874-0445c86b69e6") || !strings.HasSuffix(ras[0].String("scope"), "/vaults/kv-paks-blue") {
		t.Errorf("role %s at %s, want Key Vault Secrets User on the vault", ras[0].String("roleDefinitionId"), ras[0].String("scope"))
	}
}

func TestJumpboxDeployRolesOnlyWhenAsked(t *testing.T) {
	a := jumpboxArgs()
	a.Runner = nil
	m := run(t, func(ctx *pulumi.Context) error { _, err := jumpbox.NewJumpbox(ctx, "runners", a); return err })
	if n := len(m.ByTypeSuffix(":RoleAssignment")); n != 0 {
		t.Errorf("jump box without runner or deploy scopes has %d role assignments", n)
	}
	a.DeployScopes = map[string]pulumi.StringInput{"blue": pulumi.String("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-blue/providers/Microsoft.ContainerService/managedClusters/aks-blue")}
	m = run(t, func(ctx *pulumi.Context) error { _, err := jumpbox.NewJumpbox(ctx, "runners", a); return err })
	roles := map[string]bool{}
	for _, r := range m.ByTypeSuffix(":RoleAssignment") {
		roles[r.String("roleDefinitionId")[strings.LastIndex(r.String("roleDefinitionId"), "/")+1:]] = true
		if !strings.HasSuffix(r.String("scope"), "/managedClusters/aks-blue") {
			t.Errorf("deploy role at %s, want the cluster", r.String("scope"))
		}
	}
	// Cluster User (get-credentials) and RBAC Cluster Admin (containers.md).
	if !roles["4abbcc35-e782-43d8-92c5-2d3f1bd2253f"] || !roles["b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b"] || len(roles) != 2 {
		t.Errorf("deploy roles %v", roles)
	}
}

func TestJumpboxRefusesBadArgsBeforeRegistering(t *testing.T) {
	a := jumpboxArgs()
	over := 1001
	a.Capacity = &over
	a.SSHPublicKey = "hunter2"
	a.AdminUsername = "root"
	a.Runner.Kind = "jenkins"
	a.Runner.TokenSecretName = "bad_name"
	m, err := runErr(t, func(ctx *pulumi.Context) error { _, err := jumpbox.NewJumpbox(ctx, "runners", a); return err })
	if err == nil {
		t.Fatal("invalid args accepted")
	}
	for _, want := range []string{"capacity: invalid value 1001", "sshPublicKey:", "adminUsername: invalid value \"root\"", "runner.kind: invalid value \"jenkins\"", "runner.tokenSecretName:"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if m != nil && len(m.Resources()) != 0 {
		t.Errorf("%d resources registered before validation failed", len(m.Resources()))
	}
}

// The spec's defaults hold in the component as in the stack: no capacity
// is one instance (jumpboxspec.DefaultCapacity; a pointer to 0 is none),
// and a registration with nothing set is none, while the vault alone
// without a kind is refused.
func TestJumpboxDefaultsAndEmptyRegistration(t *testing.T) {
	a := jumpboxArgs()
	a.Capacity = nil
	a.Runner = &jumpbox.RunnerArgs{}
	m := run(t, func(ctx *pulumi.Context) error { _, err := jumpbox.NewJumpbox(ctx, "runners", a); return err })
	vmss := one(t, m, ":VirtualMachineScaleSet", "runners-vmss")
	if v := vmss.Get("sku.capacity"); !v.IsNumber() || v.NumberValue() != jumpboxspec.DefaultCapacity {
		t.Errorf("sku.capacity = %v, want %d", v, jumpboxspec.DefaultCapacity)
	}
	if got := vmss.String("sku.name"); got != jumpboxspec.DefaultVMSize {
		t.Errorf("sku.name %q, want %q", got, jumpboxspec.DefaultVMSize)
	}
	raw, err := base64.StdEncoding.DecodeString(vmss.String("virtualMachineProfile.osProfile.customData"))
	if err != nil || strings.Contains(string(raw), "register-runner") {
		t.Errorf("an empty registration registered a runner (err %v)", err)
	}
	if n := len(m.ByTypeSuffix(":RoleAssignment")); n != 0 {
		t.Errorf("an empty registration granted %d roles", n)
	}

	zero := 0
	a.Capacity = &zero
	m = run(t, func(ctx *pulumi.Context) error { _, err := jumpbox.NewJumpbox(ctx, "runners", a); return err })
	if v := one(t, m, ":VirtualMachineScaleSet", "runners-vmss").Get("sku.capacity"); !v.IsNumber() || v.NumberValue() != 0 {
		t.Errorf("capacity 0: sku.capacity = %v", v)
	}

	a.Runner = &jumpbox.RunnerArgs{KeyVaultName: "kv-paks-blue"}
	if _, err := runErr(t, func(ctx *pulumi.Context) error { _, err := jumpbox.NewJumpbox(ctx, "runners", a); return err }); err == nil || !strings.Contains(err.Error(), `runner.kind: invalid value "": "githubActions" or "azurePipelines" when the other runner keys are set`) {
		t.Errorf("a vault without a kind: %v", err)
	}
}
