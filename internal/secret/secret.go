// Package secret keeps the Hugging Face token out of the library: in the
// system keyring where there is one — the Secret Service over D-Bus on Linux
// and the BSDs (GNOME Keyring, KWallet, KeePassXC), Credential Manager on
// Windows, the Keychain on macOS — and else in a file of the data directory
// that only the user can read (0600). Each answer says which.
package secret

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/paperboy-reader/paperboy/internal/atomicfile"
	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/termtext"
)

// FileName is the token's file in the data directory when there is no keyring.
const FileName = "hf-token"

// Location is where the token is kept.
type Location struct {
	Keyring bool   `json:"keyring"`        // in the system keyring
	Path    string `json:"path,omitempty"` // else this file
}

// String says where the token is, for the settings view: "Stored in the
// system keyring", "Stored in /home/u/.local/share/paperboy/hf-token,
// readable only by you — no keyring found".
func (l Location) String() string {
	if l.Keyring {
		return "Stored in " + keyringName
	}
	return "Stored in " + l.Path + ", readable only by you — no keyring found"
}

// Store keeps the token of one data directory. Its methods may be called
// from several goroutines, but not while another Store of the same data
// directory writes.
type Store struct {
	dir     string
	service string
	account string
	// Timeout bounds each keyring call: a locked keyring asks the user to
	// unlock it, and a keyring that never answers must not hang Paperboy.
	Timeout time.Duration
}

// New returns the token store of the data directory dir. In the keyring the
// token is the item of service "paperboy" and account "hf-token:<dir>", so
// each data directory has its own.
func New(dir string) *Store {
	return &Store{dir: dir, service: "paperboy", account: "hf-token:" + dir, Timeout: 30 * time.Second}
}

func (s *Store) path() string { return filepath.Join(s.dir, FileName) }

// Token returns the stored token ("" when there is none) and where it is. A
// token found in the file while a keyring is there (saved when none was) is
// moved into the keyring.
func (s *Store) Token() (string, Location, error) {
	file := Location{Path: s.path()}
	if !keyringAvailable() {
		tok, err := s.readFile()
		return tok, file, err
	}
	tok, err := s.ring(func() (string, error) { return keyring.Get(s.service, s.account) })
	switch {
	case err == nil:
		return tok, Location{Keyring: true}, nil
	case !errors.Is(err, keyring.ErrNotFound):
		return "", Location{Keyring: true}, s.keyringError("read the token from", err)
	}
	tok, err = s.readFile()
	if err != nil || tok == "" {
		return tok, file, err
	}
	if _, err := s.ring(func() (string, error) { return "", keyring.Set(s.service, s.account, tok) }); err != nil {
		return tok, file, nil // the file still has it
	}
	_ = os.Remove(s.path())
	return tok, Location{Keyring: true}, nil
}

// SetToken stores tok, in the keyring if there is one (removing a copy left
// in the file) and in the file else, and says where. "" removes the token
// from both.
func (s *Store) SetToken(tok string) (Location, error) {
	if tok == "" {
		return Location{}, s.Delete()
	}
	if keyringAvailable() {
		if _, err := s.ring(func() (string, error) { return "", keyring.Set(s.service, s.account, tok) }); err != nil {
			return Location{}, s.keyringError("store the token in", err)
		}
		if err := os.Remove(s.path()); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return Location{Keyring: true}, paper.Wrap(paper.EINTERNAL, err,
				"the token is now in %s, but an older copy in %s could not be removed — delete that file", keyringName, s.path())
		}
		return Location{Keyring: true}, nil
	}
	if err := s.writeFile(tok); err != nil {
		return Location{}, paper.Wrap(paper.EINTERNAL, err, "could not save the token in %s: %s", s.path(), cause(err))
	}
	return Location{Path: s.path()}, nil
}

// Delete removes the token from the keyring and the file.
func (s *Store) Delete() error {
	if keyringAvailable() {
		_, err := s.ring(func() (string, error) { return "", keyring.Delete(s.service, s.account) })
		if err != nil && !errors.Is(err, keyring.ErrNotFound) {
			return s.keyringError("remove the token from", err)
		}
	}
	if err := os.Remove(s.path()); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return paper.Wrap(paper.EINTERNAL, err, "could not remove %s: %s", s.path(), cause(err))
	}
	return nil
}

// ring runs a keyring call, giving up after Timeout (the call goes on, and
// its answer is dropped).
func (s *Store) ring(call func() (string, error)) (string, error) {
	type result struct {
		v   string
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := call()
		done <- result{v, err}
	}()
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case r := <-done:
		return r.v, r.err
	case <-t.C:
		return "", errTimeout
	}
}

var errTimeout = errors.New("secret: the keyring did not answer")

func (s *Store) keyringError(what string, err error) error {
	if errors.Is(err, errTimeout) {
		return paper.Wrap(paper.EINTERNAL, err, "could not %s %s: it did not answer (is it locked?) — unlock it and try again", what, keyringName)
	}
	return paper.Wrap(paper.EINTERNAL, err, "could not %s %s (%s) — unlock it and try again", what, keyringName, clip(err.Error()))
}

// readFile reads the token file; no file is no token. A file others may
// read is made private first.
func (s *Store) readFile() (string, error) {
	b, err := os.ReadFile(s.path())
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", paper.Wrap(paper.EINTERNAL, err, "could not read the token from %s: %s", s.path(), cause(err))
	}
	if err := makePrivate(s.path()); err != nil {
		return "", paper.Wrap(paper.EINTERNAL, err, "%s can be read by other users and could not be made private: %s", s.path(), cause(err))
	}
	return strings.TrimSpace(string(b)), nil
}

// writeFile replaces the token file atomically, readable only by the user.
func (s *Store) writeFile(tok string) error {
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return err
	}
	return atomicfile.WriteBytes(s.path(), 0o600, []byte(tok+"\n")) // CreateTemp's 0600 from the start
}

// makePrivate makes path readable only by its owner, if others could read it.
func makePrivate(path string) error {
	if isWindows { // permissions there are ACLs, which the user's profile directory already restricts
		return nil
	}
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if st.Mode().Perm()&0o077 == 0 {
		return nil
	}
	return os.Chmod(path, 0o600)
}

// cause is the operating system's reason in err: "permission denied",
// "read-only file system".
func cause(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err.Error()
	}
	return err.Error()
}

// clip is a keyring's error text as a message may quote it.
func clip(s string) string {
	if r := []rune(s); len(r) > 120 {
		s = string(r[:120]) + "…"
	}
	return termtext.Line(s)
}
