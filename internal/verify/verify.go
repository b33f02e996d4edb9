// Package verify holds what the independent plan models share: a finding
// and the read-only view of a plan they inspect. The models themselves live
// in the subpackages — egress (Azure Firewall policy semantics against the
// flows AKS documents), access (personas against planned role assignments)
// and acceptance (each planned input against its pinned API version's REST
// specification and the service docs). They are written from Azure's
// documentation, not from our components: a model never imports a
// component, and its expectations cite the document they come from.
package verify

import (
	"fmt"
	"sort"
	"strings"

	"github.com/privateaks/privateaks/internal/mockengine"
)

// Finding is one violation a model found in a plan.
type Finding struct {
	// Model is "egress", "access" or "acceptance".
	Model string `json:"model"`
	// Rule is the model's stable ID for the rule that was broken.
	Rule string `json:"rule"`
	// Resource is the URN of the offending resource ("" when the finding is
	// about something missing from the whole plan).
	Resource string `json:"resource,omitempty"`
	// Path is the input property path on that resource, in the mock engine's
	// path syntax (e.g. "agentPoolProfiles[0].vmSize").
	Path string `json:"path,omitempty"`
	// Message says what is wrong and what is allowed.
	Message string `json:"message"`
	// Source names the specification or document the rule comes from.
	Source string `json:"source"`
}

// String renders a finding on one line: model/rule, resource name and path,
// message, source.
func (f Finding) String() string {
	where := ""
	if f.Resource != "" {
		where = " " + ShortURN(f.Resource)
		if f.Path != "" {
			where += " " + f.Path
		}
	}
	return fmt.Sprintf("[%s %s]%s: %s (source: %s)", f.Model, f.Rule, where, f.Message, f.Source)
}

// ShortURN is the "type::name" tail of a URN, readable in reports.
func ShortURN(urn string) string {
	parts := strings.Split(urn, "::")
	if len(parts) < 2 {
		return urn
	}
	typ := parts[len(parts)-2]
	if i := strings.LastIndex(typ, "$"); i >= 0 {
		typ = typ[i+1:]
	}
	return typ + "::" + parts[len(parts)-1]
}

// ShortScope is the part of an ARM ID after its first "/providers/" (the
// resource type and name), readable in reports; other IDs are returned whole.
func ShortScope(id string) string {
	if i := strings.Index(strings.ToLower(id), "/providers/"); i >= 0 {
		return id[i+len("/providers/"):]
	}
	return id
}

// Sort orders findings deterministically (model, rule, resource, path,
// message) so reports and JSON are stable.
func Sort(fs []Finding) {
	sort.Slice(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Model != b.Model {
			return a.Model < b.Model
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		if a.Resource != b.Resource {
			return a.Resource < b.Resource
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Message < b.Message
	})
}

// Plan is the read-only view a model inspects: every planned resource as the
// engine received it (type token, inputs, options, parent, mocked ID).
type Plan interface {
	Resources() []*mockengine.Resource
	ByTypeSuffix(suffix string) []*mockengine.Resource
	ByURN(urn string) *mockengine.Resource
	ByID(id string) *mockengine.Resource
}

var _ Plan = (*mockengine.Mocks)(nil)
