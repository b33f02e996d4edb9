package fluxbootstrap

import (
	"encoding/json"
)

// GitRepositorySpec is the part of a source.toolkit.fluxcd.io/v1
// GitRepository spec the bootstrap sets.
type GitRepositorySpec struct {
	URL      string `json:"url"`
	Ref      GitRef `json:"ref"`
	Interval string `json:"interval"`
	Timeout  string `json:"timeout,omitempty"`
	// SecretRef names the auth Secret (ssh: identity, known_hosts;
	// https: username, password) in the same namespace.
	SecretRef *LocalObjectReference `json:"secretRef,omitempty"`
	// Provider "azure" authenticates to Azure DevOps with workload identity.
	Provider string `json:"provider,omitempty"`
}

// GitRef is exactly one of branch, tag or semver.
type GitRef struct {
	Branch string `json:"branch,omitempty"`
	Tag    string `json:"tag,omitempty"`
	SemVer string `json:"semver,omitempty"`
}

// LocalObjectReference names an object in the same namespace.
type LocalObjectReference struct {
	Name string `json:"name"`
}

// KustomizationSpec is the part of a kustomize.toolkit.fluxcd.io/v1
// Kustomization spec the bootstrap sets.
type KustomizationSpec struct {
	Interval  string                `json:"interval"`
	Path      string                `json:"path"`
	Prune     bool                  `json:"prune"`
	SourceRef SourceReference       `json:"sourceRef"`
	DependsOn []DependencyReference `json:"dependsOn,omitempty"`
	Timeout   string                `json:"timeout,omitempty"`
}

// SourceReference points a Kustomization at its source.
type SourceReference struct {
	Kind string `json:"kind"`
	Name string `json:"name"`
}

// DependencyReference names another Kustomization of the same namespace.
type DependencyReference struct {
	Name string `json:"name"`
}

// toMap turns a spec struct into the JSON-shaped map the Kubernetes provider
// takes.
func toMap(v any) map[string]any {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // plain structs of strings and bools always marshal
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		panic(err)
	}
	return m
}

// gitRepositorySpec builds the GitRepository spec from defaulted args.
func gitRepositorySpec(a FluxBootstrapArgs) GitRepositorySpec {
	s := GitRepositorySpec{
		URL:      a.URL,
		Ref:      GitRef{Branch: a.Branch, Tag: a.Tag, SemVer: a.Semver},
		Interval: a.Interval,
		Timeout:  a.Timeout,
	}
	switch a.Auth {
	case AuthSSH, AuthHTTPS:
		s.SecretRef = &LocalObjectReference{Name: GitSecretName}
	case AuthWorkloadIdentity:
		s.Provider = "azure"
	}
	return s
}

// kustomizationSpec builds one Kustomization spec from defaulted args.
func kustomizationSpec(a FluxBootstrapArgs, key string) KustomizationSpec {
	k := a.Kustomizations[key]
	s := KustomizationSpec{
		Interval:  k.Interval,
		Path:      k.Path,
		Prune:     k.Prune == nil || *k.Prune,
		SourceRef: SourceReference{Kind: "GitRepository", Name: a.ConfigurationName},
	}
	for _, d := range k.DependsOn {
		s.DependsOn = append(s.DependsOn, DependencyReference{Name: kustomizationName(a.ConfigurationName, d)})
	}
	return s
}

// kustomizationName is the in-cluster name of a kustomization, the same in
// both modes (the extension names them "<configuration>-<key>").
func kustomizationName(configuration, key string) string {
	return configuration + "-" + key
}
