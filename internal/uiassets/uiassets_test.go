package uiassets

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func TestThemedIndex(t *testing.T) {
	dist := fstest.MapFS{
		"index.html":    {Data: []byte(`<!doctype html><html lang="en"><head></head><body></body></html>`)},
		"assets/app.js": {Data: []byte(`console.log("<html")`)},
	}
	theme := "dark"
	srv := httptest.NewServer(http.FileServerFS(Themed(dist, func() string { return theme })))
	defer srv.Close()
	get := func(path string) string {
		t.Helper()
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return string(b)
	}
	if got := get("/"); !strings.Contains(got, `<html data-theme="dark" lang="en">`) {
		t.Errorf("dark index = %s", got)
	}
	theme = "light"
	if got := get("/"); !strings.Contains(got, `<html data-theme="light" lang="en">`) {
		t.Errorf("light index = %s", got)
	}
	theme = "system"
	if got := get("/"); strings.Contains(got, "data-theme") {
		t.Errorf("system index = %s", got)
	}
	theme = `dark" onload="x`
	if got := get("/"); strings.Contains(got, "onload") {
		t.Errorf("a theme value was written into the page: %s", got)
	}
	if got := get("/assets/app.js"); got != `console.log("<html")` {
		t.Errorf("other files changed: %s", got)
	}
}
