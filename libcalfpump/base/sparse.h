/* Sparsity patterns in compressed rows: row i's non-zero columns are
 * col[start[i] .. start[i+1]), ascending, without repeats.  Used for the
 * structure of the calf-pump Jacobian and its finite-difference column
 * grouping; memory and time are linear in the number of non-zeros. */
#ifndef CFP_SPARSE_H
#define CFP_SPARSE_H

#include <stddef.h>

typedef struct cfp_sparse {
    size_t n;       /* rows (and columns) */
    size_t *start;  /* n + 1 */
    int *col;       /* start[n] */
} cfp_sparse;

/* The pattern of the np entries (row[k], col[k]) of an n x n matrix
 * (repeats allowed) into *out; 0 or -1 (out of memory; *out is empty). */
int cfp_sparse_from_pairs(cfp_sparse *out, size_t n, size_t np, const int *row,
                          const int *col);
/* The pattern of a dense n x n row-major 0/1 array; 0 or -1. */
int cfp_sparse_from_dense(cfp_sparse *out, size_t n, const unsigned char *dense);
/* The transpose of a (its columns as rows); 0 or -1. */
int cfp_sparse_transpose(cfp_sparse *out, const cfp_sparse *a);
void cfp_sparse_free(cfp_sparse *a);

#endif
