package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/klauspost/compress/s2"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// A paper's value (schema v3) is one marker byte, paperFormat, then an S2
// block (github.com/klauspost/compress/s2, the block format, not the
// stream) of:
//
//	uvarint len(fixed), uvarint len(text), fixed, text, raw
//
// fixed holds, in the order encodePaper writes them, each string's length
// (its bytes are the next ones of text), the ints (zigzag varints), counts of
// lists (n+1, 0 for nil), author flags and SubmittedAt; raw is Raw verbatim.
// Decoding is a walk over fixed: no reflection, no escapes, and a paper's
// strings come out of one allocation.
//
// Why not JSON and zstd, as v2 did: decoding a paper cost ~40 µs (60%
// encoding/json, 40% zstd), which made a cold day view ~3-7 ms and a search
// index rebuild over 100k papers ~6 s. S2 decodes ~4x faster than zstd for
// ~25% more bytes (a real paper: ~1.95 KB vs ~1.55 KB; its abstract, also
// twice in Raw, costs almost nothing). Compressing the whole value at once
// matters: Raw repeats the title, abstract and authors.
//
// The marker cannot start a v2 value (zstd magic or '{'), so decodePaper
// reads either; the v2→v3 migration rewrites them all at Open.
const paperFormat = 0x03

// maxPaperLen bounds the decoded size a value may claim, so a corrupt
// length cannot make us allocate gigabytes. The largest real paper (533
// authors) is ~60 KB.
const maxPaperLen = 16 << 20

var errCorruptPaper = errors.New("store: corrupt paper record")

// encodePaper returns the stored form of p.
func encodePaper(p paper.Paper) ([]byte, error) {
	var w paperWriter
	w.str(p.ID)
	w.str(p.Title)
	w.str(p.Abstract)
	w.count(len(p.Authors), p.Authors == nil)
	for _, a := range p.Authors {
		w.str(a.Name)
		w.str(a.User)
		w.bool(a.Hidden)
	}
	w.int(p.Upvotes)
	w.int(p.NumComments)
	w.str(p.Day)
	w.str(p.PublishedAt)
	w.time(p.SubmittedAt)
	w.str(p.GithubRepo)
	w.int(p.GithubStars)
	w.str(p.ProjectPage)
	w.str(p.Organization)
	w.str(p.AISummary)
	w.strs(p.AIKeywords)
	w.str(p.Thumbnail)
	w.strs(p.MediaURLs)
	w.str(p.SubmittedBy)
	w.bool(p.Raw != nil)

	buf := make([]byte, 0, 2*binary.MaxVarintLen64+len(w.fixed)+len(w.text)+len(p.Raw))
	buf = binary.AppendUvarint(buf, uint64(len(w.fixed)))
	buf = binary.AppendUvarint(buf, uint64(len(w.text)))
	buf = append(buf, w.fixed...)
	buf = append(buf, w.text...)
	buf = append(buf, p.Raw...)
	if len(buf) > maxPaperLen {
		return nil, fmt.Errorf("store: encode paper %s: %d bytes, more than %d", p.ID, len(buf), maxPaperLen)
	}
	enc := s2.EncodeBetter(nil, buf)
	out := make([]byte, 1+len(enc))
	out[0] = paperFormat
	copy(out[1:], enc)
	return out, nil
}

// decodePaper reads a paper in either stored form. It copies what it keeps:
// b may be a Badger buffer.
//
// The paper's strings but its ID share one allocation (keeping one keeps
// them all, ~2 KB); the ID has its own, as it is what indexes and caches
// keep longest. Raw has its own too, so dropping it frees its memory.
func decodePaper(b []byte) (paper.Paper, error) {
	if len(b) == 0 || b[0] != paperFormat {
		return decodePaperV2(b)
	}
	n, err := s2.DecodedLen(b[1:])
	if err != nil || n > maxPaperLen {
		return paper.Paper{}, fmt.Errorf("%w: bad length (%d, %v)", errCorruptPaper, n, err)
	}
	buf := make([]byte, n)
	if _, err := s2.Decode(buf, b[1:]); err != nil {
		return paper.Paper{}, fmt.Errorf("%w: %w", errCorruptPaper, err)
	}
	return parsePaper(buf)
}

// parsePaper reads the decompressed form; raw stays in buf.
func parsePaper(buf []byte) (paper.Paper, error) {
	var p paper.Paper
	fixedLen, n1 := binary.Uvarint(buf)
	if n1 <= 0 {
		return p, errCorruptPaper
	}
	textLen, n2 := binary.Uvarint(buf[n1:])
	if n2 <= 0 {
		return p, errCorruptPaper
	}
	rest := buf[n1+n2:]
	if fixedLen > uint64(len(rest)) || textLen > uint64(len(rest))-fixedLen {
		return p, errCorruptPaper
	}
	r := paperReader{
		fixed: rest[:fixedLen],
		text:  string(rest[fixedLen : fixedLen+textLen]),
	}
	raw := rest[fixedLen+textLen:]

	p.ID = strings.Clone(r.str()) // its own allocation, see decodePaper
	p.Title = r.str()
	p.Abstract = r.str()
	if n, ok := r.count(3); ok {
		p.Authors = make([]paper.Author, n)
		for i := range p.Authors {
			a := &p.Authors[i]
			a.Name = r.str()
			a.User = r.str()
			a.Hidden = r.bool()
		}
	}
	p.Upvotes = r.int()
	p.NumComments = r.int()
	p.Day = r.str()
	p.PublishedAt = r.str()
	p.SubmittedAt = r.time()
	p.GithubRepo = r.str()
	p.GithubStars = r.int()
	p.ProjectPage = r.str()
	p.Organization = r.str()
	p.AISummary = r.str()
	p.AIKeywords = r.strs()
	p.Thumbnail = r.str()
	p.MediaURLs = r.strs()
	p.SubmittedBy = r.str()
	if r.bool() {
		p.Raw = raw[:len(raw):len(raw)]
	} else if len(raw) > 0 {
		r.bad = true
	}
	if r.bad || len(r.fixed) > 0 || len(r.text) > 0 {
		return paper.Paper{}, errCorruptPaper
	}
	return p, nil
}

type paperWriter struct{ fixed, text []byte }

func (w *paperWriter) uint(v uint64) { w.fixed = binary.AppendUvarint(w.fixed, v) }
func (w *paperWriter) int(v int)     { w.fixed = binary.AppendVarint(w.fixed, int64(v)) }

func (w *paperWriter) str(s string) {
	w.uint(uint64(len(s)))
	w.text = append(w.text, s...)
}

func (w *paperWriter) bool(b bool) {
	if b {
		w.uint(1)
	} else {
		w.uint(0)
	}
}

// count writes a list's length, keeping nil apart from empty.
func (w *paperWriter) count(n int, isNil bool) {
	if isNil {
		w.uint(0)
	} else {
		w.uint(uint64(n) + 1)
	}
}

func (w *paperWriter) strs(ss []string) {
	w.count(len(ss), ss == nil)
	for _, s := range ss {
		w.str(s)
	}
}

// Time zones: UTC, the zero time, or a fixed offset, the instant in
// seconds and nanoseconds. encoding/json kept no more (a zone's name is lost).
const (
	timeZero = iota
	timeUTC
	timeOffset
)

func (w *paperWriter) time(t time.Time) {
	switch {
	case t.IsZero() && t.Location() == time.UTC:
		w.uint(timeZero)
		return
	case t.Location() == time.UTC:
		w.uint(timeUTC)
	default:
		_, off := t.Zone()
		w.uint(timeOffset)
		w.int(off)
	}
	w.fixed = binary.AppendVarint(w.fixed, t.Unix())
	w.uint(uint64(t.Nanosecond()))
}

// paperReader walks a record; any malformed part sets bad, after which
// every read returns zero values.
type paperReader struct {
	fixed []byte
	text  string
	bad   bool
}

func (r *paperReader) uint() uint64 {
	v, n := binary.Uvarint(r.fixed)
	if n <= 0 {
		r.bad = true
		r.fixed = nil
		return 0
	}
	r.fixed = r.fixed[n:]
	return v
}

func (r *paperReader) int64() int64 {
	v, n := binary.Varint(r.fixed)
	if n <= 0 {
		r.bad = true
		r.fixed = nil
		return 0
	}
	r.fixed = r.fixed[n:]
	return v
}

func (r *paperReader) int() int { return int(r.int64()) }

func (r *paperReader) str() string {
	n := r.uint()
	if n > uint64(len(r.text)) {
		r.bad = true
		return ""
	}
	s := r.text[:n]
	r.text = r.text[n:]
	return s
}

func (r *paperReader) bool() bool {
	switch r.uint() {
	case 0:
		return false
	case 1:
		return true
	}
	r.bad = true
	return false
}

// count reads a list's length; ok is false for nil. Each element takes at
// least min bytes of fixed, which bounds what a corrupt count can allocate.
func (r *paperReader) count(min int) (n int, ok bool) {
	v := r.uint()
	if v == 0 {
		return 0, false
	}
	if v-1 > uint64(len(r.fixed)/min) {
		r.bad = true
		return 0, false
	}
	return int(v - 1), true
}

func (r *paperReader) strs() []string {
	n, ok := r.count(1)
	if !ok {
		return nil
	}
	ss := make([]string, n)
	for i := range ss {
		ss[i] = r.str()
	}
	return ss
}

func (r *paperReader) time() time.Time {
	var loc *time.Location
	switch r.uint() {
	case timeZero:
		return time.Time{}
	case timeUTC:
		loc = time.UTC
	case timeOffset:
		loc = time.FixedZone("", r.int())
	default:
		r.bad = true
		return time.Time{}
	}
	sec, nsec := r.int64(), r.uint()
	if nsec >= 1e9 {
		r.bad = true
		return time.Time{}
	}
	return time.Unix(sec, int64(nsec)).In(loc)
}
