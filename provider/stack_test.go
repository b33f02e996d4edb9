package main

import (
	"encoding/json"
	"maps"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/privateaks/privateaks/internal/stackfile"
	"github.com/privateaks/privateaks/stacks"
	"github.com/privateaks/privateaks/stacks/stackconfig"
	"github.com/privateaks/privateaks/testkit"
)

// stackInputs turns a stack file's config into the Stack component's
// inputs, as a program in another language writes them: the privateaks
// keys without their namespace, structured values as objects.
func stackInputs(t *testing.T, raw stackconfig.Raw) map[string]any {
	t.Helper()
	cfg := map[string]any{}
	for full, v := range raw.Values {
		key, ok := strings.CutPrefix(full, stackconfig.Namespace+":")
		if !ok {
			continue
		}
		if raw.Secrets[full] {
			t.Fatalf("%s: the sample stacks hold no secrets", full)
		}
		var parsed any
		if json.Unmarshal([]byte(v), &parsed) == nil && (strings.HasPrefix(v, "{") || strings.HasPrefix(v, "[") || v == "true" || v == "false") {
			cfg[key] = parsed
		} else {
			cfg[key] = v
		}
	}
	return map[string]any{"config": cfg}
}

// underStack maps a registration made under the Stack component to the URN
// the same resource has in the Go program, where the stack is the root.
func underStack(m *testkit.Mocks) map[string]record {
	out := map[string]record{}
	strip := func(u string) string { return strings.Replace(u, "privateaks:index:Stack$", "", 1) }
	for u, r := range records(m) {
		if r.Type == "privateaks:index:Stack" {
			continue
		}
		if strings.HasSuffix(r.Parent, "::privateaks:index:Stack::dev") {
			r.Parent = ""
		}
		r.Parent = strip(r.Parent)
		out[strip(u)] = r
	}
	return out
}

// TestStackMatchesProgram constructs the dev sample stack through the
// provider and expects the registrations the Go program (stacks.Program,
// what `pulumi up` runs) makes for the same config: every resource, input,
// parent (the component in place of the stack root) and option.
func TestStackMatchesProgram(t *testing.T) {
	st, err := stackfile.Load("..", "dev")
	if err != nil {
		t.Fatal(err)
	}
	got, resp, err := construct(t, "privateaks:index:Stack", "dev", stackInputs(t, st.Raw))
	if err != nil {
		t.Fatalf("construct: %v", err)
	}
	want, err := testkit.Run("project", "stack", stacks.Program(st.Raw))
	if err != nil {
		t.Fatalf("program: %v", err)
	}
	// Every resource is the Stack's descendant (underStack's mapping would
	// hide one registered without the parent).
	for _, r := range got.Resources() {
		if r.Type != "privateaks:index:Stack" && !strings.Contains(r.URN, "privateaks:index:Stack$") {
			t.Errorf("%s %s is not under the Stack component", r.Type, r.Name)
		}
	}
	w, g := records(want), underStack(got)
	if d := diffRecords(w, g); d != "" {
		t.Error(d)
	}
	if len(w) < 100 {
		t.Errorf("the dev stack registers only %d resources", len(w))
	}
	t.Logf("dev stack: %d registrations either way", len(w))
	// The comparison can fail: the same stack without its Flux config (or
	// in another region) is not what the program registers.
	for name, edit := range map[string]func(map[string]any){
		"no tags":      func(c map[string]any) { delete(c, "tags") },
		"other region": func(c map[string]any) { c["location"] = "northeurope" },
	} {
		in := stackInputs(t, st.Raw)
		edit(in["config"].(map[string]any))
		other, _, err := construct(t, "privateaks:index:Stack", "dev", in)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if diffRecords(w, underStack(other)) == "" {
			t.Errorf("%s: the comparison saw no difference", name)
		}
	}
	outs, ok := resp.State.GetOk("outputs")
	if !ok || !outs.IsMap() {
		t.Fatalf("no outputs map: %v", resp.State)
	}
	if outs.Secret() {
		t.Errorf("the stack's outputs came back secret as a whole")
	}
	kc, ok := resp.State.GetOk("kubeconfigs")
	if !ok || !kc.Secret() || !kc.IsMap() && !kc.IsComputed() {
		t.Errorf("kubeconfigs is %v, want a secret map", kc)
	}
	if _, ok := outs.AsMap().GetOk("kubeconfigs"); ok {
		t.Errorf("outputs still holds the kubeconfigs")
	}
	for _, k := range []string{"hubVnetId", "clusterIds", "privateFqdns", "firewallPrivateIp"} {
		if _, ok := outs.AsMap().GetOk(k); !ok {
			t.Errorf("outputs.%s missing", k)
		}
	}
}

// TestStackValidationNamesTheKey: a bad config value fails the Construct
// with the loader's error, naming the full config key and the bad value,
// and nothing is registered.
func TestStackValidationNamesTheKey(t *testing.T) {
	st, err := stackfile.Load("..", "dev")
	if err != nil {
		t.Fatal(err)
	}
	in := stackInputs(t, st.Raw)
	cfg := in["config"].(map[string]any)
	blue := cfg["spokes"].(map[string]any)["blue"].(map[string]any)
	blue["cluster"].(map[string]any)["network"] = map[string]any{"podCidr": "10.244.0.0/33"}
	cfg["prefx"] = "typo"
	m, _, err := construct(t, "privateaks:index:Stack", "dev", in)
	if err == nil {
		t.Fatal("construct accepted a bad config")
	}
	for _, w := range []string{"spokes.blue.cluster.network.podCidr", `10.244.0.0/33`, "prefx"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error does not name %s:\n%v", w, err)
		}
	}
	if n := len(m.Resources()); n != 0 {
		t.Errorf("%d resources registered before the error", n)
	}
}

// TestStackSecretConfig: credentials passed in secretConfig reach the
// loader as secret config values, so the stack is the one the Go program
// deploys when the stack file holds them as `secure:` values; the same
// token in plain config is refused as the loader refuses it.
func TestStackSecretConfig(t *testing.T) {
	st, err := stackfile.Load("..", "dev")
	if err != nil {
		t.Fatal(err)
	}
	const token = "ghp_stackSecretToken0123"
	// The Go program's config: flux over HTTPS with a secret token.
	raw := stackconfig.Raw{Values: maps.Clone(st.Raw.Values), Secrets: maps.Clone(st.Raw.Secrets)}
	var flux map[string]any
	if err := json.Unmarshal([]byte(raw.Values["privateaks:flux"]), &flux); err != nil {
		t.Fatal(err)
	}
	flux["auth"] = "https"
	b, _ := json.Marshal(flux)
	raw.Values["privateaks:flux"] = string(b)
	raw.Values["privateaks:fluxHttpsUsername"] = "git"
	raw.Values["privateaks:fluxHttpsToken"] = token
	raw.Secrets["privateaks:fluxHttpsToken"] = true
	want, err := testkit.Run("project", "stack", stacks.Program(raw))
	if err != nil {
		t.Fatalf("program: %v", err)
	}

	in := stackInputs(t, st.Raw)
	cfg := in["config"].(map[string]any)
	cfg["flux"].(map[string]any)["auth"] = "https"
	cfg["fluxHttpsUsername"] = "git"
	in["secretConfig"] = resource.MakeSecret(resource.NewProperty(resource.PropertyMap{"fluxHttpsToken": resource.NewProperty(token)}))
	got, _, err := construct(t, "privateaks:index:Stack", "dev", in)
	if err != nil {
		t.Fatalf("construct: %v", err)
	}
	if d := diffRecords(records(want), underStack(got)); d != "" {
		t.Error(d)
	}
	secret := false
	for _, r := range got.ByTypeSuffix(":FluxConfiguration") {
		secret = secret || r.Get("gitRepository.httpsKeyBase64").ContainsSecrets()
	}
	if !secret {
		t.Error("no Flux configuration carries the token as a secret")
	}

	// In plain config the token is refused, naming the key.
	delete(in, "secretConfig")
	cfg["fluxHttpsToken"] = token
	if _, _, err := construct(t, "privateaks:index:Stack", "dev", in); err == nil || !strings.Contains(err.Error(), "fluxHttpsToken") {
		t.Errorf("a plain token: %v, want a refusal naming fluxHttpsToken", err)
	}
}
