/* Ambulatory venous pressure: resting and exercise pressure at the foot,
 * their difference, and the 90 % refilling time after exercise. */
#include <math.h>
#include "base/util.h"
#include "metrics/families.h"

int cfp_metric_avp(const cfp_run_view *v, size_t e, int field, double *out)
{
    long site = cfp_avp_site(v->m);
    size_t k = cfp_avp_segment(v), n = v->nseg, col;
    const double *t = v->seg_t0;
    double rest, ex, tr, end;
    int st;
    (void)e;
    if (site < 0)
        return cfp_fail(v->errmsg, CALFPUMP_E_STATE,
                        "AVP needs a superficial compartment in the foot region (the measuring site)");
    if (k >= n)
        return cfp_fail(v->errmsg, CALFPUMP_E_STATE,
                        "AVP needs a still segment followed by an exercise segment");
    if ((st = cfp_need(v, t[k + 1], "AVP")))
        return st;
    col = v->tr->c.P + (size_t)site;
    rest = cfp_mean_over(v, col, fmax(t[k - 1], t[k] - 5.0), t[k]);
    ex = cfp_mean_over(v, col, fmax(t[k], t[k + 1] - fmin(10.0, 0.5 * (t[k + 1] - t[k]))), t[k + 1]);
    switch (field) {
    case CFP_AVP_REST: *out = rest; return CALFPUMP_OK;
    case CFP_AVP_EXERCISE: *out = ex; return CALFPUMP_OK;
    case CFP_AVP_FALL: *out = rest - ex; return CALFPUMP_OK;
    default: break;
    }
    if (k + 1 >= n || !(v->seg[k + 1].act->flags & CFP_ACT_STILL))
        return cfp_fail(v->errmsg, CALFPUMP_E_STATE, "RT90 needs a still segment after the exercise");
    end = fmin(t[k + 2], t[k + 1] + CFP_SEARCH_HORIZON);
    if ((st = cfp_need(v, end, "RT90")))
        return st;
    tr = cfp_first_reach(v, col, ex + 0.9 * (rest - ex), t[k + 1], end);
    if (isnan(tr))
        return cfp_fail(v->errmsg, CALFPUMP_E_STATE,
                        "RT90: the ankle pressure did not recover 90 %% of the fall within %g s "
                        "of recovery", end - t[k + 1]);
    *out = tr - t[k + 1];
    return CALFPUMP_OK;
}

/* The rest window, the end of the exercise and the recovery segment. */
size_t cfp_avp_windows(const cfp_run_view *v, cfp_window *w, size_t n, size_t max)
{
    size_t k = cfp_avp_segment(v);
    const double *t = v->seg_t0;
    if (k >= v->nseg)
        return n;
    cfp_window_add(v, w, &n, max, fmax(t[k - 1], t[k] - 5.0), t[k]);
    cfp_window_add(v, w, &n, max, fmax(t[k], t[k + 1] - 10.0), t[k + 1]);
    if (k + 1 < v->nseg)
        cfp_window_add(v, w, &n, max, t[k + 1], fmin(t[k + 2], t[k + 1] + CFP_SEARCH_HORIZON));
    return n;
}
