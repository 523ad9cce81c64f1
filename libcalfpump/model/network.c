/* The network: compartments and connections, and their accessors. */
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "model/params.h"

/* Names at a position, for the name indexes (model/names.h). */
static const char *comp_name(const void *m, size_t i)
{
    return ((const calfpump_model *)m)->comp[i].name;
}

static const char *conn_name(const void *m, size_t i)
{
    return ((const calfpump_model *)m)->conn[i].name;
}

int calfpump_model_new(calfpump_model **out)
{
    calfpump_model *m;
    if (!out)
        return CALFPUMP_E_NULL;
    *out = NULL;
    m = calloc(1, sizeof *m);
    if (!m || !(m->errmsg = cfp_msg_new())) {
        free(m);
        return CALFPUMP_E_NOMEM;
    }
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
    m->g.stasis_velocity = 2.0;
    m->g.steady_tolerance = 1e-3;
    m->g.settle_time = 86400.0;
    m->g.cap_fraction = 0.2;
    m->g.oncotic = 15.0;
    m->g.lymph_gain = 0.0;
    *out = m;
    return CALFPUMP_OK;
}

void calfpump_model_free(calfpump_model *m)
{
    if (!m)
        return;
    free(m->comp);
    free(m->conn);
    cfp_names_free(&m->comp_idx);
    cfp_names_free(&m->conn_idx);
    cfp_pnames_free(&m->pn);
    free(m->errmsg);
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
    c->comp = NULL;
    c->conn = NULL;
    memset(&c->comp_idx, 0, sizeof c->comp_idx);
    memset(&c->conn_idx, 0, sizeof c->conn_idx);
    memset(&c->pn, 0, sizeof c->pn);
    if (!(c->errmsg = cfp_msg_new()) || cfp_pnames_copy(&c->pn, &m->pn))
        goto nomem;
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
    if (cfp_names_reserve(&c->comp_idx, c->ncomp, comp_name, c) ||
        cfp_names_reserve(&c->conn_idx, c->nconn, conn_name, c))
        goto nomem;
    for (size_t i = 0; i < c->ncomp; i++)
        cfp_names_add(&c->comp_idx, i, comp_name, c);
    for (size_t i = 0; i < c->nconn; i++)
        cfp_names_add(&c->conn_idx, i, conn_name, c);
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
    long i;
    if (strcmp(name, "ra") == 0)
        return CFP_RA;
    i = cfp_names_find(&m->comp_idx, name, comp_name, m, m->ncomp);
    return i < 0 ? -2 : (int)i;
}

int cfp_model_find_conn(const calfpump_model *m, const char *name)
{
    return (int)cfp_names_find(&m->conn_idx, name, conn_name, m,
                               m->nconn);
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
    if (!(c = cfp_grow(m->comp, &m->capcomp, m->ncomp, sizeof *c, 16)))
        return cfp_fail(m->errmsg, CALFPUMP_E_NOMEM, "out of memory adding compartment '%s'", name);
    m->comp = c;
    if (cfp_names_reserve(&m->comp_idx, m->ncomp + 1, comp_name, m))
        return cfp_fail(m->errmsg, CALFPUMP_E_NOMEM, "out of memory adding compartment '%s'", name);
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
    c->opening = 0.3;
    c->length = 10.0;
    c->p_tissue = 3.0;
    c->transmission = (l == CFP_LAYER_SUPERFICIAL) ? 1.0 : 0.7;
    if (cfp_pnames_add_comp(&m->pn, name))
        return cfp_fail(m->errmsg, CALFPUMP_E_NOMEM, "out of memory adding compartment '%s'", name);
    cfp_names_add(&m->comp_idx, m->ncomp, comp_name, m);
    m->ncomp++;
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
    if (!(e = cfp_grow(m->conn, &m->capconn, m->nconn, sizeof *e, 16)))
        return cfp_fail(m->errmsg, CALFPUMP_E_NOMEM, "out of memory adding connection '%s'", name);
    m->conn = e;
    if (cfp_names_reserve(&m->conn_idx, m->nconn + 1, conn_name, m))
        return cfp_fail(m->errmsg, CALFPUMP_E_NOMEM, "out of memory adding connection '%s'", name);
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
    if (cfp_pnames_add_conn(&m->pn, name, e->has_valve))
        return cfp_fail(m->errmsg, CALFPUMP_E_NOMEM, "out of memory adding connection '%s'", name);
    cfp_names_add(&m->conn_idx, m->nconn, conn_name, m);
    m->nconn++;
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


int cfp_model_validate(const calfpump_model *m, char *buf)
{
    return cfp_model_validate_at(m, buf, NULL);
}

/* The root of i's set (union-find with path halving). */
static size_t uf_root(size_t *up, size_t i)
{
    while (up[i] != i)
        i = up[i] = up[up[i]];
    return i;
}

int cfp_model_validate_at(const calfpump_model *m, char *buf, int *comp)
{
    size_t n = m->ncomp, *up;
    int reaches_ra = 0;
    if (comp)
        *comp = -1;
    if (n == 0)
        return cfp_fail(buf, CALFPUMP_E_MODEL, "the model has no compartments");
    for (size_t e = 0; e < m->nconn; e++)
        if (m->conn[e].to == CFP_RA)
            reaches_ra = 1;
    if (!reaches_ra)
        return cfp_fail(buf, CALFPUMP_E_MODEL,
                        "no connection drains to the right atrium ('ra'): the network has no outflow");
    /* Undirected reachability from the atrium (node n): every compartment
     * in the atrium's set, in time linear in the network's size. */
    if (!(up = malloc((n + 1) * sizeof *up)))
        return cfp_fail(buf, CALFPUMP_E_NOMEM, "out of memory");
    for (size_t i = 0; i <= n; i++)
        up[i] = i;
    for (size_t e = 0; e < m->nconn; e++) {
        size_t a = uf_root(up, (size_t)m->conn[e].from);
        size_t b = uf_root(up, m->conn[e].to == CFP_RA ? n : (size_t)m->conn[e].to);
        up[a] = b;
    }
    for (size_t i = 0; i < n; i++)
        if (uf_root(up, i) != uf_root(up, n)) {
            int st;
            if (comp)
                *comp = (int)i;
            st = cfp_fail(buf, CALFPUMP_E_MODEL,
                          "compartment '%s' is not connected to the right atrium", m->comp[i].name);
            free(up);
            return st;
        }
    free(up);
    return CALFPUMP_OK;
}
