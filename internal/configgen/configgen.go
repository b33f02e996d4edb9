// Package configgen generates privateaks stack configs from a seed, for
// property tests: the same seed always gives the same config, and the
// configs vary what a user can choose — region (with or without
// availability zones), one to four spokes, address plans, node pools (VM
// sizes, counts, zones, taints, labels, Spot, Windows), DNS mode, Flux mode
// and authentication, firewall and Bastion SKUs, cluster tiers, the opt-outs
// with the waivers they need, namespace access and workload identities.
//
// It aims at configs stackconfig.Load accepts (a test holds it to at least
// 95%), written as a user would write them: only some keys set, the rest
// left to the defaults. It is plain Go and links no Pulumi or Azure SDK.
package configgen

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"

	"github.com/privateaks/privateaks/components/privateaks/clusterspec"
	"github.com/privateaks/privateaks/stacks/stackconfig"
)

// Options tune what is generated.
type Options struct {
	// ManifestsFile and ManifestsVersion, when set, let Flux use mode
	// "manifests" with this install manifest (a path the program reads
	// from its working directory) of this Flux version.
	ManifestsFile    string
	ManifestsVersion string
}

// Generated is one generated stack config.
type Generated struct {
	Seed uint64
	// Raw is the config as the engine hands it to the program.
	Raw stackconfig.Raw
	// Summary names the choices that matter, for reports.
	Summary string
}

// gen holds one generation's random source and choices.
type gen struct {
	r       *rand.Rand
	opts    Options
	summary []string
}

func (g *gen) intn(n int) int            { return g.r.IntN(n) }
func (g *gen) chance(percent int) bool   { return g.r.IntN(100) < percent }
func (g *gen) pick(list []string) string { return list[g.r.IntN(len(list))] }
func (g *gen) note(format string, args ...any) {
	g.summary = append(g.summary, fmt.Sprintf(format, args...))
}

// between returns an integer in [lo, hi].
func (g *gen) between(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

// guid returns a random, well-formed GUID (version 4 layout).
func (g *gen) guid() string {
	b := make([]byte, 16)
	for i := range b {
		b[i] = byte(g.r.UintN(256))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// Generate returns the config of seed.
func Generate(seed uint64, opts Options) Generated {
	g := &gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), opts: opts}
	values := map[string]any{}
	secrets := map[string]string{}
	plain := map[string]string{}

	reg := regions[g.intn(len(regions))]
	g.note("region=%s zones=%v", reg.name, reg.zones)
	prefix := fmt.Sprintf("g%s%d", string(rune('a'+g.intn(26))), g.intn(1000))
	env := g.pick([]string{"dev", "test", "prod", "prod"})
	g.note("env=%s", env)
	plain["location"] = reg.name
	plain["prefix"] = prefix
	plain["environment"] = env
	values["tags"] = map[string]any{"environment": env, "owner": "team-" + prefix}

	// Opt-outs, each with the control it fails (internal/plan controls),
	// and so the waiver it needs. Prod takes them only with
	// allowProdWaivers.
	optOuts := 0
	if env != "prod" {
		optOuts = 60
	} else if g.chance(20) {
		optOuts = 30
		values["allowProdWaivers"] = true
		g.note("allowProdWaivers")
	}
	waive := map[string]string{}
	optOut := func(control, reason string) bool {
		if !g.chance(optOuts) {
			return false
		}
		waive[control] = reason
		return true
	}

	if optOut("PAKS-OPS-03", "resources unprotected so the stack can be torn down") {
		values["protect"] = false
		g.note("protect=false")
	}

	spokeCount := g.between(1, 4)
	keys := pickN(g, spokeKeys, spokeCount)
	hubSpace := g.pick(hubSpaces)
	hub := map[string]any{"addressSpace": hubSpace}
	fw := map[string]any{}
	if optOut("PAKS-NET-06", "the Standard firewall (no IDPS) saves cost here") {
		if g.chance(50) {
			fw["sku"] = "Standard"
		} else {
			fw["idpsMode"] = g.pick([]string{"Alert", "Off"})
		}
	}
	if !reg.zones {
		fw["zones"] = []any{}
	} else if g.chance(20) {
		fw["zones"] = []any{"1", "2"}
	}
	if g.chance(20) {
		fw["extraFqdns"] = []any{"packages.example.com", "*.contoso.example"}
	}
	hub["firewall"] = fw
	hub["bastion"] = map[string]any{"sku": g.pick([]string{"Standard", "Standard", "Premium", "Basic"})}
	if g.chance(15) {
		hub["enableGateway"] = true
	}
	if g.chance(20) {
		ext := externalSpokes[g.intn(len(externalSpokes))]
		hub["externalSpokeAddressSpaces"] = []any{ext.space}
		hub["externalNodeSubnets"] = []any{ext.nodes}
	}
	g.note("firewall=%v bastion=%v", fw["sku"], hub["bastion"])
	values["hub"] = hub

	dns := map[string]any{"mode": g.pick([]string{stackconfig.DNSModeHubAndSpokes, stackconfig.DNSModeHubOnly})}
	if g.chance(15) {
		dns["extraZones"] = []any{"privatelink.blob.core.windows.net"}
	}
	g.note("dns=%s", dns["mode"])
	values["dns"] = dns

	first := spokeFirst[g.intn(len(spokeFirst))]
	spokes := map[string]any{}
	for i, key := range keys {
		spokes[key] = g.spoke(first, i, key, prefix, reg, optOut)
	}
	values["spokes"] = spokes

	flux, fluxSecrets := g.flux(env, optOut)
	values["flux"] = flux
	for k, v := range fluxSecrets {
		if k == "fluxSshPrivateKey" || k == "fluxHttpsToken" {
			secrets[k] = v
		} else {
			plain[k] = v
		}
	}

	if len(waive) > 0 {
		var ws []any
		for _, c := range slices.Sorted(maps.Keys(waive)) {
			ws = append(ws, map[string]any{"control": c, "reason": waive[c]})
		}
		values["waivers"] = ws
		g.note("waivers=%s", strings.Join(slices.Sorted(maps.Keys(waive)), ","))
		// A protected stack (protect unset or true) takes waivers only with
		// allowProdWaivers, whatever its environment is called.
		if values["protect"] != false && values["allowProdWaivers"] == nil {
			values["allowProdWaivers"] = true
			g.note("allowProdWaivers (protected stack with waivers)")
		}
	}

	raw := stackconfig.Raw{Values: map[string]string{"azure-native:location": reg.name}, Secrets: map[string]bool{}}
	for k, v := range plain {
		raw.Values[stackconfig.Namespace+":"+k] = v
	}
	for k, v := range values {
		// Only maps, slices, strings, numbers and bools are built above,
		// which always marshal.
		b, _ := json.Marshal(v)
		raw.Values[stackconfig.Namespace+":"+k] = string(b)
	}
	for k, v := range secrets {
		full := stackconfig.Namespace + ":" + k
		raw.Values[full] = v
		raw.Secrets[full] = true
	}
	return Generated{Seed: seed, Raw: raw, Summary: strings.Join(g.summary, " ")}
}

// spoke generates one spoke: its address plan, cluster and pools.
func (g *gen) spoke(first, i int, key, prefix string, reg region, optOut func(string, string) bool) map[string]any {
	overlay := g.chance(75)
	policies := []string{"azure", "calico"}
	if overlay {
		policies = append(policies, "cilium")
	}
	network := map[string]any{"policy": g.pick(policies)}
	if !overlay {
		network["pluginMode"] = stackconfig.PluginModeNodeSubnet
	} else if g.chance(50) {
		network["podCidr"] = g.pick(podCidrs)
	}
	if g.chance(40) {
		network["serviceCidr"] = g.pick(serviceCidrs)
	}

	cluster := map[string]any{
		"adminGroupObjectIds": []any{g.guid()},
		"network":             network,
	}
	// Pinned, or left to AKS's default (the upgrade channel then moves it).
	version := ""
	if g.chance(80) {
		version = g.pick(KubernetesVersions)
		cluster["kubernetesVersion"] = version
	}
	if g.chance(30) {
		cluster["skuTier"] = "Premium"
	}
	if optOut("PAKS-OPS-02", "no uptime SLA is needed outside production") {
		cluster["skuTier"] = "Free"
	}
	if optOut("PAKS-SEC-03", "Azure Policy audits so teams see violations without being blocked") {
		cluster["policyEffect"] = "Audit"
	}
	if optOut("PAKS-ID-02", "a break-glass local admin while Entra ID is rolled out") {
		cluster["localAccounts"] = true
	}
	nodeHardening := optOut("PAKS-NODE-01", "a managed Ubuntu system pool for a vendor agent")
	if nodeHardening {
		cluster["autoUpgradeChannel"] = g.pick([]string{"none", "patch"})
		cluster["nodeOsUpgradeChannel"] = g.pick([]string{"Unmanaged", "NodeImage"})
	} else {
		if g.chance(40) {
			cluster["autoUpgradeChannel"] = g.pick(autoUpgradeChannels)
		}
		if g.chance(30) {
			cluster["nodeOsUpgradeChannel"] = g.pick(nodeOSUpgradeChannels)
		}
	}
	if g.chance(20) {
		cluster["privateDnsZone"] = clusterspec.APIServerZoneSystem
	}
	if g.chance(10) {
		cluster["runCommand"] = true
	}
	if g.chance(40) {
		cluster["maintenance"] = map[string]any{"day": g.pick(days), "startHour": g.between(0, 23), "durationHours": g.between(4, 8)}
	}
	if g.chance(30) {
		cluster["keyVault"] = map[string]any{"softDeleteRetentionDays": g.between(7, 90)}
	}
	if g.chance(30) {
		cluster["logAnalytics"] = map[string]any{"retentionDays": g.between(30, 730)}
	}

	zones := func() []any {
		if !reg.zones {
			return []any{}
		}
		switch g.intn(4) {
		case 0:
			return []any{"1"}
		case 1:
			return []any{"1", "2"}
		}
		return nil // the default, 1, 2, 3
	}
	var reqs []subnetRequest
	pool := func(name string, system bool) map[string]any {
		p := map[string]any{}
		size := generalSizes[g.intn(len(generalSizes))]
		kind := "linux"
		switch {
		case !system && g.chance(10):
			size, kind = gpuSizes[0], "gpu"
		case !system && g.chance(15):
			size = noTempSizes[g.intn(len(noTempSizes))]
		}
		if system && nodeHardening && g.chance(50) {
			p["osSku"] = "Ubuntu"
		}
		p["vmSize"] = size.name
		minCount := g.between(1, 3)
		if !system {
			minCount = g.between(0, 3)
		}
		maxCount := g.between(max(minCount, 1), max(minCount, 1)+g.intn(8))
		p["minCount"], p["maxCount"] = minCount, maxCount
		maxPods := 110
		if !overlay {
			maxPods = 30
		}
		if g.chance(25) {
			maxPods = g.between(30, 110)
			if !overlay {
				maxPods = g.between(10, 40)
			}
			p["maxPods"] = maxPods
		}
		if z := zones(); z != nil {
			p["zones"] = z
		}
		// An ephemeral OS disk lives on the temp disk; a size without one
		// needs a managed disk.
		switch {
		case size.tempGB == 0:
			p["ephemeralOsDisk"] = false
			p["osDiskSizeGb"] = []int{64, 128}[g.intn(2)]
		case g.chance(40):
			p["osDiskSizeGb"] = min(size.tempGB*8/10, 30+g.intn(100))
		}
		if system && nodeHardening && size.tempGB > 0 && g.chance(30) {
			p["ephemeralOsDisk"] = false
		}
		if !system {
			switch {
			case kind == "gpu":
				p["taints"] = []any{"sku=gpu:NoSchedule"}
				p["labels"] = map[string]any{"accelerator": "nvidia"}
			case g.chance(15):
				p["priority"] = "Spot"
				p["taints"] = []any{"kubernetes.azure.com/scalesetpriority=spot:NoSchedule"}
			case g.chance(40):
				p["taints"] = []any{fmt.Sprintf("tenant=%s:%s", name, g.pick(taintEffects))}
			}
			if g.chance(50) {
				p["labels"] = map[string]any{"workload": name}
			}
		}
		reqs = append(reqs, subnetRequest{name, g.nodeSubnetBits(maxCount, maxPods, !overlay)})
		return p
	}
	cluster["systemPool"] = pool("system", true)
	users := map[string]any{}
	for _, name := range pickN(g, userPoolNames, g.between(0, 3)) {
		users[name] = pool(name, false)
	}
	// Windows pools take the default Windows Server 2022 image, which no
	// Kubernetes minor after WindowsLastMinor offers: they pin that minor.
	if g.chance(15) && (version == "" || version == WindowsLastMinor) {
		version = WindowsLastMinor
		cluster["kubernetesVersion"] = version
		name := g.pick(windowsPoolNames)
		p := pool(name, false)
		p["osType"] = "Windows"
		delete(p, "osSku")
		if p["vmSize"] == gpuSizes[0].name {
			p["vmSize"] = "Standard_D4ds_v5"
			delete(p, "taints")
			delete(p, "labels")
		}
		if p["osDiskSizeGb"] == nil || p["osDiskSizeGb"].(int) < 128 {
			p["osDiskSizeGb"] = 128
			if p["ephemeralOsDisk"] == nil {
				// 128 GB fits only the larger temp disks.
				if vm := p["vmSize"].(string); vm == "Standard_D2ds_v5" {
					p["ephemeralOsDisk"] = false
				}
			}
		}
		users[name] = p
		g.note("windows=%s", name)
	}
	if len(users) > 0 {
		cluster["userPools"] = users
	}
	reqs = append(reqs, subnetRequest{"privateEndpoints", 27}, subnetRequest{"ingress", 28})

	// The smallest spoke size that holds every subnet, sometimes a larger.
	var space string
	var subnets map[string]string
	for _, bits := range spokeBits[g.intn(len(spokeBits)):] {
		if s, ok := allocate(spokeSpace(first, i, bits), reqs); ok {
			space, subnets = spokeSpace(first, i, bits).String(), s
			break
		}
	}
	if subnets == nil {
		space = spokeSpace(first, i, 16).String()
		subnets, _ = allocate(spokeSpace(first, i, 16), reqs)
	}
	cluster["systemPool"].(map[string]any)["subnetPrefix"] = subnets["system"]
	for name, p := range users {
		p.(map[string]any)["subnetPrefix"] = subnets[name]
	}

	if g.chance(60) {
		wis := map[string]any{}
		for _, ns := range pickN(g, namespaces, g.between(1, 2)) {
			wis[fmt.Sprintf("id-%s-%s-%s", prefix, key, ns)] = map[string]any{"serviceAccounts": []any{ns + "/api", ns + "/worker"}[:g.between(1, 2)]}
		}
		cluster["workloadIdentities"] = wis
	}
	if g.chance(50) {
		access := map[string]any{}
		for _, ns := range pickN(g, namespaces, g.between(1, 2)) {
			a := map[string]any{}
			if g.chance(60) {
				a["readers"] = []any{g.guid()}
			}
			if len(a) == 0 || g.chance(60) {
				a["writers"] = []any{g.guid()}
			}
			access[ns] = a
		}
		cluster["namespaceAccess"] = access
	}
	g.note("spoke %s=%s overlay=%v policy=%s pools=%d", key, space, overlay, network["policy"], 1+len(users))
	return map[string]any{
		"addressSpace":          space,
		"privateEndpointSubnet": subnets["privateEndpoints"],
		"ingressSubnet":         subnets["ingress"],
		"cluster":               cluster,
	}
}

// flux generates the Flux settings and the credentials they need.
func (g *gen) flux(env string, optOut func(string, string) bool) (map[string]any, map[string]string) {
	if optOut("PAKS-OPS-01", "GitOps is set up by hand while the repository moves") {
		g.note("flux=off")
		return map[string]any{"enabled": false}, nil
	}
	f := map[string]any{}
	creds := map[string]string{}
	mode := stackconfig.FluxModeExtension
	if g.opts.ManifestsFile != "" && g.chance(35) {
		mode = stackconfig.FluxModeManifests
		f["manifests"] = map[string]any{"file": g.opts.ManifestsFile, "version": g.opts.ManifestsVersion}
	}
	f["mode"] = mode
	auth := g.pick([]string{"none", "https", "ssh", "ssh"})
	if g.chance(8) {
		auth = stackconfig.FluxAuthWorkloadID
	}
	switch auth {
	case "none":
		f["url"] = "https://github.com/contoso/cluster-config"
	case "https":
		f["url"] = "https://github.com/contoso/cluster-config"
		f["auth"] = "https"
		creds["fluxHttpsUsername"] = "git"
		creds["fluxHttpsToken"] = "github_pat_" + strings.ReplaceAll(g.guid(), "-", "")
	case "ssh":
		f["url"] = "ssh://git@github.com/contoso/cluster-config"
		f["auth"] = "ssh"
		creds["fluxSshKnownHosts"] = githubKnownHosts
		creds["fluxSshPrivateKey"] = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + strings.ReplaceAll(g.guid(), "-", "") + "\n-----END OPENSSH PRIVATE KEY-----\n"
	case stackconfig.FluxAuthWorkloadID:
		f["url"] = "https://dev.azure.com/contoso/platform/_git/cluster-config"
		f["auth"] = stackconfig.FluxAuthWorkloadID
	}
	switch g.intn(6) {
	case 0:
		f["tag"] = "v1.4.2"
	case 1:
		f["semver"] = ">=1.0.0 <2.0.0"
	default:
		if g.chance(50) {
			f["branch"] = g.pick([]string{"main", "release/" + env})
		}
	}
	if g.chance(30) {
		f["interval"] = g.pick([]string{"1m", "10m", "1h"})
	}
	if mode == stackconfig.FluxModeExtension && g.chance(25) {
		f["extension"] = map[string]any{"releaseTrain": "stable"}
	}
	if g.chance(70) {
		ks := map[string]any{"infrastructure": map[string]any{"path": "clusters/" + env + "/infrastructure"}}
		if g.chance(60) {
			ks["apps"] = map[string]any{"path": "clusters/" + env + "/apps", "dependsOn": []any{"infrastructure"}, "prune": g.chance(80)}
		}
		f["kustomizations"] = ks
	}
	g.note("flux=%s/%s", mode, auth)
	return f, creds
}

// pickN picks n distinct entries of list, in list order.
func pickN(g *gen, list []string, n int) []string {
	idx := g.r.Perm(len(list))[:min(n, len(list))]
	sort.Ints(idx)
	out := make([]string, len(idx))
	for i, j := range idx {
		out[i] = list[j]
	}
	return out
}
