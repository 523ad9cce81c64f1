/* The output path of a run: the row callback, the streamed CSV (to a
 * write callback or a file), column selection and decimation, whether the
 * trace is stored, and the progress callback. */
#ifndef CFP_STREAM_H
#define CFP_STREAM_H

#include <stdio.h>
#include "calfpump.h"
#include "sim/recorder.h"

typedef struct cfp_stream {
    calfpump_row_fn row_fn;
    void *row_user;
    calfpump_write_fn write_fn;   /* the CSV sink */
    void *write_user;
    FILE *file;                   /* opened by calfpump_sim_stream_csv_file() */
    char *path;
    size_t *sel, nsel;            /* selected columns (all by default) */
    double *vals;                 /* a row's selected values */
    char *line;                   /* one CSV line */
    size_t every;                 /* every how many rows go out */
    int store;                    /* keep the trace in memory */
    calfpump_progress_fn prog_fn;
    void *prog_user;
    double prog_dt, prog_next, prog_last;
    char dp[8];                   /* the locale's decimal point */
} cfp_stream;

/* Every column of a cols-column trace, every row, stored.  0 or -1. */
int cfp_stream_init(cfp_stream *o, size_t cols);
void cfp_stream_free(cfp_stream *o);
/* The current locale's decimal point into o->dp. */
void cfp_stream_locale(cfp_stream *o);
/* Close a file opened by calfpump_sim_stream_csv_file() (no CSV sink then). */
void cfp_stream_close(cfp_stream *o);
/* The CSV line of values x[0..n-1] into buf (CFP_LINE_SIZE(n) bytes);
 * returns its length.  A line buffer holds n numbers or n column names
 * (CFP_COLNAME_MAX bytes each, with the NUL), with separators. */
#define CFP_CSV_NUM 32
#define CFP_LINE_SIZE(n) ((n) * (CFP_COLNAME_MAX > CFP_CSV_NUM ? CFP_COLNAME_MAX : CFP_CSV_NUM) + 2)
size_t cfp_csv_line(char *buf, const double *x, size_t n, const char *dp);

#endif
