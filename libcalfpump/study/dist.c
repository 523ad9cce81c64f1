/* Distributions of one parameter (study/dist.h): the text form, the
 * support after truncation, and the quantile function, through which both
 * random samples and Sobol plans become parameter values. */
#include <math.h>
#include <string.h>
#include <calfpump.h>
#include "base/internal.h"
#include "base/util.h"
#include "io/modelfile.h"
#include "study/dist.h"

static const char *const kind_name[] = {"uniform", "normal", "lognormal", "fixed"};
#define SQRT_2PI 2.5066282746310002 /* sqrt(2 pi) */
#define KINDS ((int)(sizeof kind_name / sizeof *kind_name))

double cfp_normal_cdf(double x)
{
    return 0.5 * erfc(-x / sqrt(2.0));
}

/* A start from the rational approximation of Abramowitz and Stegun
 * (1964), 26.2.23 (absolute error below 4.5e-4), then three Halley steps
 * on Phi(z) = q, which converge cubically to working precision. */
double cfp_normal_quantile(double p)
{
    double q, t, z;
    if (!(p > 0))
        return -INFINITY;
    if (!(p < 1))
        return INFINITY;
    q = p < 0.5 ? p : 1 - p; /* the lower tail, z <= 0 */
    t = sqrt(-2 * log(q));
    z = -(t - (2.515517 + t * (0.802853 + t * 0.010328)) /
                  (1 + t * (1.432788 + t * (0.189269 + t * 0.001308))));
    for (int k = 0; k < 3; k++) {
        double r = (cfp_normal_cdf(z) - q) * SQRT_2PI * exp(0.5 * z * z);
        z -= r / (1 + 0.5 * z * r);
    }
    return p < 0.5 ? z : -z;
}

/* The untruncated CDF and quantile. */
static double cdf(const cfp_dist *d, double x)
{
    switch (d->kind) {
    case CFP_D_UNIFORM:
        return x <= d->a ? 0 : x >= d->b ? 1 : (x - d->a) / (d->b - d->a);
    case CFP_D_NORMAL:
        return cfp_normal_cdf((x - d->a) / d->b);
    case CFP_D_LOGNORMAL:
        return x <= 0 ? 0 : cfp_normal_cdf((log(x) - d->a) / d->b);
    default:
        return x < d->a ? 0 : 1;
    }
}

static double quantile(const cfp_dist *d, double v)
{
    switch (d->kind) {
    case CFP_D_UNIFORM:
        return d->a + v * (d->b - d->a);
    case CFP_D_NORMAL:
        return d->a + d->b * cfp_normal_quantile(v);
    case CFP_D_LOGNORMAL:
        return exp(d->a + d->b * cfp_normal_quantile(v));
    default:
        return d->a;
    }
}

double cfp_dist_quantile(const cfp_dist *d, double u)
{
    double x = quantile(d, d->flo + u * (d->fhi - d->flo));
    return x < d->lo ? d->lo : x > d->hi ? d->hi : x;
}

/* ---------------------------------------------------------------- */
/* The text form. */

typedef struct scan {
    const char *text, *p;
    char *msg;
} scan;

static int column(const scan *sc)
{
    return (int)(sc->p - sc->text) + 1;
}

static void skip(scan *sc)
{
    while (*sc->p == ' ' || *sc->p == '\t')
        sc->p++;
}

static int expected(scan *sc, const char *what)
{
    return cfp_fail(sc->msg, CALFPUMP_E_INVAL, "expected %s at column %d of \"%s\"", what,
                    column(sc), sc->text);
}

static int punct(scan *sc, char c)
{
    char what[8] = {'\'', c, '\'', '\0'};
    skip(sc);
    if (*sc->p != c)
        return expected(sc, what);
    sc->p++;
    return CALFPUMP_OK;
}

static int number(scan *sc, double *x)
{
    char tok[CFP_MF_NUM_MAX + 2];
    size_t len;
    skip(sc);
    len = strcspn(sc->p, " \t,)]");
    if (len == 0 || len >= sizeof tok)
        return expected(sc, "a number");
    memcpy(tok, sc->p, len);
    tok[len] = '\0';
    switch (cfp_mf_number(tok, x)) {
    case 0:
        sc->p += len;
        return CALFPUMP_OK;
    case 2:
        return cfp_fail(sc->msg, CALFPUMP_E_RANGE, "%s in \"%s\" is not a finite number", tok,
                        sc->text);
    default:
        return expected(sc, "a number");
    }
}

/* NAME(a, b) or fixed(v), into d's kind, a and b. */
static int body(scan *sc, cfp_dist *d)
{
    size_t len;
    int k, st;
    skip(sc);
    len = strspn(sc->p, "abcdefghijklmnopqrstuvwxyz");
    for (k = 0; k < KINDS; k++)
        if (len == strlen(kind_name[k]) && !strncmp(sc->p, kind_name[k], len))
            break;
    if (k == KINDS)
        return expected(sc, "uniform(a, b), normal(mean, sd), lognormal(mu, sigma) or fixed(v)");
    sc->p += len;
    d->kind = (cfp_dist_kind)k;
    d->b = 0;
    if ((st = punct(sc, '(')) || (st = number(sc, &d->a)))
        return st;
    if (d->kind != CFP_D_FIXED && ((st = punct(sc, ',')) || (st = number(sc, &d->b))))
        return st;
    return punct(sc, ')');
}

/* Optional "in [lo, hi]", then the end of the text. */
static int truncation(scan *sc, cfp_dist *d)
{
    int st;
    skip(sc);
    d->truncated = 0;
    d->lo = d->hi = 0;
    if (*sc->p == '\0')
        return CALFPUMP_OK;
    if (strncmp(sc->p, "in", 2) != 0)
        return expected(sc, "the end or a truncation \"in [lo, hi]\"");
    sc->p += 2;
    d->truncated = 1;
    if ((st = punct(sc, '[')) || (st = number(sc, &d->lo)) || (st = punct(sc, ',')) ||
        (st = number(sc, &d->hi)) || (st = punct(sc, ']')))
        return st;
    skip(sc);
    return *sc->p ? expected(sc, "the end") : CALFPUMP_OK;
}

/* The parameters' values, then the support and its CDF values. */
static int support(cfp_dist *d, const char *text, char *msg)
{
    static const char *const need[] = {"b > a", "sd > 0", "sigma > 0", ""};
    double lo = d->kind == CFP_D_NORMAL ? -INFINITY : d->kind == CFP_D_LOGNORMAL ? 0 : d->a;
    double hi = d->kind == CFP_D_UNIFORM ? d->b : d->kind == CFP_D_FIXED ? d->a : INFINITY;
    if (d->kind != CFP_D_FIXED && !(d->kind == CFP_D_UNIFORM ? d->b > d->a : d->b > 0))
        return cfp_fail(msg, CALFPUMP_E_RANGE, "\"%s\": %s needs %s", text, kind_name[d->kind],
                        need[d->kind]);
    if (d->truncated) {
        if (!(d->hi > d->lo) && !(d->kind == CFP_D_FIXED && d->hi == d->lo))
            return cfp_fail(msg, CALFPUMP_E_RANGE, "\"%s\": the truncation needs hi > lo", text);
        lo = d->lo > lo ? d->lo : lo;
        hi = d->hi < hi ? d->hi : hi;
    }
    d->flo = d->truncated ? cdf(d, lo) : 0;
    d->fhi = d->truncated ? cdf(d, hi) : 1;
    if (lo > hi || (d->kind != CFP_D_FIXED && !(d->fhi > d->flo)))
        return cfp_fail(msg, CALFPUMP_E_RANGE, "\"%s\": no probability within the truncation",
                        text);
    if (d->kind == CFP_D_FIXED)
        d->flo = 0, d->fhi = 1;
    d->lo = lo;
    d->hi = hi;
    return CALFPUMP_OK;
}

int cfp_dist_parse(cfp_dist *d, const char *text, char *msg)
{
    scan sc = {text, text, msg};
    double tlo, thi;
    int st;
    if ((st = body(&sc, d)) || (st = truncation(&sc, d)))
        return st;
    tlo = d->lo;
    thi = d->hi;
    if ((st = support(d, text, msg)))
        return st;
    d->tlo = d->truncated ? tlo : d->lo;
    d->thi = d->truncated ? thi : d->hi;
    return CALFPUMP_OK;
}

void cfp_dist_format(const cfp_dist *d, char *buf, size_t n)
{
    char a[32], b[32], lo[32], hi[32];
    cfp_text t;
    cfp_mf_format(a, sizeof a, d->a);
    cfp_mf_format(b, sizeof b, d->b);
    cfp_text_init(&t, buf, n);
    if (d->kind == CFP_D_FIXED)
        cfp_text_add(&t, "fixed(%s)", a);
    else
        cfp_text_add(&t, "%s(%s, %s)", kind_name[d->kind], a, b);
    if (d->truncated) {
        cfp_mf_format(lo, sizeof lo, d->tlo);
        cfp_mf_format(hi, sizeof hi, d->thi);
        cfp_text_add(&t, " in [%s, %s]", lo, hi);
    }
}
