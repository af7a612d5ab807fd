package store

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

func TestFullTextRoundTrip(t *testing.T) {
	dir := t.TempDir()
	db := mustOpenDir(t, dir, Options{})
	md := "# Title\n\n" + strings.Repeat("We prove $a^2+b^2=c^2$ with tables | a | b |.\n", 2000)
	if _, _, err := db.FullText("2401.00001"); paper.ErrorCode(err) != paper.ENOTFOUND {
		t.Fatalf("before: %v, want ENOTFOUND", err)
	}
	info, err := db.PutFullText("2401.00001", md, t0)
	if err != nil {
		t.Fatal(err)
	}
	if info.Size != int64(len(md)) || info.Stored <= 0 || info.Stored >= info.Size/2 || !info.FetchedAt.Equal(t0) {
		t.Errorf("info %+v: want the size, a compressed size well under it, the fetch time", info)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = mustOpenDir(t, dir, Options{})
	got, info2, err := db.FullText("2401.00001")
	if err != nil || got != md || info2 != info {
		t.Fatalf("after reopening: %d bytes, %+v, %v", len(got), info2, err)
	}
	var seen []string
	if err := db.ForEachFullText(func(id, text string) error {
		seen = append(seen, id)
		if text != md {
			t.Errorf("ForEachFullText gave %d bytes", len(text))
		}
		return nil
	}); err != nil || len(seen) != 1 {
		t.Errorf("ForEachFullText: %v, %v", seen, err)
	}
}

func TestFullTextInfoLifecycle(t *testing.T) {
	db := mustOpen(t)
	at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
	if info, err := db.FullTextFailed("2401.00002", paper.ENOTFOUND, "no full text on Hugging Face", at(1)); err != nil || info.Failures != 1 {
		t.Fatalf("failed: %+v, %v", info, err)
	}
	info, _ := db.FullTextFailed("2401.00002", paper.ENOTFOUND, "no full text on Hugging Face", at(2))
	if info.Failures != 2 || info.Kept() || !info.FailedAt.Equal(at(2)) || info.ErrCode != paper.ENOTFOUND {
		t.Errorf("after two failures: %+v", info)
	}
	if _, err := db.FullTextOpened("2401.00002", at(3)); err != nil {
		t.Fatal(err)
	}
	// a fetch clears the error and keeps when it was opened
	info, err := db.PutFullText("2401.00002", "# text", at(4))
	if err != nil || info.ErrCode != "" || info.Failures != 0 || !info.OpenedAt.Equal(at(3)) || !info.Kept() {
		t.Fatalf("after a fetch: %+v, %v", info, err)
	}
	if info.LastUse() != at(4) {
		t.Errorf("last use %v, want the fetch", info.LastUse())
	}
	db.PutFullText("2401.00003", "# other", at(4))
	if err := db.EvictFullTexts([]string{"2401.00002"}, at(5)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.FullText("2401.00002"); paper.ErrorCode(err) != paper.ENOTFOUND {
		t.Errorf("evicted text: %v, want ENOTFOUND", err)
	}
	infos, err := db.FullTextInfos()
	if err != nil || len(infos) != 2 {
		t.Fatalf("infos %v, %v", infos, err)
	}
	if e := infos["2401.00002"]; e.Kept() || !e.Evicted.Equal(at(5)) || !e.OpenedAt.Equal(at(3)) {
		t.Errorf("evicted info %+v: want no text, the eviction time, the open time", e)
	}
	if !infos["2401.00003"].Kept() {
		t.Errorf("another text was dropped")
	}
}

func TestClearCacheDropsFullTextsKeepsReadingPositions(t *testing.T) {
	db := mustOpen(t)
	if _, err := db.PutFullText("2401.00001", "# text", t0); err != nil {
		t.Fatal(err)
	}
	pos := ReadingPosition{Anchor: "3-experiments", Fraction: 0.4, At: t0}
	if err := db.SetReadingPosition("2401.00001", pos); err != nil {
		t.Fatal(err)
	}
	if err := db.ClearCache(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.FullText("2401.00001"); paper.ErrorCode(err) != paper.ENOTFOUND {
		t.Errorf("text after ClearCache: %v", err)
	}
	if infos, _ := db.FullTextInfos(); len(infos) != 0 {
		t.Errorf("infos after ClearCache: %v", infos)
	}
	got, ok, err := db.ReadingPosition("2401.00001")
	if err != nil || !ok || got != pos {
		t.Errorf("reading position after ClearCache: %+v %v %v, want %+v", got, ok, err, pos)
	}
	if err := db.SetReadingPosition("2401.00001", ReadingPosition{}); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := db.ReadingPosition("2401.00001"); ok {
		t.Error("the zero position did not forget it")
	}
}

func TestReadingPositionIsBackedUp(t *testing.T) {
	dir := t.TempDir()
	db := mustOpenDir(t, dir, Options{})
	if err := db.SetReadingPosition("2401.00001", ReadingPosition{Anchor: "intro", Fraction: 0.25, At: t0}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "backups", "user-*.json"))
	if len(files) == 0 {
		t.Fatal("no backup written at Close")
	}
	b, _ := os.ReadFile(files[len(files)-1])
	if !strings.Contains(string(b), "user/readpos/2401.00001") {
		t.Errorf("the backup lacks the reading position:\n%.400s", b)
	}
}

func TestFullTextWritesRespectReadOnlyAndDiskFull(t *testing.T) {
	free := uint64(1 << 30)
	db := mustOpenDir(t, t.TempDir(), Options{FreeSpace: func(string) (uint64, error) { return free, nil }, MinFreeBytes: 100 << 20})
	free = 10 << 20
	if _, err := db.PutFullText("2401.00001", "# text", t0); paper.ErrorCode(err) != paper.EDISKFULL {
		t.Errorf("PutFullText on a full disk: %v, want EDISKFULL", err)
	}
	if _, err := db.PutFullText("2401.00001", "", t0); paper.ErrorCode(err) != paper.EINVALID {
		t.Errorf("an empty text: %v, want EINVALID", err)
	}
}
