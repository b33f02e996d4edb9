package clusterspec

import (
	"reflect"
	"strings"
	"testing"
)

// Defaults fill only what is unset, share nothing with the input, are
// stable when applied twice, and always validate.
func TestDefaultsAreCompleteStableAndValid(t *testing.T) {
	for _, mode := range PluginModes {
		n := Network{PluginMode: mode}.WithDefaults()
		if errs := n.Validate("network"); len(errs) != 0 {
			t.Errorf("%s: defaulted network refused: %v", mode, errs)
		}
		if !reflect.DeepEqual(n, n.WithDefaults()) {
			t.Errorf("%s: network defaults not idempotent", mode)
		}
		for _, system := range []bool{true, false} {
			d := UserPoolDefaults("westeurope")
			if system {
				d = SystemPoolDefaults("westeurope")
			}
			for _, os := range OSTypes {
				if system && os == "Windows" {
					continue
				}
				in := NodePool{OSType: os, Labels: map[string]string{"a": "b"}, Taints: []string{"x=y:NoSchedule"}}
				p := in.WithDefaults(mode, d)
				if errs := p.Validate("pool", system); len(errs) != 0 {
					t.Errorf("%s %s system=%v: defaulted pool refused: %v", mode, os, system, errs)
				}
				if !reflect.DeepEqual(p, p.WithDefaults(mode, d)) {
					t.Errorf("%s %s: pool defaults not idempotent", mode, os)
				}
				p.Labels["a"], p.Taints[0] = "changed", "changed"
				if in.Labels["a"] != "b" || in.Taints[0] != "x=y:NoSchedule" {
					t.Errorf("the defaulted pool shares its labels or taints with the input")
				}
			}
		}
	}
	m := Maintenance{}.WithDefaults()
	if errs := m.Validate("maintenance"); len(errs) != 0 {
		t.Errorf("defaulted window refused: %v", errs)
	}
}

// What the defaults choose, against Azure's own rules rather than our
// constants: a Windows pool gets an image AKS has (Windows2022 is AKS's
// default, MicrosoftDocs/azure-aks-docs windows-faq.md), nodeSubnet mode has
// no pod CIDR, and an ephemeral OS disk fits the VM's temp disk
// (Standard_D2ds_v5: 75 GiB, azure-docs sizes ddsv5-series).
func TestDefaultsMeetAzuresRules(t *testing.T) {
	w := NodePool{OSType: "Windows"}.WithDefaults(PluginModeOverlay, UserPoolDefaults("westeurope"))
	if w.OSSku != "Windows2022" {
		t.Errorf("Windows pool image %q, want Windows2022", w.OSSku)
	}
	if n := (Network{PluginMode: PluginModeNodeSubnet}).WithDefaults(); n.PodCidr != "" || n.Policy == "cilium" {
		t.Errorf("nodeSubnet defaults: podCidr %q policy %q", n.PodCidr, n.Policy)
	}
	p := NodePool{VMSize: "Standard_D2ds_v5"}.WithDefaults(PluginModeOverlay, SystemPoolDefaults("westeurope"))
	if p.OSDiskSizeGB > 75 {
		t.Errorf("ephemeral OS disk %d GB on Standard_D2ds_v5 (75 GiB temp disk)", p.OSDiskSizeGB)
	}
	if p.MinCount < 1 {
		t.Errorf("system pool defaults to %d nodes; AKS needs at least 1", p.MinCount)
	}
}

// Each rule refuses its case under the right path, and accepts the value
// just inside the bound (so no bound is off by one).
func TestPoolRules(t *testing.T) {
	base := func() NodePool {
		return NodePool{}.WithDefaults(PluginModeOverlay, UserPoolDefaults("westeurope"))
	}
	for _, c := range []struct {
		name   string
		edit   func(p *NodePool)
		system bool
		path   string // "" means valid
	}{
		{"1000 nodes", func(p *NodePool) { p.MinCount, p.MaxCount = 0, 1000 }, false, ""},
		{"1001 nodes", func(p *NodePool) { p.MaxCount = 1001 }, false, "pool.maxCount"},
		{"user pool of 0", func(p *NodePool) { p.MinCount, p.MaxCount = 0, 1 }, false, ""},
		{"system pool of 0", func(p *NodePool) { p.MinCount, p.MaxCount = 0, 1 }, true, "pool.minCount"},
		{"250 pods", func(p *NodePool) { p.MaxPods = 250 }, false, ""},
		{"251 pods", func(p *NodePool) { p.MaxPods = 251 }, false, "pool.maxPods"},
		{"zone twice", func(p *NodePool) { p.Zones = []string{"1", "1"} }, false, "pool.zones"},
		{"no zones", func(p *NodePool) { p.Zones = []string{} }, false, ""},
		{"Windows image on Linux", func(p *NodePool) { p.OSSku = "Windows2022" }, false, "pool.osSku"},
		{"Linux image on Windows", func(p *NodePool) { p.OSType = "Windows" }, false, "pool.osSku"},
		{"spot user pool", func(p *NodePool) { p.Priority = "Spot" }, false, ""},
		{"spot system pool", func(p *NodePool) { p.Priority = "Spot" }, true, "pool.priority"},
		{"CriticalAddonsOnly on a user pool", func(p *NodePool) { p.Taints = []string{"CriticalAddonsOnly=true:NoSchedule"} }, false, ""},
		{"CriticalAddonsOnly on the system pool", func(p *NodePool) { p.Taints = []string{"CriticalAddonsOnly=true:NoSchedule"} }, true, "pool.taints[0]"},
		{"taint without effect", func(p *NodePool) { p.Taints = []string{"a=b"} }, false, "pool.taints[0]"},
		{"reserved label", func(p *NodePool) { p.Labels = map[string]string{"kubernetes.azure.com/x": "y"} }, false, "pool.labels.kubernetes.azure.com/x"},
		{"ephemeral disk too big", func(p *NodePool) { p.VMSize, p.OSDiskSizeGB = "Standard_D2ds_v5", 76 }, false, "pool.osDiskSizeGb"},
		{"managed disk that size", func(p *NodePool) {
			f := false
			p.VMSize, p.OSDiskSizeGB, p.EphemeralOSDisk = "Standard_D2ds_v5", 76, &f
		}, false, ""},
	} {
		p := base()
		c.edit(&p)
		errs := p.Validate("pool", c.system)
		if c.path == "" {
			if len(errs) != 0 {
				t.Errorf("%s: refused: %v", c.name, errs)
			}
			continue
		}
		found := false
		for _, e := range errs {
			found = found || strings.HasPrefix(e.Error(), c.path+": ")
		}
		if !found {
			t.Errorf("%s: no problem at %s: %v", c.name, c.path, errs)
		}
	}
}
