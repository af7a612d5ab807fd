package perf

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Target is a window to measure: Paperboy's, or the hello-world baseline.
type Target struct {
	Bin   string
	Title string // the window's title
	// App is Paperboy: it has a library, a search palette (Ctrl+K) and an
	// index that loads after the first cards; the hello world has a text
	// field that has the focus from the start.
	App bool
}

// HelloTarget is the baseline window built from internal/perf/hellowindow.
func HelloTarget(bin string) Target { return Target{Bin: bin, Title: "Hello"} }

// AppTarget is Paperboy's window.
func AppTarget(bin string) Target { return Target{Bin: bin, Title: "Paperboy", App: true} }

// SessionOptions say what one launch does after the window is up.
type SessionOptions struct {
	Queries []string      // typed into the palette (the field), one after another
	PerChar time.Duration // typing speed
	Hour    bool          // then an hour of use (HourOfUse), Paperboy only
	Timeout time.Duration // for the window and each step's answer
}

// Session is what one launch measured.
type Session struct {
	FirstCardsMS float64 `json:"firstCardsMs"` // launch → the page's first-render line
	PageMS       float64 `json:"pageMs"`       // the line's ms=: the page's own clock at that paint
	MappedMS     float64 `json:"mappedMs"`     // launch → window visible
	Cards        int     `json:"cards"`
	Idle         Memory  `json:"idle"` // the index loaded, nothing done yet
	Keys         Keystrokes
	// KeyCPUMS is the CPU time per keystroke while typing, of the Go process
	// and of the web process: what the typing costs, less noisy than the
	// latency on a shared machine.
	KeyCPUGoMS, KeyCPUWebMS float64
	Hour                    *Hour `json:"hour,omitempty"`
}

// Keystrokes are the page's own timings: from each keydown to the frame
// that showed results including it.
type Keystrokes struct {
	MS        Dist    `json:"ms"`
	Stale     int     `json:"stale"`     // results painted after a newer query's
	Unpainted int     `json:"unpainted"` // keys whose results never came before the palette closed
	GapMS     float64 `json:"gapMs"`     // median time between keydowns: the typing rate that arrived
}

// Hour is the memory over an hour of use compressed in time, in two
// halves: the growth of the second half is what leaks.
type Hour struct {
	Half, Full Memory
	Took       time.Duration
}

// keystrokesLine is what frontend/src/perf/keystrokes.ts (and the hello
// world's page) log when the palette closes.
var keystrokesLine = regexp.MustCompile(`paperboy: keystrokes n=(\d+) stale=(\d+) unpainted=(\d+) gap=([\d.]+) part=(\d+) ms=([\d.,]*)`)

var (
	firstRenderLine = regexp.MustCompile(`first-render cards=(\d+) ms=(\d+)`)
	searchReadyLine = regexp.MustCompile(`msg="search ready"`)
)

// ParseKeystrokes sums the keystroke lines.
func ParseKeystrokes(lines [][]string) Keystrokes {
	var k Keystrokes
	var gaps Dist
	for _, m := range lines {
		if m[5] == "0" {
			st, _ := strconv.Atoi(m[2])
			un, _ := strconv.Atoi(m[3])
			k.Stale += st
			k.Unpainted += un
			if g, err := strconv.ParseFloat(m[4], 64); err == nil && g > 0 {
				gaps = append(gaps, g)
			}
		}
		for _, f := range strings.Split(m[6], ",") {
			if v, err := strconv.ParseFloat(f, 64); err == nil {
				k.MS = append(k.MS, v)
			}
		}
	}
	if len(gaps) > 0 {
		k.GapMS = gaps.Median()
	}
	return k
}

// Run launches t with the data directory dir (a copy of it: a run reads
// papers, which marks them read) and does what o says.
func (d *Desktop) Run(t Target, dir string, o SessionOptions) (Session, error) {
	var s Session
	if o.Timeout == 0 {
		o.Timeout = 30 * time.Second
	}
	var env []string
	if t.App {
		work, err := os.MkdirTemp(d.tmp, "data-")
		if err != nil {
			return s, err
		}
		defer os.RemoveAll(work)
		if out, err := exec.Command("cp", "-a", dir+"/.", work).CombinedOutput(); err != nil {
			return s, fmt.Errorf("perf: copy %s: %v: %s", dir, err, out)
		}
		env = []string{"PAPERBOY_DATA_DIR=" + work, "PAPERBOY_API=" + OfflineAPI, "PAPERBOY_LOG=info"}
	}
	w, err := d.Launch(t.Bin, t.Title, env...)
	if err != nil {
		return s, err
	}
	err = s.measure(w, t, o)
	if cerr := w.Close(); err == nil && cerr != nil {
		err = cerr
	}
	return s, err
}

func (s *Session) measure(w *Window, t Target, o SessionOptions) error {
	m, at, _, err := w.WaitLine(firstRenderLine, 0, o.Timeout)
	if err != nil {
		return err
	}
	s.FirstCardsMS = ms(at)
	s.Cards, _ = strconv.Atoi(m[1])
	s.PageMS, _ = strconv.ParseFloat(m[2], 64)
	if s.MappedMS, err = msOf(w.WaitMapped(o.Timeout)); err != nil {
		return err
	}
	if t.App {
		if _, _, _, err := w.WaitLine(searchReadyLine, 0, o.Timeout); err != nil {
			return err
		}
	}
	time.Sleep(2 * time.Second) // what start-up left to do (the first sync's failure, a GC)
	s.Idle = w.Memory()
	if err := w.Focus(); err != nil {
		return err
	}
	from := w.Lines()
	go0, web0 := w.CPU()
	for _, q := range o.Queries {
		if err := typeQuery(w, t, q, o.PerChar, time.Second, o.Timeout); err != nil {
			return err
		}
	}
	go1, web1 := w.CPU()
	s.Keys = ParseKeystrokes(w.Matches(keystrokesLine, from))
	if n := len(s.Keys.MS) + s.Keys.Unpainted; n > 0 {
		s.KeyCPUGoMS = ms(go1-go0) / float64(n)
		s.KeyCPUWebMS = ms(web1-web0) / float64(n)
	}
	if o.Hour && t.App {
		h, err := hourOfUse(w, o.Timeout)
		if err != nil {
			return err
		}
		s.Hour = &h
	}
	return nil
}

func msOf(d time.Duration, err error) (float64, error) { return ms(d), err }

// typeQuery opens the palette, types q, waits for the results to settle,
// and closes it (which logs the keystrokes line it waits for).
func typeQuery(w *Window, t Target, q string, perChar, settle, timeout time.Duration) error {
	from := w.Lines()
	if t.App {
		if err := w.Key("ctrl+k"); err != nil {
			return err
		}
		time.Sleep(500 * time.Millisecond) // the palette opens with the last query selected: typing replaces it
	}
	if err := w.Type(q, perChar); err != nil {
		return err
	}
	time.Sleep(settle)
	if err := w.Key("Escape"); err != nil {
		return err
	}
	if _, _, _, err := w.WaitLine(keystrokesLine, from, timeout); err != nil {
		return fmt.Errorf("perf: after typing %q: %w", q, err)
	}
	time.Sleep(200 * time.Millisecond)
	return nil
}

// MoreQueries are typed during the hour of use, with Queries.
var MoreQueries = []string{
	"retrieval augmented", "reward model alignment", "sparse attention kernels", "protein design",
	"author:chen", "robots policies >10", "video understanding", "theorem proving", "meta ai", "code generation",
}

// hourOfUse is an hour of reading compressed into a few minutes, twice:
// a month of days scrolled to their end (22 × `[` then End), 25 papers
// opened in the reading pane (j), 100 searches typed (10 to an opening of
// the palette). Memory is read after each half.
func hourOfUse(w *Window, timeout time.Duration) (Hour, error) {
	var h Hour
	t0 := time.Now()
	queries := append(slices.Clone(Queries), MoreQueries...)
	for half := range 2 {
		for range 22 {
			if err := keys(w, 350*time.Millisecond, "bracketleft"); err != nil {
				return h, err
			}
			if err := keys(w, 250*time.Millisecond, "End"); err != nil {
				return h, err
			}
		}
		if err := keys(w, 500*time.Millisecond, "g"); err != nil {
			return h, err
		}
		for range 25 {
			if err := keys(w, 300*time.Millisecond, "j"); err != nil {
				return h, err
			}
		}
		for i := range 100 {
			if i%10 == 0 {
				if i > 0 {
					if err := closePalette(w, timeout); err != nil {
						return h, err
					}
				}
				if err := keys(w, 500*time.Millisecond, "ctrl+k"); err != nil {
					return h, err
				}
			} else if err := w.Key("ctrl+a"); err != nil {
				return h, err
			}
			if err := w.Type(queries[(i+half*7)%len(queries)], 10*time.Millisecond); err != nil {
				return h, err
			}
			time.Sleep(350 * time.Millisecond)
		}
		if err := closePalette(w, timeout); err != nil {
			return h, err
		}
		time.Sleep(2 * time.Second)
		if half == 0 {
			h.Half = w.Memory()
		} else {
			h.Full = w.Memory()
		}
	}
	h.Took = time.Since(t0)
	return h, nil
}

func keys(w *Window, after time.Duration, k ...string) error {
	if err := w.Key(k...); err != nil {
		return err
	}
	time.Sleep(after)
	return nil
}

func closePalette(w *Window, timeout time.Duration) error {
	from := w.Lines()
	if err := w.Key("Escape"); err != nil {
		return err
	}
	_, _, _, err := w.WaitLine(keystrokesLine, from, timeout)
	return err
}
