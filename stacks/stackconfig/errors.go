package stackconfig

import (
	"fmt"
	"sort"
	"strings"

	"github.com/privateaks/privateaks/internal/fielderr"
)

// FieldError is one invalid config value: where it is, what it was and what
// is allowed. It is the components' error type too (internal/fielderr), so
// a rule of a component's spec reads the same in both layers.
type FieldError = fielderr.Error

func fieldErr(path string, value any, format string, args ...any) error {
	return fielderr.New(path, value, format, args...)
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
func join(path, key string) string { return fielderr.Join(path, key) }
