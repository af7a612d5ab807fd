package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/paperboy"
	"github.com/paperboy-reader/paperboy/internal/termtext"
)

func runRead(ctx context.Context, e *Env, args []string) error {
	fs := flags(e, "read", "ID [--json] [--cached]")
	asJSON := fs.Bool("json", false, "print JSON: id, state, markdown, size, fetchedAt, message")
	cached := fs.Bool("cached", false, "print only a cached text: never ask Hugging Face")
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
	ft, err := svc.ReadFullText(ctx, id, !*cached)
	if err != nil {
		switch paper.ErrorCode(err) {
		case paper.ENOTFOUND:
			return paper.Wrap(paper.ENOTFOUND, err, "%s%s", paper.ErrorMessage(err), abstractHint(ctx, svc, id))
		case paper.EOFFLINE:
			return paper.Wrap(paper.EOFFLINE, err, "%s; run paperboy read %s again when online (saved papers are fetched by themselves while Paperboy runs)",
				paper.ErrorMessage(err), id)
		}
		return err
	}
	if *asJSON {
		return printJSON(e.Stdout, ft)
	}
	switch ft.State {
	case paperboy.FullTextReady:
		text := termtext.Text(ft.Markdown)
		fmt.Fprint(e.Stdout, text)
		if !strings.HasSuffix(text, "\n") {
			fmt.Fprintln(e.Stdout)
		}
		return nil
	case paperboy.FullTextMissing:
		return paper.Errorf(paper.ENOTFOUND, "%s%s", ft.Message, abstractHint(ctx, svc, id))
	case paperboy.FullTextError:
		return paper.Errorf(cmpCode(ft.Error), "%s; paperboy read %s tries again", ft.Message, id)
	}
	return paper.Errorf(paper.ENOTFOUND, "the full text of %s is not cached; run paperboy read %s without --cached to fetch it", id, id)
}

func cmpCode(info *paper.ErrorInfo) string {
	if info == nil || info.Code == "" {
		return paper.EUPSTREAM
	}
	return info.Code
}

// abstractHint points to the abstract when the paper is cached.
func abstractHint(ctx context.Context, svc *paperboy.Service, id string) string {
	if _, err := svc.Paper(ctx, id); err != nil {
		return ""
	}
	return "; paperboy show " + id + " has its abstract"
}
