#!/usr/bin/env bash
# CI's proof that the packages work, run by .ci/run after `make test` (as root: it installs the .deb).
#   1. make package: the .deb and the tarball
#   2. apt-get install ./dist/paperboy_….deb; the files are where desktops look; /usr/bin/paperboy version
#   3. the desktop smoke test against the installed binary, started by the .desktop file's Exec line
#   4. apt-get remove paperboy: every file it installed is gone
#   5. make package-windows: paperboy.exe and the installer are x86-64 PE files with icon and version,
#      and the installer carries that very paperboy.exe
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export DEBIAN_FRONTEND=noninteractive

passed=0
failed=0
pass() {
	passed=$((passed + 1))
	echo "PASS: $* (at ${SECONDS}s)"
}
fail() {
	failed=$((failed + 1))
	echo "FAIL: $*"
	exit 1
}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/paperboy-ci-packages.XXXXXX")
finish() {
	local rc=$?
	if dpkg-query -W -f='${Status}' paperboy 2>/dev/null | grep -q 'ok installed'; then
		apt-get remove -y -q paperboy >/dev/null 2>&1 || true # never leave the package behind
	fi
	rm -rf "$tmp"
	echo "ci-packages: $passed passed, $failed failed"
	exit "$rc"
}
trap finish EXIT

[ "$(id -u)" -eq 0 ] || fail "run as root: it installs and removes the .deb"

version=$(scripts/version.sh)
deb_version=$(scripts/version.sh --deb "$version")
win_version=$(scripts/version.sh --windows "$version")
app_id=io.github.paperboy_reader.paperboy

# --- the .deb ---------------------------------------------------------------------------------
make package VERSION="$version"
deb=dist/paperboy_${deb_version}_amd64.deb
tarball=dist/paperboy-$version-linux-amd64.tar.gz
[ -f "$deb" ] || fail "make package wrote no $deb"
[ -f "$tarball" ] || fail "make package wrote no $tarball"
pass "built $deb and $tarball"

diff <(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|; s|/$||' | grep -v '^/usr$' | sed 's|^/usr/||' | sort) \
	<(tar -tzf "$tarball" | sed 's|^[^/]*/||; s|/$||' | grep -v '^$' | sort) >"$tmp/diff" ||
	fail "the tarball and the .deb hold different files: $(cat "$tmp/diff")"
pass "the tarball holds the same files as the .deb"

apt-get install -y -q "./$deb" >"$tmp/apt-install.log" 2>&1 || {
	cat "$tmp/apt-install.log"
	fail "apt-get install ./$deb"
}
pass "apt-get install ./$deb"

dpkg -L paperboy >"$tmp/files"
want=(/usr/bin/paperboy /usr/share/applications/paperboy.desktop "/usr/share/metainfo/$app_id.metainfo.xml"
	/usr/share/man/man1/paperboy.1.gz /usr/share/icons/hicolor/scalable/apps/paperboy.svg)
for s in 16 22 24 32 48 64 128 256 512; do want+=("/usr/share/icons/hicolor/${s}x$s/apps/paperboy.png"); done
for f in "${want[@]}"; do
	if ! grep -qxF "$f" "$tmp/files" || [ ! -f "$f" ]; then fail "the package did not install $f"; fi
done
pass "installed the binary, menu entry, metainfo, man page and ${#want[@]} files in all"
desktop-file-validate /usr/share/applications/paperboy.desktop || fail "installed .desktop file is invalid"
appstreamcli validate --no-net "/usr/share/metainfo/$app_id.metainfo.xml" >/dev/null ||
	fail "installed metainfo is invalid"
pass "installed .desktop file and metainfo validate"

out=$(/usr/bin/paperboy version)
echo "  /usr/bin/paperboy version: $out"
[[ $out == *"$version"* ]] || fail "paperboy version says '$out', want it to name $version"
pass "/usr/bin/paperboy version names $version"

# The menu's command line: Exec= of [Desktop Entry], less its field codes (%U and the like),
# run from a PATH as a desktop's launcher has it. The wrapper execs it, so the smoke test watches
# the very process the menu entry starts.
exec_line=$(sed -n '/^\[Desktop Entry\]/,/^\[/{s/^Exec=//p}' /usr/share/applications/paperboy.desktop)
exec_line=$(printf '%s' "$exec_line" | sed 's/ %[fFuUdDnNickvm]//g')
[ -n "$exec_line" ] || fail "no Exec line in the installed .desktop file"
resolved=$(PATH=/usr/local/bin:/usr/bin:/bin && command -v "${exec_line%% *}") || fail "Exec command '$exec_line' is not on PATH"
[ "$resolved" = /usr/bin/paperboy ] || fail "Exec runs $resolved, not the packaged /usr/bin/paperboy"
printf '#!/bin/sh\n# started as the menu entry does: Exec=%s\nPATH=/usr/local/bin:/usr/bin:/bin\nexec %s "$@"\n' \
	"$exec_line" "$exec_line" >"$tmp/from-desktop-entry"
chmod +x "$tmp/from-desktop-entry"
PAPERBOY_BIN=$tmp/from-desktop-entry SMOKE_SHOT=$root/build/test-artifacts/smoke-installed.png \
	scripts/smoke-desktop.sh || fail "desktop smoke test of the installed package"
pass "the installed package opens its window from the menu entry's Exec ($exec_line)"

apt-get remove -y -q paperboy >"$tmp/apt-remove.log" 2>&1 || {
	cat "$tmp/apt-remove.log"
	fail "apt-get remove paperboy"
}
if dpkg-query -W -f='${Status}' paperboy 2>/dev/null | grep -q 'ok installed'; then
	fail "paperboy is still installed after apt-get remove"
fi
left=()
while read -r f; do
	[ -d "$f" ] && continue # shared directories like /usr/share/icons stay
	[ -e "$f" ] && left+=("$f")
done <"$tmp/files"
[ "${#left[@]}" -eq 0 ] || fail "apt-get remove left ${left[*]}"
pass "apt-get remove paperboy left none of the files it had installed"

# --- Windows ----------------------------------------------------------------------------------
make package-windows VERSION="$version"
exe=dist/paperboy-$version-windows-amd64.exe
installer=dist/paperboy-$version-windows-amd64-installer.exe
go run ./scripts/pecheck -gui -version "$win_version" "$exe" || fail "$exe"
go run ./scripts/pecheck -version "$win_version" "$installer" || fail "$installer"
pass "paperboy.exe and the installer are x86-64 PE files with icon and version $win_version"
mkdir "$tmp/installer"
7z x -y -o"$tmp/installer" "$installer" >"$tmp/7z.log" || {
	cat "$tmp/7z.log"
	fail "7z cannot unpack $installer"
}
cmp -s "$tmp/installer/paperboy.exe" "$exe" || fail "the installer does not carry $exe"
[ -f "$tmp/installer/uninstall.exe" ] || fail "the installer has no uninstaller"
pass "the installer carries that paperboy.exe and an uninstaller"
# What the installer does is compiled in, compressed; makensis -V4 lists it. Recompile the script the
# installer was built from (in Wails' staging copy, with Wails' arguments) and read the list.
nsis_dir=build/stage/windows/build/windows/installer
(cd "$nsis_dir" && makensis -V4 -DARG_WAILS_AMD64_BINARY=../../bin/paperboy.exe -DWAILS_INSTALL_SCOPE=user \
	-DREQUEST_EXECUTION_LEVEL=user project.nsi) >"$tmp/nsis.log" 2>&1 || {
	tail -20 "$tmp/nsis.log"
	fail "makensis $nsis_dir/project.nsi"
}
# shellcheck disable=SC2016 # NSIS variables, literally
for want in 'CreateShortcut: "$SMPROGRAMS\Paperboy.lnk"->"$INSTDIR\paperboy.exe"' \
	'Delete: "$SMPROGRAMS\Paperboy.lnk"' 'InstallDir: "$LOCALAPPDATA\Programs\Paperboy"'; do
	grep -qF -- "$want" "$tmp/nsis.log" || fail "the installer script lacks: $want"
done
if grep -iF 'RMDir' "$tmp/nsis.log" | grep -iqE 'APPDATA\\paperboy"|APPDATA\\paperboy$'; then
	fail "the uninstaller would delete the library in %AppData%\\paperboy"
fi
pass "the installer adds a Start-menu entry, installs per user, and its uninstaller removes the entry but not the library"
