package tests

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/privateaks/privateaks/components/privateaks"
	"github.com/privateaks/privateaks/stacks/stackconfig"
)

// specCase is one rule of the cluster's spec (components/privateaks/
// clusterspec), written once and held by both layers: the stack config
// refuses it at spokes.blue.cluster.<path>, the component at <path>, with
// the same value and the same message, and the stack registers nothing.
type specCase struct {
	name string
	// path below the cluster: the config key below spokes.blue.cluster and
	// the component's argument path alike.
	path   string
	config func(cluster map[string]any)
	args   func(a *privateaks.PrivateAKSArgs)
}

// The expectations are Azure's, not our code's: the agent pool count range
// and the system pool's mode (containerservice 2024-09-01 as the SDK
// documents it), the reserved node label prefixes and the ephemeral OS
// disk's fit (azure-aks-docs use-labels.md, azure-docs
// ephemeral-os-disks.md; Standard_D2ds_v5 has a 75 GiB temp disk).
func specCases() []specCase {
	sub := func(m map[string]any, k string) map[string]any {
		if v, ok := m[k].(map[string]any); ok {
			return v
		}
		v := map[string]any{}
		m[k] = v
		return v
	}
	return []specCase{
		{"pod CIDR overlapping the service CIDR", "network.podCidr",
			func(c map[string]any) { sub(c, "network")["podCidr"] = "172.16.0.0/16" },
			func(a *privateaks.PrivateAKSArgs) { a.Network.PodCidr = "172.16.0.0/16" }},
		{"DNS service IP outside the service CIDR", "network.dnsServiceIp",
			func(c map[string]any) { sub(c, "network")["dnsServiceIp"] = "10.0.0.10" },
			func(a *privateaks.PrivateAKSArgs) { a.Network.DNSServiceIP = "10.0.0.10" }},
		{"maintenance window under 4 hours", "maintenance.durationHours",
			func(c map[string]any) { sub(c, "maintenance")["durationHours"] = 2 },
			func(a *privateaks.PrivateAKSArgs) { a.Maintenance.DurationHours = 2 }},
		{"maintenance start hour 24", "maintenance.startHour",
			func(c map[string]any) { sub(c, "maintenance")["startHour"] = 24 },
			func(a *privateaks.PrivateAKSArgs) { h := 24; a.Maintenance.StartHour = &h }},
		{"zone 4", "systemPool.zones",
			func(c map[string]any) { sub(c, "systemPool")["zones"] = []any{"4"} },
			func(a *privateaks.PrivateAKSArgs) { a.SystemPool.Zones = []string{"4"} }},
		{"spot system pool", "systemPool.priority",
			func(c map[string]any) { sub(c, "systemPool")["priority"] = "Spot" },
			func(a *privateaks.PrivateAKSArgs) { a.SystemPool.Priority = "Spot" }},
		{"system pool of no nodes", "systemPool.minCount",
			func(c map[string]any) { sub(c, "systemPool")["minCount"] = 0; sub(c, "systemPool")["maxCount"] = 3 },
			func(a *privateaks.PrivateAKSArgs) { a.SystemPool.MinCount = 0; a.SystemPool.MaxCount = 3 }},
		{"over 1000 nodes", "systemPool.maxCount",
			func(c map[string]any) { sub(c, "systemPool")["maxCount"] = 1001 },
			func(a *privateaks.PrivateAKSArgs) { a.SystemPool.MinCount = 1; a.SystemPool.MaxCount = 1001 }},
		{"Windows system pool", "systemPool.osType",
			func(c map[string]any) { sub(c, "systemPool")["osType"] = "Windows" },
			func(a *privateaks.PrivateAKSArgs) { a.SystemPool.OSType = "Windows" }},
		{"a Windows image that does not exist", "userPools.apps.osSku",
			// Found by the spec: the stack config used to check Linux images only.
			func(c map[string]any) {
				p := sub(sub(c, "userPools"), "apps")
				p["osType"], p["osSku"] = "Windows", "Windows2025"
			},
			func(a *privateaks.PrivateAKSArgs) {
				p := a.UserPools["apps"]
				p.OSType, p.OSSku = "Windows", "Windows2025"
				a.UserPools["apps"] = p
			}},
		{"the system taint given by hand", "systemPool.taints[0]",
			func(c map[string]any) { sub(c, "systemPool")["taints"] = []any{"CriticalAddonsOnly=true:NoSchedule"} },
			func(a *privateaks.PrivateAKSArgs) {
				a.SystemPool.Taints = []string{"CriticalAddonsOnly=true:NoSchedule"}
			}},
		{"a label under kubernetes.azure.com/", "systemPool.labels.kubernetes.azure.com/mode",
			func(c map[string]any) {
				sub(c, "systemPool")["labels"] = map[string]any{"kubernetes.azure.com/mode": "user"}
			},
			func(a *privateaks.PrivateAKSArgs) {
				a.SystemPool.Labels = map[string]string{"kubernetes.azure.com/mode": "user"}
			}},
		{"an ephemeral OS disk larger than the temp disk", "systemPool.osDiskSizeGb",
			// Found by the spec: the component defaulted and accepted 80 GB here.
			func(c map[string]any) {
				p := sub(c, "systemPool")
				p["vmSize"], p["osDiskSizeGb"] = "Standard_D2ds_v5", 80
			},
			func(a *privateaks.PrivateAKSArgs) {
				a.SystemPool.VMSize, a.SystemPool.OSDiskSizeGB = "Standard_D2ds_v5", 80
			}},
		{"a VM size without its family", "systemPool.vmSize",
			func(c map[string]any) { sub(c, "systemPool")["vmSize"] = "D4ds_v5" },
			func(a *privateaks.PrivateAKSArgs) { a.SystemPool.VMSize = "D4ds_v5" }},
		{"300 pods per node", "systemPool.maxPods",
			func(c map[string]any) { sub(c, "systemPool")["maxPods"] = 300 },
			func(a *privateaks.PrivateAKSArgs) { a.SystemPool.MaxPods = 300 }},
	}
}

func TestSpecRulesRefusedAlikeByStackAndComponent(t *testing.T) {
	s := loadStack(t, "dev")
	for _, c := range specCases() {
		t.Run(c.name, func(t *testing.T) {
			if problem := checkSpecCase(t, s.Project, s.Name, s.Raw, c); problem != "" {
				t.Error(problem)
			}
		})
	}
}

// The checker can fail: a case whose component side sets another value
// than its config side, and one whose component side is valid, are both
// reported.
func TestSpecParityCheckerCatchesADifference(t *testing.T) {
	s := loadStack(t, "dev")
	for _, c := range []specCase{
		{"other value", "systemPool.maxPods",
			func(c map[string]any) { c["systemPool"].(map[string]any)["maxPods"] = 300 },
			func(a *privateaks.PrivateAKSArgs) { a.SystemPool.MaxPods = 400 }},
		{"valid in the component", "systemPool.maxPods",
			func(c map[string]any) { c["systemPool"].(map[string]any)["maxPods"] = 300 },
			func(a *privateaks.PrivateAKSArgs) { a.SystemPool.MaxPods = 200 }},
	} {
		if problem := checkSpecCase(t, s.Project, s.Name, s.Raw, c); problem == "" {
			t.Errorf("%s: the checker found no difference", c.name)
		}
	}
}

// checkSpecCase returns what is wrong with how the two layers treat c, or "".
func checkSpecCase(t *testing.T, project, stack string, base stackconfig.Raw, c specCase) string {
	t.Helper()
	raw := withConfig(t, base, "spokes", func(v map[string]any) {
		c.config(v["blue"].(map[string]any)["cluster"].(map[string]any))
	})
	m, err := planRaw(t, project, stack, raw)
	if err == nil {
		return "the stack accepted it"
	}
	if n := len(m.Resources()); n != 0 {
		return fmt.Sprintf("%d resources registered before the refusal", n)
	}
	_, lerr := stackconfig.Load(raw)
	key := "spokes.blue.cluster." + c.path
	var found *stackconfig.FieldError
	for _, e := range unwrapAll(lerr) {
		var fe *stackconfig.FieldError
		if errors.As(e, &fe) && fe.Path == key {
			found = fe
			break
		}
	}
	if found == nil {
		return fmt.Sprintf("no problem at %s:\n%v", key, lerr)
	}
	_, cerr := runErr(t, aksProgram(aksFixture{aks: c.args}, nil))
	if cerr == nil {
		return "the component accepted it"
	}
	want := strings.TrimPrefix(found.Error(), "spokes.blue.cluster.")
	if !strings.Contains(cerr.Error(), "  - "+want+"\n") && !strings.HasSuffix(cerr.Error(), "  - "+want) {
		return fmt.Sprintf("the component does not say what the stack says:\nstack:     %s\ncomponent: %v", found.Error(), cerr)
	}
	return ""
}

func unwrapAll(err error) []error {
	var ve *stackconfig.ValidationError
	if errors.As(err, &ve) {
		return ve.Errors
	}
	if err == nil {
		return nil
	}
	return []error{err}
}
