package stackconfig

import (
	"regexp"
	"strings"
)

// ReplacementFields are the cluster settings whose change makes Azure (and
// so Pulumi) replace the managed cluster. They are listed in docs/config.md.
// A protected stack refuses such a replacement (the engine will not replace
// a protected resource) unless the field is named in acknowledgeReplacement,
// which lifts protection from that cluster for the run.
var ReplacementFields = []string{
	"location",
	"spokes.<key>.cluster.dnsPrefix",
	"spokes.<key>.cluster.nodeResourceGroup",
	"spokes.<key>.cluster.network.pluginMode",
	"spokes.<key>.cluster.network.policy",
	"spokes.<key>.cluster.network.podCidr",
	"spokes.<key>.cluster.network.serviceCidr",
	"spokes.<key>.cluster.network.dnsServiceIp",
	"spokes.<key>.cluster.privateDnsZone",
	"spokes.<key>.cluster.systemPool.vmSize",
	"spokes.<key>.cluster.systemPool.subnetPrefix",
	// OS disk encryption with a customer key is set at creation only
	// (MicrosoftDocs/azure-aks-docs articles/aks/azure-disk-customer-managed-keys.md).
	"spokes.<key>.cluster.diskEncryption.enabled",
	"spokes.<key>.cluster.diskEncryption.vaultName",
	"spokes.<key>.addressSpace",
}

func replacementFieldPatterns() []string { return ReplacementFields }

var spokeKeyRe = regexp.MustCompile(`^spokes\.[a-z][a-z0-9]{0,9}\.`)

func isReplacementField(s string) bool {
	norm := spokeKeyRe.ReplaceAllString(s, "spokes.<key>.")
	for _, f := range ReplacementFields {
		if f == norm {
			return true
		}
	}
	return false
}

// AcknowledgesReplacement reports whether the stack acknowledges replacing
// the cluster of spoke key (any replacing field of that spoke, or location).
func (c Config) AcknowledgesReplacement(key string) bool {
	for _, a := range c.AcknowledgeReplacement {
		if a == "location" || strings.HasPrefix(a, "spokes."+key+".") {
			return true
		}
	}
	return false
}
