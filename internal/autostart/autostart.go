// Package autostart turns "start Paperboy at login" on and off: an XDG autostart entry
// ($XDG_CONFIG_HOME/autostart/paperboy.desktop) on Linux and the BSDs, a value under the
// current user's Run key on Windows. macOS is not supported yet.
//
// The caller passes the whole command line, so the flag that starts Paperboy hidden is the
// caller's choice: Enable([]string{exe, "--hidden"}).
package autostart

import (
	"errors"
	"path/filepath"

	"github.com/paperboy-reader/paperboy/internal/paper"
)

// ErrUnsupported is in the chain of Enable's error where start at login is not supported.
var ErrUnsupported = errors.New("autostart: not supported on this system")

// checkCommand validates Enable's argument: a program given by absolute path, and arguments.
func checkCommand(command []string) error {
	if len(command) == 0 || command[0] == "" {
		return paper.Errorf(paper.EINVALID, "start at login needs the program to start")
	}
	if !filepath.IsAbs(command[0]) {
		return paper.Errorf(paper.EINVALID, "start at login needs the program's absolute path, not %q", command[0])
	}
	return nil
}
