package plan

import (
	"fmt"
	"io"
	"strings"
)

// Format is how the human report is rendered.
type Format string

// The report formats: plain text for a terminal, Markdown for a pull
// request's job summary (tables render as tables there).
const (
	FormatText     Format = "text"
	FormatMarkdown Format = "markdown"
)

// section is one part of the human report: a title, then free lines,
// preformatted lines (kept verbatim, in a code block in Markdown) and tables.
// One document model for both formats, so the two views can never list
// different facts.
type section struct {
	title string
	// lines are prose or list items ("- ..." renders as a list in both).
	lines []string
	pre   []string
	// tables follow the lines, each with an optional caption.
	tables []table
}

type table struct {
	caption string
	header  []string
	rows    [][]string
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

// render writes the sections in the chosen format.
func render(w io.Writer, f Format, title string, sections []section) {
	if f == FormatMarkdown {
		fmt.Fprintf(w, "# %s\n", title)
	} else {
		fmt.Fprintln(w, title)
	}
	for _, s := range sections {
		if f == FormatMarkdown {
			renderMarkdown(w, s)
		} else {
			renderText(w, s)
		}
	}
}

func renderText(w io.Writer, s section) {
	fmt.Fprintf(w, "\n%s\n", s.title)
	for _, l := range s.lines {
		// Markdown emphasis means nothing in a terminal.
		fmt.Fprintln(w, "  "+strings.ReplaceAll(l, "**", ""))
	}
	for _, l := range s.pre {
		fmt.Fprintln(w, "  "+l)
	}
	for _, t := range s.tables {
		if t.caption != "" {
			fmt.Fprintf(w, "  %s\n", t.caption)
		}
		widths := make([]int, len(t.header))
		for i, h := range t.header {
			widths[i] = len([]rune(h))
		}
		for _, r := range t.rows {
			for i, c := range r {
				if i < len(widths) && len([]rune(c)) > widths[i] {
					widths[i] = len([]rune(c))
				}
			}
		}
		line := func(cells []string) {
			var b strings.Builder
			for i, c := range cells {
				if i == len(cells)-1 {
					b.WriteString(c)
					break
				}
				b.WriteString(c + strings.Repeat(" ", widths[i]-len([]rune(c))+2))
			}
			fmt.Fprintln(w, "    "+strings.TrimRight(b.String(), " "))
		}
		line(t.header)
		for _, r := range t.rows {
			line(r)
		}
	}
}

func renderMarkdown(w io.Writer, s section) {
	fmt.Fprintf(w, "\n## %s\n\n", s.title)
	for _, l := range s.lines {
		fmt.Fprintln(w, l)
	}
	if len(s.lines) > 0 {
		fmt.Fprintln(w)
	}
	if len(s.pre) > 0 {
		fmt.Fprintln(w, "```")
		for _, l := range s.pre {
			fmt.Fprintln(w, l)
		}
		fmt.Fprintln(w, "```")
		fmt.Fprintln(w)
	}
	for _, t := range s.tables {
		if t.caption != "" {
			fmt.Fprintf(w, "**%s**\n\n", t.caption)
		}
		fmt.Fprintln(w, "| "+strings.Join(mdCells(t.header), " | ")+" |")
		seps := make([]string, len(t.header))
		for i := range seps {
			seps[i] = "---"
		}
		fmt.Fprintln(w, "| "+strings.Join(seps, " | ")+" |")
		for _, r := range t.rows {
			fmt.Fprintln(w, "| "+strings.Join(mdCells(r), " | ")+" |")
		}
		fmt.Fprintln(w)
	}
}

// mdCells escapes what would break a Markdown table cell.
func mdCells(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		c = strings.ReplaceAll(c, "|", `\|`)
		out[i] = strings.ReplaceAll(c, "\n", " ")
	}
	return out
}
