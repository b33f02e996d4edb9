// Package fielderr is the one shape of a validation problem, shared by the
// stack config (whose paths are config keys such as
// "spokes.blue.cluster.systemPool.zones[0]") and the components (whose paths
// are argument paths such as "systemPool.zones[0]"), so that a rule written
// once in a component's spec reads the same wherever it is found.
package fielderr

import (
	"fmt"
	"sort"
	"strings"
)

// Error is one invalid value: where it is, what it was and what is allowed.
type Error struct {
	// Path is the config key or argument path.
	Path string
	// Value is the offending value as the user wrote it.
	Value any
	// Allowed says what would be accepted.
	Allowed string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s: invalid value %s: %s", e.Path, Quote(e.Value), e.Allowed)
}

// New returns an *Error at path for value, with what is allowed.
func New(path string, value any, format string, args ...any) error {
	return &Error{Path: path, Value: value, Allowed: fmt.Sprintf(format, args...)}
}

// Join builds a path: key below path ("" is the root).
func Join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// Index is the path of element i of the list at path.
func Index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

// OneOf refuses v unless it is one of allowed, in exactly that case.
func OneOf(v, path string, allowed ...string) []error {
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	return []error{New(path, v, "one of %s (exact case)", QuoteAll(allowed))}
}

// Quote renders a value for a message: strings and string lists quoted,
// nil as "(unset)".
func Quote(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("%q", x)
	case []string:
		return fmt.Sprintf("%q", x)
	case nil:
		return "(unset)"
	default:
		return fmt.Sprintf("%v", x)
	}
}

// QuoteAll renders a list of allowed values, quoted and sorted so that the
// message does not depend on the order they were declared in.
func QuoteAll(s []string) string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = fmt.Sprintf("%q", v)
	}
	sort.Strings(q)
	return strings.Join(q, ", ")
}
