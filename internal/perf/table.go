package perf

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// Dist is the repeated measurements of one figure.
type Dist []float64

// Median is the middle measurement (the mean of the two middle ones for an
// even count); NaN when there is none.
func (d Dist) Median() float64 {
	if len(d) == 0 {
		return math.NaN()
	}
	s := slices.Clone(d)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// Min is the smallest measurement; NaN when there is none.
func (d Dist) Min() float64 {
	if len(d) == 0 {
		return math.NaN()
	}
	return slices.Min(d)
}

// Max is the largest measurement; NaN when there is none.
func (d Dist) Max() float64 {
	if len(d) == 0 {
		return math.NaN()
	}
	return slices.Max(d)
}

// Format renders the median with its spread: "12.3 ms (11.8–14.0) n=5".
// One measurement is shown alone, none as "—".
func (d Dist) Format(unit string) string {
	switch len(d) {
	case 0:
		return "—"
	case 1:
		return Num(d[0]) + unit
	}
	return fmt.Sprintf("%s%s (%s–%s)", Num(d.Median()), unit, Num(d.Min()), Num(d.Max()))
}

// Num renders a measurement with three significant digits at most.
func Num(v float64) string {
	a := math.Abs(v)
	switch {
	case math.IsNaN(v):
		return "?"
	case a >= 100:
		return fmt.Sprintf("%.0f", v)
	case a >= 10:
		return fmt.Sprintf("%.1f", v)
	case a >= 1:
		return fmt.Sprintf("%.2f", v)
	case a == 0:
		return "0"
	default:
		return fmt.Sprintf("%.3f", v)
	}
}

// Table is the benchmark report: one row per figure, one column per data size.
type Table struct {
	Columns []string
	Rows    []Row
}

// Row is one figure. Budget describes the target, Verdict whether it is met.
type Row struct {
	Name    string
	Cells   []string
	Budget  string
	Verdict string
}

// Add appends a row; cells beyond the columns are dropped, missing ones are "—".
func (t *Table) Add(r Row) {
	cells := make([]string, len(t.Columns))
	for i := range cells {
		cells[i] = "—"
		if i < len(r.Cells) && r.Cells[i] != "" {
			cells[i] = r.Cells[i]
		}
	}
	r.Cells = cells
	t.Rows = append(t.Rows, r)
}

func (t *Table) header() []string {
	return append(append([]string{"figure"}, t.Columns...), "budget", "")
}

func (r Row) fields() []string {
	return append(append([]string{r.Name}, r.Cells...), r.Budget, r.Verdict)
}

// Markdown renders the table as GitHub Markdown.
func (t *Table) Markdown() string {
	var b strings.Builder
	line := func(fs []string) {
		for i := range fs {
			fs[i] = strings.ReplaceAll(fs[i], "|", `\|`)
		}
		b.WriteString("| " + strings.Join(fs, " | ") + " |\n")
	}
	h := t.header()
	line(h)
	sep := make([]string, len(h))
	for i := range sep {
		sep[i] = "---"
		if i > 0 && i <= len(t.Columns) {
			sep[i] = "--:"
		}
	}
	b.WriteString("|" + strings.Join(sep, "|") + "|\n")
	for _, r := range t.Rows {
		line(r.fields())
	}
	return b.String()
}

// Text renders the table in aligned columns for a terminal.
func (t *Table) Text() string {
	rows := [][]string{t.header()}
	for _, r := range t.Rows {
		rows = append(rows, r.fields())
	}
	width := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	var b strings.Builder
	for k, r := range rows {
		for i, c := range r {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			switch {
			case i == len(r)-1:
				b.WriteString(c)
			case i > 0 && i <= len(t.Columns):
				b.WriteString(pad + c + "  ")
			default:
				b.WriteString(c + pad + "  ")
			}
		}
		b.WriteString("\n")
		if k == 0 {
			total := len(width)*2 - 2
			for _, w := range width {
				total += w
			}
			b.WriteString(strings.Repeat("─", total) + "\n")
		}
	}
	return strings.TrimRight(strings.ReplaceAll(b.String(), " \n", "\n"), " ")
}

// Verdict compares a median with a budget: "ok" or "MISSED".
// lowerIsBetter is true for times and sizes, false for throughputs.
func Verdict(median, budget float64, lowerIsBetter bool) string {
	switch {
	case math.IsNaN(median):
		return "?"
	case lowerIsBetter && median <= budget, !lowerIsBetter && median >= budget:
		return "ok"
	}
	return "MISSED"
}

// Markers delimit the generated part of BENCHMARKS.md.
const (
	BeginMarker = "<!-- perf:begin (written by make bench; edits here are lost) -->"
	EndMarker   = "<!-- perf:end -->"
)

// ReplaceGenerated puts body between the markers of doc, or appends a
// section with heading and the markers when doc has none. Everything else
// in doc (other sections, notes around the markers) is kept as it is.
func ReplaceGenerated(doc, heading, body string) string {
	body = strings.TrimRight(body, "\n") + "\n"
	i := strings.Index(doc, BeginMarker)
	j := strings.Index(doc, EndMarker)
	if i >= 0 && j > i {
		return doc[:i] + BeginMarker + "\n" + body + doc[j:]
	}
	if doc != "" && !strings.HasSuffix(doc, "\n") {
		doc += "\n"
	}
	if doc != "" {
		doc += "\n"
	}
	return doc + heading + "\n\n" + BeginMarker + "\n" + body + EndMarker + "\n"
}

// Percentile is the p-th percentile (0 < p ≤ 1) by the nearest rank; NaN
// when there is no measurement.
func (d Dist) Percentile(p float64) float64 {
	if len(d) == 0 {
		return math.NaN()
	}
	s := slices.Clone(d)
	slices.Sort(s)
	i := int(math.Ceil(p*float64(len(s)))) - 1
	return s[min(max(i, 0), len(s)-1)]
}
