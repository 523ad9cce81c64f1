/* RODAS4: a stiffly accurate, L-stable Rosenbrock method of order 4 with
 * six stages, an embedded method of order 3 for the error estimate and a
 * continuous extension of order 3 for dense output.
 *
 * Method: E. Hairer & G. Wanner, Solving Ordinary Differential Equations
 * II, 2nd ed., Springer 1996, sections IV.7 and VI.4, in the transformed
 * form (IV.7.25) in which every stage solves
 *
 *   (I / (gamma h) - J) u_i = f(t + alpha_i h, y + sum_j a_ij u_j)
 *                             + sum_j (c_ij / h) u_j + gamma_i h df/dt,
 *
 * with y1 = y + a51 u1 + ... + a54 u4 + u5 + u6 (stiffly accurate: the
 * last two stages are evaluated at t + h) and the order-3 solution y1 - u6,
 * so that u6 is the local error estimate.  The coefficients are the
 * published ones of the authors' code RODAS (rodas.f, subroutine ROCOE,
 * coefficient set METH = 1, "Hairer & Wanner 1996"; distributed at
 * http://www.unige.ch/~hairer/software.html), dense output included.
 * Only those numbers are taken from there; this implementation is ours.
 *
 * Jacobian and linear algebra: J = df/dy comes from calfpump_odectx_jac()
 * (analytic, or finite differences over the sparsity pattern) and df/dt
 * from one forward difference (skipped while it is exactly zero, as for
 * autonomous problems).  The matrix I / (gamma h) - J is refactored
 * (dense LU with partial pivoting, linalg.c) whenever h or J changes.
 * J is reused over accepted steps only while it still describes f well:
 * see RO_KAPPA.  After a rejection, a singular matrix or a failed
 * evaluation an outdated J is always refreshed.
 *
 * Dense output: the published continuous extension satisfies the
 * non-stiff order conditions only, so its error is estimated at two
 * points inside every step that passed the embedded test, and a step
 * whose interpolant strays beyond the tolerance is rejected like any
 * other (ro_dense_error; our addition, not in RODAS).
 *
 * Step-size control: the standard controller with exponent 1/4 (the
 * embedded method has order 3), limited to [1/5, 6] times the step, with
 * Gustafsson's predictive controller on accepted steps (Hairer & Wanner
 * II, section IV.8, formula (8.21)); the starting step and the controller
 * are shared with dopri5 (stepctl.c). */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "base/internal.h"
#include "ode/jmat.h"
#include "ode/solver.h"
#include "ode/stepctl.h"

/* RODAS coefficient set 1 (Hairer & Wanner 1996), see above. */
static const double
    gam = 0.25,
    al2 = 0.386, al3 = 0.21, al4 = 0.63,
    g1 = 0.25, g2 = -0.1043, g3 = 0.1035, g4 = -0.3620000000000023e-01,
    a21 = 0.1544000000000000e+01,
    a31 = 0.9466785280815826e+00, a32 = 0.2557011698983284e+00,
    a41 = 0.3314825187068521e+01, a42 = 0.2896124015972201e+01,
    a43 = 0.9986419139977817e+00,
    a51 = 0.1221224509226641e+01, a52 = 0.6019134481288629e+01,
    a53 = 0.1253708332932087e+02, a54 = -0.6878860361058950e+00,
    c21 = -0.5668800000000000e+01,
    c31 = -0.2430093356833875e+01, c32 = -0.2063599157091915e+00,
    c41 = -0.1073529058151375e+00, c42 = -0.9594562251023355e+01,
    c43 = -0.2047028614809616e+02,
    c51 = 0.7496443313967647e+01, c52 = -0.1024680431464352e+02,
    c53 = -0.3399990352819905e+02, c54 = 0.1170890893206160e+02,
    c61 = 0.8083246795921522e+01, c62 = -0.7981132988064893e+01,
    c63 = -0.3152159432874371e+02, c64 = 0.1631930543123136e+02,
    c65 = -0.6058818238834054e+01,
    /* dense output */
    d21 = 0.1012623508344586e+02, d22 = -0.7487995877610167e+01,
    d23 = -0.3480091861555747e+02, d24 = -0.7992771707568823e+01,
    d25 = 0.1025137723295662e+01,
    d31 = -0.6762803392801253e+00, d32 = 0.6087714651680015e+01,
    d33 = 0.1643084320892478e+02, d34 = 0.2476722511418386e+02,
    d35 = -0.6594389125716872e+01;

/* Step-size control: safety factor 0.9, exponent 1/4, h_new / h in
 * [1/5, 6]. */
static const cfp_ctlpar ro_ctl = {0.9, 0.25, 0.2, 6.0, 0.0};

/* cfp_lu_factor() failed: the matrix is singular (internal status). */
#define RO_SINGULAR 2

/* Jacobian reuse, tuned on the default leg (rtol 1e-6): RODAS4 is not a
 * W-method, so an outdated J costs it order, and the embedded estimate does
 * not see all of that error.  Keeping J for a fixed 2 steps doubled the
 * steps while walking (valves open and close) and could cost accuracy.  J
 * is therefore kept only while it still predicts the change of f over the
 * last step: ro_misfit() estimates the local error an outdated J adds,
 * h (J(y) - J) dy, in units of the tolerance, and must stay below
 * RO_KAPPA.  At rest that holds (misfit ~ 1e-7) and J lasts RO_JAC_AGE
 * steps; while walking it fails at once (misfit 1e-2 to 1e2), so J is
 * evaluated at every step.  The age limit was 20; at rest the misfit grows
 * by about 2.5e-9 per step (1.5e-7 after 60 steps of 0.1 s), so 100 costs
 * nothing in accuracy and saves 80 % of the Jacobians of a long still
 * segment (10 h sitting: 18,001 -> 3,601, 7 % of the evaluations). */
#define RO_JAC_AGE 100   /* accepted steps before J is refreshed anyway */
#define RO_KAPPA 0.1     /* largest misfit, in units of the error norm, that keeps J */
#define RO_HOLD 1.2      /* with J kept, keep h (and the LU) if h_new / h is in [1, this] */

typedef struct ro_state {
    size_t n;
    calfpump_integrator_options o;
    cfp_stepctl ctl;       /* next step, last attempt rejected / not finite */
    cfp_predctl pred;      /* last accepted step and its error (predictive control) */
    double t_old, h_old;   /* last accepted step, for dense output */
    unsigned long n_acc;   /* accepted steps since the last restart */
    int have_fy, have_ft;  /* f(t, y), df/dt valid at the current (t, y) */
    int have_jac;          /* J may be used */
    int jac_here;          /* J was evaluated at the current (t, y) */
    int jac_age;           /* accepted steps since J was evaluated */
    int ft_zero;           /* df/dt was exactly zero where J was evaluated */
    double lu_h;           /* h of the factorisation in lu; 0: none */
    cfp_jmat jm;           /* J, and the factors of I/(gamma h) - J */
    int rho_stale;         /* J changed since rho was estimated */
    double rho;            /* estimate of the spectral radius of J */
    double *fy, *ft, *u[6], *yt, *yn, *f6, *cont, *pv, *pw, *mr, *md, *dc3;
} ro_state;

static void ro_destroy(void *vs)
{
    ro_state *s = vs;
    if (!s)
        return;
    cfp_jmat_free(&s->jm);
    free(s->fy);
    free(s);
}

static int ro_create(void **out, size_t n, const calfpump_integrator_options *o, void *data)
{
    ro_state *s = calloc(1, sizeof *s);
    double *w;
    (void)data;
    if (!s)
        return CALFPUMP_E_NOMEM;
    /* fy, ft, u1..u6, yt, yn, f6, 4n of dense output, two vectors of the
     * power iteration, two of the misfit and one of the dense-output
     * check. */
    if (!(w = malloc(20 * n * sizeof *w)) || cfp_jmat_init(&s->jm, n)) {
        free(w);
        free(s);
        return CALFPUMP_E_NOMEM;
    }
    s->n = n;
    s->o = *o;
    s->fy = w;
    s->ft = w + n;
    for (int i = 0; i < 6; i++)
        s->u[i] = w + (size_t)(2 + i) * n;
    s->yt = w + 8 * n;
    s->yn = w + 9 * n;
    s->f6 = w + 10 * n;
    s->cont = w + 11 * n;
    s->pv = w + 15 * n;
    s->pw = w + 16 * n;
    s->mr = w + 17 * n;
    s->md = w + 18 * n;
    s->dc3 = w + 19 * n;
    for (size_t i = 0; i < n; i++)
        s->pv[i] = 1.0 / sqrt((double)n);
    *out = s;
    return CALFPUMP_OK;
}

static int ro_restart(void *vs, calfpump_odectx *c, double t, const double *y)
{
    ro_state *s = vs;
    size_t n = s->n;
    int rc = cfp_stepctl_f0(c, t, y, s->fy);
    if (rc)
        return rc;
    s->have_fy = 1;
    s->have_ft = 0;
    s->have_jac = 0;
    s->jac_here = 0;
    s->lu_h = 0;
    s->ctl.rejected = 0;
    s->ctl.nonfinite = 0;
    s->n_acc = 0;
    cfp_predctl_reset(&s->pred);
    /* Dense output before the first step: the state itself. */
    s->t_old = t;
    s->h_old = 0;
    memcpy(s->cont, y, n * sizeof *y);
    memcpy(s->cont + n, y, n * sizeof *y);
    memset(s->cont + 2 * n, 0, 2 * n * sizeof *y);
    /* Starting step (stepctl.c), here never below h_min. */
    if ((rc = cfp_stepctl_initial(&s->ctl.h, c, &s->o, n, t, y, s->fy, s->yt, s->yn)))
        return rc;
    if (s->ctl.h < s->o.h_min)
        s->ctl.h = s->o.h_min;
    return CALFPUMP_OK;
}

/* df/dt at (t, y) by a forward difference into s->ft (fy = f(t, y)). */
static int ro_dfdt(ro_state *s, calfpump_odectx *c, double t, const double *y)
{
    size_t n = s->n;
    double dt = sqrt(DBL_EPSILON * fmax(1e-5, fabs(t)));
    int rc;
    dt = (t + dt) - t; /* the increment actually representable */
    rc = calfpump_odectx_rhs(c, t + dt, y, s->yt);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++)
        s->ft[i] = (s->yt[i] - s->fy[i]) / dt;
    s->have_ft = 1;
    return 0;
}

/* How well J (and df/dt) predict the change of f over the step just
 * taken: h |f(t+h, yh) - f(t, y) - J (yh - y) - h df/dt| in the error
 * norm, where yh is the embedded solution.  A fresh J leaves only the
 * curvature of f; a stale one adds (J(y) - J) (yh - y), the term that
 * costs a Rosenbrock method its order. */
static double ro_misfit(ro_state *s, double h, const double *y)
{
    size_t n = s->n;
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        s->mr[i] = s->f6[i] - s->fy[i] - (s->ft_zero ? 0.0 : h * s->ft[i]);
        s->md[i] = s->yt[i] - y[i];
    }
    cfp_jmat_mulsub(&s->jm, s->md, s->mr);
    for (size_t i = 0; i < n; i++) {
        double r = s->mr[i], sc = s->o.atol + s->o.rtol * fabs(y[i]);
        sum += (h * r / sc) * (h * r / sc);
    }
    return sqrt(sum / (double)n);
}

/* The step to try from t into *h, cut or stretched to end exactly at
 * t_limit when it would end at or just before it (then *last = 1).
 * Returns non-zero when the step is too small to try: below h_min, or so
 * small that t + h == t in effect. */
static int ro_size(const ro_state *s, double t, double t_limit, double *h, int *last)
{
    *h = s->ctl.h;
    *last = 0;
    if (s->o.h_max > 0 && *h > s->o.h_max)
        *h = s->o.h_max;
    if (t + *h >= t_limit || t_limit - (t + *h) <= 1e-8 * *h) {
        *h = t_limit - t;
        *last = 1;
    }
    return !(*h > 0) || !(*h >= DBL_MIN) ||
           (!*last && (*h < s->o.h_min || *h < 64 * DBL_EPSILON * fabs(t)));
}

/* A fresh J and df/dt at (t, y), fy = f(t, y). */
static int ro_jacobian(ro_state *s, calfpump_odectx *c, double t, const double *y)
{
    int rc;
    if ((rc = cfp_jmat_eval(&s->jm, c, t, y, s->fy)))
        return rc;
    if ((rc = ro_dfdt(s, c, t, y)))
        return rc;
    s->ft_zero = 1;
    for (size_t i = 0; i < s->n && s->ft_zero; i++)
        s->ft_zero = s->ft[i] == 0.0;
    s->have_jac = 1;
    s->jac_here = 1;
    s->jac_age = 0;
    s->lu_h = 0;
    s->rho_stale = 1;
    return 0;
}

/* Factor I / (gamma h) - J.  Returns 0 or RO_SINGULAR. */
static int ro_factor(ro_state *s, calfpump_odectx *c, double h)
{
    if (cfp_jmat_factor(&s->jm, c, 1.0 / (gam * h), 1.0)) {
        s->lu_h = 0;
        return RO_SINGULAR;
    }
    s->lu_h = h;
    return 0;
}

/* What a step of size h from (t, y) needs and does not have yet: f(t, y),
 * J and df/dt, the factors of I / (gamma h) - J.  Returns 0, RO_SINGULAR,
 * or the status of the evaluation that failed. */
static int ro_matrix(ro_state *s, calfpump_odectx *c, double t, const double *y, double h)
{
    int rc;
    if (!s->have_fy) {
        if ((rc = calfpump_odectx_rhs(c, t, y, s->fy)))
            return rc;
        s->have_fy = 1;
    }
    if (!s->have_jac) {
        if ((rc = ro_jacobian(s, c, t, y)))
            return rc;
    } else if (!s->have_ft && !s->ft_zero) {
        if ((rc = ro_dfdt(s, c, t, y)))
            return rc;
    }
    return s->lu_h != h ? ro_factor(s, c, h) : 0;
}

/* Stages 1 to 4, the ones with a df/dt term (used only where df/dt is
 * not zero). */
static int ro_stages_1to4(ro_state *s, calfpump_odectx *c, double t, const double *y, double h)
{
    size_t n = s->n;
    double *u1 = s->u[0], *u2 = s->u[1], *u3 = s->u[2], *u4 = s->u[3], *yt = s->yt,
           *ft = s->ft, ih = 1.0 / h;
    int rc;
#define FT(g) (s->ft_zero ? 0.0 : (g) * h * ft[i])
    for (size_t i = 0; i < n; i++)
        u1[i] = s->fy[i] + FT(g1);
    cfp_jmat_solve(&s->jm, u1);

    for (size_t i = 0; i < n; i++)
        yt[i] = y[i] + a21 * u1[i];
    if ((rc = calfpump_odectx_rhs(c, t + al2 * h, yt, u2)))
        return rc;
    for (size_t i = 0; i < n; i++)
        u2[i] += ih * (c21 * u1[i]) + FT(g2);
    cfp_jmat_solve(&s->jm, u2);

    for (size_t i = 0; i < n; i++)
        yt[i] = y[i] + a31 * u1[i] + a32 * u2[i];
    if ((rc = calfpump_odectx_rhs(c, t + al3 * h, yt, u3)))
        return rc;
    for (size_t i = 0; i < n; i++)
        u3[i] += ih * (c31 * u1[i] + c32 * u2[i]) + FT(g3);
    cfp_jmat_solve(&s->jm, u3);

    for (size_t i = 0; i < n; i++)
        yt[i] = y[i] + a41 * u1[i] + a42 * u2[i] + a43 * u3[i];
    if ((rc = calfpump_odectx_rhs(c, t + al4 * h, yt, u4)))
        return rc;
    for (size_t i = 0; i < n; i++)
        u4[i] += ih * (c41 * u1[i] + c42 * u2[i] + c43 * u3[i]) + FT(g4);
    cfp_jmat_solve(&s->jm, u4);
#undef FT
    return 0;
}

/* Stages 5 and 6, both at t + h: the embedded (order 3) solution into yt,
 * f there into f6, the solution into yn; u6 is the error estimate. */
static int ro_stages_5to6(ro_state *s, calfpump_odectx *c, double t, const double *y, double h)
{
    size_t n = s->n;
    double *u1 = s->u[0], *u2 = s->u[1], *u3 = s->u[2], *u4 = s->u[3], *u5 = s->u[4],
           *u6 = s->u[5], *yt = s->yt, ih = 1.0 / h;
    int rc;
    for (size_t i = 0; i < n; i++)
        yt[i] = y[i] + a51 * u1[i] + a52 * u2[i] + a53 * u3[i] + a54 * u4[i];
    if ((rc = calfpump_odectx_rhs(c, t + h, yt, u5)))
        return rc;
    for (size_t i = 0; i < n; i++)
        u5[i] += ih * (c51 * u1[i] + c52 * u2[i] + c53 * u3[i] + c54 * u4[i]);
    cfp_jmat_solve(&s->jm, u5);

    for (size_t i = 0; i < n; i++)
        yt[i] += u5[i];
    if ((rc = calfpump_odectx_rhs(c, t + h, yt, u6)))
        return rc;
    memcpy(s->f6, u6, n * sizeof *u6);
    for (size_t i = 0; i < n; i++)
        u6[i] += ih * (c61 * u1[i] + c62 * u2[i] + c63 * u3[i] + c64 * u4[i] + c65 * u5[i]);
    cfp_jmat_solve(&s->jm, u6);
    for (size_t i = 0; i < n; i++)
        s->yn[i] = yt[i] + u6[i];
    return 0;
}

/* All six stages and the error norm into *err (1 if it is not finite). */
static int ro_stages(ro_state *s, calfpump_odectx *c, double t, const double *y, double h,
                     double *err)
{
    int rc;
    if ((rc = ro_stages_1to4(s, c, t, y, h)) || (rc = ro_stages_5to6(s, c, t, y, h)))
        return rc;
    *err = cfp_err_norm(s->n, s->u[5], y, s->yn, s->o.rtol, s->o.atol);
    return isfinite(*err) ? 0 : 1;
}

/* Coefficients of the continuous extension over the step from y to yn. */
static void ro_dense(ro_state *s, const double *y)
{
    size_t n = s->n;
    double *cn = s->cont, *const *u = s->u;
    for (size_t i = 0; i < n; i++) {
        cn[i] = y[i];
        cn[n + i] = s->yn[i];
        cn[2 * n + i] = d21 * u[0][i] + d22 * u[1][i] + d23 * u[2][i] + d24 * u[3][i] +
                        d25 * u[4][i];
        cn[3 * n + i] = d31 * u[0][i] + d32 * u[1][i] + d33 * u[2][i] + d34 * u[3][i] +
                        d35 * u[4][i];
    }
}

/* How far the continuous extension strays from the solution inside the
 * step, in the error norm, into *err (1 if it is not finite).  The
 * published coefficients satisfy the non-stiff order conditions only:
 * where a stiff component follows a moving slow manifold
 * (Prothero-Robinson, a stiff network under a time-varying load) the
 * step-end values stay exact while the interpolant between them does not,
 * and the embedded estimate cannot see it.  So at theta = 1/4 and 3/4 the
 * residual r = P'(t) - f(t, P(t)) of the interpolant P is mapped back to a
 * state error with the factors at hand, e = (I / (gamma h) - J)^-1 r:
 * about gamma h r (a defect estimate) for the non-stiff components and
 * r / |lambda| (the distance from the manifold) for the stiff ones.  Two
 * points, because the interpolant's error, a cubic vanishing at both ends,
 * can vanish at any one point inside.  Two evaluations and two solves per
 * accepted step; c2, c3 are the dense-output coefficients (ro_dense). */
static int ro_dense_error(ro_state *s, calfpump_odectx *c, double t, const double *y, double h,
                          double *err)
{
    size_t n = s->n;
    double *const *u = s->u, *pm = s->md, *r = s->mr, *c2 = s->pw, *c3 = s->dc3;
    int rc;
    for (size_t i = 0; i < n; i++) {
        c2[i] = d21 * u[0][i] + d22 * u[1][i] + d23 * u[2][i] + d24 * u[3][i] + d25 * u[4][i];
        c3[i] = d31 * u[0][i] + d32 * u[1][i] + d33 * u[2][i] + d34 * u[3][i] + d35 * u[4][i];
    }
    *err = 0;
    for (int k = 0; k < 2; k++) {
        double th = k ? 0.75 : 0.25, th1 = 1.0 - th, e;
        for (size_t i = 0; i < n; i++)
            pm[i] = th1 * y[i] + th * (s->yn[i] + th1 * (c2[i] + th * c3[i]));
        if ((rc = calfpump_odectx_rhs(c, t + th * h, pm, r)))
            return rc;
        for (size_t i = 0; i < n; i++)
            r[i] = (s->yn[i] - y[i] + (th1 - th) * (c2[i] + th * c3[i]) + th * th1 * c3[i]) / h -
                   r[i];
        cfp_jmat_solve(&s->jm, r);
        e = cfp_err_norm(n, r, y, s->yn, s->o.rtol, s->o.atol);
        if (!isfinite(e))
            return 1;
        *err = fmax(*err, e);
    }
    return 0;
}

/* Take the step of size h from (*tp, y) to yn; decide whether J is kept
 * and choose the next step. */
static void ro_accept(ro_state *s, double *tp, double *y, double h, double err, int last,
                      double t_limit)
{
    double mis = ro_misfit(s, h, y);
    double h_new = cfp_stepctl_pred_accept(&s->pred, &ro_ctl, h, err, s->ctl.rejected);
    ro_dense(s, y);
    memcpy(y, s->yn, s->n * sizeof *y);
    s->t_old = *tp;
    s->h_old = h;
    *tp = last ? t_limit : *tp + h;
    s->n_acc++;
    s->have_fy = 0;
    s->have_ft = 0;
    s->jac_here = 0;
    /* Keep J while it still predicts f; then keep h too (and so the
     * factorisation) if it would grow only a little. */
    if (++s->jac_age >= RO_JAC_AGE || mis > RO_KAPPA)
        s->have_jac = 0;
    else if (h_new >= h && h_new <= RO_HOLD * h)
        h_new = h;
    cfp_stepctl_accepted(&s->ctl, h_new, last);
}

/* Retry with h_new after a rejection, a singular matrix or a failed
 * evaluation (rc, fatal unless 1), with a fresh J if it was not evaluated
 * here.  Returns 0 or the fatal status. */
static int ro_retry(ro_state *s, calfpump_odectx *c, double h_new, double h, int rc)
{
    if (rc)
        rc = cfp_stepctl_failed(&s->ctl, c, h, rc);
    else
        cfp_stepctl_retry(&s->ctl, c, h_new);
    if (!rc && !s->jac_here)
        s->have_jac = 0;
    return rc;
}

static int ro_step(void *vs, calfpump_odectx *c, double *tp, double *y, double t_limit)
{
    ro_state *s = vs;
    for (;;) {
        double h, err = 0, h_new;
        int last, rc;
        if (ro_size(s, *tp, t_limit, &h, &last))
            return cfp_stepctl_giveup(&s->ctl);
        rc = ro_matrix(s, c, *tp, y, h);
        if (rc == RO_SINGULAR) {
            /* A smaller step moves I/(gamma h) away from the spectrum of
             * J; a stale J is refreshed too. */
            ro_retry(s, c, 0.5 * h, h, 0);
            continue;
        }
        if (!rc)
            rc = ro_stages(s, c, *tp, y, h, &err);
        if (!rc && err <= 1.0) {
            double err_d = 0;
            rc = ro_dense_error(s, c, *tp, y, h, &err_d);
            err = fmax(err, err_d);
        }
        if (rc) {
            if ((rc = ro_retry(s, c, 0, h, rc)))
                return rc; /* fatal callback error */
            continue;
        }
        if (err <= 1.0) {
            ro_accept(s, tp, y, h, err, last, t_limit);
            return CALFPUMP_OK;
        }
        h_new = cfp_stepctl_pred_reject(&ro_ctl, h, err);
        if (s->n_acc == 0 && s->jac_here)
            h_new = fmin(h_new, 0.1 * h); /* first step far too large */
        ro_retry(s, c, h_new, h, 0);
    }
}

static int ro_interpolate(const void *vs, double t, double *out)
{
    const ro_state *s = vs;
    size_t n = s->n;
    const double *cn = s->cont;
    double th = s->h_old > 0 ? (t - s->t_old) / s->h_old : 1.0, th1 = 1.0 - th;
    for (size_t i = 0; i < n; i++)
        out[i] = th1 * cn[i] + th * (cn[n + i] + th1 * (cn[2 * n + i] + th * cn[3 * n + i]));
    return CALFPUMP_OK;
}

/* Spectral radius of J by RO_POWER steps of the power iteration from the
 * last estimate's vector: (|J^k v| / |v|)^(1/k), which also converges for
 * a dominant complex pair.  0 before the first Jacobian. */
#define RO_POWER 8
double cfp_rodas_rho(void *vs)
{
    ro_state *s = vs;
    size_t n = s->n;
    double lg = 0;
    if (!s->rho_stale)
        return s->rho;
    for (int k = 0; k < RO_POWER; k++) {
        double nv = 0;
        cfp_jmat_mul(&s->jm, s->pv, s->pw);
        for (size_t i = 0; i < n; i++)
            nv += s->pw[i] * s->pw[i];
        nv = sqrt(nv);
        if (!(nv > 0) || !isfinite(nv)) { /* J v = 0: restart from a flat vector */
            for (size_t i = 0; i < n; i++)
                s->pv[i] = 1.0 / sqrt((double)n);
            s->rho = 0;
            s->rho_stale = 0;
            return 0;
        }
        lg += log(nv);
        for (size_t i = 0; i < n; i++)
            s->pv[i] = s->pw[i] / nv;
    }
    s->rho = exp(lg / RO_POWER);
    s->rho_stale = 0;
    return s->rho;
}

double cfp_rodas_next_h(const void *vs) { return ((const ro_state *)vs)->ctl.h; }

void cfp_rodas_set_h(void *vs, double h)
{
    ro_state *s = vs;
    s->ctl.h = h > s->o.h_min ? h : s->o.h_min;
}

const calfpump_integrator_ops cfp_rodas_ops = {
    sizeof(calfpump_integrator_ops), CALFPUMP_INTEGRATOR_ABI, "rodas",
    CALFPUMP_CAP_ADAPTIVE | CALFPUMP_CAP_DENSE | CALFPUMP_CAP_IMPLICIT, 4,
    ro_create, ro_destroy, ro_restart, ro_step, ro_interpolate, NULL};
