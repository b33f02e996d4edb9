package tests

import (
	"reflect"
	"strings"
	"testing"

	"github.com/privateaks/privateaks/internal/plan"
	"github.com/privateaks/privateaks/testkit"
)

// Re-creatable dev (issue 15, item 4). Azure keeps a deleted vault's name
// until its retention ends, and with purge protection on "a vault ... in the
// deleted state cannot be purged until the retention period has passed"
// (MicrosoftDocs/azure-docs, articles/key-vault/general/soft-delete-overview.md,
// "Purge protection"); "You cannot reuse the name of a key vault that has been
// soft-deleted" (same article, "Soft-delete behavior"). So dev, torn down
// daily, must create its vault without purge protection; prod must not.
// The REST spec of the pinned version says enablePurgeProtection "does not
// accept false as its value" (specification/keyvault/resource-manager/
// Microsoft.KeyVault/stable/2024-11-01/keyvault.json), so the opt-out must
// leave the property out rather than send false.

// vaults returns the planned Key Vaults.
func vaults(m *testkit.Mocks) []*testkit.Resource {
	return m.ByTypeSuffix(":Vault")
}

func TestDevVaultHasNoPurgeProtection(t *testing.T) {
	m := planStack(t, "dev")
	vs := vaults(m)
	if len(vs) == 0 {
		t.Fatal("dev plans no key vault")
	}
	for _, v := range vs {
		p := v.Get("properties.enablePurgeProtection")
		if !p.IsNull() {
			t.Errorf("%s: properties.enablePurgeProtection = %v; the opt-out must omit it (the API refuses false, and true keeps the name reserved for the retention period)", v.Name, p)
		}
		if !v.Bool("properties.enableSoftDelete") {
			t.Errorf("%s: soft delete must stay on; only purge protection is opted out", v.Name)
		}
	}
}

func TestDevListsPurgeProtectionOptOutAndWaivesIt(t *testing.T) {
	r := planResult(t, "dev")
	var listed bool
	for _, o := range plan.OptOuts(r.Config) {
		listed = listed || strings.HasPrefix(o, "spokes.blue.cluster.keyVault.purgeProtection: false")
	}
	if !listed {
		t.Errorf("opt-outs do not list spokes.blue.cluster.keyVault.purgeProtection:\n%s", strings.Join(plan.OptOuts(r.Config), "\n"))
	}
	for _, c := range r.Controls {
		if c.ID != "PAKS-OPS-03" {
			continue
		}
		if c.Status != plan.StatusWaived {
			t.Errorf("PAKS-OPS-03 is %v in dev, want waived", c.Status)
		}
		if !strings.Contains(strings.Join(c.Findings, "\n"), "Vault spoke-blue-aks-kv has no purge protection") {
			t.Errorf("PAKS-OPS-03 does not report the vault without purge protection: %v", c.Findings)
		}
	}
}

func TestProdVaultsKeepPurgeProtection(t *testing.T) {
	r := planResult(t, "prod")
	m := planStack(t, "prod")
	vs := vaults(m)
	if len(vs) != len(r.Config.Spokes) {
		t.Fatalf("prod plans %d vaults for %d spokes", len(vs), len(r.Config.Spokes))
	}
	for _, v := range vs {
		if !v.Bool("properties.enablePurgeProtection") {
			t.Errorf("prod vault %s lost purge protection", v.Name)
		}
	}
	for _, o := range plan.OptOuts(r.Config) {
		if strings.Contains(o, "purgeProtection") {
			t.Errorf("prod lists a purge-protection opt-out: %s", o)
		}
	}
	for _, c := range r.Controls {
		if c.ID == "PAKS-OPS-03" && c.Status != plan.StatusPass {
			t.Errorf("PAKS-OPS-03 in prod: %v %v", c.Status, c.Findings)
		}
	}
}

func TestProdRefusesPurgeProtectionOptOut(t *testing.T) {
	s := loadStack(t, "prod")
	raw := withConfig(t, s.Raw, "spokes", func(v map[string]any) {
		kv := v["green"].(map[string]any)["cluster"].(map[string]any)["keyVault"].(map[string]any)
		kv["purgeProtection"] = false
	})
	m, err := planRaw(t, s.Project, s.Name, raw)
	if err == nil {
		t.Fatal("prod accepted keyVault.purgeProtection: false")
	}
	for _, want := range []string{"spokes.green.cluster.keyVault.purgeProtection", "protect: false"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if strings.Contains(err.Error(), "spokes.blue.cluster.keyVault.purgeProtection") {
		t.Errorf("error names a spoke that did not opt out:\n%v", err)
	}
	if n := len(m.Resources()); n != 0 {
		t.Errorf("%d resources registered despite the refused opt-out", n)
	}
}

// The key's default is the old behaviour: prod planned from its committed
// file is input-for-input the prod planned with purgeProtection: true spelled
// out in every cluster, and dev with the opt-out differs from dev without it
// in exactly one input of exactly its vaults.
func TestPurgeProtectionKeyChangesOnlyTheVault(t *testing.T) {
	setAll := func(stack string, on bool) *testkit.Mocks {
		s := loadStack(t, stack)
		raw := withConfig(t, s.Raw, "spokes", func(v map[string]any) {
			for _, sp := range v {
				sp.(map[string]any)["cluster"].(map[string]any)["keyVault"].(map[string]any)["purgeProtection"] = on
			}
		})
		m, err := planRaw(t, s.Project, s.Name, raw)
		if err != nil {
			t.Fatalf("%s with purgeProtection %v: %v", stack, on, err)
		}
		return m
	}
	byURN := func(m *testkit.Mocks) map[string]*testkit.Resource {
		out := map[string]*testkit.Resource{}
		for _, r := range m.Sorted() {
			out[r.URN] = r
		}
		return out
	}

	committed, explicit := byURN(planStack(t, "prod")), byURN(setAll("prod", true))
	if len(committed) != len(explicit) {
		t.Fatalf("prod: %d resources from the committed file, %d with purgeProtection: true", len(committed), len(explicit))
	}
	for urn, a := range committed {
		b, ok := explicit[urn]
		if !ok {
			t.Errorf("prod: %s missing with purgeProtection: true", urn)
			continue
		}
		if !reflect.DeepEqual(a.Inputs, b.Inputs) {
			t.Errorf("prod: inputs of %s change when purgeProtection: true is spelled out", urn)
		}
	}

	optOut, on := byURN(planStack(t, "dev")), byURN(setAll("dev", true))
	if len(optOut) != len(on) {
		t.Fatalf("dev: %d resources with the opt-out, %d without", len(optOut), len(on))
	}
	var changed []string
	for urn, a := range optOut {
		b := on[urn]
		if b == nil || reflect.DeepEqual(a.Inputs, b.Inputs) {
			continue
		}
		changed = append(changed, urn)
		if !strings.HasSuffix(a.Type, ":Vault") {
			t.Errorf("dev: the opt-out changes %s, not a vault", urn)
			continue
		}
		if !b.Bool("properties.enablePurgeProtection") || !a.Get("properties.enablePurgeProtection").IsNull() {
			t.Errorf("dev: %s should have enablePurgeProtection true without the opt-out and none with it", urn)
		}
		props := func(r *testkit.Resource) map[string]any {
			out := map[string]any{}
			for k, v := range testkit.Unsecret(r.Get("properties")).ObjectValue() {
				if k != "enablePurgeProtection" {
					out[string(k)] = v
				}
			}
			return out
		}
		if !reflect.DeepEqual(props(a), props(b)) {
			t.Errorf("dev: the opt-out changes other vault properties of %s", urn)
		}
	}
	if len(changed) != len(vaults(planStack(t, "dev"))) {
		t.Errorf("dev: the opt-out changes %d resources (%v), want exactly the %d vaults", len(changed), changed, len(vaults(planStack(t, "dev"))))
	}
}
