// Command spoke-into-existing-hub adds one private cluster with its spoke to
// a hub that another stack owns. See README.md.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/privateaks/privateaks/examples/spoke-into-existing-hub/program"
)

func main() { pulumi.Run(program.Run) }
