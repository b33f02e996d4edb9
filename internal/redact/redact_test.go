package redact

import (
	"strings"
	"testing"
)

func TestURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://user:s3cret@github.com/org/repo", "https://REDACTED@github.com/org/repo"},
		{"https://ghp_token@github.com/org/repo.git", "https://REDACTED@github.com/org/repo.git"},
		{"ssh://git@github.com/org/repo", "ssh://REDACTED@github.com/org/repo"},
		{"https://github.com/org/repo", "https://github.com/org/repo"},
		// Parses, but fails validation (no repository path): still echoed.
		{"https://user:s3cret@github.com", "https://REDACTED@github.com"},
		// Does not parse: redacted by its text.
		{"https://user:s3 cret@github.com/org/repo", "https://REDACTED@github.com/org/repo"},
		{"https://user:s3cret@github.com:port/org/repo", "https://REDACTED@github.com:port/org/repo"},
		{"not a url", "not a url"},
		{"git@github.com:org/repo", "git@github.com:org/repo"},
	} {
		got := URL(tc.in)
		if got != tc.want {
			t.Errorf("URL(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if strings.Contains(got, "s3cret") || strings.Contains(got, "s3 cret") || strings.Contains(got, "ghp_") {
			t.Errorf("URL(%q) = %q leaks the credential", tc.in, got)
		}
	}
}
