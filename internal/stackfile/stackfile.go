// Package stackfile reads a Pulumi project file and a stack file the way the
// Pulumi CLI does (through the SDK's own workspace loaders), applies the
// project's config declarations as the CLI does before it runs the program,
// and produces the config the engine would hand the program. Values stored
// as `secure:` are never decrypted: they come out as "[secret]" and marked
// secret, which is all an offline plan needs.
package stackfile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/diag"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag/colors"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"gopkg.in/yaml.v3"

	"github.com/privateaks/privateaks/stacks/stackconfig"
)

// Stack is a loaded stack file.
type Stack struct {
	Project string
	Name    string
	// Raw is the config the engine hands the program: the stack file's
	// values with the project's defaults merged in.
	Raw stackconfig.Raw
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
	// The CLI starts a missing stack file empty (a new stack); for a plan
	// that only hides a misspelt stack name behind "missing values".
	if _, err := os.Stat(stackFile); err != nil {
		return Stack{}, fmt.Errorf("stack file %s does not exist%s", stackFile, stacksIn(filepath.Dir(stackFile)))
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
	raw, err := ApplyProject(stack, proj, ps.Config)
	if err != nil {
		return Stack{}, fmt.Errorf("stack file %s: %w", stackFile, err)
	}
	raw.Problems, err = unnamespacedKeys(stackFile, string(proj.Name))
	if err != nil {
		return Stack{}, fmt.Errorf("stack file %s: %w", stackFile, err)
	}
	return Stack{Project: string(proj.Name), Name: stack, Raw: raw}, nil
}

// UndeclaredKeys are read by the program but deliberately absent from
// Pulumi.yaml: the Flux Git credentials. A declared secret cannot take a
// default (the CLI would demand the default be encrypted), so declaring them
// would make them required of every stack. stacks/stackconfig checks them
// instead: required with the auth mode that uses them, and always secret.
var UndeclaredKeys = []string{"fluxHttpsToken", "fluxSshPrivateKey"}

// stacksIn lists the stack files beside a project file, for the message
// about a stack file that does not exist.
func stacksIn(dir string) string {
	matches, _ := filepath.Glob(filepath.Join(dir, "Pulumi.*.yaml"))
	var names []string
	for _, m := range matches {
		names = append(names, strings.TrimSuffix(strings.TrimPrefix(filepath.Base(m), "Pulumi."), ".yaml"))
	}
	if len(names) == 0 {
		return " (no stack files there; `pulumi stack init NAME` creates one)"
	}
	slices.Sort(names)
	return fmt.Sprintf(" (the stacks there: %s; `pulumi stack init NAME` creates a new one)", strings.Join(names, ", "))
}

// unnamespacedKeys reports the stack file's config keys written without a
// namespace. The CLI reads "dns" as "<project>:dns", and when both are set
// one silently replaces the other; so each must be written in full.
func unnamespacedKeys(stackFile, project string) ([]error, error) {
	b, err := os.ReadFile(stackFile)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Config yaml.Node `yaml:"config"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, err
	}
	var errs []error
	n := doc.Config
	for i := 0; n.Kind == yaml.MappingNode && i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		if !strings.Contains(k, ":") {
			errs = append(errs, &stackconfig.FieldError{Path: k, Value: k,
				Allowed: fmt.Sprintf("a key with its namespace, %q (without one it is read as %[1]q and silently replaces a %[1]q set beside it; stack file line %d)", project+":"+k, n.Content[i].Line)})
		}
	}
	return errs, nil
}
