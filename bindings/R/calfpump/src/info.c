/* info.c -- introspection: what the library knows, as tables. */
#include "cfpr.h"

typedef const char *(*name_fn)(size_t);

static SEXP strings(size_t n, name_fn get)
{
    SEXP v = PROTECT(Rf_allocVector(STRSXP, (R_xlen_t)n));
    for (size_t i = 0; i < n; i++) {
        const char *s = get ? get(i) : NULL;
        SET_STRING_ELT(v, (R_xlen_t)i, s ? Rf_mkChar(s) : NA_STRING);
    }
    UNPROTECT(1);
    return v;
}

/* list(name = , description = ) of a name and a description accessor. */
static SEXP described(size_t n, name_fn name, name_fn desc)
{
    static const char *const cols[] = {"name", "description"};
    SEXP l = PROTECT(cfpr_named_list(2, cols));
    SET_VECTOR_ELT(l, 0, strings(n, name));
    SET_VECTOR_ELT(l, 1, strings(n, desc));
    UNPROTECT(1);
    return l;
}

SEXP cfpr_conditions(void)
{
    return described(calfpump_condition_count(), calfpump_condition_name,
                     calfpump_condition_description);
}

SEXP cfpr_postures(void)
{
    return described(calfpump_posture_count(), calfpump_posture_name,
                     calfpump_posture_description);
}

SEXP cfpr_protocols(void)
{
    return strings(calfpump_protocol_named_count(), calfpump_protocol_named_name);
}

SEXP cfpr_integrators(void)
{
    return strings(calfpump_integrator_count(), calfpump_integrator_name);
}

/* The segment parameters activity i reads, comma-separated. */
static SEXP activity_params(size_t i)
{
    char buf[1024] = "";
    size_t len = 0;
    for (size_t k = 0; k < calfpump_protocol_param_count(); k++) {
        const char *p = calfpump_protocol_param_name(k);
        if (p && calfpump_activity_uses_param(i, p) == 1 && len + strlen(p) + 3 < sizeof buf)
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", len ? ", " : "", p);
    }
    return Rf_mkChar(buf);
}

SEXP cfpr_activities(void)
{
    static const char *const cols[] = {"name", "description", "postures", "params"};
    size_t n = calfpump_activity_count();
    SEXP l = PROTECT(cfpr_named_list(4, cols)), params;
    SET_VECTOR_ELT(l, 0, strings(n, calfpump_activity_name));
    SET_VECTOR_ELT(l, 1, strings(n, calfpump_activity_description));
    SET_VECTOR_ELT(l, 2, strings(n, calfpump_activity_postures));
    SET_VECTOR_ELT(l, 3, params = Rf_allocVector(STRSXP, (R_xlen_t)n));
    for (size_t i = 0; i < n; i++)
        SET_STRING_ELT(params, (R_xlen_t)i, activity_params(i));
    UNPROTECT(1);
    return l;
}

typedef int (*info_fn)(const char *, double *, double *, double *, const char **,
                       const char **);

/* name, lower, upper, default, unit, description of every name. */
static SEXP info_table(size_t n, name_fn name, info_fn info)
{
    static const char *const cols[] = {"name", "lower", "upper", "default", "unit",
                                       "description"};
    SEXP l = PROTECT(cfpr_named_list(6, cols)), nm, c[5];
    SET_VECTOR_ELT(l, 0, nm = strings(n, name));
    for (int j = 0; j < 5; j++)
        SET_VECTOR_ELT(l, j + 1, c[j] = Rf_allocVector(j < 3 ? REALSXP : STRSXP, (R_xlen_t)n));
    for (size_t i = 0; i < n; i++) {
        const char *unit = NULL, *desc = NULL;
        int st = info(name(i), &REAL(c[0])[i], &REAL(c[1])[i], &REAL(c[2])[i], &unit, &desc);
        if (st < 0)
            cfpr_fail(st, "");
        SET_STRING_ELT(c[3], (R_xlen_t)i, unit ? Rf_mkChar(unit) : NA_STRING);
        SET_STRING_ELT(c[4], (R_xlen_t)i, desc ? Rf_mkChar(desc) : NA_STRING);
    }
    UNPROTECT(1);
    return l;
}

SEXP cfpr_segment_params(void)
{
    return info_table(calfpump_protocol_param_count(), calfpump_protocol_param_name,
                      calfpump_protocol_param_info);
}

SEXP cfpr_run_options(void)
{
    return info_table(calfpump_run_option_count(), calfpump_run_option_name,
                      calfpump_run_option_info);
}

/* Unit and description of the metrics `names`. */
SEXP cfpr_metric_info(SEXP names)
{
    static const char *const cols[] = {"name", "unit", "description"};
    R_xlen_t n;
    SEXP l, unit, desc;
    if (TYPEOF(names) != STRSXP)
        Rf_error("metric names must be a character vector");
    n = XLENGTH(names);
    PROTECT(l = cfpr_named_list(3, cols));
    SET_VECTOR_ELT(l, 0, names);
    SET_VECTOR_ELT(l, 1, unit = Rf_allocVector(STRSXP, n));
    SET_VECTOR_ELT(l, 2, desc = Rf_allocVector(STRSXP, n));
    for (R_xlen_t i = 0; i < n; i++) {
        const char *u = NULL, *d = NULL, *nm;
        int st;
        if (STRING_ELT(names, i) == NA_STRING)
            Rf_error("metric name %ld is NA", (long)i + 1);
        nm = Rf_translateChar(STRING_ELT(names, i));
        if ((st = calfpump_metric_info(nm, &u, &d)) < 0) {
            char msg[256];
            snprintf(msg, sizeof msg, "unknown metric '%s'", nm);
            cfpr_fail(st, msg);
        }
        SET_STRING_ELT(unit, i, Rf_mkChar(u ? u : ""));
        SET_STRING_ELT(desc, i, Rf_mkChar(d ? d : ""));
    }
    UNPROTECT(1);
    return l;
}

/* The key measures, in the order to show them: name, label, decimals. */
SEXP cfpr_key_metrics(void)
{
    static const char *const cols[] = {"name", "label", "decimals"};
    size_t n = calfpump_metric_key_count();
    SEXP l = PROTECT(cfpr_named_list(3, cols)), name, label, dec;
    SET_VECTOR_ELT(l, 0, name = Rf_allocVector(STRSXP, (R_xlen_t)n));
    SET_VECTOR_ELT(l, 1, label = Rf_allocVector(STRSXP, (R_xlen_t)n));
    SET_VECTOR_ELT(l, 2, dec = Rf_allocVector(INTSXP, (R_xlen_t)n));
    for (size_t i = 0; i < n; i++) {
        const char *nm = NULL, *lb = NULL;
        int st = calfpump_metric_key(i, &nm, &lb, &INTEGER(dec)[i]);
        if (st < 0)
            cfpr_fail(st, "");
        SET_STRING_ELT(name, (R_xlen_t)i, nm ? Rf_mkChar(nm) : NA_STRING);
        SET_STRING_ELT(label, (R_xlen_t)i, lb ? Rf_mkChar(lb) : NA_STRING);
    }
    UNPROTECT(1);
    return l;
}

/* list(data_dir = , default_model = ). */
SEXP cfpr_paths(void)
{
    static const char *const cols[] = {"data_dir", "default_model"};
    SEXP l = PROTECT(cfpr_named_list(2, cols));
    SET_VECTOR_ELT(l, 0, cfpr_chr(calfpump_data_dir()));
    SET_VECTOR_ELT(l, 1, cfpr_chr(calfpump_default_model_path()));
    UNPROTECT(1);
    return l;
}
