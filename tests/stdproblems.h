/* Standard test problems for ODE integrators, with their published
 * reference solutions (see the comments in tests/unit/check_stiff.c for the
 * sources).  Shared by tests/unit/check_stiff.c and tests/api/check_cvode.c. */
#ifndef CFP_TEST_STDPROBLEMS_H
#define CFP_TEST_STDPROBLEMS_H

#include <calfpump/sys/integrator.h>

/* Van der Pol, y0' = y1, y1' = ((1 - y0^2) y1 - y0) / eps; user -> eps.
 * Test set VDPOL (eps = 1e-6, y(0) = (2, 0)): y(2) below. */
static const double vdp_ref_t2[2] = {0.1706167732170483e+01, -0.8928097010247975e+00};

static inline int rhs_vdp(double t, const double *y, double *f, void *user)
{
    double eps = *(const double *)user;
    (void)t;
    f[0] = y[1];
    f[1] = ((1.0 - y[0] * y[0]) * y[1] - y[0]) / eps;
    return 0;
}

static inline int jac_vdp(double t, const double *y, const double *fy, double *jac, void *user)
{
    double eps = *(const double *)user;
    (void)t; (void)fy;
    jac[0] = 0.0;
    jac[1] = 1.0;
    jac[2] = (-2.0 * y[0] * y[1] - 1.0) / eps;
    jac[3] = (1.0 - y[0] * y[0]) / eps;
    return 0;
}

/* Robertson's chemical kinetics (ROBER); user, if not NULL, counts
 * calls.  y(40) (Hairer & Wanner II) below. */
static const double rober_ref_t40[3] = {0.7158270687, 9.185534764e-6, 0.2841637457};

static inline int rhs_rober(double t, const double *y, double *f, void *user)
{
    (void)t;
    if (user)
        ++*(long *)user;
    f[0] = -0.04 * y[0] + 1e4 * y[1] * y[2];
    f[2] = 3e7 * y[1] * y[1];
    f[1] = -f[0] - f[2];
    return 0;
}

static inline calfpump_ode ode_rober(void)
{
    calfpump_ode ode;
    calfpump_ode_init(&ode, sizeof ode);
    ode.dim = 3;
    ode.rhs = rhs_rober;
    return ode;
}

/* Analytic Jacobian of Robertson's problem. */
static inline int jac_rober(double t, const double *y, const double *fy, double *jac, void *user)
{
    (void)t; (void)fy; (void)user;
    jac[0] = -0.04; jac[1] = 1e4 * y[2];                 jac[2] = 1e4 * y[1];
    jac[3] = 0.04;  jac[4] = -1e4 * y[2] - 6e7 * y[1];   jac[5] = -1e4 * y[1];
    jac[6] = 0.0;   jac[7] = 6e7 * y[1];                 jac[8] = 0.0;
    return 0;
}

/* HIRES (E. Schaefer 1975; test set problem HIRES). */
static inline int rhs_hires(double t, const double *y, double *f, void *user)
{
    (void)t; (void)user;
    f[0] = -1.71 * y[0] + 0.43 * y[1] + 8.32 * y[2] + 0.0007;
    f[1] = 1.71 * y[0] - 8.75 * y[1];
    f[2] = -10.03 * y[2] + 0.43 * y[3] + 0.035 * y[4];
    f[3] = 8.32 * y[1] + 1.71 * y[2] - 1.12 * y[3];
    f[4] = -1.745 * y[4] + 0.43 * y[5] + 0.43 * y[6];
    f[5] = -280.0 * y[5] * y[7] + 0.69 * y[3] + 1.71 * y[4] - 0.43 * y[5] + 0.69 * y[6];
    f[6] = 280.0 * y[5] * y[7] - 1.81 * y[6];
    f[7] = -f[6];
    return 0;
}

static const double hires_ref[8] = {
    0.7371312573325668e-3, 0.1442485726316185e-3, 0.5888729740967575e-4,
    0.1175651343283149e-2, 0.2386356198831331e-2, 0.6238968252742796e-2,
    0.2849998395185769e-2, 0.2850001604814231e-2};

/* Sparsity of the HIRES Jacobian (row-major), for the grouped finite
 * differences. */
static const unsigned char hires_pattern[64] = {
    1, 1, 1, 0, 0, 0, 0, 0,
    1, 1, 0, 0, 0, 0, 0, 0,
    0, 0, 1, 1, 1, 0, 0, 0,
    0, 1, 1, 1, 0, 0, 0, 0,
    0, 0, 0, 0, 1, 1, 1, 0,
    0, 0, 0, 1, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 1, 1, 1,
    0, 0, 0, 0, 0, 1, 1, 1};

static inline calfpump_ode ode_hires(void)
{
    calfpump_ode ode;
    calfpump_ode_init(&ode, sizeof ode);
    ode.dim = 8;
    ode.rhs = rhs_hires;
    ode.jac_pattern = hires_pattern;
    return ode;
}

#endif
