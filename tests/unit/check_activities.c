/* Activities, posture, compression and conditions drive the pump in the
 * physiologically right direction; presets change only what they
 * document; custom activation; long immobility conserves blood. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drive/activity.h"
#include "testutil.h"

/* A protocol of at most four segments, each "posture activity duration"
 * with up to two parameters. */
typedef struct { const char *posture, *activity; double dur; const char *k1; double v1;
                 const char *k2; double v2; } seg;

/* Integrator for the next run_segs() (NULL: the default). */
static const char *integrator;

static calfpump_sim *run_segs(const seg *sg, size_t n, const char *cond, const char *set,
                              double setv, double out_dt)
{
    calfpump_model *m = cfp_test_default_model();
    calfpump_protocol *p;
    calfpump_sim *s;
    if (cond)
        ck_assert_int_eq(calfpump_model_apply_condition(m, cond), CALFPUMP_OK);
    if (set)
        ck_assert_msg(calfpump_model_set(m, set, setv) == CALFPUMP_OK, "%s", calfpump_model_errmsg(m));
    ck_assert_int_eq(calfpump_protocol_new(&p), CALFPUMP_OK);
    for (size_t i = 0; i < n; i++) {
        size_t k;
        ck_assert_msg(calfpump_protocol_add_segment(p, sg[i].posture, sg[i].activity, sg[i].dur, &k) ==
                      CALFPUMP_OK, "%s", calfpump_protocol_errmsg(p));
        if (sg[i].k1)
            ck_assert_msg(calfpump_protocol_set(p, k, sg[i].k1, sg[i].v1) == CALFPUMP_OK, "%s",
                          calfpump_protocol_errmsg(p));
        if (sg[i].k2)
            ck_assert_msg(calfpump_protocol_set(p, k, sg[i].k2, sg[i].v2) == CALFPUMP_OK, "%s",
                          calfpump_protocol_errmsg(p));
    }
    s = cfp_test_new_sim(m, p);
    if (integrator)
        ck_assert_int_eq(calfpump_sim_set_integrator(s, integrator), CALFPUMP_OK);
    if (out_dt > 0) {
        ck_assert_int_eq(calfpump_sim_set_option(s, "output_interval", out_dt), CALFPUMP_OK);
        if (out_dt >= 1.0) /* still segments only: no contraction to step over */
            ck_assert_int_eq(calfpump_sim_set_option(s, "h_max", out_dt), CALFPUMP_OK);
    }
    ck_assert_msg(calfpump_sim_run(s) == CALFPUMP_OK, "%s", calfpump_sim_errmsg(s));
    {   /* blood is conserved in every activity, posture, device and condition */
        double err;
        ck_assert_int_eq(calfpump_sim_metric(s, "conservation.error", &err), CALFPUMP_OK);
        ck_assert_msg(err < 1e-9, "%s: conservation error %g", sg[n - 1].activity, err);
    }
    calfpump_model_free(m);
    calfpump_protocol_free(p);
    return s;
}

/* Mean of trace column `col` over [t0, t1]. */
static double mean(calfpump_sim *s, const char *col, double t0, double t1)
{
    size_t w, a, b;
    double *buf = cfp_test_trace_column(s, col, &w), sum = 0, dt;
    ck_assert_int_eq(calfpump_sim_get_option(s, "output_interval", &dt), CALFPUMP_OK);
    a = (size_t)lround(t0 / dt);
    b = (size_t)lround(t1 / dt);
    ck_assert_uint_lt(b, w);
    for (size_t r = a; r <= b; r++)
        sum += buf[r];
    free(buf);
    return sum / (double)(b - a + 1);
}

/* Each activity lowers the ankle pressure below standing (or sitting)
 * still; the comparison is the mean over its last 10 s against the mean
 * over the last 5 s of the still segment before it. */
static const seg activities[][2] = {
    {{"standing", "still", 60, NULL, 0, NULL, 0}, {"standing", "walk", 60, "speed", 4.5, NULL, 0}},
    {{"standing", "still", 60, NULL, 0, NULL, 0}, {"standing", "run", 60, "speed", 9, NULL, 0}},
    {{"standing", "still", 60, NULL, 0, NULL, 0}, {"standing", "stairs", 60, "rate", 1.5, NULL, 0}},
    {{"standing", "still", 60, NULL, 0, NULL, 0}, {"standing", "tiptoe", 30, "count", 30, NULL, 0}},
    {{"sitting", "still", 60, NULL, 0, NULL, 0}, {"sitting", "cycle", 60, "rpm", 60, NULL, 0}},
    {{"sitting", "still", 60, NULL, 0, NULL, 0}, {"sitting", "heel_raise", 60, "rate", 0.5, NULL, 0}},
    {{"sitting", "still", 60, NULL, 0, NULL, 0}, {"sitting", "ankle_pump", 60, "rate", 0.5, NULL, 0}},
    {{"sitting", "still", 60, NULL, 0, NULL, 0}, {"sitting", "heel_toe_rock", 60, "rate", 0.5, NULL, 0}},
    {{"sitting", "still", 60, NULL, 0, NULL, 0}, {"sitting", "still", 120, "ipc_pressure", 120, "ipc_period", 20}},
};
START_TEST(activity_lowers_ankle_pressure)
{
    const seg *sg = activities[_i];
    calfpump_sim *s = run_segs(sg, 2, NULL, NULL, 0, 0);
    double rest = mean(s, "P.dorsal_foot", 55, 60);
    double ex = mean(s, "P.dorsal_foot", 60 + sg[1].dur - 10, 60 + sg[1].dur);
    ck_assert_msg(ex < rest - 5, "%s: ankle pressure %g during vs %g before", sg[1].activity, ex, rest);
    calfpump_sim_free(s);
}
END_TEST

/* Running drives the pump harder than walking (more venous return, as the
 * running leg receives and returns more blood, at an ankle pressure no
 * higher: both reach the floor set by the calf veins' drainage height);
 * toe tapping barely does. */
START_TEST(activity_strength_order)
{
    const seg walk[2] = {{"standing", "still", 60, NULL, 0, NULL, 0}, {"standing", "walk", 60, NULL, 0, NULL, 0}};
    const seg run[2] = {{"standing", "still", 60, NULL, 0, NULL, 0}, {"standing", "run", 60, "speed", 10, NULL, 0}};
    const seg tap[2] = {{"sitting", "still", 60, NULL, 0, NULL, 0}, {"sitting", "toe_tap", 60, NULL, 0, NULL, 0}};
    const seg raise[2] = {{"sitting", "still", 60, NULL, 0, NULL, 0}, {"sitting", "heel_raise", 60, NULL, 0, NULL, 0}};
    calfpump_sim *w = run_segs(walk, 2, NULL, NULL, 0, 0), *r = run_segs(run, 2, NULL, NULL, 0, 0);
    calfpump_sim *t = run_segs(tap, 2, NULL, NULL, 0, 0), *h = run_segs(raise, 2, NULL, NULL, 0, 0);
    ck_assert_double_gt(cfp_test_metric(r, "return.mean"), 1.3 * cfp_test_metric(w, "return.mean"));
    ck_assert_double_lt(cfp_test_metric(r, "avp.exercise"), cfp_test_metric(w, "avp.exercise") + 3.0);
    ck_assert_double_gt(cfp_test_metric(h, "avp.fall"), cfp_test_metric(t, "avp.fall"));
    calfpump_sim_free(w);
    calfpump_sim_free(r);
    calfpump_sim_free(t);
    calfpump_sim_free(h);
}
END_TEST

/* A stiffer ankle and a weaker calf pump less. */
START_TEST(stiff_ankle_and_weak_calf_pump_less)
{
    const seg walk[3] = {{"standing", "still", 60, NULL, 0, NULL, 0}, {"standing", "walk", 60, NULL, 0, NULL, 0},
                         {"standing", "still", 30, NULL, 0, NULL, 0}};
    calfpump_sim *h = run_segs(walk, 3, NULL, NULL, 0, 0);
    calfpump_sim *st = run_segs(walk, 3, NULL, "ankle_rom", 0.4, 0);
    calfpump_sim *st2 = run_segs(walk, 3, "stiff-ankle", NULL, 0, 0);
    calfpump_sim *wk = run_segs(walk, 3, NULL, "calf_strength", 0.3, 0);
    ck_assert_double_lt(cfp_test_metric(st, "avp.fall"), cfp_test_metric(h, "avp.fall") - 5);
    ck_assert_double_eq(cfp_test_metric(st, "avp.fall"), cfp_test_metric(st2, "avp.fall"));
    ck_assert_double_lt(cfp_test_metric(wk, "avp.fall"), cfp_test_metric(h, "avp.fall"));
    calfpump_sim_free(h);
    calfpump_sim_free(st);
    calfpump_sim_free(st2);
    calfpump_sim_free(wk);
}
END_TEST

/* Immobility raises the residence time of blood in the calf sinuses. */
START_TEST(immobility_raises_residence)
{
    const seg sit[1] = {{"sitting", "still", 3600, NULL, 0, NULL, 0}};
    const seg walk[1] = {{"standing", "walk", 300, NULL, 0, NULL, 0}};
    const seg raises[1] = {{"sitting", "heel_raise", 300, NULL, 0, NULL, 0}};
    calfpump_sim *a, *b, *c;
    integrator = "rodas"; /* an hour of stillness: the stiff solver */
    a = run_segs(sit, 1, NULL, NULL, 0, 1.0);
    integrator = NULL;
    b = run_segs(walk, 1, NULL, NULL, 0, 0);
    c = run_segs(raises, 1, NULL, NULL, 0, 0);
    double r_sit = cfp_test_metric(a, "stasis.calf_sinuses.residence");
    ck_assert_double_gt(r_sit, 2 * cfp_test_metric(b, "stasis.calf_sinuses.residence"));
    ck_assert_double_gt(r_sit, cfp_test_metric(c, "stasis.calf_sinuses.residence"));
    ck_assert_double_lt(cfp_test_metric(a, "stasis.calf_sinuses.velocity"),
                        cfp_test_metric(b, "stasis.calf_sinuses.velocity"));
    ck_assert_double_gt(cfp_test_metric(b, "perfusion.calf"), cfp_test_metric(a, "perfusion.calf"));
    calfpump_sim_free(a);
    calfpump_sim_free(b);
    calfpump_sim_free(c);
}
END_TEST

/* Ten hours in an aircraft seat: blood is conserved and nothing drifts. */
START_TEST(hours_of_immobility_conserve)
{
    const seg flight[2] = {{"sitting", "still", 36000, NULL, 0, NULL, 0}, {"supine", "still", 3600, NULL, 0, NULL, 0}};
    calfpump_sim *s;
    integrator = "rodas";
    s = run_segs(flight, 2, NULL, NULL, 0, 10.0);
    integrator = NULL;
    ck_assert_double_lt(cfp_test_metric(s, "conservation.error"), 1e-9);
    ck_assert_double_eq_tol(calfpump_sim_time(s), 39600.0, 1e-6);
    calfpump_sim_free(s);
}
END_TEST

/* Stockings narrow the superficial veins; a higher class more so; an
 * inelastic bandage squeezes harder while walking. */
START_TEST(stockings_narrow_superficial_veins)
{
    const seg none[1] = {{"standing", "still", 120, NULL, 0, NULL, 0}};
    const seg c2[1] = {{"standing", "still", 120, "stocking", 2, NULL, 0}};
    const seg c4[1] = {{"standing", "still", 120, "stocking", 4, NULL, 0}};
    calfpump_sim *a = run_segs(none, 1, NULL, NULL, 0, 0), *b = run_segs(c2, 1, NULL, NULL, 0, 0);
    calfpump_sim *c = run_segs(c4, 1, NULL, NULL, 0, 0);
    double va = mean(a, "V.gsv_calf", 110, 120), vb = mean(b, "V.gsv_calf", 110, 120),
           vc = mean(c, "V.gsv_calf", 110, 120);
    /* The stiff distension branch of the tube law (m = 10) keeps the
     * narrowing small at standing pressures: a few per cent. */
    ck_assert_msg(vb < 0.98 * va && vc < 0.98 * vb, "GSV volume none %g, class II %g, class IV %g",
                  va, vb, vc);
    calfpump_sim_free(a);
    calfpump_sim_free(b);
    calfpump_sim_free(c);
}
END_TEST

/* The drive of the cuff test and of compression (white box): the cuff
 * sits on its region only, inflates to its pressure, holds and is gone
 * 0.3 s after the hold; a knitted stocking's pressure rises with calf
 * contraction by 0.46 of its resting value at full activation, a bandage
 * by its own rise on top, a custom profile only by the bandage's. */
START_TEST(cuff_and_working_pressure_drive)
{
    cfp_segment sg;
    cfp_drive d;
    memset(&sg, 0, sizeof sg);
    sg.posture = CFP_POST_STANDING;
    sg.act = cfp_activity_find("cuff_release");
    ck_assert_ptr_nonnull(sg.act);
    cfp_actparams_default(&sg.p);
    sg.p.pressure = 80;
    sg.p.hold = 3;
    ck_assert_int_eq(cfp_segment_drive(&sg, 0.0, &d), 0);
    ck_assert_double_eq_tol(d.cuff[CFP_REG_THIGH], 0.0, 1e-12);
    ck_assert_int_eq(cfp_segment_drive(&sg, 2.0, &d), 0);
    ck_assert_double_eq_tol(d.cuff[CFP_REG_THIGH], 80.0, 1e-12);
    ck_assert_double_eq_tol(d.cuff[CFP_REG_CALF], 0.0, 1e-12);
    ck_assert_int_eq(cfp_segment_drive(&sg, 3.45, &d), 0);
    ck_assert_double_gt(d.cuff[CFP_REG_THIGH], 0.0);
    ck_assert_double_lt(d.cuff[CFP_REG_THIGH], 80.0);
    ck_assert_int_eq(cfp_segment_drive(&sg, 3.61, &d), 0);
    ck_assert_double_eq_tol(d.cuff[CFP_REG_THIGH], 0.0, 1e-12);
    sg.p.cuff_site = 0;
    ck_assert_int_eq(cfp_segment_drive(&sg, 2.0, &d), 0);
    ck_assert_double_eq_tol(d.cuff[CFP_REG_FOOT], 80.0, 1e-12);
    ck_assert_double_eq_tol(d.cuff[CFP_REG_THIGH], 0.0, 1e-12);

    /* tiptoe at mid-raise: calf activation 0.8 */
    sg.act = cfp_activity_find("tiptoe");
    cfp_actparams_default(&sg.p);
    sg.p.stocking = 2;
    ck_assert_int_eq(cfp_segment_drive(&sg, 0.25, &d), 0);
    ck_assert_double_eq_tol(d.a[CFP_MUSCLE_CALF], 0.8, 1e-12);
    ck_assert_double_eq_tol(d.cuff[CFP_REG_CALF], 27.5 * 0.75 * (1 + 0.46 * 0.8), 1e-9);
    sg.p.bandage = 0.5;
    ck_assert_int_eq(cfp_segment_drive(&sg, 0.25, &d), 0);
    ck_assert_double_eq_tol(d.cuff[CFP_REG_CALF], 27.5 * 0.75 * (1 + 0.96 * 0.8), 1e-9);
    sg.p.stocking = 0;
    sg.p.comp_ankle = 40;
    ck_assert_int_eq(cfp_segment_drive(&sg, 0.25, &d), 0);
    ck_assert_double_eq_tol(d.cuff[CFP_REG_CALF], 40 * 0.75 * (1 + 0.5 * 0.8), 1e-9);
}
END_TEST

/* Compression helps a leg with GSV reflux walk: a larger fall. */
START_TEST(stocking_helps_reflux)
{
    const seg plain[3] = {{"standing", "still", 60, NULL, 0, NULL, 0}, {"standing", "walk", 60, NULL, 0, NULL, 0},
                          {"standing", "still", 30, NULL, 0, NULL, 0}};
    const seg hose[3] = {{"standing", "still", 60, "stocking", 3, NULL, 0}, {"standing", "walk", 60, "stocking", 3, NULL, 0},
                         {"standing", "still", 30, "stocking", 3, NULL, 0}};
    calfpump_sim *a = run_segs(plain, 3, "gsv-reflux", NULL, 0, 0), *b = run_segs(hose, 3, "gsv-reflux", NULL, 0, 0);
    /* The needle's pressure includes the stocking's own, so compare the
     * reflux volume down the great saphenous vein instead. */
    ck_assert_double_lt(cfp_test_metric(b, "reflux.gsv_knee.volume"),
                        cfp_test_metric(a, "reflux.gsv_knee.volume"));
    calfpump_sim_free(a);
    calfpump_sim_free(b);
}
END_TEST

/* Flat-footed cycling pumps less than toe-pointed. */
START_TEST(cycling_toe_pointing)
{
    const seg toes[2] = {{"sitting", "still", 60, NULL, 0, NULL, 0}, {"sitting", "cycle", 60, "toe_pointed", 1, NULL, 0}};
    const seg flat[2] = {{"sitting", "still", 60, NULL, 0, NULL, 0}, {"sitting", "cycle", 60, "toe_pointed", 0, NULL, 0}};
    calfpump_sim *a = run_segs(toes, 2, NULL, NULL, 0, 0), *b = run_segs(flat, 2, NULL, NULL, 0, 0);
    ck_assert_double_lt(cfp_test_metric(b, "avp.fall"), cfp_test_metric(a, "avp.fall"));
    calfpump_sim_free(a);
    calfpump_sim_free(b);
}
END_TEST

/* Posture: the ankle pressure grows with the tilt angle and with body
 * height; swimming keeps it low. */
START_TEST(posture_tilt_height_swim)
{
    const seg t30[1] = {{"tilt", "still", 150, "angle", 30, NULL, 0}};
    const seg t60[1] = {{"tilt", "still", 150, "angle", 60, NULL, 0}};
    const seg up[1] = {{"standing", "still", 150, NULL, 0, NULL, 0}};
    const seg swim[2] = {{"standing", "still", 60, NULL, 0, NULL, 0}, {"supine", "swim", 60, NULL, 0, NULL, 0}};
    calfpump_sim *a = run_segs(t30, 1, NULL, NULL, 0, 0), *b = run_segs(t60, 1, NULL, NULL, 0, 0);
    calfpump_sim *c = run_segs(up, 1, NULL, NULL, 0, 0), *d = run_segs(up, 1, NULL, "height", 195, 0);
    calfpump_sim *e = run_segs(swim, 2, NULL, NULL, 0, 0);
    double pa = mean(a, "P.dorsal_foot", 140, 150), pb = mean(b, "P.dorsal_foot", 140, 150);
    double pc = mean(c, "P.dorsal_foot", 140, 150), pd = mean(d, "P.dorsal_foot", 140, 150);
    ck_assert_msg(pa < pb && pb < pc && pc < pd, "30 deg %g, 60 deg %g, standing %g, tall %g", pa, pb, pc, pd);
    /* Standing pressure scales with the column: 195/175 of it, roughly. */
    ck_assert_double_eq_tol(pd - 3.5, (pc - 3.5) * 195.0 / 175.0, 3.0);
    ck_assert_double_lt(mean(e, "P.dorsal_foot", 110, 120), 40.0);
    calfpump_sim_free(a);
    calfpump_sim_free(b);
    calfpump_sim_free(c);
    calfpump_sim_free(d);
    calfpump_sim_free(e);
}
END_TEST

/* Every preset changes exactly the parameters its documentation names,
 * and nothing else; it can be undone by hand. */
START_TEST(presets_change_only_what_they_document)
{
    calfpump_model *a, *b;
    size_t n, changed = 0;
    const char *cond = calfpump_condition_name((size_t)_i);
    const char *desc = calfpump_condition_description((size_t)_i);
    ck_assert_ptr_nonnull(cond);
    ck_assert_ptr_nonnull(desc);
    ck_assert_int_eq(calfpump_model_new_default(&a), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_new_default(&b), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_apply_condition(b, cond), CALFPUMP_OK);
    n = calfpump_model_param_count(a);
    ck_assert_uint_eq(n, calfpump_model_param_count(b));
    for (size_t i = 0; i < n; i++) {
        const char *name = calfpump_model_param_name(a, i);
        double va, vb;
        ck_assert_int_eq(calfpump_model_get(a, name, &va), CALFPUMP_OK);
        ck_assert_int_eq(calfpump_model_get(b, name, &vb), CALFPUMP_OK);
        if (va != vb) {
            /* the element or global it changes is named in the description */
            char elem[128];
            const char *p = strchr(name, '.');
            if (p) {
                const char *q = strchr(p + 1, '.');
                snprintf(elem, sizeof elem, "%.*s", (int)(q - p - 1), p + 1);
            } else {
                snprintf(elem, sizeof elem, "%s", name);
            }
            for (char *c = elem; *c; c++)
                if (*c == '_')
                    *c = ' ';
            ck_assert_msg(strstr(desc, elem) || strstr(desc, name) ||
                          (strstr(name, "valve.") && strstr(desc, "valve")),
                          "%s changes %s but its description does not say so: %s", cond, name, desc);
            /* undo it by hand */
            ck_assert_int_eq(calfpump_model_set(b, name, va), CALFPUMP_OK);
            changed++;
        }
    }
    if (strcmp(cond, "healthy") != 0)
        ck_assert_uint_gt(changed, 0);
    calfpump_model_free(a);
    calfpump_model_free(b);
}
END_TEST

/* Custom activation: a sampled periodic waveform shaped like the walking
 * push-off pumps; a callback giving the same waveform gives the same
 * answer; a failing callback stops the run with CALFPUMP_E_CALLBACK. */
#define NW 61
static double wt[NW], wa[NW];
static void make_wave(void)
{
    for (int i = 0; i < NW; i++) {
        double ph;
        wt[i] = 1.2 * i / (NW - 1);
        ph = wt[i] / 1.2;
        wa[i] = (ph >= 0.25 && ph < 0.6) ? 0.67 * sin(M_PI * (ph - 0.25) / 0.35) : 0.0;
    }
}
static int wave_fn(double t, double *a, void *user)
{
    double ph = fmod(t, 1.2) / 1.2;
    int i = (int)floor(ph * (NW - 1));
    double f = ph * (NW - 1) - i;
    (void)user;
    a[0] = a[2] = 0;
    a[1] = wa[i] + f * (wa[i + 1 < NW ? i + 1 : i] - wa[i]);
    return 0;
}
static int failing_fn(double t, double *a, void *user)
{
    (void)a;
    return t > *(double *)user ? -1 : 0;
}

static calfpump_sim *custom_run(int use_fn, calfpump_activation_fn fn, void *user)
{
    calfpump_model *m = cfp_test_default_model();
    calfpump_protocol *p;
    calfpump_sim *s;
    size_t k;
    ck_assert_int_eq(calfpump_protocol_new(&p), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "still", 60, NULL), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "custom", 60, &k), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "still", 30, NULL), CALFPUMP_OK);
    if (use_fn)
        ck_assert_int_eq(calfpump_protocol_set_activation_fn(p, k, fn, user), CALFPUMP_OK);
    else
        ck_assert_int_eq(calfpump_protocol_set_waveform(p, k, "calf", wt, wa, NW, 1), CALFPUMP_OK);
    s = cfp_test_new_sim(m, p);
    calfpump_model_free(m);
    calfpump_protocol_free(p); /* the sim holds its own copy of the waveform */
    return s;
}

START_TEST(custom_activation)
{
    calfpump_sim *a, *b, *c;
    double stop_at = 30.0;
    make_wave();
    a = custom_run(0, NULL, NULL);
    ck_assert_int_eq(calfpump_sim_run(a), CALFPUMP_OK);
    ck_assert_double_gt(cfp_test_metric(a, "avp.fall"), 20.0);
    b = custom_run(1, wave_fn, NULL);
    ck_assert_int_eq(calfpump_sim_run(b), CALFPUMP_OK);
    ck_assert_double_eq_tol(cfp_test_metric(a, "avp.fall"), cfp_test_metric(b, "avp.fall"), 0.5);
    c = custom_run(1, failing_fn, &stop_at);
    ck_assert_int_eq(calfpump_sim_run(c), CALFPUMP_E_CALLBACK);
    ck_assert_ptr_nonnull(strstr(calfpump_sim_errmsg(c), "callback"));
    calfpump_sim_free(a);
    calfpump_sim_free(b);
    calfpump_sim_free(c);
}
END_TEST

START_TEST(custom_activation_errors)
{
    calfpump_protocol *p;
    size_t k, w;
    double t[3] = {0, 1, 2}, bad_t[3] = {0, 1, 1}, a[3] = {0, 0.5, 0}, bad_a[3] = {0, 1.5, 0};
    ck_assert_int_eq(calfpump_protocol_new(&p), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "walk", 10, &w), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "custom", 10, &k), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_set_waveform(p, w, "calf", t, a, 3, 0), CALFPUMP_E_STATE);
    ck_assert_int_eq(calfpump_protocol_set_waveform(p, 9, "calf", t, a, 3, 0), CALFPUMP_E_RANGE);
    ck_assert_int_eq(calfpump_protocol_set_waveform(p, k, "ankle", t, a, 3, 0), CALFPUMP_E_INVAL);
    ck_assert_int_eq(calfpump_protocol_set_waveform(p, k, "calf", NULL, a, 3, 0), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_protocol_set_waveform(p, k, "calf", bad_t, a, 3, 0), CALFPUMP_E_RANGE);
    ck_assert_ptr_nonnull(strstr(calfpump_protocol_errmsg(p), "increase"));
    ck_assert_int_eq(calfpump_protocol_set_waveform(p, k, "calf", t, bad_a, 3, 0), CALFPUMP_E_RANGE);
    ck_assert_int_eq(calfpump_protocol_set_waveform(p, k, "calf", t, a, 0, 0), CALFPUMP_E_RANGE);
    ck_assert_int_eq(calfpump_protocol_set_waveform(p, k, "calf", t, a, 1, 1), CALFPUMP_E_RANGE);
    ck_assert_int_eq(calfpump_protocol_set_waveform(p, k, "calf", t, a, 3, 0), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_set_activation_fn(p, w, wave_fn, NULL), CALFPUMP_E_STATE);
    ck_assert_int_eq(calfpump_protocol_set(p, k, "stocking", 2.5), CALFPUMP_E_RANGE);
    ck_assert_int_eq(calfpump_protocol_set(p, k, "stocking", 5), CALFPUMP_E_RANGE);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "swim", 10, NULL), CALFPUMP_E_INVAL);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "ankle_pump", 10, NULL), CALFPUMP_E_INVAL);
    ck_assert_uint_gt(calfpump_protocol_param_count(), 20);
    ck_assert_ptr_null(calfpump_protocol_param_name(calfpump_protocol_param_count()));
    calfpump_protocol_free(p);
}
END_TEST

/* Periodic steady state and ejection per contraction. */
START_TEST(steady_state_and_ejection)
{
    const seg walk[2] = {{"standing", "still", 60, NULL, 0, NULL, 0}, {"standing", "walk", 60, NULL, 0, NULL, 0}};
    calfpump_sim *s = run_segs(walk, 2, NULL, NULL, 0, 0);
    double cyc = cfp_test_metric(s, "steady.cycles");
    ck_assert_double_ge(cyc, 2);
    ck_assert_double_lt(cfp_test_metric(s, "steady.time"), 60);
    ck_assert_double_gt(cfp_test_metric(s, "ejection.calf"), 0.5);
    calfpump_sim_free(s);
}
END_TEST

/* The network reads back: every connection's endpoints. */
START_TEST(connection_endpoints)
{
    calfpump_model *m;
    size_t n, to_ra = 0;
    ck_assert_int_eq(calfpump_model_new_default(&m), CALFPUMP_OK);
    n = calfpump_model_connection_count(m);
    for (size_t i = 0; i < n; i++) {
        const char *name = calfpump_model_connection_name(m, i);
        const char *from = calfpump_model_connection_from(m, i);
        const char *to = calfpump_model_connection_to(m, i);
        ck_assert_ptr_nonnull(from);
        ck_assert_ptr_nonnull(to);
        ck_assert_str_ne(from, to);
        if (strcmp(name, "popliteal") == 0) {
            ck_assert_str_eq(from, "popliteal");
            ck_assert_str_eq(to, "sfv");
        }
        to_ra += strcmp(to, "ra") == 0;
    }
    ck_assert_uint_eq(to_ra, 1);
    ck_assert_ptr_null(calfpump_model_connection_from(m, n));
    ck_assert_ptr_null(calfpump_model_connection_to(m, n));
    ck_assert_ptr_null(calfpump_model_connection_from(NULL, 0));
    calfpump_model_free(m);
}
END_TEST

Suite *cfp_test_suite(void)
{
    Suite *su = suite_create("activities");
    TCase *tc = tcase_create("directions");
    tcase_set_timeout(tc, 1200);
    tcase_add_loop_test(tc, activity_lowers_ankle_pressure, 0, (int)(sizeof activities / sizeof activities[0]));
    tcase_add_test(tc, activity_strength_order);
    tcase_add_test(tc, stiff_ankle_and_weak_calf_pump_less);
    tcase_add_test(tc, immobility_raises_residence);
    tcase_add_test(tc, hours_of_immobility_conserve);
    tcase_add_test(tc, stockings_narrow_superficial_veins);
    tcase_add_test(tc, stocking_helps_reflux);
    tcase_add_test(tc, cuff_and_working_pressure_drive);
    tcase_add_test(tc, cycling_toe_pointing);
    tcase_add_test(tc, posture_tilt_height_swim);
    tcase_add_loop_test(tc, presets_change_only_what_they_document, 0, (int)calfpump_condition_count());
    tcase_add_test(tc, custom_activation);
    tcase_add_test(tc, custom_activation_errors);
    tcase_add_test(tc, steady_state_and_ejection);
    tcase_add_test(tc, connection_endpoints);
    suite_add_tcase(su, tc);
    return su;
}
