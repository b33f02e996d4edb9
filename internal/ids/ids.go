// Package ids derives deterministic identifiers: name-based GUIDs (RFC 4122
// version 5) for role-assignment names and mocked principal IDs, so that the
// same inputs always give the same GUID and a re-run never collides with
// itself.
package ids

import (
	"crypto/sha1"
	"fmt"
	"regexp"
	"strings"
)

// namespace is the UUID namespace of privateaks (a fixed random UUID).
var namespace = [16]byte{0x5c, 0x1e, 0x8a, 0x37, 0x2b, 0x4d, 0x4f, 0x61, 0x9a, 0x0e, 0x3c, 0x7d, 0x12, 0x88, 0x6b, 0xf4}

// GUID returns the version-5 UUID of the parts joined with NUL, so that
// ("ab","c") and ("a","bc") differ.
func GUID(parts ...string) string {
	h := sha1.New()
	h.Write(namespace[:])
	h.Write([]byte(strings.Join(parts, "\x00")))
	s := h.Sum(nil)
	s[6] = (s[6] & 0x0f) | 0x50 // version 5
	s[8] = (s[8] & 0x3f) | 0x80 // RFC 4122 variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", s[0:4], s[4:6], s[6:8], s[8:10], s[10:16])
}

// guidRe is the textual form of a GUID (any version, either case): what ARM
// and Entra ID accept as an object or principal ID.
var guidRe = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// IsGUID reports whether s is a GUID in its 8-4-4-4-12 hex form, the one
// check every layer uses for Entra ID object IDs.
func IsGUID(s string) bool { return guidRe.MatchString(s) }
