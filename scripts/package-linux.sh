#!/usr/bin/env bash
# Builds the Linux packages from build/bin/paperboy: lays the files out with scripts/install.sh
# (PREFIX=/usr into build/stage/linux), checks the menu entry and the AppStream metainfo, then writes
#   dist/paperboy_$DEB_VERSION_$ARCH.deb            with the pinned nfpm (build/linux/nfpm.yaml)
#   dist/paperboy-$VERSION-linux-$ARCH.tar.gz       the same files under paperboy-$VERSION-linux-$ARCH/
# `make package` runs it with VERSION, DEB_VERSION, ARCH, DIST, BIN and NFPM set. Both archives are
# reproducible: file times are $SOURCE_DATE_EPOCH, owners root, entries sorted.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
: "${VERSION:?}" "${DEB_VERSION:?}" "${ARCH:=amd64}" "${DIST:=dist}" "${BIN:=build/bin/paperboy}"
: "${NFPM:?set NFPM to the nfpm command}" "${SOURCE_DATE_EPOCH:?}"
APP_ID=io.github.paperboy_reader.paperboy
stage=build/stage/linux

say() { printf 'package: %s\n' "$*"; }

rm -rf "$stage"
mkdir -p "$DIST"
# A package's menu entry runs `paperboy` from PATH (/usr/bin), as distributions' packages do.
DESTDIR=$stage PREFIX=/usr DESKTOP_EXEC=paperboy BIN=$BIN scripts/install.sh install >/dev/null

desktop-file-validate "$stage/usr/share/applications/paperboy.desktop"
appstreamcli validate --no-net --pedantic "$stage/usr/share/metainfo/$APP_ID.metainfo.xml" >/dev/null || {
	appstreamcli validate --no-net --pedantic --explain "$stage/usr/share/metainfo/$APP_ID.metainfo.xml"
	exit 1
}
say "menu entry and metainfo valid"

deb=$DIST/paperboy_${DEB_VERSION}_$ARCH.deb
rm -f "$deb"
ARCH=$ARCH DEB_VERSION=$DEB_VERSION $NFPM package --config build/linux/nfpm.yaml \
	--packager deb --target "$deb"

name=paperboy-$VERSION-linux-$ARCH
tarball=$DIST/$name.tar.gz
find "$stage/usr" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
tar -C "$stage" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
	--transform "s|^usr|$name|" -cf - usr | gzip -9n >"$tarball"
say "wrote $deb and $tarball"
