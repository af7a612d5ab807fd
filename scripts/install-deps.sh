#!/usr/bin/env bash
# Installs what Paperboy needs to build, run and test. Idempotent and quick when all is present:
# it asks dpkg first and only runs apt-get when something is missing.
#
#   scripts/install-deps.sh              everything (build + tests)
#   scripts/install-deps.sh --build-only system libs + frontend packages (enough for `make run`)
#   scripts/install-deps.sh --no-system  skip OS packages (frontend packages and tool checks only)
#   scripts/install-deps.sh --with-wails also install the pinned Wails CLI (for `make dev`)
#   scripts/install-deps.sh --packaging  also the package tools: desktop-file-utils, appstream, nsis, 7z, Wails CLI
#   scripts/install-deps.sh --check      only report what is missing; exit 1 if anything is
set -euo pipefail

WAILS_VERSION=v2.16.0
GO_MIN=1.26
NODE_MIN=20

BUILD_PKGS=(build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.1-dev)
TEST_PKGS=(xvfb xauth xdotool imagemagick dbus dbus-x11 chromium fonts-dejavu-core python3-xlib desktop-file-utils gnome-keyring)
PACKAGE_PKGS=(desktop-file-utils appstream nsis p7zip-full)

mode=all
system=1
with_wails=0
packaging=0
check_only=0
for arg in "$@"; do
	case "$arg" in
	--build-only | --runtime-only) mode=build ;;
	--no-system) system=0 ;;
	--with-wails) with_wails=1 ;;
	--packaging)
		packaging=1
		with_wails=1
		;;
	--check) check_only=1 ;;
	-h | --help)
		sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	*)
		echo "install-deps: unknown option $arg (try --help)" >&2
		exit 2
		;;
	esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
say() { printf 'install-deps: %s\n' "$*"; }
fail() {
	printf 'install-deps: ERROR: %s\n' "$*" >&2
	exit 1
}

# version_ge A B: is dotted version A >= B?
version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

# --- toolchains -------------------------------------------------------------------------------

check_go() {
	if ! command -v go >/dev/null 2>&1; then
		fail "Go $GO_MIN or newer is required but 'go' is not on PATH.
  Install it from the official tarball (https://go.dev/doc/install), e.g.:
    curl -LO https://go.dev/dl/go1.26.0.linux-amd64.tar.gz && sudo rm -rf /usr/local/go && sudo tar -C /usr/local -xzf go1.26.0.linux-amd64.tar.gz
    export PATH=\$PATH:/usr/local/go/bin:\$HOME/go/bin"
	fi
	local v
	v=$(go env GOVERSION | sed 's/^go//')
	version_ge "$v" "$GO_MIN" || fail "Go $GO_MIN or newer is required, found $v (see https://go.dev/doc/install)."
	say "go $v ok"
}

check_node() {
	if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
		fail "Node.js $NODE_MIN or newer (with npm) is required but was not found.
  Debian/Ubuntu: install Node $NODE_MIN+ from NodeSource or your distribution (apt-get install nodejs npm on Debian 13+),
  macOS: brew install node, or use a version manager (nvm, fnm, volta)."
	fi
	local v
	v=$(node --version | sed 's/^v//')
	version_ge "$v" "$NODE_MIN" || fail "Node.js $NODE_MIN or newer is required, found $v."
	say "node $v, npm $(npm --version) ok"
}

# --- OS packages ------------------------------------------------------------------------------

missing_debs() {
	local p
	for p in "$@"; do
		if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
			printf '%s\n' "$p"
		fi
	done
}

install_system() {
	local want=("${BUILD_PKGS[@]}")
	[ "$mode" = all ] && want+=("${TEST_PKGS[@]}")
	[ "$packaging" = 1 ] && want+=("${PACKAGE_PKGS[@]}")

	local os
	os=$(uname -s)
	case "$os" in
	Darwin)
		say "macOS: install Xcode command line tools (xcode-select --install); WebKit comes with the OS."
		[ "$mode" = all ] && say "the desktop smoke test needs X11 (Linux only); 'make test-go test-frontend' works on macOS."
		return 0
		;;
	MINGW* | MSYS* | CYGWIN* | Windows_NT)
		say "Windows: install the WebView2 runtime (it ships with Windows 11); no C toolchain is needed."
		say "the desktop smoke test needs X11 (Linux only); 'make test-go test-frontend' works on Windows."
		return 0
		;;
	esac
	if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
		say "not a Debian/Ubuntu system: install these with your package manager (names differ by distro):"
		say "  a C compiler, pkg-config, GTK 3 development files, WebKitGTK 4.1 development files"
		say "  (Fedora: gcc pkgconf-pkg-config gtk3-devel webkit2gtk4.1-devel;"
		say "   Arch: base-devel pkgconf gtk3 webkit2gtk-4.1)"
		[ "$mode" = all ] && say "  for tests: Xvfb, xauth, xdotool, ImageMagick, dbus (with dbus-launch), Chromium, DejaVu fonts"
		return 0
	fi

	local missing
	mapfile -t missing < <(missing_debs "${want[@]}")
	if [ "${#missing[@]}" -eq 0 ]; then
		say "system packages ok (${#want[@]} checked)"
		return 0
	fi
	say "missing system packages: ${missing[*]}"
	if [ "$check_only" = 1 ]; then
		return 1
	fi

	local sudo=()
	if [ "$(id -u)" -ne 0 ]; then
		if command -v sudo >/dev/null 2>&1; then
			sudo=(sudo)
		else
			fail "not root and no sudo; run as root:
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
		fi
	fi
	# On Ubuntu, Debian's "chromium" is a snap shim; chromium-browser is the same. Fine either way.
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
	say "installed: ${missing[*]}"
}

# --- npm --------------------------------------------------------------------------------------

# npm_ci DIR: run `npm ci` when node_modules is missing or older than package-lock.json.
npm_ci() {
	local dir=$1
	if [ ! -f "$dir/package.json" ]; then
		say "$(basename "$dir")/package.json not present yet: skipping npm install there"
		return 0
	fi
	if [ -d "$dir/node_modules" ] && [ -f "$dir/package-lock.json" ] &&
		[ ! "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ] &&
		[ -f "$dir/node_modules/.package-lock.json" ]; then
		say "$(basename "$dir")/node_modules up to date"
		return 0
	fi
	if [ "$check_only" = 1 ]; then
		say "$(basename "$dir")/node_modules missing or stale"
		return 1
	fi
	say "npm ci in $(basename "$dir")/"
	if [ -f "$dir/package-lock.json" ]; then
		if ! (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error 2>"$dir/.npm-ci.err"); then
			# npm ci refuses a lock that lacks an optional dependency the registry does not have
			# (e.g. vite 8.4's napi-windows-process-start-time), although npm install accepts it.
			# Fall back to npm install, which still follows the lock, and say so loudly.
			sed -n '1,12p' "$dir/.npm-ci.err" | sed 's/^/  npm ci: /' >&2
			say "WARNING: npm ci failed in $(basename "$dir")/; falling back to npm install. Fix the lock file."
			(cd "$dir" && npm install --no-audit --no-fund --loglevel=error)
		fi
		rm -f "$dir/.npm-ci.err"
	else
		(cd "$dir" && npm install --no-audit --no-fund --loglevel=error)
	fi
}

# --- Wails CLI --------------------------------------------------------------------------------

install_wails() {
	local bin
	bin="$(go env GOPATH)/bin"
	if command -v wails >/dev/null 2>&1 && wails version 2>/dev/null | grep -q "$WAILS_VERSION"; then
		say "wails $WAILS_VERSION ok"
		return 0
	fi
	if [ -x "$bin/wails" ] && "$bin/wails" version 2>/dev/null | grep -q "$WAILS_VERSION"; then
		say "wails $WAILS_VERSION ok in $bin (add it to PATH: export PATH=\$PATH:$bin)"
		return 0
	fi
	[ "$check_only" = 1 ] && {
		say "wails $WAILS_VERSION missing"
		return 1
	}
	say "installing Wails CLI $WAILS_VERSION into $bin"
	go install "github.com/wailsapp/wails/v2/cmd/wails@$WAILS_VERSION"
	case ":$PATH:" in *":$bin:"*) ;; *) say "add $bin to PATH to use 'wails' directly" ;; esac
}

# --- main -------------------------------------------------------------------------------------

status=0
check_go
check_node
if [ "$system" = 1 ]; then
	install_system || status=1
fi
npm_ci "$root/frontend" || status=1
if [ "$mode" = all ] && [ -f "$root/e2e/package-lock.json" ]; then
	npm_ci "$root/e2e" || status=1
fi
if [ "$with_wails" = 1 ]; then
	install_wails || status=1
fi
exit "$status"
