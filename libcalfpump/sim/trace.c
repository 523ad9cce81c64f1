/* The recorded trace: public accessors and the CSV writer. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "base/util.h"
#include "sim/sim.h"

double calfpump_sim_time(const calfpump_sim *s) { return s ? s->t_done : cfp_nan(); }
double calfpump_sim_end_time(const calfpump_sim *s) { return s ? s->t_end : cfp_nan(); }

size_t calfpump_sim_trace_rows(const calfpump_sim *s) { return s ? s->tr.rows : 0; }

size_t calfpump_sim_trace_cols(const calfpump_sim *s) { return s ? s->tr.cols : 0; }

const char *calfpump_sim_trace_col_name(const calfpump_sim *s, size_t j)
{
    if (!s || !s->running)
        return NULL;
    return cfp_trace_colname(&s->tr, j);
}

const char *calfpump_sim_trace_col_unit(const calfpump_sim *s, size_t j)
{
    if (!s || !s->running || j >= s->tr.cols)
        return NULL;
    return s->tr.units[j];
}

int calfpump_sim_trace_col_index(const calfpump_sim *s, const char *name, size_t *j)
{
    if (!s)
        return CALFPUMP_E_NULL;
    if (!name || !j)
        return cfp_fail(s->errmsg, CALFPUMP_E_NULL, "name and index pointer are required");
    if (!s->running)
        return cfp_fail(s->errmsg, CALFPUMP_E_STATE, "the trace has no columns before the run starts");
    for (size_t k = 0; k < s->tr.cols; k++)
        if (strcmp(cfp_trace_colname(&s->tr, k), name) == 0) {
            *j = k;
            return CALFPUMP_OK;
        }
    return cfp_fail(s->errmsg, CALFPUMP_E_NOTFOUND, "no trace column named '%s'", name);
}

int calfpump_sim_trace_column(const calfpump_sim *s, size_t j, double *buf, size_t n,
                              size_t *written)
{
    size_t k;
    if (written)
        *written = 0;
    if (!s)
        return CALFPUMP_E_NULL;
    if (!buf && n > 0)
        return cfp_fail(s->errmsg, CALFPUMP_E_NULL, "buffer is NULL");
    if (!s->running || j >= s->tr.cols)
        return cfp_fail(s->errmsg, CALFPUMP_E_RANGE, "no trace column %zu", j);
    for (k = 0; k < n && k < s->tr.rows; k++)
        buf[k] = CFP_TR(&s->tr, k, j);
    if (written)
        *written = k;
    return CALFPUMP_OK;
}

int calfpump_sim_write_csv(calfpump_sim *s, const char *path)
{
    FILE *f;
    char why[128];
    int bad, e;
    if (!s)
        return CALFPUMP_E_NULL;
    if (!path)
        return cfp_fail(s->errmsg, CALFPUMP_E_NULL, "CSV path is NULL");
    if (!s->running)
        return cfp_fail(s->errmsg, CALFPUMP_E_STATE, "nothing recorded yet: run the simulation first");
    errno = 0;
    f = fopen(path, "w");
    if (!f)
        return cfp_fail(s->errmsg, CALFPUMP_E_IO, "cannot open '%s' for writing: %s", path,
                        cfp_errno_text(errno, why, sizeof why));
    for (size_t j = 0; j < s->tr.cols; j++)
        fprintf(f, "%s%s", j ? "," : "", cfp_trace_colname(&s->tr, j));
    fputc('\n', f);
    cfp_stream_locale(&s->out);
    for (size_t r = 0; r < s->tr.rows; r++) {
        cfp_csv_line(s->out.line, &CFP_TR(&s->tr, r, 0), s->tr.cols, s->out.dp);
        fputs(s->out.line, f);
    }
    bad = ferror(f);
    e = errno;
    if (fclose(f) != 0) {
        bad = 1;
        e = errno;
    }
    if (bad)
        return cfp_fail(s->errmsg, CALFPUMP_E_IO, "error while writing '%s': %s", path,
                        cfp_errno_text(e ? e : EIO, why, sizeof why));
    return CALFPUMP_OK;
}
