package tests

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/components/fluxbootstrap"
	"github.com/privateaks/privateaks/components/fluxbootstrap/fluxspec"
	"github.com/privateaks/privateaks/testkit"
)

const (
	fluxClusterID   = "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-spoke-blue/providers/Microsoft.ContainerService/managedClusters/aks-paks-dev-blue"
	fluxFixture     = "../components/fluxbootstrap/testdata/flux-install.yaml"
	fluxSSHKey      = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA-flux-test-key\n-----END OPENSSH PRIVATE KEY-----\n"
	fluxKnownHosts  = "github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
	fluxToken       = "ghp_fluxTestToken0123456789"
	fluxKubeconfig  = "apiVersion: v1\nkind: Config\nusers:\n- name: clusterUser\n  user:\n    exec:\n      command: kubelogin\n      args: [get-token, --login, azurecli]\n"
	fluxExtType     = "azure:containerservice/kubernetesClusterExtension:KubernetesClusterExtension"
	fluxConfigType  = "azure:containerservice/fluxConfiguration:FluxConfiguration"
	fluxK8sProvType = "pulumi:providers:kubernetes"
	fluxCRDType     = "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition"
	fluxDeployType  = "kubernetes:apps/v1:Deployment"
	fluxRepoType    = "kubernetes:source.toolkit.fluxcd.io/v1:GitRepository"
	fluxKsType      = "kubernetes:kustomize.toolkit.fluxcd.io/v1:Kustomization"
	fluxSecretType  = "kubernetes:core/v1:Secret"
	fluxNSType      = "kubernetes:core/v1:Namespace"
	fluxNetpolType  = "kubernetes:networking.k8s.io/v1:NetworkPolicy"
)

// fluxStandIn is a stand-in for the cluster (or a pool) Flux must wait for.
type fluxStandIn struct {
	pulumi.CustomResourceState
}

func fluxStandInResource(ctx *pulumi.Context, token, name string) (*fluxStandIn, error) {
	var r fluxStandIn
	err := ctx.RegisterResource(token, name, pulumi.Map{}, &r)
	return &r, err
}

func fluxKustomizations() map[string]fluxbootstrap.Kustomization {
	no := false
	return map[string]fluxbootstrap.Kustomization{
		"infrastructure": {Path: "clusters/prod/infrastructure"},
		"apps":           {Path: "./clusters/prod/apps", Prune: &no, Interval: "2m", DependsOn: []string{"infrastructure"}},
	}
}

// fluxRun is one program run with its cluster stand-in and component.
type fluxRun struct {
	m       *testkit.Mocks
	cluster *testkit.Resource
	pool    *testkit.Resource
	comp    *testkit.Resource
	fb      *fluxbootstrap.FluxBootstrap
	// outputs as resolved by the program
	configurationName, namespace string
}

// fluxProgram runs NewFluxBootstrap after a cluster and a pool stand-in,
// which it passes as DependsOn; mutate adjusts the args.
func fluxProgram(t *testing.T, args *fluxbootstrap.FluxBootstrapArgs, opts ...func(*pulumi.Context) (pulumi.ResourceOption, error)) *fluxRun {
	t.Helper()
	fr := &fluxRun{}
	m := run(t, func(ctx *pulumi.Context) error {
		cluster, err := fluxStandInResource(ctx, "test:index:Cluster", "aks")
		if err != nil {
			return err
		}
		pool, err := fluxStandInResource(ctx, "test:index:AgentPool", "aks-system")
		if err != nil {
			return err
		}
		a := *args
		a.DependsOn = []pulumi.Resource{cluster, pool}
		var ro []pulumi.ResourceOption
		for _, o := range opts {
			opt, err := o(ctx)
			if err != nil {
				return err
			}
			ro = append(ro, opt)
		}
		fb, err := fluxbootstrap.NewFluxBootstrap(ctx, "flux", &a, ro...)
		if err != nil {
			return err
		}
		fr.fb = fb
		fb.ConfigurationName.ApplyT(func(s string) string { fr.configurationName = s; return s })
		fb.Namespace.ApplyT(func(s string) string { fr.namespace = s; return s })
		return nil
	})
	fr.m = m
	fr.cluster = one(t, m, ":Cluster", "aks")
	fr.pool = one(t, m, ":AgentPool", "aks-system")
	fr.comp = one(t, m, ":FluxBootstrap", "flux")
	if fr.comp.Type != fluxbootstrap.Type {
		t.Fatalf("component type %s, want %s", fr.comp.Type, fluxbootstrap.Type)
	}
	// Every resource but the stand-ins (and test providers) is the component's child.
	for _, r := range m.Resources() {
		if r.URN == fr.comp.URN || strings.HasPrefix(r.Type, "test:") || r.Type == "pulumi:providers:azure" {
			continue
		}
		if r.Parent != fr.comp.URN {
			t.Errorf("%s %s is not parented to the component", r.Type, r.Name)
		}
	}
	return fr
}

// fluxSecretAt reports whether the value at path, or an object or array
// enclosing it, is recorded as a secret.
func fluxSecretAt(r *testkit.Resource, path string) bool {
	for i := 0; i <= len(path); i++ {
		if i == len(path) || path[i] == '.' || path[i] == '[' {
			if prefix := path[:i]; prefix != "" && r.Get(prefix).IsSecret() {
				return true
			}
		}
	}
	return false
}

// fluxLeaks returns the paths where a string containing needle is recorded
// outside any secret: a secret that escaped its wrapper.
func fluxLeaks(v resource.PropertyValue, path, needle string) []string {
	switch {
	case v.IsSecret():
		return nil
	case v.IsOutput():
		return fluxLeaks(v.OutputValue().Element, path, needle)
	case v.IsString():
		if strings.Contains(v.StringValue(), needle) {
			return []string{path}
		}
	case v.IsArray():
		var out []string
		for i, e := range v.ArrayValue() {
			out = append(out, fluxLeaks(e, path+"["+itoa(i)+"]", needle)...)
		}
		return out
	case v.IsObject():
		var out []string
		for k, e := range v.ObjectValue() {
			out = append(out, fluxLeaks(e, path+"."+string(k), needle)...)
		}
		return out
	}
	return nil
}

// fluxNoLeaks fails if a credential appears, plain or base64-encoded,
// outside a secret in any recorded input.
func fluxNoLeaks(t *testing.T, m *testkit.Mocks, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		for _, needle := range []string{s, base64.StdEncoding.EncodeToString([]byte(s))} {
			for _, r := range m.Resources() {
				if leaks := fluxLeaks(resource.NewProperty(r.Inputs), r.Name, needle); len(leaks) > 0 {
					t.Errorf("credential recorded in plain text at %v", leaks)
				}
			}
		}
	}
}

// fluxDecoded base64-decodes the string at path.
func fluxDecoded(t *testing.T, r *testkit.Resource, path string) string {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(r.String(path))
	if err != nil {
		t.Errorf("%s %s: %q is not base64: %v", r.Name, path, r.String(path), err)
	}
	return string(b)
}

func fluxExtensionArgs() *fluxbootstrap.FluxBootstrapArgs {
	return &fluxbootstrap.FluxBootstrapArgs{
		Spec: fluxspec.Spec{
			URL:            "https://github.com/privateaks/cluster-config",
			Auth:           fluxbootstrap.AuthHTTPS,
			Kustomizations: fluxKustomizations(),
			Extension:      fluxbootstrap.ExtensionArgs{ReleaseTrain: "Stable", Version: "1.16.8"},
		},
		ClusterID:     pulumi.String(fluxClusterID),
		HTTPSUsername: "git",
		HTTPSToken:    pulumi.String(fluxToken), // plain on purpose: the component must make it secret
	}
}

// azureProvider registers an explicit azure provider and passes it the way
// the stacks do, through pulumi.Providers on the component.
func azureProvider(ctx *pulumi.Context) (pulumi.ResourceOption, error) {
	var p pulumi.ProviderResourceState
	if err := ctx.RegisterResource("pulumi:providers:azure", "azure", pulumi.Map{}, &p); err != nil {
		return nil, err
	}
	return pulumi.Providers(&p), nil
}

func TestFluxExtension(t *testing.T) {
	fr := fluxProgram(t, fluxExtensionArgs(), azureProvider)
	m := fr.m
	if fr.fb.Mode != fluxbootstrap.ModeExtension || fr.fb.Provider != nil {
		t.Errorf("default mode %q (provider %v), want extension without a Kubernetes provider", fr.fb.Mode, fr.fb.Provider)
	}
	if n := len(m.ByTypeSuffix("")) - 4; n != 2 { // cluster, pool, azure provider, component
		t.Errorf("extension mode registers %d resources, want the extension and the configuration", n)
	}
	for _, r := range m.Resources() {
		if strings.HasPrefix(r.Type, "kubernetes:") {
			t.Errorf("extension mode must not talk to the API server: %s %s", r.Type, r.Name)
		}
	}
	azProv := one(t, m, ":azure", "azure")

	ext := one(t, m, ":KubernetesClusterExtension", "flux-extension")
	if ext.Type != fluxExtType {
		t.Errorf("extension type %s", ext.Type)
	}
	for path, want := range map[string]string{
		"clusterId":        fluxClusterID,
		"extensionType":    "microsoft.flux",
		"name":             "flux",
		"releaseNamespace": "flux-system",
		"releaseTrain":     "Stable",
		"version":          "1.16.8",
	} {
		if got := ext.String(path); got != want {
			t.Errorf("extension %s = %q, want %q", path, got, want)
		}
	}
	settings := testkit.Unsecret(ext.Get("configurationSettings")).ObjectValue()
	for k, want := range map[string]string{
		"toleration-keys":                     "CriticalAddonsOnly=true:NoSchedule",
		"multiTenancy.enforce":                "true",
		"source-controller.enabled":           "true",
		"kustomize-controller.enabled":        "true",
		"image-automation-controller.enabled": "false",
		"image-reflector-controller.enabled":  "false",
	} {
		if got := settings[resource.PropertyKey(k)]; !got.IsString() || got.StringValue() != want {
			t.Errorf("extension setting %s = %v, want %q", k, got, want)
		}
	}
	if _, ok := settings["workloadIdentity.enable"]; ok {
		t.Error("workload identity enabled without auth workloadIdentity")
	}
	wantTimeouts := map[string]string{"create": "60m", "update": "60m", "delete": "30m"}
	for k, v := range wantTimeouts {
		if ext.CustomTimeouts[k] != v {
			t.Errorf("extension %s timeout %q, want %q (got %v)", k, ext.CustomTimeouts[k], v, ext.CustomTimeouts)
		}
	}
	if !ext.DependsOn(fr.cluster.URN) || !ext.DependsOn(fr.pool.URN) {
		t.Errorf("extension must wait for the cluster and its pools: %v", ext.Dependencies)
	}
	if !strings.HasPrefix(ext.Provider, azProv.URN+"::") {
		t.Errorf("extension provider %q, want the azure provider passed to the component (%s)", ext.Provider, azProv.URN)
	}
	if want := fluxClusterID + "/providers/Microsoft.KubernetesConfiguration/extensions/flux"; ext.ID != want {
		t.Errorf("extension ID %s, want %s", ext.ID, want)
	}

	cfg := one(t, m, ":FluxConfiguration", "flux-configuration")
	if cfg.Type != fluxConfigType {
		t.Errorf("configuration type %s", cfg.Type)
	}
	for path, want := range map[string]string{
		"clusterId":                    fluxClusterID,
		"name":                         "flux-system",
		"namespace":                    "flux-system",
		"scope":                        "cluster",
		"gitRepository.url":            "https://github.com/privateaks/cluster-config",
		"gitRepository.referenceType":  "branch",
		"gitRepository.referenceValue": "main",
		"gitRepository.httpsUser":      "git",
		"kustomizations[0].name":       "apps",
		"kustomizations[0].path":       "./clusters/prod/apps",
		"kustomizations[1].name":       "infrastructure",
		"kustomizations[1].path":       "clusters/prod/infrastructure",
	} {
		if got := cfg.String(path); got != want {
			t.Errorf("configuration %s = %q, want %q", path, got, want)
		}
	}
	for path, want := range map[string]float64{
		"gitRepository.syncIntervalInSeconds":     300,
		"gitRepository.timeoutInSeconds":          180,
		"kustomizations[0].syncIntervalInSeconds": 120,
		"kustomizations[1].syncIntervalInSeconds": 600,
	} {
		if got := cfg.Number(path); got != want {
			t.Errorf("configuration %s = %v, want %v", path, got, want)
		}
	}
	if v := cfg.Get("kustomizations[0].garbageCollectionEnabled"); !v.IsBool() || v.BoolValue() {
		t.Errorf("apps has prune false: garbageCollectionEnabled = %v", v)
	}
	if !cfg.Bool("kustomizations[1].garbageCollectionEnabled") {
		t.Error("prune defaults to true: infrastructure garbageCollectionEnabled must be true")
	}
	if got := strs(cfg, "kustomizations[0].dependsOns"); len(got) != 1 || got[0] != "infrastructure" {
		t.Errorf("apps dependsOns %v, want [infrastructure]", got)
	}
	if cfg.Len("kustomizations[1].dependsOns") != 0 {
		t.Errorf("infrastructure dependsOns %v, want none", cfg.Get("kustomizations[1].dependsOns"))
	}
	// The token is secret end to end, and encoded inside the secret.
	if !fluxSecretAt(cfg, "gitRepository.httpsKeyBase64") {
		t.Error("gitRepository.httpsKeyBase64 is not recorded as a secret")
	}
	if got := fluxDecoded(t, cfg, "gitRepository.httpsKeyBase64"); got != fluxToken {
		t.Errorf("httpsKeyBase64 decodes to %q", got)
	}
	fluxNoLeaks(t, m, fluxToken)
	if !cfg.Get("gitRepository.sshPrivateKeyBase64").IsNull() || !cfg.Get("gitRepository.provider").IsNull() {
		t.Error("https auth must not set ssh or workload identity fields")
	}
	if !cfg.DependsOn(ext.URN) || !cfg.DependsOn(fr.cluster.URN) || !cfg.DependsOn(fr.pool.URN) {
		t.Errorf("configuration must wait for the extension and the cluster: %v", cfg.Dependencies)
	}
	for k, v := range map[string]string{"create": "30m", "delete": "30m"} {
		if cfg.CustomTimeouts[k] != v {
			t.Errorf("configuration %s timeout %q, want %q", k, cfg.CustomTimeouts[k], v)
		}
	}
	if !strings.HasPrefix(cfg.Provider, azProv.URN+"::") {
		t.Errorf("configuration provider %q, want the azure provider", cfg.Provider)
	}
	if fr.configurationName != "flux-system" || fr.namespace != "flux-system" {
		t.Errorf("outputs configurationName %q namespace %q", fr.configurationName, fr.namespace)
	}
	if len(fr.fb.Ready) != 2 || fr.fb.Extension == nil || fr.fb.Configuration == nil {
		t.Errorf("component must expose the extension and configuration (ready %d)", len(fr.fb.Ready))
	}
}

func TestFluxExtensionSSHTag(t *testing.T) {
	a := fluxExtensionArgs()
	a.URL = "ssh://git@github.com/privateaks/cluster-config"
	a.Auth, a.HTTPSUsername, a.HTTPSToken = fluxbootstrap.AuthSSH, "", nil
	a.SSHPrivateKey = pulumi.String(fluxSSHKey)
	a.SSHKnownHosts = fluxKnownHosts
	a.Tag = "v1.2.0"
	a.Interval = "90s"
	a.Extension = fluxbootstrap.ExtensionArgs{}
	fr := fluxProgram(t, a)
	cfg := one(t, fr.m, ":FluxConfiguration", "flux-configuration")
	if cfg.String("gitRepository.referenceType") != "tag" || cfg.String("gitRepository.referenceValue") != "v1.2.0" {
		t.Errorf("ref %s=%s, want tag=v1.2.0", cfg.String("gitRepository.referenceType"), cfg.String("gitRepository.referenceValue"))
	}
	if cfg.Number("gitRepository.syncIntervalInSeconds") != 90 {
		t.Errorf("interval 90s recorded as %v seconds", cfg.Number("gitRepository.syncIntervalInSeconds"))
	}
	if !fluxSecretAt(cfg, "gitRepository.sshPrivateKeyBase64") {
		t.Error("gitRepository.sshPrivateKeyBase64 is not recorded as a secret")
	}
	if got := fluxDecoded(t, cfg, "gitRepository.sshPrivateKeyBase64"); got != fluxSSHKey {
		t.Errorf("sshPrivateKeyBase64 decodes to %q", got)
	}
	if got := fluxDecoded(t, cfg, "gitRepository.sshKnownHostsBase64"); got != fluxKnownHosts {
		t.Errorf("sshKnownHostsBase64 decodes to %q", got)
	}
	if !cfg.Get("gitRepository.httpsUser").IsNull() || !cfg.Get("gitRepository.httpsKeyBase64").IsNull() {
		t.Error("ssh auth must not set https fields")
	}
	fluxNoLeaks(t, fr.m, fluxSSHKey)
	ext := one(t, fr.m, ":KubernetesClusterExtension", "flux-extension")
	if !ext.Get("version").IsNull() || !ext.Get("releaseTrain").IsNull() {
		t.Errorf("unpinned extension must leave version and releaseTrain to Azure: %v %v", ext.Get("version"), ext.Get("releaseTrain"))
	}
}

func TestFluxExtensionWorkloadIdentity(t *testing.T) {
	a := fluxExtensionArgs()
	a.URL = "https://dev.azure.com/contoso/platform/_git/cluster-config"
	a.Auth, a.HTTPSUsername, a.HTTPSToken = fluxbootstrap.AuthWorkloadIdentity, "", nil
	a.WorkloadIdentityClientID = pulumi.String("11111111-2222-4333-8444-555555555555")
	a.Semver = ">=1.0.0 <2.0.0"
	fr := fluxProgram(t, a)
	ext := one(t, fr.m, ":KubernetesClusterExtension", "flux-extension")
	settings := testkit.Unsecret(ext.Get("configurationSettings")).ObjectValue()
	if v := settings["workloadIdentity.enable"]; !v.IsString() || v.StringValue() != "true" {
		t.Errorf("workloadIdentity.enable = %v", v)
	}
	if v := testkit.Unsecret(settings["workloadIdentity.azureClientId"]); !v.IsString() || v.StringValue() != "11111111-2222-4333-8444-555555555555" {
		t.Errorf("workloadIdentity.azureClientId = %v", v)
	}
	cfg := one(t, fr.m, ":FluxConfiguration", "flux-configuration")
	if cfg.String("gitRepository.provider") != "Azure" {
		t.Errorf("gitRepository.provider %q, want Azure", cfg.String("gitRepository.provider"))
	}
	if cfg.String("gitRepository.referenceType") != "semver" || cfg.String("gitRepository.referenceValue") != ">=1.0.0 <2.0.0" {
		t.Errorf("ref %s=%s", cfg.String("gitRepository.referenceType"), cfg.String("gitRepository.referenceValue"))
	}
	for _, p := range []string{"gitRepository.httpsUser", "gitRepository.httpsKeyBase64", "gitRepository.sshPrivateKeyBase64"} {
		if !cfg.Get(p).IsNull() {
			t.Errorf("workload identity must not carry %s", p)
		}
	}
}

func fluxManifestsArgs() *fluxbootstrap.FluxBootstrapArgs {
	return &fluxbootstrap.FluxBootstrapArgs{
		Spec: fluxspec.Spec{
			Mode:           fluxbootstrap.ModeManifests,
			URL:            "ssh://git@github.com/privateaks/cluster-config",
			Branch:         "release",
			Auth:           fluxbootstrap.AuthSSH,
			Kustomizations: fluxKustomizations(),
			Manifests:      fluxbootstrap.ManifestsArgs{Version: "v2.4.0", File: fluxFixture, ImageRegistry: "acrpaksprod.azurecr.io"},
		},
		ClusterID:     pulumi.String(fluxClusterID),
		SSHPrivateKey: pulumi.String(fluxSSHKey), // plain on purpose
		SSHKnownHosts: fluxKnownHosts,
		Kubeconfig:    pulumi.String(fluxKubeconfig), // plain on purpose
	}
}

func fluxHasToleration(d *testkit.Resource) bool {
	for i := 0; i < d.Len("spec.template.spec.tolerations"); i++ {
		p := "spec.template.spec.tolerations[" + itoa(i) + "]"
		if d.String(p+".key") == "CriticalAddonsOnly" && d.String(p+".operator") == "Exists" && d.String(p+".effect") == "NoSchedule" {
			return true
		}
	}
	return false
}

func TestFluxManifests(t *testing.T) {
	fr := fluxProgram(t, fluxManifestsArgs())
	m := fr.m

	// The provider: secret kubeconfig, identity pinned to the cluster's ARM
	// ID, unreachable clusters dropped from state on delete.
	prov := one(t, m, ":kubernetes", "flux-k8s")
	if prov.Type != fluxK8sProvType {
		t.Fatalf("provider type %s", prov.Type)
	}
	if !prov.Get("kubeconfig").IsSecret() {
		t.Error("provider kubeconfig is not recorded as a secret")
	}
	if prov.String("kubeconfig") != fluxKubeconfig {
		t.Errorf("provider kubeconfig %q", prov.String("kubeconfig"))
	}
	if prov.String("clusterIdentifier") != fluxClusterID {
		t.Errorf("clusterIdentifier %q, want the cluster ID", prov.String("clusterIdentifier"))
	}
	if v := prov.Get("deleteUnreachable"); !v.IsBool() || !v.BoolValue() {
		t.Errorf("deleteUnreachable = %v, want true", v)
	}
	if !prov.DependsOn(fr.cluster.URN) {
		t.Error("provider must wait for the cluster")
	}
	fluxNoLeaks(t, m, fluxSSHKey, fluxKubeconfig)

	// Every Kubernetes object goes through that provider.
	var k8s []*testkit.Resource
	for _, r := range m.Resources() {
		if strings.HasPrefix(r.Type, "kubernetes:") {
			k8s = append(k8s, r)
			if !strings.HasPrefix(r.Provider, prov.URN+"::") {
				t.Errorf("%s %s uses provider %q, want %s", r.Type, r.Name, r.Provider, prov.URN)
			}
			if !r.DependsOn(fr.cluster.URN) || !r.DependsOn(fr.pool.URN) {
				t.Errorf("%s %s does not wait for the cluster and its pools", r.Type, r.Name)
			}
		}
	}
	// 2 CRDs, namespace, service account, generated netpol, 2 deployments,
	// secret, git repository, 2 kustomizations.
	if len(k8s) != 11 {
		var names []string
		for _, r := range k8s {
			names = append(names, r.Type+" "+r.Name)
		}
		t.Errorf("%d Kubernetes objects, want 11: %v", len(k8s), names)
	}

	crds := m.ByType(fluxCRDType)
	if len(crds) != 2 {
		t.Fatalf("want the 2 CRDs of the fixture, got %d", len(crds))
	}
	ns := one(t, m, ":Namespace", "flux-flux-system")
	if ns.Type != fluxNSType || ns.String("metadata.name") != "flux-system" {
		t.Errorf("namespace %s %q", ns.Type, ns.String("metadata.name"))
	}
	sa := one(t, m, ":ServiceAccount", "flux-flux-system-source-controller")
	if !sa.DependsOn(ns.URN) {
		t.Error("service account must wait for the namespace")
	}
	if ns.DependsOn(crds[0].URN) || crds[0].DependsOn(ns.URN) {
		t.Error("CRDs and namespace are both first: no edge between them")
	}

	// Controllers: images moved to the registry, tolerating system pools,
	// after CRDs, namespace and service account.
	wantImages := map[string]string{
		"flux-flux-system-source-controller":    "acrpaksprod.azurecr.io/fluxcd/source-controller:v1.4.1",
		"flux-flux-system-kustomize-controller": "acrpaksprod.azurecr.io/fluxcd/kustomize-controller:v1.4.0",
	}
	deps := m.ByType(fluxDeployType)
	if len(deps) != 2 {
		t.Fatalf("want 2 deployments, got %d", len(deps))
	}
	for _, d := range deps {
		if got := d.String("spec.template.spec.containers[0].image"); got != wantImages[d.Name] {
			t.Errorf("%s image %q, want %q", d.Name, got, wantImages[d.Name])
		}
		if !fluxHasToleration(d) {
			t.Errorf("%s lacks the CriticalAddonsOnly toleration: %v", d.Name, d.Get("spec.template.spec.tolerations"))
		}
		for _, dep := range append([]*testkit.Resource{ns, sa}, crds...) {
			if !d.DependsOn(dep.URN) {
				t.Errorf("%s must wait for %s", d.Name, dep.Name)
			}
		}
	}

	// No network policy in the fixture: the component adds allow-egress.
	np := one(t, m, ":NetworkPolicy", "flux-flux-system-allow-egress")
	if np.Type != fluxNetpolType || np.String("metadata.namespace") != "flux-system" {
		t.Errorf("netpol %s in %q", np.Type, np.String("metadata.namespace"))
	}
	if got := strs(np, "spec.policyTypes"); len(got) != 2 || got[0] != "Ingress" || got[1] != "Egress" {
		t.Errorf("netpol policyTypes %v", got)
	}
	if np.Get("spec.ingress[0].from[0].podSelector").IsNull() || np.Len("spec.ingress") != 1 || np.Len("spec.egress") != 1 {
		t.Errorf("netpol must allow ingress from flux-system pods only and all egress: %v", np.Get("spec"))
	}

	// The auth Secret: ssh identity and known_hosts, data secret.
	sec := one(t, m, ":Secret", "flux-git-auth")
	if sec.Type != fluxSecretType || sec.String("metadata.name") != "flux-system" || sec.String("metadata.namespace") != "flux-system" {
		t.Errorf("secret %s %s/%s", sec.Type, sec.String("metadata.namespace"), sec.String("metadata.name"))
	}
	if !sec.Get("data").IsSecret() {
		t.Error("secret data is not recorded as a secret")
	}
	if got := fluxDecoded(t, sec, "data.identity"); got != fluxSSHKey {
		t.Errorf("data.identity decodes to %q", got)
	}
	if got := fluxDecoded(t, sec, "data.known_hosts"); got != fluxKnownHosts {
		t.Errorf("data.known_hosts decodes to %q", got)
	}
	if !contains(sec.AdditionalSecretOutputs, "data") {
		t.Errorf("secret outputs must stay secret: additionalSecretOutputs %v", sec.AdditionalSecretOutputs)
	}

	// The GitRepository.
	repo := one(t, m, ":GitRepository", "flux-source")
	if repo.Type != fluxRepoType {
		t.Errorf("git repository type %s", repo.Type)
	}
	for path, want := range map[string]string{
		"apiVersion":          "source.toolkit.fluxcd.io/v1",
		"metadata.name":       "flux-system",
		"metadata.namespace":  "flux-system",
		"spec.url":            "ssh://git@github.com/privateaks/cluster-config",
		"spec.ref.branch":     "release",
		"spec.interval":       "5m",
		"spec.timeout":        "3m",
		"spec.secretRef.name": "flux-system",
	} {
		if got := repo.String(path); got != want {
			t.Errorf("git repository %s = %q, want %q", path, got, want)
		}
	}
	if !repo.Get("spec.ref.tag").IsNull() || !repo.Get("spec.provider").IsNull() {
		t.Errorf("git repository ref %v provider %v", repo.Get("spec.ref"), repo.Get("spec.provider"))
	}
	for _, dep := range append(append([]*testkit.Resource{ns, sec}, crds...), deps...) {
		if !repo.DependsOn(dep.URN) {
			t.Errorf("git repository must wait for %s (and be deleted before it)", dep.Name)
		}
	}

	// The Kustomizations, named as the extension names them.
	apps := one(t, m, ":Kustomization", "flux-kustomization-apps")
	infra := one(t, m, ":Kustomization", "flux-kustomization-infrastructure")
	for _, c := range []struct {
		r                    *testkit.Resource
		name, path, interval string
		prune                bool
		dependsOn            string
	}{
		{apps, "flux-system-apps", "./clusters/prod/apps", "2m", false, "flux-system-infrastructure"},
		{infra, "flux-system-infrastructure", "clusters/prod/infrastructure", "10m", true, ""},
	} {
		if c.r.Type != fluxKsType {
			t.Errorf("kustomization type %s", c.r.Type)
		}
		for path, want := range map[string]string{
			"metadata.name":          c.name,
			"metadata.namespace":     "flux-system",
			"spec.path":              c.path,
			"spec.interval":          c.interval,
			"spec.sourceRef.kind":    "GitRepository",
			"spec.sourceRef.name":    "flux-system",
			"spec.dependsOn[0].name": c.dependsOn,
		} {
			if got := c.r.String(path); got != want {
				t.Errorf("kustomization %s %s = %q, want %q", c.name, path, got, want)
			}
		}
		if v := c.r.Get("spec.prune"); !v.IsBool() || v.BoolValue() != c.prune {
			t.Errorf("kustomization %s prune %v, want %v", c.name, v, c.prune)
		}
		for _, dep := range append([]*testkit.Resource{repo, ns}, crds...) {
			if !c.r.DependsOn(dep.URN) {
				t.Errorf("kustomization %s must wait for %s", c.name, dep.Name)
			}
		}
	}

	// Hand-over: Flux's create-if-missing marker and no Pulumi updates on
	// what Flux reconciles; Pulumi keeps owning the Secret.
	handedOver := append(append([]*testkit.Resource{ns, sa, np, repo, apps, infra}, crds...), deps...)
	for _, r := range handedOver {
		ann := testkit.Unsecret(r.Get("metadata.annotations"))
		if !ann.IsObject() || ann.ObjectValue()["kustomize.toolkit.fluxcd.io/ssa"].StringValue() != "IfNotPresent" {
			t.Errorf("%s %s lacks kustomize.toolkit.fluxcd.io/ssa: IfNotPresent (annotations %v)", r.Type, r.Name, ann)
		}
		for _, p := range []string{"metadata.labels", "metadata.annotations"} {
			if !contains(r.IgnoreChanges, p) {
				t.Errorf("%s %s must ignore changes to %s: %v", r.Type, r.Name, p, r.IgnoreChanges)
			}
		}
	}
	for _, r := range append(append([]*testkit.Resource{repo, apps, infra, np}, crds...), deps...) {
		if !contains(r.IgnoreChanges, "spec") {
			t.Errorf("%s %s must ignore changes to spec: %v", r.Type, r.Name, r.IgnoreChanges)
		}
	}
	if len(sec.IgnoreChanges) != 0 || !sec.Get("metadata.annotations").IsNull() {
		t.Errorf("the auth Secret stays Pulumi's: ignoreChanges %v annotations %v", sec.IgnoreChanges, sec.Get("metadata.annotations"))
	}

	if fr.configurationName != "flux-system" || fr.namespace != "flux-system" {
		t.Errorf("outputs configurationName %q namespace %q", fr.configurationName, fr.namespace)
	}
	if fr.fb.Provider == nil || len(fr.fb.Ready) != 3 {
		t.Errorf("component must expose its provider and the source and kustomizations (ready %d)", len(fr.fb.Ready))
	}
}

// fluxManifestWithPolicies writes the fixture plus Flux's own allow-scraping
// network policy to a temp file.
func fluxManifestWithPolicies(t *testing.T) string {
	t.Helper()
	base, err := os.ReadFile(fluxFixture)
	if err != nil {
		t.Fatal(err)
	}
	extra := `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  labels:
    app.kubernetes.io/instance: flux-system
    app.kubernetes.io/part-of: flux
    app.kubernetes.io/version: v2.4.0
  name: allow-scraping
  namespace: flux-system
spec:
  ingress:
  - from:
    - namespaceSelector: {}
    ports:
    - port: 8080
      protocol: TCP
  podSelector: {}
  policyTypes:
  - Ingress
`
	p := filepath.Join(t.TempDir(), "gotk-components.yaml")
	if err := os.WriteFile(p, append(base, extra...), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestFluxManifestsHTTPSKeepsImagesAndPolicies(t *testing.T) {
	a := fluxManifestsArgs()
	a.URL, a.Branch, a.Tag = "https://github.com/privateaks/cluster-config", "", "v3.0.0"
	a.Auth, a.SSHPrivateKey, a.SSHKnownHosts = fluxbootstrap.AuthHTTPS, nil, ""
	a.HTTPSUsername, a.HTTPSToken = "git", pulumi.String(fluxToken)
	a.Manifests.ImageRegistry = ""
	a.Manifests.File = fluxManifestWithPolicies(t)
	fr := fluxProgram(t, a)
	m := fr.m
	for _, d := range m.ByType(fluxDeployType) {
		img := d.String("spec.template.spec.containers[0].image")
		if !strings.HasPrefix(img, "ghcr.io/fluxcd/") {
			t.Errorf("%s image %q: without a registry the manifest's images stay", d.Name, img)
		}
		if !fluxHasToleration(d) {
			t.Errorf("%s lacks the CriticalAddonsOnly toleration", d.Name)
		}
	}
	// The manifest's own policy is used; none is added.
	nps := m.ByType(fluxNetpolType)
	if len(nps) != 1 || nps[0].String("metadata.name") != "allow-scraping" {
		var names []string
		for _, r := range nps {
			names = append(names, r.String("metadata.name"))
		}
		t.Errorf("network policies %v, want only the manifest's allow-scraping", names)
	}
	sec := one(t, m, ":Secret", "flux-git-auth")
	if !sec.Get("data").IsSecret() {
		t.Error("secret data is not recorded as a secret")
	}
	if got := fluxDecoded(t, sec, "data.username"); got != "git" {
		t.Errorf("data.username decodes to %q", got)
	}
	if got := fluxDecoded(t, sec, "data.password"); got != fluxToken {
		t.Errorf("data.password decodes to %q", got)
	}
	fluxNoLeaks(t, m, fluxToken)
	repo := one(t, m, ":GitRepository", "flux-source")
	if repo.String("spec.ref.tag") != "v3.0.0" || !repo.Get("spec.ref.branch").IsNull() {
		t.Errorf("ref %v, want tag v3.0.0 only", repo.Get("spec.ref"))
	}
}

func TestFluxManifestsWorkloadIdentity(t *testing.T) {
	a := fluxManifestsArgs()
	a.URL = "https://dev.azure.com/contoso/platform/_git/cluster-config"
	a.Auth, a.SSHPrivateKey, a.SSHKnownHosts = fluxbootstrap.AuthWorkloadIdentity, nil, ""
	a.WorkloadIdentityClientID = pulumi.String("11111111-2222-4333-8444-555555555555")
	fr := fluxProgram(t, a)
	m := fr.m
	if len(m.ByType(fluxSecretType)) != 0 {
		t.Error("workload identity needs no auth Secret")
	}
	repo := one(t, m, ":GitRepository", "flux-source")
	if repo.String("spec.provider") != "azure" || !repo.Get("spec.secretRef").IsNull() {
		t.Errorf("git repository provider %q secretRef %v", repo.String("spec.provider"), repo.Get("spec.secretRef"))
	}
	sa := one(t, m, ":ServiceAccount", "flux-flux-system-source-controller")
	ann := testkit.Unsecret(sa.Get("metadata.annotations")).ObjectValue()
	if v := testkit.Unsecret(ann["azure.workload.identity/client-id"]); !v.IsString() || v.StringValue() != "11111111-2222-4333-8444-555555555555" {
		t.Errorf("source-controller service account client-id annotation %v", v)
	}
	src := one(t, m, ":Deployment", "flux-flux-system-source-controller")
	labels := testkit.Unsecret(src.Get("spec.template.metadata.labels")).ObjectValue()
	if v := labels["azure.workload.identity/use"]; !v.IsString() || v.StringValue() != "true" {
		t.Errorf("source-controller pods lack azure.workload.identity/use: %v", labels)
	}
	kc := one(t, m, ":Deployment", "flux-flux-system-kustomize-controller")
	if _, ok := testkit.Unsecret(kc.Get("spec.template.metadata.labels")).ObjectValue()["azure.workload.identity/use"]; ok {
		t.Error("only source-controller fetches Git: kustomize-controller must not get the identity")
	}
}

// fluxRejects runs the component with bad args and returns the error after
// checking that nothing was registered.
func fluxRejects(t *testing.T, a *fluxbootstrap.FluxBootstrapArgs) string {
	t.Helper()
	m, err := runErr(t, func(ctx *pulumi.Context) error {
		_, err := fluxbootstrap.NewFluxBootstrap(ctx, "flux", a)
		return err
	})
	if err == nil {
		t.Fatal("want an error")
	}
	if n := len(m.Resources()); n != 0 {
		t.Errorf("%d resources registered despite invalid args", n)
	}
	return err.Error()
}

func TestFluxRejectsBadArgs(t *testing.T) {
	for _, c := range []struct {
		name   string
		mutate func(*fluxbootstrap.FluxBootstrapArgs)
		want   []string
	}{
		{"bad url", func(a *fluxbootstrap.FluxBootstrapArgs) { a.URL = "github.com/privateaks/cluster-config" }, []string{"url:", "https:// or ssh://", "1 problems"}},
		{"scp-like url", func(a *fluxbootstrap.FluxBootstrapArgs) { a.URL = "git@github.com:privateaks/cluster-config" }, []string{"url:", "scp-like"}},
		{"ssh url without key", func(a *fluxbootstrap.FluxBootstrapArgs) {
			a.URL, a.Auth, a.HTTPSUsername, a.HTTPSToken = "ssh://git@github.com/privateaks/cluster-config", fluxbootstrap.AuthSSH, "", nil
		}, []string{"sshPrivateKey:", "sshKnownHosts:", "2 problems"}},
		{"ssh url with https auth", func(a *fluxbootstrap.FluxBootstrapArgs) { a.URL = "ssh://git@github.com/privateaks/cluster-config" }, []string{"auth:", `"ssh" for an ssh:// URL`}},
		{"unknown mode", func(a *fluxbootstrap.FluxBootstrapArgs) { a.Mode = "helm" }, []string{"mode:", `"helm"`, `one of "extension", "manifests"`}},
		{"manifests without file", func(a *fluxbootstrap.FluxBootstrapArgs) {
			a.Mode, a.Extension, a.Kubeconfig = fluxbootstrap.ModeManifests, fluxbootstrap.ExtensionArgs{}, pulumi.String(fluxKubeconfig)
			a.Manifests = fluxbootstrap.ManifestsArgs{Version: "v2.4.0"}
		}, []string{"manifests.file:", "1 problems"}},
		{"manifests from a URL", func(a *fluxbootstrap.FluxBootstrapArgs) {
			a.Mode, a.Extension, a.Kubeconfig = fluxbootstrap.ModeManifests, fluxbootstrap.ExtensionArgs{}, pulumi.String(fluxKubeconfig)
			a.Manifests = fluxbootstrap.ManifestsArgs{Version: "v2.4.0", File: "https://github.com/fluxcd/flux2/releases/download/v2.4.0/install.yaml"}
		}, []string{"manifests.file:", "not a URL"}},
		{"interval does not parse", func(a *fluxbootstrap.FluxBootstrapArgs) { a.Interval = "5 minutes" }, []string{"interval:", `"5 minutes"`}},
		{"interval too short", func(a *fluxbootstrap.FluxBootstrapArgs) { a.Interval = "5s" }, []string{"interval:", "from 30s to 24h,"}},
		{"two refs", func(a *fluxbootstrap.FluxBootstrapArgs) { a.Branch, a.Tag = "main", "v1" }, []string{"branch:", "exactly one of branch, tag and semver"}},
		{"no cluster", func(a *fluxbootstrap.FluxBootstrapArgs) { a.ClusterID = nil }, []string{"clusterId:"}},
		{"https without token", func(a *fluxbootstrap.FluxBootstrapArgs) { a.HTTPSToken = nil }, []string{"httpsToken:"}},
		{"credentials in url", func(a *fluxbootstrap.FluxBootstrapArgs) { a.URL = "https://git:" + fluxToken + "@github.com/o/r" }, []string{"url:", "REDACTED"}},
		{"credentials in a url without a repository path", func(a *fluxbootstrap.FluxBootstrapArgs) { a.URL = "https://git:" + fluxToken + "@github.com" }, []string{"url:", "REDACTED", "repository path"}},
		{"workload identity off Azure DevOps", func(a *fluxbootstrap.FluxBootstrapArgs) {
			a.Auth, a.HTTPSUsername, a.HTTPSToken = fluxbootstrap.AuthWorkloadIdentity, "", nil
			a.WorkloadIdentityClientID = pulumi.String("cid")
		}, []string{"auth:", "Azure DevOps"}},
		{"no kustomizations", func(a *fluxbootstrap.FluxBootstrapArgs) { a.Kustomizations = nil }, []string{"kustomizations:"}},
		{"kustomization cycle and bad path", func(a *fluxbootstrap.FluxBootstrapArgs) {
			a.Kustomizations = map[string]fluxbootstrap.Kustomization{
				"a": {Path: "../escape", DependsOn: []string{"b"}},
				"b": {Path: "b", DependsOn: []string{"a", "nope"}},
			}
		}, []string{"kustomizations.a.path:", "kustomizations.b.dependsOn[1]:", "a -> b -> a", "3 problems"}},
		{"extension options in manifests mode", func(a *fluxbootstrap.FluxBootstrapArgs) {
			a.Mode, a.Kubeconfig = fluxbootstrap.ModeManifests, pulumi.String(fluxKubeconfig)
			a.Manifests = fluxbootstrap.ManifestsArgs{Version: "v2.4.0", File: fluxFixture}
		}, []string{"extension:", "1 problems"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := fluxExtensionArgs()
			c.mutate(a)
			msg := fluxRejects(t, a)
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error lacks %q:\n%s", w, msg)
				}
			}
			if strings.Contains(msg, fluxToken) {
				t.Error("error message leaks the token")
			}
		})
	}
}

func TestFluxRejectsEveryProblemAtOnce(t *testing.T) {
	a := fluxManifestsArgs()
	a.URL = "ssh://git@github.com/privateaks/cluster-config"
	a.SSHPrivateKey = nil              // ssh URL without key
	a.Manifests.File = ""              // manifests mode without a file
	a.Manifests.Version = "2.4"        // not vX.Y.Z
	a.Manifests.ImageRegistry = "ACR!" // not a registry host
	a.Interval = "soon"                // does not parse
	a.Kubeconfig = nil                 // no kubeconfig
	msg := fluxRejects(t, a)
	for _, w := range []string{"sshPrivateKey:", "manifests.file:", "manifests.version:", "manifests.imageRegistry:", "interval:", "kubeconfig:", "6 problems", fluxbootstrap.Type} {
		if !strings.Contains(msg, w) {
			t.Errorf("error lacks %q:\n%s", w, msg)
		}
	}

	a = fluxExtensionArgs()
	a.Mode = "kubectl"
	a.URL = "ftp://example.com/repo"
	a.Interval = "5 minutes"
	msg = fluxRejects(t, a)
	for _, w := range []string{"mode:", "url:", "interval:", "3 problems"} {
		if !strings.Contains(msg, w) {
			t.Errorf("error lacks %q:\n%s", w, msg)
		}
	}
}

func TestFluxRejectsUnusableManifest(t *testing.T) {
	write := func(t *testing.T, body string) string {
		p := filepath.Join(t.TempDir(), "gotk-components.yaml")
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	base, err := os.ReadFile(fluxFixture)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		file func(t *testing.T) string
		want []string
	}{
		{"missing file", func(t *testing.T) string { return filepath.Join(t.TempDir(), "nope.yaml") }, []string{"manifests.file:", "readable"}},
		{"version mismatch", func(t *testing.T) string {
			return write(t, strings.ReplaceAll(string(base), "v2.4.0", "v2.3.0"))
		}, []string{"manifests.file:", `"v2.3.0"`, `manifests.version is "v2.4.0"`}},
		{"not an install", func(t *testing.T) string {
			return write(t, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: flux-system\n")
		}, []string{"no the flux-system Namespace", "no the GitRepository CRD", "no the Kustomization CRD", "3 problems"}},
		{"bad yaml", func(t *testing.T) string { return write(t, "kind: [unclosed\n") }, []string{"not valid YAML"}},
		{"secret in manifest", func(t *testing.T) string {
			return write(t, string(base)+"\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: flux-system\n  namespace: flux-system\n")
		}, []string{"is a Secret"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := fluxManifestsArgs()
			a.Manifests.File = c.file(t)
			msg := fluxRejects(t, a)
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error lacks %q:\n%s", w, msg)
				}
			}
		})
	}
}

func TestFluxTokenFor(t *testing.T) {
	for _, c := range []struct{ apiVersion, kind, want string }{
		{"v1", "Namespace", "kubernetes:core/v1:Namespace"},
		{"v1", "ServiceAccount", "kubernetes:core/v1:ServiceAccount"},
		{"apps/v1", "Deployment", "kubernetes:apps/v1:Deployment"},
		{"apiextensions.k8s.io/v1", "CustomResourceDefinition", "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition"},
		{"rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding"},
		{"networking.k8s.io/v1", "NetworkPolicy", "kubernetes:networking.k8s.io/v1:NetworkPolicy"},
		{"source.toolkit.fluxcd.io/v1", "GitRepository", "kubernetes:source.toolkit.fluxcd.io/v1:GitRepository"},
		{"kustomize.toolkit.fluxcd.io/v1", "Kustomization", "kubernetes:kustomize.toolkit.fluxcd.io/v1:Kustomization"},
		{"", "Namespace", ""},
		{"v1", "", ""},
		{"/v1", "X", ""},
		{"apps/", "Deployment", ""},
		{"a/b/c", "X", ""},
		{"v1", "Name space", ""},
		{"v1:x", "Namespace", ""},
	} {
		if got := fluxbootstrap.TokenFor(c.apiVersion, c.kind); got != c.want {
			t.Errorf("TokenFor(%q, %q) = %q, want %q", c.apiVersion, c.kind, got, c.want)
		}
	}
}

func TestFluxRewriteImage(t *testing.T) {
	for _, c := range []struct{ image, registry, want string }{
		{"ghcr.io/fluxcd/source-controller:v1.4.1", "acrpaksprod.azurecr.io", "acrpaksprod.azurecr.io/fluxcd/source-controller:v1.4.1"},
		{"ghcr.io/fluxcd/kustomize-controller:v1.4.0", "acrpaksprod.azurecr.io/", "acrpaksprod.azurecr.io/fluxcd/kustomize-controller:v1.4.0"},
		{"ghcr.io/fluxcd/source-controller@sha256:0123abcd", "acr.azurecr.io", "acr.azurecr.io/fluxcd/source-controller@sha256:0123abcd"},
		{"ghcr.io/fluxcd/source-controller:v1.4.1", "acr.azurecr.io/mirror", "acr.azurecr.io/mirror/fluxcd/source-controller:v1.4.1"},
		{"localhost:5000/fluxcd/x:v1", "acr.azurecr.io", "acr.azurecr.io/fluxcd/x:v1"},
		{"localhost/fluxcd/x:v1", "acr.azurecr.io", "acr.azurecr.io/fluxcd/x:v1"},
		{"fluxcd/flux-cli:v2.4.0", "acr.azurecr.io", "acr.azurecr.io/fluxcd/flux-cli:v2.4.0"},
		{"busybox", "acr.azurecr.io", "acr.azurecr.io/busybox"},
		{"ghcr.io/fluxcd/source-controller:v1.4.1", "", "ghcr.io/fluxcd/source-controller:v1.4.1"},
		{"", "acr.azurecr.io", ""},
	} {
		if got := fluxbootstrap.RewriteImage(c.image, c.registry); got != c.want {
			t.Errorf("RewriteImage(%q, %q) = %q, want %q", c.image, c.registry, got, c.want)
		}
	}
}

func TestFluxReferenceTypeAndSettings(t *testing.T) {
	for _, c := range []struct{ branch, tag, semver, typ, val string }{
		{"main", "", "", "branch", "main"},
		{"", "v1.0.0", "", "tag", "v1.0.0"},
		{"", "", "~1.2", "semver", "~1.2"},
	} {
		if typ, val := fluxbootstrap.ReferenceType(c.branch, c.tag, c.semver); typ != c.typ || val != c.val {
			t.Errorf("ReferenceType(%q,%q,%q) = %s %s", c.branch, c.tag, c.semver, typ, val)
		}
	}
	keys := func(m map[string]string) []string {
		var out []string
		for k := range m {
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	}
	none, wi := fluxbootstrap.ExtensionSettings(fluxbootstrap.AuthNone), fluxbootstrap.ExtensionSettings(fluxbootstrap.AuthWorkloadIdentity)
	if _, ok := none["workloadIdentity.enable"]; ok || wi["workloadIdentity.enable"] != "true" {
		t.Errorf("workload identity settings: none %v, workloadIdentity %v", keys(none), keys(wi))
	}
}
