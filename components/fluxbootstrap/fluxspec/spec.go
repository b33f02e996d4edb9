package fluxspec

import (
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/fielderr"
	"github.com/privateaks/privateaks/internal/graph"
	"github.com/privateaks/privateaks/internal/redact"
)

// Modes.
const (
	ModeExtension = "extension"
	ModeManifests = "manifests"
)

// Auth methods of the Git source.
const (
	AuthNone             = "none"
	AuthSSH              = "ssh"
	AuthHTTPS            = "https"
	AuthWorkloadIdentity = "workloadIdentity"
)

// Defaults.
const (
	DefaultMode                  = ModeExtension
	DefaultBranch                = "main"
	DefaultInterval              = "5m"
	DefaultAuth                  = AuthNone
	DefaultKustomizationInterval = "10m"
)

// Spec is what a user configures of a cluster's Flux.
type Spec struct {
	// Mode "extension" (default: the AKS microsoft.flux extension) or
	// "manifests" (installed in-cluster from a pinned manifest).
	Mode string `json:"mode,omitempty"`
	// URL of the Git repository: https://host/org/repo or
	// ssh://git@host/org/repo.
	URL string `json:"url,omitempty"`
	// Exactly one of Branch (default "main" when none is set), Tag or
	// Semver.
	Branch string `json:"branch,omitempty"`
	Tag    string `json:"tag,omitempty"`
	Semver string `json:"semver,omitempty"`
	// Interval of the Git source, a Go duration from 30s to 24h (default
	// "5m").
	Interval string `json:"interval,omitempty"`
	// Auth "none" (default), "ssh", "https" or "workloadIdentity" (Azure
	// DevOps only).
	Auth string `json:"auth,omitempty"`
	// Kustomizations keyed by name (at least one). Both modes name the
	// in-cluster object "<configurationName>-<key>".
	Kustomizations map[string]Kustomization `json:"kustomizations,omitempty"`
	// Extension tunes mode "extension"; unset in mode "manifests".
	Extension Extension `json:"extension"`
	// Manifests configures mode "manifests" (required there); unset in
	// mode "extension".
	Manifests Manifests `json:"manifests"`
}

// Kustomization is one Flux Kustomization.
type Kustomization struct {
	// Path inside the repository, e.g. "clusters/prod" (required).
	Path string `json:"path"`
	// Prune garbage-collects objects removed from Git (default true).
	Prune *bool `json:"prune,omitempty"`
	// Interval, a Go duration from 30s to 24h (default "10m").
	Interval string `json:"interval,omitempty"`
	// DependsOn names other kustomizations of the same map.
	DependsOn []string `json:"dependsOn,omitempty"`
}

// Extension pins the microsoft.flux cluster extension.
type Extension struct {
	// ReleaseTrain "Stable" or "Preview" (any case); empty leaves Azure's
	// default (Stable).
	ReleaseTrain string `json:"releaseTrain,omitempty"`
	// Version pins the extension (e.g. "1.16.8"); empty lets Azure install
	// the latest and upgrade it.
	Version string `json:"version,omitempty"`
}

// Manifests is the in-cluster install of mode "manifests".
type Manifests struct {
	// Version of Flux the file carries, e.g. "v2.4.0" (required). Checked
	// against the file's app.kubernetes.io/version labels.
	Version string `json:"version,omitempty"`
	// File is the path of the pinned install manifest (`flux install
	// --export > gotk-components.yaml`), relative to the program directory
	// (required). Read at program time, never fetched.
	File string `json:"file,omitempty"`
	// ImageRegistry rewrites controller images to this registry, e.g.
	// "acrpaksprod.azurecr.io" (ghcr.io/fluxcd/x:v1 becomes
	// acrpaksprod.azurecr.io/fluxcd/x:v1); empty keeps the file's images.
	ImageRegistry string `json:"imageRegistry,omitempty"`
}

// WithDefaults fills every unset field; the result shares no map, slice
// or pointer with s.
func (s Spec) WithDefaults() Spec {
	setDefault(&s.Mode, DefaultMode)
	if s.Branch == "" && s.Tag == "" && s.Semver == "" {
		s.Branch = DefaultBranch
	}
	setDefault(&s.Interval, DefaultInterval)
	setDefault(&s.Auth, DefaultAuth)
	ks := make(map[string]Kustomization, len(s.Kustomizations))
	for name, k := range s.Kustomizations {
		prune := k.Prune == nil || *k.Prune
		k.Prune = &prune
		setDefault(&k.Interval, DefaultKustomizationInterval)
		k.DependsOn = append([]string(nil), k.DependsOn...)
		ks[name] = k
	}
	s.Kustomizations = ks
	return s
}

var (
	gitRefRe        = regexp.MustCompile(`^[A-Za-z0-9][-A-Za-z0-9._/]{0,199}$`)
	kPathRe         = regexp.MustCompile(`^(\./)?[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*/?$`)
	semverRe        = regexp.MustCompile(`^[<>=~^ 0-9.xX*|,-]+$`)
	imageRegistryRe = regexp.MustCompile(`^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]+)?(/[a-z0-9._-]+)*$`)
	fluxVersionRe   = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+$`)
	releaseTrainRe  = regexp.MustCompile(`^(?i)(stable|preview)$`)
	extVersionRe    = regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+$`)
)

// Validate returns every problem of a defaulted spec, under path.
// configurationName is the Flux configuration's name, which prefixes the
// in-cluster names of the kustomizations. Credentials are the layers' own
// to check: the stack's are secrets in stack config, the component's are
// inputs.
func (s Spec) Validate(path, configurationName string) []error {
	at := func(k string) string { return fielderr.Join(path, k) }
	var errs []error
	errs = append(errs, fielderr.OneOf(s.Mode, at("mode"), ModeExtension, ModeManifests)...)
	errs = append(errs, fielderr.OneOf(s.Auth, at("auth"), AuthNone, AuthSSH, AuthHTTPS, AuthWorkloadIdentity)...)
	errs = append(errs, s.validateSource(at)...)
	errs = append(errs, s.validateKustomizations(at, configurationName)...)

	if e := s.Extension; e != (Extension{}) {
		if s.Mode == ModeManifests {
			errs = append(errs, fielderr.New(at("extension"), e.Version, "unset unless mode is %q", ModeExtension))
		}
		if e.ReleaseTrain != "" && !releaseTrainRe.MatchString(e.ReleaseTrain) {
			errs = append(errs, fielderr.New(at("extension.releaseTrain"), e.ReleaseTrain, "\"Stable\" or \"Preview\""))
		}
		if e.Version != "" && !extVersionRe.MatchString(e.Version) {
			errs = append(errs, fielderr.New(at("extension.version"), e.Version, "an extension version such as \"1.16.8\""))
		}
	}
	if s.Mode == ModeManifests {
		m := s.Manifests
		if m.File == "" {
			errs = append(errs, fielderr.New(at("manifests.file"), m.File, "the path of the pinned Flux install manifest (gotk-components.yaml from `flux install --export`) in mode %q", ModeManifests))
		} else if strings.Contains(m.File, "://") {
			errs = append(errs, fielderr.New(at("manifests.file"), m.File, "a local file path checked into your repository, not a URL (nothing is fetched)"))
		}
		if !fluxVersionRe.MatchString(m.Version) {
			errs = append(errs, fielderr.New(at("manifests.version"), m.Version, "the pinned Flux version of the manifest, e.g. \"v2.4.0\""))
		}
		if m.ImageRegistry != "" && !imageRegistryRe.MatchString(m.ImageRegistry) {
			errs = append(errs, fielderr.New(at("manifests.imageRegistry"), m.ImageRegistry, "a registry host such as \"acrpaksprod.azurecr.io\""))
		}
	} else if s.Manifests != (Manifests{}) {
		errs = append(errs, fielderr.New(at("manifests"), s.Manifests.File, "unset unless mode is %q", ModeManifests))
	}
	return errs
}

func (s Spec) validateSource(at func(string) string) []error {
	var errs []error
	u, err := url.Parse(s.URL)
	switch {
	case s.URL == "":
		errs = append(errs, fielderr.New(at("url"), s.URL, "the Git repository URL (https://host/org/repo or ssh://git@host/org/repo)"))
	case err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "ssh") || u.Path == "" || u.Path == "/" || strings.ContainsAny(s.URL, " \t\n"):
		errs = append(errs, fielderr.New(at("url"), redact.URL(s.URL), "an https:// or ssh:// URL with a host and repository path (scp-like git@host:org/repo is not accepted by Flux)"))
	case u.Scheme == "https" && u.User != nil:
		errs = append(errs, fielderr.New(at("url"), redact.URL(s.URL), "no credentials in the URL: give the user name and the token (a secret) with auth %q", AuthHTTPS))
	case u.Scheme == "ssh" && s.Auth != AuthSSH:
		errs = append(errs, fielderr.New(at("auth"), s.Auth, "%q for an ssh:// URL, with the SSH private key (a secret) and the host's known_hosts", AuthSSH))
	case u.Scheme == "https" && s.Auth == AuthSSH:
		errs = append(errs, fielderr.New(at("auth"), s.Auth, "%q, %q or %q for an https:// URL", AuthNone, AuthHTTPS, AuthWorkloadIdentity))
	}
	if s.Auth == AuthWorkloadIdentity && err == nil && u.Host != "" && u.Hostname() != "dev.azure.com" && !strings.HasSuffix(u.Hostname(), ".visualstudio.com") {
		errs = append(errs, fielderr.New(at("auth"), s.Auth, "%q only for Azure DevOps repositories (dev.azure.com), the only Git provider Flux supports it for", AuthWorkloadIdentity))
	}

	refs := 0
	for _, r := range []struct{ key, v string }{{"branch", s.Branch}, {"tag", s.Tag}, {"semver", s.Semver}} {
		if r.v == "" {
			continue
		}
		refs++
		re := gitRefRe
		if r.key == "semver" {
			re = semverRe
		}
		if !re.MatchString(r.v) || strings.Contains(r.v, "..") {
			errs = append(errs, fielderr.New(at(r.key), r.v, "a valid Git %s", r.key))
		}
	}
	if refs != 1 {
		errs = append(errs, fielderr.New(at("branch"), []string{s.Branch, s.Tag, s.Semver}, "exactly one of branch, tag and semver"))
	}
	errs = append(errs, CheckDuration(at("interval"), s.Interval, 30*time.Second, 24*time.Hour)...)
	return errs
}

func (s Spec) validateKustomizations(at func(string) string, configurationName string) []error {
	var errs []error
	if len(s.Kustomizations) == 0 {
		errs = append(errs, fielderr.New(at("kustomizations"), nil, "at least one kustomization (name: {path: clusters/<env>})"))
	}
	for _, name := range slices.Sorted(maps.Keys(s.Kustomizations)) {
		k := s.Kustomizations[name]
		p := at("kustomizations." + name)
		if err := azname.CheckFluxKustomization(configurationName, name); err != nil {
			errs = append(errs, fielderr.New(p, name, "%v", err))
		}
		if !kPathRe.MatchString(k.Path) || strings.Contains(k.Path, "..") {
			errs = append(errs, fielderr.New(p+".path", k.Path, "a relative path inside the repository, e.g. \"clusters/prod\""))
		}
		errs = append(errs, CheckDuration(p+".interval", k.Interval, 30*time.Second, 24*time.Hour)...)
		for i, d := range k.DependsOn {
			if _, ok := s.Kustomizations[d]; !ok || d == name {
				errs = append(errs, fielderr.New(fmt.Sprintf("%s.dependsOn[%d]", p, i), d, "the name of another kustomization"))
			}
		}
	}
	if cyc := graph.CycleBy(s.Kustomizations, func(k Kustomization) []string { return k.DependsOn }); cyc != "" {
		errs = append(errs, fielderr.New(at("kustomizations"), cyc, "dependsOn without cycles"))
	}
	return errs
}

// CheckDuration refuses s unless it is a Go duration from lo to hi.
func CheckDuration(path, s string, lo, hi time.Duration) []error {
	d, err := time.ParseDuration(s)
	if err != nil || d < lo || d > hi {
		return []error{fielderr.New(path, s, "a Go duration from %s to %s, e.g. \"5m\"", shortDuration(lo), shortDuration(hi))}
	}
	return nil
}

// shortDuration prints 24h rather than 24h0m0s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

func setDefault(p *string, v string) {
	if *p == "" {
		*p = v
	}
}
