//go:build !windows && !darwin

package autostart

import (
	"bufio"
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/paperboy-reader/paperboy/internal/atomicfile"
	"github.com/paperboy-reader/paperboy/internal/paper"
)

// entryName is the autostart file's name; desktops match it against the installed
// paperboy.desktop, so the two stay one application.
const entryName = "paperboy.desktop"

// Supported reports whether start at login works here: it does wherever the desktop follows
// the XDG Autostart specification (GNOME, KDE, Xfce, LXQt, Cinnamon, MATE...).
func Supported() bool { return true }

// entryPath is $XDG_CONFIG_HOME/autostart/paperboy.desktop (~/.config when unset).
func entryPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", paper.Wrap(paper.EINTERNAL, err, "start at login: no configuration folder (set HOME or XDG_CONFIG_HOME)")
	}
	return filepath.Join(dir, "autostart", entryName), nil
}

// Enable writes the autostart entry that runs command at login, replacing any earlier one
// (also one the user switched off in their desktop's settings).
func Enable(command []string) error {
	if err := checkCommand(command); err != nil {
		return err
	}
	path, err := entryPath()
	if err != nil {
		return err
	}
	err = os.MkdirAll(filepath.Dir(path), 0o755)
	if err == nil {
		err = atomicfile.WriteBytes(path, 0o644, []byte(entry(command)))
	}
	if err != nil {
		return paper.Wrap(paper.EINTERNAL, err, "could not turn on start at login: writing %s failed; check that the folder is writable", path)
	}
	return nil
}

// entry is the desktop entry for command (Desktop Entry Specification).
func entry(command []string) string {
	var b strings.Builder
	b.WriteString("[Desktop Entry]\n")
	b.WriteString("Type=Application\n")
	b.WriteString("Version=1.0\n")
	b.WriteString("Name=Paperboy\n")
	b.WriteString("Comment=Starts Paperboy hidden at login, so its search key works at once\n")
	b.WriteString("Exec=" + execLine(command) + "\n")
	// The session starts the entry only while TryExec names an executable: a moved or
	// removed binary is skipped, not an error at every login. Enabled checks it the same way.
	b.WriteString("TryExec=" + escapeString(command[0]) + "\n")
	b.WriteString("Icon=paperboy\n")
	b.WriteString("Terminal=false\n")
	b.WriteString("NoDisplay=true\n")
	b.WriteString("X-GNOME-Autostart-enabled=true\n")
	return b.String()
}

// execLine quotes command for an Exec key: arguments with reserved characters in double
// quotes with ", `, $ and \ escaped, % doubled (it starts field codes), and then the string
// escapes of every value (so a literal backslash in a quoted argument becomes four).
func execLine(command []string) string {
	args := make([]string, len(command))
	for i, arg := range command {
		if arg == "" || strings.ContainsAny(arg, " \t\n\"'\\><~|&;$*?#()`") {
			var q strings.Builder
			q.WriteByte('"')
			for _, r := range arg {
				if strings.ContainsRune("\"`$\\", r) {
					q.WriteByte('\\')
				}
				q.WriteRune(r)
			}
			q.WriteByte('"')
			arg = q.String()
		}
		args[i] = strings.ReplaceAll(arg, "%", "%%")
	}
	return escapeString(strings.Join(args, " "))
}

// escapeString applies the Desktop Entry escapes for string values.
func escapeString(s string) string {
	return strings.NewReplacer(`\`, `\\`, "\n", `\n`, "\t", `\t`, "\r", `\r`).Replace(s)
}

// unescapeString undoes escapeString (and the spec's \s for a space).
func unescapeString(s string) string {
	return strings.NewReplacer(`\\`, `\`, `\n`, "\n", `\t`, "\t", `\r`, "\r", `\s`, " ").Replace(s)
}

// Disable removes the autostart entry; without one there is nothing to do.
func Disable() error {
	path, err := entryPath()
	if err != nil {
		return err
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return paper.Wrap(paper.EINTERNAL, err, "could not turn off start at login: removing %s failed", path)
	}
	return nil
}

// Enabled reports whether the session will start Paperboy at login: the entry exists, is not
// switched off (Hidden=true, or X-GNOME-Autostart-enabled=false as GNOME Tweaks writes), and
// its TryExec program exists and is executable.
func Enabled() (bool, error) {
	path, err := entryPath()
	if err != nil {
		return false, err
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, paper.Wrap(paper.EINTERNAL, err, "could not read %s", path)
	}
	keys := desktopEntryKeys(data)
	if strings.EqualFold(keys["Hidden"], "true") || strings.EqualFold(keys["X-GNOME-Autostart-enabled"], "false") {
		return false, nil
	}
	if tryExec, ok := keys["TryExec"]; ok {
		info, err := os.Stat(unescapeString(tryExec))
		if err != nil || info.IsDir() || info.Mode()&0o111 == 0 {
			return false, nil
		}
	}
	return true, nil
}

// desktopEntryKeys returns the keys of the [Desktop Entry] group, values still escaped.
func desktopEntryKeys(data []byte) map[string]string {
	keys := map[string]string{}
	group := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "["):
			group = line
		case group == "[Desktop Entry]":
			if k, v, ok := strings.Cut(line, "="); ok {
				keys[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
		}
	}
	return keys
}
