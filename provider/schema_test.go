package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/blang/semver"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration"
)

var update = flag.Bool("update", false, "rewrite testdata/schema.json")

const schemaGolden = "testdata/schema.json"

func newServer(t *testing.T, opts ...integration.ServerOption) integration.Server {
	t.Helper()
	prov, err := Provider()
	if err != nil {
		t.Fatal(err)
	}
	s, err := integration.NewServer(t.Context(), Name, semver.MustParse(Version), append([]integration.ServerOption{integration.WithProvider(prov)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// schemaJSON is the schema the provider serves, indented.
func schemaJSON(t *testing.T) []byte {
	t.Helper()
	resp, err := newServer(t).GetSchema(p.GetSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, []byte(resp.Schema), "", "  "); err != nil {
		t.Fatal(err)
	}
	buf.WriteByte('\n')
	return buf.Bytes()
}

// Schema is the part of a package schema the tests read.
type Schema struct {
	Name      string                  `json:"name"`
	Resources map[string]ResourceSpec `json:"resources"`
	Types     map[string]ObjectSpec   `json:"types"`
}

type ResourceSpec struct {
	ObjectSpec
	IsComponent     bool                `json:"isComponent"`
	InputProperties map[string]Property `json:"inputProperties"`
}

type ObjectSpec struct {
	Description string              `json:"description"`
	Type        string              `json:"type"`
	Properties  map[string]Property `json:"properties"`
}

type Property struct {
	Type                 string    `json:"type"`
	Ref                  string    `json:"$ref"`
	Items                *Property `json:"items"`
	AdditionalProperties *Property `json:"additionalProperties"`
	Description          string    `json:"description"`
	Secret               bool      `json:"secret"`
	Plain                bool      `json:"plain"`
}

func parseSchema(t *testing.T, b []byte) Schema {
	t.Helper()
	var s Schema
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSchemaGolden holds the served schema to testdata/schema.json: any
// change to a component's args, outputs or doc comments shows up as a diff
// to review (go test -run TestSchemaGolden -update rewrites it).
func TestSchemaGolden(t *testing.T) {
	got := schemaJSON(t)
	if *update {
		if err := os.WriteFile(schemaGolden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(schemaGolden)
	if err != nil {
		t.Fatalf("%v (run go test -run TestSchemaGolden -update)", err)
	}
	if d := firstDiff(want, got); d != "" {
		t.Errorf("schema differs from %s (rerun with -update after review): %s", schemaGolden, d)
	}
}

// firstDiff names the first differing line, "" when equal.
func firstDiff(want, got []byte) string {
	if bytes.Equal(want, got) {
		return ""
	}
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ": want " + strings.TrimSpace(w) + ", got " + strings.TrimSpace(g)
		}
	}
	return "lengths differ"
}

// TestSchemaGoldenDetectsChange shows the golden comparison fails on a
// one-property change (a flipped secret flag) of the served schema.
func TestSchemaGoldenDetectsChange(t *testing.T) {
	got := schemaJSON(t)
	flipped := bytes.Replace(got, []byte(`"secret": true`), []byte(`"secret": false`), 1)
	if bytes.Equal(flipped, got) {
		t.Fatal("the schema marks nothing secret")
	}
	if firstDiff(got, flipped) == "" {
		t.Fatal("firstDiff missed a flipped secret flag")
	}
}

// unknownInputs lists the keys of inputs (nested objects included) that
// the schema does not declare for the resource token.
func unknownInputs(s Schema, token string, inputs map[string]any) []string {
	r, ok := s.Resources[token]
	if !ok {
		return []string{"no resource " + token}
	}
	var out []string
	var walk func(path string, props map[string]Property, v map[string]any)
	var walkValue func(path string, p Property, v any)
	walkValue = func(path string, p Property, v any) {
		switch {
		case p.Ref == "pulumi.json#/Any":
			// any value
		case p.Ref != "":
			obj, ok := v.(map[string]any)
			t, found := s.Types[strings.TrimPrefix(p.Ref, "#/types/")]
			if ok && found {
				walk(path, t.Properties, obj)
			} else if !found {
				out = append(out, path+": unknown type "+p.Ref)
			}
		case p.Items != nil:
			if arr, ok := v.([]any); ok {
				for i, e := range arr {
					walkValue(path+"["+strconv.Itoa(i)+"]", *p.Items, e)
				}
			}
		case p.AdditionalProperties != nil:
			if obj, ok := v.(map[string]any); ok {
				for k, e := range obj {
					walkValue(path+"."+k, *p.AdditionalProperties, e)
				}
			}
		}
	}
	walk = func(path string, props map[string]Property, v map[string]any) {
		for k, e := range v {
			p, ok := props[k]
			if !ok {
				out = append(out, strings.TrimPrefix(path+"."+k, ".")+": not in the schema")
				continue
			}
			walkValue(strings.TrimPrefix(path+"."+k, "."), p, e)
		}
	}
	walk("", r.InputProperties, inputs)
	return out
}

// TestUnknownInputsCatchesTypos shows the fixture check can fail: a
// misspelt nested key and a misspelt top-level key are both reported.
func TestUnknownInputsCatchesTypos(t *testing.T) {
	s := parseSchema(t, schemaJSON(t))
	got := unknownInputs(s, "privateaks:privateaks:PrivateAKS", map[string]any{
		"clustername": "aks",
		"userPools":   map[string]any{"apps": map[string]any{"subnetID": "x"}},
		"network":     map[string]any{"podCidr": "10.244.0.0/16"},
	})
	slices.Sort(got)
	want := []string{"clustername: not in the schema", "userPools.apps.subnetID: not in the schema"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
