package egress

import (
	"strings"

	"github.com/privateaks/privateaks/internal/mockengine"
)

// The documents the flow table is written from. Each flow names its section.
const (
	aksDoc      = "MicrosoftDocs/azure-aks-docs articles/aks/outbound-rules-control-egress.md"
	secGlobal   = aksDoc + ", \"Azure Global required FQDN / application rules\""
	secNetwork  = aksDoc + ", \"Azure Global required network rules\""
	secGPU      = aksDoc + ", \"GPU enabled AKS clusters required FQDN / application rules\""
	secDefender = aksDoc + ", \"AKS addons and integrations\" > \"Microsoft Defender for Containers\""
	secCSI      = aksDoc + ", \"AKS addons and integrations\" > \"CSI Secret Store\""
	secMonitor  = aksDoc + ", \"AKS addons and integrations\" > \"Azure Monitor for containers\""
	secPolicy   = aksDoc + ", \"AKS addons and integrations\" > \"Azure Policy\""
	secExt      = aksDoc + ", \"Cluster extensions\""
	fluxDoc     = "MicrosoftDocs/azure-docs articles/azure-arc/kubernetes/tutorial-use-gitops-flux2.md, \"Network requirements\""
	azCLIDoc    = "MicrosoftDocs/azure-docs-cli docs-ref-conceptual/Latest-version/install-azure-cli-linux.md (apt: https://packages.microsoft.com/repos/azure-cli/)"
	kubectlDoc  = "kubernetes/website content/en/docs/tasks/tools/install-kubectl-linux.md, \"Install using native package management\" (https://pkgs.k8s.io)"
	acrDoc      = "MicrosoftDocs/azure-docs articles/container-registry/container-registry-firewall-access-rules.md (REST endpoint <registry>.azurecr.io, dedicated data endpoint <registry>.<region>.data.azurecr.io)"
	ubuntuDoc   = aksDoc + ", \"Optional recommended FQDN / application rules for AKS clusters\" (azure.archive.ubuntu.com, the Ubuntu mirror Azure VMs use)"
	privateNote = "; the doc marks it \"isn't required for private clusters\""
	forbidDoc   = "default deny (MicrosoftDocs/azure-docs articles/firewall/rule-processing.md); nothing in " + aksDoc + " needs it"
)

// flowSpec is one row of the flow table.
type flowSpec struct {
	id          string
	description string
	required    bool
	dest        destination
	// pattern is the doc's wildcard when dest.FQDN is one name below it.
	pattern  string
	protocol string // TCP, UDP
	port     int
	app      string // Http, Https or ""
	source   string
	// class is who needs it, "node" or "management"; "" for forbidden flows.
	class string
}

func (f flowSpec) protoPort() string {
	if f.app != "" {
		return f.app + ":" + itoa(f.port)
	}
	return f.protocol + ":" + itoa(f.port)
}

func (f flowSpec) destination() string {
	if f.pattern != "" {
		return f.dest.String() + " (doc: " + f.pattern + ")"
	}
	return f.dest.String()
}

// key identifies a destination service, to see which audiences need it.
func (f flowSpec) key() string {
	d := f.dest.FQDN
	if f.pattern != "" {
		d = f.pattern
	}
	return strings.ToLower(d + "|" + f.dest.IP + "|" + f.protocol + "|" + itoa(f.port) + "|" + f.app)
}

// https is a flow to a public name over HTTPS 443; such names are outside
// the VNet, so they are in the Internet service tag.
func https(id, fqdn, pattern, desc, source string, tags ...string) flowSpec {
	return flowSpec{id: id, description: desc, required: true, dest: destination{FQDN: fqdn, Tags: append(tags, "Internet")},
		pattern: pattern, protocol: "TCP", port: 443, app: "Https", source: source, class: "node"}
}

func http80(id, fqdn, desc, source string) flowSpec {
	return flowSpec{id: id, description: desc, required: true, dest: destination{FQDN: fqdn, Tags: []string{"Internet"}},
		protocol: "TCP", port: 80, app: "Http", source: source, class: "node"}
}

// need is a required flow with the subnets it is required from.
type need struct {
	flowSpec
	from []*subnet
	// viaPrivateEndpoint names the planned private endpoint that carries
	// the flow instead of the firewall (the endpoint's address is in the
	// VNet, so the default route to the firewall does not apply to it).
	viaPrivateEndpoint string
}

// nodeFlows are the flows a cluster's nodes need, switched on by what the
// plan says the cluster uses.
func nodeFlows(c *cluster, privateEndpoints map[string]string) []need {
	reg := c.location
	var fs []flowSpec
	fs = append(fs,
		https("EGR-REQ-MCR", "mcr.microsoft.com", "", "Microsoft Container Registry: system images", secGlobal),
		https("EGR-REQ-MCR-DATA", reg+".data.mcr.microsoft.com", "*.data.mcr.microsoft.com", "MCR storage behind the CDN", secGlobal),
		https("EGR-REQ-MCR-EDGE", "mcr-0001.mcr-msedge.net", "", "MCR storage behind the CDN", secGlobal),
		https("EGR-REQ-ARM", "management.azure.com", "", "Kubernetes operations against the Azure API", secGlobal),
		https("EGR-REQ-ENTRA", "login.microsoftonline.com", "", "Microsoft Entra authentication", secGlobal),
		https("EGR-REQ-PACKAGES", "packages.microsoft.com", "", "Microsoft packages repository (cached apt-get)", secGlobal),
		https("EGR-REQ-ACS-MIRROR", "acs-mirror.azureedge.net", "", "binaries such as Azure CNI", secGlobal),
	)
	if !c.private {
		// Only public clusters: the doc exempts private clusters from these.
		apiserver := destination{Tags: []string{"AzureCloud." + reg, "AzureCloud", "Internet"}}
		fs = append(fs,
			https("EGR-REQ-HCP", "cluster.hcp."+reg+".azmk8s.io", "*.hcp."+reg+".azmk8s.io", "node to API server (public cluster)", secGlobal),
			flowSpec{id: "EGR-REQ-TUNNEL-UDP-1194", description: "node to control plane tunnel (public cluster)", required: true, dest: apiserver, protocol: "UDP", port: 1194, source: secNetwork, class: "node"},
			flowSpec{id: "EGR-REQ-TUNNEL-TCP-9000", description: "node to control plane tunnel (public cluster)", required: true, dest: apiserver, protocol: "TCP", port: 9000, source: secNetwork, class: "node"},
		)
	}
	// Monitoring flows: to the public endpoints the AKS doc lists, or, when
	// the cluster ingests through an AMPLS, through its private endpoint
	// (monitorPrivateEndpoint).
	var monitor []flowSpec
	if c.containerInsights {
		// The section allows the AzureMonitor service tag as an alternative
		// to the FQDNs, so the destinations carry that tag.
		monitor = append(monitor,
			https("EGR-REQ-MON-DC", "dc.services.visualstudio.com", "", "Container Insights agent telemetry", secMonitor, "AzureMonitor"),
			https("EGR-REQ-MON-ODS", "workspace.ods.opinsights.azure.com", "*.ods.opinsights.azure.com", "Log Analytics ingestion", secMonitor, "AzureMonitor"),
			https("EGR-REQ-MON-OMS", "workspace.oms.opinsights.azure.com", "*.oms.opinsights.azure.com", "Log Analytics authentication (omsagent)", secMonitor, "AzureMonitor"),
			https("EGR-REQ-MON-METRICS", reg+".monitoring.azure.com", "*.monitoring.azure.com", "metrics to Azure Monitor", secMonitor, "AzureMonitor"),
			https("EGR-REQ-MON-HANDLER", reg+".handler.control.monitor.azure.com", "", "data collection rules for the cluster", secMonitor, "AzureMonitor"),
		)
	}
	if c.prometheus {
		monitor = append(monitor, https("EGR-REQ-MON-INGEST", reg+".ingest.monitor.azure.com", "", "managed Prometheus metrics ingestion", secMonitor, "AzureMonitor"))
	}
	if c.azurePolicy {
		fs = append(fs,
			https("EGR-REQ-POLICY-DATA", "data.policy.core.windows.net", "", "Kubernetes policies and compliance reporting", secPolicy),
			https("EGR-REQ-POLICY-STORE", "store.policy.core.windows.net", "", "Gatekeeper artifacts of built-in policies", secPolicy),
			https("EGR-REQ-POLICY-DC", "dc.services.visualstudio.com", "", "Azure Policy add-on telemetry", secPolicy),
		)
	}
	if c.defender {
		fs = append(fs,
			https("EGR-REQ-DEFENDER-ENTRA", "login.microsoftonline.com", "", "Defender authentication", secDefender),
			https("EGR-REQ-DEFENDER-ODS", "workspace.ods.opinsights.azure.com", "*.ods.opinsights.azure.com", "Defender security events", secDefender),
			https("EGR-REQ-DEFENDER-OMS", "workspace.oms.opinsights.azure.com", "*.oms.opinsights.azure.com", "Defender Log Analytics authentication", secDefender),
		)
	}
	if c.flux {
		fs = append(fs,
			https("EGR-REQ-FLUX-DP", reg+".dp.kubernetesconfiguration.azure.com", "", "cluster extensions / GitOps data plane: configuration and status", secExt+"; "+fluxDoc),
			https("EGR-REQ-EXT-INGESTION", "agent.ingestion.msftcloudes.com", "*.ingestion.msftcloudes.com", "extension agents' metrics", secExt),
			https("EGR-REQ-EXT-METRICS", "agent.microsoftmetrics.com", "*.microsoftmetrics.com", "extension agents' metrics", secExt),
		)
	}
	for _, g := range c.gitHosts {
		fs = append(fs, gitFlow(g, "node", "Flux source-controller fetching "+g.url))
	}
	var out []need
	for _, f := range fs {
		out = append(out, need{flowSpec: f, from: c.subnets})
	}
	for _, f := range monitor {
		n := need{flowSpec: f, from: c.subnets, viaPrivateEndpoint: c.monitorPE}
		if c.monitorPE != "" {
			n.source += "; through the Azure Monitor Private Link Scope: " + monitorPrivateDoc
		}
		out = append(out, n)
	}
	if c.keyVaultCSI {
		for _, v := range c.vaults {
			name := strAt(inputs(v), "vaultName")
			if name == "" {
				name = v.Name
			}
			f := https("EGR-REQ-KEYVAULT-"+strings.ToUpper(name), strings.ToLower(name)+".vault.azure.net", "vault.azure.net", "Secrets Store CSI driver reading Key Vault "+name, secCSI)
			out = append(out, need{flowSpec: f, from: c.subnets, viaPrivateEndpoint: privateEndpoints[strings.ToLower(v.ID)]})
		}
	}
	for _, reg := range c.registries {
		for _, f := range registryFlows(reg, "node", "kubelet pulling images from") {
			out = append(out, need{flowSpec: f, from: c.subnets, viaPrivateEndpoint: privateEndpoints[strings.ToLower(reg.ID)]})
		}
	}
	if len(c.gpu) > 0 {
		for _, f := range []flowSpec{
			https("EGR-REQ-GPU-NVIDIA-GITHUB", "nvidia.github.io", "", "GPU driver installation", secGPU),
			https("EGR-REQ-GPU-NVIDIA-DOWNLOAD", "us.download.nvidia.com", "", "GPU driver installation", secGPU),
			https("EGR-REQ-GPU-DOCKER", "download.docker.com", "", "GPU driver installation", secGPU),
		} {
			out = append(out, need{flowSpec: f, from: c.gpu})
		}
	}
	return out
}

// registryFlows are a registry's REST and data endpoints. A private
// endpoint for the registry (group "registry") carries both.
func registryFlows(reg *mockengine.Resource, class, what string) []flowSpec {
	name := strings.ToLower(strAt(inputs(reg), "registryName"))
	if name == "" {
		name = strings.ToLower(reg.Name)
	}
	loc := strings.ToLower(strAt(inputs(reg), "location"))
	prefix := "EGR-REQ-ACR-"
	if class == "management" {
		prefix = "EGR-REQ-MGMT-ACR-"
	}
	rest := https(prefix+strings.ToUpper(name), name+".azurecr.io", "", what+" registry "+name, acrDoc)
	data := https(prefix+"DATA-"+strings.ToUpper(name), name+"."+loc+".data.azurecr.io", "", what+" registry "+name+" (data endpoint)", acrDoc)
	rest.class, data.class = class, class
	if loc == "" {
		return []flowSpec{rest}
	}
	return []flowSpec{rest, data}
}

func gitFlow(g gitHost, class, desc string) flowSpec {
	id := "EGR-REQ-GIT-" + strings.ToUpper(g.host)
	if class == "management" {
		id = "EGR-REQ-MGMT-GIT-" + strings.ToUpper(g.host)
	}
	if g.ssh {
		return flowSpec{id: id + "-SSH", description: desc, required: true, dest: destination{FQDN: g.host, Tags: []string{"Internet"}},
			protocol: "TCP", port: 22, source: fluxDoc, class: class}
	}
	f := https(id, g.host, "", desc, fluxDoc)
	f.class = class
	return f
}

// managementFlows are what a runner or jump box in the management subnet
// needs to operate a private cluster it can reach only from the VNet: sign
// in, call ARM, install az, kubectl and OS packages, and read the Git
// configuration repository.
func managementFlows(hosts []gitHost) []flowSpec {
	m := func(f flowSpec) flowSpec { f.class = "management"; return f }
	fs := []flowSpec{
		m(https("EGR-REQ-MGMT-ENTRA", "login.microsoftonline.com", "", "az login / kubelogin: Microsoft Entra authentication", secGlobal)),
		m(https("EGR-REQ-MGMT-ARM", "management.azure.com", "", "az / Pulumi against Azure Resource Manager", secGlobal)),
		m(https("EGR-REQ-MGMT-PKG-AZCLI", "packages.microsoft.com", "", "installing the Azure CLI from Microsoft's apt repository", azCLIDoc)),
		m(https("EGR-REQ-MGMT-PKG-KUBECTL", "pkgs.k8s.io", "", "installing kubectl from the Kubernetes package repository", kubectlDoc)),
		m(http80("EGR-REQ-MGMT-PKG-UBUNTU", "azure.archive.ubuntu.com", "OS packages from the distribution mirror", ubuntuDoc)),
	}
	for _, g := range hosts {
		fs = append(fs, gitFlow(g, "management", "operators reading and pushing the configuration repository "+g.url))
	}
	return fs
}

// forbiddenFlows must be denied from every subnet that egresses through a
// firewall.
func forbiddenFlows(regions []string, privateRegions map[string]bool) []flowSpec {
	internet := func(id, desc, fqdn, ip, proto string, port int, app string) flowSpec {
		return flowSpec{id: id, description: desc, dest: destination{FQDN: fqdn, IP: ip, Tags: []string{"Internet"}}, protocol: proto, port: port, app: app, source: forbidDoc}
	}
	fs := []flowSpec{
		internet("EGR-FORBID-INTERNET-HTTPS", "an arbitrary internet host over HTTPS", "example.com", "", "TCP", 443, "Https"),
		internet("EGR-FORBID-INTERNET-HTTP", "an arbitrary internet host over HTTP", "example.com", "", "TCP", 80, "Http"),
		internet("EGR-FORBID-DNS-UDP", "DNS to an internet resolver (name resolution belongs to the firewall's DNS proxy / Azure DNS)", "", "8.8.8.8", "UDP", 53, ""),
		internet("EGR-FORBID-DNS-TCP", "DNS to an internet resolver over TCP", "", "8.8.8.8", "TCP", 53, ""),
		// 203.0.113.0/24 is TEST-NET-3 (RFC 5737): an address no rule of ours
		// should name, standing for any internet host.
		internet("EGR-FORBID-SSH", "SSH to an arbitrary internet host", "", "203.0.113.10", "TCP", 22, ""),
	}
	for _, reg := range regions {
		tag := destination{Tags: []string{"AzureCloud." + reg, "AzureCloud", "Internet"}}
		fs = append(fs, flowSpec{id: "EGR-FORBID-AZURECLOUD-TCP-443-" + strings.ToUpper(reg), description: "any Azure-hosted address in " + reg + " on TCP 443: past FQDN filtering to every tenant's endpoints",
			dest: tag, protocol: "TCP", port: 443, source: forbidDoc + "; the doc's TCP 443 network rule is APIServerPublicIP:443" + privateNote})
		if privateRegions[reg] {
			fs = append(fs,
				flowSpec{id: "EGR-FORBID-AZURECLOUD-UDP-1194-" + strings.ToUpper(reg), description: "AzureCloud." + reg + " on UDP 1194: tunnel rule too broad and not needed by private clusters", dest: tag, protocol: "UDP", port: 1194, source: secNetwork + privateNote},
				flowSpec{id: "EGR-FORBID-AZURECLOUD-TCP-9000-" + strings.ToUpper(reg), description: "AzureCloud." + reg + " on TCP 9000: tunnel rule too broad and not needed by private clusters", dest: tag, protocol: "TCP", port: 9000, source: secNetwork + privateNote},
			)
		}
	}
	return fs
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	if neg {
		b = append([]byte{'-'}, b...)
	}
	return string(b)
}
