package tests

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/components/identities"
	"github.com/privateaks/privateaks/components/privateaks"
)

// UseIdentities fills every identity input of the cluster: each field of
// PrivateAKSArgs that names an identity, a kubelet value or a principal is
// set, so a new identity field cannot be forgotten by the stacks and the
// examples, which all wire through it.
func TestUseIdentitiesFillsEveryIdentityInput(t *testing.T) {
	var wired []string
	run(t, func(ctx *pulumi.Context) error {
		ids, err := identities.NewIdentities(ctx, "blue-id", idsArgs())
		if err != nil {
			return err
		}
		a := &privateaks.PrivateAKSArgs{}
		a.UseIdentities(ids)
		v := reflect.ValueOf(*a)
		for i := 0; i < v.NumField(); i++ {
			name := v.Type().Field(i).Name
			if !strings.Contains(name, "Identity") && !strings.HasPrefix(name, "Kubelet") && !strings.HasSuffix(name, "PrincipalID") {
				continue
			}
			if v.Field(i).IsNil() {
				t.Errorf("UseIdentities leaves %s unset", name)
			}
			wired = append(wired, name)
		}
		return nil
	})
	if len(wired) != 5 {
		t.Errorf("identity inputs %v, want the 5 of the control plane and the kubelet", wired)
	}
}
