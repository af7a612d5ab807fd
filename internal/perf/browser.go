package perf

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// BrowserResult is the browser mode (`paperboy serve` in headless
// chromium) next to the hello-world page in the same browser.
type BrowserResult struct {
	App, Hello BrowserPage
}

// BrowserPage is what one page measured over its loads.
type BrowserPage struct {
	FirstCardsMS Dist // the page's clock at its first cards (first paint for the hello page)
	Keys         Keystrokes
}

// MeasureBrowser serves a copy of the data directory dir with bin's
// browser mode and runs internal/perf/browser/bench.mjs with node and the
// playwright-core of e2eDir: reps loads of each page, alternating, typing
// Queries at perChar into each.
func MeasureBrowser(bin, dir, e2eDir string, reps int, perChar time.Duration) (BrowserResult, error) {
	var r BrowserResult
	root, err := moduleRoot()
	if err != nil {
		return r, err
	}
	if _, err := os.Stat(filepath.Join(e2eDir, "node_modules", "playwright-core")); err != nil {
		return r, fmt.Errorf("perf: browser: no playwright-core in %s (npm ci there): %w", e2eDir, err)
	}
	work, err := os.MkdirTemp("", "paperboy-perf-browser-")
	if err != nil {
		return r, err
	}
	defer os.RemoveAll(work)
	if out, err := exec.Command("cp", "-a", dir+"/.", work).CombinedOutput(); err != nil {
		return r, fmt.Errorf("perf: copy %s: %v: %s", dir, err, out)
	}
	addr, err := freeAddr()
	if err != nil {
		return r, err
	}
	srv := exec.Command(bin, "serve", "--addr", addr, "--no-sync")
	srv.Env = append(os.Environ(), "PAPERBOY_DATA_DIR="+work, "PAPERBOY_API="+OfflineAPI, "PAPERBOY_LOG=warn")
	out, err := srv.StderrPipe() // where it says where it serves
	if err != nil {
		return r, err
	}
	srv.Stdout = io.Discard
	if err := srv.Start(); err != nil {
		return r, err
	}
	defer func() { _ = terminate(srv); _ = srv.Wait() }()
	serving := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if i := strings.Index(sc.Text(), "http://"); i >= 0 {
				serving <- strings.TrimSuffix(strings.Fields(sc.Text()[i:])[0], "/")
				break
			}
		}
		_, _ = io.Copy(io.Discard, out)
	}()
	var url string
	select {
	case url = <-serving:
	case <-time.After(30 * time.Second):
		return r, fmt.Errorf("perf: %s serve did not start", bin)
	}
	qs, _ := json.Marshal(Queries)
	node := exec.Command("node", filepath.Join(root, "internal/perf/browser/bench.mjs"), e2eDir, url,
		filepath.Join(root, "internal/perf/hellowindow/page/index.html"), strconv.Itoa(reps),
		strconv.Itoa(int(perChar/time.Millisecond)), string(qs))
	var stdout, stderr bytes.Buffer
	node.Stdout, node.Stderr = &stdout, &stderr
	if err := node.Run(); err != nil {
		return r, fmt.Errorf("perf: browser: %w: %s", err, tailOf(stderr.String(), 2000))
	}
	var appKeys, helloKeys [][]string
	for _, l := range strings.Split(stdout.String(), "\n") {
		page, msg, _ := strings.Cut(l, ": ")
		p, keys := &r.App, &appKeys
		if page == "hello" {
			p, keys = &r.Hello, &helloKeys
		}
		if m := firstRenderLine.FindStringSubmatch(msg); m != nil {
			v, _ := strconv.ParseFloat(m[2], 64)
			p.FirstCardsMS = append(p.FirstCardsMS, v)
		}
		if m := keystrokesLine.FindStringSubmatch(msg); m != nil {
			*keys = append(*keys, m)
		}
	}
	r.App.Keys, r.Hello.Keys = ParseKeystrokes(appKeys), ParseKeystrokes(helloKeys)
	return r, nil
}

func tailOf(s string, n int) string { return s[max(0, len(s)-n):] }

// freeAddr is a loopback address with a port nothing listens on now.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// moduleRoot is the repository root: where go.mod is, from the working
// directory up.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", fmt.Errorf("perf: no go.mod above the working directory")
		}
		dir = up
	}
}
