package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/paperboy"
	"github.com/paperboy-reader/paperboy/internal/syncer"
	"github.com/paperboy-reader/paperboy/internal/termtext"
)

func runSync(ctx context.Context, e *Env, args []string) error {
	fs := flags(e, "sync", "[--date D | --from D --to D | --days N] [--force] [--fulltext]")
	date := fs.String("date", "", "sync one day (YYYY-MM-DD)")
	from := fs.String("from", "", "first day of a range")
	to := fs.String("to", "", "last day of a range (default: today)")
	days := fs.Int("days", paperboy.RecentDays, "sync today and the days before it")
	force := fs.Bool("force", false, "re-fetch days already cached completely")
	fullText := fs.Bool("fulltext", false, "then fetch full texts by the rules (saved papers, chosen topics, upvotes)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	for _, d := range []string{*date, *from, *to} {
		if d != "" && !paper.ValidDate(d) {
			return usagef("%q is not a date like 2026-05-26", d)
		}
	}
	req := paperboy.SyncRequest{Days: *days, Force: *force}
	switch {
	case *date != "" && (*from != "" || *to != ""):
		return usagef("give either --date or --from/--to")
	case *date != "":
		req.Scope = *date
	case *from != "" || *to != "":
		if *from == "" {
			return usagef("--to needs --from")
		}
		req.Scope = *from + ".."
		if *to != "" {
			req.Scope += *to
		}
	case *days < 1:
		return usagef("--days must be at least 1")
	}
	svc, done, err := e.service(ctx)
	if err != nil {
		return err
	}
	defer done()
	if strings.HasSuffix(req.Scope, "..") {
		req.Scope += svc.Today()
	}
	bar := newProgress(e.Stderr, e.StderrTTY)
	rep, err := svc.Sync(ctx, req, bar.update)
	bar.finish()
	skipped := 0
	for _, d := range rep.Days {
		if d.Skipped {
			skipped++
		}
	}
	if len(rep.Days) > 0 {
		fmt.Fprintf(e.Stderr, "synced %s (%d already complete): %s, %d new, %d failed\n",
			plural(len(rep.Days)-rep.Failed, "day"), skipped, plural(rep.Papers, "paper"), len(rep.New), rep.Failed)
	}
	if paper.ErrorCode(err) == paper.ECANCELED && ctx.Err() != nil {
		return paper.Wrap(paper.ECANCELED, err, "stopped after %d of %d days; the same command goes on from there",
			len(rep.Days)-rep.Failed, len(rep.Days))
	}
	if *fullText && paper.ErrorCode(err) != paper.EOFFLINE {
		if ferr := syncFullTexts(ctx, e, svc); err == nil {
			err = ferr
		}
	}
	return err
}

// progress draws a bar on a terminal and plain lines elsewhere.
type progress struct {
	w   io.Writer
	tty bool
}

func newProgress(w io.Writer, tty bool) *progress { return &progress{w: w, tty: tty} }

func (p *progress) update(pr syncer.Progress) {
	if pr.Date == "" {
		return
	}
	status := plural(pr.DayPapers, "paper")
	if pr.Err != nil {
		status = "failed: " + clean(paper.ErrorMessage(pr.Err))
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
	sortBy := fs.String("sort", "upvotes", "upvotes, or published (arXiv date, newest first)")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	order := map[string]string{"upvotes": paperboy.SortUpvotes, "published": paperboy.SortPublished, "newest": paperboy.SortPublished}[*sortBy]
	if order == "" {
		return usagef("--sort must be upvotes or published")
	}
	if *date != "" && !paper.ValidDate(*date) {
		return usagef("--date must look like 2026-05-26")
	}
	svc, done, err := e.service(ctx)
	if err != nil {
		return err
	}
	defer done()
	v, err := svc.Day(ctx, *date, order)
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
		fmt.Fprintf(e.Stderr, "%s is not cached. %s\n", v.Date, syncHint(svc, v.Date))
	case v.Count == 0:
		fmt.Fprintf(e.Stderr, "No papers on %s (weekend or holiday).", v.Date)
		if v.Nearest != "" {
			fmt.Fprintf(e.Stderr, " Nearest day with papers: %s", v.Nearest)
		}
		fmt.Fprintln(e.Stderr)
	default:
		fmt.Fprintf(e.Stderr, "%s · %s · %d unread\n", v.Date, plural(v.Count, "paper"), v.Unread)
		for _, pv := range v.Papers {
			printLine(e.Stdout, pv)
		}
	}
	return nil
}

// syncHint says how to fetch date, or why it can't be.
func syncHint(svc *paperboy.Service, date string) string {
	switch {
	case date < syncer.FirstDay:
		return "Daily Papers start on " + syncer.FirstDay + "."
	case date > svc.Today():
		return "That is after today (" + svc.Today() + " in UTC)."
	}
	return "Run: paperboy sync --date " + date
}

// printLine prints one aligned line: upvotes, id, title, authors.
func printLine(w io.Writer, v paper.View) {
	mark := " "
	switch {
	case v.Saved:
		mark = "★"
	case !v.Read:
		mark = "•"
	}
	fmt.Fprintf(w, "%s %4d▲  %-10s  %s  (%s)\n", mark, v.Upvotes, clean(v.ID), clip(clean(v.Title), 90), plural(v.AuthorCount, "author"))
}

// plural writes a count with its noun: "1 paper", "3 papers".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// oneID is the one paper id a command takes as its argument.
func oneID(fs *flag.FlagSet) (string, error) {
	if fs.NArg() != 1 {
		return "", usagef("give one paper id, like 2410.17243")
	}
	id, err := paper.ParseID(fs.Arg(0))
	if err != nil {
		return "", usagef("%s", paper.ErrorMessage(err))
	}
	return id, nil
}

func runShow(ctx context.Context, e *Env, args []string) error {
	fs := flags(e, "show", "ID [--json]")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	id, err := oneID(fs)
	if err != nil {
		return err
	}
	svc, done, err := e.service(ctx)
	if err != nil {
		return err
	}
	defer done()
	d, err := svc.Paper(ctx, id)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(e.Stdout, d.Paper)
	}
	v := d.Paper
	title := clean(v.Title)
	fmt.Fprintf(e.Stdout, "%s\n%s\n\n", title, strings.Repeat("=", min(utf8.RuneCountInString(title), 80)))
	fmt.Fprintf(e.Stdout, "arXiv %s · published %s · Daily Papers %s\n", clean(v.ID), clean(v.PublishedAt), clean(v.Day))
	fmt.Fprintf(e.Stdout, "%s · %s · %s", plural(v.Upvotes, "upvote"), plural(v.NumComments, "comment"), plural(v.AuthorCount, "author"))
	if v.Organization != "" {
		fmt.Fprintf(e.Stdout, " · %s", clean(v.Organization))
	}
	if v.GithubStars > 0 {
		fmt.Fprintf(e.Stdout, " · %s", plural(v.GithubStars, "GitHub star"))
	}
	fmt.Fprintf(e.Stdout, "\n\nAuthors: %s\n\n%s\n", clean(strings.Join(v.Authors, ", ")), termtext.Text(v.Abstract))
	if v.AISummary != "" {
		fmt.Fprintf(e.Stdout, "\nAI summary: %s\n", termtext.Text(v.AISummary))
	}
	if len(v.AIKeywords) > 0 {
		fmt.Fprintf(e.Stdout, "Keywords: %s\n", clean(strings.Join(v.AIKeywords, ", ")))
	}
	fmt.Fprintln(e.Stdout)
	for _, l := range d.Links {
		fmt.Fprintf(e.Stdout, "%-13s %s\n", l.Label+":", clean(l.URL))
	}
	return nil
}

// SearchResult is a search hit as `search --json` prints it.
type SearchResult struct {
	paper.View
	Score   int               `json:"score"`
	Matches map[string]string `json:"matches"`
}

// maxSearchLimit is the most results `search --limit` gives.
const maxSearchLimit = 100_000

func runSearch(ctx context.Context, e *Env, args []string) error {
	fs := flags(e, "search", "[--limit N] [--json] QUERY...")
	limit := fs.Int("limit", 20, fmt.Sprintf("at most this many results (1 to %d)", maxSearchLimit))
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	q := strings.Join(fs.Args(), " ")
	if strings.TrimSpace(q) == "" {
		return usagef("give a query, e.g. paperboy search diffusion transformer")
	}
	if *limit < 1 || *limit > maxSearchLimit {
		return usagef("--limit must be 1 to %d", maxSearchLimit)
	}
	svc, done, err := e.service(ctx)
	if err != nil {
		return err
	}
	defer done()
	<-svc.LoadIndex()
	page, err := svc.Find(ctx, q, *limit)
	if err != nil {
		return err
	}
	if page.Hint != "" {
		fmt.Fprintln(e.Stderr, clean(page.Hint))
	}
	if *asJSON {
		out := make([]SearchResult, len(page.Hits))
		for i, h := range page.Hits {
			out[i] = SearchResult{View: h.Paper, Score: h.Score, Matches: matches(h)}
		}
		if err := printJSON(e.Stdout, out); err != nil {
			return err
		}
	} else {
		if len(page.Hits) == 0 {
			fmt.Fprintf(e.Stderr, "No cached paper matches %q. Try fewer words, or paperboy sync --days 30 to cache more.\n", clean(q))
			return nil
		}
		for _, h := range page.Hits {
			printLine(e.Stdout, h.Paper)
		}
	}
	if page.Total > len(page.Hits) {
		fmt.Fprintf(e.Stderr, "showing %d of %d matches; --limit %d shows more\n", len(page.Hits), page.Total, min(page.Total, maxSearchLimit))
	}
	return nil
}

// matches shows, per field, the matched text marked with [brackets].
func matches(h paperboy.Hit) map[string]string {
	m := map[string]string{}
	for field, segs := range map[string][]paperboy.Seg{"title": h.Title, "authors": h.Authors, "abstract": h.Snippet} {
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
