// Command pulumi-resource-privateaks-test is the plugin binary of the
// end-to-end test's provider (internal/e2e/provider). The test installs it
// as azure-native, azure and kubernetes with `pulumi plugin install resource
// NAME VERSION --file`, which names it pulumi-resource-NAME inside
// plugins/resource-NAME-vVERSION; the binary reads both from where it runs.
//
// It serves as every plugin does: gRPC on a free loopback port, the port on
// stdout, until the engine stops it.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"

	testprovider "github.com/privateaks/privateaks/internal/e2e/provider"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "pulumi-resource-privateaks-test:", err)
		os.Exit(1)
	}
}

func run() error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	name := strings.TrimPrefix(filepath.Base(exe), "pulumi-resource-")
	version := strings.TrimPrefix(filepath.Base(filepath.Dir(exe)), "resource-"+name+"-v")
	srv := testprovider.New(name, version)
	h, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(s *grpc.Server) error {
			pulumirpc.RegisterResourceProviderServer(s, srv)
			return nil
		},
	})
	if err != nil {
		return err
	}
	fmt.Println(h.Port)
	return <-h.Done
}
