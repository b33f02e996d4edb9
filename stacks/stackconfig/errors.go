package stackconfig

import (
	"fmt"
	"sort"
	"strings"
)

// FieldError is one invalid config value: where it is, what it was and what
// is allowed.
type FieldError struct {
	// Path is the config key path, e.g. "spokes.blue.cluster.systemPool.subnetPrefix".
	Path string
	// Value is the offending value as the user wrote it.
	Value any
	// Allowed says what would be accepted.
	Allowed string
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("%s: invalid value %s: %s", e.Path, quote(e.Value), e.Allowed)
}

func quote(v any) string {
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

func fieldErr(path string, value any, format string, args ...any) error {
	return &FieldError{Path: path, Value: value, Allowed: fmt.Sprintf(format, args...)}
}

// ValidationError carries every problem found in a config, sorted by path so
// that the report is stable.
type ValidationError struct {
	Errors []error
}

func (v *ValidationError) Error() string {
	lines := make([]string, len(v.Errors))
	for i, e := range v.Errors {
		lines[i] = "  - " + e.Error()
	}
	return fmt.Sprintf("invalid stack config (%d problems):\n%s", len(v.Errors), strings.Join(lines, "\n"))
}

// Unwrap lets errors.As find each FieldError.
func (v *ValidationError) Unwrap() []error { return v.Errors }

func newValidationError(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Error() < errs[j].Error() })
	return &ValidationError{Errors: errs}
}

// join builds a path segment, keeping map keys readable.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
