#!/usr/bin/env bash
# Prints the version facts the Makefile stamps into builds and packages.
#
#   scripts/version.sh                 version from git: 1.2.3 on tag v1.2.3, 1.2.3-4-gabc1234 after it,
#                                      0.0.0-N-gHASH before the first tag, -dirty with local changes
#   scripts/version.sh --commit        full commit hash (empty outside git)
#   scripts/version.sh --epoch         $SOURCE_DATE_EPOCH, else the commit's time (seconds since 1970)
#   scripts/version.sh --date EPOCH    that time as RFC 3339 UTC
#   scripts/version.sh --deb VERSION   a Debian version that sorts right: 1.2.3+4.gabc1234, 1.2.3~rc1
#   scripts/version.sh --windows VERSION  the four numbers Windows resources need: 1.2.3.4
#   scripts/version.sh --ldflags       the go build -X flags for internal/buildinfo (VERSION, COMMIT and
#                                      BUILD_DATE from the environment, else from git as above)
set -euo pipefail
cd "$(dirname "$0")/.."

in_git() { git rev-parse --git-dir >/dev/null 2>&1; }

# split VERSION into base (1.2.3), pre (rc1), count (4), hash (gabc1234) and dirty.
split() {
	local v=$1
	dirty=
	count=
	hash=
	pre=
	[[ $v == *-dirty ]] && dirty=1 && v=${v%-dirty}
	if [[ $v =~ ^(.*)-([0-9]+)-(g[0-9a-f]+)$ ]]; then
		v=${BASH_REMATCH[1]}
		count=${BASH_REMATCH[2]}
		hash=${BASH_REMATCH[3]}
	fi
	if [[ $v =~ ^([0-9]+\.[0-9]+\.[0-9]+)(-([0-9A-Za-z.]+))?$ ]]; then
		base=${BASH_REMATCH[1]}
		pre=${BASH_REMATCH[3]}
	else
		base=0.0.0 # "dev" and other hand-set strings
		pre=$(printf '%s' "$v" | tr -c '0-9A-Za-z.' '.')
	fi
}

case "${1:-}" in
"")
	if ! in_git; then
		echo dev
		exit 0
	fi
	if v=$(git describe --tags --match 'v[0-9]*' --dirty 2>/dev/null); then
		echo "${v#v}"
		exit 0
	fi
	# No release tag yet: count from the first commit, as if it were tagged v0.0.0.
	v="0.0.0-$(git rev-list --count HEAD)-g$(git rev-parse --short=7 HEAD)"
	git diff --quiet HEAD -- 2>/dev/null || v="$v-dirty"
	echo "$v"
	;;
--commit)
	if in_git; then git rev-parse HEAD; fi
	;;
--epoch)
	if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
		echo "$SOURCE_DATE_EPOCH"
	elif in_git; then
		git log -1 --format=%ct
	else
		date +%s
	fi
	;;
--date)
	e=${2:?--date needs seconds since 1970}
	date -u -d "@$e" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || date -u -r "$e" +%Y-%m-%dT%H:%M:%SZ
	;;
--deb)
	split "${2:?--deb needs a version}"
	v=$base
	[ -n "$pre" ] && v="$v~$pre"
	[ -n "$count" ] && v="$v+$count.$hash"
	if [ -n "$dirty" ]; then
		if [ -n "$count" ]; then v="$v.dirty"; else v="$v+dirty"; fi
	fi
	echo "$v"
	;;
--windows)
	split "${2:?--windows needs a version}"
	echo "$base.${count:-0}"
	;;
--ldflags)
	pkg=github.com/paperboy-reader/paperboy/internal/buildinfo
	v=${VERSION:-$("$0")}
	c=${COMMIT-$("$0" --commit)}
	d=${BUILD_DATE:-$("$0" --date "$("$0" --epoch)")}
	echo "-X $pkg.Version=$v -X $pkg.Commit=$c -X $pkg.Date=$d"
	;;
-h | --help)
	sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
	;;
*)
	echo "version.sh: unknown option $1 (try --help)" >&2
	exit 2
	;;
esac
