package search

import (
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Full texts. A paper's full text (its Markdown) is indexed apart from the
// short fields and the abstract: its own dictionary and postings, over body
// numbers that map to doc numbers (bodyDoc), so that a paper re-indexed by
// a sync, or the whole index rebuilt, keeps its body without reading the
// text again. Like the abstracts, a body index holds which tokens a text
// has, not where: snippets are cut from the text itself (BodySnippet).
// Bodies are weighted below everything else (wBody), and `in:text` asks for
// papers whose body holds every word.
//
// A body replaced or removed leaves its postings behind, marked dead in
// bodyDoc; they go when the index is built again (the next start).

// maxBodyIndexed bounds the plain text indexed of one body: real papers'
// are 30–300 KB; a page of several MB (a survey's tables) is indexed up to
// here and searched no further.
const maxBodyIndexed = 1 << 20

// Body is a paper's full text to index. Version tells texts of one paper
// apart (the caller's: when it was fetched), for BodyVersions.
type Body struct {
	ID       string
	Markdown string
	Version  int64
}

// SetBodies indexes the full texts of papers, replacing what was indexed
// for them, unless that has a higher Version; an empty Markdown removes it. A paper not indexed (yet) keeps
// its body for when it is. The texts are read on up to two goroutines
// before the index is locked: searches never wait, and other writers only
// for the merge.
func (ix *Index) SetBodies(bodies ...Body) {
	if len(bodies) == 0 {
		return
	}
	// Later copies of an id win, as they would one call after another.
	last := make(map[string]int, len(bodies))
	for i, b := range bodies {
		last[b.ID] = i
	}
	ix.mu.Lock()
	for i, b := range bodies {
		if cur, ok := ix.bodies[b.ID]; ok && cur.version > b.Version {
			delete(last, b.ID) // older than the text indexed: a late reader's copy
		} else if last[b.ID] != i {
			continue
		}
	}
	ix.mu.Unlock()
	var keep []Body
	for i, b := range bodies {
		if j, ok := last[b.ID]; ok && j == i && b.Markdown != "" {
			keep = append(keep, b)
		}
	}
	parts := scanBodies(keep)

	ix.mu.Lock()
	defer ix.mu.Unlock()
	old := ix.cur.Load()
	s := *old
	s.bodyDoc, s.hasBody = slices.Clone(old.bodyDoc), old.hasBody.clone()
	for id := range last {
		if prev, ok := ix.bodies[id]; ok {
			ix.dropBody(&s, prev.n)
			delete(ix.bodies, id)
		}
	}
	base := uint32(len(s.bodyDoc))
	for _, p := range parts {
		s.body = s.body.withShift(p.d, base+p.start)
	}
	for i, b := range keep {
		doc := int32(-1)
		if dn, ok := s.lookupID(b.ID); ok {
			doc = int32(dn)
			s.hasBody.put(dn, true)
		}
		s.bodyDoc = append(s.bodyDoc, doc)
		ix.bodies[b.ID] = bodyRef{base + uint32(i), b.Version}
	}
	ix.cur.Store(&s)
}

// bodyPart is the postings of bodies[start:start+n] of a SetBodies, over
// body numbers from 0.
type bodyPart struct {
	start uint32
	d     *dict
}

// scanBodies turns bodies into postings, in halves on two goroutines.
func scanBodies(bodies []Body) []bodyPart {
	workers := min(2, runtime.GOMAXPROCS(0), len(bodies))
	parts := make([]bodyPart, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := len(bodies)*w/workers, len(bodies)*(w+1)/workers
		wg.Go(func() {
			d := newDict(false, 4096)
			var sc scanner
			for i, b := range bodies[lo:hi] {
				n := uint32(i)
				text := BodyText(b.Markdown)
				if len(text) > maxBodyIndexed {
					cut := maxBodyIndexed
					for cut > 0 && !utf8.RuneStart(text[cut]) {
						cut--
					}
					text = text[:cut]
				}
				// TeX is scanned as written, not as it typesets (plainText):
				// a body is mostly prose, reading its math would cost as much
				// as scanning it, and a Greek letter's command is its name
				// either way
				sc.scan(d, text, 2)
				for _, id := range sc.ids {
					if id >= d.nstop && d.last[id] != n+1 {
						d.post(id, n, 0)
					}
				}
			}
			parts[w] = bodyPart{uint32(lo), d}
		})
	}
	wg.Wait()
	return parts
}

// RemoveBodies drops the full texts of papers from the index.
func (ix *Index) RemoveBodies(ids ...string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	old := ix.cur.Load()
	s := *old
	s.bodyDoc, s.hasBody = append([]int32(nil), old.bodyDoc...), old.hasBody.clone()
	for _, id := range ids {
		if b, ok := ix.bodies[id]; ok {
			ix.dropBody(&s, b.n)
			delete(ix.bodies, id)
		}
	}
	ix.cur.Store(&s)
}

// ClearBodies drops every full text from the index.
func (ix *Index) ClearBodies() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	s := *ix.cur.Load()
	s.body, s.bodyDoc, s.hasBody = &inverted{}, nil, nil
	clear(ix.bodies)
	ix.cur.Store(&s)
}

// Bodies is how many papers' full texts the index holds.
func (ix *Index) Bodies() int {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return len(ix.bodies)
}

// BodyVersions returns the Version of every full text the index holds, by
// paper id.
func (ix *Index) BodyVersions() map[string]int64 {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	out := make(map[string]int64, len(ix.bodies))
	for id, b := range ix.bodies {
		out[id] = b.version
	}
	return out
}

// bodyRef is a body the index holds: its number and Version.
type bodyRef struct {
	n       uint32
	version int64
}

// HasBody reports whether the index holds id's full text.
func (ix *Index) HasBody(id string) bool {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	_, ok := ix.bodies[id]
	return ok
}

// dropBody marks body n dead in s, whose bodyDoc and hasBody are s's own.
func (ix *Index) dropBody(s *snapshot, n uint32) {
	if d := s.bodyDoc[n]; d >= 0 {
		s.hasBody.put(uint32(d), false)
	}
	s.bodyDoc[n] = -1
}

// relinkBodies points the bodies of ix at the docs of s (a new version of
// the papers: rebuilt, or with papers re-indexed under new doc numbers).
// s must not be published yet, or hold bodyDoc and hasBody of its own.
func (ix *Index) relinkBodies(s *snapshot, body *inverted, bodyDoc []int32) {
	s.body = body
	s.bodyDoc = make([]int32, len(bodyDoc))
	s.hasBody = newBitset(len(s.docs))
	for i := range s.bodyDoc {
		s.bodyDoc[i] = -1
	}
	for id, b := range ix.bodies {
		if d, ok := s.lookupID(id); ok {
			s.bodyDoc[b.n] = int32(d)
			s.hasBody.put(d, true)
		}
	}
}

// headingMark starts the lines of BodyText that were headings: not part of
// any token, and found again by BodySnippet to name the section.
const headingMark = '\x1d'

// BodyText is the plain text of a paper's Markdown, as the index reads it
// and snippets are cut from: one line per block, without the markup —
// heading marks (a heading's line starts with headingMark instead), emphasis,
// code fences, table rules and pipes, quote and list marks, HTML tags, and
// the targets of links and images (their text and alt text stay). TeX is
// left as written.
func BodyText(md string) string {
	b := make([]byte, 0, len(md))
	fence := false
	for len(md) > 0 {
		line := md
		if i := strings.IndexByte(md, '\n'); i >= 0 {
			line, md = md[:i], md[i+1:]
		} else {
			md = ""
		}
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = !fence
			continue
		}
		heading := false
		if !fence {
			t = strings.TrimLeft(t, "> \t")
			heading = strings.HasPrefix(t, "#")
			t = strings.TrimLeft(t, "# \t")
			switch {
			case t == "" || isRule(t):
				continue
			case t[0] == '[' && isRefDef(t):
				continue
			}
			t = listMark(t)
		}
		if len(b) > 0 {
			b = append(b, '\n')
		}
		switch {
		case fence:
			b = append(b, t...)
		case heading:
			b = append(b, headingMark)
			fallthrough
		default:
			b = appendInline(b, t)
		}
	}
	return unsafeString(b)
}

// isRule reports a thematic break or a table's delimiter row.
func isRule(t string) bool {
	return strings.Trim(t, "-|:=*_ \t") == "" && strings.ContainsAny(t, "-=*_")
}

// isRefDef reports a link reference definition: [label]: target.
func isRefDef(t string) bool {
	i := strings.Index(t, "]:")
	return i > 0 && !strings.Contains(t[:i], "](")
}

// listMark strips a list item's mark: "- ", "* ", "+ ", "12. ", "3) ".
func listMark(t string) string {
	if len(t) > 1 && strings.IndexByte("-*+", t[0]) >= 0 && t[1] == ' ' {
		return strings.TrimLeft(t[2:], " ")
	}
	i := 0
	for i < len(t) && i < 9 && '0' <= t[i] && t[i] <= '9' {
		i++
	}
	if i > 0 && i+1 < len(t) && (t[i] == '.' || t[i] == ')') && t[i+1] == ' ' {
		return strings.TrimLeft(t[i+2:], " ")
	}
	return t
}

// inlineSpecial marks the bytes appendInline looks at.
var inlineSpecial = func() (m [256]bool) {
	for _, c := range []byte("*`_|![]<") {
		m[c] = true
	}
	return m
}()

// appendInline appends t without inline markup: emphasis and code marks,
// table pipes (as wide gaps), HTML tags, and link and image targets.
func appendInline(b []byte, t string) []byte {
	for i := 0; i < len(t); {
		j := i
		for j < len(t) && !inlineSpecial[t[j]] {
			j++
		}
		b = append(b, t[i:j]...)
		if i = j; i == len(t) {
			break
		}
		switch c := t[i]; c {
		case '*', '`', '_':
			// emphasis and code marks; an underscore inside a word (or TeX's
			// subscripts) stays
			if c == '_' && i > 0 && i+1 < len(t) && (isWordByte(t[i-1]) || t[i-1] == '{' || t[i-1] == '$' || t[i-1] == '}') {
				b = append(b, c)
			}
			i++
		case '|':
			b = append(b, ' ', ' ')
			i++
		case '!':
			if i+1 >= len(t) || t[i+1] != '[' {
				b = append(b, c)
			}
			i++
		case ']':
			i++
			if i < len(t) && t[i] == '(' {
				if k := strings.IndexByte(t[i:], ')'); k >= 0 {
					i += k + 1
				}
			}
		case '[':
			i++
		case '<':
			if k := strings.IndexByte(t[i:], '>'); k > 1 && isTag(t[i+1:i+k]) {
				i += k + 1
			} else {
				b = append(b, c)
				i++
			}
		}
	}
	return b
}

// isTag reports whether s (between < and >) looks like an HTML tag or an
// autolink: a name, a closing tag, a comment, or a URL.
func isTag(s string) bool {
	if s[0] == '/' || s[0] == '!' {
		return true
	}
	c := s[0] | 0x20
	return c >= 'a' && c <= 'z' && !strings.ContainsAny(s[:min(len(s), 2)], " =")
}

// BodySnippet is Snippet for a full text, text being its BodyText: a
// passage of about width bytes around the first word that matches one of
// terms (Result.BodyTerms), the byte ranges of the matches in it, and the
// heading of the section it is in ("" before the first). It reads the text
// as the index does (TeX as written), folding only the words that could
// match, and stops at the first match. With no match it returns "".
func BodySnippet(text string, terms []string, width int) (snippet string, hl [][2]int, heading string) {
	if width <= 0 {
		width = 200
	}
	at := firstMatch(text, terms)
	if at < 0 {
		return "", nil, ""
	}
	if i := strings.LastIndexByte(text[:at], headingMark); i >= 0 {
		h := text[i+1:]
		if j := strings.IndexByte(h, '\n'); j >= 0 {
			h = h[:j]
		}
		heading = strings.TrimSpace(h)
	}
	lo, hi := wordStart(text, at-width/3), wordEnd(text, at+width)
	window := strings.ReplaceAll(text[lo:hi], string(headingMark), " ")
	snippet, hl = Snippet(window, terms, width)
	if lo > 0 && !strings.HasPrefix(snippet, ellipsis) {
		snippet = ellipsis + snippet
		for i := range hl {
			hl[i][0] += len(ellipsis)
			hl[i][1] += len(ellipsis)
		}
	}
	if hi < len(text) && !strings.HasSuffix(snippet, ellipsis) {
		snippet += ellipsis
	}
	return snippet, hl, heading
}

// firstMatch is the byte offset in text of the first token matching one of
// terms as Snippet matches them (a prefix, or within the typos allowed, with
// the first letter right), or -1. It splits tokens as tokens does, stops at
// the first match, and folds and compares only tokens that start with a
// term's first letter (or with a letter outside ASCII).
func firstMatch(text string, terms []string) int {
	var first [utf8.RuneSelf]bool
	for _, w := range terms {
		if w != "" && w[0] < utf8.RuneSelf {
			first[w[0]] = true
		}
	}
	isWord := func(i int) (bool, int) {
		if c := text[i]; c < utf8.RuneSelf {
			return isWordByte(c), 1
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		return unicode.IsLetter(r) || unicode.IsDigit(r), size
	}
	for i := 0; i < len(text); {
		w, size := isWord(i)
		if !w {
			i += size
			continue
		}
		start := i
		for i < len(text) {
			if w, size = isWord(i); !w {
				break
			}
			i += size
		}
		c := text[start]
		if c < utf8.RuneSelf && !first[c|0x20] && !first[c] {
			continue
		}
		tok := fold(text[start:i])
		for _, w := range terms {
			if dist(w, tok, maxTypos(len(w))) >= 0 {
				return start
			}
		}
	}
	return -1
}
