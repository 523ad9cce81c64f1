/* Variance-based sensitivity (include/calfpump/study.h, group sobol):
 * Saltelli's sampling plan, Saltelli's (2010) first-order and Jansen's
 * (1999) total-effect estimators, percentile bootstrap intervals.
 *
 * Saltelli A et al. (2010) Variance based sensitivity analysis of model
 * output. Comput Phys Commun 181:259-270, table 2 (estimators b and f).
 * The first-order sum uses f(B) less the mean: the same expectation (the
 * factor f(AB_i) - f(A) has mean zero) and a far smaller variance when the
 * output's mean is large against its spread (a VV of 100 +- 10 mL). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <calfpump.h>
#include "base/util.h"
#include "study/rng.h"

#define SOBOL_K_MAX 1000
#define SOBOL_BOOT_MAX 100000

int calfpump_sobol_plan(size_t k, size_t n, unsigned long seed, double *u, char *errbuf,
                        size_t errlen)
{
    char msg[160];
    if (!u) {
        cfp_errbuf(errbuf, errlen, "sobol_plan: the matrix is NULL");
        return CALFPUMP_E_NULL;
    }
    if (k < 1 || k > SOBOL_K_MAX || n < 2 || n > SIZE_MAX / (k + 2) / k / sizeof *u) {
        snprintf(msg, sizeof msg, "sobol_plan: k = %zu, n = %zu: need 1 <= k <= %d and n >= 2 "
                 "(and a plan that fits in memory)", k, n, SOBOL_K_MAX);
        cfp_errbuf(errbuf, errlen, msg);
        return CALFPUMP_E_RANGE;
    }
    for (size_t r = 0; r < n; r++)
        for (size_t c = 0; c < k; c++) {
            double a = cfp_rng_u(seed, r, c), b = cfp_rng_u(seed, r, k + c);
            u[r * k + c] = a;
            u[(n + r) * k + c] = b;
            for (size_t i = 0; i < k; i++)
                u[((2 + i) * n + r) * k + c] = c == i ? b : a;
        }
    cfp_errbuf(errbuf, errlen, "");
    return CALFPUMP_OK;
}

/* The estimates for input i from rows row[0..m-1] (indices into the
 * plan's base rows, repeats allowed); 0 when the output has no variance. */
static int estimate(size_t n, const double *y, const size_t *row, size_t m, double *s1,
                    double *st, size_t i)
{
    const double *ya = y, *yb = y + n, *yab = y + (2 + i) * n;
    double mean = 0, var = 0, num1 = 0, numt = 0;
    for (size_t j = 0; j < m; j++)
        mean += ya[row[j]] + yb[row[j]];
    mean /= 2.0 * (double)m;
    for (size_t j = 0; j < m; j++) {
        double da = ya[row[j]] - mean, db = yb[row[j]] - mean, d = ya[row[j]] - yab[row[j]];
        var += da * da + db * db;
        num1 += db * (yab[row[j]] - ya[row[j]]);
        numt += d * d;
    }
    var /= 2.0 * (double)m - 1;
    if (!(var > 0))
        return 0;
    *s1 = num1 / (double)m / var;
    *st = numt / (2.0 * (double)m) / var;
    return 1;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The percentile interval of v[0..nb-1] (sorted here) at level. */
static void interval(double *v, size_t nb, double level, double *lo, double *hi)
{
    double a = 0.5 * (1 - level) * (double)(nb - 1), b = 0.5 * (1 + level) * (double)(nb - 1);
    size_t ia = (size_t)a, ib = (size_t)b;
    qsort(v, nb, sizeof *v, cmp_double);
    *lo = v[ia] + (a - (double)ia) * (ia + 1 < nb ? v[ia + 1] - v[ia] : 0);
    *hi = v[ib] + (b - (double)ib) * (ib + 1 < nb ? v[ib + 1] - v[ib] : 0);
}

/* The rows whose outputs are all finite. */
static size_t usable_rows(size_t k, size_t n, const double *y, size_t *row)
{
    size_t m = 0;
    for (size_t r = 0; r < n; r++) {
        int ok = cfp_finite(y[r]) && cfp_finite(y[n + r]);
        for (size_t i = 0; ok && i < k; i++)
            ok = cfp_finite(y[(2 + i) * n + r]);
        if (ok)
            row[m++] = r;
    }
    return m;
}

/* nb bootstrap estimates of every index, then their intervals. */
static int bootstrap(size_t k, size_t n, const double *y, const size_t *row, size_t m,
                     size_t nb, double level, unsigned long seed, calfpump_sobol_index *out)
{
    size_t *pick = malloc(m * sizeof *pick);
    double *s1 = malloc(nb * k * sizeof *s1), *st = malloc(nb * k * sizeof *st);
    int ok = pick && s1 && st;
    for (size_t b = 0; ok && b < nb; b++) {
        for (size_t j = 0; j < m; j++)
            pick[j] = row[(size_t)(cfp_rng_u(seed, b, j) * (double)m) % m];
        for (size_t i = 0; i < k; i++)
            if (!estimate(n, y, pick, m, &s1[i * nb + b], &st[i * nb + b], i))
                s1[i * nb + b] = st[i * nb + b] = 0; /* a resample of equal outputs */
    }
    for (size_t i = 0; ok && i < k; i++) {
        interval(s1 + i * nb, nb, level, &out[i].s1_lo, &out[i].s1_hi);
        interval(st + i * nb, nb, level, &out[i].st_lo, &out[i].st_hi);
    }
    free(pick);
    free(s1);
    free(st);
    return ok;
}

static int fail(char *errbuf, size_t errlen, int code, const char *msg)
{
    cfp_errbuf(errbuf, errlen, msg);
    return code;
}

int calfpump_sobol_indices(size_t k, size_t n, const double *y, size_t nboot, double level,
                           unsigned long seed, calfpump_sobol_index *out, size_t *used,
                           char *errbuf, size_t errlen)
{
    size_t *row, m;
    if (used)
        *used = 0;
    if (!y || !out)
        return fail(errbuf, errlen, CALFPUMP_E_NULL, "sobol_indices: y and out are required");
    if (k < 1 || k > SOBOL_K_MAX || n < 2 || n > SIZE_MAX / (k + 2) / sizeof *y)
        return fail(errbuf, errlen, CALFPUMP_E_RANGE,
                    "sobol_indices: need 1 <= k <= 1000 and n >= 2");
    if (nboot && !(level > 0 && level < 1))
        return fail(errbuf, errlen, CALFPUMP_E_RANGE,
                    "sobol_indices: the confidence level must be in (0, 1)");
    if (nboot > SOBOL_BOOT_MAX)
        return fail(errbuf, errlen, CALFPUMP_E_RANGE,
                    "sobol_indices: at most 100000 bootstrap resamples");
    if (!(row = malloc(n * sizeof *row)))
        return fail(errbuf, errlen, CALFPUMP_E_NOMEM, "sobol_indices: out of memory");
    m = usable_rows(k, n, y, row);
    if (used)
        *used = m;
    for (size_t i = 0; i < k; i++) {
        out[i].s1_lo = out[i].s1_hi = out[i].st_lo = out[i].st_hi = cfp_nan();
        if (m < 2 || !estimate(n, y, row, m, &out[i].s1, &out[i].st, i)) {
            free(row);
            return fail(errbuf, errlen, CALFPUMP_E_STATE,
                        m < 2 ? "sobol_indices: fewer than 2 rows with finite outputs"
                              : "sobol_indices: the output has no variance");
        }
    }
    if (nboot && !bootstrap(k, n, y, row, m, nboot, level, seed, out)) {
        free(row);
        return fail(errbuf, errlen, CALFPUMP_E_NOMEM, "sobol_indices: out of memory");
    }
    free(row);
    cfp_errbuf(errbuf, errlen, "");
    return CALFPUMP_OK;
}
