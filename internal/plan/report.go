package plan

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/privateaks/privateaks/stacks/stackconfig"
	"github.com/privateaks/privateaks/testkit"
)

// WriteText writes the human report: tree, counts, cluster settings,
// opt-outs, controls and the critical path.
func (r *Result) WriteText(w io.Writer) {
	custom, providers := 0, 0
	for _, res := range r.Resources {
		switch {
		case strings.HasPrefix(res.Type, "pulumi:providers:"):
			providers++
		case res.Custom:
			custom++
		}
	}
	fmt.Fprintf(w, "privateaks offline plan: project %s, stack %s\n", r.Project, r.Stack)
	fmt.Fprintf(w, "Planned under the testkit from the stack file: nothing was sent to Azure and no credentials were used.\n\n")
	fmt.Fprintf(w, "Resources: %d (%d cloud and cluster resources, %d components, %d providers)\n\n", len(r.Resources), custom, len(r.Resources)-custom-providers, providers)

	fmt.Fprintln(w, "Resource tree")
	r.writeTree(w)

	fmt.Fprintln(w, "\nCounts by type")
	counts := map[string]int{}
	for _, res := range r.Resources {
		counts[res.Type]++
	}
	types := make([]string, 0, len(counts))
	for t := range counts {
		types = append(types, t)
	}
	sort.Strings(types)
	for _, t := range types {
		fmt.Fprintf(w, "  %4d  %s\n", counts[t], t)
	}

	r.writeClusters(w)
	r.writeOptOuts(w)
	r.writeControls(w)

	fmt.Fprintf(w, "\nDeployment critical path (modeled): %.1f min\n", r.CriticalPath.Minutes)
	for _, s := range r.CriticalPath.Steps {
		fmt.Fprintf(w, "  %5.1f min  %s %s\n", s.Minutes, shortType(s.Type), s.Name)
	}
}

func (r *Result) writeTree(w io.Writer) {
	// r.Resources is in tree order; depth and last-sibling marks follow.
	depth := map[string]int{}
	lastChild := map[string]string{}
	for _, res := range r.Resources {
		if d, ok := depth[res.Parent]; ok {
			depth[res.URN] = d + 1
		} else {
			depth[res.URN] = 0
		}
		lastChild[res.Parent] = res.URN
	}
	fmt.Fprintf(w, "  pulumi:pulumi:Stack %s-%s\n", r.Project, r.Stack)
	// open[d] is whether the ancestor at depth d has siblings still to come.
	var open []bool
	for _, res := range r.Resources {
		d := depth[res.URN]
		open = open[:d]
		last := lastChild[res.Parent] == res.URN
		indent := "  "
		for _, o := range open {
			if o {
				indent += "│  "
			} else {
				indent += "   "
			}
		}
		branch := "├─ "
		if last {
			branch = "└─ "
		}
		open = append(open, !last)
		flags := ""
		if res.Protect {
			flags += " [protected]"
		}
		if len(res.IgnoreChanges) > 0 {
			flags += " [ignoreChanges: " + strings.Join(res.IgnoreChanges, ", ") + "]"
		}
		fmt.Fprintf(w, "%s%s%s %s%s\n", indent, branch, shortType(res.Type), res.Name, flags)
	}
}

// shortType drops the API version from azure-native tokens for reading.
func shortType(t string) string {
	parts := strings.SplitN(t, ":", 3)
	if len(parts) == 3 && parts[0] == "azure-native" {
		mod, _, _ := strings.Cut(parts[1], "/")
		return parts[0] + ":" + mod + ":" + parts[2]
	}
	return t
}

func (r *Result) writeClusters(w io.Writer) {
	fmt.Fprintln(w, "\nClusters")
	var clusters []*testkit.Resource
	for _, res := range r.Resources {
		if strings.HasSuffix(res.Type, ":ManagedCluster") {
			clusters = append(clusters, res)
		}
	}
	if len(clusters) == 0 {
		fmt.Fprintln(w, "  (none planned)")
		return
	}
	for _, c := range clusters {
		fmt.Fprintf(w, "  %s (%s, Kubernetes %s, tier %s)\n", c.String("resourceName"), c.Name, c.String("kubernetesVersion"), c.String("sku.tier"))
		line := func(k, v string) { fmt.Fprintf(w, "    %-22s %s\n", k+":", v) }
		line("API server", fmt.Sprintf("private=%v publicFQDN=%v zone=%s", c.Bool("apiServerAccessProfile.enablePrivateCluster"), c.Bool("apiServerAccessProfile.enablePrivateClusterPublicFQDN"), zoneLabel(c.String("apiServerAccessProfile.privateDNSZone"))))
		line("network", fmt.Sprintf("%s/%s policy=%s outbound=%s pods=%s services=%s", c.String("networkProfile.networkPlugin"), orDash(c.String("networkProfile.networkPluginMode")), c.String("networkProfile.networkPolicy"), c.String("networkProfile.outboundType"), orDash(c.String("networkProfile.podCidr")), c.String("networkProfile.serviceCidr")))
		line("identity", fmt.Sprintf("%s, kubelet BYO=%v, workload identity=%v", c.String("identity.type"), c.String("identityProfile.kubeletidentity.resourceId") != "", c.Bool("securityProfile.workloadIdentity.enabled")))
		line("access", fmt.Sprintf("Entra ID managed=%v, Azure RBAC=%v, admin groups=%d, local accounts disabled=%v", c.Bool("aadProfile.managed"), c.Bool("aadProfile.enableAzureRBAC"), len(strsAt(c, "aadProfile.adminGroupObjectIDs")), c.Bool("disableLocalAccounts")))
		line("add-ons", fmt.Sprintf("keyvault-csi=%v (rotation %s), azure-policy=%v, container-insights=%v, defender=%v, image-cleaner=%v",
			c.Bool("addonProfiles.azureKeyvaultSecretsProvider.enabled"), orDash(c.String("addonProfiles.azureKeyvaultSecretsProvider.config.enableSecretRotation")),
			c.Bool("addonProfiles.azurepolicy.enabled"), c.Bool("addonProfiles.omsagent.enabled"), c.Bool("securityProfile.defender.securityMonitoring.enabled"), c.Bool("securityProfile.imageCleaner.enabled")))
		line("upgrades", fmt.Sprintf("cluster=%s node-os=%s", c.String("autoUpgradeProfile.upgradeChannel"), c.String("autoUpgradeProfile.nodeOSUpgradeChannel")))
		line("system pool", fmt.Sprintf("%s x%v-%v, zones %s, taints %s, disk %s, encryption at host=%v", c.String("agentPoolProfiles[0].vmSize"), c.Number("agentPoolProfiles[0].minCount"), c.Number("agentPoolProfiles[0].maxCount"), strings.Join(strsAt(c, "agentPoolProfiles[0].availabilityZones"), ","), strings.Join(strsAt(c, "agentPoolProfiles[0].nodeTaints"), ","), c.String("agentPoolProfiles[0].osDiskType"), c.Bool("agentPoolProfiles[0].enableEncryptionAtHost")))
		line("protected", fmt.Sprintf("%v", c.Protect))
	}
}

func zoneLabel(z string) string {
	if z == "" {
		return "-"
	}
	if i := strings.LastIndex(z, "/"); i >= 0 {
		return "BYO " + z[i+1:]
	}
	return z
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// OptOuts lists where the stack is weaker than the hardened defaults, by
// config key, so that a reviewer sees every opt-out in one place.
func OptOuts(c stackconfig.Config) []string {
	var out []string
	add := func(cond bool, key, what string) {
		if cond {
			out = append(out, key+": "+what)
		}
	}
	add(!c.IsProtected(), "protect", "false: stateful resources are not protected")
	add(c.Hub.Firewall.Sku != stackconfig.DefaultFirewallSku, "hub.firewall.sku", c.Hub.Firewall.Sku+" (no IDPS)")
	add(c.Hub.Firewall.Sku == "Premium" && c.Hub.Firewall.IdpsMode != "Deny", "hub.firewall.idpsMode", c.Hub.Firewall.IdpsMode)
	add(c.Hub.Bastion.Sku == "Basic", "hub.bastion.sku", "Basic (no native-client tunneling)")
	add(c.AllowProdWaivers, "allowProdWaivers", "true")
	add(len(c.AcknowledgeReplacement) > 0, "acknowledgeReplacement", strings.Join(c.AcknowledgeReplacement, ", ")+" (cluster protection lifted for this run)")
	for _, k := range c.SpokeKeys() {
		cl := c.Spokes[k].Cluster
		p := "spokes." + k + ".cluster."
		add(cl.SkuTier == "Free", p+"skuTier", "Free (no uptime SLA)")
		add(cl.PolicyEffect != stackconfig.DefaultPolicyEffect, p+"policyEffect", cl.PolicyEffect+" (policies do not block)")
		add(cl.LocalAccounts, p+"localAccounts", "true (static admin credentials exist)")
		add(cl.RunCommand, p+"runCommand", "true (az aks command invoke enabled)")
		add(cl.PrivateDNSZone == "system", p+"privateDnsZone", "system (AKS-managed zone instead of ours)")
		add(!cl.KeyVault.PurgeProtected(), p+"keyVault.purgeProtection", "false (a deleted vault can be purged at once)")
		add(cl.SystemPool.EphemeralOSDisk != nil && !*cl.SystemPool.EphemeralOSDisk, p+"systemPool.ephemeralOsDisk", "false")
		for _, n := range cl.PoolNames() {
			pp := cl.UserPools[n]
			add(pp.EphemeralOSDisk != nil && !*pp.EphemeralOSDisk, p+"userPools."+n+".ephemeralOsDisk", "false")
		}
	}
	add(c.Flux.Enabled != nil && !*c.Flux.Enabled, "flux.enabled", "false (no GitOps)")
	return out
}

func (r *Result) writeOptOuts(w io.Writer) {
	fmt.Fprintln(w, "\nOpt-outs from the hardened defaults")
	o := OptOuts(r.Config)
	if len(o) == 0 {
		fmt.Fprintln(w, "  none")
	}
	for _, s := range o {
		fmt.Fprintln(w, "  - "+s)
	}
}

func (r *Result) writeControls(w io.Writer) {
	var pass, fail, waived int
	for _, c := range r.Controls {
		switch c.Status {
		case StatusPass:
			pass++
		case StatusFail:
			fail++
		case StatusWaived:
			waived++
		}
	}
	fmt.Fprintf(w, "\nBaseline controls: %d pass, %d fail, %d waived\n", pass, fail, waived)
	for _, c := range r.Controls {
		fmt.Fprintf(w, "  %-6s %-12s %s\n", strings.ToUpper(string(c.Status)), c.ID, c.Title)
		fmt.Fprintf(w, "         %-12s source: %s\n", "", c.Source)
		if c.Status == StatusWaived {
			fmt.Fprintf(w, "         %-12s waiver: %s\n", "", c.Waiver)
		}
		for _, f := range c.Findings {
			fmt.Fprintf(w, "         %-12s - %s\n", "", f)
		}
	}
}
