// Package stacks composes the privateaks components into hub-spoke stacks:
// one hub, the private DNS zones, and per spoke a spoke network with one
// private cluster, its identities and Flux. main.go only calls Run; the
// offline plan and the tests call Program with config read from the stack
// files, so every path runs the same composition.
package stacks

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/stacks/stackconfig"
)

// Run is the program: it reads config the way the engine hands it over and
// deploys the stack. main.go is `pulumi.Run(stacks.Run)`.
func Run(ctx *pulumi.Context) error {
	raw, err := EngineConfig()
	if err != nil {
		return err
	}
	return Program(raw)(ctx)
}

// EngineConfig reads the config the Pulumi engine passes to a Go program
// (PULUMI_CONFIG, a JSON object of "namespace:key" to string, and
// PULUMI_CONFIG_SECRET_KEYS) — the same variables the Go SDK itself reads.
// Reading them whole, rather than key by key, is what lets unknown keys be
// reported instead of silently ignored.
func EngineConfig() (stackconfig.Raw, error) {
	raw := stackconfig.Raw{Values: map[string]string{}, Secrets: map[string]bool{}}
	if s := os.Getenv(pulumi.EnvConfig); s != "" {
		if err := json.Unmarshal([]byte(s), &raw.Values); err != nil {
			return raw, fmt.Errorf("reading %s from the engine: %w", pulumi.EnvConfig, err)
		}
	}
	if s := os.Getenv(pulumi.EnvConfigSecretKeys); s != "" {
		var keys []string
		if err := json.Unmarshal([]byte(s), &keys); err != nil {
			return raw, fmt.Errorf("reading %s from the engine: %w", pulumi.EnvConfigSecretKeys, err)
		}
		for _, k := range keys {
			raw.Secrets[k] = true
		}
	}
	return raw, nil
}

// Program returns the run function for a stack's raw config: load, default
// and validate it (every problem at once, nothing registered on error), then
// deploy and export the outputs.
func Program(raw stackconfig.Raw) pulumi.RunFunc { return ProgramWith(raw, nil) }

// ProgramWith is Program with a hook that runs after the stack is composed
// and its outputs exported; the offline plan uses it to read the outputs.
func ProgramWith(raw stackconfig.Raw, after func(ctx *pulumi.Context, d *Deployment) error) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		cfg, err := LoadConfig(ctx, raw)
		if err != nil {
			return err
		}
		d, err := Deploy(ctx, cfg)
		if err != nil {
			return err
		}
		for _, k := range slices.Sorted(maps.Keys(d.Outputs)) {
			ctx.Export(k, d.Outputs[k])
		}
		if after != nil {
			return after(ctx, d)
		}
		return nil
	}
}

// LoadConfig loads, defaults and validates a stack's raw config (every
// problem at once) and warns about the placeholder Entra IDs an unprotected
// stack deploys with (a protected one was refused by Load), in the CLI's
// output. Program and the component package's Stack both start here.
func LoadConfig(ctx *pulumi.Context, raw stackconfig.Raw) (stackconfig.Config, error) {
	cfg, err := stackconfig.Load(raw)
	if err != nil {
		return cfg, err
	}
	for _, id := range stackconfig.PlaceholderIDs(cfg) {
		if err := ctx.Log.Warn(stackconfig.PlaceholderWarning(id), nil); err != nil {
			return cfg, err
		}
	}
	return cfg, nil
}
