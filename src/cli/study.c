/* study.c -- the shared part of cohort, sensitivity and fit: see study.h. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <calfpump/sys/integrator.h>

#include "study.h"

static const char *local_message(const calfpump_batch *b, size_t i, int status)
{
    const char *m = calfpump_batch_run_errmsg(b, i);
    return m && *m ? m : calfpump_strerror(status);
}

study_rows_fn study_run_rows = calfpump_batch_run;
study_message_fn study_run_message = local_message;
int study_writer = 1;
unsigned study_default_threads = 0;

int study_batch(const run_config *c, setup *su, calfpump_batch **b)
{
    char err[1024];
    int st, rc;
    *b = NULL;
    if ((rc = build_setup(c, su)))
        return rc;
    if (!calfpump_integrator_builtin(su->integrator)) {
        error("--integrator %s: batches run the built-in integrators only ('" PROG
              " list integrators')", su->integrator);
        setup_free(su);
        return EXIT_USAGE;
    }
    if ((st = calfpump_batch_create(b, su->m, su->p, err, sizeof err))) {
        error("cannot set up the runs: %s", why(err, st));
        setup_free(su);
        return exit_of(st);
    }
    calfpump_batch_set_threads(*b, c->threads ? (unsigned)(c->threads > 1024 ? 1024 : c->threads)
                                              : study_default_threads);
    return 0;
}

/* --vary PARAM=DIST */
static int add_vary(calfpump_design *d, const char *spec)
{
    const char *eq = strchr(spec, '=');
    char *param;
    int st;
    if (!eq || eq == spec) {
        error("--vary '%s': expected PARAM=DIST, e.g. calf_strength=uniform(0.5, 1.5)", spec);
        return EXIT_USAGE;
    }
    if (!(param = xstrndup(spec, (size_t)(eq - spec))))
        return EXIT_RUNTIME;
    st = calfpump_design_add(d, param, eq + 1);
    free(param);
    if (st) {
        error("--vary '%s': %s", spec, why(calfpump_design_errmsg(d), st));
        return exit_of(st);
    }
    return 0;
}

int study_design(const char *cname, const run_config *c, const calfpump_model *m,
                 calfpump_design **d)
{
    char err[1024];
    int st, rc;
    if ((st = calfpump_design_create(d, m, err, sizeof err))) {
        error("%s: %s", cname, why(err, st));
        return exit_of(st);
    }
    for (size_t i = 0; i < c->dists.n; i++)
        if ((st = calfpump_design_load(*d, c->dists.v[i]))) {
            error("%s", why(calfpump_design_errmsg(*d), st));
            rc = exit_of(st);
            goto fail;
        }
    for (size_t i = 0; i < c->varies.n; i++)
        if ((rc = add_vary(*d, c->varies.v[i])))
            goto fail;
    if (calfpump_design_count(*d) == 0) {
        error("%s: no parameter varies: give --dist FILE or --vary PARAM=DIST", cname);
        rc = EXIT_USAGE;
        goto fail;
    }
    return 0;
fail:
    calfpump_design_free(*d);
    *d = NULL;
    return rc;
}

int study_params_from_design(calfpump_batch *b, const calfpump_design *d)
{
    size_t n = calfpump_design_count(d), len = 1;
    char *list;
    int st;
    for (size_t j = 0; j < n; j++)
        len += strlen(calfpump_design_param_name(d, j)) + 1;
    if (!(list = malloc(len))) {
        error("out of memory");
        return EXIT_RUNTIME;
    }
    list[0] = '\0';
    for (size_t j = 0; j < n; j++) {
        if (j)
            strcat(list, ",");
        strcat(list, calfpump_design_param_name(d, j));
    }
    st = calfpump_batch_set_params(b, list);
    free(list);
    if (st) {
        error("%s", why(calfpump_batch_errmsg(b), st));
        return exit_of(st);
    }
    return 0;
}

/* The key measures that one run of the base model defines, as a list. */
static int key_outputs(const char *cname, calfpump_batch *b)
{
    size_t nk = calfpump_metric_key_count(), len = 1, kept = 0;
    char *list = NULL;
    double *y = NULL;
    int st, rc = 0;
    for (size_t i = 0; i < nk; i++) {
        const char *name = "";
        calfpump_metric_key(i, &name, NULL, NULL);
        len += strlen(name) + 1;
    }
    if (!(list = malloc(len)) || !(y = malloc(nk * sizeof *y))) {
        error("out of memory");
        rc = EXIT_RUNTIME;
        goto done;
    }
    list[0] = '\0';
    for (size_t i = 0; i < nk; i++) {
        const char *name = "";
        calfpump_metric_key(i, &name, NULL, NULL);
        if (i)
            strcat(list, ",");
        strcat(list, name);
    }
    if ((st = calfpump_batch_set_params(b, NULL)) || (st = calfpump_batch_set_metrics(b, list)) ||
        (st = calfpump_batch_run(b, 1, NULL, y, NULL))) {
        error("%s: %s", cname, why(calfpump_batch_errmsg(b), st));
        rc = exit_of(st);
        goto done;
    }
    list[0] = '\0';
    for (size_t i = 0; i < nk; i++) {
        const char *name = "";
        calfpump_metric_key(i, &name, NULL, NULL);
        if (isfinite(y[i]) && strcmp(name, "conservation.error") != 0) {
            if (kept++)
                strcat(list, ",");
            strcat(list, name);
        }
    }
    if (!kept) {
        error("%s: the protocol defines none of the key measures: choose --outputs", cname);
        rc = EXIT_USAGE;
    } else if ((st = calfpump_batch_set_metrics(b, list))) {
        error("%s: %s", cname, why(calfpump_batch_errmsg(b), st));
        rc = exit_of(st);
    }
done:
    free(list);
    free(y);
    return rc;
}

int study_outputs(const char *cname, const run_config *c, calfpump_batch *b)
{
    int st;
    if (!c->outputs)
        return key_outputs(cname, b);
    if ((st = calfpump_batch_set_metrics(b, c->outputs))) {
        error("--outputs: %s", why(calfpump_batch_errmsg(b), st));
        if (st == CALFPUMP_E_NOTFOUND)
            hint("the metrics are listed by '" PROG " list metrics'");
        return exit_of(st);
    }
    return 0;
}

static int batch_progress(void *user, size_t done, size_t total)
{
    progress_line *p = user;
    double wall = progress_due(p, done >= total);
    if (wall < 0)
        return 0;
    fprintf(stderr, "\r%s: %zu/%zu runs, %.1f s elapsed", p->what, done, total, wall);
    if (done > 0 && done < total)
        fprintf(stderr, ", ETA %.0f s ", wall * (double)(total - done) / (double)done);
    fflush(stderr);
    return 0;
}

int study_run(const char *what, calfpump_batch *b, size_t n, const double *x, double *y,
              int *status, int progress)
{
    progress_line line;
    int st;
    if (progress && study_writer) {
        progress_start(&line, what);
        calfpump_batch_set_progress_callback(b, batch_progress, &line);
    }
    st = study_run_rows(b, n, x, y, status);
    calfpump_batch_set_progress_callback(b, NULL, NULL);
    if (progress && study_writer) {
        fprintf(stderr, "\r%*s\r", 78, "");
        fflush(stderr);
    }
    if (st) {
        error("%s: %s", what, why(calfpump_batch_errmsg(b), st));
        return exit_of(st);
    }
    return 0;
}

int study_table_open(const run_config *c, study_table *t, FILE **summary)
{
    size_t len;
    t->path = c->out && strcmp(c->out, "-") != 0 ? c->out : NULL;
    t->sep = '\t';
    *summary = t->path ? stdout : stderr;
    if (!t->path) {
        t->f = stdout;
        return 0;
    }
    len = strlen(t->path);
    if (len > 4 && strcmp(t->path + len - 4, ".csv") == 0)
        t->sep = ',';
    if (!study_writer) {
        t->f = NULL;
        return 0;
    }
    if (!(t->f = fopen(t->path, "w"))) {
        error("--out %s: cannot open for writing", t->path);
        return EXIT_RUNTIME;
    }
    return 0;
}

int study_table_close(study_table *t, int rc)
{
    if (!t->f || t->f == stdout)
        return rc;
    if (ferror(t->f) | fclose(t->f)) {
        error("--out %s: write error", t->path);
        return rc ? rc : EXIT_RUNTIME;
    }
    return rc;
}

void study_cell_number(study_table *t, int first, double v)
{
    if (!t->f)
        return;
    if (!first)
        fputc(t->sep, t->f);
    if (isfinite(v))
        fprintf(t->f, "%.17g", v);
    else
        fputs("NA", t->f);
}

void study_cell_text(study_table *t, int first, const char *s)
{
    if (!t->f)
        return;
    if (!first)
        fputc(t->sep, t->f);
    fputs(s, t->f);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double *study_sorted_column(const double *y, size_t n, size_t stride, size_t j, size_t *count)
{
    double *v = malloc((n ? n : 1) * sizeof *v);
    size_t k = 0;
    if (!v) {
        error("out of memory");
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        if (isfinite(y[i * stride + j]))
            v[k++] = y[i * stride + j];
    qsort(v, k, sizeof *v, cmp_double);
    *count = k;
    return v;
}

double study_quantile(const double *v, size_t n, double q)
{
    double h = q * (double)(n - 1);
    size_t i = (size_t)floor(h);
    if (i + 1 >= n)
        return v[n - 1];
    return v[i] + (h - (double)i) * (v[i + 1] - v[i]);
}

int study_main(unsigned cmd, int argc, char **argv, void (*usage)(FILE *), study_body body)
{
    const char *cname = cmd_name(cmd);
    run_config c;
    setup su;
    calfpump_batch *b = NULL;
    calfpump_design *d = NULL;
    int rc;
    run_config_init(&c);
    rc = parse_args(cmd, argc, argv, &c);
    if (!rc && c.help) {
        usage(stdout);
        run_config_free(&c);
        return finish_stdout(0);
    }
    if (!rc)
        rc = take_model_argument(cname, &c);
    if (!rc && !(rc = study_batch(&c, &su, &b))) {
        if (cmd == C_FIT || !(rc = study_design(cname, &c, su.m, &d)))
            rc = body(&c, &su, b, d);
        calfpump_design_free(d);
        calfpump_batch_free(b);
        setup_free(&su);
    }
    run_config_free(&c);
    return finish_stdout(rc);
}
