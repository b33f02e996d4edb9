package testkit

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
)

// identity is a custom resource with typed outputs, so that each output's
// known-ness is observable on its own.
type identity struct {
	pulumi.CustomResourceState
	Name              pulumi.StringOutput `pulumi:"name"`
	ResourceGroupName pulumi.StringOutput `pulumi:"resourceGroupName"`
	PrincipalID       pulumi.StringOutput `pulumi:"principalId"`
}

type firewall struct {
	pulumi.CustomResourceState
	IPConfigurations pulumi.MapArrayOutput `pulumi:"ipConfigurations"`
}

type k8sProvider struct{ pulumi.ProviderResourceState }

type known struct{ id, name, rg, principal, ipcfgs, privateIP bool }

// previewProgram registers an identity and a firewall whose subnet ID comes
// from the identity's ID, and reports which outputs were known.
func previewProgram(got *known, privateIP *string) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		var id identity
		if err := ctx.RegisterResource("azure-native:managedidentity/v20230131:UserAssignedIdentity", "id", pulumi.Map{
			"resourceGroupName": pulumi.String("rg"), "resourceName": pulumi.String("id-a"),
		}, &id); err != nil {
			return err
		}
		var fw firewall
		if err := ctx.RegisterResource("azure-native:network/v20240501:AzureFirewall", "fw", pulumi.Map{
			"resourceGroupName": pulumi.String("rg"), "azureFirewallName": pulumi.String("afw"),
			"ipConfigurations": pulumi.Array{pulumi.Map{"name": pulumi.String("ipconfig"), "subnet": pulumi.Map{"id": id.ID()}}},
		}, &fw); err != nil {
			return err
		}
		isKnown := func(o pulumi.Output) bool {
			r, err := internals.UnsafeAwaitOutput(ctx.Context(), o)
			return err == nil && r.Known
		}
		got.id, got.name, got.rg, got.principal = isKnown(id.ID()), isKnown(id.Name), isKnown(id.ResourceGroupName), isKnown(id.PrincipalID)
		got.ipcfgs = isKnown(fw.IPConfigurations)
		ip := fw.IPConfigurations.Index(pulumi.Int(0)).MapIndex(pulumi.String("privateIPAddress"))
		if r, err := internals.UnsafeAwaitOutput(ctx.Context(), ip); err == nil && r.Known {
			got.privateIP = true
			*privateIP, _ = r.Value.(string)
		}
		return nil
	}
}

func TestPreviewLeavesComputedOutputsUnknown(t *testing.T) {
	var upd, pre known
	var updIP, preIP string
	if _, err := Run("p", "s", previewProgram(&upd, &updIP)); err != nil {
		t.Fatal(err)
	}
	if upd != (known{true, true, true, true, true, true}) || updIP == "" {
		t.Fatalf("update: every output must be known, got %+v ip %q", upd, updIP)
	}
	m, err := Run("p", "s", previewProgram(&pre, &preIP), Preview())
	if err != nil {
		t.Fatal(err)
	}
	if !m.Preview {
		t.Fatal("Preview() did not switch on preview mode")
	}
	// ID, principal ID and the "name" output (the input is resourceName)
	// are Azure's; the resource group is an input and echoes back.
	if pre.id || pre.name || pre.principal || !pre.rg {
		t.Errorf("preview known-ness: id %v name %v principalId %v resourceGroupName %v; want only resourceGroupName known", pre.id, pre.name, pre.principal, pre.rg)
	}
	// The ipConfigurations input is known, so its output is; the private IP
	// nested in it is computed, which the Go SDK resolves to its zero value.
	if !pre.ipcfgs || !pre.privateIP || preIP != "" {
		t.Errorf("preview firewall: ipConfigurations known %v, privateIPAddress known %v value %q; want known, known, \"\"", pre.ipcfgs, pre.privateIP, preIP)
	}
	fw := m.Find("azure-native:network/v20240501:AzureFirewall", "fw")
	if fw.ID != "" || !fw.IsUnknown("ipConfigurations[0].subnet.id") || fw.IsUnknown("ipConfigurations[0].name") {
		t.Errorf("firewall recorded ID %q, unknown paths %v", fw.ID, fw.UnknownPaths())
	}
	if got := strings.Join(fw.UnknownPaths(), ","); got != "ipConfigurations[0].subnet.id" {
		t.Errorf("UnknownPaths %q", got)
	}
	if _, has := fw.Outputs["ipConfigurations"]; !has {
		t.Error("the preview answer lost the known ipConfigurations input")
	}
}

func TestWithDryRunMeansPreview(t *testing.T) {
	var pre known
	var ip string
	m := New("p", "s")
	if err := m.Run(previewProgram(&pre, &ip), WithDryRun(true)); err != nil {
		t.Fatal(err)
	}
	if !m.Preview || pre.id || pre.principal {
		t.Fatalf("WithDryRun(true): preview %v, id known %v, principal known %v", m.Preview, pre.id, pre.principal)
	}
	m = New("p", "s")
	m.Preview = true
	if err := m.Run(previewProgram(&pre, &ip)); err != nil || pre.id {
		t.Fatalf("Mocks.Preview: err %v, id known %v", err, pre.id)
	}
}

func TestPreviewProviderWithUnknownConfig(t *testing.T) {
	var cmKnown, nsKnown bool
	m, err := Run("p", "s", func(ctx *pulumi.Context) error {
		var id identity
		if err := ctx.RegisterResource("azure-native:managedidentity/v20230131:UserAssignedIdentity", "id", pulumi.Map{
			"resourceGroupName": pulumi.String("rg"), "resourceName": pulumi.String("id-a"),
		}, &id); err != nil {
			return err
		}
		var unknownCfg, knownCfg k8sProvider
		// A secret that is not known yet, as a kubeconfig from a cluster
		// being created is: the bare SDK mock monitor fails on it.
		if err := ctx.RegisterResource("pulumi:providers:kubernetes", "late", pulumi.Map{"kubeconfig": pulumi.ToSecret(id.PrincipalID)}, &unknownCfg); err != nil {
			return err
		}
		if err := ctx.RegisterResource("pulumi:providers:kubernetes", "early", pulumi.Map{"kubeconfig": pulumi.String("apiVersion: v1")}, &knownCfg); err != nil {
			return err
		}
		type obj struct {
			pulumi.CustomResourceState
			Metadata pulumi.MapOutput `pulumi:"metadata"`
		}
		var cm, ns obj
		meta := pulumi.Map{"metadata": pulumi.Map{"name": pulumi.String("x")}}
		if err := ctx.RegisterResource("kubernetes:core/v1:ConfigMap", "cm", meta, &cm, pulumi.Provider(&unknownCfg)); err != nil {
			return err
		}
		if err := ctx.RegisterResource("kubernetes:core/v1:Namespace", "ns", meta, &ns, pulumi.Provider(&knownCfg)); err != nil {
			return err
		}
		r, _ := internals.UnsafeAwaitOutput(ctx.Context(), cm.Metadata)
		cmKnown = r.Known
		r, _ = internals.UnsafeAwaitOutput(ctx.Context(), ns.Metadata)
		nsKnown = r.Known
		return nil
	}, Preview())
	if err != nil {
		t.Fatal(err)
	}
	if cmKnown || !nsKnown {
		t.Errorf("metadata known: under the provider with unknown config %v (want false), under the configured one %v (want true)", cmKnown, nsKnown)
	}
	late := m.Find("pulumi:providers:kubernetes", "late")
	if kc := late.Inputs["kubeconfig"]; !kc.IsSecret() || !late.IsUnknown("kubeconfig") {
		t.Errorf("the provider's kubeconfig is recorded as %v, want a secret unknown", kc)
	}
	cm := m.Find("kubernetes:core/v1:ConfigMap", "cm")
	if !strings.HasSuffix(cm.Provider, "::"+UnknownID) {
		t.Errorf("a provider created in a preview has the engine's unknown ID; reference %q", cm.Provider)
	}
	if m.ByID(UnknownID) != nil {
		t.Error("the unknown ID sentinel must not index a resource")
	}
}

func TestPreviewInvokes(t *testing.T) {
	const list = "azure-native:containerservice/v20240901:listManagedClusterUserCredentials"
	type creds struct {
		Kubeconfigs []map[string]string `pulumi:"kubeconfigs"`
	}
	program := func(plainName bool) pulumi.RunFunc {
		return func(ctx *pulumi.Context) error {
			var cluster identity
			if err := ctx.RegisterResource("azure-native:containerservice/v20240901:ManagedCluster", "aks", pulumi.Map{
				"resourceGroupName": pulumi.String("rg"), "resourceName": pulumi.String("aks-a"),
			}, &cluster); err != nil {
				return err
			}
			if plainName {
				// Known arguments: the invoke runs, against a cluster that
				// an empty stack does not have. (Registration is
				// asynchronous; wait until the monitor has seen it.)
				if _, err := internals.UnsafeAwaitOutput(ctx.Context(), cluster.URN()); err != nil {
					return err
				}
				var out creds
				return ctx.Invoke(list, map[string]any{"resourceGroupName": "rg", "resourceName": "aks-a"}, &out)
			}
			out := ctx.InvokeOutput(list, pulumi.Map{"resourceGroupName": pulumi.String("rg"), "resourceName": cluster.Name},
				pulumi.AnyOutput{}, pulumi.InvokeOutputOptions{})
			_, err := internals.UnsafeAwaitOutput(ctx.Context(), out)
			return err
		}
	}
	m, err := Run("p", "s", program(false), Preview())
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Invokes()) != 0 {
		t.Errorf("an invoke on an unknown cluster name must be skipped in a preview; called %v", m.Invokes())
	}
	if _, err := Run("p", "s", program(true)); err != nil {
		t.Fatalf("update: %v", err)
	}
	_, err = Run("p", "s", program(true), Preview())
	if err == nil || !strings.Contains(err.Error(), "ResourceNotFound") || !strings.Contains(err.Error(), "aks-a") {
		t.Fatalf("preview: an invoke reading a cluster being created must fail as Azure does, got %v", err)
	}
}
