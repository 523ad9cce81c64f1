/* Designs: distributions of model parameters and reproducible samples of
 * them (include/calfpump/study.h, group design). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <calfpump.h>
#include "base/internal.h"
#include "base/util.h"
#include "io/textfile.h"
#include "study/dist.h"
#include "study/rng.h"

#define DESIGN_FILE_MAX ((size_t)1 << 20)
#define DIST_TEXT_MAX 192

typedef struct design_param {
    char *name;
    cfp_dist dist;
    char text[DIST_TEXT_MAX]; /* cfp_dist_format() of dist */
} design_param;

struct calfpump_design {
    calfpump_model *model; /* a copy: the parameters' names and ranges */
    char *errmsg;
    design_param *v;
    size_t n, cap;
};

int calfpump_design_create(calfpump_design **out, const calfpump_model *m, char *errbuf,
                           size_t errlen)
{
    calfpump_design *d;
    if (out)
        *out = NULL;
    if (!out || !m) {
        cfp_errbuf(errbuf, errlen, "design_create: out and model are required");
        return CALFPUMP_E_NULL;
    }
    if (!(d = calloc(1, sizeof *d)) || !(d->errmsg = cfp_msg_new()) ||
        calfpump_model_clone(&d->model, m)) {
        calfpump_design_free(d);
        cfp_errbuf(errbuf, errlen, "design_create: out of memory");
        return CALFPUMP_E_NOMEM;
    }
    cfp_errbuf(errbuf, errlen, "");
    *out = d;
    return CALFPUMP_OK;
}

/* Drop the parameters from index n on. */
static void truncate_to(calfpump_design *d, size_t n)
{
    while (d->n > n)
        free(d->v[--d->n].name);
}

void calfpump_design_free(calfpump_design *d)
{
    if (!d)
        return;
    truncate_to(d, 0);
    free(d->v);
    calfpump_model_free(d->model);
    free(d->errmsg);
    free(d);
}

const char *calfpump_design_errmsg(const calfpump_design *d)
{
    return d ? d->errmsg : "design is NULL";
}

/* The distribution's support within the parameter's range. */
static int check_range(calfpump_design *d, const char *param, const design_param *e)
{
    double plo, phi;
    char a[32], b[32];
    calfpump_model_param_info(d->model, param, &plo, &phi, NULL);
    if (e->dist.lo >= plo && e->dist.hi <= phi)
        return CALFPUMP_OK;
    snprintf(a, sizeof a, "%.6g", plo);
    snprintf(b, sizeof b, "%.6g", phi);
    return cfp_fail(d->errmsg, CALFPUMP_E_RANGE,
                    "%s: %s reaches [%.6g, %.6g], outside the parameter's range [%s, %s]%s",
                    param, e->text, e->dist.lo, e->dist.hi, a, b,
                    e->dist.truncated ? "" : " (truncate it with \"in [lo, hi]\")");
}

int calfpump_design_add(calfpump_design *d, const char *param, const char *dist)
{
    char msg[CFP_MSG_SIZE];
    design_param *v, e;
    int st;
    if (!d || !param || !dist) {
        if (d)
            cfp_fail(d->errmsg, CALFPUMP_E_NULL, "design_add: parameter and distribution are required");
        return CALFPUMP_E_NULL;
    }
    if (calfpump_model_param_info(d->model, param, NULL, NULL, NULL))
        return cfp_fail(d->errmsg, CALFPUMP_E_NOTFOUND, "no model parameter \"%s\"", param);
    for (size_t j = 0; j < d->n; j++)
        if (!strcmp(d->v[j].name, param))
            return cfp_fail(d->errmsg, CALFPUMP_E_EXISTS, "%s is already in the design", param);
    if ((st = cfp_dist_parse(&e.dist, dist, msg)))
        return cfp_fail(d->errmsg, st, "%s: %s", param, msg);
    cfp_dist_format(&e.dist, e.text, sizeof e.text);
    if ((st = check_range(d, param, &e)))
        return st;
    if (!(v = cfp_grow(d->v, &d->cap, d->n, sizeof *v, 8)) || !(e.name = malloc(strlen(param) + 1)))
        return cfp_fail(d->errmsg, CALFPUMP_E_NOMEM, "out of memory adding %s", param);
    strcpy(e.name, param);
    d->v = v;
    d->v[d->n++] = e;
    cfp_fail(d->errmsg, CALFPUMP_OK, "%s", "");
    return CALFPUMP_OK;
}

/* One line "PARAM DIST" (comment stripped, in place). */
static int parse_line(calfpump_design *d, char *line, const char *source, int lineno)
{
    char *hash = strchr(line, '#'), *param, *dist, msg[CFP_MSG_SIZE];
    size_t len;
    int st;
    if (hash)
        *hash = '\0';
    param = line + strspn(line, " \t\r");
    len = strlen(param);
    while (len && strchr(" \t\r", param[len - 1]))
        param[--len] = '\0';
    if (!len)
        return CALFPUMP_OK;
    dist = param + strcspn(param, " \t");
    if (!*dist)
        return cfp_fail(d->errmsg, CALFPUMP_E_INVAL, "%s:%d: %s has no distribution", source,
                        lineno, param);
    *dist++ = '\0';
    if (!(st = calfpump_design_add(d, param, dist + strspn(dist, " \t"))))
        return st;
    memcpy(msg, d->errmsg, CFP_MSG_SIZE);
    return cfp_fail(d->errmsg, st, "%s:%d: %s", source, lineno, msg);
}

int calfpump_design_parse(calfpump_design *d, const char *text, const char *source)
{
    size_t n0, len;
    char *copy, *line;
    int st = CALFPUMP_OK, lineno = 1;
    if (!d || !text) {
        if (d)
            cfp_fail(d->errmsg, CALFPUMP_E_NULL, "design_parse: the text is NULL");
        return CALFPUMP_E_NULL;
    }
    if (!source)
        source = "<string>";
    len = strlen(text);
    if (!(copy = malloc(len + 1)))
        return cfp_fail(d->errmsg, CALFPUMP_E_NOMEM, "%s: out of memory copying the text", source);
    memcpy(copy, text, len + 1);
    n0 = d->n;
    for (line = copy; !st && line; lineno++) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        st = parse_line(d, line, source, lineno);
        line = nl ? nl + 1 : NULL;
    }
    free(copy);
    if (st)
        truncate_to(d, n0); /* all or nothing */
    return st;
}

int calfpump_design_load(calfpump_design *d, const char *path)
{
    char *text;
    int st;
    if (!d || !path) {
        if (d)
            cfp_fail(d->errmsg, CALFPUMP_E_NULL, "design_load: the path is NULL");
        return CALFPUMP_E_NULL;
    }
    st = cfp_read_text(path, DESIGN_FILE_MAX, "a design file (\"PARAM DIST\" lines)", &text,
                       d->errmsg, CFP_MSG_SIZE);
    if (st)
        return st;
    st = calfpump_design_parse(d, text, path);
    free(text);
    return st;
}

size_t calfpump_design_count(const calfpump_design *d)
{
    return d ? d->n : 0;
}

const char *calfpump_design_param_name(const calfpump_design *d, size_t j)
{
    return d && j < d->n ? d->v[j].name : NULL;
}

const char *calfpump_design_param_dist(const calfpump_design *d, size_t j)
{
    return d && j < d->n ? d->v[j].text : NULL;
}

static int usable(calfpump_design *d, size_t n, const void *x, const char *fn)
{
    if (!d)
        return CALFPUMP_E_NULL;
    if (n && !x)
        return cfp_fail(d->errmsg, CALFPUMP_E_NULL, "%s: the matrix is NULL", fn);
    if (!d->n)
        return cfp_fail(d->errmsg, CALFPUMP_E_STATE, "%s: the design has no parameters", fn);
    return CALFPUMP_OK;
}

int calfpump_design_sample(calfpump_design *d, unsigned long seed, size_t first, size_t n,
                           double *x)
{
    int st = usable(d, n, x, "design_sample");
    if (st)
        return st;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < d->n; j++)
            x[i * d->n + j] = cfp_dist_quantile(&d->v[j].dist, cfp_rng_u(seed, first + i, j));
    return CALFPUMP_OK;
}

int calfpump_design_map(calfpump_design *d, size_t n, const double *u, double *x)
{
    int st = usable(d, n, u, "design_map");
    if (st || (st = usable(d, n, x, "design_map")))
        return st;
    for (size_t i = 0; i < n * d->n; i++)
        if (!(u[i] > 0 && u[i] < 1))
            return cfp_fail(d->errmsg, CALFPUMP_E_RANGE,
                            "design_map: u[%zu][%zu] = %g is outside (0, 1)", i / d->n,
                            i % d->n, u[i]);
    for (size_t i = 0; i < n * d->n; i++)
        x[i] = cfp_dist_quantile(&d->v[i % d->n].dist, u[i]);
    return CALFPUMP_OK;
}
