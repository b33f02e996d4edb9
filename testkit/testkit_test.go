package testkit

import (
	"encoding/base64"
	"regexp"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// res is a generic custom resource, so these tests need no provider SDK.
type res struct {
	pulumi.CustomResourceState
	Outputs pulumi.MapOutput `pulumi:""`
}

type comp struct{ pulumi.ResourceState }

var guidRe = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

func TestRecordsRealisticAzureAnswers(t *testing.T) {
	m, err := Run("proj", "dev", func(ctx *pulumi.Context) error {
		c := &comp{}
		if err := ctx.RegisterComponentResource("privateaks:test:Comp", "c", c); err != nil {
			return err
		}
		var subnet, fw, id, cluster res
		if err := ctx.RegisterResource("azure-native:network/v20240501:Subnet", "fw-snet", pulumi.Map{
			"resourceGroupName": pulumi.String("rg-hub"), "virtualNetworkName": pulumi.String("vnet-hub"),
			"subnetName": pulumi.String("AzureFirewallSubnet"), "addressPrefix": pulumi.String("10.9.0.64/26"),
		}, &subnet, pulumi.Parent(c), pulumi.Protect(true)); err != nil {
			return err
		}
		if err := ctx.RegisterResource("azure-native:network/v20240501:AzureFirewall", "fw", pulumi.Map{
			"resourceGroupName": pulumi.String("rg-hub"), "azureFirewallName": pulumi.String("afw"),
			"ipConfigurations": pulumi.Array{pulumi.Map{"name": pulumi.String("ipconfig"), "subnet": pulumi.Map{"id": subnet.ID()}}},
		}, &fw, pulumi.Parent(c), pulumi.IgnoreChanges([]string{"tags"}), pulumi.DependsOn([]pulumi.Resource{&subnet})); err != nil {
			return err
		}
		if err := ctx.RegisterResource("azure-native:managedidentity/v20230131:UserAssignedIdentity", "id", pulumi.Map{
			"resourceGroupName": pulumi.String("rg"), "resourceName": pulumi.String("id-kubelet"),
		}, &id); err != nil {
			return err
		}
		if err := ctx.RegisterResource("azure-native:containerservice/v20240901:ManagedCluster", "aks", pulumi.Map{
			"resourceGroupName": pulumi.String("rg"), "resourceName": pulumi.String("aks-x"), "dnsPrefix": pulumi.String("aks-x"),
			"location": pulumi.String("northeurope"), "kubernetesVersion": pulumi.String("1.30"),
			"identityProfile": pulumi.Map{"kubeletidentity": pulumi.Map{"resourceId": id.ID()}},
		}, &cluster, pulumi.RetainOnDelete(true)); err != nil {
			return err
		}
		var cfg struct {
			SubscriptionID string `pulumi:"subscriptionId"`
		}
		return ctx.Invoke("azure-native:authorization:getClientConfig", nil, &cfg)
	})
	if err != nil {
		t.Fatal(err)
	}
	subnet := m.Find("azure-native:network/v20240501:Subnet", "fw-snet")
	if subnet == nil || subnet.ID != "/subscriptions/"+DefaultSubscriptionID+"/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/AzureFirewallSubnet" {
		t.Fatalf("subnet ARM ID: %+v", subnet)
	}
	if !subnet.Protect || !strings.HasSuffix(subnet.Parent, "privateaks:test:Comp::c") {
		t.Errorf("protect %v parent %q", subnet.Protect, subnet.Parent)
	}
	fw := m.Find("azure-native:network/v20240501:AzureFirewall", "fw")
	if got := Lookup(resourceOutputs(fw), "ipConfigurations[0].privateIPAddress").StringValue(); got != "10.9.0.68" {
		t.Errorf("firewall private IP %q, want the subnet's fourth address 10.9.0.68", got)
	}
	if !fw.DependsOn(subnet.URN) || len(fw.IgnoreChanges) != 1 || fw.URN != "urn:pulumi:dev::proj::privateaks:test:Comp$azure-native:network/v20240501:AzureFirewall::fw" {
		t.Errorf("fw deps %v ignore %v urn %s", fw.Dependencies, fw.IgnoreChanges, fw.URN)
	}
	id := m.Find("azure-native:managedidentity/v20230131:UserAssignedIdentity", "id")
	pid := Lookup(resourceOutputs(id), "principalId").StringValue()
	if !guidRe.MatchString(pid) {
		t.Errorf("principalId %q is not a GUID", pid)
	}
	aks := m.Find("azure-native:containerservice/v20240901:ManagedCluster", "aks")
	out := resourceOutputs(aks)
	if fqdn := Lookup(out, "privateFQDN").StringValue(); !strings.HasSuffix(fqdn, ".privatelink.northeurope.azmk8s.io") {
		t.Errorf("privateFQDN %q", fqdn)
	}
	if iss := Lookup(out, "oidcIssuerProfile.issuerURL").StringValue(); !strings.HasPrefix(iss, "https://northeurope.oic.prod-aks.azure.com/") {
		t.Errorf("issuer %q", iss)
	}
	if Lookup(out, "identityProfile.kubeletidentity.objectId").StringValue() != pid {
		t.Error("the cluster's kubelet object ID is not the identity's principal ID")
	}
	if !aks.RetainOnDelete {
		t.Error("retainOnDelete not recorded")
	}
	if len(m.Invokes()) != 1 || m.Invokes()[0].Token != "azure-native:authorization:getClientConfig" {
		t.Errorf("invokes %v", m.Invokes())
	}
}

func TestDeterministicAcrossRuns(t *testing.T) {
	prog := func(ctx *pulumi.Context) error {
		var r res
		return ctx.RegisterResource("azure-native:managedidentity/v20230131:UserAssignedIdentity", "id", pulumi.Map{
			"resourceGroupName": pulumi.String("rg"), "resourceName": pulumi.String("id-a"),
		}, &r)
	}
	a, _ := Run("p", "s", prog)
	b, _ := Run("p", "s", prog)
	ra, rb := a.Resources()[0], b.Resources()[0]
	if ra.URN != rb.URN || Lookup(resourceOutputs(ra), "clientId").StringValue() != Lookup(resourceOutputs(rb), "clientId").StringValue() {
		t.Fatal("outputs differ between runs")
	}
}

func TestUserCredentialsInvoke(t *testing.T) {
	m := New("p", "s")
	out, err := m.Call(pulumi.MockCallArgs{Token: "azure-native:containerservice/v20240901:listManagedClusterUserCredentials"})
	if err != nil {
		t.Fatal(err)
	}
	v := Lookup(resourceValueOf(out), "kubeconfigs[0].value").StringValue()
	kc, err := base64.StdEncoding.DecodeString(v)
	if err != nil || !strings.Contains(string(kc), "devicecode") || !strings.Contains(string(kc), "kubelogin") {
		t.Fatalf("kubeconfig: %v %s", err, kc)
	}
	if _, err := m.Call(pulumi.MockCallArgs{Token: "azure-native:nope:getNothing"}); err == nil {
		t.Fatal("an unknown invoke must fail loudly")
	}
}

func TestLookupPaths(t *testing.T) {
	m := New("p", "s")
	r := &Resource{Inputs: resourcePropertyMap(map[string]any{"a": []any{map[string]any{"b": "x"}}})}
	_ = m
	if r.String("a[0].b") != "x" || !r.Get("a[1].b").IsNull() || !r.Get("a[").IsNull() || !r.Get("zz.yy").IsNull() {
		t.Fatal("Lookup path handling")
	}
}

func TestStackReference(t *testing.T) {
	m := New("p", "spoke")
	m.StackOutputs["org/hub/prod"] = map[string]any{"hubVnetId": "/subscriptions/x/vnet"}
	got := make(chan string, 1)
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		ref, err := pulumi.NewStackReference(ctx, "org/hub/prod", nil)
		if err != nil {
			return err
		}
		ref.GetStringOutput(pulumi.String("hubVnetId")).ApplyT(func(s string) string { got <- s; return s })
		return nil
	}, pulumi.WithMocks("p", "spoke", m))
	if err != nil {
		t.Fatal(err)
	}
	if v := <-got; v != "/subscriptions/x/vnet" {
		t.Fatalf("stack reference output %q", v)
	}
}

// LookupKnown tells a value that is not set (a known null) from one the
// provider computes later, wherever on the path the unknown sits.
func TestLookupKnown(t *testing.T) {
	in := resource.NewPropertyValue(map[string]any{"a": map[string]any{"b": []any{"x"}}})
	in.ObjectValue()["c"] = resource.MakeComputed(resource.NewStringProperty(""))
	in.ObjectValue()["d"] = resource.NewOutputProperty(resource.Output{Known: false})
	for path, want := range map[string]bool{"a.b[0]": true, "a.missing": true, "a.b[5]": true, "c": false, "c.deeper[0]": false, "d": false} {
		if _, known := LookupKnown(in, path); known != want {
			t.Errorf("LookupKnown(%s) known = %v, want %v", path, known, want)
		}
	}
	if v, _ := LookupKnown(in, "a.b[0]"); v.StringValue() != "x" {
		t.Errorf("a.b[0] = %v", v)
	}
}
