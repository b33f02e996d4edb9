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
	"regexp"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/components/fluxbootstrap/fluxspec"
	"github.com/privateaks/privateaks/internal/baseline"
	"github.com/privateaks/privateaks/internal/resopt"
)

// Modes (fluxspec).
const (
	ModeExtension = fluxspec.ModeExtension
	ModeManifests = fluxspec.ModeManifests
)

// Auth methods for the Git source (fluxspec).
const (
	AuthNone             = fluxspec.AuthNone
	AuthSSH              = fluxspec.AuthSSH
	AuthHTTPS            = fluxspec.AuthHTTPS
	AuthWorkloadIdentity = fluxspec.AuthWorkloadIdentity
)

// Defaults for FluxBootstrapArgs: the spec's (fluxspec) and the
// component's own.
const (
	DefaultMode                  = fluxspec.DefaultMode
	DefaultBranch                = fluxspec.DefaultBranch
	DefaultInterval              = fluxspec.DefaultInterval
	DefaultTimeout               = "3m"
	DefaultAuth                  = fluxspec.DefaultAuth
	DefaultKustomizationInterval = fluxspec.DefaultKustomizationInterval
	DefaultConfigurationName     = baseline.FluxConfigurationName
)

// Namespace is where Flux runs and where its objects live, in both modes.
const Namespace = "flux-system"

// SourceControllerSubject is the Kubernetes service account that fetches Git
// sources. A user-assigned identity used with auth "workloadIdentity" needs a
// federated credential for this subject and the cluster's OIDC issuer.
const SourceControllerSubject = "system:serviceaccount:" + Namespace + ":source-controller"

// FluxBootstrapArgs configures Flux for one cluster: the spec a user
// configures (fluxspec.Spec, the same type the stack config holds: mode,
// Git source, kustomizations, extension, install manifest) and the wiring
// that comes from other resources or from secret config.
type FluxBootstrapArgs struct {
	fluxspec.Spec
	// ClusterID is the ARM ID of the AKS cluster (required). Extension mode
	// scopes the extension and configuration to it; manifests mode pins the
	// Kubernetes provider's clusterIdentifier to it.
	ClusterID pulumi.StringInput
	// DependsOn are the resources Flux must wait for: the cluster, its node
	// pools, and whatever egress they need (firewall rules).
	DependsOn []pulumi.Resource

	// Timeout of one Git fetch, a Go duration from 10s to 1h (default "3m").
	Timeout string
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

	// Kubeconfig (mode "manifests", required) is the cluster's user
	// kubeconfig, already converted for non-interactive login (kubelogin
	// convert-kubeconfig). Wrapped as a secret. Ignored in mode "extension".
	Kubeconfig pulumi.StringInput
}

// Kustomization is one Flux Kustomization (fluxspec).
type Kustomization = fluxspec.Kustomization

// ExtensionArgs pins the microsoft.flux extension (fluxspec).
type ExtensionArgs = fluxspec.Extension

// ManifestsArgs is the in-cluster install of mode "manifests" (fluxspec).
type ManifestsArgs = fluxspec.Manifests

var kNameRe = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$`)

func (a FluxBootstrapArgs) withDefaults() FluxBootstrapArgs {
	a.Spec = a.Spec.WithDefaults()
	if a.Timeout == "" {
		a.Timeout = DefaultTimeout
	}
	if a.ConfigurationName == "" {
		a.ConfigurationName = DefaultConfigurationName
	}
	a.DependsOn = append([]pulumi.Resource(nil), a.DependsOn...)
	return a
}

// Validate returns every problem with the (defaulted) args. The install
// manifest of mode "manifests" is checked when the component loads it (see
// LoadManifest).
func (a FluxBootstrapArgs) Validate() []error {
	var errs []error
	if a.ClusterID == nil {
		errs = append(errs, resopt.ArgError("clusterId", nil, "the ARM ID of the AKS cluster (required)"))
	}
	if !kNameRe.MatchString(a.ConfigurationName) {
		errs = append(errs, resopt.ArgError("configurationName", a.ConfigurationName, "lowercase letters, digits and '-', at most 63 characters"))
	}
	errs = append(errs, a.Spec.Validate("", a.ConfigurationName)...)
	errs = append(errs, fluxspec.CheckDuration("timeout", a.Timeout, 10*time.Second, time.Hour)...)
	errs = append(errs, a.validateAuth()...)
	if a.Mode == ModeManifests && a.Kubeconfig == nil {
		errs = append(errs, resopt.ArgError("kubeconfig", nil, "the cluster's user kubeconfig (secret), converted for non-interactive login, in mode %q", ModeManifests))
	}
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

// seconds converts a validated Go duration to whole seconds.
func seconds(s string) int {
	d, _ := time.ParseDuration(s)
	return int(d / time.Second)
}
