#!/usr/bin/env bash
# Cross-builds paperboy.exe and its NSIS installer from Linux with the pinned Wails CLI; no cgo, no
# Windows machine. `make package-windows` runs it after building the frontend, with VERSION,
# WIN_VERSION (four numbers) and LDFLAGS (the -X flags) set, and writes into DIST:
#   paperboy-$VERSION-windows-amd64.exe             the program (icon, version resource, manifest)
#   paperboy-$VERSION-windows-amd64-installer.exe   the installer (Start-menu entries, uninstaller)
#
# Wails reads the version for the resources from wails.json and rewrites files under build/windows/,
# so the build runs in a copy of the tree (build/stage/windows) where that version is filled in:
# the checkout stays clean and `git describe` stays true.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
: "${VERSION:?set VERSION}" "${WIN_VERSION:?set WIN_VERSION}" "${LDFLAGS:=}"
DIST=${DIST:-$root/dist}
ARCH=amd64
stage=$root/build/stage/windows
WAILS=${WAILS:-$(go env GOPATH)/bin/wails}

say() { printf 'package-windows: %s\n' "$*"; }
fail() {
	printf 'package-windows: ERROR: %s\n' "$*" >&2
	exit 1
}

[ -x "$WAILS" ] || fail "no Wails CLI at $WAILS: run scripts/install-deps.sh --packaging"
command -v makensis >/dev/null 2>&1 || fail "makensis not found: apt-get install nsis (or scripts/install-deps.sh --packaging)"
[ -f frontend/dist/index.html ] || fail "frontend/dist is not built: run make frontend"

# The numeric version resources need: 1.2.3 of 1.2.3.4 for wails.json (Wails appends .0 in the
# manifest and the installer), all four for the executable's file version.
base=${WIN_VERSION%.*}

rm -rf "$stage"
mkdir -p "$stage" "$DIST"
# Everything the Go build embeds or Wails reads; not the npm packages, git or earlier outputs.
tar -C "$root" --exclude=./.git --exclude=./frontend/node_modules --exclude=./e2e/node_modules \
	--exclude=./build/bin --exclude=./build/stage --exclude=./build/test-artifacts --exclude=./dist \
	--exclude=./.cache -cf - . | tar -C "$stage" -xf -

# set FILE FROM TO: replace a literal string, and fail if it was not there (a template changed).
set_in() {
	local file=$1 from=$2 to=$3
	grep -qF -- "$from" "$file" || fail "$file no longer has $from: update scripts/package-windows.sh"
	FROM=$from TO=$to perl -0pi -e 's/\Q$ENV{FROM}\E/$ENV{TO}/g' "$file"
}
set_in "$stage/wails.json" "$(grep -o '"productVersion": *"[^"]*"' wails.json)" "\"productVersion\": \"$base\""
set_in "$stage/build/windows/info.json" '"file_version": "{{.Info.ProductVersion}}"' "\"file_version\": \"$WIN_VERSION\""
set_in "$stage/build/windows/info.json" '"ProductVersion": "{{.Info.ProductVersion}}"' "\"ProductVersion\": \"$VERSION\""
printf '!define INFO_PRODUCTVERSION "%s"\n!define FILE_VERSION "%s"\n' "$VERSION" "$WIN_VERSION" \
	>"$stage/build/windows/installer/version.nsh"

say "wails build windows/$ARCH, version $VERSION ($WIN_VERSION)"
(
	cd "$stage"
	# -s: the frontend is built already; -skipbindings: frontend/wailsjs is committed;
	# -m, -nosyncgomod: leave go.mod alone; webkit2_41 (wails.json) only matters on Linux.
	"$WAILS" build -platform "windows/$ARCH" -o paperboy.exe -s -skipbindings -m -nosyncgomod -trimpath \
		-nsis -installscope user -webview2 download -ldflags "$LDFLAGS" -v 1 -nocolour
)

exe=$stage/build/bin/paperboy.exe
installer=$stage/build/bin/paperboy-$ARCH-installer.exe
[ -f "$exe" ] || fail "wails build wrote no $exe"
[ -f "$installer" ] || fail "wails build wrote no $installer"
cp "$exe" "$DIST/paperboy-$VERSION-windows-$ARCH.exe"
cp "$installer" "$DIST/paperboy-$VERSION-windows-$ARCH-installer.exe"
say "wrote $DIST/paperboy-$VERSION-windows-$ARCH.exe and $DIST/paperboy-$VERSION-windows-$ARCH-installer.exe"
