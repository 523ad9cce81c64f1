/* Recorder: column layout and rows. */
#include <stdio.h>
#include <stdlib.h>
#include "base/internal.h"
#include "sim/recorder.h"

static void set_units(cfp_trace *tr, size_t from, size_t n, const char *unit)
{
    for (size_t j = from; j < from + n; j++)
        tr->units[j] = unit;
}

int cfp_trace_layout(cfp_trace *tr, size_t nc, size_t ne, size_t nv, size_t nt)
{
    cfp_cols *c = &tr->c;
    size_t j = 0;
    c->t = j++;
    c->act = j; j += CFP_MUSCLE_COUNT;
    c->V = j; j += nc;
    c->P = j; j += nc;
    c->Qin = j; j += nc;
    c->Q = j; j += ne;
    c->zeta = j; j += nv;
    c->Vt = j; j += nt;
    c->vtot = j++;
    c->in = j++;
    c->out = j++;
    c->count = tr->cols = j;
    tr->rows = tr->cap = 0;
    tr->data = NULL;
    tr->names = calloc(j, CFP_COLNAME_MAX);
    tr->units = malloc(j * sizeof *tr->units);
    if (!tr->names || !tr->units) {
        cfp_trace_free(tr);
        return -1;
    }
    set_units(tr, c->t, 1, "s");
    set_units(tr, c->act, CFP_MUSCLE_COUNT, "1");
    set_units(tr, c->V, nc, "mL");
    set_units(tr, c->P, nc, "mmHg");
    set_units(tr, c->Qin, nc, "mL/s");
    set_units(tr, c->Q, ne, "mL/s");
    set_units(tr, c->zeta, nv, "1");
    set_units(tr, c->Vt, nt, "mL");
    set_units(tr, c->vtot, 3, "mL");
    return 0;
}

int cfp_trace_reserve(cfp_trace *tr, size_t cap)
{
    double *d = realloc(tr->data, (cap ? cap : 1) * tr->cols * sizeof(double));
    if (!d)
        return -1;
    tr->data = d;
    tr->cap = cap;
    tr->rows = 0;
    return 0;
}

void cfp_trace_free(cfp_trace *tr)
{
    free(tr->data);
    free(tr->names);
    free(tr->units);
    tr->data = NULL;
    tr->names = NULL;
    tr->units = NULL;
    tr->rows = tr->cap = tr->cols = 0;
}

void cfp_trace_name(cfp_trace *tr, size_t j, const char *prefix, const char *name)
{
    snprintf(tr->names + j * CFP_COLNAME_MAX, CFP_COLNAME_MAX, "%s%s", prefix, name);
}

const char *cfp_trace_colname(const cfp_trace *tr, size_t j)
{
    return j < tr->cols ? tr->names + j * CFP_COLNAME_MAX : NULL;
}

double *cfp_trace_next(cfp_trace *tr)
{
    if (tr->rows >= tr->cap)
        return NULL;
    return tr->data + tr->rows++ * tr->cols;
}
