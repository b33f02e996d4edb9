// Package resopt builds the resource options every component child gets:
// its parent, the explicit provider the caller passed, and protection for
// stateful resources.
package resopt

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/internal/fielderr"
)

// Child returns options for a child of parent. Parent() makes the child
// inherit the component's providers (pulumi.Providers passed to the
// component), so no provider needs repeating here.
func Child(parent pulumi.Resource, extra ...pulumi.ResourceOption) []pulumi.ResourceOption {
	return append([]pulumi.ResourceOption{pulumi.Parent(parent)}, extra...)
}

// Stateful returns options for a child whose loss would hurt (a VNet, a
// firewall, a cluster): protected when protect is set.
func Stateful(parent pulumi.Resource, protect bool, extra ...pulumi.ResourceOption) []pulumi.ResourceOption {
	return Child(parent, append([]pulumi.ResourceOption{pulumi.Protect(protect)}, extra...)...)
}

// Invoke returns options for an invoke made on behalf of a component.
func Invoke(parent pulumi.Resource) []pulumi.InvokeOption {
	return []pulumi.InvokeOption{pulumi.Parent(parent)}
}

// ArgError is a component argument problem: path, value, what is allowed,
// as the one error shape the specs and the stack config use too
// (internal/fielderr).
func ArgError(path string, value any, format string, args ...any) error {
	return fielderr.New(path, value, format, args...)
}

// Join reports every argument problem of a component at once, prefixed with
// the component type and name.
func Join(component, name string, errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	lines := make([]string, len(errs))
	for i, e := range errs {
		lines[i] = "  - " + e.Error()
	}
	return fmt.Errorf("%s %q: invalid arguments (%d problems):\n%s%w", component, name, len(errs), strings.Join(lines, "\n"), sentinel{errors.Join(errs...)})
}

// sentinel carries the joined errors for errors.Is/As without repeating them
// in the message.
type sentinel struct{ err error }

func (s sentinel) Error() string { return "" }
func (s sentinel) Unwrap() error { return s.err }

// Tags converts a plain tag map to an input (nil stays nil).
func Tags(tags map[string]string) pulumi.StringMapInput {
	if len(tags) == 0 {
		return nil
	}
	return pulumi.ToStringMap(tags)
}
