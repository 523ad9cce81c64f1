/* Adaptive Dormand-Prince 5(4) with FSAL, step-size control and Hairer's
 * fourth-order dense output.  Coefficients: Dormand & Prince, J. Comput.
 * Appl. Math. 6 (1980) 19-26; dense output: Hairer, Norsett & Wanner,
 * Solving ODEs I, section II.6. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "base/internal.h"
#include "ode/solver.h"

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

typedef struct dp_state {
    size_t n;
    calfpump_integrator_options o;
    double h;           /* next step to try */
    double t_old, h_old;/* last accepted step, for dense output */
    int last_rejected;
    int nonfinite;      /* the last rejection was a non-finite evaluation */
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
    int rc = calfpump_odectx_rhs(c, t, y, s->k1);
    if (rc == 1)
        return CALFPUMP_E_NONFINITE;
    if (rc)
        return rc;
    s->last_rejected = 0;
    if (s->o.h_init > 0) {
        s->h = s->o.h_init;
    } else {
        /* Starting step (Hairer, Norsett & Wanner I, II.4): one explicit
         * Euler probe to estimate the second derivative. */
        double d0 = 0, d1n = 0, d2 = 0, h0, h1;
        for (size_t i = 0; i < n; i++) {
            double sc = s->o.atol + s->o.rtol * fabs(y[i]);
            d0 += (y[i] / sc) * (y[i] / sc);
            d1n += (s->k1[i] / sc) * (s->k1[i] / sc);
        }
        d0 = sqrt(d0 / n);
        d1n = sqrt(d1n / n);
        h0 = (d0 < 1e-5 || d1n < 1e-5) ? 1e-6 : 0.01 * d0 / d1n;
        for (size_t i = 0; i < n; i++)
            s->yt[i] = y[i] + h0 * s->k1[i];
        rc = calfpump_odectx_rhs(c, t + h0, s->yt, s->k2);
        if (rc < 0 || rc > 1)
            return rc;
        if (rc == 0) {
            for (size_t i = 0; i < n; i++) {
                double sc = s->o.atol + s->o.rtol * fabs(y[i]);
                double r = (s->k2[i] - s->k1[i]) / sc;
                d2 += r * r;
            }
            d2 = sqrt(d2 / n) / h0;
        }
        if (fmax(d1n, d2) <= 1e-15)
            h1 = fmax(1e-6, h0 * 1e-3);
        else
            h1 = pow(0.01 / fmax(d1n, d2), 0.2);
        s->h = fmin(100 * h0, h1);
    }
    if (s->o.h_max > 0 && s->h > s->o.h_max)
        s->h = s->o.h_max;
    return CALFPUMP_OK;
}

static int dp_step(void *vs, calfpump_odectx *c, double *tp, double *y, double t_limit)
{
    dp_state *s = vs;
    size_t n = s->n;
    double t = *tp;
    for (;;) {
        double h = s->h, err;
        int last = 0, rc;
        if (s->o.h_max > 0 && h > s->o.h_max)
            h = s->o.h_max;
        if (t + h >= t_limit || t_limit - (t + h) < 1e-10 * fmax(1.0, fabs(t_limit))) {
            h = t_limit - t;
            last = 1;
        }
        /* Below h_min, or so small that t + h == t in effect: give up.  A
         * run of non-finite evaluations is reported as such. */
        if (h <= 0 || (!last && (h < s->o.h_min || h < 64 * DBL_EPSILON * fmax(1.0, fabs(t)))))
            return s->nonfinite ? CALFPUMP_E_NONFINITE : CALFPUMP_E_STEPSIZE;

#define STAGE(dst, expr)                          \
        for (size_t i = 0; i < n; i++)            \
            s->yt[i] = y[i] + h * (expr);         \
        rc = calfpump_odectx_rhs(c, t + c_, s->yt, dst); \
        if (rc) goto failed;
        {
            double c_;
            c_ = c2 * h; STAGE(s->k2, a21 * s->k1[i])
            c_ = c3 * h; STAGE(s->k3, a31 * s->k1[i] + a32 * s->k2[i])
            c_ = c4 * h; STAGE(s->k4, a41 * s->k1[i] + a42 * s->k2[i] + a43 * s->k3[i])
            c_ = c5 * h; STAGE(s->k5, a51 * s->k1[i] + a52 * s->k2[i] + a53 * s->k3[i] + a54 * s->k4[i])
            c_ = h;      STAGE(s->k6, a61 * s->k1[i] + a62 * s->k2[i] + a63 * s->k3[i] + a64 * s->k4[i] + a65 * s->k5[i])
        }
#undef STAGE
        for (size_t i = 0; i < n; i++)
            s->yn[i] = y[i] + h * (a71 * s->k1[i] + a73 * s->k3[i] + a74 * s->k4[i] +
                                   a75 * s->k5[i] + a76 * s->k6[i]);
        rc = calfpump_odectx_rhs(c, t + h, s->yn, s->k7);
        if (rc)
            goto failed;
        for (size_t i = 0; i < n; i++)
            s->ye[i] = h * (e1 * s->k1[i] + e3 * s->k3[i] + e4 * s->k4[i] + e5 * s->k5[i] +
                            e6 * s->k6[i] + e7 * s->k7[i]);
        err = cfp_err_norm(n, s->ye, y, s->yn, s->o.rtol, s->o.atol);
        if (!isfinite(err)) {
            rc = 1;
            goto failed;
        }
        if (err <= 1.0) {
            double fac = err > 0 ? 0.9 * pow(err, -0.2) : 5.0;
            if (fac > 5.0)
                fac = 5.0;
            if (s->last_rejected && fac > 1.0)
                fac = 1.0;
            if (fac < 0.2)
                fac = 0.2;
            /* Dense output coefficients for this step. */
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
            s->t_old = t;
            s->h_old = h;
            *tp = last ? t_limit : t + h;
            if (!last || h * fac > s->h)
                s->h = h * fac;
            s->last_rejected = 0;
            s->nonfinite = 0;
            return CALFPUMP_OK;
        }
        {
            double fac = 0.9 * pow(err, -0.2);
            s->h = h * (fac < 0.2 ? 0.2 : fac);
            s->last_rejected = 1;
            s->nonfinite = 0;
            calfpump_odectx_add_rejected(c, 1);
            continue;
        }
    failed:
        if (rc != 1)
            return rc; /* fatal callback error */
        s->h = 0.25 * h;
        s->last_rejected = 1;
        s->nonfinite = 1;
        calfpump_odectx_add_rejected(c, 1);
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

const calfpump_integrator_ops cfp_dopri5_ops = {
    sizeof(calfpump_integrator_ops), CALFPUMP_INTEGRATOR_ABI, "dopri5",
    CALFPUMP_CAP_ADAPTIVE | CALFPUMP_CAP_DENSE, 5,
    dp_create, dp_destroy, dp_restart, dp_step, dp_interpolate, NULL};
