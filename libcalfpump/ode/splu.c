/* Sparse LU on a fixed pattern (splu.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ode/splu.h"

void cfp_splu_free(cfp_splu *f)
{
    free(f->perm);
    free(f->start);
    free(f->diag);
    free(f->fcol);
    free(f->fval);
    free(f->jpos);
    free(f->w);
    memset(f, 0, sizeof *f);
}

size_t cfp_splu_nnz(const cfp_splu *f) { return f->n ? f->start[f->n] : 0; }

/* The order of the unknowns: by their count of off-diagonal non-zeros,
 * row plus column, ties in index order (a stable counting sort). */
static int order(cfp_splu *f, const cfp_sparse *pat)
{
    size_t n = pat->n, *cnt;
    int *deg = calloc(n, sizeof *deg);
    if (!deg || !(cnt = calloc(2 * n + 2, sizeof *cnt))) {
        free(deg);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t p = pat->start[i]; p < pat->start[i + 1]; p++)
            if ((size_t)pat->col[p] != i) {
                deg[i]++;
                deg[pat->col[p]]++;
            }
    for (size_t i = 0; i < n; i++)
        cnt[deg[i] + 1]++;
    for (size_t k = 1; k < 2 * n + 2; k++)
        cnt[k] += cnt[k - 1];
    for (size_t i = 0; i < n; i++)
        f->perm[cnt[deg[i]]++] = (int)i;
    for (size_t i = 0; i < n; i++)
        f->iperm[f->perm[i]] = (int)i;
    free(deg);
    free(cnt);
    return 0;
}

/* The symmetrised pattern in the order of the factors, diagonal included. */
static int symmetrise(const cfp_splu *f, const cfp_sparse *pat, cfp_sparse *b)
{
    size_t n = pat->n, nz = pat->start[n], k = 0;
    int *row = malloc((2 * nz + n) * sizeof *row), *col = malloc((2 * nz + n) * sizeof *col);
    int st = -1;
    if (row && col) {
        for (size_t i = 0; i < n; i++) {
            row[k] = col[k] = (int)i;
            k++;
            for (size_t p = pat->start[i]; p < pat->start[i + 1]; p++) {
                int a = f->iperm[i], c = f->iperm[pat->col[p]];
                row[k] = a, col[k++] = c;
                row[k] = c, col[k++] = a;
            }
        }
        st = cfp_sparse_from_pairs(b, n, k, row, col);
    }
    free(row);
    free(col);
    return st;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* The strictly lower rows of L for the symmetric pattern b: row k holds
 * the nodes of the elimination tree reached from b's row k below k.
 * With lcol NULL only the counts (into lcnt) are found. */
static void lower_rows(const cfp_sparse *b, const int *parent, int *mark, size_t *lcnt,
                       const size_t *lstart, int *lcol)
{
    size_t n = b->n;
    for (size_t k = 0; k < n; k++)
        mark[k] = -1;
    for (size_t k = 0; k < n; k++) {
        size_t len = 0;
        mark[k] = (int)k;
        for (size_t p = b->start[k]; p < b->start[k + 1] && (size_t)b->col[p] < k; p++)
            for (int i = b->col[p]; mark[i] != (int)k; i = parent[i]) {
                mark[i] = (int)k;
                if (lcol)
                    lcol[lstart[k] + len] = i;
                len++;
            }
        lcnt[k] = len;
        if (lcol)
            qsort(lcol + lstart[k], len, sizeof *lcol, cmp_int);
    }
}

/* The elimination tree of the symmetric pattern b (Davis, section 4.1). */
static void etree(const cfp_sparse *b, int *parent, int *anc)
{
    for (size_t k = 0; k < b->n; k++) {
        parent[k] = anc[k] = -1;
        for (size_t p = b->start[k]; p < b->start[k + 1] && (size_t)b->col[p] < k; p++)
            for (int i = b->col[p], next; i != -1 && i < (int)k; i = next) {
                next = anc[i];
                anc[i] = (int)k;
                if (next == -1)
                    parent[i] = (int)k;
            }
    }
}

/* Rows of the factors: L's row i, the diagonal, then U's row i (L's
 * column i, by symmetry of the pattern). */
static int assemble(cfp_splu *f, const size_t *lcnt, const size_t *lstart, const int *lcol)
{
    size_t n = f->n, *ucnt = calloc(n, sizeof *ucnt), *ufill = NULL;
    if (!ucnt)
        return -1;
    for (size_t i = 0; i < n; i++)
        for (size_t p = 0; p < lcnt[i]; p++)
            ucnt[lcol[lstart[i] + p]]++;
    f->start[0] = 0;
    for (size_t i = 0; i < n; i++)
        f->start[i + 1] = f->start[i] + lcnt[i] + 1 + ucnt[i];
    f->fcol = malloc(f->start[n] * sizeof *f->fcol);
    f->fval = malloc(f->start[n] * sizeof *f->fval);
    ufill = malloc(n * sizeof *ufill);
    if (!f->fcol || !f->fval || !ufill) {
        free(ucnt);
        free(ufill);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        memcpy(f->fcol + f->start[i], lcol + lstart[i], lcnt[i] * sizeof *lcol);
        f->diag[i] = f->start[i] + lcnt[i];
        f->fcol[f->diag[i]] = (int)i;
        ufill[i] = f->diag[i] + 1;
    }
    for (size_t i = 0; i < n; i++) /* rows in ascending order: U's columns ascend */
        for (size_t p = 0; p < lcnt[i]; p++)
            f->fcol[ufill[lcol[lstart[i] + p]]++] = (int)i;
    free(ucnt);
    free(ufill);
    return 0;
}

/* Where each entry of J (and each diagonal) sits in fval. */
static void map_entries(cfp_splu *f, const cfp_sparse *pat)
{
    for (size_t i = 0; i < f->n; i++) {
        size_t r = (size_t)f->iperm[i];
        f->jdiag[i] = f->diag[r];
        for (size_t p = pat->start[i]; p < pat->start[i + 1]; p++) {
            const int *lo = f->fcol + f->start[r], *hi = f->fcol + f->start[r + 1];
            int c = f->iperm[pat->col[p]];
            while (hi - lo > 1) { /* the entry is there: the pattern contains J's */
                const int *mid = lo + (hi - lo) / 2;
                if (*mid > c)
                    hi = mid;
                else
                    lo = mid;
            }
            f->jpos[p] = (size_t)(lo - f->fcol);
        }
    }
}

int cfp_splu_analyse(cfp_splu *f, const cfp_sparse *pat)
{
    size_t n = pat->n, *lcnt = NULL, *lstart = NULL;
    int *parent = NULL, *work = NULL, *lcol = NULL, st = -1;
    cfp_sparse b = {0, NULL, NULL};
    memset(f, 0, sizeof *f);
    f->n = n;
    f->perm = malloc(2 * n * sizeof *f->perm);
    f->start = malloc((n + 1) * sizeof *f->start);
    f->diag = malloc(2 * n * sizeof *f->diag);
    f->jpos = malloc((pat->start[n] + 1) * sizeof *f->jpos);
    f->w = malloc(2 * n * sizeof *f->w);
    parent = malloc(2 * n * sizeof *parent);
    lcnt = malloc(2 * (n + 1) * sizeof *lcnt);
    if (n == 0 || !f->perm || !f->start || !f->diag || !f->jpos || !f->w || !parent || !lcnt)
        goto done;
    f->iperm = f->perm + n;
    f->jdiag = f->diag + n;
    f->b = f->w + n;
    work = parent + n;
    lstart = lcnt + n + 1;
    if (order(f, pat) || symmetrise(f, pat, &b))
        goto done;
    etree(&b, parent, work);
    lower_rows(&b, parent, work, lcnt, NULL, NULL);
    lstart[0] = 0;
    for (size_t i = 0; i < n; i++)
        lstart[i + 1] = lstart[i] + lcnt[i];
    if (!(lcol = malloc((lstart[n] + 1) * sizeof *lcol)))
        goto done;
    lower_rows(&b, parent, work, lcnt, lstart, lcol);
    if (assemble(f, lcnt, lstart, lcol))
        goto done;
    map_entries(f, pat);
    st = 0;
done:
    cfp_sparse_free(&b);
    free(parent);
    free(lcnt);
    free(lcol);
    if (st)
        cfp_splu_free(f);
    return st;
}

int cfp_splu_factor(cfp_splu *f, const cfp_sparse *pat, const double *jval, double d,
                    double s)
{
    size_t n = f->n;
    double *w = f->w, *v = f->fval;
    memset(v, 0, f->start[n] * sizeof *v);
    for (size_t p = 0; p < pat->start[n]; p++)
        v[f->jpos[p]] = -s * jval[p];
    for (size_t i = 0; i < n; i++)
        v[f->jdiag[i]] += d;
    for (size_t i = 0; i < n; i++) {
        size_t a = f->start[i], e = f->start[i + 1], dg = f->diag[i];
        double big = 0, piv;
        for (size_t p = a; p < e; p++)
            w[f->fcol[p]] = v[p];
        for (size_t p = a; p < dg; p++) { /* L's row i, ascending */
            size_t k = (size_t)f->fcol[p];
            double l = w[k] / v[f->diag[k]];
            w[k] = l;
            if (l != 0.0)
                for (size_t q = f->diag[k] + 1; q < f->start[k + 1]; q++)
                    w[f->fcol[q]] -= l * v[q];
        }
        for (size_t p = dg; p < e; p++)
            big = fmax(big, fabs(w[f->fcol[p]]));
        piv = fabs(w[i]);
        if (!(piv > CFP_SPLU_TINY * big) || !isfinite(big))
            return 1;
        for (size_t p = a; p < e; p++)
            v[p] = w[f->fcol[p]];
    }
    return 0;
}

void cfp_splu_solve(const cfp_splu *f, double *x)
{
    size_t n = f->n;
    double *b = f->b;
    const double *v = f->fval;
    for (size_t i = 0; i < n; i++)
        b[i] = x[f->perm[i]];
    for (size_t i = 0; i < n; i++) { /* L (unit diagonal) */
        double s = b[i];
        for (size_t p = f->start[i]; p < f->diag[i]; p++)
            s -= v[p] * b[f->fcol[p]];
        b[i] = s;
    }
    for (size_t i = n; i-- > 0;) { /* U */
        double s = b[i];
        for (size_t p = f->diag[i] + 1; p < f->start[i + 1]; p++)
            s -= v[p] * b[f->fcol[p]];
        b[i] = s / v[f->diag[i]];
    }
    for (size_t i = 0; i < n; i++)
        x[f->perm[i]] = b[i];
}
