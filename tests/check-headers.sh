#!/bin/sh
# check-headers.sh -- the public headers compile on their own, twice in a
# row, as C89 (-std=c89 -pedantic -Werror) and as C++ (-std=c++98 and
# -std=c++11, -pedantic -Wall -Wextra -Werror), and every exported
# function (the global names of the version scripts) is declared with C
# linkage in C++: an object file that references them all, compiled as
# C++, must ask for the plain names, not mangled ones.  The written-out
# enum calfpump_status must match CALFPUMP_STATUS_LIST.
#
# Run by "make check" (AM_TESTS_ENVIRONMENT exports top_srcdir,
# top_builddir, CC and NM).  The C++ compiler is $CXX, else g++, clang++
# or c++ from PATH; without one only the C part runs.
# Exit status: 0 pass, 1 fail, 77 skip, 99 hard error.
set -u
LC_ALL=C
export LC_ALL

srcdir_top=${top_srcdir:-.}
builddir_top=${top_builddir:-.}
cc=${CC:-cc}
nm_cmd=${NM:-nm}
maps="$srcdir_top/libcalfpump/libcalfpump.map $srcdir_top/cvode/libcalfpump_cvode.map"

cxx=${CXX:-}
if [ -z "$cxx" ]; then
    for c in g++ clang++ c++; do
        if command -v "$c" >/dev/null 2>&1; then cxx=$c; break; fi
    done
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cfp-headers.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM
inc="-I$srcdir_top/include -I$builddir_top/include"
CFLAGS89="-std=c89 -pedantic -Wall -Wextra -Werror"
CXXFLAGS_W="-pedantic -Wall -Wextra -Werror"

# The compilers must take the flags at all (GCC and Clang do).
echo 'typedef int cfp_probe;' > "$tmp/probe.c"
# shellcheck disable=SC2086
if ! $cc $CFLAGS89 -c "$tmp/probe.c" -o "$tmp/probe.o" 2>/dev/null; then
    echo "SKIP: $cc does not accept $CFLAGS89"
    exit 77
fi
if [ -n "$cxx" ]; then
    cp "$tmp/probe.c" "$tmp/probe.cc"
    # shellcheck disable=SC2086
    if ! $cxx -std=c++98 $CXXFLAGS_W -c "$tmp/probe.cc" -o "$tmp/probe.o" 2>/dev/null; then
        echo "note: $cxx does not accept -std=c++98 $CXXFLAGS_W: C++ not tested"
        cxx=
    fi
else
    echo "note: no C++ compiler found (set CXX): C++ not tested"
fi

headers=$( { (cd "$srcdir_top/include" && find . -name '*.h')
             (cd "$builddir_top/include" 2>/dev/null && find . -name '*.h'); } |
           sed 's|^\./||' | sort -u)
if [ -z "$headers" ]; then
    echo "check-headers: no headers under $srcdir_top/include" >&2
    exit 99
fi

fail=0
# compile LANG STD FILE: compile FILE, print the command and any errors.
compile() {
    if [ "$1" = c ]; then
        set -- "$cc" "-std=$2" -pedantic -Wall -Wextra -Werror "$3"
    else
        set -- "$cxx" "-std=$2" -pedantic -Wall -Wextra -Werror "$3"
    fi
    # shellcheck disable=SC2086
    if "$@" $inc -c -o "$tmp/out.o" > "$tmp/err" 2>&1; then
        return 0
    fi
    echo "FAIL: $*"
    cat "$tmp/err"
    fail=1
    return 1
}

n=0
for h in $headers; do
    n=$((n + 1))
    {
        printf '#include <%s>\n#include <%s>\n' "$h" "$h"
        echo '/* ISO C: a translation unit must not be empty. */'
        echo 'typedef int cfp_header_test;'
    } > "$tmp/h$n.c"
    cp "$tmp/h$n.c" "$tmp/h$n.cc"
    compile c c89 "$tmp/h$n.c" && echo "ok: $h as C89"
    [ -n "$cxx" ] || continue
    for std in c++98 c++11; do
        compile cxx "$std" "$tmp/h$n.cc" && echo "ok: $h as $std"
    done
done

# The status enum is written out (C89 has no trailing comma): its names,
# values and documented texts must be the rows of CALFPUMP_STATUS_LIST.
header=$srcdir_top/include/calfpump.h
sed -n 's/^ *X(\(CALFPUMP_[A-Z_]*\), *\(-*[0-9]*\), *\("[^"]*"\)).*/\1 \2 \3/p' \
    "$header" > "$tmp/list"
sed -n 's|^ *\(CALFPUMP_[A-Z_]*\) *= *\(-*[0-9]*\),\{0,1\} */\*\*< calfpump_strerror(): \("[^"]*"\) \*/$|\1 \2 \3|p' \
    "$header" > "$tmp/enum"
if [ "$(wc -l < "$tmp/list")" -lt 15 ] || ! cmp -s "$tmp/list" "$tmp/enum"; then
    echo "FAIL: enum calfpump_status differs from CALFPUMP_STATUS_LIST (list <, enum >):"
    diff "$tmp/list" "$tmp/enum" | sed -n 's/^[<>]/  &/p'
    fail=1
else
    echo "ok: enum calfpump_status has the $(wc -l < "$tmp/list" | tr -d ' ') rows of CALFPUMP_STATUS_LIST"
fi

# Every exported function, referenced from one C and one C++ object.
sed -n 's/^[[:space:]]*\(calfpump_[A-Za-z0-9_]*\);.*/\1/p' $maps | sort -u > "$tmp/names"
if [ ! -s "$tmp/names" ]; then
    echo "check-headers: no names in $maps" >&2
    exit 99
fi
{
    for h in $headers; do printf '#include <%s>\n' "$h"; done
    echo 'typedef void (*cfp_fn)(void);'
    echo 'extern const cfp_fn cfp_refs[];'
    echo 'const cfp_fn cfp_refs[] = {'
    sed 's/.*/    (cfp_fn)\&&,/' "$tmp/names"
    echo '    0'
    echo '};'
} > "$tmp/refs.c"
cp "$tmp/refs.c" "$tmp/refs.cc"
for lang in c cxx; do
    if [ "$lang" = c ]; then std=c89; src=$tmp/refs.c; else std=c++11; src=$tmp/refs.cc; fi
    [ "$lang" = cxx ] && [ -z "$cxx" ] && continue
    compile "$lang" "$std" "$src" || continue
    # shellcheck disable=SC2086
    $nm_cmd "$tmp/out.o" | awk '$(NF-1) == "U" { print $NF }' | sort -u > "$tmp/undef"
    if ! cmp -s "$tmp/names" "$tmp/undef"; then
        echo "FAIL: as $std, the references to the exported functions are not their plain names:"
        diff "$tmp/names" "$tmp/undef" | sed -n 's/^[<>]/  &/p'
        fail=1
    else
        echo "ok: $(wc -l < "$tmp/names" | tr -d ' ') exported functions referenced with C linkage as $std"
    fi
done
exit $fail
