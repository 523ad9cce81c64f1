/* sensitivity.c -- "calfpump sensitivity": first-order and total Sobol
 * indices of each output with respect to each varied parameter (Saltelli
 * plan, (k + 2) N runs), with bootstrap confidence intervals. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "study.h"

#define DEFAULT_BASE 256

static void usage_sensitivity(FILE *f)
{
    fprintf(f, "Usage: " PROG " sensitivity [FILE] [OPTION]... (--dist FILE | --vary "
               "PARAM=DIST)...\n"
               "\n"
               "Variance-based global sensitivity: for each output (--outputs) and each\n"
               "parameter of --dist and --vary, the first-order Sobol index (the share of\n"
               "the output's variance that the parameter explains alone) and the total\n"
               "index (its share with all its interactions), with 95 %% bootstrap\n"
               "intervals.  Saltelli's sampling plan takes (k + 2) N runs for k\n"
               "parameters and base size N (-n); first-order indices by Saltelli's 2010\n"
               "estimator, total indices by Jansen's.  Runs that fail leave their row of\n"
               "the plan out (the table says how many rows were used).\n"
               "\n"
               "Options:\n");
    print_options(f, C_SENS, 0);
    fprintf(f, "\n"
               "Exit status: 0 success, 1 runtime failure, 2 usage error.\n");
}

static void header(study_table *t)
{
    static const char *const cols[] = {"output", "parameter", "S1", "S1_lo", "S1_hi", "ST",
                                       "ST_lo", "ST_hi", "rows"};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
        study_cell_text(t, i == 0, cols[i]);
    if (t->f)
        fputc('\n', t->f);
}

/* The indices of output j; one table row and one summary line per
 * parameter.  Returns 0 or an exit status. */
static int indices(const run_config *c, const calfpump_batch *b, size_t k, size_t n,
                   const double *y, size_t j, double *col, calfpump_sobol_index *ix,
                   study_table *t, FILE *summary)
{
    size_t nm = calfpump_batch_metric_count(b), used = 0, rows = (k + 2) * n;
    const char *out = calfpump_batch_metric_name(b, j);
    char err[512];
    int st;
    for (size_t i = 0; i < rows; i++)
        col[i] = y[i * nm + j];
    st = calfpump_sobol_indices(k, n, col, c->bootstrap, 0.95, c->seed + 1, ix, &used, err,
                                sizeof err);
    if (st) {
        fprintf(summary, "%s: no indices: %s\n", out, why(err, st));
        return st == CALFPUMP_E_STATE ? 0 : exit_of(st);
    }
    fprintf(summary, "%s (%zu of %zu rows)\n", out, used, n);
    for (size_t p = 0; p < k; p++) {
        const char *param = calfpump_batch_param_name(b, p);
        fprintf(summary, "  %-36s S1 %6.3f [%6.3f, %6.3f]  ST %6.3f [%6.3f, %6.3f]\n", param,
                ix[p].s1, ix[p].s1_lo, ix[p].s1_hi, ix[p].st, ix[p].st_lo, ix[p].st_hi);
        study_cell_text(t, 1, out);
        study_cell_text(t, 0, param);
        study_cell_number(t, 0, ix[p].s1);
        study_cell_number(t, 0, ix[p].s1_lo);
        study_cell_number(t, 0, ix[p].s1_hi);
        study_cell_number(t, 0, ix[p].st);
        study_cell_number(t, 0, ix[p].st_lo);
        study_cell_number(t, 0, ix[p].st_hi);
        study_cell_number(t, 0, (double)used);
        if (t->f)
            fputc('\n', t->f);
    }
    return 0;
}

static int sensitivity(const run_config *c, const setup *su, calfpump_batch *b,
                       calfpump_design *d)
{
    size_t n = c->samples ? c->samples : DEFAULT_BASE, k = calfpump_design_count(d), nm, rows;
    double *x = NULL, *y = NULL, *col = NULL;
    calfpump_sobol_index *ix = NULL;
    int *status = NULL, rc, st;
    size_t failed = 0, first = 0;
    study_table t = {0};
    FILE *summary;
    char err[512];
    if ((rc = study_outputs("sensitivity", c, b)) || (rc = study_params_from_design(b, d)))
        return rc;
    nm = calfpump_batch_metric_count(b);
    rows = (k + 2) * n;
    x = malloc(rows * k * sizeof *x);
    y = malloc(rows * nm * sizeof *y);
    col = malloc(rows * sizeof *col);
    ix = malloc(k * sizeof *ix);
    status = malloc(rows * sizeof *status);
    if (!x || !y || !col || !ix || !status) {
        error("sensitivity: out of memory for %zu runs", rows);
        rc = EXIT_RUNTIME;
        goto done;
    }
    if ((st = calfpump_sobol_plan(k, n, c->seed, x, err, sizeof err)) ||
        (st = calfpump_design_map(d, rows, x, x))) {
        error("sensitivity: %s", why(st ? err : calfpump_design_errmsg(d), st));
        rc = exit_of(st);
        goto done;
    }
    if ((rc = study_table_open(c, &t, &summary)) ||
        (rc = study_run("sensitivity", b, rows, x, y, status, show_progress(c))))
        goto done;
    if (!study_writer)
        goto done;
    header(&t);
    fprintf(summary, "# Sobol indices, %zu parameters, N = %zu (%zu runs), %lu bootstrap "
                     "resamples\n", k, n, rows, c->bootstrap);
    for (size_t j = 0; j < nm && !rc; j++)
        rc = indices(c, b, k, n, y, j, col, ix, &t, summary);
    for (size_t i = 0; i < rows; i++)
        if (status[i] && failed++ == 0)
            first = i;
    if (failed)
        fprintf(summary, "%zu of %zu runs failed or miss a metric; the first, run %zu: %s\n",
                failed, rows, first, study_run_message(b, first, status[first]));
done:
    rc = study_table_close(&t, rc);
    free(x);
    free(y);
    free(col);
    free(ix);
    free(status);
    return rc;
}

int cmd_sensitivity(int argc, char **argv)
{
    return study_main(C_SENS, argc, argv, usage_sensitivity, sensitivity);
}
