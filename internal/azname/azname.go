// Package azname checks names against Azure's naming rules per resource type
// (length and characters, from the Azure naming-rules reference), so that a
// bad name is rejected by config validation instead of by ARM half-way
// through a deployment.
package azname

import (
	"fmt"
	"regexp"
	"strings"
)

// Kind is a resource type with its own naming rule.
type Kind string

// The resource kinds whose names privateaks sets.
const (
	ResourceGroup      Kind = "resource group"
	VirtualNetwork     Kind = "virtual network"
	Subnet             Kind = "subnet"
	NetworkGeneric     Kind = "network resource" // NSG, route table, firewall policy, bastion, public IP, private endpoint
	Firewall           Kind = "azure firewall"
	ManagedCluster     Kind = "AKS cluster"
	DNSPrefix          Kind = "AKS DNS prefix"
	LinuxNodePool      Kind = "Linux node pool"
	WindowsNodePool    Kind = "Windows node pool"
	ContainerRegistry  Kind = "container registry"
	KeyVault           Kind = "key vault"
	ManagedIdentity    Kind = "managed identity"
	LogAnalytics       Kind = "Log Analytics workspace"
	KubernetesDNSLabel Kind = "Kubernetes name" // namespaces, service accounts
)

type rule struct {
	min, max int
	re       *regexp.Regexp
	allowed  string
}

// The patterns mirror the Azure naming-rules table; "ends with" constraints
// are folded into the regular expressions.
var rules = map[Kind]rule{
	ResourceGroup:      {1, 90, regexp.MustCompile(`^[-\w._()]*[-\w_()]$`), "letters, digits, '-', '_', '.', '(' and ')', not ending in '.'"},
	VirtualNetwork:     {2, 64, regexp.MustCompile(`^[A-Za-z0-9][-\w.]*[A-Za-z0-9_]$`), "letters, digits, '-', '_' and '.', starting with a letter or digit and ending with a letter, digit or '_'"},
	Subnet:             {1, 80, regexp.MustCompile(`^[A-Za-z0-9]([-\w.]*[A-Za-z0-9_])?$`), "letters, digits, '-', '_' and '.', starting with a letter or digit and ending with a letter, digit or '_'"},
	NetworkGeneric:     {1, 80, regexp.MustCompile(`^[A-Za-z0-9]([-\w.]*[A-Za-z0-9_])?$`), "letters, digits, '-', '_' and '.', starting with a letter or digit and ending with a letter, digit or '_'"},
	Firewall:           {1, 56, regexp.MustCompile(`^[A-Za-z0-9]([-\w.]*[A-Za-z0-9_])?$`), "letters, digits, '-', '_' and '.', starting with a letter or digit and ending with a letter, digit or '_'"},
	ManagedCluster:     {1, 63, regexp.MustCompile(`^[A-Za-z0-9]([-\w]*[A-Za-z0-9])?$`), "letters, digits, '-' and '_', starting and ending with a letter or digit"},
	DNSPrefix:          {1, 54, regexp.MustCompile(`^[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?$`), "letters, digits and '-', starting and ending with a letter or digit"},
	LinuxNodePool:      {1, 12, regexp.MustCompile(`^[a-z][a-z0-9]*$`), "lowercase letters and digits, starting with a letter"},
	WindowsNodePool:    {1, 6, regexp.MustCompile(`^[a-z][a-z0-9]*$`), "lowercase letters and digits, starting with a letter"},
	ContainerRegistry:  {5, 50, regexp.MustCompile(`^[a-z0-9]+$`), "lowercase letters and digits (globally unique)"},
	KeyVault:           {3, 24, regexp.MustCompile(`^[A-Za-z](-?[A-Za-z0-9])*$`), "letters, digits and single '-', starting with a letter and ending with a letter or digit (globally unique)"},
	ManagedIdentity:    {3, 128, regexp.MustCompile(`^[A-Za-z0-9][-\w]*$`), "letters, digits, '-' and '_', starting with a letter or digit"},
	LogAnalytics:       {4, 63, regexp.MustCompile(`^[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?$`), "letters, digits and '-', starting and ending with a letter or digit"},
	KubernetesDNSLabel: {1, 63, regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`), "lowercase letters, digits and '-', starting and ending with a letter or digit (RFC 1123 label)"},
}

// Check returns nil when name is valid for kind, else an error that states
// the rule.
func Check(kind Kind, name string) error {
	r, ok := rules[kind]
	if !ok {
		return fmt.Errorf("no naming rule for %q", kind)
	}
	n := len(name)
	if n < r.min || n > r.max || !r.re.MatchString(name) {
		return fmt.Errorf("%q is not a valid %s name: want %d-%d characters, %s", name, kind, r.min, r.max, r.allowed)
	}
	return nil
}

// Alnum keeps only lowercase letters and digits: the form registry and
// storage-like names need when they are derived from other names.
func Alnum(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}
