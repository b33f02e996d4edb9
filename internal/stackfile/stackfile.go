// Package stackfile reads a Pulumi project file and a stack file the way the
// Pulumi CLI does (through the SDK's own workspace loaders) and produces the
// config the engine would hand the program. Values stored as `secure:` are
// never decrypted: they come out as "[secret]" and marked secret, which is
// all an offline plan needs.
package stackfile

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/diag"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag/colors"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"

	"github.com/privateaks/privateaks/stacks/stackconfig"
)

// Stack is a loaded stack file.
type Stack struct {
	Project string
	Name    string
	Raw     stackconfig.Raw
}

// Load reads dir/Pulumi.yaml and dir/Pulumi.<stack>.yaml.
func Load(dir, stack string) (Stack, error) {
	return LoadFile(filepath.Join(dir, "Pulumi.yaml"), filepath.Join(dir, "Pulumi."+stack+".yaml"), stack)
}

// LoadFile reads a project file and any stack file (which may live elsewhere,
// so users can plan their own values). stack names the stack; empty derives
// it from a "Pulumi.<stack>.yaml" file name.
func LoadFile(projectFile, stackFile, stack string) (Stack, error) {
	proj, err := workspace.LoadProject(projectFile)
	if err != nil {
		return Stack{}, fmt.Errorf("reading project file %s: %w", projectFile, err)
	}
	sink := diag.DefaultSink(io.Discard, io.Discard, diag.FormatOptions{Color: colors.Never})
	ps, err := workspace.LoadProjectStack(sink, proj, stackFile)
	if err != nil {
		return Stack{}, fmt.Errorf("reading stack file %s: %w", stackFile, err)
	}
	if stack == "" {
		base := filepath.Base(stackFile)
		stack = strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(base, "Pulumi."), ".yaml"), ".yml")
	}
	raw, err := engineConfig(proj, ps.Config)
	if err != nil {
		return Stack{}, fmt.Errorf("stack file %s: %w", stackFile, err)
	}
	return Stack{Project: string(proj.Name), Name: stack, Raw: raw}, nil
}

// engineConfig converts a stack's config map into the engine's form, and
// checks values against the types and secret flags Pulumi.yaml declares, as
// the CLI does before it runs the program.
func engineConfig(proj *workspace.Project, m config.Map) (stackconfig.Raw, error) {
	values, err := m.Decrypt(config.NewBlindingDecrypter())
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
	var problems []string
	for name, decl := range proj.Config {
		key := string(proj.Name) + ":" + name
		if strings.Contains(name, ":") {
			key = name
		}
		ck, err := config.ParseKey(key)
		if err != nil {
			continue
		}
		v, ok := m[ck]
		if !ok {
			continue
		}
		if decl.Secret && !v.Secure() {
			problems = append(problems, fmt.Sprintf("%s: must be a secret (pulumi config set --secret %s)", name, name))
			continue
		}
		if v.Secure() || decl.Type == nil || *decl.Type == "" {
			continue
		}
		obj, err := v.ToObject()
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", name, err))
			continue
		}
		if !workspace.ValidateConfigValue(*decl.Type, decl.Items, obj) {
			problems = append(problems, fmt.Sprintf("%s: value is not of the declared type %s", name, *decl.Type))
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return stackconfig.Raw{}, fmt.Errorf("config does not match Pulumi.yaml:\n  - %s", strings.Join(problems, "\n  - "))
	}
	return raw, nil
}
