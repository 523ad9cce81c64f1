/* results.c -- what a run yields: the trace, metrics, the clinical
 * summary. */
#include <math.h>
#include "cfpr.h"

/* The number of trace columns: none before the run starts (after
 * calfpump_sim_reset() the library still counts the columns of the last
 * run, but has no names for them). */
static size_t trace_cols(const calfpump_sim *s)
{
    return calfpump_sim_trace_col_name(s, 0) ? calfpump_sim_trace_cols(s) : 0;
}

/* c(rows, cols) of the trace. */
SEXP cfpr_sim_trace_size(SEXP sx)
{
    const calfpump_sim *s = cfpr_sim(sx);
    SEXP v = Rf_allocVector(REALSXP, 2);
    REAL(v)[0] = (double)calfpump_sim_trace_rows(s);
    REAL(v)[1] = (double)trace_cols(s);
    return v;
}

/* Trace columns: list(name = , unit = ). */
SEXP cfpr_sim_trace_columns(SEXP sx)
{
    static const char *const cols[] = {"name", "unit"};
    const calfpump_sim *s = cfpr_sim(sx);
    size_t n = trace_cols(s);
    SEXP l = PROTECT(cfpr_named_list(2, cols)), name, unit;
    SET_VECTOR_ELT(l, 0, name = Rf_allocVector(STRSXP, (R_xlen_t)n));
    SET_VECTOR_ELT(l, 1, unit = Rf_allocVector(STRSXP, (R_xlen_t)n));
    for (size_t j = 0; j < n; j++) {
        const char *nm = calfpump_sim_trace_col_name(s, j), *u = calfpump_sim_trace_col_unit(s, j);
        SET_STRING_ELT(name, (R_xlen_t)j, nm ? Rf_mkChar(nm) : NA_STRING);
        SET_STRING_ELT(unit, (R_xlen_t)j, u ? Rf_mkChar(u) : NA_STRING);
    }
    UNPROTECT(1);
    return l;
}

/* The trace columns `names` (NULL: all) as a named list of numeric
 * vectors. */
SEXP cfpr_sim_trace(SEXP sx, SEXP names)
{
    const calfpump_sim *s = cfpr_sim(sx);
    size_t rows = calfpump_sim_trace_rows(s), ncol;
    SEXP l, nm;
    if (!Rf_isNull(names) && TYPEOF(names) != STRSXP)
        Rf_error("trace column names must be a character vector");
    ncol = Rf_isNull(names) ? trace_cols(s) : (size_t)XLENGTH(names);
    PROTECT(l = Rf_allocVector(VECSXP, (R_xlen_t)ncol));
    PROTECT(nm = Rf_allocVector(STRSXP, (R_xlen_t)ncol));
    for (size_t k = 0; k < ncol; k++) {
        size_t j = k, written = 0;
        const char *name;
        SEXP col;
        if (!Rf_isNull(names)) {
            if (STRING_ELT(names, (R_xlen_t)k) == NA_STRING)
                Rf_error("trace column name %lu is NA", (unsigned long)k + 1);
            cfpr_check_sim(s, calfpump_sim_trace_col_index(
                                  s, Rf_translateChar(STRING_ELT(names, (R_xlen_t)k)), &j));
        }
        if (!(name = calfpump_sim_trace_col_name(s, j)))
            cfpr_fail(CALFPUMP_E_STATE, "trace column without a name");
        SET_STRING_ELT(nm, (R_xlen_t)k, Rf_mkChar(name));
        SET_VECTOR_ELT(l, (R_xlen_t)k, col = Rf_allocVector(REALSXP, (R_xlen_t)rows));
        cfpr_check_sim(s, calfpump_sim_trace_column(s, j, REAL(col), rows, &written));
        if (written != rows)
            cfpr_fail(CALFPUMP_E_STATE, "trace column shorter than the trace");
    }
    Rf_setAttrib(l, R_NamesSymbol, nm);
    UNPROTECT(2);
    return l;
}

SEXP cfpr_sim_write_csv(SEXP sx, SEXP path)
{
    calfpump_sim *s = cfpr_sim(sx);
    cfpr_check_sim(s, calfpump_sim_write_csv(s, cfpr_string(path, "path")));
    return R_NilValue;
}

/* The metric names the simulation knows. */
SEXP cfpr_sim_metric_names(SEXP sx)
{
    const calfpump_sim *s = cfpr_sim(sx);
    size_t n = calfpump_sim_metric_count(s);
    SEXP v = PROTECT(Rf_allocVector(STRSXP, (R_xlen_t)n));
    for (size_t i = 0; i < n; i++) {
        const char *nm = calfpump_sim_metric_name(s, i);
        SET_STRING_ELT(v, (R_xlen_t)i, nm ? Rf_mkChar(nm) : NA_STRING);
    }
    UNPROTECT(1);
    return v;
}

/* Metrics `names` as a named numeric vector.  If `skip` is TRUE a metric
 * the run does not define or did not reach (CALFPUMP_E_STATE) is left
 * out; otherwise every failure is an R error with the library's reason. */
SEXP cfpr_sim_metrics(SEXP sx, SEXP names, SEXP skip)
{
    calfpump_sim *s = cfpr_sim(sx);
    int sk = cfpr_flag(skip, "skip");
    R_xlen_t n, k = 0;
    SEXP v, nm;
    if (TYPEOF(names) != STRSXP)
        Rf_error("metric names must be a character vector");
    n = XLENGTH(names);
    PROTECT(v = Rf_allocVector(REALSXP, n));
    PROTECT(nm = Rf_allocVector(STRSXP, n));
    for (R_xlen_t i = 0; i < n; i++) {
        int st;
        if (STRING_ELT(names, i) == NA_STRING)
            Rf_error("metric name %ld is NA", (long)i + 1);
        st = calfpump_sim_metric(s, Rf_translateChar(STRING_ELT(names, i)), &REAL(v)[k]);
        if (st == CALFPUMP_E_STATE && sk)
            continue;
        cfpr_check_sim(s, st);
        SET_STRING_ELT(nm, k++, STRING_ELT(names, i));
    }
    v = PROTECT(Rf_xlengthgets(v, k));
    Rf_setAttrib(v, R_NamesSymbol, Rf_xlengthgets(nm, k));
    UNPROTECT(3);
    return v;
}

/* The valves whose longest reverse flow exceeds their cut-off, as the
 * library lists them ("a, b"), and how many there are. */
SEXP cfpr_sim_flagged_valves(SEXP sx)
{
    calfpump_sim *s = cfpr_sim(sx);
    char buf[4096];
    size_t count = 0;
    SEXP v;
    cfpr_check_sim(s, calfpump_sim_flagged_valves(s, buf, sizeof buf, &count));
    PROTECT(v = Rf_mkString(buf));
    Rf_setAttrib(v, Rf_install("count"), Rf_ScalarReal((double)count));
    UNPROTECT(1);
    return v;
}

/* The clinical summary: list(section, label, value, text, unit, note). */
SEXP cfpr_sim_summary(SEXP sx)
{
    static const char *const cols[] = {"section", "label", "value", "text", "unit", "note"};
    calfpump_sim *s = cfpr_sim(sx);
    size_t n = 0;
    SEXP l, c[6];
    cfpr_check_sim(s, calfpump_sim_summary(s, &n));
    PROTECT(l = cfpr_named_list(6, cols));
    for (int j = 0; j < 6; j++)
        SET_VECTOR_ELT(l, j, c[j] = Rf_allocVector(j == 2 ? REALSXP : STRSXP, (R_xlen_t)n));
    for (size_t i = 0; i < n; i++) {
        const char *str[6] = {"", "", NULL, "", "", ""};
        cfpr_check_sim(s, calfpump_sim_summary_row(s, i, &str[0], &str[1], &REAL(c[2])[i],
                                                   &str[3], &str[4], &str[5]));
        for (int j = 0; j < 6; j++)
            if (j != 2)
                SET_STRING_ELT(c[j], (R_xlen_t)i, Rf_mkChar(str[j] ? str[j] : ""));
    }
    UNPROTECT(1);
    return l;
}
