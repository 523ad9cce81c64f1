/* Dense LU factorisation with partial (row) pivoting in the outer-product
 * (kij) form of Gaussian elimination, Golub & Van Loan, Matrix
 * Computations, section 3.4.  Zero multipliers are skipped, and the factors
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
    lu->a = malloc((2 * n * n + n) * sizeof(double));
    lu->piv = malloc((3 * n + 2 + n * n) * sizeof(int));
    if (!lu->a || !lu->piv) {
        cfp_lu_free(lu);
        return -1;
    }
    lu->lval = lu->a + n * n;
    lu->uval = lu->lval; /* L from the front, U from the back: n*n in all */
    lu->udinv = lu->a + 2 * n * n;
    lu->lrow = lu->piv + n;
    lu->urow = lu->lrow + n + 1;
    lu->lcol = lu->urow + n + 1;
    lu->ucol = lu->lcol;
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
    double *a = lu->a;
    int *piv = lu->piv;
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
        for (size_t i = k + 1; i < n; i++) {
            double *ri = a + i * n, l = ri[k];
            if (l == 0.0)
                continue;
            l *= inv;
            ri[k] = l;
            for (size_t j = k + 1; j < n; j++)
                ri[j] -= l * rk[j];
        }
    }
    return 0;
}

/* Compress the factors: L's rows from the front of the value array, U's
 * rows (stored backwards, last row first) from its back. */
static void lu_compress(cfp_lu *lu)
{
    size_t n = lu->n, nl = 0, nu = 0;
    const double *a = lu->a;
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

int cfp_lu_factor(cfp_lu *lu)
{
    if (lu_eliminate(lu))
        return 1;
    lu_compress(lu);
    return 0;
}

void cfp_lu_solve(const cfp_lu *lu, double *b)
{
    size_t n = lu->n;
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
