package privateaks

import (
	containerservice "github.com/pulumi/pulumi-azure-native-sdk/containerservice/v2/v20240901"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// poolInputs are the inputs every pool sends, the inline system pool and
// the AgentPool resources alike: the pool's spec in the API's types, and
// the hardening no argument changes. The SDK has a type for each kind of
// pool; their shared inputs are decided here once so the two never drift.
type poolInputs struct {
	typ, vmSize, osType, osSKU, osDiskType, kubeletDiskType, scaleDownMode pulumi.StringInput
	count, minCount, maxCount, maxPods, osDiskSizeGB                       pulumi.IntInput
	autoScaling, encryptionAtHost, nodePublicIP, fips                      pulumi.BoolInput
	zones, taints                                                          pulumi.StringArrayInput
	labels                                                                 pulumi.StringMapInput
	upgrade                                                                *containerservice.AgentPoolUpgradeSettingsArgs
}

// poolInputsOf maps a defaulted pool to its inputs. Unset lists and maps
// stay nil (not empty) so that the inputs match what Azure returns; the
// system pool always carries its taint (SystemPoolTaint), so its taint list
// is never empty.
func poolInputsOf(p NodePoolArgs, system bool) poolInputs {
	in := poolInputs{
		// Every pool is a scale set the cluster autoscaler sizes, created
		// with MinCount nodes.
		typ:         pulumi.String("VirtualMachineScaleSets"),
		autoScaling: pulumi.Bool(true),
		vmSize:      pulumi.String(p.VMSize),
		count:       pulumi.Int(p.MinCount),
		minCount:    pulumi.Int(p.MinCount),
		maxCount:    pulumi.Int(p.MaxCount),
		maxPods:     pulumi.Int(p.MaxPods),
		osType:      pulumi.String(p.OSType),
		osSKU:       pulumi.String(p.OSSku),
		osDiskType:  pulumi.String(osDiskType(p)),
		// The kubelet's data on the OS disk, encrypted at host; no public
		// IP on any node; FIPS off; scale-down deletes nodes.
		osDiskSizeGB:     pulumi.Int(p.OSDiskSizeGB),
		kubeletDiskType:  pulumi.String("OS"),
		encryptionAtHost: pulumi.Bool(true),
		nodePublicIP:     pulumi.Bool(false),
		fips:             pulumi.Bool(false),
		scaleDownMode:    pulumi.String("Delete"),
		upgrade:          &containerservice.AgentPoolUpgradeSettingsArgs{MaxSurge: pulumi.String(p.MaxSurge)},
	}
	if system || len(p.Zones) > 0 {
		in.zones = pulumi.ToStringArray(sortedUnique(p.Zones))
	}
	if t := p.taints(system); len(t) > 0 {
		in.taints = pulumi.ToStringArray(t)
	}
	if len(p.Labels) > 0 {
		in.labels = pulumi.ToStringMap(p.Labels)
	}
	return in
}
