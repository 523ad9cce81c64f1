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
    if (r > (double)v->rows - 1)
        r = (double)v->rows - 1;
    return (size_t)r;
}

/* A streamed run: the window store keeps time, the AVP site's pressure
 * and the calf volume. */
static double windowed(const cfp_run_view *v, size_t r, size_t j)
{
    const cfp_cols *c = &v->tr->c;
    if (j == CFP_CALF_VOLUME)
        return cfp_acc_window(v->acc, r, CFP_WIN_CALF);
    if (j == c->t)
        return cfp_acc_window(v->acc, r, CFP_WIN_T);
    if (v->acc->site >= 0 && j == c->P + (size_t)v->acc->site)
        return cfp_acc_window(v->acc, r, CFP_WIN_SITE);
    return cfp_nan();
}

/* Value at row r of column j, or of the total calf volume. */
double cfp_series(const cfp_run_view *v, size_t r, size_t j)
{
    if (!v->stored)
        return windowed(v, r, j);
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
        return cfp_series(v, a, tc);
    for (size_t r = a + 1; r <= b; r++) {
        double x = cfp_series(v, r, j);
        if (x >= level) {
            double ta = cfp_series(v, r - 1, tc), tb = cfp_series(v, r, tc);
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
    return v->rows > 0 && (v->acc->t_last >= t - 1e-9 ||
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

void cfp_window_add(const cfp_run_view *v, cfp_window *w, size_t *n, size_t max, double t0,
                    double t1)
{
    double a = floor(t0 / v->out_dt + 1e-9) - 1, b = floor(t1 / v->out_dt + 1e-9) + 1;
    if (*n >= max || !(b >= a))
        return;
    w[*n].r0 = a > 0 ? (size_t)a : 0;
    w[*n].r1 = b > 0 ? (size_t)b : 0;
    w[*n].val = NULL;
    (*n)++;
}

size_t cfp_metric_windows(const cfp_run_view *v, cfp_window *w, size_t max)
{
    size_t n = cfp_avp_windows(v, w, 0, max);
    n = cfp_apg_windows(v, w, n, max);
    return cfp_cycle_windows(v, w, n, max);
}
