package stackconfig

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Namespace is the Pulumi config namespace of every privateaks key.
const Namespace = "privateaks"

// Raw is config as the Pulumi engine hands it to a program: full keys
// ("privateaks:hub") mapped to strings (structured values as JSON), plus the
// keys whose values are secrets.
type Raw struct {
	Values  map[string]string
	Secrets map[string]bool
	// Problems are what the reader of the stack file found wrong with its
	// keys (internal/stackfile: a key without a namespace); Load reports
	// them together with every other problem.
	Problems []error
	// AllowPlaceholders plans a sample stack whose Entra IDs are still
	// placeholders (cmd/plan -allow-placeholders): they are warned about
	// instead of refused in a protected stack. The engine never sets it, so
	// pulumi preview and up refuse them.
	AllowPlaceholders bool
}

// providerNamespaces are the config namespaces of the providers and engine
// the program runs with: their keys are theirs to read.
var providerNamespaces = []string{"azure-native", "azure", "kubernetes", "pulumi"}

// keySpec describes one top-level key: where it decodes to and whether it is
// a plain string (Pulumi passes those unquoted).
type keySpec struct {
	target func(*Config) any
	str    bool
}

// The top-level keys. Pulumi.yaml declares the same set; a test keeps them equal.
var keys = map[string]keySpec{
	"location":               {func(c *Config) any { return &c.Location }, true},
	"prefix":                 {func(c *Config) any { return &c.Prefix }, true},
	"environment":            {func(c *Config) any { return &c.Environment }, true},
	"protect":                {func(c *Config) any { return &c.Protect }, false},
	"tags":                   {func(c *Config) any { return &c.Tags }, false},
	"hub":                    {func(c *Config) any { return &c.Hub }, false},
	"spokes":                 {func(c *Config) any { return &c.Spokes }, false},
	"dns":                    {func(c *Config) any { return &c.DNS }, false},
	"flux":                   {func(c *Config) any { return &c.Flux }, false},
	"waivers":                {func(c *Config) any { return &c.Waivers }, false},
	"allowProdWaivers":       {func(c *Config) any { return &c.AllowProdWaivers }, false},
	"acknowledgeReplacement": {func(c *Config) any { return &c.AcknowledgeReplacement }, false},
}

// secretKeys are read into Config.Secrets with their secretness.
var secretKeys = map[string]func(*Secrets, string, bool){
	"fluxSshPrivateKey": func(s *Secrets, v string, sec bool) { s.FluxSSHPrivateKey = &SecretValue{v, sec} },
	"fluxSshKnownHosts": func(s *Secrets, v string, _ bool) { s.FluxSSHKnownHosts = v },
	"fluxHttpsUsername": func(s *Secrets, v string, _ bool) { s.FluxHTTPSUsername = v },
	"fluxHttpsToken":    func(s *Secrets, v string, sec bool) { s.FluxHTTPSToken = &SecretValue{v, sec} },
}

// Keys lists every top-level config key the program reads, sorted.
func Keys() []string {
	out := make([]string, 0, len(keys)+len(secretKeys))
	for k := range keys {
		out = append(out, k)
	}
	for k := range secretKeys {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Decode turns raw engine config into a Config without defaults. Every
// problem is reported at once: unknown keys at any depth, values of the wrong
// type, and malformed JSON, each with its key path. Keys of other namespaces
// (azure-native:location, ...) are left to their owners.
func Decode(raw Raw) (Config, error) {
	var c Config
	errs := append([]error(nil), raw.Problems...)
	names := make([]string, 0, len(raw.Values))
	for full := range raw.Values {
		names = append(names, full)
	}
	sort.Strings(names)
	for _, full := range names {
		ns, key, ok := strings.Cut(full, ":")
		if !ok {
			continue
		}
		if ns != Namespace {
			// A namespace one slip away from ours ("privateak:dns") would
			// drop the key silently and leave its default in force.
			if !slices.Contains(providerNamespaces, ns) && editDistance(ns, Namespace) <= 2 {
				errs = append(errs, fieldErr(full, full, "a key of namespace %q: did you mean %q?", Namespace, Namespace+":"+key))
			}
			continue
		}
		val := raw.Values[full]
		if set, ok := secretKeys[key]; ok {
			set(&c.Secrets, val, raw.Secrets[full])
			continue
		}
		spec, ok := keys[key]
		if !ok {
			errs = append(errs, fieldErr(key, full, "%sa known key; privateaks reads %s", didYouMean(key, Keys()), strings.Join(Keys(), ", ")))
			continue
		}
		if raw.Secrets[full] {
			// Only credentials are secrets; a secret elsewhere would be
			// printed in plans and tags.
			errs = append(errs, fieldErr(key, "[secret]", "a plain value: only fluxSshPrivateKey and fluxHttpsToken are secrets"))
			continue
		}
		target := spec.target(&c)
		if spec.str {
			*(target.(*string)) = val
			continue
		}
		errs = append(errs, decodeStrict(key, val, target)...)
	}
	if len(errs) > 0 {
		return c, newValidationError(errs)
	}
	return c, nil
}

// decodeStrict decodes JSON into target and reports unknown fields by their
// full path (encoding/json names only the field, not where it is).
func decodeStrict(key, val string, target any) []error {
	var generic any
	dec := json.NewDecoder(bytes.NewReader([]byte(val)))
	dec.UseNumber()
	if err := dec.Decode(&generic); err != nil {
		return []error{fieldErr(key, truncateForError(val), "valid %s", describeType(reflect.TypeOf(target).Elem()))}
	}
	errs := shapeErrors(generic, reflect.TypeOf(target).Elem(), key)
	if len(errs) > 0 {
		// Decode what does fit, so that validation can report the other
		// problems of this key in the same run: a stack with a misspelt
		// key and a wrong value gets both in one round, not one after the
		// other. What did not fit is left at its zero value.
		if b, err := json.Marshal(prune(generic, reflect.TypeOf(target).Elem())); err == nil {
			_ = json.Unmarshal(b, target)
		}
		return errs
	}
	if err := json.Unmarshal([]byte(val), target); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			p := key
			if te.Field != "" {
				p = key + "." + te.Field
			}
			return []error{fieldErr(p, te.Value, "a value of type %s", describeType(te.Type))}
		}
		return []error{fieldErr(key, truncateForError(val), "%v", err)}
	}
	return nil
}

// shapeErrors walks a decoded JSON value alongside the Go type it must fit
// and reports every object key the type does not have and every value of
// the wrong type, each with its full path (encoding/json leaves map keys out
// of its paths).
func shapeErrors(v any, t reflect.Type, path string) []error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if v == nil {
		return nil // null leaves the zero value
	}
	wrong := func() []error {
		return []error{fieldErr(path, truncateForError(fmt.Sprint(v)), "a value of type %s%s", describeType(t), typeHint(v, t))}
	}
	var errs []error
	switch t.Kind() {
	case reflect.String:
		if _, ok := v.(string); !ok {
			return wrong()
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			return wrong()
		}
	case reflect.Int, reflect.Int64:
		n, ok := v.(json.Number)
		if !ok {
			return wrong()
		}
		if _, err := n.Int64(); err != nil {
			return wrong()
		}
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			return wrong()
		}
		fields := map[string]reflect.Type{}
		var names []string
		for _, f := range jsonFields(t) {
			fields[f.name] = f.typ
			names = append(names, f.name)
		}
		sort.Strings(names)
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			ft, ok := fields[k]
			if !ok {
				errs = append(errs, fieldErr(join(path, k), k, "%sa known key here: %s", didYouMean(k, names), strings.Join(names, ", ")))
				continue
			}
			errs = append(errs, shapeErrors(obj[k], ft, join(path, k))...)
		}
	case reflect.Map:
		obj, ok := v.(map[string]any)
		if !ok {
			return wrong()
		}
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			errs = append(errs, shapeErrors(obj[k], t.Elem(), join(path, k))...)
		}
	case reflect.Slice:
		arr, ok := v.([]any)
		if !ok {
			return wrong()
		}
		for i, e := range arr {
			errs = append(errs, shapeErrors(e, t.Elem(), path+"["+strconv.Itoa(i)+"]")...)
		}
	}
	return errs
}

// jsonField is one key a struct takes in JSON and the type of its value.
type jsonField struct {
	name string
	typ  reflect.Type
}

// jsonFields are the keys encoding/json decodes into struct type t: tagged
// fields, and the fields of an untagged embedded struct at t's own level
// (a pool's clusterspec.NodePool), as encoding/json promotes them.
func jsonFields(t reflect.Type) []jsonField {
	var out []jsonField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if f.Anonymous && tag == "" && f.Type.Kind() == reflect.Struct {
			out = append(out, jsonFields(f.Type)...)
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if name == "" || name == "-" {
			continue
		}
		out = append(out, jsonField{name, f.Type})
	}
	return out
}

// typeHint names the likely fix for the YAML slips that produce a wrong
// type: an unquoted version (YAML reads 1.30 as the number 1.3), a number
// or true/false where text is wanted, a single value where a list is.
func typeHint(v any, t reflect.Type) string {
	switch {
	case t.Kind() == reflect.String:
		switch v.(type) {
		case json.Number:
			return fmt.Sprintf(` (YAML read an unquoted number: write it in quotes, e.g. "%v"; 1.30 unquoted is the number 1.3)`, v)
		case bool:
			return " (YAML read an unquoted true/false/yes/no: write it in quotes)"
		}
	case t.Kind() == reflect.Slice:
		if _, ok := v.([]any); !ok {
			return " (write a list: one \"- item\" per line, or [a, b])"
		}
	case t.Kind() == reflect.Int || t.Kind() == reflect.Int64:
		if _, ok := v.(string); ok {
			return " (a whole number without quotes)"
		}
	}
	return ""
}

// prune returns the part of a decoded JSON value that fits the Go type:
// unknown object keys and values of the wrong type are dropped (a list
// element of the wrong type becomes null, so the indices of the others
// stay those of the stack file).
func prune(v any, t reflect.Type) any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if v == nil || len(shapeErrors(v, t, "")) == 0 {
		return v
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		out := map[string]any{}
		for _, f := range jsonFields(t) {
			if e, ok := obj[f.name]; ok {
				if p := prune(e, f.typ); p != nil {
					out[f.name] = p
				}
			}
		}
		return out
	case reflect.Map:
		obj, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		out := map[string]any{}
		for k, e := range obj {
			if p := prune(e, t.Elem()); p != nil {
				out[k] = p
			}
		}
		return out
	case reflect.Slice:
		arr, ok := v.([]any)
		if !ok {
			return nil
		}
		out := make([]any, len(arr))
		for i, e := range arr {
			out[i] = prune(e, t.Elem())
		}
		return out
	}
	return nil
}

func describeType(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "object"
	case reflect.Slice:
		return "list of " + describeType(t.Elem())
	case reflect.Int, reflect.Int64:
		return "integer"
	case reflect.Bool:
		return "boolean (true or false)"
	default:
		return t.Kind().String()
	}
}

func truncateForError(s string) string {
	if len(s) > 60 {
		return s[:60] + "..."
	}
	return s
}

// Load decodes, defaults and validates raw config: the one call a program
// needs. On error nothing should be registered; the error lists every problem.
func Load(raw Raw) (Config, error) {
	c, decodeErr := Decode(raw)
	c = WithDefaults(c)
	c.placeholdersAllowed = raw.AllowPlaceholders
	err := Validate(c)
	if decodeErr == nil {
		if err != nil {
			return Config{}, err
		}
		return c, nil
	}
	// Report decoding problems together with the validation problems of
	// the keys that did decode: a key that failed to decode is left at its
	// zero value, so its own validation errors would only be noise.
	all := decodeErr.(*ValidationError).Errors
	var failed []string
	for _, e := range all {
		var fe *FieldError
		if errors.As(e, &fe) {
			failed = append(failed, fe.Path)
		}
	}
	var ve *ValidationError
	if errors.As(err, &ve) {
		for _, e := range ve.Errors {
			var fe *FieldError
			if errors.As(e, &fe) && !below(fe.Path, failed) {
				all = append(all, e)
			}
		}
	}
	return Config{}, newValidationError(all)
}

// below reports whether path is one of the paths that failed to decode or
// lies under one: a value that did not decode is left at its zero value,
// so its own validation errors would only be noise. Every other key is
// validated in the same run.
func below(path string, failed []string) bool {
	for _, f := range failed {
		if path == f || strings.HasPrefix(path, f+".") || strings.HasPrefix(path, f+"[") {
			return true
		}
	}
	return false
}

// String renders a config for debugging without its secrets.
func (s Secrets) String() string {
	return fmt.Sprintf("{ssh key set: %v, https token set: %v}", s.FluxSSHPrivateKey != nil, s.FluxHTTPSToken != nil)
}

// didYouMean names the known key nearest to a misspelt one ("vmsize" ->
// "vmSize"), when one is close: the same letters in another case, or at most
// two edits away.
func didYouMean(k string, known []string) string {
	best, bestD := "", 3
	for _, n := range known {
		d := editDistance(strings.ToLower(k), strings.ToLower(n))
		if strings.EqualFold(k, n) {
			d = 0
		}
		if d < bestD {
			best, bestD = n, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf("did you mean %q? ", best)
}

// editDistance is the Levenshtein distance of two strings.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}
