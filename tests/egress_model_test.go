package tests

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	minimal "github.com/privateaks/privateaks/examples/minimal/program"
	"github.com/privateaks/privateaks/internal/stackfile"
	"github.com/privateaks/privateaks/internal/verify"
	"github.com/privateaks/privateaks/internal/verify/egress"
	"github.com/privateaks/privateaks/testkit"
)

// resourcePlan is a verify.Plan over a list of recorded resources (a
// plan.Result's, several plans merged, or a mutated copy).
type resourcePlan struct {
	rs    []*testkit.Resource
	byURN map[string]*testkit.Resource
	byID  map[string]*testkit.Resource
}

func newResourcePlan(lists ...[]*testkit.Resource) *resourcePlan {
	p := &resourcePlan{byURN: map[string]*testkit.Resource{}, byID: map[string]*testkit.Resource{}}
	for _, l := range lists {
		for _, r := range l {
			p.rs = append(p.rs, r)
			p.byURN[r.URN] = r
			if r.ID != "" {
				p.byID[strings.ToLower(r.ID)] = r
			}
		}
	}
	return p
}

func (p *resourcePlan) Resources() []*testkit.Resource {
	return append([]*testkit.Resource(nil), p.rs...)
}
func (p *resourcePlan) ByURN(urn string) *testkit.Resource { return p.byURN[urn] }
func (p *resourcePlan) ByID(id string) *testkit.Resource   { return p.byID[strings.ToLower(id)] }
func (p *resourcePlan) ByTypeSuffix(s string) []*testkit.Resource {
	var out []*testkit.Resource
	for _, r := range p.rs {
		if strings.HasSuffix(r.Type, s) {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

var _ verify.Plan = (*resourcePlan)(nil)

// egressFailures summarises a report's findings for a message: per rule,
// how many and the first in full.
func egressFailures(rep egress.Report) string {
	var b strings.Builder
	count := map[string]int{}
	var order []string
	first := map[string]verify.Finding{}
	for _, f := range rep.Findings {
		if count[f.Rule] == 0 {
			order = append(order, f.Rule)
			first[f.Rule] = f
		}
		count[f.Rule]++
	}
	for _, r := range order {
		fmt.Fprintf(&b, "\n  %dx %s", count[r], first[r])
	}
	return b.String()
}

func stackPlan(t *testing.T, stack string) *resourcePlan {
	t.Helper()
	return newResourcePlan(planResult(t, stack).Resources)
}

// Both committed stacks must let out exactly what their clusters and
// management subnet need. This fails until the egress fixes of issue 12
// land in components/hubnetwork.
func TestEgressModelStacks(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			rep := egress.Check(stackPlan(t, stack))
			// Deterministic: a second plan of the same stack gives the same
			// report, byte for byte.
			a, _ := json.Marshal(rep)
			b, _ := json.Marshal(egress.Check(stackPlan(t, stack)))
			if string(a) != string(b) {
				t.Error("two plans of the same stack give different egress reports")
			}
			if len(rep.Flows) == 0 {
				t.Fatal("the egress model evaluated no flows: no subnets or clusters found in the plan")
			}
			for _, f := range rep.Flows {
				t.Logf("%-9s %-44s %-22s %-12s %-58s %-9s %s", f.Kind, f.ID, f.Subnet, f.Protocol, f.Destination, f.Status, f.Matched)
			}
			for _, n := range rep.Notes {
				t.Logf("note: %s", n)
			}
			if rep.Failed() {
				t.Errorf("%s: egress model fails with %d findings:%s", stack, len(rep.Findings), egressFailures(rep))
			}
		})
	}
}

func TestEgressModelExampleMinimal(t *testing.T) {
	s, err := stackfile.Load("../examples/minimal", "dev")
	if err != nil {
		t.Fatal(err)
	}
	m := testkit.New(s.Project, s.Name)
	if err := m.Run(minimal.Run, testkit.WithConfig(s.Raw.Values, configOption(s))); err != nil {
		t.Fatal(err)
	}
	rep := egress.Check(m)
	if len(rep.Flows) == 0 {
		t.Fatal("no flows evaluated")
	}
	if rep.Failed() {
		t.Errorf("minimal example: %d findings:%s", len(rep.Findings), egressFailures(rep))
	}
}

// The spoke example egresses through the prod hub's firewall: planned alone
// its flows are unverified; planned together with prod they are evaluated
// against prod's rules.
func TestEgressModelExampleSpokeIntoExistingHub(t *testing.T) {
	m := planExampleSpoke(t)
	alone := egress.Check(m)
	unverified := 0
	for _, f := range alone.Flows {
		switch {
		case f.Kind == egress.Required && f.Status == egress.StatusUnverified:
			unverified++
		case f.Status == egress.StatusFail:
			t.Errorf("spoke alone: %s from %s fails (%s); its firewall is in another stack, so it can only be unverified", f.ID, f.Subnet, f.Matched)
		}
	}
	if unverified == 0 {
		t.Error("spoke alone: no flow reported as going to the other stack's firewall")
	}
	if len(alone.Findings) != 0 {
		t.Errorf("spoke alone: %d findings:%s", len(alone.Findings), egressFailures(alone))
	}
	together := egress.Check(newResourcePlan(planResult(t, "prod").Resources, m.Resources()))
	evaluated := 0
	spokeURNs := map[string]bool{}
	for _, r := range m.Resources() {
		spokeURNs[r.URN] = true
	}
	for _, f := range together.Flows {
		if spokeURNs[f.SubnetURN] && f.Status != egress.StatusUnverified {
			evaluated++
		}
	}
	if evaluated == 0 {
		t.Fatal("prod + spoke: none of the spoke's flows was evaluated against the prod firewall")
	}
	// Planned together, the prod hub's rules are checked against the
	// spoke's real subnets: a rule source that is the spoke's whole range
	// would also let its ingress subnet out (the wider-than-needed source of
	// finding 8); the hub lists its node subnets instead
	// (hub.externalNodeSubnets).
	if together.Failed() {
		t.Errorf("prod + spoke example: %d findings:%s", len(together.Findings), egressFailures(together))
	}
}

// --- the model catches each defect of issue 12 on a plan where it is
// reintroduced by editing the recorded inputs.

// mutateRCG returns the plan with every rule collection group's inputs
// replaced by edit(inputs as plain JSON values).
func mutateRCG(t *testing.T, base []*testkit.Resource, edit func(rcg map[string]any)) (*resourcePlan, string) {
	t.Helper()
	var out []*testkit.Resource
	urn := ""
	for _, r := range base {
		if !strings.HasSuffix(r.Type, ":FirewallPolicyRuleCollectionGroup") {
			out = append(out, r)
			continue
		}
		cp := *r
		in := r.Inputs.Mappable()
		b, _ := json.Marshal(in)
		var plain map[string]any
		if err := json.Unmarshal(b, &plain); err != nil {
			t.Fatal(err)
		}
		edit(plain)
		cp.Inputs = resource.NewPropertyMapFromMap(plain)
		out = append(out, &cp)
		urn = r.URN
	}
	if urn == "" {
		t.Fatal("no rule collection group in the plan")
	}
	return newResourcePlan(out), urn
}

// eachRule calls fn on every rule of every collection; fn returns false to
// drop the rule.
func eachRule(rcg map[string]any, fn func(rule map[string]any) bool) {
	colls, _ := rcg["ruleCollections"].([]any)
	for _, c := range colls {
		cm, _ := c.(map[string]any)
		rules, _ := cm["rules"].([]any)
		var kept []any
		for _, r := range rules {
			if rm, ok := r.(map[string]any); ok && fn(rm) {
				kept = append(kept, rm)
			}
		}
		cm["rules"] = kept
	}
}

func mentions(rule map[string]any, s string) bool {
	b, _ := json.Marshal(rule)
	return strings.Contains(string(b), s)
}

func wantFinding(t *testing.T, rep egress.Report, rule, resource, pathPrefix string) {
	t.Helper()
	for _, f := range rep.Findings {
		if strings.HasPrefix(f.Rule, rule) && f.Resource == resource && strings.HasPrefix(f.Path, pathPrefix) && f.Model == "egress" {
			return
		}
	}
	t.Errorf("want a finding %s on %s at %s*, got:%s", rule, verify.ShortURN(resource), pathPrefix, egressFailures(rep))
}

func TestEgressModelCatchesIssue12Defects(t *testing.T) {
	prod := planResult(t, "prod").Resources

	t.Run("application rule protocol planned as port 0 and empty type (finding 1)", func(t *testing.T) {
		p, urn := mutateRCG(t, prod, func(rcg map[string]any) {
			eachRule(rcg, func(r map[string]any) bool {
				if r["ruleType"] == "ApplicationRule" {
					r["protocols"] = []any{map[string]any{"port": 0, "protocolType": ""}}
				}
				return true
			})
		})
		rep := egress.Check(p)
		wantFinding(t, rep, "EGR-MALFORMED", urn, "ruleCollections[")
		wantRuleID(t, rep, "EGR-REQ-MCR")
		found := false
		for _, f := range rep.Findings {
			if f.Rule == "EGR-MALFORMED" && strings.HasSuffix(f.Path, ".protocols[0].protocolType") {
				found = true
			}
		}
		if !found {
			t.Errorf("no EGR-MALFORMED finding at ...protocols[0].protocolType:%s", egressFailures(rep))
		}
	})

	t.Run("no rule has the management subnet as a source (finding 4)", func(t *testing.T) {
		mgmt := ""
		for _, r := range prod {
			if strings.HasSuffix(r.Type, ":Subnet") && r.String("subnetName") == "snet-management" {
				mgmt = r.String("addressPrefix")
			}
		}
		if mgmt == "" {
			t.Fatal("prod plans no management subnet")
		}
		p, _ := mutateRCG(t, prod, func(rcg map[string]any) {
			eachRule(rcg, func(r map[string]any) bool { return !mentions(r, `"`+mgmt+`"`) })
		})
		rep := egress.Check(p)
		for _, id := range []string{"EGR-REQ-MGMT-ENTRA", "EGR-REQ-MGMT-ARM", "EGR-REQ-MGMT-PKG-AZCLI", "EGR-REQ-MGMT-GIT-GITHUB.COM"} {
			wantRuleID(t, rep, id)
		}
	})

	t.Run("no GPU driver hosts (finding 7)", func(t *testing.T) {
		p, _ := mutateRCG(t, prod, func(rcg map[string]any) {
			eachRule(rcg, func(r map[string]any) bool { return !mentions(r, "nvidia") && !mentions(r, "download.docker.com") })
		})
		rep := egress.Check(p)
		wantRuleID(t, rep, "EGR-REQ-GPU-NVIDIA-GITHUB")
		wantRuleID(t, rep, "EGR-REQ-GPU-DOCKER")
	})

	t.Run("no Flux data plane endpoint (finding 7)", func(t *testing.T) {
		p, _ := mutateRCG(t, prod, func(rcg map[string]any) {
			eachRule(rcg, func(r map[string]any) bool { return !mentions(r, "dp.kubernetesconfiguration.azure.com") })
		})
		wantRuleID(t, egress.Check(p), "EGR-REQ-FLUX-DP")
	})

	t.Run("AzureCloud.westeurope network rules on a private cluster (finding 8)", func(t *testing.T) {
		// The old code planned three network rules to AzureCloud.<region>
		// (UDP 1194, TCP 9000, TCP 443) from the spokes; add them back as a
		// network collection with the node rule's sources.
		p, urn := mutateRCG(t, prod, func(rcg map[string]any) {
			var src any
			eachRule(rcg, func(r map[string]any) bool {
				if src == nil && mentions(r, "AzureKubernetesService") {
					src = r["sourceAddresses"]
				}
				return true
			})
			if src == nil {
				t.Fatal("no rule with the AzureKubernetesService tag to take node sources from")
			}
			rule := func(name, proto, port string) map[string]any {
				return map[string]any{"name": name, "ruleType": "NetworkRule", "ipProtocols": []any{proto}, "destinationPorts": []any{port},
					"destinationAddresses": []any{"AzureCloud.westeurope"}, "sourceAddresses": src}
			}
			colls, _ := rcg["ruleCollections"].([]any)
			rcg["ruleCollections"] = append(colls, map[string]any{
				"name": "aks-network-azurecloud", "priority": 150, "ruleCollectionType": "FirewallPolicyFilterRuleCollection",
				"action": map[string]any{"type": "Allow"},
				"rules":  []any{rule("aks-tunnel-udp-1194", "UDP", "1194"), rule("aks-tunnel-tcp-9000", "TCP", "9000"), rule("aks-apiserver-tcp-443", "TCP", "443")},
			})
		})
		rep := egress.Check(p)
		wantFinding(t, rep, "EGR-FORBID", urn, "ruleCollections[")
		for _, id := range []string{"EGR-FORBID-AZURECLOUD-UDP-1194-WESTEUROPE", "EGR-FORBID-AZURECLOUD-TCP-9000-WESTEUROPE", "EGR-FORBID-AZURECLOUD-TCP-443-WESTEUROPE"} {
			found := false
			for _, f := range rep.Findings {
				if f.Rule == "EGR-FORBID" && strings.Contains(f.Message, id) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s is not reported:%s", id, egressFailures(rep))
			}
		}
	})

	t.Run("rule sources are whole spoke address spaces (finding 8)", func(t *testing.T) {
		var spokes []any
		for _, r := range prod {
			if strings.HasSuffix(r.Type, ":VirtualNetwork") && strings.Contains(r.Name, "spoke") {
				for _, a := range strs(r, "addressSpace.addressPrefixes") {
					spokes = append(spokes, a)
				}
			}
		}
		p, urn := mutateRCG(t, prod, func(rcg map[string]any) {
			eachRule(rcg, func(r map[string]any) bool {
				if mentions(r, "mcr.microsoft.com") || mentions(r, "AzureKubernetesService") {
					r["sourceAddresses"] = spokes
					delete(r, "sourceIpGroups")
					// Isolate this defect from finding 1: give the rule a
					// protocol Azure accepts, so it matches traffic.
					if r["ruleType"] == "ApplicationRule" {
						r["protocols"] = []any{map[string]any{"protocolType": "Https", "port": 443}}
					}
				}
				return true
			})
		})
		wantFinding(t, egress.Check(p), "EGR-WIDE", urn, "ruleCollections[")
	})
}

func wantRuleID(t *testing.T, rep egress.Report, id string) {
	t.Helper()
	for _, f := range rep.Findings {
		if f.Rule == id && f.Resource != "" {
			return
		}
	}
	t.Errorf("want a finding %s naming a resource, got:%s", id, egressFailures(rep))
}
