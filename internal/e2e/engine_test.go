//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"gopkg.in/yaml.v3"
)

// TestEngine drives dev, prod and a Flux manifests-mode stack through the
// real engine: preview, up, a preview that must show no changes, the state
// against the offline plan, a safe change that updates only one node pool,
// and, for prod, a replacing change refused while protected and accepted
// with acknowledgeReplacement, and a destroy refused by protection.
func TestEngine(t *testing.T) {
	e := newEnv(t)
	t.Run("dev", func(t *testing.T) {
		s, dir := e.stack(t, "dev", readFile(t, filepath.Join(repo, "Pulumi.dev.yaml")))
		lifecycle(t, s, dir, "blue", "apps")
		renamedCluster(t, s, "spoke-blue-aks")
		destroy(t, s, false)
	})
	t.Run("manifests", func(t *testing.T) {
		s, dir := e.stack(t, "manifests", manifestsStack(t))
		lifecycle(t, s, dir, "blue", "apps")
		destroy(t, s, false)
	})
	t.Run("no-kubeconfig", func(t *testing.T) {
		// The credentials invoke answers with no kubeconfig: up must fail
		// with an error naming the cluster, and the program must not panic.
		s, _ := e.stackWithEnv(t, "nokubeconfig", readFile(t, filepath.Join(repo, "Pulumi.dev.yaml")),
			map[string]string{"PRIVATEAKS_TEST_PROVIDER_NO_KUBECONFIG": "1"})
		start := time.Now()
		_, err := s.Up(context.Background())
		if err == nil {
			t.Fatal("up succeeded although the cluster returned no kubeconfig")
		}
		step(t, "nokubeconfig: up failed as it must (%s): %s", time.Since(start).Round(time.Millisecond), firstLines(refusal(err.Error()), 2))
		if !strings.Contains(err.Error(), "cluster aks-paks-dev-blue") || !strings.Contains(err.Error(), "no kubeconfig") || strings.Contains(err.Error(), "panic") {
			t.Errorf("want an error naming the cluster and no panic, got %v", err)
		}
		destroy(t, s, false)
	})
	t.Run("prod", func(t *testing.T) {
		// The committed prod stack is a sample: its Entra group IDs are
		// placeholders, which a protected stack refuses before anything is
		// registered. Replaced the way a user does, it deploys.
		sample := readFile(t, filepath.Join(repo, "Pulumi.prod.yaml"))
		refusedPlaceholders(t, e, sample)
		s, dir := e.stack(t, "prod", withRealGroupIDs(sample))
		lifecycle(t, s, dir, "green", "apps")
		replacement(t, s)
		destroy(t, s, true)
	})
}

// refusedPlaceholders previews the sample prod stack as committed: the
// engine must refuse it, naming each placeholder's config key, with nothing
// to create.
func refusedPlaceholders(t *testing.T, e *env, sample []byte) {
	t.Helper()
	s, _ := e.stack(t, "prodsample", sample)
	start := time.Now()
	_, err := s.Preview(context.Background())
	if err == nil {
		t.Fatal("the sample prod stack with placeholder Entra IDs previewed; a protected stack must refuse them")
	}
	msg := err.Error()
	step(t, "prodsample: preview refused (%s): %s", time.Since(start).Round(time.Millisecond), firstLines(refusal(msg), 1))
	for _, key := range []string{"spokes.blue.cluster.adminGroupObjectIds[0]", "spokes.green.cluster.keyVault.secretsOfficerGroups[0]", "spokes.blue.cluster.namespaceAccess.payments.writers[0]"} {
		if !strings.Contains(msg, key) {
			t.Errorf("the refusal does not name %s:\n%s", key, msg)
		}
	}
}

// placeholderRe matches the sample stacks' placeholder Entra IDs.
var placeholderRe = regexp.MustCompile(`00000000-0000-0000-0000-0000000000([0-9a-f]{2})`)

// withRealGroupIDs is the sample with its placeholders replaced by IDs of
// the form Entra ID issues (random version-4 GUIDs), as a user would.
func withRealGroupIDs(b []byte) []byte {
	return placeholderRe.ReplaceAll(b, []byte("7f3a9c2e-5b1d-4e8a-9c3f-6d2e8b1a00$1"))
}

func readFile(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// manifestsStack is dev with Flux installed from manifests (mode
// "manifests") instead of the AKS extension: the kubernetes provider path.
func manifestsStack(t *testing.T) []byte {
	t.Helper()
	var doc map[string]map[string]any
	if err := yaml.Unmarshal(readFile(t, filepath.Join(repo, "Pulumi.dev.yaml")), &doc); err != nil {
		t.Fatal(err)
	}
	file, err := filepath.Abs(filepath.Join(repo, "components/fluxbootstrap/testdata/flux-install.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	flux := doc["config"]["privateaks:flux"].(map[string]any)
	flux["mode"] = "manifests"
	flux["manifests"] = map[string]any{"version": "v2.4.0", "file": file}
	doc["config"]["privateaks:prefix"] = "paks-mf"
	spokes := doc["config"]["privateaks:spokes"].(map[string]any)
	cluster := spokes["blue"].(map[string]any)["cluster"].(map[string]any)
	cluster["registry"] = map[string]any{"name": "acrpaksmfblue"}
	cluster["keyVault"] = map[string]any{"name": "kv-paks-mf-blue"}
	cluster["workloadIdentities"] = map[string]any{"id-paks-mf-blue-apps": map[string]any{"serviceAccounts": []any{"apps/api"}}}
	out, err := yaml.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// opsRecorder collects the engine's steps from the event stream.
type opsRecorder struct {
	ch   chan events.EngineEvent
	done chan struct{}
	ops  map[string]string // URN -> op, for every step that is not "same"
}

func record() *opsRecorder {
	r := &opsRecorder{ch: make(chan events.EngineEvent), done: make(chan struct{}), ops: map[string]string{}}
	go func() {
		defer close(r.done)
		for ev := range r.ch {
			if pre := ev.ResourcePreEvent; pre != nil {
				op := string(pre.Metadata.Op)
				if op != string(apitype.OpSame) && op != string(apitype.OpRead) {
					if prev, ok := r.ops[pre.Metadata.URN]; ok && prev != op {
						op = prev + "+" + op
					}
					r.ops[pre.Metadata.URN] = op
				}
			}
		}
	}()
	return r
}

func (r *opsRecorder) wait() map[string]string { <-r.done; return r.ops }

func sortedOps(ops map[string]string) []string {
	var out []string
	for urn, op := range ops {
		out = append(out, op+" "+urn)
	}
	sort.Strings(out)
	return out
}

func summary(m map[apitype.OpType]int) string {
	var parts []string
	for op, n := range m {
		parts = append(parts, string(op)+"="+itoa(n))
	}
	sort.Strings(parts)
	return strings.Join(parts, " ")
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func upSummary(r auto.UpResult) map[apitype.OpType]int {
	out := map[apitype.OpType]int{}
	if r.Summary.ResourceChanges != nil {
		for k, v := range *r.Summary.ResourceChanges {
			out[apitype.OpType(k)] = v
		}
	}
	return out
}

// lifecycle: preview, up, no-change preview, plan comparison, and the safe
// change of one user pool's maxCount.
func lifecycle(t *testing.T, s auto.Stack, dir, spoke, pool string) {
	ctx := context.Background()
	name := s.Name()

	start := time.Now()
	pre, err := s.Preview(ctx)
	if err != nil {
		t.Fatalf("%s: preview: %v", name, err)
	}
	step(t, "%s: preview: %s (%s)", name, summary(pre.ChangeSummary), time.Since(start).Round(time.Millisecond))

	start = time.Now()
	up, err := s.Up(ctx)
	if err != nil {
		t.Fatalf("%s: up: %v", name, err)
	}
	step(t, "%s: up: %s (%s)", name, summary(upSummary(up)), time.Since(start).Round(time.Millisecond))
	if c := upSummary(up)[apitype.OpCreate]; c != pre.ChangeSummary[apitype.OpCreate] {
		t.Errorf("%s: preview planned %d creates, up made %d", name, pre.ChangeSummary[apitype.OpCreate], c)
	}

	start = time.Now()
	if _, err := s.Preview(ctx, optpreview.ExpectNoChanges()); err != nil {
		t.Fatalf("%s: preview --expect-no-changes after up: %v", name, err)
	}
	step(t, "%s: preview --expect-no-changes: no changes (%s)", name, time.Since(start).Round(time.Millisecond))

	compareWithPlan(t, s, dir)

	// A safe change: one user pool may grow. Only that pool may change.
	key := "privateaks:spokes." + spoke + ".cluster.userPools." + pool + ".maxCount"
	cur, err := s.GetConfigWithOptions(ctx, key, &auto.ConfigOptions{Path: true})
	if err != nil {
		t.Fatalf("%s: reading %s: %v", name, key, err)
	}
	next := itoa(atoi(t, cur.Value) + 1)
	if err := s.SetConfigWithOptions(ctx, key, auto.ConfigValue{Value: next}, &auto.ConfigOptions{Path: true}); err != nil {
		t.Fatal(err)
	}
	rec := record()
	start = time.Now()
	if _, err := s.Up(ctx, optup.EventStreams(rec.ch)); err != nil {
		t.Fatalf("%s: up after %s=%s: %v", name, key, next, err)
	}
	ops := rec.wait()
	step(t, "%s: %s %s -> %s: %d resource(s) changed (%s): %s", name, key, cur.Value, next, len(ops), time.Since(start).Round(time.Millisecond), strings.Join(sortedOps(ops), "; "))
	wantSuffix := "containerservice/v20240901:AgentPool::" + spoke + "-" + pool
	if len(ops) != 1 {
		t.Errorf("%s: growing pool %s.%s changed %d resources, want only the pool: %v", name, spoke, pool, len(ops), sortedOps(ops))
	}
	for urn, op := range ops {
		if op != string(apitype.OpUpdate) || !strings.Contains(urn, ":AgentPool::") || !strings.HasSuffix(urn, pool) {
			t.Errorf("%s: want only an update of the %s pool (%s), got %s %s", name, pool, wantSuffix, op, urn)
		}
	}
}

func atoi(t *testing.T, s string) int {
	var n int
	if err := json.Unmarshal([]byte(s), &n); err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return n
}

// replacement: a field that replaces the cluster is refused while the
// cluster is protected, and accepted once acknowledged.
func replacement(t *testing.T, s auto.Stack) {
	ctx := context.Background()
	field := "spokes.blue.cluster.network.podCidr"
	if err := s.SetConfigWithOptions(ctx, "privateaks:"+field, auto.ConfigValue{Value: "10.248.0.0/16"}, &auto.ConfigOptions{Path: true}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err := s.Up(ctx)
	if err == nil {
		t.Fatalf("prod: up replaced the protected cluster after %s changed", field)
	}
	msg := refusal(err.Error())
	step(t, "prod: %s changed, protected: up refused (%s): %s", field, time.Since(start).Round(time.Millisecond), msg)
	if !strings.Contains(err.Error(), "protect") || !strings.Contains(err.Error(), "ManagedCluster") {
		t.Errorf("prod: the refusal does not name protection and the cluster: %v", err)
	}

	if err := s.SetConfigWithOptions(ctx, "privateaks:acknowledgeReplacement[0]", auto.ConfigValue{Value: field}, &auto.ConfigOptions{Path: true}); err != nil {
		t.Fatal(err)
	}
	rec := record()
	start = time.Now()
	if _, err := s.Up(ctx, optup.EventStreams(rec.ch)); err != nil {
		t.Fatalf("prod: up with acknowledgeReplacement [%s]: %v", field, err)
	}
	ops := rec.wait()
	var replaced []string
	for urn, op := range ops {
		if strings.Contains(op, "replace") {
			replaced = append(replaced, op+" "+urn)
		}
	}
	sort.Strings(replaced)
	step(t, "prod: acknowledgeReplacement [%s]: up accepted (%s), %d resource(s) changed; replaced: %s", field, time.Since(start).Round(time.Millisecond), len(ops), strings.Join(replaced, "; "))
	found := false
	for _, r := range replaced {
		if strings.Contains(r, ":ManagedCluster::spoke-blue-") {
			found = true
		}
	}
	if !found {
		t.Errorf("prod: the acknowledged change did not replace the blue cluster: %v", sortedOps(ops))
	}
}

// renamedCluster holds the cluster's rename (issue 14: "spoke-blue-aks-aks"
// became "spoke-blue-aks-cluster") to its aliases under the real engine:
// the state is rewritten to the old names, as a stack deployed before the
// rename has it, and the next preview must move the cluster and its
// diagnostic setting in state, neither creating nor deleting anything;
// after an up the state carries the new names only.
func renamedCluster(t *testing.T, s auto.Stack, component string) {
	ctx := context.Background()
	name := s.Name()
	u, err := s.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	renames := []struct{ now, before string }{
		{"::" + component + "-cluster-diagnostics\"", "::" + component + "-aks-diagnostics\""},
		{"::" + component + "-cluster\"", "::" + component + "-aks\""},
	}
	old := string(u.Deployment)
	for _, r := range renames {
		if !strings.Contains(old, r.now) {
			t.Fatalf("%s: no %s in the state", name, r.now)
		}
		old = strings.ReplaceAll(old, r.now, r.before)
	}
	u.Deployment = json.RawMessage(old)
	if err := s.Import(ctx, u); err != nil {
		t.Fatalf("%s: importing the state with the old names: %v", name, err)
	}
	start := time.Now()
	pre, err := s.Preview(ctx)
	if err != nil {
		t.Fatalf("%s: preview over the old names: %v", name, err)
	}
	step(t, "%s: state with the cluster's old names %s-aks, %s-aks-diagnostics: preview %s (%s)", name, component, component, summary(pre.ChangeSummary), time.Since(start).Round(time.Millisecond))
	for _, op := range []apitype.OpType{apitype.OpCreate, apitype.OpDelete, apitype.OpReplace, apitype.OpCreateReplacement, apitype.OpDeleteReplaced} {
		if n := pre.ChangeSummary[op]; n != 0 {
			t.Errorf("%s: the rename would %s %d resource(s): the aliases do not hold", name, op, n)
		}
	}
	if _, err := s.Up(ctx); err != nil {
		t.Fatalf("%s: up over the old names: %v", name, err)
	}
	after, err := s.Export(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range renames {
		if strings.Contains(string(after.Deployment), r.before) || !strings.Contains(string(after.Deployment), r.now) {
			t.Errorf("%s: after up the state still has %s or lacks %s", name, r.before, r.now)
		}
	}
	if _, err := s.Preview(ctx, optpreview.ExpectNoChanges()); err != nil {
		t.Fatalf("%s: preview --expect-no-changes after the rename: %v", name, err)
	}
	step(t, "%s: after up the state has the new names only; preview --expect-no-changes: no changes", name)
}

// refusal picks the engine's error lines out of the CLI's output.
func refusal(s string) string {
	var lines []string
	all := strings.Split(s, "\n")
	for i, l := range all {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "error:") {
			// The engine wraps its message over the next line.
			if i+1 < len(all) && strings.TrimSpace(all[i+1]) != "" && !strings.HasPrefix(strings.TrimSpace(all[i+1]), "error:") {
				l += " " + strings.TrimSpace(all[i+1])
			}
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return strings.TrimSpace(s)
	}
	return strings.Join(lines, " | ")
}

// destroy: an unprotected stack goes away; a protected one is refused and
// keeps every protected resource.
func destroy(t *testing.T, s auto.Stack, protected bool) {
	ctx := context.Background()
	name := s.Name()
	before := deployment(t, s)
	var prot []string
	for _, r := range before.Resources {
		if r.Protect {
			prot = append(prot, string(r.URN))
		}
	}
	start := time.Now()
	_, err := s.Destroy(ctx, optdestroy.ContinueOnError())
	after := deployment(t, s)
	left := map[string]bool{}
	for _, r := range after.Resources {
		left[string(r.URN)] = true
	}
	if !protected {
		if err != nil {
			t.Fatalf("%s: destroy: %v", name, err)
		}
		step(t, "%s: destroy: %d resources deleted, %d left (%s)", name, len(before.Resources), len(after.Resources), time.Since(start).Round(time.Millisecond))
		if len(prot) != 0 || len(after.Resources) != 0 {
			t.Errorf("%s: %d protected resources, %d left after destroy", name, len(prot), len(after.Resources))
		}
		return
	}
	if err == nil {
		t.Fatalf("%s: destroy went through with %d protected resources", name, len(prot))
	}
	kept := 0
	for _, u := range prot {
		if left[u] {
			kept++
		}
	}
	step(t, "%s: destroy refused (%s): %d protected resources, %d kept; %d of %d resources left; engine: %s", name, time.Since(start).Round(time.Millisecond), len(prot), kept, len(after.Resources), len(before.Resources), firstLines(refusal(err.Error()), 3))
	if len(prot) == 0 || kept != len(prot) {
		t.Errorf("%s: %d protected resources, %d kept", name, len(prot), kept)
	}
}

func firstLines(s string, n int) string {
	parts := strings.Split(s, " | ")
	if len(parts) > n {
		parts = append(parts[:n], "...")
	}
	return strings.Join(parts, " | ")
}

func deployment(t *testing.T, s auto.Stack) apitype.DeploymentV3 {
	t.Helper()
	u, err := s.Export(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var d apitype.DeploymentV3
	if err := json.Unmarshal(u.Deployment, &d); err != nil {
		t.Fatal(err)
	}
	return d
}
