/* render.h -- what run and compare print: the configuration, the
 * library's clinical summary, metrics and tables. */
#ifndef CALFPUMP_CLI_RENDER_H
#define CALFPUMP_CLI_RENDER_H

#include "setup.h"

/* The configuration block at the top of run's output. */
void render_header(const run_config *c, const setup *su, const calfpump_sim *s);
/* The rows of calfpump_sim_summary().  Returns 0 or -1 after a message. */
int render_summary(calfpump_sim *s);
/* --metrics: every metric the run defines, "NAME = VALUE".  Returns 0 or
 * -1 after a message. */
int render_metrics(calfpump_sim *s);

/* A table with a row per measure and a column per configuration. */
typedef struct {
    size_t nrows, ncols;
    const char *const *keys;   /* row names for machine-readable output */
    const char *const *labels; /* row labels */
    const int *prec;           /* decimals of each row */
    const char *const *heads;  /* column headers */
    const double *v;           /* v[row * ncols + col]; NaN: not available */
} table;

/* The table for people: labels, then the values right-aligned under the
 * headers. */
void render_table(const table *t);
/* The table as tab-separated values: "metric", the headers, then a line
 * per row: key and values (%.9g, or "n/a"). */
void render_tsv(const table *t);

#endif /* CALFPUMP_CLI_RENDER_H */
