package paperboy

import (
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

func TestTrimWaitsForReadsToPause(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var trims atomic.Int32
		tr := trimmer{free: func() { trims.Add(1) }}
		for range 10 { // a read a second: never a pause of trimAfter
			tr.read()
			time.Sleep(time.Second)
			synctest.Wait()
		}
		if n := trims.Load(); n != 0 {
			t.Fatalf("%d trims while the reads went on, want 0", n)
		}
		time.Sleep(trimAfter - time.Second)
		synctest.Wait()
		if n := trims.Load(); n != 1 {
			t.Fatalf("%d trims %s after the last read, want 1", n, trimAfter)
		}
		time.Sleep(time.Minute)
		synctest.Wait()
		if n := trims.Load(); n != 1 {
			t.Fatalf("%d trims with no read since, want 1", n)
		}

		tr.read()
		tr.stop()
		tr.read()
		time.Sleep(time.Minute)
		synctest.Wait()
		if n := trims.Load(); n != 1 {
			t.Fatalf("%d trims after stop, want 1", n)
		}
	})
}
