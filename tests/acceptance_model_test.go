package tests

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/privateaks/privateaks/components/privateaks"
	"github.com/privateaks/privateaks/internal/verify/acceptance"
	"github.com/privateaks/privateaks/stacks/stackconfig"
	"github.com/privateaks/privateaks/testkit"
)

// acceptanceDate is the deploy date the model is pinned to here.
var acceptanceDate = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// examplePlans runs both examples over their own stack files; the
// spoke example's StackReference is answered with the prod stack's outputs.
func examplePlans(t *testing.T) map[string]*testkit.Mocks {
	t.Helper()
	return map[string]*testkit.Mocks{
		"examples/minimal":                 planExampleMinimal(t),
		"examples/spoke-into-existing-hub": planExampleSpoke(t),
	}
}

// Both stacks and both examples are accepted by the Azure-acceptance model
// on 2026-12-01.
func TestAcceptanceModelAcceptsStacksAndExamples(t *testing.T) {
	plans := examplePlans(t)
	plans["stack dev"] = planStack(t, "dev")
	plans["stack prod"] = planStack(t, "prod")
	for name, m := range plans {
		rep := acceptance.Check(m, acceptanceDate)
		for _, f := range rep.Findings {
			t.Errorf("%s: %s", name, f)
		}
		if rep.Checked < 50 {
			t.Errorf("%s: only %d checks made", name, rep.Checked)
		}
		t.Logf("%s: %d resources, %d checks, %d findings", name, len(m.Resources()), rep.Checked, len(rep.Findings))
	}
}

// Pinning 1.30 (finding 2) is a validation error naming the key and, in a
// plan, an acceptance finding naming the cluster and input path.
func TestAcceptanceModelRejectsKubernetes130(t *testing.T) {
	s := loadStack(t, "prod")
	raw := stackconfig.Raw{Values: map[string]string{}, Secrets: s.Raw.Secrets, AllowPlaceholders: true}
	for k, v := range s.Raw.Values {
		raw.Values[k] = v
	}
	var spokes map[string]map[string]any
	if err := json.Unmarshal([]byte(raw.Values["privateaks:spokes"]), &spokes); err != nil {
		t.Fatal(err)
	}
	spokes["blue"]["cluster"].(map[string]any)["kubernetesVersion"] = "1.30"
	b, _ := json.Marshal(spokes)
	raw.Values["privateaks:spokes"] = string(b)
	_, err := stackconfig.Load(raw)
	var ve *stackconfig.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("1.30 accepted by validation: %v", err)
	}
	var hit bool
	for _, e := range ve.Errors {
		var fe *stackconfig.FieldError
		if errors.As(e, &fe) && fe.Path == "spokes.blue.cluster.kubernetesVersion" {
			hit = true
			if !strings.Contains(fe.Error(), "1.3") || !strings.Contains(fe.Error(), "AKS creates") {
				t.Errorf("message does not list the creatable versions: %v", fe)
			}
		}
	}
	if !hit {
		t.Fatalf("no error names spokes.blue.cluster.kubernetesVersion: %v", err)
	}

	// The model, on a plan that pins 1.30 on the blue cluster.
	m := planStack(t, "prod")
	c := one(t, m, ":ManagedCluster", "spoke-blue-aks-cluster")
	c.Inputs["kubernetesVersion"] = resource.NewStringProperty("1.30")
	rep := acceptance.Check(m, acceptanceDate)
	hit = false
	for _, f := range rep.Findings {
		if f.Rule == "AZ-AKS-VERSION" && f.Resource == c.URN && f.Path == "kubernetesVersion" && strings.Contains(f.Message, "1.35, 1.36, 1.37") {
			hit = true
		}
	}
	if !hit {
		t.Fatalf("pinning 1.30 gave no AZ-AKS-VERSION finding on %s kubernetesVersion: %v", c.URN, rep.Findings)
	}
}

// Finding 3: the prerequisites a fresh subscription needs are listed, and
// the classic provider registers Microsoft.KubernetesConfiguration itself.
func TestAcceptancePrerequisitesFreshSubscription(t *testing.T) {
	m := planStack(t, "prod")
	got := map[string]acceptance.Prerequisite{}
	for _, p := range acceptance.Prerequisites(m) {
		got[p.Name] = p
	}
	enc, ok := got["Microsoft.Compute/EncryptionAtHost"]
	if !ok || enc.Kind != "feature" || enc.Automatic || !strings.Contains(enc.Fix, "az feature register --namespace Microsoft.Compute --name EncryptionAtHost") {
		t.Errorf("EncryptionAtHost prerequisite: %+v", enc)
	}
	kc, ok := got["Microsoft.KubernetesConfiguration"]
	if !ok || !kc.Automatic {
		t.Errorf("Microsoft.KubernetesConfiguration must be registered by the azure provider: %+v", kc)
	}
	for _, ns := range []string{"Microsoft.ContainerService", "Microsoft.Network", "Microsoft.KeyVault"} {
		if p, ok := got[ns]; !ok || p.Automatic || p.Check == "" {
			t.Errorf("%s prerequisite: %+v", ns, p)
		}
	}
}

// The component checks a set version against the calendar too, with the
// argument path in the error; and a Windows pool on 1.36+ (no Windows
// Server 2022 there) is refused before anything is registered.
func TestPrivateAKSRejectsUncreatableVersions(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		edit       func(a *privateaks.PrivateAKSArgs)
	}{
		{"1.30", "kubernetesVersion", func(a *privateaks.PrivateAKSArgs) { a.KubernetesVersion = "1.30" }},
		{"windows on 1.36", "userPools.win.osSku", func(a *privateaks.PrivateAKSArgs) { a.KubernetesVersion = "1.36" }},
	} {
		_, err := testkit.Run("privateaks", "test", aksProgram(aksFixture{aks: tc.edit}, &aksRun{}))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one naming %s", tc.name, err, tc.want)
		}
	}
	// Unset: AKS's default at creation; nothing is sent.
	m, _ := runAKS(t, aksFixture{aks: func(a *privateaks.PrivateAKSArgs) { a.KubernetesVersion = "" }})
	if c := one(t, m, ":ManagedCluster", "blue-cluster"); present(c, "kubernetesVersion") {
		t.Errorf("an unset version is sent as %v", c.Get("kubernetesVersion"))
	}
}

func present(r *testkit.Resource, path string) bool { return !r.Get(path).IsNull() }
