package azurefacts

import "time"

// Now is the date config and argument validation checks versions against
// in production: the one place that reads the clock. Tests pass a fixed
// date to the functions that take one (CheckVersion, VersionStatus,
// stackconfig.ValidateAsOf) instead.
func Now() time.Time { return time.Now().UTC() }
