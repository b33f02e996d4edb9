// Command plan is the offline plan of a privateaks stack: it runs the real
// program with the real Pulumi.yaml and stack file under the mock engine — no
// Azure, no credentials, no Pulumi CLI — and prints the resource tree, each
// cluster's security settings, the opt-outs, the baseline controls report
// and the modeled deployment critical path.
//
//	go run ./cmd/plan -stack dev          # the report
//	go run ./cmd/plan -stack prod -json   # the machine interface (docs/plan-json.md)
//	go run ./cmd/plan -config my.yaml     # plan your own stack file
//
// Exit status: 0 when planned and every control passes or is waived, 1 when
// a control fails, 2 when the config is invalid (all problems are printed).
package main

import (
	"os"

	"github.com/privateaks/privateaks/internal/plan"
)

func main() { os.Exit(plan.Main(os.Args[1:], os.Stdout, os.Stderr)) }
