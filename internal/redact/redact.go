// Package redact hides credentials in values that validation errors echo
// back, so an error message never leaks a token a user put in the wrong place.
package redact

import "strings"

// URL returns raw with the userinfo of its authority, if any, replaced by
// REDACTED: "https://user:token@host/repo" becomes
// "https://REDACTED@host/repo". It works on the text, with the split
// net/url uses (the authority ends at the first "/", "?" or "#"; userinfo
// ends at its last "@"), so that URLs rejected for not parsing are redacted
// too and everything else is echoed exactly as the user wrote it.
func URL(raw string) string {
	i := strings.Index(raw, "://")
	if i < 0 {
		return raw
	}
	authority := raw[i+3:]
	if end := strings.IndexAny(authority, "/?#"); end >= 0 {
		authority = authority[:end]
	}
	at := strings.LastIndex(authority, "@")
	if at < 0 {
		return raw
	}
	return raw[:i+3] + "REDACTED" + raw[i+3+at:]
}
