package tests

import (
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/privateaks/privateaks/testkit"
)

// The deploying identity may assign only the roles the condition in
// docs/ci.md lists (Role Based Access Control Administrator with the
// "Constrain roles" condition, MicrosoftDocs/azure-docs
// articles/role-based-access-control/delegate-role-assignments-examples.md).
// A role the stacks plan outside that list fails the real `pulumi up` with an
// authorization error; a listed role no stack plans is privilege nobody
// needs. So the list must be exactly what the committed stacks plan, plus
// what a cluster's keyVault.secretsOfficerGroups adds.
func TestDeployConditionListsExactlyThePlannedRoles(t *testing.T) {
	roleOf := func(m *testkit.Mocks, into map[string]string) {
		for _, r := range m.ByTypeSuffix(":RoleAssignment") {
			id := r.String("roleDefinitionId")
			into[id[strings.LastIndex(id, "/")+1:]] = r.Name
		}
	}
	planned := map[string]string{}
	for _, s := range []string{"dev", "prod"} {
		roleOf(planStack(t, s), planned)
	}
	// The optional Secrets Officer groups, set on one prod cluster.
	s := loadStack(t, "prod")
	raw := withConfig(t, s.Raw, "spokes", func(v map[string]any) {
		kv := v["blue"].(map[string]any)["cluster"].(map[string]any)["keyVault"].(map[string]any)
		kv["secretsOfficerGroups"] = []string{"0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b"}
	})
	m, err := planRaw(t, s.Project, s.Name, raw)
	if err != nil {
		t.Fatal(err)
	}
	roleOf(m, planned)

	b, err := os.ReadFile("../docs/ci.md")
	if err != nil {
		t.Fatal(err)
	}
	line := regexp.MustCompile(`(?m)^roles='([^']*)'$`).FindSubmatch(b)
	if line == nil {
		t.Fatal("docs/ci.md has no roles='...' line for the condition")
	}
	documented := map[string]bool{}
	for _, id := range strings.Split(string(line[1]), ",") {
		documented[strings.TrimSpace(id)] = true
	}
	var missing, extra []string
	for id, name := range planned {
		if !documented[id] {
			missing = append(missing, id+" (e.g. "+name+")")
		}
	}
	for id := range documented {
		if _, ok := planned[id]; !ok {
			extra = append(extra, id)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing) > 0 {
		t.Errorf("the stacks assign roles the deploying identity's condition in docs/ci.md does not allow: %v", missing)
	}
	if len(extra) > 0 {
		t.Errorf("docs/ci.md's condition allows roles no stack assigns: %v", extra)
	}
	if len(planned) == 0 {
		t.Error("no role assignment planned")
	}
}
