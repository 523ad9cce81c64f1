/* Tube law of the vein wall. */
#include <math.h>
#include "model/model.h"


double cfp_tube_pressure(const cfp_comp *c, double v)
{
    double x = v / c->v0, xm, xn;
    if (x < 1e-9)
        x = 1e-9;
    /* The right-hand side's hot spot: the default exponents m = 10 and
     * n = 1.5 by multiplications and one square root, others by pow(). */
    if (c->m == 10.0) {
        double x2 = x * x, x4 = x2 * x2;
        xm = x4 * x4 * x2;
    } else {
        xm = pow(x, c->m);
    }
    xn = c->n == 1.5 ? 1.0 / (x * sqrt(x)) : pow(x, -c->n);
    return c->k * (xm - xn);
}

double cfp_tube_volume(const cfp_comp *c, double ptm)
{
    /* Bisection on log(x): robust for any monotone law. */
    double lo = log(1e-6), hi = log(1e3);
    for (int it = 0; it < 200; it++) {
        double mid = 0.5 * (lo + hi);
        if (cfp_tube_pressure(c, c->v0 * exp(mid)) < ptm)
            lo = mid;
        else
            hi = mid;
        if (hi - lo < 1e-14)
            break;
    }
    return c->v0 * exp(0.5 * (lo + hi));
}

/* ---------------------------------------------------------------- */

