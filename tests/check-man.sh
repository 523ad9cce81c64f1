#!/bin/sh
# check-man.sh -- the manual pages cover the API and are clean:
#  1. every exported function (the symbol maps libcalfpump/libcalfpump.map
#     and cvode/libcalfpump_cvode.map, and "nm -D" of the shared libraries
#     when they are built) has a page man/man3/NAME.3, either its own or a
#     one-line link ".so man3/GROUP.3", and the page it leads to names the
#     function in its NAME section and declares it in its SYNOPSIS;
#  2. every link page leads to an existing page that names it, every
#     page is installed (listed in man/local.mk), and no page nests quote
#     macros on one line (".It Qq walk , Qq run" renders "walk, "run"");
#  3. every activity of the activity registry (libcalfpump/drive/
#     activities.c) and every metric of the metric registry
#     (libcalfpump/metrics/registry.c) is described in its page;
#  4. "mandoc -Tlint" reports nothing on any page, when mandoc is
#     installed (skipped otherwise).  Two messages are not faults: a
#     cross-reference to another page of this tree, which mandoc looks for
#     among the installed manuals only, and ".so is fragile" on a link page.
#
# Run by "make check" (AM_TESTS_ENVIRONMENT exports top_srcdir,
# top_builddir and NM).  By hand, from the top of the source tree:
#   sh tests/check-man.sh
# Exit status: 0 pass, 1 fail, 99 hard error.

set -u
LC_ALL=C
export LC_ALL

srcdir_top=${top_srcdir:-.}
builddir_top=${top_builddir:-.}
man=$srcdir_top/man

for f in "$srcdir_top/libcalfpump/libcalfpump.map" "$srcdir_top/cvode/libcalfpump_cvode.map" \
         "$man/local.mk" "$man/man3/calfpump.3"; do
    if [ ! -f "$f" ]; then
        echo "check-man: $f not found" >&2
        exit 99
    fi
done

tmp=${TMPDIR:-/tmp}/cfp-man.$$
mkdir "$tmp" || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM

status=0
fail() {
    echo "FAIL: $*"
    status=1
}

# --- 1. exported symbols ------------------------------------------------
sed -n 's/^[[:space:]]*\(calfpump_[A-Za-z0-9_]*\);.*/\1/p' \
    "$srcdir_top/libcalfpump/libcalfpump.map" "$srcdir_top/cvode/libcalfpump_cvode.map" \
    > "$tmp/symbols"
nm_cmd=${NM:-nm}
for lib in "$builddir_top/.libs/libcalfpump.so" "$builddir_top/.libs/libcalfpump_cvode.so"; do
    [ -f "$lib" ] || continue
    # shellcheck disable=SC2086
    if ! $nm_cmd -D --defined-only "$lib" > "$tmp/nm.out" 2> "$tmp/nm.err"; then
        cat "$tmp/nm.err" >&2
        echo "check-man: '$nm_cmd -D --defined-only $lib' failed" >&2
        exit 99
    fi
    # BSD format: [VALUE] TYPE NAME; type A entries are version nodes.
    awk 'NF >= 2 && $(NF-1) != "A" { sub(/@.*/, "", $NF); print $NF }' "$tmp/nm.out" \
        >> "$tmp/symbols"
    echo "(symbols of $lib included)"
done
sort -u "$tmp/symbols" > "$tmp/symbols.sorted"
nsym=$(grep -c . "$tmp/symbols.sorted")
if [ "$nsym" -lt 100 ]; then
    fail "only $nsym exported symbols found: the symbol maps could not be read"
fi

# is_link PAGE: PAGE is a link page (exactly one line, ".so man3/X.3").
is_link() {
    [ "$(grep -c . "$1")" -eq 1 ] && grep -q '^\.so man3/[A-Za-z0-9_]*\.3$' "$1"
}
# target PAGE: the page a link page leads to.
target() {
    echo "$man/$(sed 's/^\.so //' "$1")"
}
# names PAGE: the names of the NAME section.
names() {
    awk '/^\.Sh / { in_name = ($2 == "NAME") } in_name && /^\.Nm / { print $2 }' "$1"
}
# declares PAGE NAME: the SYNOPSIS declares the function NAME.
declares() {
    awk -v n="$2" '/^\.Sh / { syn = ($2 == "SYNOPSIS") }
        syn && ($1 == ".Fn" || $1 == ".Fo") && $2 == n { found = 1 }
        END { exit !found }' "$1"
}

missing=0
while IFS= read -r sym; do
    page=$man/man3/$sym.3
    if [ ! -f "$page" ]; then
        fail "$sym is exported but has no manual page (man/man3/$sym.3)"
        missing=$((missing + 1))
        continue
    fi
    if is_link "$page"; then
        page=$(target "$page")
        if [ ! -f "$page" ] || is_link "$page"; then
            fail "man/man3/$sym.3 leads to $page, which is not a page"
            continue
        fi
    fi
    names "$page" | grep -qx "$sym" || fail "$page does not name $sym in its NAME section"
    declares "$page" "$sym" || fail "$page does not declare $sym in its SYNOPSIS"
done < "$tmp/symbols.sorted"

# --- 2. link pages and installation ---------------------------------------
npages=0
nlinks=0
for page in "$man"/man1/*.1 "$man"/man3/*.3; do
    base=${page##*/}
    npages=$((npages + 1))
    sect=${base##*.}
    grep -q "man/man$sect/$base\\( \\|\$\\)" "$man/local.mk" ||
        fail "man/man$sect/$base is not listed in man/local.mk (not installed)"
    if is_link "$page"; then
        nlinks=$((nlinks + 1))
        t=$(target "$page")
        if [ ! -f "$t" ] || is_link "$t"; then
            fail "man/man3/$base leads to $t, which is not a page"
        elif ! names "$t" | grep -qx "${base%.3}"; then
            fail "man/man3/$base leads to $t, which does not name ${base%.3}"
        fi
    fi
done

# ".Qq a , Qq b" quotes b inside a: it renders as "a, "b"" (calfpump.3 of
# 0.1 had it).  Quote each item on a line of its own, or use Qo/Qc.
nested=$(grep -n '\(Qq\|Dq\|Sq\) [^ ]* , \(Qq\|Dq\|Sq\) ' "$man"/man1/*.1 "$man"/man3/*.3)
[ -z "$nested" ] || fail "nested quotes (use one quote macro per line):
$nested"

# --- 3. the registries against their pages --------------------------------
acts=$(sed -n '/^#define CFP_ACTIVITIES(X)/,/[^\\]$/p' \
           "$srcdir_top/libcalfpump/drive/activities.c" | grep -o 'X([a-z_0-9]*)' |
       sed 's/^X(\(.*\))$/\1/')
[ -n "$acts" ] || fail "no activity found in libcalfpump/drive/activities.c"
for a in $acts; do
    grep -q "^\\.It Qq $a\$" "$man/man3/calfpump_activity.3" ||
        fail "activity '$a' is not described in man/man3/calfpump_activity.3"
done
metrics=$(sed -n 's/^ *[A-Z]*_("\([a-z_.*]*\)".*/\1/p' "$srcdir_top/libcalfpump/metrics/registry.c")
[ -n "$metrics" ] || fail "no metric found in libcalfpump/metrics/registry.c"
for m in $metrics; do
    case $m in
    *'*'*)  # per element: "reflux.*.volume" is on the ".It Cm reflux" line
        pre=${m%%.*}
        suf=${m##*.}
        grep "^\\.It Cm $pre \\. Ns Ar [A-Z]* \\. Ns Cm " "$man/man3/calfpump_metric.3" |
            grep -qw "$suf" ||
            fail "metric '$m' is not described in man/man3/calfpump_metric.3" ;;
    *)
        grep '^\.It Cm ' "$man/man3/calfpump_metric.3" | grep -q "[ ,]$m\\( \\|\$\\)" ||
            fail "metric '$m' is not described in man/man3/calfpump_metric.3" ;;
    esac
done

# --- 4. mandoc -Tlint -------------------------------------------------------
lint=skipped
if command -v mandoc > /dev/null 2>&1; then
    lint=clean
    # mandoc resolves ".so man3/X.3" from the current directory.
    for page in "$man"/man1/*.1 "$man"/man3/*.3; do
        rel=${page#"$man"/}
        (cd "$man" && mandoc -Tlint "$rel") > "$tmp/lint" 2>&1
        while IFS= read -r line; do
            case $line in
            *"referenced manual not found: Xr "*)
                # "... Xr NAME SECTION" or "... Xr NAME SECTION (N times)"
                xr=${line##*: Xr }
                set -- $xr
                [ -f "$man/man$2/$1.$2" ] && continue ;;
            *"WARNING: .so is fragile, better use ln(1): so man3/"*)
                is_link "$page" && continue ;;
            esac
            fail "mandoc -Tlint: $line"
            lint=dirty
        done < "$tmp/lint"
    done
fi

if [ $status -eq 0 ]; then
    echo "PASS: $nsym exported functions, each with a page; $npages pages" \
         "($nlinks link pages); registries described; mandoc -Tlint: $lint"
fi
exit $status
