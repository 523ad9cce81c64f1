/* errors.c -- library failures as R conditions carrying the library's
 * message. */
#include "cfpr.h"

void cfpr_fail(int status, const char *msg)
{
    SEXP ns, st, text, call;
    if (!msg || !*msg)
        msg = calfpump_strerror(status);
    /* The message is copied into R before anything can free its handle. */
    PROTECT(text = Rf_mkString(msg));
    PROTECT(st = Rf_ScalarInteger(status));
    PROTECT(ns = R_FindNamespace(Rf_mkString("calfpump")));
    PROTECT(call = Rf_lang3(Rf_install(".cfp_stop"), st, text));
    Rf_eval(call, ns);
    UNPROTECT(4);
    Rf_error("%s", msg); /* not reached: .cfp_stop() signals an error */
}

int cfpr_check_model(const calfpump_model *m, int status)
{
    if (status < 0)
        cfpr_fail(status, calfpump_model_errmsg(m));
    return status;
}

int cfpr_check_protocol(const calfpump_protocol *p, int status)
{
    if (status < 0)
        cfpr_fail(status, calfpump_protocol_errmsg(p));
    return status;
}

int cfpr_check_sim(const calfpump_sim *s, int status)
{
    if (status < 0)
        cfpr_fail(status, calfpump_sim_errmsg(s));
    return status;
}

int cfpr_check_buf(const char *errbuf, int status)
{
    if (status < 0)
        cfpr_fail(status, errbuf);
    return status;
}

/* status_codes(): the library's list of codes, 0 down to the last one it
 * names. */
SEXP cfpr_status_codes(void)
{
    static const char *const cols[] = {"code", "name", "description"};
    int n = 0;
    SEXP l, code, name, desc;
    while (calfpump_status_name(-n))
        n++;
    PROTECT(l = cfpr_named_list(3, cols));
    SET_VECTOR_ELT(l, 0, code = Rf_allocVector(INTSXP, n));
    SET_VECTOR_ELT(l, 1, name = Rf_allocVector(STRSXP, n));
    SET_VECTOR_ELT(l, 2, desc = Rf_allocVector(STRSXP, n));
    for (int i = 0; i < n; i++) {
        INTEGER(code)[i] = -i;
        SET_STRING_ELT(name, i, Rf_mkChar(calfpump_status_name(-i)));
        SET_STRING_ELT(desc, i, Rf_mkChar(calfpump_strerror(-i)));
    }
    UNPROTECT(1);
    return l;
}

/* The name of one status code (NA if the library does not know it). */
SEXP cfpr_status_name(SEXP status)
{
    return cfpr_chr(calfpump_status_name((int)cfpr_double(status, "status")));
}

/* Versions: the library's at run time, the header's at build time. */
SEXP cfpr_version(void)
{
    static const char *const cols[] = {"version", "number", "abi", "header"};
    SEXP l = PROTECT(cfpr_named_list(4, cols));
    SET_VECTOR_ELT(l, 0, cfpr_chr(calfpump_version_string()));
    SET_VECTOR_ELT(l, 1, Rf_ScalarInteger((int)calfpump_version()));
    SET_VECTOR_ELT(l, 2, Rf_ScalarInteger(calfpump_abi_version()));
    SET_VECTOR_ELT(l, 3, Rf_mkString(CALFPUMP_VERSION_STRING));
    UNPROTECT(1);
    return l;
}
