#!/usr/bin/env bash
# Refuses to release a tagged version that the AppStream metainfo does not list: software centres
# show its <releases>, so every tag needs a <release version="…" date="…"> there first.
# Untagged builds (1.2.3-4-gabc1234, 0.0.0-N-g…) are development builds and pass.
#
#   scripts/check-release.sh VERSION
set -euo pipefail
cd "$(dirname "$0")/.."
v=${1:?usage: check-release.sh VERSION}
metainfo=build/linux/io.github.paperboy_reader.paperboy.metainfo.xml
case "$v" in
*-*-g* | *-dirty | dev) exit 0 ;;
esac
if ! grep -q "<release version=\"$v\"" "$metainfo"; then
	echo "check-release: $metainfo has no <release version=\"$v\" date=\"YYYY-MM-DD\">: add one with its notes" >&2
	exit 1
fi
