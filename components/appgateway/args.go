// Package appgateway is the front door of a spoke's cluster: an Application
// Gateway WAF_v2 with autoscaling and zones in its own spoke subnet, a WAF
// policy in Prevention mode with a current managed rule set, a public and a
// private frontend (each listener chooses one), HTTPS listeners whose
// certificates are Key Vault secret references read through a user-assigned
// identity (Key Vault Secrets User on the spoke's vault), HTTP to HTTPS
// redirects, one backend pool with the internal load balancer address of
// the cluster's ingress controller, health probes and diagnostic settings.
//
// The subnet follows the Application Gateway infrastructure configuration
// (MicrosoftDocs/azure-docs articles/application-gateway/configuration-
// infrastructure.md): a dedicated subnet (a /24 recommended, a /26 at
// least for v2), an NSG that allows GatewayManager on TCP 65200-65535 and
// the Azure load balancer in, and no route table: a 0.0.0.0/0 route to a
// virtual appliance breaks the v2 control plane.
package appgateway

import (
	"regexp"
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/components/appgateway/gatewayspec"
	"github.com/privateaks/privateaks/components/privateaks/clusterspec"
	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/cidr"
	"github.com/privateaks/privateaks/internal/resopt"
)

// Limits and defaults from the Application Gateway docs.
const (
	// MinSubnetBits: a v2 gateway needs a /26 at least (gatewayspec).
	MinSubnetBits = gatewayspec.MinSubnetBits
	// MaxAutoscale is the autoscale upper bound of v2
	// (application-gateway-autoscaling-zone-redundant.md: 125 instances).
	MaxAutoscale     = gatewayspec.MaxAutoscale
	DefaultMinScale  = gatewayspec.DefaultMinScale
	DefaultMaxScale  = gatewayspec.DefaultMaxScale
	DefaultProbePath = gatewayspec.DefaultProbePath
	// The WAF managed rule set: Microsoft_DefaultRuleSet 2.1, the
	// recommended set for Application Gateway WAF (MicrosoftDocs/azure-docs
	// articles/web-application-firewall/ag/application-gateway-crs-
	// rulegroups-rules.md), and the bot protection set.
	RuleSetType        = "Microsoft_DefaultRuleSet"
	RuleSetVersion     = "2.1"
	BotRuleSetType     = "Microsoft_BotManagerRuleSet"
	BotRuleSetVersion  = "1.0"
	WAFModePrevention  = gatewayspec.WAFModePrevention
	WAFModeDetection   = gatewayspec.WAFModeDetection
	DefaultSSLPolicy   = "AppGwSslPolicy20220101S"
	DiagnosticSettings = "to-log-analytics"
)

// GatewayArgs configures one spoke's gateway.
type GatewayArgs struct {
	// ResourceGroupName of the spoke (required).
	ResourceGroupName pulumi.StringInput
	// Location (required).
	Location string
	// Placement is the gateway's name (required), its own subnet (/26 or
	// larger), the private frontend's address in it and the backend
	// address (gatewayspec, the same type the stack config holds).
	gatewayspec.Placement
	// WAFPolicyName of its WAF policy (default "waf-" + Name) and
	// IdentityName (default "id-" + Name).
	WAFPolicyName string
	IdentityName  string
	// VnetName of the spoke; VnetAddressSpace to check the subnet against
	// and IngressSubnet (the spoke's ingress subnet) to check the backend
	// address against (both optional).
	VnetName         pulumi.StringInput
	VnetAddressSpace string
	IngressSubnet    string
	// Gateway is the zones (none = regional), autoscaling (MinCapacity
	// default 2, MaxCapacity default 10), WAF mode, probe path and
	// listeners (gatewayspec, the same type the stack config holds).
	gatewayspec.Gateway
	// KeyVaultID and KeyVaultName of the spoke's vault holding the
	// certificates (required). Secret IDs are built from the name
	// (https://<name>.vault.azure.net/secrets/<secret>, Azure public cloud),
	// so they are known at preview.
	KeyVaultID   pulumi.StringInput
	KeyVaultName string
	// WorkspaceID receives the diagnostic logs and metrics (required).
	WorkspaceID pulumi.StringInput
	// After are resources the subnet must wait for (the spoke's subnets).
	After   []pulumi.Resource
	Tags    map[string]string
	Protect bool
}

// Listener is one hostname served over HTTPS, with an HTTP redirect
// (gatewayspec).
type Listener = gatewayspec.Listener

func (a GatewayArgs) withDefaults() GatewayArgs {
	if a.WAFPolicyName == "" && a.Name != "" {
		a.WAFPolicyName = "waf-" + a.Name
	}
	if a.IdentityName == "" && a.Name != "" {
		a.IdentityName = azname.IdentityName(a.Name)
	}
	a.Gateway = a.Gateway.WithDefaults()
	return a
}

var (
	vaultRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9]$`)
)

// ListenerNames are the listeners' keys in order.
func (a GatewayArgs) ListenerNames() []string {
	keys := make([]string, 0, len(a.Listeners))
	for k := range a.Listeners {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Validate returns every problem with the (defaulted) args.
func (a GatewayArgs) Validate() []error {
	var errs []error
	for _, r := range []struct {
		path string
		v    any
	}{{"resourceGroupName", a.ResourceGroupName}, {"vnetName", a.VnetName}, {"keyVaultId", a.KeyVaultID}, {"workspaceId", a.WorkspaceID}} {
		if r.v == nil {
			errs = append(errs, resopt.ArgError(r.path, nil, "required"))
		}
	}
	if !vaultRe.MatchString(a.KeyVaultName) {
		errs = append(errs, resopt.ArgError("keyVaultName", a.KeyVaultName, "a Key Vault name (3-24 letters, digits and '-', starting with a letter)"))
	}
	if a.Location == "" {
		errs = append(errs, resopt.ArgError("location", a.Location, "an Azure region such as \"westeurope\""))
	}
	errs = append(errs, a.Placement.Validate("", "ingressSubnet", a.IngressSubnet)...)
	for _, n := range []struct{ path, v string }{{"wafPolicyName", a.WAFPolicyName}, {"identityName", a.IdentityName}} {
		errs = append(errs, azname.CheckAt(azname.NetworkGeneric, n.v, n.path)...)
	}
	errs = append(errs, cidr.CheckSubnetsIn("", "vnetAddressSpace", a.VnetAddressSpace, []cidr.Subnet{a.SubnetSpec("")})...)
	errs = append(errs, a.Gateway.Validate("")...)
	errs = append(errs, clusterspec.ValidateZonesIn(a.Location, a.Zones, "zones")...)
	return errs
}
