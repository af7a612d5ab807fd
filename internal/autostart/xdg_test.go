//go:build !windows && !darwin

package autostart

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// configHome points XDG_CONFIG_HOME at a fresh folder and returns the entry's path in it.
func configHome(t *testing.T) string {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	return filepath.Join(dir, "autostart", "paperboy.desktop")
}

// program makes an executable file to start; its folder has a space, to exercise quoting.
func program(t *testing.T) string {
	dir := filepath.Join(t.TempDir(), "Paper Boy")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "paperboy")
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

func enabled(t *testing.T) bool {
	t.Helper()
	on, err := Enabled()
	if err != nil {
		t.Fatalf("Enabled: %v", err)
	}
	return on
}

func TestEnableDisable(t *testing.T) {
	path := configHome(t)
	exe := program(t)
	if !Supported() {
		t.Fatal("Supported() = false on an XDG system")
	}
	if enabled(t) {
		t.Fatal("enabled before Enable")
	}

	if err := Enable([]string{exe, "--hidden"}); err != nil {
		t.Fatalf("Enable: %v", err)
	}
	if !enabled(t) {
		t.Error("not enabled after Enable")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("the entry is not at %s: %v", path, err)
	}
	text := string(data)
	for _, want := range []string{
		"[Desktop Entry]\n",
		"Type=Application\n",
		`Exec="` + exe + `" --hidden` + "\n",
		"TryExec=" + exe + "\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("entry lacks %q:\n%s", want, text)
		}
	}
	validate(t, path)

	// Enable again replaces the entry, with no temporary files left beside it.
	if err := Enable([]string{exe, "--hidden", "--data-dir", `/tmp/my "papers" \ 100%`}); err != nil {
		t.Fatalf("Enable again: %v", err)
	}
	validate(t, path)
	files, _ := os.ReadDir(filepath.Dir(path))
	if len(files) != 1 {
		t.Errorf("autostart folder holds %d files, want only paperboy.desktop", len(files))
	}

	if err := Disable(); err != nil {
		t.Fatalf("Disable: %v", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("entry still there after Disable: %v", err)
	}
	if enabled(t) {
		t.Error("enabled after Disable")
	}
	if err := Disable(); err != nil {
		t.Errorf("Disable when already off: %v", err)
	}
}

// Enabled tells the truth: an entry the user switched off in their desktop's settings, or
// one whose program is gone, does not start Paperboy.
func TestEnabledReadsTheEntry(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(text, exe string) string
		setup func(exe string)
		want  bool
	}{
		{"as written", nil, nil, true},
		{"Hidden=true", func(text, _ string) string { return text + "Hidden=true\n" }, nil, false},
		{"GNOME switch off", func(text, _ string) string {
			return strings.Replace(text, "X-GNOME-Autostart-enabled=true", "X-GNOME-Autostart-enabled=false", 1)
		}, nil, false},
		{"Hidden in another group only", func(text, _ string) string {
			return text + "\n[Desktop Action other]\nName=Other\nHidden=true\n"
		}, nil, true},
		{"program removed", nil, func(exe string) { os.Remove(exe) }, false},
		{"program not executable", nil, func(exe string) { os.Chmod(exe, 0o644) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := configHome(t)
			exe := program(t)
			if err := Enable([]string{exe, "--hidden"}); err != nil {
				t.Fatal(err)
			}
			if tt.edit != nil {
				data, _ := os.ReadFile(path)
				if err := os.WriteFile(path, []byte(tt.edit(string(data), exe)), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if tt.setup != nil {
				tt.setup(exe)
			}
			if got := enabled(t); got != tt.want {
				t.Errorf("Enabled() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestEnableRejects(t *testing.T) {
	configHome(t)
	for _, command := range [][]string{nil, {""}, {"paperboy", "--hidden"}, {"./paperboy"}} {
		if err := Enable(command); paper.ErrorCode(err) != paper.EINVALID {
			t.Errorf("Enable(%q) = %v, want an EINVALID error", command, err)
		}
	}
	if enabled(t) {
		t.Error("a rejected Enable left an entry")
	}
}

func TestEnableReportsAnUnwritableFolder(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	// A file where the autostart folder should be makes the write fail, even as root.
	if err := os.WriteFile(filepath.Join(dir, "autostart"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	err := Enable([]string{program(t), "--hidden"})
	if err == nil {
		t.Fatal("Enable succeeded without a place to write")
	}
	if msg := paper.ErrorMessage(err); !strings.Contains(msg, "could not turn on start at login") {
		t.Errorf("message %q", msg)
	}
}

func TestExecLine(t *testing.T) {
	tests := []struct {
		name    string
		command []string
		want    string
	}{
		{"plain", []string{"/usr/bin/paperboy", "--hidden"}, `/usr/bin/paperboy --hidden`},
		{"space", []string{"/opt/Paper Boy/paperboy"}, `"/opt/Paper Boy/paperboy"`},
		{"percent is not a field code", []string{"/usr/bin/paperboy", "--search", "100%"}, `/usr/bin/paperboy --search 100%%`},
		{"quote and dollar", []string{"/usr/bin/paperboy", `say "$x"`}, `/usr/bin/paperboy "say \\"\\$x\\""`},
		{"backslash becomes four", []string{`/opt/a\b`}, `"/opt/a\\\\b"`},
		{"empty argument", []string{"/usr/bin/paperboy", "--search", ""}, `/usr/bin/paperboy --search ""`},
	}
	for _, tt := range tests {
		if got := execLine(tt.command); got != tt.want {
			t.Errorf("%s: execLine(%q) = %s, want %s", tt.name, tt.command, got, tt.want)
		}
	}
}

// validate runs desktop-file-validate on the entry when it is installed.
func validate(t *testing.T, path string) {
	t.Helper()
	bin, err := exec.LookPath("desktop-file-validate")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("desktop-file-validate is missing (CI installs desktop-file-utils: scripts/install-deps.sh)")
		}
		t.Log("desktop-file-validate not installed (apt-get install desktop-file-utils): entry not validated")
		return
	}
	if out, err := exec.Command(bin, path).CombinedOutput(); err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Errorf("desktop-file-validate %s: %v\n%s", path, err, out)
	}
}
