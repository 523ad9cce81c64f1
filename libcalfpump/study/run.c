/* Running a batch: one fresh simulation per row of the parameter matrix,
 * on the thread pool (study/pool.c). */
#include <stdlib.h>
#include <string.h>
#include "base/internal.h"
#include "base/util.h"
#include "study/batch.h"
#include "study/pool.h"

typedef struct run_ctx {
    calfpump_batch *b;
    size_t n;
    const double *x;
    double *y;
} run_ctx;

/* Run the model with the parameter values x; metrics into y (NaN when
 * missing).  Returns the first failure, with its message in msg. */
static int run_one(const calfpump_batch *b, const double *x, double *y, char *msg)
{
    calfpump_model *m = NULL;
    calfpump_sim *s = NULL;
    int st;
    for (size_t j = 0; j < b->metrics.n; j++)
        y[j] = cfp_nan();
    if ((st = calfpump_model_clone(&m, b->model)))
        return cfp_fail(msg, st, "no memory for the model");
    for (size_t j = 0; j < b->params.n; j++)
        if ((st = calfpump_model_set(m, b->params.v[j], x[j]))) {
            cfp_fail(msg, st, "%s", calfpump_model_errmsg(m));
            goto done;
        }
    if ((st = calfpump_sim_create(&s, m, b->proto, msg, CFP_MSG_SIZE)))
        goto done;
    if ((st = calfpump_sim_apply_run_settings(s)) || (st = calfpump_sim_set_store_trace(s, 0)) ||
        (st = calfpump_sim_run(s))) {
        cfp_fail(msg, st, "%s", calfpump_sim_errmsg(s));
        goto done;
    }
    for (size_t j = 0; j < b->metrics.n; j++) {
        int rc = calfpump_sim_metric(s, b->metrics.v[j], &y[j]);
        if (rc) {
            y[j] = cfp_nan();
            if (!st)
                st = cfp_fail(msg, rc, "%s", calfpump_sim_errmsg(s));
        }
    }
done:
    calfpump_sim_free(s);
    calfpump_model_free(m);
    return st;
}

static void keep_message(calfpump_batch *b, size_t i, int st, const char *msg)
{
    b->runstatus[i] = st;
    if (st) {
        size_t len = strlen(msg) + 1;
        if ((b->runmsg[i] = malloc(len)))
            memcpy(b->runmsg[i], msg, len);
    }
}

static void run_job(void *ctx, size_t i)
{
    run_ctx *c = ctx;
    char msg[CFP_MSG_SIZE];
    int st;
    msg[0] = '\0';
    st = run_one(c->b, c->x ? c->x + i * c->b->params.n : NULL, c->y + i * c->b->metrics.n, msg);
    keep_message(c->b, i, st, msg);
}

static void skip_job(void *ctx, size_t i)
{
    run_ctx *c = ctx;
    for (size_t j = 0; j < c->b->metrics.n; j++)
        c->y[i * c->b->metrics.n + j] = cfp_nan();
    keep_message(c->b, i, CALFPUMP_E_CALLBACK, "cancelled by the progress callback");
}

static int job_done(void *ctx, size_t done)
{
    run_ctx *c = ctx;
    return c->b->progress ? c->b->progress(c->b->progress_user, done, c->n) : 0;
}

/* The batch's message after a run: how many failed, and the first. */
static void summarise(calfpump_batch *b)
{
    size_t first = b->nruns;
    b->nfailed = 0;
    for (size_t i = 0; i < b->nruns; i++)
        if (b->runstatus[i]) {
            if (first == b->nruns)
                first = i;
            b->nfailed++;
        }
    if (b->nfailed)
        cfp_fail(b->errmsg, 0, "%zu of %zu runs failed; the first, run %zu: %s", b->nfailed,
                 b->nruns, first, calfpump_batch_run_errmsg(b, first));
    else
        b->errmsg[0] = '\0';
}

int calfpump_batch_run(calfpump_batch *b, size_t n, const double *x, double *y, int *status)
{
    run_ctx c;
    if (!b)
        return CALFPUMP_E_NULL;
    if (!y)
        return cfp_fail(b->errmsg, CALFPUMP_E_NULL, "batch_run: the result matrix y is required");
    if (!x && b->params.n && n)
        return cfp_fail(b->errmsg, CALFPUMP_E_NULL,
                        "batch_run: the parameter matrix x is required (%zu parameters)",
                        b->params.n);
    if (b->metrics.n == 0)
        return cfp_fail(b->errmsg, CALFPUMP_E_STATE,
                        "batch_run: no metrics chosen (calfpump_batch_set_metrics)");
    cfp_batch_clear_runs(b);
    if (n && (!(b->runstatus = calloc(n, sizeof *b->runstatus)) ||
              !(b->runmsg = calloc(n, sizeof *b->runmsg)))) {
        cfp_batch_clear_runs(b);
        return cfp_fail(b->errmsg, CALFPUMP_E_NOMEM, "batch_run: no memory for %zu runs", n);
    }
    b->nruns = n;
    c.b = b;
    c.n = n;
    c.x = x;
    c.y = y;
    cfp_pool_run(b->threads, n, run_job, job_done, skip_job, &c);
    if (status)
        memcpy(status, b->runstatus, n * sizeof *status);
    summarise(b);
    return CALFPUMP_OK;
}
