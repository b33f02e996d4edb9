package tests

// Preview realism: the first `pulumi preview` of an empty stack knows only
// the program's inputs; every ID and every output Azure computes is unknown
// (testkit preview mode, internal/mockengine/preview.go, says where each rule comes
// from). These tests run both committed stacks and both examples once as an
// update and once as such a preview, and require that the preview registers
// the same resources with the same options, and that the inputs differ only
// where the preview cannot know them.

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"sort"
	"strings"
	"testing"

	network "github.com/pulumi/pulumi-azure-native-sdk/network/v2/v20240501"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	minimal "github.com/privateaks/privateaks/examples/minimal/program"
	spokeexample "github.com/privateaks/privateaks/examples/spoke-into-existing-hub/program"
	"github.com/privateaks/privateaks/internal/stackfile"
	"github.com/privateaks/privateaks/stacks"
	"github.com/privateaks/privateaks/testkit"
)

// modeRun runs one program as an update and as a preview.
type modeRun struct {
	name string
	run  func(t *testing.T, preview bool) *testkit.Mocks
}

func stackRun(stack string) modeRun { return stackRunWith(stack, "", nil) }

// stackRunWith runs a committed stack with one top-level key edited.
func stackRunWith(stack, key string, edit func(map[string]any)) modeRun {
	name := "stack " + stack
	if key != "" {
		name += " with " + key + " edited"
	}
	return modeRun{name, func(t *testing.T, preview bool) *testkit.Mocks {
		s := loadStack(t, stack)
		if key != "" {
			s.Raw = withConfig(t, s.Raw, key, edit)
		}
		m := testkit.New(s.Project, s.Name)
		m.Preview = preview
		if err := m.Run(stacks.Program(s.Raw), testkit.WithConfig(s.Raw.Values, configOption(s))); err != nil {
			t.Fatalf("%s (preview %v): %v", stack, preview, err)
		}
		return m
	}}
}

func exampleRun(dir string, fn pulumi.RunFunc, stackOutputs func(t *testing.T, s stackfile.Stack) map[string]map[string]any) modeRun {
	return modeRun{"example " + dir, func(t *testing.T, preview bool) *testkit.Mocks {
		s, err := stackfile.Load("../examples/"+dir, "dev")
		if err != nil {
			t.Fatal(err)
		}
		m := testkit.New(s.Project, s.Name)
		m.Preview = preview
		if stackOutputs != nil {
			m.StackOutputs = stackOutputs(t, s)
		}
		if err := m.Run(fn, testkit.WithConfig(s.Raw.Values, configOption(s))); err != nil {
			t.Fatalf("%s (preview %v): %v", dir, preview, err)
		}
		return m
	}}
}

// prodHubOutputs answers the spoke example's StackReference with the prod
// stack's planned outputs: the hub exists when the spoke is previewed.
func prodHubOutputs(t *testing.T, s stackfile.Stack) map[string]map[string]any {
	return map[string]map[string]any{s.Raw.Values["privateaks-spoke:hubStack"]: prodOutputs(t)}
}

func previewRuns() []modeRun {
	return []modeRun{
		stackRun("dev"), stackRun("prod"),
		// Flux applied in-cluster through a kubernetes provider whose
		// kubeconfig a first preview cannot know.
		stackRunWith("dev", "flux", func(f map[string]any) {
			f["mode"] = "manifests"
			f["manifests"] = map[string]any{"file": fluxFixture, "version": "v2.4.0"}
		}),
		exampleRun("minimal", minimal.Run, nil),
		exampleRun("spoke-into-existing-hub", spokeexample.Run, prodHubOutputs),
	}
}

func TestPreviewRegistersWhatAnUpdateDoes(t *testing.T) {
	for _, pr := range previewRuns() {
		t.Run(strings.ReplaceAll(pr.name, " ", "_"), func(t *testing.T) {
			t.Parallel()
			upd, pre := pr.run(t, false), pr.run(t, true)
			problems, stats := compareModes(upd.Resources(), pre.Resources())
			for _, p := range problems {
				t.Error(p)
			}
			t.Logf("%s: %d resources; preview inputs: %d unknown, %d zero where Azure computes the value %v", pr.name, stats.resources, stats.unknown, stats.zeroed, stats.zeroPaths)
			var silent []string
			for _, r := range pre.Resources() {
				if r.Custom && len(r.Outputs) == 0 && len(r.Inputs) > 0 {
					silent = append(silent, r.Name)
				}
			}
			sort.Strings(silent)
			t.Logf("%s: %d resources under a provider whose config the preview does not know (no outputs at all)", pr.name, len(silent))
			if strings.Contains(pr.name, "flux edited") && len(silent) == 0 {
				t.Error("in manifests mode the kubernetes provider's kubeconfig is unknown in a first preview, so its resources must answer nothing")
			}
			if stats.unknown == 0 {
				t.Error("the preview knew every input: preview mode is not in effect")
			}
			// The user credentials of a cluster being created cannot be
			// fetched: the SDK skips the invoke on the unknown cluster name.
			for _, inv := range pre.Invokes() {
				if strings.HasSuffix(inv.Token, ":listManagedClusterUserCredentials") {
					t.Errorf("preview invoked %s for a cluster that does not exist yet", inv.Token)
				}
			}
		})
	}
}

type modeStats struct {
	resources, unknown, zeroed int
	// zeroPaths are the inputs a preview sends as zero values (see walk).
	zeroPaths []string
}

// compareModes checks that the preview registered the same resources with
// the same options as the update, and that every input either equals the
// update's, is unknown, or is the zero value the Go SDK gives a computed
// value nested in a known output, where the update's value is one Azure
// computes. It also checks the converse: no known preview input holds a
// value Azure computes.
func compareModes(upd, pre []*testkit.Resource) ([]string, modeStats) {
	var problems []string
	computed := computedStrings(upd, pre)
	u, p := pvByURN(upd), pvByURN(pre)
	var stats modeStats
	for _, urn := range pvUnionKeys(u, p) {
		ru, rp := u[urn], p[urn]
		switch {
		case rp == nil:
			problems = append(problems, fmt.Sprintf("%s: registered by the update, not by the preview", urn))
			continue
		case ru == nil:
			problems = append(problems, fmt.Sprintf("%s: registered by the preview, not by the update", urn))
			continue
		}
		stats.resources++
		for _, d := range optionDiffs(ru, rp) {
			problems = append(problems, fmt.Sprintf("%s: option %s", urn, d))
		}
		d := &inputDiff{computed: computed}
		d.walk("", resource.NewProperty(ru.Inputs), resource.NewProperty(rp.Inputs))
		for _, msg := range d.problems {
			problems = append(problems, fmt.Sprintf("%s: input %s", urn, msg))
		}
		stats.unknown += d.unknown
		stats.zeroed += len(d.zeroPaths)
		for _, zp := range d.zeroPaths {
			stats.zeroPaths = append(stats.zeroPaths, rp.Name+" "+zp)
		}
	}
	return problems, stats
}

func pvByURN(rs []*testkit.Resource) map[string]*testkit.Resource {
	out := map[string]*testkit.Resource{}
	for _, r := range rs {
		out[r.URN] = r
	}
	return out
}

func pvUnionKeys[V any](a, b map[string]V) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range []map[string]V{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

// providerOf drops the provider's ID from a provider reference ("urn::id"):
// a preview gives new providers the engine's unknown ID.
func providerOf(ref string) string {
	if i := strings.LastIndex(ref, "::"); i >= 0 {
		return ref[:i]
	}
	return ref
}

func optionDiffs(u, p *testkit.Resource) []string {
	type opt struct {
		name string
		u, p any
	}
	opts := []opt{
		{"type", u.Type, p.Type}, {"custom", u.Custom, p.Custom}, {"parent", u.Parent, p.Parent},
		{"provider", providerOf(u.Provider), providerOf(p.Provider)},
		{"protect", u.Protect, p.Protect}, {"retainOnDelete", u.RetainOnDelete, p.RetainOnDelete},
		{"deleteBeforeReplace", u.DeleteBeforeReplace, p.DeleteBeforeReplace},
		{"ignoreChanges", sortedCopy(u.IgnoreChanges), sortedCopy(p.IgnoreChanges)},
		{"replaceOnChanges", sortedCopy(u.ReplaceOnChanges), sortedCopy(p.ReplaceOnChanges)},
		{"additionalSecretOutputs", sortedCopy(u.AdditionalSecretOutputs), sortedCopy(p.AdditionalSecretOutputs)},
		{"aliases", sortedCopy(u.Aliases), sortedCopy(p.Aliases)},
		{"deletedWith", u.DeletedWith, p.DeletedWith},
		{"customTimeouts", u.CustomTimeouts, p.CustomTimeouts},
		{"dependsOn", u.Dependencies, p.Dependencies},
		{"propertyDependencies", u.PropertyDependencies, p.PropertyDependencies},
	}
	var out []string
	for _, o := range opts {
		a, _ := json.Marshal(o.u)
		b, _ := json.Marshal(o.p)
		if string(a) != string(b) {
			out = append(out, fmt.Sprintf("%s: update %s, preview %s", o.name, a, b))
		}
	}
	return out
}

func sortedCopy(s []string) []string {
	out := append([]string{}, s...)
	sort.Strings(out)
	return out
}

// computedStrings are the values the mocked Azure computed in the update:
// what the update answered for a resource (its ID and outputs) beyond its
// inputs, and the preview did not answer for it. Reads (a StackReference to an existing
// hub) answer alike in both modes, so nothing they return counts. The
// tenant and subscription are read live by getClientConfig in a preview
// too (the testkit's defaults; no test here changes them).
func computedStrings(upd, pre []*testkit.Resource) map[string]bool {
	out := map[string]bool{}
	p := pvByURN(pre)
	for _, r := range upd {
		rp := p[r.URN]
		if rp == nil || !r.Custom {
			continue
		}
		answered := map[string]bool{rp.ID: true}
		collectStrings(resource.NewProperty(rp.Outputs), func(s string) { answered[s] = true })
		collectStrings(resource.NewProperty(r.Inputs), func(s string) { answered[s] = true })
		if !answered[r.ID] {
			out[r.ID] = true
		}
		collectStrings(resource.NewProperty(r.Outputs), func(s string) {
			if !answered[s] {
				out[s] = true
			}
		})
	}
	for _, live := range []string{testkit.DefaultTenantID, testkit.DefaultSubscriptionID, ""} {
		delete(out, live)
	}
	return out
}

func collectStrings(v resource.PropertyValue, fn func(string)) {
	v = testkit.Unsecret(v)
	switch {
	case v.IsString():
		fn(v.StringValue())
	case v.IsArray():
		for _, e := range v.ArrayValue() {
			collectStrings(e, fn)
		}
	case v.IsObject():
		for _, e := range v.ObjectValue() {
			collectStrings(e, fn)
		}
	}
}

type inputDiff struct {
	computed  map[string]bool
	problems  []string
	unknown   int
	zeroPaths []string
}

func pvUnwrap(v resource.PropertyValue) (resource.PropertyValue, bool) {
	secret := false
	for v.IsSecret() {
		secret = true
		v = v.SecretValue().Element
	}
	return v, secret
}

// holdsComputed reports whether v contains a value Azure computes (or is
// derived from one, e.g. an ARM ID with a suffix).
func (d *inputDiff) holdsComputed(v resource.PropertyValue) bool {
	found := false
	collectStrings(v, func(s string) {
		for c := range d.computed {
			if len(c) >= 8 && strings.Contains(s, c) {
				found = true
				return
			}
		}
	})
	return found
}

func pvIsZero(v resource.PropertyValue) bool {
	return v.IsNull() || (v.IsString() && v.StringValue() == "")
}

func (d *inputDiff) walk(path string, u, p resource.PropertyValue) {
	u, us := pvUnwrap(u)
	p, ps := pvUnwrap(p)
	if p.IsComputed() || (p.IsOutput() && !p.OutputValue().Known) {
		d.unknown++
		return
	}
	if us != ps && !pvIsZero(p) {
		d.problems = append(d.problems, fmt.Sprintf("%s: secret in the update %v, in the preview %v", orRoot(path), us, ps))
	}
	switch {
	case u.IsObject() && p.IsObject():
		uo, po := u.ObjectValue(), p.ObjectValue()
		keys := map[resource.PropertyKey]bool{}
		for k := range uo {
			keys[k] = true
		}
		for k := range po {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, string(k))
		}
		sort.Strings(sorted)
		for _, k := range sorted {
			uv, uok := uo[resource.PropertyKey(k)]
			pv, pok := po[resource.PropertyKey(k)]
			if !uok {
				uv = resource.NewNullProperty()
			}
			if !pok {
				pv = resource.NewNullProperty()
			}
			d.walk(pvJoin(path, k), uv, pv)
		}
	case u.IsArray() && p.IsArray() && len(u.ArrayValue()) == len(p.ArrayValue()):
		for i := range u.ArrayValue() {
			d.walk(fmt.Sprintf("%s[%d]", path, i), u.ArrayValue()[i], p.ArrayValue()[i])
		}
	case u.DeepEquals(p):
		// Known and equal: the preview must not know what Azure computes.
		if !u.IsNull() && d.holdsComputed(u) {
			d.problems = append(d.problems, fmt.Sprintf("%s: the preview knows %s, a value Azure computes", orRoot(path), pvShort(u)))
		}
	case pvIsZero(p) && d.holdsComputed(u):
		// A computed value nested in a known output: the Go SDK resolves
		// it to the zero value (internal/mockengine/preview.go).
		d.zeroPaths = append(d.zeroPaths, orRoot(path))
	default:
		d.problems = append(d.problems, fmt.Sprintf("%s: update %s, preview %s", orRoot(path), pvShort(u), pvShort(p)))
	}
}

func pvJoin(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

func orRoot(path string) string {
	if path == "" {
		return "(inputs)"
	}
	return path
}

func pvShort(v resource.PropertyValue) string {
	b, _ := json.Marshal(v.Mappable())
	s := string(b)
	if len(s) > 120 {
		s = s[:120] + "..."
	}
	return s
}

// TestPreviewCanFail proves the comparison and the mode can fail: a program
// that reads the firewall's private IP in an apply works in an update and
// fails in a preview, as it would in a real first preview; and a preview
// that registered a different resource, or knew a computed value, is
// reported.
func TestPreviewCanFail(t *testing.T) {
	program := func(ctx *pulumi.Context) error {
		fw, err := network.NewAzureFirewall(ctx, "fw", &network.AzureFirewallArgs{
			ResourceGroupName: pulumi.String("rg"),
			AzureFirewallName: pulumi.String("afw"),
			IpConfigurations: network.AzureFirewallIPConfigurationArray{&network.AzureFirewallIPConfigurationArgs{
				Name:   pulumi.String("ipconfig"),
				Subnet: &network.SubResourceArgs{Id: pulumi.String("/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/AzureFirewallSubnet")},
			}},
		})
		if err != nil {
			return err
		}
		// Indexing the computed IP: known in an update, the zero value in
		// a preview (nested in the known ipConfigurations).
		ctx.Export("firewallIp", fw.IpConfigurations.Index(pulumi.Int(0)).PrivateIPAddress().ApplyT(func(ip string) (string, error) {
			if _, err := netip.ParseAddr(ip); err != nil {
				return "", fmt.Errorf("firewall private IP %q: %w", ip, err)
			}
			return ip, nil
		}))
		return nil
	}
	if _, err := testkit.Run("p", "s", program); err != nil {
		t.Fatalf("update: %v", err)
	}
	_, err := testkit.Run("p", "s", program, testkit.Preview())
	if err == nil || !strings.Contains(err.Error(), `firewall private IP ""`) {
		t.Fatalf("preview: want the apply to fail on the empty private IP, got %v", err)
	}

	// The comparison reports a resource only one mode registered, a changed
	// option and a known computed value.
	two := func(extra, protect bool) pulumi.RunFunc {
		return func(ctx *pulumi.Context) error {
			_, err := network.NewVirtualNetwork(ctx, "vnet", &network.VirtualNetworkArgs{ResourceGroupName: pulumi.String("rg")}, pulumi.Protect(protect))
			if err != nil {
				return err
			}
			if extra {
				_, err = network.NewNetworkSecurityGroup(ctx, "nsg", &network.NetworkSecurityGroupArgs{ResourceGroupName: pulumi.String("rg")})
			}
			return err
		}
	}
	upd, _ := testkit.Run("p", "s", two(true, true))
	pre, _ := testkit.Run("p", "s", two(false, false), testkit.Preview())
	problems, _ := compareModes(upd.Resources(), pre.Resources())
	got := strings.Join(problems, "\n")
	for _, want := range []string{"NetworkSecurityGroup::nsg: registered by the update, not by the preview", "VirtualNetwork::vnet: option protect: update true, preview false"} {
		if !strings.Contains(got, want) {
			t.Errorf("comparison misses %q in:\n%s", want, got)
		}
	}
	// A preview that knew the ID of a resource being created.
	leak, _ := testkit.Run("p", "s", two(false, true))
	pre2, _ := testkit.Run("p", "s", two(false, true), testkit.Preview())
	vnetID := leak.Resources()[0].ID
	pre2.Resources()[0].Inputs["subnetRef"] = resource.NewProperty(vnetID + "/subnets/a")
	leak.Resources()[0].Inputs["subnetRef"] = resource.NewProperty(vnetID + "/subnets/a")
	problems, _ = compareModes(leak.Resources(), pre2.Resources())
	if got := strings.Join(problems, "\n"); !strings.Contains(got, "subnetRef: the preview knows") {
		t.Errorf("comparison misses a known computed value:\n%s", got)
	}
}
