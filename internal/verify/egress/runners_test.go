package egress

import (
	"encoding/base64"
	"strings"
	"testing"
)

// The hosts each runner needs, written from the documents the flow table
// cites (github/docs runner-essential-communications.md; azure-devops-docs
// qa-firewall.md and allow-list-ip-url.md; entra-docs
// howto-vm-sign-in-azure-ad-linux.md), independently of runners.go.
var (
	githubRunnerFqdns = []any{
		"github.com", "api.github.com", "*.actions.githubusercontent.com", "codeload.github.com",
		"pkg.actions.githubusercontent.com", "results-receiver.actions.githubusercontent.com", "*.blob.core.windows.net",
		"objects.githubusercontent.com", "objects-origin.githubusercontent.com", "github-releases.githubusercontent.com",
		"github-registry-files.githubusercontent.com",
	}
	pipelinesAgentFqdns = []any{
		"dev.azure.com", "*.dev.azure.com", "login.microsoftonline.com", "management.core.windows.net",
		"vstsagentpackage.azureedge.net", "*.vsblob.visualstudio.net", "*.vsblob.visualstudio.com", "*.vssps.visualstudio.com",
	}
	entraLoginFqdns = []any{"packages.microsoft.com", "login.microsoftonline.com", "pas.windows.net"}
)

// withScaleSet adds a scale set in the management subnet with the Entra
// login extension and a cloud-init whose config.sh registers with url ("" =
// no runner).
func withScaleSet(p *fakePlan, url string) {
	ci := "#cloud-config\nruncmd:\n  - [bash, -ec, 'apt-get install -y azure-cli']\n"
	if url != "" {
		ci += "write_files:\n  - path: /usr/local/sbin/register-runner.sh\n    content: |\n      sudo -u runner ./config.sh --unattended --url '" + url + "' --token \"$REG\" --replace\n"
	}
	p.add("azure-native:compute/v20240701:VirtualMachineScaleSet", "runners-vmss", hubRG+"/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-runners", map[string]any{
		"virtualMachineProfile": map[string]any{
			"osProfile": map[string]any{"customData": base64.StdEncoding.EncodeToString([]byte(ci))},
			"networkProfile": map[string]any{"networkInterfaceConfigurations": []any{map[string]any{"name": "nic",
				"ipConfigurations": []any{map[string]any{"name": "ipconfig", "subnet": map[string]any{"id": hubVnetID + "/subnets/snet-management"}}}}}},
			"extensionProfile": map[string]any{"extensions": []any{map[string]any{"name": "AADSSHLoginForLinux", "publisher": "Microsoft.Azure.ActiveDirectory", "type": "AADSSHLoginForLinux"}}},
		},
	}, nil)
}

// allowMgmt adds an application rule from the management subnet.
func allowMgmt(p *fakePlan, name string, fqdns []any) {
	cs := collections(p)
	cs = append(cs, appCollection(name, 300+len(cs), "Allow", appRuleIn(name, []any{mgmtCIDR}, fqdns, nil, proto("Https", 443))))
	setCollections(p, cs)
}

func requiredIDs(rep Report, prefix string) map[string]string {
	out := map[string]string{}
	for _, f := range rep.Flows {
		if f.Kind == Required && strings.HasPrefix(f.ID, prefix) {
			out[f.ID] = f.Status
		}
	}
	return out
}

func TestRunnerFlowsFollowTheScaleSet(t *testing.T) {
	for _, tc := range []struct {
		name, url, prefix string
		fqdns             []any
		want              []string
	}{
		{"github", "https://github.com/privateaks", "EGR-REQ-MGMT-GH-", githubRunnerFqdns,
			[]string{"EGR-REQ-MGMT-GH-WEB", "EGR-REQ-MGMT-GH-API", "EGR-REQ-MGMT-GH-PIPELINES", "EGR-REQ-MGMT-GH-RESULTS", "EGR-REQ-MGMT-GH-JOB-STORAGE", "EGR-REQ-MGMT-GH-UPDATE-RELEASES"}},
		{"pipelines", "https://dev.azure.com/contoso", "EGR-REQ-MGMT-ADO", pipelinesAgentFqdns,
			[]string{"EGR-REQ-MGMT-ADO", "EGR-REQ-MGMT-ADO-SUB", "EGR-REQ-MGMT-ADO-MGMT-CORE", "EGR-REQ-MGMT-ADO-AGENT-PACKAGE", "EGR-REQ-MGMT-ADO-VSBLOB", "EGR-REQ-MGMT-ADO-VSSPS"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := fixture()
			withScaleSet(p, tc.url)
			allowMgmt(p, "entra-login", entraLoginFqdns)
			allowMgmt(p, "runner", tc.fqdns)
			rep := Check(p)
			if rep.Failed() {
				t.Fatalf("the runner's documented hosts allowed, yet: %s", findingsOf(rep))
			}
			got := requiredIDs(rep, tc.prefix)
			for _, id := range tc.want {
				if got[id] != StatusOK {
					t.Errorf("%s: status %q, want a required ok flow (got %v)", id, got[id], got)
				}
			}
			if tc.name == "pipelines" {
				for _, f := range rep.Flows {
					if f.ID == "EGR-REQ-MGMT-ADO-VSBLOB" && !strings.HasPrefix(f.Destination, "contoso.vsblob.visualstudio.net") {
						t.Errorf("vsblob flow to %q, want the organization's host", f.Destination)
					}
				}
			}
			// Mutation: without the runner rule every runner flow is denied
			// and named, and the Entra login flows still pass.
			p2 := fixture()
			withScaleSet(p2, tc.url)
			allowMgmt(p2, "entra-login", entraLoginFqdns)
			rep2 := Check(p2)
			for _, id := range tc.want {
				if !has(rep2, p2, id, "rcg", "") {
					t.Errorf("runner rule dropped: want a finding %s, got %s", id, findingsOf(rep2))
				}
			}
			for _, f := range rep2.Findings {
				if strings.HasPrefix(f.Rule, "EGR-REQ-MGMT-ENTRASSH") {
					t.Errorf("Entra login flow failed with its rule in place: %v", f)
				}
			}
		})
	}
}

// A runner's single missing host is found: dropping only the job storage
// from the GitHub rule fails exactly the job storage flow.
func TestRunnerMissingJobStorageIsFound(t *testing.T) {
	p := fixture()
	withScaleSet(p, "https://github.com/privateaks")
	allowMgmt(p, "entra-login", entraLoginFqdns)
	var without []any
	for _, f := range githubRunnerFqdns {
		if f != "*.blob.core.windows.net" {
			without = append(without, f)
		}
	}
	allowMgmt(p, "runner", without)
	rep := Check(p)
	if !has(rep, p, "EGR-REQ-MGMT-GH-JOB-STORAGE", "rcg", "") {
		t.Fatalf("job storage not allowed, yet no finding: %s", findingsOf(rep))
	}
	for _, f := range rep.Findings {
		if f.Rule != "EGR-REQ-MGMT-GH-JOB-STORAGE" {
			t.Errorf("unexpected finding %v", f)
		}
	}
}

// No runner registered: no runner flows are required (only Entra login),
// and a wildcard storage rule from the management subnet stays something
// the forbidden flows do not need to know about, but arbitrary internet
// hosts stay denied.
func TestJumpBoxWithoutRunnerNeedsOnlyEntraLogin(t *testing.T) {
	p := fixture()
	withScaleSet(p, "")
	rep := Check(p)
	if !has(rep, p, "EGR-REQ-MGMT-ENTRASSH-PAS", "rcg", "") {
		t.Errorf("pas.windows.net not allowed, yet no finding: %s", findingsOf(rep))
	}
	if ids := requiredIDs(rep, "EGR-REQ-MGMT-GH-"); len(ids) != 0 {
		t.Errorf("GitHub runner flows required without a runner: %v", ids)
	}
	if ids := requiredIDs(rep, "EGR-REQ-MGMT-ADO"); len(ids) != 0 {
		t.Errorf("Pipelines flows required without a runner: %v", ids)
	}
	allowMgmt(p, "entra-login", entraLoginFqdns)
	if rep := Check(p); rep.Failed() {
		t.Errorf("jump box with its Entra login hosts allowed: %s", findingsOf(rep))
	}
}

func TestRegistrationsReadConfigURL(t *testing.T) {
	got := registrations("x\n  sudo -u runner ./config.sh --unattended --url 'https://dev.azure.com/contoso' --auth pat\n./config.sh --url \"https://github.com/o/r\"\necho --url https://github.com/not-config\n")
	if got[runnerPipelines] != "https://dev.azure.com/contoso" || got[runnerGitHub] != "https://github.com/o/r" || len(got) != 2 {
		t.Errorf("registrations = %v", got)
	}
	if got := registrations("./config.sh --url http://github.com/o\n"); len(got) != 0 {
		t.Errorf("plain http registration read as %v", got)
	}
}
