/* Small helpers: messages, names, numbers. */
#ifndef CFP_UTIL_H
#define CFP_UTIL_H

#include <stddef.h>

/* Format a message into buf (CFP_MSG_SIZE bytes) and return code. */
int cfp_fail(char *buf, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Index of s in names[0..n-1], or -1. */
int cfp_lookup(const char *s, const char *const *names, int n);

/* Non-zero if s is a valid element name: [A-Za-z_][A-Za-z0-9_]*, shorter
 * than CFP_NAME_MAX. */
int cfp_valid_name(const char *s);

/* Non-zero if x is finite. */
int cfp_finite(double x);

/* Copy src into dst of size n, always NUL-terminated. */
void cfp_strlcpy(char *dst, const char *src, size_t n);

/* The decimal point of the current C locale ("." in the "C" locale), found
 * by formatting 0.5 (localeconv() is not thread-safe); buf holds it. */
const char *cfp_locale_point(char *buf, size_t n);
/* Replace the locale's decimal point dp in a formatted number by '.'. */
void cfp_dot_decimal(char *num, const char *dp);

/* Raised-cosine ramp from 0 (t <= 0) to 1 (t >= w), smooth in between. */
double cfp_ramp(double t, double w);

/* Quiet NaN. */
double cfp_nan(void);

/* A text being built in a caller's buffer: cfp_text_add() appends, always
 * NUL-terminated, truncating at the buffer's end. */
typedef struct cfp_text {
    char *buf;
    size_t size, len;
} cfp_text;
void cfp_text_init(cfp_text *t, char *buf, size_t size);
void cfp_text_add(cfp_text *t, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Append an item of a list: ", " first unless the text is still empty. */
void cfp_text_item(cfp_text *t, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Room for n + 1 elements of size elem in arr (capacity *cap, doubled,
 * at least first): returns arr or its reallocation, or NULL when out of
 * memory (arr and *cap are then unchanged). */
void *cfp_grow(void *arr, size_t *cap, size_t n, size_t elem, size_t first);

/* Copy a description's fields into the caller's out-pointers (any may be
 * NULL): bounds, default value, unit, description. */
void cfp_put_info(double lo, double hi, double value, const char *unit, const char *desc,
                  double *plo, double *phi, double *pvalue, const char **punit,
                  const char **pdesc);

/* A handle's message slot: CFP_MSG_SIZE bytes, allocated with the handle
 * and separate from the object it describes.  A failing call writes it,
 * also a call on a const handle (the object itself never changes). */
char *cfp_msg_new(void);

/* Copy a message into a caller's buffer (errbuf may be NULL, errlen 0). */
void cfp_errbuf(char *errbuf, size_t errlen, const char *msg);

/* The text of errno value err in buf (len > 0 bytes), thread-safe
 * (strerror_r as configure found it; strerror() may use a static
 * buffer); returns buf. */
const char *cfp_errno_text(int err, char *buf, size_t len);

#endif
