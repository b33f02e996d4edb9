package stackfile

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"

	"github.com/privateaks/privateaks/stacks/stackconfig"
)

// ApplyProject does to a stack's config what the Pulumi CLI (v3.274.1,
// pkg/v3/workspace.ValidateStackConfigAndApplyProjectConfig, called by
// preview, up, refresh and destroy) does before it runs the program:
//
//   - a key the project declares in its own namespace with neither a default
//     nor a value, and that the stack lacks, is missing; all missing keys are
//     reported in one error, worded as the CLI words it;
//   - a declared default (or value) fills a key the stack lacks;
//   - then every declared, explicitly typed key is checked: a declared
//     secret must be stored encrypted, and the value must be of the type.
//
// The CLI stops at the first type or secret problem (in key order); this
// reports all of them, each in the CLI's words, with a hint. tools/stackcheck
// runs the CLI's own function on the same files and holds the two equal.
// m is changed in place (defaults are merged into it).
func ApplyProject(stack string, proj *workspace.Project, m config.Map) (stackconfig.Raw, error) {
	project := string(proj.Name)
	names := make([]string, 0, len(proj.Config))
	for k := range proj.Config {
		names = append(names, k)
	}
	sort.Strings(names)

	var missing []string
	for _, name := range names {
		decl := proj.Config[name]
		key, err := declaredKey(project, name)
		if err != nil {
			return stackconfig.Raw{}, err
		}
		_, found, err := m.Get(key, true)
		if err != nil {
			return stackconfig.Raw{}, fmt.Errorf("getting stack config value for key '%v': %w", key, err)
		}
		if found {
			continue
		}
		fill := decl.Value
		if decl.Default != nil {
			fill = decl.Default
		}
		if fill == nil {
			if key.Namespace() == project {
				missing = append(missing, name)
			}
			continue
		}
		v, err := configValue(fill)
		if err != nil {
			return stackconfig.Raw{}, fmt.Errorf("project config %q: default %v: %w", name, fill, err)
		}
		if err := m.Set(key, v, true); err != nil {
			return stackconfig.Raw{}, fmt.Errorf("project config %q: applying the default: %w", name, err)
		}
	}
	if len(missing) > 0 {
		return stackconfig.Raw{}, fmt.Errorf("%w\n  (set each with `pulumi config set KEY VALUE`, or give the key a default in Pulumi.yaml)",
			missingKeysError(stack, missing))
	}

	dec := config.NewBlindingDecrypter()
	var problems []string
	for _, name := range names {
		decl := proj.Config[name]
		if !decl.IsExplicitlyTyped() {
			continue
		}
		key, _ := declaredKey(project, name)
		v, _, err := m.Get(key, true)
		if err != nil {
			return stackconfig.Raw{}, fmt.Errorf("getting stack config value for key '%v': %w", key, err)
		}
		if decl.Secret && !v.Secure() {
			problems = append(problems, fmt.Sprintf("Stack '%v' with configuration key '%v' must be encrypted as it's secret (pulumi config set --secret %s)", stack, name, name))
			continue
		}
		text, err := v.Value(dec)
		if err != nil {
			return stackconfig.Raw{}, fmt.Errorf("config key %q: %w", name, err)
		}
		var content any = text
		if v.Object() {
			if err := json.Unmarshal([]byte(text), &content); err != nil {
				return stackconfig.Raw{}, fmt.Errorf("config key %q: %w", name, err)
			}
		}
		if !workspace.ValidateConfigValue(*decl.Type, decl.Items, content) {
			problems = append(problems, fmt.Sprintf("Stack '%v' with configuration key '%v' must be of type '%v'",
				stack, name, workspace.InferFullTypeName(*decl.Type, decl.Items)))
		}
	}
	if len(problems) > 0 {
		return stackconfig.Raw{}, fmt.Errorf("config does not match Pulumi.yaml:\n  - %s", strings.Join(problems, "\n  - "))
	}

	values, err := m.Decrypt(dec)
	if err != nil {
		return stackconfig.Raw{}, err
	}
	raw := stackconfig.Raw{Values: map[string]string{}, Secrets: map[string]bool{}}
	for k, v := range values {
		raw.Values[k.String()] = v
	}
	for _, k := range m.SecureKeys() {
		raw.Secrets[k.String()] = true
	}
	return raw, nil
}

// declaredKey is the full key of a project config declaration: a bare name
// belongs to the project's namespace.
func declaredKey(project, name string) (config.Key, error) {
	if strings.Contains(name, ":") {
		return config.ParseKey(name)
	}
	return config.MustMakeKey(project, name), nil
}

// configValue stores a declared default as the CLI does: scalars as their
// text, anything else as a JSON object value.
func configValue(v any) (config.Value, error) {
	switch v.(type) {
	case string, int, bool:
		return config.NewValue(fmt.Sprintf("%v", v)), nil
	}
	simple, err := workspace.SimplifyMarshalledValue(v)
	if err != nil {
		return config.Value{}, err
	}
	b, err := json.Marshal(simple)
	if err != nil {
		return config.Value{}, err
	}
	return config.NewObjectValue(string(b)), nil
}

// missingKeysError words the missing keys as the CLI does.
func missingKeysError(stack string, keys []string) error {
	sort.Strings(keys)
	quoted := make([]string, len(keys))
	for i, k := range keys {
		quoted[i] = "'" + k + "'"
	}
	list, noun := quoted[0], "value"
	if len(quoted) > 1 {
		list = strings.Join(quoted[:len(quoted)-1], ", ") + " and " + quoted[len(quoted)-1]
		noun = "values"
	}
	return fmt.Errorf("Stack '%v' is missing configuration %v %v", stack, noun, list)
}
