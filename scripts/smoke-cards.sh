#!/usr/bin/env bash
# Desktop smoke test with a library: fills a data directory by a real sync from the fake HF API,
# then runs scripts/smoke-desktop.sh on it and requires the frontend to report rendered cards.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
BIN=${PAPERBOY_BIN:-$root/build/bin/paperboy}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/paperboy-cards.XXXXXX")
fake_pid=
cleanup() {
	[ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null && wait "$fake_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

go build -o "$tmp/fakehf" ./internal/hftest/fakehf
"$tmp/fakehf" --addr 127.0.0.1:0 --url-file "$tmp/url" --papers 300 >"$tmp/fakehf.log" 2>&1 &
fake_pid=$!
for _ in $(seq 50); do [ -s "$tmp/url" ] && break; sleep 0.1; done
[ -s "$tmp/url" ] || { echo "FAIL: the fake HF API did not start"; cat "$tmp/fakehf.log"; exit 1; }

"$BIN" --data-dir "$tmp/data" --api "$(cat "$tmp/url")" sync --days 10
kill "$fake_pid"; wait "$fake_pid" 2>/dev/null || true; fake_pid=

# The app logs the frontend's first render with the number of cards it drew.
SMOKE_SKIP_BUILD=1 SMOKE_DATA_DIR="$tmp/data" SMOKE_EXPECT_LOG='first-render cards=[1-9]' \
	SMOKE_SHOT="$root/build/test-artifacts/smoke-cards.png" PAPERBOY_LOG=info scripts/smoke-desktop.sh
