/* Dense LU factorisation with partial (row) pivoting in the outer-product
 * (kij) form of Gaussian elimination, Golub & Van Loan, Matrix
 * Computations, section 3.4.  Zero multipliers are skipped, each update
 * runs only over the non-zeros of the pivot row, and the factors
 * are stored again row by row with only their non-zeros, so that the
 * triangular solves (done many times per factorisation) cost O(nnz). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ode/linalg.h"

int cfp_lu_alloc(cfp_lu *lu, size_t n)
{
    memset(lu, 0, sizeof *lu);
    if (n == 0 || n > 46000) /* n*n must fit an int index */
        return -1;
    lu->n = n;
    lu->a = malloc((3 * n * n + 2 * n) * sizeof(double));
    lu->piv = malloc((6 * n + 2 + n * n) * sizeof(int));
    if (!lu->a || !lu->piv) {
        cfp_lu_free(lu);
        return -1;
    }
    lu->lval = lu->a + n * n;
    lu->uval = lu->lval; /* L from the front, U from the back: n*n in all */
    lu->udinv = lu->a + 2 * n * n;
    lu->pa = lu->udinv + n;
    lu->pb = lu->pa + n * n;
    lu->lrow = lu->piv + n;
    lu->urow = lu->lrow + n + 1;
    lu->lcol = lu->urow + n + 1;
    lu->ucol = lu->lcol;
    lu->nzj = lu->lcol + n * n;
    lu->perm = lu->nzj + n;
    lu->deg = lu->perm + n;
    return 0;
}

void cfp_lu_free(cfp_lu *lu)
{
    free(lu->a);
    free(lu->piv);
    memset(lu, 0, sizeof *lu);
}

/* Gaussian elimination in place, P A = L U with L's multipliers below the
 * diagonal.  Returns 1 at a pivot that is zero or not finite, else 0. */
static int lu_eliminate(cfp_lu *lu)
{
    size_t n = lu->n;
    double *a = lu->pa;
    int *piv = lu->piv;
    size_t nz;
    for (size_t k = 0; k < n; k++) {
        double *rk = a + k * n, big = fabs(rk[k]), inv;
        size_t p = k;
        for (size_t i = k + 1; i < n; i++) {
            double v = fabs(a[i * n + k]);
            if (v > big) {
                big = v;
                p = i;
            }
        }
        piv[k] = (int)p;
        if (!(big > 0) || !isfinite(big))
            return 1;
        if (p != k) {
            double *rp = a + p * n;
            for (size_t j = 0; j < n; j++) {
                double t = rk[j];
                rk[j] = rp[j];
                rp[j] = t;
            }
        }
        inv = 1.0 / rk[k];
        nz = 0;
        for (size_t j = k + 1; j < n; j++) /* the pivot row's non-zeros */
            if (rk[j] != 0.0)
                lu->nzj[nz++] = (int)j;
        for (size_t i = k + 1; i < n; i++) {
            double *ri = a + i * n, l = ri[k];
            if (l == 0.0)
                continue;
            l *= inv;
            ri[k] = l;
            for (size_t q = 0; q < nz; q++)
                ri[lu->nzj[q]] -= l * rk[lu->nzj[q]];
        }
    }
    return 0;
}

/* Compress the factors: L's rows from the front of the value array, U's
 * rows (stored backwards, last row first) from its back. */
static void lu_compress(cfp_lu *lu)
{
    size_t n = lu->n, nl = 0, nu = 0;
    const double *a = lu->pa;
    for (size_t i = 0; i < n; i++) {
        const double *ri = a + i * n;
        lu->lrow[i] = (int)nl;
        for (size_t j = 0; j < i; j++)
            if (ri[j] != 0.0) {
                lu->lcol[nl] = (int)j;
                lu->lval[nl++] = ri[j];
            }
    }
    lu->lrow[n] = (int)nl;
    for (size_t i = n; i-- > 0;) {
        const double *ri = a + i * n;
        lu->urow[i + 1] = (int)(n * n - nu);
        for (size_t j = n; j-- > i + 1;)
            if (ri[j] != 0.0) {
                nu++;
                lu->ucol[n * n - nu] = (int)j;
                lu->uval[n * n - nu] = ri[j];
            }
        lu->udinv[i] = 1.0 / ri[i];
    }
    lu->urow[0] = (int)(n * n - nu);
}

#define CFP_LU_REORDER 64

/* Order the unknowns by their number of non-zeros, row plus column (a
 * static approximation of minimum degree), and permute a symmetrically
 * into pa: pa[i][j] = a[perm[i]][perm[j]].  On the calf-pump equations
 * this puts the valve states (a few non-zeros each) before the volumes
 * and the tissue fluid, hyperaemia and cumulative volumes (dense rows or
 * columns) last, which keeps the fill of the factors small. */
static void lu_order(cfp_lu *lu)
{
    size_t n = lu->n;
    const double *a = lu->a;
    int *perm = lu->perm, *deg = lu->deg;
    /* The pattern hardly changes from one matrix to the next, and the
     * order only affects the fill, not the result: it is found again every
     * CFP_LU_REORDER factorisations. */
    if (lu->order_age++ % CFP_LU_REORDER == 0) {
        for (size_t i = 0; i < n; i++)
            deg[i] = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++) {
                int nz = a[i * n + j] != 0.0 && i != j;
                deg[i] += nz;
                deg[j] += nz;
            }
        for (size_t i = 0; i < n; i++) { /* stable insertion sort by degree */
            size_t k = i;
            for (; k > 0 && deg[perm[k - 1]] > deg[i]; k--)
                perm[k] = perm[k - 1];
            perm[k] = (int)i;
        }
    }
    for (size_t i = 0; i < n; i++) {
        const double *src = a + (size_t)perm[i] * n;
        double *dst = lu->pa + i * n;
        for (size_t j = 0; j < n; j++)
            dst[j] = src[perm[j]];
    }
}

int cfp_lu_factor(cfp_lu *lu)
{
    lu_order(lu);
    if (lu_eliminate(lu))
        return 1;
    lu_compress(lu);
    return 0;
}

void cfp_lu_solve(const cfp_lu *lu, double *x)
{
    size_t n = lu->n;
    double *b = lu->pb;
    for (size_t i = 0; i < n; i++) /* into the order of the factors */
        b[i] = x[lu->perm[i]];
    /* Apply the row interchanges in the order they were made. */
    for (size_t k = 0; k < n; k++) {
        size_t p = (size_t)lu->piv[k];
        if (p != k) {
            double t = b[k];
            b[k] = b[p];
            b[p] = t;
        }
    }
    /* L y = P b (unit diagonal). */
    for (size_t i = 1; i < n; i++) {
        double s = b[i];
        for (int q = lu->lrow[i]; q < lu->lrow[i + 1]; q++)
            s -= lu->lval[q] * b[lu->lcol[q]];
        b[i] = s;
    }
    /* U x = y: row i's off-diagonal entries are [urow[i], urow[i+1]). */
    for (size_t i = n; i-- > 0;) {
        double s = b[i];
        for (int q = lu->urow[i]; q < lu->urow[i + 1]; q++)
            s -= lu->uval[q] * b[lu->ucol[q]];
        b[i] = s * lu->udinv[i];
    }
    for (size_t i = 0; i < n; i++)
        x[lu->perm[i]] = b[i];
}

double *cfp_lu_alloc_jac(cfp_lu *lu, size_t n, size_t extra)
{
    double *w;
    if (n > 46000 || cfp_lu_alloc(lu, n))
        return NULL;
    if (!(w = malloc((n * n + extra) * sizeof *w)))
        cfp_lu_free(lu);
    return w;
}
