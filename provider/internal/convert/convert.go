// Package convert holds the helpers the generated argument mirrors
// (provider/pkg/*, written by provider/internal/gen) use to turn a
// mirror's lists and maps into the component's.
package convert

// Slice maps every element of in with f; nil stays nil.
func Slice[A, B any](in []A, f func(A) B) []B {
	if in == nil {
		return nil
	}
	out := make([]B, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

// Map maps every value of in with f; nil stays nil.
func Map[A, B any](in map[string]A, f func(A) B) map[string]B {
	if in == nil {
		return nil
	}
	out := make(map[string]B, len(in))
	for k, v := range in {
		out[k] = f(v)
	}
	return out
}
