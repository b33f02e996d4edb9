// Package clusterspec is the private cluster's spec: the plain Go types a
// user configures for a cluster's names, settings, network profile,
// maintenance window, node pools and services, their defaults and their
// validation, written once.
//
// The stack config (stacks/stackconfig, whose keys are these types' JSON
// names) and the privateaks component (components/privateaks, which adds
// the Pulumi wiring such as a pool's subnet ID) both hold these types and
// call the same WithDefaults and Validate, so a value one layer refuses the
// other refuses too, with the same message under its own path. The package
// imports neither Pulumi nor the Azure SDK: the stack config and the plan
// stay cheap to build.
package clusterspec
