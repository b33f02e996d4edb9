package tests

import (
	"strings"
	"testing"

	"github.com/privateaks/privateaks/stacks/stackconfig"
)

// Role definition GUIDs from MicrosoftDocs/azure-docs
// articles/role-based-access-control/built-in-roles/compute.md, written
// here rather than taken from the code under test.
const (
	docVMAdministratorLogin = "1c0163c0-47e6-4577-8991-ea5c82e286e4"
	docVMUserLogin          = "fb879df8-f326-4884-b1cf-06f3ad86be52"
)

// TestJumpboxEntraSignIn: people sign in to the jump boxes with Entra ID
// (AADSSHLoginForLinux, passwords off), which needs Virtual Machine
// Administrator or User Login (MicrosoftDocs/entra-docs
// howto-vm-sign-in-azure-ad-linux.md). Every cluster admin group gets
// Administrator Login on the scale set — the narrowest scope covering every
// instance — as a group; userLoginGroups get User Login; nothing else.
func TestJumpboxEntraSignIn(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			m := planStack(t, stack)
			cfg, err := stackconfig.Load(loadStack(t, stack).Raw)
			if err != nil {
				t.Fatal(err)
			}
			vmss := one(t, m, ":VirtualMachineScaleSet", "runners-vmss")
			admins := map[string]bool{}
			for _, k := range cfg.SpokeKeys() {
				for _, g := range cfg.Spokes[k].Cluster.AdminGroupObjectIDs {
					admins[g] = true
				}
			}
			got := map[string]bool{}
			for _, r := range m.ByTypeSuffix(":RoleAssignment") {
				role := r.String("roleDefinitionId")
				if !strings.HasSuffix(role, "/"+docVMAdministratorLogin) && !strings.HasSuffix(role, "/"+docVMUserLogin) {
					continue
				}
				if !strings.HasSuffix(role, "/"+docVMAdministratorLogin) {
					t.Errorf("%s: User Login granted although the stack sets no userLoginGroups", r.Name)
				}
				if r.String("scope") != vmss.ID {
					t.Errorf("%s: scope %q, want the scale set %q", r.Name, r.String("scope"), vmss.ID)
				}
				if r.String("principalType") != "Group" {
					t.Errorf("%s: principalType %q, want Group", r.Name, r.String("principalType"))
				}
				got[r.String("principalId")] = true
			}
			for g := range admins {
				if !got[g] {
					t.Errorf("cluster admin group %s cannot sign in to the jump boxes", g)
				}
			}
			if len(got) != len(admins) {
				t.Errorf("login granted to %v, want exactly the admin groups %v", got, admins)
			}
		})
	}

	// userLoginGroups: User Login for those groups, refused when malformed.
	const team = "5d2c9e41-7a3b-4f6e-8c1d-9e0f1a2b3c4d"
	raw := withConfig(t, loadStack(t, "dev").Raw, "hub", func(h map[string]any) {
		h["runners"].(map[string]any)["userLoginGroups"] = []any{team}
	})
	m, err := planRaw(t, "privateaks", "dev", raw)
	if err != nil {
		t.Fatal(err)
	}
	var user int
	for _, r := range m.ByTypeSuffix(":RoleAssignment") {
		if strings.HasSuffix(r.String("roleDefinitionId"), "/"+docVMUserLogin) && r.String("principalId") == team {
			user++
		}
	}
	if user != 1 {
		t.Errorf("userLoginGroups: %d User Login assignments for %s, want 1", user, team)
	}
	bad := withConfig(t, loadStack(t, "dev").Raw, "hub", func(h map[string]any) {
		h["runners"].(map[string]any)["adminLoginGroups"] = []any{"platform-admins"}
	})
	m, err = planRaw(t, "privateaks", "dev", bad)
	if err == nil || !strings.Contains(err.Error(), "hub.runners.adminLoginGroups[0]") || !strings.Contains(err.Error(), "platform-admins") {
		t.Fatalf("a malformed login group must be refused with its key: %v", err)
	}
	if n := len(m.Resources()); n != 0 {
		t.Errorf("%d resources registered for an invalid config", n)
	}
}
