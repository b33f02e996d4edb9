package egress

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/privateaks/privateaks/internal/verify"
)

// policyWith plans only a policy and the given groups ({priority,
// collections}) and returns the parsed policy and the findings.
func policyWith(t *testing.T, groups ...map[string]any) (*policy, []verify.Finding) {
	t.Helper()
	p := &fakePlan{}
	p.add("azure-native:network/v20240501:FirewallPolicy", "fwpolicy", policyID, map[string]any{"location": "westeurope"}, nil)
	for i, g := range groups {
		name := "g" + itoa(i)
		g["ruleCollectionGroupName"] = name
		p.add("azure-native:network/v20240501:FirewallPolicyRuleCollectionGroup", name, policyID+"/ruleCollectionGroups/"+name, g, nil)
	}
	var fs []verify.Finding
	pols := readPolicies(p, func(f verify.Finding) { fs = append(fs, f) })
	return pols[lower(policyID)], fs
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func src(cidr string) span { return prefixSpan(netip.MustParsePrefix(cidr)) }

func httpsTo(fqdn string) packet {
	return packet{Source: src("10.1.0.0/24"), Dest: destination{FQDN: fqdn, Tags: []string{"Internet"}}, Protocol: "TCP", Port: 443, App: "Https"}
}

func groupIn(prio int, colls ...any) map[string]any {
	return map[string]any{"priority": prio, "ruleCollections": colls}
}

func netCollection(name string, prio int, action string, rules ...any) map[string]any {
	c := appCollection(name, prio, action, rules...)
	return c
}

func TestGroupPriorityDecides(t *testing.T) {
	allow := groupIn(300, appCollection("allow", 100, "Allow", appRuleIn("a", []any{"*"}, []any{"example.com"}, nil, proto("Https", 443))))
	deny := groupIn(200, appCollection("deny", 100, "Deny", appRuleIn("d", []any{"*"}, []any{"example.com"}, nil, proto("Https", 443))))
	pol, _ := policyWith(t, allow, deny)
	if v := pol.evaluate(httpsTo("example.com")); v.Allowed || v.Match != "g1/deny/d" {
		t.Errorf("group 200 Deny before group 300 Allow: got %+v", v)
	}
	allow["priority"], deny["priority"] = 100, 400
	pol, _ = policyWith(t, allow, deny)
	if v := pol.evaluate(httpsTo("example.com")); !v.Allowed || v.Match != "g0/allow/a" {
		t.Errorf("group 100 Allow before group 400 Deny: got %+v", v)
	}
}

func TestCollectionPriorityAndFirstMatch(t *testing.T) {
	g := groupIn(100,
		appCollection("late", 500, "Allow", appRuleIn("late", []any{"*"}, []any{"*.x.com"}, nil, proto("Https", 443))),
		appCollection("early", 100, "Deny", appRuleIn("first", []any{"*"}, []any{"a.x.com"}, nil, proto("Https", 443)), appRuleIn("second", []any{"*"}, []any{"*"}, nil, proto("Https", 443))),
	)
	pol, _ := policyWith(t, g)
	if v := pol.evaluate(httpsTo("a.x.com")); v.Allowed || v.Match != "g0/early/first" {
		t.Errorf("a.x.com: want the first rule of the priority-100 collection, got %+v", v)
	}
	if v := pol.evaluate(httpsTo("b.x.com")); v.Allowed || v.Match != "g0/early/second" {
		t.Errorf("b.x.com: want early/second (first match in order), got %+v", v)
	}
}

func TestNetworkRulesBeforeApplicationRules(t *testing.T) {
	// The application collection has the better priority, but network rules
	// are processed first (rule-processing.md).
	g := groupIn(100,
		appCollection("app", 100, "Allow", appRuleIn("app", []any{"*"}, []any{"example.com"}, nil, proto("Https", 443))),
		netCollection("net", 200, "Deny", netRuleIn("net", []any{"*"}, []any{"*"}, nil, []any{"443"}, []any{"TCP"})),
	)
	pol, _ := policyWith(t, g)
	if v := pol.evaluate(httpsTo("example.com")); v.Allowed || v.Match != "g0/net/net" {
		t.Errorf("want the network Deny to win, got %+v", v)
	}
}

func TestDefaultDeny(t *testing.T) {
	pol, _ := policyWith(t, groupIn(100, appCollection("app", 100, "Allow", appRuleIn("a", []any{"*"}, []any{"a.com"}, nil, proto("Https", 443)))))
	if v := pol.evaluate(httpsTo("b.com")); v.Allowed || v.Match != defaultDeny {
		t.Errorf("want default deny, got %+v", v)
	}
}

func TestWildcardFQDNs(t *testing.T) {
	for _, c := range []struct {
		pattern, fqdn string
		want          bool
	}{
		{"*.x.com", "a.x.com", true},
		{"*.x.com", "a.b.x.com", true},
		{"*.x.com", "x.com", false},
		{"*.x.com", "ax.com", false},
		{"*x.com", "x.com", true},
		{"*", "anything.example", true},
		{"A.X.com", "a.x.COM", true},
		{"x.com", "a.x.com", false},
	} {
		if got := fqdnMatches(c.pattern, c.fqdn); got != c.want {
			t.Errorf("fqdnMatches(%q, %q) = %v, want %v", c.pattern, c.fqdn, got, c.want)
		}
	}
	pol, _ := policyWith(t, groupIn(100, appCollection("app", 100, "Allow", appRuleIn("w", []any{"*"}, []any{"*.x.com"}, nil, proto("Https", 443)))))
	if !pol.evaluate(httpsTo("a.x.com")).Allowed || pol.evaluate(httpsTo("x.com")).Allowed {
		t.Error("*.x.com must allow a.x.com and not x.com")
	}
}

func TestAddressesAndServiceTags(t *testing.T) {
	pol, _ := policyWith(t, groupIn(100, netCollection("net", 100, "Allow",
		netRuleIn("cidr", []any{"10.1.0.0/16"}, []any{"10.9.0.0/16"}, nil, []any{"443"}, []any{"TCP"}),
		netRuleIn("tag", []any{"10.1.0.0/16"}, []any{"AzureCloud"}, nil, []any{"9000"}, []any{"TCP"}),
		netRuleIn("range", []any{"10.1.0.0-10.1.255.255"}, []any{"*"}, nil, []any{"123"}, []any{"UDP"}),
	)))
	pk := func(ip string, tags []string, proto string, port int) packet {
		return packet{Source: src("10.1.0.0/24"), Dest: destination{IP: ip, Tags: tags}, Protocol: proto, Port: port}
	}
	if !pol.evaluate(pk("10.9.3.4", nil, "TCP", 443)).Allowed {
		t.Error("10.9.3.4 is in 10.9.0.0/16")
	}
	if pol.evaluate(pk("10.8.0.1", nil, "TCP", 443)).Allowed {
		t.Error("10.8.0.1 is not in 10.9.0.0/16")
	}
	if !pol.evaluate(pk("", []string{"AzureCloud.westeurope", "AzureCloud"}, "TCP", 9000)).Allowed {
		t.Error("an AzureCloud address must match a rule for the AzureCloud tag")
	}
	if pol.evaluate(pk("", []string{"Internet"}, "TCP", 9000)).Allowed {
		t.Error("an internet address is not in AzureCloud")
	}
	if !pol.evaluate(pk("", []string{"Internet"}, "UDP", 123)).Allowed {
		t.Error("* matches an address the model does not know")
	}
	// A source wider than the rule's is not covered.
	wide := pk("10.9.0.1", nil, "TCP", 443)
	wide.Source = src("10.0.0.0/8")
	if pol.evaluate(wide).Allowed {
		t.Error("a /8 source is not covered by a rule for 10.1.0.0/16")
	}
}

func TestPortsAndProtocols(t *testing.T) {
	pol, _ := policyWith(t, groupIn(100,
		netCollection("net", 100, "Allow",
			netRuleIn("range", []any{"*"}, []any{"*"}, nil, []any{"1000-2000"}, []any{"TCP"}),
			netRuleIn("any", []any{"*"}, []any{"192.0.2.1"}, nil, []any{"*"}, []any{"Any"})),
		appCollection("app", 200, "Allow", appRuleIn("http", []any{"*"}, []any{"a.com"}, nil, proto("Http", 80))),
	))
	pk := func(ip, proto string, port int) packet {
		return packet{Source: src("10.1.0.0/24"), Dest: destination{IP: ip}, Protocol: proto, Port: port}
	}
	if !pol.evaluate(pk("198.51.100.1", "TCP", 1500)).Allowed || pol.evaluate(pk("198.51.100.1", "TCP", 2001)).Allowed {
		t.Error("1000-2000 must hold 1500 and not 2001")
	}
	if pol.evaluate(pk("198.51.100.1", "UDP", 1500)).Allowed {
		t.Error("a TCP rule must not match UDP")
	}
	if !pol.evaluate(pk("192.0.2.1", "UDP", 5)).Allowed {
		t.Error("Any with * must match UDP 5")
	}
	if pol.evaluate(httpsTo("a.com")).Allowed {
		t.Error("an Http:80 application rule must not match Https:443")
	}
	h := httpsTo("a.com")
	h.App, h.Port = "Http", 80
	if !pol.evaluate(h).Allowed {
		t.Error("Http:80 to a.com must match")
	}
}

func TestFQDNTagAzureKubernetesService(t *testing.T) {
	pol, _ := policyWith(t, groupIn(100, appCollection("app", 100, "Allow", appRuleIn("tag", []any{"*"}, nil, []any{"AzureKubernetesService"}, proto("Https", 443)))))
	for _, f := range []string{"mcr.microsoft.com", "westeurope.data.mcr.microsoft.com", "login.microsoftonline.com"} {
		if !pol.evaluate(httpsTo(f)).Allowed {
			t.Errorf("the AKS FQDN tag must cover %s", f)
		}
	}
	h := httpsTo("mcr.microsoft.com")
	h.App, h.Port = "Http", 80
	tagHTTP, _ := policyWith(t, groupIn(100, appCollection("app", 100, "Allow", appRuleIn("tag", []any{"*"}, nil, []any{"AzureKubernetesService"}, proto("Http", 80)))))
	if tagHTTP.evaluate(h).Allowed {
		t.Error("FQDN tags match HTTPS only (fqdn-tags.md)")
	}
	for _, f := range []string{"dc.services.visualstudio.com", "nvidia.github.io", "example.com"} {
		if pol.evaluate(httpsTo(f)).Allowed {
			t.Errorf("the AKS FQDN tag must not cover %s (not in the required table)", f)
		}
	}
}

func TestMalformedProtocolMatchesNothing(t *testing.T) {
	pol, fs := policyWith(t, groupIn(100, appCollection("app", 100, "Allow",
		appRuleIn("broken", []any{"*"}, []any{"mcr.microsoft.com"}, nil, map[string]any{"protocolType": "", "port": 0}))))
	if v := pol.evaluate(httpsTo("mcr.microsoft.com")); v.Allowed {
		t.Errorf("a rule with port 0 and no protocol type must match nothing, got %+v", v)
	}
	want := "ruleCollections[0].rules[0].protocols[0].protocolType"
	if len(fs) != 1 || fs[0].Rule != "EGR-MALFORMED" || fs[0].Path != want || fs[0].Resource == "" {
		t.Fatalf("want one EGR-MALFORMED at %s, got %v", want, fs)
	}
	_, fs = policyWith(t, groupIn(100, appCollection("app", 100, "Allow",
		appRuleIn("port0", []any{"*"}, []any{"mcr.microsoft.com"}, nil, proto("Https", 0)))))
	if len(fs) != 1 || fs[0].Path != "ruleCollections[0].rules[0].protocols[0].port" {
		t.Fatalf("port 0: want EGR-MALFORMED at ...protocols[0].port, got %v", fs)
	}
}

func TestParentPolicyGroupsFirst(t *testing.T) {
	p := &fakePlan{}
	parentID := hubRG + "/providers/Microsoft.Network/firewallPolicies/parent"
	p.add("azure-native:network/v20240501:FirewallPolicy", "parent", parentID, map[string]any{}, nil)
	p.add("azure-native:network/v20240501:FirewallPolicy", "child", policyID, map[string]any{"basePolicy": map[string]any{"id": parentID}}, nil)
	p.add("azure-native:network/v20240501:FirewallPolicyRuleCollectionGroup", "pg", parentID+"/ruleCollectionGroups/pg",
		map[string]any{"ruleCollectionGroupName": "pg", "priority": 65000, "ruleCollections": []any{appCollection("deny", 100, "Deny", appRuleIn("d", []any{"*"}, []any{"*"}, nil, proto("Https", 443)))}}, nil)
	p.add("azure-native:network/v20240501:FirewallPolicyRuleCollectionGroup", "cg", policyID+"/ruleCollectionGroups/cg",
		map[string]any{"ruleCollectionGroupName": "cg", "priority": 100, "ruleCollections": []any{appCollection("allow", 100, "Allow", appRuleIn("a", []any{"*"}, []any{"*"}, nil, proto("Https", 443)))}}, nil)
	pols := readPolicies(p, func(verify.Finding) {})
	if v := pols[lower(policyID)].evaluate(httpsTo("a.com")); v.Allowed || v.Match != "pg/deny/d" {
		t.Errorf("the parent policy's group must win whatever its priority, got %+v", v)
	}
}

func TestGPUSizes(t *testing.T) {
	for size, want := range map[string]bool{"Standard_NC4as_T4_v3": true, "Standard_ND96isr_H100_v5": true, "Standard_NV36ads_A10_v5": true,
		"Standard_NG8ads_V620_v1": true, "Standard_D4ds_v5": false, "Standard_NP10s": false, "Standard_E8s_v5": false} {
		if isGPUSize(size) != want {
			t.Errorf("isGPUSize(%s) = %v, want %v", size, !want, want)
		}
	}
}

func TestNetworkRuleFQDNs(t *testing.T) {
	rules := group0(netCollection("net", 100, "Allow",
		netRuleIn("ntp", []any{"*"}, nil, []any{"ntp.ubuntu.com"}, []any{"123"}, []any{"UDP"}),
		netRuleIn("wild", []any{"*"}, nil, []any{"*.example.org"}, []any{"22"}, []any{"TCP"})))
	pk := func(fqdn, proto string, port int) packet {
		return packet{Source: src("10.1.0.0/24"), Dest: destination{FQDN: fqdn}, Protocol: proto, Port: port}
	}
	pol, fs := policyWith(t, rules)
	if pol.evaluate(pk("ntp.ubuntu.com", "UDP", 123)).Allowed {
		t.Error("without the DNS proxy a network rule FQDN matches nothing")
	}
	if len(fs) != 2 || fs[0].Path != "ruleCollections[0].rules[0].destinationFqdns[0]" {
		t.Errorf("want findings at the FQDNs, got %v", fs)
	}
	p := &fakePlan{}
	p.add("azure-native:network/v20240501:FirewallPolicy", "fwpolicy", policyID, map[string]any{"dnsSettings": map[string]any{"enableProxy": true}}, nil)
	rules["ruleCollectionGroupName"] = "g0"
	p.add("azure-native:network/v20240501:FirewallPolicyRuleCollectionGroup", "g0", policyID+"/ruleCollectionGroups/g0", rules, nil)
	var got []verify.Finding
	pol = readPolicies(p, func(f verify.Finding) { got = append(got, f) })[lower(policyID)]
	if !pol.evaluate(pk("ntp.ubuntu.com", "UDP", 123)).Allowed {
		t.Error("with the DNS proxy ntp.ubuntu.com UDP 123 must match")
	}
	if pol.evaluate(pk("a.example.org", "TCP", 22)).Allowed || len(got) != 1 || got[0].Path != "ruleCollections[0].rules[1].destinationFqdns[0]" {
		t.Errorf("a wildcard network FQDN matches nothing and is reported, got %v", got)
	}
}

func group0(colls ...any) map[string]any { return groupIn(100, colls...) }

func TestGrandparentPolicyOnce(t *testing.T) {
	p := &fakePlan{}
	id := func(n string) string { return hubRG + "/providers/Microsoft.Network/firewallPolicies/" + n }
	p.add("azure-native:network/v20240501:FirewallPolicy", "gp", id("gp"), map[string]any{}, nil)
	p.add("azure-native:network/v20240501:FirewallPolicy", "parent", id("parent"), map[string]any{"basePolicy": map[string]any{"id": id("gp")}}, nil)
	p.add("azure-native:network/v20240501:FirewallPolicy", "child", id("child"), map[string]any{"basePolicy": map[string]any{"id": id("parent")}}, nil)
	for _, n := range []string{"gp", "parent", "child"} {
		action := map[string]string{"gp": "Deny", "parent": "Allow", "child": "Allow"}[n]
		p.add("azure-native:network/v20240501:FirewallPolicyRuleCollectionGroup", n+"-g", id(n)+"/ruleCollectionGroups/"+n+"-g",
			map[string]any{"ruleCollectionGroupName": n + "-g", "priority": 100, "ruleCollections": []any{appCollection("c", 100, action, appRuleIn("r", []any{"*"}, []any{"*"}, nil, proto("Https", 443)))}}, nil)
	}
	pols := readPolicies(p, func(verify.Finding) {})
	child := pols[lower(id("child"))]
	var names []string
	for _, g := range child.groups {
		names = append(names, g.name)
	}
	if got := strings.Join(names, ","); got != "gp-g,parent-g,child-g" {
		t.Errorf("child processes %s, want gp-g,parent-g,child-g (each once, farthest ancestor first)", got)
	}
	if v := child.evaluate(httpsTo("a.com")); v.Allowed || v.Match != "gp-g/c/r" {
		t.Errorf("the grandparent's Deny must win, got %+v", v)
	}
}
