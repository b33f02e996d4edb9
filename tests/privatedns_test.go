package tests

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/components/privatedns"
)

func TestPrivateDNSZonesAndLinks(t *testing.T) {
	m := run(t, func(ctx *pulumi.Context) error {
		_, err := privatedns.NewPrivateDNS(ctx, "dns", &privatedns.PrivateDNSArgs{
			ResourceGroupName: pulumi.String("rg-hub"),
			Location:          "westeurope",
			ExtraZones:        []string{"privatelink.blob.core.windows.net"},
			VnetLinks:         map[string]pulumi.StringInput{"hub": pulumi.String("/vnet/hub"), "spoke-blue": pulumi.String("/vnet/blue")},
			Protect:           true,
		})
		return err
	})
	want := map[string]string{
		"dns-apiServer":                         "privatelink.westeurope.azmk8s.io",
		"dns-acr":                               "privatelink.azurecr.io",
		"dns-keyVault":                          "privatelink.vaultcore.azure.net",
		"dns-privatelink.blob.core.windows.net": "privatelink.blob.core.windows.net",
	}
	zones := m.ByTypeSuffix(":PrivateZone")
	if len(zones) != len(want) {
		t.Fatalf("want %d zones, got %d", len(want), len(zones))
	}
	for name, zone := range want {
		z := one(t, m, ":PrivateZone", name)
		if z.String("privateZoneName") != zone || z.String("location") != "Global" || !z.Protect {
			t.Errorf("%s: %v protect=%v", name, z.Inputs, z.Protect)
		}
		for _, vk := range []string{"hub", "spoke-blue"} {
			l := one(t, m, ":VirtualNetworkLink", name+"-link-"+vk)
			if l.Bool("registrationEnabled") || l.String("virtualNetwork.id") != "/vnet/"+map[string]string{"hub": "hub", "spoke-blue": "blue"}[vk] {
				t.Errorf("%s link %s: %v", name, vk, l.Inputs)
			}
			if !l.DependsOn(z.URN) {
				t.Errorf("link %s does not wait for its zone", l.Name)
			}
		}
	}
}

func TestPrivateDNSRejectsBadArgs(t *testing.T) {
	m, err := runErr(t, func(ctx *pulumi.Context) error {
		_, err := privatedns.NewPrivateDNS(ctx, "dns", &privatedns.PrivateDNSArgs{Location: "West Europe", ExtraZones: []string{"privatelink.azurecr.io"}})
		return err
	})
	if err == nil || len(m.Resources()) != 0 {
		t.Fatalf("err=%v resources=%d", err, len(m.Resources()))
	}
}
