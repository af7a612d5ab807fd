//go:build !(linux || freebsd || openbsd || netbsd || dragonfly)

package secret

import "runtime"

var keyringName = map[string]string{
	"windows": "Windows Credential Manager",
	"darwin":  "the macOS Keychain",
}[runtime.GOOS]

const isWindows = runtime.GOOS == "windows"

// keyringAvailable is true: Windows and macOS always have their keyring.
// Elsewhere (no keyring support), the first call fails and says so.
func keyringAvailable() bool { return keyringName != "" }
