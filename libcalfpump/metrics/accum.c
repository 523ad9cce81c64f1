/* Streaming metrics: the accumulators of the whole-run families (reflux,
 * stasis, conservation, perfusion, venous return) and the window store of
 * the segment-based ones, fed row by row. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "metrics/accum.h"
#include "metrics/metrics.h"

int cfp_acc_init(cfp_acc *a, const calfpump_model *m, const cfp_cols *c)
{
    memset(a, 0, sizeof *a);
    a->m = m;
    a->c = c;
    a->site = cfp_avp_site(m);
    a->q_p = calloc(m->nconn + 1, sizeof *a->q_p);
    a->rf = calloc(m->nconn + 1, sizeof *a->rf);
    a->sa = calloc(m->ncomp + 1, sizeof *a->sa);
    a->qout = calloc(m->ncomp + 1, sizeof *a->qout);
    if (!a->q_p || !a->rf || !a->sa || !a->qout) {
        cfp_acc_free(a);
        return -1;
    }
    return 0;
}

static void free_windows(cfp_acc *a)
{
    for (size_t k = 0; k < a->nwin; k++)
        free(a->win[k].val);
    a->nwin = 0;
}

void cfp_acc_free(cfp_acc *a)
{
    free_windows(a);
    for (size_t i = 0; a->sa && i < a->m->ncomp; i++)
        free(a->sa[i].ring);
    free(a->q_p);
    free(a->rf);
    free(a->sa);
    free(a->qout);
    a->qout = NULL;
    a->q_p = NULL;
    a->rf = NULL;
    a->sa = NULL;
}

int cfp_acc_start(cfp_acc *a, double dt, const cfp_window *win, size_t nwin)
{
    size_t nring = (size_t)ceil(CFP_STASIS_SPAN / dt - 1e-9) + 1;
    free_windows(a);
    a->rows = 0;
    a->t0 = a->v0 = a->worst = a->perf = a->t_last = a->out_last = a->t_p = 0;
    memset(a->rf, 0, a->m->nconn * sizeof *a->rf);
    for (size_t i = 0; i < a->m->ncomp; i++) {
        cfp_stasis_acc *s = &a->sa[i];
        double *ring = nring == a->nring ? s->ring : realloc(s->ring, nring * sizeof *ring);
        if (!ring)
            return -1;
        memset(s, 0, sizeof *s);
        s->ring = ring;
    }
    a->nring = nring;
    a->dt = dt;
    for (size_t k = 0; k < nwin && k < CFP_WIN_MAX; k++) {
        a->win[k] = win[k];
        a->win[k].val = malloc((win[k].r1 - win[k].r0 + 1) * CFP_WIN_NSER * sizeof(double));
        a->nwin = k + 1;
        if (!a->win[k].val)
            return -1;
    }
    return 0;
}

/* Time at which q crosses -thr between (tp, qp) and (t, q), interpolated. */
static double crossing(double tp, double qp, double t, double q, double thr)
{
    return tp + (t - tp) * (-thr - qp) / (q - qp);
}

/* Reflux of valved connection e: reverse volume, episodes beyond the
 * reflux velocity, the longest one so far and the peak reverse flow. */
static void feed_reflux(cfp_acc *a, size_t e, double t, double q)
{
    cfp_reflux_acc *r = &a->rf[e];
    double thr = a->m->g.reflux_velocity * a->m->conn[e].area; /* mL/s */
    double qp = a->q_p[e], tp = a->t_p;
    if (a->rows > 0)
        r->vol += 0.5 * (fmax(-q, 0) + fmax(-qp, 0)) * (t - tp);
    r->peak = fmax(r->peak, -q);
    if (!r->in_ep && q < -thr) {
        r->in_ep = 1;
        r->episodes++;
        r->start = a->rows > 0 ? crossing(tp, qp, t, q, thr) : t;
    } else if (r->in_ep && q >= -thr) {
        r->longest = fmax(r->longest, crossing(tp, qp, t, q, thr) - r->start);
        r->in_ep = 0;
    }
}

/* Flow leaving each compartment (through every connection, in whichever
 * direction the flow goes), mL/s, into a->qout: one pass over the
 * connections, each compartment's terms added in connection order. */
static void outflows(cfp_acc *a, const double *row)
{
    memset(a->qout, 0, a->m->ncomp * sizeof *a->qout);
    for (size_t e = 0; e < a->m->nconn; e++) {
        double qe = row[a->c->Q + e];
        int from = a->m->conn[e].from, to = a->m->conn[e].to;
        if (from >= 0)
            a->qout[from] += fmax(qe, 0.0);
        if (to >= 0 && to != from)
            a->qout[to] += fmax(-qe, 0.0);
    }
}

/* Stasis of compartment i: time integrals of velocity, volume and
 * outflow, and the time the velocity's mean over the last
 * CFP_STASIS_SPAN seconds is below the model's stasis_velocity. */
static void feed_stasis(cfp_acc *a, const double *row, size_t i)
{
    cfp_stasis_acc *s = &a->sa[i];
    double q = a->qout[i], V = row[a->c->V + i], t = row[a->c->t];
    double vel = q * a->m->comp[i].length / V;
    size_t r = a->rows, back = r < a->nring - 1 ? r : a->nring - 1;
    if (r > 0) {
        double dt = t - a->t_p;
        s->vel += 0.5 * (vel + s->v_p) * dt;
        s->vol += 0.5 * (V + s->V_p) * dt;
        s->out += 0.5 * (q + s->q_p) * dt;
    }
    s->ring[r % a->nring] = s->vel;
    if (r > 0 && (s->vel - s->ring[(r - back) % a->nring]) / ((double)back * a->dt) <
                     a->m->g.stasis_velocity)
        s->low += t - a->t_p;
    s->v_p = vel;
    s->V_p = V;
    s->q_p = q;
}

/* The rows the segment-based metrics read back. */
static void feed_windows(cfp_acc *a, const double *row)
{
    for (size_t k = 0; k < a->nwin; k++) {
        cfp_window *w = &a->win[k];
        double *x, calf = 0;
        if (a->rows < w->r0 || a->rows > w->r1)
            continue;
        x = w->val + (a->rows - w->r0) * CFP_WIN_NSER;
        for (size_t i = 0; i < a->m->ncomp; i++) /* as cfp_series() sums it */
            if (a->m->comp[i].region == CFP_REG_CALF)
                calf += row[a->c->V + i];
        x[CFP_WIN_T] = row[a->c->t];
        x[CFP_WIN_SITE] = a->site >= 0 ? row[a->c->P + (size_t)a->site] : cfp_nan();
        x[CFP_WIN_CALF] = calf;
    }
}

void cfp_acc_feed(cfp_acc *a, const double *row)
{
    const cfp_cols *c = a->c;
    const calfpump_model *m = a->m;
    double t = row[c->t], d;
    if (a->rows == 0) {
        a->v0 = row[c->vtot];
        a->t0 = t;
    }
    d = row[c->vtot] - a->v0 - (row[c->in] - row[c->out]);
    a->worst = fmax(a->worst, fabs(d));
    for (size_t i = 0; i < m->ncomp; i++)
        if (m->comp[i].region == CFP_REG_CALF && m->comp[i].layer != CFP_LAYER_SUPERFICIAL)
            a->perf += row[c->Qin + i];
    for (size_t e = 0; e < m->nconn; e++)
        if (m->conn[e].has_valve)
            feed_reflux(a, e, t, row[c->Q + e]);
    outflows(a, row);
    for (size_t i = 0; i < m->ncomp; i++)
        feed_stasis(a, row, i);
    feed_windows(a, row);
    for (size_t e = 0; e < m->nconn; e++)
        a->q_p[e] = row[c->Q + e];
    a->t_p = a->t_last = t;
    a->out_last = row[c->out];
    a->rows++;
}

double cfp_acc_window(const cfp_acc *a, size_t r, int k)
{
    for (size_t w = 0; w < a->nwin; w++)
        if (r >= a->win[w].r0 && r <= a->win[w].r1 && r < a->rows)
            return a->win[w].val[(r - a->win[w].r0) * CFP_WIN_NSER + (size_t)k];
    return cfp_nan();
}
