/* Flow measures per element: reflux through each valve and stasis in each
 * compartment, over the whole recorded run. */
#include <math.h>
#include "base/util.h"
#include "metrics/families.h"

/* Reflux of valved connection e: reverse volume, longest and count of
 * episodes beyond the reflux velocity, peak reverse flow, and the flag
 * (longest episode over the valve's clinical cut-off). */
int cfp_metric_reflux(const cfp_run_view *v, size_t e, int field, double *out)
{
    const cfp_reflux_acc *r = &v->acc->rf[e];
    double longest = r->longest;
    if (v->rows < 2)
        return cfp_fail(v->errmsg, CALFPUMP_E_STATE, "reflux needs a recorded run");
    if (r->in_ep) /* the episode still under way */
        longest = fmax(longest, v->acc->t_last - r->start);
    switch (field) {
    case CFP_REFLUX_VOLUME: *out = r->vol; break;
    case CFP_REFLUX_DURATION: *out = longest; break;
    case CFP_REFLUX_PEAK: *out = r->peak; break;
    case CFP_REFLUX_EPISODES: *out = r->episodes; break;
    default: *out = longest > v->m->conn[e].cutoff ? 1.0 : 0.0; break;
    }
    return CALFPUMP_OK;
}

/* Stasis of compartment i, time-weighted over the recorded run: mean
 * velocity (outflow over the cross-section V/length), residence time
 * (mean volume over mean outflow) and the fraction of time the velocity,
 * averaged over the last CFP_STASIS_SPAN seconds, is below the model's
 * stasis_velocity. */
int cfp_metric_stasis(const cfp_run_view *v, size_t i, int field, double *out)
{
    const cfp_stasis_acc *s = &v->acc->sa[i];
    double span = v->acc->t_last - v->acc->t0;
    if (v->rows < 2 || !(span > 0))
        return cfp_fail(v->errmsg, CALFPUMP_E_STATE, "stasis needs a recorded run");
    if (field == CFP_STASIS_VELOCITY)
        *out = s->vel / span;
    else if (field == CFP_STASIS_RESIDENCE)
        *out = s->out > 0 ? s->vol / s->out : INFINITY;
    else
        *out = s->low / span;
    return CALFPUMP_OK;
}
