// Package redact hides credentials in values that validation errors echo
// back, so an error message never leaks a token a user put in the wrong place.
package redact

import "net/url"

// URL returns u as a string with its userinfo, if any, replaced by REDACTED:
// "https://user:token@host/repo" becomes "https://REDACTED@host/repo".
func URL(u *url.URL) string {
	c := *u
	if c.User != nil {
		c.User = url.User("REDACTED")
	}
	return c.String()
}
