package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/paperboy-reader/paperboy/internal/atomicfile"
	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/paperboy"
)

func runExport(ctx context.Context, e *Env, args []string) error {
	fs := flags(e, "export", "--format bibtex|markdown|json [--saved | --date D | --query Q | --topic ID] [--fulltext] [--out FILE]")
	format := fs.String("format", "", "bibtex, markdown or json")
	saved := fs.Bool("saved", false, "only saved papers")
	date := fs.String("date", "", "only the papers of one day (YYYY-MM-DD)")
	query := fs.String("query", "", "only the papers a search finds (all of them)")
	topic := fs.String("topic", "", "only the papers of a watched topic (its id)")
	out := fs.String("out", "", "write to FILE instead of standard output")
	fullText := fs.Bool("fulltext", false, "with --format json: each paper's cached full text too (fullText)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	switch *format {
	case "bibtex", "markdown", "json":
	case "":
		return usagef("give --format bibtex, markdown or json")
	default:
		return usagef("--format must be bibtex, markdown or json")
	}
	scope, n := "all", 0
	if *saved {
		scope, n = "saved", n+1
	}
	if *date != "" {
		if !paper.ValidDate(*date) {
			return usagef("--date must look like 2026-05-26")
		}
		scope, n = "date:"+*date, n+1
	}
	if *query != "" {
		scope, n = "query:"+*query, n+1
	}
	if *topic != "" {
		scope, n = "topic:"+*topic, n+1
	}
	if n > 1 {
		return usagef("give at most one of --saved, --date, --query and --topic")
	}
	if *fullText && *format != "json" {
		return usagef("--fulltext goes with --format json")
	}
	opt := paperboy.ExportOptions{FullText: *fullText}
	svc, done, err := e.service(ctx)
	if err != nil {
		return err
	}
	defer done()
	if *out == "" {
		w := bufio.NewWriter(e.Stdout)
		if err := svc.ExportWith(ctx, w, *format, scope, opt); err != nil {
			return err
		}
		return w.Flush()
	}
	path := e.path(*out)
	if err := writeAtomic(path, func(w io.Writer) error { return svc.ExportWith(ctx, w, *format, scope, opt) }); err != nil {
		return err
	}
	fmt.Fprintf(e.Stderr, "wrote %s\n", path)
	return nil
}

// writeAtomic writes path so that a failed export never leaves half a file
// where a good one was.
func writeAtomic(path string, write func(io.Writer) error) error {
	if err := atomicfile.Write(path, 0o644, write); err != nil {
		if _, ok := errors.AsType[*paper.Error](err); ok {
			return err
		}
		return paper.Wrap(paper.EINVALID, err, "can't write %s: %v", path, err)
	}
	return nil
}

func runImport(ctx context.Context, e *Env, args []string) error {
	fs := flags(e, "import", "FILE   (a JSON library export; - reads standard input)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("give one file, made by paperboy export --format json")
	}
	r := e.Stdin
	if name := fs.Arg(0); name != "-" {
		f, err := os.Open(e.path(name))
		if err != nil {
			return paper.Wrap(paper.EINVALID, err, "can't read %s: %v", name, err)
		}
		defer f.Close()
		r = f
	}
	svc, done, err := e.service(ctx)
	if err != nil {
		return err
	}
	defer done()
	rep, err := svc.Import(ctx, r) // a file is read twice in place; stdin is kept on disk meanwhile
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "imported %s, %s, %s, %s\n", plural(rep.Papers, "paper"), plural(rep.States, "reading state"),
		plural(rep.Topics, "topic"), plural(rep.Settings, "setting"))
	return nil
}
