package manifests

import (
	"fmt"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
)

// Doc is one object of a built overlay: its YAML after substitution and
// the identity kustomize gave it.
type Doc struct {
	APIVersion, Kind, Namespace, Name string
	YAML                              []byte
}

// Ref names the object for messages: Kind namespace/name.
func (d Doc) Ref() string {
	if d.Namespace == "" {
		return d.Kind + " " + d.Name
	}
	return d.Kind + " " + d.Namespace + "/" + d.Name
}

// Build runs kustomize on dir (a directory holding kustomization.yaml) with
// the defaults kustomize-controller uses (no plugins, load restricted to the
// repository) and returns the objects in kustomize's order.
func Build(dir string) ([]Doc, error) {
	opts := krusty.MakeDefaultOptions()
	m, err := krusty.MakeKustomizer(opts).Run(filesys.MakeFsOnDisk(), filepath.Clean(dir))
	if err != nil {
		return nil, fmt.Errorf("kustomize build %s: %w", dir, err)
	}
	var docs []Doc
	for _, r := range m.Resources() {
		y, err := r.AsYAML()
		if err != nil {
			return nil, fmt.Errorf("kustomize build %s: %s: %w", dir, r.CurId(), err)
		}
		docs = append(docs, Doc{APIVersion: r.GetApiVersion(), Kind: r.GetKind(), Namespace: r.GetNamespace(), Name: r.GetName(), YAML: y})
	}
	return docs, nil
}

// varRe is the ${NAME} form Flux's postBuild substitutes (kustomize-
// controller docs, "Post build variable substitution"); names are shell
// variable names.
var varRe = regexp.MustCompile(`\$\{([^}]*)\}`)
var nameRe = regexp.MustCompile(`^[_a-zA-Z][_a-zA-Z0-9]*$`)

// Substitute replaces every ${NAME} in the docs with vars[NAME]. Stricter
// than Flux (which substitutes an undefined variable with ""): a variable
// the stack does not set, a malformed reference or a stray '$' is an error,
// naming the object and the variable.
func Substitute(docs []Doc, vars map[string]string) ([]Doc, error) {
	var errs []string
	out := make([]Doc, 0, len(docs))
	for _, d := range docs {
		s := varRe.ReplaceAllStringFunc(string(d.YAML), func(m string) string {
			name := m[2 : len(m)-1]
			if !nameRe.MatchString(name) {
				errs = append(errs, fmt.Sprintf("%s: %q is not a ${NAME} reference Flux substitutes", d.Ref(), m))
				return m
			}
			v, ok := vars[name]
			if !ok {
				errs = append(errs, fmt.Sprintf("%s: ${%s} is not set by the stack (set: %s)", d.Ref(), name, strings.Join(slices.Sorted(maps.Keys(vars)), ", ")))
				return m
			}
			return v
		})
		if i := strings.Index(varRe.ReplaceAllString(string(d.YAML), ""), "$"); i >= 0 {
			errs = append(errs, fmt.Sprintf("%s: a '$' outside ${NAME} (Flux would try to substitute it; write $$ for a literal)", d.Ref()))
		}
		d.YAML = []byte(s)
		out = append(out, d)
	}
	if len(errs) > 0 {
		sort.Strings(errs)
		return nil, fmt.Errorf("substitution: %s", strings.Join(errs, "; "))
	}
	return out, nil
}
