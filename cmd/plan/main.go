// Command plan is the offline plan of a privateaks stack: it runs the real
// program with the real Pulumi.yaml and stack file under the testkit — no
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
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/privateaks/privateaks/internal/plan"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	stack := fs.String("stack", "dev", "stack name: plans Pulumi.<stack>.yaml in -dir")
	dir := fs.String("dir", ".", "project directory (holds Pulumi.yaml)")
	cfgFile := fs.String("config", "", "plan this stack file instead of Pulumi.<stack>.yaml")
	asJSON := fs.Bool("json", false, "print the plan as one JSON document")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var res *plan.Result
	var err error
	if *cfgFile != "" {
		res, err = plan.File(plan.DefaultProjectFile(*dir), *cfgFile)
	} else {
		res, err = plan.Dir(*dir, *stack)
	}
	if err != nil {
		if p := plan.Problems(err); p != nil {
			fmt.Fprintf(stderr, "invalid stack config (%d problems):\n", len(p))
			for _, line := range p {
				fmt.Fprintln(stderr, "  - "+line)
			}
			return 2
		}
		fmt.Fprintln(stderr, "plan:", err)
		return 2
	}
	if *asJSON {
		b, err := res.JSON()
		if err != nil {
			fmt.Fprintln(stderr, "plan:", err)
			return 2
		}
		stdout.Write(append(b, '\n'))
	} else {
		res.WriteText(stdout)
	}
	if res.Failed() {
		if !*asJSON {
			fmt.Fprintln(stderr, "\nplan: baseline controls failed (see above); waive a control only through config with a reason")
		}
		return 1
	}
	return 0
}
