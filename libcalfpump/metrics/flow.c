/* Flow measures per element: reflux through each valve and stasis in each
 * compartment, over the whole recorded run. */
#include <math.h>
#include "base/util.h"
#include "metrics/families.h"

/* Time at which q crosses -thr between rows r-1 and r, interpolated. */
static double crossing(const cfp_run_view *v, size_t r, size_t j, double thr)
{
    double q = CFP_TR(v->tr, r, j), qp = CFP_TR(v->tr, r - 1, j);
    double t = CFP_TR(v->tr, r, v->tr->c.t), tp = CFP_TR(v->tr, r - 1, v->tr->c.t);
    return tp + (t - tp) * (-thr - qp) / (q - qp);
}

/* Reflux of valved connection e: reverse volume, longest and count of
 * episodes beyond the reflux velocity, peak reverse flow, and the flag
 * (longest episode over the valve's clinical cut-off). */
int cfp_metric_reflux(const cfp_run_view *v, size_t e, int field, double *out)
{
    const cfp_conn *cn = &v->m->conn[e];
    size_t j = v->tr->c.Q + e, tc = v->tr->c.t, rows = v->tr->rows;
    double thr = v->m->g.reflux_velocity * cn->area; /* mL/s */
    double vol = 0, peak = 0, longest = 0, start = 0;
    int in_ep = 0;
    unsigned long episodes = 0;
    if (rows < 2)
        return cfp_fail(v->errmsg, CALFPUMP_E_STATE, "reflux needs a recorded run");
    for (size_t r = 0; r < rows; r++) {
        double q = CFP_TR(v->tr, r, j), t = CFP_TR(v->tr, r, tc);
        if (r > 0) {
            double qp = CFP_TR(v->tr, r - 1, j), tp = CFP_TR(v->tr, r - 1, tc);
            vol += 0.5 * (fmax(-q, 0) + fmax(-qp, 0)) * (t - tp);
        }
        peak = fmax(peak, -q);
        if (!in_ep && q < -thr) {
            in_ep = 1;
            episodes++;
            start = r > 0 ? crossing(v, r, j, thr) : t;
        } else if (in_ep && q >= -thr) {
            longest = fmax(longest, crossing(v, r, j, thr) - start);
            in_ep = 0;
        }
    }
    if (in_ep)
        longest = fmax(longest, CFP_TR(v->tr, rows - 1, tc) - start);
    switch (field) {
    case CFP_REFLUX_VOLUME: *out = vol; break;
    case CFP_REFLUX_DURATION: *out = longest; break;
    case CFP_REFLUX_PEAK: *out = peak; break;
    case CFP_REFLUX_EPISODES: *out = (double)episodes; break;
    default: *out = longest > cn->cutoff ? 1.0 : 0.0; break;
    }
    return CALFPUMP_OK;
}

/* Flow leaving compartment i at row r (through every connection, in
 * whichever direction the flow goes), mL/s. */
static double outflow(const cfp_run_view *v, size_t r, size_t i)
{
    double q = 0;
    for (size_t e = 0; e < v->m->nconn; e++) {
        double qe = CFP_TR(v->tr, r, v->tr->c.Q + e);
        if (v->m->conn[e].from == (int)i)
            q += fmax(qe, 0.0);
        else if (v->m->conn[e].to == (int)i)
            q += fmax(-qe, 0.0);
    }
    return q;
}

/* Stasis of compartment i: mean flow velocity (outflow over the
 * cross-section V/length), residence time (mean volume over mean outflow)
 * and the fraction of time the outflow is below stasis_flow. */
int cfp_metric_stasis(const cfp_run_view *v, size_t i, int field, double *out)
{
    const cfp_comp *c = &v->m->comp[i];
    double vel = 0, vol = 0, flow = 0;
    size_t low = 0, rows = v->tr->rows;
    for (size_t r = 0; r < rows; r++) {
        double q = outflow(v, r, i), V = CFP_TR(v->tr, r, v->tr->c.V + i);
        vel += q * c->length / V;
        vol += V;
        flow += q;
        low += q < v->m->g.stasis_flow;
    }
    if (field == CFP_STASIS_VELOCITY)
        *out = vel / (double)rows;
    else if (field == CFP_STASIS_RESIDENCE)
        *out = flow > 0 ? vol / flow : INFINITY;
    else
        *out = (double)low / (double)rows;
    return CALFPUMP_OK;
}
