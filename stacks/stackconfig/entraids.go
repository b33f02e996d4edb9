package stackconfig

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/privateaks/privateaks/internal/ids"
)

// Entra ID object IDs in the config: the groups that administer clusters,
// write secrets, read or write a namespace. They are all listed by EntraIDs,
// the one place that knows where they are, so that syntax and placeholder
// checks cover every one of them (a test walks Config by reflection and
// fails on a group field EntraIDs does not know).

// EntraID is one Entra ID object ID with its config key.
type EntraID struct {
	Key   string `json:"key"` // full config key, e.g. "spokes.blue.cluster.adminGroupObjectIds[0]"
	Value string `json:"value"`
}

// EntraIDs lists every Entra ID object ID the config holds, in key order.
func EntraIDs(c Config) []EntraID {
	var out []EntraID
	add := func(path string, ids []string) {
		for i, id := range ids {
			out = append(out, EntraID{Key: fmt.Sprintf("%s[%d]", path, i), Value: id})
		}
	}
	add("hub.runners.adminLoginGroups", c.Hub.Runners.AdminLoginGroups)
	add("hub.runners.userLoginGroups", c.Hub.Runners.UserLoginGroups)
	for _, k := range c.SpokeKeys() {
		cl := c.Spokes[k].Cluster
		p := join("spokes", k) + ".cluster"
		add(join(p, "adminGroupObjectIds"), cl.AdminGroupObjectIDs)
		add(join(p, "keyVault.secretsOfficerGroups"), cl.KeyVault.SecretsOfficerGroups)
		for _, ns := range slices.Sorted(maps.Keys(cl.NamespaceAccess)) {
			a := cl.NamespaceAccess[ns]
			add(join(p, "namespaceAccess."+ns+".readers"), a.Readers)
			add(join(p, "namespaceAccess."+ns+".writers"), a.Writers)
		}
	}
	return out
}

// placeholderPrefix is the form of the stand-in IDs our sample stacks ship
// with: the first 20 hex digits zero. Entra ID creates object IDs as random
// GUIDs, so a real one has this prefix with a chance of 2^-80.
const placeholderPrefix = "00000000-0000-0000-0000-"

// IsPlaceholderID reports whether id is a stand-in rather than an object ID
// Entra ID could have issued: the sample stacks' 00000000-0000-0000-0000-…
// form (which includes the nil GUID) or a GUID of one repeated hex digit
// ("11111111-1111-…", "ffffffff-ffff-…"), the usual hand-typed filler.
func IsPlaceholderID(id string) bool {
	if !ids.IsGUID(id) {
		return false
	}
	if strings.HasPrefix(id, placeholderPrefix) {
		return true
	}
	hex := strings.ToLower(strings.ReplaceAll(id, "-", ""))
	return strings.Count(hex, hex[:1]) == len(hex)
}

// PlaceholderIDs lists the Entra IDs in the config that are placeholders.
// A protected stack refuses them (validateEntraIDs); any other stack is
// planned with them and warned (the plan report and the program's log),
// since a role assignment to a principal that does not exist fails at
// deploy time with PrincipalNotFound and a cluster admin group that does not
// exist locks everybody out.
func PlaceholderIDs(c Config) []EntraID {
	var out []EntraID
	for _, id := range EntraIDs(c) {
		if IsPlaceholderID(id.Value) {
			out = append(out, id)
		}
	}
	return out
}

// findGroupID is how every placeholder message says to find the real ID.
const findGroupID = "az ad group show --group <name> --query id --output tsv"

// PlaceholderWarning is the message for a placeholder in a stack that is
// planned with it.
func PlaceholderWarning(id EntraID) string {
	return fmt.Sprintf("%s: %q is a placeholder; replace it with your Entra ID group's object ID (%s) before deploying", id.Key, id.Value, findGroupID)
}

// validateEntraIDs checks every Entra ID's syntax and, in a protected stack,
// refuses placeholders (unless the config was loaded for planning a sample,
// Raw.AllowPlaceholders).
func validateEntraIDs(c Config) []error {
	var errs []error
	for _, id := range EntraIDs(c) {
		switch {
		case !ids.IsGUID(id.Value):
			errs = append(errs, fieldErr(id.Key, id.Value, "an Entra ID object ID (GUID)"))
		case IsPlaceholderID(id.Value) && c.IsProtected() && !c.placeholdersAllowed:
			errs = append(errs, fieldErr(id.Key, id.Value, "a real Entra ID object ID, not a placeholder (a protected stack refuses the samples' 00000000-0000-0000-0000-… IDs and one-digit GUIDs); find yours with %s", findGroupID))
		}
	}
	return errs
}
