package fluxbootstrap

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/privateaks/privateaks/internal/resopt"
)

// The CRDs the bootstrap objects need from the install manifest.
const (
	GitRepositoryCRD = "gitrepositories.source.toolkit.fluxcd.io"
	KustomizationCRD = "kustomizations.kustomize.toolkit.fluxcd.io"
)

// The API versions of the bootstrap objects (Flux v2 GA APIs).
const (
	GitRepositoryAPIVersion = "source.toolkit.fluxcd.io/v1"
	KustomizationAPIVersion = "kustomize.toolkit.fluxcd.io/v1"
)

// CriticalAddonsOnly is the taint AKS system pools carry
// (CriticalAddonsOnly=true:NoSchedule); Flux's controllers tolerate it so
// they may run there.
const CriticalAddonsOnly = "CriticalAddonsOnly"

// Object is one Kubernetes object of the install manifest, as parsed.
type Object struct {
	APIVersion string
	Kind       string
	Name       string
	// Namespace is empty for cluster-scoped objects.
	Namespace string
	// Body is the whole object (apiVersion, kind, metadata, spec, ...).
	Body map[string]any
}

// Key identifies an object within the manifest: kind/namespace/name.
func (o Object) Key() string { return o.Kind + "/" + o.Namespace + "/" + o.Name }

// Manifest is a parsed Flux install manifest, in file order.
type Manifest struct {
	Objects []Object
}

// LoadManifest reads and parses a pinned install manifest and checks it can
// bootstrap Flux: every document a Kubernetes object, no duplicates, the
// flux-system Namespace and the GitRepository and Kustomization CRDs present,
// and the app.kubernetes.io/version labels (where present) equal to version.
// Every problem is returned at once, with the arg path manifests.file.
func LoadManifest(path, version string) (*Manifest, []error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, []error{resopt.ArgError("manifests.file", path, "a readable install manifest (%v)", err)}
	}
	m, errs := ParseManifest(data, version)
	for i, e := range errs {
		errs[i] = resopt.ArgError("manifests.file", path, "%v", e)
	}
	return m, errs
}

// ParseManifest parses a multi-document install manifest (see LoadManifest).
func ParseManifest(data []byte, version string) (*Manifest, []error) {
	var errs []error
	m := &Manifest{}
	seen := map[string]bool{}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for doc := 1; ; doc++ {
		var raw any
		err := dec.Decode(&raw)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("document %d is not valid YAML: %v", doc, err))
			break
		}
		if raw == nil {
			continue // empty document ("---" at the end)
		}
		body, ok := normalize(raw).(map[string]any)
		if !ok {
			errs = append(errs, fmt.Errorf("document %d is not a Kubernetes object", doc))
			continue
		}
		o := Object{Body: body}
		o.APIVersion, _ = body["apiVersion"].(string)
		o.Kind, _ = body["kind"].(string)
		meta, _ := body["metadata"].(map[string]any)
		o.Name, _ = meta["name"].(string)
		o.Namespace, _ = meta["namespace"].(string)
		if TokenFor(o.APIVersion, o.Kind) == "" || o.Name == "" {
			errs = append(errs, fmt.Errorf("document %d needs apiVersion, kind and metadata.name (has %q, %q, %q)", doc, o.APIVersion, o.Kind, o.Name))
			continue
		}
		if o.Kind == "List" {
			errs = append(errs, fmt.Errorf("document %d is a List: export the manifest as separate documents", doc))
			continue
		}
		if o.Kind == "Secret" {
			errs = append(errs, fmt.Errorf("document %d is a Secret (%s): keep credentials out of the install manifest, they come from secret config", doc, o.Name))
			continue
		}
		if o.Namespace != "" && o.Namespace != Namespace {
			errs = append(errs, fmt.Errorf("%s %s is in namespace %q: export the manifest for namespace %q", o.Kind, o.Name, o.Namespace, Namespace))
		}
		if seen[o.Key()] {
			errs = append(errs, fmt.Errorf("%s %s appears twice", o.Kind, o.Name))
			continue
		}
		seen[o.Key()] = true
		labels, _ := meta["labels"].(map[string]any)
		if v, ok := labels["app.kubernetes.io/version"].(string); ok && version != "" && v != version {
			errs = append(errs, fmt.Errorf("%s %s is labelled app.kubernetes.io/version %q, but manifests.version is %q: regenerate the file or fix the version", o.Kind, o.Name, v, version))
		}
		m.Objects = append(m.Objects, o)
	}
	if len(errs) == 0 {
		for _, need := range []struct{ key, what string }{
			{"Namespace//" + Namespace, "the " + Namespace + " Namespace"},
			{"CustomResourceDefinition//" + GitRepositoryCRD, "the GitRepository CRD"},
			{"CustomResourceDefinition//" + KustomizationCRD, "the Kustomization CRD"},
		} {
			if !seen[need.key] {
				errs = append(errs, fmt.Errorf("no %s: is this a `flux install --export` manifest?", need.what))
			}
		}
	}
	return m, errs
}

// normalize turns the map[any]any yaml.v3 produces for non-string keys into
// map[string]any, recursively, so that every object is JSON-shaped.
func normalize(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			t[k] = normalize(e)
		}
		return t
	case map[any]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[fmt.Sprint(k)] = normalize(e)
		}
		return out
	case []any:
		for i, e := range t {
			t[i] = normalize(e)
		}
		return t
	}
	return v
}

// TokenFor returns the Pulumi type token of a Kubernetes kind, the one the
// typed SDK registers: the core group ("v1") is "core", every other group is
// spelled as in apiVersion, custom resources included. It returns "" when
// apiVersion or kind is malformed.
//
//	TokenFor("v1", "Namespace")     == "kubernetes:core/v1:Namespace"
//	TokenFor("apps/v1", "Deployment") == "kubernetes:apps/v1:Deployment"
func TokenFor(apiVersion, kind string) string {
	if apiVersion == "" || kind == "" || strings.ContainsAny(apiVersion+kind, ": \t\n") || strings.Contains(kind, "/") {
		return ""
	}
	group, version, grouped := strings.Cut(apiVersion, "/")
	if !grouped {
		group, version = "core", apiVersion
	}
	if group == "" || version == "" || strings.Contains(version, "/") {
		return ""
	}
	return "kubernetes:" + group + "/" + version + ":" + kind
}

// RewriteImage moves an image to registry, keeping its repository path and
// tag or digest: ghcr.io/fluxcd/source-controller:v1.4.1 with registry
// "acr.azurecr.io" becomes acr.azurecr.io/fluxcd/source-controller:v1.4.1.
// The first path segment is taken as a registry host when it has a '.' or a
// ':' or is "localhost", as Docker does. An empty registry changes nothing.
func RewriteImage(image, registry string) string {
	registry = strings.TrimSuffix(strings.TrimSpace(registry), "/")
	if registry == "" || image == "" {
		return image
	}
	rest := image
	if host, path, ok := strings.Cut(image, "/"); ok && (strings.ContainsAny(host, ".:") || host == "localhost") {
		rest = path
	}
	return registry + "/" + rest
}

// podSpec returns the pod template spec of a workload object, or nil.
func podSpec(o Object) map[string]any {
	switch o.Kind {
	case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job":
	default:
		return nil
	}
	spec, _ := o.Body["spec"].(map[string]any)
	tmpl, _ := spec["template"].(map[string]any)
	ps, _ := tmpl["spec"].(map[string]any)
	return ps
}

// rewriteImages moves every container image of a workload to registry.
func rewriteImages(o Object, registry string) {
	ps := podSpec(o)
	if ps == nil || registry == "" {
		return
	}
	for _, list := range []string{"initContainers", "containers"} {
		cs, _ := ps[list].([]any)
		for _, c := range cs {
			if cm, ok := c.(map[string]any); ok {
				if img, ok := cm["image"].(string); ok {
					cm["image"] = RewriteImage(img, registry)
				}
			}
		}
	}
}

// addCriticalAddonsToleration lets a workload run on tainted system pools,
// unless it already tolerates the taint.
func addCriticalAddonsToleration(o Object) {
	ps := podSpec(o)
	if ps == nil {
		return
	}
	ts, _ := ps["tolerations"].([]any)
	for _, t := range ts {
		if tm, ok := t.(map[string]any); ok && tm["key"] == CriticalAddonsOnly {
			return
		}
	}
	ps["tolerations"] = append(ts, map[string]any{"key": CriticalAddonsOnly, "operator": "Exists", "effect": "NoSchedule"})
}

// metadata returns an object's metadata map, creating it if needed.
func metadata(body map[string]any) map[string]any {
	meta, ok := body["metadata"].(map[string]any)
	if !ok {
		meta = map[string]any{}
		body["metadata"] = meta
	}
	return meta
}

// setAnnotation sets one annotation on an object body.
func setAnnotation(body map[string]any, key string, value any) {
	meta := metadata(body)
	ann, ok := meta["annotations"].(map[string]any)
	if !ok {
		ann = map[string]any{}
		meta["annotations"] = ann
	}
	ann[key] = value
}

// setPodLabel sets one label on a workload's pod template.
func setPodLabel(o Object, key, value string) {
	spec, _ := o.Body["spec"].(map[string]any)
	tmpl, _ := spec["template"].(map[string]any)
	if tmpl == nil {
		return
	}
	meta := metadata(tmpl)
	labels, ok := meta["labels"].(map[string]any)
	if !ok {
		labels = map[string]any{}
		meta["labels"] = labels
	}
	labels[key] = value
}
