package acceptance

import (
	"fmt"
	"sort"
	"strings"

	"github.com/privateaks/privateaks/internal/azurefacts"
)

// docQuotas: vCPU quotas are per region in two tiers, Total Regional vCPUs
// and one per VM-size family; Spot VMs count against a separate low-priority
// quota (MicrosoftDocs/azure-docs articles/virtual-machines/quotas.md,
// articles/virtual-machines/spot-vms.md "Quota").
const docQuotas = "MicrosoftDocs/azure-docs articles/virtual-machines/quotas.md; articles/virtual-machines/spot-vms.md (Spot VMs use the low-priority vCPU quota)"

// quotaSearch is the text that names a family's quota in `az vm list-usage`
// ("Standard DDSv5 Family vCPUs"); the NCasT4_v3 family's quota is named
// "Standard NCASv3_T4 Family vCPUs".
var quotaSearch = map[string]string{
	"Ddsv5": "DDSv5", "Dsv5": "DSv5", "Edsv5": "EDSv5", "Fsv2": "FSv2", "NCasT4_v3": "NCASv3_T4",
}

// quotaNeeds adds what the pools need at their maximum size, per VM family
// and in total, to the prerequisites: maxCount nodes plus one surge node per
// pool while it upgrades. A size the facts table does not know is listed
// with its vCPUs unknown rather than guessed.
func quotaNeeds(rn *run) []Prerequisite {
	type need struct {
		vcpus int
		pools []string
	}
	family := map[string]*need{}
	var regional, spot need
	var unknown []string
	location := ""
	for _, pl := range rn.pools() {
		size, _ := str(pl.r, pl.path("vmSize"))
		maxCount, ok := num(pl.r, pl.path("maxCount"))
		if !ok {
			if c, ok := num(pl.r, pl.path("count")); ok {
				maxCount = c
			}
		}
		name, _ := str(pl.r, pl.namePath())
		if pl.cluster != nil {
			if cn, ok := str(pl.cluster, "resourceName"); ok {
				name = cn + "/" + name
			}
		}
		if loc, ok := str(pl.cluster, "location"); ok && pl.cluster != nil {
			location = loc
		}
		s, known := azurefacts.VMSize(size)
		if !known {
			unknown = append(unknown, fmt.Sprintf("%s (%s)", name, size))
			continue
		}
		v := (int(maxCount) + 1) * s.VCPUs
		label := fmt.Sprintf("%s: (%d+1) x %d", name, int(maxCount), s.VCPUs)
		if prio, _ := str(pl.r, pl.path("scaleSetPriority")); prio == "Spot" {
			spot.vcpus += v
			spot.pools = append(spot.pools, label)
			continue
		}
		if family[s.Family] == nil {
			family[s.Family] = &need{}
		}
		family[s.Family].vcpus += v
		family[s.Family].pools = append(family[s.Family].pools, label)
		regional.vcpus += v
		regional.pools = append(regional.pools, label)
	}
	if location == "" {
		location = "<region>"
	}
	row := func(name, search string, n need) Prerequisite {
		sort.Strings(n.pools)
		return Prerequisite{
			Kind: "quota", Name: name,
			Why:    fmt.Sprintf("%d vCPUs at the pools' maximum sizes plus one upgrade surge node each (%s)", n.vcpus, strings.Join(n.pools, "; ")),
			Check:  fmt.Sprintf("az vm list-usage --location %s -o table | grep -i '%s'", location, search),
			Fix:    fmt.Sprintf("request at least %d as the limit: az quota update (the quota extension) or the portal's Quotas page", n.vcpus),
			Source: docQuotas,
		}
	}
	var out []Prerequisite
	for _, f := range sortedFamilies(family) {
		search := quotaSearch[f]
		if search == "" {
			search = f
		}
		out = append(out, row(fmt.Sprintf("%s family vCPUs in %s", f, location), search, *family[f]))
	}
	if regional.vcpus > 0 {
		out = append(out, row("Total Regional vCPUs in "+location, "Total Regional vCPUs", regional))
	}
	if spot.vcpus > 0 {
		out = append(out, row("Spot (low-priority) vCPUs in "+location, "Low-priority vCPUs", spot))
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		out = append(out, Prerequisite{Kind: "quota", Name: "vCPUs of sizes not in the facts table",
			Why:   "pools " + strings.Join(unknown, ", ") + ": their vCPUs are not known here",
			Check: fmt.Sprintf("az vm list-skus --location %s --size <size> --query '[].capabilities' -o json", location),
			Fix:   "check the family quota by hand", Source: docQuotas})
	}
	return out
}

func sortedFamilies[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// docDeployRoles: the built-in roles whose actions cover what a deploy
// writes (MicrosoftDocs/azure-docs articles/role-based-access-control/
// built-in-roles/general.md Contributor — which excludes
// Microsoft.Authorization/*/Write —, privileged.md Role Based Access
// Control Administrator, management-and-governance.md Resource Policy
// Contributor).
const docDeployRoles = "MicrosoftDocs/azure-docs articles/role-based-access-control/built-in-roles (general.md Contributor: NotActions Microsoft.Authorization/*/Write; privileged.md Role Based Access Control Administrator; management-and-governance.md Resource Policy Contributor)"

// deployRoles lists the roles the deploying identity needs for what the
// plan writes: Contributor for the resources, and since Contributor may not
// write Microsoft.Authorization, a role-assignment writer when the plan
// assigns roles and a policy-assignment writer when it assigns policies.
func deployRoles(rn *run) []Prerequisite {
	var roles, policies bool
	for _, r := range rn.p.Resources() {
		roles = roles || strings.HasSuffix(r.Type, ":RoleAssignment")
		policies = policies || strings.HasSuffix(r.Type, ":PolicyAssignment")
	}
	check := "az role assignment list --assignee <deploying-identity> --scope /subscriptions/<subscription> -o table"
	out := []Prerequisite{{Kind: "role", Name: "Contributor", Why: "the deploying identity creates every planned resource",
		Check: check, Fix: "az role assignment create --assignee <deploying-identity> --role Contributor --scope /subscriptions/<subscription>", Source: docDeployRoles}}
	if roles {
		out = append(out, Prerequisite{Kind: "role", Name: "Role Based Access Control Administrator", Why: "the plan writes role assignments (Microsoft.Authorization/roleAssignments/write), which Contributor may not",
			Check: check, Fix: "assign it with a condition limiting it to the roles the stack grants (docs/ci.md, the deploying identity)", Source: docDeployRoles})
	}
	if policies {
		out = append(out, Prerequisite{Kind: "role", Name: "Resource Policy Contributor", Why: "the plan writes policy assignments (Microsoft.Authorization/policyAssignments/write), which Contributor may not",
			Check: check, Fix: "az role assignment create --assignee <deploying-identity> --role \"Resource Policy Contributor\" --scope /subscriptions/<subscription>", Source: docDeployRoles})
	}
	return out
}
