//go:build !linux

package desktop

import (
	"fmt"
	"strings"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// OpenURL opens an https URL (the service passes no other) in the user's
// browser.
func (r *Runtime) OpenURL(url string) error {
	if !strings.HasPrefix(url, "https://") {
		return fmt.Errorf("not an https URL")
	}
	c := r.wails()
	if c == nil {
		return fmt.Errorf("the window is not open")
	}
	runtime.BrowserOpenURL(c, url)
	return nil
}
