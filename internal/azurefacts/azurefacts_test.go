package azurefacts

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

var dec2026 = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// The issue (and the calendar) say AKS creates 1.35, 1.36 and 1.37 as of
// December 2026: 1.34's end of life is "Nov 2026", i.e. 2026-11-30.
func TestCreatableVersionsDecember2026(t *testing.T) {
	if got, want := CreatableVersions(dec2026), []string{"1.35", "1.36", "1.37"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("CreatableVersions(2026-12-01) = %v, want %v", got, want)
	}
	// On the last day of November 1.34 is still in community support.
	if got := CreatableVersions(time.Date(2026, 11, 30, 23, 0, 0, 0, time.UTC)); got[0] != "1.34" {
		t.Fatalf("on 2026-11-30 want 1.34 first, got %v", got)
	}
	// LTS: 1.31 ended Nov 2026; 1.32..1.37 are within LTS on 2026-12-01.
	if got, want := CreatableLTSVersions(dec2026), []string{"1.32", "1.33", "1.34", "1.35", "1.36", "1.37"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("CreatableLTSVersions = %v, want %v", got, want)
	}
}

func TestVersion130(t *testing.T) {
	st := VersionStatus("1.30", dec2026)
	if !st.Known || st.Creatable || st.CreatableLTS {
		t.Fatalf("1.30 on 2026-12-01: %+v (community support ended 2025-08-22, LTS Jul 2026)", st)
	}
	// In Feb 2026 1.30 was creatable only with LTS.
	feb := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	st = VersionStatus("1.30.4", feb)
	if st.Creatable || !st.CreatableLTS || st.Minor != "1.30" {
		t.Fatalf("1.30 on 2026-02-01: %+v", st)
	}
	err := CheckVersion("1.30", false, dec2026)
	if err == nil || !strings.Contains(err.Error(), "1.35, 1.36, 1.37") || !strings.Contains(err.Error(), "2026-12-01") {
		t.Fatalf("CheckVersion(1.30) = %v", err)
	}
	if err := CheckVersion("1.30", true, feb); err != nil {
		t.Fatalf("1.30 with LTS in Feb 2026 should pass: %v", err)
	}
	if err := CheckVersion("1.30", false, feb); err == nil || !strings.Contains(err.Error(), "AKSLongTermSupport") {
		t.Fatalf("1.30 without LTS in Feb 2026: %v", err)
	}
}

func TestCheckVersionEdges(t *testing.T) {
	for v, ok := range map[string]bool{"": true, "1.36": true, "1.36.3": true, "1.40": true, "1.20": false, "latest": false, "1.34": false} {
		if err := CheckVersion(v, false, dec2026); (err == nil) != ok {
			t.Errorf("CheckVersion(%q) = %v, want ok=%v", v, err, ok)
		}
	}
	// 1.37: preview Sep 2026, GA Oct 2026 (read as the month's end).
	if err := CheckVersion("1.37", false, time.Date(2026, 10, 15, 0, 0, 0, 0, time.UTC)); err == nil || !strings.Contains(err.Error(), "not generally available") {
		t.Fatalf("1.37 in Sept 2026: %v", err)
	}
}

func TestNodeImage(t *testing.T) {
	if img, ok, _ := NodeImage("AzureLinux", "1.31", dec2026); ok || img != "Azure Linux 2.0" {
		t.Fatalf("AzureLinux on 1.31 after 2026-03-31: %s %v", img, ok)
	}
	if img, ok, _ := NodeImage("AzureLinux", "1.31", time.Date(2026, 3, 30, 0, 0, 0, 0, time.UTC)); !ok || img != "Azure Linux 2.0" {
		t.Fatalf("AzureLinux on 1.31 before removal: %s %v", img, ok)
	}
	if img, ok, _ := NodeImage("AzureLinux", "1.32", dec2026); !ok || img != "Azure Linux 3.0" {
		t.Fatalf("AzureLinux on 1.32: %s %v", img, ok)
	}
	if _, ok, _ := NodeImage("AzureLinux", "", dec2026); !ok {
		t.Fatal("AKS default version gets Azure Linux 3.0")
	}
	// Windows Server 2019: no new pools from 2026-03-01; 2022: none on
	// 1.36+, and none at all from 2027-03-15.
	if _, ok, _ := NodeImage("Windows2019", "1.32", dec2026); ok {
		t.Fatal("Windows2019 after 2026-03-01")
	}
	if _, ok, _ := NodeImage("Windows2019", "1.32", time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)); !ok {
		t.Fatal("Windows2019 on 1.32 before 2026-03-01")
	}
	if _, ok, why := NodeImage("Windows2022", "1.36", dec2026); ok || !strings.Contains(why, "1.36+") {
		t.Fatalf("Windows2022 on 1.36: %s", why)
	}
	if _, ok, _ := NodeImage("Windows2022", "1.35", dec2026); !ok {
		t.Fatal("Windows2022 on 1.35 in Dec 2026")
	}
	if _, ok, _ := NodeImage("Windows2022", "", dec2026); !ok {
		t.Fatal("Windows2022 with AKS's default: 1.35 is still creatable")
	}
	if _, ok, _ := NodeImage("Windows2022", "1.35", time.Date(2027, 3, 15, 0, 0, 0, 0, time.UTC)); ok {
		t.Fatal("Windows2022 from 2027-03-15")
	}
	if _, ok, _ := NodeImage("Ubuntu", "1.31", dec2026); !ok {
		t.Fatal("Ubuntu is not tracked here")
	}
}

func TestZonesAndSizes(t *testing.T) {
	if len(ZonesIn("westeurope")) != 3 || ZonesIn("westus") != nil || ZonesIn("northcentralus") != nil {
		t.Fatal("zones table")
	}
	s, ok := VMSize("Standard_D4ds_v5")
	if !ok || s.VCPUs != 4 || s.TempDiskGiB != 150 || s.GPUs != 0 || s.EphemeralCapacityGiB() != 150 {
		t.Fatalf("D4ds_v5 = %+v", s)
	}
	if g, ok := VMSize("Standard_NC4as_T4_v3"); !ok || g.GPUs != 1 || g.TempDiskGiB != 176 {
		t.Fatalf("NC4as_T4_v3 = %+v", g)
	}
	if d, ok := VMSize("Standard_D4s_v5"); !ok || d.EphemeralOS || d.TempDiskGiB != 0 {
		t.Fatalf("D4s_v5 has no local storage and no ephemeral OS: %+v", d)
	}
	if e, ok := VMSize("Standard_E96ds_v5"); !ok || e.EphemeralCapacityGiB() != EphemeralMaxGiB {
		t.Fatalf("E96ds_v5's 3600 GiB temp disk is capped at 2040: %+v", e)
	}
	if f, ok := VMSize("Standard_F4s_v2"); !ok || f.TempDiskGiB != 32 || f.MemoryGB != 8 {
		t.Fatalf("F4s_v2 = %+v", f)
	}
	if _, ok := VMSize("Standard_Nope"); ok {
		t.Fatal("unknown size found")
	}
}

// The N family letter marks GPU sizes (vm-naming-conventions.md); the sizes
// table agrees for the ones it knows.
func TestIsGPUSize(t *testing.T) {
	for size, want := range map[string]bool{"Standard_NC4as_T4_v3": true, "Standard_ND96asr_v4": true, "Standard_D4ds_v5": false, "D4ds_v5": false} {
		if got := IsGPUSize(size); got != want {
			t.Errorf("IsGPUSize(%s) = %v", size, got)
		}
	}
	for _, n := range KnownSizes() {
		if s, _ := VMSize(n); IsGPUSize(n) != (s.GPUs > 0) {
			t.Errorf("%s: IsGPUSize %v but the table says %d GPUs", n, IsGPUSize(n), s.GPUs)
		}
	}
}
