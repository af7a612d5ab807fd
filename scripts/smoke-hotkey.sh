#!/usr/bin/env bash
# The system-wide search key on X11, with the real window under a private Xvfb: Paperboy started
# hidden (as at login) holds Ctrl+Alt+P — another X client's grab of it is refused — and the key,
# sent with xdotool, maps the window with the search palette open (the frontend says so in the log).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
BIN=${PAPERBOY_BIN:-$root/build/bin/paperboy}
for tool in Xvfb xdotool; do
	command -v "$tool" >/dev/null || { echo "FAIL: $tool not found: run scripts/install-deps.sh"; exit 1; }
done
PY=/usr/bin/python3 # Debian's, which has python3-xlib (a pyenv python3 on PATH would not)
[ -x "$PY" ] || PY=python3
"$PY" -c 'import Xlib' 2>/dev/null || { echo "FAIL: python3-xlib not found: run scripts/install-deps.sh"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/paperboy-hotkey.XXXXXX")
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ -f "$tmp/app.log" ] && sed 's/^/  app: /' "$tmp/app.log" | tail -n 15; exit 1; }

export PAPERBOY_DATA_DIR="$tmp/data" PAPERBOY_API=http://127.0.0.1:9 NO_AT_BRIDGE=1 XDG_RUNTIME_DIR="$tmp/run"
unset DBUS_SESSION_BUS_ADDRESS WAYLAND_DISPLAY
mkdir -m 700 "$tmp/run"
# the key on, as Settings would leave it
printf '{"format":"paperboy-library","version":1,"exportedAt":"2026-12-01T00:00:00Z","scope":"all","settings":{"hotkeyEnabled":true,"hotkey":"Ctrl+Alt+P"},"topics":[],"states":{},"days":[],"papers":[]}' >"$tmp/settings.json"
"$BIN" import "$tmp/settings.json" >/dev/null

# shellcheck source=scripts/lib/xvfb.sh
. "$root/scripts/lib/xvfb.sh"
start_xvfb "$tmp" || fail "Xvfb did not start"
pids+=("$XVFB_PID")

PAPERBOY_LOG=info "$BIN" --hidden >"$tmp/app.log" 2>&1 &
app=$!
pids+=($app)
for _ in $(seq 100); do grep -q 'system-wide key.*backend=x11' "$tmp/app.log" && break; sleep 0.1; done
grep -q 'system-wide key.*backend=x11' "$tmp/app.log" || fail "no X11 key backend"
# the grab happens off the start-up path: wait until another client can no longer take the key
grabbed=
for _ in $(seq 100); do
	# keysym p with Control|Mod1 (4|8): the answer is "taken" once Paperboy holds it
	if [ "$("$PY" internal/hotkey/testdata/xgrab.py p 12 2>/dev/null)" = taken ]; then grabbed=1; break; fi
	sleep 0.1
done
[ -n "$grabbed" ] || fail "another X client could grab Ctrl+Alt+P: Paperboy does not hold it"
echo "PASS: Paperboy, started hidden, holds Ctrl+Alt+P (another client's grab is refused)"
if xdotool search --onlyvisible --name '^Paperboy$' >/dev/null 2>&1; then fail "the window is visible, though started hidden"; fi
echo "PASS: the window starts hidden"

# at once: a press while Paperboy is still starting (just after login) must work too
xdotool key ctrl+alt+p
timeout 15 xdotool search --sync --onlyvisible --name '^Paperboy$' >/dev/null || fail "the key did not map the window"
for _ in $(seq 100); do grep -q 'palette opened by' "$tmp/app.log" && break; sleep 0.1; done
grep -q 'palette opened by' "$tmp/app.log" || fail "the window came up without the palette"
echo "PASS: Ctrl+Alt+P maps the window with the search palette open"
