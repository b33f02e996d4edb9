// Command privateaks is the Pulumi program: `pulumi up -s dev` deploys the
// stack that Pulumi.dev.yaml describes. See README.md.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/stacks"
)

func main() { pulumi.Run(stacks.Run) }
