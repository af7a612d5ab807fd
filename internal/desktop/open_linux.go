package desktop

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// OpenURL opens an https URL (the service passes no other) in the user's
// browser with xdg-open, and reports a launch that failed. Wails' own
// BrowserOpenURL says nothing when no browser starts.
func (r *Runtime) OpenURL(url string) error {
	if !strings.HasPrefix(url, "https://") {
		return fmt.Errorf("not an https URL")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "xdg-open", url).CombinedOutput()
	if ctx.Err() != nil {
		return nil // still starting the browser: no news is good news
	}
	if err != nil {
		return fmt.Errorf("xdg-open: %v: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}
