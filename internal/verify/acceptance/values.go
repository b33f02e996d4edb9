package acceptance

import (
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/privateaks/privateaks/testkit"
)

// state of a looked-up input.
type state int

const (
	absent state = iota
	unknown
	known
)

// lookup walks a testkit-style path ("a.b[0].c") through r's inputs. It
// reports unknown as soon as it meets a computed value or an unknown
// output, so callers can skip rather than flag what only Azure will know.
func lookup(r *testkit.Resource, path string) (resource.PropertyValue, state) {
	v := resource.NewProperty(r.Inputs)
	for _, seg := range splitPath(path) {
		var st state
		if v, st = unwrap(v); st != known {
			return v, st
		}
		if seg.idx >= 0 {
			if !v.IsArray() || seg.idx >= len(v.ArrayValue()) {
				return resource.NewNullProperty(), absent
			}
			v = v.ArrayValue()[seg.idx]
			continue
		}
		if !v.IsObject() {
			return resource.NewNullProperty(), absent
		}
		next, ok := v.ObjectValue()[resource.PropertyKey(seg.key)]
		if !ok {
			return resource.NewNullProperty(), absent
		}
		v = next
	}
	return unwrap(v)
}

func unwrap(v resource.PropertyValue) (resource.PropertyValue, state) {
	for {
		switch {
		case v.IsComputed():
			return v, unknown
		case v.IsOutput():
			o := v.OutputValue()
			if !o.Known {
				return v, unknown
			}
			v = o.Element
		case v.IsSecret():
			v = v.SecretValue().Element
		case v.IsNull():
			return v, absent
		default:
			// A known container may still hold unknowns further down;
			// lookup reports those when it reaches them.
			return v, known
		}
	}
}

type seg struct {
	key string
	idx int
}

func splitPath(path string) []seg {
	var out []seg
	for _, part := range strings.Split(path, ".") {
		for part != "" {
			i := strings.IndexByte(part, '[')
			if i < 0 {
				out = append(out, seg{key: part, idx: -1})
				break
			}
			if i > 0 {
				out = append(out, seg{key: part[:i], idx: -1})
			}
			j := strings.IndexByte(part, ']')
			n, err := strconv.Atoi(part[i+1 : max(j, i+1)])
			if j < i || err != nil {
				return append(out, seg{key: "\x00", idx: -1})
			}
			out = append(out, seg{idx: n})
			part = part[j+1:]
		}
	}
	return out
}

// str is the known string at path; ok is false when absent, unknown or not
// a string.
func str(r *testkit.Resource, path string) (string, bool) {
	v, st := lookup(r, path)
	if st != known || !v.IsString() {
		return "", false
	}
	return v.StringValue(), true
}

// num is the known number at path.
func num(r *testkit.Resource, path string) (float64, bool) {
	v, st := lookup(r, path)
	if st != known || !v.IsNumber() {
		return 0, false
	}
	return v.NumberValue(), true
}

// boolean is the known bool at path.
func boolean(r *testkit.Resource, path string) (bool, bool) {
	v, st := lookup(r, path)
	if st != known || !v.IsBool() {
		return false, false
	}
	return v.BoolValue(), true
}

// present reports whether path holds a value (known or not).
func present(r *testkit.Resource, path string) bool {
	_, st := lookup(r, path)
	return st != absent
}

// length is the number of elements of the known array at path (-1 if not
// a known array).
func length(r *testkit.Resource, path string) int {
	v, st := lookup(r, path)
	if st != known || !v.IsArray() {
		return -1
	}
	return len(v.ArrayValue())
}

// strs are the known strings of the array at path; unknown elements are
// dropped (and reported by ok=false).
func strs(r *testkit.Resource, path string) (out []string, ok bool) {
	v, st := lookup(r, path)
	if st != known || !v.IsArray() {
		return nil, st != unknown
	}
	ok = true
	for _, e := range v.ArrayValue() {
		e, est := unwrap(e)
		if est != known || !e.IsString() {
			ok = false
			continue
		}
		out = append(out, e.StringValue())
	}
	return out, ok
}

// keys are the keys of the known object at path, sorted.
func keys(r *testkit.Resource, path string) []string {
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
