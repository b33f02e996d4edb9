package stackconfig

import (
	"fmt"

	"github.com/privateaks/privateaks/components/hubnetwork/hubspec"
	"github.com/privateaks/privateaks/internal/azname"
)

// HubLogs is the hub's Log Analytics workspace (firewall, Bastion and NSG
// logs, traffic analytics) and the VNet flow logs of every VNet (hubspec).
type HubLogs = hubspec.Logs

// Defaults of the hub's logs (hubspec owns the numbers).
const (
	DefaultHubLogRetentionDays   = hubspec.DefaultLogRetentionDays
	DefaultFlowLogRetentionDays  = hubspec.DefaultFlowLogRetentionDays
	MinFlowLogRetentionDays      = hubspec.MinFlowLogRetentionDays
	DefaultNetworkWatcherRG      = hubspec.DefaultNetworkWatcherResourceGroup
	maxStorageAccountNameLength  = 24
	storageAccountNameCharacters = hubspec.StorageAccountNameRule
)

// hubLogsDefaults are hubspec's, with the names derived from the stack's
// prefix.
func hubLogsDefaults(l HubLogs, prefix, location string) HubLogs {
	return l.WithDefaults(fmt.Sprintf("log-%s-hub", prefix), truncate("st"+azname.Alnum(prefix)+"flowlogs", maxStorageAccountNameLength), location)
}

// DDoS is Azure DDoS Network Protection for every VNet of the stack
// (hubspec).
type DDoS = hubspec.DDoS

// DefaultFirewallPublicIPs is the baseline hub's count of firewall IPs
// (hubspec).
const DefaultFirewallPublicIPs = hubspec.DefaultFirewallPublicIPs
