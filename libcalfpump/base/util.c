#include <math.h>
#include <stdlib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "base/internal.h"
#include "base/util.h"

const char *const cfp_region_names[CFP_REG_COUNT] = {
    "foot", "calf", "knee", "thigh", "other"};
const char *const cfp_layer_names[CFP_LAYER_COUNT] = {
    "superficial", "deep", "intramuscular"};
const char *const cfp_posture_names[CFP_POST_NAMES] = {
    "supine", "sitting", "standing", "tilt", "leg_raised"};
const char *const cfp_muscle_names[CFP_MUSCLE_COUNT] = {"foot", "calf", "thigh"};

int cfp_fail(char *buf, int code, const char *fmt, ...)
{
    if (buf) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(buf, CFP_MSG_SIZE, fmt, ap);
        va_end(ap);
    }
    return code;
}

int cfp_lookup(const char *s, const char *const *names, int n)
{
    if (!s)
        return -1;
    for (int i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

int cfp_valid_name(const char *s)
{
    size_t len;
    if (!s || !*s)
        return 0;
    len = strlen(s);
    if (len >= CFP_NAME_MAX)
        return 0;
    if (!((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z') || s[0] == '_'))
        return 0;
    for (size_t i = 1; i < len; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
              (c >= '0' && c <= '9') || c == '_'))
            return 0;
    }
    return 1;
}

int cfp_finite(double x) { return isfinite(x) != 0; }

void cfp_strlcpy(char *dst, const char *src, size_t n)
{
    size_t len = strlen(src);
    if (len >= n)
        len = n - 1;
    memcpy(dst, src, len);
    dst[len] = '\0';
}

double cfp_nan(void) { return NAN; }

const char *cfp_locale_point(char *buf, size_t n)
{
    char s[32];
    size_t l;
    snprintf(s, sizeof s, "%.1f", 0.5);
    l = strlen(s);
    if (l < 3 || s[0] != '0' || s[l - 1] != '5' || l - 2 >= n)
        return ".";
    memcpy(buf, s + 1, l - 2);
    buf[l - 2] = '\0';
    return buf;
}

void cfp_dot_decimal(char *num, const char *dp)
{
    char *q;
    if (strcmp(dp, ".") != 0 && (q = strstr(num, dp)) != NULL) {
        size_t l = strlen(dp);
        *q = '.';
        memmove(q + 1, q + l, strlen(q + l) + 1);
    }
}

double cfp_ramp(double t, double w)
{
    if (t <= 0)
        return 0;
    if (t >= w)
        return 1;
    return 0.5 - 0.5 * cos(M_PI * t / w);
}

void cfp_text_init(cfp_text *t, char *buf, size_t size)
{
    t->buf = buf;
    t->size = size;
    t->len = 0;
    if (size)
        buf[0] = '\0';
}

static void text_vadd(cfp_text *t, const char *fmt, va_list ap)
{
    int n;
    if (t->len + 1 >= t->size)
        return;
    n = vsnprintf(t->buf + t->len, t->size - t->len, fmt, ap);
    if (n > 0)
        t->len = t->len + (size_t)n < t->size ? t->len + (size_t)n : t->size - 1;
}

void cfp_text_add(cfp_text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    text_vadd(t, fmt, ap);
    va_end(ap);
}

void cfp_text_item(cfp_text *t, const char *fmt, ...)
{
    va_list ap;
    if (t->len)
        cfp_text_add(t, ", ");
    va_start(ap, fmt);
    text_vadd(t, fmt, ap);
    va_end(ap);
}

void cfp_errbuf(char *errbuf, size_t errlen, const char *msg)
{
    if (errbuf && errlen)
        cfp_strlcpy(errbuf, msg, errlen);
}

char *cfp_msg_new(void) { return calloc(1, CFP_MSG_SIZE); }

void *cfp_grow(void *arr, size_t *cap, size_t n, size_t elem, size_t first)
{
    size_t c = *cap ? *cap : first;
    void *p;
    if (n < *cap)
        return arr;
    while (c <= n)
        c *= 2;
    if ((p = realloc(arr, c * elem)))
        *cap = c;
    return p;
}

void cfp_put_info(double lo, double hi, double value, const char *unit, const char *desc,
                  double *plo, double *phi, double *pvalue, const char **punit,
                  const char **pdesc)
{
    if (plo)
        *plo = lo;
    if (phi)
        *phi = hi;
    if (pvalue)
        *pvalue = value;
    if (punit)
        *punit = unit;
    if (pdesc)
        *pdesc = desc;
}

const char *cfp_errno_text(int err, char *buf, size_t len)
{
#if defined(HAVE_STRERROR_R) && HAVE_DECL_STRERROR_R
#if defined(STRERROR_R_CHAR_P)
    const char *s = strerror_r(err, buf, len); /* GNU: may return a static text */
    if (s != buf)
        cfp_strlcpy(buf, s ? s : "", len);
#else
    if (strerror_r(err, buf, len) != 0) /* XSI */
        snprintf(buf, len, "error %d", err);
#endif
#else
    snprintf(buf, len, "error %d", err);
#endif
    return buf;
}
