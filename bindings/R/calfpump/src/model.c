/* model.c -- models: construction, network, parameters, conditions. */
#include "cfpr.h"

SEXP cfpr_model_new(SEXP deflt)
{
    int def = cfpr_flag(deflt, "default");
    SEXP x = PROTECT(cfpr_xptr(CFPR_MODEL));
    calfpump_model *m = NULL;
    int st = def ? calfpump_model_new_default(&m) : calfpump_model_new(&m);
    cfpr_adopt(x, m, st, "");
    UNPROTECT(1);
    return x;
}

SEXP cfpr_model_clone(SEXP mx)
{
    const calfpump_model *src = cfpr_model(mx);
    SEXP x = PROTECT(cfpr_xptr(CFPR_MODEL));
    calfpump_model *m = NULL;
    int st = calfpump_model_clone(&m, src);
    cfpr_adopt(x, m, st, calfpump_model_errmsg(src));
    UNPROTECT(1);
    return x;
}

SEXP cfpr_model_add_compartment(SEXP mx, SEXP name, SEXP region, SEXP layer)
{
    calfpump_model *m = cfpr_model(mx);
    cfpr_check_model(m, calfpump_model_add_compartment(m, cfpr_string(name, "name"),
                                                       cfpr_string(region, "region"),
                                                       cfpr_string(layer, "layer")));
    return R_NilValue;
}

SEXP cfpr_model_add_connection(SEXP mx, SEXP name, SEXP from, SEXP to, SEXP valve)
{
    calfpump_model *m = cfpr_model(mx);
    cfpr_check_model(m, calfpump_model_add_connection(m, cfpr_string(name, "name"),
                                                      cfpr_string(from, "from"),
                                                      cfpr_string(to, "to"),
                                                      cfpr_flag(valve, "valve")));
    return R_NilValue;
}

/* A character column from a string-per-index accessor. */
static SEXP column(const calfpump_model *m, size_t n,
                   const char *(*get)(const calfpump_model *, size_t))
{
    SEXP v = PROTECT(Rf_allocVector(STRSXP, (R_xlen_t)n));
    for (size_t i = 0; i < n; i++) {
        const char *s = get(m, i);
        SET_STRING_ELT(v, (R_xlen_t)i, s ? Rf_mkChar(s) : NA_STRING);
    }
    UNPROTECT(1);
    return v;
}

SEXP cfpr_model_compartments(SEXP mx)
{
    static const char *const cols[] = {"name", "region", "layer"};
    const calfpump_model *m = cfpr_model(mx);
    size_t n = calfpump_model_compartment_count(m);
    SEXP l = PROTECT(cfpr_named_list(3, cols));
    SET_VECTOR_ELT(l, 0, column(m, n, calfpump_model_compartment_name));
    SET_VECTOR_ELT(l, 1, column(m, n, calfpump_model_compartment_region));
    SET_VECTOR_ELT(l, 2, column(m, n, calfpump_model_compartment_layer));
    UNPROTECT(1);
    return l;
}

SEXP cfpr_model_connections(SEXP mx)
{
    static const char *const cols[] = {"name", "from", "to", "valve"};
    const calfpump_model *m = cfpr_model(mx);
    size_t n = calfpump_model_connection_count(m);
    SEXP l = PROTECT(cfpr_named_list(4, cols)), valve;
    SET_VECTOR_ELT(l, 0, column(m, n, calfpump_model_connection_name));
    SET_VECTOR_ELT(l, 1, column(m, n, calfpump_model_connection_from));
    SET_VECTOR_ELT(l, 2, column(m, n, calfpump_model_connection_to));
    SET_VECTOR_ELT(l, 3, valve = Rf_allocVector(LGLSXP, (R_xlen_t)n));
    for (size_t i = 0; i < n; i++)
        LOGICAL(valve)[i] = calfpump_model_connection_has_valve(m, i) != 0;
    UNPROTECT(1);
    return l;
}

static int get(void *h, size_t seg, const char *name, double *value)
{
    (void)seg;
    return calfpump_model_get(h, name, value);
}

static int set(void *h, size_t seg, const char *name, double value)
{
    (void)seg;
    return calfpump_model_set(h, name, value);
}

static const char *errmsg(void *h) { return calfpump_model_errmsg(h); }

static cfpr_values values(SEXP mx)
{
    cfpr_values a = {NULL, 0, "parameter", get, set, errmsg};
    a.h = cfpr_model(mx);
    return a;
}

/* Values of the parameters `names` (a character vector). */
SEXP cfpr_model_get(SEXP mx, SEXP names)
{
    cfpr_values a = values(mx);
    return cfpr_values_get(&a, names);
}

/* Set parameters `names` to `values`, all or none. */
SEXP cfpr_model_set(SEXP mx, SEXP names, SEXP vals)
{
    cfpr_values a = values(mx);
    cfpr_values_set(&a, names, vals);
    return R_NilValue;
}

/* Every parameter: name, value, bounds, unit. */
SEXP cfpr_model_params(SEXP mx)
{
    static const char *const cols[] = {"name", "value", "lower", "upper", "unit"};
    const calfpump_model *m = cfpr_model(mx);
    size_t n = calfpump_model_param_count(m);
    SEXP l = PROTECT(cfpr_named_list(5, cols)), name, value, lo, hi, unit;
    SET_VECTOR_ELT(l, 0, name = Rf_allocVector(STRSXP, (R_xlen_t)n));
    SET_VECTOR_ELT(l, 1, value = Rf_allocVector(REALSXP, (R_xlen_t)n));
    SET_VECTOR_ELT(l, 2, lo = Rf_allocVector(REALSXP, (R_xlen_t)n));
    SET_VECTOR_ELT(l, 3, hi = Rf_allocVector(REALSXP, (R_xlen_t)n));
    SET_VECTOR_ELT(l, 4, unit = Rf_allocVector(STRSXP, (R_xlen_t)n));
    for (size_t i = 0; i < n; i++) {
        const char *nm = calfpump_model_param_name(m, i), *u = NULL;
        if (!nm)
            cfpr_fail(CALFPUMP_E_STATE, "parameter list changed while it was read");
        SET_STRING_ELT(name, (R_xlen_t)i, Rf_mkChar(nm));
        cfpr_check_model(m, calfpump_model_get(m, nm, &REAL(value)[i]));
        cfpr_check_model(m, calfpump_model_param_info(m, nm, &REAL(lo)[i], &REAL(hi)[i], &u));
        SET_STRING_ELT(unit, (R_xlen_t)i, u ? Rf_mkChar(u) : NA_STRING);
    }
    UNPROTECT(1);
    return l;
}

SEXP cfpr_model_apply_condition(SEXP mx, SEXP condition)
{
    calfpump_model *m = cfpr_model(mx);
    cfpr_check_model(m, calfpump_model_apply_condition(m, cfpr_string(condition, "condition")));
    return R_NilValue;
}
