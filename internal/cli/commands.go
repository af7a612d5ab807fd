package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/paperboy-reader/paperboy/app"
	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/syncer"
)

func runSync(ctx context.Context, e *Env, args []string) error {
	fs := flags(e, "sync", "[--date D | --from D --to D | --days N] [--force]")
	date := fs.String("date", "", "sync one day (YYYY-MM-DD)")
	from := fs.String("from", "", "first day of a range")
	to := fs.String("to", "", "last day of a range (default: today)")
	days := fs.Int("days", app.RecentDays, "sync today and the days before it")
	force := fs.Bool("force", false, "re-fetch days already cached completely")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	b, err := e.Open(e.Config)
	if err != nil {
		return err
	}
	defer b.Close()
	s := *b.Syncer
	s.Index = nil // the CLI keeps no index; the next start catches up from the store
	for _, d := range []string{*date, *from, *to} {
		if d != "" && !paper.ValidDate(d) {
			return usagef("%q is not a date like 2026-05-26", d)
		}
	}
	var dates []string
	switch {
	case *date != "" && (*from != "" || *to != ""):
		return usagef("give either --date or --from/--to")
	case *date != "":
		dates, err = s.Range(*date, *date)
	case *from != "" || *to != "":
		if *from == "" {
			return usagef("--to needs --from")
		}
		if *to == "" {
			*to = s.Today()
		}
		dates, err = s.Range(*from, *to)
	default:
		if *days < 1 {
			return usagef("--days must be at least 1")
		}
		dates = s.Recent(*days)
	}
	if err != nil {
		return err
	}
	bar := newProgress(e.Stderr)
	rep, err := s.Sync(ctx, dates, *force, func(p syncer.Progress) { bar.update(p) })
	bar.finish()
	b.SyncDone(rep, err) // watched topics see the new papers, as after a sync in the window
	skipped := 0
	for _, d := range rep.Days {
		if d.Skipped {
			skipped++
		}
	}
	fmt.Fprintf(e.Stderr, "synced %d days (%d already complete): %d papers, %d new, %d failed\n",
		len(rep.Days)-rep.Failed, skipped, rep.Papers, len(rep.New), rep.Failed)
	return err
}

// progress draws a bar on a terminal and plain lines elsewhere.
type progress struct {
	w   io.Writer
	tty bool
}

func newProgress(w io.Writer) *progress {
	return &progress{w: w, tty: isTerminal(w)}
}

func (p *progress) update(pr syncer.Progress) {
	if pr.Date == "" {
		return
	}
	status := fmt.Sprintf("%d papers", pr.DayPapers)
	if pr.Err != nil {
		status = "failed: " + paper.ErrorMessage(pr.Err)
	}
	if !p.tty {
		fmt.Fprintf(p.w, "[%d/%d] %s %s\n", pr.Done, pr.Total, pr.Date, status)
		return
	}
	const width = 30
	filled := width * pr.Done / max(pr.Total, 1)
	fmt.Fprintf(p.w, "\r\033[K[%s%s] %d/%d %s", strings.Repeat("█", filled), strings.Repeat("░", width-filled), pr.Done, pr.Total, pr.Date)
	if pr.Err != nil {
		fmt.Fprintf(p.w, "\r\033[K%s: %s\n", pr.Date, status)
	}
}

func (p *progress) finish() {
	if p.tty {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

func runList(ctx context.Context, e *Env, args []string) error {
	fs := flags(e, "list", "[--date D] [--sort upvotes|published] [--json]")
	date := fs.String("date", "", "the day to list (default: the latest cached)")
	sortBy := fs.String("sort", "upvotes", "upvotes or published")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	order := map[string]string{"upvotes": "upvotes", "published": "newest", "newest": "newest"}[*sortBy]
	if order == "" {
		return usagef("--sort must be upvotes or published")
	}
	if *date != "" && !paper.ValidDate(*date) {
		return usagef("--date must look like 2026-05-26")
	}
	b, err := e.Open(e.Config)
	if err != nil {
		return err
	}
	defer b.Close()
	p := app.Bindings(b)["Papers"].(*app.Papers)
	v, err := p.Day(*date, order)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(e.Stdout, v.Papers)
	}
	switch {
	case v.Date == "":
		fmt.Fprintln(e.Stderr, "No papers cached yet. Run: paperboy sync")
	case v.Count == 0 && !v.Fetched:
		fmt.Fprintf(e.Stderr, "%s is not cached. Run: paperboy sync --date %s\n", v.Date, v.Date)
	case v.Count == 0:
		fmt.Fprintf(e.Stderr, "No papers on %s (weekend or holiday).", v.Date)
		if v.Nearest != "" {
			fmt.Fprintf(e.Stderr, " Nearest day with papers: %s", v.Nearest)
		}
		fmt.Fprintln(e.Stderr)
	default:
		fmt.Fprintf(e.Stderr, "%s · %d papers · %d unread\n", v.Date, v.Count, v.Unread)
		for _, pv := range v.Papers {
			printLine(e.Stdout, pv, "")
		}
	}
	return nil
}

// printLine prints one aligned line: upvotes, id, title, authors.
func printLine(w io.Writer, v paper.View, prefix string) {
	mark := " "
	switch {
	case v.Saved:
		mark = "★"
	case !v.Read:
		mark = "•"
	}
	fmt.Fprintf(w, "%s%s %4d▲  %-10s  %s  (%s)\n", prefix, mark, v.Upvotes, v.ID, clip(v.Title, 90), authorCount(v.AuthorCount))
}

func authorCount(n int) string {
	if n == 1 {
		return "1 author"
	}
	return fmt.Sprintf("%d authors", n)
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func runShow(ctx context.Context, e *Env, args []string) error {
	fs := flags(e, "show", "ID [--json]")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("give one paper id, like 2410.17243")
	}
	id, err := paper.ParseID(fs.Arg(0))
	if err != nil {
		return usagef("%s", paper.ErrorMessage(err))
	}
	b, err := e.Open(e.Config)
	if err != nil {
		return err
	}
	defer b.Close()
	d, err := app.Bindings(b)["Papers"].(*app.Papers).Paper(id)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(e.Stdout, d.Paper)
	}
	v := d.Paper
	fmt.Fprintf(e.Stdout, "%s\n%s\n\n", v.Title, strings.Repeat("=", min(utf8.RuneCountInString(v.Title), 80)))
	fmt.Fprintf(e.Stdout, "arXiv %s · published %s · Daily Papers %s\n", v.ID, v.PublishedAt, v.Day)
	fmt.Fprintf(e.Stdout, "%d upvotes · %d comments · %s", v.Upvotes, v.NumComments, authorCount(v.AuthorCount))
	if v.Organization != "" {
		fmt.Fprintf(e.Stdout, " · %s", v.Organization)
	}
	if v.GithubStars > 0 {
		fmt.Fprintf(e.Stdout, " · %d GitHub stars", v.GithubStars)
	}
	fmt.Fprintf(e.Stdout, "\n\nAuthors: %s\n\n%s\n", strings.Join(v.Authors, ", "), v.Abstract)
	if v.AISummary != "" {
		fmt.Fprintf(e.Stdout, "\nAI summary: %s\n", v.AISummary)
	}
	if len(v.AIKeywords) > 0 {
		fmt.Fprintf(e.Stdout, "Keywords: %s\n", strings.Join(v.AIKeywords, ", "))
	}
	fmt.Fprintln(e.Stdout)
	for _, l := range d.Links {
		fmt.Fprintf(e.Stdout, "%-13s %s\n", l.Label+":", l.URL)
	}
	return nil
}

// SearchResult is a search hit as `search --json` prints it.
type SearchResult struct {
	paper.View
	Score   int               `json:"score"`
	Matches map[string]string `json:"matches"`
}

func runSearch(ctx context.Context, e *Env, args []string) error {
	fs := flags(e, "search", "[--limit N] [--json] QUERY...")
	limit := fs.Int("limit", 20, "at most this many results")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	q := strings.Join(fs.Args(), " ")
	if strings.TrimSpace(q) == "" {
		return usagef("give a query, e.g. paperboy search diffusion transformer")
	}
	if *limit < 1 {
		return usagef("--limit must be at least 1")
	}
	b, err := e.Open(e.Config)
	if err != nil {
		return err
	}
	defer b.Close()
	<-b.LoadIndex()
	page, err := b.Query(q, *limit)
	hits := page.Hits
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]SearchResult, len(hits))
		for i, h := range hits {
			out[i] = SearchResult{View: h.Paper, Score: h.Score, Matches: matches(h)}
		}
		return printJSON(e.Stdout, out)
	}
	if len(hits) == 0 {
		fmt.Fprintf(e.Stderr, "No cached paper matches %q. Try fewer words, or paperboy sync --days 30 to cache more.\n", q)
		return nil
	}
	for _, h := range hits {
		printLine(e.Stdout, h.Paper, "")
	}
	return nil
}

// matches shows, per field, the matched text marked with [brackets].
func matches(h app.Hit) map[string]string {
	m := map[string]string{}
	for field, segs := range map[string][]app.Seg{"title": h.Title, "authors": h.Authors, "abstract": h.Snippet} {
		var b strings.Builder
		hit := false
		for _, s := range segs {
			if s.M {
				hit = true
				b.WriteString("[" + s.T + "]")
			} else {
				b.WriteString(s.T)
			}
		}
		if hit {
			m[field] = b.String()
		}
	}
	return m
}
