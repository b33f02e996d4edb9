package egress

import (
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/privateaks/privateaks/internal/mockengine"
)

// A hand-built plan: resources as the engine would record them, without the
// Azure SDK. IDs follow ARM's shape so parent/child lookups work.

const sub = "/subscriptions/00000000-0000-4000-8000-000000000001"

type fakePlan struct{ rs []*mockengine.Resource }

func (p *fakePlan) Resources() []*mockengine.Resource {
	return append([]*mockengine.Resource(nil), p.rs...)
}
func (p *fakePlan) ByURN(urn string) *mockengine.Resource {
	for _, r := range p.rs {
		if r.URN == urn {
			return r
		}
	}
	return nil
}
func (p *fakePlan) ByID(id string) *mockengine.Resource {
	for _, r := range p.rs {
		if id != "" && strings.EqualFold(r.ID, id) {
			return r
		}
	}
	return nil
}
func (p *fakePlan) ByTypeSuffix(s string) []*mockengine.Resource {
	var out []*mockengine.Resource
	for _, r := range p.rs {
		if strings.HasSuffix(r.Type, s) {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func (p *fakePlan) add(typ, name, id string, in map[string]any, out map[string]any) *mockengine.Resource {
	r := &mockengine.Resource{Type: typ, Name: name, Custom: true, ID: id,
		URN:    "urn:pulumi:test::proj::" + typ + "::" + name,
		Inputs: resource.NewPropertyMapFromMap(in)}
	if out == nil {
		out = in
	}
	r.Outputs = resource.NewPropertyMapFromMap(out)
	p.rs = append(p.rs, r)
	return r
}

func (p *fakePlan) find(name string) *mockengine.Resource {
	for _, r := range p.rs {
		if r.Name == name {
			return r
		}
	}
	return nil
}

const (
	hubRG       = sub + "/resourceGroups/rg-hub"
	spokeRG     = sub + "/resourceGroups/rg-spoke"
	policyID    = hubRG + "/providers/Microsoft.Network/firewallPolicies/afwp"
	hubVnetID   = hubRG + "/providers/Microsoft.Network/virtualNetworks/vnet-hub"
	spokeVnetID = spokeRG + "/providers/Microsoft.Network/virtualNetworks/vnet-spoke"
	clusterID   = spokeRG + "/providers/Microsoft.ContainerService/managedClusters/aks"
	fwIP        = "10.0.0.4"

	nodeCIDR    = "10.1.0.0/24"
	ingressCIDR = "10.1.1.0/28"
	mgmtCIDR    = "10.0.0.128/27"
	spokeCIDR   = "10.1.0.0/16"
)

// fixture is a hub (firewall, management subnet) and a spoke (node and
// ingress subnets) routed to the firewall, with one private cluster without
// add-ons, and a rule collection group that allows exactly what that needs.
func fixture() *fakePlan {
	p := &fakePlan{}
	net := "azure-native:network/v20240501:"
	p.add(net+"VirtualNetwork", "hub-vnet", hubVnetID, map[string]any{"resourceGroupName": "rg-hub", "virtualNetworkName": "vnet-hub", "addressSpace": map[string]any{"addressPrefixes": []any{"10.0.0.0/24"}}}, nil)
	p.add(net+"VirtualNetwork", "spoke-vnet", spokeVnetID, map[string]any{"resourceGroupName": "rg-spoke", "virtualNetworkName": "vnet-spoke", "addressSpace": map[string]any{"addressPrefixes": []any{spokeCIDR}}}, nil)
	route := []any{map[string]any{"name": "default", "addressPrefix": "0.0.0.0/0", "nextHopType": "VirtualAppliance", "nextHopIpAddress": fwIP}}
	p.add(net+"RouteTable", "hub-rt", hubRG+"/providers/Microsoft.Network/routeTables/rt-hub", map[string]any{"routes": route}, nil)
	p.add(net+"RouteTable", "spoke-rt", spokeRG+"/providers/Microsoft.Network/routeTables/rt-spoke", map[string]any{"routes": route}, nil)
	subnet := func(name, rg, vnet, snet, prefix, rt string) {
		in := map[string]any{"resourceGroupName": rg, "virtualNetworkName": vnet, "subnetName": snet, "addressPrefix": prefix}
		if rt != "" {
			in["routeTable"] = map[string]any{"id": sub + "/resourceGroups/" + rg + "/providers/Microsoft.Network/routeTables/" + rt}
		}
		p.add(net+"Subnet", name, sub+"/resourceGroups/"+rg+"/providers/Microsoft.Network/virtualNetworks/"+vnet+"/subnets/"+snet, in, nil)
	}
	subnet("hub-firewall-snet", "rg-hub", "vnet-hub", "AzureFirewallSubnet", "10.0.0.0/26", "")
	subnet("hub-bastion-snet", "rg-hub", "vnet-hub", "AzureBastionSubnet", "10.0.0.64/26", "")
	subnet("hub-management-snet", "rg-hub", "vnet-hub", "snet-management", mgmtCIDR, "rt-hub")
	subnet("spoke-nodes-snet", "rg-spoke", "vnet-spoke", "snet-nodes", nodeCIDR, "rt-spoke")
	subnet("spoke-ingress-snet", "rg-spoke", "vnet-spoke", "snet-ingress", ingressCIDR, "rt-spoke")
	p.add(net+"FirewallPolicy", "fwpolicy", policyID, map[string]any{"location": "westeurope", "firewallPolicyName": "afwp", "dnsSettings": map[string]any{"enableProxy": true}}, nil)
	fwIn := map[string]any{"firewallPolicy": map[string]any{"id": policyID},
		"ipConfigurations": []any{map[string]any{"name": "ipconfig", "subnet": map[string]any{"id": hubVnetID + "/subnets/AzureFirewallSubnet"}}}}
	fwOut := map[string]any{"firewallPolicy": map[string]any{"id": policyID},
		"ipConfigurations": []any{map[string]any{"name": "ipconfig", "privateIPAddress": fwIP, "subnet": map[string]any{"id": hubVnetID + "/subnets/AzureFirewallSubnet"}}}}
	p.add(net+"AzureFirewall", "fw", hubRG+"/providers/Microsoft.Network/azureFirewalls/afw", fwIn, fwOut)
	p.add("azure-native:containerservice/v20240901:ManagedCluster", "aks", clusterID, map[string]any{
		"location": "westeurope", "resourceGroupName": "rg-spoke",
		"apiServerAccessProfile": map[string]any{"enablePrivateCluster": true},
		"agentPoolProfiles":      []any{map[string]any{"name": "system", "vmSize": "Standard_D4ds_v5", "vnetSubnetID": spokeVnetID + "/subnets/snet-nodes"}},
	}, nil)
	p.add(net+"FirewallPolicyRuleCollectionGroup", "rcg", policyID+"/ruleCollectionGroups/egress", map[string]any{
		"ruleCollectionGroupName": "egress", "priority": 200,
		"ruleCollections": []any{
			appCollection("nodes", 100, "Allow",
				appRuleIn("aks", []any{nodeCIDR}, nil, []any{"AzureKubernetesService"}, proto("Https", 443))),
			appCollection("management", 200, "Allow",
				appRuleIn("mgmt-https", []any{mgmtCIDR}, []any{"login.microsoftonline.com", "management.azure.com", "packages.microsoft.com", "pkgs.k8s.io"}, nil, proto("Https", 443)),
				appRuleIn("mgmt-ubuntu", []any{mgmtCIDR}, []any{"azure.archive.ubuntu.com"}, nil, proto("Http", 80))),
		},
	}, nil)
	return p
}

func appCollection(name string, prio int, action string, rules ...any) map[string]any {
	return map[string]any{"name": name, "priority": prio, "ruleCollectionType": "FirewallPolicyFilterRuleCollection",
		"action": map[string]any{"type": action}, "rules": rules}
}

func appRuleIn(name string, sources, fqdns, tags []any, protos ...any) map[string]any {
	r := map[string]any{"name": name, "ruleType": "ApplicationRule", "sourceAddresses": sources, "protocols": protos}
	if fqdns != nil {
		r["targetFqdns"] = fqdns
	}
	if tags != nil {
		r["fqdnTags"] = tags
	}
	return r
}

func netRuleIn(name string, sources, dests, fqdns, ports, protos []any) map[string]any {
	r := map[string]any{"name": name, "ruleType": "NetworkRule", "sourceAddresses": sources, "destinationPorts": ports, "ipProtocols": protos}
	if dests != nil {
		r["destinationAddresses"] = dests
	}
	if fqdns != nil {
		r["destinationFqdns"] = fqdns
	}
	return r
}

func proto(typ string, port int) map[string]any {
	return map[string]any{"protocolType": typ, "port": port}
}

// collections returns the fixture group's ruleCollections for editing; the
// edit is written back by setCollections.
func collections(p *fakePlan) []any {
	r := p.find("rcg")
	return r.Inputs.Mappable()["ruleCollections"].([]any)
}

func setCollections(p *fakePlan, cs []any) {
	r := p.find("rcg")
	in := r.Inputs.Mappable()
	in["ruleCollections"] = cs
	r.Inputs = resource.NewPropertyMapFromMap(in)
}

func setInput(p *fakePlan, name string, edit func(in map[string]any)) {
	r := p.find(name)
	in := r.Inputs.Mappable()
	edit(in)
	r.Inputs = resource.NewPropertyMapFromMap(in)
}
