package cli

import (
	"context"
	"fmt"
	"sync"

	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/paperboy"
)

// syncFullTexts is the --fulltext part of sync: full texts by the rules,
// a line per paper on stderr (or a bar on a terminal), one failure of a
// paper never stopping the others.
func syncFullTexts(ctx context.Context, e *Env, svc *paperboy.Service) error {
	var mu sync.Mutex
	why := map[string]string{} // a paper's failure, from its event
	unsubscribe := svc.Subscribe(func(name string, data any) {
		if c, ok := data.(paperboy.FullTextChanged); ok && name == paperboy.EventFullTextChanged &&
			(c.State == paperboy.FullTextMissing || c.State == paperboy.FullTextError) {
			mu.Lock()
			why[c.ID] = c.Message
			mu.Unlock()
		}
	})
	defer unsubscribe()
	last, current := paperboy.FullTextProgress{}, ""
	rep, err := svc.SyncFullTexts(ctx, func(p paperboy.FullTextProgress) {
		if p.Waiting != nil {
			if e.StderrTTY {
				fmt.Fprintf(e.Stderr, "\r\033[K%s", clean(p.Waiting.Message))
			} else {
				fmt.Fprintf(e.Stderr, "full texts: %s\n", clean(p.Waiting.Message))
			}
			return
		}
		if p.Current != "" {
			current = p.Current
			if e.StderrTTY {
				fmt.Fprintf(e.Stderr, "\r\033[K[%d/%d] full text of %s", p.Done+1, p.Total, clean(p.Current))
			}
			last = p
			return
		}
		if p.Done == last.Done || current == "" {
			return
		}
		status := "ok"
		switch {
		case p.Failed > last.Failed:
			mu.Lock()
			status = "failed: " + clean(why[current])
			mu.Unlock()
		case p.Fetched == last.Fetched:
			status = "stopped"
		}
		if e.StderrTTY {
			fmt.Fprint(e.Stderr, "\r\033[K")
			if p.Failed > last.Failed {
				fmt.Fprintf(e.Stderr, "%s: %s\n", clean(current), status)
			}
		} else {
			fmt.Fprintf(e.Stderr, "[%d/%d] full text %s %s\n", p.Done, max(p.Total, p.Done), clean(current), status)
		}
		last, current = p, ""
	})
	if e.StderrTTY {
		fmt.Fprint(e.Stderr, "\r\033[K")
	}
	info, ierr := svc.FullTextSettings(ctx)
	used := ""
	if ierr == nil {
		used = fmt.Sprintf(", %s of %d MB in use", megabytes(info.BytesUsed), info.BudgetMB)
	}
	fmt.Fprintf(e.Stderr, "full texts: %s, %d failed%s\n", plural(rep.Fetched, "new text"), rep.Failed, used)
	if rep.Skipped > 0 {
		fmt.Fprintf(e.Stderr, "full texts: %d papers skipped: the saved papers' texts fill the budget (Settings, or the fullTextBudgetMB setting)\n", rep.Skipped)
	}
	if paper.ErrorCode(err) == paper.ECANCELED && ctx.Err() != nil {
		return paper.Wrap(paper.ECANCELED, err, "stopped after %d full texts; paperboy sync --fulltext goes on from there", rep.Tried)
	}
	if err != nil {
		return paper.Wrap(paper.ErrorCode(err), err, "full texts: %s; paperboy sync --fulltext goes on from there", paper.ErrorMessage(err))
	}
	return nil
}

// megabytes is n bytes in MB (10^6), one decimal under 10.
func megabytes(n int64) string {
	if n < 10_000_000 {
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("%d MB", n/1_000_000)
}
