package azname

import (
	"strings"
	"testing"
)

// The cases come from RFC 1035 2.3.4 (63-octet labels, 253 characters in
// text form), RFC 1123 2.1 (a label may start with a digit) and each
// field's documented form: Azure Firewall application rules take "*."
// wildcards (MicrosoftDocs/azure-docs articles/firewall/firewall-faq.md,
// "How do wildcards work in an application rule target FQDN?"), a resolver
// forwarding rule's domain may be absolute (Azure/azure-rest-api-specs
// specification/dnsresolver/resource-manager/Microsoft.Network/stable/
// 2022-07-01/examples/ForwardingRule_Put.json: "contoso.com."), and our
// listener hostnames end in a letters-only top-level domain.
func TestIsDNSName(t *testing.T) {
	label63 := strings.Repeat("a", 63)
	long := strings.Repeat(label63+".", 4)[:254] // 254 characters
	for _, c := range []struct {
		s    string
		f    DNSForm
		want bool
	}{
		{"packages.example.com", DNSForm{}, true},
		{"1password.com", DNSForm{}, true},
		{label63 + ".com", DNSForm{}, true},
		{label63 + "a.com", DNSForm{}, false},
		{long, DNSForm{}, false},
		{"localhost", DNSForm{}, false},
		{"-bad.example.com", DNSForm{}, false},
		{"bad-.example.com", DNSForm{}, false},
		{"under_score.example.com", DNSForm{}, false},
		{"a..example.com", DNSForm{}, false},
		{"", DNSForm{}, false},
		{"*.example.com", DNSForm{}, false},
		{"*.example.com", DNSForm{Wildcard: true}, true},
		{"a.*.example.com", DNSForm{Wildcard: true}, false},
		{"contoso.com.", DNSForm{}, false},
		{"contoso.com.", DNSForm{TrailingDot: true}, true},
		{"Corp.Contoso.com", DNSForm{}, false},
		{"Corp.Contoso.com", DNSForm{AnyCase: true}, true},
		{"shop.contoso.com", DNSForm{AlphaTLD: true}, true},
		{"shop.contoso.c0m", DNSForm{AlphaTLD: true}, false},
		{"shop.contoso.c", DNSForm{AlphaTLD: true}, false},
		{"10.1.2.3", DNSForm{}, true},
		{"10.1.2.3", DNSForm{AlphaTLD: true}, false},
	} {
		if got := IsDNSName(c.s, c.f); got != c.want {
			t.Errorf("IsDNSName(%q, %+v) = %v, want %v", c.s, c.f, got, c.want)
		}
	}
}
