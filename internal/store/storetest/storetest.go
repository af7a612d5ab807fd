// Package storetest gives other packages' tests a real, throw-away store.
package storetest

import (
	"log/slog"
	"testing"

	"github.com/paperboy-reader/paperboy/internal/store"
)

// OpenTemp opens a store in a fresh temporary directory and closes it when
// the test ends. Badger's warnings go to the test log.
func OpenTemp(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(tb.TempDir(), store.Options{
		Logger: slog.New(slog.NewTextHandler(tb.Output(), &slog.HandlerOptions{Level: slog.LevelWarn})),
		// Tests write kilobytes; don't fail them on a crowded CI disk.
		MinFreeBytes: 1 << 20,
	})
	if err != nil {
		tb.Fatalf("storetest: open: %v", err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("storetest: close: %v", err)
		}
	})
	return db
}
