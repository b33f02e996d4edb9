package tests

import (
	"strings"
	"testing"

	"github.com/privateaks/privateaks/internal/plan"
	"github.com/privateaks/privateaks/internal/verify/acceptance"
	"github.com/privateaks/privateaks/stacks/stackconfig"
	"github.com/privateaks/privateaks/testkit"
)

// controlOn evaluates one control on a plan of prod with the cluster config
// changed by fn and the plan then changed by mutate.
func controlOn(t *testing.T, id string, fn func(c map[string]any), mutate func(m *testkit.Mocks)) plan.ControlResult {
	t.Helper()
	base := loadStack(t, "prod")
	raw := withConfig(t, base.Raw, "spokes", func(v map[string]any) { fn(v["blue"].(map[string]any)["cluster"].(map[string]any)) })
	m, err := planRaw(t, base.Project, base.Name, raw)
	if err != nil {
		t.Fatal(err)
	}
	if mutate != nil {
		mutate(m)
	}
	cfg, err := stackconfig.Load(raw)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range plan.Evaluate(plan.NewView(m, cfg)) {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("%s not evaluated", id)
	return plan.ControlResult{}
}

// PAKS-ENC-01/02 pass with the options off (prod as it is) and on, and
// fail when one property the docs require is weakened. Expectations from
// use-kms-etcd-encryption.md, how-to-configure-key-rotation.md and
// azure-disk-customer-managed-keys.md (see the controls' sources).
func TestEncryptionControls(t *testing.T) {
	for _, r := range planResult(t, "prod").Controls {
		if (r.ID == "PAKS-ENC-01" || r.ID == "PAKS-ENC-02") && r.Status != plan.StatusPass {
			t.Fatalf("%s with the option off: %s %v", r.ID, r.Status, r.Findings)
		}
	}
	kms := func(c map[string]any) { c["kms"] = map[string]any{"enabled": true} }
	des := func(c map[string]any) { c["diskEncryption"] = map[string]any{"enabled": true} }
	both := func(c map[string]any) { kms(c); des(c) }
	for _, id := range []string{"PAKS-ENC-01", "PAKS-ENC-02"} {
		if r := controlOn(t, id, both, nil); r.Status != plan.StatusPass {
			t.Fatalf("%s with both options on: %s %v", id, r.Status, r.Findings)
		}
	}
	cases := []struct {
		name, id string
		cfg      func(c map[string]any)
		mutate   func(m *testkit.Mocks)
		finding  string
	}{
		{"kms-no-rotation", "PAKS-ENC-01", func(c map[string]any) { c["kms"] = map[string]any{"enabled": true, "rotateAfterDays": 0} }, nil, "no rotation policy"},
		{"kms-no-rbac", "PAKS-ENC-01", kms, func(m *testkit.Mocks) {
			setInput(t, one(t, m, ":Vault", "spoke-blue-aks-kms-kv"), "properties.enableRbacAuthorization", false)
		}, "enableRbacAuthorization"},
		{"kms-unversioned-key", "PAKS-ENC-01", kms, func(m *testkit.Mocks) {
			cl := one(t, m, ":ManagedCluster", "spoke-blue-aks-cluster")
			k := cl.String("securityProfile.azureKeyVaultKms.keyId")
			setInput(t, cl, "securityProfile.azureKeyVaultKms.keyId", k[:strings.LastIndexByte(k, '/')])
		}, "not a versioned key URI"},
		{"kms-grant-to-someone-else", "PAKS-ENC-01", kms, func(m *testkit.Mocks) {
			vault := one(t, m, ":Vault", "spoke-blue-aks-kms-kv")
			for _, ra := range assignmentOf(m, vault.ID, guidCryptoUser) {
				setInput(t, ra, "principalId", "00000000-0000-0000-0000-0000000000ff")
			}
		}, "no Key Vault Crypto User"},
		{"kms-vault-shared", "PAKS-ENC-01", both, func(m *testkit.Mocks) {
			vault := one(t, m, ":Vault", "spoke-blue-aks-kms-kv")
			setInput(t, one(t, m, ":Key", "spoke-blue-aks-des-key"), "vaultName", vault.String("vaultName"))
		}, "holds 2 keys"},
		{"des-platform-key", "PAKS-ENC-02", des, func(m *testkit.Mocks) {
			setInput(t, one(t, m, ":DiskEncryptionSet", "spoke-blue-aks-des"), "encryptionType", "EncryptionAtRestWithPlatformAndCustomerKeys")
		}, "encryptionType"},
		{"des-no-purge-protection", "PAKS-ENC-02", des, func(m *testkit.Mocks) {
			setInput(t, one(t, m, ":Vault", "spoke-blue-aks-des-kv"), "properties.enablePurgeProtection", false)
		}, "purge protection"},
		{"des-identity-not-granted", "PAKS-ENC-02", des, func(m *testkit.Mocks) {
			vault := one(t, m, ":Vault", "spoke-blue-aks-des-kv")
			for _, ra := range assignmentOf(m, vault.ID, guidCryptoServiceEncr) {
				setInput(t, ra, "scope", vault.ID+"x")
			}
		}, "Crypto Service Encryption User"},
		{"des-cluster-cannot-read", "PAKS-ENC-02", des, func(m *testkit.Mocks) {
			d := one(t, m, ":DiskEncryptionSet", "spoke-blue-aks-des")
			for _, ra := range assignmentOf(m, d.ID, guidReader) {
				setInput(t, ra, "roleDefinitionId", "/providers/Microsoft.Authorization/roleDefinitions/"+guidCryptoUser)
			}
		}, "no Reader"},
		{"des-small-key", "PAKS-ENC-02", des, func(m *testkit.Mocks) {
			setInput(t, one(t, m, ":Key", "spoke-blue-aks-des-key"), "properties.keySize", 1024)
		}, "2048 bits or more"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := controlOn(t, tc.id, tc.cfg, tc.mutate)
			if r.Status != plan.StatusFail || !strings.Contains(strings.Join(r.Findings, "\n"), tc.finding) {
				t.Fatalf("%s: %s %v; want a finding with %q", tc.id, r.Status, r.Findings, tc.finding)
			}
		})
	}
}

// With both options on, the acceptance model accepts the plan and checks
// the KMS and disk-encryption inputs (their rules count checks).
func TestAcceptanceModelAcceptsEncryptionOptions(t *testing.T) {
	m := withCluster(t, "prod", func(c map[string]any) {
		c["kms"] = map[string]any{"enabled": true}
		c["diskEncryption"] = map[string]any{"enabled": true}
	})
	off := acceptance.Check(planStack(t, "prod"), acceptanceDate)
	rep := acceptance.Check(m, acceptanceDate)
	for _, f := range rep.Findings {
		t.Error(f)
	}
	if rep.Checked <= off.Checked {
		t.Errorf("checks with encryption on %d, off %d: the KMS and set inputs were not checked", rep.Checked, off.Checked)
	}
	cl := one(t, m, ":ManagedCluster", "spoke-blue-aks-cluster")
	setInput(t, cl, "securityProfile.azureKeyVaultKms.keyVaultNetworkAccess", "Private")
	var hit bool
	for _, f := range acceptance.Check(m, acceptanceDate).Findings {
		hit = hit || (f.Rule == "AZ-AKS-KMS" && f.Path == "securityProfile.azureKeyVaultKms.keyVaultResourceId")
	}
	if !hit {
		t.Error("Private without keyVaultResourceId not reported")
	}
}
