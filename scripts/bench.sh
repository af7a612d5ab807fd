#!/usr/bin/env bash
# Scale and end-to-end benchmark: how Paperboy behaves with 1k, 10k and 100k cached papers, in the
# service and in the real window, next to a Wails hello-world window built with the same tags.
# Prints one table and writes it into BENCHMARKS.md (between the perf markers).
#
#   scripts/bench.sh           full run (make bench): the window (Xvfb) and the browser mode at
#                              10k and 100k, an hour of use, then the service at 1k/10k/100k
#   scripts/bench.sh --quick   the service at 1k/10k, 3 repetitions, no window (make bench-quick)
#
# Extra arguments go to perfbench (go run ./internal/perf/perfbench --help).
# Generated data directories are cached in .cache/bench/, keyed by size and
# corpus version (perf.CorpusVersion); delete it to start over. Cold starts
# drop the page cache, which needs root; as another user they are skipped.
# The machine is shared: everything runs under nice, one measurement at a time.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

mode=full
if [ "${1:-}" = --quick ]; then
	mode=quick
	shift
fi

mkdir -p .cache/bench
bin=.cache/bench/perfbench
nice -n 10 go build -o "$bin" ./internal/perf/perfbench

if [ "$mode" = quick ]; then
	exec nice -n 10 "$bin" --sizes 1000,10000 --reps 3 --bin "" --browser "" --backfill=false "$@"
fi

# The window measurements launch the real desktop binary and the hello world, built alike.
window=(--bin build/bin/paperboy --hello .cache/bench/hellowindow)
tags=desktop,production,webkit2_41
if ! nice -n 10 make build >.cache/bench/build.log 2>&1; then
	echo "bench: make build failed (see .cache/bench/build.log); skipping the window and the browser mode" >&2
	window=(--bin "" --browser "")
elif ! nice -n 10 go build -tags "$tags" -trimpath -ldflags "-s -w" -o .cache/bench/hellowindow ./internal/perf/hellowindow \
	>>.cache/bench/build.log 2>&1; then
	echo "bench: building the hello-world window failed (see .cache/bench/build.log); skipping the window" >&2
	window=(--bin "")
fi
if [ ! -d e2e/node_modules/playwright-core ]; then
	echo "bench: no e2e/node_modules (cd e2e && npm ci): skipping the browser mode" >&2
	window+=(--browser "")
fi
exec nice -n 10 "$bin" --sizes 1000,10000,100000 --reps 5 "${window[@]}" --md BENCHMARKS.md "$@"
