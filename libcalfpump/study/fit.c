/* calfpump_batch_fit(): the batch's parameters fitted to measured values
 * of its metrics, by the bounded least squares of study/lsq.c; each
 * Jacobian's points run as one batch. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "base/internal.h"
#include "base/util.h"
#include "study/batch.h"
#include "study/lsq.h"

typedef struct fit_ctx {
    calfpump_batch *b;
    const double *target, *sigma;
    double *y;        /* metrics of the points of one call */
    size_t cap;       /* points y has room for */
} fit_ctx;

/* Weighted residuals (metric - target) / sigma at npts points. */
static int fit_eval(void *user, size_t npts, const double *x, double *r)
{
    fit_ctx *c = user;
    size_t nm = c->b->metrics.n;
    int st;
    if (npts > c->cap) {
        double *y = realloc(c->y, npts * nm * sizeof *y);
        if (!y)
            return CALFPUMP_E_NOMEM;
        c->y = y;
        c->cap = npts;
    }
    if ((st = calfpump_batch_run(c->b, npts, x, c->y, NULL)))
        return st;
    for (size_t p = 0; p < npts; p++)
        for (size_t j = 0; j < nm; j++)
            r[p * nm + j] = (c->y[p * nm + j] - c->target[j]) / c->sigma[j];
    return CALFPUMP_OK;
}

/* Bounds, data and the counts: CALFPUMP_OK or the reason in b's message. */
static int check_fit(calfpump_batch *b, const double *target, const double *sigma,
                     const double *lo, const double *hi)
{
    size_t np = b->params.n, nm = b->metrics.n;
    if (np == 0 || nm == 0)
        return cfp_fail(b->errmsg, CALFPUMP_E_STATE,
                        "fit: choose the parameters to fit and the measured metrics first");
    if (np > nm)
        return cfp_fail(b->errmsg, CALFPUMP_E_INVAL,
                        "fit: %zu parameters cannot be fitted to %zu measured values: "
                        "give at least as many measurements as parameters", np, nm);
    for (size_t j = 0; j < nm; j++)
        if (!cfp_finite(target[j]) || !cfp_finite(sigma[j]) || sigma[j] <= 0)
            return cfp_fail(b->errmsg, CALFPUMP_E_RANGE,
                            "fit: %s: measured %g with uncertainty %g: the value must be "
                            "finite and the uncertainty finite and > 0", b->metrics.v[j],
                            target[j], sigma[j]);
    for (size_t j = 0; j < np; j++) {
        double plo, phi;
        calfpump_model_param_info(b->model, b->params.v[j], &plo, &phi, NULL);
        if (!cfp_finite(lo[j]) || !cfp_finite(hi[j]) || lo[j] >= hi[j] || lo[j] < plo ||
            hi[j] > phi)
            return cfp_fail(b->errmsg, CALFPUMP_E_RANGE,
                            "fit: %s: bounds [%g, %g] must be finite, lower < upper, and "
                            "within the parameter's range [%g, %g]", b->params.v[j], lo[j],
                            hi[j], plo, phi);
    }
    return CALFPUMP_OK;
}

static const char *why_text(int why)
{
    static const char *const text[] = {"", "the metrics do not depend on it",
                                       "it is (nearly) a combination of the others",
                                       "its uncertainty exceeds its bounds"};
    return (why > 0 && why < 4) ? text[why] : "not identified";
}

/* The batch's message after a fit: converged or not, and any parameter
 * the data do not identify. */
static void report(calfpump_batch *b, int st, const cfp_lsq_result *res, const int *why,
                   const char *msg)
{
    cfp_text t;
    int any = 0;
    cfp_text_init(&t, b->errmsg, CFP_MSG_SIZE);
    if (st)
        cfp_text_add(&t, "fit: %s", msg);
    else
        cfp_text_add(&t, "fit: converged in %d iterations (%d runs), cost %g", res->iterations,
                     res->evaluations, res->cost);
    for (size_t j = 0; j < b->params.n; j++)
        if (why[j]) {
            cfp_text_add(&t, any ? "; %s (%s)" : "; not identified by these data: %s (%s)",
                         b->params.v[j], why_text(why[j]));
            any = 1;
        }
}

int calfpump_batch_fit(calfpump_batch *b, const double *target, const double *sigma,
                       const double *lo, const double *hi, double *x, double *x_sd,
                       double *residual, int *identified, double *cost)
{
    fit_ctx c = {0};
    cfp_lsq_problem p = {0};
    cfp_lsq_result res = {0};
    char msg[CFP_MSG_SIZE] = "";
    double *sd, *r;
    int *ident, *why, st;
    size_t np, nm;
    if (!b)
        return CALFPUMP_E_NULL;
    if (!target || !sigma || !lo || !hi || !x)
        return cfp_fail(b->errmsg, CALFPUMP_E_NULL,
                        "fit: target, sigma, lo, hi and x are required");
    if ((st = check_fit(b, target, sigma, lo, hi)))
        return st;
    np = b->params.n;
    nm = b->metrics.n;
    sd = malloc(np * sizeof *sd);
    r = malloc(nm * sizeof *r);
    ident = malloc(np * sizeof *ident);
    why = malloc(np * sizeof *why);
    if (!sd || !r || !ident || !why) {
        st = cfp_fail(b->errmsg, CALFPUMP_E_NOMEM, "fit: out of memory");
        goto done;
    }
    c.b = b;
    c.target = target;
    c.sigma = sigma;
    p.np = np;
    p.nr = nm;
    p.lo = lo;
    p.hi = hi;
    p.eval = fit_eval;
    p.user = &c;
    p.max_iter = 100;
    p.xtol = 1e-8;
    p.ftol = 1e-10;
    res.sd = sd;
    res.identified = ident;
    res.why = why;
    st = cfp_lsq_solve(&p, x, r, &res, msg);
    if (st && st != CALFPUMP_E_MAXSTEPS) {
        cfp_fail(b->errmsg, st, "fit: %s", msg[0] ? msg : calfpump_strerror(st));
        goto done;
    }
    for (size_t j = 0; j < np; j++) {
        if (x_sd)
            x_sd[j] = sd[j];
        if (identified)
            identified[j] = ident[j];
    }
    if (residual)
        memcpy(residual, r, nm * sizeof *r);
    if (cost)
        *cost = res.cost;
    report(b, st, &res, why, msg[0] ? msg : "not converged in 100 iterations");
done:
    free(c.y);
    free(sd);
    free(r);
    free(ident);
    free(why);
    return st;
}
