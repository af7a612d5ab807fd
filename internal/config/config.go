// Package config resolves where Paperboy keeps its data and which API it
// talks to, and defines the user settings: their keys, types, ranges and
// defaults (Settings, ValidateSetting, Default).
package config

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
)

// DefaultAPI is the Hugging Face base URL.
const DefaultAPI = "https://huggingface.co"

// Config is what every entry point (window, CLI, browser mode) needs to start.
type Config struct {
	DataDir string // the layout inside is internal/store's
	API     string
	Token   string // optional HF token, raises rate limits
}

// Resolve fills a Config from flags (empty = not given), then the environment
// (PAPERBOY_DATA_DIR, PAPERBOY_API, HF_TOKEN), then defaults.
func Resolve(dataDirFlag, apiFlag string) (Config, error) {
	c := Config{DataDir: dataDirFlag, API: apiFlag, Token: os.Getenv("HF_TOKEN")}
	if c.DataDir == "" {
		c.DataDir = os.Getenv("PAPERBOY_DATA_DIR")
	}
	if c.DataDir == "" {
		dir, err := UserDataDir()
		if err != nil {
			return c, err
		}
		c.DataDir = filepath.Join(dir, "paperboy")
	}
	if c.API == "" {
		c.API = os.Getenv("PAPERBOY_API")
	}
	if c.API == "" {
		c.API = DefaultAPI
	}
	abs, err := filepath.Abs(c.DataDir)
	if err != nil {
		return c, err
	}
	c.DataDir = abs
	return c, nil
}

// UserDataDir is the per-user data directory of the OS: $XDG_DATA_HOME (or
// ~/.local/share) on Linux and BSDs, ~/Library/Application Support on macOS,
// %AppData% on Windows.
func UserDataDir() (string, error) {
	switch runtime.GOOS {
	case "windows", "darwin", "ios", "plan9":
		return os.UserConfigDir()
	}
	if dir := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(dir) {
		return dir, nil
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return "", errors.New("config: neither $XDG_DATA_HOME nor $HOME is set; pass --data-dir")
	}
	return filepath.Join(home, ".local", "share"), nil
}
