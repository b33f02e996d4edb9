package acceptance

import (
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/privateaks/privateaks/internal/mockengine"
)

// state of a looked-up input.
type state int

const (
	absent state = iota
	unknown
	known
)

// lookup reads the input at a mock-engine path ("a.b[0].c") of r. It reports
// unknown as soon as the path meets a computed value or an unknown output,
// so callers can skip rather than flag what only Azure will know.
func lookup(r *mockengine.Resource, path string) (resource.PropertyValue, state) {
	v, isKnown := mockengine.LookupKnown(resource.NewProperty(r.Inputs), path)
	switch {
	case !isKnown:
		return v, unknown
	case v.IsNull():
		return v, absent
	}
	return v, known
}

// str is the known string at path; ok is false when absent, unknown or not
// a string.
func str(r *mockengine.Resource, path string) (string, bool) {
	v, st := lookup(r, path)
	if st != known || !v.IsString() {
		return "", false
	}
	return v.StringValue(), true
}

// num is the known number at path.
func num(r *mockengine.Resource, path string) (float64, bool) {
	v, st := lookup(r, path)
	if st != known || !v.IsNumber() {
		return 0, false
	}
	return v.NumberValue(), true
}

// boolean is the known bool at path.
func boolean(r *mockengine.Resource, path string) (bool, bool) {
	v, st := lookup(r, path)
	if st != known || !v.IsBool() {
		return false, false
	}
	return v.BoolValue(), true
}

// present reports whether path holds a value (known or not).
func present(r *mockengine.Resource, path string) bool {
	_, st := lookup(r, path)
	return st != absent
}

// length is the number of elements of the known array at path (-1 if not
// a known array).
func length(r *mockengine.Resource, path string) int {
	v, st := lookup(r, path)
	if st != known || !v.IsArray() {
		return -1
	}
	return len(v.ArrayValue())
}

// strs are the known strings of the array at path; unknown elements are
// dropped (and reported by ok=false).
func strs(r *mockengine.Resource, path string) (out []string, ok bool) {
	v, st := lookup(r, path)
	if st != known || !v.IsArray() {
		return nil, st != unknown
	}
	ok = true
	for _, e := range v.ArrayValue() {
		e, isKnown := mockengine.LookupKnown(e, "")
		if !isKnown || !e.IsString() {
			ok = false
			continue
		}
		out = append(out, e.StringValue())
	}
	return out, ok
}

// keys are the keys of the known object at path, sorted.
func keys(r *mockengine.Resource, path string) []string {
	v, st := lookup(r, path)
	if st != known || !v.IsObject() {
		return nil
	}
	var out []string
	for _, k := range v.ObjectValue().StableKeys() {
		out = append(out, string(k))
	}
	return out
}
