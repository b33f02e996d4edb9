package mockengine

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/internal/cidr"
	"github.com/privateaks/privateaks/internal/ids"
)

// armType describes how a resource type's ARM ID is built: the provider
// namespace path below the resource group, with the input names that hold
// each name segment. A leading "{scope}" means the ID hangs off another
// resource's ID held in that input.
type armType struct {
	scopeInput string   // input holding a parent resource ID (role assignments, diagnostics)
	path       []string // alternating literal segment, input name
}

var armTypes = map[string]armType{
	"resources:ResourceGroup":                     {path: nil},
	"network:VirtualNetwork":                      {path: []string{"Microsoft.Network/virtualNetworks", "virtualNetworkName"}},
	"network:Subnet":                              {path: []string{"Microsoft.Network/virtualNetworks", "virtualNetworkName", "subnets", "subnetName"}},
	"network:VirtualNetworkPeering":               {path: []string{"Microsoft.Network/virtualNetworks", "virtualNetworkName", "virtualNetworkPeerings", "virtualNetworkPeeringName"}},
	"network:NetworkSecurityGroup":                {path: []string{"Microsoft.Network/networkSecurityGroups", "networkSecurityGroupName"}},
	"network:RouteTable":                          {path: []string{"Microsoft.Network/routeTables", "routeTableName"}},
	"network:AzureFirewall":                       {path: []string{"Microsoft.Network/azureFirewalls", "azureFirewallName"}},
	"network:FirewallPolicy":                      {path: []string{"Microsoft.Network/firewallPolicies", "firewallPolicyName"}},
	"network:FirewallPolicyRuleCollectionGroup":   {path: []string{"Microsoft.Network/firewallPolicies", "firewallPolicyName", "ruleCollectionGroups", "ruleCollectionGroupName"}},
	"network:BastionHost":                         {path: []string{"Microsoft.Network/bastionHosts", "bastionHostName"}},
	"network:PublicIPAddress":                     {path: []string{"Microsoft.Network/publicIPAddresses", "publicIpAddressName"}},
	"network:PrivateEndpoint":                     {path: []string{"Microsoft.Network/privateEndpoints", "privateEndpointName"}},
	"network:PrivateDnsZoneGroup":                 {path: []string{"Microsoft.Network/privateEndpoints", "privateEndpointName", "privateDnsZoneGroups", "privateDnsZoneGroupName"}},
	"network:PrivateZone":                         {path: []string{"Microsoft.Network/privateDnsZones", "privateZoneName"}},
	"network:VirtualNetworkLink":                  {path: []string{"Microsoft.Network/privateDnsZones", "privateZoneName", "virtualNetworkLinks", "virtualNetworkLinkName"}},
	"containerservice:ManagedCluster":             {path: []string{"Microsoft.ContainerService/managedClusters", "resourceName"}},
	"containerservice:AgentPool":                  {path: []string{"Microsoft.ContainerService/managedClusters", "resourceName", "agentPools", "agentPoolName"}},
	"containerservice:MaintenanceConfiguration":   {path: []string{"Microsoft.ContainerService/managedClusters", "resourceName", "maintenanceConfigurations", "configName"}},
	"managedidentity:UserAssignedIdentity":        {path: []string{"Microsoft.ManagedIdentity/userAssignedIdentities", "resourceName"}},
	"managedidentity:FederatedIdentityCredential": {path: []string{"Microsoft.ManagedIdentity/userAssignedIdentities", "resourceName", "federatedIdentityCredentials", "federatedIdentityCredentialResourceName"}},
	"keyvault:Vault":                              {path: []string{"Microsoft.KeyVault/vaults", "vaultName"}},
	"keyvault:Key":                                {path: []string{"Microsoft.KeyVault/vaults", "vaultName", "keys", "keyName"}},
	"compute:DiskEncryptionSet":                   {path: []string{"Microsoft.Compute/diskEncryptionSets", "diskEncryptionSetName"}},
	"containerregistry:Registry":                  {path: []string{"Microsoft.ContainerRegistry/registries", "registryName"}},
	"containerregistry:CacheRule":                 {path: []string{"Microsoft.ContainerRegistry/registries", "registryName", "cacheRules", "cacheRuleName"}},
	"operationalinsights:Workspace":               {path: []string{"Microsoft.OperationalInsights/workspaces", "workspaceName"}},
	"authorization:RoleAssignment":                {scopeInput: "scope", path: []string{"Microsoft.Authorization/roleAssignments", "roleAssignmentName"}},
	"authorization:PolicyAssignment":              {scopeInput: "scope", path: []string{"Microsoft.Authorization/policyAssignments", "policyAssignmentName"}},
	"compute:VirtualMachineScaleSet":              {path: []string{"Microsoft.Compute/virtualMachineScaleSets", "vmScaleSetName"}},
	"network:DnsResolver":                         {path: []string{"Microsoft.Network/dnsResolvers", "dnsResolverName"}},
	"network:InboundEndpoint":                     {path: []string{"Microsoft.Network/dnsResolvers", "dnsResolverName", "inboundEndpoints", "inboundEndpointName"}},
	"network:OutboundEndpoint":                    {path: []string{"Microsoft.Network/dnsResolvers", "dnsResolverName", "outboundEndpoints", "outboundEndpointName"}},
	"network:DnsForwardingRuleset":                {path: []string{"Microsoft.Network/dnsForwardingRulesets", "dnsForwardingRulesetName"}},
	"network:ForwardingRule":                      {path: []string{"Microsoft.Network/dnsForwardingRulesets", "dnsForwardingRulesetName", "forwardingRules", "forwardingRuleName"}},
	"network:PrivateResolverVirtualNetworkLink":   {path: []string{"Microsoft.Network/dnsForwardingRulesets", "dnsForwardingRulesetName", "virtualNetworkLinks", "virtualNetworkLinkName"}},
	"network:ApplicationGateway":                  {path: []string{"Microsoft.Network/applicationGateways", "applicationGatewayName"}},
	"network:WebApplicationFirewallPolicy":        {path: []string{"Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies", "policyName"}},
	"insights:DiagnosticSetting":                  {scopeInput: "resourceUri", path: []string{"Microsoft.Insights/diagnosticSettings", "name"}},
	// Azure/azure-rest-api-specs, specification/monitor/resource-manager/
	// Microsoft.Insights/stable/2023-03-11, examples DataCollectionRulesGet.json
	// and DataCollectionRuleAssociationsGet.json (the IDs they return).
	"insights:DataCollectionRule":            {path: []string{"Microsoft.Insights/dataCollectionRules", "dataCollectionRuleName"}},
	"insights:DataCollectionRuleAssociation": {scopeInput: "resourceUri", path: []string{"Microsoft.Insights/dataCollectionRuleAssociations", "associationName"}},
	// Azure/azure-rest-api-specs, specification/monitor/resource-manager/
	// Microsoft.Insights/stable/2021-09-01/privateLinkScopes_API.json, the
	// PUT paths .../privateLinkScopes/{scopeName} and
	// .../privateLinkScopes/{scopeName}/scopedResources/{name}.
	"insights:PrivateLinkScope":          {path: []string{"Microsoft.Insights/privateLinkScopes", "scopeName"}},
	"insights:PrivateLinkScopedResource": {path: []string{"Microsoft.Insights/privateLinkScopes", "scopeName", "scopedResources", "name"}},
	// specification/monitor/resource-manager/Microsoft.Monitor/Accounts/
	// stable/2023-04-03/monitoringAccounts_API.json, the PUT path
	// .../providers/Microsoft.Monitor/accounts/{azureMonitorWorkspaceName}.
	"monitor:AzureMonitorWorkspace": {path: []string{"Microsoft.Monitor/accounts", "azureMonitorWorkspaceName"}},
	// specification/alertsmanagement/resource-manager/
	// Microsoft.AlertsManagement/stable/2023-03-01/PrometheusRuleGroups.json
	// (path parameter ruleGroupName) and the ID its example
	// createOrUpdateClusterCentricRuleGroup.json returns,
	// .../providers/Microsoft.AlertsManagement/prometheusRuleGroups/<name>.
	"alertsmanagement:PrometheusRuleGroup": {path: []string{"Microsoft.AlertsManagement/prometheusRuleGroups", "ruleGroupName"}},
	"network:DdosProtectionPlan":           {path: []string{"Microsoft.Network/ddosProtectionPlans", "ddosProtectionPlanName"}},
	"insights:MetricAlert":                 {path: []string{"Microsoft.Insights/metricAlerts", "ruleName"}},
	"network:FlowLog":                      {path: []string{"Microsoft.Network/networkWatchers", "networkWatcherName", "flowLogs", "flowLogName"}},
	"storage:StorageAccount":               {path: []string{"Microsoft.Storage/storageAccounts", "accountName"}},
	// pulumi-azure (classic) resources used for the Flux extension.
	"containerservice/kubernetesClusterExtension:KubernetesClusterExtension": {scopeInput: "clusterId", path: []string{"Microsoft.KubernetesConfiguration/extensions", "name"}},
	"containerservice/fluxConfiguration:FluxConfiguration":                   {scopeInput: "clusterId", path: []string{"Microsoft.KubernetesConfiguration/fluxConfigurations", "name"}},
}

// serviceKey turns "azure-native:network/v20240501:Subnet" into "network:Subnet"
// and "azure:containerservice/fluxConfiguration:FluxConfiguration" into
// "containerservice/fluxConfiguration:FluxConfiguration".
func serviceKey(token string) (pkg, key string) {
	parts := strings.SplitN(token, ":", 3)
	if len(parts) != 3 {
		return "", token
	}
	mod := parts[1]
	if parts[0] == "azure-native" {
		mod, _, _ = strings.Cut(mod, "/")
	}
	return parts[0], mod + ":" + parts[2]
}

func str(m resource.PropertyMap, k string) string {
	v, ok := m[resource.PropertyKey(k)]
	if !ok {
		return ""
	}
	v = Unsecret(v)
	if v.IsString() {
		return v.StringValue()
	}
	return ""
}

// armID builds the ARM ID of a resource from its inputs. The name input of
// the last segment falls back to the logical name, as azure-native
// auto-names resources without one.
func (m *Mocks) armID(key string, r *Resource) (string, bool) {
	t, ok := armTypes[key]
	if !ok {
		return "", false
	}
	in := r.Inputs
	var b strings.Builder
	if t.scopeInput != "" {
		b.WriteString(strings.TrimSuffix(str(in, t.scopeInput), "/"))
		b.WriteString("/providers")
	} else {
		fmt.Fprintf(&b, "/subscriptions/%s/resourceGroups/%s", m.SubscriptionID, str(in, "resourceGroupName"))
		if len(t.path) > 0 {
			b.WriteString("/providers")
		}
	}
	for i := 0; i+1 < len(t.path); i += 2 {
		name := str(in, t.path[i+1])
		if name == "" && i+2 >= len(t.path) {
			name = r.Name
		}
		fmt.Fprintf(&b, "/%s/%s", t.path[i], name)
	}
	return b.String(), true
}

// answer computes the mocked ID and outputs of a resource. Callers hold m.mu.
func (m *Mocks) answer(r *Resource) (string, resource.PropertyMap) {
	outs := r.Inputs.Copy()
	if r.Type == "pulumi:pulumi:StackReference" {
		// The engine reads the referenced stack's outputs; here they come
		// from StackOutputs.
		name := str(r.Inputs, "name")
		outs["outputs"] = resource.NewPropertyValue(m.StackOutputs[name])
		outs["secretOutputNames"] = resource.NewPropertyValue([]any{})
		return name, outs
	}
	if !r.Custom {
		return "", outs
	}
	pkg, key := serviceKey(r.Type)
	id, ok := m.armID(key, r)
	switch {
	case ok:
	case pkg == "kubernetes":
		meta := Lookup(resource.NewProperty(r.Inputs), "metadata")
		ns, name := str(objOrEmpty(meta), "namespace"), str(objOrEmpty(meta), "name")
		if ns != "" {
			id = ns + "/" + name
		} else {
			id = name
		}
	case pkg == "pulumi" && strings.HasPrefix(key, "providers:"):
		id = ids.GUID("provider", r.Name)

	default:
		id = r.Name + "-id"
	}
	if pkg == "azure-native" || pkg == "azure" {
		outs["id"] = resource.NewProperty(id)
		last := id[strings.LastIndex(id, "/")+1:]
		if _, has := outs["name"]; !has {
			outs["name"] = resource.NewProperty(last)
		}
	}
	m.computed(key, id, r, outs)
	return id, outs
}

func objOrEmpty(v resource.PropertyValue) resource.PropertyMap {
	v = Unsecret(v)
	if v.IsObject() {
		return v.ObjectValue()
	}
	return resource.PropertyMap{}
}

// computed fills the outputs Azure computes that the components consume.
func (m *Mocks) computed(key, id string, r *Resource, outs resource.PropertyMap) {
	set := func(k string, v any) { outs[resource.PropertyKey(k)] = resource.NewPropertyValue(v) }
	loc := str(r.Inputs, "location")
	if loc == "" {
		loc = m.Location
	}
	switch key {
	case "managedidentity:UserAssignedIdentity":
		set("principalId", ids.GUID("principal", id))
		set("clientId", ids.GUID("client", id))
		set("tenantId", m.TenantID)
	case "network:AzureFirewall":
		// Azure gives the firewall the fourth address of its subnet.
		ipc := Lookup(resource.NewProperty(r.Inputs), "ipConfigurations[0].subnet.id")
		ip := "10.0.0.4"
		if ipc.IsString() {
			if subnet := m.byID[strings.ToLower(ipc.StringValue())]; subnet != nil {
				if p, err := cidr.Parse(str(subnet.Inputs, "addressPrefix")); err == nil {
					if a, ok := cidr.Host(p, 4); ok {
						ip = a.String()
					}
				}
			}
		}
		if cfgs := Lookup(resource.NewProperty(outs), "ipConfigurations"); cfgs.IsArray() && len(cfgs.ArrayValue()) > 0 {
			first := cfgs.ArrayValue()[0].ObjectValue().Copy()
			first["privateIPAddress"] = resource.NewProperty(ip)
			arr := append([]resource.PropertyValue{resource.NewProperty(first)}, cfgs.ArrayValue()[1:]...)
			outs["ipConfigurations"] = resource.NewProperty(arr)
		}
	case "network:PublicIPAddress":
		h := ids.GUID("pip", id)
		set("ipAddress", fmt.Sprintf("20.%d.%d.%d", hexByte(h, 0), hexByte(h, 2), hexByte(h, 4)))
	case "containerservice:ManagedCluster":
		dnsPrefix := str(r.Inputs, "dnsPrefix")
		guid := ids.GUID("cluster", id)
		set("privateFQDN", fmt.Sprintf("%s-%s.%s.privatelink.%s.azmk8s.io", dnsPrefix, guid[:8], guid, loc))
		set("oidcIssuerProfile", map[string]any{"enabled": true, "issuerURL": fmt.Sprintf("https://%s.oic.prod-aks.azure.com/%s/%s/", loc, m.TenantID, guid)})
		set("currentKubernetesVersion", str(r.Inputs, "kubernetesVersion")+".9")
		kubelet := Lookup(resource.NewProperty(r.Inputs), "identityProfile.kubeletidentity.resourceId")
		kid := ""
		if kubelet.IsString() {
			kid = kubelet.StringValue()
		}
		ip := map[string]any{"kubeletidentity": map[string]any{"resourceId": kid, "objectId": ids.GUID("principal", kid), "clientId": ids.GUID("client", kid)}}
		set("identityProfile", ip)
	case "containerregistry:Registry":
		set("loginServer", str(r.Inputs, "registryName")+".azurecr.io")
	case "keyvault:Vault":
		set("properties", mergeObj(objOrEmpty(outs["properties"]), map[string]any{"vaultUri": "https://" + str(r.Inputs, "vaultName") + ".vault.azure.net/"}))
	case "operationalinsights:Workspace":
		set("customerId", ids.GUID("workspace", id))
	case "keyvault:Key":
		// The key identifier format https://<vault>.vault.azure.net/keys/<name>/<version>
		// (MicrosoftDocs/azure-aks-docs articles/aks/use-kms-etcd-encryption.md,
		// the keyId az aks show prints); a version is 32 hex digits.
		uri := "https://" + str(r.Inputs, "vaultName") + ".vault.azure.net/keys/" + str(r.Inputs, "keyName")
		set("keyUri", uri)
		set("keyUriWithVersion", uri+"/"+strings.ReplaceAll(ids.GUID("keyversion", id), "-", ""))
	case "compute:DiskEncryptionSet":
		// A system-assigned identity's principal, as ARM returns it.
		set("identity", mergeObj(objOrEmpty(outs["identity"]), map[string]any{"principalId": ids.GUID("principal", id), "tenantId": m.TenantID}))
	}
}

func mergeObj(base resource.PropertyMap, add map[string]any) resource.PropertyMap {
	out := base.Copy()
	for k, v := range add {
		out[resource.PropertyKey(k)] = resource.NewPropertyValue(v)
	}
	return out
}

func hexByte(s string, i int) int {
	v, _ := strconv.ParseUint(s[i:i+2], 16, 8)
	return int(v)
}

// invoke answers the functions the components call.
func (m *Mocks) invoke(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	_, key := serviceKey(args.Token)
	switch {
	case key == "authorization:getClientConfig":
		return resource.NewPropertyMapFromMap(map[string]any{
			"clientId":       ids.GUID("deployer-client"),
			"objectId":       ids.GUID("deployer-object"),
			"subscriptionId": m.SubscriptionID,
			"tenantId":       m.TenantID,
		}), nil
	case key == "containerservice:listManagedClusterUserCredentials":
		rg, name := str(args.Args, "resourceGroupName"), str(args.Args, "resourceName")
		kc := userKubeconfig(name, fmt.Sprintf("%s-%s.privatelink.%s.azmk8s.io", name, ids.GUID("fqdn", rg, name)[:8], m.Location))
		return resource.NewPropertyMapFromMap(map[string]any{
			"kubeconfigs": []any{map[string]any{"name": "clusterUser", "value": base64.StdEncoding.EncodeToString([]byte(kc))}},
		}), nil
	}
	return nil, fmt.Errorf("mock engine: no mock for invoke %s", args.Token)
}

// userKubeconfig is what the AKS user-credentials API returns for a cluster
// with Entra ID integration: an exec plugin in kubelogin device-code mode.
func userKubeconfig(cluster, fqdn string) string {
	return fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: TU9DSy1DQQ==
    server: https://%[2]s:443
  name: %[1]s
contexts:
- context:
    cluster: %[1]s
    user: clusterUser_%[1]s
  name: %[1]s
current-context: %[1]s
users:
- name: clusterUser_%[1]s
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: kubelogin
      args:
      - get-token
      - --login
      - devicecode
      - --server-id
      - 6dae42f8-4368-4678-94ff-3960e28e3630
      - --client-id
      - 80faf920-1908-4b52-b5ef-a8e7bedfc67a
      - --tenant-id
      - %[3]s
      - --environment
      - AzurePublicCloud
      interactiveMode: IfAvailable
      provideClusterInfo: false
`, cluster, fqdn, DefaultTenantID)
}
