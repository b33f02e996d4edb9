package azurefacts

// AMPLSMaxScopedResources is how many Azure Monitor resources (workspaces,
// data collection endpoints) one Azure Monitor Private Link Scope holds:
// 50 (MicrosoftDocs/azure-monitor-docs articles/azure-monitor/logs/
// private-link-design.md, "AMPLS limits").
const AMPLSMaxScopedResources = 50
