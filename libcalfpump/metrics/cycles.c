/* Whole-run measures: the calf's ejection per contraction and periodic
 * steady state of the first rhythmic exercise, venous return, blood
 * conservation, calf perfusion, and the integrator's counters. */
#include <math.h>
#include "base/util.h"
#include "metrics/families.h"

static const char *const cycle_names[] = {"ejection.calf", "steady.cycles", "steady.time"};

/* First segment whose activity has a cycle, or nseg. */
static size_t first_rhythmic(const cfp_run_view *v)
{
    for (size_t k = 0; k < v->nseg; k++)
        if (cfp_segment_period(&v->seg[k]) > 0)
            return k;
    return v->nseg;
}

/* Mean over the last (up to) ten of n cycles of max - min calf volume. */
static double ejection(const cfp_run_view *v, double t0, double T, size_t n)
{
    double sum = 0;
    int used = 0;
    for (size_t c = n > 10 ? n - 10 : 0; c < n; c++) {
        double a = t0 + c * T, b = a + T, mx = -INFINITY, mn = INFINITY;
        for (size_t r = cfp_row_of(v, a); r <= cfp_row_of(v, b); r++) {
            double vol = cfp_series(v, r, CFP_CALF_VOLUME);
            mx = fmax(mx, vol);
            mn = fmin(mn, vol);
        }
        sum += mx - mn;
        used++;
    }
    return sum / used;
}

int cfp_metric_cycles(const cfp_run_view *v, size_t e, int field, double *out)
{
    const char *name = cycle_names[field];
    size_t k = first_rhythmic(v), n;
    double T, t0, t1, tol = v->m->g.steady_tolerance;
    int st;
    (void)e;
    if (k >= v->nseg)
        return cfp_fail(v->errmsg, CALFPUMP_E_STATE, "%s needs a rhythmic exercise segment", name);
    T = cfp_segment_period(&v->seg[k]);
    t0 = v->seg_t0[k];
    t1 = v->seg_t0[k + 1];
    if (v->seg[k].act->flags & CFP_ACT_RAISES)
        t1 = fmin(t1, t0 + v->seg[k].p.count * T);
    if ((st = cfp_need(v, t1, name)))
        return st;
    n = (size_t)floor((t1 - t0) / T + 1e-9);
    if (n < 2 || T < 4 * v->out_dt)
        return cfp_fail(v->errmsg, CALFPUMP_E_STATE,
                        "%s: %zu cycles of %g s at an output interval of %g s are too few to "
                        "measure", name, n, T, v->out_dt);
    if (field == CFP_CYCLE_EJECTION) {
        *out = ejection(v, t0, T, n);
        return CALFPUMP_OK;
    }
    /* steady.*: first cycle whose starting calf volume is within
     * steady_tolerance of the previous cycle's. */
    for (size_t c = 1; c < n; c++) {
        double a = cfp_series(v, cfp_row_of(v, t0 + (c - 1) * T), CFP_CALF_VOLUME);
        double b = cfp_series(v, cfp_row_of(v, t0 + c * T), CFP_CALF_VOLUME);
        if (fabs(b - a) <= tol * fabs(b)) {
            *out = field == CFP_CYCLE_STEADY_CYCLES ? (double)c : c * T;
            return CALFPUMP_OK;
        }
    }
    return cfp_fail(v->errmsg, CALFPUMP_E_STATE,
                    "%s: no periodic steady state within %zu cycles (tolerance %g)", name, n, tol);
}

/* The number of valves whose longest reverse flow exceeds the cut-off. */
static double flagged(const cfp_run_view *v)
{
    double n = 0, flag;
    for (size_t e = 0; e < v->m->nconn; e++)
        if (v->m->conn[e].has_valve && cfp_metric_reflux(v, e, CFP_REFLUX_FLAG, &flag) == 0)
            n += flag;
    return n;
}

/* The first rhythmic exercise segment. */
size_t cfp_cycle_windows(const cfp_run_view *v, cfp_window *w, size_t n, size_t max)
{
    size_t k = first_rhythmic(v);
    if (k < v->nseg)
        cfp_window_add(v, w, &n, max, v->seg_t0[k], v->seg_t0[k + 1]);
    return n;
}

/* Venous return, conservation (the largest relative difference between
 * the compartments' blood volume and the initial volume plus inflow minus
 * outflow) and the mean capillary inflow into the calf muscle (deep and
 * intramuscular calf compartments), from the accumulators. */
int cfp_metric_run(const cfp_run_view *v, size_t e, int field, double *out)
{
    const cfp_acc *a = v->acc;
    long sinus;
    (void)e;
    switch (field) {
    case CFP_RUN_SINUS_RESIDENCE:
        if ((sinus = cfp_sinus_compartment(v->m)) < 0)
            return cfp_fail(v->errmsg, CALFPUMP_E_STATE,
                            "sinus.residence needs an intramuscular compartment in the calf");
        return cfp_metric_stasis(v, (size_t)sinus, CFP_STASIS_RESIDENCE, out);
    case CFP_RUN_FLAGGED: *out = flagged(v); break;
    case CFP_RUN_RETURN_MEAN: *out = a->out_last / a->t_last; break;
    case CFP_RUN_RETURN_TOTAL: *out = a->out_last; break;
    case CFP_RUN_CONSERVATION: *out = a->worst / a->v0; break;
    default: *out = a->perf / (double)a->rows; break;
    }
    return CALFPUMP_OK;
}

int cfp_metric_solver(const cfp_run_view *v, size_t e, int field, double *out)
{
    const double counts[] = {v->stats.steps, v->stats.rejected, v->stats.rhs_evals,
                             v->stats.jac_evals, v->stats.lu_decomps};
    (void)e;
    *out = counts[field];
    return CALFPUMP_OK;
}
