/* Model files, pass 1: the text into lines, the header, sections and
 * "key = value" entries; numbers in the C locale; messages. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "io/modelfile.h"

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

int cfp_mf_number(const char *s, double *x)
{
    char buf[CFP_MF_NUM_MAX + 16], dpbuf[8];
    const char *dp = cfp_locale_point(dpbuf, sizeof dpbuf);
    size_t k = 0;
    char *end;
    if (strlen(s) > CFP_MF_NUM_MAX || !decimal_syntax(s))
        return 1;
    for (; *s; s++) { /* '.' -> the locale's decimal point, for strtod */
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

void cfp_mf_format(char *buf, size_t n, double x)
{
    char dpbuf[8];
    const char *dp = cfp_locale_point(dpbuf, sizeof dpbuf);
    for (int prec = 15; prec <= 17; prec++) { /* %.17g always reads back */
        double y;
        snprintf(buf, n, "%.*g", prec, x);
        cfp_dot_decimal(buf, dp);
        if (prec == 17 || (cfp_mf_number(buf, &y) == 0 && memcmp(&x, &y, sizeof x) == 0))
            return;
    }
}

/* ---------------------------------------------------------------- */
/* Messages. */

int cfp_mf_error(cfp_mf *mf, int line, const char *fmt, ...)
{
    va_list ap;
    int k = snprintf(mf->msg, sizeof mf->msg, "%s:%d: ", mf->file, line);
    if (k < 0 || (size_t)k >= sizeof mf->msg)
        return CALFPUMP_E_INVAL;
    va_start(ap, fmt);
    vsnprintf(mf->msg + k, sizeof mf->msg - (size_t)k, fmt, ap);
    va_end(ap);
    return CALFPUMP_E_INVAL;
}

int cfp_mf_nomem(cfp_mf *mf, const char *what)
{
    snprintf(mf->msg, sizeof mf->msg, "%s: out of memory %s", mf->file, what);
    return CALFPUMP_E_NOMEM;
}

static const char *const sec_names[CFP_SEC_COUNT] = {"global",    "compartment", "connection",
                                                     "condition", "segment",     "run"};
static const int sec_has_name[CFP_SEC_COUNT] = {0, 1, 1, 0, 0, 0};
/* Sections that may appear only once. */
static const int sec_unique[CFP_SEC_COUNT] = {1, 0, 0, 0, 0, 1};

static const char *const expected_sections =
    "[global], [compartment NAME], [connection NAME], [condition], [segment], [run]";

const char *cfp_mf_label(const cfp_mf_section *s, char *buf, size_t n)
{
    if (s->name)
        snprintf(buf, n, "[%s %s]", sec_names[s->kind], s->name);
    else if (sec_unique[s->kind])
        snprintf(buf, n, "[%s]", sec_names[s->kind]);
    else
        snprintf(buf, n, "[%s] #%d", sec_names[s->kind], s->ordinal);
    return buf;
}

/* ---------------------------------------------------------------- */
/* Lines and tokens. */

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

char *cfp_mf_token(char **s)
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

static int parse_header(cfp_mf *mf, char *line)
{
    char *rest = line, *magic = cfp_mf_token(&rest), *ver = cfp_mf_token(&rest), *extra;
    char want[16];
    if (strcmp(magic, CFP_MF_MAGIC) != 0)
        return cfp_mf_error(mf, mf->lines, "expected the header '" CFP_MF_MAGIC " %d' as the "
                            "first line that is not blank or a comment, found '%s'",
                            CFP_MF_VERSION, line);
    if (!ver)
        return cfp_mf_error(mf, mf->lines, "the header '" CFP_MF_MAGIC "' lacks the format "
                            "version (expected '" CFP_MF_MAGIC " %d')", CFP_MF_VERSION);
    snprintf(want, sizeof want, "%d", CFP_MF_VERSION);
    if (strcmp(ver, want) != 0)
        return cfp_mf_error(mf, mf->lines, "unsupported format version '%s' (this library "
                            "reads version %d: '" CFP_MF_MAGIC " %d')", ver, CFP_MF_VERSION,
                            CFP_MF_VERSION);
    if ((extra = cfp_mf_token(&rest)) != NULL)
        return cfp_mf_error(mf, mf->lines, "unexpected '%s' after the header (expected just '"
                            CFP_MF_MAGIC " %d')", extra, CFP_MF_VERSION);
    return CALFPUMP_OK;
}

/* ---------------------------------------------------------------- */
/* Section headers. */

/* "[KIND NAME]" -> *kind, *name (NULL if none). */
static int section_words(cfp_mf *mf, char *line, int *kind, char **name)
{
    char *end = strrchr(line, ']'), *rest, *kind_s, *extra;
    if (!end)
        return cfp_mf_error(mf, mf->lines, "section header '%s' lacks the closing ']' "
                            "(expected e.g. '[compartment NAME]')", line);
    if (end[1] != '\0')
        return cfp_mf_error(mf, mf->lines, "unexpected '%s' after the section header "
                            "(expected nothing but a comment after ']')", end + 1);
    *end = '\0';
    rest = line + 1;
    if (!(kind_s = cfp_mf_token(&rest)))
        return cfp_mf_error(mf, mf->lines, "empty section header '[]' (expected one of: %s)",
                            expected_sections);
    if ((*kind = cfp_lookup(kind_s, sec_names, CFP_SEC_COUNT)) < 0)
        return cfp_mf_error(mf, mf->lines, "unknown section '[%s]' (expected one of: %s)",
                            kind_s, expected_sections);
    *name = cfp_mf_token(&rest);
    if (sec_has_name[*kind] && !*name)
        return cfp_mf_error(mf, mf->lines, "section '[%s]' needs a name (expected '[%s NAME]')",
                            kind_s, kind_s);
    if (!sec_has_name[*kind] && *name)
        return cfp_mf_error(mf, mf->lines, "section '[%s]' takes no name, found '%s' (expected "
                            "'[%s]')", kind_s, *name, kind_s);
    if ((extra = cfp_mf_token(&rest)) != NULL)
        return cfp_mf_error(mf, mf->lines, "unexpected '%s' in the section header (expected "
                            "'[%s%s]')", extra, kind_s, sec_has_name[*kind] ? " NAME" : "");
    if (*name && !cfp_valid_name(*name))
        return cfp_mf_error(mf, mf->lines, "invalid %s name '%s' (expected letters, digits and "
                            "'_', not starting with a digit, at most %d characters)", kind_s,
                            *name, CFP_NAME_MAX - 1);
    if (*kind == CFP_SEC_COMP && strcmp(*name, "ra") == 0)
        return cfp_mf_error(mf, mf->lines, "the compartment name 'ra' is reserved for the right "
                            "atrium (expected another name)");
    return CALFPUMP_OK;
}

static const char *sec_name(const void *mf, size_t i)
{
    return ((const cfp_mf *)mf)->sec[i].name;
}

/* The number of earlier sections of this kind, or an error for a repeat. */
static int section_ordinal(cfp_mf *mf, int kind, const char *name, int *same)
{
    const char *kind_s = sec_names[kind];
    long i;
    *same = mf->nkind[kind];
    if (sec_unique[kind] && *same)
        for (size_t k = 0; k < mf->nsec; k++)
            if (mf->sec[k].kind == kind)
                return cfp_mf_error(mf, mf->lines, "section '[%s]' given twice (first at line "
                                    "%d; expected one [%s] section)", kind_s, mf->sec[k].line,
                                    kind_s);
    if (name && (i = cfp_names_find(&mf->names[kind], name, sec_name, mf, mf->nsec)) >= 0)
        return cfp_mf_error(mf, mf->lines, "duplicate %s name '%s' (first defined at line "
                            "%d; expected a unique name)", kind_s, name, mf->sec[i].line);
    return CALFPUMP_OK;
}

static int parse_section(cfp_mf *mf, char *line)
{
    char *name = NULL;
    int kind = 0, same, st;
    cfp_mf_section *sec;
    if ((st = section_words(mf, line, &kind, &name)) ||
        (st = section_ordinal(mf, kind, name, &same)))
        return st;
    if (!(sec = cfp_grow(mf->sec, &mf->capsec, mf->nsec, sizeof *sec, 32)))
        return cfp_mf_nomem(mf, "reading its sections");
    mf->sec = sec;
    if (name && cfp_names_reserve(&mf->names[kind], (size_t)same + 1, sec_name, mf))
        return cfp_mf_nomem(mf, "reading its sections");
    sec[mf->nsec] = (cfp_mf_section){kind, name, mf->lines, same + 1, mf->nent, 0};
    if (name)
        cfp_names_add(&mf->names[kind], mf->nsec, sec_name, mf);
    mf->nsec++;
    mf->nkind[kind]++;
    return CALFPUMP_OK;
}

/* ---------------------------------------------------------------- */
/* Entries. */

/* Is "key = val" allowed in the current section? */
static int check_entry(cfp_mf *mf, const char *key, const char *val)
{
    char lab[CFP_MF_LABEL], list[CFP_MF_MSG];
    const cfp_mf_section *s;
    if (!*key)
        return cfp_mf_error(mf, mf->lines, "missing key before '=' (expected 'KEY = VALUE')");
    if (strspn(key, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(key))
        return cfp_mf_error(mf, mf->lines, "bad key '%s' (expected lower-case letters, digits "
                            "and '_')", key);
    if (!mf->nsec)
        return cfp_mf_error(mf, mf->lines, "key '%s' outside any section (expected a section "
                            "header first: %s)", key, expected_sections);
    s = &mf->sec[mf->nsec - 1];
    cfp_mf_label(s, lab, sizeof lab);
    if (!cfp_mf_key_known(s->kind, key)) {
        cfp_mf_expected_keys(s->kind, list, sizeof list);
        return cfp_mf_error(mf, mf->lines, "unknown key '%s' in %s (expected one of: %s)", key,
                            lab, list);
    }
    if (!*val)
        return cfp_mf_error(mf, mf->lines, "missing value for '%s' in %s (expected '%s = "
                            "VALUE')", key, lab, key);
    for (size_t i = s->first; i < s->first + s->n; i++)
        if (strcmp(mf->ent[i].key, key) == 0)
            return cfp_mf_error(mf, mf->lines, "key '%s' given twice in %s (first at line %d; "
                                "expected each key once per section)", key, lab,
                                mf->ent[i].line);
    return CALFPUMP_OK;
}

static int parse_entry(cfp_mf *mf, char *line)
{
    char *eq = strchr(line, '='), *key, *val;
    cfp_mf_entry *ent;
    int st;
    if (!eq)
        return cfp_mf_error(mf, mf->lines, "expected 'KEY = VALUE' or a [section] header, "
                            "found '%s'", line);
    *eq = '\0';
    key = trim(line);
    val = trim(eq + 1);
    if ((st = check_entry(mf, key, val)))
        return st;
    if (!(ent = cfp_grow(mf->ent, &mf->capent, mf->nent, sizeof *ent, 256)))
        return cfp_mf_nomem(mf, "reading its entries");
    mf->ent = ent;
    ent[mf->nent++] = (cfp_mf_entry){key, val, mf->lines};
    mf->sec[mf->nsec - 1].n++;
    return CALFPUMP_OK;
}

/* ---------------------------------------------------------------- */

int cfp_mf_lex(cfp_mf *mf)
{
    char *p = mf->text;
    int have_header = 0, st;
    if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF)
        p += 3; /* a UTF-8 byte order mark */
    while (*p) {
        char *nl = strchr(p, '\n'), *hash, *line;
        if (nl)
            *nl = '\0';
        mf->lines++;
        line = p;
        p = nl ? nl + 1 : p + strlen(p);
        if ((hash = strchr(line, '#')) != NULL)
            *hash = '\0';
        line = trim(line); /* also drops the '\r' of CRLF line ends */
        if (!*line)
            continue;
        if (!have_header) {
            st = parse_header(mf, line);
            have_header = 1;
        } else if (line[0] == '[') {
            st = parse_section(mf, line);
        } else {
            st = parse_entry(mf, line);
        }
        if (st)
            return st;
    }
    if (!have_header)
        return cfp_mf_error(mf, mf->lines ? mf->lines : 1, "no header: the text is empty or "
                            "holds only comments (expected '" CFP_MF_MAGIC " %d' as its first "
                            "line that is not blank or a comment)", CFP_MF_VERSION);
    return CALFPUMP_OK;
}
