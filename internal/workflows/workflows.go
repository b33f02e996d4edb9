// Package workflows reads this repository's GitHub Actions workflows and the
// README's table of CI variables, so that tests can hold the two together:
// the stack matrices come from the stack files, every variable or secret a
// workflow reads is documented and every documented one is read, protected
// stacks deploy in reviewed environments, and previews run as an identity of
// their own. It parses YAML only; it knows nothing of Azure or Pulumi.
package workflows

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Workflow is one file under .github/workflows, with the parts the checks
// read.
type Workflow struct {
	// File is the path relative to the repository root.
	File string
	Name string `yaml:"name"`
	// On is kept raw: it is a string, a list or a map in GitHub's syntax.
	On   yaml.Node      `yaml:"on"`
	Jobs map[string]Job `yaml:"jobs"`
	// Text is the file as written, for the expressions it references.
	Text string `yaml:"-"`
	// JobText is each job re-encoded on its own, for the expressions one
	// job references.
	JobText map[string]string `yaml:"-"`
}

// Job is one job of a workflow.
type Job struct {
	Needs    yaml.Node         `yaml:"needs"`
	If       string            `yaml:"if"`
	Strategy *Strategy         `yaml:"strategy"`
	Env      map[string]string `yaml:"env"`
	// Environment is a name, or a map with a name (GitHub allows both).
	Environment yaml.Node         `yaml:"environment"`
	Concurrency yaml.Node         `yaml:"concurrency"`
	Steps       []Step            `yaml:"steps"`
	Outputs     map[string]string `yaml:"outputs"`
}

// Strategy is a job's matrix strategy.
type Strategy struct {
	// Matrix is kept raw: a map of lists, or an expression string.
	Matrix yaml.Node `yaml:"matrix"`
}

// Step is one step of a job.
type Step struct {
	ID   string            `yaml:"id"`
	Name string            `yaml:"name"`
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	With map[string]string `yaml:"with"`
	Env  map[string]string `yaml:"env"`
}

// Load reads every .yml and .yaml file under root/.github/workflows.
func Load(root string) ([]Workflow, error) {
	dir := filepath.Join(root, ".github", "workflows")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []Workflow
	for _, e := range entries {
		if e.IsDir() || !(strings.HasSuffix(e.Name(), ".yml") || strings.HasSuffix(e.Name(), ".yaml")) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		var w Workflow
		if err := yaml.Unmarshal(b, &w); err != nil {
			return nil, fmt.Errorf("%s: %w", e.Name(), err)
		}
		var raw struct {
			Jobs map[string]yaml.Node `yaml:"jobs"`
		}
		if err := yaml.Unmarshal(b, &raw); err != nil {
			return nil, fmt.Errorf("%s: %w", e.Name(), err)
		}
		w.JobText = map[string]string{}
		for k, n := range raw.Jobs {
			jb, err := yaml.Marshal(&n)
			if err != nil {
				return nil, fmt.Errorf("%s: job %s: %w", e.Name(), k, err)
			}
			w.JobText[k] = string(jb)
		}
		w.File = filepath.ToSlash(filepath.Join(".github", "workflows", e.Name()))
		w.Text = string(b)
		out = append(out, w)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out, nil
}

// Events lists the events that trigger w ("push", "pull_request", ...).
func (w Workflow) Events() []string {
	var out []string
	switch w.On.Kind {
	case yaml.ScalarNode:
		out = append(out, w.On.Value)
	case yaml.SequenceNode:
		for _, n := range w.On.Content {
			out = append(out, n.Value)
		}
	case yaml.MappingNode:
		for i := 0; i < len(w.On.Content); i += 2 {
			out = append(out, w.On.Content[i].Value)
		}
	}
	sort.Strings(out)
	return out
}

// JobNames returns w's job IDs, sorted.
func (w Workflow) JobNames() []string {
	var out []string
	for k := range w.Jobs {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// EnvironmentName is the job's environment: the scalar, or the map's name.
func (j Job) EnvironmentName() string {
	switch j.Environment.Kind {
	case yaml.ScalarNode:
		return j.Environment.Value
	case yaml.MappingNode:
		for i := 0; i+1 < len(j.Environment.Content); i += 2 {
			if j.Environment.Content[i].Value == "name" {
				return j.Environment.Content[i+1].Value
			}
		}
	}
	return ""
}

// ConcurrencyGroup is the job's concurrency group: the scalar, or the map's
// group.
func (j Job) ConcurrencyGroup() (group string, cancelInProgress string) {
	switch j.Concurrency.Kind {
	case yaml.ScalarNode:
		return j.Concurrency.Value, ""
	case yaml.MappingNode:
		for i := 0; i+1 < len(j.Concurrency.Content); i += 2 {
			switch j.Concurrency.Content[i].Value {
			case "group":
				group = j.Concurrency.Content[i+1].Value
			case "cancel-in-progress":
				cancelInProgress = j.Concurrency.Content[i+1].Value
			}
		}
	}
	return group, cancelInProgress
}

// NeedsList is the job's needs as a list.
func (j Job) NeedsList() []string {
	switch j.Needs.Kind {
	case yaml.ScalarNode:
		return []string{j.Needs.Value}
	case yaml.SequenceNode:
		var out []string
		for _, n := range j.Needs.Content {
			out = append(out, n.Value)
		}
		return out
	}
	return nil
}

// MatrixAxis returns the value of one matrix axis: either an expression
// (kind scalar) or a literal list, and whether the axis exists.
func (j Job) MatrixAxis(axis string) (expr string, literal []string, ok bool) {
	if j.Strategy == nil || j.Strategy.Matrix.Kind != yaml.MappingNode {
		if j.Strategy != nil && j.Strategy.Matrix.Kind == yaml.ScalarNode {
			return j.Strategy.Matrix.Value, nil, true
		}
		return "", nil, false
	}
	m := j.Strategy.Matrix.Content
	for i := 0; i+1 < len(m); i += 2 {
		if m[i].Value != axis {
			continue
		}
		v := m[i+1]
		if v.Kind == yaml.ScalarNode {
			return v.Value, nil, true
		}
		for _, n := range v.Content {
			literal = append(literal, n.Value)
		}
		return "", literal, true
	}
	return "", nil, false
}

// Context references such as ${{ vars.NAME }} or ${{ secrets.NAME }}.
var refRe = regexp.MustCompile(`\b(vars|secrets)\.([A-Za-z_][A-Za-z0-9_]*)`)

// References returns every "vars.NAME" and "secrets.NAME" the workflows
// read, sorted, each with the files that read it.
func References(ws []Workflow) map[string][]string {
	out := map[string][]string{}
	for _, w := range ws {
		seen := map[string]bool{}
		for _, m := range refRe.FindAllStringSubmatch(w.Text, -1) {
			k := m[1] + "." + m[2]
			if !seen[k] {
				out[k] = append(out[k], w.File)
				seen[k] = true
			}
		}
	}
	return out
}

// JobReferences returns the "vars.NAME" and "secrets.NAME" one job reads
// (its env, its steps and its conditions), sorted.
func (w Workflow) JobReferences(job string) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range refRe.FindAllStringSubmatch(w.JobText[job], -1) {
		k := m[1] + "." + m[2]
		if !seen[k] {
			out = append(out, k)
			seen[k] = true
		}
	}
	sort.Strings(out)
	return out
}

// Documented reads the table of CI variables from the README section whose
// heading is heading: every row whose first cell is a `NAME` in backticks,
// keyed "vars.NAME" or "secrets.NAME" by the second cell ("repository
// variable", "environment variable" or "secret").
func Documented(readme, heading string) (map[string]string, error) {
	sec, ok := Section(readme, heading)
	if !ok {
		return nil, fmt.Errorf("README has no section %q", heading)
	}
	out := map[string]string{}
	rowRe := regexp.MustCompile("^\\|\\s*`([A-Za-z_][A-Za-z0-9_]*)`\\s*\\|([^|]*)\\|")
	for _, line := range strings.Split(sec, "\n") {
		m := rowRe.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		kind := strings.ToLower(strings.TrimSpace(m[2]))
		switch {
		case strings.Contains(kind, "secret"):
			out["secrets."+m[1]] = kind
		case strings.Contains(kind, "variable"):
			out["vars."+m[1]] = kind
		default:
			return nil, fmt.Errorf("README %q: row %s: kind %q is neither a variable nor a secret", heading, m[1], kind)
		}
	}
	return out, nil
}

// Section returns the text of the "## heading" section up to the next
// heading of the same or a higher level. Lines in fenced code blocks are
// never headings (a shell comment starts with "# " too).
func Section(doc, heading string) (string, bool) {
	lines := strings.Split(doc, "\n")
	start, level := -1, 0
	fenced := false
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "```") {
			fenced = !fenced
			continue
		}
		if fenced {
			continue
		}
		h := strings.TrimLeft(l, "#")
		n := len(l) - len(h)
		if n == 0 || !strings.HasPrefix(h, " ") {
			continue
		}
		if start >= 0 && n <= level {
			return strings.Join(lines[start:i], "\n"), true
		}
		if start < 0 && strings.TrimSpace(h) == heading {
			start, level = i+1, n
		}
	}
	if start < 0 {
		return "", false
	}
	return strings.Join(lines[start:], "\n"), true
}
