/* The implicit integrators' Jacobian and factors, dense or sparse (jmat.h). */
#include <stdlib.h>
#include <string.h>
#include "ode/jmat.h"

static int dense_alloc(cfp_jmat *m)
{
    if (!(m->J = cfp_lu_alloc_jac(&m->lu, m->n, 0)))
        return -1;
    m->sparse = 0;
    return 0;
}

int cfp_jmat_init(cfp_jmat *m, size_t n)
{
    memset(m, 0, sizeof *m);
    m->n = n;
    return n <= CFP_JMAT_DENSE_MAX ? dense_alloc(m) : 0;
}

void cfp_jmat_free(cfp_jmat *m)
{
    free(m->J);
    cfp_lu_free(&m->lu);
    cfp_splu_free(&m->sp);
    memset(m, 0, sizeof *m);
}

/* The first evaluation of a large system: sparse if the context allows. */
static int late_alloc(cfp_jmat *m, calfpump_odectx *c)
{
    if (cfp_odectx_has_csr(c)) {
        const cfp_sparse *p = cfp_odectx_pattern(c);
        if (!(m->J = malloc((p->start[p->n] + 1) * sizeof *m->J)) || cfp_splu_analyse(&m->sp, p)) {
            free(m->J);
            m->J = NULL;
            return CALFPUMP_E_NOMEM;
        }
        m->pat = p;
        m->sparse = 1;
        return 0;
    }
    return dense_alloc(m) ? CALFPUMP_E_NOMEM : 0;
}

int cfp_jmat_eval(cfp_jmat *m, calfpump_odectx *c, double t, const double *y, const double *fy)
{
    int rc;
    if (!m->J && (rc = late_alloc(m, c)))
        return rc;
    return m->sparse ? cfp_odectx_jac_csr(c, t, y, fy, m->J) : calfpump_odectx_jac(c, t, y, fy, m->J);
}

int cfp_jmat_factor(cfp_jmat *m, calfpump_odectx *c, double d, double s)
{
    size_t n = m->n;
    double *a = m->lu.a;
    calfpump_odectx_add_lu(c, 1);
    if (m->sparse)
        return cfp_splu_factor(&m->sp, m->pat, m->J, d, s);
    for (size_t i = 0; i < n * n; i++)
        a[i] = -s * m->J[i];
    for (size_t i = 0; i < n; i++)
        a[i * n + i] += d;
    return cfp_lu_factor(&m->lu) ? 1 : 0;
}

void cfp_jmat_solve(cfp_jmat *m, double *b)
{
    if (m->sparse)
        cfp_splu_solve(&m->sp, b);
    else
        cfp_lu_solve(&m->lu, b);
}

void cfp_jmat_mul(const cfp_jmat *m, const double *x, double *out)
{
    size_t n = m->n;
    for (size_t i = 0; i < n; i++) {
        double r = 0;
        if (m->sparse)
            for (size_t p = m->pat->start[i]; p < m->pat->start[i + 1]; p++)
                r += m->J[p] * x[m->pat->col[p]];
        else
            for (size_t j = 0; j < n; j++)
                r += m->J[i * n + j] * x[j];
        out[i] = r;
    }
}

void cfp_jmat_mulsub(const cfp_jmat *m, const double *x, double *r)
{
    size_t n = m->n;
    for (size_t i = 0; i < n; i++) {
        double v = r[i];
        if (m->sparse)
            for (size_t p = m->pat->start[i]; p < m->pat->start[i + 1]; p++)
                v -= m->J[p] * x[m->pat->col[p]];
        else
            for (size_t j = 0; j < n; j++)
                v -= m->J[i * n + j] * x[j];
        r[i] = v;
    }
}
