package hubspec

import (
	"regexp"

	"github.com/privateaks/privateaks/internal/azname"
	"github.com/privateaks/privateaks/internal/fielderr"
)

// MinFlowLogRetentionDays is the least flow-log retention accepted: the
// 90 days scanners' flow-log retention checks ask for (internal/flowlog
// takes it from here).
const MinFlowLogRetentionDays = 90

// Defaults of the hub's logs.
const (
	DefaultLogRetentionDays     = 90
	DefaultFlowLogRetentionDays = MinFlowLogRetentionDays
	// DefaultNetworkWatcherResourceGroup is where Azure enables the
	// region's network watcher.
	DefaultNetworkWatcherResourceGroup = "NetworkWatcherRG"
	// StorageAccountNameRule is what a storage account name may be.
	StorageAccountNameRule = "3-24 lowercase letters and digits, globally unique"
)

// DefaultNetworkWatcherName is the watcher Azure enables in a region.
func DefaultNetworkWatcherName(location string) string { return "NetworkWatcher_" + location }

// storageAccountNameRE: 3-24 lowercase letters and digits (storage
// 2023-05-01 storage.json, StorageAccounts_Create accountName).
var storageAccountNameRE = regexp.MustCompile(`^[a-z0-9]{3,24}$`)

// Logs are the hub's Log Analytics workspace and the VNet flow logs.
type Logs struct {
	// WorkspaceName of the hub's workspace: the firewall, Bastion and NSG
	// logs and traffic analytics go there.
	WorkspaceName string `json:"workspaceName,omitempty"`
	// RetentionDays of the workspace, 30-730 (default 90).
	RetentionDays int `json:"retentionDays,omitempty"`
	// FlowLogStorageAccountName holds the flow logs: 3-24 lowercase letters
	// and digits, globally unique.
	FlowLogStorageAccountName string `json:"flowLogStorageAccountName,omitempty"`
	// FlowLogRetentionDays, 90-365 (default 90).
	FlowLogRetentionDays int `json:"flowLogRetentionDays,omitempty"`
	// NetworkWatcherResourceGroup and NetworkWatcherName are the region's
	// network watcher, which Azure enables as NetworkWatcher_<region> in
	// NetworkWatcherRG (the defaults); it must exist before the first up.
	NetworkWatcherResourceGroup string `json:"networkWatcherResourceGroup,omitempty"`
	NetworkWatcherName          string `json:"networkWatcherName,omitempty"`
}

// WithDefaults fills what is unset: the two names from the layer's own
// defaults (the stack derives them from its prefix, the component from the
// VNet's name), the rest alike.
func (l Logs) WithDefaults(workspaceName, storageAccountName, location string) Logs {
	setDefault(&l.WorkspaceName, workspaceName)
	setDefault(&l.FlowLogStorageAccountName, storageAccountName)
	if l.RetentionDays == 0 {
		l.RetentionDays = DefaultLogRetentionDays
	}
	if l.FlowLogRetentionDays == 0 {
		l.FlowLogRetentionDays = DefaultFlowLogRetentionDays
	}
	setDefault(&l.NetworkWatcherResourceGroup, DefaultNetworkWatcherResourceGroup)
	setDefault(&l.NetworkWatcherName, DefaultNetworkWatcherName(location))
	return l
}

// Validate returns every problem of defaulted logs, under path.
func (l Logs) Validate(path string) []error {
	at := func(k string) string { return fielderr.Join(path, k) }
	var errs []error
	errs = append(errs, azname.CheckAt(azname.LogAnalytics, l.WorkspaceName, at("workspaceName"))...)
	if l.RetentionDays < 30 || l.RetentionDays > 730 {
		errs = append(errs, fielderr.New(at("retentionDays"), l.RetentionDays, "30-730 days"))
	}
	if !storageAccountNameRE.MatchString(l.FlowLogStorageAccountName) {
		errs = append(errs, fielderr.New(at("flowLogStorageAccountName"), l.FlowLogStorageAccountName, "%s", StorageAccountNameRule))
	}
	if l.FlowLogRetentionDays < MinFlowLogRetentionDays || l.FlowLogRetentionDays > 365 {
		errs = append(errs, fielderr.New(at("flowLogRetentionDays"), l.FlowLogRetentionDays, "%d-365 days", MinFlowLogRetentionDays))
	}
	errs = append(errs, azname.CheckAt(azname.ResourceGroup, l.NetworkWatcherResourceGroup, at("networkWatcherResourceGroup"))...)
	errs = append(errs, azname.CheckAt(azname.NetworkGeneric, l.NetworkWatcherName, at("networkWatcherName"))...)
	return errs
}
