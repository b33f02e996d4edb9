package tests

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/privateaks/privateaks/components/privateaks"
)

// The credentials API may return no kubeconfig; the program must then fail
// with an error naming the cluster (it used to index [0] and panic).
func TestUserKubeconfigWithoutCredentials(t *testing.T) {
	_, err := privateaks.UserKubeconfig("aks-paks-dev-blue", nil, privateaks.KubeloginAzureCLI)
	if err == nil || !strings.Contains(err.Error(), "cluster aks-paks-dev-blue") || !strings.Contains(err.Error(), "no kubeconfig") {
		t.Fatalf("want an error naming the cluster, got %v", err)
	}
	_, err = privateaks.UserKubeconfig("aks-x", []string{"not base64!"}, privateaks.KubeloginAzureCLI)
	if err == nil || !strings.Contains(err.Error(), "cluster aks-x: decoding") {
		t.Fatalf("want a decoding error naming the cluster, got %v", err)
	}
	kc := "apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    exec:\n      command: kubelogin\n      args: [get-token, --login, devicecode, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630]\n"
	got, err := privateaks.UserKubeconfig("aks-x", []string{base64.StdEncoding.EncodeToString([]byte(kc)), "ignored"}, privateaks.KubeloginAzureCLI)
	if err != nil || !strings.Contains(got, "azurecli") || strings.Contains(got, "devicecode") {
		t.Fatalf("want the first kubeconfig converted for azurecli, got %q, %v", got, err)
	}
}
