package main

import (
	"fmt"
	"math"

	"github.com/paperboy-reader/paperboy/internal/perf"
)

// Budgets of what a user feels (issue 14), as ratios to the hello-world
// window measured in the same run where one applies.
const (
	keyP99Budget    = 16.0 // ms, keystroke → painted, p99 at the largest size
	launchRatio     = 1.5  // launch → first cards, × the hello world's first paint
	pssRatio        = 1.5  // total PSS ≤ 1.5 × the hello world's + the Go heap
	hourGrowthRatio = 0.05 // the second half of the hour of use adds at most 5 %
)

// verdict says whether got meets budget (lower is better) and by how much
// it misses: "ok", "missed by 23%".
func verdict(got, budget float64) string {
	switch {
	case math.IsNaN(got) || math.IsNaN(budget) || budget <= 0:
		return "?"
	case got <= budget:
		return "ok"
	}
	return fmt.Sprintf("missed by %.0f%%", 100*(got/budget-1))
}

// cells puts one cell per window size into a row's size columns, and the
// hello world's cell in its own.
func (r *results) cells(row perf.Row, at func(n int) string, hello string) perf.Row {
	row.Cells = make([]string, len(r.sizes)+1)
	for i, n := range r.sizes {
		if e := r.e2e[n]; e != nil {
			row.Cells[i] = at(n)
		}
	}
	row.Cells[len(r.sizes)] = hello
	return row
}

func (r *results) sessions(n int) []perf.Session {
	if e := r.e2e[n]; e != nil {
		return e.window
	}
	return nil
}

func dist(ss []perf.Session, f func(perf.Session) float64) perf.Dist {
	var d perf.Dist
	for _, s := range ss {
		d = append(d, f(s))
	}
	return d
}

// typed are the sessions that typed the queries (not the hour of use's
// baseline launch).
func typed(ss []perf.Session) []perf.Session {
	var out []perf.Session
	for _, s := range ss {
		if len(s.Keys.MS)+s.Keys.Unpainted > 0 {
			out = append(out, s)
		}
	}
	return out
}

func keys(ss []perf.Session) perf.Keystrokes {
	var k perf.Keystrokes
	var gaps perf.Dist
	for _, s := range typed(ss) {
		k.MS = append(k.MS, s.Keys.MS...)
		k.Stale += s.Keys.Stale
		k.Unpainted += s.Keys.Unpainted
		gaps = append(gaps, s.Keys.GapMS)
	}
	k.GapMS = gaps.Median()
	return k
}

func p50p99(k perf.Keystrokes) string {
	if len(k.MS) == 0 {
		return ""
	}
	return perf.Num(k.MS.Percentile(0.5)) + " / " + perf.Num(k.MS.Percentile(0.99)) + " ms"
}

func memCell(d perf.Dist, go_, web, other perf.Dist) string {
	if len(d) == 0 {
		return ""
	}
	return fmt.Sprintf("%s MB (Go %s, web %s, net %s)", perf.Num(d.Median()), perf.Num(go_.Median()), perf.Num(web.Median()), perf.Num(other.Median()))
}

func idle(ss []perf.Session) (total, goMB, web, other, heap perf.Dist) {
	for _, s := range ss {
		total = append(total, s.Idle.TotalMB)
		goMB = append(goMB, s.Idle.GoMB)
		web = append(web, s.Idle.WebMB)
		other = append(other, s.Idle.OtherMB)
		heap = append(heap, s.Idle.HeapMB)
	}
	return
}

// e2eRows are the figures measured in the window and the browser mode.
func (r *results) e2eRows(t *perf.Table) {
	if len(r.e2e) == 0 {
		return
	}
	big := r.sizes[len(r.sizes)-1]
	for n := range r.e2e {
		big = max(big, n) // the largest size measured end to end
	}
	bigLabel := label(big)
	hello := r.hello
	if len(r.sessions(big)) > 0 {
		hk := keys(hello)
		row := r.cells(perf.Row{Name: "window: keystroke → results painted, p50 / p99 (typing at 30 ms a character)",
			Budget: fmt.Sprintf("p99 ≤ %.0f ms at %s", keyP99Budget, bigLabel)},
			func(n int) string { return p50p99(keys(r.sessions(n))) }, p50p99(hk))
		row.Verdict = verdict(keys(r.sessions(big)).MS.Percentile(0.99), keyP99Budget)
		t.Add(row)
		row = r.cells(perf.Row{Name: "  stale results painted / keys whose results never came", Budget: "0 stale"},
			func(n int) string {
				k := keys(r.sessions(n))
				return fmt.Sprintf("%d / %d of %d", k.Stale, k.Unpainted, len(k.MS)+k.Unpainted)
			}, fmt.Sprintf("— / %d of %d", hk.Unpainted, len(hk.MS)+hk.Unpainted))
		row.Verdict = "ok"
		if keys(r.sessions(big)).Stale > 0 {
			row.Verdict = "missed"
		}
		t.Add(row)
		t.Add(r.cells(perf.Row{Name: "  CPU per keystroke, Go process + web process"},
			func(n int) string { return cpuCell(r.sessions(n)) }, cpuCell(hello)))
		t.Add(r.cells(perf.Row{Name: "  time between keydowns as the page saw them (median)"},
			func(n int) string { return perf.Num(keys(r.sessions(n)).GapMS) + " ms" }, perf.Num(hk.GapMS)+" ms"))

		first := func(ss []perf.Session) perf.Dist {
			return dist(ss, func(s perf.Session) float64 { return s.FirstCardsMS })
		}
		helloFirst := first(hello)
		row = r.cells(perf.Row{Name: "window: launch → first cards painted (hello world: first paint)",
			Budget: fmt.Sprintf("≤ %.1f× hello world at %s", launchRatio, bigLabel)},
			func(n int) string { return first(r.sessions(n)).Format(" ms") }, helloFirst.Format(" ms"))
		row.Verdict = verdict(first(r.sessions(big)).Median(), launchRatio*helloFirst.Median())
		t.Add(row)
		page := func(ss []perf.Session) perf.Dist { return dist(ss, func(s perf.Session) float64 { return s.PageMS }) }
		t.Add(r.cells(perf.Row{Name: "  of which in the page (its clock at that paint)"},
			func(n int) string { return page(r.sessions(n)).Format(" ms") }, page(hello).Format(" ms")))
		mapped := func(ss []perf.Session) perf.Dist { return dist(ss, func(s perf.Session) float64 { return s.MappedMS }) }
		t.Add(r.cells(perf.Row{Name: "window: launch → window mapped"},
			func(n int) string { return mapped(r.sessions(n)).Format(" ms") }, mapped(hello).Format(" ms")))

		hTotal, hGo, hWeb, hOther, _ := idle(hello)
		bigTotal, _, _, _, bigHeap := idle(r.sessions(big))
		row = r.cells(perf.Row{Name: "window: memory idle, total PSS (search ready)",
			Budget: fmt.Sprintf("≤ %.1f× hello world + Go heap at %s", pssRatio, bigLabel)},
			func(n int) string { a, b, c, d, _ := idle(r.sessions(n)); return memCell(a, b, c, d) },
			memCell(hTotal, hGo, hWeb, hOther))
		row.Verdict = verdict(bigTotal.Median(), pssRatio*hTotal.Median()+bigHeap.Median())
		t.Add(row)
		t.Add(r.cells(perf.Row{Name: "  Go heap (live at the latest GC)"},
			func(n int) string { _, _, _, _, h := idle(r.sessions(n)); return h.Format(" MB") }, ""))
	}
	if h := r.hour; h != nil && h.Hour != nil {
		at := func(m perf.Memory) string {
			return fmt.Sprintf("%s MB (Go %s, web %s; heap %s)", perf.Num(m.TotalMB), perf.Num(m.GoMB), perf.Num(m.WebMB), perf.Num(m.HeapMB))
		}
		cell := func(n int) string {
			if n != r.hourAt {
				return ""
			}
			return fmt.Sprintf("idle %s → half %s → end %s", perf.Num(h.Idle.TotalMB), perf.Num(h.Hour.Half.TotalMB), perf.Num(h.Hour.Full.TotalMB))
		}
		hTotal, _, _, _, _ := idle(r.hello)
		row := r.cells(perf.Row{Name: "window: an hour of use, total PSS (a month scrolled, 200 searches, 50 papers opened)",
			Budget: fmt.Sprintf("second half adds ≤ %.0f%%", 100*hourGrowthRatio)}, cell, "idle "+perf.Num(hTotal.Median()))
		row.Verdict = verdict(h.Hour.Full.TotalMB-h.Hour.Half.TotalMB, hourGrowthRatio*h.Hour.Half.TotalMB)
		if h.Hour.Full.TotalMB <= h.Hour.Half.TotalMB {
			row.Verdict = "ok"
		}
		t.Add(row)
		row = r.cells(perf.Row{Name: "  at the end of it",
			Budget: fmt.Sprintf("≤ %.1f× hello world + Go heap", pssRatio)},
			func(n int) string {
				if n != r.hourAt {
					return ""
				}
				return at(h.Hour.Full)
			}, "")
		row.Verdict = verdict(h.Hour.Full.TotalMB, pssRatio*hTotal.Median()+h.Hour.Full.HeapMB)
		t.Add(row)
	}
	var browsed bool
	for _, e := range r.e2e {
		browsed = browsed || e.browser != nil
	}
	if browsed {
		var hk perf.Keystrokes
		var hf perf.Dist
		for _, e := range r.e2e {
			if e.browser != nil {
				hk.MS = append(hk.MS, e.browser.Hello.Keys.MS...)
				hk.Unpainted += e.browser.Hello.Keys.Unpainted
				hf = append(hf, e.browser.Hello.FirstCardsMS...)
			}
		}
		b := func(n int) *perf.BrowserResult { return r.e2e[n].browser }
		row := r.cells(perf.Row{Name: "browser mode (chromium): keystroke → results painted, p50 / p99",
			Budget: fmt.Sprintf("p99 ≤ %.0f ms at %s", keyP99Budget, bigLabel)},
			func(n int) string {
				if b(n) == nil {
					return ""
				}
				k := b(n).App.Keys
				return fmt.Sprintf("%s (%d stale)", p50p99(k), k.Stale)
			}, p50p99(hk))
		if bb := r.e2e[big]; bb != nil && bb.browser != nil {
			row.Verdict = verdict(bb.browser.App.Keys.MS.Percentile(0.99), keyP99Budget)
			if bb.browser.App.Keys.Stale > 0 {
				row.Verdict = "missed: stale results"
			}
		}
		t.Add(row)
		t.Add(r.cells(perf.Row{Name: "browser mode: page load → first cards (hello page: first paint)"},
			func(n int) string {
				if b(n) == nil {
					return ""
				}
				return b(n).App.FirstCardsMS.Format(" ms")
			}, hf.Format(" ms")))
	}
}

func cpuCell(ss []perf.Session) string {
	ss = typed(ss)
	if len(ss) == 0 {
		return ""
	}
	g := dist(ss, func(s perf.Session) float64 { return s.KeyCPUGoMS })
	w := dist(ss, func(s perf.Session) float64 { return s.KeyCPUWebMS })
	return perf.Num(g.Median()) + " + " + perf.Num(w.Median()) + " ms"
}
