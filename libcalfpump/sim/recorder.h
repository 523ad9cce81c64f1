/* Recorder: the trace's column layout (names and units, fixed for a
 * simulation) and a preallocated table of output rows. */
#ifndef CFP_RECORDER_H
#define CFP_RECORDER_H

#include <stddef.h>

/* Longest column or metric name, including the NUL: a prefix, an element
 * name (< CFP_NAME_MAX) and a field. */
#define CFP_COLNAME_MAX 96

/* Column layout: the first column of each group. */
typedef struct cfp_cols {
    size_t t, act;      /* act: 3 activation columns */
    size_t V, P, Qin;   /* nc each */
    size_t Q;           /* ne */
    size_t zeta;        /* nv */
    size_t Vt;          /* nt: tissue fluid per region that has it */
    size_t vtot, in, out, count;
} cfp_cols;

typedef struct cfp_trace {
    cfp_cols c;
    size_t cols, rows, cap;
    double *data;       /* row-major, cap * cols */
    char *names;        /* cols * CFP_COLNAME_MAX */
    const char **units; /* cols */
} cfp_trace;

/* The layout for nc compartments, ne connections, nv valves and nt
 * regions with tissue fluid; names and units are allocated (no rows yet).
 * Returns 0 or -1 (out of memory). */
int cfp_trace_layout(cfp_trace *tr, size_t nc, size_t ne, size_t nv, size_t nt);
/* Room for cap rows (the previous rows are dropped). */
int cfp_trace_reserve(cfp_trace *tr, size_t cap);
void cfp_trace_free(cfp_trace *tr);
void cfp_trace_name(cfp_trace *tr, size_t j, const char *prefix, const char *name);
const char *cfp_trace_colname(const cfp_trace *tr, size_t j);
/* Next free row (NULL when full). */
double *cfp_trace_next(cfp_trace *tr);
/* Value at row r, column j. */
#define CFP_TR(tr, r, j) ((tr)->data[(r) * (tr)->cols + (j)])

#endif
