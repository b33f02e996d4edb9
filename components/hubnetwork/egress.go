package hubnetwork

import (
	"slices"
	"strings"

	network "github.com/pulumi/pulumi-azure-native-sdk/network/v2/v20240501"

	"github.com/privateaks/privateaks/components/jumpbox/jumpboxspec"
)

// RuleKind says which kind of firewall policy rule an EgressRule becomes.
type RuleKind int

// The rule kinds: application rules match FQDNs or FQDN tags over HTTP(S);
// network rules match addresses, service tags or FQDNs on ports.
const (
	ApplicationRule RuleKind = iota
	NetworkRule
)

// AppProtocol is one protocol:port pair of an application rule. The type
// is the SDK's enum (Http, Https), so a misspelt protocol cannot be planned.
type AppProtocol struct {
	Type network.FirewallPolicyRuleApplicationProtocolType
	Port int
}

// The application protocols the rules use.
var (
	HTTPS = AppProtocol{Type: network.FirewallPolicyRuleApplicationProtocolTypeHttps, Port: 443}
	HTTP  = AppProtocol{Type: network.FirewallPolicyRuleApplicationProtocolTypeHttp, Port: 80}
)

// EgressRule is one allow rule of the firewall policy, in plain Go so that
// tests and the plan report can read exactly what is allowed, and from where.
type EgressRule struct {
	// Name is unique within its collection.
	Name string
	Kind RuleKind
	// Sources are the subnets (CIDRs) the rule allows traffic from: only
	// those that need the destination.
	Sources []string
	// FqdnTags (application) such as "AzureKubernetesService".
	FqdnTags []string
	// Fqdns are target FQDNs (application) or destination FQDNs (network,
	// resolved by the firewall's DNS proxy).
	Fqdns []string
	// Addresses are destination IPs, prefixes or service tags (network).
	Addresses []string
	// AppProtocols are the protocol:port pairs of an application rule.
	AppProtocols []AppProtocol
	// NetProtocols and Ports are the protocols and destination ports of a
	// network rule.
	NetProtocols []network.FirewallPolicyRuleNetworkProtocol
	Ports        []int
	// Why cites the documentation the rule comes from.
	Why string
}

// EgressOptions selects the rules and their sources.
type EgressOptions struct {
	// Location is the Azure region of the clusters.
	Location string
	// NodeSubnets are the prefixes of every node subnet of every cluster
	// (and the address spaces of spokes other programs own, whose subnets
	// this hub cannot know): the sources of the cluster rules.
	NodeSubnets []string
	// GPUSubnets are the node subnets of GPU pools (also in NodeSubnets):
	// only they get the GPU driver hosts.
	GPUSubnets []string
	// WindowsSubnets are the node subnets of Windows pools (also in
	// NodeSubnets): only they get the Windows binary hosts.
	WindowsSubnets []string
	// PrivateMonitorSubnets are the node subnets (also in NodeSubnets) whose
	// clusters send Container Insights and managed Prometheus through an
	// Azure Monitor Private Link Scope: they get no Azure Monitor rule.
	PrivateMonitorSubnets []string
	// ManagementSubnets are the sources of the operator rules (Entra ID,
	// ARM, packages, Git). The hub's management subnet when empty.
	ManagementSubnets []string
	// FluxExtension allows what the microsoft.flux cluster extension needs.
	FluxExtension bool
	// GitHTTPSHosts are Git hosts reached over HTTPS (Flux sources).
	GitHTTPSHosts []string
	// GitSSHHosts are Git hosts reached over SSH on TCP 22.
	GitSSHHosts []string
	// ExtraFqdns are further HTTPS destinations for the nodes named in config.
	ExtraFqdns []string
	// EntraSSHLogin allows what the AADSSHLoginForLinux extension on jump
	// boxes in the management subnet needs besides Entra ID.
	EntraSSHLogin bool
	// Runner is the kind of self-hosted CI runner in the management subnet
	// ("githubActions", "azurePipelines" or ""): only its service's hosts
	// are allowed.
	Runner string
}

// Where the rules come from. The AKS egress article is
// MicrosoftDocs/azure-aks-docs articles/aks/outbound-rules-control-egress.md.
const (
	docAKSEgress       = "AKS docs, outbound-rules-control-egress.md"
	docLimitEgress     = "AKS docs, limit-egress-traffic.md (the AzureKubernetesService FQDN tag over http=80 and https=443)"
	docDefender        = "Defender for Cloud docs, Defender for Containers network requirements (*.cloud.defender.microsoft.com)"
	docAMA             = "Azure Monitor agent network requirements (global.handler.control.monitor.azure.com)"
	docMonitorFirewall = "Azure Monitor, network firewall requirements for monitoring Kubernetes clusters (kubernetes-monitoring-firewall.md: *.metrics.ingest.monitor.azure.com)"
	docMonitorPrivate  = "MicrosoftDocs/azure-monitor-docs articles/azure-monitor/containers/kubernetes-monitoring-firewall.md (\"If you use private links, you must only add the private data collection endpoints (DCEs). The containerized agent doesn't use the nonprivate endpoints listed above\")"
	docAzureCLI        = "Azure CLI docs, install-azure-cli-linux (apt repository packages.microsoft.com)"
	docKubectl         = "Kubernetes docs, install kubectl on Linux (pkgs.k8s.io) and `az aks install-cli` (dl.k8s.io, kubelogin from github.com releases)"
	docUbuntuMirror    = "AKS egress article, optional recommended rules (azure.archive.ubuntu.com, security.ubuntu.com over HTTP:80)"
	docEntraSSH        = "MicrosoftDocs/entra-docs docs/identity/devices/howto-vm-sign-in-azure-ad-linux.md, network requirements (packages.microsoft.com, login.microsoftonline.com, pas.windows.net)"
	docGitHubRunner    = "GitHub docs, self-hosted runner communication requirements (github/docs data/reusables/actions/runner-essential-communications.md: essential operations, downloading actions, runner version updates); actions/runner src/Runner.Listener/Checks/ActionsCheck.cs (vstoken/pipelines/results-receiver.actions.githubusercontent.com)"
	docGitHubJobStore  = "GitHub docs, self-hosted runner communication requirements, \"uploading/downloading job summaries, logs, workflow artifacts, and caches\" (results-receiver.actions.githubusercontent.com, *.blob.core.windows.net: GitHub documents no narrower name for its storage)"
	docPipelinesAgent  = "MicrosoftDocs/azure-devops-docs docs/pipelines/agents/includes/v2/qa-firewall.md (organizations on dev.azure.com: dev.azure.com, *.dev.azure.com, login.microsoftonline.com, management.core.windows.net, vstsagentpackage.azureedge.net, *.vsblob.visualstudio.net, *.vssps.visualstudio.com); docs/organizations/security/allow-list-ip-url.md (*.vsblob.visualstudio.com)"
)

// fluxRegionalDataEndpoints are the regions for which the AKS egress
// article ("Cluster extensions") lists a regional data endpoint of the
// extension image registry, arcmktplaceprod.<region>.data.azurecr.io.
var fluxRegionalDataEndpoints = []string{"centralindia", "eastus", "japaneast", "westeurope", "westus2"}

// EgressRules returns exactly the egress the clusters and the operators in
// the management subnet need, each rule limited to the subnets that need it:
// the AKS required FQDNs (private clusters need none of the AzureCloud
// network rules, per the AKS egress article), the add-ons the clusters run
// (Container Insights, Azure Policy, Defender), GPU and Windows pools, the
// Flux extension, the Git hosts, extra FQDNs; and for the management subnet
// Entra ID, ARM, the package repositories of the operator tools, and the Git
// hosts. Nothing else is allowed: the policy's default is deny.
func EgressRules(o EgressOptions) []EgressRule {
	region := strings.ToLower(o.Location)
	nodes := dedupe(o.NodeSubnets)
	app := func(name string, sources []string, fqdns []string, why string, protos ...AppProtocol) EgressRule {
		if len(protos) == 0 {
			protos = []AppProtocol{HTTPS}
		}
		return EgressRule{Name: name, Kind: ApplicationRule, Sources: sources, Fqdns: fqdns, AppProtocols: protos, Why: why}
	}
	rules := []EgressRule{
		{Name: "aks-fqdn-tag", Kind: ApplicationRule, Sources: nodes, FqdnTags: []string{"AzureKubernetesService"},
			AppProtocols: []AppProtocol{HTTPS, HTTP},
			Why:          "AKS required FQDNs (MCR, management.azure.com, login.microsoftonline.com, packages.microsoft.com, acs-mirror.azureedge.net) through the AzureKubernetesService FQDN tag: " + docAKSEgress + "; " + docLimitEgress},
		app("azure-policy", nodes, []string{
			"data.policy.core.windows.net", "store.policy.core.windows.net", "dc.services.visualstudio.com",
		}, "Azure Policy add-on: "+docAKSEgress+", Azure Policy"),
		app("defender", nodes, []string{
			"login.microsoftonline.com", "*.ods.opinsights.azure.com", "*.oms.opinsights.azure.com", "*.cloud.defender.microsoft.com",
		}, "Microsoft Defender for Containers: "+docAKSEgress+"; "+docDefender),
	}
	// With private ingestion the containerized agents use only the private
	// data collection endpoints (docMonitorPrivate): the public Azure
	// Monitor endpoints stay open only to node subnets without it (spokes
	// other programs own).
	if public := minus(nodes, dedupe(o.PrivateMonitorSubnets)); len(public) > 0 {
		rules = append(rules, app("azure-monitor", public, []string{
			"dc.services.visualstudio.com", "*.ods.opinsights.azure.com", "*.oms.opinsights.azure.com", "*.monitoring.azure.com",
			region + ".ingest.monitor.azure.com", region + ".handler.control.monitor.azure.com", "global.handler.control.monitor.azure.com",
			// Managed Prometheus sends to its data collection endpoint,
			// <dce>.<region>-1.metrics.ingest.monitor.azure.com.
			"*.metrics.ingest.monitor.azure.com",
		}, "Container Insights and managed Prometheus: "+docAKSEgress+", Azure Monitor for containers; "+docAMA+"; "+docMonitorFirewall))
	}
	if gpu := dedupe(o.GPUSubnets); len(gpu) > 0 {
		rules = append(rules, app("gpu-drivers", gpu, []string{"nvidia.github.io", "us.download.nvidia.com", "download.docker.com"},
			"GPU driver installation on GPU pools: "+docAKSEgress+", GPU enabled AKS clusters"))
	}
	if win := dedupe(o.WindowsSubnets); len(win) > 0 {
		rules = append(rules,
			app("windows-https", win, []string{"onegetcdn.azureedge.net", "go.microsoft.com"},
				"Windows Server node pools: "+docAKSEgress+", Windows Server based node pools"),
			app("windows-http", win, []string{"*.mp.microsoft.com", "www.msftconnecttest.com", "ctldl.windowsupdate.com"},
				"Windows Server node pools: "+docAKSEgress+", Windows Server based node pools", HTTP))
	}
	if o.FluxExtension {
		fqdns := []string{
			region + ".dp.kubernetesconfiguration.azure.com", "mcr.microsoft.com", "*.data.mcr.microsoft.com",
			"arcmktplaceprod.azurecr.io", "*.ingestion.msftcloudes.com", "*.microsoftmetrics.com", "marketplaceapi.microsoft.com",
		}
		if slices.Contains(fluxRegionalDataEndpoints, region) {
			fqdns = append(fqdns, "arcmktplaceprod."+region+".data.azurecr.io")
		}
		rules = append(rules, app("flux-extension", nodes, fqdns, "GitOps (Flux v2) cluster extension: "+docAKSEgress+", Cluster extensions"))
	}
	https, ssh := dedupe(o.GitHTTPSHosts), dedupe(o.GitSSHHosts)
	if len(https) > 0 {
		rules = append(rules, app("git-https", nodes, https, "Flux Git sources named in config (flux.url)"))
	}
	if len(ssh) > 0 {
		rules = append(rules, gitSSH("git-ssh", nodes, ssh))
	}
	if extra := dedupe(o.ExtraFqdns); len(extra) > 0 {
		rules = append(rules, app("extra-fqdns", nodes, extra, "hub.firewall.extraFqdns in config"))
	}

	mgmt := dedupe(o.ManagementSubnets)
	if len(mgmt) == 0 {
		return rules
	}
	rules = append(rules,
		app("mgmt-entra-arm", mgmt, []string{"login.microsoftonline.com", "management.azure.com"},
			"operators and runners in the management subnet sign in to Entra ID (az login, kubelogin) and call ARM (az aks get-credentials, pulumi): "+docAKSEgress+", Azure Global required FQDN rules"),
		app("mgmt-packages", mgmt, []string{
			"packages.microsoft.com", "pkgs.k8s.io", "prod-cdn.packages.k8s.io", "dl.k8s.io", "cdn.dl.k8s.io",
			"github.com", "objects.githubusercontent.com", "release-assets.githubusercontent.com",
		}, "installing az, kubectl and kubelogin on jump boxes and runners: "+docAzureCLI+"; "+docKubectl),
		app("mgmt-os-updates", mgmt, []string{"azure.archive.ubuntu.com", "security.ubuntu.com"},
			"OS packages and security updates of Ubuntu jump boxes and runners: "+docUbuntuMirror, HTTP, HTTPS),
	)
	if o.EntraSSHLogin {
		rules = append(rules, app("mgmt-entra-ssh", mgmt, []string{"pas.windows.net"},
			"Entra ID SSH login on jump boxes (AADSSHLoginForLinux): "+docEntraSSH))
	}
	switch o.Runner {
	case jumpboxspec.KindGitHubActions:
		rules = append(rules,
			app("mgmt-github-runner", mgmt, []string{
				"github.com", "api.github.com", "codeload.github.com", "*.actions.githubusercontent.com", "pkg.actions.githubusercontent.com",
				"objects.githubusercontent.com", "objects-origin.githubusercontent.com", "github-releases.githubusercontent.com", "github-registry-files.githubusercontent.com",
			}, "self-hosted GitHub Actions runners: "+docGitHubRunner),
			// Its own rule: the only wildcard over a multi-tenant service,
			// allowed from the management subnet and only with GitHub runners.
			app("mgmt-github-job-storage", mgmt, []string{"results-receiver.actions.githubusercontent.com", "*.blob.core.windows.net"},
				"self-hosted GitHub Actions runners upload job logs, summaries, artifacts and caches: "+docGitHubJobStore))
	case jumpboxspec.KindAzurePipelines:
		rules = append(rules, app("mgmt-pipelines-agent", mgmt, []string{
			"dev.azure.com", "*.dev.azure.com", "management.core.windows.net", "vstsagentpackage.azureedge.net",
			"*.vsblob.visualstudio.net", "*.vsblob.visualstudio.com", "*.vssps.visualstudio.com",
		}, "self-hosted Azure Pipelines agents: "+docPipelinesAgent))
	}
	if len(https) > 0 {
		rules = append(rules, app("mgmt-git-https", mgmt, https, "the Flux repository, for operators and runners (flux.url)"))
	}
	if len(ssh) > 0 {
		rules = append(rules, gitSSH("mgmt-git-ssh", mgmt, ssh))
	}
	return rules
}

func gitSSH(name string, sources, hosts []string) EgressRule {
	return EgressRule{Name: name, Kind: NetworkRule, Sources: sources, Fqdns: hosts,
		NetProtocols: []network.FirewallPolicyRuleNetworkProtocol{network.FirewallPolicyRuleNetworkProtocolTCP}, Ports: []int{22},
		Why: "Flux Git sources over SSH named in config (flux.url); FQDNs in network rules resolve through the firewall's DNS proxy"}
}

// minus is the sorted entries of a not in b.
func minus(a, b []string) []string {
	var out []string
	for _, s := range a {
		if !slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	return out
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
	slices.Sort(out)
	return out
}
