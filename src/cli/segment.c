/* segment.c -- a protocol from the command line:
 *
 *   --segment POSTURE:ACTIVITY:SECONDS[:PARAM=VALUE[,PARAM=VALUE]...]
 *
 * e.g. standing:walk:60:speed=4,cadence=100.  The library checks the
 * names and values; a message names the segment, the bad part and what
 * the library said. */
#include <stdlib.h>
#include <string.h>

#include "setup.h"

#define SPEC_FORM "POSTURE:ACTIVITY:SECONDS[:PARAM=VALUE,...]"

/* The parameters "PARAM=VALUE,..." of segment idx. */
static int set_params(calfpump_protocol *p, size_t idx, char *list, const char *where)
{
    for (char *item = list; item;) {
        char *comma = strchr(item, ',');
        size_t len;
        double v;
        int st, rc;
        if (comma)
            *comma = '\0';
        if (*item == '\0') {
            error("%s: empty parameter (expected PARAM=VALUE[,PARAM=VALUE]...)", where);
            return EXIT_USAGE;
        }
        if ((rc = parse_assignment(where, "PARAM=VALUE", item, &len, &v)))
            return rc;
        item[len] = '\0';
        if ((st = calfpump_protocol_set(p, idx, item, v)) != CALFPUMP_OK) {
            error("%s: %s: %s", where, item, why(calfpump_protocol_errmsg(p), st));
            if (st == CALFPUMP_E_NOTFOUND)
                hint("the segment parameters are listed by '" PROG " list segment-params'");
            return exit_of(st);
        }
        item = comma ? comma + 1 : NULL;
    }
    return 0;
}

/* Split spec (a copy, changed) at its first three colons into f[0..3];
 * returns the number of fields (the parameters may hold colons, which
 * their numbers then reject). */
static int split_fields(char *spec, char *f[4])
{
    int n = 0;
    for (char *s = spec; s; n++) {
        char *colon = n < 3 ? strchr(s, ':') : NULL;
        f[n] = s;
        if (colon)
            *colon = '\0';
        s = colon ? colon + 1 : NULL;
    }
    return n;
}

/* Add the segment of the fields f[0..n-1] to p; where names the spec. */
static int add_fields(calfpump_protocol *p, char *f[4], int n, const char *where)
{
    char what[700];
    size_t idx;
    double dur;
    int st;
    if (n < 3) {
        error("%s: expected " SPEC_FORM, where);
        return EXIT_USAGE;
    }
    snprintf(what, sizeof what, "%s: duration", where);
    if (parse_number(what, f[2], &dur))
        return EXIT_USAGE;
    if ((st = calfpump_protocol_add_segment(p, f[0], f[1], dur, &idx)) != CALFPUMP_OK) {
        error("%s: %s", where, why(calfpump_protocol_errmsg(p), st));
        if (st != CALFPUMP_E_NOMEM)
            hint("the postures and activities are listed by '" PROG " list activities'");
        return exit_of(st);
    }
    return n == 4 ? set_params(p, idx, f[3], where) : 0;
}

/* Add the segment of spec (number k, from 1) to p. */
static int add_spec(calfpump_protocol *p, size_t k, const char *spec)
{
    char where[600], *copy = xstrdup(spec), *f[4];
    int rc;
    if (!copy)
        return EXIT_RUNTIME;
    snprintf(where, sizeof where, "--segment '%s' (segment %zu)", spec, k);
    rc = add_fields(p, f, split_fields(copy, f), where);
    free(copy);
    return rc;
}

int protocol_from_specs(const str_list *specs, calfpump_protocol **out)
{
    int st = calfpump_protocol_new(out), rc = 0;
    if (st) {
        error("cannot create a protocol: %s", calfpump_strerror(st));
        *out = NULL;
        return EXIT_RUNTIME;
    }
    for (size_t k = 0; k < specs->n && !rc; k++)
        rc = add_spec(*out, k + 1, specs->v[k]);
    if (rc) {
        calfpump_protocol_free(*out);
        *out = NULL;
    }
    return rc;
}
