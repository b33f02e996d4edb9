package stackconfig

import (
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/baseline"
	"github.com/privateaks/privateaks/internal/graph"
	"github.com/privateaks/privateaks/internal/redact"
)

var (
	gitRefRe        = regexp.MustCompile(`^[A-Za-z0-9][-A-Za-z0-9._/]{0,199}$`)
	kPathRe         = regexp.MustCompile(`^(\./)?[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*/?$`)
	semverRe        = regexp.MustCompile(`^[<>=~^ 0-9.xX*|,-]+$`)
	imageRegistryRe = regexp.MustCompile(`^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]+)?(/[a-z0-9._-]+)*$`)
	extVersionRe    = regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+$`)
	fluxVersionRe   = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+$`)
)

func validateFlux(f Flux, s Secrets, path string) []error {
	if f.Enabled != nil && !*f.Enabled {
		return nil
	}
	var errs []error
	errs = append(errs, oneOf(f.Mode, join(path, "mode"), FluxModeExtension, FluxModeManifests)...)
	errs = append(errs, oneOf(f.Auth, join(path, "auth"), FluxAuthNone, FluxAuthSSH, FluxAuthHTTPS, FluxAuthWorkloadID)...)

	u, err := url.Parse(f.URL)
	switch {
	case f.URL == "":
		errs = append(errs, fieldErr(join(path, "url"), f.URL, "the Git repository URL (https://host/org/repo or ssh://git@host/org/repo)"))
	case err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "ssh") || u.Path == "" || u.Path == "/" || strings.ContainsAny(f.URL, " \t\n"):
		errs = append(errs, fieldErr(join(path, "url"), redact.URL(f.URL), "an https:// or ssh:// URL with a host and repository path (scp-like git@host:org/repo is not accepted by Flux)"))
	case u.Scheme == "https" && u.User != nil:
		errs = append(errs, fieldErr(join(path, "url"), redact.URL(f.URL), "no credentials in the URL: use fluxHttpsUsername and the secret fluxHttpsToken"))
	case u.Scheme == "ssh" && f.Auth != FluxAuthSSH:
		errs = append(errs, fieldErr(join(path, "auth"), f.Auth, "\"ssh\" for an ssh:// URL, with the secret fluxSshPrivateKey"))
	case u.Scheme == "https" && f.Auth == FluxAuthSSH:
		errs = append(errs, fieldErr(join(path, "auth"), f.Auth, "\"none\", \"https\" or \"workloadIdentity\" for an https:// URL"))
	}
	if f.Auth == FluxAuthWorkloadID && !strings.HasSuffix(hostOf(u), ".visualstudio.com") && hostOf(u) != "dev.azure.com" {
		errs = append(errs, fieldErr(join(path, "auth"), f.Auth, "\"workloadIdentity\" only for Azure DevOps repositories (dev.azure.com), the only Git provider Flux supports it for"))
	}

	switch f.Auth {
	case FluxAuthSSH:
		errs = append(errs, requireSecret(s.FluxSSHPrivateKey, "fluxSshPrivateKey", "the SSH private key (pulumi config set --secret fluxSshPrivateKey < key)")...)
		if s.FluxSSHKnownHosts == "" {
			errs = append(errs, fieldErr("fluxSshKnownHosts", s.FluxSSHKnownHosts, "the Git host's known_hosts line(s), required with SSH auth so the host key is pinned"))
		}
	case FluxAuthHTTPS:
		errs = append(errs, requireSecret(s.FluxHTTPSToken, "fluxHttpsToken", "the HTTPS token (pulumi config set --secret fluxHttpsToken)")...)
		if s.FluxHTTPSUsername == "" {
			errs = append(errs, fieldErr("fluxHttpsUsername", s.FluxHTTPSUsername, "the user name that goes with fluxHttpsToken (e.g. \"git\")"))
		}
	}
	// A credential present but not secret is an error whatever the auth mode.
	for _, sv := range []struct {
		key string
		v   *SecretValue
	}{{"fluxSshPrivateKey", s.FluxSSHPrivateKey}, {"fluxHttpsToken", s.FluxHTTPSToken}} {
		if sv.v != nil && !sv.v.Secret {
			errs = append(errs, fieldErr(sv.key, "[redacted]", "a secret value: set it with `pulumi config set --secret %s`", sv.key))
		}
	}

	refs := 0
	for _, r := range []struct{ key, v string }{{"branch", f.Branch}, {"tag", f.Tag}, {"semver", f.Semver}} {
		if r.v == "" {
			continue
		}
		refs++
		re := gitRefRe
		if r.key == "semver" {
			re = semverRe
		}
		if !re.MatchString(r.v) || strings.Contains(r.v, "..") {
			errs = append(errs, fieldErr(join(path, r.key), r.v, "a valid Git %s", r.key))
		}
	}
	if refs != 1 {
		errs = append(errs, fieldErr(join(path, "branch"), []string{f.Branch, f.Tag, f.Semver}, "exactly one of branch, tag and semver"))
	}
	errs = append(errs, validateInterval(f.Interval, join(path, "interval"))...)

	for _, name := range slices.Sorted(maps.Keys(f.Kustomizations)) {
		k := f.Kustomizations[name]
		p := join(path, "kustomizations."+name)
		// The stack's Flux configurations keep the component's default name.
		if err := azname.CheckFluxKustomization(baseline.FluxConfigurationName, name); err != nil {
			errs = append(errs, fieldErr(p, name, "%v", err))
		}
		if !kPathRe.MatchString(k.Path) || strings.Contains(k.Path, "..") {
			errs = append(errs, fieldErr(join(p, "path"), k.Path, "a relative path inside the repository, e.g. \"clusters/prod\""))
		}
		errs = append(errs, validateInterval(k.Interval, join(p, "interval"))...)
		for i, d := range k.DependsOn {
			if _, ok := f.Kustomizations[d]; !ok || d == name {
				errs = append(errs, fieldErr(fmt.Sprintf("%s.dependsOn[%d]", p, i), d, "the name of another kustomization in flux.kustomizations"))
			}
		}
	}
	if cyc := graph.CycleBy(f.Kustomizations, func(k Kustomization) []string { return k.DependsOn }); cyc != "" {
		errs = append(errs, fieldErr(join(path, "kustomizations"), cyc, "dependsOn without cycles"))
	}

	if e := f.Extension; e != (FluxExtension{}) {
		ep := join(path, "extension")
		if f.Mode != FluxModeExtension {
			errs = append(errs, fieldErr(ep, e.Version, "unset unless mode is \"extension\""))
		}
		if e.ReleaseTrain != "" && e.ReleaseTrain != "stable" && e.ReleaseTrain != "preview" {
			errs = append(errs, fieldErr(join(ep, "releaseTrain"), e.ReleaseTrain, "\"stable\" or \"preview\""))
		}
		if e.Version != "" && !extVersionRe.MatchString(e.Version) {
			errs = append(errs, fieldErr(join(ep, "version"), e.Version, "an extension version such as \"1.13.1\""))
		}
	}
	if f.Mode == FluxModeManifests {
		m := f.Manifests
		mp := join(path, "manifests")
		if m.File == "" {
			errs = append(errs, fieldErr(join(mp, "file"), m.File, "the path of the pinned Flux install manifest (gotk-components.yaml from `flux install --export`) in mode \"manifests\""))
		} else if strings.Contains(m.File, "://") {
			errs = append(errs, fieldErr(join(mp, "file"), m.File, "a local file path checked into your repository, not a URL (tests and previews never fetch)"))
		}
		if !fluxVersionRe.MatchString(m.Version) {
			errs = append(errs, fieldErr(join(mp, "version"), m.Version, "the pinned Flux version of the manifest, e.g. \"v2.4.0\""))
		}
		if m.ImageRegistry != "" && !imageRegistryRe.MatchString(m.ImageRegistry) {
			errs = append(errs, fieldErr(join(mp, "imageRegistry"), m.ImageRegistry, "a registry host such as \"acrpaksprod.azurecr.io\""))
		}
	} else if f.Manifests != (FluxManifests{}) {
		errs = append(errs, fieldErr(join(path, "manifests"), f.Manifests.File, "unset unless mode is \"manifests\""))
	}
	return errs
}

func requireSecret(v *SecretValue, key, what string) []error {
	if v == nil || v.Value == "" {
		return []error{fieldErr(key, nil, "%s", what)}
	}
	return nil
}

func validateInterval(s, path string) []error {
	d, err := time.ParseDuration(s)
	if err != nil || d < 30*time.Second || d > 24*time.Hour {
		return []error{fieldErr(path, s, "a Go duration from 30s to 24h, e.g. \"5m\"")}
	}
	return nil
}

func hostOf(u *url.URL) string {
	if u == nil {
		return ""
	}
	return u.Hostname()
}
