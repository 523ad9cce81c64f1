/* The named parameters of a model: tables, name resolution, set and get,
 * and the list of names. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "model/params.h"

/* Parameter descriptors: every numeric property is a double reached by
 * offset, with inclusive bounds and a unit. */
#define F_(type, member, lo, hi, unit) { #member, offsetof(type, member), lo, hi, unit }

static const cfp_field comp_fields[] = {
    F_(cfp_comp, v0, 0.01, 1e4, "mL"),
    F_(cfp_comp, k, 1e-4, 1e3, "mmHg"),
    F_(cfp_comp, m, 1.0, 30.0, "1"),
    F_(cfp_comp, n, 0.5, 5.0, "1"),
    F_(cfp_comp, compliance, 0.0, 1.0, "1/mmHg"),
    F_(cfp_comp, opening, 1e-3, 10.0, "1"),
    F_(cfp_comp, length, 0.1, 300.0, "cm"),
    {"z_supine", offsetof(cfp_comp, z) + CFP_POST_SUPINE * sizeof(double), -300, 300, "cm"},
    {"z_sitting", offsetof(cfp_comp, z) + CFP_POST_SITTING * sizeof(double), -300, 300, "cm"},
    {"z_standing", offsetof(cfp_comp, z) + CFP_POST_STANDING * sizeof(double), -300, 300, "cm"},
    F_(cfp_comp, gcap, 0.0, 10.0, "mL/s/mmHg"),
    F_(cfp_comp, hyperaemia, 0.0, 1000.0, "1"),
    F_(cfp_comp, p_tissue, -20.0, 100.0, "mmHg"),
    {"squeeze_foot", offsetof(cfp_comp, squeeze) + CFP_MUSCLE_FOOT * sizeof(double), 0, 1000, "mmHg"},
    {"squeeze_calf", offsetof(cfp_comp, squeeze) + CFP_MUSCLE_CALF * sizeof(double), 0, 1000, "mmHg"},
    {"squeeze_thigh", offsetof(cfp_comp, squeeze) + CFP_MUSCLE_THIGH * sizeof(double), 0, 1000, "mmHg"},
    F_(cfp_comp, transmission, 0.0, 1.0, "1"),
    F_(cfp_comp, kf, 0.0, 1.0, "mL/s/mmHg"),
};
static const cfp_field conn_fields[] = {
    F_(cfp_conn, r0, 1e-5, 1e4, "mmHg*s/mL"),
    F_(cfp_conn, r_max, 1.0, 1e8, "1"),
    F_(cfp_conn, inertance, 0.0, 10.0, "mmHg*s^2/mL"),
    F_(cfp_conn, area, 1e-4, 100.0, "cm^2"),
    F_(cfp_conn, obstruction, 1.0, 1e4, "1"),
};
static const cfp_field valve_fields[] = {
    F_(cfp_conn, competence, 0.0, 1.0, "1"),
    F_(cfp_conn, kvo, 1e-4, 1e4, "1/(mmHg*s)"),
    F_(cfp_conn, kvc, 1e-4, 1e4, "1/(mmHg*s)"),
    F_(cfp_conn, cutoff, 0.0, 100.0, "s"),
};
static const cfp_field global_fields[] = {
    F_(cfp_globals, cvp, -10.0, 40.0, "mmHg"),
    F_(cfp_globals, map, 20.0, 250.0, "mmHg"),
    F_(cfp_globals, hyperaemia_tau, 0.1, 1e4, "s"),
    F_(cfp_globals, posture_transition, 0.01, 600.0, "s"),
    F_(cfp_globals, reflux_velocity, 0.0, 500.0, "cm/s"),
    F_(cfp_globals, cap_smooth, 1e-3, 50.0, "mmHg"),
    F_(cfp_globals, height, 100.0, 230.0, "cm"),
    F_(cfp_globals, calf_strength, 0.0, 2.0, "1"),
    F_(cfp_globals, ankle_rom, 0.0, 1.0, "1"),
    F_(cfp_globals, stasis_flow, 0.0, 100.0, "mL/s"),
    F_(cfp_globals, stasis_velocity, 0.0, 1000.0, "cm/s"),
    F_(cfp_globals, steady_tolerance, 1e-9, 0.5, "1"),
    F_(cfp_globals, settle_time, 0.0, 1e7, "s"),
    F_(cfp_globals, cap_fraction, 0.0, 1.0, "1"),
    F_(cfp_globals, oncotic, 0.0, 50.0, "mmHg"),
    F_(cfp_globals, lymph_gain, 0.0, 1000.0, "1"),
#define REG_(field, r, name, hi, unit) \
    {#field "_" name, offsetof(cfp_globals, field) + (r) * sizeof(double), 0.0, hi, unit}
    REG_(tissue_compliance, CFP_REG_FOOT, "foot", 1e4, "mL/mmHg"),
    REG_(tissue_compliance, CFP_REG_CALF, "calf", 1e4, "mL/mmHg"),
    REG_(tissue_compliance, CFP_REG_THIGH, "thigh", 1e4, "mL/mmHg"),
    REG_(lymph, CFP_REG_FOOT, "foot", 10.0, "mL/s/mmHg"),
    REG_(lymph, CFP_REG_CALF, "calf", 10.0, "mL/s/mmHg"),
    REG_(lymph, CFP_REG_THIGH, "thigh", 10.0, "mL/s/mmHg"),
#undef REG_
};
#undef F_

#define NF(a) (sizeof(a) / sizeof((a)[0]))

/* A parsed parameter name: the record that holds the double (a
 * compartment, a connection or the globals) and its descriptor. */
typedef struct cfp_pref {
    int kind;           /* CFP_KIND_*: globals, or compartment/connection index */
    size_t index;
    const cfp_field *f;
} cfp_pref;

const cfp_field *cfp_fields(int kind, size_t *n)
{
    static const struct { const cfp_field *f; size_t n; } kinds[CFP_KIND_COUNT] = {
        {comp_fields, NF(comp_fields)}, {conn_fields, NF(conn_fields)},
        {valve_fields, NF(valve_fields)}, {global_fields, NF(global_fields)}};
    *n = kinds[kind].n;
    return kinds[kind].f;
}

const cfp_field *cfp_field_find(int kind, const char *name)
{
    size_t n;
    const cfp_field *fs = cfp_fields(kind, &n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(fs[i].name, name) == 0)
            return &fs[i];
    return NULL;
}

/* Resolve "cvp", "comp.NAME.FIELD", "conn.NAME.FIELD", "valve.NAME.FIELD". */
static int resolve(const calfpump_model *m, const char *name, cfp_pref *out, char *msg)
{
    const char *dot1, *dot2;
    char kind[8], elem[CFP_NAME_MAX];
    size_t klen, elen;

    if (!strchr(name, '.')) {
        const cfp_field *f = cfp_field_find(CFP_KIND_GLOBAL, name);
        if (!f)
            return cfp_fail(msg, CALFPUMP_E_NOTFOUND, "unknown parameter '%s'", name);
        out->kind = CFP_KIND_GLOBAL;
        out->f = f;
        return CALFPUMP_OK;
    }
    dot1 = strchr(name, '.');
    dot2 = strchr(dot1 + 1, '.');
    if (!dot2)
        return cfp_fail(msg, CALFPUMP_E_NOTFOUND,
                        "unknown parameter '%s' (expected KIND.ELEMENT.PROPERTY)", name);
    klen = (size_t)(dot1 - name);
    elen = (size_t)(dot2 - dot1 - 1);
    if (klen >= sizeof kind || elen >= sizeof elem)
        return cfp_fail(msg, CALFPUMP_E_NOTFOUND, "unknown parameter '%s'", name);
    memcpy(kind, name, klen);
    kind[klen] = '\0';
    memcpy(elem, dot1 + 1, elen);
    elem[elen] = '\0';

    if (strcmp(kind, "comp") == 0) {
        int i = cfp_model_find_comp(m, elem);
        const cfp_field *f;
        if (i < 0)
            return cfp_fail(msg, CALFPUMP_E_NOTFOUND,
                            "parameter '%s': no compartment named '%s'", name, elem);
        f = cfp_field_find(CFP_KIND_COMP, dot2 + 1);
        if (!f)
            return cfp_fail(msg, CALFPUMP_E_NOTFOUND,
                            "parameter '%s': compartments have no property '%s'", name, dot2 + 1);
        out->kind = CFP_KIND_COMP;
        out->index = (size_t)i;
        out->f = f;
        return CALFPUMP_OK;
    }
    if (strcmp(kind, "conn") == 0 || strcmp(kind, "valve") == 0) {
        int valve = kind[0] == 'v';
        int i = cfp_model_find_conn(m, elem);
        const cfp_field *f;
        if (i < 0)
            return cfp_fail(msg, CALFPUMP_E_NOTFOUND,
                            "parameter '%s': no connection named '%s'", name, elem);
        if (valve && !m->conn[i].has_valve)
            return cfp_fail(msg, CALFPUMP_E_NOTFOUND,
                            "parameter '%s': connection '%s' has no valve", name, elem);
        f = cfp_field_find(valve ? CFP_KIND_VALVE : CFP_KIND_CONN, dot2 + 1);
        if (!f)
            return cfp_fail(msg, CALFPUMP_E_NOTFOUND, "parameter '%s': %s have no property '%s'",
                            name, valve ? "valves" : "connections", dot2 + 1);
        out->kind = valve ? CFP_KIND_VALVE : CFP_KIND_CONN;
        out->index = (size_t)i;
        out->f = f;
        return CALFPUMP_OK;
    }
    return cfp_fail(msg, CALFPUMP_E_NOTFOUND,
                    "unknown parameter '%s' (kinds: comp, conn, valve, or a global)", name);
}

/* ---------------------------------------------------------------- */


/* The record holding a resolved parameter. */
static const void *record_of(const calfpump_model *m, const cfp_pref *r)
{
    if (r->kind == CFP_KIND_GLOBAL)
        return &m->g;
    if (r->kind == CFP_KIND_COMP)
        return &m->comp[r->index];
    return &m->conn[r->index];
}

static void *record(calfpump_model *m, const cfp_pref *r)
{
    return (void *)record_of(m, r); /* m itself is not const */
}

int calfpump_model_set(calfpump_model *m, const char *name, double value)
{
    cfp_pref r;
    int st;
    if (!m)
        return CALFPUMP_E_NULL;
    if (!name)
        return cfp_fail(m->errmsg, CALFPUMP_E_NULL, "set: parameter name is NULL");
    st = resolve(m, name, &r, m->errmsg);
    if (st)
        return st;
    if (!cfp_finite(value) || value < r.f->lo || value > r.f->hi)
        return cfp_fail(m->errmsg, CALFPUMP_E_RANGE,
                        "parameter '%s': value %g is outside [%g, %g]%s%s", name, value,
                        r.f->lo, r.f->hi, strcmp(r.f->unit, "1") ? " " : "",
                        strcmp(r.f->unit, "1") ? r.f->unit : "");
    *(double *)((char *)record(m, &r) + r.f->offset) = value;
    m->errmsg[0] = '\0';
    return CALFPUMP_OK;
}

int calfpump_model_get(const calfpump_model *m, const char *name, double *value)
{
    cfp_pref r;
    int st;
    if (!m)
        return CALFPUMP_E_NULL;
    if (!name || !value)
        return cfp_fail(m->errmsg, CALFPUMP_E_NULL, "get: name and value pointer are required");
    if ((st = resolve(m, name, &r, m->errmsg)))
        return st;
    *value = *(const double *)((const char *)record_of(m, &r) + r.f->offset);
    return CALFPUMP_OK;
}

int calfpump_model_param_info(const calfpump_model *m, const char *name, double *lower,
                              double *upper, const char **unit)
{
    cfp_pref r;
    int st;
    if (!m)
        return CALFPUMP_E_NULL;
    if (!name)
        return cfp_fail(m->errmsg, CALFPUMP_E_NULL, "param_info: name is NULL");
    if ((st = resolve(m, name, &r, m->errmsg)))
        return st;
    if (lower)
        *lower = r.f->lo;
    if (upper)
        *upper = r.f->hi;
    if (unit)
        *unit = r.f->unit;
    return CALFPUMP_OK;
}

size_t calfpump_model_param_count(const calfpump_model *m)
{
    size_t ng;
    cfp_fields(CFP_KIND_GLOBAL, &ng);
    return m ? ng + m->pn.comp.n + m->pn.conn.n : 0;
}

/* ---------------------------------------------------------------- */
/* The list of element parameter names. */

static int list_add(cfp_pnamelist *l, const char *kind, const char *elem, const char *field)
{
    size_t need = strlen(kind) + strlen(elem) + strlen(field) + 3;
    size_t *off = cfp_grow(l->off, &l->capn, l->n, sizeof *off, 64);
    char *pool;
    if (off)
        l->off = off;
    if (!off || !(pool = cfp_grow(l->pool, &l->cap, l->len + need - 1, 1, 1024)))
        return CALFPUMP_E_NOMEM;
    l->pool = pool;
    l->off[l->n++] = l->len;
    l->len += (size_t)snprintf(l->pool + l->len, need, "%s.%s.%s", kind, elem, field) + 1;
    return CALFPUMP_OK;
}

/* Append the fields of kind for element elem; on failure the list is as
 * it was. */
static int list_add_kind(cfp_pnamelist *l, int kind, const char *prefix, const char *elem)
{
    size_t n, n0 = l->n, len0 = l->len;
    const cfp_field *f = cfp_fields(kind, &n);
    for (size_t i = 0; i < n; i++)
        if (list_add(l, prefix, elem, f[i].name)) {
            l->n = n0;
            l->len = len0;
            return CALFPUMP_E_NOMEM;
        }
    return CALFPUMP_OK;
}

int cfp_pnames_add_comp(cfp_pnames *pn, const char *comp)
{
    return list_add_kind(&pn->comp, CFP_KIND_COMP, "comp", comp);
}

int cfp_pnames_add_conn(cfp_pnames *pn, const char *conn, int valve)
{
    size_t n0 = pn->conn.n, len0 = pn->conn.len;
    if (list_add_kind(&pn->conn, CFP_KIND_CONN, "conn", conn) ||
        (valve && list_add_kind(&pn->conn, CFP_KIND_VALVE, "valve", conn))) {
        pn->conn.n = n0;
        pn->conn.len = len0;
        return CALFPUMP_E_NOMEM;
    }
    return CALFPUMP_OK;
}

static int list_copy(cfp_pnamelist *d, const cfp_pnamelist *s)
{
    memset(d, 0, sizeof *d);
    if (!s->n)
        return CALFPUMP_OK;
    d->pool = malloc(s->len);
    d->off = malloc(s->n * sizeof *d->off);
    if (!d->pool || !d->off)
        return CALFPUMP_E_NOMEM;
    memcpy(d->pool, s->pool, s->len);
    memcpy(d->off, s->off, s->n * sizeof *d->off);
    d->len = d->cap = s->len;
    d->n = d->capn = s->n;
    return CALFPUMP_OK;
}

int cfp_pnames_copy(cfp_pnames *dst, const cfp_pnames *src)
{
    return list_copy(&dst->comp, &src->comp) || list_copy(&dst->conn, &src->conn)
               ? CALFPUMP_E_NOMEM : CALFPUMP_OK;
}

void cfp_pnames_free(cfp_pnames *pn)
{
    free(pn->comp.pool);
    free(pn->comp.off);
    free(pn->conn.pool);
    free(pn->conn.off);
    memset(pn, 0, sizeof *pn);
}

const char *calfpump_model_param_name(const calfpump_model *m, size_t i)
{
    size_t ng;
    const cfp_field *g = cfp_fields(CFP_KIND_GLOBAL, &ng);
    if (!m)
        return NULL;
    if (i < ng)
        return g[i].name;
    i -= ng;
    if (i < m->pn.comp.n)
        return m->pn.comp.pool + m->pn.comp.off[i];
    i -= m->pn.comp.n;
    return i < m->pn.conn.n ? m->pn.conn.pool + m->pn.conn.off[i] : NULL;
}
