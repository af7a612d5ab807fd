#!/usr/bin/env bash
# Single instance: under a private D-Bus session and Xvfb, a second launch on the same data directory
# hands its --search to the running window and exits 0 at once, through the window's control socket —
# and the same without a session bus. Commands run inside the window meanwhile. Never touches the internet.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
BIN=${PAPERBOY_BIN:-$root/build/bin/paperboy}

if [ "${1:-}" != "--inside" ]; then
	for tool in Xvfb xdotool dbus-run-session; do
		command -v "$tool" >/dev/null || { echo "FAIL: $tool not found: run scripts/install-deps.sh"; exit 1; }
	done
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/paperboy-single.XXXXXX")
	trap 'kill $(cat "$tmp/xvfb.pid" 2>/dev/null) 2>/dev/null; rm -rf "$tmp"' EXIT
	# shellcheck source=scripts/lib/xvfb.sh
	. "$root/scripts/lib/xvfb.sh"
	start_xvfb "$tmp" || { echo "FAIL: Xvfb did not start"; exit 1; }
	echo "$XVFB_PID" >"$tmp/xvfb.pid"
	export TMP_DIR="$tmp"
	exec dbus-run-session -- "$0" --inside 2> >(grep -v 'dbus-daemon\|a11y\|SpiRegistry' >&2)
fi

tmp=$TMP_DIR
export PAPERBOY_DATA_DIR="$tmp/data" PAPERBOY_API=http://127.0.0.1:9 NO_AT_BRIDGE=1 PAPERBOY_LOG=info
"$BIN" >"$tmp/first.log" 2>&1 &
first=$!
trap 'kill $first 2>/dev/null; wait $first 2>/dev/null' EXIT
fail() { echo "FAIL: $*"; sed 's/^/  first: /' "$tmp/first.log" | tail -n 15; exit 1; }

timeout 30 xdotool search --sync --onlyvisible --name '^Paperboy$' >/dev/null || fail "the first window did not appear"
echo "PASS: first window is up"

start=$(date +%s%N)
out=$(timeout 10 "$BIN" --search "diffusion transformers" 2>&1) && rc=0 || rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
[ "$rc" -eq 0 ] || fail "second launch exited $rc: $out"
[ "$ms" -lt 5000 ] || fail "second launch took ${ms} ms"
echo "PASS: second launch handed over and exited 0 in ${ms} ms ($out)"

for _ in $(seq 50); do grep -q 'search requested.*diffusion transformers' "$tmp/first.log" && break; sleep 0.1; done
grep -q 'search requested.*diffusion transformers' "$tmp/first.log" || fail "the first instance never got the search"
echo "PASS: the running window got --search"
kill -0 "$first" 2>/dev/null || fail "the first instance died"

# Without a session bus the hand-over goes through the control socket all the same.
out=$(env -u DBUS_SESSION_BUS_ADDRESS timeout 10 "$BIN" --search "without dbus" 2>&1) && rc=0 || rc=$?
[ "$rc" -eq 0 ] || fail "no-D-Bus second launch: exit $rc, $out"
for _ in $(seq 50); do grep -q 'search requested.*without dbus' "$tmp/first.log" && break; sleep 0.1; done
grep -q 'search requested.*without dbus' "$tmp/first.log" || fail "the window never got the search handed over without D-Bus"
echo "PASS: without D-Bus a second launch hands over too (exit 0)"

# A command runs inside the window: same exit codes, its output on our streams.
out=$(timeout 10 "$BIN" list 2>&1) && rc=0 || rc=$?
[ "$rc" -eq 0 ] && grep -q "No papers cached yet" <<<"$out" || fail "list while the window is open: exit $rc, $out"
out=$(timeout 10 "$BIN" show 2410.17243 2>&1) && rc=0 || rc=$?
[ "$rc" -eq 1 ] && grep -q "not in the cache" <<<"$out" || fail "show of an uncached paper while the window is open: exit $rc, $out"
grep -q 'control: running a forwarded command' "$tmp/first.log" || fail "the commands did not run in the window's process"
echo "PASS: list and show run inside the window (exit 0 and 1 as alone)"
