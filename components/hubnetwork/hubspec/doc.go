// Package hubspec is the hub's spec: the plain Go types a user configures
// for the hub's firewall, Bastion, logs and DDoS protection, their defaults
// and their validation, written once.
//
// The stack config (stacks/stackconfig, key "hub") and the hubnetwork
// component both hold these types and call the same WithDefaults and
// Validate; each layer adds only its own (the stack its default names from
// the stack prefix and its extra egress FQDNs, the component its Pulumi
// inputs). The package imports neither Pulumi nor the Azure SDK.
package hubspec
