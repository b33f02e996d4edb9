package egress

import (
	"encoding/base64"
	"net/url"
	"sort"
	"strings"

	"github.com/privateaks/privateaks/internal/mockengine"
	"github.com/privateaks/privateaks/internal/verify"
)

// The documents the runner and jump-box flows are written from.
const (
	ghRunnerDoc = "github/docs data/reusables/actions/runner-essential-communications.md (self-hosted runner communication requirements)"
	ghCheckDoc  = "actions/runner src/Runner.Listener/Checks/ActionsCheck.cs (the runner's own connectivity check: vstoken, pipelines and results-receiver.actions.githubusercontent.com)"
	adoAgentDoc = "MicrosoftDocs/azure-devops-docs docs/pipelines/agents/includes/v2/qa-firewall.md (\"What URLs does the agent need to communicate with?\", organizations using the dev.azure.com domain)"
	adoAllowDoc = "MicrosoftDocs/azure-devops-docs docs/organizations/security/allow-list-ip-url.md, \"Allowed Domain URLs\""
	entraSSHDoc = "MicrosoftDocs/entra-docs docs/identity/devices/howto-vm-sign-in-azure-ad-linux.md, \"Network\" (Azure Global)"
)

// The Entra ID login extension for Linux, as the sign-in article names it
// (publisher Microsoft.Azure.ActiveDirectory, type AADSSHLoginForLinux).
const (
	entraLoginPublisher = "Microsoft.Azure.ActiveDirectory"
	entraLoginType      = "AADSSHLoginForLinux"
)

// Runner services, told apart by the host of the URL the agent registers
// with.
const (
	runnerGitHub    = "github"
	runnerPipelines = "pipelines"
)

// scaleSet is a planned VM scale set with what its instances need to reach.
type scaleSet struct {
	res     *mockengine.Resource
	subnets []*subnet
	// entraLogin: the AADSSHLoginForLinux extension is in its profile.
	entraLogin bool
	// runners are the CI services cloud-init registers an agent with:
	// service -> registration URL (https://github.com/<org>[/<repo>] or
	// https://dev.azure.com/<org>).
	runners map[string]string
	// customDataUnknown: the cloud-init is not known in this plan (a
	// first preview), so the model cannot tell whether it registers one.
	customDataUnknown bool
}

// readScaleSets reads every planned scale set: the subnets of its NICs'
// IP configurations (compute VirtualMachineScaleSetIPConfiguration.subnet),
// its extensions and its cloud-init (osProfile.customData, base64).
func readScaleSets(p verify.Plan, subnetsByID map[string]*subnet) []*scaleSet {
	var out []*scaleSet
	for _, r := range byType(p, "compute", "VirtualMachineScaleSet") {
		in := inputs(r)
		ss := &scaleSet{res: r, runners: map[string]string{}}
		for _, nic := range arrAt(in, "virtualMachineProfile.networkProfile.networkInterfaceConfigurations") {
			for _, ipc := range arrAt(nic, "ipConfigurations") {
				if s := subnetsByID[strings.ToLower(strAt(ipc, "subnet.id"))]; s != nil && !containsSubnet(ss.subnets, s) {
					ss.subnets = append(ss.subnets, s)
				}
			}
		}
		for _, e := range arrAt(in, "virtualMachineProfile.extensionProfile.extensions") {
			if strings.EqualFold(strAt(e, "publisher"), entraLoginPublisher) && strings.EqualFold(strAt(e, "type"), entraLoginType) {
				ss.entraLogin = true
			}
		}
		cd := mockengine.Unsecret(mockengine.Lookup(in, "virtualMachineProfile.osProfile.customData"))
		switch {
		case cd.IsString():
			if raw, err := base64.StdEncoding.DecodeString(cd.StringValue()); err == nil {
				ss.runners = registrations(string(raw))
			}
		case cd.IsComputed() || cd.IsOutput():
			ss.customDataUnknown = true
		}
		sort.Slice(ss.subnets, func(i, j int) bool { return ss.subnets[i].res.URN < ss.subnets[j].res.URN })
		out = append(out, ss)
	}
	return out
}

// registrations finds the agent configuration commands in a cloud-init:
// both the GitHub Actions runner and the Azure Pipelines agent are
// registered with `config.sh --url <service URL>` (actions/runner docs;
// azure-devops-docs pipelines/agents/linux-agent.md, "Unattended config").
// The service is the URL's host: github.com or dev.azure.com.
func registrations(cloudInit string) map[string]string {
	out := map[string]string{}
	for _, line := range strings.Split(cloudInit, "\n") {
		if !strings.Contains(line, "config.sh") {
			continue
		}
		fields := strings.Fields(line)
		for i, f := range fields {
			if f != "--url" || i+1 >= len(fields) {
				continue
			}
			raw := strings.Trim(fields[i+1], `'"`)
			u, err := url.Parse(raw)
			if err != nil || u.Scheme != "https" {
				continue
			}
			switch strings.ToLower(u.Hostname()) {
			case "github.com":
				out[runnerGitHub] = raw
			case "dev.azure.com":
				out[runnerPipelines] = raw
			}
		}
	}
	return out
}

// runnerFlows are what a self-hosted agent of a service needs to register,
// take jobs, report their logs and results, and update itself.
func runnerFlows(service, regURL string) []flowSpec {
	m := func(f flowSpec) flowSpec { f.class = "management"; return f }
	switch service {
	case runnerGitHub:
		return []flowSpec{
			m(https("EGR-REQ-MGMT-GH-WEB", "github.com", "", "GitHub Actions runner: essential operations (registration)", ghRunnerDoc)),
			m(https("EGR-REQ-MGMT-GH-API", "api.github.com", "", "GitHub Actions runner: essential operations (REST API, registration token)", ghRunnerDoc)),
			m(https("EGR-REQ-MGMT-GH-PIPELINES", "pipelines.actions.githubusercontent.com", "*.actions.githubusercontent.com", "GitHub Actions runner: receiving jobs", ghRunnerDoc+"; "+ghCheckDoc)),
			m(https("EGR-REQ-MGMT-GH-VSTOKEN", "vstoken.actions.githubusercontent.com", "*.actions.githubusercontent.com", "GitHub Actions runner: access tokens (and OIDC tokens)", ghRunnerDoc+"; "+ghCheckDoc)),
			m(https("EGR-REQ-MGMT-GH-CODELOAD", "codeload.github.com", "", "GitHub Actions runner: downloading actions", ghRunnerDoc)),
			m(https("EGR-REQ-MGMT-GH-PKG", "pkg.actions.githubusercontent.com", "", "GitHub Actions runner: downloading actions", ghRunnerDoc)),
			m(https("EGR-REQ-MGMT-GH-RESULTS", "results-receiver.actions.githubusercontent.com", "", "GitHub Actions runner: uploading job summaries, logs, artifacts and caches", ghRunnerDoc+"; "+ghCheckDoc)),
			// GitHub documents the job storage only as the wildcard; the
			// account names behind it are not documented.
			m(https("EGR-REQ-MGMT-GH-JOB-STORAGE", "account.blob.core.windows.net", "*.blob.core.windows.net", "GitHub Actions runner: job summaries, logs, artifacts and caches storage", ghRunnerDoc)),
			m(https("EGR-REQ-MGMT-GH-UPDATE-OBJECTS", "objects.githubusercontent.com", "", "GitHub Actions runner: version updates", ghRunnerDoc)),
			m(https("EGR-REQ-MGMT-GH-UPDATE-ORIGIN", "objects-origin.githubusercontent.com", "", "GitHub Actions runner: version updates", ghRunnerDoc)),
			m(https("EGR-REQ-MGMT-GH-UPDATE-RELEASES", "github-releases.githubusercontent.com", "", "GitHub Actions runner: version updates", ghRunnerDoc)),
			m(https("EGR-REQ-MGMT-GH-UPDATE-REGISTRY", "github-registry-files.githubusercontent.com", "", "GitHub Actions runner: version updates", ghRunnerDoc)),
		}
	case runnerPipelines:
		org := "organization"
		if u, err := url.Parse(regURL); err == nil {
			if seg := strings.Trim(u.Path, "/"); seg != "" {
				org = strings.ToLower(strings.SplitN(seg, "/", 2)[0])
			}
		}
		return []flowSpec{
			m(https("EGR-REQ-MGMT-ADO", "dev.azure.com", "", "Azure Pipelines agent: the organization's service", adoAgentDoc)),
			m(https("EGR-REQ-MGMT-ADO-SUB", "app.vssps.dev.azure.com", "*.dev.azure.com", "Azure Pipelines agent: Azure DevOps services under dev.azure.com", adoAgentDoc+"; "+adoAllowDoc)),
			m(https("EGR-REQ-MGMT-ADO-ENTRA", "login.microsoftonline.com", "", "Azure Pipelines agent: sign-in", adoAgentDoc)),
			m(https("EGR-REQ-MGMT-ADO-MGMT-CORE", "management.core.windows.net", "", "Azure Pipelines agent: sign-in (token audience)", adoAgentDoc)),
			m(https("EGR-REQ-MGMT-ADO-AGENT-PACKAGE", "vstsagentpackage.azureedge.net", "", "Azure Pipelines agent: setting up the self-hosted agent (agent package)", adoAgentDoc+"; "+adoAllowDoc)),
			m(https("EGR-REQ-MGMT-ADO-VSBLOB", org+".vsblob.visualstudio.net", "*.vsblob.visualstudio.net", "Azure Pipelines agent: pipeline artifacts and logs", adoAgentDoc)),
			m(https("EGR-REQ-MGMT-ADO-VSBLOB-COM", org+".vsblob.visualstudio.com", "*.vsblob.visualstudio.com", "Azure Pipelines agent: artifacts service", adoAllowDoc)),
			m(https("EGR-REQ-MGMT-ADO-VSSPS", org+".vssps.visualstudio.com", "*.vssps.visualstudio.com", "Azure Pipelines agent: authentication and sign-in", adoAgentDoc+"; "+adoAllowDoc)),
		}
	}
	return nil
}

// entraLoginFlows are what the AADSSHLoginForLinux extension needs. The
// article also lists the Instance Metadata Service, 169.254.169.254, which
// is reached on the host, not through the VNet's routes
// (MicrosoftDocs/azure-compute-docs virtual-machines/instance-metadata-
// service.md: a non-routable address), so it is not a firewall flow.
func entraLoginFlows() []flowSpec {
	m := func(f flowSpec) flowSpec { f.class = "management"; return f }
	return []flowSpec{
		m(https("EGR-REQ-MGMT-ENTRASSH-PKG", "packages.microsoft.com", "", "Entra ID SSH login: package installation and upgrades (aadsshlogin)", entraSSHDoc)),
		m(https("EGR-REQ-MGMT-ENTRASSH-LOGIN", "login.microsoftonline.com", "", "Entra ID SSH login: PAM-based authentication flows", entraSSHDoc)),
		m(https("EGR-REQ-MGMT-ENTRASSH-PAS", "pas.windows.net", "", "Entra ID SSH login: Azure RBAC flows (who may sign in)", entraSSHDoc)),
	}
}

// scaleSetNeeds are the flows of every scale set's instances, required from
// the subnets their NICs are in.
func scaleSetNeeds(sets []*scaleSet, rep *Report) []need {
	var out []need
	for _, ss := range sets {
		if len(ss.subnets) == 0 {
			continue
		}
		var fs []flowSpec
		if ss.entraLogin {
			fs = append(fs, entraLoginFlows()...)
		}
		for _, svc := range []string{runnerGitHub, runnerPipelines} {
			if u, ok := ss.runners[svc]; ok {
				fs = append(fs, runnerFlows(svc, u)...)
			}
		}
		if ss.customDataUnknown {
			rep.Notes = append(rep.Notes, "scale set "+ss.res.Name+": its cloud-init (osProfile.customData) is not known in this plan, so whether it registers a CI runner, and the runner's flows, are not evaluated")
		}
		for _, f := range fs {
			out = append(out, need{flowSpec: f, from: ss.subnets})
		}
	}
	return out
}
