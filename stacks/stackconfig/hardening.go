package stackconfig

import (
	"fmt"
	"regexp"

	"github.com/privateaks/privateaks/internal/azname"
)

// HubLogs is the hub's Log Analytics workspace (firewall, Bastion and NSG
// logs, traffic analytics) and the VNet flow logs of every VNet.
type HubLogs struct {
	// WorkspaceName (default "log-<prefix>-hub").
	WorkspaceName string `json:"workspaceName,omitempty"`
	// RetentionDays of the workspace, 30-730 (default 90).
	RetentionDays int `json:"retentionDays,omitempty"`
	// FlowLogStorageAccountName holds the flow logs: 3-24 lowercase letters
	// and digits, globally unique (default "st<prefix>flowlogs", cut to 24).
	FlowLogStorageAccountName string `json:"flowLogStorageAccountName,omitempty"`
	// FlowLogRetentionDays, 90-365 (default 90).
	FlowLogRetentionDays int `json:"flowLogRetentionDays,omitempty"`
	// NetworkWatcherResourceGroup and NetworkWatcherName are the region's
	// network watcher, which Azure enables as NetworkWatcher_<region> in
	// NetworkWatcherRG (the defaults); it must exist before the first up.
	NetworkWatcherResourceGroup string `json:"networkWatcherResourceGroup,omitempty"`
	NetworkWatcherName          string `json:"networkWatcherName,omitempty"`
}

// Defaults of the hub's logs.
const (
	DefaultHubLogRetentionDays   = 90
	DefaultFlowLogRetentionDays  = 90
	MinFlowLogRetentionDays      = 90
	DefaultNetworkWatcherRG      = "NetworkWatcherRG"
	defaultNetworkWatcherPrefix  = "NetworkWatcher_"
	maxStorageAccountNameLength  = 24
	storageAccountNameCharacters = "3-24 lowercase letters and digits, globally unique"
)

var storageAccountNameRE = regexp.MustCompile(`^[a-z0-9]{3,24}$`)

func hubLogsDefaults(l HubLogs, prefix, location string) HubLogs {
	setDefault(&l.WorkspaceName, fmt.Sprintf("log-%s-hub", prefix))
	if l.RetentionDays == 0 {
		l.RetentionDays = DefaultHubLogRetentionDays
	}
	setDefault(&l.FlowLogStorageAccountName, truncate("st"+azname.Alnum(prefix)+"flowlogs", maxStorageAccountNameLength))
	if l.FlowLogRetentionDays == 0 {
		l.FlowLogRetentionDays = DefaultFlowLogRetentionDays
	}
	setDefault(&l.NetworkWatcherResourceGroup, DefaultNetworkWatcherRG)
	setDefault(&l.NetworkWatcherName, defaultNetworkWatcherPrefix+location)
	return l
}

func hardeningHubDefaults(h Hub) Hub {
	if h.Firewall.PublicIPCount == 0 {
		h.Firewall.PublicIPCount = DefaultFirewallPublicIPs
	}
	return h
}

func validateHubLogs(l HubLogs, path string) []error {
	var errs []error
	errs = append(errs, checkName(azname.LogAnalytics, l.WorkspaceName, join(path, "workspaceName"))...)
	if l.RetentionDays < 30 || l.RetentionDays > 730 {
		errs = append(errs, fieldErr(join(path, "retentionDays"), l.RetentionDays, "30-730 days"))
	}
	if !storageAccountNameRE.MatchString(l.FlowLogStorageAccountName) {
		errs = append(errs, fieldErr(join(path, "flowLogStorageAccountName"), l.FlowLogStorageAccountName, "%s", storageAccountNameCharacters))
	}
	if l.FlowLogRetentionDays < MinFlowLogRetentionDays || l.FlowLogRetentionDays > 365 {
		errs = append(errs, fieldErr(join(path, "flowLogRetentionDays"), l.FlowLogRetentionDays, "%d-365 days", MinFlowLogRetentionDays))
	}
	errs = append(errs, checkName(azname.ResourceGroup, l.NetworkWatcherResourceGroup, join(path, "networkWatcherResourceGroup"))...)
	errs = append(errs, checkName(azname.NetworkGeneric, l.NetworkWatcherName, join(path, "networkWatcherName"))...)
	return errs
}

// DDoS is Azure DDoS Network Protection for every VNet of the stack: an
// opt-in cost choice (a plan is billed monthly; one per tenant is usual).
type DDoS struct {
	// Enabled (default false) creates a plan in the hub's resource group
	// unless PlanID names an existing one.
	Enabled bool   `json:"enabled,omitempty"`
	PlanID  string `json:"planId,omitempty"`
}

// DefaultFirewallPublicIPs is the baseline hub's count of firewall IPs
// (mspnp/aks-baseline networking/hub-default.bicep).
const DefaultFirewallPublicIPs = 3

func validateHardeningHub(h Hub, path string) []error {
	var errs []error
	if n := h.Firewall.PublicIPCount; n < 1 || n > 250 {
		errs = append(errs, fieldErr(join(path, "firewall.publicIpCount"), n, "1-250 public IPs (Azure Firewall limit)"))
	}
	if h.DDoS.PlanID != "" {
		if !h.DDoS.Enabled {
			errs = append(errs, fieldErr(join(path, "ddos.planId"), h.DDoS.PlanID, "only with ddos.enabled true"))
		}
		if !ddosPlanIDRE.MatchString(h.DDoS.PlanID) {
			errs = append(errs, fieldErr(join(path, "ddos.planId"), h.DDoS.PlanID, "a resource ID /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/ddosProtectionPlans/<name>"))
		}
	}
	return errs
}

var ddosPlanIDRE = regexp.MustCompile(`(?i)^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Network/ddosProtectionPlans/[^/]+$`)
