package stackconfig

import "github.com/privateaks/privateaks/internal/azurefacts"

// MonitorScopedResources is how many Azure Monitor resources the stack's
// one Private Link Scope holds (stacks/monitorlink.go): the hub's
// workspace, and each spoke's workspace and data collection endpoint.
func MonitorScopedResources(spokes int) int { return 1 + 2*spokes }

// MaxSpokes is the most spokes a stack can have: its Private Link Scope
// holds at most azurefacts.AMPLSMaxScopedResources resources.
func MaxSpokes() int { return (azurefacts.AMPLSMaxScopedResources - 1) / 2 }

// validateMonitorScope refuses more spokes than the scope can hold, before
// anything is registered (the component would refuse it only after the hub
// and the spokes were).
func validateMonitorScope(c Config) []error {
	if n := len(c.Spokes); MonitorScopedResources(n) > azurefacts.AMPLSMaxScopedResources {
		return []error{fieldErr("spokes", n, "at most %d spokes: the stack's Azure Monitor Private Link Scope holds the hub's workspace and each spoke's workspace and data collection endpoint, %d resources for %d spokes, and a scope holds at most %d", MaxSpokes(), MonitorScopedResources(n), n, azurefacts.AMPLSMaxScopedResources)}
	}
	return nil
}
