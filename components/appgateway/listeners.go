package appgateway

import (
	network "github.com/pulumi/pulumi-azure-native-sdk/network/v2/v20240501"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// listenerParts are the gateway's per-listener objects.
type listenerParts struct {
	certs     network.ApplicationGatewaySslCertificateArray
	listeners network.ApplicationGatewayHttpListenerArray
	probes    network.ApplicationGatewayProbeArray
	settings  network.ApplicationGatewayBackendHttpSettingsArray
	redirects network.ApplicationGatewayRedirectConfigurationArray
	rules     network.ApplicationGatewayRequestRoutingRuleArray
}

// listenerObjects builds, for every listener in key order, its certificate,
// its HTTPS and HTTP listeners, probe, backend settings, redirect and two
// routing rules; ref names a sub-resource of the gateway by kind and name.
func listenerObjects(a GatewayArgs, ref func(kind, sub string) *network.SubResourceArgs) listenerParts {
	var p listenerParts
	for i, k := range a.ListenerNames() {
		l := a.Listeners[k]
		frontend := FrontendPrivate
		if l.Public {
			frontend = FrontendPublic
		}
		// A versionless secret ID: the gateway picks up renewed
		// certificates (key-vault-certs.md).
		p.certs = append(p.certs, &network.ApplicationGatewaySslCertificateArgs{
			Name:             pulumi.String("cert-" + k),
			KeyVaultSecretId: secretID(a.KeyVaultID, a.KeyVaultName, l.CertificateSecretName),
		})
		p.listeners = append(p.listeners,
			&network.ApplicationGatewayHttpListenerArgs{
				Name: pulumi.String("https-" + k), Protocol: pulumi.String("Https"), HostName: pulumi.String(l.Hostname),
				FrontendIPConfiguration: ref("frontendIPConfigurations", frontend), FrontendPort: ref("frontendPorts", PortHTTPS),
				SslCertificate: ref("sslCertificates", "cert-"+k), RequireServerNameIndication: pulumi.Bool(true),
			},
			&network.ApplicationGatewayHttpListenerArgs{
				Name: pulumi.String("http-" + k), Protocol: pulumi.String("Http"), HostName: pulumi.String(l.Hostname),
				FrontendIPConfiguration: ref("frontendIPConfigurations", frontend), FrontendPort: ref("frontendPorts", PortHTTP),
			})
		p.probes = append(p.probes, &network.ApplicationGatewayProbeArgs{
			Name: pulumi.String("probe-" + k), Protocol: pulumi.String("Https"), Host: pulumi.String(l.Hostname), Path: pulumi.String(a.ProbePath),
			Interval: pulumi.Int(30), Timeout: pulumi.Int(30), UnhealthyThreshold: pulumi.Int(3),
			Match: &network.ApplicationGatewayProbeHealthResponseMatchArgs{StatusCodes: pulumi.ToStringArray([]string{"200-399"})},
		})
		// TLS again to the ingress controller on 443 (the spoke's ingress
		// subnet admits only HTTPS), with the listener's host name for SNI.
		p.settings = append(p.settings, &network.ApplicationGatewayBackendHttpSettingsArgs{
			Name: pulumi.String("backend-" + k), Protocol: pulumi.String("Https"), Port: pulumi.Int(443),
			HostName: pulumi.String(l.Hostname), PickHostNameFromBackendAddress: pulumi.Bool(false),
			CookieBasedAffinity: pulumi.String("Disabled"), RequestTimeout: pulumi.Int(30), Probe: ref("probes", "probe-"+k),
		})
		p.redirects = append(p.redirects, &network.ApplicationGatewayRedirectConfigurationArgs{
			Name: pulumi.String("redirect-" + k), RedirectType: pulumi.String("Permanent"), TargetListener: ref("httpListeners", "https-"+k),
			IncludePath: pulumi.Bool(true), IncludeQueryString: pulumi.Bool(true),
		})
		// v2 rules need a priority, 1-20000, unique (API 2021-08-01 on).
		p.rules = append(p.rules,
			&network.ApplicationGatewayRequestRoutingRuleArgs{
				Name: pulumi.String("route-" + k), RuleType: pulumi.String("Basic"), Priority: pulumi.Int(100 + 10*i),
				HttpListener: ref("httpListeners", "https-"+k), BackendAddressPool: ref("backendAddressPools", BackendPool),
				BackendHttpSettings: ref("backendHttpSettingsCollection", "backend-"+k),
			},
			&network.ApplicationGatewayRequestRoutingRuleArgs{
				Name: pulumi.String("redirect-" + k), RuleType: pulumi.String("Basic"), Priority: pulumi.Int(105 + 10*i),
				HttpListener: ref("httpListeners", "http-"+k), RedirectConfiguration: ref("redirectConfigurations", "redirect-"+k),
			})
	}
	return p
}
