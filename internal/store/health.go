package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"

	badger "github.com/dgraph-io/badger/v4"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// Notice is something the store found or did that the user should be told
// about, in one line: damage repaired, data restored, a read-only open,
// damaged records left out.
type Notice struct {
	Code    string `json:"code"`    // a paper error code: EDAMAGED, EREADONLY, EDISKFULL
	Message string `json:"message"` // plain words, with the next step
}

// Notices returns what Open found and did, then what reads found since
// (damaged paper records), oldest first. The list only grows: a front door
// that has shown the first n can show Notices()[n:] after each call.
func (db *DB) Notices() []Notice {
	db.health.mu.Lock()
	defer db.health.mu.Unlock()
	return slices.Clone(db.health.notices)
}

// health is what the store knows about damage since Open.
type health struct {
	mu      sync.Mutex
	notices []Notice
	// badIDs are paper records found unreadable and not rewritten since;
	// badDays the days listing them, which DayRecord and Days report as
	// incomplete so that the next sync fetches them again, also when the
	// mark could not be written (read-only).
	badIDs  map[string]bool
	badDays map[string]bool
}

func (db *DB) notice(code, format string, args ...any) {
	var l noticeList
	l.add(code, format, args...)
	db.addNotices(l)
}

func (db *DB) addNotices(l noticeList) {
	db.health.mu.Lock()
	defer db.health.mu.Unlock()
	db.health.notices = append(db.health.notices, l...)
}

// noticeList collects the notices of one part of Open, which opens the two
// databases side by side, so that they are kept in a fixed order.
type noticeList []Notice

func (l *noticeList) add(code, format string, args ...any) {
	*l = append(*l, Notice{Code: code, Message: fmt.Sprintf(format, args...)})
}

// recovered turns a panic inside Badger into an EDAMAGED error: no Go
// panic or stack trace may reach a user, the stack goes to the log. Every
// exported method starts with
//
//	defer db.recovered(&err, panicOnFault())
//
// whose argument runs at once: Badger reads memory-mapped files, and a
// page that cannot be read (the file was truncated under it, an I/O error)
// is a fault, which kills the process unless the goroutine asked for a
// panic instead. recovered puts the goroutine's setting back.
func (db *DB) recovered(err *error, faultWas bool) {
	r := recover()
	debug.SetPanicOnFault(faultWas)
	if r == nil {
		return
	}
	// Warn, not Error: commands print their errors for people, and the
	// error below says it; the stack is for PAPERBOY_LOG=debug.
	db.log.Warn("store: recovered a panic", "panic", firstLine(r))
	db.log.Debug("store: the panic's stack", "stack", string(debug.Stack()))
	db.forgetVerified()
	*err = paper.Wrap(paper.EDAMAGED, fmt.Errorf("store: panic: %s", firstLine(r)),
		"Paperboy's data files look damaged (an internal check failed); your saved papers, reading state and topics are kept. "+
			"Quit Paperboy and open it again so it can check and repair them")
}

// forgetVerified makes the next Open read every table again: a panic in
// Badger may come from a table damaged since it was verified.
func (db *DB) forgetVerified() {
	if db.dir == "" || db.writable() != nil {
		return
	}
	for _, dir := range []string{db.cacheDir(), db.userDir()} {
		if err := os.Remove(filepath.Join(dir, verifiedFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			db.log.Warn("store: cannot forget the verified tables", "dir", dir, "err", err)
		}
	}
}

// panicOnFault makes a memory fault of this goroutine a panic and returns
// the previous setting, for recovered.
func panicOnFault() bool { return debug.SetPanicOnFault(true) }

// badDay reports whether date lists a paper found unreadable.
func (db *DB) badDay(date string) bool {
	db.health.mu.Lock()
	defer db.health.mu.Unlock()
	return db.health.badDays[date]
}

// damaged records that the paper records of ids could not be read: it marks
// the days listing them (date, when known, else found from the day lists)
// incomplete, in memory and, when it can write, in the cache, and adds a
// notice. Ids already reported are skipped.
func (db *DB) damaged(ids []string, date string, errs []error) {
	h := &db.health
	h.mu.Lock()
	var fresh []string
	for i, id := range ids {
		if !h.badIDs[id] {
			fresh = append(fresh, id)
			db.log.Warn("store: skipping an unreadable paper record", "id", id, "err", errs[i])
		}
	}
	h.mu.Unlock()
	if len(fresh) == 0 {
		return
	}
	days := []string{date}
	if date == "" {
		days = db.daysListing(fresh)
	}
	h.mu.Lock()
	if h.badIDs == nil {
		h.badIDs, h.badDays = map[string]bool{}, map[string]bool{}
	}
	for _, id := range fresh {
		h.badIDs[id] = true
	}
	for _, d := range days {
		h.badDays[d] = true
	}
	h.mu.Unlock()
	db.dc.invalidate()
	db.markIncomplete(days)

	what, were := fmt.Sprintf("%d paper records", len(fresh)), "were"
	if len(fresh) == 1 {
		what, were = "1 paper record", "was"
	}
	if len(fresh) <= 3 {
		what += " (" + strings.Join(fresh, ", ") + ")"
	}
	if len(days) == 0 {
		db.notice(paper.EDAMAGED, "%s in the cache could not be read and %s left out; a list or search that brings them fetches them again", what, were)
		return
	}
	on := strings.Join(days[:min(len(days), 3)], ", ")
	if len(days) > 3 {
		on += fmt.Sprintf(" and %d more days", len(days)-3)
	}
	db.notice(paper.EDAMAGED, "%s in the cache could not be read and %s left out (listed on %s). "+
		"Run `paperboy sync` (or Sync in the app) to fetch them again", what, were, on)
}

// repaired forgets the damage of papers just rewritten and of a day just fetched.
func (db *DB) repaired(ids []string, date string) {
	h := &db.health
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.badIDs == nil {
		return
	}
	for _, id := range ids {
		delete(h.badIDs, id)
	}
	delete(h.badDays, date)
}

// daysListing returns the dates whose lists hold any of ids, newest first,
// from one scan of the day/ keys (only done on damage).
func (db *DB) daysListing(ids []string) []string {
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	found := map[string]bool{}
	err := db.bdb.View(func(txn *badger.Txn) error {
		return scanKeys(txn, []byte(prefixDay), func(k []byte) error {
			if len(k) > len(prefixDay)+dateLen+1 && want[idFromDayKey(k)] {
				found[string(k[len(prefixDay):len(prefixDay)+dateLen])] = true
			}
			return nil
		})
	})
	if err != nil {
		db.log.Warn("store: cannot find the days of damaged papers", "err", err)
	}
	days := make([]string, 0, len(found))
	for d := range found {
		days = append(days, d)
	}
	slices.Sort(days)
	slices.Reverse(days)
	return days
}

// markIncomplete rewrites the records of days as not complete, so that a
// sync in any process fetches them again. Without write access the marks
// stay in memory (badDays).
func (db *DB) markIncomplete(days []string) {
	if len(days) == 0 || db.writable() != nil {
		return
	}
	db.wmu.Lock()
	defer db.wmu.Unlock()
	defer db.dc.invalidate()
	err := db.bdb.Update(func(txn *badger.Txn) error {
		for _, date := range days {
			v, err := getValue(txn, dayMetaKey(date))
			if notFound(err) {
				continue
			}
			if err != nil {
				return err
			}
			d, err := decodeDay(v)
			if err != nil || !d.Complete {
				continue
			}
			d.Complete = false
			if v, err = encode(d); err != nil {
				return err
			}
			if err := txn.Set(dayMetaKey(date), v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.log.Warn("store: cannot mark damaged days for the next sync", "days", days, "err", err)
	}
}
