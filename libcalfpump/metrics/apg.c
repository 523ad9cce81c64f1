/* Air plethysmography (Christopoulos): calf volume filling on standing
 * (VV, VFI), ejection by one tiptoe (EV, EF) and the residual volume
 * after ten (RV, RVF). */
#include <math.h>
#include "base/util.h"
#include "metrics/families.h"

static int still_in(const cfp_segment *s, int posture)
{
    return s->posture == posture && (s->act->flags & CFP_ACT_STILL);
}

/* The baseline: lying still, flat or (as the clinical protocol does) with
 * the leg raised to empty its veins. */
static int base_in(const cfp_segment *s)
{
    return still_in(s, CFP_POST_SUPINE) || still_in(s, CFP_POST_LEG_RAISED);
}

/* The first segment at or after `from` with `raises` ejection raises
 * (one, or at least ten); nseg if none. */
static size_t raises_segment(const cfp_run_view *v, size_t from, int ten)
{
    for (size_t j = from; j < v->nseg; j++)
        if ((v->seg[j].act->flags & CFP_ACT_RAISES) &&
            (ten ? v->seg[j].p.count >= 9.5 : v->seg[j].p.count < 1.5))
            return j;
    return v->nseg;
}

/* EV or EF: the calf volume ejected by one tiptoe. */
static int ejection(const cfp_run_view *v, size_t k, double vv, int field, double *out)
{
    size_t j = raises_segment(v, k + 2, 0);
    double pre, mn;
    int st;
    if (j >= v->nseg)
        return cfp_fail(v->errmsg, CALFPUMP_E_STATE, "APG: EV/EF need a single-tiptoe segment");
    if ((st = cfp_need(v, v->seg_t0[j + 1], "APG EV")))
        return st;
    pre = cfp_series(v, cfp_row_of(v, v->seg_t0[j]), CFP_CALF_VOLUME);
    mn = cfp_min_over(v, CFP_CALF_VOLUME, v->seg_t0[j], v->seg_t0[j + 1]);
    *out = field == CFP_APG_EV ? pre - mn : 100.0 * (pre - mn) / vv;
    return CALFPUMP_OK;
}

/* RV or RVF: the calf volume left after ten tiptoes, above the supine base. */
static int residual(const cfp_run_view *v, size_t k, double base, double vv, int field,
                    double *out)
{
    size_t j = raises_segment(v, k + 2, 1);
    double T, tl, mn;
    int st;
    if (j >= v->nseg)
        return cfp_fail(v->errmsg, CALFPUMP_E_STATE, "APG: RV/RVF need a ten-tiptoe segment");
    if ((st = cfp_need(v, v->seg_t0[j + 1], "APG RV")))
        return st;
    T = 1.0 / v->seg[j].p.rate;
    tl = v->seg_t0[j] + fmin(v->seg[j].p.count * T, v->seg[j].duration);
    mn = cfp_min_over(v, CFP_CALF_VOLUME, tl - T, tl);
    *out = field == CFP_APG_RV ? mn - base : 100.0 * (mn - base) / vv;
    return CALFPUMP_OK;
}

/* The supine-to-standing change: the supine segment k, or nseg. */
static size_t standing_up(const cfp_run_view *v)
{
    size_t k;
    for (k = 0; k + 1 < v->nseg; k++)
        if (base_in(&v->seg[k]) && still_in(&v->seg[k + 1], CFP_POST_STANDING))
            return k;
    return v->nseg;
}

/* The end of the supine segment, the standing one and the raises. */
size_t cfp_apg_windows(const cfp_run_view *v, cfp_window *w, size_t n, size_t max)
{
    size_t k = standing_up(v), j;
    const double *t = v->seg_t0;
    if (k >= v->nseg)
        return n;
    cfp_window_add(v, w, &n, max, fmax(t[k], t[k + 1] - 2.0),
                   fmin(t[k + 2], t[k + 1] + CFP_SEARCH_HORIZON));
    cfp_window_add(v, w, &n, max, t[k + 2] - 2.0, t[k + 2]);
    if ((j = raises_segment(v, k + 2, 0)) < v->nseg)
        cfp_window_add(v, w, &n, max, t[j], t[j + 1]);
    if ((j = raises_segment(v, k + 2, 1)) < v->nseg)
        cfp_window_add(v, w, &n, max, t[j], t[j + 1]);
    return n;
}

int cfp_metric_apg(const cfp_run_view *v, size_t e, int field, double *out)
{
    size_t n = v->nseg, k = standing_up(v);
    const double *t = v->seg_t0;
    double base, top, vv, t90;
    int st;
    (void)e;
    if (k + 1 >= n)
        return cfp_fail(v->errmsg, CALFPUMP_E_STATE,
                        "APG needs a supine (or leg_raised) still segment followed by a standing "
                        "still segment");
    if ((st = cfp_need(v, t[k + 2], "APG")))
        return st;
    base = cfp_mean_over(v, CFP_CALF_VOLUME, fmax(t[k], t[k + 1] - 2.0), t[k + 1]);
    top = cfp_mean_over(v, CFP_CALF_VOLUME, t[k + 2] - 2.0, t[k + 2]);
    vv = top - base;
    if (field == CFP_APG_VV) {
        *out = vv;
        return CALFPUMP_OK;
    }
    if (!(vv > 0))
        return cfp_fail(v->errmsg, CALFPUMP_E_STATE, "APG: the calf volume did not rise on standing");
    if (field == CFP_APG_VFI) {
        t90 = cfp_first_reach(v, CFP_CALF_VOLUME, base + 0.9 * vv, t[k + 1],
                              fmin(t[k + 2], t[k + 1] + CFP_SEARCH_HORIZON));
        if (isnan(t90) || t90 <= t[k + 1])
            return cfp_fail(v->errmsg, CALFPUMP_E_STATE, "APG: 90 %% of VV was not reached");
        *out = 0.9 * vv / (t90 - t[k + 1]);
        return CALFPUMP_OK;
    }
    if (field == CFP_APG_EV || field == CFP_APG_EF)
        return ejection(v, k, vv, field, out);
    return residual(v, k, base, vv, field, out);
}
