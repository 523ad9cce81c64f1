/* Adaptive Dormand-Prince 5(4) with FSAL, step-size control and Hairer's
 * fourth-order dense output.  Coefficients: Dormand & Prince, J. Comput.
 * Appl. Math. 6 (1980) 19-26; dense output: Hairer, Norsett & Wanner,
 * Solving ODEs I, section II.6.  Starting step and step-size control:
 * stepctl.c (Hairer, Norsett & Wanner I, section II.4). */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "base/internal.h"
#include "ode/solver.h"
#include "ode/stepctl.h"

static const double
    c2 = 1.0 / 5, c3 = 3.0 / 10, c4 = 4.0 / 5, c5 = 8.0 / 9,
    a21 = 1.0 / 5,
    a31 = 3.0 / 40, a32 = 9.0 / 40,
    a41 = 44.0 / 45, a42 = -56.0 / 15, a43 = 32.0 / 9,
    a51 = 19372.0 / 6561, a52 = -25360.0 / 2187, a53 = 64448.0 / 6561, a54 = -212.0 / 729,
    a61 = 9017.0 / 3168, a62 = -355.0 / 33, a63 = 46732.0 / 5247, a64 = 49.0 / 176,
    a65 = -5103.0 / 18656,
    a71 = 35.0 / 384, a73 = 500.0 / 1113, a74 = 125.0 / 192, a75 = -2187.0 / 6784,
    a76 = 11.0 / 84,
    e1 = 71.0 / 57600, e3 = -71.0 / 16695, e4 = 71.0 / 1920, e5 = -17253.0 / 339200,
    e6 = 22.0 / 525, e7 = -1.0 / 40,
    d1 = -12715105075.0 / 11282082432.0, d3 = 87487479700.0 / 32700410799.0,
    d4 = -10690763975.0 / 1880347072.0, d5 = 701980252875.0 / 199316789632.0,
    d6 = -1453857185.0 / 822651844.0, d7 = 69997945.0 / 29380423.0;

/* Step-size control: the PI controller with exponent 1/5 (the error
 * estimate is of order 4), beta = DP_BETA, safety factor 0.9, h_new / h in
 * [1/5, 5]. */
#ifndef DP_BETA
#define DP_BETA 0.04
#endif
static const cfp_ctlpar dp_ctl = {0.9, 0.2, 0.2, 5.0, DP_BETA};

typedef struct dp_state {
    size_t n;
    calfpump_integrator_options o;
    cfp_stepctl ctl;    /* next step, last attempt rejected / not finite */
    double err_old;     /* error norm of the last accepted step (PI control) */
    double hlamb;       /* h |lambda| estimated over the last accepted step */
    double t_old, h_old;/* last accepted step, for dense output */
    double *k1, *k2, *k3, *k4, *k5, *k6, *k7, *yt, *yn, *ye, *rc;
} dp_state;

static void dp_destroy(void *vs)
{
    dp_state *s = vs;
    if (!s)
        return;
    free(s->k1);
    free(s);
}

static int dp_create(void **out, size_t n, const calfpump_integrator_options *o, void *data)
{
    dp_state *s = calloc(1, sizeof *s);
    double *w;
    if (!s)
        return CALFPUMP_E_NOMEM;
    w = malloc(15 * n * sizeof(double));
    if (!w) {
        free(s);
        return CALFPUMP_E_NOMEM;
    }
    s->n = n;
    s->o = *o;
    s->k1 = w; s->k2 = w + n; s->k3 = w + 2 * n; s->k4 = w + 3 * n; s->k5 = w + 4 * n;
    s->k6 = w + 5 * n; s->k7 = w + 6 * n; s->yt = w + 7 * n; s->yn = w + 8 * n;
    s->ye = w + 9 * n; s->rc = w + 10 * n; /* 5n for dense output */
    *out = s;
    return CALFPUMP_OK;
}

static int dp_restart(void *vs, calfpump_odectx *c, double t, const double *y)
{
    dp_state *s = vs;
    size_t n = s->n;
    int rc = cfp_stepctl_f0(c, t, y, s->k1);
    if (rc)
        return rc;
    s->ctl.rejected = 0;
    s->hlamb = 0;
    cfp_pictl_reset(&s->err_old);
    return cfp_stepctl_initial(&s->ctl.h, c, &s->o, n, t, y, s->k1, s->yt, s->k2);
}

/* The step to try from t into *h, cut or stretched to end exactly at
 * t_limit when it would end at or just before it (then *last = 1).
 * Returns non-zero when the step is too small to try: below h_min, or so
 * small that t + h == t in effect. */
static int dp_size(const dp_state *s, double t, double t_limit, double *h, int *last)
{
    *h = s->ctl.h;
    *last = 0;
    if (s->o.h_max > 0 && *h > s->o.h_max)
        *h = s->o.h_max;
    if (t + *h >= t_limit || t_limit - (t + *h) < 1e-10 * fmax(1.0, fabs(t_limit))) {
        *h = t_limit - t;
        *last = 1;
    }
    return *h <= 0 ||
           (!*last && (*h < s->o.h_min || *h < 64 * DBL_EPSILON * fmax(1.0, fabs(t))));
}

/* Stages 2 to 7 of a step of size h from (t, y), k1 = f(t, y): the
 * fifth-order solution into yn, k7 = f(t + h, yn).  Returns the status of
 * the first evaluation that failed, else 0. */
static int dp_stages(dp_state *s, calfpump_odectx *c, double t, const double *y, double h)
{
    size_t n = s->n;
    double c_;
    int rc;
#define STAGE(dst, expr)                          \
        for (size_t i = 0; i < n; i++)            \
            s->yt[i] = y[i] + h * (expr);         \
        rc = calfpump_odectx_rhs(c, t + c_, s->yt, dst); \
        if (rc) return rc;
    c_ = c2 * h; STAGE(s->k2, a21 * s->k1[i])
    c_ = c3 * h; STAGE(s->k3, a31 * s->k1[i] + a32 * s->k2[i])
    c_ = c4 * h; STAGE(s->k4, a41 * s->k1[i] + a42 * s->k2[i] + a43 * s->k3[i])
    c_ = c5 * h; STAGE(s->k5, a51 * s->k1[i] + a52 * s->k2[i] + a53 * s->k3[i] + a54 * s->k4[i])
    c_ = h;      STAGE(s->k6, a61 * s->k1[i] + a62 * s->k2[i] + a63 * s->k3[i] + a64 * s->k4[i] + a65 * s->k5[i])
#undef STAGE
    for (size_t i = 0; i < n; i++)
        s->yn[i] = y[i] + h * (a71 * s->k1[i] + a73 * s->k3[i] + a74 * s->k4[i] +
                               a75 * s->k5[i] + a76 * s->k6[i]);
    return calfpump_odectx_rhs(c, t + h, s->yn, s->k7);
}

/* Norm of the difference of the embedded solutions into *err; 1 if it is
 * not finite. */
static int dp_error(dp_state *s, const double *y, double h, double *err)
{
    size_t n = s->n;
    for (size_t i = 0; i < n; i++)
        s->ye[i] = h * (e1 * s->k1[i] + e3 * s->k3[i] + e4 * s->k4[i] + e5 * s->k5[i] +
                        e6 * s->k6[i] + e7 * s->k7[i]);
    *err = cfp_err_norm(n, s->ye, y, s->yn, s->o.rtol, s->o.atol);
    return isfinite(*err) ? 0 : 1;
}

/* Hairer's stiffness estimate (DOPRI5; Hairer & Wanner II, section IV.2): the last two
 * stages are both evaluated near t + h, at yt (stage 6, left there by
 * dp_stages) and yn, so |k7 - k6| / |yn - yt| estimates the largest
 * |lambda| of df/dy in the direction the step moved; h times it is
 * compared with the stability boundary (about 3.3) by "auto". */
static void dp_stiffness(dp_state *s, double h)
{
    double num = 0, den = 0;
    for (size_t i = 0; i < s->n; i++) {
        double a = s->k7[i] - s->k6[i], b = s->yn[i] - s->yt[i];
        num += a * a;
        den += b * b;
    }
    s->hlamb = den > 0 ? h * sqrt(num / den) : 0.0;
}

/* Take the step of size h from (*tp, y) to yn: dense output coefficients
 * of the step, first same as last, next step size. */
static void dp_accept(dp_state *s, double *tp, double *y, double h, double err, int last,
                      double t_limit)
{
    size_t n = s->n;
    double h_new = cfp_stepctl_pi_accept(&s->err_old, &dp_ctl, h, err, s->ctl.rejected);
    dp_stiffness(s, h);
    for (size_t i = 0; i < n; i++) {
        double dy = s->yn[i] - y[i], bs = h * s->k1[i] - dy;
        s->rc[i] = y[i];
        s->rc[n + i] = dy;
        s->rc[2 * n + i] = bs;
        s->rc[3 * n + i] = dy - h * s->k7[i] - bs;
        s->rc[4 * n + i] = h * (d1 * s->k1[i] + d3 * s->k3[i] + d4 * s->k4[i] +
                                d5 * s->k5[i] + d6 * s->k6[i] + d7 * s->k7[i]);
    }
    memcpy(y, s->yn, n * sizeof *y);
    memcpy(s->k1, s->k7, n * sizeof *y); /* first same as last */
    s->t_old = *tp;
    s->h_old = h;
    *tp = last ? t_limit : *tp + h;
    cfp_stepctl_accepted(&s->ctl, h_new, last);
}

static int dp_step(void *vs, calfpump_odectx *c, double *tp, double *y, double t_limit)
{
    dp_state *s = vs;
    for (;;) {
        double h, err = 0;
        int last, rc;
        if (dp_size(s, *tp, t_limit, &h, &last))
            return cfp_stepctl_giveup(&s->ctl);
        rc = dp_stages(s, c, *tp, y, h);
        if (!rc)
            rc = dp_error(s, y, h, &err);
        if (rc) {
            if ((rc = cfp_stepctl_failed(&s->ctl, c, h, rc)))
                return rc; /* fatal callback error */
            continue;
        }
        if (err <= 1.0) {
            dp_accept(s, tp, y, h, err, last, t_limit);
            return CALFPUMP_OK;
        }
        cfp_stepctl_retry(&s->ctl, c, cfp_stepctl_pi_reject(&dp_ctl, h, err));
    }
}

static int dp_interpolate(const void *vs, double t, double *out)
{
    const dp_state *s = vs;
    size_t n = s->n;
    double th = s->h_old > 0 ? (t - s->t_old) / s->h_old : 1.0, th1 = 1.0 - th;
    for (size_t i = 0; i < n; i++)
        out[i] = s->rc[i] + th * (s->rc[n + i] +
                 th1 * (s->rc[2 * n + i] + th * (s->rc[3 * n + i] + th1 * s->rc[4 * n + i])));
    return CALFPUMP_OK;
}

double cfp_dopri5_hlambda(const void *vs) { return ((const dp_state *)vs)->hlamb; }

double cfp_dopri5_next_h(const void *vs) { return ((const dp_state *)vs)->ctl.h; }

void cfp_dopri5_set_h(void *vs, double h) { ((dp_state *)vs)->ctl.h = h; }

const calfpump_integrator_ops cfp_dopri5_ops = {
    sizeof(calfpump_integrator_ops), CALFPUMP_INTEGRATOR_ABI, "dopri5",
    CALFPUMP_CAP_ADAPTIVE | CALFPUMP_CAP_DENSE, 5,
    dp_create, dp_destroy, dp_restart, dp_step, dp_interpolate, NULL};
