/* Probability distributions of one parameter: parsing "normal(0.5, 0.2)
 * in [0, 1]", the support, and the quantile function. */
#ifndef CFP_DIST_H
#define CFP_DIST_H

#include <stddef.h>

typedef enum { CFP_D_UNIFORM, CFP_D_NORMAL, CFP_D_LOGNORMAL, CFP_D_FIXED } cfp_dist_kind;

typedef struct cfp_dist {
    cfp_dist_kind kind;
    double a, b;     /* uniform (a, b), normal (mean, sd), lognormal (mu, sigma), fixed (v, -) */
    int truncated;   /* "in [lo, hi]" given */
    double lo, hi;   /* the support: the truncation, or the distribution's own */
    double flo, fhi; /* the CDF at lo and hi */
    double tlo, thi; /* the truncation as given (the text form) */
} cfp_dist;

/* Parse text into *d.  On failure returns CALFPUMP_E_INVAL (syntax: msg
 * says what was expected where) or CALFPUMP_E_RANGE (values), with msg
 * (CFP_MSG_SIZE bytes) set. */
int cfp_dist_parse(cfp_dist *d, const char *text, char *msg);

/* The quantile function at u in (0, 1). */
double cfp_dist_quantile(const cfp_dist *d, double u);

/* The canonical text of d, the form cfp_dist_parse() reads. */
void cfp_dist_format(const cfp_dist *d, char *buf, size_t n);

/* The standard normal CDF and its inverse (p in (0, 1)). */
double cfp_normal_cdf(double x);
double cfp_normal_quantile(double p);

#endif
