// Command pecheck checks that Windows executables are what a release ships:
// PE files for x86-64 carrying an icon and a version resource (and, with
// -gui, a manifest and the GUI subsystem, so no console window opens).
// CI runs it on the paperboy.exe and the installer `make package-windows` builds:
//
//	go run ./scripts/pecheck -gui -version 1.2.3.4 dist/paperboy-1.2.3-windows-amd64.exe
//	go run ./scripts/pecheck -version 1.2.3.4 dist/paperboy-1.2.3-windows-amd64-installer.exe
//
// It prints what it found and exits 1 when a check fails.
package main

import (
	"bytes"
	"debug/pe"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"os"
	"unicode/utf16"
)

// Resource types (winuser.h).
const (
	rtIcon      = 3
	rtGroupIcon = 14
	rtVersion   = 16
	rtManifest  = 24
)

const (
	machineAMD64     = 0x8664 // IMAGE_FILE_MACHINE_AMD64
	subsystemGUI     = 2      // IMAGE_SUBSYSTEM_WINDOWS_GUI
	dirEntryResource = 2      // IMAGE_DIRECTORY_ENTRY_RESOURCE
	fixedFileInfoSig = 0xFEEF04BD
)

func main() {
	version := flag.String("version", "", "the file version the version resource must carry, as 1.2.3.4")
	gui := flag.Bool("gui", false, "also require a manifest and the Windows GUI subsystem")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: pecheck [-gui] [-version 1.2.3.4] FILE.exe...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	failed := false
	for _, path := range flag.Args() {
		r, err := checkFile(path, *version, *gui)
		if err != nil {
			fmt.Printf("FAIL: %s: %v\n", path, err)
			failed = true
			continue
		}
		fmt.Printf("PASS: %s: %s\n", path, r)
	}
	if failed {
		os.Exit(1)
	}
}

// Report is what checkFile found in a good file.
type Report struct {
	IconSizes      []int  // sizes in the first icon group, in pixels
	FileVersion    string // from VS_FIXEDFILEINFO
	ProductVersion string // the StringFileInfo value
	GUI            bool
}

func (r Report) String() string {
	kind := "console"
	if r.GUI {
		kind = "GUI"
	}
	return fmt.Sprintf("PE32+ x86-64 %s, icon sizes %v, file version %s, product version %q",
		kind, r.IconSizes, r.FileVersion, r.ProductVersion)
}

func checkFile(path, wantVersion string, gui bool) (Report, error) {
	f, err := pe.Open(path)
	if err != nil {
		return Report{}, fmt.Errorf("not a PE file: %w", err)
	}
	defer f.Close()
	return check(f, wantVersion, gui)
}

func check(f *pe.File, wantVersion string, gui bool) (Report, error) {
	var r Report
	if f.Machine != machineAMD64 {
		return r, fmt.Errorf("machine is %#x, want x86-64 (%#x)", f.Machine, machineAMD64)
	}
	oh, ok := f.OptionalHeader.(*pe.OptionalHeader64)
	if !ok {
		return r, errors.New("not PE32+ (64-bit optional header)")
	}
	r.GUI = oh.Subsystem == subsystemGUI
	if gui && !r.GUI {
		return r, fmt.Errorf("subsystem is %d, want the GUI subsystem (%d): a console window would open", oh.Subsystem, subsystemGUI)
	}
	res, err := resources(f, oh.DataDirectory[dirEntryResource])
	if err != nil {
		return r, err
	}
	if len(res[rtGroupIcon]) == 0 || len(res[rtIcon]) == 0 {
		return r, errors.New("no icon resource")
	}
	if r.IconSizes, err = iconSizes(res[rtGroupIcon][0]); err != nil {
		return r, err
	}
	if len(res[rtVersion]) == 0 {
		return r, errors.New("no version resource")
	}
	if r.FileVersion, r.ProductVersion, err = versionInfo(res[rtVersion][0]); err != nil {
		return r, err
	}
	if wantVersion != "" && r.FileVersion != wantVersion {
		return r, fmt.Errorf("file version is %s, want %s", r.FileVersion, wantVersion)
	}
	if gui && len(res[rtManifest]) == 0 {
		return r, errors.New("no manifest resource")
	}
	return r, nil
}

// resources reads the resource tree (type → name → language → data) and
// returns the data of each resource, by numeric type.
func resources(f *pe.File, dir pe.DataDirectory) (map[uint32][][]byte, error) {
	if dir.VirtualAddress == 0 || dir.Size == 0 {
		return nil, errors.New("no resources at all (no icon, no version)")
	}
	sec := sectionAt(f, dir.VirtualAddress)
	if sec == nil {
		return nil, errors.New("the resource directory is in no section")
	}
	data, err := sec.Data()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", sec.Name, err)
	}
	rva := func(addr, size uint32) ([]byte, error) {
		start := int64(addr) - int64(sec.VirtualAddress)
		if start < 0 || start+int64(size) > int64(len(data)) {
			return nil, fmt.Errorf("resource data at %#x+%d is outside %s", addr, size, sec.Name)
		}
		return data[start : start+int64(size)], nil
	}
	root, err := rva(dir.VirtualAddress, dir.Size)
	if err != nil {
		return nil, err
	}
	out := map[uint32][][]byte{}
	types, err := dirEntries(root, 0)
	if err != nil {
		return nil, err
	}
	for _, t := range types {
		if t.named || !t.subdir {
			continue
		}
		names, err := dirEntries(root, t.offset)
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			if !n.subdir {
				continue
			}
			langs, err := dirEntries(root, n.offset)
			if err != nil {
				return nil, err
			}
			for _, l := range langs {
				if l.subdir || int(l.offset)+16 > len(root) {
					continue
				}
				addr := binary.LittleEndian.Uint32(root[l.offset:])
				size := binary.LittleEndian.Uint32(root[l.offset+4:])
				b, err := rva(addr, size)
				if err != nil {
					return nil, err
				}
				out[t.id] = append(out[t.id], b)
			}
		}
	}
	return out, nil
}

type dirEntry struct {
	id            uint32
	named, subdir bool
	offset        uint32 // from the start of the resource directory
}

// dirEntries reads the IMAGE_RESOURCE_DIRECTORY at off.
func dirEntries(root []byte, off uint32) ([]dirEntry, error) {
	if int(off)+16 > len(root) {
		return nil, fmt.Errorf("resource directory at %#x is truncated", off)
	}
	n := int(binary.LittleEndian.Uint16(root[off+12:])) + int(binary.LittleEndian.Uint16(root[off+14:]))
	if int(off)+16+8*n > len(root) {
		return nil, fmt.Errorf("resource directory at %#x is truncated", off)
	}
	out := make([]dirEntry, n)
	for i := range out {
		p := off + 16 + uint32(8*i)
		name := binary.LittleEndian.Uint32(root[p:])
		target := binary.LittleEndian.Uint32(root[p+4:])
		out[i] = dirEntry{id: name &^ (1 << 31), named: name&(1<<31) != 0,
			subdir: target&(1<<31) != 0, offset: target &^ (1 << 31)}
	}
	return out, nil
}

func sectionAt(f *pe.File, addr uint32) *pe.Section {
	for _, s := range f.Sections {
		if addr >= s.VirtualAddress && addr < s.VirtualAddress+max(s.VirtualSize, s.Size) {
			return s
		}
	}
	return nil
}

// iconSizes reads a GRPICONDIR: a 6-byte header, then 14-byte entries whose
// first byte is the width (0 meaning 256).
func iconSizes(b []byte) ([]int, error) {
	if len(b) < 6 {
		return nil, errors.New("icon group is truncated")
	}
	n := int(binary.LittleEndian.Uint16(b[4:]))
	if n == 0 || len(b) < 6+14*n {
		return nil, fmt.Errorf("icon group has %d entries in %d bytes", n, len(b))
	}
	sizes := make([]int, n)
	for i := range sizes {
		w := int(b[6+14*i])
		if w == 0 {
			w = 256
		}
		sizes[i] = w
	}
	return sizes, nil
}

// versionInfo reads a VS_VERSIONINFO: the file version from its
// VS_FIXEDFILEINFO and the ProductVersion string, if any.
func versionInfo(b []byte) (fileVersion, productVersion string, err error) {
	sig := binary.LittleEndian.AppendUint32(nil, fixedFileInfoSig)
	i := bytes.Index(b, sig)
	if i < 0 || i+16 > len(b) {
		return "", "", errors.New("version resource has no VS_FIXEDFILEINFO")
	}
	ms := binary.LittleEndian.Uint32(b[i+8:])
	ls := binary.LittleEndian.Uint32(b[i+12:])
	fileVersion = fmt.Sprintf("%d.%d.%d.%d", ms>>16, ms&0xffff, ls>>16, ls&0xffff)
	productVersion, _ = stringValue(b, "ProductVersion")
	return fileVersion, productVersion, nil
}

// stringValue finds a String structure by key in a StringFileInfo: the key in
// UTF-16 with its NUL, padding to a 32-bit boundary, then the value.
func stringValue(b []byte, key string) (string, bool) {
	k := utf16le(key + "\x00")
	for start := 0; ; {
		i := bytes.Index(b[start:], k)
		if i < 0 {
			return "", false
		}
		i += start
		start = i + 2
		if i < 6 || i%2 != 0 {
			continue
		}
		valueLen := int(binary.LittleEndian.Uint16(b[i-4:])) // in UTF-16 units, with the NUL
		p := (i + len(k) + 3) &^ 3
		if p+2*valueLen > len(b) {
			return "", false
		}
		u := make([]uint16, 0, valueLen)
		for j := 0; j < valueLen; j++ {
			c := binary.LittleEndian.Uint16(b[p+2*j:])
			if c == 0 {
				break
			}
			u = append(u, c)
		}
		return string(utf16.Decode(u)), true
	}
}

func utf16le(s string) []byte {
	var w bytes.Buffer
	for _, c := range utf16.Encode([]rune(s)) {
		_ = binary.Write(&w, binary.LittleEndian, c)
	}
	return w.Bytes()
}
