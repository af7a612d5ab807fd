#!/usr/bin/env bash
# Scale benchmark: how Paperboy behaves with 1k, 10k and 100k cached papers.
# Prints one table and writes it into BENCHMARKS.md (between the perf markers).
#
#   scripts/bench.sh           full run (make bench): 1k/10k/100k, 5 repetitions, window, sync, backfill
#   scripts/bench.sh --quick   1k/10k, 3 repetitions, no window or backfill (make bench-quick)
#
# Extra arguments go to perfbench (go run ./internal/perf/perfbench --help).
# Generated data directories are cached in .cache/bench/, keyed by size and
# corpus version (perf.CorpusVersion); delete it to start over. Cold starts
# drop the page cache, which needs root; as another user they are skipped.
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
go build -o "$bin" ./internal/perf/perfbench

if [ "$mode" = quick ]; then
	exec "$bin" --sizes 1000,10000 --reps 3 --bin "" --backfill=false "$@"
fi

# The window measurement launches the real desktop binary.
window=(--bin build/bin/paperboy)
if ! make build >.cache/bench/build.log 2>&1; then
	echo "bench: make build failed (see .cache/bench/build.log); skipping the window measurement" >&2
	window=(--bin "")
fi
exec "$bin" --sizes 1000,10000,100000 --reps 5 "${window[@]}" --md BENCHMARKS.md "$@"
