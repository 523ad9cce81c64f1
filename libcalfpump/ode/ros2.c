/* ROS2: the two-stage, L-stable Rosenbrock method of order 2 of J. G.
 * Verwer, E. J. Spee, J. G. Blom & W. Hundsdorfer, A second-order
 * Rosenbrock method applied to photochemical dispersion problems, SIAM J.
 * Sci. Comput. 20 (1999) 1456-1480:
 *
 *   (I - gamma h J) k1 = f(t, y) + gamma h df/dt
 *   (I - gamma h J) k2 = f(t + h, y + h k1) - 2 k1 - gamma h df/dt
 *   y1 = y + 3/2 h k1 + 1/2 h k2,      gamma = 1 + 1/sqrt(2),
 *
 * with the first-order y + h k1 for the error estimate (h/2 (k1 + k2)) and
 * a dense output of order 2 from the stages (rs_interpolate).  Two
 * evaluations per step (f(t + h, y1) is the next step's f(t, y)) against
 * RODAS4's six: "auto" uses it where the step is held at h_max by the
 * simulation and not by accuracy, as in long still segments.  It is not
 * a built-in of its own.
 *
 * J comes from calfpump_odectx_jac() and is kept for up to RS_JAC_AGE
 * accepted steps (refreshed after any rejection); the matrix is refactored
 * when h or J changes.  Step-size control: the standard controller with
 * exponent 1/2 (stepctl.c, PI form with beta = 0). */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "base/internal.h"
#include "ode/jmat.h"
#include "ode/solver.h"
#include "ode/stepctl.h"

#define RS_GAMMA 1.7071067811865475 /* 1 + 1/sqrt(2) */
#define RS_JAC_AGE 100
#define RS_SINGULAR 2

static const cfp_ctlpar rs_ctl = {0.9, 0.5, 0.2, 4.0, 0.0};

typedef struct rs_state {
    size_t n;
    calfpump_integrator_options o;
    cfp_stepctl ctl;
    double err_old;
    double t_old, h_old;  /* last accepted step, for dense output */
    int have_jac, jac_here, jac_age, ft_zero;
    double lu_h;          /* h of the factorisation; 0: none */
    cfp_jmat jm;
    double *fy, *ft, *k1, *k2, *yt, *yn, *fn, *y0;
} rs_state;

static void rs_destroy(void *vs)
{
    rs_state *s = vs;
    if (!s)
        return;
    cfp_jmat_free(&s->jm);
    free(s->fy);
    free(s);
}

static int rs_create(void **out, size_t n, const calfpump_integrator_options *o, void *data)
{
    rs_state *s = calloc(1, sizeof *s);
    double *w;
    (void)data;
    if (!s)
        return CALFPUMP_E_NOMEM;
    if (!(w = malloc(8 * n * sizeof *w)) || cfp_jmat_init(&s->jm, n)) {
        free(w);
        free(s);
        return CALFPUMP_E_NOMEM;
    }
    s->n = n;
    s->o = *o;
    s->fy = w; s->ft = w + n; s->k1 = w + 2 * n; s->k2 = w + 3 * n; s->yt = w + 4 * n;
    s->yn = w + 5 * n; s->fn = w + 6 * n; s->y0 = w + 7 * n;
    *out = s;
    return CALFPUMP_OK;
}

static int rs_restart(void *vs, calfpump_odectx *c, double t, const double *y)
{
    rs_state *s = vs;
    size_t n = s->n;
    int rc = cfp_stepctl_f0(c, t, y, s->fy);
    if (rc)
        return rc;
    s->have_jac = s->jac_here = 0;
    s->lu_h = 0;
    s->ctl.rejected = s->ctl.nonfinite = 0;
    cfp_pictl_reset(&s->err_old);
    s->t_old = t;
    s->h_old = 0;
    memcpy(s->y0, y, n * sizeof *y);
    memcpy(s->yn, y, n * sizeof *y);
    memcpy(s->fn, s->fy, n * sizeof *y);
    return cfp_stepctl_initial(&s->ctl.h, c, &s->o, n, t, y, s->fy, s->yt, s->k1);
}

/* df/dt at (t, y) by a forward difference into ft (fy = f(t, y)); whether
 * it is exactly zero into ft_zero. */
static int rs_dfdt(rs_state *s, calfpump_odectx *c, double t, const double *y)
{
    double dt = sqrt(DBL_EPSILON * fmax(1e-5, fabs(t)));
    int rc;
    dt = (t + dt) - t;
    if ((rc = calfpump_odectx_rhs(c, t + dt, y, s->yt)))
        return rc;
    s->ft_zero = 1;
    for (size_t i = 0; i < s->n; i++) {
        s->ft[i] = (s->yt[i] - s->fy[i]) / dt;
        s->ft_zero = s->ft_zero && s->ft[i] == 0.0;
    }
    return 0;
}

/* J and df/dt at (t, y). */
static int rs_jacobian(rs_state *s, calfpump_odectx *c, double t, const double *y)
{
    int rc;
    if ((rc = cfp_jmat_eval(&s->jm, c, t, y, s->fy)) || (rc = rs_dfdt(s, c, t, y)))
        return rc;
    s->have_jac = s->jac_here = 1;
    s->jac_age = 0;
    s->lu_h = 0;
    return 0;
}

/* J if it is missing (df/dt at every step unless it was zero where J was
 * evaluated, as in rodas.c), and the factors of I - gamma h J. */
static int rs_matrix(rs_state *s, calfpump_odectx *c, double t, const double *y, double h)
{
    int rc;
    if (!s->have_jac) {
        if ((rc = rs_jacobian(s, c, t, y)))
            return rc;
    } else if (!s->ft_zero && !s->jac_here && (rc = rs_dfdt(s, c, t, y))) {
        return rc;
    }
    if (s->lu_h == h)
        return 0;
    if (cfp_jmat_factor(&s->jm, c, 1.0, RS_GAMMA * h)) {
        s->lu_h = 0;
        return RS_SINGULAR;
    }
    s->lu_h = h;
    return 0;
}

/* The two stages: yn, the error norm into *err, f(t + h, yn) into fn. */
static int rs_stages(rs_state *s, calfpump_odectx *c, double t, const double *y, double h,
                     double *err)
{
    size_t n = s->n;
    double gt = s->ft_zero ? 0.0 : RS_GAMMA * h;
    int rc;
    for (size_t i = 0; i < n; i++)
        s->k1[i] = s->fy[i] + gt * s->ft[i];
    cfp_jmat_solve(&s->jm, s->k1);
    for (size_t i = 0; i < n; i++)
        s->yt[i] = y[i] + h * s->k1[i];
    if ((rc = calfpump_odectx_rhs(c, t + h, s->yt, s->k2)))
        return rc;
    for (size_t i = 0; i < n; i++)
        s->k2[i] += -2.0 * s->k1[i] - gt * s->ft[i];
    cfp_jmat_solve(&s->jm, s->k2);
    for (size_t i = 0; i < n; i++) {
        s->yn[i] = y[i] + h * (1.5 * s->k1[i] + 0.5 * s->k2[i]);
        s->yt[i] = 0.5 * h * (s->k1[i] + s->k2[i]);
    }
    *err = cfp_err_norm(n, s->yt, y, s->yn, s->o.rtol, s->o.atol);
    if (!isfinite(*err))
        return 1;
    return *err <= 1.0 ? calfpump_odectx_rhs(c, t + h, s->yn, s->fn) : 0;
}

static int rs_size(const rs_state *s, double t, double t_limit, double *h, int *last)
{
    *h = s->ctl.h;
    *last = 0;
    if (s->o.h_max > 0 && *h > s->o.h_max)
        *h = s->o.h_max;
    if (t + *h >= t_limit || t_limit - (t + *h) <= 1e-8 * *h) {
        *h = t_limit - t;
        *last = 1;
    }
    return !(*h >= DBL_MIN) || (!*last && (*h < s->o.h_min || *h < 64 * DBL_EPSILON * fabs(t)));
}

static void rs_accept(rs_state *s, double *tp, double *y, double h, double err, int last,
                      double t_limit)
{
    size_t n = s->n;
    double h_new = cfp_stepctl_pi_accept(&s->err_old, &rs_ctl, h, err, s->ctl.rejected);
    memcpy(s->y0, y, n * sizeof *y);
    memcpy(y, s->yn, n * sizeof *y);
    memcpy(s->fy, s->fn, n * sizeof *y);
    s->t_old = *tp;
    s->h_old = h;
    *tp = last ? t_limit : *tp + h;
    s->jac_here = 0;
    if (++s->jac_age >= RS_JAC_AGE)
        s->have_jac = 0;
    cfp_stepctl_accepted(&s->ctl, h_new, last);
}

static int rs_step(void *vs, calfpump_odectx *c, double *tp, double *y, double t_limit)
{
    rs_state *s = vs;
    for (;;) {
        double h, err = 0;
        int last, rc;
        if (rs_size(s, *tp, t_limit, &h, &last))
            return cfp_stepctl_giveup(&s->ctl);
        rc = rs_matrix(s, c, *tp, y, h);
        if (rc == RS_SINGULAR) {
            cfp_stepctl_retry(&s->ctl, c, 0.5 * h);
            s->have_jac = s->jac_here;
            continue;
        }
        if (!rc)
            rc = rs_stages(s, c, *tp, y, h, &err);
        if (rc) {
            if ((rc = cfp_stepctl_failed(&s->ctl, c, h, rc)))
                return rc;
        } else if (err <= 1.0) {
            rs_accept(s, tp, y, h, err, last, t_limit);
            return CALFPUMP_OK;
        } else {
            cfp_stepctl_retry(&s->ctl, c, cfp_stepctl_pi_reject(&rs_ctl, h, err));
        }
        if (!s->jac_here)
            s->have_jac = 0; /* a stale J: refresh it */
    }
}

/* Dense output from the stages of the last step,
 * y(t_old + theta h) = y0 + h (b1(theta) k1 + b2(theta) k2), with
 * b2 = (theta^2/2 - gamma theta) / (1 - 2 gamma) and b1 = theta + b2: the
 * two conditions of order 2 (b1 - b2 = theta, gamma b1 + (1 - 3 gamma) b2
 * = theta^2 / 2), met by (3/2, 1/2) at theta = 1.  The stages are solved
 * through I - gamma h J, so a stiff component's error stays bounded; a
 * cubic Hermite interpolant takes the slope f(t + h, y1), which multiplies
 * y1's error by the stiffness (error 4.9 at lambda = 1e9 on y' = -lambda
 * (y - cos t) - sin t, rtol 1e-6, against 2e-6 now). */
static int rs_interpolate(const void *vs, double t, double *out)
{
    const rs_state *s = vs;
    double h = s->h_old, th = h > 0 ? (t - s->t_old) / h : 0.0;
    double b2 = (0.5 * th * th - RS_GAMMA * th) / (1.0 - 2.0 * RS_GAMMA), b1 = th + b2;
    if (!(h > 0)) { /* no step since the restart */
        memcpy(out, s->y0, s->n * sizeof *out);
        return CALFPUMP_OK;
    }
    for (size_t i = 0; i < s->n; i++)
        out[i] = s->y0[i] + h * (b1 * s->k1[i] + b2 * s->k2[i]);
    return CALFPUMP_OK;
}

double cfp_ros2_next_h(const void *vs) { return ((const rs_state *)vs)->ctl.h; }

void cfp_ros2_set_h(void *vs, double h)
{
    rs_state *s = vs;
    s->ctl.h = h > s->o.h_min ? h : s->o.h_min;
}

const calfpump_integrator_ops cfp_ros2_ops = {
    sizeof(calfpump_integrator_ops), CALFPUMP_INTEGRATOR_ABI, "ros2",
    CALFPUMP_CAP_ADAPTIVE | CALFPUMP_CAP_DENSE | CALFPUMP_CAP_IMPLICIT, 2,
    rs_create, rs_destroy, rs_restart, rs_step, rs_interpolate, NULL};
