/* handles.c -- external pointers that own library handles. */
#include "cfpr.h"

CFPR_FINALIZER(model_fin, calfpump_model_free)

CFPR_FINALIZER(protocol_fin, calfpump_protocol_free)

CFPR_FINALIZER(sim_fin, calfpump_sim_free)

static R_CFinalizer_t finalizer(const char *cls)
{
    if (strcmp(cls, CFPR_MODEL) == 0)
        return model_fin;
    if (strcmp(cls, CFPR_PROTOCOL) == 0)
        return protocol_fin;
    return sim_fin;
}

SEXP cfpr_xptr(const char *cls)
{
    SEXP x = PROTECT(R_MakeExternalPtr(NULL, Rf_install(cls), R_NilValue));
    R_RegisterCFinalizerEx(x, finalizer(cls), TRUE);
    Rf_setAttrib(x, R_ClassSymbol, Rf_mkString(cls));
    UNPROTECT(1);
    return x;
}

SEXP cfpr_adopt(SEXP x, void *h, int st, const char *msg)
{
    R_SetExternalPtrAddr(x, h);
    if (st < 0)
        cfpr_fail(st, msg);
    return x;
}

/* What x is, for a message: the class of a handle, else R's type. */
static const char *what(SEXP x)
{
    if (TYPEOF(x) == EXTPTRSXP && TYPEOF(R_ExternalPtrTag(x)) == SYMSXP)
        return CHAR(PRINTNAME(R_ExternalPtrTag(x)));
    return Rf_isNull(x) ? "NULL" : Rf_type2char(TYPEOF(x));
}

void *cfpr_handle(SEXP x, const char *cls)
{
    void *h;
    if (TYPEOF(x) != EXTPTRSXP || R_ExternalPtrTag(x) != Rf_install(cls))
        Rf_error("expected a %s object, got %s", cls, what(x));
    if (!(h = R_ExternalPtrAddr(x)))
        Rf_error("this %s has been freed (or was restored from a saved session, "
                 "which cannot hold it)", cls);
    return h;
}

calfpump_model *cfpr_model(SEXP x) { return cfpr_handle(x, CFPR_MODEL); }
calfpump_protocol *cfpr_protocol(SEXP x) { return cfpr_handle(x, CFPR_PROTOCOL); }
calfpump_sim *cfpr_sim(SEXP x) { return cfpr_handle(x, CFPR_SIM); }

/* free(x): free the handle now (the finalizer then has nothing to do). */
SEXP cfpr_free(SEXP x)
{
    if (TYPEOF(x) != EXTPTRSXP)
        Rf_error("expected a calfpump_model, calfpump_protocol or calfpump_sim object");
    if (R_ExternalPtrTag(x) == Rf_install(CFPR_MODEL))
        model_fin(x);
    else if (R_ExternalPtrTag(x) == Rf_install(CFPR_PROTOCOL))
        protocol_fin(x);
    else if (R_ExternalPtrTag(x) == Rf_install(CFPR_SIM))
        sim_fin(x);
    else
        Rf_error("expected a calfpump_model, calfpump_protocol or calfpump_sim object");
    return R_NilValue;
}

/* Is the handle still there? */
SEXP cfpr_is_live(SEXP x)
{
    return Rf_ScalarLogical(TYPEOF(x) == EXTPTRSXP && R_ExternalPtrAddr(x) != NULL);
}
