/* cohort.c -- "calfpump cohort": a virtual cohort of legs whose parameters
 * are drawn from distributions, one row per leg (its parameters and
 * metrics), and a summary: means, quantiles, fractions beyond cut-offs. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "study.h"

#define DEFAULT_LEGS 100

static void usage_cohort(FILE *f)
{
    fprintf(f, "Usage: " PROG " cohort [FILE] [OPTION]... (--dist FILE | --vary PARAM=DIST)...\n"
               "\n"
               "Simulate a virtual cohort: N legs (-n), each the model (the default leg or\n"
               "FILE, with the conditions and --set of the options) with the parameters of\n"
               "--dist and --vary drawn from their distributions, through the protocol.\n"
               "Writes a table with a row per leg (its number, parameters, metrics and\n"
               "status) and prints a summary: the mean, standard deviation and quantiles\n"
               "of each metric over the legs, and the fraction beyond each --cutoff.  Legs\n"
               "that fail to simulate are counted and named, never dropped silently.\n"
               "\n"
               "Options:\n");
    print_options(f, C_COHORT, 0);
    fprintf(f, "\n"
               "Example: " PROG " cohort --protocol apg -n 1000 --vary "
               "'valve.gsv_leg.competence=uniform(0, 1)' --cutoff 'apg.vfi>2'\n"
               "Exit status: 0 success, 1 runtime failure, 2 usage error.\n");
}

typedef struct {
    size_t metric;
    int above; /* '>' */
    double value;
    const char *text;
} cutoff;

/* "METRIC<VALUE" or "METRIC>VALUE". */
static int parse_cutoff(const calfpump_batch *b, const char *s, cutoff *c)
{
    size_t len = strcspn(s, "<>");
    if (!s[len] || len == 0) {
        error("--cutoff '%s': expected METRIC<VALUE or METRIC>VALUE", s);
        return EXIT_USAGE;
    }
    c->above = s[len] == '>';
    c->text = s;
    if (parse_number("--cutoff", s + len + 1, &c->value))
        return EXIT_USAGE;
    for (c->metric = 0; c->metric < calfpump_batch_metric_count(b); c->metric++) {
        const char *name = calfpump_batch_metric_name(b, c->metric);
        if (strlen(name) == len && strncmp(name, s, len) == 0)
            return 0;
    }
    error("--cutoff '%s': '%.*s' is not one of the outputs (--outputs)", s, (int)len, s);
    return EXIT_USAGE;
}

static void write_rows(study_table *t, const calfpump_batch *b, size_t n, const double *x,
                       const double *y, const int *status)
{
    size_t np = calfpump_batch_param_count(b), nm = calfpump_batch_metric_count(b);
    study_cell_text(t, 1, "leg");
    for (size_t j = 0; j < np; j++)
        study_cell_text(t, 0, calfpump_batch_param_name(b, j));
    for (size_t j = 0; j < nm; j++)
        study_cell_text(t, 0, calfpump_batch_metric_name(b, j));
    study_cell_text(t, 0, "status");
    if (t->f)
        fputc('\n', t->f);
    for (size_t i = 0; i < n; i++) {
        study_cell_number(t, 1, (double)i);
        for (size_t j = 0; j < np; j++)
            study_cell_number(t, 0, x[i * np + j]);
        for (size_t j = 0; j < nm; j++)
            study_cell_number(t, 0, y[i * nm + j]);
        study_cell_text(t, 0, status[i] ? calfpump_status_name(status[i]) : "ok");
        if (t->f)
            fputc('\n', t->f);
    }
}

/* Mean, sd and quantiles of each metric; the cut-offs; the failed legs. */
static int summarise(FILE *f, const calfpump_batch *b, size_t n, const double *y,
                     const int *status, const cutoff *cuts, size_t ncuts)
{
    size_t nm = calfpump_batch_metric_count(b), failed = 0, first = n;
    fprintf(f, "%-28s %6s %11s %11s %11s %11s %11s %11s %11s\n", "# metric", "legs", "mean",
            "sd", "p5", "p25", "median", "p75", "p95");
    for (size_t j = 0; j < nm; j++) {
        size_t k;
        double *v = study_sorted_column(y, n, nm, j, &k), mean = 0, ss = 0;
        if (!v)
            return EXIT_RUNTIME;
        for (size_t i = 0; i < k; i++)
            mean += v[i] / (double)k;
        for (size_t i = 0; i < k; i++)
            ss += (v[i] - mean) * (v[i] - mean);
        fprintf(f, "%-28s %6zu", calfpump_batch_metric_name(b, j), k);
        if (k) {
            fprintf(f, " %11.4g %11.4g", mean, k > 1 ? sqrt(ss / (double)(k - 1)) : NAN);
            for (int q = 0; q < 5; q++)
                fprintf(f, " %11.4g", study_quantile(v, k, (double[]){0.05, 0.25, 0.5, 0.75,
                                                                       0.95}[q]));
        }
        fputc('\n', f);
        free(v);
    }
    for (size_t c = 0; c < ncuts; c++) {
        size_t k = 0, beyond = 0;
        for (size_t i = 0; i < n; i++) {
            double v = y[i * nm + cuts[c].metric];
            if (!isfinite(v))
                continue;
            k++;
            beyond += cuts[c].above ? v > cuts[c].value : v < cuts[c].value;
        }
        fprintf(f, "%s: %zu of %zu legs (%.1f %%)\n", cuts[c].text, beyond, k,
                k ? 100.0 * (double)beyond / (double)k : 0.0);
    }
    for (size_t i = 0; i < n; i++)
        if (status[i] && failed++ == 0)
            first = i;
    if (failed)
        fprintf(f, "%zu of %zu legs failed or miss a metric (status in the table); the first, "
                   "leg %zu: %s\n", failed, n, first, study_run_message(b, first, status[first]));
    return 0;
}

static int cohort(const run_config *c, const setup *su, calfpump_batch *b, calfpump_design *d)
{
    size_t n = c->samples ? c->samples : DEFAULT_LEGS, np, nm, ncuts = c->cutoffs.n;
    double *x = NULL, *y = NULL;
    int *status = NULL, rc, st;
    cutoff *cuts = NULL;
    study_table t = {0};
    FILE *summary;
    if ((rc = study_outputs("cohort", c, b)) || (rc = study_params_from_design(b, d)))
        return rc;
    np = calfpump_batch_param_count(b);
    nm = calfpump_batch_metric_count(b);
    x = malloc(n * np * sizeof *x);
    y = malloc(n * nm * sizeof *y);
    status = malloc(n * sizeof *status);
    cuts = calloc(ncuts ? ncuts : 1, sizeof *cuts);
    if (!x || !y || !status || !cuts) {
        error("cohort: out of memory for %zu legs", n);
        rc = EXIT_RUNTIME;
        goto done;
    }
    for (size_t i = 0; i < ncuts; i++)
        if ((rc = parse_cutoff(b, c->cutoffs.v[i], &cuts[i])))
            goto done;
    if ((st = calfpump_design_sample(d, c->seed, 0, n, x))) {
        error("cohort: %s", why(calfpump_design_errmsg(d), st));
        rc = exit_of(st);
        goto done;
    }
    if ((rc = study_table_open(c, &t, &summary)) ||
        (rc = study_run("cohort", b, n, x, y, status, show_progress(c))))
        goto done;
    if (study_writer) {
        write_rows(&t, b, n, x, y, status);
        rc = summarise(summary, b, n, y, status, cuts, ncuts);
    }
done:
    rc = study_table_close(&t, rc);
    free(x);
    free(y);
    free(status);
    free(cuts);
    return rc;
}

int cmd_cohort(int argc, char **argv)
{
    return study_main(C_COHORT, argc, argv, usage_cohort, cohort);
}
