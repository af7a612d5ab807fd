#!/usr/bin/env bash
# The command line alongside a running window: with the real window open on a synced library
# (under a private Xvfb, no D-Bus), `list`, `search`, `show`, `export` and `sync` run inside the
# window's process and print the same bytes, with the same exit codes, as when run alone; a
# forwarded sync's progress reaches our stderr, and Ctrl+C stops it. Never touches the internet.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
BIN=${PAPERBOY_BIN:-$root/build/bin/paperboy}
for tool in Xvfb xdotool; do
	command -v "$tool" >/dev/null || { echo "FAIL: $tool not found: run scripts/install-deps.sh"; exit 1; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/paperboy-cli-window.XXXXXX")
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ -f "$tmp/window.log" ] && sed 's/^/  window: /' "$tmp/window.log" | tail -n 15; exit 1; }

go build -o "$tmp/fakehf" ./internal/hftest/fakehf
"$tmp/fakehf" --addr 127.0.0.1:0 --url-file "$tmp/url" --papers 300 >"$tmp/fakehf.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -s "$tmp/url" ] && break; sleep 0.1; done
[ -s "$tmp/url" ] || fail "the fake HF API did not start"
export PAPERBOY_DATA_DIR="$tmp/data" PAPERBOY_API="$(cat "$tmp/url")" NO_AT_BRIDGE=1 XDG_RUNTIME_DIR="$tmp/run"
unset DBUS_SESSION_BUS_ADDRESS
mkdir -m 700 "$tmp/run"
"$BIN" sync --days 10 2>/dev/null
"$BIN" list --json >"$tmp/latest.json"
id=$(grep -m1 '"id"' "$tmp/latest.json" | sed 's/.*"id": "\([^"]*\)".*/\1/')
day=$(grep -m1 '"day"' "$tmp/latest.json" | sed 's/.*"day": "\([^"]*\)".*/\1/')

# name|command: what each check runs, alone and then inside the window
checks=(
	"list|list --json"
	"list-text|list"
	"search|search --json diffusion"
	"show|show $id"
	"export|export --format json"
	"bibtex|export --format bibtex --date $day"
	"uncached|show 9999.99999"
	"usage|list --sort random"
)
run_all() { # run_all SUFFIX
	for c in "${checks[@]}"; do
		name=${c%%|*} args=${c#*|}
		# shellcheck disable=SC2086
		"$BIN" $args >"$tmp/$name.$1.out" 2>"$tmp/$name.$1.err" && echo 0 >"$tmp/$name.$1.rc" || echo $? >"$tmp/$name.$1.rc"
		sed -i 's/"exportedAt": *"[^"]*"//' "$tmp/$name.$1.out"
	done
}
run_all alone

# shellcheck source=scripts/lib/xvfb.sh
. "$root/scripts/lib/xvfb.sh"
start_xvfb "$tmp" || fail "Xvfb did not start"
pids+=("$XVFB_PID")
# Hugging Face is down while the outputs are compared: the window's own sync at start must not change the library.
curl -s -X POST "$PAPERBOY_API/__mode?m=down" >/dev/null
PAPERBOY_LOG=info "$BIN" >"$tmp/window.log" 2>&1 &
window=$!
pids+=($window)
timeout 30 xdotool search --sync --onlyvisible --name '^Paperboy$' >/dev/null || fail "the window did not appear"
echo "PASS: the window is up on the synced library"

run_all window
for c in "${checks[@]}"; do
	name=${c%%|*}
	for part in out err rc; do
		cmp -s "$tmp/$name.alone.$part" "$tmp/$name.window.$part" ||
			fail "$name: its $part inside the window differs from alone:$(diff "$tmp/$name.alone.$part" "$tmp/$name.window.$part" | head -5)"
	done
done
grep -q 'control: running a forwarded command' "$tmp/window.log" || fail "the commands did not run in the window's process"
echo "PASS: ${#checks[@]} commands print the same bytes and exit codes inside the window as alone ($(cat "$tmp"/*.window.rc | tr '\n' ' '))"

curl -s -X POST "$PAPERBOY_API/__mode?m=" >/dev/null
"$BIN" sync --date "$day" --force 2>"$tmp/sync.err" || fail "a forwarded sync failed: $(cat "$tmp/sync.err")"
grep -q "^\[1/1\] $day " "$tmp/sync.err" && grep -q "synced 1 day " "$tmp/sync.err" || fail "a forwarded sync's progress: $(cat "$tmp/sync.err")"
echo "PASS: a sync inside the window reports its progress on our stderr"

curl -s -X POST "$PAPERBOY_API/__mode?m=down" >/dev/null # retries take seconds: time to press Ctrl+C
timeout -s INT 1.5 "$BIN" sync --from 2026-01-01 --force 2>"$tmp/cancel.err" && rc=0 || rc=$?
curl -s -X POST "$PAPERBOY_API/__mode?m=" >/dev/null
grep -q "stopped after" "$tmp/cancel.err" || fail "Ctrl+C on a forwarded sync: exit $rc, $(tail -2 "$tmp/cancel.err")"
kill -0 "$window" 2>/dev/null || fail "the window died"
echo "PASS: Ctrl+C stops a sync running inside the window, which stays up"

kill -TERM "$window"
wait "$window" 2>/dev/null || true
"$BIN" list >/dev/null 2>&1 || fail "list alone after the window closed"
echo "PASS: after the window closes, commands run alone again"
