package perf

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
)

// BenchLine is one result line of `go test -bench`: the benchmark's name
// (without the -GOMAXPROCS suffix) and its metrics by unit.
type BenchLine struct {
	Name    string
	Metrics map[string]float64
}

// ParseBench reads the result lines of `go test -bench` output and ignores
// everything else.
func ParseBench(out []byte) []BenchLine {
	var lines []BenchLine
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) < 4 || !strings.HasPrefix(fs[0], "Benchmark") || len(fs)%2 != 0 {
			continue
		}
		if _, err := strconv.Atoi(fs[1]); err != nil {
			continue
		}
		name := fs[0]
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i]
			}
		}
		l := BenchLine{Name: name, Metrics: map[string]float64{}}
		for i := 2; i+1 < len(fs); i += 2 {
			v, err := strconv.ParseFloat(fs[i], 64)
			if err != nil {
				continue
			}
			l.Metrics[fs[i+1]] = v
		}
		lines = append(lines, l)
	}
	return lines
}

// Collect gathers metric unit of every line named name (one per -count).
func Collect(lines []BenchLine, name, unit string) Dist {
	var d Dist
	for _, l := range lines {
		if v, ok := l.Metrics[unit]; ok && l.Name == name {
			d = append(d, v)
		}
	}
	return d
}

// RunSearchBench runs the search package's keystroke, snapshot-load and
// rebuild benchmarks (with 100k papers when big), count times each.
func RunSearchBench(pkg string, big bool, count int) ([]BenchLine, error) {
	cmd := exec.Command("go", "test", "-run", "^$", "-bench", "BenchmarkKeystroke|BenchmarkSnapshotLoad|BenchmarkRebuild",
		"-benchtime", "5x", "-count", strconv.Itoa(count), "-timeout", "30m", pkg)
	cmd.Env = os.Environ()
	if big {
		cmd.Env = append(cmd.Env, "PAPERBOY_BENCH_100K=1")
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("perf: %s: %w: %s%s", strings.Join(cmd.Args, " "), err, out, stderr.Bytes())
	}
	return ParseBench(out), nil
}
