package ids

import (
	"regexp"
	"testing"
)

func TestGUID(t *testing.T) {
	a := GUID("scope", "role", "principal")
	if a != GUID("scope", "role", "principal") {
		t.Fatal("GUID is not deterministic")
	}
	if a == GUID("scopero", "le", "principal") || a == GUID("scope", "role", "other") {
		t.Fatal("GUID collides for different parts")
	}
	if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(a) {
		t.Fatalf("not a v5 UUID: %s", a)
	}
}
