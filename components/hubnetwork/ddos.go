package hubnetwork

import (
	network "github.com/pulumi/pulumi-azure-native-sdk/network/v2/v20240501"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/internal/resopt"

	"github.com/privateaks/privateaks/components/hubnetwork/hubspec"
)

// DDoSArgs is Azure DDoS Network Protection, an opt-in cost choice: a plan
// is billed per month for up to 100 public IPs whatever its use, and one
// plan usually serves a whole tenant (MicrosoftDocs/azure-docs
// articles/ddos-protection/ddos-protection-overview.md, "Pricing"; the
// plan report lists the choice). Without it public IPs get the
// infrastructure-level DDoS protection every Azure IP has.
type DDoSArgs struct {
	// Enabled turns protection on for the hub VNet and every spoke VNet;
	// PlanID is an existing plan's resource ID (hubspec.DDoS).
	hubspec.DDoS
	// PlanName names the plan created when Enabled and no PlanID.
	PlanName string
}

// newDDoSPlan returns the plan's ID to use, creating it when asked; nil
// without protection.
func newDDoSPlan(ctx *pulumi.Context, name string, hub *HubNetwork, a HubNetworkArgs) (pulumi.StringInput, error) {
	if !a.DDoS.Enabled {
		return nil, nil
	}
	if a.DDoS.PlanID != "" {
		return pulumi.String(a.DDoS.PlanID), nil
	}
	p, err := network.NewDdosProtectionPlan(ctx, name+"-ddos", &network.DdosProtectionPlanArgs{
		ResourceGroupName:      a.ResourceGroupName,
		DdosProtectionPlanName: pulumi.String(a.DDoS.PlanName),
		Location:               pulumi.String(a.Location),
		Tags:                   resopt.Tags(a.Tags),
	}, resopt.Stateful(hub, a.Protect)...)
	if err != nil {
		return nil, err
	}
	return p.ID().ToStringOutput(), nil
}

// WithDDoS associates a VNet with the plan (virtualNetwork.json
// 2024-05-01: enableDdosProtection with ddosProtectionPlan); nil leaves the
// VNet as it is, so a stack without protection plans what it planned before.
func WithDDoS(va *network.VirtualNetworkArgs, plan pulumi.StringInput) {
	if plan == nil {
		return
	}
	va.EnableDdosProtection = pulumi.Bool(true)
	va.DdosProtectionPlan = &network.SubResourceArgs{Id: plan}
}
