package acceptance

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/privateaks/privateaks/internal/mockengine"
)

const docKnownHosts = "OpenSSH sshd(8) SSH_KNOWN_HOSTS FILE FORMAT (hostnames, keytype, base64 key; hashed |1|salt|hash names); RFC 4253 section 6.6 (the key blob begins with its key type); fluxcd.io source-controller GitRepository 'SSH authentication' (known_hosts in the Secret); pulumi-azure v6.28.0 containerservice FluxConfiguration gitRepository.sshKnownHostsBase64"

var keyTypes = map[string]bool{
	"ssh-ed25519": true, "ssh-rsa": true, "ecdsa-sha2-nistp256": true, "ecdsa-sha2-nistp384": true,
	"ecdsa-sha2-nistp521": true, "sk-ssh-ed25519@openssh.com": true, "sk-ecdsa-sha2-nistp256@openssh.com": true,
}

// scpLike is git's user@host:path form of an SSH URL.
var scpLike = regexp.MustCompile(`^[A-Za-z0-9._-]+@([A-Za-z0-9.-]+):`)

// sshHost is the known_hosts name of an SSH Git URL's host: "host", or
// "[host]:port" off port 22; ok is false for non-SSH URLs.
func sshHost(raw string) (string, bool) {
	if m := scpLike.FindStringSubmatch(raw); m != nil && !strings.Contains(raw, "://") {
		return m[1], true
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "ssh" || u.Hostname() == "" {
		return "", false
	}
	if p := u.Port(); p != "" && p != "22" {
		return "[" + u.Hostname() + "]:" + p, true
	}
	return u.Hostname(), true
}

// checkKnownHosts parses known_hosts text and reports what is wrong: a line
// that does not parse, or no line naming host.
func checkKnownHosts(text, host string) []string {
	var problems []string
	names := false
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) > 0 && strings.HasPrefix(f[0], "@") { // @cert-authority / @revoked
			f = f[1:]
		}
		if len(f) < 3 {
			problems = append(problems, fmt.Sprintf("line %d has %d fields; want hostnames, key type and base64 key", i+1, len(f)))
			continue
		}
		if !keyTypes[f[1]] {
			problems = append(problems, fmt.Sprintf("line %d: unknown key type %q", i+1, f[1]))
			continue
		}
		blob, err := base64.StdEncoding.DecodeString(f[2])
		if err != nil || len(blob) < 4 {
			problems = append(problems, fmt.Sprintf("line %d: the key is not base64", i+1))
			continue
		}
		n := binary.BigEndian.Uint32(blob)
		if int(n)+4 > len(blob) || string(blob[4:4+n]) != f[1] {
			problems = append(problems, fmt.Sprintf("line %d: the key blob is not a %s key", i+1, f[1]))
			continue
		}
		if namesHost(f[0], host) {
			names = true
		}
	}
	if !names {
		problems = append(problems, fmt.Sprintf("no line names the Git host %s", host))
	}
	return problems
}

// namesHost matches a known_hosts hostnames field (comma-separated names,
// or one hashed |1|salt|hash name) against host. Wildcard patterns are
// matched with * and ?.
func namesHost(field, host string) bool {
	for _, name := range strings.Split(field, ",") {
		if strings.HasPrefix(name, "|1|") {
			parts := strings.Split(name[3:], "|")
			if len(parts) != 2 {
				continue
			}
			salt, err1 := base64.StdEncoding.DecodeString(parts[0])
			want, err2 := base64.StdEncoding.DecodeString(parts[1])
			if err1 != nil || err2 != nil {
				continue
			}
			mac := hmac.New(sha1.New, salt)
			mac.Write([]byte(host))
			if hmac.Equal(mac.Sum(nil), want) {
				return true
			}
			continue
		}
		if strings.HasPrefix(name, "!") {
			continue
		}
		if glob(strings.ToLower(name), strings.ToLower(host)) {
			return true
		}
	}
	return false
}

func glob(pattern, s string) bool {
	re := "^" + strings.NewReplacer(`\*`, ".*", `\?`, ".").Replace(regexp.QuoteMeta(pattern)) + "$"
	ok, _ := regexp.MatchString(re, s)
	return ok
}

func init() {
	register(Rule{ID: "AZ-FLUX-KNOWNHOSTS", Title: "Flux over SSH: known_hosts parses and names the Git host", Source: docKnownHosts, check: func(rn *run) {
		for _, fc := range rn.resourcesOfType("azure:containerservice/fluxConfiguration:FluxConfiguration") {
			raw, ok := str(fc, "gitRepository.url")
			if !ok {
				continue
			}
			host, isSSH := sshHost(raw)
			if !isSSH {
				continue
			}
			b64, st := lookup(fc, "gitRepository.sshKnownHostsBase64")
			if st == unknown {
				continue
			}
			rn.checked++
			if st == absent || !b64.IsString() {
				rn.flag(fc, "gitRepository.sshKnownHostsBase64", "", "an SSH Git URL (%s) needs the host's known_hosts", raw)
				continue
			}
			text, err := base64.StdEncoding.DecodeString(b64.StringValue())
			if err != nil {
				rn.flag(fc, "gitRepository.sshKnownHostsBase64", "", "not base64: %v", err)
				continue
			}
			for _, p := range checkKnownHosts(string(text), host) {
				rn.flag(fc, "gitRepository.sshKnownHostsBase64", "", "%s", p)
			}
		}
		// The in-cluster install: a GitRepository whose secretRef names a
		// Secret with known_hosts.
		for _, repo := range rn.p.Resources() {
			if k, _ := str(repo, "kind"); k != "GitRepository" {
				continue
			}
			raw, ok := str(repo, "spec.url")
			if !ok {
				continue
			}
			host, isSSH := sshHost(raw)
			if !isSSH {
				continue
			}
			secretName, ok := str(repo, "spec.secretRef.name")
			if !ok {
				continue
			}
			ns, _ := str(repo, "metadata.namespace")
			sec := rn.secret(ns, secretName)
			if sec == nil {
				continue
			}
			text, st, path := secretKey(sec, "known_hosts")
			if st == unknown {
				continue
			}
			rn.checked++
			if st == absent {
				rn.flag(sec, "data.known_hosts", "", "the Secret of an SSH GitRepository (%s) needs known_hosts", raw)
				continue
			}
			for _, p := range checkKnownHosts(text, host) {
				rn.flag(sec, path, "", "%s", p)
			}
		}
	}})
}

// secret finds a planned Kubernetes Secret by namespace and name.
func (rn *run) secret(ns, name string) *mockengine.Resource {
	for _, r := range rn.resourcesOfType("kubernetes:core/v1:Secret") {
		n, _ := str(r, "metadata.name")
		s, _ := str(r, "metadata.namespace")
		if n == name && (s == ns || ns == "") {
			return r
		}
	}
	return nil
}

// secretKey reads a Secret key from data (base64) or stringData.
func secretKey(sec *mockengine.Resource, key string) (string, state, string) {
	if v, st := lookup(sec, "stringData."+key); st != absent {
		if st == unknown || !v.IsString() {
			return "", unknown, "stringData." + key
		}
		return v.StringValue(), known, "stringData." + key
	}
	v, st := lookup(sec, "data."+key)
	if st != known || !v.IsString() {
		return "", st, "data." + key
	}
	b, err := base64.StdEncoding.DecodeString(v.StringValue())
	if err != nil {
		return v.StringValue(), known, "data." + key
	}
	return string(b), known, "data." + key
}
