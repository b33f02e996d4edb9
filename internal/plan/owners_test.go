package plan

import (
	"slices"
	"testing"

	"github.com/privateaks/privateaks/components/identities"
	"github.com/privateaks/privateaks/components/privateaks"
	"github.com/privateaks/privateaks/internal/diagsettings"
	"github.com/privateaks/privateaks/internal/verify/access"
)

// missing returns the entries of want that have lacks.
func missing(have, want []string) []string {
	var out []string
	for _, w := range want {
		if !slices.Contains(have, w) {
			out = append(out, w)
		}
	}
	return out
}

// The controls read their log categories from the owners (diagsettings,
// privateaks.AuditLogCategories); these are the documented minimum those
// owners must keep, read from the references themselves, so that a
// category dropped from an owner fails here rather than passing the plan.
func TestRequiredLogsCoverTheMonitorReferences(t *testing.T) {
	documented := map[string][]string{
		// MicrosoftDocs/azure-docs articles/firewall/monitor-firewall-reference.md
		// (resource-specific AZFW* tables; Dedicated destination).
		"AzureFirewall": {"AZFWApplicationRule", "AZFWNetworkRule", "AZFWThreatIntel", "AZFWIdpsSignature", "AZFWDnsQuery"},
		// articles/bastion/monitor-bastion-reference.md.
		"BastionHost": {"BastionAuditLogs"},
		// articles/key-vault/general/monitor-key-vault-reference.md.
		"Vault": {"AuditEvent"},
		// articles/container-registry/monitor-container-registry-reference.md.
		"Registry": {"ContainerRegistryLoginEvents", "ContainerRegistryRepositoryEvents"},
		// articles/virtual-network/virtual-network-nsg-manage-log.md.
		"NetworkSecurityGroup": {"NetworkSecurityGroupEvent", "NetworkSecurityGroupRuleCounter"},
	}
	seen := map[string]bool{}
	for _, rl := range requiredLogs {
		seen[rl.typ] = true
		want, ok := documented[rl.typ]
		if !ok {
			t.Errorf("%s: no documented minimum in this test", rl.typ)
			continue
		}
		if m := missing(rl.Logs, want); len(m) > 0 {
			t.Errorf("%s: the diagnostics owner lacks the documented categories %v", rl.typ, m)
		}
	}
	for typ := range documented {
		if !seen[typ] {
			t.Errorf("PAKS-MON-02 no longer checks %s", typ)
		}
	}
	if !diagsettings.Firewall.Dedicated {
		t.Error("firewall logs must go to the resource-specific tables (Dedicated)")
	}
	// mspnp/aks-baseline cluster-stamp.bicep (mc_diagnosticSettings:
	// cluster-autoscaler, kube-controller-manager, kube-audit-admin, guard),
	// plus kube-apiserver, which PAKS-MON-01 has always required.
	if m := missing(privateaks.AuditLogCategories, []string{"kube-audit-admin", "guard", "kube-apiserver", "kube-controller-manager", "cluster-autoscaler"}); len(m) > 0 {
		t.Errorf("the cluster's audit categories lack %v", m)
	}
	// Flip: the same check finds a category dropped from an owner's list.
	if m := missing(diagsettings.Firewall.Logs[1:], documented["AzureFirewall"]); len(m) == 0 {
		t.Errorf("dropping %s from the firewall's list went unnoticed", diagsettings.Firewall.Logs[0])
	}
}

// The broad-role check reads the privileged roles from the access model's
// table of the built-in roles reference; the roles the components grant are
// not privileged.
func TestPrivilegedRoleFromTheReference(t *testing.T) {
	def := "/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/"
	for _, id := range []string{access.RoleOwner, access.RoleContributor, access.RoleUserAccessAdministrator} {
		if got, ok := privilegedRole(def + id); !ok || got != id {
			t.Errorf("%s: privilegedRole = %q, %v; want it reported", id, got, ok)
		}
	}
	for id := range identities.Roles {
		if _, ok := privilegedRole(def + id); ok {
			t.Errorf("%s (%s) reported as privileged", id, identities.Roles[id].DisplayName)
		}
	}
	if _, ok := privilegedRole(""); ok {
		t.Error("an empty role definition reported as privileged")
	}
}
