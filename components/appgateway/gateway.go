package appgateway

import (
	"fmt"

	authorization "github.com/pulumi/pulumi-azure-native-sdk/authorization/v2"
	insights "github.com/pulumi/pulumi-azure-native-sdk/insights/v2/v20210501preview"
	managedidentity "github.com/pulumi/pulumi-azure-native-sdk/managedidentity/v2/v20230131"
	network "github.com/pulumi/pulumi-azure-native-sdk/network/v2/v20240501"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/components/identities"
	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/diagsettings"
	"github.com/privateaks/privateaks/internal/nsg"
	"github.com/privateaks/privateaks/internal/resopt"
)

// Type is the component's type token.
const Type = "privateaks:appgateway:Gateway"

// Names of the gateway's fixed sub-resources.
const (
	SubnetName       = "snet-appgateway"
	FrontendPublic   = "frontend-public"
	FrontendPrivate  = "frontend-private"
	GatewayIPConfig  = "gateway-ipconfig"
	BackendPool      = "ingress"
	PortHTTP         = "port-80"
	PortHTTPS        = "port-443"
	PrivateAllocated = "Static"
)

// Gateway is the Application Gateway with its WAF policy and identity.
type Gateway struct {
	pulumi.ResourceState

	GatewayID pulumi.StringOutput `pulumi:"gatewayId"`
	// PublicIP is the public frontend's address.
	PublicIP pulumi.StringOutput `pulumi:"publicIp"`
}

// NSGRules are the gateway subnet's inbound rules: the v2 infrastructure
// ports from GatewayManager, the Azure load balancer, and the listener
// ports (80 for the redirect, 443) from the internet for the public
// frontend and from the VNet for the private one (configuration-
// infrastructure.md, "Network security groups"). Outbound stays open to
// the internet, which the v2 control plane needs.
func NSGRules() []nsg.Rule {
	return []nsg.Rule{
		{Name: "AllowGatewayManagerInbound", Priority: 100, Direction: "Inbound", Access: "Allow", Protocol: "Tcp", Source: "GatewayManager", Destination: "*", Ports: []string{"65200-65535"}},
		{Name: "AllowAzureLoadBalancerInbound", Priority: 110, Direction: "Inbound", Access: "Allow", Protocol: "*", Source: "AzureLoadBalancer", Destination: "*", Ports: []string{"*"}},
		{Name: "AllowListenersFromInternet", Priority: 120, Direction: "Inbound", Access: "Allow", Protocol: "Tcp", Source: "Internet", Destination: "*", Ports: []string{"80", "443"}},
		{Name: "AllowListenersFromVirtualNetwork", Priority: 130, Direction: "Inbound", Access: "Allow", Protocol: "Tcp", Source: "VirtualNetwork", Destination: "*", Ports: []string{"80", "443"}},
	}
}

// NewGateway creates the gateway. Invalid args are reported all at once
// before anything is registered.
func NewGateway(ctx *pulumi.Context, name string, args *GatewayArgs, opts ...pulumi.ResourceOption) (*Gateway, error) {
	if args == nil {
		args = &GatewayArgs{}
	}
	a := args.withDefaults()
	if err := resopt.Join(Type, name, a.Validate()); err != nil {
		return nil, err
	}
	comp := &Gateway{}
	if err := ctx.RegisterComponentResource(Type, name, comp, opts...); err != nil {
		return nil, err
	}
	tags := resopt.Tags(a.Tags)
	rg := a.ResourceGroupName
	cfg, err := authorization.GetClientConfig(ctx, resopt.Invoke(comp)...)
	if err != nil {
		return nil, fmt.Errorf("%s %q: reading the client config: %w", Type, name, err)
	}
	subnet, pip, err := newNetwork(ctx, comp, name, a, tags)
	if err != nil {
		return nil, err
	}
	id, kvRole, err := newCertificateReader(ctx, comp, name, a, cfg.SubscriptionId, tags)
	if err != nil {
		return nil, err
	}
	waf, err := newWAFPolicy(ctx, comp, name, a, tags)
	if err != nil {
		return nil, err
	}
	ref := func(kind, sub string) *network.SubResourceArgs {
		return &network.SubResourceArgs{Id: pulumi.Sprintf("/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Network/applicationGateways/%s/%s/%s", cfg.SubscriptionId, rg, a.Name, kind, sub)}
	}
	parts := listenerObjects(a, ref)
	gw, err := network.NewApplicationGateway(ctx, name, &network.ApplicationGatewayArgs{
		ResourceGroupName:      rg,
		ApplicationGatewayName: pulumi.String(a.Name),
		Location:               pulumi.String(a.Location),
		Sku:                    &network.ApplicationGatewaySkuArgs{Name: pulumi.String("WAF_v2"), Tier: pulumi.String("WAF_v2")},
		AutoscaleConfiguration: &network.ApplicationGatewayAutoscaleConfigurationArgs{MinCapacity: pulumi.Int(a.MinScale()), MaxCapacity: pulumi.Int(a.MaxCapacity)},
		Zones:                  pulumi.ToStringArray(a.Zones),
		Identity: &network.ManagedServiceIdentityArgs{
			Type:                   network.ResourceIdentityTypeUserAssigned,
			UserAssignedIdentities: pulumi.StringArray{id.ID().ToStringOutput()},
		},
		FirewallPolicy: &network.SubResourceArgs{Id: waf.ID()},
		EnableHttp2:    pulumi.Bool(true),
		SslPolicy:      &network.ApplicationGatewaySslPolicyArgs{PolicyType: pulumi.String("Predefined"), PolicyName: pulumi.String(DefaultSSLPolicy)},
		GatewayIPConfigurations: network.ApplicationGatewayIPConfigurationArray{&network.ApplicationGatewayIPConfigurationArgs{
			Name: pulumi.String(GatewayIPConfig), Subnet: &network.SubResourceArgs{Id: subnet.ID()},
		}},
		FrontendIPConfigurations: network.ApplicationGatewayFrontendIPConfigurationArray{
			&network.ApplicationGatewayFrontendIPConfigurationArgs{Name: pulumi.String(FrontendPublic), PublicIPAddress: &network.SubResourceArgs{Id: pip.ID()}},
			&network.ApplicationGatewayFrontendIPConfigurationArgs{Name: pulumi.String(FrontendPrivate), PrivateIPAddress: pulumi.String(a.PrivateIP),
				PrivateIPAllocationMethod: pulumi.String(PrivateAllocated), Subnet: &network.SubResourceArgs{Id: subnet.ID()}},
		},
		FrontendPorts: network.ApplicationGatewayFrontendPortArray{
			&network.ApplicationGatewayFrontendPortArgs{Name: pulumi.String(PortHTTP), Port: pulumi.Int(80)},
			&network.ApplicationGatewayFrontendPortArgs{Name: pulumi.String(PortHTTPS), Port: pulumi.Int(443)},
		},
		BackendAddressPools: network.ApplicationGatewayBackendAddressPoolArray{&network.ApplicationGatewayBackendAddressPoolArgs{
			Name: pulumi.String(BackendPool), BackendAddresses: network.ApplicationGatewayBackendAddressArray{&network.ApplicationGatewayBackendAddressArgs{IpAddress: pulumi.String(a.BackendIP)}},
		}},
		SslCertificates:               parts.certs,
		HttpListeners:                 parts.listeners,
		Probes:                        parts.probes,
		BackendHttpSettingsCollection: parts.settings,
		RedirectConfigurations:        parts.redirects,
		RequestRoutingRules:           parts.rules,
		Tags:                          tags,
	}, resopt.Stateful(comp, a.Protect, pulumi.DependsOn([]pulumi.Resource{kvRole}))...)
	if err != nil {
		return nil, err
	}
	if _, err := insights.NewDiagnosticSetting(ctx, name+"-diagnostics", &insights.DiagnosticSettingArgs{
		Name:                        pulumi.String(DiagnosticSettings),
		ResourceUri:                 gw.ID().ToStringOutput(),
		WorkspaceId:                 a.WorkspaceID,
		LogAnalyticsDestinationType: pulumi.String("Dedicated"),
		Logs:                        insights.LogSettingsArray{&insights.LogSettingsArgs{CategoryGroup: pulumi.String("allLogs"), Enabled: pulumi.Bool(true)}},
		Metrics:                     insights.MetricSettingsArray{&insights.MetricSettingsArgs{Category: pulumi.String("AllMetrics"), Enabled: pulumi.Bool(true)}},
	}, resopt.Child(comp)...); err != nil {
		return nil, err
	}
	comp.GatewayID = gw.ID().ToStringOutput()
	comp.PublicIP = pip.IpAddress.Elem()
	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{"gatewayId": comp.GatewayID, "publicIp": comp.PublicIP}); err != nil {
		return nil, err
	}
	return comp, nil
}

// newNetwork creates the gateway's subnet with its NSG (and the NSG's
// diagnostics) and its public IP.
func newNetwork(ctx *pulumi.Context, comp *Gateway, name string, a GatewayArgs, tags pulumi.StringMapInput) (*network.Subnet, *network.PublicIPAddress, error) {
	rg := a.ResourceGroupName
	subnetNsg, err := network.NewNetworkSecurityGroup(ctx, name+"-nsg", &network.NetworkSecurityGroupArgs{
		ResourceGroupName:        rg,
		NetworkSecurityGroupName: pulumi.String(azname.NSGName(a.Name)),
		Location:                 pulumi.String(a.Location),
		SecurityRules:            nsg.SecurityRules(NSGRules()),
		Tags:                     tags,
	}, resopt.Child(comp)...)
	if err != nil {
		return nil, nil, err
	}
	// The NSG's events and rule counters go where the gateway's logs go.
	if _, err := diagsettings.New(ctx, name+"-nsg-diagnostics", subnetNsg.ID().ToStringOutput(), a.WorkspaceID, diagsettings.NSG, resopt.Child(comp)...); err != nil {
		return nil, nil, err
	}
	// No route table: the v2 gateway needs direct internet for its control
	// plane and refuses a 0.0.0.0/0 route to a virtual appliance. Default
	// outbound access is off as on every subnet here: the gateway's outbound
	// is explicit, through its own public IP (default-outbound-access.md:
	// resources with an explicitly associated public IP do not use it).
	subnet, err := network.NewSubnet(ctx, name+"-snet", &network.SubnetArgs{
		ResourceGroupName:     rg,
		VirtualNetworkName:    a.VnetName,
		SubnetName:            pulumi.String(SubnetName),
		AddressPrefix:         pulumi.String(a.Subnet),
		DefaultOutboundAccess: pulumi.Bool(false),
		NetworkSecurityGroup:  &network.NetworkSecurityGroupTypeArgs{Id: subnetNsg.ID()},
	}, resopt.Stateful(comp, a.Protect, pulumi.DependsOn(a.After))...)
	if err != nil {
		return nil, nil, err
	}
	pip, err := network.NewPublicIPAddress(ctx, name+"-pip", &network.PublicIPAddressArgs{
		ResourceGroupName:        rg,
		PublicIpAddressName:      pulumi.String(azname.PublicIPName(a.Name)),
		Location:                 pulumi.String(a.Location),
		Sku:                      &network.PublicIPAddressSkuArgs{Name: pulumi.String("Standard"), Tier: pulumi.String("Regional")},
		PublicIPAllocationMethod: pulumi.String("Static"),
		PublicIPAddressVersion:   pulumi.String("IPv4"),
		Zones:                    pulumi.ToStringArray(a.Zones),
		Tags:                     tags,
	}, resopt.Stateful(comp, a.Protect)...)
	if err != nil {
		return nil, nil, err
	}
	return subnet, pip, nil
}

// newCertificateReader creates the gateway's identity and lets it read the
// listener certificates in the vault.
func newCertificateReader(ctx *pulumi.Context, comp *Gateway, name string, a GatewayArgs, subscriptionID string, tags pulumi.StringMapInput) (*managedidentity.UserAssignedIdentity, pulumi.Resource, error) {
	rg := a.ResourceGroupName
	id, err := managedidentity.NewUserAssignedIdentity(ctx, name+"-identity", &managedidentity.UserAssignedIdentityArgs{
		ResourceGroupName: rg,
		ResourceName:      pulumi.String(a.IdentityName),
		Location:          pulumi.String(a.Location),
		Tags:              tags,
	}, resopt.Stateful(comp, a.Protect)...)
	if err != nil {
		return nil, nil, err
	}
	// The gateway reads its certificates as Key Vault secrets
	// (key-vault-certs.md: the identity needs get on secrets, in an RBAC
	// vault Key Vault Secrets User).
	kvRole, err := identities.Assign(ctx, name, a.Name, subscriptionID, identities.Grant{
		ScopeKey: "vault", Scope: a.KeyVaultID, Role: identities.RoleKeyVaultSecretsUser, PrincipalKey: "appgateway",
		PrincipalID: id.PrincipalId, PrincipalType: identities.PrincipalServicePrincipal,
		Description: "Application Gateway " + a.Name + " reads its listener certificates",
	}, resopt.Child(comp)...)
	if err != nil {
		return nil, nil, err
	}
	return id, kvRole, nil
}

// newWAFPolicy creates the gateway's WAF policy with the managed rule sets.
func newWAFPolicy(ctx *pulumi.Context, comp *Gateway, name string, a GatewayArgs, tags pulumi.StringMapInput) (*network.WebApplicationFirewallPolicy, error) {
	return network.NewWebApplicationFirewallPolicy(ctx, name+"-waf", &network.WebApplicationFirewallPolicyArgs{
		ResourceGroupName: a.ResourceGroupName,
		PolicyName:        pulumi.String(a.WAFPolicyName),
		Location:          pulumi.String(a.Location),
		PolicySettings: &network.PolicySettingsArgs{
			State:            pulumi.String("Enabled"),
			Mode:             pulumi.String(a.WAFMode),
			RequestBodyCheck: pulumi.Bool(true),
		},
		ManagedRules: &network.ManagedRulesDefinitionArgs{ManagedRuleSets: network.ManagedRuleSetArray{
			&network.ManagedRuleSetArgs{RuleSetType: pulumi.String(RuleSetType), RuleSetVersion: pulumi.String(RuleSetVersion)},
			&network.ManagedRuleSetArgs{RuleSetType: pulumi.String(BotRuleSetType), RuleSetVersion: pulumi.String(BotRuleSetVersion)},
		}},
		Tags: tags,
	}, resopt.Child(comp)...)
}

// secretID is the versionless secret ID of a certificate in the vault. It
// is derived from the vault's ID so that it waits for the vault (and, like
// the vault's URI, is unknown until the vault exists).
func secretID(vaultID pulumi.StringInput, vaultName, secret string) pulumi.StringOutput {
	return vaultID.ToStringOutput().ApplyT(func(string) string {
		return fmt.Sprintf("https://%s.vault.azure.net/secrets/%s", vaultName, secret)
	}).(pulumi.StringOutput)
}
