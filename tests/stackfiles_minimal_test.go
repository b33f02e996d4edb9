package tests

import (
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/privateaks/privateaks/stacks/stackconfig"
)

// The sample stacks set only what differs from the defaults: a value equal
// to its default is a trap for whoever copies the file (rename the prefix
// and the spelt-out registry name stays the old, globally unique one). For
// every value in the committed stack files, leaving it out must change the
// config the program gets after defaults.
func TestStackFilesSetOnlyWhatDiffersFromTheDefaults(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		raw := loadStack(t, stack).Raw
		want, err := stackconfig.Load(raw)
		if err != nil {
			t.Fatal(err)
		}
		// Only what the stack file itself sets (raw also holds the
		// project's declared defaults).
		file, err := os.ReadFile("../Pulumi." + stack + ".yaml")
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Config map[string]any `yaml:"config"`
		}
		if err := yaml.Unmarshal(file, &doc); err != nil {
			t.Fatal(err)
		}
		var redundant []string
		for full, val := range raw.Values {
			ns, key, _ := strings.Cut(full, ":")
			if _, inFile := doc.Config[full]; ns != stackconfig.Namespace || !inFile {
				continue
			}
			var v any
			if json.Unmarshal([]byte(val), &v) != nil {
				continue // a plain string value: the required keys
			}
			for _, path := range leaves(v, "") {
				without := stackconfig.Raw{Values: copyValues(raw.Values), Secrets: raw.Secrets, AllowPlaceholders: raw.AllowPlaceholders}
				if path == "" {
					delete(without.Values, full)
				} else {
					b, _ := json.Marshal(removeAt(v, path))
					without.Values[full] = string(b)
				}
				got, err := stackconfig.Load(without)
				if err == nil && reflect.DeepEqual(got, want) {
					redundant = append(redundant, key+path)
				}
			}
		}
		sort.Strings(redundant)
		for _, p := range redundant {
			t.Errorf("Pulumi.%s.yaml sets %s to its default: leave it out", stack, p)
		}
	}
}

// leaves lists the paths (".a.b[2]") of the scalar values in v; a list is a
// leaf of its own (its elements are one value).
func leaves(v any, path string) []string {
	m, ok := v.(map[string]any)
	if !ok {
		return []string{path}
	}
	var out []string
	for k, e := range m {
		out = append(out, leaves(e, path+"."+k)...)
	}
	return out
}

// removeAt returns a copy of v without the value at path.
func removeAt(v any, path string) any {
	m, ok := v.(map[string]any)
	if !ok || path == "" {
		return v
	}
	k, rest, _ := strings.Cut(strings.TrimPrefix(path, "."), ".")
	out := map[string]any{}
	for kk, e := range m {
		out[kk] = e
	}
	if rest == "" {
		delete(out, k)
		return out
	}
	out[k] = removeAt(m[k], "."+rest)
	return out
}
