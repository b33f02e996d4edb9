package main

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
)

const readmeSection = "## Using the components from TypeScript, Python and other languages"

// readmeBlocks returns the fenced code blocks of a language in the README's
// section on other languages.
func readmeBlocks(t *testing.T, readme, lang string) []string {
	t.Helper()
	_, sec, ok := strings.Cut(readme, readmeSection)
	if !ok {
		t.Fatalf("README has no section %q", readmeSection)
	}
	if i := strings.Index(sec, "\n## "); i >= 0 {
		sec = sec[:i]
	}
	var out []string
	for _, part := range strings.Split(sec, "```"+lang+"\n")[1:] {
		body, _, ok := strings.Cut(part, "```")
		if !ok {
			t.Fatalf("unterminated %s block", lang)
		}
		out = append(out, body)
	}
	return out
}

// balanced returns the text of the bracketed value starting at s[i].
func balanced(t *testing.T, s string, i int) string {
	t.Helper()
	depth, inStr := 0, byte(0)
	for j := i; j < len(s); j++ {
		c := s[j]
		switch {
		case inStr != 0:
			if c == inStr && s[j-1] != '\\' {
				inStr = 0
			}
		case c == '"' || c == '\'':
			inStr = c
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
			if depth == 0 {
				return s[i : j+1]
			}
		}
	}
	t.Fatalf("unbalanced literal at %d", i)
	return ""
}

var (
	trailingComma = regexp.MustCompile(`,(\s*[}\]])`)
	tsBareKey     = regexp.MustCompile(`([{,]\s*)([A-Za-z_]\w*)\s*:`)
	tsExpr        = regexp.MustCompile(`(:\s*)([A-Za-z_][\w.]*)(\s*[,}\]])`)
	tsNew         = regexp.MustCompile(`const (\w+) = new privateaks\.(?:(\w+)\.)?(\w+)\("[^"]*", \{`)
	pyNew         = regexp.MustCompile(`(\w+) = privateaks\.(?:(\w+)\.)?(\w+)\("[^"]*", (\w+)=\{`)
	attrRef       = regexp.MustCompile(`\b(\w+)\.(\w+)\b`)
	pyComment     = regexp.MustCompile(`#[^\n]*`)
)

// tsObject turns a TypeScript object literal into JSON: bare keys quoted,
// expressions (other resources' outputs) kept as strings naming them.
func tsObject(t *testing.T, lit string) map[string]any {
	t.Helper()
	j := tsBareKey.ReplaceAllString(lit, `$1"$2":`)
	for tsExpr.MatchString(j) {
		j = tsExpr.ReplaceAllString(j, `$1"<$2>"$3`)
	}
	j = trailingComma.ReplaceAllString(j, "$1")
	var m map[string]any
	if err := json.Unmarshal([]byte(j), &m); err != nil {
		t.Fatalf("TypeScript literal does not parse: %v\n%s", err, j)
	}
	return m
}

// pyObject turns a Python dict literal into JSON.
func pyObject(t *testing.T, lit string) map[string]any {
	t.Helper()
	j := pyComment.ReplaceAllString(lit, "")
	j = strings.NewReplacer("True", "true", "False", "false", "None", "null").Replace(j)
	j = trailingComma.ReplaceAllString(j, "$1")
	var m map[string]any
	if err := json.Unmarshal([]byte(j), &m); err != nil {
		t.Fatalf("Python literal does not parse: %v\n%s", err, j)
	}
	return m
}

func typeToken(mod, typ string) string {
	if mod == "" {
		mod = "index"
	}
	return "privateaks:" + mod + ":" + typ
}

// snakeToCamel is the schema name of a Python argument.
func snakeToCamel(s string) string {
	parts := strings.Split(s, "_")
	for i := 1; i < len(parts); i++ {
		parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
	}
	return strings.Join(parts, "")
}

// checkREADME checks the README's examples against the schema: every
// resource type exists, every argument (nested ones included) and every
// output the examples read is declared. It returns the problems.
func checkREADME(t *testing.T, readme string, s Schema) (problems []string, resources int) {
	t.Helper()
	vars := map[string]string{}
	for _, block := range readmeBlocks(t, readme, "typescript") {
		for _, m := range tsNew.FindAllStringSubmatchIndex(block, -1) {
			v, tok := block[m[2]:m[3]], typeToken(optional(block, m[4], m[5]), block[m[6]:m[7]])
			vars[v] = tok
			resources++
			for _, p := range unknownInputs(s, tok, tsObject(t, balanced(t, block, m[1]-1))) {
				problems = append(problems, "typescript "+v+": "+p)
			}
		}
		problems = append(problems, outputRefs(block, vars, s, "typescript", func(n string) string { return n })...)
	}
	for _, block := range readmeBlocks(t, readme, "python") {
		for _, m := range pyNew.FindAllStringSubmatchIndex(block, -1) {
			v, tok := block[m[2]:m[3]], typeToken(optional(block, m[4], m[5]), block[m[6]:m[7]])
			vars[v] = tok
			resources++
			arg := snakeToCamel(block[m[8]:m[9]])
			in := map[string]any{arg: pyObject(t, balanced(t, block, m[1]-1))}
			for _, p := range unknownInputs(s, tok, in) {
				problems = append(problems, "python "+v+": "+p)
			}
		}
		problems = append(problems, outputRefs(block, vars, s, "python", snakeToCamel)...)
	}
	return problems, resources
}

func optional(s string, i, j int) string {
	if i < 0 {
		return ""
	}
	return s[i:j]
}

// outputRefs checks v.name references to the examples' components.
func outputRefs(block string, vars map[string]string, s Schema, lang string, name func(string) string) []string {
	var out []string
	for _, m := range attrRef.FindAllStringSubmatch(block, -1) {
		tok, ok := vars[m[1]]
		if !ok {
			continue
		}
		if _, ok := s.Resources[tok].Properties[name(m[2])]; !ok {
			out = append(out, lang+": "+m[1]+"."+m[2]+" is not an output of "+tok)
		}
	}
	return out
}

// TestREADMEExamples: the README's TypeScript and Python examples use only
// resource types, arguments and outputs the schema declares, and the
// Python example's stack config is one the Stack component accepts.
func TestREADMEExamples(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := parseSchema(t, schemaJSON(t))
	problems, n := checkREADME(t, string(b), s)
	for _, p := range problems {
		t.Error(p)
	}
	if n < 3 {
		t.Errorf("only %d components in the README examples", n)
	}
	// The Python stack's config loads, validates and deploys.
	py := readmeBlocks(t, string(b), "python")[0]
	m := pyNew.FindStringSubmatchIndex(py)
	cfg := pyObject(t, balanced(t, py, m[1]-1))
	if _, _, err := construct(t, "privateaks:index:Stack", "dev", map[string]any{"config": cfg}); err != nil {
		t.Errorf("the Python example's stack config is refused: %v", err)
	}
}

// TestREADMECheckCatchesMistakes shows the example check can fail: a
// misspelt argument, a wrong module, a nested typo and an output that does
// not exist are each reported.
func TestREADMECheckCatchesMistakes(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := parseSchema(t, schemaJSON(t))
	for from, to := range map[string]string{
		"policyName: \"afwp-hub\"": "policy: \"afwp-hub\"",
		"privateaks.hubnetwork.":   "privateaks.hub.",
		"{ nodeSubnets: [":         "{ nodeSubnet: [",
		"hub.firewallPrivateIp,":   "hub.firewallIp,",
		"stack.kubeconfigs":        "stack.kube_configs",
		`"environment": "dev",`:    `"environment": "dev", "bogus": 1,`,
	} {
		mutated := strings.Replace(string(b), from, to, 1)
		if mutated == string(b) {
			t.Fatalf("%q is not in the README", from)
		}
		problems, _ := checkREADME(t, mutated, s)
		if len(problems) == 0 && !strings.Contains(to, "bogus") {
			t.Errorf("%q -> %q went unnoticed", from, to)
		}
		if strings.Contains(to, "bogus") {
			py := readmeBlocks(t, mutated, "python")[0]
			m := pyNew.FindStringSubmatchIndex(py)
			if _, _, err := construct(t, "privateaks:index:Stack", "dev", map[string]any{"config": pyObject(t, balanced(t, py, m[1]-1))}); err == nil {
				t.Errorf("an unknown stack config key went unnoticed")
			}
		}
	}
}
