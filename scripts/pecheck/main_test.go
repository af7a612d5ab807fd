package main

import (
	"bytes"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// buildWindows cross-compiles a program with no resources, as `go build`
// without Wails would.
func buildWindows(t *testing.T, goarch string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("cross-compiles a program")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "main.go")
	if err := os.WriteFile(src, []byte("package main\n\nfunc main() {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(dir, "plain.exe")
	cmd := exec.Command("go", "build", "-o", exe, src)
	cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH="+goarch, "CGO_ENABLED=0", "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return exe
}

func TestRejects(t *testing.T) {
	notPE := filepath.Join(t.TempDir(), "paperboy.exe")
	if err := os.WriteFile(notPE, []byte("#!/bin/sh\necho not windows\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, want string
	}{
		{"not a PE file", notPE, "not a PE file"},
		{"32-bit", buildWindows(t, "386"), "want x86-64"},
		{"no icon or version", buildWindows(t, "amd64"), "no resources"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := checkFile(tt.path, "", false)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// versionBlob is a VS_VERSIONINFO as resource compilers write it: the fixed
// info, then a StringFileInfo with one table holding ProductVersion.
func versionBlob(ms, ls uint32, product string) []byte {
	var b bytes.Buffer
	w := func(v any) { _ = binary.Write(&b, binary.LittleEndian, v) }
	pad := func() {
		for b.Len()%4 != 0 {
			b.WriteByte(0)
		}
	}
	w([3]uint16{0, 52, 0})
	b.Write(utf16le("VS_VERSION_INFO\x00"))
	pad()
	w([13]uint32{fixedFileInfoSig, 0x10000, ms, ls, ms, ls})
	w([3]uint16{0, 0, 1})
	b.Write(utf16le("StringFileInfo\x00"))
	pad()
	w([3]uint16{0, 0, 1})
	b.Write(utf16le("040904b0\x00"))
	pad()
	w([3]uint16{0, uint16(len(product) + 1), 1})
	b.Write(utf16le("ProductVersion\x00"))
	pad()
	b.Write(utf16le(product + "\x00"))
	pad()
	return b.Bytes()
}

func TestVersionInfo(t *testing.T) {
	file, product, err := versionInfo(versionBlob(1<<16|2, 3<<16|4, "1.2.3-4-gabc1234"))
	if err != nil {
		t.Fatal(err)
	}
	if file != "1.2.3.4" || product != "1.2.3-4-gabc1234" {
		t.Errorf("got %q, %q; want 1.2.3.4, 1.2.3-4-gabc1234", file, product)
	}
	if _, _, err := versionInfo([]byte("no fixed info here")); err == nil {
		t.Error("a blob without VS_FIXEDFILEINFO passed")
	}
}

func TestIconSizes(t *testing.T) {
	b := []byte{0, 0, 1, 0, 3, 0}
	for _, w := range []byte{16, 48, 0} { // 0 means 256
		entry := make([]byte, 14)
		entry[0], entry[1] = w, w
		b = append(b, entry...)
	}
	got, err := iconSizes(b)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{16, 48, 256}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if _, err := iconSizes(b[:20]); err == nil {
		t.Error("a truncated icon group passed")
	}
}
