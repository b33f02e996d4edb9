package egress

import (
	"net/url"
	"sort"
	"strings"

	"github.com/privateaks/privateaks/internal/mockengine"
	"github.com/privateaks/privateaks/internal/verify"
)

// cluster is one planned AKS cluster with the features that switch flows on,
// all read from the plan.
type cluster struct {
	res      *mockengine.Resource
	location string
	private  bool
	subnets  []*subnet // node subnets
	gpu      []*subnet // subnets of GPU pools
	// unplannedSubnets are pool subnet IDs no planned subnet has ("" for a
	// pool without vnetSubnetID): their egress is not evaluated.
	unplannedSubnets []string

	containerInsights bool
	prometheus        bool
	azurePolicy       bool
	defender          bool
	keyVaultCSI       bool
	flux              bool
	// monitorPE is the private endpoint carrying Container Insights and
	// managed Prometheus (monitorPrivateEndpoint), "" for the public path.
	monitorPE  string
	gitHosts   []gitHost
	vaults     []*mockengine.Resource
	registries []*mockengine.Resource
}

type gitHost struct {
	host string
	ssh  bool
	url  string
}

// gpuFamilies are the GPU-accelerated VM size families
// (MicrosoftDocs/azure-compute-docs articles/virtual-machines/sizes
// /overview.md, "GPU accelerated": NC, ND, NG and NV families; NP is FPGA).
// A size belongs to a family when its name after "Standard_" starts with the
// family letters followed by a digit or an underscore (Standard_NC4as_T4_v3,
// Standard_ND96isr_H100_v5, Standard_NV36ads_A10_v5).
var gpuFamilies = []string{"NC", "ND", "NG", "NV"}

func isGPUSize(vmSize string) bool {
	s := strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(vmSize)), "STANDARD_")
	for _, f := range gpuFamilies {
		if strings.HasPrefix(s, f) && len(s) > len(f) {
			if c := s[len(f)]; (c >= '0' && c <= '9') || c == '_' {
				return true
			}
		}
	}
	return false
}

func readClusters(p verify.Plan, subnetsByID map[string]*subnet) []*cluster {
	var out []*cluster
	byID := map[string]*cluster{}
	attach := func(c *cluster, subnetID, vmSize string) {
		s := subnetsByID[strings.ToLower(subnetID)]
		if s == nil {
			c.unplannedSubnets = append(c.unplannedSubnets, subnetID)
			return
		}
		if !containsSubnet(c.subnets, s) {
			c.subnets = append(c.subnets, s)
			s.clusters = append(s.clusters, c)
		}
		if isGPUSize(vmSize) && !containsSubnet(c.gpu, s) {
			c.gpu = append(c.gpu, s)
			s.gpu = true
		}
	}
	for _, r := range byType(p, "containerservice", "ManagedCluster") {
		in := inputs(r)
		c := &cluster{res: r, location: strings.ToLower(strAt(in, "location")), private: boolAt(in, "apiServerAccessProfile.enablePrivateCluster")}
		for _, pool := range arrAt(in, "agentPoolProfiles") {
			attach(c, strAt(pool, "vnetSubnetID"), strAt(pool, "vmSize"))
		}
		// Add-ons (azure-aks-docs outbound-rules-control-egress.md, "AKS
		// addons and integrations"), read as the managed cluster API names
		// them (containerservice 2024-09-01 managedClusters.json).
		addon := func(name string) bool {
			v, ok := objKeyFold(in, "addonProfiles", name)
			return ok && boolAt(v, "enabled")
		}
		c.containerInsights = addon("omsagent") || boolAt(in, "azureMonitorProfile.containerInsights.enabled")
		c.prometheus = boolAt(in, "azureMonitorProfile.metrics.enabled")
		c.azurePolicy = addon("azurepolicy")
		c.keyVaultCSI = addon("azureKeyvaultSecretsProvider")
		c.defender = boolAt(in, "securityProfile.defender.securityMonitoring.enabled")
		out = append(out, c)
		byID[strings.ToLower(r.ID)] = c
	}
	for _, r := range byType(p, "containerservice", "AgentPool") {
		if c := byID[strings.ToLower(parentID(r.ID, 1))]; c != nil {
			attach(c, strAt(inputs(r), "vnetSubnetID"), strAt(inputs(r), "vmSize"))
		}
	}
	// Container Insights configured through a data collection rule with the
	// ContainerInsights extension associated with the cluster.
	dcrs := map[string]bool{}
	for _, r := range byType(p, "insights", "DataCollectionRule") {
		for _, e := range arrAt(inputs(r), "dataSources.extensions") {
			if strings.EqualFold(strAt(e, "extensionName"), "ContainerInsights") {
				dcrs[strings.ToLower(r.ID)] = true
			}
		}
	}
	for _, r := range byType(p, "insights", "DataCollectionRuleAssociation") {
		if c := byID[strings.ToLower(strAt(inputs(r), "resourceUri"))]; c != nil && dcrs[strings.ToLower(strAt(inputs(r), "dataCollectionRuleId"))] {
			c.containerInsights = true
		}
	}
	// The Flux extension and its configurations are pulumi-azure (classic)
	// resources: azure:containerservice/kubernetesClusterExtension and
	// azure:containerservice/fluxConfiguration (pulumi-azure v6.28.0).
	for _, r := range p.Resources() {
		switch {
		case strings.HasPrefix(r.Type, "azure:containerservice/kubernetesClusterExtension:"):
			if c := byID[strings.ToLower(strAt(inputs(r), "clusterId"))]; c != nil && strings.EqualFold(strAt(inputs(r), "extensionType"), "microsoft.flux") {
				c.flux = true
			}
		case strings.HasPrefix(r.Type, "azure:containerservice/fluxConfiguration:"), strings.HasPrefix(r.Type, "azure:containerservice/kubernetesFluxConfiguration:"):
			if c := byID[strings.ToLower(strAt(inputs(r), "clusterId"))]; c != nil {
				if h, ok := parseGitURL(strAt(inputs(r), "gitRepository.url")); ok {
					c.gitHosts = appendHost(c.gitHosts, h)
				}
			}
		}
	}
	// Registries the kubelet pulls from: those in the cluster's resource
	// group (the model cannot see which images pods name).
	for _, c := range out {
		for _, reg := range byType(p, "containerregistry", "Registry") {
			if strings.EqualFold(strAt(inputs(reg), "resourceGroupName"), strAt(inputs(c.res), "resourceGroupName")) {
				c.registries = append(c.registries, reg)
			}
		}
	}
	// Key vaults the CSI driver reads: those in the cluster's resource group.
	for _, c := range out {
		if !c.keyVaultCSI {
			continue
		}
		for _, v := range byType(p, "keyvault", "Vault") {
			if strings.EqualFold(strAt(inputs(v), "resourceGroupName"), strAt(inputs(c.res), "resourceGroupName")) {
				c.vaults = append(c.vaults, v)
			}
		}
	}
	for _, c := range out {
		sort.Slice(c.gitHosts, func(i, j int) bool {
			if c.gitHosts[i].host != c.gitHosts[j].host {
				return c.gitHosts[i].host < c.gitHosts[j].host
			}
			return !c.gitHosts[i].ssh && c.gitHosts[j].ssh
		})
		sort.Slice(c.subnets, func(i, j int) bool { return c.subnets[i].res.URN < c.subnets[j].res.URN })
		sort.Slice(c.gpu, func(i, j int) bool { return c.gpu[i].res.URN < c.gpu[j].res.URN })
	}
	return out
}

func containsSubnet(ss []*subnet, s *subnet) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// parseGitURL reads a Flux Git source URL: https://host/... is HTTPS on
// 443, ssh://git@host/... is SSH on 22 (tutorial-use-gitops-flux2.md,
// "Network requirements": "outbound (egress) TCP to the repo source on
// either port 22 (SSH) or port 443 (HTTPS)").
func parseGitURL(raw string) (gitHost, bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Hostname() == "" {
		return gitHost{}, false
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return gitHost{host: strings.ToLower(u.Hostname()), url: u.Scheme + "://" + u.Host}, true
	case "ssh":
		return gitHost{host: strings.ToLower(u.Hostname()), ssh: true, url: u.Scheme + "://" + u.Host}, true
	}
	return gitHost{}, false
}

func appendHost(hs []gitHost, h gitHost) []gitHost {
	for _, x := range hs {
		if x.host == h.host && x.ssh == h.ssh {
			return hs
		}
	}
	return append(hs, h)
}
