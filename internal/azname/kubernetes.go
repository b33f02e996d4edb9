package azname

import (
	"fmt"
	"regexp"
	"strings"
)

// The Kubernetes label syntax (kubernetes.io "Labels and Selectors", syntax
// and character set): an optional DNS-subdomain prefix and '/', a name of at
// most 63 alphanumerics, '-', '_' and '.', and a value of the same form or
// empty.
var (
	labelKeyRe   = regexp.MustCompile(`^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$`)
	labelValueRe = regexp.MustCompile(`^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$`)
)

// ReservedLabelDomains are the label prefixes AKS reserves on nodes: "The
// following prefixes are AKS reserved prefixes and can't be used for any
// node: kubernetes.azure.com/, kubernetes.io/" (MicrosoftDocs/azure-aks-docs
// articles/aks/use-labels.md, "Reserved prefixes"). Subdomains of them
// (node.kubernetes.io/, topology.kubernetes.io/) carry the reserved system
// labels of the same article's table and are refused too.
var ReservedLabelDomains = []string{"kubernetes.azure.com", "kubernetes.io"}

// CheckNodeLabel returns nil when key=value is a node label a pool may set:
// Kubernetes label syntax, outside the AKS-reserved prefixes. The stack
// config and the privateaks component both call it.
func CheckNodeLabel(key, value string) error {
	if !labelKeyRe.MatchString(key) || !labelValueRe.MatchString(value) {
		return fmt.Errorf("a Kubernetes label key and value (63 characters, alphanumerics, '-', '_', '.')")
	}
	if prefix, _, ok := strings.Cut(key, "/"); ok {
		for _, d := range ReservedLabelDomains {
			if prefix == d || strings.HasSuffix(prefix, "."+d) {
				return fmt.Errorf("a label outside the AKS-reserved prefixes %s/ and their subdomains", strings.Join(ReservedLabelDomains, "/, "))
			}
		}
	}
	return nil
}

// MaxKubernetesNameLength is the longest Kubernetes object name of the
// RFC 1123 label kind (63).
const MaxKubernetesNameLength = 63

// CheckFluxKustomization returns nil when key is a usable name for one of a
// Flux configuration's kustomizations: the object Flux creates in the
// cluster is named "<configuration>-<key>", an RFC 1123 label of at most 63
// characters. The stack config and the fluxbootstrap component both call
// it.
func CheckFluxKustomization(configuration, key string) error {
	max := MaxKubernetesNameLength - len(configuration) - 1
	if Check(KubernetesDNSLabel, key) != nil || len(key) > max {
		return fmt.Errorf("a kustomization name: lowercase letters, digits and '-', at most %d characters (the in-cluster name %q-<name> is at most %d)", max, configuration, MaxKubernetesNameLength)
	}
	return nil
}
