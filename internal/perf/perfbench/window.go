package main

import (
	"fmt"
	"time"

	"github.com/paperboy-reader/paperboy/internal/perf"
)

// e2eResult is what the window (and the browser mode) measured at one
// library size.
type e2eResult struct {
	window  []perf.Session
	browser *perf.BrowserResult
}

// perChar is the typing speed of the keystroke measurements.
const perChar = 30 * time.Millisecond

// windowBench launches the hello-world window and Paperboy's at each size
// in turn, o.windowReps times, on one private display, then the hour of
// use at the largest size.
func windowBench(o opts, r *results, dirs map[int]string) error {
	d, err := perf.StartDesktop()
	if err != nil {
		return err
	}
	defer d.Close()
	hello, app := perf.HelloTarget(o.hello), perf.AppTarget(o.bin)
	typing := perf.SessionOptions{Queries: perf.Queries, PerChar: perChar}
	// one launch of each first, not counted: it warms the page cache and fontconfig's
	for _, t := range []perf.Target{hello, app} {
		if _, err := d.Run(t, dirs[o.windowAt[0]], perf.SessionOptions{}); err != nil {
			return fmt.Errorf("warm-up launch of %s: %w", t.Bin, err)
		}
	}
	for rep := range o.windowReps {
		for _, n := range o.windowAt {
			progress("window %d/%d: hello world, then Paperboy with %d papers", rep+1, o.windowReps, n)
			s, err := d.Run(hello, "", typing)
			if err != nil {
				return fmt.Errorf("hello world: %w", err)
			}
			r.hello = append(r.hello, s)
			if s, err = d.Run(app, dirs[n], typing); err != nil {
				return fmt.Errorf("%d papers: %w", n, err)
			}
			e := r.e2eAt(n)
			e.window = append(e.window, s)
		}
	}
	if o.hour {
		n := o.windowAt[len(o.windowAt)-1]
		progress("window: an hour of use with %d papers", n)
		hour, err := d.Run(app, dirs[n], perf.SessionOptions{Hour: true})
		if err != nil {
			return fmt.Errorf("hour of use: %w", err)
		}
		r.hour, r.hourAt = &hour, n
		s, err := d.Run(hello, "", perf.SessionOptions{})
		if err != nil {
			return fmt.Errorf("hello world: %w", err)
		}
		r.hello = append(r.hello, s)
	}
	return nil
}

func (r *results) e2eAt(n int) *e2eResult {
	e := r.e2e[n]
	if e == nil {
		e = &e2eResult{}
		r.e2e[n] = e
	}
	return e
}

// browserBench measures the browser mode at each window size.
func browserBench(o opts, r *results, dirs map[int]string) error {
	for _, n := range o.windowAt {
		progress("browser: %d loads of Paperboy's page with %d papers and of the hello page, alternating", o.windowReps, n)
		b, err := perf.MeasureBrowser(o.bin, dirs[n], o.browser, o.windowReps, perChar)
		if err != nil {
			return err
		}
		r.e2eAt(n).browser = &b
	}
	return nil
}
