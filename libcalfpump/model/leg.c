/* The default adult leg (spec section 10, revised for 0.2) and the
 * condition presets.  Every value and its source is listed in
 * doc/parameters.md; the values marked "fitted" there are written by
 * tools/calibrate.py into model/leg_fitted.h.  Keep the three in step. */
#include <stdio.h>
#include <string.h>
#include "model/model.h"
#include "base/util.h"
#include "model/leg_fitted.h"

/* Vessel classes of the wall law (model/tube.c): relative area compliance
 * in the standing range (VASA 2006;35:59: posterior tibial and peroneal
 * 0.0147, GSV 0.0118, femoral 0.0312 /mmHg), the extra volume taken up at
 * low pressure as the cross-section rounds (opening, fraction of V0) and the
 * collapse stiffness K (mmHg, exponent n = 1.5). */
typedef struct {
    double compliance, opening, k;
} wall_class;

enum { W_SINUS, W_DEEP, W_SUPERFICIAL, W_AXIAL, W_COUNT };
static const wall_class walls[W_COUNT] = {
    [W_SINUS] = {CFP_FIT_SINUS_COMPLIANCE, CFP_FIT_OPENING, CFP_FIT_MUSCLE_K},
    [W_DEEP] = {0.0147, CFP_FIT_OPENING, CFP_FIT_MUSCLE_K},
    [W_SUPERFICIAL] = {0.0118, CFP_FIT_OPENING, 0.3},
    [W_AXIAL] = {0.0312, CFP_FIT_OPENING, 0.3},
};

typedef struct {
    const char *name, *region, *layer;
    int wall;
    double v0, length;
    double z_sup, z_sit, z_stand;   /* cm relative to the right atrium */
    double gcap, hyperaemia, p_tissue, transmission;
    double sq_foot, sq_calf, sq_thigh;
} comp_spec;

/* Heights (175 cm subject): heart-to-ankle 100 cm standing (Pollack 1949
 * column; 0.77 mmHg/cm and 76-84 mmHg standing ankle pressure), knee
 * -58 cm, groin -24 cm; sitting with the thigh horizontal about 44 cm below
 * the atrium and the lower leg vertical (seated foot pressure ~70 mmHg);
 * supine legs a few cm below the atrium.  Capillary conductances: about
 * 300 mL/min into the leg at supine rest (resting femoral artery flow
 * 350 +/- 141 mL/min, Ultrasound Med Biol 1986;12:777), two thirds of it
 * to the thigh, a quarter to the calf (calf blood flow 4.2 mL/100 mL/min,
 * J Appl Physiol 1987;62:1801, in a 2-3 L calf); the calf share is
 * scaled by the fitted CFP_FIT_CALF_GCAP.  Muscle tissue pressure at rest
 * CFP_FIT_P_MUSCLE, subcutaneous 2 mmHg. */
#define PM CFP_FIT_P_MUSCLE
#define GC CFP_FIT_CALF_GCAP
#define HY CFP_FIT_HYPERAEMIA
static const comp_spec comps[] = {
    /* name            region  layer          wall           v0                length sup  sit   stand   gcap         hyp     ptis  trans  foot calf thigh */
    {"plantar_plexus", "foot", "deep",          W_DEEP,        8.0,               8.0,  -6, -89, -103, 0.0040,      HY,     PM,   0.7,  120,   0,   0},
    {"dorsal_foot",    "foot", "superficial",   W_SUPERFICIAL, 4.0,               8.0,  -4, -86, -100, 0.0017,      0.0,    2.0,  1.0,    0,   0,   0},
    {"calf_sinuses",   "calf", "intramuscular", W_SINUS,       CFP_FIT_SINUS_V0, 15.0,  -8, -66,  -80, 0.0080 * GC, HY,     PM,   0.6,    0, 270,   0},
    {"tibial",         "calf", "deep",          W_DEEP,        CFP_FIT_DEEP_V0,  18.0,  -7, -76,  -90, 0.0020 * GC, HY,     PM,   0.7,    0, 180,   0},
    {"deep_calf",      "calf", "deep",          W_DEEP,        CFP_FIT_DEEP_V0,  18.0,  -7, -62,  -74, 0.0020 * GC, HY,     PM,   0.7,    0, 180,   0},
    {"gsv_lower",      "calf", "superficial",   W_SUPERFICIAL, CFP_FIT_SUP_V0,   20.0,  -5, -76,  -90, 0.0012 * GC, 0.0,    2.0,  1.0,    0,   0,   0},
    {"gsv_calf",       "calf", "superficial",   W_SUPERFICIAL, CFP_FIT_SUP_V0,   20.0,  -5, -60,  -72, 0.0012 * GC, 0.0,    2.0,  1.0,    0,   0,   0},
    {"ssv",            "calf", "superficial",   W_SUPERFICIAL, 12.0,             25.0,  -6, -64,  -76, 0.0008 * GC, 0.0,    2.0,  1.0,    0,   0,   0},
    {"popliteal",      "knee", "deep",          W_AXIAL,       8.0,              15.0,  -6, -42,  -58, 0.0005,      0.0,    3.0,  0.5,    0,   0,   0},
    {"sfv",            "thigh", "deep",         W_AXIAL,       15.0,             30.0,  -6, -42,  -42, 0.0020,      0.0,    3.0,  0.4,    0,   0,  10},
    {"thigh_muscle",   "thigh", "intramuscular",W_SINUS,       CFP_FIT_THIGH_V0, 30.0,  -7, -44,  -40, 0.0250,      HY,     PM,   0.4,    0,   0, 100},
    {"femoral",        "thigh", "deep",         W_AXIAL,       12.0,             10.0,  -5, -38,  -24, 0.0020,      0.0,    3.0,  0.3,    0,   0,   0},
    {"gsv_thigh",      "thigh", "superficial",  W_SUPERFICIAL, 8.0,              40.0,  -3, -42,  -38, 0.0040,      0.0,    2.0,  1.0,    0,   0,   0},
    {"external_iliac", "other", "deep",         W_AXIAL,       15.0,             12.0,  -4, -22,  -12, 0.0,         0.0,    3.0,  0.0,    0,   0,   0},
};
#undef PM
#undef GC
#undef HY

typedef struct {
    const char *name, *from, *to;
    double competence;  /* default: 1 present and healthy, 0 absent (valve) */
    double r0, area, cutoff, kv;
} conn_spec;

/* Valves where anatomy puts them (Sun & Zhang, Vasc Surg 1990;24, 100
 * limbs): tibial and peroneal 100 % (the lower and the proximal tibial
 * valves; the tibioperoneal connection carries the proximal valves of the
 * paired veins, whose short trunk, with a valve in 26 % of limbs, is not a
 * segment of its own), popliteal 93 %, superficial femoral 100 %, deep
 * femoral 88 %; the common femoral (51 %) and external iliac (42 %)
 * valves are absent in the default leg (competence 0) and made present by
 * setting their competence.  NOVALVE would mark a segment with no valve at
 * all. */
#define NOVALVE (-1.0)
static const conn_spec conns[] = {
    /* name                  from             to               competence r0   area  cutoff kv */
    {"posterior_tibial",    "plantar_plexus", "tibial",         1,  0.30,        0.15, 0.50,  4},
    {"foot_perforator",     "plantar_plexus", "dorsal_foot",    1,  2.00,        0.05, 0.35, 12},
    {"medial_marginal",     "dorsal_foot",    "gsv_lower",      1,  0.41 * CFP_FIT_GSV_R,        0.10, 0.50,  4},
    {"lateral_marginal",    "dorsal_foot",    "ssv",            1,  2.00,        0.08, 0.50,  4},
    {"sinus_outflow",       "calf_sinuses",   "deep_calf",      1,  CFP_FIT_SINUS_R0, 0.30, 0.50, 4},
    {"tibial",              "tibial",         "deep_calf",      1,  0.15,        0.40, 0.50,  4},
    {"tibioperoneal",       "deep_calf",      "popliteal",      1,  0.15,        0.50, 0.50,  4},
    {"calf_perforator",     "gsv_lower",      "tibial",         1,  0.30,        0.15, 0.35,  4},
    {"knee_perforator",     "gsv_calf",       "deep_calf",      1,  0.30,        0.15, 0.35,  4},
    {"gsv_leg",             "gsv_lower",      "gsv_calf",       1,  0.80 * CFP_FIT_GSV_R,        0.08, 0.50,  4},
    {"gsv_knee",            "gsv_calf",       "gsv_thigh",      1,  1.70 * CFP_FIT_GSV_R,        0.12, 0.50,  4},
    {"saphenopopliteal",    "ssv",            "popliteal",      1,  3.00,        0.15, 0.50,  4},
    {"popliteal",           "popliteal",      "sfv",            1,  0.06,        0.80, 1.00,  4},
    {"superficial_femoral", "sfv",            "femoral",        1,  0.06,        1.00, 1.00,  4},
    {"deep_femoral",        "thigh_muscle",   "femoral",        1,  0.10,        0.80, 1.00,  4},
    {"thigh_perforator",    "gsv_thigh",      "sfv",            1,  1.00,        0.05, 0.35,  4},
    {"saphenofemoral",      "gsv_thigh",      "femoral",        1,  1.10 * CFP_FIT_GSV_R,        0.40, 0.50,  4},
    {"common_femoral",      "femoral",        "external_iliac", 0,  0.05,        1.20, 1.00,  4},
    {"iliac",               "external_iliac", "ra",             0,  0.20,        1.50, 1.00,  4},
};
#undef NOVALVE

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Tissue fluid (Starling filtration and lymph).  Each capillary bed
 * filters in proportion to its conductance (kf = CFP_FIT_KF_PER_GCAP x
 * gcap): over hours, much less than the acute strain-gauge filtration
 * coefficient (about 0.004 mL/min/mmHg per 100 mL) because interstitial
 * protein washout and the venoarteriolar reflex buffer it.  Interstitial
 * compliance and lymph conductance per region, lymph up to twenty-fold
 * faster with muscle work; fitted to the lower-leg swelling of 10 h of
 * sitting (+109 mL at 4 h, +145 mL at 10 h, Thromb Res 2007;120:497). */
static const struct {
    const char *name;
    double value;
} globals[] = {
    {"tissue_compliance_foot", 0.3 * CFP_FIT_TISSUE_C}, {"tissue_compliance_calf", CFP_FIT_TISSUE_C},
    {"tissue_compliance_thigh", 2.0 * CFP_FIT_TISSUE_C},
    {"lymph_foot", 0.3 * CFP_FIT_LYMPH}, {"lymph_calf", CFP_FIT_LYMPH},
    {"lymph_thigh", 2.0 * CFP_FIT_LYMPH}, {"lymph_gain", 20.0},
};

static int setf(calfpump_model *m, const char *kind, const char *elem, const char *field,
                double v)
{
    char name[CFP_PNAME_MAX];
    snprintf(name, sizeof name, "%s.%s.%s", kind, elem, field);
    return calfpump_model_set(m, name, v);
}

static int add_comp(calfpump_model *m, const comp_spec *c)
{
    static const struct { const char *field; size_t off; } f[] = {
#define O_(x) {#x, offsetof(comp_spec, x)}
        O_(v0), O_(length), {"z_supine", offsetof(comp_spec, z_sup)},
        {"z_sitting", offsetof(comp_spec, z_sit)}, {"z_standing", offsetof(comp_spec, z_stand)},
        O_(gcap), O_(hyperaemia), O_(p_tissue), O_(transmission),
        {"squeeze_foot", offsetof(comp_spec, sq_foot)}, {"squeeze_calf", offsetof(comp_spec, sq_calf)},
        {"squeeze_thigh", offsetof(comp_spec, sq_thigh)},
#undef O_
    };
    const wall_class *w = &walls[c->wall];
    int st = calfpump_model_add_compartment(m, c->name, c->region, c->layer);
    for (size_t i = 0; i < N(f) && !st; i++)
        st = setf(m, "comp", c->name, f[i].field, *(const double *)((const char *)c + f[i].off));
    if (!st) st = setf(m, "comp", c->name, "compliance", w->compliance);
    if (!st) st = setf(m, "comp", c->name, "opening", w->opening);
    if (!st) st = setf(m, "comp", c->name, "k", w->k);
    if (!st) st = setf(m, "comp", c->name, "kf", CFP_FIT_KF_PER_GCAP * c->gcap);
    return st;
}

static int add_conn(calfpump_model *m, const conn_spec *c)
{
    int valve = c->competence >= 0;
    int st = calfpump_model_add_connection(m, c->name, c->from, c->to, valve);
    if (!st) st = setf(m, "conn", c->name, "r0", c->r0);
    if (!st) st = setf(m, "conn", c->name, "area", c->area);
    if (!st && valve) st = setf(m, "valve", c->name, "competence", c->competence);
    if (!st && valve) st = setf(m, "valve", c->name, "cutoff", c->cutoff);
    if (!st && valve) st = setf(m, "valve", c->name, "kvo", c->kv);
    if (!st && valve) st = setf(m, "valve", c->name, "kvc", c->kv);
    return st;
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
    for (size_t i = 0; i < N(comps) && !st; i++)
        st = add_comp(m, &comps[i]);
    for (size_t i = 0; i < N(conns) && !st; i++)
        st = add_conn(m, &conns[i]);
    for (size_t i = 0; i < N(globals) && !st; i++)
        st = calfpump_model_set(m, globals[i].name, globals[i].value);
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

#define C_(valve, v) {"valve." valve ".competence", v}
static const change healthy_changes[] = {
    C_("posterior_tibial", 1), C_("foot_perforator", 1), C_("medial_marginal", 1),
    C_("lateral_marginal", 1), C_("sinus_outflow", 1), C_("tibial", 1),
    C_("calf_perforator", 1), C_("knee_perforator", 1), C_("gsv_leg", 1), C_("gsv_knee", 1),
    C_("saphenopopliteal", 1), C_("popliteal", 1), C_("superficial_femoral", 1),
    C_("deep_femoral", 1), C_("thigh_perforator", 1), C_("saphenofemoral", 1), {NULL, 0}};
static const change gsv_changes[] = {
    C_("medial_marginal", 0), C_("gsv_leg", 0), C_("gsv_knee", 0), C_("saphenofemoral", 0),
    {NULL, 0}};
static const change ssv_changes[] = {
    C_("lateral_marginal", 0), C_("saphenopopliteal", 0), {NULL, 0}};
static const change perforator_changes[] = {
    C_("calf_perforator", 0), C_("knee_perforator", 0), {NULL, 0}};
#define DEEP_ C_("posterior_tibial", 0), C_("tibial", 0), C_("tibioperoneal", 0), \
              C_("popliteal", 0), C_("superficial_femoral", 0)
static const change deep_changes[] = {DEEP_, {NULL, 0}};
/* Post-thrombotic syndrome: recanalised deep veins with destroyed valves,
 * residual outflow obstruction and thickened walls a third as compliant. */
static const change pts_changes[] = {
    DEEP_,
    {"conn.tibial.obstruction", 3}, {"conn.popliteal.obstruction", 4},
    {"conn.iliac.obstruction", 4},
    {"comp.tibial.compliance", 0.0049}, {"comp.deep_calf.compliance", 0.0049},
    {"comp.popliteal.compliance", 0.0104}, {"comp.sfv.compliance", 0.0104},
    {"comp.femoral.compliance", 0.0104},
    {NULL, 0}};
#undef DEEP_
#undef C_
static const change weak_calf_changes[] = {{"calf_strength", 0.5}, {NULL, 0}};
static const change stiff_ankle_changes[] = {{"ankle_rom", 0.4}, {NULL, 0}};

static const condition conditions[] = {
    {"healthy", "every valve the default leg has competent (competence 1); the "
                "tibioperoneal-trunk and common femoral valves stay as they are (absent in "
                "the default leg, as in most limbs)", healthy_changes},
    {"gsv-reflux", "great saphenous reflux: the GSV valves (medial marginal, leg, knee) and "
                   "the saphenofemoral valve absent (competence 0), deep valves healthy",
     gsv_changes},
    {"ssv-reflux", "small saphenous reflux: lateral marginal and saphenopopliteal valves "
                   "absent", ssv_changes},
    {"perforator-incompetence", "the calf and knee perforator valves absent "
                                "(deep-to-superficial outflow during calf contraction)", perforator_changes},
    {"deep-reflux", "deep axial reflux: posterior tibial, tibial, tibioperoneal, "
                    "popliteal and superficial femoral valves absent", deep_changes},
    {"post-thrombotic", "deep reflux (posterior tibial, tibial, tibioperoneal, popliteal and "
                        "superficial femoral valves absent), outflow obstruction (tibial resistance x3, "
                        "popliteal and iliac x4) and the deep veins (tibial, deep calf, "
                        "popliteal, sfv, femoral) a third as compliant", pts_changes},
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
