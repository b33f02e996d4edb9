package stackconfig

import (
	"errors"
	"strings"
	"testing"
	"time"
)

var dec2026 = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// validateOn decodes, defaults and validates raw as of a pinned date.
func validateOn(t *testing.T, raw Raw, asOf time.Time) error {
	t.Helper()
	c, err := Decode(raw)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return ValidateAsOf(WithDefaults(c), asOf)
}

func fieldErrAt(err error, path string) *FieldError {
	var ve *ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	for _, e := range ve.Errors {
		var fe *FieldError
		if errors.As(e, &fe) && fe.Path == path {
			return fe
		}
	}
	return nil
}

func TestKubernetesVersionAgainstTheCalendar(t *testing.T) {
	// Unset is AKS's default: always valid.
	if err := validateOn(t, validRaw(), dec2026); err != nil {
		t.Fatalf("unset version rejected: %v", err)
	}
	for v, ok := range map[string]bool{"1.35": true, "1.36": true, "1.37": true, "1.34": false, "1.30": false} {
		err := validateOn(t, cluster(func(c map[string]any) { c["kubernetesVersion"] = v }), dec2026)
		fe := fieldErrAt(err, "spokes.blue.cluster.kubernetesVersion")
		if ok != (fe == nil) {
			t.Errorf("%s on 2026-12-01: %v", v, err)
		}
		if fe != nil && !strings.Contains(fe.Error(), "AKS creates 1.35, 1.36, 1.37 on 2026-12-01") {
			t.Errorf("%s: message does not list what AKS creates: %v", v, fe)
		}
	}
	// The same 1.36 fails once it leaves support: the date is the input.
	err := validateOn(t, cluster(func(c map[string]any) { c["kubernetesVersion"] = "1.36" }), time.Date(2027, 7, 1, 0, 0, 0, 0, time.UTC))
	if fieldErrAt(err, "spokes.blue.cluster.kubernetesVersion") == nil {
		t.Fatalf("1.36 accepted on 2027-07-01: %v", err)
	}
}

func TestWindowsPoolImageForTheVersion(t *testing.T) {
	win := func(version, sku string) Raw {
		return cluster(func(c map[string]any) {
			if version != "" {
				c["kubernetesVersion"] = version
			}
			p := map[string]any{"subnetPrefix": "10.240.8.0/24", "osType": "Windows"}
			if sku != "" {
				p["osSku"] = sku
			}
			c["userPools"].(map[string]any)["win"] = p
		})
	}
	const path = "spokes.blue.cluster.userPools.win.osSku"
	for _, tc := range []struct {
		version, sku string
		ok           bool
	}{
		{"1.35", "", true}, {"", "", true}, {"1.36", "", false}, {"1.36", "Windows2022", false}, {"1.35", "Windows2019", false},
	} {
		err := validateOn(t, win(tc.version, tc.sku), dec2026)
		if fe := fieldErrAt(err, path); tc.ok != (fe == nil) {
			t.Errorf("Windows %q on %q: %v", tc.sku, tc.version, err)
		}
	}
}
