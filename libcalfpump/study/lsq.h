/* Bounded nonlinear least squares (projected Levenberg-Marquardt) for
 * calfpump_batch_fit(): minimise 0.5 sum_i r_i(x)^2 over lo <= x <= hi.
 * Generic: it knows nothing of models; the caller evaluates residuals for
 * many points at once (the forward-difference columns of a Jacobian, all
 * in one call), so the points can run in parallel. */
#ifndef CFP_LSQ_H
#define CFP_LSQ_H

#include <stddef.h>

/* Evaluate residuals at npts points (the np points of a forward-difference
 * Jacobian come in one call): point p is x[p*np .. p*np+np-1], its
 * residuals go to r[p*nr .. p*nr+nr-1].  Return 0, or a status code (< 0)
 * that stops the fit.  A point whose residuals cannot be computed gets
 * NaN residuals (the fit then treats it as a failed trial step, or stops
 * with CALFPUMP_E_NONFINITE if it is the current point). */
typedef int (*cfp_lsq_eval_fn)(void *user, size_t npts, const double *x, double *r);

typedef struct cfp_lsq_problem {
    size_t np, nr;            /* parameters, residuals (np <= nr) */
    const double *lo, *hi;    /* bounds, np each (lo < hi, finite) */
    cfp_lsq_eval_fn eval;
    void *user;
    int max_iter;             /* iterations (each one Jacobian), e.g. 100 */
    double xtol, ftol;        /* step (per bound interval) / relative cost-decrease tolerances */
    double fd_step;           /* difference step per bound interval (0: 1e-3) */
} cfp_lsq_problem;

typedef struct cfp_lsq_result {
    double cost;              /* 0.5 * sum r^2 at x */
    int iterations, evaluations; /* iterations done; points evaluated */
    int converged;            /* 1 if a tolerance was met */
    /* Per parameter: standard deviation from (J^T J)^-1 at x (INFINITY
     * when not identified), identified 1/0, and why not: 0 identified,
     * 1 zero Jacobian column, 2 (nearly) collinear with others, 3 sd
     * larger than its bound interval. */
    double *sd;               /* np, caller's array, may be NULL */
    int *identified;          /* np, may be NULL */
    int *why;                 /* np, may be NULL */
} cfp_lsq_result;

/* x: start in (projected into the bounds), best point out; r: nr values,
 * the residuals at the returned x (may be NULL).  Returns 0 (converged),
 * CALFPUMP_E_MAXSTEPS (iteration limit; x is the best point found),
 * CALFPUMP_E_NOMEM, CALFPUMP_E_NONFINITE (NaN at the start), or the
 * evaluator's code.  msg (CFP_MSG_SIZE bytes, may be NULL) says why on
 * failure. Allocates its work space itself. */
int cfp_lsq_solve(const cfp_lsq_problem *p, double *x, double *r, cfp_lsq_result *res,
                  char *msg);

#endif
