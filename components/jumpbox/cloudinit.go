package jumpbox

import (
	"encoding/base64"
	"fmt"
	"strings"
)

// CloudInit is the cloud-config every instance boots with. It installs the
// Azure CLI from Microsoft's apt repository (MicrosoftDocs/azure-docs-cli
// install-azure-cli-linux.md, "Option 2: Step-by-step installation"),
// kubectl and kubelogin through `az aks install-cli` (MicrosoftDocs/azure-
// aks-docs, kubelogin.md), and with a runner, registers it. The runner's
// credential never appears here: the script signs in with the scale set's
// user-assigned identity (clientID) and reads the secret from Key Vault
// (MicrosoftDocs/azure-docs-cli, `az login --identity`; `az keyvault secret
// show`), so neither config nor the ARM model holds it.
func CloudInit(clientID string, r *RunnerArgs) string {
	var b strings.Builder
	b.WriteString("#cloud-config\n")
	b.WriteString("package_update: true\npackage_upgrade: true\n")
	b.WriteString("packages: [apt-transport-https, ca-certificates, curl, gnupg, lsb-release, jq]\n")
	b.WriteString("runcmd:\n")
	b.WriteString("  - [bash, -ec, 'curl -sLS https://packages.microsoft.com/keys/microsoft.asc | gpg --dearmor -o /etc/apt/keyrings/microsoft.gpg']\n")
	b.WriteString("  - [bash, -ec, 'echo \"deb [arch=$(dpkg --print-architecture) signed-by=/etc/apt/keyrings/microsoft.gpg] https://packages.microsoft.com/repos/azure-cli/ $(lsb_release -cs) main\" > /etc/apt/sources.list.d/azure-cli.list']\n")
	b.WriteString("  - [bash, -ec, 'apt-get update && apt-get install -y azure-cli']\n")
	b.WriteString("  - [bash, -ec, 'az aks install-cli --install-location /usr/local/bin/kubectl --kubelogin-install-location /usr/local/bin/kubelogin']\n")
	if r != nil {
		b.WriteString("  - [bash, -ec, '/usr/local/sbin/register-runner.sh']\n")
		b.WriteString("write_files:\n")
		b.WriteString("  - path: /usr/local/sbin/register-runner.sh\n    permissions: '0700'\n    content: |\n")
		for _, line := range strings.Split(runnerScript(clientID, r), "\n") {
			b.WriteString("      " + line + "\n")
		}
	}
	return b.String()
}

// CustomData is CloudInit base64-encoded, as osProfile.customData takes it.
func CustomData(clientID string, r *RunnerArgs) string {
	return base64.StdEncoding.EncodeToString([]byte(CloudInit(clientID, r)))
}

// runnerScript registers the runner as an unprivileged user and installs it
// as a service. GitHub: the token from Key Vault mints a one-hour
// registration token through the REST API (docs.github.com, "Create a
// registration token for an organization / a repository"), then config.sh
// --unattended --ephemeral=false (actions/runner docs). Azure Pipelines: the
// PAT goes to config.sh --unattended --auth pat (MicrosoftDocs/azure-devops-
// docs, pipelines/agents/linux-agent.md, "Unattended config"); the agent
// package URL comes from the organisation's distributedtask API.
func runnerScript(clientID string, r *RunnerArgs) string {
	var s strings.Builder
	fmt.Fprintf(&s, "#!/bin/bash\nset -euo pipefail\n")
	fmt.Fprintf(&s, "az login --identity --client-id %s --allow-no-subscriptions >/dev/null\n", shellQuote(clientID))
	fmt.Fprintf(&s, "TOKEN=$(az keyvault secret show --vault-name %s --name %s --query value -o tsv)\n", shellQuote(r.KeyVaultName), shellQuote(r.TokenSecretName))
	s.WriteString("id runner >/dev/null 2>&1 || useradd --create-home --shell /bin/bash runner\n")
	s.WriteString("mkdir -p /opt/runner && chown runner:runner /opt/runner && cd /opt/runner\n")
	url := strings.TrimSuffix(r.URL, "/")
	switch r.Kind {
	case RunnerGitHubActions:
		api := "https://api.github.com/orgs/" + strings.TrimPrefix(url, "https://github.com/")
		if strings.Count(strings.TrimPrefix(url, "https://github.com/"), "/") == 1 {
			api = "https://api.github.com/repos/" + strings.TrimPrefix(url, "https://github.com/")
		}
		fmt.Fprintf(&s, "REG=$(curl -fsSL -X POST -H \"Authorization: Bearer $TOKEN\" -H 'Accept: application/vnd.github+json' %s | jq -r .token)\n", shellQuote(api+"/actions/runners/registration-token"))
		s.WriteString("VER=$(curl -fsSL https://api.github.com/repos/actions/runner/releases/latest | jq -r .tag_name | sed 's/^v//')\n")
		s.WriteString("curl -fsSL -o runner.tgz \"https://github.com/actions/runner/releases/download/v${VER}/actions-runner-linux-x64-${VER}.tar.gz\"\n")
		s.WriteString("tar xzf runner.tgz && rm runner.tgz && chown -R runner:runner /opt/runner && ./bin/installdependencies.sh\n")
		labels := append([]string{"privateaks"}, r.Labels...)
		fmt.Fprintf(&s, "sudo -u runner ./config.sh --unattended --url %s --token \"$REG\" --name \"$(hostname)\" --labels %s --replace\n", shellQuote(url), shellQuote(strings.Join(labels, ",")))
	case RunnerAzurePipelines:
		fmt.Fprintf(&s, "PKG=$(curl -fsSL -u \":$TOKEN\" %s | jq -r '.value[0].downloadUrl')\n", shellQuote(url+"/_apis/distributedtask/packages/agent?platform=linux-x64&$top=1"))
		s.WriteString("curl -fsSL -o agent.tgz \"$PKG\" && tar xzf agent.tgz && rm agent.tgz && chown -R runner:runner /opt/runner && ./bin/installdependencies.sh\n")
		fmt.Fprintf(&s, "sudo -u runner ./config.sh --unattended --url %s --auth pat --token \"$TOKEN\" --pool %s --agent \"$(hostname)\" --acceptTeeEula --replace\n", shellQuote(url), shellQuote(r.Pool))
	}
	s.WriteString("unset TOKEN REG\n./svc.sh install runner && ./svc.sh start\n")
	return s.String()
}

// shellQuote single-quotes a value for bash.
func shellQuote(v string) string {
	return "'" + strings.ReplaceAll(v, "'", `'\''`) + "'"
}
