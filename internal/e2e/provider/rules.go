package provider

import (
	"regexp"
	"sort"
	"strings"
)

// replaceRules lists, per package and resource key (serviceKey form, e.g.
// "containerservice:ManagedCluster"), the input paths whose change makes the
// cloud replace the resource rather than update it. "[*]" matches any array
// index. Every Azure resource is also replaced when a segment of its ARM ID
// (resource group, name, parent names, scope) or its location changes: ARM
// addresses a resource by that ID and has no rename or move-region for these
// types. The ARM ID segments come from the mock engine's model (ARMNameInputs).
var replaceRules = map[string][]string{
	// docs/config.md, "Fields that replace the cluster": dnsPrefix,
	// nodeResourceGroup, privateDnsZone, network.pluginMode, network.policy,
	// network.podCidr, network.serviceCidr, network.dnsServiceIp, the system
	// pool's vmSize and subnet, the outbound type and the disk encryption set.
	"azure-native/containerservice:ManagedCluster": {
		"dnsPrefix",
		"nodeResourceGroup",
		"apiServerAccessProfile.privateDNSZone",
		"networkProfile.networkPluginMode",
		"networkProfile.networkPolicy",
		"networkProfile.podCidr",
		"networkProfile.serviceCidr",
		"networkProfile.dnsServiceIP",
		"networkProfile.outboundType",
		"agentPoolProfiles[*].vmSize",
		"agentPoolProfiles[*].vnetSubnetID",
		"diskEncryptionSetID",
	},
	// An AKS node pool cannot change its VM size, OS or subnet in place.
	"azure-native/containerservice:AgentPool": {"vmSize", "osType", "vnetSubnetID"},
	// Kubernetes objects are addressed by kind, namespace and name.
	"kubernetes/*": {"metadata.name", "metadata.namespace", "kind", "apiVersion"},
	// The classic provider's Flux resources hang off a cluster by ID.
	"azure/*": {"name", "clusterId", "resourceGroupName", "location"},
}

// ruleRe compiles a rule path into a regexp over detailed-diff keys
// ("agentPoolProfiles[0].vmSize"); a rule matches the path and anything
// below it.
func ruleRe(path string) *regexp.Regexp {
	q := regexp.QuoteMeta(path)
	q = strings.ReplaceAll(q, `\[\*\]`, `\[\d+\]`)
	return regexp.MustCompile(`^` + q + `($|\.|\[)`)
}

// replaces returns the changed paths (detailed-diff keys) that force a
// replacement of a resource of package pkg and key key, sorted.
func replaces(pkg, key string, changed []string, extra []string) []string {
	var rules []string
	rules = append(rules, replaceRules[pkg+"/"+key]...)
	rules = append(rules, replaceRules[pkg+"/*"]...)
	rules = append(rules, extra...)
	var out []string
	for _, c := range changed {
		for _, r := range rules {
			if ruleRe(r).MatchString(c) {
				out = append(out, c)
				break
			}
		}
	}
	sort.Strings(out)
	return out
}
