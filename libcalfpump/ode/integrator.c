/* Built-in integrator registry and shared helpers. */
#include <math.h>
#include <string.h>
#include "ode/solver.h"

static const calfpump_integrator_ops *const builtins[] = {&cfp_dopri5_ops, &cfp_rk4_ops,
                                                           &cfp_rodas_ops, &cfp_auto_ops};
#define NBUILTIN (sizeof builtins / sizeof builtins[0])

const calfpump_integrator_ops *calfpump_integrator_builtin(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < NBUILTIN; i++)
        if (strcmp(builtins[i]->name, name) == 0)
            return builtins[i];
    return NULL;
}

size_t calfpump_integrator_count(void) { return NBUILTIN; }

const char *calfpump_integrator_name(size_t i) { return i < NBUILTIN ? builtins[i]->name : NULL; }

const char *calfpump_integrator_default(void) { return cfp_default_ops.name; }

double cfp_err_norm(size_t n, const double *err, const double *y0, const double *y1,
                    double rtol, double atol)
{
    double s = 0;
    for (size_t i = 0; i < n; i++) {
        double sc = atol + rtol * fmax(fabs(y0[i]), fabs(y1[i]));
        double r = err[i] / sc;
        s += r * r;
    }
    return sqrt(s / (double)n);
}
