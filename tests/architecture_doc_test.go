package tests

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/privateaks/privateaks/internal/plan"
	"github.com/privateaks/privateaks/internal/verify/acceptance"
	"github.com/privateaks/privateaks/stacks/stackconfig"
)

// docs/architecture.md is the newcomer's map of the code. It stays true only
// if what it names exists: every repository path in code font, every
// `file.go:Name` (a function, type, field, method, constant or variable of
// that file), every `pkg.Name` in its "Follow one config key" table, every
// control and rule ID, and for each key of the table the Go field that
// really defines it (walked from stackconfig.Config by JSON tag) with its
// JSON tag. The checks read the Go source with go/parser; nothing is built.
func TestArchitectureDocNamesRealCode(t *testing.T) {
	b, err := os.ReadFile("../docs/architecture.md")
	if err != nil {
		t.Fatal(err)
	}
	rows, problems := checkArchitectureDoc("..", string(b))
	for _, p := range problems {
		t.Error(p)
	}
	if rows < 4 {
		t.Errorf("the \"Follow one config key\" table has %d keys, want at least 4", rows)
	}
}

// README's "Repository layout" links the map, and every path it lists
// exists.
func TestReadmeLayoutNamesRealPaths(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	i := strings.Index(readme, "## Repository layout")
	if i < 0 {
		t.Fatal("README.md has no \"## Repository layout\" section")
	}
	layout := readme[i+len("## Repository layout"):]
	if j := strings.Index(layout, "\n## "); j >= 0 {
		layout = layout[:j]
	}
	if !strings.Contains(layout, "(docs/architecture.md)") {
		t.Error("README.md's Repository layout does not link docs/architecture.md")
	}
	c := newDocChecker("..")
	c.prose(layout)
	for _, p := range c.problems {
		t.Error("README.md Repository layout: " + p)
	}
	if !strings.Contains(layout, "`components/`") {
		t.Error("the layout section read no paths")
	}
}

// The checker must fail on made-up names: each planted mistake is reported,
// and the correct lines beside them are not.
func TestArchitectureDocCheckerCatchesMadeUpNames(t *testing.T) {
	doc := strings.Join([]string{
		"# Map",
		"Real: `stacks/deploy.go:Deploy`, `internal/plan`, `components/privateaks/clusterspec/nodepool.go:NodePool.Validate`, `PAKS-NET-06`, `AZ-FW-TIER`, `10.244.0.0/16`.",
		"Made up: `internal/nosuch/thing.go`, `components/nosuchdir`, `stacks/stackconfig/defaults.go:noSuchDefaults`,",
		"`stacks/stackconfig/types.go:Firewall.NoSuchField`, `PAKS-NOPE-01`, `AZ-NOPE`, `EGR-NOPE-<HOST>`.",
		"",
		"```",
		"go run ./cmd/nosuch   (code blocks are commands, not checked)",
		"```",
		"",
		"## Follow one config key",
		"",
		"| key | defined | defaulted | validated | resources | plan |",
		"| --- | --- | --- | --- | --- | --- |",
		"| `hub.firewall.sku` | `components/hubnetwork/hubspec/firewall.go:Firewall.Sku` (`json:\"sku\"`) | `stacks/stackconfig/defaults.go:hubDefaults` | `stackconfig.ValidateAsOf` | x | `PAKS-NET-06` |",
		"| `hub.bastion.sku` | `components/hubnetwork/hubspec/firewall.go:Firewall.Sku` (`json:\"tier\"`) | `stackconfig.NoSuchDefaults` | x | x | x |",
		"| `hub.firewall.nosuch` | `components/hubnetwork/hubspec/firewall.go:Firewall.Sku` | x | x | x | x |",
		"| `flux.url` | no field named | x | x | x | x |",
		"",
		"## After",
	}, "\n")
	rows, problems := checkArchitectureDoc("..", doc)
	if rows != 4 {
		t.Errorf("read %d table rows, want 4", rows)
	}
	all := strings.Join(problems, "\n")
	for _, want := range []string{
		"internal/nosuch/thing.go: no such file or directory",
		"components/nosuchdir: no such file or directory",
		"stacks/stackconfig/defaults.go:noSuchDefaults: not declared",
		"stacks/stackconfig/types.go:Firewall.NoSuchField: not declared",
		"PAKS-NOPE-01: not a control",
		"AZ-NOPE: not an acceptance rule",
		"EGR-NOPE-<HOST>: not an egress rule",
		"hub.bastion.sku: defined by components/hubnetwork/hubspec/firewall.go:Bastion.Sku, the table names components/hubnetwork/hubspec/firewall.go:Firewall.Sku",
		`hub.bastion.sku: the JSON tag is "sku", the table says "tier"`,
		"stackconfig.NoSuchDefaults: not declared in package stackconfig",
		"hub.firewall.nosuch: no config key",
		"flux.url: the defined cell names no file.go:Type.Field",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("not reported: %s", want)
		}
	}
	for _, fine := range []string{"stacks/deploy.go:Deploy:", "clusterspec/nodepool.go:NodePool.Validate:", "internal/plan:", "PAKS-NET-06:", "AZ-FW-TIER:", "10.244.0.0/16", "stackconfig.ValidateAsOf", "cmd/nosuch", "hub.firewall.sku:"} {
		if strings.Contains(all, fine) {
			t.Errorf("a correct name was reported (%s):\n%s", fine, all)
		}
	}
	if len(problems) != 12 {
		t.Errorf("%d problems, want 12:\n%s", len(problems), all)
	}

	// The real page, with a renamed function and a wrong defining field.
	b, err := os.ReadFile("../docs/architecture.md")
	if err != nil {
		t.Fatal(err)
	}
	real := string(b)
	for _, m := range []struct{ from, to, want string }{
		{"`stacks/run.go:EngineConfig`", "`stacks/run.go:EngineConfigs`", "stacks/run.go:EngineConfigs: not declared in stacks/run.go"},
		{"spec: `components/privateaks/clusterspec/nodepool.go:NodePool.VMSize`", "spec: `components/privateaks/clusterspec/nodepool.go:NodePool.MaxPods`",
			"spokes.<k>.cluster.systemPool.vmSize: defined by components/privateaks/clusterspec/nodepool.go:NodePool.VMSize, the table names components/privateaks/clusterspec/nodepool.go:NodePool.MaxPods"},
	} {
		if !strings.Contains(real, m.from) {
			t.Errorf("docs/architecture.md no longer contains %s; update this test", m.from)
			continue
		}
		_, problems := checkArchitectureDoc("..", strings.Replace(real, m.from, m.to, 1))
		if !slices.Contains(problems, m.want) {
			t.Errorf("%s -> %s: not reported as %q; got %q", m.from, m.to, m.want, problems)
		}
	}
}

var (
	codeSpanRe = regexp.MustCompile("`([^`\n]+)`")
	// pathRe is a repository path, optionally with :Name or :Type.Member.
	pathRe      = regexp.MustCompile(`^([A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*/?)(?::([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?))?$`)
	qualIdentRe = regexp.MustCompile(`^([a-z][a-z0-9]*)\.([A-Z]\w*(?:\.[A-Za-z_]\w*)?)$`)
	jsonTagRe   = regexp.MustCompile(`^json:"([^",]*)`)
	controlRe   = regexp.MustCompile(`^PAKS-[A-Z]+-[0-9]+$`)
	ruleRe      = regexp.MustCompile(`^AZ-[A-Z0-9-]+$`)
	egressRe    = regexp.MustCompile(`^EGR-[A-Z0-9-]+(<[A-Z]+>)?$`)
)

// checkArchitectureDoc returns the number of rows of the "Follow one config
// key" table and every problem found, each starting with the name it is
// about.
func checkArchitectureDoc(root, doc string) (int, []string) {
	c := newDocChecker(root)
	rows := c.table(c.prose(doc))
	return rows, c.problems
}

func newDocChecker(root string) *docChecker {
	c := &docChecker{root: root, files: map[string]*ast.File{}}
	if b, err := os.ReadFile(filepath.Join(root, "go.mod")); err == nil {
		if m := regexp.MustCompile(`(?m)^module (\S+)`).FindSubmatch(b); m != nil {
			c.module = string(m[1])
		}
	}
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			c.topDirs = append(c.topDirs, e.Name())
		}
	}
	return c
}

// prose checks every code span outside fenced blocks and returns those lines.
func (c *docChecker) prose(doc string) []string {
	var prose []string
	inFence := false
	for _, line := range strings.Split(doc, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			inFence = !inFence
			continue
		}
		if !inFence {
			prose = append(prose, line)
		}
	}
	for _, line := range prose {
		for _, m := range codeSpanRe.FindAllStringSubmatch(line, -1) {
			c.span(m[1])
		}
	}
	return prose
}

type docChecker struct {
	root, module string
	topDirs      []string
	files        map[string]*ast.File
	pkgDirs      map[string][]string
	problems     []string
}

func (c *docChecker) fail(format string, args ...any) {
	p := fmt.Sprintf(format, args...)
	if !slices.Contains(c.problems, p) {
		c.problems = append(c.problems, p)
	}
}

// span checks one code span of the prose: a repository path (its first
// segment a top-level directory, or a root file.go with a :Name), a file's
// declaration,
// or a control or rule ID. Anything else (config keys, property paths,
// CIDRs, commands) is not a name of the code and is left alone.
func (c *docChecker) span(s string) {
	switch {
	case controlRe.MatchString(s):
		if !plan.KnownControl(s) {
			c.fail("%s: not a control of internal/plan", s)
		}
		return
	case ruleRe.MatchString(s):
		for _, r := range acceptance.Rules() {
			if r.ID == s {
				return
			}
		}
		c.fail("%s: not an acceptance rule (internal/verify/acceptance)", s)
		return
	case egressRe.MatchString(s):
		literal, _, _ := strings.Cut(s, "<")
		if !c.sourceContains("internal/verify/egress", `"`+literal) {
			c.fail("%s: not an egress rule (internal/verify/egress)", s)
		}
		return
	}
	m := pathRe.FindStringSubmatch(s)
	if m == nil {
		return
	}
	path, name := m[1], m[2]
	first, _, nested := strings.Cut(path, "/")
	if !(nested && slices.Contains(c.topDirs, first)) && !(!nested && strings.HasSuffix(path, ".go") && name != "") {
		return
	}
	if _, err := os.Stat(filepath.Join(c.root, path)); err != nil {
		c.fail("%s: no such file or directory", path)
		return
	}
	if name != "" {
		if !strings.HasSuffix(path, ".go") {
			c.fail("%s: a name can only follow a .go file", s)
			return
		}
		if f := c.parse(path); f != nil && !declares([]*ast.File{f}, name) {
			c.fail("%s: not declared in %s", s, path)
		}
	}
}

// table checks the "Follow one config key" table: each key must be a key of
// stackconfig.Config; its defined cell must name, first, the field the key
// really decodes into (file.go:Type.Field of the declaring struct) and that
// field's JSON tag; every pkg.Name in any cell must be declared in a
// package of that name in this repository.
func (c *docChecker) table(lines []string) int {
	start := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "## Follow one config key") })
	if start < 0 {
		c.fail("docs/architecture.md: no \"## Follow one config key\" section")
		return 0
	}
	rows := 0
	for _, l := range lines[start+1:] {
		if strings.HasPrefix(l, "## ") {
			break
		}
		if !strings.HasPrefix(l, "|") || strings.HasPrefix(l, "| key") || strings.HasPrefix(l, "| ---") {
			continue
		}
		cells := strings.Split(strings.Trim(strings.TrimSpace(l), "|"), " | ")
		if len(cells) != 6 {
			c.fail("table row %q: %d cells, want 6 (key, defined, defaulted, validated, resources, plan)", l, len(cells))
			continue
		}
		rows++
		for _, cell := range cells {
			for _, m := range codeSpanRe.FindAllStringSubmatch(cell, -1) {
				if q := qualIdentRe.FindStringSubmatch(m[1]); q != nil && !c.declaredInPackage(q[1], q[2]) {
					c.fail("%s: not declared in package %s of this repository", m[1], q[1])
				}
			}
		}
		km := codeSpanRe.FindStringSubmatch(cells[0])
		if km == nil {
			c.fail("table row %q: the key is not in code font", l)
			continue
		}
		c.definedCell(km[1], cells[1])
	}
	return rows
}

func (c *docChecker) definedCell(key, cell string) {
	var named, tag string
	for _, m := range codeSpanRe.FindAllStringSubmatch(cell, -1) {
		if p := pathRe.FindStringSubmatch(m[1]); p != nil && named == "" && strings.HasSuffix(p[1], ".go") && strings.Contains(p[2], ".") {
			named = m[1]
		}
		if j := jsonTagRe.FindStringSubmatch(m[1]); j != nil && tag == "" {
			tag = j[1]
		}
	}
	f, ok := configField(key)
	if !ok {
		c.fail("%s: no config key of stackconfig.Config (walked by JSON tag)", key)
		return
	}
	if named == "" {
		c.fail("%s: the defined cell names no file.go:Type.Field", key)
		return
	}
	file, member, _ := strings.Cut(named, ":")
	dir := strings.TrimPrefix(strings.TrimPrefix(f.pkgPath, c.module), "/")
	// The file is the declaring package's file that declares the type.
	want := ""
	if fs := c.packageFiles(dir); len(fs) > 0 {
		for _, path := range fs {
			if pf := c.parse(path); pf != nil && declares([]*ast.File{pf}, f.owner) {
				want = path + ":" + f.owner + "." + f.field
			}
		}
	}
	if want == "" {
		want = dir + "/?.go:" + f.owner + "." + f.field
	}
	if file+":"+member != want {
		c.fail("%s: defined by %s, the table names %s", key, want, named)
	}
	last := key[strings.LastIndex(key, ".")+1:]
	if tag != "" && tag != last {
		c.fail("%s: the JSON tag is %q, the table says %q", key, last, tag)
	}
	if tag == "" {
		c.fail("%s: the defined cell does not give the JSON tag (`json:\"%s\"`)", key, last)
	}
}

// configKeyField is where a config key decodes: the struct that declares
// the field (after embedded structs are followed) and the field.
type configKeyField struct {
	pkgPath, owner, field string
}

// configField walks stackconfig.Config by JSON tag; a "<...>" segment is a
// map key.
func configField(key string) (configKeyField, bool) {
	t := reflect.TypeOf(stackconfig.Config{})
	var out configKeyField
	for _, seg := range strings.Split(key, ".") {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		switch {
		case t.Kind() == reflect.Map && strings.HasPrefix(seg, "<"):
			t = t.Elem()
		case t.Kind() == reflect.Struct:
			owner, f, ok := jsonField(t, seg)
			if !ok {
				return out, false
			}
			out = configKeyField{owner.PkgPath(), owner.Name(), f.Name}
			t = f.Type
		default:
			return out, false
		}
	}
	return out, out.field != ""
}

// jsonField finds the field whose JSON name is name in t or, as encoding/json
// does, in its embedded untagged structs; it returns the declaring struct.
func jsonField(t reflect.Type, name string) (reflect.Type, reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == "-" || !f.IsExported() && !f.Anonymous {
			continue
		}
		if f.Anonymous && tag == "" && f.Type.Kind() == reflect.Struct {
			if o, ff, ok := jsonField(f.Type, name); ok {
				return o, ff, true
			}
			continue
		}
		if tag == name {
			return t, f, true
		}
	}
	return nil, reflect.StructField{}, false
}

func (c *docChecker) parse(path string) *ast.File {
	if f, ok := c.files[path]; ok {
		return f
	}
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(c.root, path), nil, parser.SkipObjectResolution)
	if err != nil {
		c.fail("%s: %v", path, err)
	}
	c.files[path] = f
	return f
}

// packageFiles lists the non-test Go files of a repository directory.
func (c *docChecker) packageFiles(dir string) []string {
	matches, _ := filepath.Glob(filepath.Join(c.root, dir, "*.go"))
	var out []string
	for _, m := range matches {
		if !strings.HasSuffix(m, "_test.go") {
			rel, _ := filepath.Rel(c.root, m)
			out = append(out, filepath.ToSlash(rel))
		}
	}
	return out
}

// declaredInPackage looks name up in every directory of the repository
// whose Go package is called pkg.
func (c *docChecker) declaredInPackage(pkg, name string) bool {
	if c.pkgDirs == nil {
		c.pkgDirs = map[string][]string{}
		_ = filepath.WalkDir(c.root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() && p != c.root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				return nil
			}
			f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.PackageClauseOnly)
			if err != nil {
				return nil
			}
			dir, _ := filepath.Rel(c.root, filepath.Dir(p))
			dir = filepath.ToSlash(dir)
			if !slices.Contains(c.pkgDirs[f.Name.Name], dir) {
				c.pkgDirs[f.Name.Name] = append(c.pkgDirs[f.Name.Name], dir)
			}
			return nil
		})
	}
	for _, dir := range c.pkgDirs[pkg] {
		var files []*ast.File
		for _, path := range c.packageFiles(dir) {
			if f := c.parse(path); f != nil {
				files = append(files, f)
			}
		}
		if declares(files, name) {
			return true
		}
	}
	return false
}

// sourceContains reports whether a non-test Go file of dir contains s.
func (c *docChecker) sourceContains(dir, s string) bool {
	for _, path := range c.packageFiles(dir) {
		if b, err := os.ReadFile(filepath.Join(c.root, path)); err == nil && strings.Contains(string(b), s) {
			return true
		}
	}
	return false
}

// declares reports whether the files declare name: "X" a top-level func,
// type, const or var; "T.M" a method M of T or *T, or a field (named or
// embedded) M of struct type T.
func declares(files []*ast.File, name string) bool {
	typ, member, isMember := strings.Cut(name, ".")
	for _, f := range files {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if !isMember && d.Recv == nil && d.Name.Name == name {
					return true
				}
				if isMember && d.Recv != nil && len(d.Recv.List) == 1 && receiverName(d.Recv.List[0].Type) == typ && d.Name.Name == member {
					return true
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						if !isMember && s.Name.Name == name {
							return true
						}
						if isMember && s.Name.Name == typ {
							if st, ok := s.Type.(*ast.StructType); ok && hasField(st, member) {
								return true
							}
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							if !isMember && n.Name == name {
								return true
							}
						}
					}
				}
			}
		}
	}
	return false
}

func receiverName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.StarExpr:
		return receiverName(x.X)
	case *ast.IndexExpr:
		return receiverName(x.X)
	case *ast.IndexListExpr:
		return receiverName(x.X)
	case *ast.Ident:
		return x.Name
	}
	return ""
}

func hasField(st *ast.StructType, name string) bool {
	for _, f := range st.Fields.List {
		for _, n := range f.Names {
			if n.Name == name {
				return true
			}
		}
		if len(f.Names) == 0 {
			t := f.Type
			if s, ok := t.(*ast.StarExpr); ok {
				t = s.X
			}
			switch x := t.(type) {
			case *ast.Ident:
				if x.Name == name {
					return true
				}
			case *ast.SelectorExpr:
				if x.Sel.Name == name {
					return true
				}
			}
		}
	}
	return false
}
