//go:build e2e

package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/stacks"
	"github.com/privateaks/privateaks/stacks/stackconfig"
)

// plugins are the packages the program's resources come from, at the
// versions its SDK modules request (their pulumi-plugin.json). Every Azure
// resource and invoke uses the explicit azure-native provider, from the
// v2.90.0 SDK, so 2.79.0 (the service modules pinned there) is deliberately
// not installed: a resource or invoke falling back to a default provider
// fails to load its plugin instead of passing unnoticed.
var plugins = [][2]string{
	{"azure-native", "2.90.0"},
	{"azure", "6.28.0"},
	{"kubernetes", "4.33.0"},
}

const repo = "../.."

// env is the engine every stack of the test runs under.
type env struct {
	cli      auto.PulumiCommand
	cliPath  string
	home     string
	backend  string
	envVars  map[string]string
	provider string
}

func step(t *testing.T, format string, args ...any) {
	t.Helper()
	t.Logf(format, args...)
}

// newEnv finds or builds the CLI, builds the test provider and installs it
// as each plugin into a fresh PULUMI_HOME.
func newEnv(t *testing.T) *env {
	t.Helper()
	start := time.Now()
	cliPath := os.Getenv("PRIVATEAKS_PULUMI")
	if cliPath == "" {
		out, err := exec.Command(filepath.Join(repo, "scripts/pulumi-cli.sh")).Output()
		if err != nil {
			t.Fatalf("building the Pulumi CLI (scripts/pulumi-cli.sh): %v", err)
		}
		cliPath = strings.TrimSpace(string(out))
	}
	// auto.NewPulumiCommand wants ROOT/bin/pulumi.
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(cliPath, filepath.Join(root, "bin", "pulumi")); err != nil {
		t.Fatal(err)
	}
	cli, err := auto.NewPulumiCommand(&auto.PulumiCommandOptions{Root: root, SkipVersionCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{cli: cli, cliPath: cliPath, home: t.TempDir(), backend: "file://" + t.TempDir()}
	e.envVars = map[string]string{
		"PULUMI_HOME":                          e.home,
		"PULUMI_BACKEND_URL":                   e.backend,
		"PULUMI_CONFIG_PASSPHRASE":             "e2e-test-passphrase",
		"PULUMI_SKIP_UPDATE_CHECK":             "true",
		"PULUMI_DIY_BACKEND_NO_LEGACY_WARNING": "true",
		// The plugins are installed from files; nothing may be downloaded.
		"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
	}
	if p := os.Getenv("PRIVATEAKS_TEST_PROVIDER_LOG"); p != "" {
		e.envVars["PRIVATEAKS_TEST_PROVIDER_LOG"] = p
	}
	step(t, "pulumi CLI %s (%s)", e.version(t), cliPath)

	bin := filepath.Join(t.TempDir(), "pulumi-resource-privateaks-test")
	build := exec.Command("go", "build", "-o", bin, "./internal/e2e/cmd/pulumi-resource-privateaks-test")
	build.Dir = repo
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the test provider: %v\n%s", err, out)
	}
	for _, p := range plugins {
		e.pulumi(t, "plugin", "install", "resource", p[0], p[1], "--file", bin)
	}
	step(t, "setup: CLI, test provider and %d plugins in %s", len(plugins), time.Since(start).Round(time.Second))
	return e
}

func (e *env) command(args ...string) *exec.Cmd {
	c := exec.Command(e.cliPath, args...)
	c.Env = os.Environ()
	for k, v := range e.envVars {
		c.Env = append(c.Env, k+"="+v)
	}
	return c
}

func (e *env) pulumi(t *testing.T, args ...string) string {
	t.Helper()
	out, err := e.command(args...).CombinedOutput()
	if err != nil {
		t.Fatalf("pulumi %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (e *env) version(t *testing.T) string {
	return strings.TrimSpace(e.pulumi(t, "version"))
}

// program is the inline program: what main.go runs, with the config the
// engine hands it. An inline program gets its config through the context
// rather than PULUMI_CONFIG, so it is read key by key (every key the
// program knows, with its secretness).
func program(ctx *pulumi.Context) error {
	raw := stackconfig.Raw{Values: map[string]string{}, Secrets: map[string]bool{}}
	for _, k := range stackconfig.Keys() {
		full := stackconfig.Namespace + ":" + k
		if v, ok := ctx.GetConfig(full); ok {
			raw.Values[full] = v
			if ctx.IsConfigSecret(full) {
				raw.Secrets[full] = true
			}
		}
	}
	return stacks.Program(raw)(ctx)
}

// stack creates a stack in a fresh project directory holding the real
// Pulumi.yaml and the given stack file body.
func (e *env) stack(t *testing.T, name string, stackFile []byte) (auto.Stack, string) {
	t.Helper()
	return e.stackWithEnv(t, name, stackFile, nil)
}

// stackWithEnv is stack with extra environment for the CLI and the plugins
// it starts.
func (e *env) stackWithEnv(t *testing.T, name string, stackFile []byte, extra map[string]string) (auto.Stack, string) {
	t.Helper()
	vars := map[string]string{}
	for k, v := range e.envVars {
		vars[k] = v
	}
	for k, v := range extra {
		vars[k] = v
	}
	dir := t.TempDir()
	proj, err := os.ReadFile(filepath.Join(repo, "Pulumi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for file, body := range map[string][]byte{"Pulumi.yaml": proj, "Pulumi." + name + ".yaml": stackFile} {
		if err := os.WriteFile(filepath.Join(dir, file), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	ws, err := auto.NewLocalWorkspace(ctx, auto.WorkDir(dir), auto.Program(program), auto.Pulumi(e.cli),
		auto.PulumiHome(e.home), auto.EnvVars(vars))
	if err != nil {
		t.Fatal(err)
	}
	s, err := auto.UpsertStack(ctx, name, ws)
	if err != nil {
		t.Fatal(err)
	}
	return s, dir
}
