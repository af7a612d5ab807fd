// Package buildinfo says which Paperboy this is: the version, commit and
// build date that `make build` stamps in at link time, or, for a plain
// `go build` or `go install`, what the Go toolchain recorded.
//
// The Makefile sets them with
//
//	-X github.com/paperboy-reader/paperboy/internal/buildinfo.Version=1.2.3
//	-X github.com/paperboy-reader/paperboy/internal/buildinfo.Commit=<full hash>
//	-X github.com/paperboy-reader/paperboy/internal/buildinfo.Date=2026-12-01T10:00:00Z
package buildinfo

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// Set at link time; empty when the build did not stamp them.
var (
	// Version is `git describe` without the leading v: "1.2.3" on a tag,
	// "1.2.3-4-gabc1234" four commits after it, "-dirty" with local changes.
	Version string
	// Commit is the full git commit hash.
	Commit string
	// Date is when the commit was made (or $SOURCE_DATE_EPOCH), RFC 3339 in
	// UTC, so two builds of one commit are identical.
	Date string
)

// Info is what this binary knows about its own build.
type Info struct {
	Version string // "dev" when unknown
	Commit  string // full hash, or empty
	Date    string // RFC 3339 or YYYY-MM-DD, or empty
}

// Get returns the stamped values, filling what is missing from the build
// information Go embeds in every binary (module version, vcs.revision, vcs.time).
func Get() Info {
	bi, _ := debug.ReadBuildInfo()
	return resolve(Info{Version: Version, Commit: Commit, Date: Date}, bi)
}

// String is the one line `paperboy version` prints, like
// "paperboy 1.2.3 (commit abc1234, built 2026-12-01)".
func String() string { return Get().String() }

func (i Info) String() string {
	var details []string
	if i.Commit != "" {
		details = append(details, "commit "+short(i.Commit))
	}
	if i.Date != "" {
		details = append(details, "built "+day(i.Date))
	}
	if len(details) == 0 {
		return "paperboy " + i.Version
	}
	return fmt.Sprintf("paperboy %s (%s)", i.Version, strings.Join(details, ", "))
}

func resolve(i Info, bi *debug.BuildInfo) Info {
	if bi != nil {
		if i.Version == "" {
			// `go install …@v1.2.3` records the module version; a checkout records "(devel)".
			if v := bi.Main.Version; v != "" && v != "(devel)" {
				i.Version = strings.TrimPrefix(v, "v")
			}
		}
		for _, s := range bi.Settings {
			switch {
			case s.Key == "vcs.revision" && i.Commit == "":
				i.Commit = s.Value
			case s.Key == "vcs.time" && i.Date == "":
				i.Date = s.Value
			}
		}
	}
	if i.Version == "" {
		i.Version = "dev"
	}
	return i
}

// short is the 7-character abbreviation git uses.
func short(commit string) string {
	if len(commit) > 7 {
		return commit[:7]
	}
	return commit
}

// day is the date part of an RFC 3339 time.
func day(date string) string {
	if len(date) > len("2006-01-02") && date[10] == 'T' {
		return date[:10]
	}
	return date
}
