#!/bin/sh
# Rewrite data/default-leg.cfp from calfpump_model_new_default(): the
# header below, then the model as calfpump_model_save() writes it (no
# protocol).  Usage: sh tools/regen-leg-file.sh BUILDDIR
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:?usage: regen-leg-file.sh BUILDDIR}
out=$top/data/default-leg.cfp
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
cat > "$tmp.c" <<'C'
#include <stdio.h>
#include <calfpump.h>
int main(int argc, char **argv)
{
    calfpump_model *m = NULL;
    int st = calfpump_model_new_default(&m);
    if (!st)
        st = calfpump_model_save(m, NULL, argv[argc - 1]);
    if (st)
        fprintf(stderr, "%s\n", m ? calfpump_model_errmsg(m) : calfpump_strerror(st));
    calfpump_model_free(m);
    return st != 0;
}
C
cc -I"$top/include" -I"$build/include" "$tmp.c" -o "$tmp.bin" "$build/.libs/libcalfpump.so" -Wl,-rpath,"$build/.libs"
"$tmp.bin" "$tmp.cfp"
rm -f "$tmp.c" "$tmp.bin"
{
    sed -n '/^#/p;/^$/q' "$out"
    echo
    sed '1,/^calfpump-model/{/^#/d}' "$tmp.cfp"
} > "$tmp"
rm -f "$tmp.cfp"
mv "$tmp" "$out"
trap - EXIT
echo "wrote $out"
