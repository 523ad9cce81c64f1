/* Recorder: a preallocated table of output rows. */
#ifndef CFP_TRACE_H
#define CFP_TRACE_H

#include <stddef.h>

#define CFP_COLNAME_MAX 80

typedef struct cfp_trace {
    size_t cols, rows, cap;
    double *data;   /* row-major, cap * cols */
    char *names;    /* cols * CFP_COLNAME_MAX */
} cfp_trace;

int cfp_trace_init(cfp_trace *tr, size_t cols, size_t cap);
void cfp_trace_free(cfp_trace *tr);
void cfp_trace_name(cfp_trace *tr, size_t j, const char *prefix, const char *name);
const char *cfp_trace_colname(const cfp_trace *tr, size_t j);
/* Next free row (NULL when full); the caller fills it then commits. */
double *cfp_trace_next(cfp_trace *tr);
/* Value at row r, column j. */
#define CFP_TR(tr, r, j) ((tr)->data[(r) * (tr)->cols + (j)])

#endif
