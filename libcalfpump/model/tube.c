/* Wall law of the vein: transmural pressure as a function of volume
 * (doc/model.md, section 2). */
#include <math.h>
#include "model/model.h"

/* Shapiro-type law K((V/V0)^m - (V/V0)^-n), the 0.1 law, used when a
 * compartment has no area compliance (compliance = 0). */
static double shapiro(const cfp_comp *c, double x)
{
    double xm, xn;
    if (c->m == 10.0) {
        double x2 = x * x, x4 = x2 * x2;
        xm = x4 * x4 * x2;
    } else {
        xm = pow(x, c->m);
    }
    xn = c->n == 1.5 ? 1.0 / (x * sqrt(x)) : pow(x, -c->n);
    return c->k * (xm - xn);
}

/* The fitted vein wall (0.2).  x = V/V0, V0 the volume at zero transmural
 * pressure.  Collapse (x < 1): K (1 - x^-n), falling steeply as the vein
 * empties.  Distension (u = x - 1 >= 0): the area grows linearly with
 * pressure at relative area compliance c (per mmHg of V0) once the vein is
 * round, plus an extra volume `opening` (fraction of V0) taken up at low
 * pressure as the cross-section rounds:
 *     P = (u - (1 - K n c) o (1 - exp(-u / o))) / c
 * Slope K n at u = 0 (C1 with the collapse branch), 1/c for u >> o. */
static double wall(const cfp_comp *c, double x)
{
    double ic = 1.0 / c->compliance, u, o;
    if (x < 1.0) {
        double xn = c->n == 1.5 ? 1.0 / (x * sqrt(x)) : pow(x, -c->n);
        return c->k * (1.0 - xn);
    }
    u = x - 1.0;
    o = c->opening;
    return ic * u - (ic - c->k * c->n) * o * (1.0 - exp(-u / o));
}

double cfp_tube_pressure(const cfp_comp *c, double v)
{
    double x = v / c->v0;
    if (x < 1e-9)
        x = 1e-9;
    return c->compliance > 0 ? wall(c, x) : shapiro(c, x);
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
