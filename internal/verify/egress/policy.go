package egress

import (
	"fmt"
	"sort"
	"strings"

	"github.com/privateaks/privateaks/internal/mockengine"
	"github.com/privateaks/privateaks/internal/verify"
)

// policy is one planned firewall policy with its rule collection groups,
// read from the recorded inputs.
type policy struct {
	res      *mockengine.Resource
	location string
	// groups in processing order: parent policy groups first
	// (rule-processing.md: "Rule Collection Groups in the parent policy
	// always takes precedence regardless of the priority of a child
	// policy"), then by group priority, lowest number first.
	groups []*group
}

type group struct {
	res      *mockengine.Resource
	name     string
	priority int
	depth    int // 0 for the parent-most policy
	colls    []*collection
}

type collection struct {
	group    *group
	path     string // "ruleCollections[1]"
	name     string
	priority int
	action   string // "Allow" or "Deny"
	network  []*netRule
	app      []*appRule
}

// ruleBase is what both rule kinds share.
type ruleBase struct {
	coll    *collection
	path    string // "ruleCollections[1].rules[0]"
	name    string
	sources spanSet
	// sourceEntries keeps each sourceAddresses entry with its path, for
	// findings about over-wide sources.
	sourceEntries []sourceEntry
}

type sourceEntry struct {
	path string
	span span
	text string
}

type netRule struct {
	ruleBase
	protocols []string
	dests     []span   // address destinations
	tags      []string // service tag destinations
	fqdns     []string
	ports     []portRange
}

type appRule struct {
	ruleBase
	fqdns     []string
	fqdnTags  []string
	protocols []appProto
}

type appProto struct {
	typ  string
	port int
}

// label is "group/collection/rule", the matched-rule form of the report.
func (r *ruleBase) label() string {
	return r.coll.group.name + "/" + r.coll.name + "/" + r.name
}

// readPolicies reads every planned FirewallPolicy and its groups. Malformed
// inputs become findings on their input path and the offending element
// matches nothing, as Azure would reject the resource and no traffic would
// pass through it.
func readPolicies(p verify.Plan, add func(verify.Finding)) map[string]*policy {
	pols := map[string]*policy{}
	ipGroup := func(id string) ([]string, bool) {
		g := p.ByID(id)
		if g == nil || !isType(g, "network", "IpGroup") {
			return nil, false
		}
		return strsAt(inputs(g), "ipAddresses"), true
	}
	for _, r := range byType(p, "network", "FirewallPolicy") {
		pols[strings.ToLower(r.ID)] = &policy{res: r, location: strings.ToLower(strAt(inputs(r), "location"))}
	}
	for _, r := range byType(p, "network", "FirewallPolicyRuleCollectionGroup") {
		// The group's ID sits below its policy's:
		// .../firewallPolicies/<p>/ruleCollectionGroups/<g>.
		pol := pols[strings.ToLower(parentID(r.ID, 1))]
		if pol == nil {
			add(verify.Finding{Model: "egress", Rule: "EGR-MALFORMED", Resource: r.URN, Path: "firewallPolicyName",
				Message: fmt.Sprintf("rule collection group %q belongs to no planned firewall policy (ID %s), so none of its rules is evaluated", r.Name, r.ID),
				Source:  "MicrosoftDocs/azure-docs articles/firewall/policy-rule-sets.md"})
			continue
		}
		pol.groups = append(pol.groups, readGroup(r, boolAt(inputs(pol.res), "dnsSettings.enableProxy"), ipGroup, add))
	}
	// Inheritance: a policy with basePolicy.id processes its ancestors'
	// groups first, the farthest ancestor's first.
	own := map[*policy][]*group{}
	for _, pol := range pols {
		own[pol] = pol.groups
	}
	for _, pol := range pols {
		seen := map[*policy]bool{pol: true}
		depth := 0
		for base := pol; ; {
			next := pols[strings.ToLower(strAt(inputs(base.res), "basePolicy.id"))]
			if next == nil || seen[next] {
				break
			}
			seen[next] = true
			depth++
			for _, g := range own[next] {
				cp := *g
				cp.depth = -depth
				pol.groups = append(pol.groups, &cp)
			}
			base = next
		}
		sort.SliceStable(pol.groups, func(i, j int) bool {
			a, b := pol.groups[i], pol.groups[j]
			if a.depth != b.depth {
				return a.depth < b.depth
			}
			if a.priority != b.priority {
				return a.priority < b.priority
			}
			return a.name < b.name
		})
	}
	return pols
}

func readGroup(r *mockengine.Resource, dnsProxy bool, ipGroup func(id string) ([]string, bool), add func(verify.Finding)) *group {
	in := inputs(r)
	g := &group{res: r, name: strAt(in, "ruleCollectionGroupName")}
	if g.name == "" {
		g.name = r.Name
	}
	prio, _ := numAt(in, "priority")
	g.priority = int(prio)
	src := "MicrosoftDocs/azure-docs articles/firewall/policy-rule-sets.md; articles/firewall/rule-processing.md; articles/firewall/fqdn-filtering-network-rules.md"
	bad := func(path, msg string) {
		add(verify.Finding{Model: "egress", Rule: "EGR-MALFORMED", Resource: r.URN, Path: path, Message: msg, Source: src})
	}
	for ci, cv := range arrAt(in, "ruleCollections") {
		cpath := fmt.Sprintf("ruleCollections[%d]", ci)
		c := &collection{group: g, path: cpath, name: strAt(cv, "name"), action: strAt(cv, "action.type")}
		p, _ := numAt(cv, "priority")
		c.priority = int(p)
		switch typ := strAt(cv, "ruleCollectionType"); typ {
		case "FirewallPolicyFilterRuleCollection":
		case "FirewallPolicyNatRuleCollection":
			// DNAT is inbound only (rule-processing.md, "Inbound
			// connectivity"); it plays no part in egress.
			continue
		default:
			bad(cpath+".ruleCollectionType", fmt.Sprintf("collection %q has ruleCollectionType %q; want FirewallPolicyFilterRuleCollection or FirewallPolicyNatRuleCollection; its rules match nothing", c.name, typ))
			continue
		}
		if !strings.EqualFold(c.action, "Allow") && !strings.EqualFold(c.action, "Deny") {
			bad(cpath+".action.type", fmt.Sprintf("collection %q has action %q; want Allow or Deny; its rules match nothing", c.name, c.action))
			continue
		}
		for ri, rv := range arrAt(cv, "rules") {
			rpath := fmt.Sprintf("%s.rules[%d]", cpath, ri)
			base := ruleBase{coll: c, path: rpath, name: strAt(rv, "name")}
			readSources(&base, rv, ipGroup, bad)
			switch rt := strAt(rv, "ruleType"); rt {
			case "NetworkRule":
				if nr := readNetRule(base, rv, dnsProxy, bad); nr != nil {
					c.network = append(c.network, nr)
				}
			case "ApplicationRule":
				if ar := readAppRule(base, rv, bad); ar != nil {
					c.app = append(c.app, ar)
				}
			default:
				bad(rpath+".ruleType", fmt.Sprintf("rule %q has ruleType %q; a filter collection takes NetworkRule or ApplicationRule; it matches nothing", base.name, rt))
			}
		}
		g.colls = append(g.colls, c)
	}
	sort.SliceStable(g.colls, func(i, j int) bool { return g.colls[i].priority < g.colls[j].priority })
	return g
}

func readSources(b *ruleBase, v propertyValue, ipGroup func(id string) ([]string, bool), bad func(path, msg string)) {
	for i, s := range strsAt(v, "sourceAddresses") {
		path := fmt.Sprintf("%s.sourceAddresses[%d]", b.path, i)
		sp, ok := parseSpan(s)
		if !ok {
			bad(path, fmt.Sprintf("rule %q source %q is not an IPv4 address, CIDR, range or *; it matches no source", b.name, s))
			continue
		}
		b.sources = b.sources.add(sp)
		b.sourceEntries = append(b.sourceEntries, sourceEntry{path: path, span: sp, text: s})
	}
	// sourceIpGroups name IpGroups resources whose ipAddresses count as
	// sources (ip-groups.md); a reference to no planned group matches nothing.
	for i, id := range strsAt(v, "sourceIpGroups") {
		path := fmt.Sprintf("%s.sourceIpGroups[%d]", b.path, i)
		addrs, ok := ipGroup(id)
		if !ok {
			bad(path, fmt.Sprintf("rule %q source IP group %q is not a planned IpGroups resource; it matches no source", b.name, id))
			continue
		}
		for _, a := range addrs {
			if sp, ok := parseSpan(a); ok {
				b.sources = b.sources.add(sp)
				b.sourceEntries = append(b.sourceEntries, sourceEntry{path: path, span: sp, text: a})
			}
		}
	}
}

func readNetRule(b ruleBase, v propertyValue, dnsProxy bool, bad func(path, msg string)) *netRule {
	nr := &netRule{ruleBase: b}
	// fqdn-filtering-network-rules.md: "You must enable DNS Proxy to use
	// FQDNs in your network rules" and "FQDN filtering in network rules
	// doesn't support wildcards". Either way the name matches nothing.
	for i, f := range strsAt(v, "destinationFqdns") {
		path := fmt.Sprintf("%s.destinationFqdns[%d]", b.path, i)
		switch {
		case strings.Contains(f, "*"):
			bad(path, fmt.Sprintf("network rule %q destination FQDN %q has a wildcard, which network rules do not support; use an application rule", b.name, f))
		case !dnsProxy:
			bad(path, fmt.Sprintf("network rule %q destination FQDN %q needs the policy's DNS proxy (dnsSettings.enableProxy true); without it the name matches nothing", b.name, f))
		default:
			nr.fqdns = append(nr.fqdns, f)
		}
	}
	for i, p := range strsAt(v, "ipProtocols") {
		if !ipProtocols[strings.ToUpper(p)] {
			bad(fmt.Sprintf("%s.ipProtocols[%d]", b.path, i), fmt.Sprintf("rule %q protocol %q; want TCP, UDP, ICMP or Any", b.name, p))
			continue
		}
		nr.protocols = append(nr.protocols, p)
	}
	for i, d := range strsAt(v, "destinationAddresses") {
		if sp, ok := parseSpan(d); ok {
			nr.dests = append(nr.dests, sp)
			continue
		}
		if looksLikeAddress(d) {
			bad(fmt.Sprintf("%s.destinationAddresses[%d]", b.path, i), fmt.Sprintf("rule %q destination %q is not an IPv4 address, CIDR, range, * or service tag", b.name, d))
			continue
		}
		nr.tags = append(nr.tags, d)
	}
	for i, p := range strsAt(v, "destinationPorts") {
		pr, ok := parsePorts(p)
		if !ok {
			bad(fmt.Sprintf("%s.destinationPorts[%d]", b.path, i), fmt.Sprintf("rule %q port %q; want 1-65535, a range a-b or *", b.name, p))
			continue
		}
		nr.ports = append(nr.ports, pr)
	}
	return nr
}

func readAppRule(b ruleBase, v propertyValue, bad func(path, msg string)) *appRule {
	ar := &appRule{ruleBase: b, fqdns: strsAt(v, "targetFqdns"), fqdnTags: strsAt(v, "fqdnTags")}
	for i, pv := range arrAt(v, "protocols") {
		path := fmt.Sprintf("%s.protocols[%d]", b.path, i)
		typ := appProtocols[strings.ToLower(strAt(pv, "protocolType"))]
		port, _ := numAt(pv, "port")
		// An empty type or port 0 is what Azure rejects (firewallPolicy.json,
		// 2024-05-01: protocolType is Http|Https|Mssql; the port "cannot be
		// greater than 64000" and 0 is no TCP port); it matches no traffic.
		if typ == "" {
			bad(path+".protocolType", fmt.Sprintf("application rule %q protocol type %q; want Http, Https or Mssql; this protocol entry matches no traffic", b.name, strAt(pv, "protocolType")))
			continue
		}
		if port < 1 || port > 64000 || port != float64(int(port)) {
			bad(path+".port", fmt.Sprintf("application rule %q %s port %v; want 1-64000; this protocol entry matches no traffic", b.name, typ, port))
			continue
		}
		ar.protocols = append(ar.protocols, appProto{typ: typ, port: int(port)})
	}
	return ar
}
