package azname

import (
	"regexp"
	"strings"
)

// DNSForm is the form of a DNS name a field takes. Every form is a name of
// at most 253 characters in two labels or more, each label 1 to 63
// lowercase letters, digits and '-', not starting or ending with '-' (RFC
// 1035 section 2.3.4, the preferred name syntax as RFC 1123 relaxed it).
type DNSForm struct {
	// Wildcard allows a leading "*." (an Azure Firewall application rule's
	// target FQDN).
	Wildcard bool
	// TrailingDot allows the absolute form "corp.contoso.com.".
	TrailingDot bool
	// AnyCase compares letters case-insensitively (DNS does).
	AnyCase bool
	// AlphaTLD requires the last label to be 2 to 63 letters (a hostname a
	// certificate and a browser accept).
	AlphaTLD bool
}

var (
	dnsLabelRe = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$`)
	dnsTLDRe   = regexp.MustCompile(`^[a-z]{2,63}$`)
)

// MaxDNSNameLength is the longest DNS name in text form (RFC 1035 2.3.4).
const MaxDNSNameLength = 253

// IsDNSName says whether s is a DNS name of the form f.
func IsDNSName(s string, f DNSForm) bool {
	if f.AnyCase {
		s = strings.ToLower(s)
	}
	if f.TrailingDot {
		s = strings.TrimSuffix(s, ".")
	}
	if f.Wildcard {
		s = strings.TrimPrefix(s, "*.")
	}
	if len(s) == 0 || len(s) > MaxDNSNameLength {
		return false
	}
	labels := strings.Split(s, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if !dnsLabelRe.MatchString(l) {
			return false
		}
	}
	return !f.AlphaTLD || dnsTLDRe.MatchString(labels[len(labels)-1])
}
