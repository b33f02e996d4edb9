package egress

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/privateaks/privateaks/internal/verify"
)

// Kind says whether a flow must be allowed or must be denied.
type Kind string

const (
	Required  Kind = "Required"
	Forbidden Kind = "Forbidden"
)

// Status of one flow from one subnet.
const (
	StatusOK         = "ok"
	StatusFail       = "fail"
	StatusUnverified = "unverified" // the subnet's next hop is an appliance outside this plan
)

// FlowResult is one row of the egress matrix: one flow from one subnet.
type FlowResult struct {
	ID          string `json:"id"`
	Description string `json:"description"`
	Kind        Kind   `json:"kind"`
	Subnet      string `json:"subnet"`
	SubnetCIDR  string `json:"subnetCidr"`
	SubnetURN   string `json:"subnetUrn"`
	// Role is the subnet's role as the model derived it: node,
	// management or other.
	Role        string `json:"role"`
	Destination string `json:"destination"`
	// Protocol is "Https:443" for application traffic, "TCP:22" or
	// "UDP:53" for network traffic.
	Protocol string `json:"protocol"`
	Allowed  bool   `json:"allowed"`
	// Matched is "group/collection/rule", "default deny", "not via
	// firewall", "private endpoint <name>" or why it was not evaluated.
	Matched string `json:"matched"`
	Status  string `json:"status"`
	Source  string `json:"source"`
}

// Report is the egress model's answer for a plan.
type Report struct {
	Flows    []FlowResult     `json:"flows"`
	Findings []verify.Finding `json:"findings"`
	// Notes are what the model could not verify in this plan (e.g. rule
	// sources that are spokes planned elsewhere), for the reader.
	Notes []string `json:"notes,omitempty"`
}

// Failed reports whether any flow failed or any finding was raised.
func (r Report) Failed() bool {
	if len(r.Findings) > 0 {
		return true
	}
	for _, f := range r.Flows {
		if f.Status == StatusFail {
			return true
		}
	}
	return false
}

// Check evaluates the planned firewall policies against the required and
// forbidden flows of the planned subnets.
func Check(p verify.Plan) Report {
	var rep Report
	seen := map[string]bool{}
	add := func(f verify.Finding) {
		k := f.Rule + "\x00" + f.Resource + "\x00" + f.Path + "\x00" + f.Message
		if !seen[k] {
			seen[k] = true
			rep.Findings = append(rep.Findings, f)
		}
	}
	pols := readPolicies(p, add)
	t := readTopology(p, pols)

	privateEndpoints := map[string]string{}
	for _, r := range byType(p, "network", "PrivateEndpoint") {
		for _, c := range arrAt(inputs(r), "privateLinkServiceConnections") {
			if id := strings.ToLower(strAt(c, "privateLinkServiceId")); id != "" {
				privateEndpoints[id] = r.Name
			}
		}
	}

	// Required flows: per cluster from its node subnets, and from every
	// management subnet.
	var needs []need
	var allHosts []gitHost
	regions, privateRegions := map[string]bool{}, map[string]bool{}
	publicRegions := map[string]bool{}
	for _, c := range t.clusters {
		for _, id := range c.unplannedSubnets {
			if id == "" {
				id = "(none: AKS would create its own VNet)"
			}
			rep.Notes = append(rep.Notes, fmt.Sprintf("cluster %s: a node pool's subnet %s is not planned here; its egress is not evaluated", c.res.Name, id))
		}
		c.monitorPE = monitorPrivateEndpoint(p, c)
		needs = append(needs, nodeFlows(c, privateEndpoints)...)
		for _, h := range c.gitHosts {
			allHosts = appendHost(allHosts, h)
		}
		if c.location != "" {
			regions[c.location] = true
			if c.private {
				privateRegions[c.location] = true
			} else {
				publicRegions[c.location] = true
			}
		}
	}
	for reg := range publicRegions {
		delete(privateRegions, reg)
	}
	for _, pol := range pols {
		if pol.location != "" {
			regions[pol.location] = true
		}
	}
	sort.Slice(allHosts, func(i, j int) bool {
		return allHosts[i].host+fmt.Sprint(allHosts[i].ssh) < allHosts[j].host+fmt.Sprint(allHosts[j].ssh)
	})
	var mgmt []*subnet
	for _, s := range t.subnets {
		if s.role == roleManagement {
			mgmt = append(mgmt, s)
		}
	}
	if len(mgmt) > 0 {
		for _, f := range managementFlows(allHosts) {
			needs = append(needs, need{flowSpec: f, from: mgmt})
		}
		// Operators push images to every planned registry. Through a
		// private endpoint the traffic stays on the peerings; the model does
		// not check the peering or the private DNS zone link.
		for _, reg := range byType(p, "containerregistry", "Registry") {
			for _, f := range registryFlows(reg, "management", "operators pushing images to") {
				needs = append(needs, need{flowSpec: f, from: mgmt, viaPrivateEndpoint: privateEndpoints[strings.ToLower(reg.ID)]})
			}
		}
	}
	// Runners and jump boxes: what the scale sets' instances need (Entra ID
	// login, the CI service their cloud-init registers with), from the
	// subnets their NICs are in.
	needs = append(needs, scaleSetNeeds(t.scaleSets, &rep)...)

	// Which classes of subnet need each destination: allowing it to any
	// other routed subnet is wider than needed.
	audience := map[string]map[string]bool{}
	for _, n := range needs {
		if audience[n.key()] == nil {
			audience[n.key()] = map[string]bool{}
		}
		audience[n.key()][n.class] = true
	}

	for _, n := range needs {
		for _, s := range n.from {
			rep.Flows = append(rep.Flows, t.required(n, s, add))
		}
	}
	var routed []*subnet
	for _, s := range t.subnets {
		if s.fw != nil && s.role != roleReserved {
			routed = append(routed, s)
		}
	}
	for _, f := range forbiddenFlows(slices.Sorted(maps.Keys(regions)), privateRegions) {
		for _, s := range routed {
			rep.Flows = append(rep.Flows, t.forbidden(f, s, add))
		}
	}
	// Wider than needed: a required destination allowed from a routed
	// subnet of a class that does not need it. One finding per rule source
	// and subnet, listing the flows it lets through.
	type wideKey struct{ urn, path, subnet string }
	wide := map[wideKey][]string{}
	wideMsg := map[wideKey]string{}
	var wideOrder []wideKey
	for _, n := range needs {
		if n.viaPrivateEndpoint != "" {
			continue
		}
		for _, s := range routed {
			if audience[n.key()][classOf(s)] {
				continue
			}
			v := s.fw.evaluateFrom(s, n.flowSpec)
			if !v.Allowed || v.rule == nil {
				continue
			}
			k := wideKey{v.Group.res.URN, sourcePath(v.rule, s), s.res.URN}
			if _, ok := wide[k]; !ok {
				wideOrder = append(wideOrder, k)
				wideMsg[k] = fmt.Sprintf("rule %s allows %s subnet %s (%s), which needs none of them, to reach", v.Match, classOf(s), s.name, s.cidr())
			}
			item := fmt.Sprintf("%s %s (%s; needed by %s subnets)", n.destination(), n.protoPort(), n.id, strings.Join(slices.Sorted(maps.Keys(audience[n.key()])), " and "))
			if !containsStr(wide[k], item) {
				wide[k] = append(wide[k], item)
			}
		}
	}
	for _, k := range wideOrder {
		add(verify.Finding{Model: "egress", Rule: "EGR-WIDE", Resource: k.urn, Path: k.path,
			Message: wideMsg[k] + " " + strings.Join(wide[k], ", ") + "; sources should be only the subnets that need each flow",
			Source:  aksDoc + "; wider-than-needed rule: a destination is needed only by the subnet classes (node, management) whose required flows list it"})
	}
	t.checkSources(pols, add, &rep)

	sort.SliceStable(rep.Flows, func(i, j int) bool {
		a, b := rep.Flows[i], rep.Flows[j]
		if a.Kind != b.Kind {
			return a.Kind == Required
		}
		if a.ID != b.ID {
			return a.ID < b.ID
		}
		return a.SubnetURN < b.SubnetURN
	})
	verify.Sort(rep.Findings)
	sort.Strings(rep.Notes)
	return rep
}

func classOf(s *subnet) string {
	switch s.role {
	case roleNode:
		return "node"
	case roleManagement:
		return "management"
	}
	return "other"
}

func (fw *firewall) evaluateFrom(s *subnet, f flowSpec) verdict {
	sp, ok := s.span()
	if !ok || fw.policy == nil {
		return verdict{Match: "no firewall policy"}
	}
	return fw.policy.evaluate(packet{Source: sp, Dest: f.dest, Protocol: f.protocol, Port: f.port, App: f.app})
}

func row(f flowSpec, kind Kind, s *subnet) FlowResult {
	return FlowResult{ID: f.id, Description: f.description, Kind: kind, Subnet: s.name, SubnetCIDR: s.cidr(), SubnetURN: s.res.URN,
		Role: classOf(s), Destination: f.destination(), Protocol: f.protoPort(), Source: f.source}
}

func (t *topology) required(n need, s *subnet, add func(verify.Finding)) FlowResult {
	r := row(n.flowSpec, Required, s)
	switch {
	case n.viaPrivateEndpoint != "":
		r.Allowed, r.Matched, r.Status = true, "private endpoint "+n.viaPrivateEndpoint, StatusOK
		return r
	case s.fw == nil && s.nextHop != "":
		r.Matched, r.Status = "next hop "+s.nextHop+" is not a firewall in this plan", StatusUnverified
		return r
	case s.fw == nil:
		r.Matched, r.Status = "not via firewall", StatusFail
		add(verify.Finding{Model: "egress", Rule: n.id, Resource: s.res.URN, Path: "routeTable",
			Message: fmt.Sprintf("%s subnet %s (%s) has no 0.0.0.0/0 route to a planned firewall's private IP (VirtualAppliance next hop), so %s %s (%s) does not go through the firewall", classOf(s), s.name, s.cidr(), n.destination(), n.protoPort(), n.description),
			Source:  n.source + "; azure-docs articles/virtual-network/virtual-networks-udr-overview.md"})
		return r
	}
	v := s.fw.evaluateFrom(s, n.flowSpec)
	r.Allowed, r.Matched = v.Allowed, v.Match
	if v.Allowed {
		r.Status = StatusOK
		return r
	}
	r.Status = StatusFail
	res, path := s.fw.res.URN, "firewallPolicy"
	if v.Group != nil {
		res, path = v.Group.res.URN, v.Path
	} else if s.fw.policy != nil && len(s.fw.policy.groups) > 0 {
		res, path = s.fw.policy.groups[0].res.URN, "ruleCollections"
	} else if s.fw.policy != nil {
		res, path = s.fw.policy.res.URN, ""
	}
	add(verify.Finding{Model: "egress", Rule: n.id, Resource: res, Path: path,
		Message: fmt.Sprintf("%s %s (%s) from %s subnet %s (%s) is denied (%s); it must be allowed", n.destination(), n.protoPort(), n.description, classOf(s), s.name, s.cidr(), v.Match),
		Source:  n.source})
	return r
}

func (t *topology) forbidden(f flowSpec, s *subnet, add func(verify.Finding)) FlowResult {
	r := row(f, Forbidden, s)
	v := s.fw.evaluateFrom(s, f)
	r.Allowed, r.Matched = v.Allowed, v.Match
	if !v.Allowed {
		r.Status = StatusOK
		return r
	}
	r.Status = StatusFail
	add(verify.Finding{Model: "egress", Rule: "EGR-FORBID", Resource: v.Group.res.URN, Path: v.Path,
		Message: fmt.Sprintf("rule %s allows %s %s (%s, %s) from %s subnet %s (%s); it must be denied", v.Match, f.destination(), f.protoPort(), f.id, f.description, classOf(s), s.name, s.cidr()),
		Source:  f.source})
	return r
}

// sourcePath is the path of the source entry of rule r that covers subnet s.
func sourcePath(r *ruleBase, s *subnet) string {
	sp, _ := s.span()
	for _, e := range r.sourceEntries {
		if e.span.lo <= sp.lo && sp.hi <= e.span.hi {
			return e.path
		}
	}
	return r.path + ".sourceAddresses"
}

// checkSources flags Allow rules whose sources reach beyond the planned
// network: "*", public ranges, or private ranges that overlap a planned VNet
// and extend past it. A private range disjoint from every planned VNet is a
// spoke planned in another stack (peered to this hub); it is noted, not
// failed, since this plan cannot see it.
func (t *topology) checkSources(pols map[string]*policy, add func(verify.Finding), rep *Report) {
	var keys []string
	for k := range pols {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, g := range pols[k].groups {
			if g.depth != 0 {
				continue // reported on the parent policy itself
			}
			for _, c := range g.colls {
				if !strings.EqualFold(c.action, "Allow") {
					continue
				}
				var rules []*ruleBase
				for _, r := range c.network {
					rules = append(rules, &r.ruleBase)
				}
				for _, r := range c.app {
					rules = append(rules, &r.ruleBase)
				}
				for _, r := range rules {
					for _, e := range r.sourceEntries {
						outside := t.vnets.minus(e.span)
						if len(outside) == 0 {
							continue
						}
						disjoint := len(outside) == 1 && outside[0] == e.span
						if disjoint && privateSpans.covers(e.span) {
							rep.Notes = append(rep.Notes, fmt.Sprintf("%s %s: source %s is outside every planned VNet; taken to be a spoke planned elsewhere and not verified here", r.label(), e.path, e.text))
							continue
						}
						var parts []string
						for _, o := range outside {
							parts = append(parts, o.String())
						}
						add(verify.Finding{Model: "egress", Rule: "EGR-FORBID", Resource: g.res.URN, Path: e.path,
							Message: fmt.Sprintf("rule %s source %q admits addresses outside every planned subnet and spoke (%s); allow only the planned subnets that need the flow", r.label(), e.text, strings.Join(parts, ", ")),
							Source:  "default deny (MicrosoftDocs/azure-docs articles/firewall/rule-processing.md): traffic from sources no rule needs stays denied"})
					}
				}
			}
		}
	}
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
