package egress

import "strings"

// fqdnTagMembers is what an FQDN tag stands for. Microsoft maintains the
// tags and does not publish their member lists (fqdn-tags.md: "You can't
// create your own FQDN tags, nor can you specify which FQDNs are included
// within a tag"). For AzureKubernetesService the AKS docs say the tag covers
// the cluster's required outbound FQDNs (azure-aks-docs
// articles/aks/limit-egress-traffic.md), so the model takes the tag to be
// exactly the "Azure Global required FQDN / application rules" table of
// articles/aks/outbound-rules-control-egress.md — no more: add-on FQDNs
// (Azure Monitor, Policy, GPU, extensions) must be allowed on their own.
// Unknown tags match nothing.
func fqdnTagMembers(tag, location string) []string {
	switch strings.ToLower(strings.TrimSpace(tag)) {
	case "azurekubernetesservice":
		return []string{
			"*.hcp." + location + ".azmk8s.io",
			"mcr.microsoft.com",
			"*.data.mcr.microsoft.com",
			"mcr-0001.mcr-msedge.net",
			"management.azure.com",
			"login.microsoftonline.com",
			"packages.microsoft.com",
			"acs-mirror.azureedge.net",
		}
	}
	return nil
}
