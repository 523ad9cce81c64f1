/* Step-size selection shared by the adaptive integrators; see stepctl.h.
 *
 * Starting step and PI controller: E. Hairer, S. P. Norsett &
 * G. Wanner, Solving Ordinary Differential Equations I, 2nd ed., Springer
 * 1993, section II.4 (formula (4.13) and the starting-step algorithm).
 * Predictive controller: K. Gustafsson, as given in E. Hairer & G. Wanner,
 * Solving Ordinary Differential Equations II, 2nd ed., Springer 1996,
 * section IV.8, formula (8.21). */
#include <math.h>
#include "base/internal.h"
#include "ode/stepctl.h"

/* ---------------------------------------------------------------- */
/* Starting step. */

int cfp_stepctl_f0(calfpump_odectx *c, double t, const double *y, double *f)
{
    int rc = calfpump_odectx_rhs(c, t, y, f);
    return rc == 1 ? CALFPUMP_E_NONFINITE : rc;
}

/* RMS norms of y and f0 in units of atol + rtol |y|, into d[0], d[1]. */
static void start_norms(const calfpump_integrator_options *o, size_t n, const double *y,
                        const double *f0, double d[2])
{
    double d0 = 0, d1 = 0;
    for (size_t i = 0; i < n; i++) {
        double sc = o->atol + o->rtol * fabs(y[i]);
        d0 += (y[i] / sc) * (y[i] / sc);
        d1 += (f0[i] / sc) * (f0[i] / sc);
    }
    d[0] = sqrt(d0 / (double)n);
    d[1] = sqrt(d1 / (double)n);
}

/* Estimate of the second derivative from f1 = f(t + h0, y + h0 f0), in
 * the same norm. */
static double start_d2(const calfpump_integrator_options *o, size_t n, const double *y,
                       const double *f0, const double *f1, double h0)
{
    double d2 = 0;
    for (size_t i = 0; i < n; i++) {
        double sc = o->atol + o->rtol * fabs(y[i]);
        double r = (f1[i] - f0[i]) / sc;
        d2 += r * r;
    }
    return sqrt(d2 / (double)n) / h0;
}

/* The step h0 = 0.01 |y| / |f| is tried with one explicit Euler step; the
 * change of f over it estimates the second derivative, and h1 is the step
 * for which that local error would be 0.01 (exponent 1/5, used for both
 * methods).  A probe that fails recoverably counts as a zero second
 * derivative. */
int cfp_stepctl_initial(double *h, calfpump_odectx *c, const calfpump_integrator_options *o,
                        size_t n, double t, const double *y, const double *f0, double *yt,
                        double *f1)
{
    double d[2], d2 = 0, h0, h1;
    int rc;
    if (o->h_init > 0) {
        *h = o->h_init;
    } else {
        start_norms(o, n, y, f0, d);
        h0 = (d[0] < 1e-5 || d[1] < 1e-5) ? 1e-6 : 0.01 * d[0] / d[1];
        for (size_t i = 0; i < n; i++)
            yt[i] = y[i] + h0 * f0[i];
        rc = calfpump_odectx_rhs(c, t + h0, yt, f1);
        if (rc < 0)
            return rc;
        if (rc == 0)
            d2 = start_d2(o, n, y, f0, f1, h0);
        if (fmax(d[1], d2) <= 1e-15)
            h1 = fmax(1e-6, h0 * 1e-3);
        else
            h1 = pow(0.01 / fmax(d[1], d2), 0.2);
        *h = fmin(100 * h0, h1);
    }
    if (o->h_max > 0 && *h > o->h_max)
        *h = o->h_max;
    return 0;
}

/* ---------------------------------------------------------------- */
/* Controllers. */

void cfp_pictl_reset(double *err_old) { *err_old = 1e-4; }

/* HNW II, section IV.2 (the PI controller) and DOPRI5's implementation of
 * it: fac = err^(expo - 0.75 beta) / err_old^beta / safe, h_new = h / fac
 * with fac in [1 / fac_max, 1 / fac_min]. */
double cfp_stepctl_pi_accept(double *err_old, const cfp_ctlpar *p, double h, double err,
                             int rejected)
{
    double fac = pow(err, p->expo - 0.75 * p->beta) / pow(*err_old, p->beta) / p->safe;
    fac = fmin(1.0 / p->fac_min, fmax(1.0 / p->fac_max, fac));
    *err_old = fmax(err, 1e-4);
    if (rejected && fac < 1.0)
        fac = 1.0;
    return h / fac;
}

double cfp_stepctl_pi_reject(const cfp_ctlpar *p, double h, double err)
{
    return h / fmin(1.0 / p->fac_min, pow(err, p->expo - 0.75 * p->beta) / p->safe);
}

void cfp_predctl_reset(cfp_predctl *m)
{
    m->h_acc = 0;
    m->err_acc = 1e-2;
}

/* h_new = h / fac with fac = err^(1/(q+1)) / safe, or Gustafsson's
 * (h_acc / h) (err^2 / err_acc)^(1/(q+1)) / safe if that is larger (HNW
 * II, (8.21)); fac in [1 / fac_max, 1 / fac_min], h_new not above h right
 * after a rejection. */
double cfp_stepctl_pred_accept(cfp_predctl *m, const cfp_ctlpar *p, double h, double err,
                               int rejected)
{
    double fac = pow(err, p->expo) / p->safe, h_new;
    if (m->h_acc > 0) {
        double fg = (m->h_acc / h) * pow(err * err / m->err_acc, p->expo) / p->safe;
        if (fg > fac)
            fac = fg;
    }
    fac = fmin(1.0 / p->fac_min, fmax(1.0 / p->fac_max, fac));
    h_new = h / fac;
    if (rejected && h_new > h)
        h_new = h;
    m->h_acc = h;
    m->err_acc = fmax(1e-2, err);
    return h_new;
}

double cfp_stepctl_pred_reject(const cfp_ctlpar *p, double h, double err)
{
    return h / fmin(1.0 / p->fac_min, pow(err, p->expo) / p->safe);
}

/* ---------------------------------------------------------------- */
/* Bookkeeping. */

void cfp_stepctl_accepted(cfp_stepctl *s, double h_new, int last)
{
    if (!last || h_new > s->h)
        s->h = h_new;
    s->rejected = 0;
    s->nonfinite = 0;
}

void cfp_stepctl_retry(cfp_stepctl *s, calfpump_odectx *c, double h_new)
{
    s->h = h_new;
    s->rejected = 1;
    s->nonfinite = 0;
    calfpump_odectx_add_rejected(c, 1);
}

int cfp_stepctl_failed(cfp_stepctl *s, calfpump_odectx *c, double h, int rc)
{
    if (rc != 1)
        return rc < 0 ? rc : CALFPUMP_E_CALLBACK;
    s->h = 0.25 * h;
    s->rejected = 1;
    s->nonfinite = 1;
    calfpump_odectx_add_rejected(c, 1);
    return 0;
}

int cfp_stepctl_giveup(const cfp_stepctl *s)
{
    return s->nonfinite ? CALFPUMP_E_NONFINITE : CALFPUMP_E_STEPSIZE;
}
