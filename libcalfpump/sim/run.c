/* The stepping loop: the integrator goes segment by segment and the
 * recorder takes rows at a fixed interval, independent of the steps. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "base/util.h"
#include "drive/posture.h"
#include "sim/sim.h"

/* Trace rows beyond this many values are refused: pick a larger interval. */
#define CFP_TRACE_MAX_VALUES 200000000.0

/* The equations' drive: the segment's activity and compression.  A
 * callback's fatal status and a non-finite activation stop the run; the
 * drive keeps what happened for the message. */
static int segment_drive(void *ctx, double tau, cfp_drive *d)
{
    cfp_sim_drive *sd = ctx;
    int rc = cfp_segment_drive(sd->seg, tau, d);
    if (rc < 0) {
        sd->fault = rc;
        sd->tau = tau;
        return rc;
    }
    for (int g = 0; rc == 0 && g < CFP_MUSCLE_COUNT; g++)
        if (!isfinite(d->a[g])) {
            sd->fault = CFP_DRIVE_NONFINITE;
            sd->muscle = g;
            sd->value = d->a[g];
            sd->tau = tau;
            return -1;
        }
    return rc;
}

/* The message of a drive fault into s->errmsg; returns the run's status. */
static int drive_failed(calfpump_sim *s)
{
    static const char *const muscles[CFP_MUSCLE_COUNT] = {"foot", "calf", "thigh"};
    const cfp_sim_drive *sd = &s->drv;
    char where[128];
    snprintf(where, sizeof where, "segment %zu ('%s'), t = %.6g s (%.6g s into the segment)",
             sd->index, sd->seg->act->name, s->seg_t0[sd->index] + sd->tau, sd->tau);
    if (sd->fault == CFP_DRIVE_NONFINITE)
        return cfp_fail(s->errmsg, CALFPUMP_E_CALLBACK,
                        "%s: the %s activation is %g, not a finite number%s", where,
                        muscles[sd->muscle], sd->value,
                        sd->seg->fn ? " (returned by the activation callback)" : "");
    return cfp_fail(s->errmsg, CALFPUMP_E_CALLBACK,
                    "%s: the activation callback returned %d (a fatal error)", where, sd->fault);
}

/* Make segment s->seg the drive, with the heights before and after its
 * posture change. */
void cfp_sim_set_segment(calfpump_sim *s)
{
    const cfp_segment *seg = &s->p->seg[s->seg];
    const cfp_segment *prev = s->seg > 0 ? &s->p->seg[s->seg - 1] : NULL;
    for (size_t i = 0; i < s->ph.nc; i++) {
        const cfp_comp *c = &s->m->comp[i];
        s->ph.z_to[i] = cfp_posture_height(s->m, c, seg);
        s->ph.z_from[i] = prev ? cfp_posture_height(s->m, c, prev) : s->ph.z_to[i];
    }
    s->drv.seg = seg;
    s->drv.index = s->seg;
    cfp_phys_set_drive(&s->ph, segment_drive, &s->drv, s->seg_t0[s->seg]);
}

/* Room for the rows and a solver for a run. */
static int alloc_run(calfpump_sim *s)
{
    double nrows = floor(s->t_end / s->opt.output_interval + 1e-9) + 1;
    calfpump_integrator_options o;
    calfpump_ode ode;
    int st;
    cfp_run_view v;
    cfp_window win[CFP_WIN_MAX];
    size_t nwin;
    if (s->out.store && nrows * (double)s->tr.cols > CFP_TRACE_MAX_VALUES)
        return cfp_fail(s->errmsg, CALFPUMP_E_RANGE,
                        "output_interval %g s gives %.0f rows of %zu values: too large to "
                        "store; choose a larger output_interval, or stream the rows "
                        "(calfpump_sim_set_store_trace(s, 0))", s->opt.output_interval, nrows,
                        s->tr.cols);
    s->nmax = (size_t)nrows;
    if (cfp_trace_reserve(&s->tr, s->out.store ? (size_t)nrows : 0))
        return cfp_fail(s->errmsg, CALFPUMP_E_NOMEM, "out of memory for %.0f trace rows", nrows);
    cfp_sim_view(s, &v);
    nwin = cfp_metric_windows(&v, win, CFP_WIN_MAX);
    if (cfp_acc_start(&s->acc, s->opt.output_interval, win, nwin))
        return cfp_fail(s->errmsg, CALFPUMP_E_NOMEM, "out of memory for the metrics' windows");
    cfp_phys_ode(&s->ph, &ode);
    calfpump_solver_free(s->solver);
    s->solver = NULL;
    if ((st = calfpump_solver_new(&s->solver, &ode, &s->ops)))
        return cfp_fail(s->errmsg, st, "cannot create the solver: %s", calfpump_strerror(st));
    cfp_solver_set_pattern(s->solver, &s->ph.pattern, ode.jac ? cfp_phys_jac_csr : NULL);
    cfp_solver_default_options(&o);
    o.rtol = s->opt.rtol;
    o.atol = s->opt.atol;
    o.h = s->opt.h;
    o.h_init = s->opt.h_init;
    o.h_min = s->opt.h_min;
    o.h_max = s->opt.h_max;
    s->solver->opts = o;
    s->solver->max_steps = s->opt.max_steps;
    return CALFPUMP_OK;
}

/* Record one output row at time t from state y (y may be s->yo); a
 * negative return is a fault of the drive. */
static int record(calfpump_sim *s, double t, const double *y)
{
    double *row = s->out.store ? cfp_trace_next(&s->tr) : s->row;
    const cfp_cols *c = &s->tr.c;
    size_t k = 0;
    if (!row || s->nout >= s->nmax)
        return 0;
    if (cfp_phys_observe(&s->ph, t, y) < 0)
        return CALFPUMP_E_CALLBACK;
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
    for (size_t r = 0; r < s->ph.nt; r++)
        row[c->Vt + r] = y[s->ph.nc + r];
    row[c->vtot] = cfp_phys_volume(&s->ph, y);
    row[c->in] = y[s->ph.i_in];
    row[c->out] = y[s->ph.i_out];
    cfp_acc_feed(&s->acc, row);
    return cfp_sim_stream_row(s, s->nout++, row);
}

static double next_out_time(const calfpump_sim *s)
{
    return (double)s->nout * s->opt.output_interval;
}

/* The solver's message, if it has one. */
static const char *sv_msg(const calfpump_sim *s)
{
    return s->solver && s->solver->errmsg[0] ? s->solver->errmsg : s->errmsg;
}

/* First call: rows, solver and the first row. */
static int prepare_run(calfpump_sim *s)
{
    int st;
    if (s->opt.h_max > 0 && s->opt.h_min > s->opt.h_max)
        return cfp_fail(s->errmsg, CALFPUMP_E_RANGE, "h_min = %g exceeds h_max = %g",
                        s->opt.h_min, s->opt.h_max);
    if ((st = alloc_run(s)))
        return st;
    s->running = 1;
    cfp_sim_set_segment(s);
    if ((st = cfp_sim_stream_begin(s)))
        return st;
    return record(s, 0.0, s->y);
}

/* Record the output rows up to t_stop that the last step covers; *tn
 * receives the next output time. */
static int record_covered(calfpump_sim *s, double t_stop, double *tn)
{
    calfpump_solver *sv = s->solver;
    double eps = 1e-9 * s->opt.output_interval;
    int st, dense = cfp_solver_has_dense(sv);
    *tn = next_out_time(s);
    while (s->nout < s->nmax && (*tn = next_out_time(s)) <= t_stop + eps &&
           *tn <= sv->t + eps) {
        if (dense && *tn < sv->t) {
            if ((st = cfp_solver_dense(sv, *tn, s->yo)) || (st = record(s, *tn, s->yo)))
                return st;
        } else if ((st = record(s, *tn, sv->y))) {
            return st;
        }
    }
    return CALFPUMP_OK;
}

/* One integrator step: never across a segment's end, and for integrators
 * without dense output never across an output time or t_stop. */
static int step_once(calfpump_sim *s, double t_stop, double tn)
{
    calfpump_solver *sv = s->solver;
    double seg_end = s->seg_t0[s->seg + 1], limit = seg_end;
    int st, dense = cfp_solver_has_dense(sv);
    if (s->restart) {
        cfp_sim_set_segment(s);
        if ((st = cfp_solver_restart(sv)))
            return st;
        s->restart = 0;
    }
    if (!dense && tn > sv->t && tn < limit)
        limit = tn; /* land on output times */
    if (!dense && t_stop < limit)
        limit = t_stop;
    if ((st = cfp_solver_step(sv, limit)))
        return st;
    for (size_t i = 0; i < s->ph.nc; i++)
        if (!(sv->y[i] > 0) || !isfinite(sv->y[i]))
            return cfp_fail(sv->errmsg, CALFPUMP_E_NONFINITE,
                            "t = %.6g s: compartment '%s' has volume %g mL", sv->t,
                            s->m->comp[i].name, sv->y[i]);
    if (sv->t >= seg_end && s->seg + 1 < s->p->nseg) {
        s->seg++;
        s->restart = 1;
    }
    return CALFPUMP_OK;
}

int calfpump_sim_advance(calfpump_sim *s, double t_stop)
{
    double tn;
    int st;
    if (!s)
        return CALFPUMP_E_NULL;
    if (isnan(t_stop))
        return cfp_fail(s->errmsg, CALFPUMP_E_RANGE, "advance: t_end is NaN");
    if (t_stop < s->t_done)
        return cfp_fail(s->errmsg, CALFPUMP_E_RANGE,
                        "advance: t_end = %g s is before the current time %g s (t_end is the "
                        "time to run to, not a duration)", t_stop, s->t_done);
    if (s->failed)
        return cfp_fail(s->errmsg, CALFPUMP_E_STATE,
                        "the run stopped with an error (%s); call calfpump_sim_reset()",
                        calfpump_status_name(s->failed));
    if (t_stop > s->t_end)
        t_stop = s->t_end;
    if (!s->running) {
        if ((st = prepare_run(s))) {
            if (s->drv.fault || s->out_fault)
                goto failed;
            return st;
        }
        if ((st = cfp_solver_start(s->solver, 0.0, s->y)))
            goto failed;
        s->restart = 0;
    }
    /* Rows already covered by the integrator's last step come first: a
     * dense integrator does not cut its steps at t_stop, so a run in
     * chunks takes exactly the steps of a run in one piece. */
    for (;;) {
        if ((st = record_covered(s, t_stop, &tn)))
            goto failed;
        s->t_done = fmax(s->t_done, fmin(t_stop, s->solver->t));
        if (s->solver->t >= t_stop)
            break;
        if ((st = step_once(s, t_stop, tn)))
            goto failed;
    }
    if (s->t_done >= s->t_end &&
        ((st = cfp_sim_stream_progress(s, s->t_end)) || (st = cfp_sim_stream_end(s))))
        goto failed;
    return CALFPUMP_OK;
failed:
    if (s->drv.fault)
        st = drive_failed(s);
    else if (!s->out_fault)
        cfp_strlcpy(s->errmsg, sv_msg(s), CFP_MSG_SIZE);
    s->failed = st;
    return st;
}

int calfpump_sim_run(calfpump_sim *s)
{
    if (!s)
        return CALFPUMP_E_NULL;
    return calfpump_sim_advance(s, s->t_end);
}

