package acceptance

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/privateaks/privateaks/internal/verify"
)

// Prerequisite is something the subscription needs before the first
// deploy: a preview feature or a resource provider registration.
type Prerequisite struct {
	// Kind is "feature" or "resourceProvider".
	Kind string `json:"kind"`
	// Name is "Microsoft.Compute/EncryptionAtHost" for a feature, the
	// namespace ("Microsoft.ContainerService") for a provider.
	Name string `json:"name"`
	// Why names the planned resources (types) that need it.
	Why string `json:"why"`
	// Check and Fix are the az commands to see its state and to set it.
	Check string `json:"check"`
	Fix   string `json:"fix"`
	// Automatic says the program does this itself; Note says how or why
	// not.
	Automatic bool   `json:"automatic"`
	Note      string `json:"note,omitempty"`
	Source    string `json:"source"`
}

const (
	docEncryptionAtHost = "MicrosoftDocs/azure-docs articles/virtual-machines/linux/disks-enable-host-based-encryption-cli.md#prerequisites; MicrosoftDocs/azure-aks-docs articles/aks/enable-host-encryption.md"
	docProviders        = "MicrosoftDocs/azure-docs articles/azure-resource-manager/management/resource-providers-and-types.md#register-resource-provider"
)

// EncryptionAtHostNote says why the program does not register the feature
// itself.
const EncryptionAtHostNote = "not registered by Pulumi: feature registration is subscription-wide and asynchronous (Registering for minutes, then Microsoft.Compute must be re-registered to pick it up), needs Microsoft.Features register permission a deployment identity should not hold, and removing it with a stack would take it away from every other workload in the subscription"

// providerOf maps an azure-native module to the resource provider its
// types live in. Microsoft.Resources and Microsoft.Authorization are
// registered in every subscription and are not listed.
var providerOf = map[string]string{
	"containerservice":    "Microsoft.ContainerService",
	"network":             "Microsoft.Network",
	"managedidentity":     "Microsoft.ManagedIdentity",
	"keyvault":            "Microsoft.KeyVault",
	"containerregistry":   "Microsoft.ContainerRegistry",
	"operationalinsights": "Microsoft.OperationalInsights",
	"insights":            "Microsoft.Insights",
}

// registeredByProviders are the resource providers a planned azure
// (classic) provider registers itself: its resourceProvidersToRegisters
// input (pulumi-azure v6.28.0 ProviderArgs), plus its default set unless
// resourceProviderRegistrations is "none" (not modelled: then nothing is
// claimed). Provider inputs may arrive JSON-encoded.
func registeredByProviders(p verify.Plan) map[string]bool {
	out := map[string]bool{}
	for _, r := range p.Resources() {
		if r.Type != "pulumi:providers:azure" {
			continue
		}
		list, ok := strs(r, "resourceProvidersToRegisters")
		if !ok || list == nil {
			if s, ok := str(r, "resourceProvidersToRegisters"); ok {
				_ = json.Unmarshal([]byte(s), &list)
			}
		}
		for _, ns := range list {
			out[ns] = true
		}
	}
	return out
}

// Prerequisites derives the subscription prerequisites from the planned
// resources, sorted by kind and name.
func Prerequisites(p verify.Plan) []Prerequisite {
	rn := &run{p: p}
	var out []Prerequisite
	var hostEnc []string
	for _, pl := range rn.pools() {
		if on, ok := boolean(pl.r, pl.path("enableEncryptionAtHost")); ok && on {
			name, _ := str(pl.r, pl.namePath())
			hostEnc = append(hostEnc, pl.r.Name+"/"+name)
		}
	}
	if len(hostEnc) > 0 {
		sort.Strings(hostEnc)
		out = append(out, Prerequisite{
			Kind: "feature", Name: "Microsoft.Compute/EncryptionAtHost",
			Why:   "encryption at host on node pools " + strings.Join(hostEnc, ", "),
			Check: "az feature show --namespace Microsoft.Compute --name EncryptionAtHost --query properties.state -o tsv",
			Fix:   "az feature register --namespace Microsoft.Compute --name EncryptionAtHost && az provider register --namespace Microsoft.Compute",
			Note:  EncryptionAtHostNote, Source: docEncryptionAtHost,
		})
	}
	registered := registeredByProviders(p)
	need := map[string][]string{}
	for _, r := range p.Resources() {
		parts := strings.SplitN(r.Type, ":", 3)
		if len(parts) != 3 {
			continue
		}
		switch parts[0] {
		case "azure-native":
			mod, _, _ := strings.Cut(parts[1], "/")
			if ns := providerOf[mod]; ns != "" {
				need[ns] = appendOnce(need[ns], mod+":"+parts[2])
			}
		case "azure":
			if strings.HasPrefix(parts[1], "containerservice/") && (parts[2] == "KubernetesClusterExtension" || parts[2] == "FluxConfiguration") {
				need["Microsoft.KubernetesConfiguration"] = appendOnce(need["Microsoft.KubernetesConfiguration"], parts[2])
			}
		}
	}
	for ns, types := range need {
		pr := Prerequisite{
			Kind: "resourceProvider", Name: ns, Why: strings.Join(types, ", "),
			Check:  fmt.Sprintf("az provider show --namespace %s --query registrationState -o tsv", ns),
			Fix:    fmt.Sprintf("az provider register --namespace %s --wait", ns),
			Source: docProviders,
		}
		if registered[ns] {
			pr.Automatic = true
			pr.Note = "registered by the azure (classic) provider (resourceProvidersToRegister)"
		} else {
			pr.Note = "azure-native does not register resource providers; register once per subscription"
		}
		out = append(out, pr)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		return out[i].Name < out[j].Name
	})
	return out
}

func appendOnce(list []string, s string) []string {
	for _, v := range list {
		if v == s {
			return list
		}
	}
	list = append(list, s)
	sort.Strings(list)
	return list
}
