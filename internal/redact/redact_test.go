package redact

import (
	"net/url"
	"strings"
	"testing"
)

func TestURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://user:s3cret@github.com/org/repo", "https://REDACTED@github.com/org/repo"},
		{"https://ghp_token@github.com/org/repo.git", "https://REDACTED@github.com/org/repo.git"},
		{"ssh://git@github.com/org/repo", "ssh://REDACTED@github.com/org/repo"},
		{"https://github.com/org/repo", "https://github.com/org/repo"},
	} {
		u, err := url.Parse(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		got := URL(u)
		if got != tc.want {
			t.Errorf("URL(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if strings.Contains(got, "s3cret") || strings.Contains(got, "ghp_") {
			t.Errorf("URL(%q) = %q leaks the credential", tc.in, got)
		}
		if u.User != nil && u.User.Username() == "REDACTED" {
			t.Errorf("URL(%q) modified its argument", tc.in)
		}
	}
}
