/* util.c -- messages, text and list helpers of the calfpump program. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* ------------------------------------------------------------------ */
/* Messages */

static void message(const char *prefix, const char *suffix, const char *fmt, va_list ap)
{
    fputs(prefix, stderr);
    vfprintf(stderr, fmt, ap);
    fputs(suffix, stderr);
}

void error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    message(PROG ": ", "\n", fmt, ap);
    va_end(ap);
}

void warning(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    message(PROG ": warning: ", "\n", fmt, ap);
    va_end(ap);
}

void hint(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    message(PROG ": (", ")\n", fmt, ap);
    va_end(ap);
}

const char *why(const char *msg, int status)
{
    return (msg && *msg) ? msg : calfpump_strerror(status);
}

int exit_of(int status)
{
    return status == CALFPUMP_E_NOMEM || status == CALFPUMP_E_IO ? EXIT_RUNTIME : EXIT_USAGE;
}

int finish_stdout(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        error("error writing to standard output: %s", strerror(errno));
        return status ? status : EXIT_RUNTIME;
    }
    return status;
}

/* ------------------------------------------------------------------ */
/* Text */

strbuf sb_init(char *buf, size_t size)
{
    strbuf b = {buf, size, 0};
    if (size)
        buf[0] = '\0';
    return b;
}

void sb_printf(strbuf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    if (b->len + 1 >= b->size)
        return;
    va_start(ap, fmt);
    n = vsnprintf(b->buf + b->len, b->size - b->len, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    b->len += (size_t)n;
    if (b->len >= b->size)
        b->len = b->size - 1;
}

const char *sb_sep(const strbuf *b)
{
    return b->len ? ", " : "";
}

void print_wrapped(FILE *f, const char *text, int col, int indent)
{
    const char *p = text;
    int first = 1;
    while (*p == ' ')
        p++;
    while (*p) {
        const char *w = p;
        int len;
        while (*p && *p != ' ')
            p++;
        len = (int)(p - w);
        if (!first && col + 1 + len > WRAP_WIDTH) {
            fprintf(f, "\n%*s", indent, "");
            col = indent;
        } else if (!first) {
            fputc(' ', f);
            col++;
        }
        fwrite(w, 1, (size_t)len, f);
        col += len;
        first = 0;
        while (*p == ' ')
            p++;
    }
    fputc('\n', f);
}

void print_entry(const char *name, int width, const char *text)
{
    printf("  %-*s  ", width, name);
    print_wrapped(stdout, text, width + 4, width + 4);
}

char *xstrndup(const char *s, size_t len)
{
    char *d = malloc(len + 1);
    if (!d) {
        error("out of memory");
        return NULL;
    }
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

void short_file_name(const char *path, const char **start, int *len)
{
    const char *slash = strrchr(path, '/');
    size_t n;
    if (slash && slash[1])
        path = slash + 1;
    n = strlen(path);
    if (n > 4 && strcmp(path + n - 4, ".cfp") == 0)
        n -= 4;
    *start = path;
    *len = (int)n;
}

int wider(int w, const char *s)
{
    return s && (int)strlen(s) > w ? (int)strlen(s) : w;
}

int name_width(const char *(*name)(size_t), size_t n)
{
    int w = 0;
    for (size_t i = 0; i < n; i++)
        w = wider(w, name(i));
    return w;
}

/* ------------------------------------------------------------------ */
/* Numbers */

int parse_number(const char *what, const char *s, double *out)
{
    char *end;
    double v;
    if (*s == '\0') {
        error("%s: a number is required, got an empty string", what);
        return -1;
    }
    if (*s == ' ' || *s == '\t' || *s == '\n') {
        error("%s: '%s' is not a number (leading white space)", what, s);
        return -1;
    }
    errno = 0;
    v = strtod(s, &end);
    if (end == s) {
        error("%s: '%s' is not a number", what, s);
        return -1;
    }
    if (*end != '\0') {
        error("%s: '%s' is not a number (unexpected '%s' after '%.*s')", what, s, end,
              (int)(end - s), s);
        return -1;
    }
    if (errno == ERANGE) {
        error("%s: '%s' is out of range (%s)", what, s,
              fabs(v) > 1.0 ? "too large" : "too small to be represented accurately");
        return -1;
    }
    if (isnan(v) || isinf(v)) {
        error("%s: '%s' is not a finite number", what, s);
        return -1;
    }
    *out = v;
    return 0;
}

int parse_assignment(const char *shown, const char *form, const char *arg, size_t *name_len,
                     double *value)
{
    const char *eq = strchr(arg, '=');
    char what[160];
    if (!eq) {
        error("%s '%s': expected %s", shown, arg, form);
        return EXIT_USAGE;
    }
    *name_len = (size_t)(eq - arg);
    if (*name_len == 0) {
        error("%s '%s': the name is empty", shown, arg);
        return EXIT_USAGE;
    }
    snprintf(what, sizeof what, "%s %.*s", shown, (int)*name_len, arg);
    return parse_number(what, eq + 1, value) ? EXIT_USAGE : 0;
}

void format_quantity(strbuf *b, double value, const char *unit)
{
    if (!unit || !*unit || strcmp(unit, "1") == 0 || strcmp(unit, "0/1") == 0)
        sb_printf(b, "%g", value);
    else
        sb_printf(b, "%g %s", value, unit);
}

/* ------------------------------------------------------------------ */
/* Lists */

void *grow(void *arr, size_t *cap, size_t n, size_t elem)
{
    void *q;
    size_t ncap;
    if (n < *cap)
        return arr;
    ncap = *cap ? 2 * *cap : 8;
    q = realloc(arr, ncap * elem);
    if (!q) {
        error("out of memory");
        return NULL;
    }
    *cap = ncap;
    return q;
}

int str_list_push(str_list *l, const char *s)
{
    const char **q = grow(l->v, &l->cap, l->n, sizeof *l->v);
    if (!q)
        return EXIT_RUNTIME;
    l->v = q;
    l->v[l->n++] = s;
    return 0;
}

int str_list_copy(str_list *dst, const str_list *src)
{
    *dst = (str_list){NULL, 0, 0};
    for (size_t i = 0; i < src->n; i++)
        if (str_list_push(dst, src->v[i]))
            return EXIT_RUNTIME;
    return 0;
}

void str_list_free(str_list *l)
{
    free(l->v);
    *l = (str_list){NULL, 0, 0};
}

int nv_list_push(nv_list *l, const char *name, size_t len, double value, const char *opt)
{
    named_value *q = grow(l->v, &l->cap, l->n, sizeof *l->v);
    char *copy;
    if (!q)
        return EXIT_RUNTIME;
    l->v = q;
    if (!(copy = xstrndup(name, len)))
        return EXIT_RUNTIME;
    l->v[l->n++] = (named_value){copy, value, opt};
    return 0;
}

int nv_list_copy(nv_list *dst, const nv_list *src)
{
    *dst = (nv_list){NULL, 0, 0};
    for (size_t i = 0; i < src->n; i++) {
        const named_value *e = &src->v[i];
        if (nv_list_push(dst, e->name, strlen(e->name), e->value, e->opt))
            return EXIT_RUNTIME;
    }
    return 0;
}

void nv_list_free(nv_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].name);
    free(l->v);
    *l = (nv_list){NULL, 0, 0};
}
