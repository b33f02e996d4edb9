package untyped

import (
	"errors"
	"os"
	"regexp"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// The version must be the one the typed SDK constructors ask for: the root
// azure-native module's version in go.mod.
func TestAzureNativeVersionMatchesGoMod(t *testing.T) {
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*github\.com/pulumi/pulumi-azure-native-sdk/v2 v(\S+)`).FindSubmatch(mod)
	if m == nil {
		t.Fatal("go.mod does not require github.com/pulumi/pulumi-azure-native-sdk/v2")
	}
	if string(m[1]) != AzureNativeVersion {
		t.Fatalf("AzureNativeVersion = %s, go.mod has %s", AzureNativeVersion, m[1])
	}
}

type recorder struct {
	mu   sync.Mutex
	regs []pulumi.MockResourceArgs
}

func (r *recorder) NewResource(a pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.regs = append(r.regs, a)
	return a.Name + "-id", a.Inputs, nil
}

func (r *recorder) Call(pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return resource.PropertyMap{}, nil
}

func TestRegisterSendsTokenInputsAndVersion(t *testing.T) {
	rec := &recorder{}
	ids := make(chan string, 1)
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		r, err := Register(ctx, PolicyAssignment, "pa", pulumi.Map{
			"scope":      pulumi.String("/subscriptions/s"),
			"parameters": pulumi.Map{"effect": pulumi.Map{"value": pulumi.String("Deny")}},
		}, pulumi.Protect(true))
		if err != nil {
			return err
		}
		r.ID().ApplyT(func(id pulumi.ID) string { ids <- string(id); return "" })
		return nil
	}, pulumi.WithMocks("p", "s", rec))
	if err != nil {
		t.Fatal(err)
	}
	if id := <-ids; id != "pa-id" {
		t.Errorf("ID = %q", id)
	}
	if len(rec.regs) != 1 {
		t.Fatalf("%d registrations", len(rec.regs))
	}
	a := rec.regs[0]
	if a.TypeToken != "azure-native:authorization:PolicyAssignment" || a.Name != "pa" {
		t.Errorf("registered %s %s", a.TypeToken, a.Name)
	}
	if a.Provider != "" {
		t.Errorf("provider %q", a.Provider)
	}
	if a.RegisterRPC.GetVersion() != AzureNativeVersion {
		t.Errorf("version %q, want %s", a.RegisterRPC.GetVersion(), AzureNativeVersion)
	}
	if !a.RegisterRPC.GetProtect() {
		t.Error("caller's options were dropped")
	}
	var aliasTypes []string
	for _, al := range a.RegisterRPC.GetAliases() {
		aliasTypes = append(aliasTypes, al.GetSpec().GetType())
	}
	if !sameSet(aliasTypes, PolicyAssignment.AliasTypes) {
		t.Errorf("aliases sent %v, want the types %v", aliasTypes, PolicyAssignment.AliasTypes)
	}
	eff := a.Inputs["parameters"].ObjectValue()["effect"].ObjectValue()["value"]
	if eff.StringValue() != "Deny" || a.Inputs["scope"].StringValue() != "/subscriptions/s" {
		t.Errorf("inputs %v", a.Inputs)
	}
}

func TestRegisterRefusesMissingRequired(t *testing.T) {
	rec := &recorder{}
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		_, err := Register(ctx, Kind{Token: "azure-native:x:Y", Required: []string{"scope"}}, "y", pulumi.Map{})
		return err
	}, pulumi.WithMocks("p", "s", rec))
	var me *MissingError
	if !errors.As(err, &me) || me.Property != "scope" {
		t.Fatalf("err = %v", err)
	}
	if len(rec.regs) != 0 {
		t.Errorf("registered %d resources", len(rec.regs))
	}
}
