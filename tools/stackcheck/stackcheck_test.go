package stackcheck

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	pkgworkspace "github.com/pulumi/pulumi/pkg/v3/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag/colors"
	"github.com/pulumi/pulumi/sdk/v3/go/common/esc"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"

	"github.com/privateaks/privateaks/internal/stackfile"
)

// A case is one project file and one stack file. accept says what the CLI
// must answer (the committed stacks must pass; the incomplete ones must not),
// so the test also fails if both sides wrongly agree.
type stackCase struct {
	name, project, stack string
	accept               bool
}

const root = "../.."

func cases(t *testing.T) []stackCase {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	proj := filepath.Join(root, "Pulumi.yaml")
	secretProj := write("Pulumi.yaml", "name: p\nruntime: go\nconfig:\n  token:\n    type: string\n    secret: true\n  size:\n    type: integer\n    default: 3\n  names:\n    type: array\n    items:\n      type: string\n    default: []\n")
	// A declared secret with a default: the CLI merges the default as plain
	// text and then refuses it, so a secret cannot be made optional this way.
	secretDefault := write("Pulumi.secretdefault-project.yaml", "name: p\nruntime: go\nconfig:\n  token:\n    type: string\n    secret: true\n    default: \"\"\n")
	required := "config:\n  privateaks:location: westeurope\n  privateaks:prefix: paks\n  privateaks:environment: test\n" +
		"  privateaks:spokes:\n    a:\n      addressSpace: 10.240.0.0/16\n"
	cs := []stackCase{
		{"committed dev", proj, filepath.Join(root, "Pulumi.dev.yaml"), true},
		{"committed prod", proj, filepath.Join(root, "Pulumi.prod.yaml"), true},
		{"example minimal", filepath.Join(root, "examples/minimal/Pulumi.yaml"), filepath.Join(root, "examples/minimal/Pulumi.dev.yaml"), true},
		{"example spoke-into-existing-hub", filepath.Join(root, "examples/spoke-into-existing-hub/Pulumi.yaml"), filepath.Join(root, "examples/spoke-into-existing-hub/Pulumi.dev.yaml"), true},
		{"only the required keys", proj, write("Pulumi.required.yaml", required), true},
		{"a credential as a secret", proj, write("Pulumi.cred.yaml", required+"  privateaks:fluxHttpsToken:\n    secure: AAABAKZ1dGRhdGE=\n"), true},
		{"empty stack file", proj, write("Pulumi.empty.yaml", "config: {}\n"), false},
		{"no spokes", proj, write("Pulumi.nospokes.yaml", "config:\n  privateaks:location: westeurope\n  privateaks:prefix: paks\n  privateaks:environment: test\n"), false},
		{"no location, prefix", proj, write("Pulumi.noloc.yaml", "config:\n  privateaks:environment: test\n  privateaks:spokes: {}\n"), false},
		{"other namespace only", proj, write("Pulumi.other.yaml", "config:\n  azure-native:location: westeurope\n"), false},
		{"protect not a boolean", proj, write("Pulumi.badbool.yaml", required+"  privateaks:protect: maybe\n"), false},
		{"waivers not an array", proj, write("Pulumi.badarr.yaml", required+"  privateaks:waivers: none\n"), false},
		{"hub not an object", proj, write("Pulumi.badobj.yaml", required+"  privateaks:hub: [1]\n"), false},
		{"acknowledgeReplacement of numbers", proj, write("Pulumi.badack.yaml", required+"  privateaks:acknowledgeReplacement: [1, 2]\n"), false},
		{"declared secret, encrypted", secretProj, write("Pulumi.s1.yaml", "config:\n  p:token:\n    secure: AAABAKZ1dGRhdGE=\n"), true},
		{"declared secret, plaintext", secretProj, write("Pulumi.s2.yaml", "config:\n  p:token: ghp_x\n"), false},
		{"declared secret, missing", secretProj, write("Pulumi.s3.yaml", "config:\n  p:size: 4\n"), false},
		{"declared secret with a default, unset", secretDefault, write("Pulumi.s5.yaml", "config: {}\n"), false},
		{"integer not an integer", secretProj, write("Pulumi.s4.yaml", "config:\n  p:token:\n    secure: AAABAKZ1dGRhdGE=\n  p:size: four\n"), false},
		// The project file as it was before issue 13: the committed stacks lack
		// its keys without defaults, so the CLI refuses them.
		{"dev against the project before issue 13", "testdata/Pulumi.before-issue-13.yaml", filepath.Join(root, "Pulumi.dev.yaml"), false},
		{"prod against the project before issue 13", "testdata/Pulumi.before-issue-13.yaml", filepath.Join(root, "Pulumi.prod.yaml"), false},
	}
	if p := os.Getenv("STACKCHECK_PROJECT"); p != "" {
		// Lets a person hold another project file (e.g. an older Pulumi.yaml)
		// against the committed stacks: go test -run . with STACKCHECK_PROJECT set.
		for i := range cs {
			if cs[i].project == proj {
				cs[i].project = p
			}
		}
	}
	return cs
}

func load(t *testing.T, projectFile, stackFile string) (*workspace.Project, config.Map) {
	t.Helper()
	proj, err := workspace.LoadProject(projectFile)
	if err != nil {
		t.Fatal(err)
	}
	sink := diag.DefaultSink(io.Discard, io.Discard, diag.FormatOptions{Color: colors.Never})
	ps, err := workspace.LoadProjectStack(sink, proj, stackFile)
	if err != nil {
		t.Fatal(err)
	}
	return proj, ps.Config
}

func stackName(file string) string {
	return strings.TrimSuffix(strings.TrimPrefix(filepath.Base(file), "Pulumi."), ".yaml")
}

// TestStackfileAgreesWithTheCLI: for every case, the CLI's function and
// ours accept or refuse alike; a refusal of ours carries the CLI's message;
// an acceptance yields the same merged config (defaults applied).
func TestStackfileAgreesWithTheCLI(t *testing.T) {
	for _, c := range cases(t) {
		t.Run(c.name, func(t *testing.T) {
			name := stackName(c.stack)
			proj, cliMap := load(t, c.project, c.stack)
			cliErr := pkgworkspace.ValidateStackConfigAndApplyProjectConfig(context.Background(), name, proj,
				esc.Value{}, cliMap, config.NopEncrypter, config.NewBlindingDecrypter())
			proj, ourMap := load(t, c.project, c.stack)
			raw, ourErr := stackfile.ApplyProject(name, proj, ourMap)

			if (cliErr == nil) != c.accept {
				t.Fatalf("the CLI answers %v for %s against %s; the case expects accept=%v", cliErr, c.stack, c.project, c.accept)
			}
			switch {
			case cliErr == nil && ourErr != nil:
				t.Fatalf("the CLI accepts %s; internal/stackfile refuses it: %v", c.stack, ourErr)
			case cliErr != nil && ourErr == nil:
				t.Fatalf("the CLI refuses %s (%v); internal/stackfile accepts it", c.stack, cliErr)
			case cliErr != nil:
				if !strings.Contains(ourErr.Error(), cliErr.Error()) {
					t.Fatalf("both refuse %s, but ours does not say what the CLI says:\nCLI:  %v\nours: %v", c.stack, cliErr, ourErr)
				}
				t.Logf("both refuse: %v", cliErr)
			default:
				want, err := cliMap.Decrypt(config.NewBlindingDecrypter())
				if err != nil {
					t.Fatal(err)
				}
				var diffs []string
				for k, v := range want {
					if raw.Values[k.String()] != v {
						diffs = append(diffs, k.String()+": CLI "+v+", ours "+raw.Values[k.String()])
					}
				}
				if len(raw.Values) != len(want) {
					diffs = append(diffs, "key counts differ")
				}
				for _, k := range cliMap.SecureKeys() {
					if !raw.Secrets[k.String()] {
						diffs = append(diffs, k.String()+": secret for the CLI, not for ours")
					}
				}
				sort.Strings(diffs)
				if len(diffs) > 0 {
					t.Fatalf("both accept %s, but the program would see other config:\n%s", c.stack, strings.Join(diffs, "\n"))
				}
			}
		})
	}
}
