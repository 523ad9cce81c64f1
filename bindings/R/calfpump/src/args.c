/* args.c -- R arguments to C values, C values to R. */
#include <math.h>
#include "cfpr.h"

static const char *describe(SEXP x)
{
    static char buf[64]; /* R is single-threaded; used at once by Rf_error */
    snprintf(buf, sizeof buf, "%s of length %ld", Rf_type2char(TYPEOF(x)), (long)XLENGTH(x));
    return buf;
}

const char *cfpr_string(SEXP x, const char *what)
{
    if (TYPEOF(x) != STRSXP || XLENGTH(x) != 1 || STRING_ELT(x, 0) == NA_STRING)
        Rf_error("'%s' must be a single string, not %s", what,
                 Rf_isNull(x) ? "NULL" : TYPEOF(x) == STRSXP && XLENGTH(x) == 1 ? "NA"
                                                                                : describe(x));
    return Rf_translateChar(STRING_ELT(x, 0));
}

const char *cfpr_string_or_null(SEXP x, const char *what)
{
    return Rf_isNull(x) ? NULL : cfpr_string(x, what);
}

double cfpr_double(SEXP x, const char *what)
{
    if ((TYPEOF(x) != REALSXP && TYPEOF(x) != INTSXP) || XLENGTH(x) != 1)
        Rf_error("'%s' must be a single number, not %s", what,
                 Rf_isNull(x) ? "NULL" : describe(x));
    if (TYPEOF(x) == INTSXP)
        return INTEGER(x)[0] == NA_INTEGER ? NAN : (double)INTEGER(x)[0];
    return REAL(x)[0];
}

SEXP cfpr_doubles(SEXP x, const char *what)
{
    if (TYPEOF(x) != REALSXP && TYPEOF(x) != INTSXP)
        Rf_error("'%s' must be a numeric vector, not %s", what,
                 Rf_isNull(x) ? "NULL" : describe(x));
    return Rf_coerceVector(x, REALSXP);
}

int cfpr_flag(SEXP x, const char *what)
{
    int v;
    if ((TYPEOF(x) != LGLSXP && TYPEOF(x) != INTSXP && TYPEOF(x) != REALSXP) ||
        XLENGTH(x) != 1)
        Rf_error("'%s' must be TRUE or FALSE, not %s", what, Rf_isNull(x) ? "NULL" : describe(x));
    v = Rf_asLogical(x);
    if (v == NA_LOGICAL)
        Rf_error("'%s' must be TRUE or FALSE, not NA", what);
    return v;
}

size_t cfpr_index(SEXP x, size_t n, const char *what)
{
    double i = cfpr_double(x, what);
    if (!(i >= 1 && i <= (double)n) || i != floor(i))
        Rf_error("%s %g does not exist (there %s %lu)", what, i, n == 1 ? "is" : "are",
                 (unsigned long)n);
    return (size_t)i - 1;
}

SEXP cfpr_chr(const char *s)
{
    return Rf_ScalarString(s ? Rf_mkChar(s) : NA_STRING);
}

SEXP cfpr_named_list(int n, const char *const *names)
{
    SEXP l = PROTECT(Rf_allocVector(VECSXP, n));
    SEXP nm = PROTECT(Rf_allocVector(STRSXP, n));
    for (int i = 0; i < n; i++)
        SET_STRING_ELT(nm, i, Rf_mkChar(names[i]));
    Rf_setAttrib(l, R_NamesSymbol, nm);
    UNPROTECT(2);
    return l;
}
