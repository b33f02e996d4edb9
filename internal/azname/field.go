package azname

import (
	"fmt"
	"strings"

	"github.com/privateaks/privateaks/internal/fielderr"
)

// CheckAt is Check as a validation problem at path: the value is shown
// once, as the problem's value, followed by the rule ("KeyVault name:
// want 3-24 characters, ..."), as the stack config always reported it. The
// specs and the stack config report every name through it.
func CheckAt(kind Kind, name, path string) []error {
	if err := Check(kind, name); err != nil {
		return []error{fielderr.New(path, name, "%s", strings.TrimPrefix(err.Error(), fmt.Sprintf("%q is not a valid ", name)))}
	}
	return nil
}
