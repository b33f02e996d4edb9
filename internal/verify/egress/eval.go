package egress

import (
	"net/netip"
	"strings"
)

// destination is where a flow goes: a name (what an application rule sees in
// SNI or Host), an address if one is fixed, and the service tags the address
// belongs to. Tags are symbolic: the model has no tag-to-prefix table, so a
// flow lists the tags its destination is documented to be in, and a rule
// naming one of them matches. A destination without an address is a public
// host whose address is unknown: only a rule for every address (* or
// 0.0.0.0/0) or for one of its tags matches it.
type destination struct {
	FQDN string
	IP   string
	Tags []string
}

func (d destination) String() string {
	switch {
	case d.FQDN != "":
		return d.FQDN
	case d.IP != "":
		return d.IP
	case len(d.Tags) > 0:
		return "any address in " + d.Tags[0]
	}
	return "?"
}

// packet is what the evaluator decides on: one connection from a source
// range to a destination.
type packet struct {
	Source span
	Dest   destination
	// Protocol is the IP protocol: TCP, UDP or ICMP.
	Protocol string
	Port     int
	// App is the application protocol (Http, Https, Mssql) when the
	// connection carries one; only then can application rules match
	// (rule-processing.md: application rules are evaluated "if the protocol
	// is HTTP, HTTPS, or MSSQL").
	App string
}

// verdict is the evaluator's answer.
type verdict struct {
	Allowed bool
	// Match is "group/collection/rule", or "default deny".
	Match string
	// Path is the matched rule's input path; Group its resource.
	Path  string
	Group *group
	rule  *ruleBase
}

const defaultDeny = "default deny"

// evaluate runs one packet through the policy: every network rule in
// processing order, then, if none matched and the packet carries HTTP(S) or
// MSSQL, every application rule in the same order; the first match decides
// (rule-processing.md, "Network rules and applications rules": "The rules are
// terminating"); no match is denied.
func (p *policy) evaluate(pk packet) verdict {
	for _, g := range p.groups {
		for _, c := range g.colls {
			for _, r := range c.network {
				if r.matches(pk) {
					return verdictOf(&r.ruleBase)
				}
			}
		}
	}
	if pk.App != "" && pk.Dest.FQDN != "" {
		for _, g := range p.groups {
			for _, c := range g.colls {
				for _, r := range c.app {
					if r.matches(pk, p.location) {
						return verdictOf(&r.ruleBase)
					}
				}
			}
		}
	}
	return verdict{Match: defaultDeny}
}

func verdictOf(r *ruleBase) verdict {
	return verdict{Allowed: strings.EqualFold(r.coll.action, "Allow"), Match: r.label(), Path: r.path, Group: r.coll.group, rule: r}
}

func (r *netRule) matches(pk packet) bool {
	if !r.sources.covers(pk.Source) {
		return false
	}
	proto := false
	for _, p := range r.protocols {
		if ipProtocolMatches(p, pk.Protocol) {
			proto = true
			break
		}
	}
	if !proto {
		return false
	}
	// ICMP has no ports; a rule naming ICMP matches it whatever its ports.
	if !strings.EqualFold(pk.Protocol, "ICMP") {
		port := false
		for _, pr := range r.ports {
			if pr.has(pk.Port) {
				port = true
				break
			}
		}
		if !port {
			return false
		}
	}
	return r.destMatches(pk.Dest)
}

func (r *netRule) destMatches(d destination) bool {
	var ip netip.Addr
	if d.IP != "" {
		ip, _ = netip.ParseAddr(d.IP)
	}
	for _, sp := range r.dests {
		if ip.IsValid() && ip.Is4() {
			if v := u32(ip); sp.lo <= v && v <= sp.hi {
				return true
			}
		} else if sp == allIPv4 {
			return true
		}
	}
	for _, t := range r.tags {
		for _, dt := range d.Tags {
			if strings.EqualFold(t, dt) {
				return true
			}
		}
	}
	// Network rule FQDNs are resolved by the firewall's DNS and matched by
	// address (fqdn-filtering-network-rules.md); the model matches the name,
	// exactly: network rules take no wildcards.
	if d.FQDN != "" {
		for _, f := range r.fqdns {
			if strings.EqualFold(strings.TrimSuffix(f, "."), strings.TrimSuffix(d.FQDN, ".")) {
				return true
			}
		}
	}
	return false
}

func (r *appRule) matches(pk packet, location string) bool {
	if !r.sources.covers(pk.Source) {
		return false
	}
	proto := false
	for _, p := range r.protocols {
		if p.typ == pk.App && p.port == pk.Port {
			proto = true
			break
		}
	}
	if !proto {
		return false
	}
	for _, f := range r.fqdns {
		if fqdnMatches(f, pk.Dest.FQDN) {
			return true
		}
	}
	// fqdn-tags.md: "When you select FQDN Tag in an application rule, the
	// protocol:port field must be set to https"; tags match HTTPS only.
	if pk.App != "Https" {
		return false
	}
	for _, t := range r.fqdnTags {
		for _, f := range fqdnTagMembers(t, location) {
			if fqdnMatches(f, pk.Dest.FQDN) {
				return true
			}
		}
	}
	return false
}
