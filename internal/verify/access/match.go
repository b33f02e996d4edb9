package access

import (
	"regexp"
	"strings"
	"sync"
)

// Grants reports whether role permits op: an Actions (or, for a data
// operation, DataActions) pattern matches it and no NotActions
// (NotDataActions) pattern does. Operation names compare without letter
// case, as Azure RBAC does.
func (r Role) Grants(op string, data bool) bool {
	allow, deny := r.Actions, r.NotActions
	if data {
		allow, deny = r.DataActions, r.NotDataActions
	}
	return anyMatch(allow, op) && !anyMatch(deny, op)
}

func anyMatch(patterns []string, op string) bool {
	for _, p := range patterns {
		if opMatches(p, op) {
			return true
		}
	}
	return false
}

var (
	patMu    sync.Mutex
	patCache = map[string]*regexp.Regexp{}
)

// opMatches matches an operation against a role's pattern. "*" matches any
// run of characters. A whole "/*/" segment also matches a single "/":
// Managed Identity Operator's "userAssignedIdentities/*/assign/action" is
// documented as "Read and Assign User Assigned Identity", i.e. it covers
// "userAssignedIdentities/assign/action" itself.
func opMatches(pattern, op string) bool {
	patMu.Lock()
	re, ok := patCache[pattern]
	if !ok {
		var b strings.Builder
		b.WriteString("(?i)^")
		rest := pattern
		for rest != "" {
			switch {
			case strings.HasPrefix(rest, "/*/"):
				b.WriteString("(/.*)?/")
				rest = rest[3:]
			case rest[0] == '*':
				b.WriteString(".*")
				rest = rest[1:]
			default:
				n := strings.IndexAny(rest[1:], "*/")
				if n < 0 {
					n = len(rest) - 1
				}
				b.WriteString(regexp.QuoteMeta(rest[:n+1]))
				rest = rest[n+1:]
			}
		}
		b.WriteString("$")
		re = regexp.MustCompile(b.String())
		patCache[pattern] = re
	}
	patMu.Unlock()
	return re.MatchString(op)
}

// within reports whether target is scope or lies below it: an assignment
// at scope is inherited by every resource whose ID extends it.
func within(target, scope string) bool {
	t, s := normScope(target), normScope(scope)
	if t == "" || s == "" {
		return false
	}
	return t == s || strings.HasPrefix(t, s+"/")
}

func normScope(s string) string { return strings.TrimRight(strings.ToLower(s), "/") }

// broadScope reports whether scope is a management group, subscription or
// resource group (or the root) rather than a resource, and names it.
func broadScope(scope string) (string, bool) {
	s := normScope(scope)
	parts := strings.Split(strings.TrimPrefix(s, "/"), "/")
	switch {
	case s == "":
		return "the root scope", true
	case strings.HasPrefix(s, "/providers/microsoft.management/managementgroups/") && len(parts) <= 4:
		return "a management group", true
	case len(parts) == 2 && parts[0] == "subscriptions":
		return "a subscription", true
	case len(parts) == 4 && parts[0] == "subscriptions" && parts[2] == "resourcegroups":
		return "a resource group", true
	}
	return "", false
}

// resourceGroupOf is the "/subscriptions/<s>/resourceGroups/<rg>" prefix of
// an ARM ID, lower-cased ("" if it has none).
func resourceGroupOf(id string) string {
	parts := strings.Split(strings.TrimPrefix(normScope(id), "/"), "/")
	if len(parts) < 4 || parts[0] != "subscriptions" || parts[2] != "resourcegroups" {
		return ""
	}
	return "/" + strings.Join(parts[:4], "/")
}
