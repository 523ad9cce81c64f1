/* Sparse LU of the matrices d I - s J of the implicit integrators on large
 * networks, where J has a fixed sparsity pattern (by row, base/sparse.h).
 *
 * cfp_splu_analyse() is done once per pattern: it orders the unknowns by
 * their non-zero count (as the dense LU does, linalg.c), finds the fill of
 * the symmetrised pattern in that order from its elimination tree (Liu's
 * row subtrees; T. A. Davis, Direct Methods for Sparse Linear Systems,
 * SIAM 2006, chapter 4) and allocates everything.  cfp_splu_factor()
 * then factors in place on that pattern, row by row (Doolittle, the "ikj"
 * form), with the pivots on the diagonal: no row interchanges, so the
 * pattern never changes.  That is safe for d I - s J when d / s exceeds
 * the spectral radius of J, and for the diagonally dominant matrices of
 * the network equations; a pivot that is zero, not finite, or below
 * CFP_SPLU_TINY times its row's largest entry is reported as singular, and
 * the integrators then shorten the step (d grows).  Factor and solve
 * allocate nothing; memory and time are proportional to the non-zeros of
 * the factors. */
#ifndef CFP_SPLU_H
#define CFP_SPLU_H

#include <stddef.h>
#include "base/sparse.h"

#define CFP_SPLU_TINY 1e-13

typedef struct cfp_splu {
    size_t n;
    int *perm, *iperm; /* position i holds unknown perm[i]; iperm is its inverse */
    size_t *start;     /* n + 1: row i of the factors is fcol/fval[start[i] .. start[i+1]) */
    size_t *diag;      /* n: position of row i's diagonal entry */
    int *fcol;         /* columns (in the order of the factors), ascending per row */
    double *fval;      /* L below the diagonal (unit diagonal not stored), U on and above */
    size_t *jpos;      /* nnz(J): position in fval of each entry of J's pattern */
    size_t *jdiag;     /* n: position in fval of the diagonal of unknown i */
    double *w;         /* n: the row being eliminated, scattered */
    double *b;         /* n: a right-hand side in the order of the factors */
} cfp_splu;

/* Analyse the pattern (n x n, by row) and allocate.  Returns 0, or -1
 * when out of memory (*f is then empty). */
int cfp_splu_analyse(cfp_splu *f, const cfp_sparse *pat);
void cfp_splu_free(cfp_splu *f);
/* Factor d I - s J, J given as the values of pat's entries in pat's
 * order.  Returns 0, or 1 at a pivot that is zero, not finite or tiny. */
int cfp_splu_factor(cfp_splu *f, const cfp_sparse *pat, const double *jval, double d,
                    double s);
/* Solve with the factors; x is overwritten with the solution. */
void cfp_splu_solve(const cfp_splu *f, double *x);
/* Non-zeros of the factors (for the benchmarks and tests). */
size_t cfp_splu_nnz(const cfp_splu *f);

#endif
