/* Model files: a versioned, line-based text format that describes a model
 * and optionally a protocol (doc/model-file.md), its strict parser and
 * its writer.
 *
 * The parser works in two passes.  Pass 1 splits the text into sections
 * and "key = value" entries and checks everything that does not need the
 * network: the header, section names, element names, keys and repeated
 * keys.  Pass 2 builds the model and the protocol through the public API
 * (so every bound and message is the library's own), in a fixed order:
 * [global], compartments, connections, the network check, [condition]s,
 * [segment]s, [run].  Sections may therefore come in any order, and a
 * connection may name a compartment defined further down. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/model.h"
#include "drive/protocol.h"
#include "sim/options.h"
#include "base/util.h"

#define MF_VERSION 1
#define MF_MAGIC "calfpump-model"
#define MF_MSG 1024      /* parser messages list many expected keys */
#define MF_NUM_MAX 256   /* longest number token */

/* ---------------------------------------------------------------- */
/* Numbers.  The format's numbers are plain decimals ("12", "-0.5",
 * "1e-3"), read and written independently of the C locale. */

/* Non-zero if s is [+-]digits[.digits][(e|E)[+-]digits] with at least one
 * digit in the mantissa. */
static int decimal_syntax(const char *s)
{
    int digits = 0;
    if (*s == '+' || *s == '-')
        s++;
    while (*s >= '0' && *s <= '9')
        s++, digits++;
    if (*s == '.') {
        s++;
        while (*s >= '0' && *s <= '9')
            s++, digits++;
    }
    if (!digits)
        return 0;
    if (*s == 'e' || *s == 'E') {
        int ed = 0;
        s++;
        if (*s == '+' || *s == '-')
            s++;
        while (*s >= '0' && *s <= '9')
            s++, ed++;
        if (!ed)
            return 0;
    }
    return *s == '\0';
}

/* Convert a token: 0 and *x on success, 1 if it is not a decimal number,
 * 2 if it is one but does not fit a finite double. */
static int to_number(const char *s, double *x)
{
    char buf[MF_NUM_MAX + 16], dpbuf[8];
    const char *dp = cfp_locale_point(dpbuf, sizeof dpbuf);
    size_t k = 0;
    char *end;
    if (strlen(s) > MF_NUM_MAX || !decimal_syntax(s))
        return 1;
    for (; *s; s++) {
        if (*s == '.') {
            size_t l = strlen(dp);
            if (k + l >= sizeof buf)
                return 1;
            memcpy(buf + k, dp, l);
            k += l;
        } else {
            buf[k++] = *s;
        }
    }
    buf[k] = '\0';
    *x = strtod(buf, &end);
    if (*end != '\0')
        return 1;
    return cfp_finite(*x) ? 0 : 2; /* underflow to a subnormal or 0 is fine */
}

/* Shortest of %.15g, %.16g, %.17g that reads back to the same bits
 * (%.17g always does), with '.' as the decimal point. */
static void format_number(char *buf, size_t n, double x)
{
    char dpbuf[8];
    const char *dp = cfp_locale_point(dpbuf, sizeof dpbuf);
    for (int prec = 15; prec <= 17; prec++) {
        double y;
        snprintf(buf, n, "%.*g", prec, x);
        cfp_dot_decimal(buf, dp);
        if (prec == 17 || (to_number(buf, &y) == 0 && memcmp(&x, &y, sizeof x) == 0))
            return;
    }
}

/* ---------------------------------------------------------------- */
/* Pass 1: sections and entries. */

enum { SEC_GLOBAL, SEC_COMP, SEC_CONN, SEC_COND, SEC_SEG, SEC_RUN, SEC_COUNT };
static const char *const sec_names[SEC_COUNT] = {"global",    "compartment", "connection",
                                                 "condition", "segment",     "run"};
static const int sec_has_name[SEC_COUNT] = {0, 1, 1, 0, 0, 0};
/* Sections that may appear only once. */
static const int sec_unique[SEC_COUNT] = {1, 0, 0, 0, 0, 1};

static const char *const muscle_names[CFP_MUSCLE_COUNT] = {"foot", "calf", "thigh"};
static const char *const wave_keys[CFP_MUSCLE_COUNT] = {"waveform_foot", "waveform_calf",
                                                        "waveform_thigh"};

typedef struct mf_entry {
    const char *key, *val;
    int line;
} mf_entry;

typedef struct mf_section {
    int kind;
    const char *name; /* compartment or connection name, else NULL */
    int line;
    int ordinal;      /* 1-based number among the sections of its kind */
    size_t first, n;  /* its entries */
} mf_section;

typedef struct mf_parser {
    const char *file; /* name used in messages */
    char msg[MF_MSG];
    char *text;       /* mutable copy of the input */
    mf_entry *ent;
    size_t nent, capent;
    mf_section *sec;
    size_t nsec, capsec;
    int lines;        /* lines read */
    /* Keys of the model's registry, taken from a probe network with one
     * compartment and one valved connection. */
    calfpump_model *probe;
    const char **gkeys, **ckeys, **ekeys, **vkeys;
    size_t ng, nc, ne, nv;
    const char **keybuf;
} mf_parser;

static int perr(mf_parser *ps, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* "FILE:LINE: message" into ps->msg; returns CALFPUMP_E_INVAL. */
static int perr(mf_parser *ps, int line, const char *fmt, ...)
{
    va_list ap;
    int k = snprintf(ps->msg, sizeof ps->msg, "%s:%d: ", ps->file, line);
    if (k < 0 || (size_t)k >= sizeof ps->msg)
        return CALFPUMP_E_INVAL;
    va_start(ap, fmt);
    vsnprintf(ps->msg + k, sizeof ps->msg - (size_t)k, fmt, ap);
    va_end(ap);
    return CALFPUMP_E_INVAL;
}

static int nomem(mf_parser *ps)
{
    snprintf(ps->msg, sizeof ps->msg, "%s: out of memory", ps->file);
    return CALFPUMP_E_NOMEM;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static char *trim(char *s)
{
    char *e;
    while (is_space(*s))
        s++;
    e = s + strlen(s);
    while (e > s && is_space(e[-1]))
        *--e = '\0';
    return s;
}

/* Next whitespace-separated token of *s (NUL-terminated in place), or NULL. */
static char *next_token(char **s)
{
    char *p = *s, *t;
    while (is_space(*p))
        p++;
    if (!*p) {
        *s = p;
        return NULL;
    }
    t = p;
    while (*p && !is_space(*p))
        p++;
    if (*p)
        *p++ = '\0';
    *s = p;
    return t;
}

static int probe_keys(mf_parser *ps)
{
    size_t n;
    int st = calfpump_model_new(&ps->probe);
    if (!st)
        st = calfpump_model_add_compartment(ps->probe, "x", "calf", "deep");
    if (!st)
        st = calfpump_model_add_connection(ps->probe, "x", "x", "ra", 1);
    if (st)
        return st == CALFPUMP_E_NOMEM ? nomem(ps) : st;
    n = calfpump_model_param_count(ps->probe);
    ps->keybuf = malloc(4 * (n + 1) * sizeof *ps->keybuf);
    if (!ps->keybuf)
        return nomem(ps);
    ps->gkeys = ps->keybuf;
    ps->ckeys = ps->gkeys + (n + 1);
    ps->ekeys = ps->ckeys + (n + 1);
    ps->vkeys = ps->ekeys + (n + 1);
    for (size_t i = 0; i < n; i++) {
        const char *name = calfpump_model_param_name(ps->probe, i);
        if (!name)
            return nomem(ps);
        if (!strchr(name, '.'))
            ps->gkeys[ps->ng++] = name;
        else if (strncmp(name, "comp.x.", 7) == 0)
            ps->ckeys[ps->nc++] = name + 7;
        else if (strncmp(name, "conn.x.", 7) == 0)
            ps->ekeys[ps->ne++] = name + 7;
        else if (strncmp(name, "valve.x.", 8) == 0)
            ps->vkeys[ps->nv++] = name + 8;
    }
    return CALFPUMP_OK;
}

static int in_list(const char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0)
            return 1;
    return 0;
}

static const char *const comp_fixed[] = {"region", "layer"};
static const char *const conn_fixed[] = {"from", "to", "valve"};
static const char *const cond_fixed[] = {"apply"};
static const char *const seg_fixed[] = {"posture", "activity", "duration"};
static const char *const run_fixed[] = {"integrator"};
#define NA(a) (sizeof(a) / sizeof((a)[0]))

/* Is key allowed in a section of this kind? */
static int key_known(const mf_parser *ps, int kind, const char *key)
{
    switch (kind) {
    case SEC_GLOBAL:
        return in_list(ps->gkeys, ps->ng, key);
    case SEC_COMP:
        return in_list(comp_fixed, NA(comp_fixed), key) || in_list(ps->ckeys, ps->nc, key);
    case SEC_CONN:
        return in_list(conn_fixed, NA(conn_fixed), key) || in_list(ps->ekeys, ps->ne, key) ||
               in_list(ps->vkeys, ps->nv, key);
    case SEC_COND:
        return in_list(cond_fixed, NA(cond_fixed), key);
    case SEC_SEG:
        return in_list(seg_fixed, NA(seg_fixed), key) ||
               cfp_segparam_find(key) != NULL ||
               in_list(wave_keys, CFP_MUSCLE_COUNT, key);
    case SEC_RUN:
        return in_list(run_fixed, NA(run_fixed), key) || cfp_runopt_find(key, NULL) != NULL;
    default:
        return 0;
    }
}

/* Append "a, b, c" to buf (size n). */
static void append_list(char *buf, size_t n, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        size_t len = strlen(buf);
        snprintf(buf + len, n - len, "%s%s", len ? ", " : "", list[i]);
    }
}

static void expected_keys(const mf_parser *ps, int kind, char *buf, size_t n)
{
    buf[0] = '\0';
    switch (kind) {
    case SEC_GLOBAL:
        append_list(buf, n, ps->gkeys, ps->ng);
        break;
    case SEC_COMP:
        append_list(buf, n, comp_fixed, NA(comp_fixed));
        append_list(buf, n, ps->ckeys, ps->nc);
        break;
    case SEC_CONN:
        append_list(buf, n, conn_fixed, NA(conn_fixed));
        append_list(buf, n, ps->ekeys, ps->ne);
        append_list(buf, n, ps->vkeys, ps->nv);
        break;
    case SEC_COND:
        append_list(buf, n, cond_fixed, NA(cond_fixed));
        break;
    case SEC_SEG:
        append_list(buf, n, seg_fixed, NA(seg_fixed));
        for (size_t i = 0; i < cfp_segparam_count(); i++)
            append_list(buf, n, &cfp_segparam_at(i)->name, 1);
        append_list(buf, n, wave_keys, CFP_MUSCLE_COUNT);
        break;
    case SEC_RUN: {
        append_list(buf, n, run_fixed, NA(run_fixed));
        for (size_t i = 0; i < cfp_runopt_count(); i++)
            append_list(buf, n, &cfp_runopt_at(i)->name, 1);
        break;
    }
    default:
        break;
    }
}

/* "[compartment deep_calf]", "[global]", "[segment] #2" */
static const char *sec_label(const mf_section *s, char *buf, size_t n)
{
    if (s->name)
        snprintf(buf, n, "[%s %s]", sec_names[s->kind], s->name);
    else if (sec_unique[s->kind])
        snprintf(buf, n, "[%s]", sec_names[s->kind]);
    else
        snprintf(buf, n, "[%s] #%d", sec_names[s->kind], s->ordinal);
    return buf;
}

static const char *const expected_sections =
    "[global], [compartment NAME], [connection NAME], [condition], [segment], [run]";

static int parse_header(mf_parser *ps, char *line)
{
    char *rest = line, *magic = next_token(&rest), *ver = next_token(&rest), *extra, want[16];
    if (strcmp(magic, MF_MAGIC) != 0)
        return perr(ps, ps->lines,
                    "expected the header '" MF_MAGIC " %d' as the first line that is not blank "
                    "or a comment, found '%s'", MF_VERSION, line);
    if (!ver)
        return perr(ps, ps->lines, "the header '" MF_MAGIC "' lacks the format version "
                    "(expected '" MF_MAGIC " %d')", MF_VERSION);
    snprintf(want, sizeof want, "%d", MF_VERSION);
    if (strcmp(ver, want) != 0)
        return perr(ps, ps->lines, "unsupported format version '%s' (this library reads "
                    "version %d: '" MF_MAGIC " %d')", ver, MF_VERSION, MF_VERSION);
    if ((extra = next_token(&rest)) != NULL)
        return perr(ps, ps->lines, "unexpected '%s' after the header (expected just '"
                    MF_MAGIC " %d')", extra, MF_VERSION);
    return CALFPUMP_OK;
}

static int parse_section(mf_parser *ps, char *line)
{
    char *end = strrchr(line, ']'), *rest, *kind_s, *name, *extra;
    int kind = -1, same = 0;
    mf_section *s;
    if (!end)
        return perr(ps, ps->lines, "section header '%s' lacks the closing ']' (expected e.g. "
                    "'[compartment NAME]')", line);
    if (end[1] != '\0')
        return perr(ps, ps->lines, "unexpected '%s' after the section header (expected nothing "
                    "but a comment after ']')", end + 1);
    *end = '\0';
    rest = line + 1;
    kind_s = next_token(&rest);
    if (!kind_s)
        return perr(ps, ps->lines, "empty section header '[]' (expected one of: %s)",
                    expected_sections);
    for (int k = 0; k < SEC_COUNT; k++)
        if (strcmp(kind_s, sec_names[k]) == 0)
            kind = k;
    if (kind < 0)
        return perr(ps, ps->lines, "unknown section '[%s]' (expected one of: %s)", kind_s,
                    expected_sections);
    name = next_token(&rest);
    if (sec_has_name[kind] && !name)
        return perr(ps, ps->lines, "section '[%s]' needs a name (expected '[%s NAME]')",
                    kind_s, kind_s);
    if (!sec_has_name[kind] && name)
        return perr(ps, ps->lines, "section '[%s]' takes no name, found '%s' (expected '[%s]')",
                    kind_s, name, kind_s);
    if ((extra = next_token(&rest)) != NULL)
        return perr(ps, ps->lines, "unexpected '%s' in the section header (expected '[%s%s]')",
                    extra, kind_s, sec_has_name[kind] ? " NAME" : "");
    if (name && !cfp_valid_name(name))
        return perr(ps, ps->lines, "invalid %s name '%s' (expected letters, digits and '_', "
                    "not starting with a digit, at most %d characters)", kind_s, name,
                    CFP_NAME_MAX - 1);
    if (kind == SEC_COMP && strcmp(name, "ra") == 0)
        return perr(ps, ps->lines, "the compartment name 'ra' is reserved for the right "
                    "atrium (expected another name)");
    for (size_t i = 0; i < ps->nsec; i++) {
        const mf_section *o = &ps->sec[i];
        if (o->kind != kind)
            continue;
        same++;
        if (sec_unique[kind])
            return perr(ps, ps->lines, "section '[%s]' given twice (first at line %d; expected "
                        "one [%s] section)", kind_s, o->line, kind_s);
        if (name && strcmp(o->name, name) == 0)
            return perr(ps, ps->lines, "duplicate %s name '%s' (first defined at line %d; "
                        "expected a unique name)", kind_s, name, o->line);
    }
    if (ps->nsec == ps->capsec) {
        size_t cap = ps->capsec ? 2 * ps->capsec : 32;
        mf_section *p = realloc(ps->sec, cap * sizeof *p);
        if (!p)
            return nomem(ps);
        ps->sec = p;
        ps->capsec = cap;
    }
    s = &ps->sec[ps->nsec++];
    s->kind = kind;
    s->name = name;
    s->line = ps->lines;
    s->ordinal = same + 1;
    s->first = ps->nent;
    s->n = 0;
    return CALFPUMP_OK;
}

static int parse_entry(mf_parser *ps, char *line)
{
    char *eq = strchr(line, '='), *key, *val, lab[CFP_NAME_MAX + 32];
    mf_section *s;
    mf_entry *e;
    if (!eq)
        return perr(ps, ps->lines, "expected 'KEY = VALUE' or a [section] header, found '%s'",
                    line);
    *eq = '\0';
    key = trim(line);
    val = trim(eq + 1);
    if (!*key)
        return perr(ps, ps->lines, "missing key before '=' (expected 'KEY = VALUE')");
    if (strspn(key, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(key))
        return perr(ps, ps->lines, "bad key '%s' (expected lower-case letters, digits and '_')",
                    key);
    if (!ps->nsec)
        return perr(ps, ps->lines, "key '%s' outside any section (expected a section header "
                    "first: %s)", key, expected_sections);
    s = &ps->sec[ps->nsec - 1];
    if (!key_known(ps, s->kind, key)) {
        char list[MF_MSG];
        expected_keys(ps, s->kind, list, sizeof list);
        return perr(ps, ps->lines, "unknown key '%s' in %s (expected one of: %s)", key,
                    sec_label(s, lab, sizeof lab), list);
    }
    if (!*val)
        return perr(ps, ps->lines, "missing value for '%s' in %s (expected '%s = VALUE')", key,
                    sec_label(s, lab, sizeof lab), key);
    for (size_t i = s->first; i < s->first + s->n; i++)
        if (strcmp(ps->ent[i].key, key) == 0)
            return perr(ps, ps->lines, "key '%s' given twice in %s (first at line %d; expected "
                        "each key once per section)", key, sec_label(s, lab, sizeof lab),
                        ps->ent[i].line);
    if (ps->nent == ps->capent) {
        size_t cap = ps->capent ? 2 * ps->capent : 256;
        mf_entry *p = realloc(ps->ent, cap * sizeof *p);
        if (!p)
            return nomem(ps);
        ps->ent = p;
        ps->capent = cap;
    }
    e = &ps->ent[ps->nent++];
    e->key = key;
    e->val = val;
    e->line = ps->lines;
    s->n++;
    return CALFPUMP_OK;
}

static int parse_text(mf_parser *ps)
{
    char *p = ps->text;
    int have_header = 0, st;
    if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF)
        p += 3; /* a UTF-8 byte order mark */
    while (*p) {
        char *nl = strchr(p, '\n'), *hash, *line;
        if (nl)
            *nl = '\0';
        ps->lines++;
        line = p;
        p = nl ? nl + 1 : p + strlen(p);
        if ((hash = strchr(line, '#')) != NULL)
            *hash = '\0';
        line = trim(line); /* also drops the '\r' of CRLF line ends */
        if (!*line)
            continue;
        if (!have_header) {
            if ((st = parse_header(ps, line)))
                return st;
            have_header = 1;
        } else if (line[0] == '[') {
            if ((st = parse_section(ps, line)))
                return st;
        } else if ((st = parse_entry(ps, line))) {
            return st;
        }
    }
    if (!have_header)
        return perr(ps, ps->lines ? ps->lines : 1,
                    "no header: the text is empty or holds only comments (expected '" MF_MAGIC
                    " %d' as its first line that is not blank or a comment)", MF_VERSION);
    return CALFPUMP_OK;
}

/* ---------------------------------------------------------------- */
/* Pass 2: build the model and the protocol. */

static const mf_entry *find_entry(const mf_parser *ps, const mf_section *s, const char *key)
{
    for (size_t i = s->first; i < s->first + s->n; i++)
        if (strcmp(ps->ent[i].key, key) == 0)
            return &ps->ent[i];
    return NULL;
}

/* Read entry e of section s as a number. */
static int entry_number(mf_parser *ps, const mf_section *s, const mf_entry *e, double *x)
{
    char lab[CFP_NAME_MAX + 32];
    int r = to_number(e->val, x);
    if (r == 1)
        return perr(ps, e->line, "bad number '%s' for '%s' in %s (expected a finite decimal "
                    "number such as 12, -0.5 or 1e-3)", e->val, e->key,
                    sec_label(s, lab, sizeof lab));
    if (r == 2)
        return perr(ps, e->line, "number '%s' for '%s' in %s is too large for a double "
                    "(expected a finite number)", e->val, e->key, sec_label(s, lab, sizeof lab));
    return CALFPUMP_OK;
}

/* Set the model parameter KIND.ELEM.KEY (or the global KEY) from entry e. */
static int set_param(mf_parser *ps, calfpump_model *m, const mf_section *s, const mf_entry *e,
                     const char *kind)
{
    char pname[CFP_PNAME_MAX], lab[CFP_NAME_MAX + 32];
    double x;
    int st = entry_number(ps, s, e, &x);
    if (st)
        return st;
    if (kind)
        snprintf(pname, sizeof pname, "%s.%s.%s", kind, s->name, e->key);
    else
        snprintf(pname, sizeof pname, "%s", e->key);
    st = calfpump_model_set(m, pname, x);
    if (st == CALFPUMP_E_NOMEM)
        return nomem(ps);
    if (st)
        return perr(ps, e->line, "bad value '%s' for '%s' in %s: %s", e->val, e->key,
                    sec_label(s, lab, sizeof lab), calfpump_model_errmsg(m));
    return CALFPUMP_OK;
}

static void word_list(char *buf, size_t n, const char *const *names, int count)
{
    buf[0] = '\0';
    append_list(buf, n, names, (size_t)count);
}

static int build_compartment(mf_parser *ps, calfpump_model *m, const mf_section *s)
{
    const mf_entry *re = find_entry(ps, s, "region"), *le = find_entry(ps, s, "layer");
    char lab[CFP_NAME_MAX + 32], list[256];
    int st;
    if (!re || !le) {
        const char *const *names = re ? cfp_layer_names : cfp_region_names;
        word_list(list, sizeof list, names, re ? CFP_LAYER_COUNT : CFP_REG_COUNT);
        return perr(ps, s->line, "%s lacks '%s' (expected '%s = %s', one of: %s)",
                    sec_label(s, lab, sizeof lab), re ? "layer" : "region",
                    re ? "layer" : "region", re ? "LAYER" : "REGION", list);
    }
    if (cfp_lookup(re->val, cfp_region_names, CFP_REG_COUNT) < 0) {
        word_list(list, sizeof list, cfp_region_names, CFP_REG_COUNT);
        return perr(ps, re->line, "unknown region '%s' in %s (expected one of: %s)", re->val,
                    sec_label(s, lab, sizeof lab), list);
    }
    if (cfp_lookup(le->val, cfp_layer_names, CFP_LAYER_COUNT) < 0) {
        word_list(list, sizeof list, cfp_layer_names, CFP_LAYER_COUNT);
        return perr(ps, le->line, "unknown layer '%s' in %s (expected one of: %s)", le->val,
                    sec_label(s, lab, sizeof lab), list);
    }
    st = calfpump_model_add_compartment(m, s->name, re->val, le->val);
    if (st == CALFPUMP_E_NOMEM)
        return nomem(ps);
    if (st)
        return perr(ps, s->line, "%s", calfpump_model_errmsg(m));
    for (size_t i = s->first; i < s->first + s->n; i++) {
        const mf_entry *e = &ps->ent[i];
        if (e == re || e == le)
            continue;
        if ((st = set_param(ps, m, s, e, "comp")))
            return st;
    }
    return CALFPUMP_OK;
}

static int build_connection(mf_parser *ps, calfpump_model *m, const mf_section *s)
{
    const mf_entry *fe = find_entry(ps, s, "from"), *te = find_entry(ps, s, "to");
    const mf_entry *ve = find_entry(ps, s, "valve");
    char lab[CFP_NAME_MAX + 32];
    int valve = 0, st;
    if (!fe || !te)
        return perr(ps, s->line, "%s lacks '%s' (expected '%s = COMPARTMENT'%s)",
                    sec_label(s, lab, sizeof lab), fe ? "to" : "from", fe ? "to" : "from",
                    fe ? " or 'to = ra'" : "");
    if (ve) {
        if (strcmp(ve->val, "yes") == 0)
            valve = 1;
        else if (strcmp(ve->val, "no") != 0)
            return perr(ps, ve->line, "bad value '%s' for 'valve' in %s (expected yes or no)",
                        ve->val, sec_label(s, lab, sizeof lab));
    }
    if (strcmp(fe->val, "ra") == 0)
        return perr(ps, fe->line, "connection '%s' has from = ra: flow must leave a "
                    "compartment (expected a compartment name; put 'ra' as 'to')", s->name);
    if (cfp_model_find_comp(m, fe->val) == -2)
        return perr(ps, fe->line, "connection '%s' is dangling: from = '%s' names no "
                    "compartment (expected the name of a [compartment] section)", s->name,
                    fe->val);
    if (cfp_model_find_comp(m, te->val) == -2)
        return perr(ps, te->line, "connection '%s' is dangling: to = '%s' names no "
                    "compartment (expected the name of a [compartment] section or 'ra')",
                    s->name, te->val);
    st = calfpump_model_add_connection(m, s->name, fe->val, te->val, valve);
    if (st == CALFPUMP_E_NOMEM)
        return nomem(ps);
    if (st) /* the names were checked: what is left is from = to */
        return perr(ps, te->line, "%s (expected 'from' and 'to' to name two different "
                    "compartments)", calfpump_model_errmsg(m));
    for (size_t i = s->first; i < s->first + s->n; i++) {
        const mf_entry *e = &ps->ent[i];
        int is_valve = in_list(ps->vkeys, ps->nv, e->key);
        if (e == fe || e == te || e == ve)
            continue;
        if (is_valve && !valve)
            return perr(ps, e->line, "'%s' is a valve property, but connection '%s' has no "
                        "valve (expected 'valve = yes' in %s, or no valve keys)", e->key,
                        s->name, sec_label(s, lab, sizeof lab));
        if ((st = set_param(ps, m, s, e, is_valve ? "valve" : "conn")))
            return st;
    }
    return CALFPUMP_OK;
}

/* The network must drain to the atrium and every compartment must be
 * linked to it (the same rule as cfp_model_validate(), with the line of
 * the section at fault). */
static int check_network(mf_parser *ps, const calfpump_model *m, const mf_section **comp_sec)
{
    unsigned char *seen;
    int reaches = 0, changed = 1;
    char buf[CFP_MSG_SIZE];
    for (size_t e = 0; e < m->nconn; e++)
        reaches |= m->conn[e].to == CFP_RA;
    if (!reaches)
        return perr(ps, comp_sec[0]->line, "no connection drains to the right atrium: the "
                    "network has no outflow (expected at least one [connection] with 'to = ra')");
    seen = calloc(m->ncomp, 1);
    if (!seen)
        return nomem(ps);
    for (size_t e = 0; e < m->nconn; e++)
        if (m->conn[e].to == CFP_RA)
            seen[m->conn[e].from] = 1;
    while (changed) {
        changed = 0;
        for (size_t e = 0; e < m->nconn; e++) {
            int a = m->conn[e].from, b = m->conn[e].to;
            if (b != CFP_RA && seen[a] != seen[b]) {
                seen[a] = seen[b] = 1;
                changed = 1;
            }
        }
    }
    for (size_t i = 0; i < m->ncomp; i++)
        if (!seen[i]) {
            free(seen);
            return perr(ps, comp_sec[i]->line, "compartment '%s' is not connected to the right "
                        "atrium (expected [connection] sections that link it, directly or "
                        "through other compartments, to 'ra')", m->comp[i].name);
        }
    free(seen);
    if (cfp_model_validate(m, buf)) /* a rule this check does not know */
        return perr(ps, comp_sec[0]->line, "%s", buf);
    return CALFPUMP_OK;
}

static int apply_conditions(mf_parser *ps, calfpump_model *m, const mf_section *s)
{
    const mf_entry *e = find_entry(ps, s, "apply");
    char lab[CFP_NAME_MAX + 32], *copy, *rest, *tok;
    int st = CALFPUMP_OK;
    if (!e)
        return perr(ps, s->line, "%s lacks 'apply' (expected 'apply = PRESET')",
                    sec_label(s, lab, sizeof lab));
    copy = malloc(strlen(e->val) + 1);
    if (!copy)
        return nomem(ps);
    strcpy(copy, e->val);
    rest = copy;
    while (!st && (tok = next_token(&rest)) != NULL) {
        int known = 0;
        for (size_t i = 0; i < calfpump_condition_count(); i++)
            known |= strcmp(calfpump_condition_name(i), tok) == 0;
        if (!known) {
            char list[MF_MSG];
            list[0] = '\0';
            for (size_t i = 0; i < calfpump_condition_count(); i++) {
                const char *nm = calfpump_condition_name(i);
                append_list(list, sizeof list, &nm, 1);
            }
            st = perr(ps, e->line, "unknown condition preset '%s' (expected one of: %s)", tok,
                      list);
        } else if ((st = calfpump_model_apply_condition(m, tok)) != CALFPUMP_OK) {
            st = st == CALFPUMP_E_NOMEM ? nomem(ps)
                                        : perr(ps, e->line, "apply = %s: %s (expected presets "
                                               "that name this network's elements)", e->val,
                                               calfpump_model_errmsg(m));
        }
    }
    free(copy);
    return st;
}

/* "periodic 0:0 0.3:0.5 1.2:0" -> set_waveform. */
static int build_waveform(mf_parser *ps, calfpump_protocol *p, size_t index,
                          const mf_section *s, const mf_entry *e, int muscle)
{
    char lab[CFP_NAME_MAX + 32], *copy, *rest, *tok;
    double *t = NULL, *a;
    size_t n = 0, cap;
    int periodic, st = CALFPUMP_OK;
    sec_label(s, lab, sizeof lab);
    if (!(p->seg[index].act->flags & CFP_ACT_CUSTOM))
        return perr(ps, e->line, "'%s' in %s needs 'activity = custom' (this segment is '%s')",
                    e->key, lab, p->seg[index].act->name);
    copy = malloc(strlen(e->val) + 1);
    if (!copy)
        return nomem(ps);
    strcpy(copy, e->val);
    rest = copy;
    tok = next_token(&rest);
    if (strcmp(tok, "periodic") != 0 && strcmp(tok, "once") != 0) {
        st = perr(ps, e->line, "bad waveform mode '%s' for '%s' in %s (expected 'periodic' or "
                  "'once', then TIME:ACTIVATION pairs)", tok, e->key, lab);
        goto done;
    }
    periodic = tok[0] == 'p';
    cap = strlen(e->val) / 4 + 1; /* every pair takes at least 4 characters */
    t = malloc(2 * cap * sizeof *t);
    if (!t) {
        st = nomem(ps);
        goto done;
    }
    a = t + cap;
    while ((tok = next_token(&rest)) != NULL) {
        char *colon = strchr(tok, ':');
        int r1 = 1, r2 = 1;
        if (colon) {
            *colon = '\0';
            r1 = to_number(tok, &t[n]);
            r2 = to_number(colon + 1, &a[n]);
            *colon = ':';
        }
        if (r1 || r2) {
            st = perr(ps, e->line, "bad waveform sample '%s' for '%s' in %s (expected "
                      "TIME:ACTIVATION with finite decimal numbers, e.g. 0.3:0.5)", tok, e->key,
                      lab);
            goto done;
        }
        if (a[n] < 0 || a[n] > 1) {
            st = perr(ps, e->line, "waveform sample '%s' for '%s' in %s: activation %g is "
                      "outside [0, 1]", tok, e->key, lab, a[n]);
            goto done;
        }
        if (n && !(t[n] > t[n - 1])) {
            st = perr(ps, e->line, "waveform sample '%s' for '%s' in %s: time %g does not come "
                      "after %g (expected strictly increasing times)", tok, e->key, lab, t[n],
                      t[n - 1]);
            goto done;
        }
        n++;
    }
    if (n < 1 + (size_t)periodic) {
        st = perr(ps, e->line, "'%s' in %s has %zu sample%s (expected at least %d "
                  "TIME:ACTIVATION pairs after '%s')", e->key, lab, n, n == 1 ? "" : "s",
                  1 + periodic, periodic ? "periodic" : "once");
        goto done;
    }
    st = calfpump_protocol_set_waveform(p, index, muscle_names[muscle], t, a, n, periodic);
    if (st == CALFPUMP_E_NOMEM)
        st = nomem(ps);
    else if (st)
        st = perr(ps, e->line, "'%s' in %s: %s", e->key, lab, calfpump_protocol_errmsg(p));
done:
    free(t);
    free(copy);
    return st;
}

/* "segment 3: speed = 99 is ..." -> "speed = 99 is ..." (our messages
 * name the segment themselves, counting from 1). */
static const char *drop_segment_prefix(const char *msg)
{
    const char *c = strstr(msg, ": ");
    if (strncmp(msg, "segment ", 8) == 0 && c &&
        strspn(msg + 8, "0123456789") == (size_t)(c - msg - 8))
        return c + 2;
    return msg;
}

static int build_segment(mf_parser *ps, calfpump_protocol *p, const mf_section *s)
{
    const mf_entry *pe = find_entry(ps, s, "posture"), *ae = find_entry(ps, s, "activity");
    const mf_entry *de = find_entry(ps, s, "duration");
    char lab[CFP_NAME_MAX + 32], list[MF_MSG];
    double dur;
    size_t index;
    int st;
    sec_label(s, lab, sizeof lab);
    if (!pe || !ae || !de) {
        const char *missing = !pe ? "posture" : !ae ? "activity" : "duration";
        const char *what = !pe ? "supine, sitting, standing or tilt"
                         : !ae ? "an activity such as still, walk or custom"
                               : "SECONDS, > 0";
        return perr(ps, s->line, "%s lacks '%s' (expected '%s = %s'; every segment needs "
                    "posture, activity and duration)", lab, missing, missing, what);
    }
    if (cfp_lookup(pe->val, cfp_posture_names, CFP_POST_NAMES) < 0) {
        word_list(list, sizeof list, cfp_posture_names, CFP_POST_NAMES);
        return perr(ps, pe->line, "unknown posture '%s' in %s (expected one of: %s)", pe->val,
                    lab, list);
    }
    if (!cfp_activity_find(ae->val)) {
        list[0] = '\0';
        for (size_t i = 0; i < cfp_activity_count(); i++)
            append_list(list, sizeof list, &cfp_activity_at(i)->name, 1);
        return perr(ps, ae->line, "unknown activity '%s' in %s (expected one of: %s)", ae->val,
                    lab, list);
    }
    if ((st = entry_number(ps, s, de, &dur)))
        return st;
    st = calfpump_protocol_add_segment(p, pe->val, ae->val, dur, &index);
    if (st == CALFPUMP_E_NOMEM)
        return nomem(ps);
    if (st == CALFPUMP_E_RANGE)
        return perr(ps, de->line, "bad value '%s' for 'duration' in %s: %s", de->val, lab,
                    calfpump_protocol_errmsg(p));
    if (st)
        return perr(ps, ae->line, "in %s: %s", lab, calfpump_protocol_errmsg(p));
    for (size_t i = s->first; i < s->first + s->n; i++) {
        const mf_entry *e = &ps->ent[i];
        int w = cfp_lookup(e->key, wave_keys, CFP_MUSCLE_COUNT);
        double x;
        if (e == pe || e == ae || e == de)
            continue;
        if (w >= 0) {
            if ((st = build_waveform(ps, p, index, s, e, w)))
                return st;
            continue;
        }
        if ((st = entry_number(ps, s, e, &x)))
            return st;
        st = calfpump_protocol_set(p, index, e->key, x);
        if (st == CALFPUMP_E_NOMEM)
            return nomem(ps);
        if (st)
            return perr(ps, e->line, "bad value '%s' for '%s' in %s: %s", e->val, e->key, lab,
                        drop_segment_prefix(calfpump_protocol_errmsg(p)));
    }
    return CALFPUMP_OK;
}

static int build_run(mf_parser *ps, calfpump_protocol *p, const mf_section *s)
{
    char lab[CFP_NAME_MAX + 32];
    int st;
    sec_label(s, lab, sizeof lab);
    for (size_t i = s->first; i < s->first + s->n; i++) {
        const mf_entry *e = &ps->ent[i];
        const cfp_runopt *d;
        size_t k;
        double x;
        if (strcmp(e->key, "integrator") == 0) {
            if (!cfp_valid_name(e->val))
                return perr(ps, e->line, "bad integrator name '%s' in %s (expected a name such "
                            "as dopri5 or rk4)", e->val, lab);
            cfp_strlcpy(p->run.integrator, e->val, sizeof p->run.integrator);
            continue;
        }
        d = cfp_runopt_find(e->key, &k);
        if ((st = entry_number(ps, s, e, &x)))
            return st;
        if (x < d->lo || x > d->hi)
            return perr(ps, e->line, "bad value '%s' for '%s' in %s (expected a number in "
                        "[%g, %g])", e->val, e->key, lab, d->lo, d->hi);
        p->run.value[k] = x;
        p->run.set |= 1u << k;
    }
    return CALFPUMP_OK;
}

static int build(mf_parser *ps, calfpump_model **mout, calfpump_protocol **pout)
{
    calfpump_model *m = NULL;
    calfpump_protocol *p = NULL;
    const mf_section **comp_sec = NULL;
    size_t ncs = 0;
    int st, want_protocol = 0;

    if ((st = calfpump_model_new(&m)))
        return nomem(ps);
    for (size_t i = 0; i < ps->nsec; i++)
        if (ps->sec[i].kind == SEC_GLOBAL)
            for (size_t j = ps->sec[i].first; j < ps->sec[i].first + ps->sec[i].n; j++)
                if ((st = set_param(ps, m, &ps->sec[i], &ps->ent[j], NULL)))
                    goto fail;
    comp_sec = malloc((ps->nsec + 1) * sizeof *comp_sec);
    if (!comp_sec) {
        st = nomem(ps);
        goto fail;
    }
    for (size_t i = 0; i < ps->nsec; i++)
        if (ps->sec[i].kind == SEC_COMP) {
            if ((st = build_compartment(ps, m, &ps->sec[i])))
                goto fail;
            comp_sec[ncs++] = &ps->sec[i];
        }
    for (size_t i = 0; i < ps->nsec; i++)
        if (ps->sec[i].kind == SEC_CONN && (st = build_connection(ps, m, &ps->sec[i])))
            goto fail;
    if (m->ncomp && (st = check_network(ps, m, comp_sec)))
        goto fail;
    for (size_t i = 0; i < ps->nsec; i++)
        if (ps->sec[i].kind == SEC_COND && (st = apply_conditions(ps, m, &ps->sec[i])))
            goto fail;

    for (size_t i = 0; i < ps->nsec; i++)
        want_protocol |= ps->sec[i].kind == SEC_SEG || ps->sec[i].kind == SEC_RUN;
    if (want_protocol) {
        if (calfpump_protocol_new(&p)) {
            st = nomem(ps);
            goto fail;
        }
        for (size_t i = 0; i < ps->nsec; i++) {
            if (ps->sec[i].kind == SEC_SEG)
                st = build_segment(ps, p, &ps->sec[i]);
            else if (ps->sec[i].kind == SEC_RUN)
                st = build_run(ps, p, &ps->sec[i]);
            if (st)
                goto fail;
        }
    }
    free(comp_sec);
    if (mout)
        *mout = m;
    else
        calfpump_model_free(m);
    if (pout)
        *pout = p;
    else
        calfpump_protocol_free(p);
    return CALFPUMP_OK;
fail:
    free(comp_sec);
    calfpump_model_free(m);
    calfpump_protocol_free(p);
    return st;
}

/* Parse text (modified in place and owned by the caller). */
static int load_text(calfpump_model **model, calfpump_protocol **protocol, char *text,
                     const char *name, char *errbuf, size_t errlen)
{
    mf_parser ps;
    int st;
    memset(&ps, 0, sizeof ps);
    ps.file = name;
    ps.text = text;
    st = probe_keys(&ps);
    if (!st)
        st = parse_text(&ps);
    if (!st)
        st = build(&ps, model, protocol);
    if (errbuf && errlen)
        snprintf(errbuf, errlen, "%s", st ? ps.msg : "");
    calfpump_model_free(ps.probe);
    free(ps.keybuf);
    free(ps.ent);
    free(ps.sec);
    return st;
}

static int null_args(calfpump_model **model, calfpump_protocol **protocol, const void *src,
                     char *errbuf, size_t errlen)
{
    if (model)
        *model = NULL;
    if (protocol)
        *protocol = NULL;
    if (!src) {
        if (errbuf && errlen)
            snprintf(errbuf, errlen, "model file: the %s is NULL", "path or text");
        return CALFPUMP_E_NULL;
    }
    return CALFPUMP_OK;
}

int calfpump_model_load_string(calfpump_model **model, calfpump_protocol **protocol,
                               const char *text, const char *name, char *errbuf, size_t errlen)
{
    char *copy;
    int st = null_args(model, protocol, text, errbuf, errlen);
    if (st)
        return st;
    if (!name)
        name = "<string>";
    copy = malloc(strlen(text) + 1);
    if (!copy) {
        if (errbuf && errlen)
            snprintf(errbuf, errlen, "%s: out of memory", name);
        return CALFPUMP_E_NOMEM;
    }
    strcpy(copy, text);
    st = load_text(model, protocol, copy, name, errbuf, errlen);
    free(copy);
    return st;
}

int calfpump_model_load(calfpump_model **model, calfpump_protocol **protocol, const char *path,
                        char *errbuf, size_t errlen)
{
    FILE *f;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int st = null_args(model, protocol, path, errbuf, errlen);
    if (st)
        return st;
    f = fopen(path, "rb");
    if (!f) {
        if (errbuf && errlen)
            snprintf(errbuf, errlen, "%s: cannot open for reading: %s", path, strerror(errno));
        return CALFPUMP_E_IO;
    }
    for (;;) {
        size_t got;
        if (cap - len < 4096) {
            char *nb;
            cap = cap ? 2 * cap : 16384;
            nb = realloc(buf, cap + 1);
            if (!nb) {
                free(buf);
                fclose(f);
                if (errbuf && errlen)
                    snprintf(errbuf, errlen, "%s: out of memory", path);
                return CALFPUMP_E_NOMEM;
            }
            buf = nb;
        }
        got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        int e = errno;
        free(buf);
        fclose(f);
        if (errbuf && errlen)
            snprintf(errbuf, errlen, "%s: read error: %s", path, strerror(e));
        return CALFPUMP_E_IO;
    }
    fclose(f);
    buf[len] = '\0';
    if (memchr(buf, '\0', len)) {
        size_t at = (size_t)((char *)memchr(buf, '\0', len) - buf);
        int line = 1;
        for (size_t i = 0; i < at; i++)
            line += buf[i] == '\n';
        free(buf);
        if (errbuf && errlen)
            snprintf(errbuf, errlen, "%s:%d: NUL byte in the file (expected a text file)", path,
                     line);
        return CALFPUMP_E_INVAL;
    }
    st = load_text(model, protocol, buf, path, errbuf, errlen);
    free(buf);
    return st;
}

/* ---------------------------------------------------------------- */
/* Writer. */

static void put_num(FILE *f, const char *key, double x)
{
    char buf[64];
    format_number(buf, sizeof buf, x);
    fprintf(f, "%s = %s\n", key, buf);
}

/* Write every parameter KIND.ELEM.KEY for the keys in list. */
static void put_params(FILE *f, const calfpump_model *m, const char *kind, const char *elem,
                       const char *const *keys, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char pname[CFP_PNAME_MAX];
        double x = 0;
        if (kind)
            snprintf(pname, sizeof pname, "%s.%s.%s", kind, elem, keys[i]);
        else
            snprintf(pname, sizeof pname, "%s", keys[i]);
        calfpump_model_get(m, pname, &x);
        put_num(f, keys[i], x);
    }
}

static void put_protocol(FILE *f, const calfpump_protocol *p)
{
    for (size_t i = 0; i < p->nseg; i++) {
        const cfp_segment *sg = &p->seg[i];
        fprintf(f, "\n[segment]\nposture = %s\nactivity = %s\n", cfp_posture_names[sg->posture],
                sg->act->name);
        put_num(f, "duration", sg->duration);
        for (size_t k = 0; k < cfp_segparam_count(); k++) {
            double x = 0;
            x = cfp_segparam_get(&sg->p, cfp_segparam_at(k));
            put_num(f, cfp_segparam_at(k)->name, x);
        }
        for (int g = 0; g < CFP_MUSCLE_COUNT; g++) {
            const cfp_wave *w = &sg->wave[g];
            if (!w->n)
                continue;
            fprintf(f, "%s = %s", wave_keys[g], w->periodic ? "periodic" : "once");
            for (size_t j = 0; j < w->n; j++) {
                char tb[64], ab[64];
                format_number(tb, sizeof tb, w->t[j]);
                format_number(ab, sizeof ab, w->a[j]);
                fprintf(f, " %s:%s", tb, ab);
            }
            fputc('\n', f);
        }
    }
    if (p->run.integrator[0] || p->run.set) {
        fputs("\n[run]\n", f);
        if (p->run.integrator[0])
            fprintf(f, "integrator = %s\n", p->run.integrator);
        for (size_t k = 0; k < cfp_runopt_count(); k++)
            if (p->run.set & (1u << k))
                put_num(f, cfp_runopt_at(k)->name, p->run.value[k]);
    }
}

int calfpump_model_save(const calfpump_model *m, const calfpump_protocol *p, const char *path)
{
    return m ? calfpump_model_write(m, p, path, m->errmsg, CFP_MSG_SIZE) : CALFPUMP_E_NULL;
}

/* The message of a failed write into the caller's buffer. */
static int wfail(char *errbuf, size_t errlen, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
static int wfail(char *errbuf, size_t errlen, int code, const char *fmt, ...)
{
    va_list ap;
    if (errbuf && errlen) {
        va_start(ap, fmt);
        vsnprintf(errbuf, errlen, fmt, ap);
        va_end(ap);
    }
    return code;
}

int calfpump_model_write(const calfpump_model *m, const calfpump_protocol *p, const char *path,
                         char *errbuf, size_t errlen)
{
    mf_parser keys;
    FILE *f;
    char vbuf[CFP_MSG_SIZE];
    int st;
    cfp_errbuf(errbuf, errlen, "");
    if (!m)
        return wfail(errbuf, errlen, CALFPUMP_E_NULL, "save: model is NULL");
    if (!path)
        return wfail(errbuf, errlen, CALFPUMP_E_NULL, "save: path is NULL");
    if (m->ncomp && (st = cfp_model_validate(m, vbuf)) != CALFPUMP_OK)
        return wfail(errbuf, errlen, st, "cannot save '%s': %s", path, vbuf);
    if (p)
        for (size_t i = 0; i < p->nseg; i++)
            if (p->seg[i].fn)
                return wfail(errbuf, errlen, CALFPUMP_E_STATE,
                                "cannot save '%s': segment %zu is driven by a C callback, which "
                                "a file cannot hold (use sampled waveforms)", path, i);
    memset(&keys, 0, sizeof keys);
    keys.file = path;
    if ((st = probe_keys(&keys)) != CALFPUMP_OK) {
        calfpump_model_free(keys.probe);
        free(keys.keybuf);
        return wfail(errbuf, errlen, st, "cannot save '%s': out of memory", path);
    }
    f = fopen(path, "w");
    if (!f) {
        int e = errno;
        calfpump_model_free(keys.probe);
        free(keys.keybuf);
        return wfail(errbuf, errlen, CALFPUMP_E_IO, "cannot open '%s' for writing: %s", path,
                        strerror(e));
    }
    fprintf(f, "# libcalfpump model file (format: doc/model-file.md)\n"
               "# written by calfpump_model_save, libcalfpump %s\n"
               MF_MAGIC " %d\n\n[global]\n", calfpump_version_string(), MF_VERSION);
    put_params(f, m, NULL, NULL, keys.gkeys, keys.ng);
    for (size_t i = 0; i < m->ncomp; i++) {
        const cfp_comp *c = &m->comp[i];
        fprintf(f, "\n[compartment %s]\nregion = %s\nlayer = %s\n", c->name,
                cfp_region_names[c->region], cfp_layer_names[c->layer]);
        put_params(f, m, "comp", c->name, keys.ckeys, keys.nc);
    }
    for (size_t i = 0; i < m->nconn; i++) {
        const cfp_conn *e = &m->conn[i];
        fprintf(f, "\n[connection %s]\nfrom = %s\nto = %s\nvalve = %s\n", e->name,
                m->comp[e->from].name, e->to == CFP_RA ? "ra" : m->comp[e->to].name,
                e->has_valve ? "yes" : "no");
        put_params(f, m, "conn", e->name, keys.ekeys, keys.ne);
        if (e->has_valve)
            put_params(f, m, "valve", e->name, keys.vkeys, keys.nv);
    }
    if (p)
        put_protocol(f, p);
    calfpump_model_free(keys.probe);
    free(keys.keybuf);
    if (ferror(f) | (fclose(f) != 0))
        return wfail(errbuf, errlen, CALFPUMP_E_IO, "error while writing '%s'", path);
    return CALFPUMP_OK;
}
