/* study.c -- many simulations: designs, batches, fits, Sobol indices.
 * The batch and design handles live in external pointers for the length
 * of one call (their finalizers free them if an R error intervenes). */
#include "cfpr.h"

CFPR_FINALIZER(batch_fin, calfpump_batch_free)

CFPR_FINALIZER(design_fin, calfpump_design_free)

/* A temporary handle's external pointer (no class: never returned). */
static SEXP temp_xptr(R_CFinalizer_t fin)
{
    SEXP x = PROTECT(R_MakeExternalPtr(NULL, R_NilValue, R_NilValue));
    R_RegisterCFinalizerEx(x, fin, TRUE);
    UNPROTECT(1);
    return x;
}

static void free_now(SEXP x, R_CFinalizer_t fin) { fin(x); }

/* The design of dists (a named character vector) for model mx. */
static calfpump_design *design_of(SEXP holder, SEXP mx, SEXP dists)
{
    char errbuf[CFPR_ERRLEN];
    calfpump_design *d = NULL;
    SEXP names = Rf_getAttrib(dists, R_NamesSymbol);
    int st = calfpump_design_create(&d, cfpr_model(mx), errbuf, sizeof errbuf);
    R_SetExternalPtrAddr(holder, d);
    if (st < 0)
        cfpr_fail(st, errbuf);
    if (TYPEOF(dists) != STRSXP || Rf_isNull(names))
        Rf_error("'dists' must be a named character vector, e.g. c(calf_strength = "
                 "\"uniform(0.5, 1)\")");
    for (R_xlen_t j = 0; j < XLENGTH(dists); j++) {
        st = calfpump_design_add(d, CHAR(STRING_ELT(names, j)), CHAR(STRING_ELT(dists, j)));
        if (st < 0)
            cfpr_fail(st, calfpump_design_errmsg(d));
    }
    return d;
}

/* A row-major C matrix from an R (column-major) numeric matrix. */
static double *row_major(SEXP x, size_t rows, size_t cols)
{
    double *c = (double *)R_alloc(rows * cols + 1, sizeof *c);
    const double *r = REAL(x);
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++)
            c[i * cols + j] = r[j * rows + i];
    return c;
}

static SEXP r_matrix(const double *c, size_t rows, size_t cols)
{
    SEXP m = PROTECT(Rf_allocMatrix(REALSXP, (int)rows, (int)cols));
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++)
            REAL(m)[j * rows + i] = c[i * cols + j];
    UNPROTECT(1);
    return m;
}

SEXP cfpr_design_sample(SEXP mx, SEXP dists, SEXP n, SEXP seed, SEXP first)
{
    SEXP holder = PROTECT(temp_xptr(design_fin)), out;
    calfpump_design *d = design_of(holder, mx, dists);
    size_t k = calfpump_design_count(d), rows = (size_t)cfpr_double(n, "n");
    double *x = (double *)R_alloc(rows * k + 1, sizeof *x);
    int st = calfpump_design_sample(d, (unsigned long)cfpr_double(seed, "seed"),
                                    (size_t)cfpr_double(first, "first"), rows, x);
    if (st < 0)
        cfpr_fail(st, calfpump_design_errmsg(d));
    out = PROTECT(r_matrix(x, rows, k));
    free_now(holder, design_fin);
    UNPROTECT(2);
    return out;
}

SEXP cfpr_design_map(SEXP mx, SEXP dists, SEXP u)
{
    SEXP holder = PROTECT(temp_xptr(design_fin)), out;
    calfpump_design *d = design_of(holder, mx, dists);
    size_t k = calfpump_design_count(d), rows;
    double *x;
    int st;
    if (!Rf_isMatrix(u) || TYPEOF(u) != REALSXP || (size_t)Rf_ncols(u) != k)
        Rf_error("'u' must be a numeric matrix with a column per distribution");
    rows = (size_t)Rf_nrows(u);
    x = row_major(u, rows, k);
    if ((st = calfpump_design_map(d, rows, x, x)) < 0)
        cfpr_fail(st, calfpump_design_errmsg(d));
    out = PROTECT(r_matrix(x, rows, k));
    free_now(holder, design_fin);
    UNPROTECT(2);
    return out;
}

/* A batch of model mx and protocol px with these parameter and metric
 * lists (comma-separated strings) on `threads` threads. */
static calfpump_batch *batch_of(SEXP holder, SEXP mx, SEXP px, SEXP params, SEXP metrics,
                                SEXP threads)
{
    char errbuf[CFPR_ERRLEN];
    calfpump_batch *b = NULL;
    int st = calfpump_batch_create(&b, cfpr_model(mx), cfpr_protocol(px), errbuf, sizeof errbuf);
    R_SetExternalPtrAddr(holder, b);
    if (st < 0)
        cfpr_fail(st, errbuf);
    if ((st = calfpump_batch_set_params(b, cfpr_string(params, "params"))) < 0 ||
        (st = calfpump_batch_set_metrics(b, cfpr_string(metrics, "metrics"))) < 0 ||
        (st = calfpump_batch_set_threads(b, (unsigned)cfpr_double(threads, "threads"))) < 0)
        cfpr_fail(st, calfpump_batch_errmsg(b));
    return b;
}

SEXP cfpr_batch_run(SEXP mx, SEXP px, SEXP params, SEXP metrics, SEXP x, SEXP threads)
{
    static const char *const names[] = {"y", "status", "message", "threads"};
    SEXP holder = PROTECT(temp_xptr(batch_fin)), out, y, status, msg, cn;
    calfpump_batch *b = batch_of(holder, mx, px, params, metrics, threads);
    size_t np = calfpump_batch_param_count(b), nm = calfpump_batch_metric_count(b), rows;
    double *cx, *cy;
    int st;
    if (!Rf_isMatrix(x) || TYPEOF(x) != REALSXP || (size_t)Rf_ncols(x) != np)
        Rf_error("'x' must be a numeric matrix with a column per parameter");
    rows = (size_t)Rf_nrows(x);
    cx = row_major(x, rows, np);
    cy = (double *)R_alloc(rows * nm + 1, sizeof *cy);
    PROTECT(status = Rf_allocVector(INTSXP, (R_xlen_t)rows));
    if ((st = calfpump_batch_run(b, rows, cx, cy, INTEGER(status))) < 0)
        cfpr_fail(st, calfpump_batch_errmsg(b));
    PROTECT(y = r_matrix(cy, rows, nm));
    PROTECT(cn = Rf_allocVector(STRSXP, (R_xlen_t)nm));
    for (size_t j = 0; j < nm; j++)
        SET_STRING_ELT(cn, (R_xlen_t)j, Rf_mkChar(calfpump_batch_metric_name(b, j)));
    Rf_setAttrib(y, R_DimNamesSymbol, Rf_list2(R_NilValue, cn));
    PROTECT(msg = Rf_allocVector(STRSXP, (R_xlen_t)rows));
    for (size_t i = 0; i < rows; i++)
        SET_STRING_ELT(msg, (R_xlen_t)i,
                       Rf_mkChar(calfpump_batch_failed(b) ? calfpump_batch_run_errmsg(b, i) : ""));
    PROTECT(out = cfpr_named_list(4, names));
    SET_VECTOR_ELT(out, 0, y);
    SET_VECTOR_ELT(out, 1, status);
    SET_VECTOR_ELT(out, 2, msg);
    SET_VECTOR_ELT(out, 3, Rf_ScalarInteger((int)calfpump_batch_threads(b)));
    free_now(holder, batch_fin);
    UNPROTECT(6);
    return out;
}

SEXP cfpr_batch_fit(SEXP mx, SEXP px, SEXP params, SEXP metrics, SEXP threads, SEXP args)
{
    static const char *const names[] = {"x", "sd", "residual", "identified", "cost",
                                        "converged", "message"};
    SEXP holder = PROTECT(temp_xptr(batch_fin)), out, v[4];
    calfpump_batch *b = batch_of(holder, mx, px, params, metrics, threads);
    size_t np = calfpump_batch_param_count(b), nm = calfpump_batch_metric_count(b);
    const size_t len[5] = {nm, nm, np, np, np};
    const char *what[5] = {"target", "sigma", "lower", "upper", "start"};
    double *a[5], cost = 0;
    int st;
    if (TYPEOF(args) != VECSXP || XLENGTH(args) != 5)
        Rf_error("internal: batch_fit needs 5 vectors");
    for (int i = 0; i < 5; i++) {
        SEXP e = PROTECT(cfpr_doubles(VECTOR_ELT(args, i), what[i]));
        if ((size_t)XLENGTH(e) != len[i])
            Rf_error("'%s' must have %d values", what[i], (int)len[i]);
        a[i] = (double *)R_alloc(len[i] + 1, sizeof(double));
        memcpy(a[i], REAL(e), len[i] * sizeof(double));
        UNPROTECT(1);
    }
    PROTECT(v[0] = Rf_allocVector(REALSXP, (R_xlen_t)np));
    PROTECT(v[1] = Rf_allocVector(REALSXP, (R_xlen_t)np));
    PROTECT(v[2] = Rf_allocVector(REALSXP, (R_xlen_t)nm));
    PROTECT(v[3] = Rf_allocVector(LGLSXP, (R_xlen_t)np));
    {
        int *ident = (int *)R_alloc(np + 1, sizeof(int));
        st = calfpump_batch_fit(b, a[0], a[1], a[2], a[3], a[4], REAL(v[1]), REAL(v[2]), ident,
                                &cost);
        if (st < 0 && st != CALFPUMP_E_MAXSTEPS)
            cfpr_fail(st, calfpump_batch_errmsg(b));
        memcpy(REAL(v[0]), a[4], np * sizeof(double));
        for (size_t j = 0; j < np; j++)
            LOGICAL(v[3])[j] = ident[j] != 0;
    }
    PROTECT(out = cfpr_named_list(7, names));
    for (int i = 0; i < 4; i++)
        SET_VECTOR_ELT(out, i, v[i]);
    SET_VECTOR_ELT(out, 4, Rf_ScalarReal(cost));
    SET_VECTOR_ELT(out, 5, Rf_ScalarLogical(st != CALFPUMP_E_MAXSTEPS));
    SET_VECTOR_ELT(out, 6, Rf_mkString(calfpump_batch_errmsg(b)));
    free_now(holder, batch_fin);
    UNPROTECT(6);
    return out;
}

SEXP cfpr_sobol_plan(SEXP k, SEXP n, SEXP seed)
{
    char errbuf[CFPR_ERRLEN];
    double kk = cfpr_double(k, "k"), nn = cfpr_double(n, "n");
    size_t ck, cn;
    double *u;
    int st;
    if (!(kk >= 1 && kk <= 1000 && nn >= 2 && nn <= 1e7))
        Rf_error("'k' must be in 1..1000 and 'n' in 2..1e7");
    ck = (size_t)kk;
    cn = (size_t)nn;
    u = (double *)R_alloc((ck + 2) * cn * ck, sizeof *u);
    st = calfpump_sobol_plan(ck, cn, (unsigned long)cfpr_double(seed, "seed"), u, errbuf,
                             sizeof errbuf);
    if (st < 0)
        cfpr_fail(st, errbuf);
    return r_matrix(u, (ck + 2) * cn, ck);
}

SEXP cfpr_sobol_indices(SEXP y, SEXP k, SEXP n, SEXP nboot, SEXP level, SEXP seed)
{
    static const char *const names[] = {"S1", "S1_lo", "S1_hi", "ST", "ST_lo", "ST_hi"};
    char errbuf[CFPR_ERRLEN];
    SEXP yy = PROTECT(cfpr_doubles(y, "y")), out;
    double kk = cfpr_double(k, "k"), nn = cfpr_double(n, "n");
    size_t ck = kk >= 1 && kk <= 1000 ? (size_t)kk : 0, cn = nn >= 2 ? (size_t)nn : 0, used = 0;
    calfpump_sobol_index *ix;
    int st;
    if (!ck || !cn || (size_t)XLENGTH(yy) != (ck + 2) * cn)
        Rf_error("'y' must have (k + 2) n values, k in 1..1000, n >= 2");
    ix = (calfpump_sobol_index *)R_alloc(ck, sizeof *ix);
    st = calfpump_sobol_indices(ck, cn, REAL(yy), (size_t)cfpr_double(nboot, "bootstrap"),
                                cfpr_double(level, "level"),
                                (unsigned long)cfpr_double(seed, "seed"), ix, &used, errbuf,
                                sizeof errbuf);
    if (st < 0)
        cfpr_fail(st, errbuf);
    PROTECT(out = cfpr_named_list(6, names));
    for (int c = 0; c < 6; c++) {
        SEXP col = Rf_allocVector(REALSXP, (R_xlen_t)ck);
        SET_VECTOR_ELT(out, c, col);
        for (size_t i = 0; i < ck; i++) {
            const double f[6] = {ix[i].s1, ix[i].s1_lo, ix[i].s1_hi,
                                 ix[i].st, ix[i].st_lo, ix[i].st_hi};
            REAL(col)[i] = f[c];
        }
    }
    Rf_setAttrib(out, Rf_install("used"), Rf_ScalarInteger((int)used));
    UNPROTECT(2);
    return out;
}
