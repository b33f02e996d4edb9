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
	"path/filepath"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/diag"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag/colors"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"

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
	return Stack{Project: string(proj.Name), Name: stack, Raw: raw}, nil
}

// UndeclaredKeys are read by the program but deliberately absent from
// Pulumi.yaml: the Flux Git credentials. A declared secret cannot take a
// default (the CLI would demand the default be encrypted), so declaring them
// would make them required of every stack. stacks/stackconfig checks them
// instead: required with the auth mode that uses them, and always secret.
var UndeclaredKeys = []string{"fluxHttpsToken", "fluxSshPrivateKey"}
