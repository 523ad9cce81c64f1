/* The network and its named parameters. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/model.h"
#include "base/util.h"

/* ---------------------------------------------------------------- */
/* Parameter descriptors: every numeric property is a double reached by
 * offset, with inclusive bounds and a unit. */
typedef struct cfp_field {
    const char *name;
    size_t offset;
    double lo, hi;
    const char *unit;
} cfp_field;

#define F_(type, member, lo, hi, unit) { #member, offsetof(type, member), lo, hi, unit }

static const cfp_field comp_fields[] = {
    F_(cfp_comp, v0, 0.01, 1e4, "mL"),
    F_(cfp_comp, k, 1e-4, 1e3, "mmHg"),
    F_(cfp_comp, m, 1.0, 30.0, "1"),
    F_(cfp_comp, n, 0.5, 5.0, "1"),
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
    F_(cfp_globals, steady_tolerance, 1e-9, 0.5, "1"),
};
#undef F_

#define NF(a) (sizeof(a) / sizeof((a)[0]))

/* A parsed parameter name: where the double lives and its descriptor. */
typedef struct cfp_pref {
    double *ptr;
    const cfp_field *f;
} cfp_pref;

static const cfp_field *find_field(const cfp_field *fs, size_t n, const char *name)
{
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
        const cfp_field *f = find_field(global_fields, NF(global_fields), name);
        if (!f)
            return cfp_fail(msg, CALFPUMP_E_NOTFOUND, "unknown parameter '%s'", name);
        out->ptr = (double *)((char *)&m->g + f->offset);
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
        f = find_field(comp_fields, NF(comp_fields), dot2 + 1);
        if (!f)
            return cfp_fail(msg, CALFPUMP_E_NOTFOUND,
                            "parameter '%s': compartments have no property '%s'", name, dot2 + 1);
        out->ptr = (double *)((char *)&m->comp[i] + f->offset);
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
        f = valve ? find_field(valve_fields, NF(valve_fields), dot2 + 1)
                  : find_field(conn_fields, NF(conn_fields), dot2 + 1);
        if (!f)
            return cfp_fail(msg, CALFPUMP_E_NOTFOUND, "parameter '%s': %s have no property '%s'",
                            name, valve ? "valves" : "connections", dot2 + 1);
        out->ptr = (double *)((char *)&m->conn[i] + f->offset);
        out->f = f;
        return CALFPUMP_OK;
    }
    return cfp_fail(msg, CALFPUMP_E_NOTFOUND,
                    "unknown parameter '%s' (kinds: comp, conn, valve, or a global)", name);
}

/* ---------------------------------------------------------------- */

int calfpump_model_new(calfpump_model **out)
{
    calfpump_model *m;
    if (!out)
        return CALFPUMP_E_NULL;
    *out = NULL;
    m = calloc(1, sizeof *m);
    if (!m)
        return CALFPUMP_E_NOMEM;
    m->g.cvp = 3.5;
    m->g.map = 93.0;
    m->g.hyperaemia_tau = 30.0;
    m->g.posture_transition = 3.0;
    m->g.reflux_velocity = 5.0;
    m->g.cap_smooth = 1.0;
    m->g.height = 175.0;
    m->g.calf_strength = 1.0;
    m->g.ankle_rom = 1.0;
    m->g.stasis_flow = 0.05;
    m->g.steady_tolerance = 1e-3;
    *out = m;
    return CALFPUMP_OK;
}

void calfpump_model_free(calfpump_model *m)
{
    if (!m)
        return;
    free(m->comp);
    free(m->conn);
    free(m->pnames);
    free(m);
}

int calfpump_model_clone(calfpump_model **out, const calfpump_model *m)
{
    calfpump_model *c;
    if (!out)
        return CALFPUMP_E_NULL;
    *out = NULL;
    if (!m)
        return CALFPUMP_E_NULL;
    c = calloc(1, sizeof *c);
    if (!c)
        return CALFPUMP_E_NOMEM;
    *c = *m;
    c->pnames = NULL;
    c->pnames_count = 0;
    c->comp = NULL;
    c->conn = NULL;
    if (m->ncomp) {
        c->comp = malloc(m->ncomp * sizeof *c->comp);
        if (!c->comp)
            goto nomem;
        memcpy(c->comp, m->comp, m->ncomp * sizeof *c->comp);
    }
    c->capcomp = m->ncomp;
    if (m->nconn) {
        c->conn = malloc(m->nconn * sizeof *c->conn);
        if (!c->conn)
            goto nomem;
        memcpy(c->conn, m->conn, m->nconn * sizeof *c->conn);
    }
    c->capconn = m->nconn;
    c->errmsg[0] = '\0';
    *out = c;
    return CALFPUMP_OK;
nomem:
    calfpump_model_free(c);
    return CALFPUMP_E_NOMEM;
}

const char *calfpump_model_errmsg(const calfpump_model *m)
{
    return m ? m->errmsg : "model is NULL";
}

int cfp_model_find_comp(const calfpump_model *m, const char *name)
{
    if (strcmp(name, "ra") == 0)
        return CFP_RA;
    for (size_t i = 0; i < m->ncomp; i++)
        if (strcmp(m->comp[i].name, name) == 0)
            return (int)i;
    return -2;
}

int cfp_model_find_conn(const calfpump_model *m, const char *name)
{
    for (size_t i = 0; i < m->nconn; i++)
        if (strcmp(m->conn[i].name, name) == 0)
            return (int)i;
    return -1;
}

static void names_dirty(calfpump_model *m)
{
    free(m->pnames);
    m->pnames = NULL;
    m->pnames_count = 0;
}


int calfpump_model_add_compartment(calfpump_model *m, const char *name,
                                   const char *region, const char *layer)
{
    int r, l;
    cfp_comp *c;
    if (!m)
        return CALFPUMP_E_NULL;
    if (!name || !region || !layer)
        return cfp_fail(m->errmsg, CALFPUMP_E_NULL, "add_compartment: name, region and layer are required");
    if (!cfp_valid_name(name))
        return cfp_fail(m->errmsg, CALFPUMP_E_INVAL,
                        "compartment name '%s' is not valid (letters, digits, '_'; at most %d characters)",
                        name, CFP_NAME_MAX - 1);
    if (cfp_model_find_comp(m, name) != -2)
        return cfp_fail(m->errmsg, CALFPUMP_E_EXISTS,
                        "a compartment named '%s' already exists ('ra' is reserved)", name);
    r = cfp_lookup(region, cfp_region_names, CFP_REG_COUNT);
    if (r < 0)
        return cfp_fail(m->errmsg, CALFPUMP_E_INVAL,
                        "compartment '%s': unknown region '%s' (foot, calf, knee, thigh, other)", name, region);
    l = cfp_lookup(layer, cfp_layer_names, CFP_LAYER_COUNT);
    if (l < 0)
        return cfp_fail(m->errmsg, CALFPUMP_E_INVAL,
                        "compartment '%s': unknown layer '%s' (superficial, deep, intramuscular)", name, layer);
    if (m->ncomp == m->capcomp) {
        size_t cap = m->capcomp ? 2 * m->capcomp : 16;
        cfp_comp *p = realloc(m->comp, cap * sizeof *p);
        if (!p)
            return cfp_fail(m->errmsg, CALFPUMP_E_NOMEM, "out of memory adding compartment '%s'", name);
        m->comp = p;
        m->capcomp = cap;
    }
    c = &m->comp[m->ncomp];
    memset(c, 0, sizeof *c);
    cfp_strlcpy(c->name, name, sizeof c->name);
    c->region = r;
    c->layer = l;
    /* Defaults: a small vein segment at heart level. */
    c->v0 = 10.0;
    c->k = 0.5;
    c->m = 10.0;
    c->n = 1.5;
    c->length = 10.0;
    c->p_tissue = 3.0;
    c->transmission = (l == CFP_LAYER_SUPERFICIAL) ? 1.0 : 0.7;
    m->ncomp++;
    names_dirty(m);
    m->errmsg[0] = '\0';
    return CALFPUMP_OK;
}

int calfpump_model_add_connection(calfpump_model *m, const char *name, const char *from,
                                  const char *to, int with_valve)
{
    int a, b;
    cfp_conn *e;
    if (!m)
        return CALFPUMP_E_NULL;
    if (!name || !from || !to)
        return cfp_fail(m->errmsg, CALFPUMP_E_NULL, "add_connection: name, from and to are required");
    if (!cfp_valid_name(name))
        return cfp_fail(m->errmsg, CALFPUMP_E_INVAL, "connection name '%s' is not valid", name);
    if (cfp_model_find_conn(m, name) >= 0)
        return cfp_fail(m->errmsg, CALFPUMP_E_EXISTS, "a connection named '%s' already exists", name);
    a = cfp_model_find_comp(m, from);
    b = cfp_model_find_comp(m, to);
    if (a == -2)
        return cfp_fail(m->errmsg, CALFPUMP_E_NOTFOUND, "connection '%s': no compartment named '%s'", name, from);
    if (b == -2)
        return cfp_fail(m->errmsg, CALFPUMP_E_NOTFOUND, "connection '%s': no compartment named '%s'", name, to);
    if (a == CFP_RA)
        return cfp_fail(m->errmsg, CALFPUMP_E_INVAL,
                        "connection '%s': flow must leave a compartment; put 'ra' as 'to'", name);
    if (a == b)
        return cfp_fail(m->errmsg, CALFPUMP_E_INVAL, "connection '%s' joins '%s' to itself", name, from);
    if (m->nconn == m->capconn) {
        size_t cap = m->capconn ? 2 * m->capconn : 16;
        cfp_conn *p = realloc(m->conn, cap * sizeof *p);
        if (!p)
            return cfp_fail(m->errmsg, CALFPUMP_E_NOMEM, "out of memory adding connection '%s'", name);
        m->conn = p;
        m->capconn = cap;
    }
    e = &m->conn[m->nconn];
    memset(e, 0, sizeof *e);
    cfp_strlcpy(e->name, name, sizeof e->name);
    e->from = a;
    e->to = b;
    e->r0 = 0.1;
    e->r_max = 1e4;
    e->area = 0.2;
    e->obstruction = 1.0;
    e->has_valve = with_valve != 0;
    e->competence = 1.0;
    e->kvo = 2.0;
    e->kvc = 2.0;
    e->cutoff = 0.5;
    m->nconn++;
    names_dirty(m);
    m->errmsg[0] = '\0';
    return CALFPUMP_OK;
}

size_t calfpump_model_compartment_count(const calfpump_model *m) { return m ? m->ncomp : 0; }
size_t calfpump_model_connection_count(const calfpump_model *m) { return m ? m->nconn : 0; }

const char *calfpump_model_compartment_name(const calfpump_model *m, size_t i)
{
    return (m && i < m->ncomp) ? m->comp[i].name : NULL;
}
const char *calfpump_model_compartment_region(const calfpump_model *m, size_t i)
{
    return (m && i < m->ncomp) ? cfp_region_names[m->comp[i].region] : NULL;
}
const char *calfpump_model_compartment_layer(const calfpump_model *m, size_t i)
{
    return (m && i < m->ncomp) ? cfp_layer_names[m->comp[i].layer] : NULL;
}
const char *calfpump_model_connection_name(const calfpump_model *m, size_t i)
{
    return (m && i < m->nconn) ? m->conn[i].name : NULL;
}
const char *calfpump_model_connection_from(const calfpump_model *m, size_t i)
{
    return (m && i < m->nconn) ? m->comp[m->conn[i].from].name : NULL;
}

const char *calfpump_model_connection_to(const calfpump_model *m, size_t i)
{
    if (!m || i >= m->nconn)
        return NULL;
    return m->conn[i].to == CFP_RA ? "ra" : m->comp[m->conn[i].to].name;
}

int calfpump_model_connection_has_valve(const calfpump_model *m, size_t i)
{
    return (m && i < m->nconn) ? m->conn[i].has_valve : 0;
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
    *r.ptr = value;
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
        return cfp_fail(((calfpump_model *)m)->errmsg, CALFPUMP_E_NULL,
                        "get: name and value pointer are required");
    st = resolve(m, name, &r, ((calfpump_model *)m)->errmsg);
    if (st)
        return st;
    *value = *r.ptr;
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
        return cfp_fail(((calfpump_model *)m)->errmsg, CALFPUMP_E_NULL, "param_info: name is NULL");
    st = resolve(m, name, &r, ((calfpump_model *)m)->errmsg);
    if (st)
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
    size_t n, nv = 0;
    if (!m)
        return 0;
    for (size_t i = 0; i < m->nconn; i++)
        nv += m->conn[i].has_valve != 0;
    n = NF(global_fields) + m->ncomp * NF(comp_fields) + m->nconn * NF(conn_fields) +
        nv * NF(valve_fields);
    return n;
}

static int build_names(calfpump_model *m)
{
    size_t n = calfpump_model_param_count(m), k = 0;
    char *t = malloc(n * CFP_PNAME_MAX + 1);
    if (!t)
        return CALFPUMP_E_NOMEM;
    for (size_t i = 0; i < NF(global_fields); i++)
        snprintf(t + CFP_PNAME_MAX * k++, CFP_PNAME_MAX, "%s", global_fields[i].name);
    for (size_t c = 0; c < m->ncomp; c++)
        for (size_t i = 0; i < NF(comp_fields); i++)
            snprintf(t + CFP_PNAME_MAX * k++, CFP_PNAME_MAX, "comp.%s.%s", m->comp[c].name,
                     comp_fields[i].name);
    for (size_t c = 0; c < m->nconn; c++) {
        for (size_t i = 0; i < NF(conn_fields); i++)
            snprintf(t + CFP_PNAME_MAX * k++, CFP_PNAME_MAX, "conn.%s.%s", m->conn[c].name,
                     conn_fields[i].name);
        if (m->conn[c].has_valve)
            for (size_t i = 0; i < NF(valve_fields); i++)
                snprintf(t + CFP_PNAME_MAX * k++, CFP_PNAME_MAX, "valve.%s.%s",
                         m->conn[c].name, valve_fields[i].name);
    }
    m->pnames = t;
    m->pnames_count = n;
    return CALFPUMP_OK;
}

const char *calfpump_model_param_name(const calfpump_model *m, size_t i)
{
    calfpump_model *mm = (calfpump_model *)m; /* the name table is a cache */
    if (!m || i >= calfpump_model_param_count(m))
        return NULL;
    if (!mm->pnames && build_names(mm) != CALFPUMP_OK)
        return NULL;
    return mm->pnames + i * CFP_PNAME_MAX;
}

/* ---------------------------------------------------------------- */
/* Tube law: Ptm = K ((V/V0)^m - (V/V0)^-n), smooth and strictly increasing. */

double cfp_tube_pressure(const cfp_comp *c, double v)
{
    double x = v / c->v0, xm, xn;
    if (x < 1e-9)
        x = 1e-9;
    /* The right-hand side's hot spot: the default exponents m = 10 and
     * n = 1.5 by multiplications and one square root, others by pow(). */
    if (c->m == 10.0) {
        double x2 = x * x, x4 = x2 * x2;
        xm = x4 * x4 * x2;
    } else {
        xm = pow(x, c->m);
    }
    xn = c->n == 1.5 ? 1.0 / (x * sqrt(x)) : pow(x, -c->n);
    return c->k * (xm - xn);
}

double cfp_tube_volume(const cfp_comp *c, double ptm)
{
    /* Bisection on log(x): robust for any monotone law. */
    double lo = log(1e-6), hi = log(1e3);
    for (int it = 0; it < 200; it++) {
        double mid = 0.5 * (lo + hi);
        if (cfp_tube_pressure(c, c->v0 * exp(mid)) < ptm)
            lo = mid;
        else
            hi = mid;
        if (hi - lo < 1e-14)
            break;
    }
    return c->v0 * exp(0.5 * (lo + hi));
}

/* ---------------------------------------------------------------- */

int cfp_model_validate(const calfpump_model *m, char *buf)
{
    size_t n = m->ncomp;
    unsigned char *seen;
    int changed = 1, reaches_ra = 0;
    if (n == 0)
        return cfp_fail(buf, CALFPUMP_E_MODEL, "the model has no compartments");
    for (size_t e = 0; e < m->nconn; e++)
        if (m->conn[e].to == CFP_RA)
            reaches_ra = 1;
    if (!reaches_ra)
        return cfp_fail(buf, CALFPUMP_E_MODEL,
                        "no connection drains to the right atrium ('ra'): the network has no outflow");
    seen = calloc(n, 1);
    if (!seen)
        return cfp_fail(buf, CALFPUMP_E_NOMEM, "out of memory");
    for (size_t e = 0; e < m->nconn; e++)
        if (m->conn[e].to == CFP_RA)
            seen[m->conn[e].from] = 1;
    while (changed) { /* undirected reachability from the atrium */
        changed = 0;
        for (size_t e = 0; e < m->nconn; e++) {
            int a = m->conn[e].from, b = m->conn[e].to;
            if (b == CFP_RA)
                continue;
            if (seen[a] != seen[b]) {
                seen[a] = seen[b] = 1;
                changed = 1;
            }
        }
    }
    for (size_t i = 0; i < n; i++)
        if (!seen[i]) {
            int st = cfp_fail(buf, CALFPUMP_E_MODEL,
                              "compartment '%s' is not connected to the right atrium", m->comp[i].name);
            free(seen);
            return st;
        }
    free(seen);
    return CALFPUMP_OK;
}
