package tests

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/privateaks/privateaks/stacks/stackconfig"
)

// vcpusOf reads the vCPU count from a VM size name: Azure names sizes
// Standard_<family letters><vCPUs><features>_<version> (azure-docs
// articles/virtual-machines/vm-naming-conventions.md), so D8ds_v5 has 8.
var vcpusOf = regexp.MustCompile(`^Standard_[A-Z]+(\d+)`)

// The plan lists the vCPU quota the prod pools need at their maximum size
// (plus one upgrade surge node each), per family and in total, computed
// here from the stack config and the size names, and the deploying
// identity's roles: Contributor cannot write role or policy assignments.
func TestPlanListsQuotaAndDeployRoles(t *testing.T) {
	res := planResult(t, "prod")
	cfg, err := stackconfig.Load(loadStack(t, "prod").Raw)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{} // family letters of the name -> vCPUs
	total := 0
	for _, key := range cfg.SpokeKeys() {
		cl := cfg.Spokes[key].Cluster
		pools := []stackconfig.NodePool{cl.SystemPool}
		for _, n := range cl.PoolNames() {
			pools = append(pools, cl.UserPools[n])
		}
		for _, p := range pools {
			m := vcpusOf.FindStringSubmatch(p.VMSize)
			if m == nil {
				t.Fatalf("size %s does not follow the naming convention", p.VMSize)
			}
			n, _ := strconv.Atoi(m[1])
			fam := "NCasT4_v3"
			if strings.HasPrefix(p.VMSize, "Standard_D") {
				fam = "Ddsv5"
			}
			want[fam] += (p.MaxCount + 1) * n
			total += (p.MaxCount + 1) * n
		}
	}
	want["Total Regional"] = total
	got := map[string]string{}
	roles := map[string]bool{}
	for _, p := range res.Models.Prerequisites {
		switch p.Kind {
		case "quota":
			got[p.Name] = p.Why
		case "role":
			roles[p.Name] = true
		}
	}
	for fam, n := range want {
		name := fam + " family vCPUs in westeurope"
		if fam == "Total Regional" {
			name = "Total Regional vCPUs in westeurope"
		}
		if !strings.HasPrefix(got[name], strconv.Itoa(n)+" vCPUs") {
			t.Errorf("%s: got %q, want %d vCPUs", name, got[name], n)
		}
	}
	for _, r := range []string{"Contributor", "Role Based Access Control Administrator", "Resource Policy Contributor"} {
		if !roles[r] {
			t.Errorf("the deploying identity's %s is not listed", r)
		}
	}
}
