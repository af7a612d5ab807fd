package app

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paperboy-reader/paperboy/internal/config"
	"github.com/paperboy-reader/paperboy/internal/paper"
)

// libraryOf is everything a library export holds, in a comparable form.
func libraryOf(t *testing.T, b *Backend) string {
	t.Helper()
	text, err := Bindings(b)["Library"].(*Library).Export("json", "all")
	if err != nil {
		t.Fatal(err)
	}
	return regexp.MustCompile(`"exportedAt":"[^"]*"`).ReplaceAllString(text, `"exportedAt":"2000-01-01T00:00:00Z"`)
}

func TestLibraryJSONRoundTrip(t *testing.T) {
	h := newHarness(t)
	a, rec := h.open("")
	h.fake.AddPapers(synthetic("2410.90001", hToday, "Diffusion transformers & 100% {braces} $x$", 5))
	h.sync(a, rec, "2024-10-25")
	h.clock.advance(time.Hour)
	h.sync(a, rec, hToday)
	papers := Bindings(a)["Papers"].(*Papers)
	if _, err := papers.SetSaved("2410.90001", true); err != nil {
		t.Fatal(err)
	}
	if _, err := papers.SetRead("2410.17243", true); err != nil {
		t.Fatal(err)
	}
	// a state whose paper is not cached must survive too
	if _, err := a.Store.SetSaved("2301.00001", true, h.clock.now()); err != nil {
		t.Fatal(err)
	}
	if _, err := Bindings(a)["Topics"].(*Topics).Create("DiT", "diffusion transformers"); err != nil {
		t.Fatal(err)
	}
	settings := Bindings(a)["Settings"].(*Settings)
	if err := settings.SetSyncInterval(15); err != nil {
		t.Fatal(err)
	}
	if err := settings.SetToken("hf_secretsecret"); err != nil {
		t.Fatal(err)
	}

	want := libraryOf(t, a)
	if strings.Contains(want, "hf_secretsecret") {
		t.Fatal("the export contains the Hugging Face token")
	}
	if !strings.HasPrefix(want, `{"format":"paperboy-library","version":1,`) {
		t.Errorf("export starts %.80s", want)
	}
	for _, part := range []string{`"syncInterval":15`, `"query":"diffusion transformers"`, `"2301.00001":{"read":false,"saved":true`, `"raw":{`, `"history":[{`} {
		if !strings.Contains(want, part) {
			t.Errorf("export lacks %s", part)
		}
	}

	b, brec := h.open("")
	lib := Bindings(b)["Library"].(*Library)
	rep, err := lib.Import(want)
	if err != nil {
		t.Fatal(err)
	}
	wantRep := ImportReport{Papers: 12, States: 3, Topics: 1, Settings: 2} // syncInterval, lastSynced
	if rep.States != wantRep.States || rep.Topics != wantRep.Topics || rep.Settings != wantRep.Settings || rep.Papers < 2 {
		t.Errorf("first import = %+v, want like %+v", rep, wantRep)
	}
	if got := libraryOf(t, b); got != want {
		t.Errorf("library after import differs:\n got %.2000s\nwant %.2000s", got, want)
	}
	if n := brec.count(EventPapersChanged); n != 1 {
		t.Errorf("import sent papers:changed %d times", n)
	}
	// searchable and listed at once
	if page, _ := b.Query("diffusion transformers", 5); len(page.Hits) == 0 || page.Hits[0].Paper.ID != "2410.90001" || !page.Hits[0].Paper.Saved {
		t.Errorf("imported papers not searchable: %+v", page)
	}
	if v, _ := Bindings(b)["Papers"].(*Papers).Day(hToday, "upvotes"); v.Count != 1 {
		t.Errorf("imported day has %d papers", v.Count)
	}
	if b.hasToken() {
		t.Error("the token travelled")
	}

	again, err := lib.Import(want)
	if err != nil || again != (ImportReport{}) {
		t.Errorf("second import = %+v, %v; want nothing added", again, err)
	}
	if got := libraryOf(t, b); got != want {
		t.Error("a second import changed the library")
	}

	for _, garbage := range []string{"", "{", "null", `{"format":"zotero"}`, strings.Replace(want, `"2410.90001"`, `"../../x"`, 1),
		want[:len(want)/2]} {
		_, err := lib.Import(garbage)
		var ue *UIError
		if !errors.As(err, &ue) || ue.Code != paper.EINVALID {
			t.Errorf("Import(%.30q) = %v, want invalid", garbage, err)
		}
	}
	if got := libraryOf(t, b); got != want {
		t.Error("a failed import changed the library")
	}
}

func TestExportFormatsAndScopes(t *testing.T) {
	h := newHarness(t)
	b, rec := h.open("")
	h.fake.AddPapers(synthetic("2410.90001", hToday, "Diffusion <b>transformers</b> & [links](javascript:x)", 5),
		synthetic("2410.90002", hToday, "Graph networks", 50))
	h.sync(b, rec, hToday)
	if _, err := b.Store.SetSaved("2410.90001", true, h.clock.now()); err != nil {
		t.Fatal(err)
	}
	tp, _ := Bindings(b)["Topics"].(*Topics).Create("", "graph networks")
	lib := Bindings(b)["Library"].(*Library)
	for _, tc := range []struct {
		format, scope string
		want, not     []string
	}{
		{"bibtex", "saved", []string{"@misc{hopper2024diffusion,", `Diffusion <b>transformers</b> \& [links](javascript:x)`}, []string{"Graph"}},
		{"bibtex", "date:" + hToday, []string{"Graph networks", "Diffusion"}, nil},
		{"markdown", "saved", []string{"- [ ] **[Diffusion \\<b\\>transformers\\</b\\> \\& \\[links\\]\\(javascript:x\\)](https://huggingface.co/papers/2410.90001)** ★"}, []string{"Graph"}},
		{"markdown", "query:graph", []string{"Graph networks", "search “graph”"}, []string{"Diffusion"}},
		{"markdown", "topic:" + tp.ID, []string{"Graph networks"}, []string{"Diffusion"}},
		{"json", "saved", []string{`"scope":"saved"`, `"2410.90001"`}, []string{`"2410.90002"`}},
		{"json", "date:" + hToday, []string{`"days":[{"date":"2024-10-28"`}, nil},
	} {
		t.Run(tc.format+" "+tc.scope, func(t *testing.T) {
			got, err := lib.Export(tc.format, tc.scope)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("lacks %q:\n%s", w, got)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(got, n) {
					t.Errorf("contains %q:\n%s", n, got)
				}
			}
		})
	}
	for _, bad := range [][2]string{{"csv", "all"}, {"json", "date:yesterday"}, {"json", "query:"}, {"json", "everything"}, {"bibtex", "topic:nope"}} {
		if _, err := lib.Export(bad[0], bad[1]); err == nil {
			t.Errorf("Export(%q, %q) succeeded", bad[0], bad[1])
		}
	}

	if _, err := lib.SaveExport("bibtex", "saved"); err == nil || err.(*UIError).Code != paper.EINVALID {
		t.Errorf("SaveExport without a desktop = %v, want invalid", err)
	}
	var gotName string
	var gotContent []byte
	b.SaveFile = func(name string, write func(io.Writer) error) (string, error) {
		var buf bytes.Buffer
		err := write(&buf)
		gotName, gotContent = name, buf.Bytes()
		return "/tmp/" + name, err
	}
	path, err := lib.SaveExport("markdown", "saved")
	if err != nil || path != "/tmp/paperboy-saved-2024-10-28.md" || !bytes.Contains(gotContent, []byte("2410.90001")) {
		t.Errorf("SaveExport = %q, %v (name %q)", path, err, gotName)
	}
}

func TestSettingsIntervalAndToken(t *testing.T) {
	dir := t.TempDir()
	open := func(api string) *Backend {
		t.Helper()
		b, err := Open(config.Config{DataDir: dir, API: api}, "test", slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		b.HF.Sleep = func(context.Context, time.Duration) error { return nil }
		return b
	}
	b := open("http://127.0.0.1:1")
	defer func() { b.Close() }()
	s := Bindings(b)["Settings"].(*Settings)
	info, err := s.Info()
	if err != nil || info.SyncInterval != DefaultSyncInterval || info.HasToken {
		t.Fatalf("Info = %+v, %v", info, err)
	}
	for _, tc := range []struct {
		minutes int
		ok      bool
	}{{0, true}, {5, true}, {-1, false}, {maxSyncInterval + 1, false}} {
		if err := s.SetSyncInterval(tc.minutes); (err == nil) != tc.ok {
			t.Errorf("SetSyncInterval(%d) = %v", tc.minutes, err)
		}
	}
	if info, _ := s.Info(); info.SyncInterval != 5 {
		t.Errorf("interval = %d, want 5", info.SyncInterval)
	}

	var auth atomic.Value
	auth.Store("")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth.Store(r.Header.Get("Authorization"))
		w.Write([]byte("[]"))
	}))
	defer srv.Close()
	b.HF.BaseURL = srv.URL
	fetch := func() string {
		t.Helper()
		if _, err := b.HF.DailyPapers(context.Background(), "2024-10-25"); err != nil {
			t.Fatal(err)
		}
		return auth.Load().(string)
	}
	if got := fetch(); got != "" {
		t.Errorf("no token: Authorization %q", got)
	}
	if err := s.SetToken(" hf_abc "); err != nil {
		t.Fatal(err)
	}
	if got := fetch(); got != "Bearer hf_abc" {
		t.Errorf("after SetToken: Authorization %q", got)
	}
	if info, _ := s.Info(); !info.HasToken {
		t.Error("hasToken false after SetToken")
	}
	if err := s.SetToken("two words"); err == nil {
		t.Error("a token with a space was accepted")
	}
	b.HF.Token = "hf_env" // as HF_TOKEN sets it: it wins
	if got := fetch(); got != "Bearer hf_env" {
		t.Errorf("with HF_TOKEN: Authorization %q", got)
	}
	b.HF.Token = ""
	if err := s.SetToken(""); err != nil {
		t.Fatal(err)
	}
	if got := fetch(); got != "" {
		t.Errorf("after clearing: Authorization %q", got)
	}

	// a stored token is used from the start of the next run
	if err := s.SetToken("hf_kept"); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	b = open(srv.URL)
	if got := fetch(); got != "Bearer hf_kept" {
		t.Errorf("after a restart: Authorization %q", got)
	}
}

func TestAutoSyncFiresAndStops(t *testing.T) {
	h := newHarness(t)
	b, rec := h.open("")
	go func() {
		for range rec.done { // drain: auto-syncs finish on their own
		}
	}()
	s := Bindings(b)["Settings"].(*Settings)
	if err := s.SetSyncInterval(0); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		b.autoSync(ctx, 20*time.Millisecond, 5*time.Millisecond, 10*time.Millisecond)
		close(done)
	}()
	time.Sleep(100 * time.Millisecond)
	if n := h.fake.Requests.Load(); n != 0 {
		t.Errorf("interval 0 (off): %d requests", n)
	}
	if err := s.SetSyncInterval(1); err != nil { // 20ms here; takes effect at once
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for rec.count(EventSyncDone) < 3 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := rec.count(EventSyncDone); n < 3 {
		t.Fatalf("%d auto-syncs, want at least 3", n)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("auto-sync did not stop")
	}
	b.Wait(context.Background())
	n := rec.count(EventSyncDone)
	time.Sleep(100 * time.Millisecond)
	if m := rec.count(EventSyncDone); m != n {
		t.Errorf("%d syncs after cancel", m-n)
	}
}
