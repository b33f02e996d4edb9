package stacks

import (
	"net/url"

	authorization "github.com/pulumi/pulumi-azure-native-sdk/authorization/v2"
	resources "github.com/pulumi/pulumi-azure-native-sdk/resources/v2/v20240301"
	azurenative "github.com/pulumi/pulumi-azure-native-sdk/v2"
	azureclassic "github.com/pulumi/pulumi-azure/sdk/v6/go/azure"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/components/hubnetwork"
	"github.com/privateaks/privateaks/components/privatedns"
	"github.com/privateaks/privateaks/components/spokenetwork"
	"github.com/privateaks/privateaks/internal/azurefacts"
	"github.com/privateaks/privateaks/stacks/stackconfig"
)

// Deployment is what Deploy created, for callers that compose further.
type Deployment struct {
	Config stackconfig.Config
	Hub    *hubnetwork.HubNetwork
	DNS    *privatedns.PrivateDNS
	Spokes map[string]*Spoke
	// Outputs are the stack outputs by name.
	Outputs pulumi.Map
}

// Spoke is one spoke's network and cluster.
type Spoke struct {
	ResourceGroup *resources.ResourceGroup
	Network       *spokenetwork.SpokeNetwork
	Cluster       *ClusterParts
}

// Deploy creates the stack for a validated config.
func Deploy(ctx *pulumi.Context, cfg stackconfig.Config) (*Deployment, error) {
	return DeployUnder(ctx, cfg)
}

// DeployUnder is Deploy with options for every top-level resource of the
// stack; the component package's Stack passes pulumi.Parent(itself) so
// that the whole stack is its children. Without options it is Deploy.
func DeployUnder(ctx *pulumi.Context, cfg stackconfig.Config, under ...pulumi.ResourceOption) (*Deployment, error) {
	d := &Deployment{Config: cfg, Spokes: map[string]*Spoke{}, Outputs: pulumi.Map{}}
	tags := stackTags(cfg)
	with := func(opts ...pulumi.ResourceOption) []pulumi.ResourceOption { return append(opts, under...) }

	// One explicit provider per package, passed to every component.
	native, err := azurenative.NewProvider(ctx, "azure-native", &azurenative.ProviderArgs{Location: pulumi.String(cfg.Location)}, under...)
	if err != nil {
		return nil, err
	}
	providers := pulumi.Composite(with(pulumi.Providers(native))...)

	hubRG, err := resources.NewResourceGroup(ctx, "hub-rg", &resources.ResourceGroupArgs{
		ResourceGroupName: pulumi.String(cfg.Hub.ResourceGroupName),
		Location:          pulumi.String(cfg.Location),
		Tags:              pulumi.ToStringMap(tags),
	}, with(pulumi.Provider(native), pulumi.Protect(cfg.IsProtected()))...)
	if err != nil {
		return nil, err
	}

	h := cfg.Hub
	hubArgs := &hubnetwork.HubNetworkArgs{
		ResourceGroupName: hubRG.Name,
		Location:          cfg.Location,
		// The hub's spec as it is (hubspec): the stack and the component
		// hold the same types. The private-endpoint subnet holds the Azure
		// Monitor Private Link Scope's endpoint (deployMonitorLink).
		Network:  h.NetworkSpec(),
		Firewall: h.Firewall.Firewall,
		DDoS:     hubnetwork.DDoSArgs{DDoS: h.DDoS},
		Egress:   egressOptions(cfg),
		Bastion:  h.Bastion,
		Logs:     h.Logs,
		Tags:     tags,
		Protect:  cfg.IsProtected(),
	}
	hub, err := hubnetwork.NewHubNetwork(ctx, "hub", hubArgs, providers)
	if err != nil {
		return nil, err
	}
	d.Hub = hub

	for _, key := range cfg.SpokeKeys() {
		s, err := deploySpokeNetwork(ctx, cfg, key, hub, hubRG, tags, providers)
		if err != nil {
			return nil, err
		}
		d.Spokes[key] = s
	}

	links := map[string]pulumi.StringInput{"hub": hub.VnetID}
	if cfg.DNS.Mode == stackconfig.DNSModeHubAndSpokes {
		for key, s := range d.Spokes {
			links["spoke-"+key] = s.Network.VnetID
		}
	}
	dnsRG := hubRG.Name
	if cfg.DNS.ResourceGroupName != cfg.Hub.ResourceGroupName {
		rg, err := resources.NewResourceGroup(ctx, "dns-rg", &resources.ResourceGroupArgs{
			ResourceGroupName: pulumi.String(cfg.DNS.ResourceGroupName),
			Location:          pulumi.String(cfg.Location),
			Tags:              pulumi.ToStringMap(tags),
		}, with(pulumi.Provider(native), pulumi.Protect(cfg.IsProtected()))...)
		if err != nil {
			return nil, err
		}
		dnsRG = rg.Name
	}
	dns, err := privatedns.NewPrivateDNS(ctx, "dns", &privatedns.PrivateDNSArgs{
		ResourceGroupName: dnsRG,
		Location:          cfg.Location,
		ExtraZones:        cfg.DNS.ExtraZones,
		AzureMonitor:      true,
		VnetLinks:         links,
		Tags:              tags,
		Protect:           cfg.IsProtected(),
	}, providers)
	if err != nil {
		return nil, err
	}
	d.DNS = dns

	// The Flux extension and configuration come from pulumi-azure, whose
	// provider needs the subscription: the one azure-native deploys into.
	clientCfg := authorization.GetClientConfigOutput(ctx, pulumi.Provider(native))
	classic, err := azureclassic.NewProvider(ctx, "azure", &azureclassic.ProviderArgs{
		SubscriptionId: clientCfg.SubscriptionId(),
		// Register exactly the resource providers the classic resources
		// need (the Flux extension and configuration live in
		// Microsoft.KubernetesConfiguration), none of the provider's
		// default set. The EncryptionAtHost feature cannot be registered
		// safely from here; the plan lists it as a prerequisite
		// (internal/verify/acceptance.Prerequisites, docs/config.md).
		ResourceProviderRegistrations: pulumi.String("none"),
		ResourceProvidersToRegisters:  pulumi.ToStringArray([]string{"Microsoft.KubernetesConfiguration"}),
	}, under...)
	if err != nil {
		return nil, err
	}
	opts := clusterOpts{native: providers, classic: pulumi.Composite(with(pulumi.Providers(native, classic))...), under: under}
	for _, key := range cfg.SpokeKeys() {
		parts, err := deployCluster(ctx, d, key, opts)
		if err != nil {
			return nil, err
		}
		d.Spokes[key].Cluster = parts
	}
	if err := deployMonitorLink(ctx, d, hubRG, providers); err != nil {
		return nil, err
	}
	clusterOutputs(d)
	if err := deployEdge(ctx, d, hubRG, providers); err != nil {
		return nil, err
	}

	d.Outputs["hubVnetId"] = hub.VnetID
	d.Outputs["hubVnetName"] = hub.VnetName
	d.Outputs["hubResourceGroupName"] = hubRG.Name
	d.Outputs["dnsResourceGroupName"] = dnsRG
	d.Outputs["hubSubnetIds"] = hub.SubnetIDs
	d.Outputs["firewallPrivateIp"] = hub.FirewallPrivateIP
	d.Outputs["firewallPolicyId"] = hub.FirewallPolicyID
	d.Outputs["privateDnsZoneIds"] = dns.ZoneIDs
	spokeVnets := pulumi.StringMap{}
	for key, s := range d.Spokes {
		spokeVnets[key] = s.Network.VnetID
	}
	d.Outputs["spokeVnetIds"] = spokeVnets
	return d, nil
}

func deploySpokeNetwork(ctx *pulumi.Context, cfg stackconfig.Config, key string, hub *hubnetwork.HubNetwork, hubRG *resources.ResourceGroup, tags map[string]string, providers pulumi.ResourceOption) (*Spoke, error) {
	s := cfg.Spokes[key]
	rg, err := resources.NewResourceGroup(ctx, "spoke-"+key+"-rg", &resources.ResourceGroupArgs{
		ResourceGroupName: pulumi.String(s.ResourceGroupName),
		Location:          pulumi.String(cfg.Location),
		Tags:              pulumi.ToStringMap(tags),
	}, providers, pulumi.Protect(cfg.IsProtected()))
	if err != nil {
		return nil, err
	}
	nodes := map[string]string{"system": s.Cluster.SystemPool.SubnetPrefix}
	for _, p := range s.Cluster.PoolNames() {
		nodes[p] = s.Cluster.UserPools[p].SubnetPrefix
	}
	net, err := spokenetwork.NewSpokeNetwork(ctx, "spoke-"+key, &spokenetwork.SpokeNetworkArgs{
		ResourceGroupName: rg.Name,
		Location:          cfg.Location,
		// The spoke's spec as it is (spokespec).
		Network:              s.Network,
		NodeSubnets:          nodes,
		FirewallPrivateIP:    hub.FirewallPrivateIP,
		UseFirewallDNS:       cfg.DNS.Mode == stackconfig.DNSModeHubOnly,
		HubVnetID:            hub.VnetID,
		HubVnetName:          hub.VnetName,
		HubResourceGroupName: hubRG.Name,
		HubHasGateway:        cfg.Hub.EnableGateway,
		Logs:                 &spokenetwork.Logs{WorkspaceID: hub.WorkspaceID, FlowLogs: hub.FlowLogs},
		DDoSProtectionPlanID: hub.DDoSProtectionPlanID,
		Tags:                 tags,
		Protect:              cfg.IsProtected(),
	}, providers)
	if err != nil {
		return nil, err
	}
	return &Spoke{ResourceGroup: rg, Network: net}, nil
}

// egressOptions derives the firewall's egress and its sources from the
// config: every pool's node subnet (GPU and Windows pools also get their
// drivers' and binaries' hosts), the node subnets of spokes other programs
// own (hub.externalNodeSubnets), the Flux settings and extra
// FQDNs. The management subnet is the hub's own default source.
func egressOptions(cfg stackconfig.Config) hubnetwork.EgressOptions {
	o := hubnetwork.EgressOptions{Location: cfg.Location, ExtraFqdns: cfg.Hub.Firewall.ExtraFqdns}
	for _, key := range cfg.SpokeKeys() {
		c := cfg.Spokes[key].Cluster
		o.NodeSubnets = append(o.NodeSubnets, c.SystemPool.SubnetPrefix)
		for _, name := range c.PoolNames() {
			p := c.UserPools[name]
			o.NodeSubnets = append(o.NodeSubnets, p.SubnetPrefix)
			if azurefacts.IsGPUSize(p.VMSize) {
				o.GPUSubnets = append(o.GPUSubnets, p.SubnetPrefix)
			}
			if p.OSType == stackconfig.OSTypeWindows {
				o.WindowsSubnets = append(o.WindowsSubnets, p.SubnetPrefix)
			}
		}
	}
	// This stack's clusters ingest through its Azure Monitor Private Link
	// Scope (deployMonitorLink); the spokes other programs own do not.
	o.PrivateMonitorSubnets = append([]string{}, o.NodeSubnets...)
	o.NodeSubnets = append(o.NodeSubnets, cfg.Hub.ExternalNodeSubnets...)
	if r := cfg.Hub.Runners; r.Enabled {
		o.EntraSSHLogin, o.Runner = true, r.Runner.Kind
	}
	f := cfg.Flux
	if f.Enabled != nil && !*f.Enabled {
		return o
	}
	o.FluxExtension = f.Mode == stackconfig.FluxModeExtension
	if u, err := url.Parse(f.URL); err == nil && u.Hostname() != "" {
		if u.Scheme == "ssh" {
			o.GitSSHHosts = []string{u.Hostname()}
		} else {
			o.GitHTTPSHosts = []string{u.Hostname()}
		}
	}
	return o
}

// stackTags are the config tags plus what identifies the stack.
func stackTags(cfg stackconfig.Config) map[string]string {
	t := map[string]string{"managed-by": "pulumi", "project": "privateaks", "environment": cfg.Environment}
	for k, v := range cfg.Tags {
		t[k] = v
	}
	return t
}

// clusterOutputs exports each cluster's facts as maps keyed by spoke.
func clusterOutputs(d *Deployment) {
	ids, names, fqdns, issuers, kubelets, nodeRGs, registries, vaults, kubeconfigs, flux := pulumi.StringMap{}, pulumi.StringMap{}, pulumi.StringMap{}, pulumi.StringMap{}, pulumi.StringMap{}, pulumi.StringMap{}, pulumi.StringMap{}, pulumi.StringMap{}, pulumi.StringMap{}, pulumi.StringMap{}
	wis := pulumi.Map{}
	for key, s := range d.Spokes {
		c := s.Cluster.Cluster
		ids[key], names[key], fqdns[key], issuers[key] = c.ClusterID, c.ClusterName, c.PrivateFQDN, c.OIDCIssuerURL
		kubelets[key], nodeRGs[key], registries[key], vaults[key] = c.KubeletObjectID, c.NodeResourceGroup, c.RegistryLoginServer, c.KeyVaultURI
		kubeconfigs[key] = c.Kubeconfig
		clients := pulumi.StringMap{}
		for name, wi := range s.Cluster.WorkloadIdentities {
			clients[name] = wi.ClientID
		}
		wis[key] = clients
		if s.Cluster.Flux != nil {
			flux[key] = s.Cluster.Flux.ConfigurationName
		}
	}
	d.Outputs["clusterIds"] = ids
	d.Outputs["clusterNames"] = names
	d.Outputs["privateFqdns"] = fqdns
	d.Outputs["oidcIssuerUrls"] = issuers
	d.Outputs["kubeletObjectIds"] = kubelets
	d.Outputs["nodeResourceGroups"] = nodeRGs
	d.Outputs["registryLoginServers"] = registries
	d.Outputs["keyVaultUris"] = vaults
	d.Outputs["workloadIdentityClientIds"] = wis
	d.Outputs["fluxConfigurations"] = flux
	// Each kubeconfig is a secret already; the map stays one.
	d.Outputs["kubeconfigs"] = pulumi.ToSecret(kubeconfigs)
}
