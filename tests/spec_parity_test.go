package tests

import (
	"errors"
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/components/appgateway"
	"github.com/privateaks/privateaks/components/dnsresolver"
	"github.com/privateaks/privateaks/components/fluxbootstrap"
	"github.com/privateaks/privateaks/components/hubnetwork"
	"github.com/privateaks/privateaks/components/identities"
	"github.com/privateaks/privateaks/components/identities/identityspec"
	"github.com/privateaks/privateaks/components/jumpbox"
	"github.com/privateaks/privateaks/components/privateaks"
	"github.com/privateaks/privateaks/components/privateaks/clusterspec"
	"github.com/privateaks/privateaks/components/privatedns"
	"github.com/privateaks/privateaks/components/spokenetwork"
	"github.com/privateaks/privateaks/stacks/stackconfig"
)

// specCase is one rule of the cluster's spec (components/privateaks/
// clusterspec), written once and held by both layers: the stack config
// refuses it at spokes.blue.cluster.<path>, the component at <path>, with
// the same value and the same message, and the stack registers nothing.
type specCase struct {
	name string
	// path below the cluster: the config key below spokes.blue.cluster and
	// the component's argument path alike, but for the cluster's name
	// (argPath).
	path   string
	config func(cluster map[string]any)
	args   func(a *privateaks.PrivateAKSArgs)
}

// sub returns the object under k in m, making it if it is missing: the
// cases edit one key of a stack file's nested config.
func sub(m map[string]any, k string) map[string]any {
	if v, ok := m[k].(map[string]any); ok {
		return v
	}
	v := map[string]any{}
	m[k] = v
	return v
}

// The expectations are Azure's, not our code's: the agent pool count range
// and the system pool's mode (containerservice 2024-09-01 as the SDK
// documents it), the reserved node label prefixes and the ephemeral OS
// disk's fit (azure-aks-docs use-labels.md, azure-docs
// ephemeral-os-disks.md; Standard_D2ds_v5 has a 75 GiB temp disk).
func specCases() []specCase {
	return []specCase{
		{"pod CIDR overlapping the service CIDR", "network.podCidr",
			func(c map[string]any) { sub(c, "network")["podCidr"] = "172.16.0.0/16" },
			func(a *privateaks.PrivateAKSArgs) { a.Network.PodCidr = "172.16.0.0/16" }},
		{"DNS service IP outside the service CIDR", "network.dnsServiceIp",
			func(c map[string]any) { sub(c, "network")["dnsServiceIp"] = "10.0.0.10" },
			func(a *privateaks.PrivateAKSArgs) { a.Network.DNSServiceIP = "10.0.0.10" }},
		{"maintenance window under 4 hours", "maintenance.durationHours",
			func(c map[string]any) { sub(c, "maintenance")["durationHours"] = 2 },
			func(a *privateaks.PrivateAKSArgs) { a.Maintenance.DurationHours = 2 }},
		{"maintenance start hour 24", "maintenance.startHour",
			func(c map[string]any) { sub(c, "maintenance")["startHour"] = 24 },
			func(a *privateaks.PrivateAKSArgs) { h := 24; a.Maintenance.StartHour = &h }},
		{"zone 4", "systemPool.zones",
			func(c map[string]any) { sub(c, "systemPool")["zones"] = []any{"4"} },
			func(a *privateaks.PrivateAKSArgs) { a.SystemPool.Zones = []string{"4"} }},
		{"spot system pool", "systemPool.priority",
			func(c map[string]any) { sub(c, "systemPool")["priority"] = "Spot" },
			func(a *privateaks.PrivateAKSArgs) { a.SystemPool.Priority = "Spot" }},
		{"system pool of no nodes", "systemPool.minCount",
			func(c map[string]any) { sub(c, "systemPool")["minCount"] = 0; sub(c, "systemPool")["maxCount"] = 3 },
			func(a *privateaks.PrivateAKSArgs) { a.SystemPool.MinCount = 0; a.SystemPool.MaxCount = 3 }},
		{"over 1000 nodes", "systemPool.maxCount",
			func(c map[string]any) { sub(c, "systemPool")["maxCount"] = 1001 },
			func(a *privateaks.PrivateAKSArgs) { a.SystemPool.MinCount = 1; a.SystemPool.MaxCount = 1001 }},
		{"Windows system pool", "systemPool.osType",
			func(c map[string]any) { sub(c, "systemPool")["osType"] = "Windows" },
			func(a *privateaks.PrivateAKSArgs) { a.SystemPool.OSType = "Windows" }},
		{"a Windows image that does not exist", "userPools.apps.osSku",
			// Found by the spec: the stack config used to check Linux images only.
			func(c map[string]any) {
				p := sub(sub(c, "userPools"), "apps")
				p["osType"], p["osSku"] = "Windows", "Windows2025"
			},
			func(a *privateaks.PrivateAKSArgs) {
				p := a.UserPools["apps"]
				p.OSType, p.OSSku = "Windows", "Windows2025"
				a.UserPools["apps"] = p
			}},
		{"the system taint given by hand", "systemPool.taints[0]",
			func(c map[string]any) { sub(c, "systemPool")["taints"] = []any{"CriticalAddonsOnly=true:NoSchedule"} },
			func(a *privateaks.PrivateAKSArgs) {
				a.SystemPool.Taints = []string{"CriticalAddonsOnly=true:NoSchedule"}
			}},
		{"a label under kubernetes.azure.com/", "systemPool.labels.kubernetes.azure.com/mode",
			func(c map[string]any) {
				sub(c, "systemPool")["labels"] = map[string]any{"kubernetes.azure.com/mode": "user"}
			},
			func(a *privateaks.PrivateAKSArgs) {
				a.SystemPool.Labels = map[string]string{"kubernetes.azure.com/mode": "user"}
			}},
		{"an ephemeral OS disk larger than the temp disk", "systemPool.osDiskSizeGb",
			// Found by the spec: the component defaulted and accepted 80 GB here.
			func(c map[string]any) {
				p := sub(c, "systemPool")
				p["vmSize"], p["osDiskSizeGb"] = "Standard_D2ds_v5", 80
			},
			func(a *privateaks.PrivateAKSArgs) {
				a.SystemPool.VMSize, a.SystemPool.OSDiskSizeGB = "Standard_D2ds_v5", 80
			}},
		{"a VM size without its family", "systemPool.vmSize",
			func(c map[string]any) { sub(c, "systemPool")["vmSize"] = "D4ds_v5" },
			func(a *privateaks.PrivateAKSArgs) { a.SystemPool.VMSize = "D4ds_v5" }},
		{"a registry name with an underscore", "registry.name",
			func(c map[string]any) { sub(c, "registry")["name"] = "acr_blue" },
			func(a *privateaks.PrivateAKSArgs) { a.Registry.Name = "acr_blue" }},
		{"100 days of soft delete", "keyVault.softDeleteRetentionDays",
			func(c map[string]any) { sub(c, "keyVault")["softDeleteRetentionDays"] = 100 },
			func(a *privateaks.PrivateAKSArgs) { a.KeyVault.SoftDeleteRetentionDays = 100 }},
		{"10 days of cluster logs", "logAnalytics.retentionDays",
			func(c map[string]any) { sub(c, "logAnalytics")["retentionDays"] = 10 },
			func(a *privateaks.PrivateAKSArgs) { a.LogAnalytics.RetentionDays = 10 }},
		{"a KMS key of 1024 bits", "kms.keySize",
			func(c map[string]any) { k := sub(c, "kms"); k["enabled"], k["keySize"] = true, 1024 },
			func(a *privateaks.PrivateAKSArgs) {
				a.KMS.Enabled, a.KMS.VaultName, a.KMS.KeySize = true, "kvkmsblue", 1024
				a.ControlPlanePrincipalID = pulumi.String("cp")
			}},
		{"KMS settings without KMS", "kms.enabled",
			// Found by the spec: the component ignored them.
			func(c map[string]any) { sub(c, "kms")["keySize"] = 4096 },
			func(a *privateaks.PrivateAKSArgs) { a.KMS.KeySize = 4096 }},
		{"a disk encryption key of 1024 bits", "diskEncryption.keySize",
			func(c map[string]any) { d := sub(c, "diskEncryption"); d["enabled"], d["keySize"] = true, 1024 },
			func(a *privateaks.PrivateAKSArgs) {
				a.DiskEncryption.Enabled, a.DiskEncryption.VaultName, a.DiskEncryption.KeySize = true, "kvdesblue", 1024
				a.ControlPlanePrincipalID = pulumi.String("cp")
			}},
		{"a patch version", "kubernetesVersion",
			func(c map[string]any) { c["kubernetesVersion"] = "1.30.4" },
			func(a *privateaks.PrivateAKSArgs) { a.KubernetesVersion = "1.30.4" }},
		{"a tier AKS does not have", "skuTier",
			func(c map[string]any) { c["skuTier"] = "Gold" },
			func(a *privateaks.PrivateAKSArgs) { a.SkuTier = "Gold" }},
		{"a weekly upgrade channel", "autoUpgradeChannel",
			func(c map[string]any) { c["autoUpgradeChannel"] = "weekly" },
			func(a *privateaks.PrivateAKSArgs) { a.AutoUpgradeChannel = "weekly" }},
		{"node-image without NodeImage", "nodeOsUpgradeChannel",
			func(c map[string]any) {
				c["autoUpgradeChannel"], c["nodeOsUpgradeChannel"] = "node-image", "SecurityPatch"
			},
			func(a *privateaks.PrivateAKSArgs) {
				a.AutoUpgradeChannel, a.NodeOSUpgradeChannel = "node-image", "SecurityPatch"
			}},
		{"a policy effect that disables the policies", "policyEffect",
			func(c map[string]any) { c["policyEffect"] = "Disabled" },
			func(a *privateaks.PrivateAKSArgs) { a.PolicyEffect = "Disabled" }},
		{"no admin group without local accounts", "adminGroupObjectIds",
			func(c map[string]any) { c["adminGroupObjectIds"] = []any{} },
			func(a *privateaks.PrivateAKSArgs) { a.AdminGroupObjectIDs = []string{} }},
		{"300 pods per node", "systemPool.maxPods",
			func(c map[string]any) { sub(c, "systemPool")["maxPods"] = 300 },
			func(a *privateaks.PrivateAKSArgs) { a.SystemPool.MaxPods = 300 }},
		// The names: the cluster's resourceName and the DNS prefix
		// (containerservice 2024-10-01; clusterspec.Names cites them) and the
		// node resource group, a resource group AKS creates.
		{"a cluster name ending in '_'", "name",
			func(c map[string]any) { c["name"] = "aks-blue_" },
			func(a *privateaks.PrivateAKSArgs) { a.ClusterName = "aks-blue_" }},
		{"a DNS prefix with '_'", "dnsPrefix",
			func(c map[string]any) { c["dnsPrefix"] = "aks_blue" },
			func(a *privateaks.PrivateAKSArgs) { a.DNSPrefix = "aks_blue" }},
		{"a DNS prefix taken from a name with '_'", "dnsPrefix",
			// Found by the spec: the component required a DNS prefix, the
			// stack defaulted it to the cluster's name.
			func(c map[string]any) { c["name"] = "aks_blue" },
			func(a *privateaks.PrivateAKSArgs) { a.ClusterName, a.DNSPrefix = "aks_blue", "" }},
		{"a node resource group ending in '.'", "nodeResourceGroup",
			func(c map[string]any) { c["nodeResourceGroup"] = "rg-paks-dev-blue-nodes." },
			func(a *privateaks.PrivateAKSArgs) { a.NodeResourceGroup = "rg-paks-dev-blue-nodes." }},
		{"the cluster's own resource group for its nodes", "nodeResourceGroup",
			// Found by the spec: the component let it through (AKS cannot use
			// an existing group); the stack refused it as a name used twice.
			func(c map[string]any) { c["nodeResourceGroup"] = "rg-paks-dev-blue" },
			func(a *privateaks.PrivateAKSArgs) {
				a.ResourceGroupName, a.NodeResourceGroup = pulumi.String("rg-paks-dev-blue"), "rg-paks-dev-blue"
			}},
	}
}

// argPath is the component's argument path of a case's path: the same but
// for the cluster's name, "name" in the stack config and "clusterName"
// among the component's arguments (clusterspec.ConfigNameKey, ArgNameKey).
func argPath(path string) string {
	if path == clusterspec.ConfigNameKey {
		return clusterspec.ArgNameKey
	}
	return path
}

func TestSpecRulesRefusedAlikeByStackAndComponent(t *testing.T) {
	s := loadStack(t, "dev")
	for _, c := range specCases() {
		t.Run(c.name, func(t *testing.T) {
			if problem := checkSpecCase(t, s.Project, s.Name, s.Raw, c); problem != "" {
				t.Error(problem)
			}
		})
	}
}

// The checker can fail: a case whose component side sets another value
// than its config side, and one whose component side is valid, are both
// reported.
func TestSpecParityCheckerCatchesADifference(t *testing.T) {
	s := loadStack(t, "dev")
	for _, c := range []specCase{
		{"other value", "systemPool.maxPods",
			func(c map[string]any) { c["systemPool"].(map[string]any)["maxPods"] = 300 },
			func(a *privateaks.PrivateAKSArgs) { a.SystemPool.MaxPods = 400 }},
		{"valid in the component", "systemPool.maxPods",
			func(c map[string]any) { c["systemPool"].(map[string]any)["maxPods"] = 300 },
			func(a *privateaks.PrivateAKSArgs) { a.SystemPool.MaxPods = 200 }},
	} {
		if problem := checkSpecCase(t, s.Project, s.Name, s.Raw, c); problem == "" {
			t.Errorf("%s: the checker found no difference", c.name)
		}
	}
}

// checkSpecCase returns what is wrong with how the two layers treat c, or "".
func checkSpecCase(t *testing.T, project, stack string, base stackconfig.Raw, c specCase) string {
	t.Helper()
	raw := withConfig(t, base, "spokes", func(v map[string]any) {
		c.config(v["blue"].(map[string]any)["cluster"].(map[string]any))
	})
	_, cerr := runErr(t, aksProgram(aksFixture{aks: c.args}, nil))
	return checkLayers(t, project, stack, raw, "spokes.blue.cluster."+c.path, argPath(c.path), cerr)
}

// checkLayers returns what is wrong, or "": the stack must refuse raw with
// a problem at key and register nothing, and the component's error must
// carry the same value and message at argPath.
//
// renames are pairs of a stack key a message names and the argument that
// holds the same value in the component ("spokes.blue.addressSpace",
// "vnetAddressSpace"), where the two layers keep it in different places.
func checkLayers(t *testing.T, project, stack string, raw stackconfig.Raw, key, argPath string, cerr error, renames ...string) string {
	t.Helper()
	m, err := planRaw(t, project, stack, raw)
	if err == nil {
		return "the stack accepted it"
	}
	if n := len(m.Resources()); n != 0 {
		return fmt.Sprintf("%d resources registered before the refusal", n)
	}
	_, lerr := stackconfig.Load(raw)
	var found []*stackconfig.FieldError
	for _, e := range unwrapAll(lerr) {
		var fe *stackconfig.FieldError
		if errors.As(e, &fe) && fe.Path == key {
			found = append(found, fe)
		}
	}
	if len(found) == 0 {
		return fmt.Sprintf("no problem at %s:\n%v", key, lerr)
	}
	if cerr == nil {
		return "the component accepted it"
	}
	// The component must say one of the stack's problems at key: the same
	// value and message, with the stack's root (the part of key above
	// argPath, such as "hub.") taken off every path in the message. (The
	// stack may find more at the same key, e.g. a derived name.)
	root := strings.TrimSuffix(key, argPath)
	var said []string
	for _, fe := range found {
		rest := strings.TrimPrefix(fe.Error(), key)
		for i := 0; i+1 < len(renames); i += 2 {
			rest = strings.ReplaceAll(rest, renames[i], renames[i+1])
		}
		if root != key && root != "" {
			rest = strings.ReplaceAll(rest, root, "")
		}
		want := argPath + rest
		if strings.Contains(cerr.Error(), "  - "+want+"\n") || strings.HasSuffix(cerr.Error(), "  - "+want) {
			return ""
		}
		said = append(said, fe.Error())
	}
	return fmt.Sprintf("the component does not say what the stack says:\nstack:     %s\ncomponent: %v", strings.Join(said, "\n           "), cerr)
}

// fluxCase is a rule of the Flux spec (components/fluxbootstrap/fluxspec):
// refused at flux.<path> by the stack and at <path> by the component.
type fluxCase struct {
	name   string
	path   string
	config func(flux map[string]any)
	args   func(a *fluxbootstrap.FluxBootstrapArgs)
}

func fluxSpecCases() []fluxCase {
	return []fluxCase{
		{"an ftp URL", "url",
			func(f map[string]any) { f["url"] = "ftp://example.com/repo" },
			func(a *fluxbootstrap.FluxBootstrapArgs) { a.URL = "ftp://example.com/repo" }},
		{"branch and tag", "branch",
			func(f map[string]any) { f["branch"], f["tag"] = "main", "v1" },
			func(a *fluxbootstrap.FluxBootstrapArgs) { a.Branch, a.Tag = "main", "v1" }},
		{"an interval in words", "interval",
			func(f map[string]any) { f["interval"] = "5 minutes" },
			func(a *fluxbootstrap.FluxBootstrapArgs) { a.Interval = "5 minutes" }},
		{"an interval over a day", "interval",
			func(f map[string]any) { f["interval"] = "25h" },
			func(a *fluxbootstrap.FluxBootstrapArgs) { a.Interval = "25h" }},
		{"a kustomization path out of the repository", "kustomizations.apps.path",
			func(f map[string]any) {
				f["kustomizations"].(map[string]any)["apps"].(map[string]any)["path"] = "../other"
			},
			func(a *fluxbootstrap.FluxBootstrapArgs) {
				k := a.Kustomizations["apps"]
				k.Path = "../other"
				a.Kustomizations["apps"] = k
			}},
		{"a dependency on no kustomization", "kustomizations.apps.dependsOn[0]",
			func(f map[string]any) {
				f["kustomizations"].(map[string]any)["apps"].(map[string]any)["dependsOn"] = []any{"nothing"}
			},
			func(a *fluxbootstrap.FluxBootstrapArgs) {
				k := a.Kustomizations["apps"]
				k.DependsOn = []string{"nothing"}
				a.Kustomizations["apps"] = k
			}},
		{"an extension version that is no version", "extension.version",
			func(f map[string]any) { f["extension"] = map[string]any{"version": "latest"} },
			func(a *fluxbootstrap.FluxBootstrapArgs) { a.Extension.Version = "latest" }},
		{"a release train that does not exist", "extension.releaseTrain",
			// Found by the spec: the stack took only lower case, the component any case.
			func(f map[string]any) { f["extension"] = map[string]any{"releaseTrain": "nightly"} },
			func(a *fluxbootstrap.FluxBootstrapArgs) { a.Extension.ReleaseTrain = "nightly" }},
		{"workload identity on GitHub", "auth",
			func(f map[string]any) { f["auth"] = "workloadIdentity" },
			func(a *fluxbootstrap.FluxBootstrapArgs) {
				a.Auth, a.HTTPSUsername, a.HTTPSToken = fluxbootstrap.AuthWorkloadIdentity, "", nil
				a.WorkloadIdentityClientID = pulumi.String("00000000-0000-0000-0000-000000000001")
			}},
	}
}

func TestFluxSpecRulesRefusedAlikeByStackAndComponent(t *testing.T) {
	s := loadStack(t, "dev")
	for _, c := range fluxSpecCases() {
		t.Run(c.name, func(t *testing.T) {
			raw := withConfig(t, s.Raw, "flux", c.config)
			a := fluxExtensionArgs()
			c.args(a)
			_, cerr := runErr(t, func(ctx *pulumi.Context) error {
				_, err := fluxbootstrap.NewFluxBootstrap(ctx, "flux", a)
				return err
			})
			if problem := checkLayers(t, s.Project, s.Name, raw, "flux."+c.path, c.path, cerr); problem != "" {
				t.Error(problem)
			}
		})
	}
}

func unwrapAll(err error) []error {
	var ve *stackconfig.ValidationError
	if errors.As(err, &ve) {
		return ve.Errors
	}
	if err == nil {
		return nil
	}
	return []error{err}
}

// hubCase is a rule of the hub's spec (components/hubnetwork/hubspec):
// refused at hub.<path> by the stack and at <path> by the component.
type hubCase struct {
	name   string
	path   string
	config func(hub map[string]any)
	args   func(a *hubnetwork.HubNetworkArgs)
}

func hubSpecCases() []hubCase {
	return []hubCase{
		{"a firewall SKU Azure has but the baseline refuses", "firewall.sku",
			func(h map[string]any) { sub(h, "firewall")["sku"] = "Basic" },
			func(a *hubnetwork.HubNetworkArgs) { a.Firewall.Sku = "Basic" }},
		{"an IDPS mode that does not exist", "firewall.idpsMode",
			func(h map[string]any) { f := sub(h, "firewall"); f["sku"], f["idpsMode"] = "Premium", "Block" },
			func(a *hubnetwork.HubNetworkArgs) { a.Firewall.Sku, a.Firewall.IdpsMode = "Premium", "Block" }},
		{"IDPS on a Standard firewall", "firewall.idpsMode",
			func(h map[string]any) { f := sub(h, "firewall"); f["sku"], f["idpsMode"] = "Standard", "Alert" },
			func(a *hubnetwork.HubNetworkArgs) { a.Firewall.Sku, a.Firewall.IdpsMode = "Standard", "Alert" }},
		{"a firewall in zone 4", "firewall.zones",
			// Found by the spec: the component did not check the firewall's zones.
			func(h map[string]any) { sub(h, "firewall")["zones"] = []any{"4"} },
			func(a *hubnetwork.HubNetworkArgs) { a.Firewall.Zones = []string{"4"} }},
		{"251 firewall public IPs (Azure's limit is 250)", "firewall.publicIpCount",
			func(h map[string]any) { sub(h, "firewall")["publicIpCount"] = 251 },
			func(a *hubnetwork.HubNetworkArgs) { a.Firewall.PublicIPCount = 251 }},
		{"a Bastion SKU that does not exist", "bastion.sku",
			func(h map[string]any) { sub(h, "bastion")["sku"] = "Developer" },
			func(a *hubnetwork.HubNetworkArgs) { a.Bastion.Sku = "Developer" }},
		{"10 days of logs", "logs.retentionDays",
			func(h map[string]any) { sub(h, "logs")["retentionDays"] = 10 },
			func(a *hubnetwork.HubNetworkArgs) { a.Logs.RetentionDays = 10 }},
		{"a storage account name with capitals", "logs.flowLogStorageAccountName",
			func(h map[string]any) { sub(h, "logs")["flowLogStorageAccountName"] = "StFlowLogs" },
			func(a *hubnetwork.HubNetworkArgs) { a.Logs.FlowLogStorageAccountName = "StFlowLogs" }},
		{"30 days of flow logs", "logs.flowLogRetentionDays",
			func(h map[string]any) { sub(h, "logs")["flowLogRetentionDays"] = 30 },
			func(a *hubnetwork.HubNetworkArgs) { a.Logs.FlowLogRetentionDays = 30 }},
		{"a /27 firewall subnet (AzureFirewallSubnet is a /26)", "firewallSubnet",
			func(h map[string]any) { h["firewallSubnet"] = "10.200.0.0/27" },
			func(a *hubnetwork.HubNetworkArgs) { a.FirewallSubnet = "10.200.0.0/27" }},
		{"a /27 Bastion subnet", "bastionSubnet",
			func(h map[string]any) { h["bastionSubnet"] = "10.200.0.64/27" },
			func(a *hubnetwork.HubNetworkArgs) { a.BastionSubnet = "10.200.0.64/27" }},
		{"a management subnet outside the hub", "managementSubnet",
			func(h map[string]any) { h["managementSubnet"] = "10.201.0.0/27" },
			func(a *hubnetwork.HubNetworkArgs) { a.ManagementSubnet = "10.201.0.0/27" }},
		{"a gateway subnet overlapping Bastion's", "gatewaySubnet",
			// Found by the spec: the component did not check overlaps.
			func(h map[string]any) { h["enableGateway"], h["gatewaySubnet"] = true, "10.200.0.64/27" },
			func(a *hubnetwork.HubNetworkArgs) { a.GatewaySubnet = "10.200.0.64/27" }},
		{"a hub private-endpoint subnet that is not a prefix", "privateEndpointSubnet",
			func(h map[string]any) { h["privateEndpointSubnet"] = "10.200.0.192" },
			func(a *hubnetwork.HubNetworkArgs) { a.PrivateEndpointSubnet = "10.200.0.192" }},
		{"a hub VNet name with a space", "vnetName",
			func(h map[string]any) { h["vnetName"] = "vnet hub" },
			func(a *hubnetwork.HubNetworkArgs) { a.VnetName = "vnet hub" }},
		{"a DDoS plan without protection", "ddos.planId",
			func(h map[string]any) {
				sub(h, "ddos")["planId"] = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/ddosProtectionPlans/p"
			},
			func(a *hubnetwork.HubNetworkArgs) {
				a.DDoS.PlanID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/ddosProtectionPlans/p"
			}},
	}
}

func TestHubSpecRulesRefusedAlikeByStackAndComponent(t *testing.T) {
	s := loadStack(t, "dev")
	for _, c := range hubSpecCases() {
		t.Run(c.name, func(t *testing.T) {
			raw := withConfig(t, s.Raw, "hub", c.config)
			a := hubArgs()
			c.args(a)
			_, cerr := runErr(t, func(ctx *pulumi.Context) error {
				_, err := hubnetwork.NewHubNetwork(ctx, "hub", a)
				return err
			})
			if problem := checkLayers(t, s.Project, s.Name, raw, "hub."+c.path, c.path, cerr); problem != "" {
				t.Error(problem)
			}
		})
	}
}

// The stack's one Azure Monitor Private Link Scope holds at most 50
// resources (private-link-design.md, "AMPLS limits"): 24 spokes fit
// (1 + 2 x 24 = 49), 25 do not, and the stack refuses them at "spokes"
// before anything is registered. The monitor link component refused them
// too, but only after the hub and every spoke had been registered.
func TestSpokesBeyondTheMonitorScopeRefusedFirst(t *testing.T) {
	if got := stackconfig.MaxSpokes(); got != 24 {
		t.Fatalf("MaxSpokes %d, want 24", got)
	}
	m, err := planRaw(t, "privateaks", "prod", spokesRaw(t, 24))
	if err != nil {
		t.Fatalf("24 spokes: %v", err)
	}
	if n := len(m.ByTypeSuffix(":PrivateLinkScopedResource")); n != 49 {
		t.Errorf("24 spokes: %d scoped resources, want 49 (stackconfig.MonitorScopedResources)", n)
	}
	m, err = planRaw(t, "privateaks", "prod", spokesRaw(t, 25))
	if err == nil || !strings.Contains(err.Error(), "spokes: invalid value 25: at most 24 spokes") {
		t.Fatalf("25 spokes: want a refusal at spokes, got %v", err)
	}
	if n := len(m.Resources()); n != 0 {
		t.Errorf("25 spokes: %d resources registered before the refusal", n)
	}
}

// identityCase is a rule of the identities' spec
// (components/identities/identityspec), refused at
// spokes.blue.cluster.<configPath> by the stack and at <argPath> by the
// component (WorkloadIdentity's arguments are flat; ClusterAccess keys
// namespaces under namespaceAccess).
type identityCase struct {
	name, configPath, argPath string
	config                    func(cluster map[string]any)
	component                 func(ctx *pulumi.Context) error
}

func identitySpecCases() []identityCase {
	wi := func(sas []string, role identityspec.KeyVaultRole) func(ctx *pulumi.Context) error {
		return func(ctx *pulumi.Context) error {
			_, err := identities.NewWorkloadIdentity(ctx, "wi", &identities.WorkloadIdentityArgs{
				ResourceGroupName: pulumi.String("rg-spoke"), Location: "westeurope", IdentityName: "id-payments",
				IssuerURL: pulumi.String("https://issuer/"), KeyVaultID: pulumi.String(idsVault), Seed: idsSeed,
				WorkloadIdentity: identityspec.WorkloadIdentity{ServiceAccounts: sas, KeyVaultRole: role},
			})
			return err
		}
	}
	access := func(ns string, a identityspec.NamespaceAccess) func(ctx *pulumi.Context) error {
		return func(ctx *pulumi.Context) error {
			_, err := identities.NewClusterAccess(ctx, "access", &identities.ClusterAccessArgs{
				ClusterID: pulumi.String("/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks"),
				Seed:      idsSeed, NamespaceAccess: map[string]identities.NamespaceAccess{ns: a},
			})
			return err
		}
	}
	setWI := func(sas []any, role string) func(c map[string]any) {
		return func(c map[string]any) {
			w := map[string]any{"serviceAccounts": sas}
			if role != "" {
				w["keyVaultRole"] = role
			}
			c["workloadIdentities"] = map[string]any{"payments": w}
		}
	}
	return []identityCase{
		{"a service account twice", "workloadIdentities.payments.serviceAccounts[1]", "serviceAccounts[1]",
			// Found by the spec: the stack let the duplicate through.
			setWI([]any{"payments/api", "payments/api"}, ""),
			wi([]string{"payments/api", "payments/api"}, "")},
		{"a service account without its namespace", "workloadIdentities.payments.serviceAccounts[0]", "serviceAccounts[0]",
			setWI([]any{"api"}, ""), wi([]string{"api"}, "")},
		{"a vault role the baseline does not grant", "workloadIdentities.payments.keyVaultRole", "keyVaultRole",
			setWI([]any{"payments/api"}, "secretsOfficer"), wi([]string{"payments/api"}, "secretsOfficer")},
		{"a namespace with capitals", "namespaceAccess.Payments", "namespaceAccess.Payments",
			func(c map[string]any) {
				c["namespaceAccess"] = map[string]any{"Payments": map[string]any{"readers": []any{"00000000-0000-0000-0000-000000000001"}}}
			},
			access("Payments", identityspec.NamespaceAccess{Readers: []string{"00000000-0000-0000-0000-000000000001"}})},
	}
}

func TestIdentitySpecRulesRefusedAlikeByStackAndComponent(t *testing.T) {
	s := loadStack(t, "dev")
	for _, c := range identitySpecCases() {
		t.Run(c.name, func(t *testing.T) {
			raw := withConfig(t, s.Raw, "spokes", func(v map[string]any) {
				c.config(v["blue"].(map[string]any)["cluster"].(map[string]any))
			})
			_, cerr := runErr(t, c.component)
			if problem := checkLayers(t, s.Project, s.Name, raw, "spokes.blue.cluster."+c.configPath, c.argPath, cerr); problem != "" {
				t.Error(problem)
			}
		})
	}
}

// The resolver's forwarding rules (components/dnsresolver/resolverspec):
// refused at hub.dnsResolver.forwarding[i]... by the stack and at
// forwarding[i]... by the component. The prod sample has one rule.
func TestResolverSpecRulesRefusedAlikeByStackAndComponent(t *testing.T) {
	s := loadStack(t, "prod")
	for _, c := range []struct {
		name, path string
		rule       map[string]any
		arg        dnsresolver.ForwardingRule
	}{
		{"forwarding a privatelink zone away", "forwarding[0].domain",
			// Found by the spec: the component let it through.
			map[string]any{"domain": "privatelink.blob.core.windows.net", "targetDnsServers": []any{"192.168.10.4"}},
			dnsresolver.ForwardingRule{Domain: "privatelink.blob.core.windows.net", TargetDNSServers: []string{"192.168.10.4"}}},
		{"seven target servers", "forwarding[0].targetDnsServers",
			map[string]any{"domain": "corp.contoso.com", "targetDnsServers": []any{"10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6", "10.0.0.7"}},
			dnsresolver.ForwardingRule{Domain: "corp.contoso.com", TargetDNSServers: []string{"10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6", "10.0.0.7"}}},
		{"a target with port 0", "forwarding[0].targetDnsServers[0]",
			map[string]any{"domain": "corp.contoso.com", "targetDnsServers": []any{"10.0.0.4:0"}},
			dnsresolver.ForwardingRule{Domain: "corp.contoso.com", TargetDNSServers: []string{"10.0.0.4:0"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			raw := withConfig(t, s.Raw, "hub", func(h map[string]any) {
				h["dnsResolver"].(map[string]any)["forwarding"] = []any{c.rule}
			})
			a := resolverArgs()
			a.Forwarding = []dnsresolver.ForwardingRule{c.arg}
			_, cerr := runErr(t, func(ctx *pulumi.Context) error { _, err := dnsresolver.NewResolver(ctx, "dns", a); return err })
			if problem := checkLayers(t, s.Project, s.Name, raw, "hub.dnsResolver."+c.path, c.path, cerr); problem != "" {
				t.Error(problem)
			}
		})
	}
}

// The resolver's name and endpoint subnets (resolverspec.Resolver), in the
// prod sample's hub (10.200.0.0/24, endpoints at .160/28 and .176/28, as
// resolverArgs): DNS Private Resolver takes /28 to /24 endpoint subnets
// (dns-private-resolver-overview.md, "Subnet restrictions").
func TestResolverLayoutRulesRefusedAlikeByStackAndComponent(t *testing.T) {
	s := loadStack(t, "prod")
	for _, c := range []struct {
		name, path string
		config     func(r map[string]any)
		args       func(a *dnsresolver.ResolverArgs)
	}{
		{"a resolver name ending in '-'", "name",
			func(r map[string]any) { r["name"] = "dnspr-hub-" },
			func(a *dnsresolver.ResolverArgs) { a.Name = "dnspr-hub-" }},
		{"a /29 inbound subnet", "inboundSubnet",
			func(r map[string]any) { r["inboundSubnet"] = "10.200.0.160/29" },
			func(a *dnsresolver.ResolverArgs) { a.InboundSubnet = "10.200.0.160/29" }},
		{"a /23 outbound subnet", "outboundSubnet",
			func(r map[string]any) { r["outboundSubnet"] = "10.200.0.0/23" },
			func(a *dnsresolver.ResolverArgs) { a.OutboundSubnet = "10.200.0.0/23" }},
		{"both endpoints in one subnet", "outboundSubnet",
			func(r map[string]any) { r["outboundSubnet"] = "10.200.0.160/28" },
			func(a *dnsresolver.ResolverArgs) { a.OutboundSubnet = "10.200.0.160/28" }},
		{"an inbound subnet that is not a prefix", "inboundSubnet",
			func(r map[string]any) { r["inboundSubnet"] = "10.200.0.160" },
			func(a *dnsresolver.ResolverArgs) { a.InboundSubnet = "10.200.0.160" }},
	} {
		t.Run(c.name, func(t *testing.T) {
			raw := withConfig(t, s.Raw, "hub", func(h map[string]any) { c.config(h["dnsResolver"].(map[string]any)) })
			a := resolverArgs()
			c.args(a)
			_, cerr := runErr(t, func(ctx *pulumi.Context) error { _, err := dnsresolver.NewResolver(ctx, "dns", a); return err })
			if problem := checkLayers(t, s.Project, s.Name, raw, "hub.dnsResolver."+c.path, c.path, cerr); problem != "" {
				t.Error(problem)
			}
		})
	}
}

// The Application Gateway's spec (components/appgateway/gatewayspec):
// refused at spokes.blue.appGateway.<path> by the stack and at <path> by
// the component. The prod sample's blue spoke has a gateway.
func TestGatewaySpecRulesRefusedAlikeByStackAndComponent(t *testing.T) {
	s := loadStack(t, "prod")
	for _, c := range []struct {
		name, path string
		config     func(g map[string]any)
		args       func(a *appgateway.GatewayArgs)
	}{
		{"200 instances (Azure's limit is 125)", "maxCapacity",
			func(g map[string]any) { g["maxCapacity"] = 200 },
			func(a *appgateway.GatewayArgs) { a.MaxCapacity = 200 }},
		{"the WAF off", "wafMode",
			func(g map[string]any) { g["wafMode"] = "Off" },
			func(a *appgateway.GatewayArgs) { a.WAFMode = "Off" }},
		{"a probe path without its slash", "probePath",
			func(g map[string]any) { g["probePath"] = "healthz" },
			func(a *appgateway.GatewayArgs) { a.ProbePath = "healthz" }},
		{"a gateway in zone 4", "zones",
			// Found by the spec: the component reported each zone, the stack the list.
			func(g map[string]any) { g["zones"] = []any{"4"} },
			func(a *appgateway.GatewayArgs) { a.Zones = []string{"4"} }},
		{"a gateway name ending in '.'", "name",
			func(g map[string]any) { g["name"] = "agw-blue." },
			func(a *appgateway.GatewayArgs) { a.Name = "agw-blue." }},
		{"a /27 gateway subnet (v2 needs a /26)", "subnet",
			func(g map[string]any) { g["subnet"], g["privateIp"] = "10.241.252.0/27", "10.241.252.10" },
			func(a *appgateway.GatewayArgs) { a.Subnet = "10.241.252.0/27" }},
		{"a gateway subnet outside the spoke", "subnet",
			func(g map[string]any) { g["subnet"], g["privateIp"] = "10.99.252.0/24", "10.99.252.10" },
			func(a *appgateway.GatewayArgs) { a.Subnet, a.PrivateIP = "10.99.252.0/24", "10.99.252.10" }},
		{"a private frontend on the subnet's reserved first address", "privateIp",
			func(g map[string]any) { g["privateIp"] = "10.241.252.1" },
			func(a *appgateway.GatewayArgs) { a.PrivateIP = "10.241.252.1" }},
		{"a backend outside the ingress subnet", "backendIp",
			// Found by the spec: the component took any IPv4 address as the backend.
			func(g map[string]any) { g["backendIp"] = "10.241.252.20" },
			func(a *appgateway.GatewayArgs) { a.BackendIP = "10.241.252.20" }},
		{"a hostname with capitals", "listeners.shop.hostname",
			func(g map[string]any) {
				g["listeners"] = map[string]any{"shop": map[string]any{"hostname": "Shop.contoso.com", "certificateSecretName": "shop-cert", "public": true}}
			},
			func(a *appgateway.GatewayArgs) {
				a.Listeners = map[string]appgateway.Listener{"shop": {Hostname: "Shop.contoso.com", CertificateSecretName: "shop-cert", Public: true}}
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			raw := withConfig(t, s.Raw, "spokes", func(v map[string]any) {
				c.config(v["blue"].(map[string]any)["appGateway"].(map[string]any))
			})
			a := gatewayArgs()
			c.args(a)
			_, cerr := runErr(t, func(ctx *pulumi.Context) error { _, err := appgateway.NewGateway(ctx, "appgw", a); return err })
			if problem := checkLayers(t, s.Project, s.Name, raw, "spokes.blue.appGateway."+c.path, c.path, cerr,
				"spokes.blue.addressSpace", "vnetAddressSpace", "spokes.blue.ingressSubnet", "ingressSubnet"); problem != "" {
				t.Error(problem)
			}
		})
	}
}

// The spoke VNet's spec (components/spokenetwork/spokespec): refused at
// spokes.blue.<path> by the stack and at <path> by the component. The
// sizes are Azure's and ours as spokespec names them; the dev sample's
// blue spoke is 10.240.0.0/16 with its private endpoints at .250.0/27 and
// ingress at .251.0/28, as spokeArgs.
func TestSpokeSpecRulesRefusedAlikeByStackAndComponent(t *testing.T) {
	s := loadStack(t, "dev")
	for _, c := range []struct {
		name, path string
		config     func(spoke map[string]any)
		args       func(a *spokenetwork.SpokeNetworkArgs)
	}{
		{"a /29 ingress subnet", "ingressSubnet",
			func(sp map[string]any) { sp["ingressSubnet"] = "10.240.251.0/29" },
			func(a *spokenetwork.SpokeNetworkArgs) { a.IngressSubnet = "10.240.251.0/29" }},
		{"a private-endpoint subnet outside the spoke", "privateEndpointSubnet",
			func(sp map[string]any) { sp["privateEndpointSubnet"] = "10.99.0.0/27" },
			func(a *spokenetwork.SpokeNetworkArgs) { a.PrivateEndpointSubnet = "10.99.0.0/27" }},
		{"ingress overlapping the private endpoints", "ingressSubnet",
			func(sp map[string]any) { sp["ingressSubnet"] = "10.240.250.16/28" },
			func(a *spokenetwork.SpokeNetworkArgs) { a.IngressSubnet = "10.240.250.16/28" }},
		{"a VNet name ending in a dot", "vnetName",
			func(sp map[string]any) { sp["vnetName"] = "vnet-blue." },
			func(a *spokenetwork.SpokeNetworkArgs) { a.VnetName = "vnet-blue." }},
		{"an address space of /33", "addressSpace",
			func(sp map[string]any) { sp["addressSpace"] = "10.240.0.0/33" },
			func(a *spokenetwork.SpokeNetworkArgs) { a.AddressSpace = "10.240.0.0/33" }},
	} {
		t.Run(c.name, func(t *testing.T) {
			raw := withConfig(t, s.Raw, "spokes", func(v map[string]any) { c.config(v["blue"].(map[string]any)) })
			a := spokeArgs()
			c.args(a)
			_, cerr := runErr(t, func(ctx *pulumi.Context) error {
				_, err := spokenetwork.NewSpokeNetwork(ctx, "spoke", a)
				return err
			})
			if problem := checkLayers(t, s.Project, s.Name, raw, "spokes.blue."+c.path, c.path, cerr); problem != "" {
				t.Error(problem)
			}
		})
	}
}

// The extra privatelink zones (components/privatedns/dnsspec): refused at
// dns.extraZones[i] by the stack and at extraZones[i] by the component.
// The dev sample is in westeurope.
func TestDNSSpecRulesRefusedAlikeByStackAndComponent(t *testing.T) {
	s := loadStack(t, "dev")
	for _, c := range []struct {
		name  string
		zones []string
		index int
	}{
		{"a public zone", []string{"example.com"}, 0},
		{"a zone name with capitals", []string{"privatelink.Blob.core.windows.net"}, 0},
		{"the registry's zone again", []string{"privatelink.azurecr.io"}, 0},
		// Found by the spec: both layers accepted the API server's zone,
		// which would be a second resource for the same Azure zone.
		{"the API server's zone again", []string{"privatelink.westeurope.azmk8s.io"}, 0},
		{"a zone listed twice", []string{"privatelink.file.core.windows.net", "privatelink.file.core.windows.net"}, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			raw := withConfig(t, s.Raw, "dns", func(d map[string]any) { d["extraZones"] = c.zones })
			_, cerr := runErr(t, func(ctx *pulumi.Context) error {
				_, err := privatedns.NewPrivateDNS(ctx, "dns", &privatedns.PrivateDNSArgs{
					ResourceGroupName: pulumi.String("rg-hub"),
					Location:          "westeurope",
					ExtraZones:        c.zones,
					VnetLinks:         map[string]pulumi.StringInput{"hub": pulumi.String("vnet-hub-id")},
				})
				return err
			})
			path := fmt.Sprintf("extraZones[%d]", c.index)
			if problem := checkLayers(t, s.Project, s.Name, raw, "dns."+path, path, cerr); problem != "" {
				t.Error(problem)
			}
		})
	}
}

// The runners' spec (components/jumpbox/jumpboxspec): refused at
// hub.runners.<path> by the stack and at <path> by the component. The prod
// sample's runners are enabled and register a GitHub Actions runner
// (labels [prod], the token in the blue spoke's vault).
func TestRunnersSpecRulesRefusedAlikeByStackAndComponent(t *testing.T) {
	s := loadStack(t, "prod")
	for _, c := range []struct {
		name, path string
		config     func(r map[string]any)
		args       func(a *jumpbox.JumpboxArgs)
	}{
		{"a name starting with '-'", "name",
			// Found by the spec: the component said less than the stack.
			func(r map[string]any) { r["name"] = "-runners" },
			func(a *jumpbox.JumpboxArgs) { a.Name = "-runners" }},
		{"a VM size in lowercase", "vmSize",
			// Found by the spec: the component took anything after "Standard_".
			func(r map[string]any) { r["vmSize"] = "Standard_d2ds_v5" },
			func(a *jumpbox.JumpboxArgs) { a.VMSize = "Standard_d2ds_v5" }},
		{"1001 instances (a scale set's limit is 1000)", "capacity",
			func(r map[string]any) { r["capacity"] = 1001 },
			func(a *jumpbox.JumpboxArgs) { n := 1001; a.Capacity = &n }},
		{"zone 1 twice", "zones",
			// Found by the spec: the component took a zone twice and
			// reported each bad zone, the stack the list.
			func(r map[string]any) { r["zones"] = []any{"1", "1"} },
			func(a *jumpbox.JumpboxArgs) { a.Zones = []string{"1", "1"} }},
		{"root as the admin", "adminUsername",
			func(r map[string]any) { r["adminUsername"] = "root" },
			func(a *jumpbox.JumpboxArgs) { a.AdminUsername = "root" }},
		{"a private key pasted", "sshPublicKey",
			// Found by the spec: the component's wording differed.
			func(r map[string]any) { r["sshPublicKey"] = "-----BEGIN OPENSSH PRIVATE KEY-----" },
			func(a *jumpbox.JumpboxArgs) { a.SSHPublicKey = "-----BEGIN OPENSSH PRIVATE KEY-----" }},
		{"an admin login group by name", "adminLoginGroups[0]",
			// Found by the spec: the component's wording differed.
			func(r map[string]any) { r["adminLoginGroups"] = []any{"platform-admins"} },
			func(a *jumpbox.JumpboxArgs) { a.AdminLoginGroups = []string{"platform-admins"} }},
		{"a user login group by name", "userLoginGroups[0]",
			func(r map[string]any) { r["userLoginGroups"] = []any{"developers"} },
			func(a *jumpbox.JumpboxArgs) { a.UserLoginGroups = []string{"developers"} }},
		{"a Jenkins runner", "runner.kind",
			// Found by the spec: the component's wording differed.
			func(r map[string]any) { sub(r, "runner")["kind"] = "jenkins" },
			func(a *jumpbox.JumpboxArgs) { a.Runner.Kind = "jenkins" }},
		{"runner keys without a kind", "runner.kind",
			// Found by the spec: the component said only which kinds exist.
			func(r map[string]any) { delete(sub(r, "runner"), "kind") },
			func(a *jumpbox.JumpboxArgs) { a.Runner.Kind = "" }},
		{"a GitHub runner on GitLab", "runner.url",
			func(r map[string]any) { sub(r, "runner")["url"] = "https://gitlab.com/privateaks" },
			func(a *jumpbox.JumpboxArgs) { a.Runner.URL = "https://gitlab.com/privateaks" }},
		{"an Azure Pipelines agent on GitHub", "runner.url",
			func(r map[string]any) { sub(r, "runner")["kind"] = "azurePipelines" },
			func(a *jumpbox.JumpboxArgs) { a.Runner.Kind = jumpbox.RunnerAzurePipelines }},
		{"a pool for GitHub", "runner.pool",
			// Found by the spec: the component's wording differed.
			func(r map[string]any) { sub(r, "runner")["pool"] = "Default" },
			func(a *jumpbox.JumpboxArgs) { a.Runner.Pool = "Default" }},
		{"labels for Azure Pipelines", "runner.labels",
			func(r map[string]any) {
				reg := sub(r, "runner")
				reg["kind"], reg["url"] = "azurePipelines", "https://dev.azure.com/privateaks"
			},
			func(a *jumpbox.JumpboxArgs) {
				a.Runner.Kind, a.Runner.URL, a.Runner.Labels = jumpbox.RunnerAzurePipelines, "https://dev.azure.com/privateaks", []string{"prod"}
			}},
		{"a label with a space", "runner.labels[0]",
			func(r map[string]any) { sub(r, "runner")["labels"] = []any{"a b"} },
			func(a *jumpbox.JumpboxArgs) { a.Runner.Labels = []string{"a b"} }},
		{"a secret name with '_'", "runner.tokenSecretName",
			// Found by the spec: the component's wording differed.
			func(r map[string]any) { sub(r, "runner")["tokenSecretName"] = "gh_token" },
			func(a *jumpbox.JumpboxArgs) { a.Runner.TokenSecretName = "gh_token" }},
	} {
		t.Run(c.name, func(t *testing.T) {
			raw := withConfig(t, s.Raw, "hub", func(h map[string]any) { c.config(h["runners"].(map[string]any)) })
			a := jumpboxArgs()
			c.args(a)
			_, cerr := runErr(t, func(ctx *pulumi.Context) error { _, err := jumpbox.NewJumpbox(ctx, "runners", a); return err })
			if problem := checkLayers(t, s.Project, s.Name, raw, "hub.runners."+c.path, c.path, cerr); problem != "" {
				t.Error(problem)
			}
		})
	}
}

// Zones in a region without them (clusterspec.ValidateZonesIn): the prod
// sample moved to westus, which availability-zones-region-support.md does
// not list, with zones set on each zonal resource, is refused at the key by
// the stack and at the argument by each component in the same words.
// Found by the rule: the stack did not check the runners' and the
// gateways' zones against the region, and no component checked any.
func TestZonesInAZonelessRegionRefusedAlikeByStackAndComponent(t *testing.T) {
	const region = "westus"
	s := loadStack(t, "prod")
	base := s.Raw
	base.Values = maps.Clone(base.Values)
	base.Values["privateaks:location"] = region
	three := []any{"1", "2", "3"}
	t.Run("hub.firewall.zones", func(t *testing.T) {
		raw := withConfig(t, base, "hub", func(h map[string]any) { sub(h, "firewall")["zones"] = three })
		a := hubArgs()
		a.Location, a.Firewall.Zones = region, []string{"1", "2", "3"}
		_, cerr := runErr(t, func(ctx *pulumi.Context) error { _, err := hubnetwork.NewHubNetwork(ctx, "hub", a); return err })
		if problem := checkLayers(t, s.Project, s.Name, raw, "hub.firewall.zones", "firewall.zones", cerr); problem != "" {
			t.Error(problem)
		}
	})
	t.Run("hub.runners.zones", func(t *testing.T) {
		raw := withConfig(t, base, "hub", func(h map[string]any) { sub(h, "runners")["zones"] = three })
		a := jumpboxArgs()
		a.Location = region
		_, cerr := runErr(t, func(ctx *pulumi.Context) error { _, err := jumpbox.NewJumpbox(ctx, "runners", a); return err })
		if problem := checkLayers(t, s.Project, s.Name, raw, "hub.runners.zones", "zones", cerr); problem != "" {
			t.Error(problem)
		}
	})
	t.Run("spokes.blue.appGateway.zones", func(t *testing.T) {
		raw := withConfig(t, base, "spokes", func(v map[string]any) {
			sub(sub(v, "blue"), "appGateway")["zones"] = three
		})
		a := gatewayArgs()
		a.Location = region
		_, cerr := runErr(t, func(ctx *pulumi.Context) error { _, err := appgateway.NewGateway(ctx, "appgw", a); return err })
		if problem := checkLayers(t, s.Project, s.Name, raw, "spokes.blue.appGateway.zones", "zones", cerr); problem != "" {
			t.Error(problem)
		}
	})
	t.Run("spokes.blue.cluster.systemPool.zones", func(t *testing.T) {
		c := specCase{"system pool zones in " + region, "systemPool.zones",
			func(c map[string]any) { sub(c, "systemPool")["zones"] = three },
			func(a *privateaks.PrivateAKSArgs) { a.Location, a.SystemPool.Zones = region, []string{"1", "2", "3"} }}
		if problem := checkSpecCase(t, s.Project, s.Name, base, c); problem != "" {
			t.Error(problem)
		}
	})
}
