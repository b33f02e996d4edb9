// Package fluxbootstrap puts a private AKS cluster under GitOps with Flux, in
// one of two modes:
//
//   - "extension" (default): the AKS microsoft.flux cluster extension and a
//     FluxConfiguration, both ARM resources. Nothing talks to the cluster's
//     private API server: Azure installs Flux from inside ("zero kubectl").
//   - "manifests": Flux installed in-cluster with pulumi-kubernetes from a
//     pinned, pre-generated install manifest (flux install --export) that the
//     user keeps in the repository, for runs with line of sight to the API
//     server (a self-hosted runner in the hub's management subnet).
//
// Both modes sync one Git repository (branch, tag or semver) into the
// flux-system namespace through a set of Kustomizations, with auth none, ssh,
// https or workload identity (Azure DevOps). Credentials come in as pulumi
// inputs and stay secret end to end. See docs/flux.md.
package fluxbootstrap

import (
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/baseline"
	"github.com/privateaks/privateaks/internal/graph"
	"github.com/privateaks/privateaks/internal/redact"
	"github.com/privateaks/privateaks/internal/resopt"
)

// Modes.
const (
	ModeExtension = "extension"
	ModeManifests = "manifests"
)

// Auth methods for the Git source.
const (
	AuthNone             = "none"
	AuthSSH              = "ssh"
	AuthHTTPS            = "https"
	AuthWorkloadIdentity = "workloadIdentity"
)

// Defaults for FluxBootstrapArgs.
const (
	DefaultMode                  = ModeExtension
	DefaultBranch                = "main"
	DefaultInterval              = "5m"
	DefaultTimeout               = "3m"
	DefaultAuth                  = AuthNone
	DefaultKustomizationInterval = "10m"
	DefaultConfigurationName     = baseline.FluxConfigurationName
)

// Namespace is where Flux runs and where its objects live, in both modes.
const Namespace = "flux-system"

// SourceControllerSubject is the Kubernetes service account that fetches Git
// sources. A user-assigned identity used with auth "workloadIdentity" needs a
// federated credential for this subject and the cluster's OIDC issuer.
const SourceControllerSubject = "system:serviceaccount:" + Namespace + ":source-controller"

// FluxBootstrapArgs configures Flux for one cluster. The fields mirror the
// stack config (stackconfig.Flux, stackconfig.Secrets) one to one; plain Go
// values decide the shape of the graph, pulumi inputs carry what comes from
// other resources or from secret config.
type FluxBootstrapArgs struct {
	// Mode "extension" (default) or "manifests".
	Mode string
	// ClusterID is the ARM ID of the AKS cluster (required). Extension mode
	// scopes the extension and configuration to it; manifests mode pins the
	// Kubernetes provider's clusterIdentifier to it.
	ClusterID pulumi.StringInput
	// DependsOn are the resources Flux must wait for: the cluster, its node
	// pools, and whatever egress they need (firewall rules).
	DependsOn []pulumi.Resource

	// URL of the Git repository: https://host/org/repo or ssh://git@host/org/repo.
	URL string
	// Exactly one of Branch (default "main" when none is set), Tag or Semver.
	Branch string
	Tag    string
	Semver string
	// Interval of the Git source, a Go duration from 30s to 24h (default
	// "5m"). Seconds for the extension, kept as written for the CRDs.
	Interval string
	// Timeout of one Git fetch, a Go duration from 10s to 1h (default "3m").
	Timeout string
	// Auth "none" (default), "ssh", "https" or "workloadIdentity" (Azure
	// DevOps only).
	Auth string
	// Kustomizations keyed by name (at least one). Both modes name the
	// in-cluster object "<configurationName>-<key>".
	Kustomizations map[string]Kustomization
	// ConfigurationName names the FluxConfiguration (extension) and the
	// GitRepository (both modes); default "flux-system".
	ConfigurationName string
	// Substitute are the postBuild variables of every Kustomization: Flux
	// replaces ${NAME} in the built manifests with Substitute[NAME]. The
	// stack passes per-cluster values (registry, vault, identities' client
	// IDs; internal/clustervars) so that one overlay serves every cluster
	// of a stack. Values are not secret: they end up in cluster objects.
	Substitute pulumi.StringMapInput

	// SSHPrivateKey (auth ssh, required) is the PEM private key; it must be
	// a secret (config set --secret) and stays one: the component wraps it.
	SSHPrivateKey pulumi.StringInput
	// SSHKnownHosts (auth ssh, required) pins the Git host key(s), in
	// known_hosts format.
	SSHKnownHosts string
	// HTTPSUsername and HTTPSToken (auth https, both required); the token is
	// kept secret like SSHPrivateKey.
	HTTPSUsername string
	HTTPSToken    pulumi.StringInput
	// WorkloadIdentityClientID (auth workloadIdentity, required) is the
	// client ID of a user-assigned identity with a federated credential for
	// SourceControllerSubject and access to the Azure DevOps organisation.
	WorkloadIdentityClientID pulumi.StringInput

	// Extension tunes mode "extension"; leave empty in mode "manifests".
	Extension ExtensionArgs
	// Manifests configures mode "manifests" (required there); leave empty
	// in mode "extension".
	Manifests ManifestsArgs
	// Kubeconfig (mode "manifests", required) is the cluster's user
	// kubeconfig, already converted for non-interactive login (kubelogin
	// convert-kubeconfig). Wrapped as a secret. Ignored in mode "extension".
	Kubeconfig pulumi.StringInput
}

// Kustomization is one Flux Kustomization.
type Kustomization struct {
	// Path inside the repository, e.g. "clusters/prod" (required).
	Path string
	// Prune garbage-collects objects removed from Git (default true).
	Prune *bool
	// Interval, a Go duration from 30s to 24h (default "10m").
	Interval string
	// DependsOn names other kustomizations of the same map.
	DependsOn []string
}

// ExtensionArgs pins the microsoft.flux extension.
type ExtensionArgs struct {
	// ReleaseTrain "Stable" or "Preview"; empty leaves Azure's default (Stable).
	ReleaseTrain string
	// Version pins the extension (e.g. "1.16.8"); empty lets Azure install
	// the latest and upgrade it.
	Version string
}

// ManifestsArgs is the in-cluster install of mode "manifests".
type ManifestsArgs struct {
	// Version of Flux the file carries, e.g. "v2.4.0" (required). Checked
	// against the file's app.kubernetes.io/version labels.
	Version string
	// File is the path of the pinned install manifest (`flux install
	// --export > gotk-components.yaml`), relative to the program directory
	// (required). Read at program time, never fetched.
	File string
	// ImageRegistry rewrites controller images to this registry, e.g.
	// "acrpaksprod.azurecr.io" (ghcr.io/fluxcd/x:v1 becomes
	// acrpaksprod.azurecr.io/fluxcd/x:v1); empty keeps the file's images.
	ImageRegistry string
}

var (
	gitRefRe        = regexp.MustCompile(`^[A-Za-z0-9][-A-Za-z0-9._/]{0,199}$`)
	kPathRe         = regexp.MustCompile(`^(\./)?[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*/?$`)
	semverRe        = regexp.MustCompile(`^[<>=~^ 0-9.xX*|,-]+$`)
	imageRegistryRe = regexp.MustCompile(`^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]+)?(/[a-z0-9._-]+)*$`)
	kNameRe         = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$`)
	fluxVersionRe   = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+$`)
	releaseTrainRe  = regexp.MustCompile(`^(?i)(stable|preview)$`)
	extVersionRe    = regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+$`)
)

func (a FluxBootstrapArgs) withDefaults() FluxBootstrapArgs {
	if a.Mode == "" {
		a.Mode = DefaultMode
	}
	if a.Branch == "" && a.Tag == "" && a.Semver == "" {
		a.Branch = DefaultBranch
	}
	if a.Interval == "" {
		a.Interval = DefaultInterval
	}
	if a.Timeout == "" {
		a.Timeout = DefaultTimeout
	}
	if a.Auth == "" {
		a.Auth = DefaultAuth
	}
	if a.ConfigurationName == "" {
		a.ConfigurationName = DefaultConfigurationName
	}
	ks := make(map[string]Kustomization, len(a.Kustomizations))
	for k, v := range a.Kustomizations {
		if v.Prune == nil {
			t := true
			v.Prune = &t
		}
		if v.Interval == "" {
			v.Interval = DefaultKustomizationInterval
		}
		v.DependsOn = append([]string(nil), v.DependsOn...)
		ks[k] = v
	}
	a.Kustomizations = ks
	a.DependsOn = append([]pulumi.Resource(nil), a.DependsOn...)
	return a
}

// Validate returns every problem with the (defaulted) args. The install
// manifest of mode "manifests" is checked when the component loads it (see
// LoadManifest).
func (a FluxBootstrapArgs) Validate() []error {
	var errs []error
	if a.Mode != ModeExtension && a.Mode != ModeManifests {
		errs = append(errs, resopt.ArgError("mode", a.Mode, "%q or %q", ModeExtension, ModeManifests))
	}
	if a.ClusterID == nil {
		errs = append(errs, resopt.ArgError("clusterId", nil, "the ARM ID of the AKS cluster (required)"))
	}
	if !kNameRe.MatchString(a.ConfigurationName) {
		errs = append(errs, resopt.ArgError("configurationName", a.ConfigurationName, "lowercase letters, digits and '-', at most 63 characters"))
	}
	errs = append(errs, a.validateSource()...)
	errs = append(errs, a.validateAuth()...)
	errs = append(errs, a.validateKustomizations()...)

	switch a.Mode {
	case ModeExtension:
		if a.Manifests != (ManifestsArgs{}) {
			errs = append(errs, resopt.ArgError("manifests", a.Manifests.File, "unset unless mode is %q", ModeManifests))
		}
		if e := a.Extension.ReleaseTrain; e != "" && !releaseTrainRe.MatchString(e) {
			errs = append(errs, resopt.ArgError("extension.releaseTrain", e, "\"Stable\" or \"Preview\""))
		}
		if v := a.Extension.Version; v != "" && !extVersionRe.MatchString(v) {
			errs = append(errs, resopt.ArgError("extension.version", v, "an extension version such as \"1.16.8\""))
		}
	case ModeManifests:
		m := a.Manifests
		if m.File == "" {
			errs = append(errs, resopt.ArgError("manifests.file", m.File, "the path of the pinned Flux install manifest (gotk-components.yaml from `flux install --export`) in mode %q", ModeManifests))
		} else if strings.Contains(m.File, "://") {
			errs = append(errs, resopt.ArgError("manifests.file", m.File, "a local file path checked into your repository, not a URL (nothing is fetched)"))
		}
		if !fluxVersionRe.MatchString(m.Version) {
			errs = append(errs, resopt.ArgError("manifests.version", m.Version, "the pinned Flux version of the manifest, e.g. \"v2.4.0\""))
		}
		if m.ImageRegistry != "" && !imageRegistryRe.MatchString(m.ImageRegistry) {
			errs = append(errs, resopt.ArgError("manifests.imageRegistry", m.ImageRegistry, "a registry host such as \"acrpaksprod.azurecr.io\""))
		}
		if a.Kubeconfig == nil {
			errs = append(errs, resopt.ArgError("kubeconfig", nil, "the cluster's user kubeconfig (secret), converted for non-interactive login, in mode %q", ModeManifests))
		}
		if a.Extension != (ExtensionArgs{}) {
			errs = append(errs, resopt.ArgError("extension", a.Extension.Version, "unset unless mode is %q", ModeExtension))
		}
	}
	return errs
}

func (a FluxBootstrapArgs) validateSource() []error {
	var errs []error
	u, err := url.Parse(a.URL)
	switch {
	case a.URL == "":
		errs = append(errs, resopt.ArgError("url", a.URL, "the Git repository URL (https://host/org/repo or ssh://git@host/org/repo)"))
	case err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "ssh") || u.Path == "" || u.Path == "/" || strings.ContainsAny(a.URL, " \t\n"):
		errs = append(errs, resopt.ArgError("url", redact.URL(a.URL), "an https:// or ssh:// URL with a host and repository path (scp-like git@host:org/repo is not accepted by Flux)"))
	case u.Scheme == "https" && u.User != nil:
		errs = append(errs, resopt.ArgError("url", redact.URL(a.URL), "no credentials in the URL: use httpsUsername and the secret httpsToken"))
	case u.Scheme == "ssh" && a.Auth != AuthSSH:
		errs = append(errs, resopt.ArgError("auth", a.Auth, "%q for an ssh:// URL, with sshPrivateKey and sshKnownHosts", AuthSSH))
	case u.Scheme == "https" && a.Auth == AuthSSH:
		errs = append(errs, resopt.ArgError("auth", a.Auth, "%q, %q or %q for an https:// URL", AuthNone, AuthHTTPS, AuthWorkloadIdentity))
	}

	refs := 0
	for _, r := range []struct{ key, v string }{{"branch", a.Branch}, {"tag", a.Tag}, {"semver", a.Semver}} {
		if r.v == "" {
			continue
		}
		refs++
		re := gitRefRe
		if r.key == "semver" {
			re = semverRe
		}
		if !re.MatchString(r.v) || strings.Contains(r.v, "..") {
			errs = append(errs, resopt.ArgError(r.key, r.v, "a valid Git %s", r.key))
		}
	}
	if refs != 1 {
		errs = append(errs, resopt.ArgError("branch", []string{a.Branch, a.Tag, a.Semver}, "exactly one of branch, tag and semver"))
	}
	errs = append(errs, checkDuration("interval", a.Interval, 30*time.Second, 24*time.Hour)...)
	errs = append(errs, checkDuration("timeout", a.Timeout, 10*time.Second, time.Hour)...)
	return errs
}

func (a FluxBootstrapArgs) validateAuth() []error {
	var errs []error
	switch a.Auth {
	case AuthNone:
	case AuthSSH:
		if a.SSHPrivateKey == nil {
			errs = append(errs, resopt.ArgError("sshPrivateKey", nil, "the SSH private key, a secret (pulumi config set --secret fluxSshPrivateKey < key), with auth %q", AuthSSH))
		}
		if strings.TrimSpace(a.SSHKnownHosts) == "" {
			errs = append(errs, resopt.ArgError("sshKnownHosts", a.SSHKnownHosts, "the Git host's known_hosts line(s), required with auth %q so the host key is pinned", AuthSSH))
		}
	case AuthHTTPS:
		if a.HTTPSToken == nil {
			errs = append(errs, resopt.ArgError("httpsToken", nil, "the HTTPS token, a secret (pulumi config set --secret fluxHttpsToken), with auth %q", AuthHTTPS))
		}
		if a.HTTPSUsername == "" {
			errs = append(errs, resopt.ArgError("httpsUsername", a.HTTPSUsername, "the user name that goes with httpsToken (e.g. \"git\")"))
		}
	case AuthWorkloadIdentity:
		if a.WorkloadIdentityClientID == nil {
			errs = append(errs, resopt.ArgError("workloadIdentityClientId", nil, "the client ID of a user-assigned identity federated with %s, with auth %q", SourceControllerSubject, AuthWorkloadIdentity))
		}
		u, err := url.Parse(a.URL)
		if err == nil && u.Host != "" && u.Hostname() != "dev.azure.com" && !strings.HasSuffix(u.Hostname(), ".visualstudio.com") {
			errs = append(errs, resopt.ArgError("auth", a.Auth, "%q only for Azure DevOps repositories (dev.azure.com), the only Git provider Flux supports it for", AuthWorkloadIdentity))
		}
	default:
		errs = append(errs, resopt.ArgError("auth", a.Auth, "%q, %q, %q or %q", AuthNone, AuthSSH, AuthHTTPS, AuthWorkloadIdentity))
	}
	// Credentials of another auth method would be silently dropped: say so.
	for _, c := range []struct {
		path string
		set  bool
		auth string
	}{
		{"sshPrivateKey", a.SSHPrivateKey != nil, AuthSSH},
		{"httpsToken", a.HTTPSToken != nil, AuthHTTPS},
		{"workloadIdentityClientId", a.WorkloadIdentityClientID != nil, AuthWorkloadIdentity},
	} {
		if c.set && a.Auth != c.auth {
			errs = append(errs, resopt.ArgError(c.path, "[set]", "unset unless auth is %q (auth is %q)", c.auth, a.Auth))
		}
	}
	return errs
}

func (a FluxBootstrapArgs) validateKustomizations() []error {
	var errs []error
	if len(a.Kustomizations) == 0 {
		errs = append(errs, resopt.ArgError("kustomizations", nil, "at least one kustomization (name: {path: clusters/<env>})"))
	}
	for _, name := range slices.Sorted(maps.Keys(a.Kustomizations)) {
		k := a.Kustomizations[name]
		p := "kustomizations." + name
		if err := azname.CheckFluxKustomization(a.ConfigurationName, name); err != nil {
			errs = append(errs, resopt.ArgError(p, name, "%v", err))
		}
		if !kPathRe.MatchString(k.Path) || strings.Contains(k.Path, "..") {
			errs = append(errs, resopt.ArgError(p+".path", k.Path, "a relative path inside the repository, e.g. \"clusters/prod\""))
		}
		errs = append(errs, checkDuration(p+".interval", k.Interval, 30*time.Second, 24*time.Hour)...)
		for i, d := range k.DependsOn {
			if _, ok := a.Kustomizations[d]; !ok || d == name {
				errs = append(errs, resopt.ArgError(fmt.Sprintf("%s.dependsOn[%d]", p, i), d, "the name of another kustomization"))
			}
		}
	}
	if cyc := graph.CycleBy(a.Kustomizations, func(k Kustomization) []string { return k.DependsOn }); cyc != "" {
		errs = append(errs, resopt.ArgError("kustomizations", cyc, "dependsOn without cycles"))
	}
	return errs
}

func checkDuration(path, s string, lo, hi time.Duration) []error {
	d, err := time.ParseDuration(s)
	if err != nil || d < lo || d > hi {
		return []error{resopt.ArgError(path, s, "a Go duration from %s to %s, e.g. \"5m\"", shortDuration(lo), shortDuration(hi))}
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

// seconds converts a validated Go duration to whole seconds.
func seconds(s string) int {
	d, _ := time.ParseDuration(s)
	return int(d / time.Second)
}
