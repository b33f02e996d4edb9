package plan

import (
	"sort"
	"strings"

	"github.com/privateaks/privateaks/internal/mockengine"
)

// Duration is a modeled creation time with where the figure comes from.
type Duration struct {
	Minutes float64
	Source  string
}

// CreationTimes are typical creation times per resource type, matched on the
// type token's last segment. Where the Azure docs state a figure it is cited;
// the rest are estimates (marked so) from the order of magnitude ARM shows
// for such resources. They model plans for comparison, not a promise.
var CreationTimes = map[string]Duration{
	"ResourceGroup":                     {0.1, "estimate: synchronous ARM write"},
	"VirtualNetwork":                    {0.2, "estimate: seconds"},
	"Subnet":                            {0.2, "estimate: seconds, serialised per VNet"},
	"NetworkSecurityGroup":              {0.1, "estimate: seconds"},
	"RouteTable":                        {0.1, "estimate: seconds"},
	"PublicIPAddress":                   {0.1, "estimate: seconds"},
	"VirtualNetworkPeering":             {0.3, "estimate: seconds"},
	"FirewallPolicy":                    {0.5, "estimate"},
	"FirewallPolicyRuleCollectionGroup": {1.5, "estimate: rule groups update the policy and every attached firewall"},
	"AzureFirewall":                     {8, "Azure Firewall docs: deployment takes several minutes"},
	"BastionHost":                       {10, "Azure Bastion docs: deployment takes about 10 minutes"},
	"PrivateZone":                       {0.5, "estimate"},
	"VirtualNetworkLink":                {0.5, "estimate"},
	"UserAssignedIdentity":              {0.1, "estimate: seconds"},
	"FederatedIdentityCredential":       {0.1, "estimate: seconds, serialised per identity"},
	"RoleAssignment":                    {0.3, "estimate: write plus Entra ID propagation"},
	"PolicyAssignment":                  {0.2, "estimate: seconds"},
	"Workspace":                         {0.5, "estimate"},
	"Registry":                          {1, "estimate"},
	"Vault":                             {0.5, "estimate"},
	"PrivateEndpoint":                   {1, "estimate"},
	"PrivateDnsZoneGroup":               {0.3, "estimate"},
	"ManagedCluster":                    {8, "AKS docs: cluster creation takes several minutes (5-10)"},
	"AgentPool":                         {4, "AKS docs: adding a node pool takes a few minutes"},
	"MaintenanceConfiguration":          {0.1, "estimate: seconds"},
	"DiagnosticSetting":                 {0.2, "estimate: seconds"},
	"DataCollectionRule":                {0.2, "estimate: seconds"},
	"DataCollectionRuleAssociation":     {0.2, "estimate: seconds"},
	"KubernetesClusterExtension":        {5, "AKS docs: extension install takes a few minutes"},
	"FluxConfiguration":                 {2, "estimate: first reconciliation of the source"},
}

// kubernetesObjectMinutes is the time for any in-cluster object.
const kubernetesObjectMinutes = 0.05

// CreationMinutes returns the modeled creation time of a resource type.
func CreationMinutes(typ string) float64 {
	if strings.HasPrefix(typ, "kubernetes:") {
		return kubernetesObjectMinutes
	}
	name := typ[strings.LastIndex(typ, ":")+1:]
	return CreationTimes[name].Minutes
}

// CriticalPath is the longest chain of dependent creations.
type CriticalPath struct {
	Minutes float64
	Steps   []Step
}

// Step is one resource on the critical path.
type Step struct {
	URN, Type, Name string
	Minutes         float64
}

// ComputeCriticalPath finds the longest weighted chain through the recorded
// dependencies (a dependency on a component stands for all its
// descendants). Ties break on URN, so the result is deterministic.
func ComputeCriticalPath(rs []*mockengine.Resource) CriticalPath {
	byURN := map[string]*mockengine.Resource{}
	children := map[string][]string{}
	for _, r := range rs {
		byURN[r.URN] = r
		children[r.Parent] = append(children[r.Parent], r.URN)
	}
	var descendants func(u string) []string
	descendants = func(u string) []string {
		var out []string
		for _, c := range children[u] {
			out = append(out, c)
			out = append(out, descendants(c)...)
		}
		return out
	}
	deps := func(r *mockengine.Resource) []string {
		var all []string
		add := func(u string) {
			all = append(all, u)
			if d, ok := byURN[u]; ok && !d.Custom {
				all = append(all, descendants(u)...)
			}
		}
		for _, d := range r.Dependencies {
			add(d)
		}
		for _, ds := range r.PropertyDependencies {
			for _, d := range ds {
				add(d)
			}
		}
		return uniqueSorted(all)
	}
	type best struct {
		total float64
		prev  string
	}
	memo := map[string]best{}
	visiting := map[string]bool{}
	var finish func(u string) best
	finish = func(u string) best {
		if b, ok := memo[u]; ok {
			return b
		}
		r := byURN[u]
		if r == nil || visiting[u] {
			return best{}
		}
		visiting[u] = true
		var b best
		for _, d := range deps(r) {
			if db := finish(d); db.total > b.total || (db.total == b.total && b.prev != "" && d < b.prev) {
				b = best{total: db.total, prev: d}
			}
		}
		own := 0.0
		if r.Custom {
			own = CreationMinutes(r.Type)
		}
		b.total += own
		visiting[u] = false
		memo[u] = b
		return b
	}
	var end string
	var top float64
	urns := make([]string, 0, len(byURN))
	for u := range byURN {
		urns = append(urns, u)
	}
	sort.Strings(urns)
	for _, u := range urns {
		if b := finish(u); b.total > top {
			top, end = b.total, u
		}
	}
	var steps []Step
	for u := end; u != ""; u = memo[u].prev {
		r := byURN[u]
		if r.Custom {
			steps = append(steps, Step{URN: u, Type: r.Type, Name: r.Name, Minutes: CreationMinutes(r.Type)})
		}
	}
	for i, j := 0, len(steps)-1; i < j; i, j = i+1, j-1 {
		steps[i], steps[j] = steps[j], steps[i]
	}
	return CriticalPath{Minutes: round1(top), Steps: steps}
}

func round1(f float64) float64 { return float64(int64(f*10+0.5)) / 10 }
