package store

import (
	"bufio"
	"fmt"
	"hash/fnv"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

const (
	crashEnv        = "PAPERBOY_STORE_CRASH_DIR"
	crashPerDay     = 30
	crashMaxDays    = 400
	crashFirstDay   = "2023-05-04"
	crashChildLimit = 25 // days one child writes before exiting on its own
)

// crashDay returns the date and papers of day i of the crash workload. Each
// day also relists the previous day's last paper, so papers span two days.
func crashDay(i int) (string, []paper.Paper) {
	first, _ := time.Parse(time.DateOnly, crashFirstDay)
	date := first.AddDate(0, 0, i).Format(time.DateOnly)
	var ps []paper.Paper
	if i > 0 {
		ps = append(ps, crashPaper(i*crashPerDay-1))
	}
	for j := range crashPerDay {
		ps = append(ps, crashPaper(i*crashPerDay+j))
	}
	return date, ps
}

func crashPaper(n int) paper.Paper {
	return genPaper(fmt.Sprintf("2301.%05d", n), n)
}

// crashChild writes days until killed, printing "ack <date>" after each
// PutDay returns.
func crashChild(dir string) {
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	db, err := Open(dir, Options{MinFreeBytes: 1 << 20, Logger: log})
	if err != nil {
		fmt.Fprintln(os.Stderr, "open:", err)
		os.Exit(1)
	}
	start := 0
	if d, ok, err := db.LatestDay(); err != nil {
		fmt.Fprintln(os.Stderr, "latest day:", err)
		os.Exit(1)
	} else if ok {
		t, _ := time.Parse(time.DateOnly, d.Date)
		first, _ := time.Parse(time.DateOnly, crashFirstDay)
		start = int(t.Sub(first).Hours()/24) + 1
	}
	for i := start; i < min(start+crashChildLimit, crashMaxDays); i++ {
		date, ps := crashDay(i)
		if _, err := db.PutDay(date, ps, true, time.Now()); err != nil {
			fmt.Fprintln(os.Stderr, "put:", err)
			os.Exit(1)
		}
		fmt.Fprintln(os.Stdout, "ack", date)
	}
	db.Close()
	os.Exit(0)
}

func TestCrashRecovery(t *testing.T) {
	if dir := os.Getenv(crashEnv); dir != "" {
		crashChild(dir)
		return
	}
	rounds := 15
	if testing.Short() {
		rounds = 5
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	dir := t.TempDir()
	acked := map[string]int{} // date → day index
	index := map[string]int{}
	for i := range crashMaxDays {
		d, _ := crashDay(i)
		index[d] = i
	}

	retries := 0
	for round := range rounds {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashRecovery$")
		cmd.Env = append(os.Environ(), crashEnv+"="+dir)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Kill after a random number of acks, or at a random moment, which
		// may fall inside Open.
		killAfterAcks := rng.IntN(6)
		byTime := rng.IntN(3) == 0
		timer := time.AfterFunc(time.Duration(rng.IntN(300))*time.Millisecond, func() {
			if byTime {
				cmd.Process.Signal(syscall.SIGKILL)
			}
		})
		sc := bufio.NewScanner(out)
		n := 0
		check := map[string]int{} // this round's days and a sample of older ones
		for date, i := range acked {
			if len(check) == 5 {
				break
			}
			check[date] = i // map order is random enough for a sample
		}
		for sc.Scan() {
			date, ok := strings.CutPrefix(sc.Text(), "ack ")
			if !ok {
				continue
			}
			acked[date] = index[date]
			check[date] = index[date]
			n++
			if !byTime && n > killAfterAcks {
				cmd.Process.Signal(syscall.SIGKILL)
			}
		}
		timer.Stop()
		err = cmd.Wait()
		if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() > 0 {
			t.Fatalf("round %d: child failed: %v\n%s", round, err, stderr.String())
		}
		if verifyCrashStore(t, dir, check) {
			retries++
		}
		t.Logf("round %d: %d acks this round, %d days acknowledged", round, n, len(acked))
	}
	verifyCrashStore(t, dir, acked)
	t.Logf("%d of %d reopens after a kill needed the second open", retries, rounds)
	if len(acked) == 0 {
		t.Error("no day was ever acknowledged: the workload never ran")
	}
}

// expected memoises crashPaper for the parent's checks.
var expected = map[int]paper.Paper{}

// verifyCrashStore checks the given acknowledged days and reports whether
// Open had to retry.
func verifyCrashStore(t *testing.T, dir string, acked map[string]int) (retried bool) {
	t.Helper()
	var logs strings.Builder
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
	db, err := Open(dir, Options{MinFreeBytes: 1 << 20, Logger: log})
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer db.Close()
	for date, i := range acked {
		_, want := crashDay(i)
		got, err := db.DayPapers(date)
		if err != nil {
			t.Fatalf("DayPapers(%s): %v", date, err)
		}
		wantIDs, gotIDs := ids(want), ids(got)
		slices.Sort(wantIDs)
		slices.Sort(gotIDs)
		if !slices.Equal(gotIDs, wantIDs) {
			t.Fatalf("acknowledged day %s has papers %v, want %v", date, gotIDs, wantIDs)
		}
		for _, p := range got {
			if p.Day < date {
				t.Fatalf("paper %s of %s has Day %s", p.ID, date, p.Day)
			}
			n := crashIndex(p.ID)
			w, ok := expected[n]
			if !ok {
				w = crashPaper(n)
				expected[n] = w
			}
			w.Day = p.Day
			if !reflect.DeepEqual(p, w) {
				t.Fatalf("paper %s of acknowledged day %s differs from what was written", p.ID, date)
			}
		}
		d, ok, err := db.DayRecord(date)
		if err != nil || !ok || d.Count != len(want) || !d.Complete {
			t.Fatalf("DayRecord(%s) = %+v, %v, %v; want count %d, complete", date, d, ok, err, len(want))
		}
	}
	days, err := db.Days()
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(days); i++ {
		if days[i].Date >= days[i-1].Date {
			t.Fatalf("Days() not strictly newest first at %d: %s then %s", i, days[i-1].Date, days[i].Date)
		}
	}
	if logs.Len() > 0 {
		t.Logf("reopen logged: %s", logs.String())
	}
	return strings.Contains(logs.String(), "retrying open")
}

func crashIndex(id string) int {
	var n int
	if _, err := fmt.Sscanf(id, "2301.%05d", &n); err != nil {
		h := fnv.New32a()
		h.Write([]byte(id))
		return int(h.Sum32())
	}
	return n
}
