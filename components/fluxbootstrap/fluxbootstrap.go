package fluxbootstrap

import (
	"encoding/base64"
	"maps"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-azure/sdk/v6/go/azure/containerservice"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/internal/resopt"
)

// Type is the component's type token.
const Type = "privateaks:fluxbootstrap:FluxBootstrap"

// The microsoft.flux extension's name and type on the cluster.
const (
	ExtensionName = "flux"
	ExtensionType = "microsoft.flux"
)

// Custom timeouts. Installing the extension is a Helm release Azure runs on
// the cluster: it waits for nodes, pulls images through the firewall and
// commonly takes 10-20 minutes, more on a cold cluster; the provider's
// defaults are shorter than a slow first install.
var (
	ExtensionTimeouts     = pulumi.CustomTimeouts{Create: "60m", Update: "60m", Delete: "30m"}
	ConfigurationTimeouts = pulumi.CustomTimeouts{Create: "30m", Update: "30m", Delete: "30m"}
)

// FluxBootstrap is Flux on one cluster, syncing one Git repository.
type FluxBootstrap struct {
	pulumi.ResourceState

	// ConfigurationName names the FluxConfiguration (extension mode) and the
	// GitRepository in flux-system (both modes).
	ConfigurationName pulumi.StringOutput `pulumi:"configurationName"`
	// Namespace is where Flux and its objects live ("flux-system").
	Namespace pulumi.StringOutput `pulumi:"namespace"`

	// Mode is the mode the component ran in.
	Mode string `pulumi:"-"`
	// Extension and Configuration are set in extension mode.
	Extension     *containerservice.KubernetesClusterExtension `pulumi:"-"`
	Configuration *containerservice.FluxConfiguration          `pulumi:"-"`
	// Provider is the Kubernetes provider of manifests mode, built from the
	// cluster's kubeconfig; nil in extension mode.
	Provider *kubernetes.Provider `pulumi:"-"`
	// Ready are the resources after which the cluster syncs from Git; a
	// workload that needs Flux running waits for them.
	Ready []pulumi.Resource `pulumi:"-"`
}

// NewFluxBootstrap puts a cluster under GitOps. Invalid args (and, in mode
// "manifests", an unusable install manifest) are reported all at once
// before anything is registered.
func NewFluxBootstrap(ctx *pulumi.Context, name string, args *FluxBootstrapArgs, opts ...pulumi.ResourceOption) (*FluxBootstrap, error) {
	if args == nil {
		args = &FluxBootstrapArgs{}
	}
	a := args.withDefaults()
	errs := a.Validate()
	var man *Manifest
	if a.Mode == ModeManifests && a.Manifests.File != "" && !strings.Contains(a.Manifests.File, "://") {
		m, merrs := LoadManifest(a.Manifests.File, a.Manifests.Version)
		errs = append(errs, merrs...)
		man = m
	}
	if err := resopt.Join(Type, name, errs); err != nil {
		return nil, err
	}

	comp := &FluxBootstrap{Mode: a.Mode}
	if err := ctx.RegisterComponentResource(Type, name, comp, opts...); err != nil {
		return nil, err
	}
	var err error
	if a.Mode == ModeExtension {
		err = newExtension(ctx, name, comp, a)
	} else {
		err = newManifests(ctx, name, comp, a, man)
	}
	if err != nil {
		return nil, err
	}
	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{
		"configurationName": comp.ConfigurationName,
		"namespace":         comp.Namespace,
	}); err != nil {
		return nil, err
	}
	return comp, nil
}

// ExtensionSettings are the microsoft.flux configuration settings for an
// auth method (the workload identity client ID is added by the component):
//
//   - the controllers a kustomize-based GitOps repository needs; the image
//     automation controllers stay off (they need write access to Git);
//   - multiTenancy.enforce kept on (the extension's default, stated here so
//     a reader sees it): Kustomizations run as the flux-applier service
//     account and may not reference sources across namespaces;
//   - toleration-keys, so that controllers may be scheduled on system pools
//     tainted CriticalAddonsOnly=true:NoSchedule. Recent extension versions
//     tolerate that taint on their own; the setting is the documented way to
//     add tolerations to the controllers and does no harm when redundant.
//
// The extension has no setting for network policy: where the cluster's
// policies deny by default, flux-system needs intra-namespace traffic
// allowed (source-controller serves artifacts to the other controllers over
// HTTP) plus egress to the API server and the Git host (docs/flux.md).
func ExtensionSettings(auth string) map[string]string {
	s := map[string]string{
		"source-controller.enabled":           "true",
		"kustomize-controller.enabled":        "true",
		"helm-controller.enabled":             "true",
		"notification-controller.enabled":     "true",
		"image-automation-controller.enabled": "false",
		"image-reflector-controller.enabled":  "false",
		"multiTenancy.enforce":                "true",
		"toleration-keys":                     CriticalAddonsOnly + "=true:NoSchedule",
	}
	if auth == AuthWorkloadIdentity {
		s["workloadIdentity.enable"] = "true"
	}
	return s
}

// ReferenceType returns the FluxConfiguration reference type and value of
// the exactly one ref set.
func ReferenceType(branch, tag, semver string) (string, string) {
	switch {
	case tag != "":
		return "tag", tag
	case semver != "":
		return "semver", semver
	}
	return "branch", branch
}

func newExtension(ctx *pulumi.Context, name string, comp *FluxBootstrap, a FluxBootstrapArgs) error {
	settings := pulumi.StringMap{}
	for k, v := range ExtensionSettings(a.Auth) {
		settings[k] = pulumi.String(v)
	}
	if a.Auth == AuthWorkloadIdentity {
		settings["workloadIdentity.azureClientId"] = a.WorkloadIdentityClientID
	}
	ea := &containerservice.KubernetesClusterExtensionArgs{
		Name:                  pulumi.String(ExtensionName),
		ClusterId:             a.ClusterID,
		ExtensionType:         pulumi.String(ExtensionType),
		ReleaseNamespace:      pulumi.String(Namespace),
		ConfigurationSettings: settings,
	}
	if a.Extension.ReleaseTrain != "" {
		ea.ReleaseTrain = pulumi.String(a.Extension.ReleaseTrain)
	}
	if a.Extension.Version != "" {
		ea.Version = pulumi.String(a.Extension.Version)
	}
	extTimeouts, cfgTimeouts := ExtensionTimeouts, ConfigurationTimeouts
	ext, err := containerservice.NewKubernetesClusterExtension(ctx, name+"-extension", ea,
		resopt.Child(comp, pulumi.DependsOn(a.DependsOn), pulumi.Timeouts(&extTimeouts))...)
	if err != nil {
		return err
	}

	refType, refValue := ReferenceType(a.Branch, a.Tag, a.Semver)
	git := &containerservice.FluxConfigurationGitRepositoryArgs{
		Url:                   pulumi.String(a.URL),
		ReferenceType:         pulumi.String(refType),
		ReferenceValue:        pulumi.String(refValue),
		SyncIntervalInSeconds: pulumi.Int(seconds(a.Interval)),
		TimeoutInSeconds:      pulumi.Int(seconds(a.Timeout)),
	}
	switch a.Auth {
	case AuthSSH:
		git.SshPrivateKeyBase64 = secretBase64(a.SSHPrivateKey)
		git.SshKnownHostsBase64 = pulumi.String(base64.StdEncoding.EncodeToString([]byte(a.SSHKnownHosts)))
	case AuthHTTPS:
		git.HttpsUser = pulumi.String(a.HTTPSUsername)
		git.HttpsKeyBase64 = secretBase64(a.HTTPSToken)
	case AuthWorkloadIdentity:
		// The OIDC provider for workload identity federation; with the
		// extension's workloadIdentity settings source-controller gets a
		// token for the identity and presents it to Azure DevOps.
		git.Provider = pulumi.String("Azure")
	}
	ks := containerservice.FluxConfigurationKustomizationArray{}
	for _, key := range slices.Sorted(maps.Keys(a.Kustomizations)) {
		k := a.Kustomizations[key]
		ka := &containerservice.FluxConfigurationKustomizationArgs{
			Name:                     pulumi.String(key),
			Path:                     pulumi.String(k.Path),
			GarbageCollectionEnabled: pulumi.Bool(*k.Prune),
			SyncIntervalInSeconds:    pulumi.Int(seconds(k.Interval)),
		}
		if len(k.DependsOn) > 0 {
			ka.DependsOns = pulumi.ToStringArray(k.DependsOn)
		}
		if a.Substitute != nil {
			ka.PostBuild = &containerservice.FluxConfigurationKustomizationPostBuildArgs{Substitute: a.Substitute}
		}
		ks = append(ks, ka)
	}
	deps := append([]pulumi.Resource{ext}, a.DependsOn...)
	cfg, err := containerservice.NewFluxConfiguration(ctx, name+"-configuration", &containerservice.FluxConfigurationArgs{
		Name:           pulumi.String(a.ConfigurationName),
		ClusterId:      a.ClusterID,
		Namespace:      pulumi.String(Namespace),
		Scope:          pulumi.String("cluster"),
		GitRepository:  git,
		Kustomizations: ks,
	}, resopt.Child(comp, pulumi.DependsOn(deps), pulumi.Timeouts(&cfgTimeouts))...)
	if err != nil {
		return err
	}
	comp.Extension, comp.Configuration = ext, cfg
	comp.ConfigurationName = cfg.Name
	comp.Namespace = cfg.Namespace
	comp.Ready = []pulumi.Resource{ext, cfg}
	return nil
}

// secretBase64 base64-encodes a credential inside the output, so the value
// never leaves it, and marks the result secret whatever the input was.
func secretBase64(in pulumi.StringInput) pulumi.StringOutput {
	enc := in.ToStringOutput().ApplyT(func(s string) string {
		return base64.StdEncoding.EncodeToString([]byte(s))
	}).(pulumi.StringOutput)
	return pulumi.ToSecret(enc).(pulumi.StringOutput)
}
