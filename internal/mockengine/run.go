package mockengine

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// WithConfig hands a program config the way the engine does: full keys
// ("privateaks:hub") to strings (structured values as JSON) and the keys
// whose values are secrets.
func WithConfig(values map[string]string, secretKeys []string) pulumi.RunOption {
	return func(info *pulumi.RunInfo) {
		info.Config = values
		info.ConfigSecretKeys = secretKeys
	}
}

// WithDryRun runs the program as a preview (true) or an update (false, the
// default). Under Mocks.Run a dry run also switches on preview mode (see
// Mocks.Preview).
func WithDryRun(dryRun bool) pulumi.RunOption {
	return func(info *pulumi.RunInfo) { info.DryRun = dryRun }
}

// Run runs fn under a fresh recording monitor and returns it with every
// registration, whatever fn returned. pulumi.RunErr returns only after every
// registration and output has settled, so the record is complete.
func Run(project, stack string, fn pulumi.RunFunc, opts ...pulumi.RunOption) (*Mocks, error) {
	m := New(project, stack)
	return m, m.Run(fn, opts...)
}

// Run runs fn under this monitor (configured beforehand, e.g. with
// StackOutputs) and records into it.
func (m *Mocks) Run(fn pulumi.RunFunc, opts ...pulumi.RunOption) error {
	// A preview is a dry run answered as on an empty stack; either switch
	// turns on both.
	if dryRunIn(opts) {
		m.Preview = true
	}
	all := append([]pulumi.RunOption{pulumi.WithMocks(m.project, m.stack, m)}, opts...)
	if m.Preview {
		all = append(all, WithDryRun(true), withMonitorWrapper(func(c pulumirpc.ResourceMonitorClient) pulumirpc.ResourceMonitorClient {
			return secretUnknownMonitor{ResourceMonitorClient: c, m: m}
		}))
	}
	return pulumi.RunErr(fn, all...)
}
