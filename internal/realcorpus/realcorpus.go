// Package realcorpus finds the archive of real Hugging Face API responses
// (../shared/real-hf beside the repository: 558 days of Daily Papers and two
// searches, see its SOURCES.md) for tests, and picks the days a test runs
// on. Its own tests run the whole path over that archive: the fake API
// serving the bodies verbatim → hf → syncer → store → search and topics.
//
// Tests sample the days (see Sample); -realcorpus.all or
// PAPERBOY_REAL_HF_ALL=1 runs every day. PAPERBOY_REAL_HF points at another
// copy of the archive. Without one, tests skip, except under CI=true, where
// they fail.
package realcorpus

import (
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

var all = flag.Bool("realcorpus.all", false, "run the real-corpus tests on every day, not a sample")

// All reports whether tests should cover every day.
func All() bool { return *all || os.Getenv("PAPERBOY_REAL_HF_ALL") == "1" }

// Find returns the archive's directory: $PAPERBOY_REAL_HF, or
// <repository root>/../shared/real-hf, and where it looked.
func Find() (dir string, err error) {
	if d := os.Getenv("PAPERBOY_REAL_HF"); d != "" {
		return d, check(d, "PAPERBOY_REAL_HF")
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			dir := filepath.Join(filepath.Dir(d), "shared", "real-hf")
			return dir, check(dir, "<repository root>/../shared/real-hf")
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("realcorpus: no go.mod above %s to find <repository root>/../shared/real-hf from", wd)
		}
	}
}

func check(dir, what string) error {
	if _, err := os.Stat(filepath.Join(dir, "daily")); err != nil {
		return fmt.Errorf("realcorpus: no real Hugging Face corpus at %s (%s): %w", dir, what, err)
	}
	return nil
}

// Locate returns the archive's directory, or skips tb (fails it under
// CI=true) saying where it looked.
func Locate(tb testing.TB) string {
	tb.Helper()
	dir, err := Find()
	if err == nil {
		return dir
	}
	msg := fmt.Sprintf("%v; set PAPERBOY_REAL_HF to its directory", err)
	if os.Getenv("CI") == "true" {
		tb.Fatal(msg)
	}
	tb.Skip(msg)
	return ""
}

// Days returns the dates the archive has a Daily Papers body for, in order.
func Days(dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "daily", "*.json.gz"))
	if err != nil {
		return nil, err
	}
	var days []string
	for _, f := range files {
		if d := strings.TrimSuffix(filepath.Base(f), ".json.gz"); paper.ValidDate(d) {
			days = append(days, d)
		}
	}
	if len(days) == 0 {
		return nil, errors.New("realcorpus: no daily/*.json.gz in " + dir)
	}
	slices.Sort(days)
	return days, nil
}

// Special are days every sample holds: the first day of each shape the
// API's entries have had (fields added over 2024–2026), the days with one
// entry, the three of exactly 50 (the API's default page, maybe cut), the
// days of the four papers listed twice, and the days of the papers the
// search tests look for.
var Special = []string{
	// shapes: the first day with mediaUrls/thumbnail, submittedBy,
	// discussionId, isAuthorParticipating, the archiver's filtering (after
	// its gap), githubRepo, ai_keywords, submittedOnDailyAt, ai_summary,
	// githubStars, submitterOrganization, organization, githubRepoAddedBy,
	// ai_summary_model
	"2024-05-27", "2024-06-12", "2024-06-13", "2024-08-02", "2025-01-13", "2025-01-22",
	"2025-03-04", "2025-03-11", "2025-03-17", "2025-05-22", "2025-06-25", "2025-09-29",
	"2025-10-03", "2025-12-11", "2026-06-03",
	// one entry; exactly 50
	"2025-01-21", "2025-07-07", "2025-09-30", "2026-05-12", "2026-05-13",
	// 2604.07429, 2606.11176, 2608.12313, 2608.13558 on two days each
	"2026-04-10", "2026-04-16", "2026-06-10", "2026-06-16", "2026-08-13", "2026-08-19",
	"2026-08-14", "2026-08-20",
	// TeX and Greek in titles, money, an author
	"2024-06-04", "2024-06-18", "2024-06-21", "2024-07-25", "2024-10-18", "2024-11-19",
	"2025-01-14", "2025-02-18", "2025-05-23", "2025-06-05", "2025-09-02", "2025-11-03",
	"2025-12-02", "2026-02-25", "2026-03-03", "2026-03-10",
}

// Sample returns every day with All, else every 7th day and the Special
// ones, in order.
func Sample(days []string) []string {
	if All() {
		return slices.Clone(days)
	}
	var out []string
	for i, d := range days {
		if i%7 == 0 || slices.Contains(Special, d) {
			out = append(out, d)
		}
	}
	return out
}

// ReadDay returns the body of /api/daily_papers?date=date as archived.
func ReadDay(dir, date string) ([]byte, error) {
	return readGzip(filepath.Join(dir, "daily", date+".json.gz"))
}

// ReadSearch returns the body of /api/papers/search?q=words as archived
// (words joined by "-", as the file is named).
func ReadSearch(dir, words string) ([]byte, error) {
	return readGzip(filepath.Join(dir, "search", words+".json.gz"))
}

func readGzip(path string) ([]byte, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	zr, err := gzip.NewReader(fh)
	if err != nil {
		return nil, fmt.Errorf("realcorpus: %s: %w", path, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("realcorpus: %s: %w", path, err)
	}
	return b, nil
}
