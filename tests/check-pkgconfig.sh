#!/bin/sh
# check-pkgconfig.sh -- calfpump.pc and calfpump_cvode.pc as configure wrote
# them: "pkg-config --validate" passes; calfpump.pc has a URL field and a
# pkgdatadir variable that names the directory where "make install" puts
# default-leg.cfp and calfpump_data_dir() looks (make's pkgdatadir), and
# that follows --define-variable=prefix; calfpump_cvode.pc pulls in
# calfpump (Requires).
#
# Run by "make check" (AM_TESTS_ENVIRONMENT exports top_builddir,
# PKG_CONFIG, and make's prefix, pkgdatadir and PACKAGE_URL as
# cfp_prefix, cfp_pkgdatadir and cfp_package_url).
# Exit status: 0 pass, 1 fail, 77 skip, 99 hard error.
set -u
LC_ALL=C
export LC_ALL

builddir_top=${top_builddir:-.}
pc=$builddir_top/calfpump.pc
pc_cvode=$builddir_top/calfpump_cvode.pc

if [ -z "${PKG_CONFIG:-}" ]; then
    echo "SKIP: configure found no pkg-config"
    exit 77
fi
for v in cfp_prefix cfp_pkgdatadir; do
    eval "val=\${$v:-}"
    if [ -z "$val" ]; then
        echo "check-pkgconfig: $v not set (run by make check)" >&2
        exit 99
    fi
done
for f in "$pc" "$pc_cvode"; do
    [ -f "$f" ] || { echo "check-pkgconfig: $f not found" >&2; exit 99; }
done

fail=0
bad() { echo "FAIL: $*"; fail=1; }

for f in "$pc" "$pc_cvode"; do
    if $PKG_CONFIG --validate "$f"; then
        echo "ok: $PKG_CONFIG --validate $f"
    else
        bad "$PKG_CONFIG --validate $f"
    fi
done

got=$($PKG_CONFIG --variable=pkgdatadir "$pc")
if [ "$got" = "$cfp_pkgdatadir" ]; then
    echo "ok: pkgdatadir=$got"
else
    bad "pkgdatadir is '$got', make installs the data to '$cfp_pkgdatadir'"
fi

# Relative to prefix (as long as make's pkgdatadir is): a relocated or
# sysroot'ed installation finds its data too.
case $cfp_pkgdatadir in
"$cfp_prefix"/*)
    want=/cfp-elsewhere${cfp_pkgdatadir#"$cfp_prefix"}
    got=$($PKG_CONFIG --define-variable=prefix=/cfp-elsewhere --variable=pkgdatadir "$pc")
    if [ "$got" = "$want" ]; then
        echo "ok: with prefix=/cfp-elsewhere, pkgdatadir=$got"
    else
        bad "with prefix=/cfp-elsewhere, pkgdatadir is '$got', not '$want'"
    fi
    ;;
*)
    echo "note: pkgdatadir is not below prefix: relocation not tested"
    ;;
esac

line=$(grep '^URL:' "$pc")
if [ "$line" = "URL: ${cfp_package_url:-}" ] || [ "$line" = "URL:${cfp_package_url:-}" ]; then
    echo "ok: $line"
else
    bad "calfpump.pc: URL line is '$line', configure's PACKAGE_URL is '${cfp_package_url:-}'"
fi

libs=$(PKG_CONFIG_PATH=$builddir_top $PKG_CONFIG --libs calfpump_cvode)
case " $libs " in
*" -lcalfpump_cvode "*"-lcalfpump "*) echo "ok: calfpump_cvode --libs: $libs" ;;
*) bad "calfpump_cvode --libs gives '$libs' (-lcalfpump_cvode and -lcalfpump expected)" ;;
esac
exit $fail
