/* Clinical measures computed from the recorded trace (spec section 9). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/sim.h"
#include "base/util.h"

static const char *const fixed_names[] = {
    "avp.rest", "avp.exercise", "avp.fall", "avp.rt90",
    "apg.vv", "apg.vfi", "apg.ev", "apg.ef", "apg.rv", "apg.rvf",
    "return.mean", "return.total", "conservation.error", "perfusion.calf",
    "ejection.calf", "steady.cycles", "steady.time",
    "solver.steps", "solver.rejected", "solver.rhs_evals", "solver.jac_evals",
    "solver.lu_decomps"};
#define NFIXED (sizeof fixed_names / sizeof fixed_names[0])
static const char *const reflux_fields[] = {"volume", "duration", "peak", "episodes", "flag"};
#define NRF (sizeof reflux_fields / sizeof reflux_fields[0])
static const char *const stasis_fields[] = {"velocity", "residence", "low_flow"};
#define NSF (sizeof stasis_fields / sizeof stasis_fields[0])

int cfp_metrics_names(calfpump_sim *s)
{
    size_t nv = 0, k = 0;
    for (size_t e = 0; e < s->m->nconn; e++)
        nv += s->m->conn[e].has_valve != 0;
    s->mcount = NFIXED + NRF * nv + NSF * s->m->ncomp;
    s->mnames = calloc(s->mcount, CFP_COLNAME_MAX);
    if (!s->mnames)
        return CALFPUMP_E_NOMEM;
    for (size_t i = 0; i < NFIXED; i++)
        snprintf(s->mnames + CFP_COLNAME_MAX * k++, CFP_COLNAME_MAX, "%s", fixed_names[i]);
    for (size_t e = 0; e < s->m->nconn; e++)
        if (s->m->conn[e].has_valve)
            for (size_t f = 0; f < NRF; f++)
                snprintf(s->mnames + CFP_COLNAME_MAX * k++, CFP_COLNAME_MAX, "reflux.%s.%s",
                         s->m->conn[e].name, reflux_fields[f]);
    for (size_t i = 0; i < s->m->ncomp; i++)
        for (size_t f = 0; f < NSF; f++)
            snprintf(s->mnames + CFP_COLNAME_MAX * k++, CFP_COLNAME_MAX, "stasis.%s.%s",
                     s->m->comp[i].name, stasis_fields[f]);
    return CALFPUMP_OK;
}

size_t calfpump_sim_metric_count(const calfpump_sim *s) { return s ? s->mcount : 0; }

const char *calfpump_sim_metric_name(const calfpump_sim *s, size_t i)
{
    return (s && i < s->mcount) ? s->mnames + i * CFP_COLNAME_MAX : NULL;
}

/* ---------------------------------------------------------------- */
/* Trace helpers. */

/* Row index at or just before time t. */
static size_t row_of(const calfpump_sim *s, double t)
{
    double r = floor(t / s->out_dt + 1e-9);
    if (r < 0)
        r = 0;
    if (r > (double)s->tr.rows - 1)
        r = (double)s->tr.rows - 1;
    return (size_t)r;
}

/* Value of a derived series at row r: column j, or the calf volume if j
 * is (size_t)-1. */
#define CALF_VOLUME ((size_t)-1)
static double val(const calfpump_sim *s, size_t r, size_t j)
{
    if (j == CALF_VOLUME) {
        double v = 0;
        for (size_t i = 0; i < s->ph.nc; i++)
            if (s->m->comp[i].region == CFP_REG_CALF)
                v += CFP_TR(&s->tr, r, s->c.V + i);
        return v;
    }
    return CFP_TR(&s->tr, r, j);
}

static double mean_over(const calfpump_sim *s, size_t j, double t0, double t1)
{
    size_t a = row_of(s, t0), b = row_of(s, t1);
    double sum = 0;
    for (size_t r = a; r <= b; r++)
        sum += val(s, r, j);
    return sum / (double)(b - a + 1);
}

static double min_over(const calfpump_sim *s, size_t j, double t0, double t1)
{
    size_t a = row_of(s, t0), b = row_of(s, t1);
    double mn = INFINITY;
    for (size_t r = a; r <= b; r++)
        mn = fmin(mn, val(s, r, j));
    return mn;
}

/* First time in [t0, t1] at which series j reaches level (rising), by
 * linear interpolation between rows; NaN if never. */
static double first_reach(const calfpump_sim *s, size_t j, double level, double t0, double t1)
{
    size_t a = row_of(s, t0), b = row_of(s, t1);
    double prev = val(s, a, j);
    if (prev >= level)
        return CFP_TR(&s->tr, a, s->c.t);
    for (size_t r = a + 1; r <= b; r++) {
        double v = val(s, r, j);
        if (v >= level) {
            double ta = CFP_TR(&s->tr, r - 1, s->c.t), tb = CFP_TR(&s->tr, r, s->c.t);
            return ta + (tb - ta) * (level - prev) / (v - prev);
        }
        prev = v;
    }
    return cfp_nan();
}

/* Recorded up to time t? */
static int covered(const calfpump_sim *s, double t)
{
    /* The last row may sit up to one output interval before the protocol's
     * end when the end is not a multiple of the interval. */
    return s->tr.rows > 0 && (CFP_TR(&s->tr, s->tr.rows - 1, s->c.t) >= t - 1e-9 ||
                              s->t_done >= t - 1e-9 * fmax(1.0, t));
}

static int need(calfpump_sim *s, double t, const char *what)
{
    if (covered(s, t))
        return CALFPUMP_OK;
    return cfp_fail(s->errmsg, CALFPUMP_E_STATE,
                    "%s needs the run to reach t = %g s (now at %g s)", what, t, s->t_done);
}

/* Muscle work that the AVP test can follow: anything but standing still
 * and the (external) calf squeeze. */
static int is_exercise(int act)
{
    return act != CFP_ACT_STILL && act != CFP_ACT_SQUEEZE;
}

/* ---------------------------------------------------------------- */

static int avp(calfpump_sim *s, const char *field, double *v)
{
    size_t site = (size_t)-1, k, n = s->p->nseg;
    double rest, ex, t0, t1, tr;
    int st;
    for (size_t i = 0; i < s->ph.nc; i++)
        if (s->m->comp[i].region == CFP_REG_FOOT && s->m->comp[i].layer == CFP_LAYER_SUPERFICIAL) {
            site = i;
            break;
        }
    if (site == (size_t)-1)
        return cfp_fail(s->errmsg, CALFPUMP_E_STATE,
                        "AVP needs a superficial compartment in the foot region (the measuring site)");
    for (k = 1; k < n; k++)
        if (is_exercise(s->p->seg[k].activity) && s->p->seg[k - 1].activity == CFP_ACT_STILL)
            break;
    if (k >= n)
        return cfp_fail(s->errmsg, CALFPUMP_E_STATE,
                        "AVP needs a still segment followed by an exercise segment");
    t0 = s->seg_t0[k];
    t1 = s->seg_t0[k + 1];
    if ((st = need(s, t1, "AVP")))
        return st;
    rest = mean_over(s, s->c.P + site, fmax(s->seg_t0[k - 1], t0 - 5.0), t0);
    ex = mean_over(s, s->c.P + site, fmax(t0, t1 - fmin(10.0, 0.5 * (t1 - t0))), t1);
    if (strcmp(field, "rest") == 0) {
        *v = rest;
        return CALFPUMP_OK;
    }
    if (strcmp(field, "exercise") == 0) {
        *v = ex;
        return CALFPUMP_OK;
    }
    if (strcmp(field, "fall") == 0) {
        *v = rest - ex;
        return CALFPUMP_OK;
    }
    /* rt90 */
    if (k + 1 >= n || s->p->seg[k + 1].activity != CFP_ACT_STILL)
        return cfp_fail(s->errmsg, CALFPUMP_E_STATE, "RT90 needs a still segment after the exercise");
    if ((st = need(s, s->seg_t0[k + 2], "RT90")))
        return st;
    tr = first_reach(s, s->c.P + site, ex + 0.9 * (rest - ex), t1, s->seg_t0[k + 2]);
    if (isnan(tr))
        return cfp_fail(s->errmsg, CALFPUMP_E_STATE,
                        "RT90: the ankle pressure did not recover 90 %% of the fall within the "
                        "%g s recovery segment", s->seg_t0[k + 2] - t1);
    *v = tr - t1;
    return CALFPUMP_OK;
}

static int apg(calfpump_sim *s, const char *field, double *v)
{
    size_t n = s->p->nseg, k, j1, j10;
    const cfp_segment *sg = s->p->seg;
    double base, top, vv, t90, t0;
    int st;
    for (k = 0; k + 1 < n; k++)
        if (sg[k].posture == CFP_POST_SUPINE && sg[k].activity == CFP_ACT_STILL &&
            sg[k + 1].posture == CFP_POST_STANDING && sg[k + 1].activity == CFP_ACT_STILL)
            break;
    if (k + 1 >= n)
        return cfp_fail(s->errmsg, CALFPUMP_E_STATE,
                        "APG needs a supine still segment followed by a standing still segment");
    t0 = s->seg_t0[k + 1];
    if ((st = need(s, s->seg_t0[k + 2], "APG")))
        return st;
    base = mean_over(s, CALF_VOLUME, fmax(s->seg_t0[k], t0 - 2.0), t0);
    top = mean_over(s, CALF_VOLUME, s->seg_t0[k + 2] - 2.0, s->seg_t0[k + 2]);
    vv = top - base;
    if (strcmp(field, "vv") == 0) {
        *v = vv;
        return CALFPUMP_OK;
    }
    if (!(vv > 0))
        return cfp_fail(s->errmsg, CALFPUMP_E_STATE, "APG: the calf volume did not rise on standing");
    if (strcmp(field, "vfi") == 0) {
        t90 = first_reach(s, CALF_VOLUME, base + 0.9 * vv, t0, s->seg_t0[k + 2]);
        if (isnan(t90) || t90 <= t0)
            return cfp_fail(s->errmsg, CALFPUMP_E_STATE, "APG: 90 %% of VV was not reached");
        *v = 0.9 * vv / (t90 - t0);
        return CALFPUMP_OK;
    }
    for (j1 = k + 2; j1 < n; j1++)
        if (sg[j1].activity == CFP_ACT_TIPTOE && sg[j1].p.count < 1.5)
            break;
    for (j10 = k + 2; j10 < n; j10++)
        if (sg[j10].activity == CFP_ACT_TIPTOE && sg[j10].p.count >= 9.5)
            break;
    if (field[0] == 'e') { /* ev, ef */
        double pre, mn;
        if (j1 >= n)
            return cfp_fail(s->errmsg, CALFPUMP_E_STATE, "APG: EV/EF need a single-tiptoe segment");
        if ((st = need(s, s->seg_t0[j1 + 1], "APG EV")))
            return st;
        pre = val(s, row_of(s, s->seg_t0[j1]), CALF_VOLUME);
        mn = min_over(s, CALF_VOLUME, s->seg_t0[j1], s->seg_t0[j1 + 1]);
        *v = strcmp(field, "ev") == 0 ? pre - mn : 100.0 * (pre - mn) / vv;
        return CALFPUMP_OK;
    }
    {   /* rv, rvf */
        double T, tl, mn;
        if (j10 >= n)
            return cfp_fail(s->errmsg, CALFPUMP_E_STATE, "APG: RV/RVF need a ten-tiptoe segment");
        if ((st = need(s, s->seg_t0[j10 + 1], "APG RV")))
            return st;
        T = 1.0 / sg[j10].p.rate;
        tl = s->seg_t0[j10] + fmin(sg[j10].p.count * T, sg[j10].duration);
        mn = min_over(s, CALF_VOLUME, tl - T, tl);
        *v = strcmp(field, "rv") == 0 ? mn - base : 100.0 * (mn - base) / vv;
        return CALFPUMP_OK;
    }
}

/* Reflux of valved connection e over the recorded run. */
static int reflux(calfpump_sim *s, size_t e, const char *field, double *v)
{
    const cfp_conn *cn = &s->m->conn[e];
    size_t j = s->c.Q + e, rows = s->tr.rows;
    double thr = s->m->g.reflux_velocity * cn->area; /* mL/s */
    double vol = 0, peak = 0, longest = 0, start = 0;
    int in_ep = 0;
    unsigned long episodes = 0;
    if (rows < 2)
        return cfp_fail(s->errmsg, CALFPUMP_E_STATE, "reflux needs a recorded run");
    for (size_t r = 0; r < rows; r++) {
        double q = CFP_TR(&s->tr, r, j), t = CFP_TR(&s->tr, r, s->c.t);
        if (r > 0) {
            double qp = CFP_TR(&s->tr, r - 1, j), tp = CFP_TR(&s->tr, r - 1, s->c.t);
            vol += 0.5 * (fmax(-q, 0) + fmax(-qp, 0)) * (t - tp);
        }
        peak = fmax(peak, -q);
        if (!in_ep && q < -thr) {
            in_ep = 1;
            episodes++;
            start = t;
            if (r > 0) { /* interpolate the crossing */
                double qp = CFP_TR(&s->tr, r - 1, j), tp = CFP_TR(&s->tr, r - 1, s->c.t);
                start = tp + (t - tp) * (-thr - qp) / (q - qp);
            }
        } else if (in_ep && q >= -thr) {
            double qp = CFP_TR(&s->tr, r - 1, j), tp = CFP_TR(&s->tr, r - 1, s->c.t);
            double end = tp + (t - tp) * (-thr - qp) / (q - qp);
            longest = fmax(longest, end - start);
            in_ep = 0;
        }
    }
    if (in_ep)
        longest = fmax(longest, CFP_TR(&s->tr, rows - 1, s->c.t) - start);
    if (strcmp(field, "volume") == 0)
        *v = vol;
    else if (strcmp(field, "duration") == 0)
        *v = longest;
    else if (strcmp(field, "peak") == 0)
        *v = peak;
    else if (strcmp(field, "episodes") == 0)
        *v = (double)episodes;
    else
        *v = longest > cn->cutoff ? 1.0 : 0.0;
    return CALFPUMP_OK;
}

/* Flow leaving compartment i at row r (through every connection, in
 * whichever direction the flow goes), mL/s. */
static double outflow(const calfpump_sim *s, size_t r, size_t i)
{
    double q = 0;
    for (size_t e = 0; e < s->m->nconn; e++) {
        double qe = CFP_TR(&s->tr, r, s->c.Q + e);
        if (s->m->conn[e].from == (int)i)
            q += fmax(qe, 0.0);
        else if (s->m->conn[e].to == (int)i)
            q += fmax(-qe, 0.0);
    }
    return q;
}

/* Stasis of compartment i over the recorded run: mean flow velocity
 * (outflow over the cross-section V/length), residence time (mean volume
 * over mean outflow) and the fraction of time the outflow is below
 * stasis_flow. */
static int stasis(calfpump_sim *s, size_t i, const char *field, double *v)
{
    const cfp_comp *c = &s->m->comp[i];
    double vel = 0, vol = 0, out = 0;
    size_t low = 0, rows = s->tr.rows;
    for (size_t r = 0; r < rows; r++) {
        double q = outflow(s, r, i), V = CFP_TR(&s->tr, r, s->c.V + i);
        vel += q * c->length / V;
        vol += V;
        out += q;
        low += q < s->m->g.stasis_flow;
    }
    if (strcmp(field, "velocity") == 0)
        *v = vel / (double)rows;
    else if (strcmp(field, "residence") == 0)
        *v = out > 0 ? vol / out : INFINITY;
    else
        *v = (double)low / (double)rows;
    return CALFPUMP_OK;
}

/* First exercise segment (walk, run, stairs, tiptoe, cycle, swim, seated
 * exercises), or n if none. */
static size_t first_exercise(const calfpump_sim *s)
{
    for (size_t k = 0; k < s->p->nseg; k++)
        if (cfp_activity_period(&s->p->seg[k]) > 0)
            return k;
    return s->p->nseg;
}

/* Ejection per contraction and periodic steady state, from the calf volume
 * cycle by cycle during the first exercise segment. */
static int cycles(calfpump_sim *s, const char *name, double *v)
{
    size_t k = first_exercise(s), n;
    double T, t0, t1, sum = 0;
    int st, used = 0;
    if (k >= s->p->nseg)
        return cfp_fail(s->errmsg, CALFPUMP_E_STATE, "%s needs a rhythmic exercise segment", name);
    T = cfp_activity_period(&s->p->seg[k]);
    t0 = s->seg_t0[k];
    t1 = s->seg_t0[k + 1];
    if (s->p->seg[k].activity == CFP_ACT_TIPTOE)
        t1 = fmin(t1, t0 + s->p->seg[k].p.count * T);
    if ((st = need(s, t1, name)))
        return st;
    n = (size_t)floor((t1 - t0) / T + 1e-9);
    if (n < 2 || T < 4 * s->out_dt)
        return cfp_fail(s->errmsg, CALFPUMP_E_STATE,
                        "%s: %zu cycles of %g s at an output interval of %g s are too few to "
                        "measure", name, n, T, s->out_dt);
    if (strcmp(name, "ejection.calf") == 0) {
        /* Mean over the last (up to) ten cycles of max - min calf volume. */
        for (size_t c = n > 10 ? n - 10 : 0; c < n; c++) {
            double a = t0 + c * T, b = a + T, mx = -INFINITY, mn = INFINITY;
            for (size_t r = row_of(s, a); r <= row_of(s, b); r++) {
                double vol = val(s, r, CALF_VOLUME);
                mx = fmax(mx, vol);
                mn = fmin(mn, vol);
            }
            sum += mx - mn;
            used++;
        }
        *v = sum / used;
        return CALFPUMP_OK;
    }
    /* steady.*: first cycle whose starting calf volume is within
     * steady_tolerance of the previous cycle's. */
    for (size_t c = 1; c < n; c++) {
        double a = val(s, row_of(s, t0 + (c - 1) * T), CALF_VOLUME);
        double b = val(s, row_of(s, t0 + c * T), CALF_VOLUME);
        if (fabs(b - a) <= s->m->g.steady_tolerance * fabs(b)) {
            *v = strcmp(name, "steady.cycles") == 0 ? (double)c : c * T;
            return CALFPUMP_OK;
        }
    }
    return cfp_fail(s->errmsg, CALFPUMP_E_STATE,
                    "%s: no periodic steady state within %zu cycles (tolerance %g)", name, n,
                    s->m->g.steady_tolerance);
}

int cfp_metric_eval(calfpump_sim *s, const char *name, double *v)
{
    size_t last = s->tr.rows ? s->tr.rows - 1 : 0;
    if (strncmp(name, "solver.", 7) == 0) {
        static const char *const stats[] = {"steps", "rejected", "rhs_evals", "jac_evals",
                                            "lu_decomps"};
        if (cfp_lookup(name + 7, stats, 5) < 0)
            goto unknown;
        if (!s->solver) {
            *v = 0;
            return CALFPUMP_OK;
        }
        return calfpump_solver_stat(s->solver, name + 7, v);
    }
    if (s->tr.rows < 2)
        return cfp_fail(s->errmsg, CALFPUMP_E_STATE, "metric '%s': nothing recorded yet", name);
    if (strncmp(name, "avp.", 4) == 0) {
        const char *f = name + 4;
        if (strcmp(f, "rest") && strcmp(f, "exercise") && strcmp(f, "fall") && strcmp(f, "rt90"))
            goto unknown;
        return avp(s, f, v);
    }
    if (strncmp(name, "apg.", 4) == 0) {
        static const char *const f[] = {"vv", "vfi", "ev", "ef", "rv", "rvf"};
        if (cfp_lookup(name + 4, f, 6) < 0)
            goto unknown;
        return apg(s, name + 4, v);
    }
    if (strcmp(name, "return.total") == 0 || strcmp(name, "return.mean") == 0) {
        double tot = CFP_TR(&s->tr, last, s->c.out), t = CFP_TR(&s->tr, last, s->c.t);
        *v = name[7] == 't' ? tot : tot / t;
        return CALFPUMP_OK;
    }
    if (strcmp(name, "conservation.error") == 0) {
        double v0 = CFP_TR(&s->tr, 0, s->c.vtot), worst = 0;
        for (size_t r = 0; r < s->tr.rows; r++) {
            double d = CFP_TR(&s->tr, r, s->c.vtot) - v0 -
                       (CFP_TR(&s->tr, r, s->c.in) - CFP_TR(&s->tr, r, s->c.out));
            worst = fmax(worst, fabs(d));
        }
        *v = worst / v0;
        return CALFPUMP_OK;
    }
    if (strcmp(name, "perfusion.calf") == 0) {
        /* Mean capillary inflow into the calf muscle (deep and
         * intramuscular calf compartments) over the run. */
        double sum = 0;
        for (size_t r = 0; r < s->tr.rows; r++)
            for (size_t i = 0; i < s->ph.nc; i++)
                if (s->m->comp[i].region == CFP_REG_CALF &&
                    s->m->comp[i].layer != CFP_LAYER_SUPERFICIAL)
                    sum += CFP_TR(&s->tr, r, s->c.Qin + i);
        *v = sum / (double)s->tr.rows;
        return CALFPUMP_OK;
    }
    if (strcmp(name, "ejection.calf") == 0 || strncmp(name, "steady.", 7) == 0) {
        if (strcmp(name, "ejection.calf") && strcmp(name, "steady.cycles") && strcmp(name, "steady.time"))
            goto unknown;
        return cycles(s, name, v);
    }
    if (strncmp(name, "stasis.", 7) == 0) {
        const char *a = name + 7, *dot = strrchr(a, '.');
        char elem[CFP_NAME_MAX];
        int i;
        if (!dot || (size_t)(dot - a) >= sizeof elem)
            goto unknown;
        memcpy(elem, a, (size_t)(dot - a));
        elem[dot - a] = '\0';
        i = cfp_model_find_comp(s->m, elem);
        if (i < 0 || cfp_lookup(dot + 1, stasis_fields, NSF) < 0)
            goto unknown;
        return stasis(s, (size_t)i, dot + 1, v);
    }
    if (strncmp(name, "reflux.", 7) == 0) {
        const char *a = name + 7, *dot = strrchr(a, '.');
        char elem[CFP_NAME_MAX];
        int e;
        if (!dot || (size_t)(dot - a) >= sizeof elem)
            goto unknown;
        memcpy(elem, a, (size_t)(dot - a));
        elem[dot - a] = '\0';
        e = cfp_model_find_conn(s->m, elem);
        if (e < 0 || !s->m->conn[e].has_valve || cfp_lookup(dot + 1, reflux_fields, NRF) < 0)
            goto unknown;
        return reflux(s, (size_t)e, dot + 1, v);
    }
unknown:
    return cfp_fail(s->errmsg, CALFPUMP_E_NOTFOUND, "unknown metric '%s'", name);
}

int calfpump_sim_metric(calfpump_sim *s, const char *name, double *value)
{
    if (!s)
        return CALFPUMP_E_NULL;
    if (!name || !value)
        return cfp_fail(s->errmsg, CALFPUMP_E_NULL, "metric: name and value pointer are required");
    *value = cfp_nan();
    return cfp_metric_eval(s, name, value);
}
