/* The default adult leg (spec section 10) and the condition presets.
 * Every value and its source is listed in doc/parameters.md; keep the two
 * in step. */
#include <stdio.h>
#include <string.h>
#include "model/model.h"
#include "base/util.h"

typedef struct {
    const char *name, *region, *layer;
    double v0, k, length;
    double z_sup, z_sit, z_stand;   /* cm relative to the right atrium */
    double gcap, hyperaemia, p_tissue;
    double sq_foot, sq_calf, sq_thigh;
} comp_spec;

/* Heights: heart-to-ankle 100 cm standing (Pollack 1949 column; 0.77
 * mmHg/cm and 76-84 mmHg standing ankle pressure), sitting chosen so the
 * seated foot pressure is ~70 mmHg, supine legs a few cm below the atrium.
 * v0, k, gcap, hyperaemia and the calf tissue pressure are calibrated
 * against the validation targets (doc/validation.md). */
static const comp_spec comps[] = {
    /* name            region  layer            v0    k     len   sup   sit   stand  gcap     hyp  ptis foot calf thigh */
    {"plantar_plexus", "foot", "deep",          12.0, 0.50,  8.0,  -6,  -89, -103,  0.00300, 10.0,  3, 120,   0,   0},
    {"dorsal_foot",    "foot", "superficial",    6.0, 0.50,  8.0,  -4,  -86, -100,  0.00150,  0.0,  3,   0,   0,   0},
    {"calf_sinuses",   "calf", "intramuscular", 20.0, 0.17, 15.0,  -7,  -64,  -78,  0.00460, 20.0, 16,   0, 270,   0},
    {"deep_calf",      "calf", "deep",          40.0, 0.19, 35.0,  -7,  -66,  -80,  0.00150, 10.0, 13,   0, 200,   0},
    {"gsv_calf",       "calf", "superficial",   55.0, 0.11, 40.0,  -5,  -66,  -80,  0.00125,  0.0,  3,   0,   0,   0},
    {"ssv",            "calf", "superficial",   20.0, 0.50, 30.0,  -6,  -61,  -75,  0.00100,  0.0,  3,   0,   0,   0},
    {"popliteal",      "knee", "deep",          12.0, 0.50, 15.0,  -6,  -42,  -55,  0.00000,  0.0,  3,   0,  40,  40},
    {"femoral",        "thigh", "deep",         40.0, 0.50, 40.0,  -5,  -38,  -30,  0.00400,  5.0,  3,   0,   0,  60},
    {"gsv_thigh",      "thigh", "superficial",  15.0, 0.50, 40.0,  -3,  -38,  -30,  0.00200,  0.0,  3,   0,   0,   0},
};

typedef struct {
    const char *name, *from, *to;
    int valve;
    double r0, area, cutoff, kv;
} conn_spec;

static const conn_spec conns[] = {
    /* name               from             to             valve  r0    area  cutoff(s) kvo=kvc */
    {"posterior_tibial", "plantar_plexus", "deep_calf",    1,   0.30, 0.15, 0.50,  4},
    {"foot_perforator",  "plantar_plexus", "dorsal_foot",  1,   0.60, 0.05, 0.35, 12},
    {"medial_marginal",  "dorsal_foot",    "gsv_calf",     1,   0.41, 0.10, 0.50,  4},
    {"lateral_marginal", "dorsal_foot",    "ssv",          1,   0.60, 0.08, 0.50,  4},
    {"sinus_outflow",    "calf_sinuses",   "deep_calf",    1,   2.10, 0.30, 0.50,  4},
    {"tibioperoneal",    "deep_calf",      "popliteal",    1,   0.30, 0.50, 0.50,  4},
    {"calf_perforator",  "gsv_calf",       "deep_calf",    1,   0.15, 0.08, 0.35,  4},
    {"saphenopopliteal", "ssv",            "popliteal",    1,   0.30, 0.15, 0.50,  4},
    {"gsv_knee",         "gsv_calf",       "gsv_thigh",    1,   1.70, 0.12, 0.50,  4},
    {"popliteal",        "popliteal",      "femoral",      1,   0.08, 0.80, 1.00,  4},
    {"saphenofemoral",   "gsv_thigh",      "femoral",      1,   1.10, 0.40, 0.50,  4},
    {"iliac",            "femoral",        "ra",           0,   0.25, 1.20, 1.00,  0},
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int setf(calfpump_model *m, const char *kind, const char *elem, const char *field,
                double v)
{
    char name[CFP_PNAME_MAX];
    snprintf(name, sizeof name, "%s.%s.%s", kind, elem, field);
    return calfpump_model_set(m, name, v);
}

int calfpump_model_new_default(calfpump_model **out)
{
    calfpump_model *m;
    int st;
    if (!out)
        return CALFPUMP_E_NULL;
    *out = NULL;
    if ((st = calfpump_model_new(&m)))
        return st;
    for (size_t i = 0; i < N(comps) && !st; i++) {
        const comp_spec *c = &comps[i];
        st = calfpump_model_add_compartment(m, c->name, c->region, c->layer);
        if (!st) st = setf(m, "comp", c->name, "v0", c->v0);
        if (!st) st = setf(m, "comp", c->name, "k", c->k);
        if (!st) st = setf(m, "comp", c->name, "length", c->length);
        if (!st) st = setf(m, "comp", c->name, "z_supine", c->z_sup);
        if (!st) st = setf(m, "comp", c->name, "z_sitting", c->z_sit);
        if (!st) st = setf(m, "comp", c->name, "z_standing", c->z_stand);
        if (!st) st = setf(m, "comp", c->name, "gcap", c->gcap);
        if (!st) st = setf(m, "comp", c->name, "hyperaemia", c->hyperaemia);
        if (!st) st = setf(m, "comp", c->name, "p_tissue", c->p_tissue);
        if (!st) st = setf(m, "comp", c->name, "squeeze_foot", c->sq_foot);
        if (!st) st = setf(m, "comp", c->name, "squeeze_calf", c->sq_calf);
        if (!st) st = setf(m, "comp", c->name, "squeeze_thigh", c->sq_thigh);
    }
    for (size_t i = 0; i < N(conns) && !st; i++) {
        const conn_spec *c = &conns[i];
        st = calfpump_model_add_connection(m, c->name, c->from, c->to, c->valve);
        if (!st) st = setf(m, "conn", c->name, "r0", c->r0);
        if (!st) st = setf(m, "conn", c->name, "area", c->area);
        if (!st && c->valve) st = setf(m, "valve", c->name, "cutoff", c->cutoff);
        if (!st && c->valve) st = setf(m, "valve", c->name, "kvo", c->kv);
        if (!st && c->valve) st = setf(m, "valve", c->name, "kvc", c->kv);
    }
    if (st) { /* a table error: report it rather than hand out half a leg */
        calfpump_model_free(m);
        return st;
    }
    *out = m;
    return CALFPUMP_OK;
}

/* ---------------------------------------------------------------- */
/* Conditions: ordinary parameter changes, listed as data. */
typedef struct { const char *param; double value; } change;
typedef struct {
    const char *name, *description;
    const change *changes;
} condition;

static const change healthy_changes[] = {
    {"valve.posterior_tibial.competence", 1}, {"valve.foot_perforator.competence", 1},
    {"valve.medial_marginal.competence", 1}, {"valve.lateral_marginal.competence", 1},
    {"valve.sinus_outflow.competence", 1}, {"valve.tibioperoneal.competence", 1},
    {"valve.calf_perforator.competence", 1}, {"valve.saphenopopliteal.competence", 1},
    {"valve.gsv_knee.competence", 1}, {"valve.popliteal.competence", 1},
    {"valve.saphenofemoral.competence", 1}, {NULL, 0}};
static const change gsv_changes[] = {
    {"valve.medial_marginal.competence", 0}, {"valve.gsv_knee.competence", 0},
    {"valve.saphenofemoral.competence", 0}, {NULL, 0}};
static const change ssv_changes[] = {
    {"valve.lateral_marginal.competence", 0}, {"valve.saphenopopliteal.competence", 0},
    {NULL, 0}};
static const change perforator_changes[] = {
    {"valve.calf_perforator.competence", 0}, {NULL, 0}};
static const change deep_changes[] = {
    {"valve.posterior_tibial.competence", 0}, {"valve.tibioperoneal.competence", 0},
    {"valve.popliteal.competence", 0}, {NULL, 0}};
/* Post-thrombotic syndrome: recanalised deep veins with destroyed valves,
 * residual outflow obstruction and thickened, stiffer walls. */
static const change pts_changes[] = {
    {"valve.posterior_tibial.competence", 0}, {"valve.tibioperoneal.competence", 0},
    {"valve.popliteal.competence", 0},
    {"conn.tibioperoneal.obstruction", 3}, {"conn.popliteal.obstruction", 4},
    {"conn.iliac.obstruction", 4},
    {"comp.deep_calf.k", 0.57}, {"comp.popliteal.k", 1.5}, {"comp.femoral.k", 1.5},
    {NULL, 0}};
static const change weak_calf_changes[] = {{"calf_strength", 0.5}, {NULL, 0}};
static const change stiff_ankle_changes[] = {{"ankle_rom", 0.4}, {NULL, 0}};

static const condition conditions[] = {
    {"healthy", "every valve competent (competence 1)", healthy_changes},
    {"gsv-reflux", "great saphenous reflux: the GSV valves (medial marginal, knee) and the "
                   "saphenofemoral valve absent (competence 0), deep valves healthy", gsv_changes},
    {"ssv-reflux", "small saphenous reflux: lateral marginal and saphenopopliteal valves "
                   "absent", ssv_changes},
    {"perforator-incompetence", "the calf perforator valve absent (deep-to-superficial "
                                "outflow during calf contraction)", perforator_changes},
    {"deep-reflux", "deep axial reflux: posterior tibial, tibioperoneal and popliteal valves "
                    "absent", deep_changes},
    {"post-thrombotic", "deep reflux (posterior tibial, tibioperoneal and popliteal valves "
                        "absent), outflow obstruction (tibioperoneal resistance x3, popliteal and "
                        "iliac x4) and the deep calf, popliteal and femoral veins three times "
                        "stiffer", pts_changes},
    {"weak-calf", "calf muscle pressure halved (calf_strength 0.5)", weak_calf_changes},
    {"stiff-ankle", "ankle range of motion 40 % of normal (ankle_rom 0.4)", stiff_ankle_changes},
};

size_t calfpump_condition_count(void) { return N(conditions); }

const char *calfpump_condition_name(size_t i) { return i < N(conditions) ? conditions[i].name : NULL; }

const char *calfpump_condition_description(size_t i)
{
    return i < N(conditions) ? conditions[i].description : NULL;
}

int calfpump_model_apply_condition(calfpump_model *m, const char *name)
{
    const condition *c = NULL;
    calfpump_model *tmp;
    int st;
    if (!m)
        return CALFPUMP_E_NULL;
    if (!name)
        return cfp_fail(m->errmsg, CALFPUMP_E_NULL, "condition name is NULL");
    for (size_t i = 0; i < N(conditions); i++)
        if (strcmp(conditions[i].name, name) == 0)
            c = &conditions[i];
    if (!c)
        return cfp_fail(m->errmsg, CALFPUMP_E_NOTFOUND, "unknown condition '%s'", name);
    /* All or nothing: apply to a copy, then swap parameters in. */
    if ((st = calfpump_model_clone(&tmp, m)))
        return cfp_fail(m->errmsg, st, "out of memory");
    for (const change *ch = c->changes; ch->param; ch++) {
        st = calfpump_model_set(tmp, ch->param, ch->value);
        if (st) {
            cfp_fail(m->errmsg, st, "condition '%s' does not fit this network: %s", name,
                     calfpump_model_errmsg(tmp));
            calfpump_model_free(tmp);
            return st;
        }
    }
    memcpy(m->comp, tmp->comp, m->ncomp * sizeof *m->comp);
    memcpy(m->conn, tmp->conn, m->nconn * sizeof *m->conn);
    m->g = tmp->g;
    calfpump_model_free(tmp);
    m->errmsg[0] = '\0';
    return CALFPUMP_OK;
}
