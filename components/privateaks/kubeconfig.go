package privateaks

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// The kubelogin exec plugin, as `kubelogin convert-kubeconfig` writes it.
const (
	kubeloginCommand    = "kubelogin"
	kubeloginAPIVersion = "client.authentication.k8s.io/v1beta1"
	kubeloginHint       = `
kubelogin is not installed which is required to connect to AAD enabled cluster.

To learn more, please go to https://azure.github.io/kubelogin/
`
)

// UserKubeconfig turns the base64 kubeconfigs the cluster user-credentials
// API returned for cluster into the first one, converted for mode. The API
// may answer with none (a cluster still provisioning, or a caller without
// the credentials action); that is an error naming the cluster, not an
// index out of range.
func UserKubeconfig(cluster string, kubeconfigs []string, mode string) (string, error) {
	if len(kubeconfigs) == 0 {
		return "", fmt.Errorf("cluster %s: the user credentials API returned no kubeconfig (is the cluster provisioned, and may this identity list its user credentials?)", cluster)
	}
	raw, err := base64.StdEncoding.DecodeString(kubeconfigs[0])
	if err != nil {
		return "", fmt.Errorf("cluster %s: decoding the cluster's kubeconfig: %w", cluster, err)
	}
	conv, err := ConvertKubeconfig(raw, mode)
	if err != nil {
		return "", fmt.Errorf("cluster %s: %w", cluster, err)
	}
	return string(conv), nil
}

// ConvertKubeconfig rewrites every user of kubeconfig that authenticates
// with kubelogin (an exec plugin whose command contains "kubelogin", or the
// legacy "azure" auth provider) for the non-interactive login mode, the way
// `kubelogin convert-kubeconfig -l <mode>` does without further flags:
//
//   - every mode: `get-token --login <mode> --server-id <id>`, keeping the
//     token cache directory if one was set;
//   - "azurecli", "msi", "workloadidentity": nothing else; the tenant,
//     client and environment come from the Azure CLI login, the managed
//     identity or the AZURE_* variables the workload identity webhook sets;
//   - "spn": also --client-id and --tenant-id (required), --environment if
//     present, --legacy for legacy configs; the secret comes from
//     AAD_SERVICE_PRINCIPAL_CLIENT_SECRET at run time, never the file.
//
// Other users, clusters and contexts are left as they are. The result is
// deterministic for a given input.
func ConvertKubeconfig(kubeconfig []byte, mode string) ([]byte, error) {
	switch mode {
	case KubeloginAzureCLI, KubeloginWorkloadIdentity, KubeloginSPN, KubeloginMSI:
	default:
		return nil, fmt.Errorf("kubelogin mode %q: want one of %s", mode, quoteList(enums["kubeloginMode"]))
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(kubeconfig, &doc); err != nil {
		return nil, fmt.Errorf("parsing kubeconfig: %w", err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("parsing kubeconfig: not a YAML mapping")
	}
	users := mapGet(doc.Content[0], "users")
	if users != nil && users.Kind == yaml.SequenceNode {
		for _, u := range users.Content {
			name := scalar(mapGet(u, "name"))
			user := mapGet(u, "user")
			if user == nil || user.Kind != yaml.MappingNode {
				continue
			}
			if err := convertUser(user, mode); err != nil {
				return nil, fmt.Errorf("kubeconfig user %q: %w", name, err)
			}
		}
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// loginArgs are the values kubelogin carries over from the old config.
type loginArgs struct {
	serverID, clientID, tenantID, environment, cacheDir string
	legacy                                              bool
}

func convertUser(user *yaml.Node, mode string) error {
	exec := mapGet(user, "exec")
	provider := mapGet(user, "auth-provider")
	var in loginArgs
	hint := kubeloginHint
	switch {
	case exec != nil && strings.Contains(strings.ToLower(scalar(mapGet(exec, "command"))), "kubelogin"):
		args := seq(mapGet(exec, "args"))
		in = loginArgs{
			serverID:    argAfter(args, "--server-id"),
			clientID:    argAfter(args, "--client-id"),
			tenantID:    argAfter(args, "--tenant-id"),
			environment: argAfter(args, "--environment"),
			cacheDir:    argAfter(args, "--cache-dir"),
			legacy:      hasArg(args, "--legacy"),
		}
		if in.cacheDir == "" {
			in.cacheDir = argAfter(args, "--token-cache-dir")
		}
		if h := scalar(mapGet(exec, "installHint")); h != "" {
			hint = h
		}
	case provider != nil && scalar(mapGet(provider, "name")) == "azure":
		cfg := mapGet(provider, "config")
		mode := scalar(mapGet(cfg, "config-mode"))
		in = loginArgs{
			serverID:    scalar(mapGet(cfg, "apiserver-id")),
			clientID:    scalar(mapGet(cfg, "client-id")),
			tenantID:    scalar(mapGet(cfg, "tenant-id")),
			environment: scalar(mapGet(cfg, "environment")),
			legacy:      mode == "" || mode == "0",
		}
	default:
		return nil
	}

	out := []string{"get-token", "--login", mode}
	if in.serverID == "" {
		return errors.New("--server-id is required")
	}
	out = append(out, "--server-id", in.serverID)
	if in.cacheDir != "" {
		out = append(out, "--cache-dir", in.cacheDir)
	}
	if mode == KubeloginSPN {
		if in.clientID == "" {
			return errors.New("--client-id is required")
		}
		if in.tenantID == "" {
			return errors.New("--tenant-id is required")
		}
		out = append(out, "--client-id", in.clientID, "--tenant-id", in.tenantID)
		if in.environment != "" {
			out = append(out, "--environment", in.environment)
		}
		if in.legacy {
			out = append(out, "--legacy")
		}
	}

	argNodes := &yaml.Node{Kind: yaml.SequenceNode}
	for _, s := range out {
		argNodes.Content = append(argNodes.Content, str(s))
	}
	newExec := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
		str("apiVersion"), str(kubeloginAPIVersion),
		str("args"), argNodes,
		str("command"), str(kubeloginCommand),
		str("installHint"), str(hint),
		str("provideClusterInfo"), {Kind: yaml.ScalarNode, Tag: "!!bool", Value: "false"},
	}}
	// Replace exec (or auth-provider) in place, keeping the key order.
	replaced := false
	for i := 0; i+1 < len(user.Content); i += 2 {
		switch user.Content[i].Value {
		case "exec", "auth-provider":
			if !replaced {
				user.Content[i] = str("exec")
				user.Content[i+1] = newExec
				replaced = true
				continue
			}
			user.Content = append(user.Content[:i], user.Content[i+2:]...)
			i -= 2
		}
	}
	return nil
}

func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

func mapGet(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

func seq(n *yaml.Node) []string {
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]string, 0, len(n.Content))
	for _, c := range n.Content {
		out = append(out, scalar(c))
	}
	return out
}

func argAfter(args []string, flag string) string {
	for i, a := range args {
		if a == flag && i+1 < len(args) {
			return args[i+1]
		}
	}
	return ""
}

func hasArg(args []string, flag string) bool {
	for _, a := range args {
		if a == flag {
			return true
		}
	}
	return false
}
