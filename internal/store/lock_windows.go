//go:build windows

package store

// lockDir does nothing on Windows, where Badger locks a LOCK file that
// exists only while a process has it open; there, a database in use cannot
// be renamed either, so Open cannot move one aside by mistake.
func lockDir(dir string, shared bool) (unlock func(), err error) {
	return func() {}, nil
}
