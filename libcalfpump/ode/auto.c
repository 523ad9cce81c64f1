/* "auto": dopri5 where the problem is not stiff, rodas where it is, ros2
 * where the step is held at h_max by the simulation rather than by
 * accuracy, and a switch between them on the way (the idea of LSODA:
 * Petzold, SIAM J. Sci. Stat. Comput. 4 (1983) 136-148; the tests are our
 * own).
 *
 * - dopri5 -> rodas: Hairer's stiffness test (HNW II, section IV.2; the
 *   estimate is dopri5's, cfp_dopri5_hlambda()): h |lambda| above
 *   AU_STIFF on `thresh` accepted steps, with fewer than AU_NONSTIFF
 *   non-stiff steps between them, means the step is held by stability, not
 *   accuracy.  dopri5's evaluations per simulated second since it took
 *   over are remembered.
 * - rodas -> dopri5: every AU_WINDOW accepted steps the work rodas spent
 *   per simulated second (right-hand sides, factorisations and solves, in
 *   right-hand-side equivalents, see au_rodas_work()) is compared with
 *   what dopri5 spent in its last run in this segment, or, without one,
 *   with an estimate: 6.5 evaluations per step of the rodas window's mean
 *   step, or of AU_STAB / rho(J) if stability bounds it.  dopri5 takes
 *   over when it costs less than 1 / AU_MARGIN of rodas.
 * - When rodas gives up again quickly (within AU_SHORT windows), the
 *   problem is stiff only at dopri5's step, and the next switch to rodas
 *   needs twice as many stiff steps (up to AU_THRESH_MAX), so that the
 *   methods do not take turns.
 * - rodas -> ros2: AU_QUIET accepted rodas steps in a row of h_max that
 *   would grow if they could: ros2 (two evaluations per step instead of
 *   six) goes on at h_max.  ros2 -> rodas: as soon as ros2's next step
 *   falls below 0.9 h_max; if that came within AU_RS_SHORT steps, the next
 *   try waits twice as long (up to AU_QUIET_MAX).
 * - dopri5 -> rodas at once when dopri5 gives up (its step fell below
 *   h_min, or stayed non-finite): the stiffness test above counts only
 *   accepted steps, and a valve closing through an inertance can leave
 *   dopri5 none.
 * - A restart (a new protocol segment) starts the counts afresh, and puts
 *   ros2 back to rodas (the new segment need not be quiet).
 *
 * All methods are created up front (no allocation while stepping); the
 * method that is switched to restarts at the current (t, y) with the
 * other's step. */
#include <math.h>
#include <stdlib.h>
#include "base/internal.h"
#include "ode/solver.h"

#define AU_STIFF 3.25      /* h |lambda| at the edge of dopri5's stability region */
#define AU_NONSTIFF 6      /* non-stiff steps that reset the count of stiff ones */
#define AU_THRESH 15       /* stiff steps before rodas takes over */
#define AU_THRESH_MAX 3840 /* ... at most, after rodas gave up quickly again and again */
#define AU_WINDOW 10       /* rodas steps between two comparisons of the work */
#define AU_SHORT 2         /* rodas gave up within this many windows: a false alarm */
#define AU_STAB 3.0        /* h |lambda| dopri5 would run at where stability bounds it */
#define AU_MARGIN 1.5      /* dopri5 must be this much cheaper to take over */
#define AU_DP_WORK 6.5     /* right-hand sides per dopri5 step, rejections included */
#define AU_QUIET 20        /* rodas steps at h_max before ros2 takes over */
#define AU_QUIET_MAX 5120  /* ... at most, after ros2 gave up quickly again and again */
#define AU_RS_SHORT 50     /* ros2 gave up within this many steps: a false alarm */

enum { AU_DP, AU_RO, AU_RS };

typedef struct au_state {
    size_t n;
    void *dp, *ro, *rs;     /* the three methods' states */
    int mode;               /* the method that took the last step */
    int pending;            /* switch to `next` before the next step */
    int next;               /* the method to switch to */
    double h_switch;        /* first step of the method switched to */
    int stiff, nonstiff;    /* dopri5: stiff steps counted, non-stiff ones since */
    int thresh;             /* stiff steps that make rodas take over */
    int windows;            /* rodas: windows since it took over */
    int quiet, quiet_thresh;/* rodas: steps at h_max in a row, and how many make ros2 take over */
    unsigned long rs_steps; /* ros2: steps since it took over */
    int w_steps;            /* accepted steps in the current window */
    double w_t0;            /* start of the window */
    unsigned long w_rhs, w_lu, w_att; /* counters at its start */
    double h_max;           /* the simulation's largest step (0: none) */
    double dp_t0;           /* dopri5: start of its current run */
    unsigned long dp_rhs0;  /* ... and the evaluations before it */
    double dp_rate;         /* its evaluations per simulated second in its last run
                               in this segment; 0: none */
} au_state;

static void au_destroy(void *vs)
{
    au_state *s = vs;
    if (!s)
        return;
    if (s->dp)
        cfp_dopri5_ops.destroy(s->dp);
    if (s->ro)
        cfp_rodas_ops.destroy(s->ro);
    if (s->rs)
        cfp_ros2_ops.destroy(s->rs);
    free(s);
}

static int au_create(void **out, size_t n, const calfpump_integrator_options *o, void *data)
{
    au_state *s = calloc(1, sizeof *s);
    int st;
    if (!s)
        return CALFPUMP_E_NOMEM;
    s->n = n;
    s->h_max = o->h_max;
    if ((st = cfp_dopri5_ops.create(&s->dp, n, o, data)) ||
        (st = cfp_rodas_ops.create(&s->ro, n, o, data)) ||
        (st = cfp_ros2_ops.create(&s->rs, n, o, data))) {
        au_destroy(s);
        return st;
    }
    *out = s;
    return CALFPUMP_OK;
}

static const calfpump_integrator_ops *au_ops(int mode)
{
    return mode == AU_DP ? &cfp_dopri5_ops : mode == AU_RO ? &cfp_rodas_ops : &cfp_ros2_ops;
}

static void *au_method(const au_state *s, int mode)
{
    return mode == AU_DP ? s->dp : mode == AU_RO ? s->ro : s->rs;
}

/* Ask for a switch to `mode` with first step h. */
static void au_request(au_state *s, int mode, double h)
{
    s->pending = 1;
    s->next = mode;
    s->h_switch = h;
}

/* Start a window of rodas steps at t. */
static void au_window(au_state *s, const calfpump_odectx *c, double t)
{
    s->w_steps = 0;
    s->w_t0 = t;
    s->w_rhs = c->rhs_evals;
    s->w_lu = c->lu_decomps;
    s->w_att = c->rejected;
}

static int au_restart(void *vs, calfpump_odectx *c, double t, const double *y)
{
    au_state *s = vs;
    s->pending = 0;
    s->stiff = s->nonstiff = 0;
    s->quiet = 0;
    s->quiet_thresh = AU_QUIET;
    s->thresh = AU_THRESH;
    s->windows = 0;
    s->dp_rate = 0;
    s->dp_t0 = t;
    s->dp_rhs0 = c->rhs_evals;
    au_window(s, c, t);
    if (s->mode == AU_RS) /* a new segment need not be quiet: rodas judges it */
        s->mode = AU_RO;
    return au_ops(s->mode)->restart(au_method(s, s->mode), c, t, y);
}

/* Restart the other method at (t, y) with the step s->h_switch. */
static int au_switch(au_state *s, calfpump_odectx *c, double t, const double *y)
{
    int mode = s->next, st;
    void *m = au_method(s, mode);
    if ((st = au_ops(mode)->restart(m, c, t, y)))
        return st;
    if (!(s->h_switch > 0))
        ; /* keep the step the restart chose */
    else if (mode == AU_DP)
        cfp_dopri5_set_h(m, s->h_switch);
    else if (mode == AU_RO)
        cfp_rodas_set_h(m, s->h_switch);
    else
        cfp_ros2_set_h(m, s->h_switch);
    s->mode = mode;
    s->pending = 0;
    s->stiff = s->nonstiff = 0;
    s->quiet = 0;
    s->rs_steps = 0;
    s->windows = 0;
    s->dp_t0 = t;
    s->dp_rhs0 = c->rhs_evals;
    au_window(s, c, t);
    return 0;
}

/* After an accepted dopri5 step ending at t: count stiff steps (Hairer's
 * test); when rodas takes over, remember what dopri5 spent per simulated
 * second since it last took over. */
static void au_after_dp(au_state *s, const calfpump_odectx *c, double t)
{
    if (cfp_dopri5_hlambda(s->dp) > AU_STIFF) {
        s->nonstiff = 0;
        if (++s->stiff >= s->thresh) {
            au_request(s, AU_RO, cfp_dopri5_next_h(s->dp));
            if (t > s->dp_t0)
                s->dp_rate = (double)(c->rhs_evals - s->dp_rhs0) / (t - s->dp_t0);
        }
    } else if (++s->nonstiff >= AU_NONSTIFF) {
        s->stiff = 0;
    }
}

/* Work of the rodas window so far, in right-hand-side equivalents: the
 * evaluations (those of the Jacobians included), each factorisation
 * (2 n^3 / 3 flops) and each attempted step (six solves and the Jacobian
 * check, 14 n^2 flops), with a right-hand side taken as 24 n flops (the
 * calf-pump network's ratio, measured on the default leg). */
static double au_rodas_work(const au_state *s, const calfpump_odectx *c)
{
    double n = (double)s->n, rhs_flops = 24.0 * n;
    double att = (double)s->w_steps + (double)(c->rejected - s->w_att);
    return (double)(c->rhs_evals - s->w_rhs) +
           (double)(c->lu_decomps - s->w_lu) * (2.0 * n * n * n / 3.0) / rhs_flops +
           att * 14.0 * n * n / rhs_flops;
}

/* After an accepted rodas step of size h ending at t: count the steps
 * held at h_max (ros2 takes over after quiet_thresh of them); at the end
 * of a window, compare the work with dopri5's. */
static void au_after_ro(au_state *s, const calfpump_odectx *c, double h, double t)
{
    double dt = t - s->w_t0, h_mean, rho, h_dp;
    if (s->h_max > 0 && h >= 0.999 * s->h_max && cfp_rodas_next_h(s->ro) >= s->h_max) {
        if (++s->quiet >= s->quiet_thresh) {
            au_request(s, AU_RS, s->h_max);
            return;
        }
    } else {
        s->quiet = 0;
    }
    if (++s->w_steps < AU_WINDOW || !(dt > 0))
        return;
    s->windows++;
    h_mean = dt / s->w_steps;
    rho = cfp_rodas_rho(s->ro);
    h_dp = rho > 0 ? fmin(h_mean, AU_STAB / rho) : h_mean;
    /* dopri5's work: as measured in its last run in this segment, else
     * estimated */
    if (AU_MARGIN * (s->dp_rate > 0 ? s->dp_rate : AU_DP_WORK / h_dp) <
        au_rodas_work(s, c) / dt) {
        au_request(s, AU_DP, h_dp);
        if (s->windows <= AU_SHORT)
            s->thresh = s->thresh * 2 > AU_THRESH_MAX ? AU_THRESH_MAX : s->thresh * 2;
        else
            s->thresh = AU_THRESH;
        return;
    }
    au_window(s, c, t);
}

/* After an accepted ros2 step: back to rodas once accuracy, not h_max,
 * holds the step; a quick return makes the next try wait twice as long. */
static void au_after_rs(au_state *s)
{
    double h = cfp_ros2_next_h(s->rs);
    s->rs_steps++;
    if (h >= 0.9 * s->h_max)
        return;
    au_request(s, AU_RO, h);
    if (s->rs_steps < AU_RS_SHORT)
        s->quiet_thresh = s->quiet_thresh * 2 > AU_QUIET_MAX ? AU_QUIET_MAX : s->quiet_thresh * 2;
    else
        s->quiet_thresh = AU_QUIET;
}

static int au_step(void *vs, calfpump_odectx *c, double *tp, double *y, double t_limit)
{
    au_state *s = vs;
    double t0 = *tp;
    int st;
    if (s->pending && (st = au_switch(s, c, *tp, y)))
        return st;
    st = au_ops(s->mode)->step(au_method(s, s->mode), c, tp, y, t_limit);
    if (s->mode == AU_DP && (st == CALFPUMP_E_STEPSIZE || st == CALFPUMP_E_NONFINITE)) {
        /* dopri5 found no step it could accept: stiffness so strong that
         * Hairer's test, which looks at accepted steps, never saw it.
         * rodas tries from the same point with a step of its own. */
        au_request(s, AU_RO, 0.0);
        if ((st = au_switch(s, c, *tp, y)))
            return st;
        st = cfp_rodas_ops.step(s->ro, c, tp, y, t_limit);
    }
    if (st)
        return st;
    if (s->mode == AU_DP)
        au_after_dp(s, c, *tp);
    else if (s->mode == AU_RO)
        au_after_ro(s, c, *tp - t0, *tp);
    else
        au_after_rs(s);
    return CALFPUMP_OK;
}

static int au_interpolate(const void *vs, double t, double *out)
{
    const au_state *s = vs;
    return au_ops(s->mode)->interpolate(au_method(s, s->mode), t, out);
}

const calfpump_integrator_ops cfp_auto_ops = {
    sizeof(calfpump_integrator_ops), CALFPUMP_INTEGRATOR_ABI, "auto",
    CALFPUMP_CAP_ADAPTIVE | CALFPUMP_CAP_DENSE | CALFPUMP_CAP_IMPLICIT, 4,
    au_create, au_destroy, au_restart, au_step, au_interpolate, NULL};
