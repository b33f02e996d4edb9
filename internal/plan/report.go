package plan

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/privateaks/privateaks/components/privateaks/clusterspec"
	"github.com/privateaks/privateaks/internal/azurefacts"
	"github.com/privateaks/privateaks/internal/mockengine"
	"github.com/privateaks/privateaks/stacks/stackconfig"
)

// WriteText writes the human report as plain text.
func (r *Result) WriteText(w io.Writer) { r.Write(w, FormatText) }

// Write writes the human report in a format: tree, counts, clusters and
// their pools, SKUs, firewall rules, opt-outs, controls and the critical
// path. Text and Markdown come from the same sections.
func (r *Result) Write(w io.Writer, f Format) {
	custom, providers := 0, 0
	for _, res := range r.Resources {
		switch {
		case strings.HasPrefix(res.Type, "pulumi:providers:"):
			providers++
		case res.Custom:
			custom++
		}
	}
	intro := section{title: "Summary", lines: []string{
		"Planned under the testkit from the stack file: nothing was sent to Azure and no credentials were used.",
		fmt.Sprintf("Resources: %d (%d cloud and cluster resources, %d components, %d providers)", len(r.Resources), custom, len(r.Resources)-custom-providers, providers),
		fmt.Sprintf("Estimated cost: %s at list prices read on %s (%d items without a list price left out; see the cost section)", r.Cost.Range(), r.Cost.AsOf, r.Cost.Unpriced),
	}}
	sections := []section{intro, r.treeSection(), r.countsSection(), r.clustersSection(), r.skuSection(), r.costSection(), r.firewallSection(), r.optOutSection(), r.placeholderSection(), r.controlsSection(), r.acceptanceSection(), r.egressSection(), r.accessSection(), r.prerequisitesSection(), r.criticalSection()}
	render(w, f, fmt.Sprintf("privateaks offline plan: project %s, stack %s", r.Project, r.Stack), sections)
}

func (r *Result) countsSection() section {
	counts := map[string]int{}
	for _, res := range r.Resources {
		counts[res.Type]++
	}
	t := table{header: []string{"count", "type"}}
	for _, typ := range slices.Sorted(maps.Keys(counts)) {
		t.add(fmt.Sprint(counts[typ]), typ)
	}
	return section{title: "Counts by type", tables: []table{t}}
}

func (r *Result) criticalSection() section {
	s := section{title: fmt.Sprintf("Deployment critical path (modeled): %.1f min", r.CriticalPath.Minutes)}
	t := table{header: []string{"minutes", "type", "resource"}}
	for _, st := range r.CriticalPath.Steps {
		t.add(fmt.Sprintf("%.1f", st.Minutes), shortType(st.Type), st.Name)
	}
	s.tables = []table{t}
	return s
}

func (r *Result) treeSection() section {
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
	s := section{title: "Resource tree (logical name, then the Azure name and resource group)"}
	s.pre = append(s.pre, fmt.Sprintf("pulumi:pulumi:Stack %s-%s", r.Project, r.Stack))
	// open[d] is whether the ancestor at depth d has siblings still to come.
	var open []bool
	for _, res := range r.Resources {
		d := depth[res.URN]
		open = open[:d]
		last := lastChild[res.Parent] == res.URN
		indent := ""
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
		if name, rg := armName(res.ID); name != "" && res.Custom {
			flags += " = " + name
			if rg != "" && rg != name {
				flags += " (" + rg + ")"
			}
		}
		if res.Protect {
			flags += " [protected]"
		}
		if len(res.IgnoreChanges) > 0 {
			flags += " [ignoreChanges: " + strings.Join(res.IgnoreChanges, ", ") + "]"
		}
		s.pre = append(s.pre, fmt.Sprintf("%s%s%s %s%s", indent, branch, shortType(res.Type), res.Name, flags))
	}
	return s
}

// armName returns the Azure name (the ID's last segment) and resource group
// of a mocked ARM ID; both empty for IDs that are not ARM IDs.
func armName(id string) (name, rg string) {
	if !strings.HasPrefix(strings.ToLower(id), "/subscriptions/") {
		return "", ""
	}
	parts := strings.Split(strings.Trim(id, "/"), "/")
	for i := 0; i+1 < len(parts); i++ {
		if strings.EqualFold(parts[i], "resourceGroups") {
			rg = parts[i+1]
			break
		}
	}
	return parts[len(parts)-1], rg
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

func (r *Result) clustersSection() section {
	s := section{title: "Clusters"}
	var clusters []*mockengine.Resource
	for _, res := range r.Resources {
		if strings.HasSuffix(res.Type, ":ManagedCluster") {
			clusters = append(clusters, res)
		}
	}
	if len(clusters) == 0 {
		s.lines = []string{"(none planned)"}
		return s
	}
	for _, c := range clusters {
		name, rg := armName(c.ID)
		version := c.String("kubernetesVersion")
		if version == "" {
			version = "AKS default at creation"
		}
		s.lines = append(s.lines, fmt.Sprintf("- **%s** (%s, resource group %s): Kubernetes %s, tier %s, protected=%v", name, c.Name, rg, version, c.String("sku.tier"), c.Protect))
		item := func(k, v string) { s.lines = append(s.lines, fmt.Sprintf("  - %s: %s", k, v)) }
		item("API server", fmt.Sprintf("private=%v publicFQDN=%v zone=%s", c.Bool("apiServerAccessProfile.enablePrivateCluster"), c.Bool("apiServerAccessProfile.enablePrivateClusterPublicFQDN"), zoneLabel(c.String("apiServerAccessProfile.privateDNSZone"))))
		item("network", fmt.Sprintf("%s/%s policy=%s outbound=%s pods=%s services=%s", c.String("networkProfile.networkPlugin"), orDash(c.String("networkProfile.networkPluginMode")), c.String("networkProfile.networkPolicy"), c.String("networkProfile.outboundType"), orDash(c.String("networkProfile.podCidr")), c.String("networkProfile.serviceCidr")))
		item("identity", fmt.Sprintf("%s, kubelet BYO=%v, workload identity=%v", c.String("identity.type"), c.String("identityProfile.kubeletidentity.resourceId") != "", c.Bool("securityProfile.workloadIdentity.enabled")))
		item("access", fmt.Sprintf("Entra ID managed=%v, Azure RBAC=%v, admin groups=%d, local accounts disabled=%v", c.Bool("aadProfile.managed"), c.Bool("aadProfile.enableAzureRBAC"), len(strsAt(c, "aadProfile.adminGroupObjectIDs")), c.Bool("disableLocalAccounts")))
		item("add-ons", fmt.Sprintf("keyvault-csi=%v (rotation %s), azure-policy=%v, container-insights=%v, defender=%v, image-cleaner=%v",
			c.Bool("addonProfiles.azureKeyvaultSecretsProvider.enabled"), orDash(c.String("addonProfiles.azureKeyvaultSecretsProvider.config.enableSecretRotation")),
			c.Bool("addonProfiles.azurepolicy.enabled"), c.Bool("addonProfiles.omsagent.enabled"), c.Bool("securityProfile.defender.securityMonitoring.enabled"), c.Bool("securityProfile.imageCleaner.enabled")))
		item("upgrades", fmt.Sprintf("cluster=%s node-os=%s", c.String("autoUpgradeProfile.upgradeChannel"), c.String("autoUpgradeProfile.nodeOSUpgradeChannel")))
		s.tables = append(s.tables, r.poolTable(c, name))
	}
	return s
}

// poolTable lists a cluster's pools: the system pool (the cluster's first
// agent pool profile) and the separate AgentPool resources below the same
// component.
func (r *Result) poolTable(c *mockengine.Resource, clusterName string) table {
	t := table{caption: "Node pools of " + clusterName, header: []string{"pool", "mode", "vm size", "nodes", "os", "priority", "zones", "taints", "os disk", "subnet"}}
	row := func(p func(string) string, num func(string) float64, list func(string) []string) {
		subnet := p("vnetSubnetID")
		if sn := r.view.byID(subnet); sn != nil {
			subnet = sn.String("subnetName") + " " + sn.String("addressPrefix")
		}
		os := p("osType")
		if sku := p("osSKU"); sku != "" {
			os += "/" + sku
		}
		t.add(p("name"), p("mode"), p("vmSize"), fmt.Sprintf("%v..%v", num("minCount"), num("maxCount")), os, orDash(p("scaleSetPriority")),
			orDash(strings.Join(list("availabilityZones"), ",")), orDash(strings.Join(list("nodeTaints"), ",")),
			fmt.Sprintf("%s %vGB", p("osDiskType"), num("osDiskSizeGB")), subnet)
	}
	base := "agentPoolProfiles[0]."
	row(func(k string) string { return c.String(base + k) }, func(k string) float64 { return c.Number(base + k) }, func(k string) []string { return strsAt(c, base+k) })
	for _, ap := range r.view.within(c, ":PrivateAKS", "AgentPool") {
		ap := ap
		row(func(k string) string {
			if k == "name" {
				k = "agentPoolName"
			}
			return ap.String(k)
		}, ap.Number, func(k string) []string { return strsAt(ap, k) })
	}
	return t
}

// skuSection lists every planned SKU with the resource's Azure name: the
// cost and capability choices a reviewer looks for first.
func (r *Result) skuSection() section {
	t := table{header: []string{"resource", "Azure name", "SKU"}}
	for _, res := range r.Resources {
		if !res.Custom {
			continue
		}
		var sku []string
		for _, path := range []string{"sku", "properties.sku"} {
			v := mockengine.Unsecret(res.Get(path))
			if !v.IsObject() {
				continue
			}
			for _, k := range slices.Sorted(maps.Keys(v.ObjectValue())) {
				if e := mockengine.Unsecret(v.ObjectValue()[k]); e.IsString() {
					sku = append(sku, string(k)+"="+e.StringValue())
				}
			}
		}
		if len(sku) == 0 {
			continue
		}
		name, _ := armName(res.ID)
		t.add(shortType(res.Type)+" "+res.Name, orDash(name), strings.Join(sku, " "))
	}
	return section{title: "SKUs", tables: []table{t}}
}

// firewallSection lists every planned firewall rule: what is allowed, from
// where, and why.
func (r *Result) firewallSection() section {
	s := section{title: "Firewall rules (everything else is denied)"}
	for _, g := range r.Resources {
		if !strings.HasSuffix(g.Type, ":FirewallPolicyRuleCollectionGroup") {
			continue
		}
		t := table{caption: fmt.Sprintf("rule collection group %s (priority %v)", g.String("ruleCollectionGroupName"), g.Number("priority")),
			header: []string{"collection", "rule", "sources", "destinations", "protocols", "why"}}
		for i := 0; i < g.Len("ruleCollections"); i++ {
			col := fmt.Sprintf("ruleCollections[%d]", i)
			colName := fmt.Sprintf("%s (%s, %v)", g.String(col+".name"), g.String(col+".action.type"), g.Number(col+".priority"))
			for j := 0; j < g.Len(col+".rules"); j++ {
				rule := fmt.Sprintf("%s.rules[%d].", col, j)
				var dests []string
				for _, k := range []string{"fqdnTags", "targetFqdns", "destinationAddresses", "destinationFqdns"} {
					dests = append(dests, strsAt(g, rule+k)...)
				}
				var protos []string
				for k := 0; k < g.Len(rule+"protocols"); k++ {
					protos = append(protos, fmt.Sprintf("%s:%v", g.String(fmt.Sprintf("%sprotocols[%d].protocolType", rule, k)), g.Number(fmt.Sprintf("%sprotocols[%d].port", rule, k))))
				}
				if ports := strsAt(g, rule+"destinationPorts"); len(ports) > 0 {
					protos = append(protos, strings.Join(strsAt(g, rule+"ipProtocols"), "/")+" "+strings.Join(ports, ","))
				}
				t.add(colName, g.String(rule+"name"), strings.Join(strsAt(g, rule+"sourceAddresses"), ", "), strings.Join(dests, ", "), strings.Join(protos, ", "), g.String(rule+"description"))
			}
		}
		s.tables = append(s.tables, t)
	}
	if len(s.tables) == 0 {
		s.lines = []string{"(no firewall policy planned)"}
	}
	return s
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
	add(c.Hub.Firewall.PublicIPCount < stackconfig.DefaultFirewallPublicIPs, "hub.firewall.publicIpCount", fmt.Sprintf("%d (fewer SNAT ports than the baseline's 3 IPs)", c.Hub.Firewall.PublicIPCount))
	add(!c.Hub.DDoS.Enabled, "hub.ddos.enabled", "false (cost choice: no DDoS Network Protection plan; public IPs keep Azure's infrastructure DDoS protection)")
	add(c.AllowProdWaivers, "allowProdWaivers", "true")
	add(len(c.AcknowledgeReplacement) > 0, "acknowledgeReplacement", strings.Join(c.AcknowledgeReplacement, ", ")+" (cluster protection lifted for this run)")
	zonal := azurefacts.ZonesIn(c.Location) != nil
	add(zonal && len(c.Hub.Firewall.Zones) == 0, "hub.firewall.zones", "[] (the firewall is not zone-redundant)")
	for _, k := range c.SpokeKeys() {
		cl := c.Spokes[k].Cluster
		p := "spokes." + k + ".cluster."
		add(zonal && len(cl.SystemPool.Zones) == 0, p+"systemPool.zones", "[] (the system pool is not zone-redundant)")
		add(cl.SkuTier == "Free", p+"skuTier", "Free (no uptime SLA)")
		add(cl.PolicyEffect != stackconfig.DefaultPolicyEffect, p+"policyEffect", cl.PolicyEffect+" (policies do not block)")
		add(cl.LocalAccounts, p+"localAccounts", "true (static admin credentials exist)")
		add(cl.RunCommand, p+"runCommand", "true (az aks command invoke enabled)")
		add(cl.Network.Policy == "azure", p+"network.policy", "azure (Azure Network Policy Manager, retiring for Linux on 2028-09-30; new clusters default to Cilium)")
		add(cl.PrivateDNSZone == clusterspec.APIServerZoneSystem, p+"privateDnsZone", "system (AKS-managed zone instead of ours)")
		add(!cl.KeyVault.PurgeProtected(), p+"keyVault.purgeProtection", "false (a deleted vault can be purged at once)")
		add(cl.SystemPool.EphemeralOSDisk != nil && !*cl.SystemPool.EphemeralOSDisk, p+"systemPool.ephemeralOsDisk", "false")
		// Named choices, not weaknesses: KMS adds a public key-only vault
		// endpoint with GA APIs (docs/encryption.md); customer keys for
		// disks are a compliance choice.
		add(!cl.KMS.Enabled, p+"kms.enabled", "false (choice: etcd secrets use platform-managed encryption; KMS needs a public key-only vault with GA APIs, docs/encryption.md)")
		add(!cl.DiskEncryption.Enabled, p+"diskEncryption.enabled", "false (choice: node disks use platform-managed keys with encryption at host; no disk encryption set)")
		if g := c.Spokes[k].AppGateway; g.Enabled {
			add(g.WAFMode == stackconfig.WAFModeDetection, "spokes."+k+".appGateway.wafMode", "Detection (the WAF logs attacks but does not block them)")
		}
		for _, n := range cl.PoolNames() {
			pp := cl.UserPools[n]
			add(pp.EphemeralOSDisk != nil && !*pp.EphemeralOSDisk, p+"userPools."+n+".ephemeralOsDisk", "false")
		}
	}
	add(c.Flux.Enabled != nil && !*c.Flux.Enabled, "flux.enabled", "false (no GitOps)")
	return out
}

func (r *Result) optOutSection() section {
	s := section{title: "Opt-outs from the hardened defaults"}
	o := OptOuts(r.Config)
	if len(o) == 0 {
		s.lines = []string{"none"}
	}
	for _, l := range o {
		s.lines = append(s.lines, "- "+l)
	}
	return s
}

// placeholderSection lists the Entra IDs still at a sample's placeholder: a
// stack that is not protected is planned and deployed with a warning; a
// protected one only planned here, with -allow-placeholders.
func (r *Result) placeholderSection() section {
	s := section{title: "Placeholder Entra IDs"}
	ph := stackconfig.PlaceholderIDs(r.Config)
	if len(ph) == 0 {
		s.lines = []string{"none"}
		return s
	}
	if r.Config.IsProtected() {
		s.lines = append(s.lines, "This protected stack was planned with -allow-placeholders: pulumi preview and up refuse it until these are replaced.")
	} else {
		s.lines = append(s.lines, "Role assignments to these fail at deploy time (PrincipalNotFound) and nobody can administer a cluster whose admin groups are placeholders.")
	}
	for _, id := range ph {
		s.lines = append(s.lines, "- "+stackconfig.PlaceholderWarning(id))
	}
	return s
}

func (r *Result) controlsSection() section {
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
	s := section{title: fmt.Sprintf("Baseline controls: %d pass, %d fail, %d waived", pass, fail, waived)}
	for _, c := range r.Controls {
		s.lines = append(s.lines, fmt.Sprintf("- %s %s %s", strings.ToUpper(string(c.Status)), c.ID, c.Title))
		s.lines = append(s.lines, "  - source: "+c.Source)
		switch {
		case c.Status == StatusWaived:
			s.lines = append(s.lines, "  - waiver: "+c.Waiver)
		case c.Waiver != "":
			s.lines = append(s.lines, "  - waiver not needed (the control passes; remove it from config): "+c.Waiver)
		}
		for _, f := range c.Findings {
			s.lines = append(s.lines, "  - "+f)
		}
	}
	return s
}
