package workflows

import (
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

const (
	root       = "../.."
	ciSection  = "State backend and CI identities"
	prSection  = "Pull requests and CI"
	listScript = ".github/scripts/list-stacks.sh"
)

func load(t *testing.T) []Workflow {
	t.Helper()
	ws, err := Load(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) == 0 {
		t.Fatal("no workflows under .github/workflows")
	}
	return ws
}

func readme(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// stackFiles lists the stacks as the Pulumi CLI names them: one per
// Pulumi.<stack>.yaml next to Pulumi.yaml.
func stackFiles(t *testing.T) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(root, "Pulumi.*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range m {
		out = append(out, strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "Pulumi."), ".yaml"))
	}
	sort.Strings(out)
	return out
}

// pulumiJobs returns, per workflow, the jobs with a pulumi/actions step of
// the given command.
func pulumiJobs(ws []Workflow, command string) map[*Workflow][]string {
	out := map[*Workflow][]string{}
	for i := range ws {
		w := &ws[i]
		for _, name := range w.JobNames() {
			for _, s := range w.Jobs[name].Steps {
				if strings.HasPrefix(s.Uses, "pulumi/actions@") && s.With["command"] == command {
					out[w] = append(out[w], name)
				}
			}
		}
	}
	return out
}

// The stack axis of every matrix is the output of the listing job, which
// runs the listing script; no workflow spells out a stack list.
func TestStackMatricesAreDerivedFromStackFiles(t *testing.T) {
	ws := load(t)
	exprRe := regexp.MustCompile(`^\$\{\{\s*fromJSON\(needs\.([A-Za-z0-9_-]+)\.outputs\.stacks\)\s*\}\}$`)
	var matrices int
	for _, w := range ws {
		for _, name := range w.JobNames() {
			j := w.Jobs[name]
			expr, literal, ok := j.MatrixAxis("stack")
			if !ok {
				continue
			}
			matrices++
			where := w.File + " job " + name
			if literal != nil {
				t.Errorf("%s: strategy.matrix.stack is the literal list %v; want ${{ fromJSON(needs.<job>.outputs.stacks) }}", where, literal)
				continue
			}
			m := exprRe.FindStringSubmatch(expr)
			if m == nil {
				t.Errorf("%s: strategy.matrix.stack = %q; want ${{ fromJSON(needs.<job>.outputs.stacks) }}", where, expr)
				continue
			}
			lister, ok := w.Jobs[m[1]]
			if !ok || !contains(j.NeedsList(), m[1]) {
				t.Errorf("%s: the matrix reads needs.%s, which is not a job it needs (needs: %v)", where, m[1], j.NeedsList())
				continue
			}
			out := regexp.MustCompile(`^\$\{\{\s*steps\.([A-Za-z0-9_-]+)\.outputs\.stacks\s*\}\}$`).FindStringSubmatch(lister.Outputs["stacks"])
			if out == nil {
				t.Errorf("%s job %s: outputs.stacks = %q; want ${{ steps.<id>.outputs.stacks }}", w.File, m[1], lister.Outputs["stacks"])
				continue
			}
			var runs bool
			for _, s := range lister.Steps {
				runs = runs || (s.ID == out[1] && strings.Contains(s.Run, listScript) && strings.Contains(s.Run, "$GITHUB_OUTPUT"))
			}
			if !runs {
				t.Errorf("%s job %s: step %q does not write %s's output to $GITHUB_OUTPUT", w.File, m[1], out[1], listScript)
			}
		}
	}
	// plan, preview and up each have one.
	if matrices < 3 {
		t.Errorf("%d jobs with a stack matrix; want the offline plan, the preview and the up", matrices)
	}
	// No workflow names a committed stack in a list of its own either.
	for _, w := range ws {
		if regexp.MustCompile(`\[\s*dev\s*,\s*prod\s*\]`).MatchString(w.Text) {
			t.Errorf("%s spells out [dev, prod]", w.File)
		}
	}
}

// The listing script prints exactly the stack files, as a JSON array.
func TestListStacksScriptListsTheStackFiles(t *testing.T) {
	for _, tool := range []string{"bash", "jq"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed (GitHub's ubuntu runners have it): %v", tool, err)
		}
	}
	run := func(dir string) (string, error) {
		cmd := exec.Command("bash", filepath.Join(dir, listScript))
		b, err := cmd.CombinedOutput()
		return strings.TrimSpace(string(b)), err
	}
	got, err := run(root)
	if err != nil {
		t.Fatalf("%s: %v\n%s", listScript, err, got)
	}
	want := `stacks=["` + strings.Join(stackFiles(t), `","`) + `"]`
	if got != want {
		t.Errorf("%s printed %s; want %s", listScript, got, want)
	}

	// In a copy with other stack files it follows them, and it refuses a
	// name that could break out of a shell argument or an environment name.
	dir := t.TempDir()
	script, err := os.ReadFile(filepath.Join(root, listScript))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, ".github", "scripts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, listScript), script, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := run(dir); err == nil {
		t.Errorf("no stack files: want a failure, got %s", out)
	}
	for _, f := range []string{"Pulumi.yaml", "Pulumi.staging.yaml", "Pulumi.eu-2.yaml"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("config: {}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := run(dir); err != nil || out != `stacks=["eu-2","staging"]` {
		t.Errorf("copy with eu-2 and staging: %s (%v)", out, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.x;rm -rf.yaml"), []byte("config: {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := run(dir); err == nil {
		t.Errorf("stack name with ';' and spaces accepted: %s", out)
	}
}

// Every vars.X and secrets.X a workflow reads is in README's table of CI
// variables, and every row of that table is read by some workflow. No
// AZURE_/PULUMI_ name appears in the CI sections of README or in a workflow
// unless a workflow uses it.
func TestEveryCIVariableIsDocumentedAndUsed(t *testing.T) {
	ws := load(t)
	doc := readme(t)
	documented, err := Documented(doc, ciSection)
	if err != nil {
		t.Fatal(err)
	}
	used := References(ws)
	for _, k := range slices.Sorted(maps.Keys(used)) {
		if _, ok := documented[k]; !ok {
			t.Errorf("%s is read by %s but not in README's table under %q", k, strings.Join(used[k], ", "), ciSection)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(documented)) {
		if _, ok := used[k]; !ok {
			t.Errorf("README documents %s (%s) but no workflow reads it", k, documented[k])
		}
	}
	if len(documented) == 0 {
		t.Error("README's CI variable table is empty")
	}

	// Names a workflow actually uses: the table's, and the env keys jobs set.
	known := map[string]bool{}
	for k := range documented {
		known[k[strings.Index(k, ".")+1:]] = true
	}
	for _, w := range ws {
		for _, j := range w.Jobs {
			for k := range j.Env {
				known[k] = true
			}
			for _, s := range j.Steps {
				for k := range s.Env {
					known[k] = true
				}
			}
		}
	}
	nameRe := regexp.MustCompile(`\b(?:AZURE|PULUMI)_[A-Z0-9_]+\b`)
	var texts []struct{ where, text string }
	for _, sec := range []string{prSection, ciSection} {
		s, ok := Section(doc, sec)
		if !ok {
			t.Fatalf("README has no section %q", sec)
		}
		texts = append(texts, struct{ where, text string }{"README " + sec, s})
	}
	for _, w := range ws {
		texts = append(texts, struct{ where, text string }{w.File, w.Text})
	}
	for _, x := range texts {
		for _, n := range uniq(nameRe.FindAllString(x.text, -1)) {
			if !known[n] {
				t.Errorf("%s mentions %s, which no workflow sets or reads", x.where, n)
			}
		}
	}
}

// The up job runs on pushes to main, once per stack, in the environment of
// its stack (so prod deploys in environment prod, behind its reviewers), one
// at a time per stack, and refuses a protected stack whose environment has no
// required reviewers before it logs in.
func TestUpRunsPerStackInItsProtectedEnvironment(t *testing.T) {
	ws := load(t)
	ups := pulumiJobs(ws, "up")
	if len(ups) == 0 {
		t.Fatal("no workflow runs pulumi up")
	}
	for w, jobs := range ups {
		if ev := w.Events(); !equal(ev, []string{"push"}) {
			t.Errorf("%s runs pulumi up on %v; want push only (to main)", w.File, ev)
		}
		if !strings.Contains(w.Text, "branches: [main]") {
			t.Errorf("%s: push is not limited to main", w.File)
		}
		for _, name := range jobs {
			j := w.Jobs[name]
			where := w.File + " job " + name
			if env := j.EnvironmentName(); env != "${{ matrix.stack }}" {
				t.Errorf("%s: environment %q; want ${{ matrix.stack }} so that each stack deploys in its own environment", where, env)
			}
			group, cancel := j.ConcurrencyGroup()
			if !strings.Contains(group, "${{ matrix.stack }}") || cancel != "false" {
				t.Errorf("%s: concurrency group %q cancel-in-progress %q; want a group per stack that never cancels a running up", where, group, cancel)
			}
			guard, login := -1, -1
			for i, s := range j.Steps {
				if strings.Contains(s.Run, "environments/$STACK") && strings.Contains(s.Run, "required_reviewers") {
					guard = i
				}
				if strings.HasPrefix(s.Uses, "azure/login@") && login < 0 {
					login = i
				}
			}
			if guard < 0 || login < 0 || guard > login {
				t.Errorf("%s: want the reviewers guard (step %d) before azure/login (step %d)", where, guard, login)
			}
		}
	}
	// The committed prod stack protects its resources, so the guard applies.
	b, err := os.ReadFile(filepath.Join(root, "Pulumi.prod.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var prod struct {
		Config map[string]any `yaml:"config"`
	}
	if err := yaml.Unmarshal(b, &prod); err != nil {
		t.Fatal(err)
	}
	if p, ok := prod.Config["privateaks:protect"]; ok && p != true {
		t.Errorf("Pulumi.prod.yaml sets privateaks:protect %v", p)
	}
}

// The guard's shell, run with a stand-in for gh: a plan with protected
// resources and no required reviewers fails, with reviewers passes, and a
// plan without protected resources passes without asking GitHub.
func TestUpReviewerGuardRefusesAnUnreviewedProtectedStack(t *testing.T) {
	for _, tool := range []string{"bash", "jq"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed (GitHub's ubuntu runners have it): %v", tool, err)
		}
	}
	var script string
	for w, jobs := range pulumiJobs(load(t), "up") {
		for _, s := range w.Jobs[jobs[0]].Steps {
			if strings.Contains(s.Run, "required_reviewers") {
				script = s.Run
			}
		}
	}
	if script == "" {
		t.Fatal("no reviewers guard step")
	}
	cases := []struct {
		name      string
		plan      string
		reviewers string // what the stand-in gh prints; "" means it must not be called
		wantOK    bool
	}{
		{"protected, no reviewers", `{"resources":[{"protect":true},{"protect":false}]}`, "0", false},
		{"protected, reviewers", `{"resources":[{"protect":true}]}`, "1", true},
		{"nothing protected", `{"resources":[{"protect":false}]}`, "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			bin := filepath.Join(dir, "bin")
			if err := os.Mkdir(bin, 0o755); err != nil {
				t.Fatal(err)
			}
			gh := "#!/usr/bin/env bash\necho \"$@\" >> \"" + filepath.Join(dir, "gh.log") + "\"\necho " + c.reviewers + "\n"
			if c.reviewers == "" {
				gh = "#!/usr/bin/env bash\necho called >> \"" + filepath.Join(dir, "gh.log") + "\"\nexit 3\n"
			}
			if err := os.WriteFile(filepath.Join(bin, "gh"), []byte(gh), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "plan.json"), []byte(c.plan), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("bash", "-e", "-c", script)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "PATH="+bin+":"+os.Getenv("PATH"), "STACK=prod", "GITHUB_REPOSITORY=o/r")
			out, err := cmd.CombinedOutput()
			if (err == nil) != c.wantOK {
				t.Errorf("exit %v, want ok=%v\n%s", err, c.wantOK, out)
			}
			log, _ := os.ReadFile(filepath.Join(dir, "gh.log"))
			switch {
			case c.reviewers == "" && len(log) > 0:
				t.Errorf("gh was called for a stack that protects nothing: %s", log)
			case c.reviewers != "" && !strings.Contains(string(log), "repos/o/r/environments/prod"):
				t.Errorf("gh was not asked for environment prod: %q", log)
			}
		})
	}
}

// Previews run as their own identity: the client ID a preview job logs in
// with (azure/login and the providers' ARM_CLIENT_ID) is not the one any up
// job uses, and the preview job names no environment, so its OIDC subject is
// repo:<owner>/<repo>:pull_request.
func TestPreviewIdentityIsNotTheDeployIdentity(t *testing.T) {
	ws := load(t)
	clientVar := func(w *Workflow, job string) string {
		j := w.Jobs[job]
		var login string
		for _, s := range j.Steps {
			if strings.HasPrefix(s.Uses, "azure/login@") {
				login = s.With["client-id"]
			}
		}
		if login == "" || j.Env["ARM_CLIENT_ID"] != login {
			t.Errorf("%s job %s: azure/login client-id %q and ARM_CLIENT_ID %q must be the same, set", w.File, job, login, j.Env["ARM_CLIENT_ID"])
		}
		return login
	}
	previews, ups := pulumiJobs(ws, "preview"), pulumiJobs(ws, "up")
	if len(previews) == 0 || len(ups) == 0 {
		t.Fatalf("%d preview and %d up workflows", len(previews), len(ups))
	}
	deploy := map[string]bool{}
	for w, jobs := range ups {
		for _, j := range jobs {
			deploy[clientVar(w, j)] = true
		}
	}
	for w, jobs := range previews {
		if ev := w.Events(); !equal(ev, []string{"pull_request"}) {
			t.Errorf("%s previews on %v; want pull_request only", w.File, ev)
		}
		for _, j := range jobs {
			id := clientVar(w, j)
			if deploy[id] {
				t.Errorf("%s job %s logs in as %s, the deploying identity", w.File, j, id)
			}
			for _, ref := range w.JobReferences(j) {
				if deploy["${{ "+ref+" }}"] {
					t.Errorf("%s job %s reads %s, the deploying identity", w.File, j, ref)
				}
			}
			if env := w.Jobs[j].EnvironmentName(); env != "" {
				t.Errorf("%s job %s names environment %q: its subject would no longer be pull_request", w.File, j, env)
			}
		}
	}
}

// README gives the federated-credential subjects the jobs present, in
// GitHub's formats.
func TestREADMEGivesTheFederatedCredentialSubjects(t *testing.T) {
	sec, ok := Section(readme(t), ciSection)
	if !ok {
		t.Fatalf("README has no section %q", ciSection)
	}
	for _, want := range []string{
		"repo:<owner>/<repo>:pull_request",
		"repo:<owner>/<repo>:environment:<stack>",
		"repo:<owner>/<repo>:ref:refs/heads/main",
		"https://token.actions.githubusercontent.com",
		"api://AzureADTokenExchange",
	} {
		if !strings.Contains(sec, want) {
			t.Errorf("README %q lacks %s", ciSection, want)
		}
	}
	for _, s := range stackFiles(t) {
		if !strings.Contains(sec, "repo:<owner>/<repo>:environment:"+s) {
			t.Errorf("README %q lacks the subject of stack %s's environment", ciSection, s)
		}
	}
}

func TestDocumentedReadsTheTable(t *testing.T) {
	doc := "# x\n\n## CI\n\n| name | kind |\n| --- | --- |\n| `A_B` | repository variable | x |\n| `TOK` | secret | y |\n\n## Next\n\n| `C` | repository variable |\n"
	got, err := Documented(doc, "CI")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got["vars.A_B"] == "" || got["secrets.TOK"] == "" {
		t.Errorf("Documented = %v", got)
	}
	if _, err := Documented(doc, "Missing"); err == nil {
		t.Error("a missing section must be an error")
	}
	if _, err := Documented("## CI\n| `X` | thing |\n", "CI"); err == nil {
		t.Error("a row of unknown kind must be an error")
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func uniq(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			out = append(out, x)
			seen[x] = true
		}
	}
	sort.Strings(out)
	return out
}

// A shell comment inside a code block is not a heading: the section goes on
// past it (README's state setup has one).
func TestSectionSkipsCodeBlocks(t *testing.T) {
	doc := "## A\nfirst\n```sh\n# a comment\n```\nstill A\n## B\nb\n"
	got, ok := Section(doc, "A")
	if !ok || !strings.Contains(got, "still A") || strings.Contains(got, "\nb\n") {
		t.Fatalf("section A = %q, %v", got, ok)
	}
}
