#!/bin/sh
# autogen.sh -- bootstrap the build system from a git checkout:
# generates configure, Makefile.in, build-aux/ and the libtool/pkg-config
# macros in m4/.  Needs autoconf, automake, libtool and pkg-config
# (tools/install-deps.sh installs them).  Release tarballs do not need it.
set -eu
cd "$(dirname "$0")"

for tool in autoreconf autoconf automake aclocal libtoolize; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "autogen.sh: '$tool' not found; run tools/install-deps.sh" >&2
        exit 1
    fi
done

mkdir -p build-aux m4
autoreconf --force --install --verbose
echo "autogen.sh: done; now run ./configure && make"
