package search

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Query is a parsed search: free words plus filters.
type Query struct {
	Words   []string // free words as typed; every one must match somewhere
	Authors []string // author:name filters; every one must match an author
	// Upvotes bounds, inclusive. MaxUpvotes is meaningful only with HasMax.
	MinUpvotes int
	MaxUpvotes int
	HasMax     bool
	// Date is a prefix of YYYY-MM-DD ("2026", "2026-05", "2026-05-26") matched
	// against the paper's Day, or its PublishedAt when it has no Day.
	Date   string
	Saved  bool
	Unread bool
	// InText (in:text) asks for papers whose cached full text holds every
	// word, and only those; one-letter words are left out.
	InText bool
	// Done means the last word is finished, as when something follows it
	// (a space, a filter) or the query is a watched topic: it then matches
	// like the other words, not also as the start of a word being typed
	// with a typo in it. See mode.
	Done bool
}

// HasFilters reports whether q restricts results by anything but words.
func (q Query) HasFilters() bool {
	return len(q.Authors) > 0 || q.MinUpvotes > 0 || q.HasMax || q.Date != "" || q.Saved || q.Unread || q.InText
}

// Empty reports whether q matches nothing in particular.
func (q Query) Empty() bool { return len(q.Words) == 0 && !q.HasFilters() }

// ParseQuery splits q into words and filters:
//
//	author:name  author:"full name"  >50  >=50  <10  <=10  upvotes:>50  upvotes:50
//	date:2026-05  date:2026-05-26  saved  unread  in:text (or in:fulltext)
//
// Anything else is a word. The last word is Done when anything, even a
// space, follows it. ParseQuery(q.String()) equals q.
func ParseQuery(s string) Query {
	var q Query
	for s != "" {
		if len(q.Words) > 0 && !q.Done {
			q.Done = true // s is what follows the last word
		}
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		if s == "" {
			break
		}
		if rest, ok := cutPrefixFold(s, "author:"); ok && strings.HasPrefix(rest, `"`) {
			// A quoted name runs to the closing quote, or to the end while
			// it is still being typed.
			name, tail, _ := strings.Cut(rest[1:], `"`)
			s = tail
			if name = strings.Join(strings.Fields(name), " "); name != "" {
				q.Authors = append(q.Authors, name)
			}
			continue
		}
		end := strings.IndexFunc(s, unicode.IsSpace)
		if end < 0 {
			end = len(s)
		}
		word := s[:end]
		s = s[end:]
		if !q.filter(word) {
			q.Words = append(q.Words, word)
			q.Done = false
		}
	}
	return q
}

// filter applies word to q if it is a filter.
func (q *Query) filter(word string) bool {
	switch strings.ToLower(word) {
	case "saved":
		q.Saved = true
		return true
	case "unread":
		q.Unread = true
		return true
	case "in:text", "in:fulltext":
		q.InText = true
		return true
	case "author:", "date:", "upvotes:", "in:":
		return true // still being typed
	}
	if name, ok := cutPrefixFold(word, "author:"); ok {
		q.Authors = append(q.Authors, name)
		return true
	}
	if d, ok := cutPrefixFold(word, "date:"); ok && validDatePrefix(d) {
		q.Date = d
		return true
	}
	v := word
	if rest, ok := cutPrefixFold(v, "upvotes:"); ok {
		v = rest
		if n, err := atoi(v); err == nil {
			q.setMin(n)
			q.setMax(n)
			return true
		}
	}
	var op string
	for _, o := range []string{">=", "<=", ">", "<"} {
		if strings.HasPrefix(v, o) {
			op = o
			break
		}
	}
	if op == "" {
		return false
	}
	n, err := atoi(v[len(op):])
	if err != nil {
		return false
	}
	switch op {
	case ">=":
		q.setMin(n)
	case ">":
		q.setMin(n + 1)
	case "<=":
		q.setMax(n)
	case "<":
		q.setMax(n - 1)
	}
	return true
}

// maxBound caps upvote bounds so that every bound prints as a number atoi reads.
const maxBound = 1_000_000_000

func (q *Query) setMin(n int) { q.MinUpvotes = max(q.MinUpvotes, min(n, maxBound)) }

func (q *Query) setMax(n int) {
	n = min(n, maxBound)
	if !q.HasMax || n < q.MaxUpvotes {
		q.MaxUpvotes = n
	}
	q.HasMax = true
}

// atoi parses a small non-negative decimal number.
func atoi(s string) (int, error) {
	if s == "" || len(s) > 10 || strings.TrimLeft(s, "0123456789") != "" {
		return 0, strconv.ErrSyntax
	}
	return strconv.Atoi(s)
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// validDatePrefix reports whether d is a non-empty prefix of the shape YYYY-MM-DD.
func validDatePrefix(d string) bool {
	const shape = "0000-00-00"
	if d == "" || len(d) > len(shape) {
		return false
	}
	for i := 0; i < len(d); i++ {
		if shape[i] == '-' {
			if d[i] != '-' {
				return false
			}
		} else if d[i] < '0' || d[i] > '9' {
			return false
		}
	}
	return true
}

// dateRange turns a date prefix into inclusive yyyymmdd bounds.
func dateRange(d string) (lo, hi uint32) {
	var l, h uint32
	n := 0
	for i := 0; i < len(d); i++ {
		if d[i] != '-' {
			c := uint32(d[i] - '0')
			l, h = l*10+c, h*10+c
			n++
		}
	}
	for ; n < 8; n++ {
		l, h = l*10, h*10+9
	}
	return l, h
}

// String renders q in the canonical syntax ParseQuery reads: the filters
// after the words when the last word is Done, before them otherwise.
func (q Query) String() string {
	var parts []string
	for _, a := range q.Authors {
		if strings.ContainsFunc(a, unicode.IsSpace) || strings.HasPrefix(a, `"`) {
			parts = append(parts, `author:"`+a+`"`)
		} else {
			parts = append(parts, "author:"+a)
		}
	}
	if q.MinUpvotes > 0 {
		parts = append(parts, ">="+strconv.Itoa(q.MinUpvotes))
	}
	if q.HasMax {
		if q.MaxUpvotes < 0 {
			parts = append(parts, "<0")
		} else {
			parts = append(parts, "<="+strconv.Itoa(q.MaxUpvotes))
		}
	}
	if q.Date != "" {
		parts = append(parts, "date:"+q.Date)
	}
	if q.Saved {
		parts = append(parts, "saved")
	}
	if q.Unread {
		parts = append(parts, "unread")
	}
	if q.InText {
		parts = append(parts, "in:text")
	}
	if len(q.Words) == 0 {
		return strings.Join(parts, " ")
	}
	if !q.Done {
		return strings.Join(append(parts, q.Words...), " ")
	}
	s := strings.Join(append(slices.Clone(q.Words), parts...), " ")
	if len(parts) == 0 {
		s += " "
	}
	return s
}
