/* Small dense linear algebra for the implicit integrators: LU
 * factorisation with partial pivoting and the matching solve.  Matrices
 * are row-major, a[i * n + j].  The factors are also kept in compressed
 * form (only their non-zeros), which makes the solves much cheaper for the
 * sparse Jacobians of networks. */
#ifndef CFP_LINALG_H
#define CFP_LINALG_H

#include <stddef.h>

typedef struct cfp_lu {
    size_t n;
    double *a;       /* n*n: the matrix to factor (kept) */
    int *piv;        /* n: row swapped with row k at elimination step k */
    int *lrow, *urow;/* n+1 each: start of row i of L / U in lcol, lval... */
    int *lcol, *ucol;/* column indices of the off-diagonal non-zeros */
    double *lval, *uval, *udinv; /* their values; 1 / U[i][i] */
    int *nzj;        /* n: columns of the pivot row's non-zeros (elimination) */
    int *perm, *deg; /* n each: the order of the unknowns in the factors (perm[i]:
                        the unknown at position i), their non-zero counts */
    unsigned long order_age; /* factorisations since cfp_lu_alloc() */
    double *pa, *pb; /* n*n, n: a in that order, then its dense factors; a
                        right-hand side in that order */
} cfp_lu;

/* Allocate the workspace for n x n systems (all of it: factor and solve
 * allocate nothing).  Returns 0, or -1 when out of memory. */
int cfp_lu_alloc(cfp_lu *lu, size_t n);
void cfp_lu_free(cfp_lu *lu);
/* cfp_lu_alloc() and a block of n*n + extra doubles (a Jacobian and the
 * method's vectors), for the Rosenbrock methods; NULL (nothing kept) when
 * out of memory or n is too large for a dense matrix.  Free the block with
 * free(). */
double *cfp_lu_alloc_jac(cfp_lu *lu, size_t n, size_t extra);

/* Factor lu->a in place into P A = L U (unit lower L below the diagonal,
 * U on and above it) and compress the factors.  Returns 0, or 1 if a pivot
 * is zero or not finite (singular to working precision). */
int cfp_lu_factor(cfp_lu *lu);

/* Solve A x = b with the factors; b is overwritten with x. */
void cfp_lu_solve(const cfp_lu *lu, double *b);

#endif
