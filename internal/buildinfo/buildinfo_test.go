package buildinfo

import (
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

func TestString(t *testing.T) {
	tests := []struct {
		name string
		info Info
		want string
	}{
		{"stamped", Info{"1.2.3", "abc1234def5678", "2026-12-01T10:11:12Z"}, "paperboy 1.2.3 (commit abc1234, built 2026-12-01)"},
		{"date only", Info{"1.2.3-4-gabc1234", "abc1234", "2026-12-01"}, "paperboy 1.2.3-4-gabc1234 (commit abc1234, built 2026-12-01)"},
		{"no commit", Info{"1.2.3", "", "2026-12-01"}, "paperboy 1.2.3 (built 2026-12-01)"},
		{"nothing known", Info{"dev", "", ""}, "paperboy dev"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.info.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestResolve(t *testing.T) {
	vcs := &debug.BuildInfo{
		Main: debug.Module{Path: "github.com/paperboy-reader/paperboy", Version: "v1.4.0"},
		Settings: []debug.BuildSetting{
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
			{Key: "vcs.time", Value: "2026-11-29T15:50:18Z"},
		},
	}
	devel := &debug.BuildInfo{Main: debug.Module{Path: "github.com/paperboy-reader/paperboy", Version: "(devel)"}}
	tests := []struct {
		name    string
		stamped Info
		bi      *debug.BuildInfo
		want    Info
	}{
		{"stamped values win", Info{"1.2.3", "abc", "2026-12-01"}, vcs, Info{"1.2.3", "abc", "2026-12-01"}},
		{"go install of a tag", Info{}, vcs, Info{"1.4.0", "0123456789abcdef0123456789abcdef01234567", "2026-11-29T15:50:18Z"}},
		{"plain go build in a checkout", Info{}, devel, Info{Version: "dev"}},
		{"no build info", Info{}, nil, Info{Version: "dev"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := resolve(tt.stamped, tt.bi); got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestLinkerFlags builds a program with the Makefile's -X flags, so renaming a
// variable or the package breaks this test rather than the release.
func TestLinkerFlags(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	const pkg = "github.com/paperboy-reader/paperboy/internal/buildinfo"
	bin := filepath.Join(t.TempDir(), "printversion")
	ldflags := "-X " + pkg + ".Version=1.2.3-4-gabc1234 -X " + pkg + ".Commit=abc1234def" +
		" -X " + pkg + ".Date=2026-12-01T10:11:12Z"
	build := exec.Command("go", "build", "-ldflags", ldflags, "-o", bin, "./testdata/printversion")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin).Output()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.TrimSpace(string(out)), "paperboy 1.2.3-4-gabc1234 (commit abc1234, built 2026-12-01)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
