package paperboy

import (
	"bytes"
	"io"
	"net/http"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/paperboy-reader/paperboy/internal/config"
	"github.com/paperboy-reader/paperboy/internal/paper"
)

const hToday = "2024-10-28" // the fixture harnesses' today

var fixtureStart = time.Date(2024, 10, 28, 8, 0, 0, 0, time.UTC)

// libraryOf is everything a library export holds, in a comparable form.
func libraryOf(t *testing.T, s *Service) string {
	t.Helper()
	var buf bytes.Buffer
	if err := s.Export(t.Context(), &buf, "json", "all"); err != nil {
		t.Fatal(err)
	}
	return regexp.MustCompile(`"exportedAt":"[^"]*"`).ReplaceAllString(buf.String(), `"exportedAt":"2000-01-01T00:00:00Z"`)
}

func TestLibraryJSONRoundTrip(t *testing.T) {
	bubble(t, fixtureStart, func(t *testing.T) {
		h := newHarness(t).withFixture()
		h.fake.AddPapers(synthetic("2410.90001", hToday, "Diffusion transformers & 100% {braces} $x$", 5))
		h.syncOK("2024-10-25")
		time.Sleep(visitGap + time.Minute)
		h.syncOK(hToday)
		ctx, a := t.Context(), h.svc
		if _, err := a.SetSaved(ctx, "2410.90001", true); err != nil {
			t.Fatal(err)
		}
		if _, err := a.SetRead(ctx, "2410.17243", true); err != nil {
			t.Fatal(err)
		}
		// a state whose paper is not cached must survive too
		if _, err := a.SetSaved(ctx, "2301.00001", true); err != nil {
			t.Fatal(err)
		}
		if _, err := a.CreateTopic(ctx, "DiT", "diffusion transformers"); err != nil {
			t.Fatal(err)
		}
		if err := a.SetSyncInterval(ctx, 15); err != nil {
			t.Fatal(err)
		}
		if err := a.SetToken(ctx, "hf_secretsecret"); err != nil {
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

		b := newHarness(t)
		rep, err := b.svc.Import(ctx, strings.NewReader(want))
		if err != nil {
			t.Fatal(err)
		}
		if rep.States != 3 || rep.Topics != 1 || rep.Settings != 1 || rep.Papers < 2 || len(rep.SkippedSettings) != 0 { // syncInterval
			t.Errorf("first import = %+v", rep)
		}
		if got := libraryOf(t, b.svc); got != want {
			t.Errorf("library after import differs:\n got %.2000s\nwant %.2000s", got, want)
		}
		if n := b.rec.count(EventPapersChanged); n != 1 {
			t.Errorf("import sent papers:changed %d times", n)
		}
		// searchable and listed at once
		if page, _ := b.svc.Query(ctx, "diffusion transformers", 5); len(page.Hits) == 0 || page.Hits[0].Paper.ID != "2410.90001" || !page.Hits[0].Paper.Saved {
			t.Errorf("imported papers not searchable: %+v", page)
		}
		if v, _ := b.svc.Day(ctx, hToday, SortUpvotes); v.Count != 1 {
			t.Errorf("imported day has %d papers", v.Count)
		}
		if b.svc.hf.HasToken() {
			t.Error("the token travelled")
		}
		again, err := b.svc.Import(ctx, strings.NewReader(want))
		if err != nil || !reflect.DeepEqual(again, ImportReport{}) {
			t.Errorf("second import = %+v, %v; want nothing added", again, err)
		}
		if got := libraryOf(t, b.svc); got != want {
			t.Error("a second import changed the library")
		}
		for _, garbage := range []string{"", "{", "null", `{"format":"zotero"}`, strings.Replace(want, `"2410.90001"`, `"../../x"`, 1),
			want[:len(want)/2]} {
			if _, err := b.svc.Import(ctx, strings.NewReader(garbage)); paper.ErrorCode(err) != paper.EINVALID {
				t.Errorf("Import(%.30q) = %v, want invalid", garbage, err)
			}
		}
		if got := libraryOf(t, b.svc); got != want {
			t.Error("a failed import changed the library")
		}
	})
}

// saver is a FileSaver that keeps what was saved.
type saver struct {
	name    string
	content []byte
}

func (s *saver) SaveFile(name string, write func(io.Writer) error) (string, error) {
	var buf bytes.Buffer
	err := write(&buf)
	s.name, s.content = name, buf.Bytes()
	return "/tmp/" + name, err
}

func TestExportFormatsAndScopes(t *testing.T) {
	bubble(t, fixtureStart, func(t *testing.T) {
		h := newHarness(t)
		h.fake.AddPapers(synthetic("2410.90001", hToday, "Diffusion <b>transformers</b> & [links](javascript:x)", 5),
			synthetic("2410.90002", hToday, "Graph networks", 50))
		h.syncOK(hToday)
		ctx, s := t.Context(), h.svc
		if _, err := s.SetSaved(ctx, "2410.90001", true); err != nil {
			t.Fatal(err)
		}
		tp, _ := s.CreateTopic(ctx, "", "graph networks")
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
			var buf bytes.Buffer
			if err := s.Export(ctx, &buf, tc.format, tc.scope); err != nil {
				t.Fatalf("%s %s: %v", tc.format, tc.scope, err)
			}
			got := buf.String()
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("%s %s lacks %q:\n%s", tc.format, tc.scope, w, got)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(got, n) {
					t.Errorf("%s %s contains %q:\n%s", tc.format, tc.scope, n, got)
				}
			}
		}
		for _, bad := range [][2]string{{"csv", "all"}, {"json", "date:yesterday"}, {"json", "query:"}, {"json", "everything"}, {"bibtex", "topic:nope"}} {
			if err := s.Export(ctx, io.Discard, bad[0], bad[1]); err == nil {
				t.Errorf("Export(%q, %q) succeeded", bad[0], bad[1])
			}
		}
		if _, err := s.SaveExport(ctx, "bibtex", "saved"); paper.ErrorCode(err) != paper.EINVALID {
			t.Errorf("SaveExport without a desktop = %v, want invalid", err)
		}
	})
}

func TestSaveExportThroughTheDesktopsDialog(t *testing.T) {
	bubble(t, fixtureStart, func(t *testing.T) {
		h := newHarness(t)
		sv := &saver{}
		h.saver = sv
		h.reopen()
		h.fake.AddPapers(synthetic("2410.90001", hToday, "Diffusion", 5))
		h.syncOK(hToday)
		if _, err := h.svc.SetSaved(t.Context(), "2410.90001", true); err != nil {
			t.Fatal(err)
		}
		path, err := h.svc.SaveExport(t.Context(), "markdown", "saved")
		if err != nil || path != "/tmp/paperboy-saved-2024-10-28.md" || !bytes.Contains(sv.content, []byte("2410.90001")) {
			t.Errorf("SaveExport = %q, %v (name %q)", path, err, sv.name)
		}
	})
}

func TestSettingsIntervalAndToken(t *testing.T) {
	bubble(t, today, func(t *testing.T) {
		h := newHarness(t)
		var auth atomic.Value
		auth.Store("")
		ctx, s := t.Context(), h.svc
		info, err := s.Settings(ctx)
		if err != nil || info.SyncInterval != 30 || info.HasToken {
			t.Fatalf("Info = %+v, %v", info, err)
		}
		for _, tc := range []struct {
			minutes int
			ok      bool
		}{{0, true}, {5, true}, {-1, false}, {config.MaxSyncInterval + 1, false}, {153722868, false}} {
			if err := s.SetSyncInterval(ctx, tc.minutes); (err == nil) != tc.ok {
				t.Errorf("SetSyncInterval(%d) = %v", tc.minutes, err)
			}
		}
		if info, _ := s.Settings(ctx); info.SyncInterval != 5 {
			t.Errorf("interval = %d, want 5", info.SyncInterval)
		}
		h.tap = func(r *http.Request) { auth.Store(r.Header.Get("Authorization")) }
		fetch := func() string {
			t.Helper()
			synctest.Wait() // a token read in the background is in use
			if _, err := h.svc.hf.DailyPapers(ctx, "2026-05-27"); err != nil {
				t.Fatal(err)
			}
			return auth.Load().(string)
		}
		if got := fetch(); got != "" {
			t.Errorf("no token: Authorization %q", got)
		}
		if err := s.SetToken(ctx, " hf_abc "); err != nil {
			t.Fatal(err)
		}
		if got := fetch(); got != "Bearer hf_abc" {
			t.Errorf("after SetToken: Authorization %q", got)
		}
		info, _ = s.Settings(ctx)
		if !info.HasToken || !strings.Contains(info.TokenStore, "hf-token") {
			t.Errorf("after SetToken: %+v (no keyring here: the file)", info)
		}
		if err := s.SetToken(ctx, "two words"); err == nil {
			t.Error("a token with a space was accepted")
		}
		if err := s.SetToken(ctx, ""); err != nil {
			t.Fatal(err)
		}
		if got := fetch(); got != "" {
			t.Errorf("after clearing: Authorization %q", got)
		}
		// a stored token is used from the start of the next run
		if err := s.SetToken(ctx, "hf_kept"); err != nil {
			t.Fatal(err)
		}
		h.reopen()
		if got := fetch(); got != "Bearer hf_kept" {
			t.Errorf("after a restart: Authorization %q", got)
		}
		// HF_TOKEN wins over it
		h.envToken = "hf_env"
		h.reopen()
		if got := fetch(); got != "Bearer hf_env" {
			t.Errorf("with HF_TOKEN: Authorization %q", got)
		}
		if info, _ := h.svc.Settings(ctx); !info.TokenFromEnv {
			t.Errorf("with HF_TOKEN: %+v", info)
		}
	})
}

// TestTokenMovesOutOfTheSettings: a token an older Paperboy kept in the
// settings is used, moved to the token store and cleared from the settings.
func TestTokenMovesOutOfTheSettings(t *testing.T) {
	bubble(t, today, func(t *testing.T) {
		h := newHarness(t)
		if err := h.svc.store.PutSetting(legacyTokenSetting, "hf_old"); err != nil {
			t.Fatal(err)
		}
		h.reopen()
		synctest.Wait()
		if tok, _, err := h.svc.tokens.Token(); err != nil || tok != "hf_old" {
			t.Errorf("token store = %q, %v", tok, err)
		}
		var left string
		if _, err := h.svc.store.Setting(legacyTokenSetting, &left); err != nil || left != "" {
			t.Errorf("the old setting still holds %q (%v)", left, err)
		}
		var buf bytes.Buffer
		if err := h.svc.Export(t.Context(), &buf, "json", "all"); err != nil || strings.Contains(buf.String(), "hf_old") {
			t.Errorf("export: %v, token in it: %v", err, strings.Contains(buf.String(), "hf_old"))
		}
	})
}

// TestImportFromAStream: a library that arrives as a stream (the browser
// mode's upload) is kept on disk while it is read twice; a damaged one, the
// damage at its very end, changes nothing; no temporary file is left.
func TestImportFromAStream(t *testing.T) {
	bubble(t, fixtureStart, func(t *testing.T) {
		h := newHarness(t).withFixture()
		h.syncOK("2024-10-25")
		lib := libraryOf(t, h.svc)
		b := newHarness(t)
		stream := func(s string) io.Reader { return io.MultiReader(strings.NewReader(s)) } // no Seek
		bad := lib[:strings.LastIndex(lib, "]")] + `,{"id":"not an id"}]}`
		if _, err := b.svc.Import(t.Context(), stream(bad)); paper.ErrorCode(err) != paper.EINVALID {
			t.Fatalf("a library damaged at its end: %v", err)
		}
		if v, _ := b.svc.Day(t.Context(), "2024-10-25", SortUpvotes); v.Count != 0 {
			t.Errorf("a damaged library added %d papers", v.Count)
		}
		rep, err := b.svc.Import(t.Context(), stream(lib))
		if err != nil || rep.Papers == 0 {
			t.Fatalf("import from a stream: %+v, %v", rep, err)
		}
		if got := libraryOf(t, b.svc); got != lib {
			t.Error("the library after a streamed import differs")
		}
		if left, _ := filepath.Glob(filepath.Join(b.dir, ".import-*")); len(left) > 0 {
			t.Errorf("temporary files left: %v", left)
		}
	})
}
