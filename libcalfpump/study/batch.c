/* Batches of runs: one model through one protocol, once per row of a
 * parameter matrix (include/calfpump/study.h, group batch). */
#include <stdlib.h>
#include <string.h>
#include "base/internal.h"
#include "base/util.h"
#include "study/batch.h"
#include "study/pool.h"

#define CFP_THREADS_MAX 1024u

static void names_clear(cfp_names *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

/* Split a ',' list (spaces around names ignored) into *l. */
static int names_split(cfp_names *l, const char *list, char *msg)
{
    const char *p = list ? list : "";
    size_t cap = 0;
    names_clear(l);
    while (*p) {
        size_t len;
        char **v;
        while (*p == ' ')
            p++;
        len = strcspn(p, ",");
        while (len && p[len - 1] == ' ')
            len--;
        if (len == 0)
            return cfp_fail(msg, CALFPUMP_E_INVAL, "an empty name in the list \"%s\"", list);
        if (!(v = cfp_grow(l->v, &cap, l->n, sizeof *v, 8)))
            return cfp_fail(msg, CALFPUMP_E_NOMEM, "out of memory for the name list");
        l->v = v;
        if (!(v[l->n] = malloc(len + 1)))
            return cfp_fail(msg, CALFPUMP_E_NOMEM, "out of memory for the name list");
        memcpy(v[l->n], p, len);
        v[l->n++][len] = '\0';
        p += len;
        while (*p == ' ')
            p++;
        p += (*p == ',');
    }
    return CALFPUMP_OK;
}

int calfpump_batch_create(calfpump_batch **out, const calfpump_model *m,
                          const calfpump_protocol *p, char *errbuf, size_t errlen)
{
    calfpump_batch *b;
    calfpump_sim *s = NULL;
    int st;
    if (out)
        *out = NULL;
    if (!out || !m || !p) {
        cfp_errbuf(errbuf, errlen, "batch_create: out, model and protocol are required");
        return CALFPUMP_E_NULL;
    }
    /* One simulation, created and kept: it checks model and protocol and
     * gives the metric names; its copies are the batch's. */
    if ((st = calfpump_sim_create(&s, m, p, errbuf, errlen)))
        return st;
    if (!(b = calloc(1, sizeof *b)) || !(b->errmsg = cfp_msg_new()) ||
        calfpump_model_clone(&b->model, m) || cfp_protocol_copy(&b->proto, p)) {
        calfpump_sim_free(s);
        calfpump_batch_free(b);
        cfp_errbuf(errbuf, errlen, "batch_create: out of memory");
        return CALFPUMP_E_NOMEM;
    }
    b->probe = s;
    b->threads = 1;
    cfp_errbuf(errbuf, errlen, "");
    *out = b;
    return CALFPUMP_OK;
}

void cfp_batch_clear_runs(calfpump_batch *b)
{
    for (size_t i = 0; b->runmsg && i < b->nruns; i++)
        free(b->runmsg[i]);
    free(b->runmsg);
    free(b->runstatus);
    b->runmsg = NULL;
    b->runstatus = NULL;
    b->nruns = b->nfailed = 0;
}

void calfpump_batch_free(calfpump_batch *b)
{
    if (!b)
        return;
    cfp_batch_clear_runs(b);
    names_clear(&b->params);
    names_clear(&b->metrics);
    calfpump_sim_free(b->probe);
    calfpump_model_free(b->model);
    calfpump_protocol_free(b->proto);
    free(b->errmsg);
    free(b);
}

const char *calfpump_batch_errmsg(const calfpump_batch *b)
{
    return b ? b->errmsg : "batch: the batch handle is NULL";
}

int calfpump_batch_set_params(calfpump_batch *b, const char *names)
{
    int st;
    if (!b)
        return CALFPUMP_E_NULL;
    if ((st = names_split(&b->params, names, b->errmsg)))
        goto fail;
    for (size_t j = 0; j < b->params.n; j++) {
        double lo, hi;
        if (calfpump_model_param_info(b->model, b->params.v[j], &lo, &hi, NULL)) {
            st = cfp_fail(b->errmsg, CALFPUMP_E_NOTFOUND,
                          "batch parameters: '%s' is not a parameter of the model "
                          "(calfpump list params shows them)", b->params.v[j]);
            goto fail;
        }
        for (size_t k = 0; k < j; k++)
            if (strcmp(b->params.v[k], b->params.v[j]) == 0) {
                st = cfp_fail(b->errmsg, CALFPUMP_E_EXISTS,
                              "batch parameters: '%s' is given twice", b->params.v[j]);
                goto fail;
            }
    }
    return CALFPUMP_OK;
fail:
    names_clear(&b->params);
    return st;
}

int calfpump_batch_set_metrics(calfpump_batch *b, const char *names)
{
    int st;
    if (!b)
        return CALFPUMP_E_NULL;
    if ((st = names_split(&b->metrics, names, b->errmsg)))
        goto fail;
    if (b->metrics.n == 0) {
        st = cfp_fail(b->errmsg, CALFPUMP_E_INVAL, "batch metrics: the list is empty");
        goto fail;
    }
    for (size_t j = 0; j < b->metrics.n; j++) {
        size_t k, nm = calfpump_sim_metric_count(b->probe);
        for (k = 0; k < nm; k++)
            if (strcmp(calfpump_sim_metric_name(b->probe, k), b->metrics.v[j]) == 0)
                break;
        if (k == nm) {
            st = cfp_fail(b->errmsg, CALFPUMP_E_NOTFOUND,
                          "batch metrics: '%s' is not a metric of this model and protocol "
                          "(calfpump list metrics shows them)", b->metrics.v[j]);
            goto fail;
        }
    }
    return CALFPUMP_OK;
fail:
    names_clear(&b->metrics);
    return st;
}

size_t calfpump_batch_param_count(const calfpump_batch *b) { return b ? b->params.n : 0; }

const char *calfpump_batch_param_name(const calfpump_batch *b, size_t j)
{
    return (b && j < b->params.n) ? b->params.v[j] : NULL;
}

size_t calfpump_batch_metric_count(const calfpump_batch *b) { return b ? b->metrics.n : 0; }

const char *calfpump_batch_metric_name(const calfpump_batch *b, size_t j)
{
    return (b && j < b->metrics.n) ? b->metrics.v[j] : NULL;
}

int calfpump_batch_set_threads(calfpump_batch *b, unsigned n)
{
    if (!b)
        return CALFPUMP_E_NULL;
    if (n > CFP_THREADS_MAX)
        return cfp_fail(b->errmsg, CALFPUMP_E_RANGE, "batch threads: %u is more than %u", n,
                        CFP_THREADS_MAX);
    b->threads = n;
    return CALFPUMP_OK;
}

unsigned calfpump_batch_threads(const calfpump_batch *b)
{
    return b ? cfp_pool_threads(b->threads) : 0;
}

int calfpump_batch_set_progress_callback(calfpump_batch *b, calfpump_batch_progress_fn fn,
                                         void *user)
{
    if (!b)
        return CALFPUMP_E_NULL;
    b->progress = fn;
    b->progress_user = user;
    return CALFPUMP_OK;
}

size_t calfpump_batch_failed(const calfpump_batch *b) { return b ? b->nfailed : 0; }

const char *calfpump_batch_run_errmsg(const calfpump_batch *b, size_t i)
{
    if (!b || i >= b->nruns)
        return NULL;
    if (b->runmsg[i])
        return b->runmsg[i];
    return b->runstatus[i] ? calfpump_strerror(b->runstatus[i]) : "";
}
