#!/usr/bin/env bash
# Desktop smoke test: opens the real Paperboy window on a private Xvfb display, screenshots it,
# checks it is not blank, then closes it the way a window manager's close button does and checks
# the process exits with status 0. Never touches the internet (the API points at a closed port).
#
# Environment (all optional):
#   PAPERBOY_BIN       binary to run (default build/bin/paperboy, built with `make build` first)
#   SMOKE_SKIP_BUILD=1 do not run `make build` (the Makefile sets it after building)
#   SMOKE_DATA_DIR     a pre-filled data dir; it is copied, so the original is never changed
#   SMOKE_EXPECT_LOG   extended regex that the app's stdout/stderr must print before the screenshot
#   SMOKE_TIMEOUT      seconds to wait for the window and for SMOKE_EXPECT_LOG (default 30)
#   SMOKE_WINDOW_NAME  regex for the window title (default ^Paperboy$)
#   SMOKE_SETTLE       seconds to let the window render before the first screenshot (default 3);
#                      a blank screenshot is retried each second until SMOKE_TIMEOUT
#   SMOKE_MIN_COLORS   fewest distinct colours a rendered window has (default 300: the GTK menu bar alone has ~130)
#   SMOKE_MIN_STDDEV   lowest grey-level standard deviation, 0..1 (default 0.01)
#   SMOKE_SHOT         screenshot path (default build/test-artifacts/smoke-window.png)
#   SMOKE_CLOSE        wm-delete (default: like the close button) or term (SIGTERM)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

BIN=${PAPERBOY_BIN:-$root/build/bin/paperboy}
TIMEOUT=${SMOKE_TIMEOUT:-30}
SETTLE=${SMOKE_SETTLE:-3}
MIN_COLORS=${SMOKE_MIN_COLORS:-300}
MIN_STDDEV=${SMOKE_MIN_STDDEV:-0.01}
SHOT=${SMOKE_SHOT:-$root/build/test-artifacts/smoke-window.png}
CLOSE=${SMOKE_CLOSE:-wm-delete}
WINDOW_NAME=${SMOKE_WINDOW_NAME:-^Paperboy\$}
EXIT_TIMEOUT=10

passed=0
failed=0
pass() {
	passed=$((passed + 1))
	echo "PASS: $*"
}
# fail reports a failed check and stops: later checks make no sense without this one.
fail() {
	failed=$((failed + 1))
	echo "FAIL: $*"
	exit 1
}

for tool in Xvfb xdotool import cc pkg-config setsid; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "FAIL: $tool not found: run scripts/install-deps.sh"
		exit 1
	}
done
# Prefer the real ImageMagick over anything earlier on PATH.
CONVERT=convert
[ -x /usr/bin/convert ] && CONVERT=/usr/bin/convert

tmp=$(mktemp -d "${TMPDIR:-/tmp}/paperboy-smoke.XXXXXX")
xvfb_pid=
app_pid=
cleanup() {
	local rc=$?
	if [ -n "$app_pid" ]; then
		# The app runs in its own process group (setsid): this also ends dbus-run-session's children.
		kill -KILL -- "-$app_pid" 2>/dev/null || true
		wait "$app_pid" 2>/dev/null || true
	fi
	if [ -n "$xvfb_pid" ]; then
		kill "$xvfb_pid" 2>/dev/null || true
		wait "$xvfb_pid" 2>/dev/null || true
	fi
	if [ -f "$tmp/app.log" ]; then
		mkdir -p "$(dirname "$SHOT")"
		cp "$tmp/app.log" "${SHOT%.png}.log" 2>/dev/null || true
	fi
	rm -rf "$tmp"
	echo "smoke: $passed passed, $failed failed"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -z "${PAPERBOY_BIN:-}" ] && [ "${SMOKE_SKIP_BUILD:-}" != 1 ]; then
	make -C "$root" build
fi
[ -x "$BIN" ] || [ -n "$(command -v "$BIN" 2>/dev/null)" ] || fail "binary $BIN not found (run make build)"

# The close helper (WM_DELETE_WINDOW): tiny, compiled fresh so no binary is committed.
cc -O2 -o "$tmp/xclose" "$root/scripts/xclose.c" $(pkg-config --cflags --libs x11) ||
	fail "cannot compile scripts/xclose.c (needs libx11-dev, which libgtk-3-dev brings)"

# A private X server.
# shellcheck source=scripts/lib/xvfb.sh
. "$root/scripts/lib/xvfb.sh"
start_xvfb "$tmp" && xvfb_pid=$XVFB_PID || {
	xvfb_pid=${XVFB_PID:-}
	cat "$tmp/xvfb.log" >&2
	fail "Xvfb did not start"
}
pass "Xvfb running on $DISPLAY"

# Keep the app away from the developer's own files, session bus and the network.
data="$tmp/data"
if [ -n "${SMOKE_DATA_DIR:-}" ]; then
	cp -a "$SMOKE_DATA_DIR" "$data"
else
	mkdir -p "$data"
fi
mkdir -p "$tmp/xdg/config" "$tmp/xdg/cache" "$tmp/xdg/data" "$tmp/xdg/runtime"
chmod 700 "$tmp/xdg/runtime"
run=(env PAPERBOY_DATA_DIR="$data" PAPERBOY_API=http://127.0.0.1:9 NO_AT_BRIDGE=1
	XDG_CONFIG_HOME="$tmp/xdg/config" XDG_CACHE_HOME="$tmp/xdg/cache" XDG_DATA_HOME="$tmp/xdg/data"
	XDG_RUNTIME_DIR="$tmp/xdg/runtime" "$BIN")
if command -v dbus-run-session >/dev/null 2>&1; then
	run=(dbus-run-session -- "${run[@]}")
fi
setsid "${run[@]}" >"$tmp/app.log" 2>&1 </dev/null &
app_pid=$!

wid=$(timeout "$TIMEOUT" xdotool search --sync --onlyvisible --name "$WINDOW_NAME" 2>/dev/null | head -n1) || true
if [ -z "$wid" ]; then
	tail -n 20 "$tmp/app.log" | sed 's/^/  app: /'
	fail "no visible window named /$WINDOW_NAME/ within ${TIMEOUT}s"
fi
pass "window /$WINDOW_NAME/ mapped (id $wid)"

if [ -n "${SMOKE_EXPECT_LOG:-}" ]; then
	deadline=$((SECONDS + TIMEOUT))
	until grep -Eq -- "$SMOKE_EXPECT_LOG" "$tmp/app.log"; do
		if [ "$SECONDS" -ge "$deadline" ] || ! kill -0 "$app_pid" 2>/dev/null; then
			tail -n 20 "$tmp/app.log" | sed 's/^/  app: /'
			fail "log never matched /$SMOKE_EXPECT_LOG/ within ${TIMEOUT}s"
		fi
		sleep 0.2
	done
	pass "log matched /$SMOKE_EXPECT_LOG/"
fi

sleep "$SETTLE"
mkdir -p "$(dirname "$SHOT")"
# Screenshot until the window shows something (WebKit may still be painting on a busy machine),
# at most SMOKE_TIMEOUT seconds; the last screenshot is kept either way.
deadline=$((SECONDS + TIMEOUT))
while :; do
	kill -0 "$app_pid" 2>/dev/null || fail "app died before it was closed"
	# import can hang on a window that vanishes under it: bound it.
	timeout 15 import -window "$wid" "$SHOT" 2>"$tmp/import.log" || {
		cat "$tmp/import.log" >&2
		fail "could not screenshot window $wid"
	}
	read -r colors stddev size < <("$CONVERT" "$SHOT" -format '%k ' -write info: \
		-colorspace Gray -format '%[fx:standard_deviation] %wx%h\n' info:) || true
	[ -n "${size:-}" ] || fail "could not measure the screenshot $SHOT"
	blank=0
	if [ "$colors" -lt "$MIN_COLORS" ] || awk -v s="$stddev" -v m="$MIN_STDDEV" 'BEGIN { exit !(s < m) }'; then
		blank=1
	fi
	if [ "$blank" = 0 ] || [ "$SECONDS" -ge "$deadline" ]; then
		break
	fi
	sleep 1
done
echo "  screenshot $SHOT: $size, $colors colours, grey stddev $stddev"
[ "$blank" = 0 ] || fail "window looks blank ($colors colours < $MIN_COLORS or stddev $stddev < $MIN_STDDEV)"
pass "window is not blank"

kill -0 "$app_pid" 2>/dev/null || fail "app died before it was closed"
win_pid=$(xdotool getwindowpid "$wid" 2>/dev/null || true)
pass "app alive after rendering"

case "$CLOSE" in
wm-delete) "$tmp/xclose" "$wid" || fail "could not send WM_DELETE_WINDOW to $wid" ;;
term) kill -TERM "${win_pid:-$app_pid}" ;;
*) fail "SMOKE_CLOSE must be wm-delete or term, not $CLOSE" ;;
esac
deadline=$((SECONDS + EXIT_TIMEOUT))
while kill -0 "$app_pid" 2>/dev/null; do
	if [ "$SECONDS" -ge "$deadline" ]; then
		fail "app still running ${EXIT_TIMEOUT}s after close ($CLOSE)"
	fi
	sleep 0.2
done
rc=0
wait "$app_pid" || rc=$?
kill -KILL -- "-$app_pid" 2>/dev/null || true # leftovers of the group, if any
app_pid=
if [ "$rc" -ne 0 ]; then
	tail -n 20 "$tmp/app.log" | sed 's/^/  app: /'
	fail "app exited with status $rc after close ($CLOSE)"
fi
pass "app exited cleanly (status 0) after close ($CLOSE)"
