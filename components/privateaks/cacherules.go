package privateaks

import (
	"fmt"
	"regexp"

	containerregistry "github.com/pulumi/pulumi-azure-native-sdk/containerregistry/v2/v20230701"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/internal/resopt"
)

// RegistryCacheRule is an ACR artifact cache rule: pulls of
// <registry>/<Target>:<tag> are served from the registry's cache, which the
// registry fills from Source upstream. Nodes then only talk to the
// registry's private endpoint, and the allowed-images policy can stay
// restricted to our registry (Microsoft.ContainerRegistry
// registries/cacheRules, containerregistry.json 2023-07-01, properties
// sourceRepository and targetRepository; examples/CacheRuleGet.json).
type RegistryCacheRule struct {
	// Name of the rule (letters, digits and '-').
	Name string
	// Source is the upstream repository, e.g. "docker.io/library/traefik".
	Source string
	// Target is the repository in this registry, e.g. "library/traefik".
	Target string
}

var (
	cacheRuleNameRe   = regexp.MustCompile(`^[a-zA-Z0-9-]{5,50}$`)
	cacheRuleSourceRe = regexp.MustCompile(`^[a-z0-9.-]+\.[a-z]+(/[a-z0-9._-]+)+$`)
	cacheRuleTargetRe = regexp.MustCompile(`^[a-z0-9._-]+(/[a-z0-9._-]+)*$`)
)

// validateCacheRules returns every problem with the rules: names and
// targets unique, each field in the form ACR takes.
func validateCacheRules(rules []RegistryCacheRule) []error {
	var errs []error
	names, targets := map[string]bool{}, map[string]bool{}
	for i, r := range rules {
		p := fmt.Sprintf("registryCacheRules[%d]", i)
		if !cacheRuleNameRe.MatchString(r.Name) || names[r.Name] {
			errs = append(errs, resopt.ArgError(p+".name", r.Name, "a unique rule name: 5-50 letters, digits and '-'"))
		}
		if !cacheRuleSourceRe.MatchString(r.Source) {
			errs = append(errs, resopt.ArgError(p+".source", r.Source, "an upstream repository with its registry host, e.g. \"docker.io/library/traefik\""))
		}
		if !cacheRuleTargetRe.MatchString(r.Target) || targets[r.Target] {
			errs = append(errs, resopt.ArgError(p+".target", r.Target, "a unique repository path in the registry, e.g. \"library/traefik\""))
		}
		names[r.Name], targets[r.Target] = true, true
	}
	return errs
}

// newCacheRules creates the registry's cache rules. No credential set:
// the upstreams used are public (anonymous pulls; ACR's artifact cache doc
// lists Docker Hub, GHCR, MCR, registry.k8s.io and Quay among the
// supported upstreams). A rule is a child of the registry; with the
// registry's public access off, the registry (not the nodes) reaches the
// upstream.
func newCacheRules(ctx *pulumi.Context, name string, comp *PrivateAKS, a PrivateAKSArgs) error {
	for _, r := range a.RegistryCacheRules {
		cr, err := containerregistry.NewCacheRule(ctx, name+"-acr-cache-"+r.Name, &containerregistry.CacheRuleArgs{
			ResourceGroupName: a.ResourceGroupName,
			RegistryName:      comp.Registry.Name,
			CacheRuleName:     pulumi.String(r.Name),
			SourceRepository:  pulumi.String(r.Source),
			TargetRepository:  pulumi.String(r.Target),
		}, resopt.Child(comp, pulumi.DependsOn([]pulumi.Resource{comp.Registry}))...)
		if err != nil {
			return err
		}
		// Workloads pull through these rules: they wait for them.
		comp.WorkloadsReady = append(comp.WorkloadsReady, cr)
	}
	return nil
}
