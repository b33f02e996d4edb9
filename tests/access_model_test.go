package tests

import (
	"strings"
	"testing"

	"github.com/privateaks/privateaks/components/identities"
	"github.com/privateaks/privateaks/internal/verify"
	"github.com/privateaks/privateaks/internal/verify/access"
	"github.com/privateaks/privateaks/testkit"
)

// The access model (internal/verify/access) over both committed stacks and
// both examples: every persona it derives from the plan has its documented
// role at the narrowest scope, and nothing privileged is assigned.

func personas(rep access.Report) map[string]int {
	got := map[string]int{}
	for _, r := range rep.Rows {
		p := r.Persona
		if i := strings.Index(p, " ("); i >= 0 {
			p = p[:i]
		}
		got[p]++
	}
	return got
}

func TestAccessModelPassesOnStacksAndExamples(t *testing.T) {
	plans := map[string]func(t *testing.T) *testkit.Mocks{
		"dev":                    func(t *testing.T) *testkit.Mocks { return planStack(t, "dev") },
		"prod":                   func(t *testing.T) *testkit.Mocks { return planStack(t, "prod") },
		"example minimal":        planExampleMinimal,
		"example spoke-into-hub": planExampleSpoke,
	}
	for name, fn := range plans {
		t.Run(name, func(t *testing.T) {
			rep := access.Check(fn(t))
			if rep.Failed() {
				t.Fatalf("access model fails:\n%s", rep.Text())
			}
			for _, r := range rep.Rows {
				if r.Required && !r.Granted {
					t.Errorf("required row not granted without a finding: %+v", r)
				}
			}
			got := personas(rep)
			want := []string{access.PersonaAdmin, access.PersonaKubelet, access.PersonaControlPlane}
			if !strings.HasPrefix(name, "example") {
				want = append(want, access.PersonaNamespaceGroup, access.PersonaWorkload)
			}
			for _, p := range want {
				if got[p] == 0 {
					t.Errorf("no %s rows: the model did not find the persona in the plan\n%s", p, rep.Text())
				}
			}
			t.Logf("%d rows %v, %d findings\n%s", len(rep.Rows), got, len(rep.Findings), rep.Text())
		})
	}
}

// Issue 12 finding 5: the dev stack's workload identity can read its
// spoke's vault (on the old code it had a federated credential and no role,
// and the model reported ACC-WI-01 for it).
func TestFinding5WorkloadIdentityReadsItsVault(t *testing.T) {
	m := planStack(t, "dev")
	rep := access.Check(m)
	var row *access.Row
	for i, r := range rep.Rows {
		if r.Persona == access.PersonaWorkload && r.Principal == "id-paks-dev-blue-apps" {
			row = &rep.Rows[i]
		}
	}
	if row == nil {
		t.Fatalf("no workload identity row for id-paks-dev-blue-apps:\n%s", rep.Text())
	}
	vault := one(t, m, ":Vault", "spoke-blue-aks-kv")
	if !row.Required || !row.Granted || !strings.EqualFold(row.Scope, vault.ID) || row.Role != "Key Vault Secrets User" {
		t.Fatalf("row %+v: want Key Vault Secrets User granted on %s", *row, vault.ID)
	}
	ra := m.ByURN(row.By)
	if ra == nil || !strings.HasSuffix(ra.String("roleDefinitionId"), "/"+identities.RoleKeyVaultSecretsUser) || ra.String("scope") != vault.ID {
		t.Fatalf("granting assignment %v", row.By)
	}
	// Without it the model names the credential that federates the
	// identity to the cluster.
	mut := access.Check(withoutResource(m, row.By))
	assertFinding(t, mut, "ACC-WI-01", ":FederatedIdentityCredential::", "issuer")
}

// The optional secrets officer group: without one the matrix says nobody
// can write secrets (informational); with keyVault.secretsOfficerGroups the
// group gets Key Vault Secrets Officer on exactly the vault. The old code
// rejected the key.
func TestFinding5SecretsOfficerGroup(t *testing.T) {
	const ops = "7c3d5e7f-9a1b-4c2d-8e3f-4a5b6c7d8e9f"
	informational := func(rep access.Report) bool {
		for _, r := range rep.Rows {
			if r.Persona == access.PersonaSecretsWriter && !r.Required && r.Principal == "(none planned)" {
				return true
			}
		}
		return false
	}
	s := loadStack(t, "dev")
	none := withConfig(t, s.Raw, "spokes", func(v map[string]any) {
		delete(v["blue"].(map[string]any)["cluster"].(map[string]any)["keyVault"].(map[string]any), "secretsOfficerGroups")
	})
	mNone, err := planRaw(t, s.Project, s.Name, none)
	if err != nil {
		t.Fatal(err)
	}
	if rep := access.Check(mNone); !informational(rep) {
		t.Errorf("without an officer group the matrix does not say nobody can write secrets:\n%s", rep.Text())
	}
	// The committed stacks name one, so someone can put secrets in.
	for _, stack := range []string{"dev", "prod"} {
		if rep := access.Check(planStack(t, stack)); informational(rep) {
			t.Errorf("%s: nobody can write its vaults' secrets:\n%s", stack, rep.Text())
		}
	}
	raw := withConfig(t, s.Raw, "spokes", func(v map[string]any) {
		kv := v["blue"].(map[string]any)["cluster"].(map[string]any)["keyVault"].(map[string]any)
		kv["secretsOfficerGroups"] = []string{ops}
	})
	m, err := planRaw(t, s.Project, s.Name, raw)
	if err != nil {
		t.Fatal(err)
	}
	rep := access.Check(m)
	if rep.Failed() || informational(rep) {
		t.Fatalf("with an officer group:\n%s", rep.Text())
	}
	found := false
	for _, r := range rep.Rows {
		if r.Persona == access.PersonaSecretsWriter && r.Principal == ops && r.Granted && strings.EqualFold(r.Scope, one(t, m, ":Vault", "spoke-blue-aks-kv").ID) {
			found = true
		}
	}
	if !found {
		t.Errorf("no granted secrets operator row for %s:\n%s", ops, rep.Text())
	}
}

// Flux's workload identity (auth workloadIdentity) reads Azure DevOps, not
// the vault: it gets no vault role and the plan declares that on it.
func TestFluxWorkloadIdentityDeclaresNoVaultAccess(t *testing.T) {
	s := loadStack(t, "dev")
	raw := withConfig(t, s.Raw, "flux", func(f map[string]any) {
		f["url"] = "https://dev.azure.com/org/project/_git/cluster-config"
		f["auth"] = "workloadIdentity"
	})
	m, err := planRaw(t, s.Project, s.Name, raw)
	if err != nil {
		t.Fatal(err)
	}
	rep := access.Check(m)
	if rep.Failed() {
		t.Fatalf("flux workload identity:\n%s", rep.Text())
	}
	for _, r := range rep.Rows {
		if r.Principal == "id-aks-paks-dev-blue-flux" || strings.HasSuffix(r.Principal, "-flux") {
			if r.Required || r.Note == "" {
				t.Errorf("flux identity row %+v: want informational with a note", r)
			}
		}
	}
	if access.KeyVaultAccessTag != identities.KeyVaultAccessTag || access.KeyVaultAccessNone != string(identities.KeyVaultNone) {
		t.Error("the component's opt-out tag is not the one the model reads")
	}
}

// Issue 12 finding 6: every namespaceAccess group (and every admin group)
// can get the cluster's credentials. On the old code the namespace group
// had only RBAC Writer on its namespace, and the model reported ACC-NS-01.
func TestFinding6NamespaceGroupsGetCredentials(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		m := planStack(t, stack)
		rep := access.Check(m)
		var rows []access.Row
		for _, r := range rep.Rows {
			if strings.HasPrefix(r.Persona, access.PersonaNamespaceGroup) {
				rows = append(rows, r)
			}
		}
		if len(rows) == 0 {
			t.Fatalf("%s: no namespace group rows", stack)
		}
		for _, r := range rows {
			ra := m.ByURN(r.By)
			if !r.Granted || ra == nil || !strings.HasSuffix(ra.String("roleDefinitionId"), "/"+identities.RoleAKSClusterUser) || !strings.HasSuffix(ra.String("scope"), "/managedClusters/"+strings.Split(ra.String("scope"), "/managedClusters/")[1]) {
				t.Errorf("%s: %+v not granted by a Cluster User Role assignment on the cluster", stack, r)
				continue
			}
			if strings.Contains(ra.String("scope"), "/namespaces/") {
				t.Errorf("%s: Cluster User Role at %s, want the cluster", stack, ra.String("scope"))
			}
			mut := access.Check(withoutResource(m, r.By))
			assertFinding(t, mut, "ACC-NS-01", ":RoleAssignment::", "principalId")
		}
	}
}

// The model's role table and the components' catalogue agree on every role
// the components can assign (GUID and display name, from the built-in
// roles reference), and nothing the components assign is privileged.
func TestComponentRolesMatchTheBuiltInRolesReference(t *testing.T) {
	for id, r := range identities.Roles {
		doc, ok := access.RoleByID(id)
		if !ok {
			t.Errorf("components grant %s (%s), which the model's table from the built-in roles reference does not know", id, r.DisplayName)
			continue
		}
		if doc.Name != r.DisplayName {
			t.Errorf("role %s: components call it %q, the reference %q", id, r.DisplayName, doc.Name)
		}
		if doc.Privileged {
			t.Errorf("components can grant the privileged role %s", doc.Name)
		}
	}
}

// withoutResource is a plan with one resource left out: the model sees the
// plan as if that assignment had never been planned.
type planWithout struct {
	*testkit.Mocks
	urn string
}

func withoutResource(m *testkit.Mocks, urn string) verify.Plan { return planWithout{m, urn} }

func (p planWithout) keep(rs []*testkit.Resource) []*testkit.Resource {
	var out []*testkit.Resource
	for _, r := range rs {
		if r.URN != p.urn {
			out = append(out, r)
		}
	}
	return out
}
func (p planWithout) Resources() []*testkit.Resource { return p.keep(p.Mocks.Resources()) }
func (p planWithout) ByTypeSuffix(s string) []*testkit.Resource {
	return p.keep(p.Mocks.ByTypeSuffix(s))
}
func (p planWithout) ByURN(u string) *testkit.Resource {
	if u == p.urn {
		return nil
	}
	return p.Mocks.ByURN(u)
}
func (p planWithout) ByID(id string) *testkit.Resource {
	if r := p.Mocks.ByID(id); r != nil && r.URN != p.urn {
		return r
	}
	return nil
}

func assertFinding(t *testing.T, rep access.Report, rule, resource, path string) {
	t.Helper()
	for _, f := range rep.Findings {
		if f.Rule == rule && strings.Contains(f.Resource, resource) && f.Path == path && f.Message != "" && f.Source != "" {
			return
		}
	}
	t.Errorf("want %s on %s %s, got:\n%s", rule, resource, path, rep.Text())
}
