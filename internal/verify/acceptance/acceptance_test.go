package acceptance

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/privateaks/privateaks/internal/mockengine"
	"github.com/privateaks/privateaks/internal/verify"
)

var asOf = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// plan is a hand-built verify.Plan.
type plan struct{ rs []*mockengine.Resource }

func (p plan) Resources() []*mockengine.Resource { return p.rs }
func (p plan) ByTypeSuffix(s string) []*mockengine.Resource {
	var out []*mockengine.Resource
	for _, r := range p.rs {
		if strings.HasSuffix(r.Type, s) {
			out = append(out, r)
		}
	}
	return out
}
func (p plan) ByURN(u string) *mockengine.Resource {
	for _, r := range p.rs {
		if r.URN == u {
			return r
		}
	}
	return nil
}
func (p plan) ByID(id string) *mockengine.Resource {
	for _, r := range p.rs {
		if strings.EqualFold(r.ID, id) {
			return r
		}
	}
	return nil
}

var _ verify.Plan = plan{}

const sub = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/"

func res(typ, name, id string, inputs string) *mockengine.Resource {
	var m map[string]any
	if err := json.Unmarshal([]byte(inputs), &m); err != nil {
		panic(name + ": " + err.Error())
	}
	return &mockengine.Resource{Type: typ, Name: name, URN: "urn:pulumi:test::p::" + typ + "::" + name, ID: id, Custom: true, Inputs: resource.NewPropertyMapFromMap(m)}
}

// knownHosts is a well-formed ed25519 line for host.
func knownHosts(host string) string {
	blob := binary.BigEndian.AppendUint32(nil, uint32(len("ssh-ed25519")))
	blob = append(blob, "ssh-ed25519"...)
	blob = binary.BigEndian.AppendUint32(blob, 32)
	blob = append(blob, make([]byte, 32)...)
	return host + " ssh-ed25519 " + base64.StdEncoding.EncodeToString(blob) + "\n"
}

// good is a plan every rule accepts: written from the specs' examples, not
// from our components.
func good() []*mockengine.Resource {
	return []*mockengine.Resource{
		res("azure-native:containerservice/v20240901:ManagedCluster", "aks", "", `{
			"resourceName":"aks-blue","resourceGroupName":"rg","location":"westeurope","kubernetesVersion":"1.36",
			"sku":{"name":"Base","tier":"Standard"},
			"autoUpgradeProfile":{"upgradeChannel":"patch","nodeOSUpgradeChannel":"NodeImage"},
			"addonProfiles":{"azurepolicy":{"enabled":true}},
			"securityProfile":{"azureKeyVaultKms":{"enabled":true,"keyVaultNetworkAccess":"Public","keyId":"https://kv-kms-blue.vault.azure.net/keys/etcd-kms/0123456789abcdef0123456789abcdef"}},
			"diskEncryptionSetID":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/des-blue",
			"networkProfile":{"networkPlugin":"azure","networkPluginMode":"overlay","networkPolicy":"azure","networkDataplane":"azure",
				"outboundType":"userDefinedRouting","loadBalancerSku":"standard","podCidr":"10.244.0.0/16","serviceCidr":"172.16.0.0/16","dnsServiceIP":"172.16.0.10"},
			"agentPoolProfiles":[{"name":"system","mode":"System","osType":"Linux","osSKU":"AzureLinux","vmSize":"Standard_D4ds_v5","count":3,
				"enableAutoScaling":true,"minCount":3,"maxCount":5,"osDiskType":"Ephemeral","osDiskSizeGB":80,"kubeletDiskType":"OS","maxPods":110,
				"type":"VirtualMachineScaleSets","scaleDownMode":"Delete","availabilityZones":["1","2","3"],"enableEncryptionAtHost":true,
				"upgradeSettings":{"maxSurge":"1"},"vnetSubnetID":"`+sub+`nodes"}]}`),
		res("azure-native:containerservice/v20240901:AgentPool", "pool-win", "", `{
			"agentPoolName":"win1","resourceName":"aks-blue","resourceGroupName":"rg","mode":"User","osType":"Windows","osSKU":"Windows2022","orchestratorVersion":"1.35",
			"vmSize":"Standard_D8ds_v5","count":2,"osDiskType":"Managed","maxPods":30,"availabilityZones":["1"],"vnetSubnetID":"`+sub+`nodes"}`),
		res("azure-native:network/v20240501:Subnet", "nodes", sub+"nodes", `{"addressPrefix":"10.240.0.0/22","subnetName":"nodes","virtualNetworkName":"v","resourceGroupName":"rg"}`),
		res("azure-native:network/v20240501:VirtualNetwork", "vnet", "", `{"virtualNetworkName":"v","resourceGroupName":"rg","addressSpace":{"addressPrefixes":["10.240.0.0/16"]}}`),
		res("azure-native:network/v20240501:Subnet", "fwsub", "", `{"addressPrefix":"10.240.4.0/26","subnetName":"AzureFirewallSubnet","virtualNetworkName":"v","resourceGroupName":"rg"}`),
		res("azure-native:network/v20240501:Subnet", "bassub", "", `{"addressPrefix":"10.240.4.64/26","subnetName":"AzureBastionSubnet","virtualNetworkName":"v","resourceGroupName":"rg"}`),
		res("azure-native:network/v20240501:PublicIPAddress", "pip", "", `{"sku":{"name":"Standard","tier":"Regional"},"publicIPAllocationMethod":"Static","location":"westeurope","zones":["1","2","3"]}`),
		res("azure-native:containerservice/v20240901:MaintenanceConfiguration", "maint", "", `{
			"configName":"aksManagedAutoUpgradeSchedule","resourceName":"aks-blue","resourceGroupName":"rg",
			"maintenanceWindow":{"durationHours":4,"startTime":"02:00","utcOffset":"+00:00","schedule":{"weekly":{"dayOfWeek":"Sunday","intervalWeeks":1}}}}`),
		res("azure-native:network/v20240501:FirewallPolicy", "policy", "/p/policy", `{"sku":{"tier":"Premium"},"threatIntelMode":"Deny","intrusionDetection":{"mode":"Deny"},"location":"westeurope"}`),
		res("azure-native:network/v20240501:FirewallPolicyRuleCollectionGroup", "rcg", "", `{"firewallPolicyName":"afwp-hub","ruleCollectionGroupName":"aks-egress","priority":200,
			"ruleCollections":[
				{"name":"net","priority":100,"ruleCollectionType":"FirewallPolicyFilterRuleCollection","action":{"type":"Allow"},
				 "rules":[{"name":"ntp","ruleType":"NetworkRule","ipProtocols":["UDP"],"destinationPorts":["123"],"sourceAddresses":["10.240.0.0/22"],"destinationFqdns":["ntp.ubuntu.com"]}]},
				{"name":"app","priority":200,"ruleCollectionType":"FirewallPolicyFilterRuleCollection","action":{"type":"Allow"},
				 "rules":[{"name":"aks","ruleType":"ApplicationRule","fqdnTags":["AzureKubernetesService"],"protocols":[{"protocolType":"Https","port":443}],"sourceAddresses":["10.240.0.0/22"]}]}]}`),
		res("azure-native:network/v20240501:AzureFirewall", "fw", "", `{"sku":{"name":"AZFW_VNet","tier":"Premium"},"firewallPolicy":{"id":"/p/policy"},"location":"westeurope","zones":["1","2","3"]}`),
		res("azure-native:containerregistry/v20230701:Registry", "acr", "/acr", `{"registryName":"acrblue01","sku":{"name":"Premium"},"publicNetworkAccess":"Disabled",
			"networkRuleBypassOptions":"AzureServices","zoneRedundancy":"Enabled","networkRuleSet":{"defaultAction":"Deny"},"location":"westeurope"}`),
		res("azure-native:network/v20240501:PrivateEndpoint", "acr-pe", "", `{"privateLinkServiceConnections":[{"groupIds":["registry"],"name":"pe","privateLinkServiceId":"/acr"}]}`),
		res("azure-native:keyvault/v20241101:Vault", "kv", "", `{"vaultName":"kv-blue","properties":{"tenantId":"00000000-0000-0000-0000-000000000001","sku":{"family":"A","name":"standard"},
			"enableRbacAuthorization":true,"softDeleteRetentionInDays":90,"networkAcls":{"bypass":"AzureServices","defaultAction":"Deny"}}}`),
		res("azure-native:network/v20240501:NetworkSecurityGroup", "nsg", "", `{"securityRules":[
			{"name":"https-in","protocol":"Tcp","access":"Allow","priority":120,"direction":"Inbound","sourcePortRange":"*","destinationPortRange":"443","sourceAddressPrefix":"Internet","destinationAddressPrefix":"*"},
			{"name":"ssh-out","protocol":"*","access":"Allow","priority":120,"direction":"Outbound","sourcePortRange":"*","destinationPortRanges":["22","3389"],"sourceAddressPrefix":"*","destinationAddressPrefix":"VirtualNetwork"},
			{"name":"deny-in","protocol":"*","access":"Deny","priority":4000,"direction":"Inbound","sourcePortRange":"*","destinationPortRange":"*","sourceAddressPrefix":"*","destinationAddressPrefix":"*"}]}`),
		res("azure-native:network/v20240501:RouteTable", "rt", "", `{"routes":[{"name":"default","addressPrefix":"0.0.0.0/0","nextHopType":"VirtualAppliance","nextHopIpAddress":"10.200.0.4"},
			{"name":"kv","addressPrefix":"AzureKeyVault","nextHopType":"Internet"}]}`),
		res("azure-native:managedidentity/v20230131:FederatedIdentityCredential", "fic", "", `{"federatedIdentityCredentialResourceName":"payments-api-1","resourceGroupName":"rg","resourceName":"id-payments",
			"issuer":"https://westeurope.oic.prod-aks.azure.com/t/c/","subject":"system:serviceaccount:payments:api","audiences":["api://AzureADTokenExchange"]}`),
		res("pulumi:providers:azure", "azure", "", `{"resourceProviderRegistrations":"none","resourceProvidersToRegisters":"[\"Microsoft.KubernetesConfiguration\"]"}`),
		res("azure:containerservice/fluxConfiguration:FluxConfiguration", "flux", "", `{"gitRepository":{"url":"ssh://git@github.com/org/repo","sshKnownHostsBase64":"`+base64.StdEncoding.EncodeToString([]byte(knownHosts("github.com")))+`"}}`),
	}
}

func find(rs []*mockengine.Resource, name string) *mockengine.Resource {
	for _, r := range rs {
		if r.Name == name {
			return r
		}
	}
	panic(name)
}

// set replaces the input at a dotted path (objects and [i] indexes).
func set(r *mockengine.Resource, path string, v any) {
	m := r.Inputs.Mappable()
	cur := any(m)
	segs := splitPath(path)
	for i, s := range segs {
		last := i == len(segs)-1
		switch c := cur.(type) {
		case map[string]any:
			if last {
				if v == nil {
					delete(c, s.key)
				} else {
					c[s.key] = v
				}
			} else {
				if c[s.key] == nil {
					c[s.key] = map[string]any{}
				}
				cur = c[s.key]
			}
		case []any:
			if last {
				c[s.idx] = v
			} else {
				cur = c[s.idx]
			}
		}
	}
	r.Inputs = resource.NewPropertyMapFromMap(m)
}

func TestGoodPlanHasNoFindings(t *testing.T) {
	rep := Check(plan{good()}, asOf)
	if rep.Failed() {
		for _, f := range rep.Findings {
			t.Error(f)
		}
	}
	if rep.Checked < 40 {
		t.Fatalf("only %d checks made", rep.Checked)
	}
	for _, r := range Rules() {
		if r.ID == "" || r.Title == "" || r.Source == "" || r.check == nil {
			t.Errorf("rule %+v lacks an ID, title, source or check", r.ID)
		}
	}
}

// Each rule fails when its property breaks, naming the resource and path.
func TestEachRuleFailsWhenItsPropertyBreaks(t *testing.T) {
	cases := []struct {
		rule, res, path string
		mutate          func(rs []*mockengine.Resource)
	}{
		{"AZ-SPEC-ENUM", "aks", "sku.tier", func(rs []*mockengine.Resource) { set(find(rs, "aks"), "sku.tier", "Gold") }},
		{"AZ-SPEC-ENUM", "aks", "agentPoolProfiles[0].osDiskType", func(rs []*mockengine.Resource) { set(find(rs, "aks"), "agentPoolProfiles[0].osDiskType", "Local") }},
		{"AZ-SPEC-ENUM", "pool-win", "osSKU", func(rs []*mockengine.Resource) { set(find(rs, "pool-win"), "osSKU", "Windows2025") }},
		{"AZ-SPEC-ENUM", "maint", "maintenanceWindow.schedule.weekly.dayOfWeek", func(rs []*mockengine.Resource) {
			set(find(rs, "maint"), "maintenanceWindow.schedule.weekly.dayOfWeek", "Sun")
		}},
		{"AZ-SPEC-ENUM", "fw", "sku.name", func(rs []*mockengine.Resource) { set(find(rs, "fw"), "sku.name", "AZFW") }},
		{"AZ-SPEC-RANGE", "aks", "agentPoolProfiles[0].osDiskSizeGB", func(rs []*mockengine.Resource) { set(find(rs, "aks"), "agentPoolProfiles[0].osDiskSizeGB", 4096) }},
		{"AZ-SPEC-RANGE", "maint", "maintenanceWindow.durationHours", func(rs []*mockengine.Resource) { set(find(rs, "maint"), "maintenanceWindow.durationHours", 2) }},
		{"AZ-SPEC-RANGE", "maint", "maintenanceWindow.schedule.weekly.intervalWeeks", func(rs []*mockengine.Resource) {
			set(find(rs, "maint"), "maintenanceWindow.schedule.weekly.intervalWeeks", 5)
		}},
		{"AZ-SPEC-RANGE", "aks", "agentPoolProfiles[0].count", func(rs []*mockengine.Resource) { set(find(rs, "aks"), "agentPoolProfiles[0].count", 0) }},
		{"AZ-SPEC-PATTERN", "maint", "maintenanceWindow.startTime", func(rs []*mockengine.Resource) { set(find(rs, "maint"), "maintenanceWindow.startTime", "2:00") }},
		{"AZ-SPEC-PATTERN", "maint", "maintenanceWindow.utcOffset", func(rs []*mockengine.Resource) { set(find(rs, "maint"), "maintenanceWindow.utcOffset", "UTC") }},
		{"AZ-SPEC-PATTERN", "aks", "networkProfile.serviceCidr", func(rs []*mockengine.Resource) { set(find(rs, "aks"), "networkProfile.serviceCidr", "172.16.0.0/x") }},
		{"AZ-SPEC-PATTERN", "aks", "resourceName", func(rs []*mockengine.Resource) { set(find(rs, "aks"), "resourceName", "-aks") }},
		{"AZ-SPEC-PATTERN", "pool-win", "agentPoolName", func(rs []*mockengine.Resource) { set(find(rs, "pool-win"), "agentPoolName", "Win") }},
		{"AZ-SPEC-REQUIRED", "maint", "maintenanceWindow.startTime", func(rs []*mockengine.Resource) { set(find(rs, "maint"), "maintenanceWindow.startTime", nil) }},
		{"AZ-SPEC-REQUIRED", "maint", "maintenanceWindow.schedule", func(rs []*mockengine.Resource) {
			set(find(rs, "maint"), "maintenanceWindow.schedule.daily", map[string]any{"intervalDays": 1})
		}},
		{"AZ-SPEC-REQUIRED", "aks", "addonProfiles.azurepolicy.enabled", func(rs []*mockengine.Resource) { set(find(rs, "aks"), "addonProfiles.azurepolicy.enabled", nil) }},
		{"AZ-AKS-VERSION", "aks", "kubernetesVersion", func(rs []*mockengine.Resource) { set(find(rs, "aks"), "kubernetesVersion", "1.30") }},
		{"AZ-AKS-VERSION", "pool-win", "orchestratorVersion", func(rs []*mockengine.Resource) { set(find(rs, "pool-win"), "orchestratorVersion", "1.33") }},
		{"AZ-AKS-POOLVERSION", "pool-win", "orchestratorVersion", func(rs []*mockengine.Resource) { set(find(rs, "pool-win"), "orchestratorVersion", "1.37") }},
		{"AZ-AKS-POOLVERSION", "pool-win", "orchestratorVersion", func(rs []*mockengine.Resource) {
			set(find(rs, "aks"), "kubernetesVersion", "1.37")
			set(find(rs, "pool-win"), "orchestratorVersion", "1.34")
		}},
		{"AZ-AKS-LTS", "aks", "sku.tier", func(rs []*mockengine.Resource) { set(find(rs, "aks"), "supportPlan", "AKSLongTermSupport") }},
		{"AZ-AKS-OSIMAGE", "aks", "agentPoolProfiles[0].osSKU", func(rs []*mockengine.Resource) {
			// 1.31 with LTS is creatable until Nov 2026; use a date in
			// LTS with an Azure Linux 2.0 default: 1.31 on AzureLinux.
			set(find(rs, "aks"), "agentPoolProfiles[0].orchestratorVersion", "1.31")
		}},
		{"AZ-AKS-OSIMAGE", "pool-win", "osSKU", func(rs []*mockengine.Resource) { set(find(rs, "pool-win"), "orchestratorVersion", "1.36") }},
		{"AZ-AKS-OSIMAGE", "pool-win", "osSKU", func(rs []*mockengine.Resource) { set(find(rs, "pool-win"), "osSKU", "Windows2019") }},
		{"AZ-AKS-OSIMAGE", "pool-win", "osSKU", func(rs []*mockengine.Resource) {
			set(find(rs, "pool-win"), "osSKU", nil)
			set(find(rs, "pool-win"), "orchestratorVersion", "1.37")
		}},
		{"AZ-ZONES", "aks", "agentPoolProfiles[0].availabilityZones", func(rs []*mockengine.Resource) { set(find(rs, "aks"), "location", "westus") }},
		{"AZ-ZONES", "fw", "zones", func(rs []*mockengine.Resource) { set(find(rs, "fw"), "zones", []any{"1", "4"}) }},
		{"AZ-AKS-EPHEMERAL", "aks", "agentPoolProfiles[0].osDiskSizeGB", func(rs []*mockengine.Resource) { set(find(rs, "aks"), "agentPoolProfiles[0].osDiskSizeGB", 200) }},
		{"AZ-AKS-EPHEMERAL", "aks", "agentPoolProfiles[0].osDiskType", func(rs []*mockengine.Resource) {
			set(find(rs, "aks"), "agentPoolProfiles[0].vmSize", "Standard_D4s_v5")
		}},
		{"AZ-AKS-SYSTEM", "aks", "agentPoolProfiles", func(rs []*mockengine.Resource) { set(find(rs, "aks"), "agentPoolProfiles[0].mode", "User") }},
		{"AZ-AKS-SYSTEM", "pool-win", "osType", func(rs []*mockengine.Resource) { set(find(rs, "pool-win"), "mode", "System") }},
		{"AZ-ZONES", "pool-win", "availabilityZones", func(rs []*mockengine.Resource) { set(find(rs, "pool-win"), "type", "AvailabilitySet") }},
		{"AZ-AKS-OVERLAY", "pool-win", "type", func(rs []*mockengine.Resource) { set(find(rs, "pool-win"), "type", "AvailabilitySet") }},
		{"AZ-AKS-SPOT", "pool-win", "scaleSetEvictionPolicy", func(rs []*mockengine.Resource) { set(find(rs, "pool-win"), "scaleSetEvictionPolicy", "Delete") }},
		{"AZ-AKS-WINDOWS", "pool-win", "agentPoolName", func(rs []*mockengine.Resource) { set(find(rs, "pool-win"), "agentPoolName", "windows1") }},
		{"AZ-AKS-OVERLAY", "aks", "networkProfile.podCidr", func(rs []*mockengine.Resource) { set(find(rs, "aks"), "networkProfile.podCidr", "10.244.0.0/22") }},
		{"AZ-AKS-OVERLAY", "pool-win", "maxPods", func(rs []*mockengine.Resource) { set(find(rs, "pool-win"), "maxPods", 300) }},
		{"AZ-AKS-SERVICECIDR", "aks", "networkProfile.serviceCidr", func(rs []*mockengine.Resource) {
			set(find(rs, "aks"), "networkProfile.serviceCidr", "172.30.0.0/16")
			set(find(rs, "aks"), "networkProfile.dnsServiceIP", "172.30.0.10")
		}},
		{"AZ-AKS-SERVICECIDR", "aks", "networkProfile.dnsServiceIP", func(rs []*mockengine.Resource) { set(find(rs, "aks"), "networkProfile.dnsServiceIP", "172.16.0.1") }},
		{"AZ-AKS-SERVICECIDR", "aks", "networkProfile.dnsServiceIP", func(rs []*mockengine.Resource) { set(find(rs, "aks"), "networkProfile.dnsServiceIP", "10.0.0.10") }},
		{"AZ-AKS-SERVICECIDR", "aks", "networkProfile.serviceCidr", func(rs []*mockengine.Resource) {
			set(find(rs, "aks"), "networkProfile.serviceCidr", "10.240.0.0/16")
			set(find(rs, "aks"), "networkProfile.dnsServiceIP", "10.240.0.10")
		}},
		{"AZ-AKS-SERVICECIDR", "aks", "networkProfile.podCidr", func(rs []*mockengine.Resource) { set(find(rs, "aks"), "networkProfile.podCidr", "10.240.0.0/16") }},
		{"AZ-AKS-MAINT", "maint", "configName", func(rs []*mockengine.Resource) { set(find(rs, "maint"), "configName", "weekly") }},
		{"AZ-AKS-MAINT", "maint", "maintenanceWindow.startTime", func(rs []*mockengine.Resource) { set(find(rs, "maint"), "maintenanceWindow.startTime", "25:00") }},
		{"AZ-FW-TIER", "fw", "sku.tier", func(rs []*mockengine.Resource) {
			set(find(rs, "policy"), "sku.tier", "Standard")
			set(find(rs, "policy"), "intrusionDetection", nil)
		}},
		{"AZ-FW-IDPS", "policy", "intrusionDetection.mode", func(rs []*mockengine.Resource) {
			set(find(rs, "policy"), "sku.tier", "Standard")
			set(find(rs, "fw"), "sku.tier", "Standard")
		}},
		// Finding 1 of the issue: an application protocol planned as
		// {"port":0,"protocolType":""}.
		{"AZ-FW-RULES", "rcg", "ruleCollections[1].rules[0].protocols[0].protocolType", func(rs []*mockengine.Resource) {
			set(find(rs, "rcg"), "ruleCollections[1].rules[0].protocols[0]", map[string]any{"port": 0, "protocolType": ""})
		}},
		{"AZ-FW-RULES", "rcg", "ruleCollections[1].rules[0].protocols[0].port", func(rs []*mockengine.Resource) {
			set(find(rs, "rcg"), "ruleCollections[1].rules[0].protocols[0].port", 65000)
		}},
		{"AZ-FW-RULES", "rcg", "priority", func(rs []*mockengine.Resource) { set(find(rs, "rcg"), "priority", 50) }},
		{"AZ-FW-RULES", "rcg", "ruleCollections[0].priority", func(rs []*mockengine.Resource) { set(find(rs, "rcg"), "ruleCollections[0].priority", 70000) }},
		{"AZ-FW-RULES", "rcg", "ruleCollections[0].action.type", func(rs []*mockengine.Resource) { set(find(rs, "rcg"), "ruleCollections[0].action.type", "DNAT") }},
		{"AZ-FW-RULES", "rcg", "ruleCollections[0].rules[0].ipProtocols[0]", func(rs []*mockengine.Resource) {
			set(find(rs, "rcg"), "ruleCollections[0].rules[0].ipProtocols", []any{"Udp"})
		}},
		{"AZ-FW-RULES", "rcg", "ruleCollections[0].rules[0].ruleType", func(rs []*mockengine.Resource) { set(find(rs, "rcg"), "ruleCollections[0].rules[0].ruleType", nil) }},
		{"AZ-FW-RULES", "rcg", "ruleCollectionGroupName", func(rs []*mockengine.Resource) { set(find(rs, "rcg"), "ruleCollectionGroupName", "aks-egress-") }},
		{"AZ-NSG-RULES", "nsg", "securityRules[2].priority", func(rs []*mockengine.Resource) { set(find(rs, "nsg"), "securityRules[2].priority", 120) }},
		{"AZ-SUBNETS", "fwsub", "addressPrefix", func(rs []*mockengine.Resource) { set(find(rs, "fwsub"), "addressPrefix", "10.240.4.0/27") }},
		{"AZ-SUBNETS", "bassub", "addressPrefix", func(rs []*mockengine.Resource) { set(find(rs, "bassub"), "addressPrefix", "10.240.4.64/28") }},
		{"AZ-SUBNETS", "bassub", "routeTable", func(rs []*mockengine.Resource) { set(find(rs, "bassub"), "routeTable", map[string]any{"id": "/rt"}) }},
		{"AZ-SUBNETS", "nodes", "addressPrefix", func(rs []*mockengine.Resource) { set(find(rs, "nodes"), "addressPrefix", "10.241.0.0/22") }},
		{"AZ-SUBNETS", "nodes", "addressPrefix", func(rs []*mockengine.Resource) { set(find(rs, "nodes"), "addressPrefix", "10.240.4.0/22") }},
		{"AZ-PUBLICIP", "pip", "publicIPAllocationMethod", func(rs []*mockengine.Resource) { set(find(rs, "pip"), "publicIPAllocationMethod", "Dynamic") }},
		{"AZ-PUBLICIP", "fw", "azureFirewallName", func(rs []*mockengine.Resource) { set(find(rs, "fw"), "azureFirewallName", strings.Repeat("f", 51)) }},
		{"AZ-NSG-RULES", "nsg", "securityRules[2].priority", func(rs []*mockengine.Resource) { set(find(rs, "nsg"), "securityRules[2].priority", 4097) }},
		{"AZ-NSG-RULES", "nsg", "securityRules[0].protocol", func(rs []*mockengine.Resource) { set(find(rs, "nsg"), "securityRules[0].protocol", "TCP") }},
		{"AZ-NSG-RULES", "nsg", "securityRules[0].direction", func(rs []*mockengine.Resource) { set(find(rs, "nsg"), "securityRules[0].direction", nil) }},
		{"AZ-NSG-RULES", "nsg", "securityRules[1].destinationPortRanges[1]", func(rs []*mockengine.Resource) {
			set(find(rs, "nsg"), "securityRules[1].destinationPortRanges", []any{"22", "70000"})
		}},
		{"AZ-ROUTES", "rt", "routes[0].nextHopIpAddress", func(rs []*mockengine.Resource) { set(find(rs, "rt"), "routes[0].nextHopIpAddress", nil) }},
		{"AZ-ROUTES", "rt", "routes[1].nextHopIpAddress", func(rs []*mockengine.Resource) { set(find(rs, "rt"), "routes[1].nextHopIpAddress", "10.0.0.4") }},
		{"AZ-ROUTES", "rt", "routes[0].nextHopType", func(rs []*mockengine.Resource) { set(find(rs, "rt"), "routes[0].nextHopType", "Firewall") }},
		{"AZ-ROUTES", "rt", "routes[0].addressPrefix", func(rs []*mockengine.Resource) { set(find(rs, "rt"), "routes[0].addressPrefix", "0.0.0.0/33") }},
		{"AZ-SPEC-PATTERN", "acr", "registryName", func(rs []*mockengine.Resource) { set(find(rs, "acr"), "registryName", "acr-blue") }},
		{"AZ-SPEC-PATTERN", "acr", "registryName", func(rs []*mockengine.Resource) { set(find(rs, "acr"), "registryName", "acr1") }},
		{"AZ-SPEC-ENUM", "acr", "sku.name", func(rs []*mockengine.Resource) { set(find(rs, "acr"), "sku.name", "Gold") }},
		{"AZ-SPEC-REQUIRED", "acr", "sku", func(rs []*mockengine.Resource) { set(find(rs, "acr"), "sku", nil) }},
		{"AZ-SPEC-REQUIRED", "acr", "networkRuleSet.defaultAction", func(rs []*mockengine.Resource) { set(find(rs, "acr"), "networkRuleSet.defaultAction", nil) }},
		{"AZ-ACR-PREMIUM", "acr", "sku.name", func(rs []*mockengine.Resource) { set(find(rs, "acr"), "sku.name", "Standard") }},
		{"AZ-ACR-PREMIUM", "acr", "zoneRedundancy", func(rs []*mockengine.Resource) { set(find(rs, "acr"), "location", "westus") }},
		{"AZ-FIC", "fic", "federatedIdentityCredentialResourceName", func(rs []*mockengine.Resource) { set(find(rs, "fic"), "federatedIdentityCredentialResourceName", "-x") }},
		{"AZ-FIC", "fic", "subject", func(rs []*mockengine.Resource) { set(find(rs, "fic"), "subject", nil) }},
		{"AZ-FIC", "fic", "audiences", func(rs []*mockengine.Resource) { set(find(rs, "fic"), "audiences", []any{}) }},
		{"AZ-FIC", "fic", "issuer", func(rs []*mockengine.Resource) { set(find(rs, "fic"), "issuer", "http://issuer") }},
		{"AZ-SPEC-PATTERN", "kv", "vaultName", func(rs []*mockengine.Resource) { set(find(rs, "kv"), "vaultName", "kv_blue") }},
		{"AZ-SPEC-ENUM", "kv", "properties.sku.name", func(rs []*mockengine.Resource) { set(find(rs, "kv"), "properties.sku.name", "Standard") }},
		{"AZ-SPEC-RANGE", "kv", "properties.softDeleteRetentionInDays", func(rs []*mockengine.Resource) { set(find(rs, "kv"), "properties.softDeleteRetentionInDays", 3) }},
		{"AZ-SPEC-REQUIRED", "kv", "properties.tenantId", func(rs []*mockengine.Resource) { set(find(rs, "kv"), "properties.tenantId", nil) }},
		{"AZ-SPEC-REQUIRED", "kv", "properties.accessPolicies", func(rs []*mockengine.Resource) { set(find(rs, "kv"), "properties.enableRbacAuthorization", false) }},
		// KMS and the disk encryption set (managedClusters.json 2024-09-01
		// AzureKeyVaultKms and diskEncryptionSetID).
		{"AZ-SPEC-ENUM", "aks", "securityProfile.azureKeyVaultKms.keyVaultNetworkAccess", func(rs []*mockengine.Resource) {
			set(find(rs, "aks"), "securityProfile.azureKeyVaultKms.keyVaultNetworkAccess", "public")
		}},
		{"AZ-AKS-KMS", "aks", "securityProfile.azureKeyVaultKms.keyId", func(rs []*mockengine.Resource) {
			set(find(rs, "aks"), "securityProfile.azureKeyVaultKms.keyId", "https://kv-kms-blue.vault.azure.net/keys/etcd-kms")
		}},
		{"AZ-AKS-KMS", "aks", "securityProfile.azureKeyVaultKms.keyId", func(rs []*mockengine.Resource) {
			set(find(rs, "aks"), "securityProfile.azureKeyVaultKms.keyId", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-kms-blue/keys/etcd-kms")
		}},
		{"AZ-AKS-KMS", "aks", "securityProfile.azureKeyVaultKms.keyId", func(rs []*mockengine.Resource) { set(find(rs, "aks"), "securityProfile.azureKeyVaultKms.keyId", nil) }},
		{"AZ-AKS-KMS", "aks", "securityProfile.azureKeyVaultKms.keyId", func(rs []*mockengine.Resource) {
			set(find(rs, "aks"), "securityProfile.azureKeyVaultKms.enabled", false)
		}},
		{"AZ-AKS-KMS", "aks", "securityProfile.azureKeyVaultKms.keyVaultResourceId", func(rs []*mockengine.Resource) {
			set(find(rs, "aks"), "securityProfile.azureKeyVaultKms.keyVaultNetworkAccess", "Private")
		}},
		{"AZ-AKS-KMS", "aks", "securityProfile.azureKeyVaultKms.keyVaultResourceId", func(rs []*mockengine.Resource) {
			set(find(rs, "aks"), "securityProfile.azureKeyVaultKms.keyVaultNetworkAccess", "Private")
			set(find(rs, "aks"), "securityProfile.azureKeyVaultKms.keyVaultResourceId", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/kv")
		}},
		{"AZ-AKS-KMS", "aks", "securityProfile.azureKeyVaultKms.keyVaultResourceId", func(rs []*mockengine.Resource) {
			set(find(rs, "aks"), "securityProfile.azureKeyVaultKms.keyVaultResourceId", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-kms-blue")
		}},
		{"AZ-AKS-DES", "aks", "diskEncryptionSetID", func(rs []*mockengine.Resource) {
			set(find(rs, "aks"), "diskEncryptionSetID", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/des-blue")
		}},
		{"AZ-AKS-DES", "aks", "diskEncryptionSetID", func(rs []*mockengine.Resource) { set(find(rs, "aks"), "diskEncryptionSetID", "des-blue") }},
		{"AZ-FLUX-KNOWNHOSTS", "flux", "gitRepository.sshKnownHostsBase64", func(rs []*mockengine.Resource) {
			set(find(rs, "flux"), "gitRepository.sshKnownHostsBase64", base64.StdEncoding.EncodeToString([]byte(knownHosts("gitlab.com"))))
		}},
		{"AZ-FLUX-KNOWNHOSTS", "flux", "gitRepository.sshKnownHostsBase64", func(rs []*mockengine.Resource) {
			set(find(rs, "flux"), "gitRepository.sshKnownHostsBase64", base64.StdEncoding.EncodeToString([]byte("github.com ssh-ed25519 AAAA\n")))
		}},
		{"AZ-FLUX-KNOWNHOSTS", "flux", "gitRepository.sshKnownHostsBase64", func(rs []*mockengine.Resource) { set(find(rs, "flux"), "gitRepository.sshKnownHostsBase64", nil) }},
	}
	for _, tc := range cases {
		rs := good()
		tc.mutate(rs)
		rep := Check(plan{rs}, asOf)
		want := find(rs, tc.res).URN
		var hit bool
		for _, f := range rep.Findings {
			if f.Rule == tc.rule && f.Resource == want && f.Path == tc.path {
				hit = true
				if f.Model != Model || f.Source == "" || f.Message == "" {
					t.Errorf("%s: incomplete finding %+v", tc.rule, f)
				}
			}
		}
		if !hit {
			t.Errorf("%s on %s %s: not reported; got %v", tc.rule, tc.res, tc.path, rep.Findings)
		}
	}
}

// Unknown inputs (a first preview) are skipped, never flagged.
func TestUnknownsAreSkipped(t *testing.T) {
	rs := good()
	aks := find(rs, "aks")
	set(aks, "securityProfile.azureKeyVaultKms.keyVaultNetworkAccess", "Private")
	aks.Inputs["kubernetesVersion"] = resource.MakeComputed(resource.NewStringProperty(""))
	aks.Inputs["networkProfile"] = resource.MakeComputed(resource.NewStringProperty(""))
	find(rs, "fw").Inputs["firewallPolicy"] = resource.NewOutputProperty(resource.Output{Known: false})
	// A KMS key not created yet, and a Private vault whose ID is not known.
	kms := aks.Inputs["securityProfile"].ObjectValue()["azureKeyVaultKms"].ObjectValue()
	kms["keyId"] = resource.NewOutputProperty(resource.Output{Known: false})
	kms["keyVaultResourceId"] = resource.MakeComputed(resource.NewStringProperty(""))
	aks.Inputs["diskEncryptionSetID"] = resource.MakeComputed(resource.NewStringProperty(""))
	if rep := Check(plan{rs}, asOf); rep.Failed() {
		t.Fatalf("unknowns flagged: %v", rep.Findings)
	}
}

func TestKnownHostsHashedAndPorts(t *testing.T) {
	if h, ok := sshHost("ssh://git@example.com:2222/org/repo"); !ok || h != "[example.com]:2222" {
		t.Fatalf("port form: %q", h)
	}
	if h, ok := sshHost("git@github.com:org/repo.git"); !ok || h != "github.com" {
		t.Fatalf("scp form: %q", h)
	}
	if _, ok := sshHost("https://github.com/org/repo"); ok {
		t.Fatal("https is not ssh")
	}
	// A hashed name as ssh-keygen -H writes it: |1|base64(salt)|base64(HMAC-SHA1(salt, host)).
	salt := []byte("0123456789abcdefghij")
	mac := hmac.New(sha1.New, salt)
	mac.Write([]byte("github.com"))
	hashed := "|1|" + base64.StdEncoding.EncodeToString(salt) + "|" + base64.StdEncoding.EncodeToString(mac.Sum(nil))
	if !namesHost(hashed, "github.com") || namesHost(hashed, "gitlab.com") {
		t.Fatal("hashed name")
	}
	if !namesHost("*.github.com,github.com", "github.com") || namesHost("gitlab.com", "github.com") {
		t.Fatal("plain names")
	}
}

func TestPrerequisites(t *testing.T) {
	ps := Prerequisites(plan{good()})
	var names []string
	for _, p := range ps {
		names = append(names, p.Kind+":"+p.Name)
		if p.Check == "" || p.Fix == "" || p.Source == "" {
			t.Errorf("incomplete %+v", p)
		}
	}
	got := strings.Join(names, " ")
	for _, p := range ps {
		if (p.Name == "Microsoft.KubernetesConfiguration") != p.Automatic {
			t.Errorf("%s automatic=%v; only what the azure provider registers is automatic", p.Name, p.Automatic)
		}
	}
	for _, want := range []string{"feature:Microsoft.Compute/EncryptionAtHost", "resourceProvider:Microsoft.ContainerService", "resourceProvider:Microsoft.KubernetesConfiguration", "resourceProvider:Microsoft.Network"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in %s", want, got)
		}
	}
	// Without encryption at host the feature is not needed.
	rs := good()
	set(find(rs, "aks"), "agentPoolProfiles[0].enableEncryptionAtHost", false)
	for _, p := range Prerequisites(plan{rs}) {
		if p.Kind == "feature" {
			t.Errorf("feature listed without encryption at host: %+v", p)
		}
	}
}

func TestMoreThanTwentyFederatedCredentialsPerIdentity(t *testing.T) {
	rs := good()
	base := find(rs, "fic")
	for i := 0; i < 20; i++ {
		c := *base
		c.Name = "fic" + strings.Repeat("x", i+1)
		c.URN = base.URN + strings.Repeat("x", i+1)
		rs = append(rs, &c)
	}
	var hit bool
	for _, f := range Check(plan{rs}, asOf).Findings {
		hit = hit || (f.Rule == "AZ-FIC" && f.Path == "resourceName" && strings.Contains(f.Message, "21 federated"))
	}
	if !hit {
		t.Fatal("21 credentials on one identity not reported")
	}
}

// seg and splitPath parse the testkit path syntax for set, the mutations
// the tests make (reading goes through mockengine.LookupKnown).
type seg struct {
	key string
	idx int
}

func splitPath(path string) []seg {
	var out []seg
	for _, part := range strings.Split(path, ".") {
		for part != "" {
			i := strings.IndexByte(part, '[')
			if i < 0 {
				out = append(out, seg{key: part, idx: -1})
				break
			}
			if i > 0 {
				out = append(out, seg{key: part[:i], idx: -1})
			}
			j := strings.IndexByte(part, ']')
			n, err := strconv.Atoi(part[i+1 : max(j, i+1)])
			if j < i || err != nil {
				return append(out, seg{key: "\x00", idx: -1})
			}
			out = append(out, seg{idx: n})
			part = part[j+1:]
		}
	}
	return out
}
