/* Compressed-row sparsity patterns (see base/sparse.h). */
#include <stdlib.h>
#include <string.h>
#include "base/sparse.h"

void cfp_sparse_free(cfp_sparse *a)
{
    free(a->start);
    free(a->col);
    memset(a, 0, sizeof *a);
}

static int sparse_alloc(cfp_sparse *a, size_t n, size_t nnz)
{
    a->n = n;
    a->start = calloc(n + 1, sizeof *a->start);
    a->col = malloc((nnz ? nnz : 1) * sizeof *a->col);
    if (!a->start || !a->col) {
        cfp_sparse_free(a);
        return -1;
    }
    return 0;
}

/* Bucket the entries by key (counting sort, stable): start[key..] gets
 * the offsets, out[] the values in key order. */
static void bucket(size_t n, size_t np, const int *key, const int *val, size_t *start, int *out,
                   size_t *fill)
{
    memset(start, 0, (n + 1) * sizeof *start);
    for (size_t k = 0; k < np; k++)
        start[key[k] + 1]++;
    for (size_t i = 0; i < n; i++)
        start[i + 1] += start[i];
    memcpy(fill, start, n * sizeof *fill);
    for (size_t k = 0; k < np; k++)
        out[fill[key[k]]++] = val[k];
}

int cfp_sparse_from_pairs(cfp_sparse *out, size_t n, size_t np, const int *row, const int *col)
{
    /* Bucket by column, then (stably) by row: each row's columns come out
     * ascending; then drop the repeats.  Linear in n + np. */
    size_t *cstart = malloc((n + 1) * sizeof *cstart), *fill = malloc((n + 1) * sizeof *fill);
    int *crow = malloc((np ? np : 1) * sizeof *crow), *ccol = calloc(np ? np : 1, sizeof *ccol);
    int st = -1;
    memset(out, 0, sizeof *out);
    if (!cstart || !fill || !crow || !ccol || sparse_alloc(out, n, np))
        goto done;
    bucket(n, np, col, row, cstart, crow, fill);
    for (size_t j = 0; j < n; j++)
        for (size_t k = cstart[j]; k < cstart[j + 1]; k++)
            ccol[k] = (int)j;
    bucket(n, np, crow, ccol, out->start, out->col, fill);
    {
        size_t w = 0, r0 = 0;
        for (size_t i = 0; i < n; i++) {
            size_t r1 = out->start[i + 1];
            out->start[i] = w;
            for (size_t k = r0; k < r1; k++)
                if (k == r0 || out->col[k] != out->col[k - 1])
                    out->col[w++] = out->col[k];
            r0 = r1;
        }
        out->start[n] = w;
    }
    st = 0;
done:
    free(cstart);
    free(fill);
    free(crow);
    free(ccol);
    return st;
}

int cfp_sparse_from_dense(cfp_sparse *out, size_t n, const unsigned char *dense)
{
    size_t nnz = 0;
    memset(out, 0, sizeof *out);
    for (size_t k = 0; k < n * n; k++)
        nnz += dense[k] != 0;
    if (sparse_alloc(out, n, nnz))
        return -1;
    nnz = 0;
    for (size_t i = 0; i < n; i++) {
        out->start[i] = nnz;
        for (size_t j = 0; j < n; j++)
            if (dense[i * n + j])
                out->col[nnz++] = (int)j;
    }
    out->start[n] = nnz;
    return 0;
}

int cfp_sparse_transpose(cfp_sparse *out, const cfp_sparse *a)
{
    size_t n = a->n, nnz = a->start[n], *fill = malloc((n + 1) * sizeof *fill);
    memset(out, 0, sizeof *out);
    if (!fill || sparse_alloc(out, n, nnz)) {
        free(fill);
        return -1;
    }
    for (size_t k = 0; k < nnz; k++)
        out->start[a->col[k] + 1]++;
    for (size_t i = 0; i < n; i++)
        out->start[i + 1] += out->start[i];
    memcpy(fill, out->start, n * sizeof *fill);
    for (size_t i = 0; i < n; i++)
        for (size_t k = a->start[i]; k < a->start[i + 1]; k++)
            out->col[fill[a->col[k]]++] = (int)i;
    free(fill);
    return 0;
}
