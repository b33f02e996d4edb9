package tests

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/testkit"
)

// run runs fn under the testkit and fails the test on error.
func run(t *testing.T, fn pulumi.RunFunc, opts ...pulumi.RunOption) *testkit.Mocks {
	t.Helper()
	m, err := testkit.Run("privateaks", "test", fn, opts...)
	if err != nil {
		t.Fatalf("program failed: %v", err)
	}
	return m
}

// runErr runs fn and returns the error, for failure-path tests.
func runErr(t *testing.T, fn pulumi.RunFunc) (*testkit.Mocks, error) {
	t.Helper()
	return testkit.Run("privateaks", "test", fn)
}

// one returns the single resource of a type suffix and name, failing if absent.
func one(t *testing.T, m *testkit.Mocks, typeSuffix, name string) *testkit.Resource {
	t.Helper()
	var found []*testkit.Resource
	for _, r := range m.ByTypeSuffix(typeSuffix) {
		if r.Name == name {
			found = append(found, r)
		}
	}
	if len(found) != 1 {
		var names []string
		for _, r := range m.ByTypeSuffix(typeSuffix) {
			names = append(names, r.Name)
		}
		t.Fatalf("want exactly one %s named %q, found %d (have: %s)", typeSuffix, name, len(found), strings.Join(names, ", "))
	}
	return found[0]
}

// strs returns the string array input at path.
func strs(r *testkit.Resource, path string) []string {
	v := testkit.Unsecret(r.Get(path))
	if !v.IsArray() {
		return nil
	}
	var out []string
	for _, e := range v.ArrayValue() {
		e = testkit.Unsecret(e)
		if e.IsString() {
			out = append(out, e.StringValue())
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
