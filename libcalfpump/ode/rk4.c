/* Classical fixed-step Runge-Kutta of order 4. */
#include <math.h>
#include <stdlib.h>
#include "base/internal.h"
#include "ode/solver.h"

typedef struct rk4_state {
    size_t n;
    double h;
    double *k1, *k2, *k3, *k4, *tmp;
} rk4_state;

static void rk4_destroy(void *vs)
{
    rk4_state *s = vs;
    if (!s)
        return;
    free(s->k1);
    free(s);
}

static int rk4_create(void **out, size_t n, const calfpump_integrator_options *o, void *data)
{
    rk4_state *s = calloc(1, sizeof *s);
    if (!s)
        return CALFPUMP_E_NOMEM;
    s->n = n;
    s->h = o->h;
    s->k1 = malloc(5 * n * sizeof(double));
    if (!s->k1) {
        free(s);
        return CALFPUMP_E_NOMEM;
    }
    s->k2 = s->k1 + n;
    s->k3 = s->k2 + n;
    s->k4 = s->k3 + n;
    s->tmp = s->k4 + n;
    *out = s;
    return CALFPUMP_OK;
}

static int rk4_restart(void *vs, calfpump_odectx *c, double t, const double *y)
{
    (void)vs; (void)c; (void)t; (void)y;
    return CALFPUMP_OK;
}

/* tmp = y + a k, then f(t + dt, tmp) into f. */
static int rk4_stage(rk4_state *s, calfpump_odectx *c, double t, const double *y, double a,
                     const double *k, double dt, double *f)
{
    for (size_t i = 0; i < s->n; i++)
        s->tmp[i] = y[i] + a * k[i];
    return calfpump_odectx_rhs(c, t + dt, s->tmp, f);
}

/* One RK4 step of size h from (t, y) into s->tmp; returns cfp_eval status. */
static int rk4_try(rk4_state *s, calfpump_odectx *c, double t, const double *y, double h)
{
    size_t n = s->n;
    int rc;
    if ((rc = calfpump_odectx_rhs(c, t, y, s->k1)) ||
        (rc = rk4_stage(s, c, t, y, 0.5 * h, s->k1, 0.5 * h, s->k2)) ||
        (rc = rk4_stage(s, c, t, y, 0.5 * h, s->k2, 0.5 * h, s->k3)) ||
        (rc = rk4_stage(s, c, t, y, h, s->k3, h, s->k4)))
        return rc;
    for (size_t i = 0; i < n; i++) {
        s->tmp[i] = y[i] + h / 6.0 * (s->k1[i] + 2 * s->k2[i] + 2 * s->k3[i] + s->k4[i]);
        if (!isfinite(s->tmp[i]))
            return 1;
    }
    return 0;
}

static int rk4_step(void *vs, calfpump_odectx *c, double *t, double *y, double t_limit)
{
    rk4_state *s = vs;
    double h = s->h;
    int rc;
    if (*t + h > t_limit || t_limit - (*t + h) < 1e-9 * h)
        h = t_limit - *t;
    /* A recoverable failure halves the step a few times before giving up. */
    for (int tries = 0; tries < 20; tries++) {
        rc = rk4_try(s, c, *t, y, h);
        if (rc == 0) {
            for (size_t i = 0; i < s->n; i++)
                y[i] = s->tmp[i];
            *t = (h == t_limit - *t) ? t_limit : *t + h;
            return CALFPUMP_OK;
        }
        if (rc != 1)
            return rc;
        calfpump_odectx_add_rejected(c, 1);
        h *= 0.5;
    }
    return CALFPUMP_E_NONFINITE;
}

const calfpump_integrator_ops cfp_rk4_ops = {
    sizeof(calfpump_integrator_ops), CALFPUMP_INTEGRATOR_ABI, "rk4", 0u, 4,
    rk4_create, rk4_destroy, rk4_restart, rk4_step, NULL, NULL};
