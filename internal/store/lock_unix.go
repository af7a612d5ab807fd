//go:build unix

package store

import (
	"errors"
	"io/fs"
	"os"
	"sync"

	"golang.org/x/sys/unix"
)

// lockDir takes the lock Badger takes on dir (flock on the directory,
// shared for a read-only open), so that checkDir never reads, nor Open moves
// aside, a database another process is using: its compactions delete tables
// the MANIFEST just listed. errLocked when another process holds it; a dir
// that does not exist needs no lock. Badger must not be opened on dir before
// unlock: the locks of two descriptors conflict within one process too.
func lockDir(dir string, shared bool) (unlock func(), err error) {
	f, err := os.Open(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return func() {}, nil
	}
	if err != nil {
		return func() {}, nil // let Badger say why it cannot open it
	}
	how := unix.LOCK_EX
	if shared {
		how = unix.LOCK_SH
	}
	if err := unix.Flock(int(f.Fd()), how|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, errLocked
		}
		return func() {}, nil
	}
	return sync.OnceFunc(func() { f.Close() }), nil // closing releases the lock
}
