package tests

import (
	"testing"

	"github.com/privateaks/privateaks/testkit"
)

// firewallReach maps every destination FQDN or FQDN tag of the planned rule
// collection group to the sources allowed to reach it, and reports the
// network rules' service-tag destinations.
func firewallReach(t *testing.T, m *testkit.Mocks) (fqdns map[string][]string, tags []string) {
	t.Helper()
	rcg := one(t, m, ":FirewallPolicyRuleCollectionGroup", "hub-fw-aks-egress")
	fqdns = map[string][]string{}
	for i := 0; i < rcg.Len("ruleCollections"); i++ {
		base := "ruleCollections[" + itoa(i) + "]"
		for j := 0; j < rcg.Len(base+".rules"); j++ {
			rule := base + ".rules[" + itoa(j) + "]"
			src := strs(rcg, rule+".sourceAddresses")
			for _, d := range append(append(strs(rcg, rule+".targetFqdns"), strs(rcg, rule+".fqdnTags")...), strs(rcg, rule+".destinationFqdns")...) {
				fqdns[d] = append(fqdns[d], src...)
			}
			tags = append(tags, strs(rcg, rule+".destinationAddresses")...)
		}
	}
	return fqdns, tags
}

// The prod stack's GPU pool (Standard_NC4as_T4_v3 on 10.241.9.0/27) needs
// the GPU driver hosts of the AKS egress article ("GPU enabled AKS clusters
// required FQDN / application rules"); the other pools do not.
func TestStackEgressGPUDriverHostsOnlyFromGPUPool(t *testing.T) {
	reach, _ := firewallReach(t, planStack(t, "prod"))
	for _, host := range []string{"nvidia.github.io", "us.download.nvidia.com", "download.docker.com"} {
		if got := reach[host]; len(got) != 1 || got[0] != "10.241.9.0/27" {
			t.Errorf("%s allowed from %v, want exactly the GPU pool's subnet 10.241.9.0/27", host, got)
		}
	}
}

// Rule sources are the subnets that need the destination, never a whole
// spoke address space (the spokes also hold private endpoints and ingress
// load balancers, which need no internet egress).
func TestStackEgressSourcesAreSubnetsNotSpokes(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		reach, tags := firewallReach(t, planStack(t, stack))
		for dest, srcs := range reach {
			for _, s := range srcs {
				switch s {
				case "10.240.0.0/16", "10.241.0.0/16", "10.242.0.0/16":
					t.Errorf("%s: %s allowed from the whole spoke %s", stack, dest, s)
				}
			}
		}
		// Private clusters need none of the AzureCloud.<region> rules (AKS
		// egress article: "This isn't required for private clusters"); TCP 443
		// to AzureCloud would let any pod reach any Azure-hosted address.
		for _, tag := range tags {
			if len(tag) >= 10 && tag[:10] == "AzureCloud" {
				t.Errorf("%s: network rule to %s", stack, tag)
			}
		}
		// The management subnet (jump boxes, runners) reaches Entra ID and ARM.
		for _, d := range []string{"login.microsoftonline.com", "management.azure.com"} {
			if !contains(reach[d], "10.200.0.128/27") {
				t.Errorf("%s: %s not allowed from the management subnet (allowed from %v)", stack, d, reach[d])
			}
		}
	}
}

// Every application rule protocol must be one Azure accepts: protocolType
// Http, Https or Mssql and a port in 1..64000 (azure-rest-api-specs
// specification/network/resource-manager/Microsoft.Network/stable/2024-05-01/
// firewallPolicy.json, FirewallPolicyRuleApplicationProtocol: "Port number
// for the protocol, cannot be greater than 64000"; a port of 0 or an empty
// type is rejected and would match no traffic).
func TestStackFirewallApplicationRuleProtocolsAreValid(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		rcg := one(t, planStack(t, stack), ":FirewallPolicyRuleCollectionGroup", "hub-fw-aks-egress")
		n := 0
		for i := 0; i < rcg.Len("ruleCollections"); i++ {
			for j := 0; j < rcg.Len("ruleCollections["+itoa(i)+"].rules"); j++ {
				rule := "ruleCollections[" + itoa(i) + "].rules[" + itoa(j) + "]"
				if rcg.String(rule+".ruleType") != "ApplicationRule" {
					continue
				}
				if rcg.Len(rule+".protocols") == 0 {
					t.Errorf("%s: %s has no protocols", stack, rule)
				}
				for k := 0; k < rcg.Len(rule+".protocols"); k++ {
					p := rule + ".protocols[" + itoa(k) + "]"
					typ, port := rcg.String(p+".protocolType"), rcg.Number(p+".port")
					n++
					if (typ != "Http" && typ != "Https" && typ != "Mssql") || port < 1 || port > 64000 {
						t.Errorf("%s: %s = {protocolType %q, port %v}, want Http/Https/Mssql and 1..64000", stack, p, typ, port)
					}
				}
			}
		}
		if n == 0 {
			t.Errorf("%s: no application rule protocols planned", stack)
		}
	}
}

// The Flux extension's images come from the extension registry and its
// regional data endpoint: the AKS egress article's "Cluster extensions"
// table lists arcmktplaceprod.azurecr.io and, for West Europe,
// arcmktplaceprod.westeurope.data.azurecr.io, besides the regional
// configuration endpoint. The old rules lacked the data endpoint.
func TestStackEgressFluxExtensionEndpoints(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		reach, _ := firewallReach(t, planStack(t, stack))
		system := map[string]string{"dev": "10.240.0.0/24", "prod": "10.241.0.0/24"}[stack]
		for _, host := range []string{"westeurope.dp.kubernetesconfiguration.azure.com", "arcmktplaceprod.azurecr.io", "arcmktplaceprod.westeurope.data.azurecr.io"} {
			if !contains(reach[host], system) {
				t.Errorf("%s: %s not allowed from the system pool's subnet %s (allowed from %v)", stack, host, system, reach[host])
			}
		}
	}
}
