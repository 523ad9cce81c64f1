/* Designs and Sobol indices (libcalfpump/study): the normal quantile,
 * the distributions' text form, support and quantiles, samples that do
 * not depend on how they are drawn, design files and their messages, and
 * the Sobol estimators against the Ishigami function's analytic indices. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "testutil.h"
#include "base/internal.h"
#include "study/dist.h"

#define PI 3.14159265358979323846

/* ------------------------------------------------------------------ */
/* The normal distribution. */

START_TEST(test_normal_quantile)
{
    /* Reference values of the standard normal quantile (computed with
     * R's qnorm, Wichura's AS 241, to 16 digits). */
    static const double p[] = {1e-10, 1e-4, 0.025, 0.3, 0.5, 0.7, 0.975, 0.9999};
    static const double z[] = {-6.361340902404056, -3.719016485455709, -1.959963984540054,
                               -0.5244005127080407, 0.0, 0.5244005127080407,
                               1.959963984540054, 3.719016485455709};
    for (size_t i = 0; i < sizeof p / sizeof *p; i++)
        ck_assert_double_eq_tol(cfp_normal_quantile(p[i]), z[i], 1e-12 * (1 + fabs(z[i])));
    /* The inverse of the CDF across the range (above 0 the CDF's 1 - p
     * carries an absolute error of 1e-16, so z can only be as good as
     * 1e-16 / (p (1 - p) phi(z)) allows). */
    for (double x = -8; x <= 0; x += 0.37)
        ck_assert_double_eq_tol(cfp_normal_quantile(cfp_normal_cdf(x)), x, 1e-12);
    for (double x = 0; x <= 5; x += 0.37)
        ck_assert_double_eq_tol(cfp_normal_quantile(cfp_normal_cdf(x)), x, 1e-8);
    ck_assert(isinf(cfp_normal_quantile(0)) && cfp_normal_quantile(0) < 0);
    ck_assert(isinf(cfp_normal_quantile(1)) && cfp_normal_quantile(1) > 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Distributions: text, support, quantiles. */

static cfp_dist parse_ok(const char *text)
{
    cfp_dist d;
    char msg[CFP_MSG_SIZE] = "";
    ck_assert_msg(cfp_dist_parse(&d, text, msg) == CALFPUMP_OK, "%s: %s", text, msg);
    return d;
}

START_TEST(test_dist_forms)
{
    static const char *const in[] = {"uniform(0, 1)", " normal( 0.5 ,0.2 )in[0,1] ",
                                     "lognormal(-3.6, 0.25)", "fixed(0.7)",
                                     "lognormal(0, 1) in [0.5, 2]"};
    static const char *const out[] = {"uniform(0, 1)", "normal(0.5, 0.2) in [0, 1]",
                                      "lognormal(-3.6, 0.25)", "fixed(0.7)",
                                      "lognormal(0, 1) in [0.5, 2]"};
    for (size_t i = 0; i < sizeof in / sizeof *in; i++) {
        cfp_dist d = parse_ok(in[i]), e;
        char buf[160];
        cfp_dist_format(&d, buf, sizeof buf);
        ck_assert_str_eq(buf, out[i]);
        e = parse_ok(buf); /* the text form reads back */
        ck_assert(e.kind == d.kind && e.a == d.a && e.b == d.b && e.lo == d.lo && e.hi == d.hi);
    }
}
END_TEST

START_TEST(test_dist_quantiles)
{
    cfp_dist u = parse_ok("uniform(2, 6)"), n = parse_ok("normal(10, 2)");
    cfp_dist t = parse_ok("normal(0.5, 0.2) in [0, 1]"), l = parse_ok("lognormal(1, 0.5)");
    cfp_dist f = parse_ok("fixed(3)"), h = parse_ok("normal(0, 1) in [0, 100]");
    ck_assert_double_eq_tol(cfp_dist_quantile(&u, 0.25), 3, 1e-15);
    ck_assert_double_eq_tol(cfp_dist_quantile(&n, 0.975), 10 + 2 * 1.959963984540054, 1e-11);
    ck_assert_double_eq_tol(cfp_dist_quantile(&l, 0.5), exp(1), 1e-12);
    ck_assert_double_eq(cfp_dist_quantile(&f, 0.123), 3);
    /* Truncated: the median stays, the ends are the bounds' quantiles. */
    ck_assert_double_eq_tol(cfp_dist_quantile(&t, 0.5), 0.5, 1e-12);
    ck_assert(cfp_dist_quantile(&t, 1e-12) >= 0 && cfp_dist_quantile(&t, 1e-12) < 1e-6);
    ck_assert(cfp_dist_quantile(&t, 1 - 1e-12) <= 1);
    /* The half-normal: its median is the 0.75 quantile of the normal. */
    ck_assert_double_eq_tol(cfp_dist_quantile(&h, 0.5), 0.6744897501960817, 1e-10);
    ck_assert(t.lo == 0 && t.hi == 1 && isinf(n.lo) && l.lo == 0 && isinf(l.hi));
}
END_TEST

START_TEST(test_dist_errors)
{
    static const struct {
        const char *text;
        int code;
        const char *says;
    } bad[] = {
        {"", CALFPUMP_E_INVAL, "expected uniform(a, b)"},
        {"gamma(1, 2)", CALFPUMP_E_INVAL, "column 1"},
        {"uniform(0 1)", CALFPUMP_E_INVAL, "expected ',' at column 11"},
        {"uniform(0, x)", CALFPUMP_E_INVAL, "expected a number at column 12"},
        {"uniform(0, 1", CALFPUMP_E_INVAL, "expected ')'"},
        {"uniform(0, 1) on [0, 1]", CALFPUMP_E_INVAL, "truncation"},
        {"uniform(0, 1) in [0, 1] extra", CALFPUMP_E_INVAL, "expected the end"},
        {"uniform(1, 1)", CALFPUMP_E_RANGE, "needs b > a"},
        {"normal(0, 0)", CALFPUMP_E_RANGE, "needs sd > 0"},
        {"lognormal(0, -1)", CALFPUMP_E_RANGE, "needs sigma > 0"},
        {"normal(0, 1) in [1, 0]", CALFPUMP_E_RANGE, "hi > lo"},
        {"uniform(0, 1) in [2, 3]", CALFPUMP_E_RANGE, "no probability"},
        {"normal(0, 1) in [50, 60]", CALFPUMP_E_RANGE, "no probability"},
        {"fixed(2) in [0, 1]", CALFPUMP_E_RANGE, "no probability"},
        {"normal(1e999, 1)", CALFPUMP_E_RANGE, "not a finite number"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cfp_dist d;
        char msg[CFP_MSG_SIZE] = "";
        ck_assert_msg(cfp_dist_parse(&d, bad[i].text, msg) == bad[i].code, "%s", bad[i].text);
        ck_assert_has(msg, bad[i].says);
    }
}
END_TEST

/* ------------------------------------------------------------------ */
/* Designs. */

static calfpump_design *new_design(void)
{
    calfpump_model *m = cfp_test_default_model();
    calfpump_design *d = NULL;
    char err[256];
    ck_assert_int_eq(calfpump_design_create(&d, m, err, sizeof err), CALFPUMP_OK);
    calfpump_model_free(m);
    return d;
}

START_TEST(test_design_samples)
{
    calfpump_design *d = new_design();
    double all[200 * 2], part[50 * 2], mean[2] = {0, 0}, sq = 0;
    ck_assert_int_eq(calfpump_design_add(d, "calf_strength", "uniform(0.5, 1)"), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_design_add(d, "valve.popliteal.competence",
                                         "normal(0.8, 0.2) in [0, 1]"),
                     CALFPUMP_OK);
    ck_assert_uint_eq(calfpump_design_count(d), 2);
    ck_assert_str_eq(calfpump_design_param_name(d, 1), "valve.popliteal.competence");
    ck_assert_str_eq(calfpump_design_param_dist(d, 1), "normal(0.8, 0.2) in [0, 1]");
    ck_assert_ptr_null(calfpump_design_param_name(d, 2));
    ck_assert_int_eq(calfpump_design_sample(d, 42, 0, 200, all), CALFPUMP_OK);
    /* Samples 100..149 drawn on their own are the same numbers. */
    ck_assert_int_eq(calfpump_design_sample(d, 42, 100, 50, part), CALFPUMP_OK);
    ck_assert(memcmp(part, all + 200, sizeof part) == 0);
    for (int i = 0; i < 200; i++) {
        ck_assert(all[2 * i] >= 0.5 && all[2 * i] <= 1);
        ck_assert(all[2 * i + 1] >= 0 && all[2 * i + 1] <= 1);
        mean[0] += all[2 * i] / 200;
        mean[1] += all[2 * i + 1] / 200;
        sq += (all[2 * i] - 0.75) * (all[2 * i] - 0.75) / 200;
    }
    /* uniform(0.5, 1): mean 0.75, variance 1/48 (standard errors 0.010
     * and 0.0015); the truncated normal's mean is 0.7541. */
    ck_assert_double_eq_tol(mean[0], 0.75, 0.03);
    ck_assert_double_eq_tol(sq, 1.0 / 48, 0.005);
    ck_assert_double_eq_tol(mean[1], 0.754, 0.04);
    /* Another seed, other numbers. */
    ck_assert_int_eq(calfpump_design_sample(d, 43, 100, 50, part), CALFPUMP_OK);
    ck_assert(memcmp(part, all + 200, sizeof part) != 0);
    calfpump_design_free(d);
}
END_TEST

START_TEST(test_design_map)
{
    calfpump_design *d = new_design();
    double u[4] = {0.5, 0.5, 0.25, 0.975}, x[4];
    ck_assert_int_eq(calfpump_design_map(d, 2, u, x), CALFPUMP_E_STATE);
    ck_assert_int_eq(calfpump_design_add(d, "calf_strength", "uniform(0, 2)"), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_design_add(d, "height", "normal(170, 10) in [100, 230]"),
                     CALFPUMP_OK);
    ck_assert_int_eq(calfpump_design_map(d, 2, u, x), CALFPUMP_OK);
    ck_assert_double_eq_tol(x[0], 1, 1e-15);
    /* (the truncation at -7 and +6 sd moves the quantiles by 1e-8) */
    ck_assert_double_eq_tol(x[1], 170, 1e-6);
    ck_assert_double_eq_tol(x[2], 0.5, 1e-15);
    ck_assert_double_eq_tol(x[3], 170 + 10 * 1.959963984540054, 1e-6);
    u[3] = 1;
    ck_assert_int_eq(calfpump_design_map(d, 2, u, x), CALFPUMP_E_RANGE);
    ck_assert_has(calfpump_design_errmsg(d), "u[1][1] = 1 is outside (0, 1)");
    ck_assert_int_eq(calfpump_design_map(d, 2, u, u), CALFPUMP_E_RANGE);
    u[3] = 0.5;
    ck_assert_int_eq(calfpump_design_map(d, 2, u, u), CALFPUMP_OK); /* in place */
    ck_assert_double_eq_tol(u[3], 170, 1e-6);
    calfpump_design_free(d);
}
END_TEST

START_TEST(test_design_errors)
{
    calfpump_design *d = new_design();
    calfpump_model *m = cfp_test_default_model();
    char err[256] = "x";
    ck_assert_int_eq(calfpump_design_create(NULL, m, err, sizeof err), CALFPUMP_E_NULL);
    calfpump_model_free(m);
    ck_assert_int_eq(calfpump_design_add(d, "no_such", "uniform(0, 1)"), CALFPUMP_E_NOTFOUND);
    ck_assert_has(calfpump_design_errmsg(d), "no model parameter \"no_such\"");
    ck_assert_int_eq(calfpump_design_add(d, "valve.popliteal.competence", "normal(0.8, 0.2)"),
                     CALFPUMP_E_RANGE);
    ck_assert_has(calfpump_design_errmsg(d), "outside the parameter's range [0, 1]");
    ck_assert_has(calfpump_design_errmsg(d), "truncate it");
    ck_assert_int_eq(calfpump_design_add(d, "calf_strength", "uniform(0.5, 2.5)"),
                     CALFPUMP_E_RANGE);
    ck_assert_int_eq(calfpump_design_add(d, "calf_strength", "uniform(0.5 1)"),
                     CALFPUMP_E_INVAL);
    ck_assert_has(calfpump_design_errmsg(d), "calf_strength: expected ','");
    ck_assert_int_eq(calfpump_design_add(d, "calf_strength", "fixed(1)"), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_design_add(d, "calf_strength", "fixed(1)"), CALFPUMP_E_EXISTS);
    ck_assert_int_eq(calfpump_design_add(d, NULL, "fixed(1)"), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_design_sample(NULL, 1, 0, 1, NULL), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_design_sample(d, 1, 0, 1, NULL), CALFPUMP_E_NULL);
    ck_assert_uint_eq(calfpump_design_count(NULL), 0);
    ck_assert_has(calfpump_design_errmsg(NULL), "NULL");
    calfpump_design_free(d);
    calfpump_design_free(NULL);
}
END_TEST

START_TEST(test_design_text)
{
    calfpump_design *d = new_design();
    const char *good = "# a cohort\n"
                       "calf_strength  uniform(0.5, 1)   # weak to normal\n"
                       "\n"
                       "\tvalve.popliteal.competence normal(0.8, 0.2) in [0, 1]\r\n";
    ck_assert_int_eq(calfpump_design_parse(d, good, "c.txt"), CALFPUMP_OK);
    ck_assert_uint_eq(calfpump_design_count(d), 2);
    /* All or nothing, and the message names the source and the line. */
    ck_assert_int_eq(calfpump_design_parse(d, "height fixed(170)\nheight2 fixed(1)\n", "b.txt"),
                     CALFPUMP_E_NOTFOUND);
    ck_assert_has(calfpump_design_errmsg(d), "b.txt:2: no model parameter \"height2\"");
    ck_assert_uint_eq(calfpump_design_count(d), 2);
    ck_assert_int_eq(calfpump_design_parse(d, "\n\nheight\n", NULL), CALFPUMP_E_INVAL);
    ck_assert_has(calfpump_design_errmsg(d), "<string>:3: height has no distribution");
    ck_assert_int_eq(calfpump_design_parse(d, "height normal(170, 10)\n", "h"),
                     CALFPUMP_E_RANGE);
    ck_assert_has(calfpump_design_errmsg(d), "h:1: height: normal(170, 10) reaches");
    ck_assert_int_eq(calfpump_design_parse(d, "calf_strength fixed(1)", "dup"),
                     CALFPUMP_E_EXISTS);
    ck_assert_has(calfpump_design_errmsg(d), "dup:1:");
    calfpump_design_free(d);
}
END_TEST

START_TEST(test_design_files)
{
    calfpump_design *d = new_design();
    char path[] = "/tmp/cfp-design-XXXXXX";
    int fd = mkstemp(path);
    FILE *f;
    ck_assert_int_ge(fd, 0);
    ck_assert_ptr_nonnull(f = fdopen(fd, "w"));
    fputs("height uniform(160, 190)\ncalf_strength uniform(0, 3)\n", f);
    fclose(f);
    ck_assert_int_eq(calfpump_design_load(d, path), CALFPUMP_E_RANGE);
    ck_assert_has(calfpump_design_errmsg(d), ":2: calf_strength:");
    ck_assert_has(calfpump_design_errmsg(d), path);
    ck_assert_uint_eq(calfpump_design_count(d), 0);
    unlink(path);
    ck_assert_int_eq(calfpump_design_load(d, path), CALFPUMP_E_IO);
    ck_assert_has(calfpump_design_errmsg(d), "cannot open");
    ck_assert_int_eq(calfpump_design_load(d, "/tmp"), CALFPUMP_E_IO);
    ck_assert_has(calfpump_design_errmsg(d), "is a directory (expected a design file");
    ck_assert_int_eq(calfpump_design_load(d, "/dev/zero"), CALFPUMP_E_IO);
    calfpump_design_free(d);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Sobol indices. */

/* The Ishigami function, a = 7, b = 0.1, inputs uniform on (-pi, pi).
 * Its indices (Ishigami and Homma 1990; Saltelli et al. 2008, 4.2):
 * V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2, V1 = (1 + b pi^4/5)^2 / 2,
 * V2 = a^2/8, V13 = b^2 pi^8 (1/18 - 1/50). */
static void ishigami(size_t rows, const double *u, double *y)
{
    for (size_t r = 0; r < rows; r++) {
        double x1 = PI * (2 * u[3 * r] - 1), x2 = PI * (2 * u[3 * r + 1] - 1),
               x3 = PI * (2 * u[3 * r + 2] - 1);
        y[r] = sin(x1) + 7 * sin(x2) * sin(x2) + 0.1 * pow(x3, 4) * sin(x1);
    }
}

START_TEST(test_sobol_ishigami)
{
    const double a = 7, b = 0.1, pi4 = pow(PI, 4), pi8 = pow(PI, 8);
    const double v = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5;
    const double v1 = 0.5 * (1 + b * pi4 / 5) * (1 + b * pi4 / 5), v2 = a * a / 8;
    const double v13 = b * b * pi8 * (1.0 / 18 - 1.0 / 50);
    const double s1[3] = {v1 / v, v2 / v, 0}, st[3] = {(v1 + v13) / v, v2 / v, v13 / v};
    const size_t n = 8192, k = 3;
    double *u = malloc((k + 2) * n * k * sizeof *u), *y = malloc((k + 2) * n * sizeof *y);
    calfpump_sobol_index ix[3];
    size_t used = 0;
    char err[256];
    int covered = 0;
    ck_assert_double_eq_tol(s1[0], 0.3139, 1e-4); /* the published values */
    ck_assert_double_eq_tol(st[2], 0.2437, 1e-4);
    ck_assert_int_eq(calfpump_sobol_plan(k, n, 7, u, err, sizeof err), CALFPUMP_OK);
    ishigami((k + 2) * n, u, y);
    ck_assert_int_eq(calfpump_sobol_indices(k, n, y, 300, 0.95, 8, ix, &used, err, sizeof err),
                     CALFPUMP_OK);
    ck_assert_uint_eq(used, n);
    for (size_t i = 0; i < k; i++) {
        ck_assert_msg(fabs(ix[i].s1 - s1[i]) < 0.03, "S1[%zu] = %g, exact %g", i, ix[i].s1, s1[i]);
        ck_assert_msg(fabs(ix[i].st - st[i]) < 0.03, "ST[%zu] = %g, exact %g", i, ix[i].st, st[i]);
        ck_assert(ix[i].s1_lo < ix[i].s1 && ix[i].s1 < ix[i].s1_hi);
        ck_assert(ix[i].st_lo < ix[i].st && ix[i].st < ix[i].st_hi);
        ck_assert(ix[i].s1_hi - ix[i].s1_lo < 0.1 && ix[i].st_hi - ix[i].st_lo < 0.1);
        covered += s1[i] >= ix[i].s1_lo && s1[i] <= ix[i].s1_hi;
        covered += st[i] >= ix[i].st_lo && st[i] <= ix[i].st_hi;
    }
    /* 95 % intervals: most of the six contain the exact value. */
    ck_assert_int_ge(covered, 5);
    free(u);
    free(y);
}
END_TEST

START_TEST(test_sobol_plan_and_nan_rows)
{
    const size_t n = 64, k = 2;
    double u[(2 + 2) * 64 * 2], y[(2 + 2) * 64];
    calfpump_sobol_index ix[2];
    size_t used;
    char err[256];
    ck_assert_int_eq(calfpump_sobol_plan(k, n, 1, u, err, sizeof err), CALFPUMP_OK);
    for (size_t r = 0; r < n; r++) { /* AB_i is A with column i from B */
        ck_assert(u[(2 * n + r) * k] == u[(n + r) * k] && u[(2 * n + r) * k + 1] == u[r * k + 1]);
        ck_assert(u[(3 * n + r) * k] == u[r * k] && u[(3 * n + r) * k + 1] == u[(n + r) * k + 1]);
        ck_assert(u[r * k] > 0 && u[r * k] < 1);
    }
    for (size_t r = 0; r < 4 * n; r++) /* y = x0, so S1 = ST = (1, 0) */
        y[r] = u[r * k];
    y[3 * n + 5] = NAN; /* a failed run drops row 5 everywhere */
    ck_assert_int_eq(calfpump_sobol_indices(k, n, y, 0, 0, 0, ix, &used, err, sizeof err),
                     CALFPUMP_OK);
    ck_assert_uint_eq(used, n - 1);
    ck_assert_double_eq_tol(ix[0].st, 1, 0.15);
    ck_assert_double_eq_tol(ix[1].st, 0, 1e-15);
    ck_assert_double_eq_tol(ix[1].s1, 0, 1e-15);
    ck_assert(isnan(ix[0].s1_lo) && isnan(ix[1].st_hi));
    /* Bad input. */
    ck_assert_int_eq(calfpump_sobol_plan(0, n, 1, u, err, sizeof err), CALFPUMP_E_RANGE);
    ck_assert_has(err, "k = 0");
    ck_assert_int_eq(calfpump_sobol_plan(k, 1, 1, u, err, sizeof err), CALFPUMP_E_RANGE);
    ck_assert_int_eq(calfpump_sobol_plan(k, n, 1, NULL, err, sizeof err), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_sobol_indices(k, n, y, 10, 1.5, 0, ix, NULL, err, sizeof err),
                     CALFPUMP_E_RANGE);
    ck_assert_has(err, "confidence level");
    for (size_t r = 0; r < 4 * n; r++)
        y[r] = 3;
    ck_assert_int_eq(calfpump_sobol_indices(k, n, y, 0, 0, 0, ix, NULL, err, sizeof err),
                     CALFPUMP_E_STATE);
    ck_assert_has(err, "no variance");
    for (size_t r = 0; r < n; r++)
        y[r] = NAN;
    ck_assert_int_eq(calfpump_sobol_indices(k, n, y, 0, 0, 0, ix, &used, err, sizeof err),
                     CALFPUMP_E_STATE);
    ck_assert_uint_eq(used, 0);
    ck_assert_has(err, "fewer than 2 rows");
}
END_TEST

Suite *cfp_test_suite(void)
{
    Suite *s = suite_create("study");
    TCase *dist = tcase_create("distributions"), *design = tcase_create("design");
    TCase *sobol = tcase_create("sobol");
    tcase_add_test(dist, test_normal_quantile);
    tcase_add_test(dist, test_dist_forms);
    tcase_add_test(dist, test_dist_quantiles);
    tcase_add_test(dist, test_dist_errors);
    tcase_add_test(design, test_design_samples);
    tcase_add_test(design, test_design_map);
    tcase_add_test(design, test_design_errors);
    tcase_add_test(design, test_design_text);
    tcase_add_test(design, test_design_files);
    tcase_add_test(sobol, test_sobol_ishigami);
    tcase_add_test(sobol, test_sobol_plan_and_nan_rows);
    suite_add_tcase(s, dist);
    suite_add_tcase(s, design);
    suite_add_tcase(s, sobol);
    return s;
}
