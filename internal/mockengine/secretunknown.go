package mockengine

import (
	"context"
	"reflect"
	"unsafe"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// A preview sends a secret whose value is not known yet (for example a
// kubeconfig fetched from a cluster being created, marked secret) as a
// secret object wrapping the unknown sentinel. The engine keeps it; the
// SDK's mock monitor (go/pulumi/mocks.go, sdk v3.260.0) unmarshals inputs
// without KeepUnknowns, drops the sentinel and then fails on a secret
// without a value ("malformed RPC secret"). secretUnknownMonitor sits in
// front of it during previews and sends such a value as a plain unknown,
// keeping the original object so that the recorded inputs still hold the
// secret unknown the engine would have seen.
type secretUnknownMonitor struct {
	pulumirpc.ResourceMonitorClient
	m *Mocks
}

func (s secretUnknownMonitor) RegisterResource(ctx context.Context, in *pulumirpc.RegisterResourceRequest, opts ...grpc.CallOption) (*pulumirpc.RegisterResourceResponse, error) {
	if obj := in.GetObject(); obj != nil && hasSecretUnknown(structpb.NewStructValue(obj)) {
		clone := proto.Clone(in).(*pulumirpc.RegisterResourceRequest)
		clone.Object = plainUnknowns(structpb.NewStructValue(clone.GetObject())).GetStructValue()
		s.m.mu.Lock()
		s.m.originals[clone] = obj
		s.m.mu.Unlock()
		in = clone
	}
	return s.ResourceMonitorClient.RegisterResource(ctx, in, opts...)
}

func isSecretUnknown(v *structpb.Value) bool {
	f := v.GetStructValue().GetFields()
	return f[resource.SigKey].GetStringValue() == resource.SecretSig && f["value"].GetStringValue() == plugin.UnknownStringValue
}

func hasSecretUnknown(v *structpb.Value) bool {
	if isSecretUnknown(v) {
		return true
	}
	for _, e := range v.GetListValue().GetValues() {
		if hasSecretUnknown(e) {
			return true
		}
	}
	for _, e := range v.GetStructValue().GetFields() {
		if hasSecretUnknown(e) {
			return true
		}
	}
	return false
}

// plainUnknowns replaces, in place, every secret unknown below v with the
// plain unknown sentinel.
func plainUnknowns(v *structpb.Value) *structpb.Value {
	if isSecretUnknown(v) {
		return structpb.NewStringValue(plugin.UnknownStringValue)
	}
	if l := v.GetListValue(); l != nil {
		for i, e := range l.Values {
			l.Values[i] = plainUnknowns(e)
		}
	}
	if s := v.GetStructValue(); s != nil {
		for k, e := range s.Fields {
			s.Fields[k] = plainUnknowns(e)
		}
	}
	return v
}

// withMonitorWrapper installs wrap around the run's resource monitor. The
// SDK keeps this hook unexported (RunInfo.wrapResourceMonitorClient, used
// by its own tests); if a later SDK renames it, the option does nothing and
// previews with secret unknowns fail as the bare mock monitor does.
func withMonitorWrapper(wrap func(pulumirpc.ResourceMonitorClient) pulumirpc.ResourceMonitorClient) pulumi.RunOption {
	return func(info *pulumi.RunInfo) {
		f := reflect.ValueOf(info).Elem().FieldByName("wrapResourceMonitorClient")
		if !f.IsValid() || f.Type() != reflect.TypeOf(wrap) {
			return
		}
		reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().Set(reflect.ValueOf(wrap))
	}
}
