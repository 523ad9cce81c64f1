/* Reading the recorded series: rows by time, means, minima, crossings,
 * and where the clinical tests look. */
#include <math.h>
#include "base/util.h"
#include "metrics/metrics.h"

size_t cfp_row_of(const cfp_run_view *v, double t)
{
    double r = floor(t / v->out_dt + 1e-9);
    if (r < 0)
        r = 0;
    if (r > (double)v->tr->rows - 1)
        r = (double)v->tr->rows - 1;
    return (size_t)r;
}

/* Value at row r of column j, or of the total calf volume. */
double cfp_series(const cfp_run_view *v, size_t r, size_t j)
{
    if (j == CFP_CALF_VOLUME) {
        double sum = 0;
        for (size_t i = 0; i < v->m->ncomp; i++)
            if (v->m->comp[i].region == CFP_REG_CALF)
                sum += CFP_TR(v->tr, r, v->tr->c.V + i);
        return sum;
    }
    return CFP_TR(v->tr, r, j);
}

double cfp_mean_over(const cfp_run_view *v, size_t j, double t0, double t1)
{
    size_t a = cfp_row_of(v, t0), b = cfp_row_of(v, t1);
    double sum = 0;
    for (size_t r = a; r <= b; r++)
        sum += cfp_series(v, r, j);
    return sum / (double)(b - a + 1);
}

double cfp_min_over(const cfp_run_view *v, size_t j, double t0, double t1)
{
    size_t a = cfp_row_of(v, t0), b = cfp_row_of(v, t1);
    double mn = INFINITY;
    for (size_t r = a; r <= b; r++)
        mn = fmin(mn, cfp_series(v, r, j));
    return mn;
}

/* First time in [t0, t1] at which series j reaches level (rising), by
 * linear interpolation between rows; NaN if never. */
double cfp_first_reach(const cfp_run_view *v, size_t j, double level, double t0, double t1)
{
    size_t a = cfp_row_of(v, t0), b = cfp_row_of(v, t1), tc = v->tr->c.t;
    double prev = cfp_series(v, a, j);
    if (prev >= level)
        return CFP_TR(v->tr, a, tc);
    for (size_t r = a + 1; r <= b; r++) {
        double x = cfp_series(v, r, j);
        if (x >= level) {
            double ta = CFP_TR(v->tr, r - 1, tc), tb = CFP_TR(v->tr, r, tc);
            return ta + (tb - ta) * (level - prev) / (x - prev);
        }
        prev = x;
    }
    return cfp_nan();
}

/* Recorded up to time t?  The last row may sit up to one output interval
 * before the protocol's end when the end is not a multiple of it. */
static int covered(const cfp_run_view *v, double t)
{
    return v->tr->rows > 0 && (CFP_TR(v->tr, v->tr->rows - 1, v->tr->c.t) >= t - 1e-9 ||
                               v->t_done >= t - 1e-9 * fmax(1.0, t));
}

int cfp_need(const cfp_run_view *v, double t, const char *what)
{
    if (covered(v, t))
        return CALFPUMP_OK;
    return cfp_fail(v->errmsg, CALFPUMP_E_STATE,
                    "%s needs the run to reach t = %g s (now at %g s)", what, t, v->t_done);
}

long cfp_sinus_compartment(const calfpump_model *m)
{
    int i = cfp_model_find_comp(m, "calf_sinuses");
    if (i >= 0)
        return i;
    for (size_t k = 0; k < m->ncomp; k++)
        if (m->comp[k].region == CFP_REG_CALF && m->comp[k].layer == CFP_LAYER_INTRAMUSCULAR)
            return (long)k;
    return -1;
}

long cfp_avp_site(const calfpump_model *m)
{
    for (size_t i = 0; i < m->ncomp; i++)
        if (m->comp[i].region == CFP_REG_FOOT && m->comp[i].layer == CFP_LAYER_SUPERFICIAL)
            return (long)i;
    return -1;
}

size_t cfp_avp_segment(const cfp_run_view *v)
{
    size_t k;
    for (k = 1; k < v->nseg; k++)
        if ((v->seg[k].act->flags & CFP_ACT_EXERCISE) && (v->seg[k - 1].act->flags & CFP_ACT_STILL))
            return k;
    return v->nseg;
}
