//go:build windows

package hotkey

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	user32               = windows.NewLazySystemDLL("user32.dll")
	procRegisterHotKey   = user32.NewProc("RegisterHotKey")
	procUnregisterHotKey = user32.NewProc("UnregisterHotKey")
	procGetMessageW      = user32.NewProc("GetMessageW")
	procPeekMessageW     = user32.NewProc("PeekMessageW")
	procPostThreadMsgW   = user32.NewProc("PostThreadMessageW")
)

const (
	wmQuit     = 0x0012
	wmHotkey   = 0x0312
	wmUser     = 0x0400
	wmRequest  = 0x8000 + 1 // WM_APP+1: a request is waiting on the channel
	pmNoRemove = 0

	modAlt      = 0x0001
	modControl  = 0x0002
	modShift    = 0x0004
	modWin      = 0x0008
	modNoRepeat = 0x4000 // a held key reports one press

	errorHotkeyAlreadyRegistered = 1409
)

// msg is Win32's MSG.
type msg struct {
	hwnd    uintptr
	message uint32
	wParam  uintptr
	lParam  uintptr
	time    uint32
	pt      struct{ x, y int32 }
	private uint32
}

// New returns the Windows Registrar. Its error is only ever ctx's.
func New(ctx context.Context) (Registrar, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return newWin(), nil
}

// win registers the key with RegisterHotKey for a thread of its own: Windows posts WM_HOTKEY
// to the thread that registered the key, so registering, unregistering and reading messages
// all happen on one OS-locked thread, which other goroutines reach through requests.
type win struct {
	requests chan winRequest
	threadID uint32
	events   chan struct{}
	done     chan struct{}
	once     sync.Once

	mu    sync.Mutex // serialises requests; guards accel
	accel *Accelerator
}

// winRequest asks the thread to register accel (or, when accel is nil, to unregister).
type winRequest struct {
	accel *Accelerator
	reply chan error
}

func newWin() *win {
	w := &win{requests: make(chan winRequest, 1), events: make(chan struct{}, 1), done: make(chan struct{})}
	ready := make(chan uint32)
	go w.thread(ready)
	w.threadID = <-ready
	return w
}

func (w *win) Backend() string         { return "windows" }
func (w *win) Events() <-chan struct{} { return w.events }

func (w *win) Register(accel string) error {
	a, err := Parse(accel)
	if err != nil {
		return err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.accel != nil && *w.accel == a {
		return nil
	}
	if err := w.ask(&a); err != nil {
		return fmt.Errorf("hotkey: register %s: %w", a, err)
	}
	w.accel = &a
	return nil
}

func (w *win) Unregister() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.accel = nil
	return w.ask(nil)
}

func (w *win) Close() error {
	w.once.Do(func() { postThreadMessage(w.threadID, wmQuit) })
	<-w.done
	return nil
}

// ask hands a request to the thread and waits for its answer.
func (w *win) ask(a *Accelerator) error {
	req := winRequest{accel: a, reply: make(chan error, 1)}
	select {
	case <-w.done:
		return errors.New("hotkey: closed")
	case w.requests <- req:
	}
	if err := postThreadMessage(w.threadID, wmRequest); err != nil {
		return err
	}
	select {
	case err := <-req.reply:
		return err
	case <-w.done:
		return errors.New("hotkey: closed")
	}
}

// thread owns the hotkey. It alternates between ids 1 and 2 so that a new key is in place
// before the old one is released.
func (w *win) thread(ready chan<- uint32) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	defer close(w.done)
	defer close(w.events)

	var m msg
	// Touching the message queue creates it, so PostThreadMessage works from here on.
	procPeekMessageW.Call(uintptr(unsafe.Pointer(&m)), 0, wmUser, wmUser, pmNoRemove)
	ready <- windows.GetCurrentThreadId()

	active := uintptr(0) // the id registered, 0 if none
	defer func() {
		if active != 0 {
			procUnregisterHotKey.Call(0, active)
		}
	}()
	for {
		r, _, _ := procGetMessageW.Call(uintptr(unsafe.Pointer(&m)), 0, 0, 0)
		if int32(r) <= 0 { // 0: WM_QUIT, -1: error
			return
		}
		switch m.message {
		case wmHotkey:
			if m.wParam == active {
				notify(w.events)
			}
		case wmRequest:
			select {
			case req := <-w.requests:
				req.reply <- w.apply(req.accel, &active)
			default:
			}
		}
	}
}

// apply registers a (or nothing) and releases the previous key; it runs on the thread.
func (w *win) apply(a *Accelerator, active *uintptr) error {
	if a == nil {
		if *active != 0 {
			procUnregisterHotKey.Call(0, *active)
			*active = 0
		}
		return nil
	}
	next := uintptr(1)
	if *active == 1 {
		next = 2
	}
	mods := uintptr(modNoRepeat)
	if a.Mods&Ctrl != 0 {
		mods |= modControl
	}
	if a.Mods&Alt != 0 {
		mods |= modAlt
	}
	if a.Mods&Shift != 0 {
		mods |= modShift
	}
	if a.Mods&Super != 0 {
		mods |= modWin
	}
	if r, _, err := procRegisterHotKey.Call(0, next, mods, uintptr(a.Key.VK)); r == 0 {
		if errno, ok := err.(windows.Errno); ok && errno == errorHotkeyAlreadyRegistered {
			return ErrTaken
		}
		return fmt.Errorf("RegisterHotKey: %w", err)
	}
	if *active != 0 {
		procUnregisterHotKey.Call(0, *active)
	}
	*active = next
	return nil
}

func postThreadMessage(threadID uint32, message uint32) error {
	if r, _, err := procPostThreadMsgW.Call(uintptr(threadID), uintptr(message), 0, 0); r == 0 {
		return fmt.Errorf("hotkey: PostThreadMessage: %w", err)
	}
	return nil
}
