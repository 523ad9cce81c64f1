/* fit.c -- "calfpump fit": the model parameters (--fit) whose simulated
 * indices best match measured ones (--data), by bounded least squares
 * (calfpump_batch_fit()), with their uncertainties and a warning for each
 * parameter the data do not identify. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "study.h"

static void usage_fit(FILE *f)
{
    fprintf(f, "Usage: " PROG " fit [FILE] [OPTION]... --data METRIC=VALUE:SD... --fit "
               "PARAM=LO:HI[:START]...\n"
               "\n"
               "Patient-specific calibration: find the values of the --fit parameters,\n"
               "within their bounds, whose simulated metrics best match the measured\n"
               "--data, weighting each by 1/SD^2 (bounded Levenberg-Marquardt on the\n"
               "weighted residuals, the Jacobian by forward differences run in parallel).\n"
               "Prints each parameter with its standard deviation from the Jacobian, each\n"
               "measurement with the fitted model's value, and a warning for each\n"
               "parameter the data cannot identify.  The protocol must define every\n"
               "measured metric (e.g. --protocol apg for apg.vv, apg.vfi, apg.ef, apg.rvf).\n"
               "\n"
               "Options:\n");
    print_options(f, C_FIT, 0);
    fprintf(f, "\n"
               "Example: " PROG " fit --protocol apg --data apg.vfi=4.1:0.4 --data "
               "apg.ef=45:5 --data apg.rvf=40:5 --fit valve.gsv_leg.competence=0:1 --fit "
               "calf_strength=0.2:1.5\n"
               "Exit status: 0 converged, 1 not converged or runtime failure, 2 usage "
               "error.\n");
}

typedef struct {
    char *names;              /* ','-separated, for the batch */
    double *a, *b, *c;        /* data: value, sd, -; fits: lo, hi, start */
    size_t n;
} spec_list;

static void spec_free(spec_list *l)
{
    free(l->names);
    free(l->a);
    free(l->b);
    free(l->c);
}

/* NAME=X:Y[:Z] items; nz: 2 or 3 numbers allowed.  Z defaults to NaN. */
static int parse_specs(const char *opt, const str_list *items, int nz, spec_list *l)
{
    size_t len = 1;
    memset(l, 0, sizeof *l);
    for (size_t i = 0; i < items->n; i++)
        len += strlen(items->v[i]) + 1;
    l->n = items->n;
    l->names = calloc(len, 1);
    l->a = malloc((l->n + 1) * sizeof *l->a);
    l->b = malloc((l->n + 1) * sizeof *l->b);
    l->c = malloc((l->n + 1) * sizeof *l->c);
    if (!l->names || !l->a || !l->b || !l->c) {
        error("out of memory");
        return EXIT_RUNTIME;
    }
    for (size_t i = 0; i < l->n; i++) {
        const char *s = items->v[i], *eq = strchr(s, '=');
        char num[3][64] = {"", "", ""};
        size_t got = 0;
        const char *p = eq ? eq + 1 : NULL;
        while (p && got < 3) {
            size_t k = strcspn(p, ":");
            if (k >= sizeof num[0])
                break;
            memcpy(num[got], p, k);
            num[got++][k] = '\0';
            p = p[k] ? p + k + 1 : NULL;
        }
        if (!eq || eq == s || p || got < 2 || (int)got > nz) {
            error("%s '%s': expected %s", opt, s,
                  nz == 2 ? "METRIC=VALUE:SD" : "PARAM=LO:HI or PARAM=LO:HI:START");
            return EXIT_USAGE;
        }
        l->c[i] = NAN;
        if (parse_number(opt, num[0], &l->a[i]) || parse_number(opt, num[1], &l->b[i]) ||
            (got == 3 && parse_number(opt, num[2], &l->c[i])))
            return EXIT_USAGE;
        if (i)
            strcat(l->names, ",");
        strncat(l->names, s, (size_t)(eq - s));
    }
    return 0;
}

static void report(FILE *f, const calfpump_batch *b, const spec_list *fits,
                   const spec_list *data, const double *x, const double *sd, const double *r,
                   const int *ident, double cost)
{
    fprintf(f, "%-36s %12s %12s %25s\n", "# parameter", "fitted", "sd", "bounds");
    for (size_t j = 0; j < fits->n; j++)
        fprintf(f, "%-36s %12.6g %12.4g   [%10.4g, %10.4g]%s\n", calfpump_batch_param_name(b, j),
                x[j], sd[j], fits->a[j], fits->b[j], ident[j] ? "" : "  NOT IDENTIFIED");
    fprintf(f, "%-36s %12s %12s %12s %12s\n", "# measurement", "measured", "sd", "model",
            "residual/sd");
    for (size_t j = 0; j < data->n; j++)
        fprintf(f, "%-36s %12.6g %12.4g %12.6g %12.3f\n", calfpump_batch_metric_name(b, j),
                data->a[j], data->b[j], data->a[j] + r[j] * data->b[j], r[j]);
    fprintf(f, "cost (half the sum of squared residuals/sd): %.6g\n", cost);
}

static int fit(const run_config *c, const setup *su, calfpump_batch *b, calfpump_design *d)
{
    spec_list data = {0}, fits = {0};
    size_t np;
    double *x = NULL, *sd = NULL, *r = NULL, cost = NAN;
    int *ident = NULL, rc, st;
    (void)d;
    if (!c->data.n || !c->fits.n) {
        error("fit: give the measurements (--data METRIC=VALUE:SD) and the parameters to fit "
              "(--fit PARAM=LO:HI)");
        return EXIT_USAGE;
    }
    if ((rc = parse_specs("--data", &c->data, 2, &data)) ||
        (rc = parse_specs("--fit", &c->fits, 3, &fits)))
        goto done;
    if ((st = calfpump_batch_set_metrics(b, data.names)) ||
        (st = calfpump_batch_set_params(b, fits.names))) {
        error("fit: %s", why(calfpump_batch_errmsg(b), st));
        rc = exit_of(st);
        goto done;
    }
    np = fits.n;
    x = malloc(np * sizeof *x);
    sd = malloc(np * sizeof *sd);
    ident = malloc(np * sizeof *ident);
    r = malloc(data.n * sizeof *r);
    if (!x || !sd || !ident || !r) {
        error("out of memory");
        rc = EXIT_RUNTIME;
        goto done;
    }
    for (size_t j = 0; j < np; j++) {
        x[j] = fits.c[j];
        if (isnan(x[j]) && calfpump_model_get(su->m, calfpump_batch_param_name(b, j), &x[j]))
            x[j] = 0.5 * (fits.a[j] + fits.b[j]);
    }
    st = calfpump_batch_fit(b, data.a, data.b, fits.a, fits.b, x, sd, r, ident, &cost);
    if (st && st != CALFPUMP_E_MAXSTEPS) {
        error("%s", why(calfpump_batch_errmsg(b), st));
        rc = exit_of(st);
        goto done;
    }
    report(stdout, b, &fits, &data, x, sd, r, ident, cost);
    fprintf(stderr, "%s\n", calfpump_batch_errmsg(b));
    for (size_t j = 0; j < np; j++)
        if (!ident[j])
            warning("%s is not identified by these measurements: its value is arbitrary "
                    "within its bounds", calfpump_batch_param_name(b, j));
    rc = st ? EXIT_RUNTIME : 0;
done:
    spec_free(&data);
    spec_free(&fits);
    free(x);
    free(sd);
    free(r);
    free(ident);
    return rc;
}

int cmd_fit(int argc, char **argv)
{
    return study_main(C_FIT, argc, argv, usage_fit, fit);
}
