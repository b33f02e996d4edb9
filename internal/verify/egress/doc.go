// Package egress is the independent egress model of the plan: a small
// evaluator of Azure Firewall policy semantics over the planned rule
// collection groups, and a table of the flows a private AKS deployment needs
// (and must not have), each citing the document it comes from.
//
// Nothing here is derived from our components: subnets, their roles and the
// features that switch flows on are read from the planned resources (node
// subnets from the clusters' vnetSubnetID, the firewall a subnet reaches from
// its route table's default route, add-ons from the cluster's inputs), and
// the firewall's behaviour follows Azure's documentation:
//
//   - MicrosoftDocs/azure-docs articles/firewall/rule-processing.md ("Rule
//     processing using Firewall Policy", "Outbound connectivity"): rule
//     collection groups by priority, then collections by priority; all
//     network rules before any application rule; the first match wins; what
//     matches nothing is denied; parent policy groups before the child's.
//   - articles/firewall/policy-rule-sets.md: network and application rule
//     collections, their rule fields.
//   - articles/firewall/fqdn-tags.md: FQDN tags are Microsoft-managed groups
//     of FQDNs usable only in application rules.
//   - articles/firewall/firewall-faq.md ("How do wildcards work in an
//     application rule target FQDN?"): "*.contoso.com" allows
//     anyvalue.contoso.com but not the apex contoso.com.
//
// The flows come from MicrosoftDocs/azure-aks-docs
// articles/aks/outbound-rules-control-egress.md (section named per flow), the
// GitOps Flux v2 network requirements (MicrosoftDocs/azure-docs
// articles/azure-arc/kubernetes/tutorial-use-gitops-flux2.md, "Network
// requirements") and the tool installation docs named in flows.go. The flows of
// runners and jump boxes (runners.go) are read off each planned VM scale
// set: the Entra ID login extension (MicrosoftDocs/entra-docs
// howto-vm-sign-in-azure-ad-linux.md, "Network") and the CI service its
// cloud-init registers with (github/docs runner-essential-communications.md;
// MicrosoftDocs/azure-devops-docs pipelines/agents qa-firewall.md).
package egress
