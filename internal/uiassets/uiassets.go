// Package uiassets serves the built frontend to the window and to the
// browser mode. Its one change to the files: index.html names the theme the
// user chose, so the very first frame is drawn in it (no white flash before
// the page's script has asked for the settings).
package uiassets

import (
	"bytes"
	"io"
	"io/fs"
	"time"
)

// Themed returns dist with index.html's <html> tag carrying
// data-theme="light" or "dark" as theme() says at each read ("system" or
// anything else leaves it out, and CSS follows the system).
func Themed(dist fs.FS, theme func() string) fs.FS { return themedFS{dist, theme} }

type themedFS struct {
	fs.FS
	theme func() string
}

func (t themedFS) Open(name string) (fs.File, error) {
	f, err := t.FS.Open(name)
	if err != nil || name != "index.html" {
		return f, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	html, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	return &memFile{Reader: bytes.NewReader(WithTheme(html, t.theme())), info: info}, nil
}

// WithTheme sets data-theme on the first <html tag of page.
func WithTheme(page []byte, theme string) []byte {
	if theme != "light" && theme != "dark" {
		return page
	}
	i := bytes.Index(page, []byte("<html"))
	if i < 0 {
		return page
	}
	i += len("<html")
	out := make([]byte, 0, len(page)+24)
	out = append(out, page[:i]...)
	out = append(out, ` data-theme="`+theme+`"`...)
	return append(out, page[i:]...)
}

// memFile is index.html after the change: a read-seeker, so that
// http.FileServer can serve ranges, with the original's file info but its
// own size.
type memFile struct {
	*bytes.Reader
	info fs.FileInfo
}

func (f *memFile) Stat() (fs.FileInfo, error) { return sizedInfo{f.info, f.Reader.Size()}, nil }
func (f *memFile) Close() error               { return nil }

type sizedInfo struct {
	fs.FileInfo
	size int64
}

func (i sizedInfo) Size() int64        { return i.size }
func (i sizedInfo) ModTime() time.Time { return time.Time{} } // changes with the setting: never cached by date
