/* files.c -- model files: read (from a path or a string) and write. */
#include "cfpr.h"

/* list(model = , protocol = ) from a load function's results; the
 * external pointers exist before the library is called. */
static SEXP load(int from_string, SEXP src, SEXP name)
{
    static const char *const cols[] = {"model", "protocol"};
    char errbuf[CFPR_ERRLEN];
    const char *text = cfpr_string(src, from_string ? "text" : "path");
    const char *nm = from_string ? cfpr_string_or_null(name, "name") : NULL;
    SEXP l = PROTECT(cfpr_named_list(2, cols));
    SEXP mx = PROTECT(cfpr_xptr(CFPR_MODEL)), px = PROTECT(cfpr_xptr(CFPR_PROTOCOL));
    calfpump_model *m = NULL;
    calfpump_protocol *p = NULL;
    int st = from_string ? calfpump_model_load_string(&m, &p, text, nm, errbuf, sizeof errbuf)
                         : calfpump_model_load(&m, &p, text, errbuf, sizeof errbuf);
    R_SetExternalPtrAddr(mx, m);
    cfpr_adopt(px, p, st, errbuf);
    SET_VECTOR_ELT(l, 0, mx);
    SET_VECTOR_ELT(l, 1, p ? px : R_NilValue);
    UNPROTECT(3);
    return l;
}

SEXP cfpr_model_load(SEXP path)
{
    return load(0, path, R_NilValue);
}

SEXP cfpr_model_load_string(SEXP text, SEXP name)
{
    return load(1, text, name);
}

SEXP cfpr_model_write(SEXP mx, SEXP px, SEXP path)
{
    char errbuf[CFPR_ERRLEN];
    const calfpump_model *m = cfpr_model(mx);
    const calfpump_protocol *p = Rf_isNull(px) ? NULL : cfpr_protocol(px);
    cfpr_check_buf(errbuf, calfpump_model_write(m, p, cfpr_string(path, "path"), errbuf,
                                                sizeof errbuf));
    return R_NilValue;
}
