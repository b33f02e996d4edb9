package stackconfig

import (
	"errors"
	"strings"
	"testing"

	"github.com/privateaks/privateaks/components/jumpbox/jumpboxspec"
)

const validSSHKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOQfTdg9Kab6Vt5OcP3ZL2wcoefoh6slMHYmGc9A1giO test"

// runners edits hub.runners of validRaw, enabled with a valid key first.
func runners(fn func(r map[string]any)) Raw {
	return edit("hub", func(m map[string]any) {
		r := map[string]any{"enabled": true, "sshPublicKey": validSSHKey}
		m["runners"] = r
		fn(r)
	})
}

func githubRunner(fn func(reg map[string]any)) Raw {
	return runners(func(r map[string]any) {
		reg := map[string]any{"kind": "githubActions", "url": "https://github.com/org", "keyVaultSpoke": "blue", "tokenSecretName": "gh-token"}
		r["runner"] = reg
		fn(reg)
	})
}

type edgeCase struct {
	name string
	raw  Raw
	path string
	want string
}

func checkRejects(t *testing.T, cases []edgeCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(tc.raw)
			if err == nil {
				t.Fatalf("accepted; want an error at %s", tc.path)
			}
			var found bool
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				var fe *FieldError
				if errors.As(e, &fe) && fe.Path == tc.path && strings.Contains(fe.Allowed, tc.want) {
					found = true
				}
			}
			if !found {
				t.Fatalf("no error at %s containing %q; got:\n%v", tc.path, tc.want, err)
			}
		})
	}
}

func TestRunnersValidation(t *testing.T) {
	if _, err := Load(githubRunner(func(map[string]any) {})); err != nil {
		t.Fatalf("valid runners refused: %v", err)
	}
	c, err := Load(runners(func(map[string]any) {}))
	if err != nil {
		t.Fatal(err)
	}
	r := c.Hub.Runners
	if r.Name != "vmss-paks-test-runners" || r.VMSize != jumpboxspec.DefaultVMSize || r.Capacity == nil || *r.Capacity != 1 || len(r.Zones) != 3 || r.AdminUsername != "azureuser" {
		t.Fatalf("defaults not applied: %+v", r)
	}
	checkRejects(t, []edgeCase{
		{"no ssh key", runners(func(r map[string]any) { delete(r, "sshPublicKey") }), "hub.runners.sshPublicKey", "OpenSSH public key"},
		{"private key pasted", runners(func(r map[string]any) { r["sshPublicKey"] = "-----BEGIN OPENSSH PRIVATE KEY-----" }), "hub.runners.sshPublicKey", "OpenSSH public key"},
		{"capacity negative", runners(func(r map[string]any) { r["capacity"] = -1 }), "hub.runners.capacity", "0 to 1000"},
		{"capacity over the scale set limit", runners(func(r map[string]any) { r["capacity"] = 1001 }), "hub.runners.capacity", "0 to 1000"},
		{"reserved admin", runners(func(r map[string]any) { r["adminUsername"] = "admin" }), "hub.runners.adminUsername", "other than root"},
		{"bad vm size", runners(func(r map[string]any) { r["vmSize"] = "D2ds_v5" }), "hub.runners.vmSize", "VM size"},
		{"bad zone", runners(func(r map[string]any) { r["zones"] = []string{"4"} }), "hub.runners.zones", "availability zones"},
		{"bad name", runners(func(r map[string]any) { r["name"] = "-runners" }), "hub.runners.name", "scale set name"},
		{"deploy roles without manifests mode", runners(func(r map[string]any) { r["deployRoles"] = true }), "hub.runners.deployRoles", "manifests"},
		{"unknown runner kind", githubRunner(func(reg map[string]any) { reg["kind"] = "jenkins" }), "hub.runners.runner.kind", "githubActions"},
		{"runner keys without kind", githubRunner(func(reg map[string]any) { delete(reg, "kind") }), "hub.runners.runner.kind", "when the other runner keys are set"},
		{"github url not github", githubRunner(func(reg map[string]any) { reg["url"] = "https://gitlab.com/org" }), "hub.runners.runner.url", "https://github.com/<org>"},
		{"github url with http", githubRunner(func(reg map[string]any) { reg["url"] = "http://github.com/org" }), "hub.runners.runner.url", "https://github.com/<org>"},
		{"pipelines url", githubRunner(func(reg map[string]any) { reg["kind"] = "azurePipelines"; reg["url"] = "https://github.com/org" }), "hub.runners.runner.url", "https://dev.azure.com/<organization>"},
		{"pool on github", githubRunner(func(reg map[string]any) { reg["pool"] = "Default" }), "hub.runners.runner.pool", "unset for GitHub Actions"},
		{"labels on pipelines", githubRunner(func(reg map[string]any) {
			reg["kind"] = "azurePipelines"
			reg["url"] = "https://dev.azure.com/org"
			reg["labels"] = []string{"x"}
		}), "hub.runners.runner.labels", "unset for Azure Pipelines"},
		{"bad label", githubRunner(func(reg map[string]any) { reg["labels"] = []string{"a b"} }), "hub.runners.runner.labels[0]", "letters, digits"},
		{"vault spoke unknown", githubRunner(func(reg map[string]any) { reg["keyVaultSpoke"] = "green" }), "hub.runners.runner.keyVaultSpoke", "one of the spokes"},
		{"secret name", githubRunner(func(reg map[string]any) { reg["tokenSecretName"] = "gh_token" }), "hub.runners.runner.tokenSecretName", "Key Vault secret name"},
	})
}

func resolver(fn func(r map[string]any)) Raw {
	return edit("hub", func(m map[string]any) {
		r := map[string]any{"enabled": true, "forwarding": []any{map[string]any{"domain": "corp.contoso.com", "targetDnsServers": []string{"192.168.10.4"}}}}
		m["dnsResolver"] = r
		fn(r)
	})
}

func rule0(r map[string]any) map[string]any { return r["forwarding"].([]any)[0].(map[string]any) }

func TestResolverValidation(t *testing.T) {
	c, err := Load(resolver(func(map[string]any) {}))
	if err != nil {
		t.Fatalf("valid resolver refused: %v", err)
	}
	if r := c.Hub.DNSResolver; r.InboundSubnet != "10.200.0.160/28" || r.OutboundSubnet != "10.200.0.176/28" || r.Name != "dnspr-paks-test-hub" {
		t.Fatalf("defaults: %+v", r)
	}
	checkRejects(t, []edgeCase{
		{"inbound too small", resolver(func(r map[string]any) { r["inboundSubnet"] = "10.200.0.160/29" }), "hub.dnsResolver.inboundSubnet", "/28 or larger"},
		{"outbound too small", resolver(func(r map[string]any) { r["outboundSubnet"] = "10.200.0.176/29" }), "hub.dnsResolver.outboundSubnet", "/28 or larger"},
		{"inbound too large", edit("hub", func(m map[string]any) {
			m["addressSpace"] = "10.200.0.0/22"
			m["dnsResolver"] = map[string]any{"enabled": true, "inboundSubnet": "10.200.2.0/23"}
		}), "hub.dnsResolver.inboundSubnet", "at most a /24"},
		{"inbound outside hub", resolver(func(r map[string]any) { r["inboundSubnet"] = "10.201.0.0/28" }), "hub.dnsResolver.inboundSubnet", "inside hub.addressSpace"},
		{"inbound overlaps management", resolver(func(r map[string]any) { r["inboundSubnet"] = "10.200.0.128/28" }), "hub.dnsResolver.inboundSubnet", "does not overlap hub.managementSubnet"},
		{"endpoints share a subnet", resolver(func(r map[string]any) { r["outboundSubnet"] = "10.200.0.160/28" }), "hub.dnsResolver.outboundSubnet", "does not overlap hub.dnsResolver.inboundSubnet"},
		{"forwarding while disabled", resolver(func(r map[string]any) { r["enabled"] = false }), "hub.dnsResolver.enabled", "true when forwarding rules are set"},
		{"bad domain", resolver(func(r map[string]any) { rule0(r)["domain"] = "corp" }), "hub.dnsResolver.forwarding[0].domain", "DNS domain"},
		{"privatelink forwarded away", resolver(func(r map[string]any) { rule0(r)["domain"] = "privatelink.vaultcore.azure.net" }), "hub.dnsResolver.forwarding[0].domain", "privatelink zones resolve in Azure"},
		{"duplicate domain", resolver(func(r map[string]any) {
			r["forwarding"] = append(r["forwarding"].([]any), map[string]any{"domain": "corp.contoso.com.", "targetDnsServers": []string{"192.168.10.5"}})
		}), "hub.dnsResolver.forwarding[1].domain", "no other rule forwards"},
		{"no targets", resolver(func(r map[string]any) { rule0(r)["targetDnsServers"] = []string{} }), "hub.dnsResolver.forwarding[0].targetDnsServers", "1 to 6"},
		{"seven targets", resolver(func(r map[string]any) {
			rule0(r)["targetDnsServers"] = []string{"10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6", "10.0.0.7"}
		}), "hub.dnsResolver.forwarding[0].targetDnsServers", "1 to 6"},
		{"target not an IP", resolver(func(r map[string]any) { rule0(r)["targetDnsServers"] = []string{"dns1.corp.contoso.com"} }), "hub.dnsResolver.forwarding[0].targetDnsServers[0]", "IPv4 address"},
		{"target port zero", resolver(func(r map[string]any) { rule0(r)["targetDnsServers"] = []string{"10.0.0.1:0"} }), "hub.dnsResolver.forwarding[0].targetDnsServers[0]", "IPv4 address"},
	})
}

func appGateway(fn func(g map[string]any)) Raw {
	return spoke(func(s map[string]any) {
		g := map[string]any{"enabled": true, "subnet": "10.240.252.0/24", "privateIp": "10.240.252.10", "backendIp": "10.240.251.4",
			"listeners": map[string]any{"shop": map[string]any{"hostname": "shop.contoso.com", "certificateSecretName": "shop-cert", "public": true}}}
		s["appGateway"] = g
		fn(g)
	})
}

func shop(g map[string]any) map[string]any {
	return g["listeners"].(map[string]any)["shop"].(map[string]any)
}

func TestAppGatewayValidation(t *testing.T) {
	c, err := Load(appGateway(func(map[string]any) {}))
	if err != nil {
		t.Fatalf("valid gateway refused: %v", err)
	}
	g := c.Spokes["blue"].AppGateway
	if g.Name != "agw-paks-test-blue" || g.WAFMode != WAFModePrevention || g.MinCapacity == nil || *g.MinCapacity != 2 || g.MaxCapacity != 10 || len(g.Zones) != 3 || g.ProbePath != "/healthz" {
		t.Fatalf("defaults: %+v", g)
	}
	p := "spokes.blue.appGateway"
	checkRejects(t, []edgeCase{
		{"subnet missing", appGateway(func(g map[string]any) { delete(g, "subnet") }), p + ".subnet", "/26 or larger"},
		{"subnet too small", appGateway(func(g map[string]any) { g["subnet"] = "10.240.252.0/27"; g["privateIp"] = "10.240.252.10" }), p + ".subnet", "/26 or larger"},
		{"subnet outside spoke", appGateway(func(g map[string]any) { g["subnet"] = "10.99.0.0/24" }), p + ".subnet", "inside spokes.blue.addressSpace"},
		{"subnet overlaps ingress", appGateway(func(g map[string]any) { g["subnet"] = "10.240.251.0/24" }), p + ".subnet", "does not overlap spokes.blue.ingressSubnet"},
		{"private ip outside subnet", appGateway(func(g map[string]any) { g["privateIp"] = "10.240.1.10" }), p + ".privateIp", "usable IPv4 address"},
		{"private ip reserved", appGateway(func(g map[string]any) { g["privateIp"] = "10.240.252.3" }), p + ".privateIp", "reserves"},
		{"private ip broadcast", appGateway(func(g map[string]any) { g["privateIp"] = "10.240.252.255" }), p + ".privateIp", "reserves"},
		{"backend outside ingress", appGateway(func(g map[string]any) { g["backendIp"] = "10.240.0.10" }), p + ".backendIp", "ingressSubnet"},
		{"min capacity", appGateway(func(g map[string]any) { g["minCapacity"] = 126 }), p + ".minCapacity", "0 to 125"},
		{"max capacity", appGateway(func(g map[string]any) { g["maxCapacity"] = 126 }), p + ".maxCapacity", "2 to 125"},
		{"max below min", appGateway(func(g map[string]any) { g["minCapacity"] = 5; g["maxCapacity"] = 3 }), p + ".maxCapacity", "not below minCapacity"},
		{"waf mode", appGateway(func(g map[string]any) { g["wafMode"] = "Off" }), p + ".wafMode", "Prevention"},
		{"probe path", appGateway(func(g map[string]any) { g["probePath"] = "healthz" }), p + ".probePath", "starting with '/'"},
		{"no listeners", appGateway(func(g map[string]any) { delete(g, "listeners") }), p + ".listeners", "at least one listener"},
		{"hostname", appGateway(func(g map[string]any) { shop(g)["hostname"] = "Shop" }), p + ".listeners.shop.hostname", "DNS name"},
		{"duplicate hostname", appGateway(func(g map[string]any) {
			g["listeners"].(map[string]any)["two"] = map[string]any{"hostname": "shop.contoso.com", "certificateSecretName": "c2"}
		}), p + ".listeners.two.hostname", "no other listener"},
		{"certificate secret", appGateway(func(g map[string]any) { shop(g)["certificateSecretName"] = "" }), p + ".listeners.shop.certificateSecretName", "secret"},
		{"listener key", appGateway(func(g map[string]any) {
			g["listeners"].(map[string]any)["Bad_Key"] = map[string]any{"hostname": "b.contoso.com", "certificateSecretName": "c2"}
		}), p + ".listeners.Bad_Key", "lowercase letters"},
		{"zones", appGateway(func(g map[string]any) { g["zones"] = []string{"0"} }), p + ".zones", "availability zones"},
	})
}
