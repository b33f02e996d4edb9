// Package stack serves the whole stack (stacks/) as one component: its
// args are the stack config, the same keys and values a Pulumi.<stack>.yaml
// holds under the privateaks namespace (docs/config.md), and it runs the
// same loading, validation and composition as the Go program (stacks.
// LoadConfig and stacks.DeployUnder), with every resource its child.
package stack

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"

	"github.com/privateaks/privateaks/stacks"
	"github.com/privateaks/privateaks/stacks/stackconfig"
)

// Type is the component's type token.
const Type = "privateaks:index:Stack"

// StackArgs is the stack config.
type StackArgs struct {
	Config       map[string]any        `pulumi:"config"`
	SecretConfig pulumi.StringMapInput `pulumi:"secretConfig,optional" provider:"secret"`
}

// Annotate describes the args.
func (a *StackArgs) Annotate(an infer.Annotator) {
	an.Describe(&a.Config, "Config is the stack config: the keys of the privateaks namespace without it (location, prefix, environment, protect, tags, hub, spokes, dns, flux, waivers, ...; docs/config.md), structured values as objects. It is loaded, defaulted and validated exactly as a Pulumi.<stack>.yaml is, and every problem is reported at once with its key path.")
	an.Describe(&a.SecretConfig, "SecretConfig holds the credentials (fluxSshPrivateKey, fluxSshKnownHosts, fluxHttpsUsername, fluxHttpsToken); each is treated as a secret config value.")
}

// Stack is the deployed stack.
type Stack struct {
	pulumi.ResourceState

	Outputs     pulumi.MapOutput       `pulumi:"outputs"`
	Kubeconfigs pulumi.StringMapOutput `pulumi:"kubeconfigs" provider:"secret"`
}

// Annotate sets the token and describes the component.
func (r *Stack) Annotate(an infer.Annotator) {
	an.SetToken("index", "Stack")
	an.Describe(r, "Stack is a whole privateaks stack (hub, private DNS, and per spoke a spoke network with one private cluster, its identities and Flux) from the stack config, composed exactly as the Go program composes it.")
	an.Describe(&r.Outputs, "Outputs are the stack outputs the Go program exports (hubVnetId, clusterIds, privateFqdns, ...), by name, except the kubeconfigs.")
	an.Describe(&r.Kubeconfigs, "Kubeconfigs are the clusters' user kubeconfigs by spoke (the program's kubeconfigs output), secret. They are apart from outputs so that the other outputs are not secret too.")
}

// Raw turns the args into the config the engine hands the Go program: full
// keys ("privateaks:hub"), strings as they are and other values as JSON.
func Raw(ctx *pulumi.Context, args StackArgs) (stackconfig.Raw, error) {
	raw := stackconfig.Raw{Values: map[string]string{}, Secrets: map[string]bool{}}
	for _, k := range slices.Sorted(maps.Keys(args.Config)) {
		v := args.Config[k]
		if s, ok := v.(string); ok {
			raw.Values[stackconfig.Namespace+":"+k] = s
			continue
		}
		b, err := json.Marshal(v)
		if err != nil {
			return raw, fmt.Errorf("config.%s: %w", k, err)
		}
		raw.Values[stackconfig.Namespace+":"+k] = string(b)
	}
	if args.SecretConfig == nil {
		return raw, nil
	}
	// The credentials decide nothing about the graph, but the loader takes
	// them as values (as the engine hands them to a Go program).
	res, err := internals.UnsafeAwaitOutput(ctx.Context(), args.SecretConfig.ToStringMapOutput())
	if err != nil {
		return raw, err
	}
	if !res.Known {
		return raw, fmt.Errorf("secretConfig: the values must be known when the stack is constructed")
	}
	for k, v := range res.Value.(map[string]string) {
		raw.Values[stackconfig.Namespace+":"+k] = v
		raw.Secrets[stackconfig.Namespace+":"+k] = true
	}
	return raw, nil
}

// NewStack loads and validates the config (nothing is registered on an
// error), then registers the component and deploys the stack under it.
func NewStack(ctx *pulumi.Context, name string, args StackArgs, opts ...pulumi.ResourceOption) (*Stack, error) {
	raw, err := Raw(ctx, args)
	if err != nil {
		return nil, err
	}
	cfg, err := stacks.LoadConfig(ctx, raw)
	if err != nil {
		return nil, err
	}
	comp := &Stack{}
	if err := ctx.RegisterComponentResource(Type, name, comp, opts...); err != nil {
		return nil, err
	}
	d, err := stacks.DeployUnder(ctx, cfg, pulumi.Parent(comp))
	if err != nil {
		return nil, err
	}
	outputs := pulumi.Map{}
	for k, v := range d.Outputs {
		if k != "kubeconfigs" {
			outputs[k] = v
		}
	}
	kc, ok := d.Outputs["kubeconfigs"].(pulumi.StringMapOutput)
	if !ok {
		return nil, fmt.Errorf("%s %q: the kubeconfigs output is a %T, not a string map", Type, name, d.Outputs["kubeconfigs"])
	}
	comp.Outputs, comp.Kubeconfigs = outputs.ToMapOutput(), kc
	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{"outputs": comp.Outputs, "kubeconfigs": comp.Kubeconfigs}); err != nil {
		return nil, err
	}
	return comp, nil
}
