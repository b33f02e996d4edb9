package stackconfig

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestIsPlaceholderID(t *testing.T) {
	for id, want := range map[string]bool{
		"00000000-0000-0000-0000-000000000000": true, // the nil GUID
		"00000000-0000-0000-0000-000000000001": true, // the sample stacks' form
		"00000000-0000-0000-0000-0000000000ab": true,
		"11111111-1111-1111-1111-111111111111": true,
		"FFFFFFFF-ffff-FFFF-ffff-FFFFFFFFFFFF": true,
		"6a1f5c2e-4b7d-4e3a-9c1b-2d8e7f6a5b4c": false, // random, version 4: what Entra ID issues
		"00000000-0000-0000-0001-000000000001": false, // only 16 leading zeros
		"11111111-1111-1111-1111-111111111112": false,
		"not-a-guid":                           false, // a syntax error, reported as such
		"":                                     false,
	} {
		if got := IsPlaceholderID(id); got != want {
			t.Errorf("IsPlaceholderID(%q) = %v, want %v", id, got, want)
		}
	}
}

// withIDs is validRaw with every kind of Entra ID field set to id.
func withIDs(id string, protect bool) Raw {
	r := edit("spokes", func(m map[string]any) {
		c := at(m, "blue.cluster")
		c["adminGroupObjectIds"] = []string{id}
		c["keyVault"] = map[string]any{"secretsOfficerGroups": []string{id}}
		c["namespaceAccess"] = map[string]any{"team": map[string]any{"readers": []string{id}, "writers": []string{id}}}
	})
	if !protect {
		r.Values["privateaks:protect"] = "false"
	}
	return r
}

var allIDKeys = []string{
	"spokes.blue.cluster.adminGroupObjectIds[0]",
	"spokes.blue.cluster.keyVault.secretsOfficerGroups[0]",
	"spokes.blue.cluster.namespaceAccess.team.readers[0]",
	"spokes.blue.cluster.namespaceAccess.team.writers[0]",
}

func TestProtectedStackRefusesPlaceholderIDs(t *testing.T) {
	const ph = "00000000-0000-0000-0000-000000000001"
	_, err := Load(withIDs(ph, true))
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("a protected stack with placeholder IDs loaded: %v", err)
	}
	if len(ve.Errors) != len(allIDKeys) {
		t.Errorf("want one problem per placeholder (%d), got %d:\n%v", len(allIDKeys), len(ve.Errors), err)
	}
	for _, key := range allIDKeys {
		if !strings.Contains(err.Error(), key+": ") || !strings.Contains(err.Error(), ph) {
			t.Errorf("the refusal does not name %s and the value:\n%v", key, err)
		}
	}
	if !strings.Contains(err.Error(), "az ad group show") {
		t.Errorf("the refusal does not say how to find the real ID:\n%v", err)
	}

	// Not protected: planned, and every placeholder reported as a warning.
	c, err := Load(withIDs(ph, false))
	if err != nil {
		t.Fatalf("an unprotected stack with placeholders must load (warned, not refused): %v", err)
	}
	var keys []string
	for _, id := range PlaceholderIDs(c) {
		keys = append(keys, id.Key)
		if w := PlaceholderWarning(id); !strings.HasPrefix(w, id.Key+": ") || !strings.Contains(w, ph) {
			t.Errorf("warning %q does not name the key and the value", w)
		}
	}
	if !reflect.DeepEqual(keys, allIDKeys) {
		t.Errorf("placeholders found at %v, want %v", keys, allIDKeys)
	}

	// Protected, planned as a sample on purpose.
	raw := withIDs(ph, true)
	raw.AllowPlaceholders = true
	if _, err := Load(raw); err != nil {
		t.Errorf("AllowPlaceholders must plan the sample: %v", err)
	}

	// Real IDs: nothing to refuse or warn about.
	c, err = Load(withIDs("6a1f5c2e-4b7d-4e3a-9c1b-2d8e7f6a5b4c", true))
	if err != nil || len(PlaceholderIDs(c)) != 0 {
		t.Errorf("real IDs: err %v, placeholders %v", err, PlaceholderIDs(c))
	}
	// A malformed ID is a syntax error at every key, protected or not.
	_, err = Load(withIDs("group-admins", false))
	if !errors.As(err, &ve) || len(ve.Errors) != len(allIDKeys) || !strings.Contains(err.Error(), "an Entra ID object ID (GUID)") {
		t.Errorf("want %d syntax errors, got %v", len(allIDKeys), err)
	}
}

// TestEntraIDsKnowsEveryGroupField fills every string-list field of Config
// whose name says it holds Entra ID objects (groups, readers, writers,
// object IDs) — through every map and nested struct — and checks that
// EntraIDs lists each: a group field added without teaching EntraIDs would
// escape both the syntax and the placeholder check.
func TestEntraIDsKnowsEveryGroupField(t *testing.T) {
	const marker = "6a1f5c2e-4b7d-4e3a-9c1b-2d8e7f6a5b4c"
	var c Config
	var set []string
	fill(reflect.ValueOf(&c).Elem(), "", &set, marker)
	if len(set) < len(allIDKeys) {
		t.Fatalf("the reflection walk found only %v", set)
	}
	got := map[string]bool{}
	for _, id := range EntraIDs(c) {
		got[id.Key] = true
	}
	for _, key := range set {
		if !got[key] {
			t.Errorf("Config field %s holds Entra IDs but EntraIDs does not list it", key)
		}
	}
	if len(got) != len(set) {
		t.Errorf("EntraIDs lists %d IDs, the walk set %d: %v vs %v", len(got), len(set), got, set)
	}
}

func isEntraField(name string) bool {
	n := strings.ToLower(name)
	return strings.Contains(n, "group") || n == "readers" || n == "writers" || strings.Contains(n, "objectid")
}

// fill sets Entra-ID-looking []string fields to [marker] and gives every
// map of structs one entry "x", recording the config key of what it set.
func fill(v reflect.Value, path string, set *[]string, marker string) {
	switch v.Kind() {
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
				// An embedded spec: its keys sit at this level.
				fill(v.Field(i), path, set, marker)
				continue
			}
			if !f.IsExported() || name == "-" || name == "" {
				continue
			}
			p := name
			if path != "" {
				p = path + "." + name
			}
			fv := v.Field(i)
			if fv.Kind() == reflect.Slice && fv.Type().Elem().Kind() == reflect.String && isEntraField(name) {
				fv.Set(reflect.ValueOf([]string{marker}))
				*set = append(*set, p+"[0]")
				continue
			}
			fill(fv, p, set, marker)
		}
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String || v.Type().Elem().Kind() != reflect.Struct {
			return
		}
		elem := reflect.New(v.Type().Elem()).Elem()
		fill(elem, path+".x", set, marker)
		v.Set(reflect.MakeMap(v.Type()))
		v.SetMapIndex(reflect.ValueOf("x"), elem)
	case reflect.Pointer:
		if v.Type().Elem().Kind() == reflect.Struct {
			v.Set(reflect.New(v.Type().Elem()))
			fill(v.Elem(), path, set, marker)
		}
	}
}
