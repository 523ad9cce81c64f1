/* The Jacobian J of the implicit integrators and the factors of
 * d I - s J: dense (linalg.h) for small systems, sparse on J's pattern
 * (splu.h) for large ones, so that memory and time follow the non-zeros
 * rather than dim^2.
 *
 * Systems of up to CFP_JMAT_DENSE_MAX unknowns are dense and allocated by
 * cfp_jmat_init().  Larger ones are allocated once, at the first
 * cfp_jmat_eval() (the pattern belongs to the evaluation context):
 * sparse when the context has a pattern and can evaluate J by it
 * (cfp_odectx_has_csr()), dense otherwise.  Nothing is allocated after
 * that. */
#ifndef CFP_JMAT_H
#define CFP_JMAT_H

#include "ode/linalg.h"
#include "ode/solver.h"
#include "ode/splu.h"

#define CFP_JMAT_DENSE_MAX 200

typedef struct cfp_jmat {
    size_t n;
    int sparse;            /* 1: J holds the pattern's values, sp the factors */
    double *J;             /* dense: n*n row-major; sparse: one value per entry */
    cfp_lu lu;             /* dense factors */
    const cfp_sparse *pat; /* sparse: J's pattern (the context's) */
    cfp_splu sp;           /* sparse factors */
} cfp_jmat;

/* 0, or -1 when out of memory. */
int cfp_jmat_init(cfp_jmat *m, size_t n);
void cfp_jmat_free(cfp_jmat *m);
/* J at (t, y), fy = f(t, y); a status as calfpump_odectx_jac()'s. */
int cfp_jmat_eval(cfp_jmat *m, calfpump_odectx *c, double t, const double *y, const double *fy);
/* Factor d I - s J (counted as an LU decomposition of c).  Returns 0, or 1
 * when the matrix is singular to working precision. */
int cfp_jmat_factor(cfp_jmat *m, calfpump_odectx *c, double d, double s);
/* Solve (d I - s J) x = b with the factors; b is overwritten with x. */
void cfp_jmat_solve(cfp_jmat *m, double *b);
/* out = J x (sums in ascending column order). */
void cfp_jmat_mul(const cfp_jmat *m, const double *x, double *out);
/* r -= J x, the terms of row i subtracted one by one, ascending. */
void cfp_jmat_mulsub(const cfp_jmat *m, const double *x, double *r);

#endif
