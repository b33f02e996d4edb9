package tests

import (
	"os"
	"strings"
	"testing"

	"github.com/privateaks/privateaks/internal/verify/access"
	"github.com/privateaks/privateaks/internal/verify/egress"
)

// docs/access.md tells admins, namespace teams and CI how to reach a private
// cluster. Every path it describes must exist in the plan of both stacks, as
// the independent models see it: the management subnet's flows allowed by
// the egress model, each persona's role granted in the access matrix, and
// the Bastion, scale set, DNS link and disabled run command it relies on.
func TestAccessDocMatchesThePlan(t *testing.T) {
	b, err := os.ReadFile("../docs/access.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, stack := range []string{"dev", "prod"} {
		res := planResult(t, stack)
		m := res.Models
		// Flows from the management subnet the page names.
		for _, host := range []string{"login.microsoftonline.com", "management.azure.com", "packages.microsoft.com", "pkgs.k8s.io"} {
			ok := false
			for _, f := range m.Egress.Flows {
				if f.Role == "management" && f.Kind == egress.Required && f.Destination == host && f.Status == egress.StatusOK {
					ok = true
				}
			}
			if !ok {
				t.Errorf("%s: the egress model does not allow %s from the management subnet", stack, host)
			}
			if !strings.Contains(doc, host) {
				t.Errorf("docs/access.md does not name %s", host)
			}
		}
		// Roles the page names, granted to the personas it names.
		granted := map[string]map[string]bool{}
		for _, r := range m.Access.Rows {
			if r.Required && r.Granted {
				if granted[r.Persona] == nil {
					granted[r.Persona] = map[string]bool{}
				}
				granted[r.Persona][r.Role] = true
			}
		}
		for _, want := range []struct{ persona, role string }{
			{access.PersonaAdmin, "Azure Kubernetes Service Cluster User Role"},
			{access.PersonaAdmin, "Azure Kubernetes Service RBAC Cluster Admin"},
			{access.PersonaSecretsWriter, "Key Vault Secrets Officer"},
		} {
			if !granted[want.persona][want.role] {
				t.Errorf("%s: %s is not granted %s (granted: %v)", stack, want.persona, want.role, granted[want.persona])
			}
			if !strings.Contains(doc, want.role) {
				t.Errorf("docs/access.md does not name %q", want.role)
			}
		}
		ns := false
		for persona, roles := range granted {
			if strings.HasPrefix(persona, access.PersonaNamespaceGroup) && roles["Azure Kubernetes Service Cluster User Role"] {
				ns = true
			}
		}
		if !ns {
			t.Errorf("%s: no namespace group may run az aks get-credentials", stack)
		}
		// The resources the paths go through.
		var bastion, vmss, hubLink bool
		hubVnet := ""
		for _, r := range res.Resources {
			if strings.HasSuffix(r.Type, ":VirtualNetwork") && r.Name == "hub-vnet" {
				hubVnet = r.ID
			}
		}
		for _, r := range res.Resources {
			switch {
			case strings.HasSuffix(r.Type, ":BastionHost"):
				bastion = r.Bool("enableTunneling")
			case strings.HasSuffix(r.Type, ":VirtualMachineScaleSet"):
				vmss = strings.HasSuffix(r.String("virtualMachineProfile.networkProfile.networkInterfaceConfigurations[0].ipConfigurations[0].subnet.id"), "/subnets/snet-management")
			case strings.HasSuffix(r.Type, ":VirtualNetworkLink") && strings.HasPrefix(r.String("privateZoneName"), "privatelink.") && strings.HasSuffix(r.String("privateZoneName"), ".azmk8s.io"):
				hubLink = hubLink || strings.EqualFold(r.String("virtualNetwork.id"), hubVnet)
			case strings.HasSuffix(r.Type, ":ManagedCluster"):
				if !r.Bool("apiServerAccessProfile.disableRunCommand") || !r.Bool("apiServerAccessProfile.enablePrivateCluster") {
					t.Errorf("%s: %s is not private with run command off, as the page says", stack, r.Name)
				}
			}
		}
		if !bastion || !vmss || !hubLink {
			t.Errorf("%s: Bastion with tunneling %v, scale set in the management subnet %v, API-server zone linked to the hub %v", stack, bastion, vmss, hubLink)
		}
	}
	for _, cmd := range []string{"az network bastion ssh", "--auth-type AAD", "az aks get-credentials", "kubelogin convert-kubeconfig -l azurecli", "kubelogin convert-kubeconfig -l msi"} {
		if !strings.Contains(doc, cmd) {
			t.Errorf("docs/access.md lacks %q", cmd)
		}
	}
}
