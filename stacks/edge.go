package stacks

import (
	resources "github.com/pulumi/pulumi-azure-native-sdk/resources/v2/v20240301"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/components/appgateway"
	"github.com/privateaks/privateaks/components/dnsresolver"
	"github.com/privateaks/privateaks/components/hubnetwork"
	"github.com/privateaks/privateaks/components/jumpbox"
)

// deployEdge creates what sits at the network edge once the hub, spokes and
// clusters exist: the runner / jump-box scale set in the hub's management
// subnet, the DNS Private Resolver in the hub and each spoke's Application
// Gateway. Each part is opt-in in config.
func deployEdge(ctx *pulumi.Context, d *Deployment, hubRG *resources.ResourceGroup, providers pulumi.ResourceOption) error {
	cfg := d.Config
	tags := stackTags(cfg)
	if r := cfg.Hub.Runners; r.Enabled {
		args := &jumpbox.JumpboxArgs{
			ResourceGroupName: hubRG.Name,
			Location:          cfg.Location,
			SubnetID:          d.Hub.SubnetIDs.MapIndex(pulumi.String(hubnetwork.RoleManagement)),
			// The spec as the stack holds it (jumpboxspec), with every
			// cluster's admin groups allowed to sign in besides
			// hub.runners.adminLoginGroups.
			Jumpbox: r.Jumpbox,
			Tags:    tags,
			Protect: cfg.IsProtected(),
		}
		args.AdminLoginGroups = cfg.LoginAdmins()
		if reg := r.Runner; reg.Kind != "" {
			args.Runner = &jumpbox.RunnerArgs{
				Registration: reg.Registration,
				KeyVaultName: cfg.Spokes[reg.KeyVaultSpoke].Cluster.KeyVault.Name,
				KeyVaultID:   d.Spokes[reg.KeyVaultSpoke].Cluster.Cluster.KeyVaultID,
			}
		}
		if r.DeployRoles {
			args.DeployScopes = map[string]pulumi.StringInput{}
			for key, s := range d.Spokes {
				args.DeployScopes[key] = s.Cluster.Cluster.ClusterID
			}
		}
		jb, err := jumpbox.NewJumpbox(ctx, "runners", args, providers)
		if err != nil {
			return err
		}
		d.Outputs["runnersScaleSetId"] = jb.ScaleSetID
		d.Outputs["runnersIdentityClientId"] = jb.ClientID
	}
	if r := cfg.Hub.DNSResolver; r.Enabled {
		args := &dnsresolver.ResolverArgs{
			ResourceGroupName: hubRG.Name,
			Location:          cfg.Location,
			// The resolver's spec as the stack holds it (resolverspec).
			Resolver:        r.Resolver,
			VnetID:          d.Hub.VnetID,
			VnetName:        d.Hub.VnetName,
			HubAddressSpace: cfg.Hub.AddressSpace,
			// The hub's subnets first: one subnet write per VNet at a time.
			After:   []pulumi.Resource{d.Hub},
			Tags:    tags,
			Protect: cfg.IsProtected(),
		}
		if len(r.Forwarding) > 0 {
			args.RulesetLinks = map[string]pulumi.StringInput{"hub": d.Hub.VnetID}
			for key, s := range d.Spokes {
				args.RulesetLinks["spoke-"+key] = s.Network.VnetID
			}
		}
		res, err := dnsresolver.NewResolver(ctx, "dns-resolver", args, providers)
		if err != nil {
			return err
		}
		d.Outputs["dnsResolverInboundIp"] = res.InboundIP
	}
	gatewayIPs := pulumi.StringMap{}
	for _, key := range cfg.SpokeKeys() {
		sc := cfg.Spokes[key]
		g := sc.AppGateway
		if !g.Enabled {
			continue
		}
		spoke := d.Spokes[key]
		cl := spoke.Cluster.Cluster
		args := &appgateway.GatewayArgs{
			ResourceGroupName: spoke.ResourceGroup.Name,
			Location:          cfg.Location,
			// The gateway's placement and spec as the stack holds them (gatewayspec).
			Placement:        g.Placement,
			Gateway:          g.Gateway,
			VnetName:         spoke.Network.VnetName,
			VnetAddressSpace: sc.AddressSpace,
			IngressSubnet:    sc.IngressSubnet,
			KeyVaultID:       cl.KeyVaultID,
			KeyVaultName:     sc.Cluster.KeyVault.Name,
			// Network control points log to the hub workspace.
			WorkspaceID: d.Hub.WorkspaceID,
			// The spoke's subnets first: one subnet write per VNet at a time.
			After:   []pulumi.Resource{spoke.Network},
			Tags:    tags,
			Protect: cfg.IsProtected(),
		}
		gw, err := appgateway.NewGateway(ctx, "spoke-"+key+"-appgw", args, providers)
		if err != nil {
			return err
		}
		gatewayIPs[key] = gw.PublicIP
	}
	if len(gatewayIPs) > 0 {
		d.Outputs["appGatewayPublicIps"] = gatewayIPs
	}
	return nil
}
