package tests

import (
	"encoding/json"
	"testing"

	minimal "github.com/privateaks/privateaks/examples/minimal/program"
	spokeexample "github.com/privateaks/privateaks/examples/spoke-into-existing-hub/program"
	"github.com/privateaks/privateaks/internal/stackfile"
	"github.com/privateaks/privateaks/testkit"
)

// prodOutputs are the prod stack's planned outputs as the engine hands a
// StackReference over: plain JSON values. The spoke example reads its hub
// from them.
func prodOutputs(t testing.TB) map[string]any {
	t.Helper()
	outputs := map[string]any{}
	for k, v := range planResult(t, "prod").Outputs {
		outputs[k] = v.Value
	}
	b, _ := json.Marshal(outputs)
	outputs = map[string]any{}
	if err := json.Unmarshal(b, &outputs); err != nil {
		t.Fatal(err)
	}
	return outputs
}

// planExampleMinimal plans examples/minimal over its own stack file.
func planExampleMinimal(t *testing.T) *testkit.Mocks {
	t.Helper()
	s, err := stackfile.Load("../examples/minimal", "dev")
	if err != nil {
		t.Fatal(err)
	}
	m := testkit.New(s.Project, s.Name)
	if err := m.Run(minimal.Run, testkit.WithConfig(s.Raw.Values, configOption(s))); err != nil {
		t.Fatalf("examples/minimal: %v", err)
	}
	return m
}

// planExampleSpoke plans examples/spoke-into-existing-hub over its own stack
// file, its StackReference answered with the prod stack's outputs.
func planExampleSpoke(t *testing.T) *testkit.Mocks {
	t.Helper()
	s, err := stackfile.Load("../examples/spoke-into-existing-hub", "dev")
	if err != nil {
		t.Fatal(err)
	}
	m := testkit.New(s.Project, s.Name)
	m.StackOutputs[s.Raw.Values["privateaks-spoke:hubStack"]] = prodOutputs(t)
	if err := m.Run(spokeexample.Run, testkit.WithConfig(s.Raw.Values, configOption(s))); err != nil {
		t.Fatalf("examples/spoke-into-existing-hub: %v", err)
	}
	return m
}
