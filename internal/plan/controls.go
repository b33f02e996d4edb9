package plan

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/privateaks/privateaks/components/identities"
	"github.com/privateaks/privateaks/components/privateaks"
	"github.com/privateaks/privateaks/components/privatedns/dnsspec"
	"github.com/privateaks/privateaks/internal/azurefacts"
	"github.com/privateaks/privateaks/internal/diagsettings"
	"github.com/privateaks/privateaks/internal/mockengine"
	"github.com/privateaks/privateaks/internal/verify/access"
)

// Status of a control.
type Status string

// Control statuses.
const (
	StatusPass   Status = "pass"
	StatusFail   Status = "fail"
	StatusWaived Status = "waived"
)

// Control is one baseline control: what it checks on the planned resources
// and which document requires it.
type Control struct {
	ID     string
	Title  string
	Source string
	// Check returns one finding per violation; none means pass.
	Check func(v *View) []string
}

// ControlResult is a control's outcome on one plan.
type ControlResult struct {
	Control
	Status   Status
	Findings []string
	// Waiver is the reason from config when the control is waived. On a
	// control that passes it marks a waiver that is not needed.
	Waiver string
}

// Sources cited by the controls.
const (
	srcSeed000   = "seed 000 (secure AKS requirements: CNI, network policy, private links, subnets, RBAC, ACR attach)"
	srcSeed001   = "seed 001 (GitOps with Flux, Azure Policy, Bastion jump box)"
	srcSeed002   = "seed 002 (BYO control-plane and kubelet managed identities)"
	srcSeed003   = "seed 003 (private cluster, Entra ID, Azure RBAC, pod identity successor)"
	srcSeed004   = "seed 004 (private AKS with Key Vault, ACR and private DNS in hub-spoke)"
	srcBaseline  = "AKS secure baseline (mspnp/aks-baseline)"
	srcBaseNodes = "AKS secure baseline: node pool hardening"
	// Sources of the issue-18 controls.
	srcDiagLogs = "MicrosoftDocs/azure-docs articles/firewall/monitor-firewall-reference.md, articles/bastion/monitor-bastion-reference.md, " +
		"articles/key-vault/general/monitor-key-vault-reference.md, articles/container-registry/monitor-container-registry-reference.md, " +
		"articles/virtual-network/virtual-network-nsg-manage-log.md (resource logs of each); insights 2021-05-01-preview diagnosticsSettings_API.json"
	srcFlowLogs = "MicrosoftDocs/azure-docs articles/network-watcher/vnet-flow-logs-overview.md (NSG flow logs can no longer be created; traffic analytics) ; " +
		"network 2024-05-01 networkWatcher.json FlowLogPropertiesFormat (targetResourceId, retentionPolicy, flowAnalyticsConfiguration)"
	srcZonalIPs = "mspnp/aks-baseline networking/hub-default.bicep (numFirewallIpAddressesToAssign = 3, zones 1-3; firewall zones 1-3); " +
		"network 2024-05-01 publicIpAddress.json (zones) and azureFirewall.json (ipConfigurations)"
	srcMorePolicies = "mspnp/aks-baseline cluster-stamp.bicep (pdAllowedExternalIPsId, pdAllowedHostPathsId, pdLocalAuthDisabledId, " +
		"pdAdminAccountContainerRegistryAccessDisallowedId); Azure/azure-policy built-in-policies/policyDefinitions/Kubernetes " +
		"(ExternalIPs, AllowedHostPaths, AKS_DisableLocalAccounts_Deny) and Container Registry (ACR_PublicNetworkAccess_AuditDeny, " +
		"ACR_AdminAccountDisabled_AuditDeny, ACR_ExportPolicy_AuditDeny)"
	srcOps = "MicrosoftDocs/azure-aks-docs articles/aks/planned-maintenance.md (aksManagedAutoUpgradeSchedule, aksManagedNodeOSUpgradeSchedule, weekly windows); " +
		"MicrosoftDocs/azure-docs articles/azure-monitor/containers/container-insights-data-collection-configure.md (namespaceFilteringMode, namespaces)"
	srcAlerts = "MicrosoftDocs/azure-docs articles/firewall/monitor-firewall-reference.md (FirewallHealth, SNATPortUtilization); " +
		"MicrosoftDocs/azure-aks-docs articles/aks/monitor-aks-reference.md (node_cpu_usage_percentage, node_memory_working_set_percentage); " +
		"insights 2018-03-01 metricAlert_API.json"
	srcRegistry = "containerregistry 2023-07-01 containerregistry.json RegistryProperties (zoneRedundancy, dataEndpointEnabled) and Policies " +
		"(retentionPolicy, exportPolicy); MicrosoftDocs/azure-docs articles/container-registry/container-registry-retention-policy.md, " +
		"zone-redundancy.md, data-loss-prevention.md (export policy)"
)

// Controls is the catalogue, in report order.
var Controls = []Control{
	{ID: "PAKS-API-01", Title: "Private API server, no public FQDN", Source: srcSeed003 + "; " + srcSeed004, Check: checkPrivateAPI},
	{ID: "PAKS-NET-01", Title: "Azure CNI with a network policy", Source: srcSeed000, Check: checkCNI},
	{ID: "PAKS-NET-02", Title: "Key Vault and ACR behind private links, public access off", Source: srcSeed000 + "; " + srcSeed004, Check: checkPrivateLinks},
	{ID: "PAKS-NET-03", Title: "System and user node pools on separate subnets", Source: srcSeed000, Check: checkSeparateSubnets},
	{ID: "PAKS-NET-04", Title: "Egress only through the hub firewall", Source: srcBaseline, Check: checkEgress},
	{ID: "PAKS-NET-05", Title: "Bastion for access; no public IPs on nodes", Source: srcSeed001 + "; " + srcSeed004, Check: checkBastion},
	{ID: "PAKS-NET-06", Title: "Firewall Premium with IDPS in Deny mode, threat intelligence Deny", Source: srcBaseline, Check: checkIDPS},
	{ID: "PAKS-DNS-01", Title: "Private DNS zones for API server, ACR and Key Vault, linked", Source: srcSeed004, Check: checkDNS},
	{ID: "PAKS-ID-01", Title: "Azure RBAC for Kubernetes authorization", Source: srcSeed000 + "; " + srcSeed003, Check: checkAzureRBAC},
	{ID: "PAKS-ID-02", Title: "Entra ID integration with an admin group, local accounts off", Source: srcSeed003, Check: checkEntra},
	{ID: "PAKS-ID-03", Title: "ACR pull through the kubelet identity (AcrPull, no admin user)", Source: srcSeed000 + "; " + srcSeed002, Check: checkAcrPull},
	{ID: "PAKS-ID-04", Title: "Workload identity, not pod identity", Source: srcSeed003, Check: checkWorkloadIdentity},
	{ID: "PAKS-ID-05", Title: "BYO control-plane and kubelet identities, least-privilege roles", Source: srcSeed002, Check: checkIdentities},
	{ID: "PAKS-SEC-01", Title: "Key Vault Secrets Store CSI driver with rotation", Source: srcSeed000 + "; " + srcBaseline, Check: checkCSI},
	{ID: "PAKS-SEC-02", Title: "Azure Policy add-on with policy assignments", Source: srcSeed001, Check: checkPolicyAddon},
	{ID: "PAKS-SEC-03", Title: "Azure Policy assignments deny (not only audit)", Source: srcSeed001 + "; " + srcBaseline, Check: checkPolicyDeny},
	{ID: "PAKS-SEC-04", Title: "Microsoft Defender for Containers", Source: srcSeed001, Check: checkDefender},
	{ID: "PAKS-MON-01", Title: "Container Insights and control-plane audit logs", Source: srcSeed000 + "; " + srcBaseline, Check: checkMonitoring},
	{ID: "PAKS-NODE-01", Title: "Node hardening: CriticalAddonsOnly system pool, encryption at host, ephemeral OS disk, AzureLinux, upgrade channels, image cleaner", Source: srcBaseNodes, Check: checkNodes},
	{ID: "PAKS-OPS-01", Title: "GitOps configured for every cluster", Source: srcSeed000 + "; " + srcSeed001, Check: checkGitOps},
	{ID: "PAKS-OPS-02", Title: "Uptime SLA (Standard tier or higher)", Source: srcBaseline, Check: checkTier},
	{ID: "PAKS-OPS-03", Title: "Stateful resources protected from deletion", Source: srcBaseline, Check: checkProtected},
	{ID: "PAKS-MON-02", Title: "Diagnostic settings on the firewall, Bastion, key vaults, registries and NSGs, with the categories each needs", Source: srcDiagLogs, Check: checkServiceDiagnostics},
	{ID: "PAKS-NET-07", Title: "VNet flow logs on every VNet, traffic analytics on, retention of at least 90 days", Source: srcFlowLogs, Check: checkFlowLogs},
	{ID: "PAKS-NET-08", Title: "Firewall with three or more zone-redundant public IPs; zone-redundant Bastion IP", Source: srcZonalIPs, Check: checkZonalIPs},
	{ID: "PAKS-SEC-05", Title: "Baseline Deny policies (allowed external IPs, allowed host paths, local authentication) and registry built-ins (public access, admin user, exports)", Source: srcMorePolicies, Check: checkMorePolicies},
	{ID: "PAKS-OPS-04", Title: "Staggered maintenance windows (cluster and node OS upgrades never overlap); Container Insights excludes the system namespaces", Source: srcOps, Check: checkOps},
	{ID: "PAKS-MON-03", Title: "Health alerts: firewall health and SNAT ports, cluster node CPU and memory", Source: srcAlerts, Check: checkAlerts},
	{ID: "PAKS-MON-04", Title: "Metrics and logs ingestion private: an Azure Monitor Private Link Scope (ingestion PrivateOnly) holds every cluster's workspace and data collection endpoints, closed to public ingestion, its endpoint registered in the five zones", Source: srcMonitorPrivate, Check: checkPrivateIngestion},
	{ID: "PAKS-ACR-01", Title: "Registries: untagged-manifest retention, exports disabled, zone redundancy, dedicated data endpoints", Source: srcRegistry, Check: checkRegistryPolicies},
	{ID: "PAKS-EDGE-01", Title: "Runners and jump boxes: no public IP, Entra ID login, no passwords, encryption at host", Source: srcJumpbox, Check: checkJumpboxes},
	{ID: "PAKS-EDGE-02", Title: "Application Gateway WAF_v2 in Prevention with a managed rule set, Key Vault certificates, HTTP redirected", Source: srcAppGW, Check: checkAppGateways},
	{ID: "PAKS-ENC-01", Title: "etcd KMS, when enabled: a versioned key in a dedicated key-only vault under RBAC with purge protection, a key rotation policy, Key Vault Crypto User for the cluster identity", Source: srcEncKMS, Check: checkKMS},
	{ID: "PAKS-ENC-02", Title: "Disk encryption set, when used: a customer key (RSA 2048+, wrapKey/unwrapKey) in a dedicated RBAC vault with purge protection, the set's identity can use it, the cluster identity reads the set", Source: srcEncDES, Check: checkDiskEncryptionSet},
	{ID: "PAKS-EDGE-03", Title: "DNS Private Resolver endpoints on subnets delegated to Microsoft.Network/dnsResolvers", Source: srcDNSPR, Check: checkResolvers},
}

// Evaluate runs every control and applies the config's waivers.
func Evaluate(v *View) []ControlResult {
	waivers := map[string]string{}
	for _, w := range v.Cfg.Waivers {
		waivers[w.Control] = w.Reason
	}
	out := make([]ControlResult, 0, len(Controls))
	for _, c := range Controls {
		f := c.Check(v)
		sort.Strings(f)
		r := ControlResult{Control: c, Findings: f, Status: StatusPass}
		if len(f) > 0 {
			r.Status = StatusFail
		}
		// A waiver applies only to a control that fails; on one that passes
		// it is kept (and reported as not needed) so that stale waivers are
		// seen and removed rather than silently hiding a future regression.
		if reason, ok := waivers[c.ID]; ok {
			r.Waiver = reason
			if r.Status == StatusFail {
				r.Status = StatusWaived
			}
		}
		out = append(out, r)
	}
	return out
}

// KnownControl reports whether id is in the catalogue.
func KnownControl(id string) bool {
	for _, c := range Controls {
		if c.ID == id {
			return true
		}
	}
	return false
}

func each(v *View, fn func(c *mockengine.Resource) []string) []string {
	cs := v.clusters()
	if len(cs) == 0 {
		return []string{"no managed cluster planned"}
	}
	var out []string
	for _, c := range cs {
		for _, f := range fn(c) {
			out = append(out, c.Name+": "+f)
		}
	}
	return out
}

func want(cond bool, finding string, args ...any) []string {
	if cond {
		return nil
	}
	return []string{fmt.Sprintf(finding, args...)}
}

func checkPrivateAPI(v *View) []string {
	return each(v, func(c *mockengine.Resource) []string {
		var f []string
		f = append(f, want(c.Bool("apiServerAccessProfile.enablePrivateCluster"), "apiServerAccessProfile.enablePrivateCluster is not true")...)
		f = append(f, want(!c.Bool("apiServerAccessProfile.enablePrivateClusterPublicFQDN"), "a public FQDN is enabled")...)
		zone := strings.ToLower(c.String("apiServerAccessProfile.privateDNSZone"))
		f = append(f, want(zone != "" && zone != "none", "privateDNSZone is %q (needs a private zone)", zone)...)
		return f
	})
}

func checkCNI(v *View) []string {
	return each(v, func(c *mockengine.Resource) []string {
		var f []string
		f = append(f, want(c.String("networkProfile.networkPlugin") == "azure", "networkPlugin is %q, want azure", c.String("networkProfile.networkPlugin"))...)
		p := c.String("networkProfile.networkPolicy")
		f = append(f, want(p == "azure" || p == "calico" || p == "cilium", "networkPolicy is %q", p)...)
		return f
	})
}

func checkPrivateLinks(v *View) []string {
	var f []string
	endpointsTo := map[string]bool{}
	for _, pe := range v.of("PrivateEndpoint") {
		endpointsTo[strings.ToLower(pe.String("privateLinkServiceConnections[0].privateLinkServiceId"))] = true
	}
	regs, vaults := v.of("Registry"), v.of("Vault")
	if len(v.clusters()) == 0 {
		return []string{"no managed cluster planned"}
	}
	if len(regs) < len(v.clusters()) || len(vaults) < len(v.clusters()) {
		f = append(f, fmt.Sprintf("%d registries and %d key vaults for %d clusters", len(regs), len(vaults), len(v.clusters())))
	}
	for _, r := range regs {
		f = append(f, want(r.String("publicNetworkAccess") == "Disabled", "registry %s: publicNetworkAccess %q", r.Name, r.String("publicNetworkAccess"))...)
		f = append(f, want(endpointsTo[strings.ToLower(r.ID)], "registry %s has no private endpoint", r.Name)...)
	}
	for _, kv := range vaults {
		f = append(f, want(kv.String("properties.publicNetworkAccess") == "Disabled", "key vault %s: publicNetworkAccess %q", kv.Name, kv.String("properties.publicNetworkAccess"))...)
		f = append(f, want(endpointsTo[strings.ToLower(kv.ID)], "key vault %s has no private endpoint", kv.Name)...)
	}
	return f
}

func checkSeparateSubnets(v *View) []string {
	return each(v, func(c *mockengine.Resource) []string {
		sys := c.String("agentPoolProfiles[0].vnetSubnetID")
		if sys == "" {
			return []string{"system pool has no subnet of its own"}
		}
		seen := map[string]string{strings.ToLower(sys): "system"}
		var f []string
		for _, p := range v.within(c, ":PrivateAKS", "AgentPool") {
			s := strings.ToLower(p.String("vnetSubnetID"))
			if prev, dup := seen[s]; dup || s == "" {
				f = append(f, fmt.Sprintf("pool %s shares a subnet with %s", p.String("agentPoolName"), prev))
			}
			seen[s] = p.String("agentPoolName")
		}
		return f
	})
}

func checkEgress(v *View) []string {
	fws := v.of("AzureFirewall")
	if len(fws) == 0 {
		return []string{"no firewall planned"}
	}
	return each(v, func(c *mockengine.Resource) []string {
		f := want(c.String("networkProfile.outboundType") == "userDefinedRouting", "outboundType is %q, want userDefinedRouting", c.String("networkProfile.outboundType"))
		subnets := []string{c.String("agentPoolProfiles[0].vnetSubnetID")}
		for _, p := range v.within(c, ":PrivateAKS", "AgentPool") {
			subnets = append(subnets, p.String("vnetSubnetID"))
		}
		for _, id := range subnets {
			s := v.byID(id)
			if s == nil {
				f = append(f, fmt.Sprintf("node subnet %s is not planned here", id))
				continue
			}
			rt := v.byID(s.String("routeTable.id"))
			if rt == nil || rt.String("routes[0].addressPrefix") != "0.0.0.0/0" || rt.String("routes[0].nextHopType") != "VirtualAppliance" {
				f = append(f, fmt.Sprintf("node subnet %s does not route 0.0.0.0/0 to the firewall", s.String("subnetName")))
			}
			if b := s.Get("defaultOutboundAccess"); !b.IsBool() || b.BoolValue() {
				f = append(f, fmt.Sprintf("node subnet %s keeps default outbound access", s.String("subnetName")))
			}
		}
		return f
	})
}

func checkBastion(v *View) []string {
	f := want(len(v.of("BastionHost")) > 0, "no Bastion host planned")
	f = append(f, each(v, func(c *mockengine.Resource) []string {
		var g []string
		g = append(g, want(!c.Bool("agentPoolProfiles[0].enableNodePublicIP"), "system pool nodes get public IPs")...)
		for _, p := range v.within(c, ":PrivateAKS", "AgentPool") {
			g = append(g, want(!p.Bool("enableNodePublicIP"), "pool %s nodes get public IPs", p.String("agentPoolName"))...)
		}
		return g
	})...)
	return f
}

func checkIDPS(v *View) []string {
	var f []string
	for _, p := range v.of("FirewallPolicy") {
		f = append(f, want(p.String("sku.tier") == "Premium", "firewall policy tier %q, want Premium", p.String("sku.tier"))...)
		f = append(f, want(p.String("intrusionDetection.mode") == "Deny", "IDPS mode %q, want Deny", p.String("intrusionDetection.mode"))...)
		f = append(f, want(p.String("threatIntelMode") == "Deny", "threat intelligence %q, want Deny", p.String("threatIntelMode"))...)
	}
	return f
}

func checkDNS(v *View) []string {
	zones := map[string]*mockengine.Resource{}
	for _, z := range v.of("PrivateZone") {
		zones[z.String("privateZoneName")] = z
	}
	var f []string
	for _, name := range []string{dnsspec.APIServerZone(v.Cfg.Location), dnsspec.ACRZone, dnsspec.KeyVaultZone} {
		z := zones[name]
		if z == nil {
			f = append(f, "zone "+name+" is not planned")
			continue
		}
		links := 0
		for _, l := range v.of("VirtualNetworkLink") {
			if l.DependsOn(z.URN) && !l.Bool("registrationEnabled") {
				links++
			}
		}
		f = append(f, want(links > 0, "zone %s is linked to no VNet", name)...)
	}
	return f
}

func checkAzureRBAC(v *View) []string {
	return each(v, func(c *mockengine.Resource) []string {
		return want(c.Bool("aadProfile.enableAzureRBAC"), "aadProfile.enableAzureRBAC is not true")
	})
}

func checkEntra(v *View) []string {
	return each(v, func(c *mockengine.Resource) []string {
		var f []string
		f = append(f, want(c.Bool("aadProfile.managed"), "Entra ID integration is not managed")...)
		f = append(f, want(len(strsAt(c, "aadProfile.adminGroupObjectIDs")) > 0, "no admin group")...)
		f = append(f, want(c.Bool("disableLocalAccounts"), "local accounts are enabled")...)
		return f
	})
}

// The roles the identity controls look for come from their owners: the
// components' catalogue of grantable built-in roles (identities.Roles) for
// AcrPull, and the access model's table of the built-in roles reference for
// the privileged roles, which the components cannot grant at all. The two
// tables agree on every grantable role (tests/access_model_test.go
// TestComponentRolesMatchTheBuiltInRolesReference).

// privilegedRole returns the GUID of the privileged built-in role (Owner,
// Contributor, User Access Administrator) a role definition ID names, if
// it names one.
func privilegedRole(roleDefinitionID string) (string, bool) {
	guid := strings.ToLower(roleDefinitionID[strings.LastIndex(roleDefinitionID, "/")+1:])
	r, ok := access.RoleByID(guid)
	return guid, ok && r.Privileged
}

func checkAcrPull(v *View) []string {
	var f []string
	for _, r := range v.of("Registry") {
		f = append(f, want(!r.Bool("adminUserEnabled"), "registry %s has the admin user on", r.Name)...)
		found := false
		for _, ra := range v.of("RoleAssignment") {
			if strings.HasSuffix(ra.String("roleDefinitionId"), identities.RoleAcrPull) && strings.EqualFold(ra.String("scope"), r.ID) {
				found = true
			}
		}
		f = append(f, want(found, "no AcrPull assignment on registry %s", r.Name)...)
	}
	return append(f, each(v, func(c *mockengine.Resource) []string {
		return want(c.String("identityProfile.kubeletidentity.resourceId") != "", "no kubelet identity to pull with")
	})...)
}

func checkWorkloadIdentity(v *View) []string {
	return each(v, func(c *mockengine.Resource) []string {
		var f []string
		f = append(f, want(c.Bool("oidcIssuerProfile.enabled"), "OIDC issuer is off")...)
		f = append(f, want(c.Bool("securityProfile.workloadIdentity.enabled"), "workload identity is off")...)
		f = append(f, want(!c.Bool("podIdentityProfile.enabled"), "the deprecated pod identity is on")...)
		return f
	})
}

func checkIdentities(v *View) []string {
	f := each(v, func(c *mockengine.Resource) []string {
		var g []string
		g = append(g, want(c.String("identity.type") == "UserAssigned", "identity type %q, want UserAssigned", c.String("identity.type"))...)
		g = append(g, want(c.String("identityProfile.kubeletidentity.resourceId") != "", "no BYO kubelet identity")...)
		return g
	})
	for _, ra := range v.of("RoleAssignment") {
		if bad, ok := privilegedRole(ra.String("roleDefinitionId")); ok {
			f = append(f, fmt.Sprintf("role assignment %s grants a broad role (%s)", ra.Name, bad))
		}
		scope := strings.ToLower(ra.String("scope"))
		if strings.Count(scope, "/") <= 4 {
			f = append(f, fmt.Sprintf("role assignment %s is scoped to a subscription or resource group (%s)", ra.Name, scope))
		}
	}
	return f
}

func checkCSI(v *View) []string {
	return each(v, func(c *mockengine.Resource) []string {
		var f []string
		f = append(f, want(c.Bool("addonProfiles.azureKeyvaultSecretsProvider.enabled"), "Key Vault CSI add-on is off")...)
		f = append(f, want(c.String("addonProfiles.azureKeyvaultSecretsProvider.config.enableSecretRotation") == "true", "secret rotation is off")...)
		return f
	})
}

func checkPolicyAddon(v *View) []string {
	return each(v, func(c *mockengine.Resource) []string {
		f := want(c.Bool("addonProfiles.azurepolicy.enabled"), "Azure Policy add-on is off")
		n := 0
		for _, pa := range v.of("PolicyAssignment") {
			if strings.EqualFold(pa.String("scope"), c.ID) {
				n++
			}
		}
		return append(f, want(n > 0, "no policy assignments on the cluster")...)
	})
}

func checkPolicyDeny(v *View) []string {
	var reg []string
	for _, r := range v.of("Registry") {
		for _, pa := range v.of("PolicyAssignment") {
			if strings.EqualFold(pa.String("scope"), r.ID) && !strings.EqualFold(pa.String("parameters.effect.value"), "deny") {
				reg = append(reg, fmt.Sprintf("registry %s: policy %s effect %q", r.Name, pa.String("displayName"), pa.String("parameters.effect.value")))
			}
		}
	}
	return append(reg, each(v, func(c *mockengine.Resource) []string {
		var f []string
		for _, pa := range v.of("PolicyAssignment") {
			if !strings.EqualFold(pa.String("scope"), c.ID) {
				continue
			}
			if e := pa.String("parameters.effect.value"); e != "" && !strings.EqualFold(e, "deny") {
				f = append(f, fmt.Sprintf("policy %s effect %q", pa.String("displayName"), e))
			}
		}
		return f
	})...)
}

func checkDefender(v *View) []string {
	return each(v, func(c *mockengine.Resource) []string {
		return want(c.Bool("securityProfile.defender.securityMonitoring.enabled"), "Defender security monitoring is off")
	})
}

func checkMonitoring(v *View) []string {
	return each(v, func(c *mockengine.Resource) []string {
		f := want(c.Bool("addonProfiles.omsagent.enabled"), "Container Insights (omsagent) is off")
		var diag *mockengine.Resource
		for _, d := range v.of("DiagnosticSetting") {
			if strings.EqualFold(d.String("resourceUri"), c.ID) {
				diag = d
			}
		}
		if diag == nil {
			return append(f, "no diagnostic setting on the cluster")
		}
		enabled := map[string]bool{}
		for i := 0; i < diag.Len("logs"); i++ {
			p := fmt.Sprintf("logs[%d]", i)
			if diag.Bool(p + ".enabled") {
				enabled[diag.String(p+".category")] = true
			}
		}
		for _, cat := range privateaks.AuditLogCategories {
			f = append(f, want(enabled[cat], "log category %s not sent", cat)...)
		}
		f = append(f, want(diag.String("workspaceId") != "", "diagnostics go to no workspace")...)
		// Container Insights with managed-identity auth needs a data
		// collection rule associated with the cluster.
		routed := false
		for _, a := range v.of("DataCollectionRuleAssociation") {
			if !strings.EqualFold(a.String("resourceUri"), c.ID) {
				continue
			}
			if rule := v.byID(a.String("dataCollectionRuleId")); rule != nil && has(strsAt(rule, "dataFlows[0].streams"), "Microsoft-ContainerInsights-Group-Default") {
				routed = true
			}
		}
		return append(f, want(routed, "no data collection rule routes Container Insights to a workspace")...)
	})
}

func checkNodes(v *View) []string {
	return each(v, func(c *mockengine.Resource) []string {
		var f []string
		sys := "agentPoolProfiles[0]"
		f = append(f, want(has(strsAt(c, sys+".nodeTaints"), "CriticalAddonsOnly=true:NoSchedule"), "system pool lacks the CriticalAddonsOnly taint")...)
		f = append(f, want(c.Bool(sys+".enableEncryptionAtHost"), "system pool without encryption at host")...)
		f = append(f, want(c.String(sys+".osDiskType") == "Ephemeral", "system pool OS disk %q, want Ephemeral", c.String(sys+".osDiskType"))...)
		f = append(f, want(c.String(sys+".osSKU") == "AzureLinux", "system pool OS %q, want AzureLinux", c.String(sys+".osSKU"))...)
		for _, p := range v.within(c, ":PrivateAKS", "AgentPool") {
			f = append(f, want(p.Bool("enableEncryptionAtHost"), "pool %s without encryption at host", p.String("agentPoolName"))...)
		}
		ch := c.String("autoUpgradeProfile.nodeOSUpgradeChannel")
		f = append(f, want(ch == "NodeImage" || ch == "SecurityPatch", "node OS upgrade channel %q", ch)...)
		up := c.String("autoUpgradeProfile.upgradeChannel")
		f = append(f, want(up != "" && up != "none", "cluster auto-upgrade channel %q", up)...)
		f = append(f, want(c.Bool("securityProfile.imageCleaner.enabled"), "image cleaner is off")...)
		return f
	})
}

func checkGitOps(v *View) []string {
	return each(v, func(c *mockengine.Resource) []string {
		if len(v.within(c, ":PrivateAKS", "FluxConfiguration")) > 0 {
			return nil
		}
		for _, fc := range v.of("FluxConfiguration") {
			if strings.EqualFold(fc.String("clusterId"), c.ID) {
				return nil
			}
		}
		// Manifests mode: a GitRepository applied through a kubernetes
		// provider pinned to this cluster (fluxbootstrap sets the
		// provider's clusterIdentifier to the cluster's ARM ID).
		for _, g := range v.of("GitRepository") {
			if p := v.M.ProviderOf(g); p != nil && strings.EqualFold(p.String("clusterIdentifier"), c.ID) {
				return nil
			}
		}
		return []string{"no Flux configuration or GitRepository for the cluster"}
	})
}

func checkTier(v *View) []string {
	return each(v, func(c *mockengine.Resource) []string {
		t := c.String("sku.tier")
		return want(t == "Standard" || t == "Premium", "sku tier %q (no uptime SLA)", t)
	})
}

func checkProtected(v *View) []string {
	var f []string
	for _, typ := range []string{"ManagedCluster", "VirtualNetwork", "AzureFirewall", "PrivateZone", "Registry", "Vault", "UserAssignedIdentity", "VirtualNetworkPeering"} {
		for _, r := range v.of(typ) {
			if !r.Protect {
				f = append(f, fmt.Sprintf("%s %s is not protected", typ, r.Name))
			}
		}
	}
	// Pulumi's protect stops `pulumi destroy`; purge protection stops a
	// deleted vault, and its keys and secrets, from being purged.
	for _, r := range v.of("Vault") {
		f = append(f, want(r.Bool("properties.enablePurgeProtection"), "Vault %s has no purge protection", r.Name)...)
	}
	return f
}

// requiredLogs are the log categories each resource type must send: the
// diagnostics owner's list per type (internal/diagsettings, read from the
// Azure Monitor references in srcDiagLogs). internal/plan's
// TestRequiredLogsCoverTheMonitorReferences holds them to the documented
// minimum.
var requiredLogs = []struct {
	typ string
	diagsettings.Categories
}{
	{"AzureFirewall", diagsettings.Firewall},
	{"BastionHost", diagsettings.Bastion},
	{"Vault", diagsettings.KeyVault},
	{"Registry", diagsettings.Registry},
	{"NetworkSecurityGroup", diagsettings.NSG},
}

func checkServiceDiagnostics(v *View) []string {
	byTarget := map[string][]*mockengine.Resource{}
	for _, d := range v.of("DiagnosticSetting") {
		k := strings.ToLower(d.String("resourceUri"))
		byTarget[k] = append(byTarget[k], d)
	}
	var f []string
	for _, rl := range requiredLogs {
		for _, r := range v.of(rl.typ) {
			ds := byTarget[strings.ToLower(r.ID)]
			if len(ds) == 0 {
				f = append(f, fmt.Sprintf("%s %s: no diagnostic setting (resourceUri %s)", rl.typ, r.Name, r.ID))
				continue
			}
			enabled := map[string]bool{}
			toWorkspace, dedicated := false, false
			for _, d := range ds {
				for i := 0; i < d.Len("logs"); i++ {
					p := fmt.Sprintf("logs[%d]", i)
					if d.Bool(p + ".enabled") {
						enabled[d.String(p+".category")] = true
					}
				}
				if d.String("workspaceId") != "" {
					toWorkspace = true
				}
				if d.String("logAnalyticsDestinationType") == "Dedicated" {
					dedicated = true
				}
			}
			for _, c := range rl.Logs {
				f = append(f, want(enabled[c], "%s %s: diagnostic setting logs[] lacks category %s", rl.typ, r.Name, c)...)
			}
			f = append(f, want(toWorkspace, "%s %s: diagnostic setting has no workspaceId", rl.typ, r.Name)...)
			if rl.Dedicated {
				f = append(f, want(dedicated, "%s %s: logAnalyticsDestinationType is not Dedicated (resource-specific tables)", rl.typ, r.Name)...)
			}
		}
	}
	return f
}

func checkFlowLogs(v *View) []string {
	logs := map[string]*mockengine.Resource{}
	for _, fl := range v.of("FlowLog") {
		logs[strings.ToLower(fl.String("targetResourceId"))] = fl
	}
	vnets := v.of("VirtualNetwork")
	if len(vnets) == 0 {
		return []string{"no virtual network planned"}
	}
	var f []string
	for _, vn := range vnets {
		fl := logs[strings.ToLower(vn.ID)]
		if fl == nil {
			f = append(f, fmt.Sprintf("VirtualNetwork %s: no flow log with targetResourceId %s", vn.Name, vn.ID))
			continue
		}
		f = append(f, want(fl.Get("enabled").IsNull() || fl.Bool("enabled"), "FlowLog %s: enabled is false", fl.Name)...)
		f = append(f, want(fl.Bool("retentionPolicy.enabled") && fl.Number("retentionPolicy.days") >= 90, "FlowLog %s: retentionPolicy %v days (enabled=%v), want at least 90", fl.Name, fl.Number("retentionPolicy.days"), fl.Bool("retentionPolicy.enabled"))...)
		ta := "flowAnalyticsConfiguration.networkWatcherFlowAnalyticsConfiguration."
		f = append(f, want(fl.Bool(ta+"enabled") && fl.String(ta+"workspaceResourceId") != "", "FlowLog %s: traffic analytics off or without workspaceResourceId", fl.Name)...)
		f = append(f, want(fl.String("storageId") != "", "FlowLog %s: no storageId", fl.Name)...)
	}
	return f
}

func checkRegistryPolicies(v *View) []string {
	var f []string
	for _, r := range v.of("Registry") {
		f = append(f, want(strings.EqualFold(r.String("policies.retentionPolicy.status"), "enabled"), "Registry %s: policies.retentionPolicy.status %q, want enabled", r.Name, r.String("policies.retentionPolicy.status"))...)
		f = append(f, want(strings.EqualFold(r.String("policies.exportPolicy.status"), "disabled"), "Registry %s: policies.exportPolicy.status %q, want disabled", r.Name, r.String("policies.exportPolicy.status"))...)
		// Zone redundancy where the region has zones (azurefacts, from the
		// availability-zones service list).
		if len(azurefacts.ZonesIn(r.String("location"))) > 1 {
			f = append(f, want(r.String("zoneRedundancy") == "Enabled", "Registry %s: zoneRedundancy %q, want Enabled (region %s has zones)", r.Name, r.String("zoneRedundancy"), r.String("location"))...)
		}
		f = append(f, want(r.Bool("dataEndpointEnabled"), "Registry %s: dataEndpointEnabled is not true", r.Name)...)
	}
	return f
}

// zoneRedundant reports whether zones names at least two zones, or the
// resource's region has none (azurefacts), where regional is all there is.
func zoneRedundant(r *mockengine.Resource) bool {
	return len(strsAt(r, "zones")) >= 2 || len(azurefacts.ZonesIn(r.String("location"))) < 2
}

func checkZonalIPs(v *View) []string {
	var f []string
	fws := v.of("AzureFirewall")
	if len(fws) == 0 {
		return []string{"no firewall planned"}
	}
	for _, fw := range fws {
		n := fw.Len("ipConfigurations")
		f = append(f, want(n >= 3, "AzureFirewall %s: %d ipConfigurations (public IPs), want at least 3", fw.Name, n)...)
		f = append(f, want(zoneRedundant(fw), "AzureFirewall %s: zones %v, want zone-redundant", fw.Name, strsAt(fw, "zones"))...)
		for i := 0; i < n; i++ {
			id := fw.String(fmt.Sprintf("ipConfigurations[%d].publicIPAddress.id", i))
			pip := v.byID(id)
			if pip == nil {
				f = append(f, fmt.Sprintf("AzureFirewall %s: ipConfigurations[%d] public IP %s is not planned", fw.Name, i, id))
				continue
			}
			f = append(f, want(zoneRedundant(pip), "PublicIPAddress %s: zones %v, want zone-redundant", pip.Name, strsAt(pip, "zones"))...)
		}
	}
	for _, b := range v.of("BastionHost") {
		pip := v.byID(b.String("ipConfigurations[0].publicIPAddress.id"))
		if pip == nil {
			f = append(f, fmt.Sprintf("BastionHost %s: public IP not planned", b.Name))
			continue
		}
		f = append(f, want(zoneRedundant(pip), "PublicIPAddress %s (Bastion): zones %v, want zone-redundant", pip.Name, strsAt(pip, "zones"))...)
	}
	return f
}

// The built-in definitions the controls look for, from their one owner
// (components/privateaks/governance.go; tests/hardening_test.go holds the
// GUIDs to Azure/azure-policy's, srcMorePolicies).
var (
	defAllowedExternalIPs = privateaks.PolicyAllowedExternalIPs.ID
	defAllowedHostPaths   = privateaks.PolicyAllowedHostPaths.ID
	defLocalAuthDisabled  = privateaks.PolicyLocalAuthDisabled.ID
	defACRPublicNetwork   = privateaks.PolicyACRPublicNetworkDisabled.ID
	defACRAdminDisabled   = privateaks.PolicyACRAdminDisabled.ID
	defACRExportsDisabled = privateaks.PolicyACRExportsDisabled.ID
)

// assignmentOn returns the policy assignment of definition def on scope.
func assignmentOn(v *View, scope, def string) *mockengine.Resource {
	for _, pa := range v.of("PolicyAssignment") {
		if strings.EqualFold(pa.String("scope"), scope) && strings.HasSuffix(strings.ToLower(pa.String("policyDefinitionId")), "/policydefinitions/"+def) {
			return pa
		}
	}
	return nil
}

func checkMorePolicies(v *View) []string {
	// Present and enforcing or auditing; whether they deny is PAKS-SEC-03's.
	deny := func(what string, pa *mockengine.Resource) []string {
		if pa == nil {
			return []string{what + ": not assigned"}
		}
		e := strings.ToLower(pa.String("parameters.effect.value"))
		return want(e == "deny" || e == "audit", "%s: effect %q, want Deny (or Audit, which PAKS-SEC-03 reports)", what, pa.String("parameters.effect.value"))
	}
	f := each(v, func(c *mockengine.Resource) []string {
		var g []string
		ext := assignmentOn(v, c.ID, defAllowedExternalIPs)
		g = append(g, deny("allowed external IPs ("+defAllowedExternalIPs+")", ext)...)
		if ext != nil {
			g = append(g, want(len(strsAt(ext, "parameters.allowedExternalIPs.value")) == 0, "allowed external IPs: parameters.allowedExternalIPs.value %v, want none", strsAt(ext, "parameters.allowedExternalIPs.value"))...)
		}
		hp := assignmentOn(v, c.ID, defAllowedHostPaths)
		g = append(g, deny("allowed host paths ("+defAllowedHostPaths+")", hp)...)
		if hp != nil {
			g = append(g, want(hp.Get("parameters.allowedHostPaths.value.paths").IsArray() && hp.Len("parameters.allowedHostPaths.value.paths") == 0, "allowed host paths: parameters.allowedHostPaths.value.paths is not an empty list")...)
		}
		// With local accounts kept (PAKS-ID-02 reports it) the ARM Deny
		// would refuse every update of the cluster, so it is not expected.
		if c.Bool("disableLocalAccounts") {
			g = append(g, deny("local authentication disabled ("+defLocalAuthDisabled+")", assignmentOn(v, c.ID, defLocalAuthDisabled))...)
		}
		return g
	})
	for _, r := range v.of("Registry") {
		for _, d := range []string{defACRPublicNetwork, defACRAdminDisabled, defACRExportsDisabled} {
			f = append(f, deny("Registry "+r.Name+": built-in "+d, assignmentOn(v, r.ID, d))...)
		}
	}
	return f
}

// weekHours is a weekly maintenance window as [start, end) hours of the week.
func weekHours(r *mockengine.Resource) (int, int, bool) {
	w := "maintenanceWindow."
	day := map[string]int{"Sunday": 0, "Monday": 1, "Tuesday": 2, "Wednesday": 3, "Thursday": 4, "Friday": 5, "Saturday": 6}
	d, ok := day[r.String(w+"schedule.weekly.dayOfWeek")]
	// startTime is "HH:mm" (containerservice 2024-10-01 MaintenanceWindow).
	t, err := time.Parse("15:04", r.String(w+"startTime"))
	if err != nil || !ok {
		return 0, 0, false
	}
	start := d*24 + t.Hour()
	return start, start + int(r.Number(w+"durationHours")), true
}

func checkOps(v *View) []string {
	return each(v, func(c *mockengine.Resource) []string {
		var f []string
		windows := map[string]*mockengine.Resource{}
		for _, mc := range v.of("MaintenanceConfiguration") {
			if strings.EqualFold(mc.String("resourceName"), c.String("resourceName")) && strings.EqualFold(mc.String("resourceGroupName"), c.String("resourceGroupName")) {
				windows[mc.String("configName")] = mc
			}
		}
		up, os := windows["aksManagedAutoUpgradeSchedule"], windows["aksManagedNodeOSUpgradeSchedule"]
		if up != nil && os != nil {
			s1, e1, ok1 := weekHours(up)
			s2, e2, ok2 := weekHours(os)
			// Overlap within the week, also across the Saturday/Sunday wrap.
			overlap := func(a, b, c, d int) bool { return a < d && c < b }
			clash := overlap(s1, e1, s2, e2) || overlap(s1+168, e1+168, s2, e2) || overlap(s1, e1, s2+168, e2+168)
			f = append(f, want(ok1 && ok2 && !clash, "maintenance windows overlap: %s [%d,%d) and %s [%d,%d) hours of the week", up.Name, s1, e1, os.Name, s2, e2)...)
		}
		// The cluster may have several rules associated (managed Prometheus
		// has its own); the Container Insights one is the rule whose
		// extension is ContainerInsights.
		filtered := false
		for _, a := range v.of("DataCollectionRuleAssociation") {
			if !strings.EqualFold(a.String("resourceUri"), c.ID) {
				continue
			}
			rule := v.byID(a.String("dataCollectionRuleId"))
			if rule == nil || rule.String("dataSources.extensions[0].extensionName") != "ContainerInsights" {
				continue
			}
			ds := "dataSources.extensions[0].extensionSettings.dataCollectionSettings."
			filtered = filtered || rule.String(ds+"namespaceFilteringMode") == "Exclude" && has(strsAt(rule, ds+"namespaces"), "kube-system")
		}
		return append(f, want(filtered, "Container Insights data collection rule does not exclude kube-system (namespaceFilteringMode Exclude)")...)
	})
}

// alertedMetrics are the metrics with an enabled alert on resource id.
func alertedMetrics(v *View, id string) map[string]bool {
	out := map[string]bool{}
	for _, a := range v.of("MetricAlert") {
		if !a.Bool("enabled") || !has(lowerAll(strsAt(a, "scopes")), strings.ToLower(id)) {
			continue
		}
		for i := 0; i < a.Len("criteria.allOf"); i++ {
			out[a.String(fmt.Sprintf("criteria.allOf[%d].metricName", i))] = true
		}
	}
	return out
}

func lowerAll(in []string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = strings.ToLower(s)
	}
	return out
}

func checkAlerts(v *View) []string {
	var f []string
	for _, fw := range v.of("AzureFirewall") {
		m := alertedMetrics(v, fw.ID)
		for _, metric := range []string{"FirewallHealth", "SNATPortUtilization"} {
			f = append(f, want(m[metric], "AzureFirewall %s: no enabled metric alert on %s", fw.Name, metric)...)
		}
	}
	return append(f, each(v, func(c *mockengine.Resource) []string {
		m := alertedMetrics(v, c.ID)
		var g []string
		for _, metric := range []string{"node_cpu_usage_percentage", "node_memory_working_set_percentage"} {
			g = append(g, want(m[metric], "no enabled metric alert on %s", metric)...)
		}
		return g
	})...)
}
