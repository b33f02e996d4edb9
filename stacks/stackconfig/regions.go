package stackconfig

import "github.com/privateaks/privateaks/internal/azurefacts"

// IsRegion reports whether name is an Azure public-cloud region name
// (internal/azurefacts holds the list).
func IsRegion(name string) bool { return azurefacts.IsRegion(name) }
