package fluxbootstrap

import (
	"encoding/base64"
	"maps"
	"slices"
	"sort"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/internal/resopt"
)

// GitSecretName is the auth Secret of the Git source in flux-system, the
// name `flux bootstrap` uses.
const GitSecretName = "flux-system"

// Annotations and labels the install sets.
const (
	// SSAAnnotation with value SSAIfNotPresent is Flux's create-if-missing
	// marker (see handOver).
	SSAAnnotation   = "kustomize.toolkit.fluxcd.io/ssa"
	SSAIfNotPresent = "IfNotPresent"
	// Workload identity for source-controller (auth workloadIdentity).
	WorkloadIdentityClientIDAnnotation = "azure.workload.identity/client-id"
	WorkloadIdentityUseLabel           = "azure.workload.identity/use"
)

// object is any Kubernetes object, registered by type token with untyped
// inputs: the same registration the typed SDK makes, without linking the
// SDK's generated API groups.
type object struct {
	pulumi.CustomResourceState
}

// installer registers the objects of manifests mode.
type installer struct {
	ctx  *pulumi.Context
	comp *FluxBootstrap
	prov *kubernetes.Provider
	a    FluxBootstrapArgs
}

// register registers one object through the kubeconfig's provider, after
// deps and the resources the caller passed (the cluster and its pools).
func (in *installer) register(logical string, body map[string]any, deps []pulumi.Resource, extra ...pulumi.ResourceOption) (*object, error) {
	token := TokenFor(stringOf(body["apiVersion"]), stringOf(body["kind"]))
	all := append(append([]pulumi.Resource(nil), deps...), in.a.DependsOn...)
	opts := append([]pulumi.ResourceOption{pulumi.Provider(in.prov), pulumi.DependsOn(all)}, extra...)
	var res object
	if err := in.ctx.RegisterResource(token, logical, kubernetes.UntypedArgs(body), &res, resopt.Child(in.comp, opts...)...); err != nil {
		return nil, err
	}
	return &res, nil
}

// handOver prepares an object Flux reconciles once it runs: the install
// (when the repository carries gotk-components.yaml, as a `flux bootstrap`
// layout does) and the GitRepository and Kustomizations (gotk-sync.yaml).
// Pulumi creates them, then Flux owns them, and Pulumi must not fight it:
//
//   - pulumi.IgnoreChanges on every field but apiVersion, kind and the
//     object's identity, plus metadata labels and annotations: after the
//     first create, Pulumi never re-applies them, so a Flux upgrade
//     committed to Git, or the labels kustomize-controller stamps on what it
//     applies, raise neither a diff nor a server-side-apply conflict. The
//     price: changing the source or the install in config after bootstrap
//     changes nothing in the cluster; change it in Git (docs/flux.md).
//   - kustomize.toolkit.fluxcd.io/ssa: IfNotPresent, Flux's create-if-missing
//     marker, instead of pulumi.com/patchForce (which would make Pulumi
//     win every conflict, the opposite of a hand-over). kustomize-controller
//     reads this annotation on the manifest it applies (fluxcd/pkg/ssa
//     skips an existing object when the desired one matches the
//     IfNotPresent selector), not on the live object: on the live object it
//     records that the object was seeded, and it takes effect only for a
//     repository copy that carries it too. Keep it off the repository's
//     gotk-components.yaml if Flux is to upgrade itself from Git.
func handOver(body map[string]any) pulumi.ResourceOption {
	setAnnotation(body, SSAAnnotation, SSAIfNotPresent)
	var paths []string
	for k := range body {
		if k != "apiVersion" && k != "kind" && k != "metadata" {
			paths = append(paths, k)
		}
	}
	sort.Strings(paths)
	return pulumi.IgnoreChanges(append(paths, "metadata.labels", "metadata.annotations"))
}

func newManifests(ctx *pulumi.Context, name string, comp *FluxBootstrap, a FluxBootstrapArgs, man *Manifest) error {
	// The provider talks to the private API server with the user
	// kubeconfig (secret). clusterIdentifier pins its identity to the
	// cluster's ARM ID: a new kubeconfig text (credential rotation, a
	// cluster update) updates the provider in place instead of replacing
	// it and, with it, every object below. deleteUnreachable drops the
	// objects from state when the cluster is gone, so that destroying a
	// stack whose cluster was deleted does not hang.
	prov, err := kubernetes.NewProvider(ctx, name+"-k8s", &kubernetes.ProviderArgs{
		Kubeconfig:            pulumi.ToSecret(a.Kubeconfig.ToStringOutput()).(pulumi.StringOutput),
		ClusterIdentifier:     a.ClusterID.ToStringOutput(),
		DeleteUnreachable:     pulumi.Bool(true),
		EnableServerSideApply: pulumi.Bool(true),
	}, resopt.Child(comp, pulumi.DependsOn(a.DependsOn))...)
	if err != nil {
		return err
	}
	comp.Provider = prov
	in := &installer{ctx: ctx, comp: comp, prov: prov, a: a}

	// Split the install: CRDs and the namespace first, then what lives in
	// the namespace (and cluster-wide RBAC), then the controllers.
	var crdObjs, nsObjs, otherObjs, workloads []Object
	hasNetpol := false
	for _, o := range man.Objects {
		switch {
		case o.Kind == "CustomResourceDefinition":
			crdObjs = append(crdObjs, o)
		case o.Kind == "Namespace":
			nsObjs = append(nsObjs, o)
		case podSpec(o) != nil:
			workloads = append(workloads, o)
		default:
			otherObjs = append(otherObjs, o)
			hasNetpol = hasNetpol || o.Kind == "NetworkPolicy"
		}
	}
	if !hasNetpol {
		otherObjs = append(otherObjs, allowEgressPolicy())
	}

	// Dependencies give both orders. Create: CRDs and namespace, the rest,
	// the controllers, then the Git source and Kustomizations. Delete is
	// the reverse: the custom resources go first, while the controllers
	// still run to clear their finalizers; then the controllers; then CRDs
	// and the namespace, last.
	var crds, nss, others, controllers []pulumi.Resource
	var fluxNS *object
	for _, o := range crdObjs {
		r, err := in.register(objectName(name, o), o.Body, nil, handOver(o.Body))
		if err != nil {
			return err
		}
		crds = append(crds, r)
	}
	for _, o := range nsObjs {
		r, err := in.register(objectName(name, o), o.Body, nil, handOver(o.Body))
		if err != nil {
			return err
		}
		if o.Name == Namespace {
			fluxNS = r
		}
		nss = append(nss, r)
	}
	for _, o := range otherObjs {
		if a.Auth == AuthWorkloadIdentity && o.Kind == "ServiceAccount" && o.Name == "source-controller" {
			setAnnotation(o.Body, WorkloadIdentityClientIDAnnotation, a.WorkloadIdentityClientID)
		}
		r, err := in.register(objectName(name, o), o.Body, nss, handOver(o.Body))
		if err != nil {
			return err
		}
		others = append(others, r)
	}
	before := append(append(append([]pulumi.Resource(nil), crds...), nss...), others...)
	for _, o := range workloads {
		rewriteImages(o, a.Manifests.ImageRegistry)
		addCriticalAddonsToleration(o)
		if a.Auth == AuthWorkloadIdentity && o.Name == "source-controller" {
			setPodLabel(o, WorkloadIdentityUseLabel, "true")
		}
		r, err := in.register(objectName(name, o), o.Body, before, handOver(o.Body))
		if err != nil {
			return err
		}
		controllers = append(controllers, r)
	}

	// The Git source, after its Secret; Pulumi keeps owning the Secret
	// (credentials rotate through config and are never in Git).
	srcDeps := append(append([]pulumi.Resource(nil), before...), controllers...)
	if body := gitSecret(a); body != nil {
		s, err := in.register(name+"-git-auth", body, nss, pulumi.AdditionalSecretOutputs([]string{"data", "stringData"}))
		if err != nil {
			return err
		}
		srcDeps = append(srcDeps, s)
	}
	repoBody := customResource(GitRepositoryAPIVersion, "GitRepository", a.ConfigurationName, toMap(gitRepositorySpec(a)))
	repo, err := in.register(name+"-source", repoBody, srcDeps, handOver(repoBody))
	if err != nil {
		return err
	}
	ready := []pulumi.Resource{repo}
	kDeps := append(append([]pulumi.Resource(nil), srcDeps...), repo)
	for _, key := range slices.Sorted(maps.Keys(a.Kustomizations)) {
		spec := toMap(kustomizationSpec(a, key))
		if a.Substitute != nil {
			// The same postBuild the extension's FluxConfiguration carries.
			spec["postBuild"] = map[string]any{"substitute": a.Substitute}
		}
		body := customResource(KustomizationAPIVersion, "Kustomization", kustomizationName(a.ConfigurationName, key), spec)
		k, err := in.register(name+"-kustomization-"+key, body, kDeps, handOver(body))
		if err != nil {
			return err
		}
		ready = append(ready, k)
	}

	cfgName := a.ConfigurationName
	comp.ConfigurationName = repo.ID().ApplyT(func(pulumi.ID) string { return cfgName }).(pulumi.StringOutput)
	comp.Namespace = fluxNS.ID().ApplyT(func(pulumi.ID) string { return Namespace }).(pulumi.StringOutput)
	comp.Ready = ready
	return nil
}

// objectName is the logical name of an install object: stable across
// manifest versions and file order, unique per type.
func objectName(name string, o Object) string {
	if o.Namespace != "" {
		return name + "-" + o.Namespace + "-" + o.Name
	}
	return name + "-" + o.Name
}

// customResource builds a namespaced custom resource in flux-system.
func customResource(apiVersion, kind, objName string, spec map[string]any) map[string]any {
	return map[string]any{
		"apiVersion": apiVersion,
		"kind":       kind,
		"metadata":   map[string]any{"name": objName, "namespace": Namespace},
		"spec":       spec,
	}
}

// allowEgressPolicy is the policy `flux install` ships as allow-egress, for
// a manifest exported without network policies: flux-system pods may talk
// to each other and to anything outside (the firewall limits where), and
// nothing else may reach them.
func allowEgressPolicy() Object {
	body := map[string]any{
		"apiVersion": "networking.k8s.io/v1",
		"kind":       "NetworkPolicy",
		"metadata":   map[string]any{"name": "allow-egress", "namespace": Namespace},
		"spec": map[string]any{
			"podSelector": map[string]any{},
			"policyTypes": []any{"Ingress", "Egress"},
			"ingress":     []any{map[string]any{"from": []any{map[string]any{"podSelector": map[string]any{}}}}},
			"egress":      []any{map[string]any{}},
		},
	}
	return Object{APIVersion: "networking.k8s.io/v1", Kind: "NetworkPolicy", Name: "allow-egress", Namespace: Namespace, Body: body}
}

// gitSecret is the auth Secret for ssh or https, its data secret; nil for
// the other auth methods.
func gitSecret(a FluxBootstrapArgs) map[string]any {
	b64 := func(s string) pulumi.StringInput { return pulumi.String(base64.StdEncoding.EncodeToString([]byte(s))) }
	var data pulumi.StringMap
	switch a.Auth {
	case AuthSSH:
		data = pulumi.StringMap{"identity": secretBase64(a.SSHPrivateKey), "known_hosts": b64(a.SSHKnownHosts)}
	case AuthHTTPS:
		data = pulumi.StringMap{"username": b64(a.HTTPSUsername), "password": secretBase64(a.HTTPSToken)}
	default:
		return nil
	}
	return map[string]any{
		"apiVersion": "v1",
		"kind":       "Secret",
		"metadata":   map[string]any{"name": GitSecretName, "namespace": Namespace},
		"type":       "Opaque",
		"data":       pulumi.ToSecret(data),
	}
}

func stringOf(v any) string {
	s, _ := v.(string)
	return s
}
