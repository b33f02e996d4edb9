package stackconfig

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// validRaw is a complete, valid stack in engine form; each case breaks one thing.
func validRaw() Raw {
	return Raw{Values: map[string]string{
		"privateaks:location":    "westeurope",
		"privateaks:prefix":      "paks-test",
		"privateaks:environment": "dev",
		"privateaks:hub":         `{"addressSpace":"10.200.0.0/24"}`,
		"privateaks:spokes": `{"blue":{"addressSpace":"10.240.0.0/16","privateEndpointSubnet":"10.240.250.0/27","ingressSubnet":"10.240.251.0/28",
			"cluster":{"adminGroupObjectIds":["6a1f5c2e-4b7d-4e3a-9c1b-2d8e7f6a5b4c"],
			"systemPool":{"subnetPrefix":"10.240.0.0/24"},
			"userPools":{"apps":{"subnetPrefix":"10.240.4.0/22"}}}}}`,
		"privateaks:flux": `{"url":"https://github.com/org/repo"}`,
	}, Secrets: map[string]bool{}}
}

// edit returns validRaw with one JSON key edited through fn.
func edit(key string, fn func(m map[string]any)) Raw {
	r := validRaw()
	full := "privateaks:" + key
	m := map[string]any{}
	if s, ok := r.Values[full]; ok {
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			panic(err)
		}
	}
	fn(m)
	b, _ := json.Marshal(m)
	r.Values[full] = string(b)
	return r
}

func set(key, value string) Raw {
	r := validRaw()
	r.Values["privateaks:"+key] = value
	return r
}

func setSecret(key, value string, secret bool) Raw {
	r := validRaw()
	r.Values["privateaks:"+key] = value
	r.Secrets["privateaks:"+key] = secret
	return r
}

// path walks nested maps ("blue.cluster.systemPool") creating nothing.
func at(m map[string]any, path string) map[string]any {
	for _, p := range strings.Split(path, ".") {
		m = m[p].(map[string]any)
	}
	return m
}

func spoke(fn func(s map[string]any)) Raw {
	return edit("spokes", func(m map[string]any) { fn(at(m, "blue")) })
}

func cluster(fn func(c map[string]any)) Raw {
	return edit("spokes", func(m map[string]any) { fn(at(m, "blue.cluster")) })
}

func flux(fn func(f map[string]any)) Raw {
	return edit("flux", fn)
}

func TestValidConfigLoads(t *testing.T) {
	c, err := Load(validRaw())
	if err != nil {
		t.Fatal(err)
	}
	if c.Hub.FirewallSubnet != "10.200.0.0/26" || c.Hub.Firewall.Sku != "Premium" || !c.IsProtected() {
		t.Fatalf("defaults not applied: %+v", c.Hub)
	}
	if c.Spokes["blue"].Cluster.Network.DNSServiceIP != "172.16.0.10" || c.Flux.Kustomizations["cluster"].Path != "clusters/dev" {
		t.Fatalf("cluster/flux defaults not applied")
	}
}

func TestValidationRejects(t *testing.T) {
	cases := []struct {
		name string
		raw  Raw
		path string // the key path the error must name
		want string // and a fragment of what is allowed
	}{
		// issue 2: syntax, containment, overlap, size, names, regions, unknown keys
		{"cidr syntax", edit("hub", func(m map[string]any) { m["addressSpace"] = "10.200.0.0/33" }), "hub.addressSpace", "CIDR"},
		{"host bits set", spoke(func(s map[string]any) { s["addressSpace"] = "10.240.0.1/16" }), "spokes.blue.addressSpace", "host bits"},
		{"subnet outside vnet", spoke(func(s map[string]any) { s["ingressSubnet"] = "10.99.0.0/28" }), "spokes.blue.ingressSubnet", "inside spokes.blue.addressSpace"},
		{"hub subnet outside hub", edit("hub", func(m map[string]any) { m["managementSubnet"] = "10.201.0.0/27" }), "hub.managementSubnet", "inside hub.addressSpace"},
		{"firewall subnet too small", edit("hub", func(m map[string]any) { m["firewallSubnet"] = "10.200.0.0/27" }), "hub.firewallSubnet", "/26 or larger"},
		{"bastion subnet too small", edit("hub", func(m map[string]any) { m["bastionSubnet"] = "10.200.0.64/27" }), "hub.bastionSubnet", "/26 or larger"},
		{"hub overlaps spoke", edit("hub", func(m map[string]any) { m["addressSpace"] = "10.240.0.0/16" }), "spokes.blue.addressSpace", "does not overlap hub.addressSpace"},
		{"external spoke overlaps", edit("hub", func(m map[string]any) { m["externalSpokeAddressSpaces"] = []string{"10.240.128.0/17"} }), "hub.externalSpokeAddressSpaces[0]", "does not overlap spokes.blue.addressSpace"},
		{"external node subnet outside every external spoke", edit("hub", func(m map[string]any) {
			m["externalSpokeAddressSpaces"] = []string{"10.250.0.0/16"}
			m["externalNodeSubnets"] = []string{"10.250.0.0/24", "10.251.0.0/24"}
		}), "hub.externalNodeSubnets[1]", "inside one of hub.externalSpokeAddressSpaces"},
		{"external spoke without node subnets", edit("hub", func(m map[string]any) { m["externalSpokeAddressSpaces"] = []string{"10.250.0.0/16"} }), "hub.externalSpokeAddressSpaces[0]", "node subnets listed in hub.externalNodeSubnets"},
		{"spokes overlap", edit("spokes", func(m map[string]any) {
			g := map[string]any{}
			b, _ := json.Marshal(m["blue"])
			_ = json.Unmarshal(b, &g)
			m["green"] = g
		}), "spokes.green.addressSpace", "does not overlap spokes.blue.addressSpace"},
		{"service cidr overlaps vnet", cluster(func(c map[string]any) {
			c["network"] = map[string]any{"serviceCidr": "10.240.0.0/16", "dnsServiceIp": "10.240.0.10"}
		}), "spokes.blue.cluster.network.serviceCidr", "overlaps no VNet"},
		{"pod cidr overlaps hub", cluster(func(c map[string]any) { c["network"] = map[string]any{"podCidr": "10.200.0.0/16"} }), "spokes.blue.cluster.network.podCidr", "overlaps no VNet"},
		{"pod cidr overlaps service cidr", cluster(func(c map[string]any) { c["network"] = map[string]any{"podCidr": "172.16.0.0/12"} }), "spokes.blue.cluster.network.podCidr", "does not overlap serviceCidr"},
		{"subnets overlap in spoke", cluster(func(c map[string]any) { at(c, "userPools.apps")["subnetPrefix"] = "10.240.0.128/25" }), "spokes.blue.cluster.userPools.apps.subnetPrefix", "does not overlap"},
		{"node subnet too small for pool", cluster(func(c map[string]any) {
			at(c, "userPools.apps")["maxCount"] = 100
			at(c, "userPools.apps")["subnetPrefix"] = "10.240.4.0/26"
		}), "spokes.blue.cluster.userPools.apps.subnetPrefix", "at least 101 usable addresses"},
		{"node subnet too small with pod IPs", cluster(func(c map[string]any) {
			c["network"] = map[string]any{"pluginMode": "nodeSubnet"}
			at(c, "systemPool")["maxPods"] = 50
		}), "spokes.blue.cluster.systemPool.subnetPrefix", "x (50 pods + 1)"},
		{"region display name", set("location", "West Europe"), "location", "Azure region name"},
		{"unknown region", set("location", "westeurope2"), "location", "Azure region name"},
		{"bad prefix", set("prefix", "Paks_Dev"), "prefix", "lowercase"},
		{"vnet name chars", spoke(func(s map[string]any) { s["vnetName"] = "vnet blue!" }), "spokes.blue.vnetName", "virtual network"},
		{"resource group name dot", edit("hub", func(m map[string]any) { m["resourceGroupName"] = "rg-hub." }), "hub.resourceGroupName", "not ending in '.'"},
		{"derived nsg name too long", spoke(func(s map[string]any) { s["vnetName"] = "vnet-" + strings.Repeat("b", 59) }), "spokes.blue.vnetName", "derives"},
		{"firewall name too long", edit("hub", func(m map[string]any) { m["firewall"] = map[string]any{"name": strings.Repeat("f", 57)} }), "hub.firewall.name", "1-56"},
		{"unknown top-level key", set("hubb", "{}"), "hubb", "did you mean \"hub\"? a known key"},
		{"unknown nested key", edit("hub", func(m map[string]any) { m["firewall"] = map[string]any{"skuu": "Premium"} }), "hub.firewall.skuu", "a known key here"},
		{"unknown deep key", cluster(func(c map[string]any) { at(c, "userPools.apps")["vmsize"] = "Standard_D4ds_v5" }), "spokes.blue.cluster.userPools.apps.vmsize", "vmSize"},
		{"wrong type", cluster(func(c map[string]any) { at(c, "systemPool")["maxCount"] = "many" }), "spokes.blue.cluster.systemPool.maxCount", "integer"},
		{"malformed json", set("hub", "{not json"), "hub", "valid object"},
		{"firewall sku enum case", edit("hub", func(m map[string]any) { m["firewall"] = map[string]any{"sku": "premium"} }), "hub.firewall.sku", `"Premium"`},
		{"idps with standard", edit("hub", func(m map[string]any) { m["firewall"] = map[string]any{"sku": "Standard", "idpsMode": "Deny"} }), "hub.firewall.idpsMode", "Premium"},
		{"dns mode", edit("dns", func(m map[string]any) { m["mode"] = "spokesOnly" }), "dns.mode", "hubOnly"},
		{"extra zone not privatelink", edit("dns", func(m map[string]any) { m["extraZones"] = []string{"example.com"} }), "dns.extraZones[0]", "privatelink"},
		{"no spokes", set("spokes", "{}"), "spokes", "at least one spoke"},
		{"spoke key", edit("spokes", func(m map[string]any) { m["Blue-1"] = m["blue"]; delete(m, "blue") }), "spokes.Blue-1", "spoke key"},
		{"secret in plain key", setSecret("location", "[secret]", true), "location", "plain value"},
		// issue 3: cluster
		{"admin groups required", cluster(func(c map[string]any) { delete(c, "adminGroupObjectIds") }), "spokes.blue.cluster.adminGroupObjectIds", "while local accounts are disabled"},
		{"admin group not a guid", cluster(func(c map[string]any) { c["adminGroupObjectIds"] = []string{"platform-admins"} }), "spokes.blue.cluster.adminGroupObjectIds[0]", "GUID"},
		{"dns service ip outside service cidr", cluster(func(c map[string]any) { c["network"] = map[string]any{"dnsServiceIp": "10.0.0.10"} }), "spokes.blue.cluster.network.dnsServiceIp", "inside serviceCidr"},
		{"dns service ip is .1", cluster(func(c map[string]any) { c["network"] = map[string]any{"dnsServiceIp": "172.16.0.1"} }), "spokes.blue.cluster.network.dnsServiceIp", "first address"},
		{"maxPods too high", cluster(func(c map[string]any) { at(c, "systemPool")["maxPods"] = 251 }), "spokes.blue.cluster.systemPool.maxPods", "10 to 250"},
		{"maxPods too low", cluster(func(c map[string]any) { at(c, "userPools.apps")["maxPods"] = 5 }), "spokes.blue.cluster.userPools.apps.maxPods", "10 to 250"},
		{"k8s version with patch", cluster(func(c map[string]any) { c["kubernetesVersion"] = "1.30.4" }), "spokes.blue.cluster.kubernetesVersion", "major.minor"},
		{"k8s version garbage", cluster(func(c map[string]any) { c["kubernetesVersion"] = "latest" }), "spokes.blue.cluster.kubernetesVersion", "major.minor"},
		{"zones invalid", cluster(func(c map[string]any) { at(c, "systemPool")["zones"] = []string{"1", "4"} }), "spokes.blue.cluster.systemPool.zones", "availability zones"},
		{"zones in a region without zones", func() Raw {
			r := set("location", "westcentralus")
			r.Values["privateaks:spokes"] = strings.Replace(r.Values["privateaks:spokes"], `"systemPool":{`, `"systemPool":{"zones":["1","2"],`, 1)
			return r
		}(), "spokes.blue.cluster.systemPool.zones", "westcentralus has no availability zones"},
		{"node-image upgrades with another node OS channel", cluster(func(c map[string]any) {
			c["autoUpgradeChannel"] = "node-image"
			c["nodeOsUpgradeChannel"] = "SecurityPatch"
		}), "spokes.blue.cluster.nodeOsUpgradeChannel", "\"NodeImage\" with autoUpgradeChannel \"node-image\""},
		{"ephemeral OS disk larger than the VM size holds", cluster(func(c map[string]any) {
			at(c, "systemPool")["vmSize"] = "Standard_D2ds_v5"
			at(c, "systemPool")["osDiskSizeGb"] = 128
		}), "spokes.blue.cluster.systemPool.osDiskSizeGb", "ephemeral OS disk on Standard_D2ds_v5"},
		{"zones duplicated", cluster(func(c map[string]any) { at(c, "userPools.apps")["zones"] = []string{"1", "1"} }), "spokes.blue.cluster.userPools.apps.zones", "distinct"},
		{"vm size malformed", cluster(func(c map[string]any) { at(c, "systemPool")["vmSize"] = "D4ds_v5" }), "spokes.blue.cluster.systemPool.vmSize", "VM size"},
		{"registry name hyphen", cluster(func(c map[string]any) { c["registry"] = map[string]any{"name": "acr-paks"} }), "spokes.blue.cluster.registry.name", "5-50"},
		{"registry name too short", cluster(func(c map[string]any) { c["registry"] = map[string]any{"name": "acr"} }), "spokes.blue.cluster.registry.name", "5-50"},
		{"key vault name too long", cluster(func(c map[string]any) { c["keyVault"] = map[string]any{"name": "kv-this-name-is-far-too-long"} }), "spokes.blue.cluster.keyVault.name", "3-24"},
		{"key vault double hyphen", cluster(func(c map[string]any) { c["keyVault"] = map[string]any{"name": "kv--paks"} }), "spokes.blue.cluster.keyVault.name", "single '-'"},
		// issue 15, item 4: purge protection is a named opt-out only where nothing is protected
		{"purge protection off in a protected stack", cluster(func(c map[string]any) { c["keyVault"] = map[string]any{"purgeProtection": false} }), "spokes.blue.cluster.keyVault.purgeProtection", "allowed only with protect: false"},
		{"purge protection off with protect true", func() Raw {
			r := cluster(func(c map[string]any) { c["keyVault"] = map[string]any{"purgeProtection": false} })
			r.Values["privateaks:protect"] = "true"
			return r
		}(), "spokes.blue.cluster.keyVault.purgeProtection", "allowed only with protect: false"},
		{"pool name too long", cluster(func(c map[string]any) { at(c, "userPools")["workloadpool01"] = at(c, "userPools.apps") }), "spokes.blue.cluster.userPools.workloadpool01", "1-12"},
		{"system pool spot", cluster(func(c map[string]any) { at(c, "systemPool")["priority"] = "Spot" }), "spokes.blue.cluster.systemPool.priority", "Regular"},
		{"taint malformed", cluster(func(c map[string]any) { at(c, "userPools.apps")["taints"] = []string{"gpu:NoSchedule"} }), "spokes.blue.cluster.userPools.apps.taints[0]", "key=value:Effect"},
		{"maintenance too short", cluster(func(c map[string]any) { c["maintenance"] = map[string]any{"durationHours": 2} }), "spokes.blue.cluster.maintenance.durationHours", "4 to 24"},
		{"policy effect", cluster(func(c map[string]any) { c["policyEffect"] = "Disabled" }), "spokes.blue.cluster.policyEffect", `"Audit"`},
		{"workload identity sa", cluster(func(c map[string]any) {
			c["workloadIdentities"] = map[string]any{"id-app": map[string]any{"serviceAccounts": []string{"Payments/API"}}}
		}), "spokes.blue.cluster.workloadIdentities.id-app.serviceAccounts[0]", "namespace/name"},
		// issue 12 (access): the vault role of a workload identity and the secrets officer groups
		{"workload identity vault role", cluster(func(c map[string]any) {
			c["workloadIdentities"] = map[string]any{"id-app": map[string]any{"serviceAccounts": []string{"apps/api"}, "keyVaultRole": "secretsOfficer"}}
		}), "spokes.blue.cluster.workloadIdentities.id-app.keyVaultRole", `"secretsUser"`},
		{"workload identity vault role case", cluster(func(c map[string]any) {
			c["workloadIdentities"] = map[string]any{"id-app": map[string]any{"serviceAccounts": []string{"apps/api"}, "keyVaultRole": "None"}}
		}), "spokes.blue.cluster.workloadIdentities.id-app.keyVaultRole", `"none"`},
		{"secrets officer group not a guid", cluster(func(c map[string]any) {
			c["keyVault"] = map[string]any{"secretsOfficerGroups": []string{"platform-ops"}}
		}),
			"spokes.blue.cluster.keyVault.secretsOfficerGroups[0]", "GUID"},
		{"secrets officer groups not a list", cluster(func(c map[string]any) {
			c["keyVault"] = map[string]any{"secretsOfficerGroups": "6a1f5c2e-4b7d-4e3a-9c1b-2d8e7f6a5b4c"}
		}),
			"spokes.blue.cluster.keyVault.secretsOfficerGroups", "list"},
		{"duplicate registry across spokes", edit("spokes", func(m map[string]any) {
			g := map[string]any{}
			b, _ := json.Marshal(m["blue"])
			_ = json.Unmarshal(b, &g)
			g["addressSpace"], g["privateEndpointSubnet"], g["ingressSubnet"] = "10.241.0.0/16", "10.241.250.0/27", "10.241.251.0/28"
			at(g, "cluster")["registry"] = map[string]any{"name": "acrshared01"}
			at(g, "cluster.systemPool")["subnetPrefix"] = "10.241.0.0/24"
			at(g, "cluster.userPools.apps")["subnetPrefix"] = "10.241.4.0/22"
			at(m, "blue.cluster")["registry"] = map[string]any{"name": "acrshared01"}
			m["green"] = g
		}), "spokes.green.cluster.registry.name", "not already used"},
		// issue 4: flux
		{"git url malformed", flux(func(f map[string]any) { f["url"] = "github.com/org/repo" }), "flux.url", "https:// or ssh://"},
		{"git scp-like url", flux(func(f map[string]any) { f["url"] = "git@github.com:org/repo.git" }), "flux.url", "scp-like"},
		{"ssh url without key", flux(func(f map[string]any) { f["url"] = "ssh://git@github.com/org/repo"; f["auth"] = "ssh" }), "fluxSshPrivateKey", "SSH private key"},
		{"ssh url with https auth", flux(func(f map[string]any) { f["url"] = "ssh://git@github.com/org/repo" }), "flux.auth", `"ssh" for an ssh:// URL`},
		{"credential in plain config", func() Raw {
			r := flux(func(f map[string]any) { f["auth"] = "https" })
			r.Values["privateaks:fluxHttpsUsername"] = "git"
			r.Values["privateaks:fluxHttpsToken"] = "ghp_plaintexttoken"
			return r
		}(), "fluxHttpsToken", "secret value"},
		{"credential in url", flux(func(f map[string]any) { f["url"] = "https://user:tok@github.com/org/repo" }), "flux.url", "no credentials in the URL"},
		{"credential in a url without a repository path", flux(func(f map[string]any) { f["url"] = "https://user:ghp_plaintexttoken@github.com" }), "flux.url", "with a host and repository path"},
		{"unknown mode", flux(func(f map[string]any) { f["mode"] = "helm" }), "flux.mode", `"manifests"`},
		{"manifests without source", flux(func(f map[string]any) { f["mode"] = "manifests"; f["manifests"] = map[string]any{"version": "v2.4.0"} }), "flux.manifests.file", "pinned Flux install manifest"},
		{"manifests from url", flux(func(f map[string]any) {
			f["mode"] = "manifests"
			f["manifests"] = map[string]any{"version": "v2.4.0", "file": "https://github.com/fluxcd/flux2/releases/download/v2.4.0/install.yaml"}
		}), "flux.manifests.file", "not a URL"},
		{"extension version", flux(func(f map[string]any) { f["extension"] = map[string]any{"version": "latest"} }), "flux.extension.version", "1.16.8"},
		{"extension settings in manifests mode", flux(func(f map[string]any) {
			f["mode"] = "manifests"
			f["manifests"] = map[string]any{"version": "v2.4.0", "file": "flux/gotk.yaml"}
			f["extension"] = map[string]any{"releaseTrain": "stable"}
		}), "flux.extension", "unless mode is"},
		{"interval does not parse", flux(func(f map[string]any) { f["interval"] = "5 minutes" }), "flux.interval", "Go duration"},
		{"kustomization interval", flux(func(f map[string]any) {
			f["kustomizations"] = map[string]any{"apps": map[string]any{"path": "apps", "interval": "1h30"}}
		}), "flux.kustomizations.apps.interval", "Go duration"},
		{"two git refs", flux(func(f map[string]any) { f["branch"] = "main"; f["tag"] = "v1.0.0" }), "flux.branch", "exactly one"},
		{"kustomization path escapes", flux(func(f map[string]any) {
			f["kustomizations"] = map[string]any{"apps": map[string]any{"path": "../other"}}
		}), "flux.kustomizations.apps.path", "relative path"},
		{"kustomization cycle", flux(func(f map[string]any) {
			f["kustomizations"] = map[string]any{"a": map[string]any{"path": "a", "dependsOn": []string{"b"}}, "b": map[string]any{"path": "b", "dependsOn": []string{"a"}}}
		}), "flux.kustomizations", "without cycles"},
		{"workload identity on github", flux(func(f map[string]any) { f["auth"] = "workloadIdentity" }), "flux.auth", "Azure DevOps"},
		// issue 5: waivers
		{"waiver in prod", func() Raw {
			r := set("environment", "prod")
			r.Values["privateaks:waivers"] = `[{"control":"PAKS-NET-01","reason":"migration window until March"}]`
			return r
		}(), "waivers[0].control", "allowProdWaivers"},
		{"waiver in a protected stack not called prod", func() Raw {
			r := set("environment", "production")
			r.Values["privateaks:waivers"] = `[{"control":"PAKS-NET-01","reason":"migration window until March"}]`
			return r
		}(), "waivers[0].control", "no waivers in a protected stack"},
		{"waiver of unknown control", set("waivers", `[{"control":"PAKS-XYZ-99","reason":"we do not need this one"}]`), "waivers[0].control", "baseline control IDs"},
		{"waiver without reason", set("waivers", `[{"control":"PAKS-NET-01","reason":""}]`), "waivers[0].reason", "at least 10 characters"},
		{"ack unknown field", set("acknowledgeReplacement", `["spokes.blue.cluster.name"]`), "acknowledgeReplacement[0]", "replacing cluster fields"},
	}
	seen := map[string]bool{}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if seen[tc.name] {
				t.Fatal("duplicate case name")
			}
			seen[tc.name] = true
			_, err := Load(tc.raw)
			if err == nil {
				t.Fatalf("accepted; want an error at %s", tc.path)
			}
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error is %T, want *ValidationError", err)
			}
			found := false
			for _, e := range ve.Errors {
				var fe *FieldError
				if errors.As(e, &fe) && fe.Path == tc.path && strings.Contains(fe.Allowed, tc.want) {
					found = true
				}
			}
			if !found {
				t.Fatalf("no error at %s containing %q; got:\n%v", tc.path, tc.want, err)
			}
			if strings.Contains(err.Error(), "ghp_plaintexttoken") {
				t.Fatal("error message leaks a credential")
			}
		})
	}
	if len(cases) < 25 {
		t.Fatalf("only %d cases", len(cases))
	}
}

// Every problem is reported at once, not the first.
func TestValidationReportsAllProblems(t *testing.T) {
	r := validRaw()
	r.Values["privateaks:location"] = "mars"
	r.Values["privateaks:hub"] = `{"addressSpace":"10.200.0.0/24","firewallSubnet":"10.200.0.0/28","extra":1}`
	r.Values["privateaks:flux"] = `{"url":"ftp://x","interval":"soon"}`
	_, err := Load(r)
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("got %v", err)
	}
	// The hub failed to decode (unknown key), so its own value errors are
	// not reported as noise; location and the two flux problems are.
	paths := map[string]bool{}
	for _, e := range ve.Errors {
		var fe *FieldError
		if errors.As(e, &fe) {
			paths[fe.Path] = true
		}
	}
	for _, p := range []string{"location", "hub.extra", "flux.url", "flux.interval"} {
		if !paths[p] {
			t.Errorf("missing %s in %v", p, paths)
		}
	}
}

func TestSecretCredentialAccepted(t *testing.T) {
	r := flux(func(f map[string]any) { f["url"] = "ssh://git@github.com/org/repo"; f["auth"] = "ssh" })
	r.Values["privateaks:fluxSshPrivateKey"] = "[secret]"
	r.Secrets["privateaks:fluxSshPrivateKey"] = true
	r.Values["privateaks:fluxSshKnownHosts"] = "github.com ssh-ed25519 AAAA"
	c, err := Load(r)
	if err != nil {
		t.Fatal(err)
	}
	if c.Secrets.FluxSSHPrivateKey == nil || !c.Secrets.FluxSSHPrivateKey.Secret {
		t.Fatal("secret not carried with its secretness")
	}
	if strings.Contains(c.Secrets.String(), "[secret]") {
		t.Fatal("Secrets.String prints a value")
	}
}

func TestVaultAccessKeysAcceptedAndDefaulted(t *testing.T) {
	c, err := Load(cluster(func(c map[string]any) {
		c["keyVault"] = map[string]any{"secretsOfficerGroups": []string{"6a1f5c2e-4b7d-4e3a-9c1b-2d8e7f6a5b4c"}}
		c["workloadIdentities"] = map[string]any{
			"id-app":  map[string]any{"serviceAccounts": []string{"apps/api"}},
			"id-sync": map[string]any{"serviceAccounts": []string{"apps/sync"}, "keyVaultRole": "none"},
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	cl := c.Spokes["blue"].Cluster
	if got := cl.WorkloadIdentities["id-app"].KeyVaultRole; got != KeyVaultRoleSecretsUser {
		t.Errorf("default keyVaultRole %q, want %q", got, KeyVaultRoleSecretsUser)
	}
	if got := cl.WorkloadIdentities["id-sync"].KeyVaultRole; got != KeyVaultRoleNone {
		t.Errorf("keyVaultRole %q, want the user's %q", got, KeyVaultRoleNone)
	}
	if len(cl.KeyVault.SecretsOfficerGroups) != 1 {
		t.Errorf("secretsOfficerGroups %v", cl.KeyVault.SecretsOfficerGroups)
	}
}

func TestWithDefaultsKeepsUserValuesAndCopies(t *testing.T) {
	c, err := Decode(validRaw())
	if err != nil {
		t.Fatal(err)
	}
	c.Hub.Firewall.Sku = "Standard"
	s := c.Spokes["blue"]
	p := s.Cluster.UserPools["apps"]
	p.Labels = map[string]string{"workload": "apps"}
	s.Cluster.UserPools["apps"] = p
	c.Spokes["blue"] = s
	d := WithDefaults(c)
	if d.Hub.Firewall.Sku != "Standard" || d.Hub.Firewall.IdpsMode != "" {
		t.Fatal("a user value was overwritten")
	}
	d.Spokes["blue"].Cluster.UserPools["apps"].Labels["x"] = "y"
	if _, leaked := c.Spokes["blue"].Cluster.UserPools["apps"].Labels["x"]; leaked {
		t.Fatal("WithDefaults shares maps with its input")
	}
	if WithDefaults(d).Spokes["blue"].Cluster.Registry.Name != d.Spokes["blue"].Cluster.Registry.Name {
		t.Fatal("defaults are not idempotent")
	}
}

func TestRealisticDerivedNamesAreValid(t *testing.T) {
	// A long prefix and spoke key must still derive valid names.
	r := validRaw()
	r.Values["privateaks:prefix"] = "platform-eu-prod"
	if _, err := Load(r); err != nil {
		t.Fatal(err)
	}
}

// TestPurgeProtectionOptOut: the opt-out loads where nothing is protected,
// stays on by default, and an explicit true changes nothing.
func TestPurgeProtectionOptOut(t *testing.T) {
	r := cluster(func(c map[string]any) { c["keyVault"] = map[string]any{"purgeProtection": false} })
	r.Values["privateaks:protect"] = "false"
	c, err := Load(r)
	if err != nil {
		t.Fatalf("purgeProtection: false with protect: false should load: %v", err)
	}
	if c.Spokes["blue"].Cluster.KeyVault.PurgeProtected() {
		t.Fatal("purgeProtection: false was not kept")
	}
	d, err := Load(validRaw())
	if err != nil {
		t.Fatal(err)
	}
	if !d.Spokes["blue"].Cluster.KeyVault.PurgeProtected() {
		t.Fatal("purge protection must default to on")
	}
	e, err := Load(cluster(func(c map[string]any) { c["keyVault"] = map[string]any{"purgeProtection": true} }))
	if err != nil || !e.Spokes["blue"].Cluster.KeyVault.PurgeProtected() {
		t.Fatalf("explicit purgeProtection: true: %v", err)
	}
}

// In a region without availability zones the pools and the firewall default
// to regional; a small VM size's ephemeral OS disk defaults to what its temp
// disk holds (Standard_D2ds_v5: 75 GiB) rather than the 80 GB baseline.
func TestDefaultsFollowRegionAndVMSize(t *testing.T) {
	r := set("location", "westcentralus")
	r.Values["privateaks:spokes"] = strings.Replace(r.Values["privateaks:spokes"], `"systemPool":{`, `"systemPool":{"vmSize":"Standard_D2ds_v5",`, 1)
	c, err := Load(r)
	if err != nil {
		t.Fatal(err)
	}
	cl := c.Spokes["blue"].Cluster
	if len(c.Hub.Firewall.Zones) != 0 || len(cl.SystemPool.Zones) != 0 || len(cl.UserPools["apps"].Zones) != 0 {
		t.Errorf("zones in westcentralus: firewall %v system %v apps %v", c.Hub.Firewall.Zones, cl.SystemPool.Zones, cl.UserPools["apps"].Zones)
	}
	if cl.SystemPool.OSDiskSizeGB != 75 || cl.UserPools["apps"].OSDiskSizeGB != DefaultOSDiskSizeGB {
		t.Errorf("OS disk: system (D2ds_v5) %d, apps %d", cl.SystemPool.OSDiskSizeGB, cl.UserPools["apps"].OSDiskSizeGB)
	}
	z, err := Load(validRaw())
	if err != nil {
		t.Fatal(err)
	}
	if got := z.Spokes["blue"].Cluster.SystemPool.Zones; len(got) != 3 {
		t.Errorf("westeurope system pool zones %v, want 1, 2, 3", got)
	}
}

// A stack file with many independent mistakes — misspelt keys, values of
// the wrong type (an unquoted version, a single value for a list) and wrong
// values — gets every one of them in one run, shape and value errors
// together, each with its full key path.
func TestManyMistakesInOneRound(t *testing.T) {
	r := validRaw()
	r.Values["privateaks:hub"] = `{"addressSpace":"10.200.0.0/24","firewal":{},"firewall":{"sku":"premium","idpsMode":"deny"},"bastion":{"sku":"basic"}}`
	r.Values["privateaks:spokes"] = `{"blue":{"addressSpace":"10.240.0.0/16","privateEndpointSubnet":"10.240.250.0/27","ingressSubnet":"10.240.251.0/28",
		"cluster":{"kubernetesVersion":1.3,"adminGroupObjectIds":"6a1f5c2e-4b7d-4e3a-9c1b-2d8e7f6a5b4c","skuTier":"standard",
		"systemPool":{"subnetPrefix":"10.240.0.0/24","maxCount":"three","vmsize":"Standard_D4ds_v5"},
		"userPools":{"apps":{"subnetPrefix":"10.240.4.0/22","priority":"spot"}}}}}`
	r.Values["privateaks:dns"] = `{"mode":"hubonly"}`
	_, err := Load(r)
	if err == nil {
		t.Fatal("accepted")
	}
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("not a ValidationError: %v", err)
	}
	want := map[string]string{
		"hub.firewal":                                 "a known key here",
		"hub.firewall.sku":                            "one of \"Premium\", \"Standard\"",
		"hub.firewall.idpsMode":                       "one of \"Alert\", \"Deny\", \"Off\"",
		"hub.bastion.sku":                             "Standard",
		"spokes.blue.cluster.kubernetesVersion":       "write it in quotes",
		"spokes.blue.cluster.adminGroupObjectIds":     "write a list",
		"spokes.blue.cluster.skuTier":                 "Standard",
		"spokes.blue.cluster.systemPool.maxCount":     "integer",
		"spokes.blue.cluster.systemPool.vmsize":       "a known key here",
		"spokes.blue.cluster.userPools.apps.priority": "Spot",
		"dns.mode": "hubAndSpokes",
	}
	got := map[string]string{}
	for _, e := range ve.Errors {
		var fe *FieldError
		if errors.As(e, &fe) {
			got[fe.Path] += e.Error()
		}
	}
	for path, frag := range want {
		if !strings.Contains(got[path], frag) {
			t.Errorf("%s: want an error containing %q in the same run; got %q\nall: %v", path, frag, got[path], err)
		}
	}
	t.Logf("%d problems in one run:\n%v", len(ve.Errors), err)
}
