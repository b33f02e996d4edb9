// Package provider is a Pulumi resource provider that stands in for the
// azure-native, azure and kubernetes plugins in the end-to-end test
// (internal/e2e): no Azure and no cluster can be reached from CI, but the
// real engine still needs providers to check, diff, create, update and
// delete. It answers with the mock engine's model of Azure (ARM IDs, principal IDs,
// the firewall's IP, cluster FQDN and OIDC issuer, the credentials invoke),
// so the real engine and the mock engine see the same cloud; it marks what
// the cloud computes unknown during preview, and it reports replacements
// for the inputs the cloud replaces on (rules.go).
//
// It is test-only code: cmd/pulumi-resource-privateaks-test wraps it in a
// plugin binary, which the test installs under each package name.
package provider

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/privateaks/privateaks/internal/mockengine"
)

// Server serves one package (Name at Version).
type Server struct {
	pulumirpc.UnimplementedResourceProviderServer
	Name, Version string
	model         *mockengine.Mocks
}

// New returns a provider for package name at version.
func New(name, version string) *Server {
	return &Server{Name: name, Version: version, model: mockengine.New("", "")}
}

var opts = plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true, KeepResources: true, SkipNulls: false}

func unmarshal(s *structpb.Struct) (resource.PropertyMap, error) {
	m, err := plugin.UnmarshalProperties(s, opts)
	if err != nil {
		return nil, err
	}
	if m == nil {
		m = resource.PropertyMap{}
	}
	return m, nil
}

func marshal(m resource.PropertyMap) (*structpb.Struct, error) {
	return plugin.MarshalProperties(m, opts)
}

// GetPluginInfo reports the version the plugin was installed as.
func (s *Server) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: s.Version}, nil
}

// CheckConfig accepts the provider's configuration as given.
func (s *Server) CheckConfig(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	return &pulumirpc.CheckResponse{Inputs: req.GetNews()}, nil
}

// DiffConfig compares provider configurations property by property; a
// provider's configuration never forces replacing its resources.
func (s *Server) DiffConfig(_ context.Context, req *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	return s.diff(req, false)
}

// Configure accepts secrets and supports preview, as the real providers do.
func (s *Server) Configure(context.Context, *pulumirpc.ConfigureRequest) (*pulumirpc.ConfigureResponse, error) {
	return &pulumirpc.ConfigureResponse{AcceptSecrets: true, SupportsPreview: true, AcceptResources: true}, nil
}

// Check returns the inputs unchanged.
func (s *Server) Check(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	return &pulumirpc.CheckResponse{Inputs: req.GetNews()}, nil
}

// Diff compares old and new inputs property by property and reports the
// changed paths that force a replacement.
func (s *Server) Diff(_ context.Context, req *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	return s.diff(req, true)
}

func (s *Server) diff(req *pulumirpc.DiffRequest, resources bool) (*pulumirpc.DiffResponse, error) {
	olds, err := unmarshal(req.GetOldInputs())
	if err != nil {
		return nil, err
	}
	if len(olds) == 0 {
		// An engine that sends no old inputs: compare with the old outputs
		// restricted to the keys the new inputs have.
		if olds, err = unmarshal(req.GetOlds()); err != nil {
			return nil, err
		}
	}
	news, err := unmarshal(req.GetNews())
	if err != nil {
		return nil, err
	}
	ignore := map[string]bool{}
	for _, k := range req.GetIgnoreChanges() {
		ignore[k] = true
	}
	od := olds.Diff(news, func(k resource.PropertyKey) bool { return ignore[string(k)] })
	detailed := plugin.NewDetailedDiffFromObjectDiff(od, true)
	if len(detailed) == 0 && !hasUnknowns(news) {
		return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_NONE, HasDetailedDiff: true}, nil
	}
	changed := make([]string, 0, len(detailed))
	for k := range detailed {
		changed = append(changed, k)
	}
	sort.Strings(changed)
	var repl []string
	if resources {
		typ := typeOf(req.GetUrn(), req.GetType())
		pkg, key := mockengine.ServiceKey(typ)
		var extra []string
		if pkg == "azure-native" {
			extra = append(extra, "location")
			if ids, ok := mockengine.ARMIDInputs(typ); ok {
				extra = append(extra, ids...)
			}
		}
		repl = replaces(pkg, key, changed, extra)
	}
	resp := &pulumirpc.DiffResponse{
		Changes:         pulumirpc.DiffResponse_DIFF_SOME,
		HasDetailedDiff: true,
		DetailedDiff:    map[string]*pulumirpc.PropertyDiff{},
		Replaces:        topLevel(repl),
	}
	replacing := map[string]bool{}
	for _, r := range repl {
		replacing[r] = true
	}
	for _, k := range changed {
		kind := map[plugin.DiffKind]pulumirpc.PropertyDiff_Kind{
			plugin.DiffAdd:    pulumirpc.PropertyDiff_ADD,
			plugin.DiffDelete: pulumirpc.PropertyDiff_DELETE,
			plugin.DiffUpdate: pulumirpc.PropertyDiff_UPDATE,
		}[detailed[k].Kind]
		if replacing[k] {
			kind += pulumirpc.PropertyDiff_ADD_REPLACE - pulumirpc.PropertyDiff_ADD
		}
		resp.DetailedDiff[k] = &pulumirpc.PropertyDiff{Kind: kind, InputDiff: true}
	}
	resp.Diffs = topLevel(changed)
	s.logDiff(req.GetUrn(), changed, repl, olds, news)
	return resp, nil
}

// logDiff appends the changed and replacing paths of a diff to the file
// PRIVATEAKS_TEST_PROVIDER_LOG names, so a test run can show why the
// engine updates or replaces a resource.
func (s *Server) logDiff(urn string, changed, repl []string, olds, news resource.PropertyMap) {
	p := os.Getenv("PRIVATEAKS_TEST_PROVIDER_LOG")
	if p == "" {
		return
	}
	f, err := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return
	}
	defer f.Close()
	fmt.Fprintf(f, "diff %s changed=%s replaces=%s\n", urn, strings.Join(changed, ","), strings.Join(repl, ","))
	for _, k := range topLevel(changed) {
		fmt.Fprintf(f, "  %s: old %v new %v\n", k, olds[resource.PropertyKey(k)], news[resource.PropertyKey(k)])
	}
}

// topLevel maps property paths to their top-level keys, deduplicated and
// sorted, as DiffResponse.Replaces and .Diffs carry them.
func topLevel(paths []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range paths {
		k := p
		if i := strings.IndexAny(p, ".["); i > 0 {
			k = p[:i]
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func hasUnknowns(m resource.PropertyMap) bool {
	return resource.NewProperty(m).ContainsUnknowns()
}

// typeOf is the resource type of a request: the type field where the engine
// sends it, else the URN's.
func typeOf(urn, typ string) string {
	if typ != "" {
		return typ
	}
	return string(resource.URN(urn).Type())
}

func nameOf(urn, name string) string {
	if name != "" {
		return name
	}
	return resource.URN(urn).Name()
}

// Create answers with the model's ID and outputs. During preview every
// output the cloud computes (any property whose value is not the input's)
// is unknown, as it is with the real providers.
func (s *Server) Create(_ context.Context, req *pulumirpc.CreateRequest) (*pulumirpc.CreateResponse, error) {
	ins, err := unmarshal(req.GetProperties())
	if err != nil {
		return nil, err
	}
	typ, name := typeOf(req.GetUrn(), req.GetType()), nameOf(req.GetUrn(), req.GetName())
	id, outs := s.model.Answer(typ, name, ins)
	if req.GetPreview() {
		outs = computedUnknown(ins, outs)
		id = ""
	}
	props, err := marshal(outs)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.CreateResponse{Id: id, Properties: props}, nil
}

// Update answers with the new inputs and what the cloud computes, keeping
// the computed values the resource already had (Azure keeps IDs, principal
// IDs and addresses across updates).
func (s *Server) Update(_ context.Context, req *pulumirpc.UpdateRequest) (*pulumirpc.UpdateResponse, error) {
	news, err := unmarshal(req.GetNews())
	if err != nil {
		return nil, err
	}
	olds, err := unmarshal(req.GetOlds())
	if err != nil {
		return nil, err
	}
	typ, name := typeOf(req.GetUrn(), req.GetType()), nameOf(req.GetUrn(), req.GetName())
	_, outs := s.model.Answer(typ, name, news)
	outs = keepComputed(news, outs, olds)
	if req.GetPreview() {
		outs = computedUnknown(news, outs)
	}
	props, err := marshal(outs)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.UpdateResponse{Properties: props}, nil
}

// Read returns the state as it is: the modelled cloud never drifts.
func (s *Server) Read(_ context.Context, req *pulumirpc.ReadRequest) (*pulumirpc.ReadResponse, error) {
	return &pulumirpc.ReadResponse{Id: req.GetId(), Properties: req.GetProperties(), Inputs: req.GetInputs()}, nil
}

// Delete succeeds: the modelled cloud forgets the resource.
func (s *Server) Delete(context.Context, *pulumirpc.DeleteRequest) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

// Invoke answers the functions the components call (client config, cluster
// user credentials) from the model.
func (s *Server) Invoke(_ context.Context, req *pulumirpc.InvokeRequest) (*pulumirpc.InvokeResponse, error) {
	args, err := unmarshal(req.GetArgs())
	if err != nil {
		return nil, err
	}
	if os.Getenv("PRIVATEAKS_TEST_PROVIDER_NO_KUBECONFIG") != "" && strings.HasSuffix(req.GetTok(), ":listManagedClusterUserCredentials") {
		// A cluster whose credentials API answers with no kubeconfig: the
		// program must fail with an error, not a panic.
		out, err := marshal(resource.PropertyMap{"kubeconfigs": resource.NewProperty([]resource.PropertyValue{})})
		return &pulumirpc.InvokeResponse{Return: out}, err
	}
	ret, err := s.model.Invoke(req.GetTok(), args)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", s.Name, s.Version, err)
	}
	out, err := marshal(ret)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.InvokeResponse{Return: out}, nil
}

// Cancel has nothing to stop.
func (s *Server) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

// computedUnknown replaces every output whose value is not the input's with
// an unknown.
func computedUnknown(ins, outs resource.PropertyMap) resource.PropertyMap {
	res := outs.Copy()
	for k, v := range outs {
		if in, ok := ins[k]; ok && in.DeepEquals(v) {
			continue
		}
		res[k] = resource.MakeComputed(resource.NewProperty(""))
	}
	return res
}

// keepComputed returns outs with the computed values of olds where the new
// inputs do not set them: top-level outputs that are not inputs, and, inside
// objects and arrays the inputs do set, the keys the inputs lack.
func keepComputed(ins, outs, olds resource.PropertyMap) resource.PropertyMap {
	res := outs.Copy()
	for k, old := range olds {
		in, isInput := ins[k]
		if !isInput {
			if _, ok := outs[k]; ok {
				res[k] = old
			}
			continue
		}
		if cur, ok := outs[k]; ok {
			res[k] = keepValue(in, cur, old)
		}
	}
	return res
}

func keepValue(in, cur, old resource.PropertyValue) resource.PropertyValue {
	switch {
	case in.IsObject() && cur.IsObject() && old.IsObject():
		return resource.NewProperty(keepComputed(in.ObjectValue(), cur.ObjectValue(), old.ObjectValue()))
	case in.IsArray() && cur.IsArray() && old.IsArray() && len(cur.ArrayValue()) == len(old.ArrayValue()) && len(in.ArrayValue()) == len(cur.ArrayValue()):
		arr := make([]resource.PropertyValue, len(cur.ArrayValue()))
		for i := range arr {
			arr[i] = keepValue(in.ArrayValue()[i], cur.ArrayValue()[i], old.ArrayValue()[i])
		}
		return resource.NewProperty(arr)
	}
	return cur
}
