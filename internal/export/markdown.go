package export

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/termtext"
)

// Entry is a paper with the user's marks on it.
type Entry struct {
	Paper paper.Paper
	State paper.State
}

// markdownAuthors is how many authors a reading-list line names.
const markdownAuthors = 6

// Markdown writes a reading list: one task-list item per paper (checked when
// read), its title linking to the Hugging Face page, then authors, arXiv id,
// date and upvotes. Paper text is untrusted and escaped, so no title can
// inject links, HTML or formatting.
func Markdown(w io.Writer, heading string, es []Entry) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# %s\n\n", mdEscape(heading))
	switch len(es) {
	case 0:
		bw.WriteString("No papers.\n")
	case 1:
		bw.WriteString("1 paper.\n\n")
	default:
		fmt.Fprintf(bw, "%d papers.\n\n", len(es))
	}
	for _, e := range es {
		writeMarkdownEntry(bw, e)
	}
	return bw.Flush()
}

func writeMarkdownEntry(w *bufio.Writer, e Entry) {
	p := e.Paper
	check := " "
	if e.State.Read {
		check = "x"
	}
	title := mdEscape(p.Title)
	if title == "" {
		title = "(untitled)"
	}
	if paper.IsID(p.ID) {
		title = fmt.Sprintf("[%s](https://huggingface.co/papers/%s)", title, p.ID)
	}
	fmt.Fprintf(w, "- [%s] **%s**", check, title)
	if e.State.Saved {
		w.WriteString(" ★")
	}
	w.WriteString("\n  ")
	var meta []string
	if names := p.VisibleAuthors(); len(names) > 0 {
		shown := names[:min(len(names), markdownAuthors)]
		esc := make([]string, len(shown))
		for i, n := range shown {
			esc[i] = mdEscape(n)
		}
		a := strings.Join(esc, ", ")
		if rest := len(names) - len(shown); rest > 0 {
			a += fmt.Sprintf(" +%d more", rest)
		}
		meta = append(meta, a)
	}
	if paper.IsID(p.ID) {
		meta = append(meta, fmt.Sprintf("arXiv [%s](https://arxiv.org/abs/%s)", p.ID, p.ID))
	} else {
		meta = append(meta, mdEscape(p.ID))
	}
	if d := day(p); d != "" {
		meta = append(meta, mdEscape(d))
	}
	upvotes := "upvotes"
	if p.Upvotes == 1 {
		upvotes = "upvote"
	}
	meta = append(meta, fmt.Sprintf("%d %s", p.Upvotes, upvotes))
	if e.State.Read {
		meta = append(meta, "read")
	}
	if e.State.Saved {
		meta = append(meta, "saved")
	}
	w.WriteString(strings.Join(meta, " · "))
	w.WriteString("\n")
}

func day(p paper.Paper) string {
	if p.Day != "" {
		return p.Day
	}
	return p.PublishedAt
}

// mdEscape puts one line of untrusted text into Markdown literally: line
// breaks become spaces and every character that could start markup (emphasis,
// code, links, images, HTML, entities, tables, math) is backslash-escaped,
// which CommonMark allows for any ASCII punctuation. Control and bidi
// characters are shown as escapes (termtext), never written: the list may be
// read with cat.
func mdEscape(s string) string {
	var b strings.Builder
	for _, r := range termtext.Line(paper.CollapseSpace(s)) {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '(', ')', '<', '>', '#', '|', '~', '$', '&', '!', '{', '}':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
