/* "auto": dopri5 where the problem is not stiff, rodas where it is, and a
 * switch between them on the way (the idea of LSODA: Petzold, SIAM J. Sci.
 * Stat. Comput. 4 (1983) 136-148; the tests are our own).
 *
 * - dopri5 -> rodas: Hairer's stiffness test (HNW II, section IV.2; the
 *   estimate is dopri5's, cfp_dopri5_hlambda()): h |lambda| above
 *   AU_STIFF on `thresh` accepted steps, with fewer than AU_NONSTIFF
 *   non-stiff steps between them, means the step is held by stability, not
 *   accuracy.
 * - rodas -> dopri5: every AU_WINDOW accepted steps the work rodas spent
 *   per simulated second (right-hand sides, factorisations and solves, in
 *   right-hand-side equivalents, see au_rodas_work()) is compared with
 *   what dopri5 would spend: 6 evaluations per step of the rodas window's
 *   mean step, or of AU_STAB / rho(J) if stability bounds it.  dopri5
 *   takes over when it would cost less than 1 / AU_MARGIN of rodas.
 * - When rodas gives up again quickly (within AU_SHORT windows), the
 *   problem is stiff only at dopri5's step, and the next switch to rodas
 *   needs twice as many stiff steps (up to AU_THRESH_MAX), so that the
 *   methods do not take turns.  A restart (a new protocol segment) starts
 *   the count afresh.
 *
 * Both methods are created up front (no allocation while stepping); the
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

enum { AU_DP, AU_RO };

typedef struct au_state {
    size_t n;
    void *dp, *ro;          /* the two methods' states */
    int mode;               /* the method that took the last step */
    int pending;            /* switch before the next step */
    double h_switch;        /* first step of the method switched to */
    int stiff, nonstiff;    /* dopri5: stiff steps counted, non-stiff ones since */
    int thresh;             /* stiff steps that make rodas take over */
    int windows;            /* rodas: windows since it took over */
    int w_steps;            /* accepted steps in the current window */
    double w_t0;            /* start of the window */
    unsigned long w_rhs, w_lu, w_att; /* counters at its start */
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
    free(s);
}

static int au_create(void **out, size_t n, const calfpump_integrator_options *o, void *data)
{
    au_state *s = calloc(1, sizeof *s);
    int st;
    if (!s)
        return CALFPUMP_E_NOMEM;
    s->n = n;
    if ((st = cfp_dopri5_ops.create(&s->dp, n, o, data)) ||
        (st = cfp_rodas_ops.create(&s->ro, n, o, data))) {
        au_destroy(s);
        return st;
    }
    *out = s;
    return CALFPUMP_OK;
}

static const calfpump_integrator_ops *au_ops(int mode)
{
    return mode == AU_DP ? &cfp_dopri5_ops : &cfp_rodas_ops;
}

static void *au_method(const au_state *s, int mode) { return mode == AU_DP ? s->dp : s->ro; }

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
    s->thresh = AU_THRESH;
    s->windows = 0;
    au_window(s, c, t);
    return au_ops(s->mode)->restart(au_method(s, s->mode), c, t, y);
}

/* Restart the other method at (t, y) with the step s->h_switch. */
static int au_switch(au_state *s, calfpump_odectx *c, double t, const double *y)
{
    int mode = s->mode == AU_DP ? AU_RO : AU_DP, st;
    void *m = au_method(s, mode);
    if ((st = au_ops(mode)->restart(m, c, t, y)))
        return st;
    if (mode == AU_DP)
        cfp_dopri5_set_h(m, s->h_switch);
    else
        cfp_rodas_set_h(m, s->h_switch);
    s->mode = mode;
    s->pending = 0;
    s->stiff = s->nonstiff = 0;
    s->windows = 0;
    au_window(s, c, t);
    return 0;
}

/* After an accepted dopri5 step: count stiff steps (Hairer's test). */
static void au_after_dp(au_state *s)
{
    if (cfp_dopri5_hlambda(s->dp) > AU_STIFF) {
        s->nonstiff = 0;
        if (++s->stiff >= s->thresh) {
            s->pending = 1;
            s->h_switch = cfp_dopri5_next_h(s->dp);
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

/* After an accepted rodas step ending at t: at the end of a window,
 * compare its work with dopri5's. */
static void au_after_ro(au_state *s, const calfpump_odectx *c, double t)
{
    double dt = t - s->w_t0, h_mean, rho, h_dp;
    if (++s->w_steps < AU_WINDOW || !(dt > 0))
        return;
    s->windows++;
    h_mean = dt / s->w_steps;
    rho = cfp_rodas_rho(s->ro);
    h_dp = rho > 0 ? fmin(h_mean, AU_STAB / rho) : h_mean;
    if (AU_MARGIN * AU_DP_WORK / h_dp < au_rodas_work(s, c) / dt) {
        s->pending = 1;
        s->h_switch = h_dp;
        if (s->windows <= AU_SHORT)
            s->thresh = s->thresh * 2 > AU_THRESH_MAX ? AU_THRESH_MAX : s->thresh * 2;
        else
            s->thresh = AU_THRESH;
        return;
    }
    au_window(s, c, t);
}

static int au_step(void *vs, calfpump_odectx *c, double *tp, double *y, double t_limit)
{
    au_state *s = vs;
    int st;
    if (s->pending && (st = au_switch(s, c, *tp, y)))
        return st;
    if ((st = au_ops(s->mode)->step(au_method(s, s->mode), c, tp, y, t_limit)))
        return st;
    if (s->mode == AU_DP)
        au_after_dp(s);
    else
        au_after_ro(s, c, *tp);
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
