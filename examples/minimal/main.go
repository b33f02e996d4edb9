// Command minimal is the smallest program that gets a private, hardened AKS
// cluster from the privateaks components with their defaults. See README.md.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/examples/minimal/program"
)

func main() { pulumi.Run(program.Run) }
