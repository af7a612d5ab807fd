#!/usr/bin/env bash
# Proves scripts/smoke-desktop.sh can fail: runs it against small fake "apps" (ImageMagick's
# `display` showing a window titled Paperboy) and checks each defect is caught for the right reason,
# and that a healthy fake passes, so the failures are not the script failing on everything.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/paperboy-smoke-selftest.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

fake() { # fake NAME BODY: writes an executable sh script
	printf '#!/bin/sh\n%s\n' "$2" >"$tmp/$1"
	chmod +x "$tmp/$1"
}
fake no-window 'exec sleep 60'
fake blank 'exec display -size 800x600 -title Paperboy xc:white'
fake healthy 'echo "paperboy: ready"; exec display -title Paperboy -resize 800x600 logo:'
fake crash-on-close 'display -title Paperboy -resize 800x600 logo:; exit 3'
fake dies-early 'timeout 2 display -title Paperboy -resize 800x600 logo:'

passed=0
failed=0
# expect NAME WANT(pass|fail) PATTERN [ENV...]: run the smoke test on fake NAME; it must end as WANT
# and its output must contain PATTERN.
expect() {
	local name=$1 want=$2 pattern=$3
	shift 3
	local rc=0
	env PAPERBOY_BIN="$tmp/$name" SMOKE_TIMEOUT=4 SMOKE_SETTLE=1 SMOKE_SHOT="$tmp/$name.png" "$@" \
		"$root/scripts/smoke-desktop.sh" >"$tmp/$name.out" 2>&1 || rc=$?
	local got=pass
	[ "$rc" -ne 0 ] && got=fail
	if [ "$got" = "$want" ] && grep -q -- "$pattern" "$tmp/$name.out"; then
		passed=$((passed + 1))
		echo "PASS: selftest $name: smoke test ${want}ed ($pattern)"
	else
		failed=$((failed + 1))
		echo "FAIL: selftest $name: want $want with '$pattern', got $got (exit $rc); output:"
		sed 's/^/    /' "$tmp/$name.out"
	fi
}

expect healthy pass 'PASS: app exited cleanly'
expect healthy pass 'PASS: log matched' SMOKE_EXPECT_LOG='ready$'
expect no-window fail 'FAIL: no visible window'
expect blank fail 'FAIL: window looks blank'
expect crash-on-close fail 'FAIL: app exited with status 3'
expect dies-early fail 'FAIL: app died before it was closed' SMOKE_SETTLE=3
expect healthy fail 'FAIL: log never matched' SMOKE_EXPECT_LOG='cards shown'

echo "smoke-selftest: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
