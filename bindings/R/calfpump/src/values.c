/* values.c -- numbers by name, read and set several at once, for model
 * parameters and segment parameters alike. */
#include "cfpr.h"

SEXP cfpr_values_get(const cfpr_values *a, SEXP names)
{
    R_xlen_t n;
    SEXP v;
    if (TYPEOF(names) != STRSXP)
        Rf_error("%s names must be a character vector", a->what);
    n = XLENGTH(names);
    PROTECT(v = Rf_allocVector(REALSXP, n));
    for (R_xlen_t i = 0; i < n; i++) {
        int st;
        if (STRING_ELT(names, i) == NA_STRING)
            Rf_error("%s name %ld is NA", a->what, (long)i + 1);
        st = a->get(a->h, a->seg, Rf_translateChar(STRING_ELT(names, i)), &REAL(v)[i]);
        if (st < 0)
            cfpr_fail(st, a->errmsg(a->h));
    }
    Rf_setAttrib(v, R_NamesSymbol, names);
    UNPROTECT(1);
    return v;
}

/* All or none: on a failure the values already set get their old ones
 * back, and the error carries the message of the failure. */
void cfpr_values_set(const cfpr_values *a, SEXP names, SEXP values)
{
    SEXP old = PROTECT(cfpr_values_get(a, names)), val = PROTECT(cfpr_doubles(values, "value"));
    R_xlen_t n = XLENGTH(names);
    if (XLENGTH(val) != n)
        Rf_error("%ld %s names but %ld values", (long)n, a->what, (long)XLENGTH(val));
    for (R_xlen_t i = 0; i < n; i++) {
        int st = a->set(a->h, a->seg, Rf_translateChar(STRING_ELT(names, i)), REAL(val)[i]);
        if (st < 0) {
            SEXP msg = PROTECT(Rf_mkString(a->errmsg(a->h)));
            while (i-- > 0)
                a->set(a->h, a->seg, Rf_translateChar(STRING_ELT(names, i)), REAL(old)[i]);
            cfpr_fail(st, CHAR(STRING_ELT(msg, 0)));
        }
    }
    UNPROTECT(2);
}
