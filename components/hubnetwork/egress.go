package hubnetwork

import (
	"sort"
	"strings"
)

// EgressRule is one allow rule of the firewall policy, in plain Go so that
// tests and the plan report can read exactly what is allowed.
type EgressRule struct {
	// Name is unique within its collection.
	Name string
	// Application rules match FQDNs or FQDN tags over HTTP(S); network rules
	// match addresses, service tags or FQDNs on ports.
	Application bool
	// FqdnTags (application) such as "AzureKubernetesService".
	FqdnTags []string
	// Fqdns are target FQDNs (application) or destination FQDNs (network).
	Fqdns []string
	// Addresses are destination IPs, prefixes or service tags (network).
	Addresses []string
	// Protocols: "Https:443" style for application rules, "TCP"/"UDP" for
	// network rules.
	Protocols []string
	// Ports are destination ports (network).
	Ports []string
	// Why cites the documentation the rule comes from.
	Why string
}

// EgressOptions selects the rules beyond the AKS core set.
type EgressOptions struct {
	// Location is the Azure region of the clusters.
	Location string
	// FluxExtension allows what the microsoft.flux cluster extension needs.
	FluxExtension bool
	// GitHTTPSHosts are Git hosts reached over HTTPS (Flux sources).
	GitHTTPSHosts []string
	// GitSSHHosts are Git hosts reached over SSH on TCP 22.
	GitSSHHosts []string
	// ExtraFqdns are further HTTPS destinations named in config.
	ExtraFqdns []string
}

// azureDNS is the platform DNS address the firewall's DNS proxy forwards to.
const azureDNS = "168.63.129.16"

// EgressRules returns exactly the egress a private AKS cluster needs, from
// "Outbound network and FQDN rules for AKS clusters" (AKS docs, required
// rules plus the Azure Monitor, Azure Policy and Defender sections) and the
// Flux extension's network requirements, plus the named Git hosts and extra
// FQDNs. Nothing else is allowed: the policy's default is deny.
func EgressRules(o EgressOptions) []EgressRule {
	region := strings.ToLower(o.Location)
	rules := []EgressRule{
		{Name: "aks-tunnel-udp-1194", Addresses: []string{"AzureCloud." + region}, Protocols: []string{"UDP"}, Ports: []string{"1194"},
			Why: "AKS required network rule: tunnelled node to control-plane traffic"},
		{Name: "aks-tunnel-tcp-9000", Addresses: []string{"AzureCloud." + region}, Protocols: []string{"TCP"}, Ports: []string{"9000"},
			Why: "AKS required network rule: tunnelled node to control-plane traffic"},
		{Name: "aks-apiserver-tcp-443", Addresses: []string{"AzureCloud." + region}, Protocols: []string{"TCP"}, Ports: []string{"443"},
			Why: "AKS required network rule: pods and nodes reaching the API server and regional Azure endpoints"},
		{Name: "dns", Addresses: []string{azureDNS}, Protocols: []string{"UDP", "TCP"}, Ports: []string{"53"},
			Why: "name resolution through Azure DNS (the firewall's DNS proxy forwards there)"},
		{Name: "ntp", Fqdns: []string{"ntp.ubuntu.com"}, Protocols: []string{"UDP"}, Ports: []string{"123"},
			Why: "AKS required network rule: node time synchronisation"},
		{Name: "aks-fqdn-tag", Application: true, FqdnTags: []string{"AzureKubernetesService"}, Protocols: []string{"Https:443", "Http:80"},
			Why: "AKS required FQDNs (MCR, management.azure.com, login.microsoftonline.com, packages.aks.azure.com, ...) through the AzureKubernetesService FQDN tag"},
		{Name: "azure-monitor", Application: true, Protocols: []string{"Https:443"}, Fqdns: []string{
			"dc.services.visualstudio.com", "*.ods.opinsights.azure.com", "*.oms.opinsights.azure.com",
			"*.monitoring.azure.com", "global.handler.control.monitor.azure.com",
			region + ".handler.control.monitor.azure.com", "*.ingest.monitor.azure.com", "*.metrics.ingest.monitor.azure.com",
		}, Why: "AKS docs: Azure Monitor for containers (Container Insights) and managed Prometheus"},
		{Name: "azure-policy", Application: true, Protocols: []string{"Https:443"}, Fqdns: []string{
			"data.policy.core.windows.net", "store.policy.core.windows.net",
		}, Why: "AKS docs: Azure Policy add-on"},
		{Name: "defender", Application: true, Protocols: []string{"Https:443"}, Fqdns: []string{
			"login.microsoftonline.com", "*.ods.opinsights.azure.com", "*.oms.opinsights.azure.com", "*.cloud.defender.microsoft.com",
		}, Why: "AKS docs: Microsoft Defender for Containers"},
	}
	if o.FluxExtension {
		rules = append(rules, EgressRule{Name: "flux-extension", Application: true, Protocols: []string{"Https:443"}, Fqdns: []string{
			region + ".dp.kubernetesconfiguration.azure.com", "mcr.microsoft.com", "*.data.mcr.microsoft.com",
			"arcmktplaceprod.azurecr.io", "*.ingestion.msftcloudes.com", "*.microsoftmetrics.com", "marketplaceapi.microsoft.com",
		}, Why: "AKS docs: GitOps (Flux v2) extension network requirements"})
	}
	if hosts := dedupe(o.GitHTTPSHosts); len(hosts) > 0 {
		rules = append(rules, EgressRule{Name: "git-https", Application: true, Protocols: []string{"Https:443"}, Fqdns: hosts,
			Why: "Flux Git sources named in config"})
	}
	if hosts := dedupe(o.GitSSHHosts); len(hosts) > 0 {
		rules = append(rules, EgressRule{Name: "git-ssh", Fqdns: hosts, Protocols: []string{"TCP"}, Ports: []string{"22"},
			Why: "Flux Git sources over SSH named in config"})
	}
	if extra := dedupe(o.ExtraFqdns); len(extra) > 0 {
		rules = append(rules, EgressRule{Name: "extra-fqdns", Application: true, Protocols: []string{"Https:443"}, Fqdns: extra,
			Why: "hub.firewall.extraFqdns in config"})
	}
	return rules
}

func dedupe(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		s = strings.ToLower(strings.TrimSpace(s))
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}
