/* The simulation driver: steps the integrator segment by segment and
 * records output rows at a fixed interval, independent of the steps. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/sim.h"
#include "base/util.h"

/* Trace rows beyond this many values are refused: pick a larger interval. */
#define CFP_TRACE_MAX_VALUES 200000000.0

static int alloc_run(calfpump_sim *s);
static const char *sv_msg(const calfpump_sim *s);

void calfpump_sim_free(calfpump_sim *s)
{
    if (!s)
        return;
    calfpump_solver_free(s->solver);
    cfp_phys_free(&s->ph);
    cfp_trace_free(&s->tr);
    calfpump_model_free(s->m);
    calfpump_protocol_free(s->p);
    free(s->seg_t0);
    free(s->y);
    free(s->mnames);
    free(s);
}

const char *calfpump_sim_errmsg(const calfpump_sim *s)
{
    return s ? s->errmsg : "simulation is NULL";
}

int calfpump_sim_new(calfpump_sim **out, const calfpump_model *m, const calfpump_protocol *p)
{
    calfpump_sim *s;
    int st;
    char msg[CFP_MSG_SIZE];
    if (!out)
        return CALFPUMP_E_NULL;
    *out = NULL;
    if (!m || !p)
        return CALFPUMP_E_NULL;
    st = cfp_model_validate(m, msg);
    if (st) {
        cfp_strlcpy(((calfpump_model *)m)->errmsg, msg, CFP_MSG_SIZE);
        return st;
    }
    if (p->nseg == 0) {
        cfp_fail(((calfpump_protocol *)p)->errmsg, CALFPUMP_E_INVAL, "the protocol has no segments");
        return CALFPUMP_E_INVAL;
    }
    s = calloc(1, sizeof *s);
    if (!s)
        return CALFPUMP_E_NOMEM;
    if ((st = calfpump_model_clone(&s->m, m)) || (st = cfp_protocol_copy(&s->p, p)))
        goto fail;
    st = CALFPUMP_E_NOMEM;
    s->seg_t0 = malloc((s->p->nseg + 1) * sizeof(double));
    if (!s->seg_t0)
        goto fail;
    s->seg_t0[0] = 0;
    for (size_t i = 0; i < s->p->nseg; i++)
        s->seg_t0[i + 1] = s->seg_t0[i] + s->p->seg[i].duration;
    s->t_end = s->seg_t0[s->p->nseg];
    if ((st = cfp_phys_init(&s->ph, s->m)))
        goto fail;
    cfp_ops_copy(&s->ops, &cfp_dopri5_ops, s->errmsg);
    cfp_solver_default_options(&s->o);
    s->o.h_min = 1e-12;
    s->o.h_max = 0.1;
    s->max_steps = 1e9;
    s->out_dt = 0.02;
    st = CALFPUMP_E_NOMEM;
    s->y = malloc(3 * s->ph.dim * sizeof(double));
    if (!s->y)
        goto fail;
    s->yo = s->y + s->ph.dim;
    s->dy = s->yo + s->ph.dim;
    if ((st = cfp_metrics_names(s)))
        goto fail;
    if ((st = calfpump_sim_reset(s)))
        goto fail;
    *out = s;
    return CALFPUMP_OK;
fail:
    calfpump_sim_free(s);
    return st;
}

/* Allocate the recorder and the integrator state for a run. */
static int alloc_run(calfpump_sim *s)
{
    size_t nc = s->ph.nc, ne = s->ph.ne, nv = s->ph.nv, cols, rows;
    double nrows = floor(s->t_end / s->out_dt + 1e-9) + 1;
    cfp_cols *c = &s->c;
    size_t j = 0, k;
    c->t = j++;
    c->act = j; j += CFP_MUSCLE_COUNT;
    c->V = j; j += nc;
    c->P = j; j += nc;
    c->Qin = j; j += nc;
    c->Q = j; j += ne;
    c->zeta = j; j += nv;
    c->vtot = j++;
    c->in = j++;
    c->out = j++;
    c->count = cols = j;
    if (nrows * (double)cols > CFP_TRACE_MAX_VALUES)
        return cfp_fail(s->errmsg, CALFPUMP_E_RANGE,
                        "output_interval %g s gives %.0f rows of %zu values: too large; "
                        "choose a larger output_interval", s->out_dt, nrows, cols);
    rows = (size_t)nrows;
    cfp_trace_free(&s->tr);
    if (cfp_trace_init(&s->tr, cols, rows))
        return cfp_fail(s->errmsg, CALFPUMP_E_NOMEM, "out of memory for %zu trace rows", rows);
    cfp_trace_name(&s->tr, c->t, "", "t");
    cfp_trace_name(&s->tr, c->act + 0, "a.", "foot");
    cfp_trace_name(&s->tr, c->act + 1, "a.", "calf");
    cfp_trace_name(&s->tr, c->act + 2, "a.", "thigh");
    for (size_t i = 0; i < nc; i++) {
        cfp_trace_name(&s->tr, c->V + i, "V.", s->m->comp[i].name);
        cfp_trace_name(&s->tr, c->P + i, "P.", s->m->comp[i].name);
        cfp_trace_name(&s->tr, c->Qin + i, "Qin.", s->m->comp[i].name);
    }
    k = 0;
    for (size_t e = 0; e < ne; e++) {
        cfp_trace_name(&s->tr, c->Q + e, "Q.", s->m->conn[e].name);
        if (s->m->conn[e].has_valve)
            cfp_trace_name(&s->tr, c->zeta + k++, "zeta.", s->m->conn[e].name);
    }
    cfp_trace_name(&s->tr, c->vtot, "", "V.total");
    cfp_trace_name(&s->tr, c->in, "", "inflow.cumulative");
    cfp_trace_name(&s->tr, c->out, "", "outflow.cumulative");
    {
        calfpump_ode ode;
        int st;
        calfpump_ode_init(&ode, sizeof ode);
        ode.dim = s->ph.dim;
        ode.rhs = cfp_phys_rhs;
        ode.jac_pattern = s->ph.pattern;
        ode.user = &s->ph;
        calfpump_solver_free(s->solver);
        s->solver = NULL;
        if ((st = calfpump_solver_new(&s->solver, &ode, &s->ops)))
            return cfp_fail(s->errmsg, st, "cannot create the solver: %s", calfpump_strerror(st));
        s->solver->opts = s->o;
        s->solver->max_steps = s->max_steps;
    }
    return CALFPUMP_OK;
}

int calfpump_sim_reset(calfpump_sim *s)
{
    if (!s)
        return CALFPUMP_E_NULL;
    s->t_done = 0;
    s->seg = 0;
    s->running = 0;
    s->failed = 0;
    s->restart = 1;
    cfp_phys_initial(&s->ph, &s->p->seg[0], s->y);
    s->v_start = cfp_phys_volume(&s->ph, s->y);
    s->tr.rows = 0;
    s->errmsg[0] = '\0';
    return CALFPUMP_OK;
}

int calfpump_sim_set_integrator_ops(calfpump_sim *s, const calfpump_integrator_ops *ops)
{
    calfpump_integrator_ops tmp;
    int st;
    if (!s)
        return CALFPUMP_E_NULL;
    if (!ops)
        return cfp_fail(s->errmsg, CALFPUMP_E_NULL, "integrator table is NULL");
    if (s->running)
        return cfp_fail(s->errmsg, CALFPUMP_E_STATE,
                        "the integrator can only be changed before the run starts or after a reset");
    if ((st = cfp_ops_copy(&tmp, ops, s->errmsg)))
        return st;
    s->ops = tmp;
    return CALFPUMP_OK;
}

int calfpump_sim_set_integrator(calfpump_sim *s, const char *name)
{
    const calfpump_integrator_ops *ops;
    if (!s)
        return CALFPUMP_E_NULL;
    if (!name)
        return cfp_fail(s->errmsg, CALFPUMP_E_NULL, "integrator name is NULL");
    ops = calfpump_integrator_builtin(name);
    if (!ops) {
        char list[256] = "";
        for (size_t i = 0; i < calfpump_integrator_count(); i++) {
            if (i)
                strncat(list, ", ", sizeof list - strlen(list) - 1);
            strncat(list, calfpump_integrator_name(i), sizeof list - strlen(list) - 1);
        }
        return cfp_fail(s->errmsg, CALFPUMP_E_NOTFOUND, "unknown integrator '%s' (built-in: %s)",
                        name, list);
    }
    return calfpump_sim_set_integrator_ops(s, ops);
}

typedef struct { const char *name; size_t off; double lo, hi; } opt_desc;
static const opt_desc opts[] = {
    {"rtol", offsetof(calfpump_sim, o.rtol), 1e-14, 1.0},
    {"atol", offsetof(calfpump_sim, o.atol), 1e-16, 1e3},
    {"h", offsetof(calfpump_sim, o.h), 1e-8, 10.0},
    {"h_init", offsetof(calfpump_sim, o.h_init), 0.0, 10.0},
    {"h_min", offsetof(calfpump_sim, o.h_min), 0.0, 10.0},
    {"h_max", offsetof(calfpump_sim, o.h_max), 0.0, 1e4},
    {"max_steps", offsetof(calfpump_sim, max_steps), 1.0, 1e15},
    {"output_interval", offsetof(calfpump_sim, out_dt), 1e-4, 1e5},
};

static const opt_desc *find_opt(const char *name)
{
    for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
        if (strcmp(opts[i].name, name) == 0)
            return &opts[i];
    return NULL;
}

int calfpump_sim_set_option(calfpump_sim *s, const char *name, double value)
{
    const opt_desc *d;
    if (!s)
        return CALFPUMP_E_NULL;
    if (!name)
        return cfp_fail(s->errmsg, CALFPUMP_E_NULL, "option name is NULL");
    d = find_opt(name);
    if (!d)
        return cfp_fail(s->errmsg, CALFPUMP_E_NOTFOUND,
                        "unknown option '%s' (rtol, atol, h, h_init, h_min, h_max, max_steps, "
                        "output_interval)", name);
    if (!cfp_finite(value) || value < d->lo || value > d->hi)
        return cfp_fail(s->errmsg, CALFPUMP_E_RANGE, "option '%s' = %g is outside [%g, %g]",
                        name, value, d->lo, d->hi);
    if (s->running)
        return cfp_fail(s->errmsg, CALFPUMP_E_STATE,
                        "options can only be changed before the run starts or after a reset");
    *(double *)((char *)s + d->off) = value;
    return CALFPUMP_OK;
}

int calfpump_sim_get_option(const calfpump_sim *s, const char *name, double *value)
{
    const opt_desc *d;
    if (!s)
        return CALFPUMP_E_NULL;
    if (!name || !value)
        return CALFPUMP_E_NULL;
    d = find_opt(name);
    if (!d)
        return cfp_fail(((calfpump_sim *)s)->errmsg, CALFPUMP_E_NOTFOUND, "unknown option '%s'", name);
    *value = *(const double *)((const char *)s + d->off);
    return CALFPUMP_OK;
}

/* Record one output row at time t from state y (y may be s->yo). */
static void record(calfpump_sim *s, double t, const double *y)
{
    double *row = cfp_trace_next(&s->tr);
    const cfp_cols *c = &s->c;
    size_t k = 0;
    if (!row)
        return;
    cfp_phys_rhs(t, y, s->dy, &s->ph);
    row[c->t] = t;
    for (int g = 0; g < CFP_MUSCLE_COUNT; g++)
        row[c->act + g] = s->ph.drive.a[g];
    for (size_t i = 0; i < s->ph.nc; i++) {
        row[c->V + i] = y[i];
        row[c->P + i] = s->ph.P[i];
        row[c->Qin + i] = s->ph.Qin[i];
    }
    for (size_t e = 0; e < s->ph.ne; e++) {
        row[c->Q + e] = s->ph.Q[e];
        if (s->ph.zeta_idx[e] >= 0) /* as the equations use it: within [0, 1] */
            row[c->zeta + k++] = fmin(1.0, fmax(0.0, y[s->ph.zeta_idx[e]]));
    }
    row[c->vtot] = cfp_phys_volume(&s->ph, y);
    row[c->in] = y[s->ph.i_in];
    row[c->out] = y[s->ph.i_out];
}

static double next_out_time(const calfpump_sim *s)
{
    return (double)s->tr.rows * s->out_dt;
}

/* The solver's message, if it has one. */
static const char *sv_msg(const calfpump_sim *s)
{
    return s->solver && s->solver->errmsg[0] ? s->solver->errmsg : s->errmsg;
}

static void set_segment(calfpump_sim *s)
{
    const cfp_segment *prev = s->seg > 0 ? &s->p->seg[s->seg - 1] : NULL;
    cfp_phys_set_segment(&s->ph, &s->p->seg[s->seg], s->seg_t0[s->seg], prev);
}

int calfpump_sim_advance(calfpump_sim *s, double t_stop)
{
    int st, dense;
    calfpump_solver *sv;
    if (!s)
        return CALFPUMP_E_NULL;
    if (isnan(t_stop))
        return cfp_fail(s->errmsg, CALFPUMP_E_RANGE, "advance: t_end is NaN");
    if (s->failed)
        return cfp_fail(s->errmsg, CALFPUMP_E_STATE,
                        "the run stopped with an error (%s); call calfpump_sim_reset()",
                        calfpump_status_name(s->failed));
    if (t_stop > s->t_end)
        t_stop = s->t_end;
    if (!s->running) {
        if (s->o.h_max > 0 && s->o.h_min > s->o.h_max)
            return cfp_fail(s->errmsg, CALFPUMP_E_RANGE, "h_min = %g exceeds h_max = %g",
                            s->o.h_min, s->o.h_max);
        if ((st = alloc_run(s)))
            return st;
        s->running = 1;
        set_segment(s);
        record(s, 0.0, s->y);
        if ((st = cfp_solver_start(s->solver, 0.0, s->y)))
            goto failed;
        s->restart = 0;
    }
    sv = s->solver;
    dense = cfp_solver_has_dense(sv);
    /* Rows already covered by the integrator's last step come first: a
     * dense integrator does not cut its steps at t_stop, so a run in
     * chunks takes exactly the steps of a run in one piece. */
    for (;;) {
        double tn = next_out_time(s);
        while (s->tr.rows < s->tr.cap && (tn = next_out_time(s)) <= t_stop + 1e-9 * s->out_dt &&
               tn <= sv->t + 1e-9 * s->out_dt) {
            if (dense && tn < sv->t) {
                if ((st = cfp_solver_dense(sv, tn, s->yo)))
                    goto failed;
                record(s, tn, s->yo);
            } else {
                record(s, tn, sv->y);
            }
        }
        s->t_done = fmax(s->t_done, fmin(t_stop, sv->t));
        if (sv->t >= t_stop)
            break;
        {
            double seg_end = s->seg_t0[s->seg + 1], limit = seg_end;
            if (s->restart) {
                set_segment(s);
                if ((st = cfp_solver_restart(sv)))
                    goto failed;
                s->restart = 0;
            }
            if (!dense && tn > sv->t && tn < limit)
                limit = tn; /* land on output times */
            if (!dense && t_stop < limit)
                limit = t_stop;
            if ((st = cfp_solver_step(sv, limit)))
                goto failed;
            for (size_t i = 0; i < s->ph.nc; i++)
                if (!(sv->y[i] > 0) || !isfinite(sv->y[i])) {
                    st = cfp_fail(sv->errmsg, CALFPUMP_E_NONFINITE,
                                  "t = %.6g s: compartment '%s' has volume %g mL", sv->t,
                                  s->m->comp[i].name, sv->y[i]);
                    goto failed;
                }
            if (sv->t >= seg_end && s->seg + 1 < s->p->nseg) {
                s->seg++;
                s->restart = 1;
            }
        }
    }
    return CALFPUMP_OK;
failed:
    s->failed = st;
    cfp_strlcpy(s->errmsg, sv_msg(s), CFP_MSG_SIZE);
    return st;
}

int calfpump_sim_run(calfpump_sim *s)
{
    if (!s)
        return CALFPUMP_E_NULL;
    return calfpump_sim_advance(s, s->t_end);
}

double calfpump_sim_time(const calfpump_sim *s) { return s ? s->t_done : cfp_nan(); }
double calfpump_sim_end_time(const calfpump_sim *s) { return s ? s->t_end : cfp_nan(); }

size_t calfpump_sim_trace_rows(const calfpump_sim *s) { return s ? s->tr.rows : 0; }

size_t calfpump_sim_trace_cols(const calfpump_sim *s)
{
    if (!s)
        return 0;
    return 1 + CFP_MUSCLE_COUNT + 3 * s->ph.nc + s->ph.ne + s->ph.nv + 3;
}

const char *calfpump_sim_trace_col_name(const calfpump_sim *s, size_t j)
{
    if (!s || !s->running)
        return NULL;
    return cfp_trace_colname(&s->tr, j);
}

int calfpump_sim_trace_col_index(const calfpump_sim *s, const char *name, size_t *j)
{
    if (!s)
        return CALFPUMP_E_NULL;
    if (!name || !j)
        return cfp_fail(((calfpump_sim *)s)->errmsg, CALFPUMP_E_NULL, "name and index pointer are required");
    if (!s->running)
        return cfp_fail(((calfpump_sim *)s)->errmsg, CALFPUMP_E_STATE,
                        "the trace has no columns before the run starts");
    for (size_t k = 0; k < s->tr.cols; k++)
        if (strcmp(cfp_trace_colname(&s->tr, k), name) == 0) {
            *j = k;
            return CALFPUMP_OK;
        }
    return cfp_fail(((calfpump_sim *)s)->errmsg, CALFPUMP_E_NOTFOUND, "no trace column named '%s'", name);
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
        return cfp_fail(((calfpump_sim *)s)->errmsg, CALFPUMP_E_NULL, "buffer is NULL");
    if (!s->running || j >= s->tr.cols)
        return cfp_fail(((calfpump_sim *)s)->errmsg, CALFPUMP_E_RANGE, "no trace column %zu", j);
    for (k = 0; k < n && k < s->tr.rows; k++)
        buf[k] = CFP_TR(&s->tr, k, j);
    if (written)
        *written = k;
    return CALFPUMP_OK;
}

int calfpump_sim_write_csv(calfpump_sim *s, const char *path)
{
    FILE *f;
    if (!s)
        return CALFPUMP_E_NULL;
    if (!path)
        return cfp_fail(s->errmsg, CALFPUMP_E_NULL, "CSV path is NULL");
    if (!s->running)
        return cfp_fail(s->errmsg, CALFPUMP_E_STATE, "nothing recorded yet: run the simulation first");
    f = fopen(path, "w");
    if (!f)
        return cfp_fail(s->errmsg, CALFPUMP_E_IO, "cannot open '%s' for writing", path);
    for (size_t j = 0; j < s->tr.cols; j++)
        fprintf(f, "%s%s", j ? "," : "", cfp_trace_colname(&s->tr, j));
    fputc('\n', f);
    {
        char dpbuf[8], num[40];
        const char *dp = cfp_locale_point(dpbuf, sizeof dpbuf); /* CSV always uses '.' */
        for (size_t r = 0; r < s->tr.rows; r++) {
            for (size_t j = 0; j < s->tr.cols; j++) {
                snprintf(num, sizeof num, "%.9g", CFP_TR(&s->tr, r, j));
                cfp_dot_decimal(num, dp);
                if (j)
                    fputc(',', f);
                fputs(num, f);
            }
            fputc('\n', f);
        }
    }
    if (ferror(f) | (fclose(f) != 0))
        return cfp_fail(s->errmsg, CALFPUMP_E_IO, "error while writing '%s'", path);
    return CALFPUMP_OK;
}
