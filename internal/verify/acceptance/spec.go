package acceptance

import (
	"fmt"
	"math"
	"regexp"
	"strings"

	"github.com/privateaks/privateaks/internal/mockengine"
)

// Spec files of the pinned API versions the rules read.
const (
	specAKS      = "azure-rest-api-specs specification/containerservice/resource-manager/Microsoft.ContainerService/aks/stable/2024-09-01/managedClusters.json"
	specFWPolicy = "azure-rest-api-specs specification/network/resource-manager/Microsoft.Network/stable/2024-05-01/firewallPolicy.json"
	specFirewall = "azure-rest-api-specs specification/network/resource-manager/Microsoft.Network/stable/2024-05-01/azureFirewall.json"
	specVault    = "azure-rest-api-specs specification/keyvault/resource-manager/Microsoft.KeyVault/stable/2024-11-01/keyvault.json"
	specRegistry = "azure-rest-api-specs specification/containerregistry/resource-manager/Microsoft.ContainerRegistry/stable/2023-07-01/containerregistry.json"
)

func def(spec, name string) string { return spec + "#/definitions/" + name }

// target selects where a spec property lives.
type target int

const (
	onCluster target = iota
	onPool           // agentPoolProfiles[i] and AgentPool resources
	onMaintenance
	onFirewallPolicy
	onFirewall
	onVault
	onRegistry
)

// prop is one property constraint taken from a spec definition.
type prop struct {
	on     target
	path   string
	source string
	enum   []string
	min    float64
	max    float64
	ranged bool
	re     *regexp.Regexp
	reText string
	maxLen int
}

func enum(on target, path, source string, values ...string) prop {
	return prop{on: on, path: path, source: source, enum: values}
}

func ranged(on target, path, source string, min, max float64) prop {
	return prop{on: on, path: path, source: source, min: min, max: max, ranged: true}
}

func pattern(on target, path, source, re string, maxLen int) prop {
	return prop{on: on, path: path, source: source, re: regexp.MustCompile(re), reText: re, maxLen: maxLen}
}

// The enums, ranges and patterns below are copied from the definitions
// each names (managedClusters.json 2024-09-01; firewallPolicy.json and
// azureFirewall.json 2024-05-01).
var props = []prop{
	// ManagedClusterSKU, KubernetesSupportPlan, ManagedClusterAutoUpgradeProfile.
	enum(onCluster, "sku.name", def(specAKS, "ManagedClusterSKU")+".name", "Base"),
	enum(onCluster, "sku.tier", def(specAKS, "ManagedClusterSKU")+".tier", "Standard", "Free", "Premium"),
	enum(onCluster, "supportPlan", def(specAKS, "KubernetesSupportPlan"), "KubernetesOfficial", "AKSLongTermSupport"),
	enum(onCluster, "autoUpgradeProfile.upgradeChannel", def(specAKS, "ManagedClusterAutoUpgradeProfile")+".upgradeChannel", "rapid", "stable", "patch", "node-image", "none"),
	// AzureKeyVaultKms.keyVaultNetworkAccess (KeyVaultNetworkAccessTypes).
	enum(onCluster, "securityProfile.azureKeyVaultKms.keyVaultNetworkAccess", def(specAKS, "AzureKeyVaultKms")+".keyVaultNetworkAccess", "Public", "Private"),
	enum(onCluster, "autoUpgradeProfile.nodeOSUpgradeChannel", def(specAKS, "ManagedClusterAutoUpgradeProfile")+".nodeOSUpgradeChannel", "Unmanaged", "None", "NodeImage", "SecurityPatch"),
	// ContainerServiceNetworkProfile.
	enum(onCluster, "networkProfile.networkPlugin", def(specAKS, "ContainerServiceNetworkProfile")+".networkPlugin", "azure", "kubenet", "none"),
	enum(onCluster, "networkProfile.networkPluginMode", def(specAKS, "ContainerServiceNetworkProfile")+".networkPluginMode", "overlay"),
	enum(onCluster, "networkProfile.networkPolicy", def(specAKS, "ContainerServiceNetworkProfile")+".networkPolicy", "none", "calico", "azure", "cilium"),
	enum(onCluster, "networkProfile.networkDataplane", def(specAKS, "ContainerServiceNetworkProfile")+".networkDataplane", "azure", "cilium"),
	enum(onCluster, "networkProfile.outboundType", def(specAKS, "ContainerServiceNetworkProfile")+".outboundType", "loadBalancer", "userDefinedRouting", "managedNATGateway", "userAssignedNATGateway"),
	enum(onCluster, "networkProfile.loadBalancerSku", def(specAKS, "ContainerServiceNetworkProfile")+".loadBalancerSku", "standard", "basic"),
	pattern(onCluster, "networkProfile.podCidr", def(specAKS, "ContainerServiceNetworkProfile")+".podCidr", `^([0-9]{1,3}\.){3}[0-9]{1,3}(\/([0-9]|[1-2][0-9]|3[0-2]))?$`, 0),
	pattern(onCluster, "networkProfile.serviceCidr", def(specAKS, "ContainerServiceNetworkProfile")+".serviceCidr", `^([0-9]{1,3}\.){3}[0-9]{1,3}(\/([0-9]|[1-2][0-9]|3[0-2]))?$`, 0),
	pattern(onCluster, "networkProfile.dnsServiceIP", def(specAKS, "ContainerServiceNetworkProfile")+".dnsServiceIP", `^(?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.){3}(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)$`, 0),
	// The cluster's name: parameters/ResourceNameParameter (1-63).
	pattern(onCluster, "resourceName", specAKS+"#/parameters/ResourceNameParameter", `^[a-zA-Z0-9]$|^[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]$`, 63),

	// ManagedClusterAgentPoolProfileProperties and the enums it references.
	enum(onPool, "osDiskType", def(specAKS, "OSDiskType"), "Managed", "Ephemeral"),
	enum(onPool, "kubeletDiskType", def(specAKS, "KubeletDiskType"), "OS", "Temporary"),
	enum(onPool, "osType", def(specAKS, "OSType"), "Linux", "Windows"),
	enum(onPool, "osSKU", def(specAKS, "OSSKU"), "Ubuntu", "CBLMariner", "AzureLinux", "Windows2019", "Windows2022"),
	enum(onPool, "mode", def(specAKS, "AgentPoolMode"), "System", "User"),
	enum(onPool, "type", def(specAKS, "AgentPoolType"), "VirtualMachineScaleSets", "AvailabilitySet"),
	enum(onPool, "scaleDownMode", def(specAKS, "ScaleDownMode"), "Delete", "Deallocate"),
	enum(onPool, "scaleSetPriority", def(specAKS, "ScaleSetPriority"), "Spot", "Regular"),
	ranged(onPool, "osDiskSizeGB", def(specAKS, "ContainerServiceOSDisk"), 0, 2048),
	ranged(onPool, "upgradeSettings.drainTimeoutInMinutes", def(specAKS, "AgentPoolUpgradeSettings")+".drainTimeoutInMinutes", 1, 1440),
	ranged(onPool, "upgradeSettings.nodeSoakDurationInMinutes", def(specAKS, "AgentPoolUpgradeSettings")+".nodeSoakDurationInMinutes", 0, 30),

	// MaintenanceWindow and its schedules.
	ranged(onMaintenance, "maintenanceWindow.durationHours", def(specAKS, "MaintenanceWindow")+".durationHours", 4, 24),
	pattern(onMaintenance, "maintenanceWindow.utcOffset", def(specAKS, "MaintenanceWindow")+".utcOffset", `^(-|\+)[0-9]{2}:[0-9]{2}$`, 0),
	pattern(onMaintenance, "maintenanceWindow.startTime", def(specAKS, "MaintenanceWindow")+".startTime", `^\d{2}:\d{2}$`, 0),
	ranged(onMaintenance, "maintenanceWindow.schedule.daily.intervalDays", def(specAKS, "DailySchedule")+".intervalDays", 1, 7),
	ranged(onMaintenance, "maintenanceWindow.schedule.weekly.intervalWeeks", def(specAKS, "WeeklySchedule")+".intervalWeeks", 1, 4),
	enum(onMaintenance, "maintenanceWindow.schedule.weekly.dayOfWeek", def(specAKS, "WeekDay"), "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"),
	ranged(onMaintenance, "maintenanceWindow.schedule.absoluteMonthly.intervalMonths", def(specAKS, "AbsoluteMonthlySchedule")+".intervalMonths", 1, 6),
	ranged(onMaintenance, "maintenanceWindow.schedule.absoluteMonthly.dayOfMonth", def(specAKS, "AbsoluteMonthlySchedule")+".dayOfMonth", 1, 31),
	ranged(onMaintenance, "maintenanceWindow.schedule.relativeMonthly.intervalMonths", def(specAKS, "RelativeMonthlySchedule")+".intervalMonths", 1, 6),
	enum(onMaintenance, "maintenanceWindow.schedule.relativeMonthly.weekIndex", def(specAKS, "RelativeMonthlySchedule")+".weekIndex", "First", "Second", "Third", "Fourth", "Last"),
	enum(onMaintenance, "maintenanceWindow.schedule.relativeMonthly.dayOfWeek", def(specAKS, "WeekDay"), "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"),

	// Firewall policy and firewall.
	enum(onFirewallPolicy, "sku.tier", def(specFWPolicy, "FirewallPolicySku")+".tier", "Standard", "Premium", "Basic"),
	enum(onFirewallPolicy, "threatIntelMode", def(specFirewall, "AzureFirewallThreatIntelMode")+" (FirewallPolicyPropertiesFormat.threatIntelMode)", "Alert", "Deny", "Off"),
	enum(onFirewallPolicy, "intrusionDetection.mode", def(specFWPolicy, "FirewallPolicyIntrusionDetectionStateOptions"), "Off", "Alert", "Deny"),
	enum(onFirewallPolicy, "intrusionDetection.profile", def(specFWPolicy, "FirewallPolicyIntrusionDetectionProfileOptions"), "Basic", "Standard", "Advanced", "Extended"),
	enum(onFirewall, "sku.name", def(specFirewall, "AzureFirewallSku")+".name", "AZFW_VNet", "AZFW_Hub"),
	enum(onFirewall, "sku.tier", def(specFirewall, "AzureFirewallSku")+".tier", "Standard", "Premium", "Basic"),

	// Key Vault (keyvault.json 2024-11-01).
	pattern(onVault, "vaultName", specVault+"#/parameters/VaultName", `^[a-zA-Z0-9-]{3,24}$`, 24),
	enum(onVault, "properties.sku.name", def(specVault, "Sku")+".name", "standard", "premium"),
	enum(onVault, "properties.sku.family", def(specVault, "Sku")+".family", "A"),
	enum(onVault, "properties.createMode", def(specVault, "VaultProperties")+".createMode", "recover", "default"),
	enum(onVault, "properties.networkAcls.bypass", def(specVault, "NetworkRuleSet")+".bypass", "AzureServices", "None"),
	enum(onVault, "properties.networkAcls.defaultAction", def(specVault, "NetworkRuleSet")+".defaultAction", "Allow", "Deny"),
	// Container Registry (containerregistry.json 2023-07-01): the name is
	// 5-50 letters and digits (parameters/RegistryNameParameter).
	pattern(onRegistry, "registryName", specRegistry+"#/parameters/RegistryNameParameter (minLength 5, maxLength 50)", `^[a-zA-Z0-9]{5,50}$`, 50),
	enum(onRegistry, "sku.name", def(specRegistry, "Sku")+".name", "Classic", "Basic", "Standard", "Premium"),
	enum(onRegistry, "publicNetworkAccess", def(specRegistry, "RegistryProperties")+".publicNetworkAccess", "Enabled", "Disabled"),
	enum(onRegistry, "networkRuleBypassOptions", def(specRegistry, "RegistryProperties")+".networkRuleBypassOptions", "AzureServices", "None"),
	enum(onRegistry, "zoneRedundancy", def(specRegistry, "RegistryProperties")+".zoneRedundancy", "Enabled", "Disabled"),
	enum(onRegistry, "networkRuleSet.defaultAction", def(specRegistry, "NetworkRuleSet")+".defaultAction", "Allow", "Deny"),
	ranged(onVault, "properties.softDeleteRetentionInDays", def(specVault, "VaultProperties")+".softDeleteRetentionInDays ('It accepts >=7 and <=90')", 7, 90),
}

// subjects are the (resource, path prefix) pairs a target applies to.
func (rn *run) subjects(on target) []pool {
	switch on {
	case onCluster:
		var out []pool
		for _, c := range rn.clusters() {
			out = append(out, pool{r: c, cluster: c})
		}
		return out
	case onPool:
		return rn.pools()
	case onMaintenance:
		return wrap(rn.byType("containerservice", "MaintenanceConfiguration"))
	case onFirewallPolicy:
		return wrap(rn.byType("network", "FirewallPolicy"))
	case onFirewall:
		return wrap(rn.byType("network", "AzureFirewall"))
	case onVault:
		return wrap(rn.byType("keyvault", "Vault"))
	case onRegistry:
		return wrap(rn.byType("containerregistry", "Registry"))
	}
	return nil
}

func wrap(rs []*mockengine.Resource) []pool {
	out := make([]pool, 0, len(rs))
	for _, r := range rs {
		out = append(out, pool{r: r})
	}
	return out
}

func init() {
	register(Rule{ID: "AZ-SPEC-ENUM", Title: "enum properties hold a value the API version's spec lists", Source: specAKS + "; " + specFWPolicy + "; " + specFirewall, check: func(rn *run) {
		for _, pr := range props {
			if pr.enum == nil {
				continue
			}
			for _, s := range rn.subjects(pr.on) {
				v, ok := str(s.r, s.path(pr.path))
				if !ok {
					continue
				}
				rn.checked++
				if !contains(pr.enum, v) {
					rn.flag(s.r, s.path(pr.path), pr.source, "%q is not a value of this enum; allowed: %s", v, strings.Join(pr.enum, ", "))
				}
			}
		}
	}})
	register(Rule{ID: "AZ-SPEC-RANGE", Title: "numeric properties within the spec's minimum and maximum", Source: specAKS, check: func(rn *run) {
		for _, pr := range props {
			if !pr.ranged {
				continue
			}
			for _, s := range rn.subjects(pr.on) {
				v, ok := num(s.r, s.path(pr.path))
				if !ok {
					continue
				}
				rn.checked++
				if v < pr.min || v > pr.max || v != math.Trunc(v) {
					rn.flag(s.r, s.path(pr.path), pr.source, "%v is outside the allowed integer range %v..%v", v, pr.min, pr.max)
				}
			}
		}
		// count: "Allowed values must be in the range of 0 to 1000
		// (inclusive) for user pools and in the range of 1 to 1000
		// (inclusive) for system pools."
		for _, p := range rn.pools() {
			n, ok := num(p.r, p.path("count"))
			if !ok {
				continue
			}
			rn.checked++
			lo := 0.0
			if m, _ := str(p.r, p.path("mode")); m == "System" {
				lo = 1
			}
			if n < lo || n > 1000 {
				rn.flag(p.r, p.path("count"), def(specAKS, "ManagedClusterAgentPoolProfileProperties")+".count", "%v nodes; allowed %v..1000 for a %s pool", n, lo, map[bool]string{true: "System", false: "User"}[lo == 1])
			}
		}
	}})
	register(Rule{ID: "AZ-SPEC-PATTERN", Title: "string properties match the spec's pattern and length", Source: specAKS, check: func(rn *run) {
		for _, pr := range props {
			if pr.re == nil {
				continue
			}
			for _, s := range rn.subjects(pr.on) {
				v, ok := str(s.r, s.path(pr.path))
				if !ok {
					continue
				}
				rn.checked++
				if !pr.re.MatchString(v) || (pr.maxLen > 0 && len(v) > pr.maxLen) {
					rn.flag(s.r, s.path(pr.path), pr.source, "%q does not match %s%s", v, pr.reText, lenNote(pr.maxLen))
				}
			}
		}
		// Pool names: ManagedClusterAgentPoolProfile.name and the
		// AgentPoolNameParameter share ^[a-z][a-z0-9]{0,11}$.
		poolName := regexp.MustCompile(`^[a-z][a-z0-9]{0,11}$`)
		for _, p := range rn.pools() {
			v, ok := str(p.r, p.namePath())
			if !ok {
				continue
			}
			rn.checked++
			src := def(specAKS, "ManagedClusterAgentPoolProfile") + ".name"
			if p.at == "" {
				src = specAKS + "#/parameters/AgentPoolNameParameter"
			}
			if !poolName.MatchString(v) {
				rn.flag(p.r, p.namePath(), src, "pool name %q does not match ^[a-z][a-z0-9]{0,11}$", v)
			}
		}
	}})
	register(Rule{ID: "AZ-SPEC-REQUIRED", Title: "properties the spec marks required are set", Source: specAKS, check: func(rn *run) {
		for _, m := range rn.byType("containerservice", "MaintenanceConfiguration") {
			if !present(m, "maintenanceWindow") {
				continue
			}
			for _, req := range []string{"schedule", "durationHours", "startTime"} {
				rn.checked++
				if !present(m, "maintenanceWindow."+req) {
					rn.flag(m, "maintenanceWindow."+req, def(specAKS, "MaintenanceWindow")+".required", "required by MaintenanceWindow (schedule, durationHours, startTime)")
				}
			}
			// Schedule: "One and only one of the schedule types should be
			// specified."
			if v, st := lookup(m, "maintenanceWindow.schedule"); st == known && v.IsObject() {
				n := 0
				for _, k := range []string{"daily", "weekly", "absoluteMonthly", "relativeMonthly"} {
					if present(m, "maintenanceWindow.schedule."+k) {
						n++
					}
				}
				rn.checked++
				if n != 1 {
					rn.flag(m, "maintenanceWindow.schedule", def(specAKS, "Schedule"), "%d schedule types set; exactly one of daily, weekly, absoluteMonthly, relativeMonthly is allowed", n)
				}
			}
			if present(m, "maintenanceWindow.schedule.weekly") {
				for _, req := range []string{"intervalWeeks", "dayOfWeek"} {
					rn.checked++
					if !present(m, "maintenanceWindow.schedule.weekly."+req) {
						rn.flag(m, "maintenanceWindow.schedule.weekly."+req, def(specAKS, "WeeklySchedule")+".required", "required by WeeklySchedule (intervalWeeks, dayOfWeek)")
					}
				}
			}
		}
		for _, reg := range rn.byType("containerregistry", "Registry") {
			for _, req := range []string{"sku", "sku.name"} {
				rn.checked++
				if !present(reg, req) {
					rn.flag(reg, req, def(specRegistry, "Registry")+".required; "+def(specRegistry, "Sku")+".required", "required (Registry: sku; Sku: name)")
					break
				}
			}
			if present(reg, "networkRuleSet") {
				rn.checked++
				if !present(reg, "networkRuleSet.defaultAction") {
					rn.flag(reg, "networkRuleSet.defaultAction", def(specRegistry, "NetworkRuleSet")+".required", "a network rule set needs defaultAction")
				}
			}
		}
		for _, v := range rn.byType("keyvault", "Vault") {
			for _, req := range []string{"properties", "properties.tenantId", "properties.sku", "properties.sku.name", "properties.sku.family"} {
				rn.checked++
				if !present(v, req) {
					rn.flag(v, req, def(specVault, "VaultProperties")+".required; "+def(specVault, "Sku")+".required", "required (Vault: properties; VaultProperties: tenantId, sku; Sku: name, family)")
					break
				}
			}
			// "When createMode is set to recover, access policies are not
			// required. Otherwise, access policies are required" — unless
			// RBAC authorizes data actions and access policies are ignored.
			rbac, _ := boolean(v, "properties.enableRbacAuthorization")
			mode, _ := str(v, "properties.createMode")
			if _, st := lookup(v, "properties.enableRbacAuthorization"); st != unknown && !rbac && mode != "recover" {
				rn.checked++
				if !present(v, "properties.accessPolicies") {
					rn.flag(v, "properties.accessPolicies", def(specVault, "VaultProperties")+".accessPolicies", "access policies are required unless createMode is recover or enableRbacAuthorization is true")
				}
			}
		}
		for _, c := range rn.clusters() {
			for _, addon := range keys(c, "addonProfiles") {
				rn.checked++
				if !present(c, "addonProfiles."+addon+".enabled") {
					rn.flag(c, "addonProfiles."+addon+".enabled", def(specAKS, "ManagedClusterAddonProfile")+".required", "add-on %s needs enabled (required by ManagedClusterAddonProfile)", addon)
				}
			}
			n := length(c, "agentPoolProfiles")
			for i := 0; i < n; i++ {
				rn.checked++
				if !present(c, fmt.Sprintf("agentPoolProfiles[%d].name", i)) {
					rn.flag(c, fmt.Sprintf("agentPoolProfiles[%d].name", i), def(specAKS, "ManagedClusterAgentPoolProfile")+".required", "every agent pool profile needs a name")
				}
			}
		}
	}})
}

func lenNote(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(" (at most %d characters)", n)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
