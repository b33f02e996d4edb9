package acceptance

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/privateaks/privateaks/internal/mockengine"
	"github.com/privateaks/privateaks/internal/verify"
)

// Model is this model's name in findings.
const Model = "acceptance"

// Report is the outcome of Check.
type Report struct {
	// Checked counts the property checks made on known values (unknown
	// inputs are skipped and not counted).
	Checked int
	// Findings are sorted (verify.Sort).
	Findings []verify.Finding
}

// Failed reports whether any rule was broken.
func (r Report) Failed() bool { return len(r.Findings) > 0 }

// Rule is one acceptance rule.
type Rule struct {
	ID    string
	Title string
	// Source names the specification file and definition, or the document
	// and section, the rule is written from. Findings may name a narrower
	// source (the exact property).
	Source string
	check  func(*run)
}

// Rules is the catalogue, in ID order.
func Rules() []Rule {
	out := append([]Rule(nil), rules...)
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

var rules []Rule

func register(r Rule) { rules = append(rules, r) }

// run is one Check in progress.
type run struct {
	p        verify.Plan
	asOf     time.Time
	rule     Rule
	checked  int
	findings []verify.Finding
}

// Check runs every rule over the plan as of asOf (the day the deploy is
// meant to happen: it decides which Kubernetes versions and node images
// AKS offers).
func Check(p verify.Plan, asOf time.Time) Report {
	rn := &run{p: p, asOf: asOf}
	for _, r := range Rules() {
		rn.rule = r
		r.check(rn)
	}
	verify.Sort(rn.findings)
	return Report{Checked: rn.checked, Findings: rn.findings}
}

// flag records a finding of the current rule; source "" uses the rule's.
func (rn *run) flag(r *mockengine.Resource, path, source, format string, args ...any) {
	if source == "" {
		source = rn.rule.Source
	}
	urn := ""
	if r != nil {
		urn = r.URN
	}
	rn.findings = append(rn.findings, verify.Finding{
		Model: Model, Rule: rn.rule.ID, Resource: urn, Path: path,
		Message: fmt.Sprintf(format, args...), Source: source,
	})
}

// byType returns the custom resources whose type token has the service
// and resource name given ("containerservice:ManagedCluster" matches
// azure-native:containerservice/v20240901:ManagedCluster), sorted by URN.
func (rn *run) byType(service, name string) []*mockengine.Resource {
	var out []*mockengine.Resource
	for _, r := range rn.p.Resources() {
		parts := strings.SplitN(r.Type, ":", 3)
		if len(parts) != 3 || parts[0] != "azure-native" || parts[2] != name {
			continue
		}
		if mod, _, _ := strings.Cut(parts[1], "/"); mod == service {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].URN < out[j].URN })
	return out
}

// resourcesOfType returns resources with exactly this type token.
func (rn *run) resourcesOfType(token string) []*mockengine.Resource {
	var out []*mockengine.Resource
	for _, r := range rn.p.Resources() {
		if r.Type == token {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].URN < out[j].URN })
	return out
}

// pool is one agent pool wherever it is planned: an element of a cluster's
// agentPoolProfiles, or an AgentPool resource. at prefixes its property
// paths on r.
type pool struct {
	r       *mockengine.Resource
	at      string
	cluster *mockengine.Resource // nil when the cluster is not in the plan
}

func (p pool) path(prop string) string { return p.at + prop }

// namePath is where the pool's name is.
func (p pool) namePath() string {
	if p.at == "" {
		return "agentPoolName"
	}
	return p.at + "name"
}

func (rn *run) clusters() []*mockengine.Resource {
	return rn.byType("containerservice", "ManagedCluster")
}

// pools lists every planned pool with its cluster.
func (rn *run) pools() []pool {
	var out []pool
	clusters := rn.clusters()
	for _, c := range clusters {
		n := length(c, "agentPoolProfiles")
		for i := 0; i < n; i++ {
			out = append(out, pool{r: c, at: fmt.Sprintf("agentPoolProfiles[%d].", i), cluster: c})
		}
	}
	for _, ap := range rn.byType("containerservice", "AgentPool") {
		out = append(out, pool{r: ap, cluster: rn.clusterOf(ap, clusters)})
	}
	return out
}

// clusterOf finds the cluster an AgentPool or MaintenanceConfiguration
// belongs to: same resource group and cluster name (resourceName).
func (rn *run) clusterOf(r *mockengine.Resource, clusters []*mockengine.Resource) *mockengine.Resource {
	rg, ok1 := str(r, "resourceGroupName")
	name, ok2 := str(r, "resourceName")
	if !ok1 || !ok2 {
		return nil
	}
	for _, c := range clusters {
		crg, _ := str(c, "resourceGroupName")
		cn, _ := str(c, "resourceName")
		if strings.EqualFold(crg, rg) && strings.EqualFold(cn, name) {
			return c
		}
	}
	return nil
}

// lts reports whether a cluster is on long-term support: tier Premium and
// support plan AKSLongTermSupport (SourceLTS).
func lts(c *mockengine.Resource) bool {
	if c == nil {
		return false
	}
	tier, _ := str(c, "sku.tier")
	plan, _ := str(c, "supportPlan")
	return tier == "Premium" && plan == "AKSLongTermSupport"
}

// poolVersion is the Kubernetes version a pool runs at creation: its
// orchestratorVersion, else its cluster's kubernetesVersion; "" is AKS's
// default. ok is false when unknown.
func poolVersion(p pool) (string, bool) {
	if v, st := lookup(p.r, p.path("orchestratorVersion")); st == unknown {
		return "", false
	} else if st == known && v.IsString() && v.StringValue() != "" {
		return v.StringValue(), true
	}
	if p.cluster == nil {
		return "", false
	}
	v, st := lookup(p.cluster, "kubernetesVersion")
	switch {
	case st == unknown:
		return "", false
	case st == known && v.IsString():
		return v.StringValue(), true
	}
	return "", true
}

// location of a resource, falling back to its cluster's.
func location(r, cluster *mockengine.Resource) (string, bool) {
	if l, ok := str(r, "location"); ok {
		return l, true
	}
	if cluster != nil {
		return str(cluster, "location")
	}
	return "", false
}
