#!/bin/sh
# check-header-map.sh -- every CALFPUMP_API function declared in the public
# headers (include/**/*.h, generated ones in the build tree included) must
# be listed in libcalfpump/libcalfpump.map, and every symbol the map
# exports must be declared CALFPUMP_API in a header.
#
# Run by "make check" (AM_TESTS_ENVIRONMENT exports top_srcdir and
# top_builddir); can also be run by hand from the top of the source tree.
# Exit status: 0 pass, 1 fail, 99 hard error (automake harness codes).

set -u
LC_ALL=C
export LC_ALL

srcdir_top=${top_srcdir:-.}
builddir_top=${top_builddir:-.}
map=$srcdir_top/libcalfpump/libcalfpump.map

if [ ! -f "$map" ]; then
    echo "check-header-map: map not found: $map" >&2
    exit 99
fi

tmp=${TMPDIR:-/tmp}/cfp-header-map.$$
mkdir "$tmp" || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM

# --- public headers (source tree, plus generated headers in the build tree)
: > "$tmp/headers"
for d in "$srcdir_top/include" "$builddir_top/include"; do
    [ -d "$d" ] && find "$d" -type f -name '*.h' >> "$tmp/headers"
done
if [ ! -s "$tmp/headers" ]; then
    echo "check-header-map: no headers found under $srcdir_top/include" >&2
    exit 99
fi

# Print the name of every function declared with CALFPUMP_API in the C
# files given as arguments.  Comments, string and character literals and
# preprocessor directives (with continuation lines) are removed first;
# the rest is split into declarations at ';', '{' and '}', and in each
# declaration that has the word CALFPUMP_API the identifier right before
# the first '(' is the function name.
extract_api() {
    awk '
    function strip(text,    out, i, n, c, c2, j, q) {
        out = ""; n = length(text); i = 1
        while (i <= n) {
            c = substr(text, i, 1); c2 = substr(text, i, 2)
            if (c2 == "/*") {
                j = index(substr(text, i + 2), "*/")
                if (j == 0) break
                out = out " "; i += j + 3; continue
            }
            if (c2 == "//") {
                j = index(substr(text, i), "\n")
                if (j == 0) break
                i += j - 1; continue
            }
            if (c == "\"" || c == "\047") {
                q = c; i++
                while (i <= n) {
                    c = substr(text, i, 1)
                    if (c == "\\") { i += 2; continue }
                    i++
                    if (c == q) break
                }
                out = out " \"\" "; continue
            }
            j = match(substr(text, i), /[\/"\047]/)
            if (j == 0) { out = out substr(text, i); break }
            if (j > 1) { out = out substr(text, i, j - 1); i += j - 1; continue }
            out = out c; i++
        }
        return out
    }
    FNR == 1 && NR > 1 { flush() }
    { buf = buf $0 "\n" }
    END { flush() }
    function flush(    text, lines, nl, k, code, incpp, stmts, ns, s, head) {
        if (buf == "") return
        text = strip(buf); buf = ""
        nl = split(text, lines, "\n"); code = ""; incpp = 0
        for (k = 1; k <= nl; k++) {
            if (incpp || lines[k] ~ /^[ \t]*#/) {
                incpp = (lines[k] ~ /\\[ \t]*$/)
                continue
            }
            code = code " " lines[k]
        }
        ns = split(code, stmts, /[;{}]/)
        for (k = 1; k <= ns; k++) {
            s = stmts[k]
            if (s !~ /(^|[^A-Za-z0-9_])CALFPUMP_API([^A-Za-z0-9_]|$)/) continue
            if (index(s, "(") == 0) continue
            head = substr(s, 1, index(s, "(") - 1)
            sub(/[ \t]+$/, "", head)
            if (match(head, /[A-Za-z_][A-Za-z0-9_]*$/))
                print substr(head, RSTART, RLENGTH)
        }
    }
    ' "$@"
}

# Print the global symbols of a GNU ld version script.
extract_map() {
    awk '
    { buf = buf $0 "\n" }
    END {
        # remove /* */ comments and # comments
        while ((i = index(buf, "/*")) > 0) {
            rest = substr(buf, i + 2); j = index(rest, "*/")
            if (j == 0) { buf = substr(buf, 1, i - 1); break }
            buf = substr(buf, 1, i - 1) " " substr(rest, j + 2)
        }
        gsub(/#[^\n]*/, "", buf)
        gsub(/[{};]/, " & ", buf)
        gsub(/:/, ": ", buf)
        n = split(buf, tok, /[ \t\n]+/)
        scope = ""
        for (k = 1; k <= n; k++) {
            t = tok[k]
            if (t == "") continue
            if (t == "global:") { scope = "global"; continue }
            if (t == "local:")  { scope = "local";  continue }
            if (t == "{" || t == ";") continue
            if (t == "}") { scope = ""; continue }
            if (scope == "global") print t
        }
    }' "$1"
}

# shellcheck disable=SC2046
extract_api $(cat "$tmp/headers") | sort -u > "$tmp/api"
extract_map "$map" | sort > "$tmp/map.all"
sort -u "$tmp/map.all" > "$tmp/map"

status=0
if [ ! -s "$tmp/api" ]; then
    echo "check-header-map: no CALFPUMP_API declarations found" >&2
    exit 99
fi
dups=$(uniq -d "$tmp/map.all")
if [ -n "$dups" ]; then
    echo "FAIL: symbols listed more than once in $map:"
    echo "$dups" | sed 's/^/  /'
    status=1
fi
if grep -q '[*?[]' "$tmp/map"; then
    echo "FAIL: wildcards in a global: list of $map:"
    grep '[*?[]' "$tmp/map" | sed 's/^/  /'
    status=1
fi
missing=$(comm -23 "$tmp/api" "$tmp/map")
if [ -n "$missing" ]; then
    echo "FAIL: declared CALFPUMP_API but not in $map:"
    echo "$missing" | sed 's/^/  /'
    status=1
fi
extra=$(comm -13 "$tmp/api" "$tmp/map")
if [ -n "$extra" ]; then
    echo "FAIL: in $map but not declared CALFPUMP_API in include/:"
    echo "$extra" | sed 's/^/  /'
    status=1
fi
if [ $status -eq 0 ]; then
    echo "PASS: $(wc -l < "$tmp/api" | tr -d ' ') CALFPUMP_API functions, map and headers agree"
fi
exit $status
