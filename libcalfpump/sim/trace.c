#include <stdio.h>
#include <stdlib.h>
#include "sim/trace.h"

int cfp_trace_init(cfp_trace *tr, size_t cols, size_t cap)
{
    tr->cols = cols;
    tr->cap = cap;
    tr->rows = 0;
    tr->data = malloc(cap * cols * sizeof(double));
    tr->names = calloc(cols, CFP_COLNAME_MAX);
    if (!tr->data || !tr->names) {
        cfp_trace_free(tr);
        return -1;
    }
    return 0;
}

void cfp_trace_free(cfp_trace *tr)
{
    free(tr->data);
    free(tr->names);
    tr->data = NULL;
    tr->names = NULL;
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
