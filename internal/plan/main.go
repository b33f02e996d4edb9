package plan

import (
	"flag"
	"fmt"
	"io"
)

// Main is the plan command line (cmd/plan): it returns the exit status.
func Main(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	stack := fs.String("stack", "dev", "stack name: plans Pulumi.<stack>.yaml in -dir")
	dir := fs.String("dir", ".", "project directory (holds Pulumi.yaml)")
	cfgFile := fs.String("config", "", "plan this stack file instead of Pulumi.<stack>.yaml")
	asJSON := fs.Bool("json", false, "print the plan as one JSON document")
	format := fs.String("format", string(FormatText), "report format: text, or markdown (for a pull request's job summary)")
	allowPlaceholders := fs.Bool("allow-placeholders", false, "plan a sample stack whose Entra IDs are still placeholders (the report lists them); pulumi preview and up refuse them in a protected stack")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if f := Format(*format); f != FormatText && f != FormatMarkdown {
		fmt.Fprintf(stderr, "plan: -format %q: want text or markdown\n", *format)
		return 2
	}
	var opts []Option
	if *allowPlaceholders {
		opts = append(opts, AllowPlaceholders)
	}
	var res *Result
	var err error
	if *cfgFile != "" {
		res, err = File(DefaultProjectFile(*dir), *cfgFile, opts...)
	} else {
		res, err = Dir(*dir, *stack, opts...)
	}
	if err != nil {
		if p := Problems(err); p != nil {
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
		res.Write(stdout, Format(*format))
	}
	if res.Failed() {
		if !*asJSON {
			if res.ControlsFailed() {
				fmt.Fprintln(stderr, "\nplan: baseline controls failed (see above); waive a control only through config with a reason")
			}
			for _, f := range res.Models.Findings() {
				fmt.Fprintln(stderr, "plan: "+f.String())
			}
		}
		return 1
	}
	return 0
}
