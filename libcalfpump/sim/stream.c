/* The output path: row callback, streamed CSV, column selection,
 * decimation, stored trace on or off, progress.  Settings are public
 * calls; sim_stream_* are the run's hooks (run.c). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "sim/sim.h"

int cfp_stream_init(cfp_stream *o, size_t cols)
{
    memset(o, 0, sizeof *o);
    o->sel = malloc(cols * sizeof *o->sel);
    o->vals = malloc(cols * sizeof *o->vals);
    o->line = malloc(CFP_LINE_SIZE(cols));
    if (!o->sel || !o->vals || !o->line)
        return -1;
    for (size_t j = 0; j < cols; j++)
        o->sel[j] = j;
    o->nsel = cols;
    o->every = 1;
    o->store = 1;
    cfp_stream_locale(o);
    return 0;
}

void cfp_stream_locale(cfp_stream *o)
{
    char buf[8];
    cfp_strlcpy(o->dp, cfp_locale_point(buf, sizeof buf), sizeof o->dp);
}

static void close_file(cfp_stream *o)
{
    if (o->file) {
        fclose(o->file);
        o->write_fn = NULL;
    }
    o->file = NULL;
    free(o->path);
    o->path = NULL;
}

void cfp_stream_close(cfp_stream *o) { close_file(o); }

void cfp_stream_free(cfp_stream *o)
{
    close_file(o);
    free(o->sel);
    free(o->vals);
    free(o->line);
}

size_t cfp_csv_line(char *buf, const double *x, size_t n, const char *dp)
{
    size_t len = 0;
    for (size_t j = 0; j < n; j++) {
        char num[40];
        snprintf(num, sizeof num, "%.9g", x[j]);
        cfp_dot_decimal(num, dp); /* CSV always uses '.' */
        if (j)
            buf[len++] = ',';
        len += (size_t)snprintf(buf + len, CFP_CSV_NUM, "%s", num);
    }
    buf[len++] = '\n';
    buf[len] = '\0';
    return len;
}

/* ---------------------------------------------------------------- */
/* Settings (before the run or after a reset). */

static int idle(calfpump_sim *s, const char *what)
{
    if (s->running)
        return cfp_fail(s->errmsg, CALFPUMP_E_STATE,
                        "%s can only be set before the run starts or after a reset", what);
    return CALFPUMP_OK;
}

int calfpump_sim_set_row_callback(calfpump_sim *s, calfpump_row_fn fn, void *user)
{
    int st;
    if (!s)
        return CALFPUMP_E_NULL;
    if ((st = idle(s, "the row callback")))
        return st;
    s->out.row_fn = fn;
    s->out.row_user = user;
    return CALFPUMP_OK;
}

int calfpump_sim_stream_csv(calfpump_sim *s, calfpump_write_fn fn, void *user)
{
    int st;
    if (!s)
        return CALFPUMP_E_NULL;
    if ((st = idle(s, "the CSV stream")))
        return st;
    close_file(&s->out);
    s->out.write_fn = fn;
    s->out.write_user = user;
    return CALFPUMP_OK;
}

static size_t file_write(void *user, const char *data, size_t len)
{
    return fwrite(data, 1, len, (FILE *)user);
}

int calfpump_sim_stream_csv_file(calfpump_sim *s, const char *path)
{
    char why[128];
    FILE *f;
    int st;
    if (!s)
        return CALFPUMP_E_NULL;
    if (!path)
        return cfp_fail(s->errmsg, CALFPUMP_E_NULL, "CSV path is NULL");
    if ((st = idle(s, "the CSV stream")))
        return st;
    close_file(&s->out);
    errno = 0;
    if (!(f = fopen(path, "w")))
        return cfp_fail(s->errmsg, CALFPUMP_E_IO, "cannot open '%s' for writing: %s", path,
                        cfp_errno_text(errno, why, sizeof why));
    s->out.path = malloc(strlen(path) + 1);
    if (!s->out.path) {
        fclose(f);
        return cfp_fail(s->errmsg, CALFPUMP_E_NOMEM, "out of memory");
    }
    strcpy(s->out.path, path);
    s->out.file = f;
    s->out.write_fn = file_write;
    s->out.write_user = f;
    return CALFPUMP_OK;
}

/* Column index of the name [p, p + len) into *j. */
static int find_column(calfpump_sim *s, const char *p, size_t len, size_t *j)
{
    for (size_t k = 0; k < s->tr.cols; k++) {
        const char *name = cfp_trace_colname(&s->tr, k);
        if (strlen(name) == len && strncmp(name, p, len) == 0) {
            *j = k;
            return CALFPUMP_OK;
        }
    }
    return cfp_fail(s->errmsg, CALFPUMP_E_NOTFOUND, "no trace column named '%.*s'", (int)len, p);
}

int calfpump_sim_set_output_columns(calfpump_sim *s, const char *columns)
{
    size_t n = 0, j = 0;
    const char *p = columns;
    int st;
    if (!s)
        return CALFPUMP_E_NULL;
    if ((st = idle(s, "the output columns")))
        return st;
    if (!columns) {
        for (j = 0; j < s->tr.cols; j++)
            s->out.sel[j] = j;
        s->out.nsel = s->tr.cols;
        return CALFPUMP_OK;
    }
    while (*p) {
        size_t len = strcspn(p, ",");
        if (n >= s->tr.cols)
            return cfp_fail(s->errmsg, CALFPUMP_E_INVAL, "more than %zu output columns",
                            s->tr.cols);
        if ((st = find_column(s, p, len, &j))) {
            for (j = 0; j < s->tr.cols; j++) /* unchanged: all */
                s->out.sel[j] = j;
            s->out.nsel = s->tr.cols;
            return st;
        }
        s->out.sel[n++] = j;
        p += len + (p[len] == ',');
    }
    if (n == 0)
        return cfp_fail(s->errmsg, CALFPUMP_E_INVAL, "the column list is empty");
    s->out.nsel = n;
    return CALFPUMP_OK;
}

int calfpump_sim_set_output_every(calfpump_sim *s, size_t every)
{
    int st;
    if (!s)
        return CALFPUMP_E_NULL;
    if (every == 0)
        return cfp_fail(s->errmsg, CALFPUMP_E_RANGE, "output_every must be at least 1");
    if ((st = idle(s, "output_every")))
        return st;
    s->out.every = every;
    return CALFPUMP_OK;
}

int calfpump_sim_set_store_trace(calfpump_sim *s, int store)
{
    int st;
    if (!s)
        return CALFPUMP_E_NULL;
    if ((st = idle(s, "store_trace")))
        return st;
    s->out.store = store != 0;
    return CALFPUMP_OK;
}

int calfpump_sim_set_progress_callback(calfpump_sim *s, calfpump_progress_fn fn, void *user,
                                       double interval)
{
    if (!s)
        return CALFPUMP_E_NULL;
    if (!cfp_finite(interval) || interval < 0)
        return cfp_fail(s->errmsg, CALFPUMP_E_RANGE,
                        "progress interval %g s: must be finite and at least 0", interval);
    s->out.prog_fn = fn;
    s->out.prog_user = user;
    s->out.prog_dt = interval;
    return CALFPUMP_OK;
}

/* ---------------------------------------------------------------- */
/* The run's hooks. */

static int put(calfpump_sim *s, size_t len)
{
    cfp_stream *o = &s->out;
    size_t done = o->write_fn(o->write_user, o->line, len);
    char why[128];
    if (done == len)
        return CALFPUMP_OK;
    s->out_fault = 1;
    if (o->file)
        return cfp_fail(s->errmsg, CALFPUMP_E_IO, "error while writing '%s': %s", o->path,
                        cfp_errno_text(errno ? errno : EIO, why, sizeof why));
    return cfp_fail(s->errmsg, CALFPUMP_E_IO,
                    "the CSV write callback took %zu of %zu bytes (a short write is an error)",
                    done, len);
}

int cfp_sim_stream_begin(calfpump_sim *s)
{
    cfp_stream *o = &s->out;
    size_t len = 0;
    o->prog_next = 0;
    o->prog_last = -1;
    cfp_stream_locale(o);
    if (!o->write_fn)
        return CALFPUMP_OK;
    for (size_t k = 0; k < o->nsel; k++) {
        const char *name = cfp_trace_colname(&s->tr, o->sel[k]);
        len += (size_t)snprintf(o->line + len, CFP_LINE_SIZE(s->tr.cols) - len, "%s%s",
                                k ? "," : "", name);
    }
    o->line[len++] = '\n';
    return put(s, len);
}

int cfp_sim_stream_row(calfpump_sim *s, size_t r, const double *row)
{
    cfp_stream *o = &s->out;
    double t = row[s->tr.c.t];
    int rc, st = CALFPUMP_OK;
    if (r % o->every == 0 && (o->row_fn || o->write_fn)) {
        for (size_t k = 0; k < o->nsel; k++)
            o->vals[k] = row[o->sel[k]];
        if (o->row_fn && (rc = o->row_fn(o->row_user, t, o->vals, o->nsel)) != 0) {
            s->out_fault = 1;
            return cfp_fail(s->errmsg, CALFPUMP_E_CALLBACK,
                            "t = %.6g s: the row callback returned %d (stop)", t, rc);
        }
        if (o->write_fn && (st = put(s, cfp_csv_line(o->line, o->vals, o->nsel, o->dp))))
            return st;
    }
    if (o->prog_fn && t >= o->prog_next)
        return cfp_sim_stream_progress(s, t);
    return CALFPUMP_OK;
}

int cfp_sim_stream_progress(calfpump_sim *s, double t)
{
    cfp_stream *o = &s->out;
    int rc;
    if (!o->prog_fn || t == o->prog_last)
        return CALFPUMP_OK;
    o->prog_last = t;
    o->prog_next = t + o->prog_dt;
    if ((rc = o->prog_fn(o->prog_user, t, s->t_end)) != 0) {
        s->out_fault = 1;
        return cfp_fail(s->errmsg, CALFPUMP_E_CALLBACK,
                        "t = %.6g s: cancelled by the progress callback (it returned %d)", t, rc);
    }
    return CALFPUMP_OK;
}

int cfp_sim_stream_end(calfpump_sim *s)
{
    cfp_stream *o = &s->out;
    char why[128];
    int bad, e;
    if (!o->file)
        return CALFPUMP_OK;
    errno = 0;
    bad = fflush(o->file) != 0 || ferror(o->file);
    e = errno;
    if (fclose(o->file) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    o->file = NULL;
    o->write_fn = NULL;
    if (bad) {
        s->out_fault = 1;
        return cfp_fail(s->errmsg, CALFPUMP_E_IO, "error while writing '%s': %s", o->path,
                        cfp_errno_text(e ? e : EIO, why, sizeof why));
    }
    return CALFPUMP_OK;
}
