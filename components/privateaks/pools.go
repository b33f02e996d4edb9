package privateaks

import (
	"fmt"
	"maps"
	"slices"

	containerservice "github.com/pulumi/pulumi-azure-native-sdk/containerservice/v2/v20240901"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/internal/resopt"
)

// The maintenance configuration names AKS reserves for the two schedules.
const (
	MaintenanceAutoUpgrade = "aksManagedAutoUpgradeSchedule"
	MaintenanceNodeOS      = "aksManagedNodeOSUpgradeSchedule"
)

// newUserPools creates the user pools as AgentPool resources in sorted name
// order, each waiting for the previous one: AKS refuses concurrent
// operations on the pools of one cluster (409 OperationNotAllowed). They
// are not part of the cluster's inline pool list, so adding, changing or
// removing one never touches the cluster resource.
func newUserPools(ctx *pulumi.Context, name string, comp *PrivateAKS, a PrivateAKSArgs, cluster *containerservice.ManagedCluster) error {
	var prev pulumi.Resource
	for _, pool := range slices.Sorted(maps.Keys(a.UserPools)) {
		p := a.UserPools[pool]
		in := poolInputsOf(p, false)
		pa := &containerservice.AgentPoolArgs{
			ResourceGroupName:      a.ResourceGroupName,
			ResourceName:           cluster.Name,
			AgentPoolName:          pulumi.String(pool),
			Mode:                   pulumi.String("User"),
			Type:                   in.typ,
			VmSize:                 in.vmSize,
			EnableAutoScaling:      in.autoScaling,
			Count:                  in.count,
			MinCount:               in.minCount,
			MaxCount:               in.maxCount,
			MaxPods:                in.maxPods,
			VnetSubnetID:           p.SubnetID,
			OsType:                 in.osType,
			OsSKU:                  in.osSKU,
			OsDiskType:             in.osDiskType,
			OsDiskSizeGB:           in.osDiskSizeGB,
			KubeletDiskType:        in.kubeletDiskType,
			EnableEncryptionAtHost: in.encryptionAtHost,
			EnableNodePublicIP:     in.nodePublicIP,
			EnableFIPS:             in.fips,
			ScaleDownMode:          in.scaleDownMode,
			UpgradeSettings:        in.upgrade,
			AvailabilityZones:      in.zones,
			NodeTaints:             in.taints,
			NodeLabels:             in.labels,
			Tags:                   resopt.Tags(a.Tags),
		}
		if p.Priority == "Spot" {
			pa.ScaleSetPriority = pulumi.String("Spot")
			pa.ScaleSetEvictionPolicy = pulumi.String("Delete")
			pa.SpotMaxPrice = pulumi.Float64(-1)
		}
		extra := []pulumi.ResourceOption{
			pulumi.IgnoreChanges(PoolIgnoreChanges()),
			// Pool names are fixed: a replacement (e.g. a new VM size) must
			// delete the old pool first.
			pulumi.DeleteBeforeReplace(true),
			// Deleting the cluster deletes its pools.
			pulumi.DeletedWith(cluster),
		}
		if prev != nil {
			extra = append(extra, pulumi.DependsOn([]pulumi.Resource{prev}))
		}
		ap, err := containerservice.NewAgentPool(ctx, name+"-pool-"+pool, pa, resopt.Child(comp, extra...)...)
		if err != nil {
			return err
		}
		comp.Pools[pool] = ap
		comp.WorkloadsReady = append(comp.WorkloadsReady, ap)
		prev = ap
	}
	return nil
}

// newMaintenance creates the weekly windows of the cluster auto-upgrade and
// the node OS upgrade; a schedule exists only while its channel upgrades.
// weekdays in the API's spelling (managedClusters.json 2024-09-01, WeekDay).
var weekdays = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}

// NodeOSWindow is the node OS upgrade window: it starts when the cluster
// upgrade window ends (the next day if that passes midnight), with the same
// length, so that a Kubernetes upgrade and a node image upgrade never surge
// the pools at once. Both schedules are weekly maintenance configurations
// (aksManagedAutoUpgradeSchedule, aksManagedNodeOSUpgradeSchedule;
// MicrosoftDocs/azure-aks-docs articles/aks/planned-maintenance.md: weekly,
// durationHours at least 4, startTime "HH:mm").
func NodeOSWindow(m MaintenanceArgs) (day string, startHour int) {
	end := *m.StartHour + m.DurationHours
	day = m.Day
	if end >= 24 {
		for i, d := range weekdays {
			if d == m.Day {
				day = weekdays[(i+end/24)%7]
			}
		}
	}
	return day, end % 24
}

func newMaintenance(ctx *pulumi.Context, name string, comp *PrivateAKS, a PrivateAKSArgs, cluster *containerservice.ManagedCluster) error {
	window := func(day string, hour int) *containerservice.MaintenanceWindowArgs {
		return &containerservice.MaintenanceWindowArgs{
			Schedule: &containerservice.ScheduleArgs{
				Weekly: &containerservice.WeeklyScheduleArgs{
					DayOfWeek:     pulumi.String(day),
					IntervalWeeks: pulumi.Int(1),
				},
			},
			StartTime:     pulumi.String(fmt.Sprintf("%02d:00", hour)),
			DurationHours: pulumi.Int(a.Maintenance.DurationHours),
			UtcOffset:     pulumi.String("+00:00"),
		}
	}
	osDay, osHour := NodeOSWindow(a.Maintenance)
	for _, mc := range []struct {
		key, config string
		on          bool
		window      *containerservice.MaintenanceWindowArgs
	}{
		{"maintenance-upgrade", MaintenanceAutoUpgrade, a.AutoUpgradeChannel != "none", window(a.Maintenance.Day, *a.Maintenance.StartHour)},
		{"maintenance-nodeos", MaintenanceNodeOS, a.NodeOSUpgradeChannel == "NodeImage" || a.NodeOSUpgradeChannel == "SecurityPatch", window(osDay, osHour)},
	} {
		if !mc.on {
			continue
		}
		if _, err := containerservice.NewMaintenanceConfiguration(ctx, name+"-"+mc.key, &containerservice.MaintenanceConfigurationArgs{
			ResourceGroupName: a.ResourceGroupName,
			ResourceName:      cluster.Name,
			ConfigName:        pulumi.String(mc.config),
			MaintenanceWindow: mc.window,
		}, resopt.Child(comp, pulumi.DeletedWith(cluster))...); err != nil {
			return err
		}
	}
	return nil
}
