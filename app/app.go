// Package app holds the structs whose exported methods are Paperboy's UI
// API: Wails binds them to the window, and the browser mode serves them over
// HTTP (internal/web). Each method converts its arguments, calls the
// application service (internal/paperboy) and returns its result; the front
// doors turn an error into {code, message} with paper.Info.
package app

import (
	"context"

	"github.com/paperboy-reader/paperboy/internal/paperboy"
)

// Bindings returns the bound structs over svc, by the names the frontend
// calls them.
func Bindings(svc *paperboy.Service) map[string]any {
	return map[string]any{
		"Papers":   &Papers{svc},
		"Search":   &Search{svc},
		"Sync":     &Sync{svc},
		"Settings": &Settings{svc},
		"Topics":   &Topics{svc},
		"Library":  &Library{svc},
		"FullText": &FullText{svc},
	}
}

// A bound call has no context of its own: Wails gives none, and the HTTP
// server's request context ends with the request. The service's work is
// short, or is stopped by its own controls (Sync.Cancel).
func bg() context.Context { return context.Background() }
