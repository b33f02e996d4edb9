// Command privateaks-provider serves the privateaks components (and the
// whole stack, pkg/stack) as a Pulumi
// component package, so that TypeScript, Python, C#, Java and YAML programs
// can use them (`pulumi package add`, see the main README). Every component
// is the Go component itself: the provider maps the args (pkg/, generated
// from components/ by internal/gen) and the component defaults, validates
// and registers exactly what it registers for a Go program.
package main

import (
	"context"
	"fmt"
	"os"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/privateaks/privateaks/provider/pkg/fluxbootstrap"
	"github.com/privateaks/privateaks/provider/pkg/hubnetwork"
	"github.com/privateaks/privateaks/provider/pkg/identities"
	"github.com/privateaks/privateaks/provider/pkg/privateaks"
	"github.com/privateaks/privateaks/provider/pkg/privatedns"
	"github.com/privateaks/privateaks/provider/pkg/spokenetwork"
	"github.com/privateaks/privateaks/provider/pkg/stack"
)

// Name is the package name: tokens are privateaks:<module>:<Type>, the
// types the components register.
const Name = "privateaks"

// Version is the schema's version: bump it with the repository tag vX.Y.Z
// that `pulumi package add github.com/privateaks/privateaks.git/provider@vX.Y.Z`
// resolves (README).
const Version = "0.1.0"

// Provider builds the provider.
func Provider() (p.Provider, error) {
	return infer.NewProviderBuilder().
		WithDisplayName("privateaks").
		WithDescription("Private, hardened AKS clusters in a hub-spoke network: the privateaks Go components for every Pulumi language.").
		WithLicense("Apache-2.0").
		WithRepository("https://github.com/privateaks/privateaks").
		WithKeywords("azure", "aks", "kubernetes", "category/cloud", "kind/component").
		WithComponents(
			infer.ComponentF(hubnetwork.NewHubNetwork),
			infer.ComponentF(spokenetwork.NewSpokeNetwork),
			infer.ComponentF(privatedns.NewPrivateDNS),
			infer.ComponentF(identities.NewIdentities),
			infer.ComponentF(privateaks.NewPrivateAKS),
			infer.ComponentF(fluxbootstrap.NewFluxBootstrap),
			infer.ComponentF(stack.NewStack),
		).
		Build()
}

func main() {
	prov, err := Provider()
	if err != nil {
		fmt.Fprintf(os.Stderr, "error: %v\n", err)
		os.Exit(1)
	}
	if err := prov.Run(context.Background(), Name, Version); err != nil {
		fmt.Fprintf(os.Stderr, "error: %v\n", err)
		os.Exit(1)
	}
}
