/* Numerical invariants of the leg model: blood conservation, bounds on the
 * state, agreement between integrators, output times, and the equations'
 * structure (white box). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "equations/physics.h"
#include "sim/sim.h"
#include "testutil.h"

/* Run the default leg (optionally with a condition) through a named
 * protocol with the given integrator; return the finished simulation. */
static calfpump_sim *run_named(const char *proto, const char *cond, const char *integ,
                               double h, double rtol)
{
    calfpump_sim *s = cfp_test_leg_sim(proto, cond);
    cfp_test_use_integrator(s, integ, rtol);
    if (h > 0)
        ck_assert_int_eq(calfpump_sim_set_option(s, "h", h), CALFPUMP_OK);
    ck_assert_msg(calfpump_sim_run(s) == CALFPUMP_OK, "%s/%s: %s", proto, integ,
                  calfpump_sim_errmsg(s));
    return s;
}

static const char *const protocols[] = {"avp", "apg", "cycle", "tilt", "valve", "valsalva",
                                        "thigh_cuff"};

/* Blood conservation and state bounds over every protocol, healthy and
 * with great saphenous reflux, for both integrators. */
START_TEST(conservation_every_protocol)
{
    const char *cond = (_i & 1) ? "gsv-reflux" : NULL;
    const char *proto = protocols[_i / 2];
    calfpump_sim *s = run_named(proto, cond, "dopri5", 0, 0);
    const struct calfpump_sim *si = s;
    double err = cfp_test_metric(s, "conservation.error");
    ck_assert_msg(err < 1e-9, "%s: relative conservation error %g", proto, err);
    /* A direct check from the trace: V(t) - V(0) = in(t) - out(t). */
    for (size_t r = 0; r < si->tr.rows; r++) {
        double v = CFP_TR(&si->tr, r, si->tr.c.vtot) - CFP_TR(&si->tr, 0, si->tr.c.vtot);
        double net = CFP_TR(&si->tr, r, si->tr.c.in) - CFP_TR(&si->tr, r, si->tr.c.out);
        ck_assert_double_eq_tol(v, net, 1e-7 * CFP_TR(&si->tr, 0, si->tr.c.vtot));
        for (size_t i = 0; i < si->ph.nc; i++)
            ck_assert_double_gt(CFP_TR(&si->tr, r, si->tr.c.V + i), 0.0);
        for (size_t k = 0; k < si->ph.nv; k++) {
            double z = CFP_TR(&si->tr, r, si->tr.c.zeta + k);
            ck_assert_msg(z >= -1e-9 && z <= 1 + 1e-9, "%s: zeta %g outside [0,1]", proto, z);
        }
    }
    calfpump_sim_free(s);
}
END_TEST

/* Blood plus tissue fluid plus lymph returned is conserved over a day:
 * 24 h of sitting with a 5-minute walk every hour (the tissue fluid
 * changes over hours), with the default integrator. */
START_TEST(conservation_over_a_day)
{
    calfpump_model *m = cfp_test_default_model();
    calfpump_protocol *p;
    calfpump_sim *s;
    double err, vt;
    ck_assert_int_eq(calfpump_protocol_new(&p), CALFPUMP_OK);
    for (int h = 0; h < 24; h++) {
        size_t k;
        ck_assert_int_eq(calfpump_protocol_add_segment(p, "sitting", "still", 3300, NULL),
                         CALFPUMP_OK);
        ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "walk", 300, &k),
                         CALFPUMP_OK);
    }
    s = cfp_test_new_sim(m, p);
    ck_assert_int_eq(calfpump_sim_set_option(s, "output_interval", 60.0), CALFPUMP_OK);
    cfp_test_run_ok(s);
    err = cfp_test_metric(s, "conservation.error");
    ck_assert_msg(err < 1e-9, "24 h: relative conservation error %g", err);
    {   /* the tissue fluid did move: the lower leg swelled while sitting */
        double *c = cfp_test_trace_column(s, "Vt.calf", NULL);
        vt = c[55];
        free(c);
    }
    ck_assert_double_gt(vt, 5.0);
    calfpump_sim_free(s);
    calfpump_protocol_free(p);
    calfpump_model_free(m);
}
END_TEST

/* The right-hand side conserves volume exactly: the sum of dV/dt equals
 * capillary inflow minus outflow to the atrium, for any state. */
START_TEST(rhs_conserves_structurally)
{
    calfpump_model *m;
    calfpump_protocol *p;
    calfpump_sim *s;
    srand(7);
    ck_assert_int_eq(calfpump_model_new_default(&m), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_new_named(&p, "avp"), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_new(&s, m, p), CALFPUMP_OK);
    s->seg = 1; /* the walk, from t = 60 s */
    cfp_sim_set_segment(s);
    for (int trial = 0; trial < 100; trial++) {
        double sum = 0;
        for (size_t i = 0; i < s->ph.dim; i++)
            s->yo[i] = s->y[i] * (0.2 + 1.6 * rand() / (double)RAND_MAX);
        for (size_t e = 0; e < s->ph.ne; e++)
            if (s->ph.zeta_idx[e] >= 0)
                s->yo[s->ph.zeta_idx[e]] = rand() / (double)RAND_MAX;
        ck_assert_int_eq(cfp_phys_rhs(60.0 + trial * 0.013, s->yo, s->ph.scratch, &s->ph), 0);
        for (size_t i = 0; i < s->ph.n_vol; i++) /* blood and tissue fluid */
            sum += s->ph.scratch[i];
        ck_assert_double_eq_tol(sum, s->ph.scratch[s->ph.i_in] - s->ph.scratch[s->ph.i_out],
                                1e-9 * (1 + fabs(s->ph.scratch[s->ph.i_in])));
    }
    calfpump_sim_free(s);
    calfpump_model_free(m);
    calfpump_protocol_free(p);
}
END_TEST

/* With no capillary inflow (and so no filtration) the hydrostatic starting
 * state is at rest. */
START_TEST(hydrostatic_start_is_equilibrium)
{
    calfpump_model *m;
    calfpump_protocol *p;
    calfpump_sim *s;
    ck_assert_int_eq(calfpump_model_new_default(&m), CALFPUMP_OK);
    for (size_t i = 0; i < calfpump_model_compartment_count(m); i++) {
        char name[128];
        snprintf(name, sizeof name, "comp.%s.gcap", calfpump_model_compartment_name(m, i));
        ck_assert_int_eq(calfpump_model_set(m, name, 0.0), CALFPUMP_OK);
        snprintf(name, sizeof name, "comp.%s.kf", calfpump_model_compartment_name(m, i));
        ck_assert_int_eq(calfpump_model_set(m, name, 0.0), CALFPUMP_OK);
    }
    ck_assert_int_eq(calfpump_protocol_new(&p), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "still", 30, NULL), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_new(&s, m, p), CALFPUMP_OK);
    s->seg = 0;
    cfp_sim_set_segment(s);
    ck_assert_int_eq(cfp_phys_rhs(10.0, s->y, s->ph.scratch, &s->ph), 0);
    for (size_t i = 0; i < s->ph.nc; i++)
        ck_assert_double_eq_tol(s->ph.scratch[i], 0.0, 1e-9);
    calfpump_sim_free(s);
    calfpump_model_free(m);
    calfpump_protocol_free(p);
}
END_TEST

/* A run starts at the steady state of its first segment: the supine
 * baseline of the tilt protocol barely drifts (the APG baseline drifted by
 * 14 mL in 0.1), and with settle_time = 0 the hydrostatic start does.
 * What drift remains is the blood the capillaries start to filter into
 * the tissue, whose fluid starts at its resting volume (doc/model.md,
 * section 8): about 1e-4 of the calf's deep blood in a minute. */
static double calf_drift(double settle)
{
    calfpump_model *m = cfp_test_default_model();
    calfpump_protocol *p = cfp_test_named_protocol("tilt");
    calfpump_sim *s;
    double *a, *b, d;
    ck_assert_int_eq(calfpump_model_set(m, "settle_time", settle), CALFPUMP_OK);
    s = cfp_test_new_sim(m, p);
    cfp_test_run_ok(s);
    a = cfp_test_trace_column(s, "V.calf_sinuses", NULL);
    b = cfp_test_trace_column(s, "V.deep_calf", NULL);
    d = fabs(a[2950] + b[2950] - a[0] - b[0]) / (a[0] + b[0]);
    free(a);
    free(b);
    calfpump_sim_free(s);
    calfpump_model_free(m);
    calfpump_protocol_free(p);
    return d;
}

START_TEST(run_starts_at_steady_state)
{
    ck_assert_double_lt(calf_drift(86400.0), 3e-4);
    ck_assert_double_gt(calf_drift(0.0), 1e-2);
}
END_TEST

/* The 0.2 wall law: strictly increasing, continuous with a continuous
 * slope (K n) at V0, and linear in area (slope 1/compliance) once the vein
 * is round; the volume function inverts it. */
START_TEST(wall_law_shape)
{
    cfp_comp c;
    double h = 1e-6, prev = -INFINITY;
    memset(&c, 0, sizeof c);
    c.v0 = 10.0;
    c.k = 8.0;
    c.n = 1.5;
    c.compliance = 0.02;
    c.opening = 0.1;
    ck_assert_double_eq_tol(cfp_tube_pressure(&c, 10.0), 0.0, 1e-12);
    ck_assert_double_eq_tol((cfp_tube_pressure(&c, 10.0 + 10.0 * h) - cfp_tube_pressure(&c, 10.0)) / h,
                            c.k * c.n, 1e-3);
    ck_assert_double_eq_tol((cfp_tube_pressure(&c, 10.0) - cfp_tube_pressure(&c, 10.0 - 10.0 * h)) / h,
                            c.k * c.n, 1e-3);
    ck_assert_double_eq_tol((cfp_tube_pressure(&c, 40.0 + 10.0 * h) - cfp_tube_pressure(&c, 40.0)) / h,
                            1.0 / c.compliance, 1e-3);
    for (double v = 0.5; v < 60.0; v += 0.25) {
        double p = cfp_tube_pressure(&c, v);
        ck_assert_double_gt(p, prev);
        ck_assert_double_eq_tol(cfp_tube_volume(&c, p), v, 1e-8 * v);
        prev = p;
    }
}
END_TEST

/* RK4 at a small step and Dormand-Prince at its default tolerance agree on
 * the walking case (V2), metric by metric and along the ankle trace. */
START_TEST(rk4_agrees_with_dopri5_walking)
{
    calfpump_sim *a = run_named("avp", NULL, "dopri5", 0, 0);
    calfpump_sim *b = run_named("avp", NULL, "rk4", 5e-4, 0);
    static const char *const names[] = {"avp.rest", "avp.exercise", "avp.fall", "avp.rt90",
                                        "return.total"};
    size_t ja, jb, n = calfpump_sim_trace_rows(a);
    double worst = 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        double va = cfp_test_metric(a, names[i]), vb = cfp_test_metric(b, names[i]);
        ck_assert_msg(fabs(va - vb) <= 0.01 * fabs(va) + 0.05, "%s: dopri5 %g, rk4 %g", names[i],
                      va, vb);
    }
    ck_assert_uint_eq(n, calfpump_sim_trace_rows(b));
    ck_assert_int_eq(calfpump_sim_trace_col_index(a, "P.dorsal_foot", &ja), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_trace_col_index(b, "P.dorsal_foot", &jb), CALFPUMP_OK);
    for (size_t r = 0; r < n; r++)
        worst = fmax(worst, fabs(CFP_TR(&a->tr, r, ja) - CFP_TR(&b->tr, r, jb)));
    ck_assert_msg(worst < 0.5, "ankle pressure differs by up to %g mmHg", worst);
    calfpump_sim_free(a);
    calfpump_sim_free(b);
}
END_TEST

/* Default tolerance against a tight-tolerance reference run. */
START_TEST(dopri5_default_vs_tight)
{
    calfpump_sim *a = run_named("avp", NULL, "dopri5", 0, 0);
    calfpump_sim *b = run_named("avp", NULL, "dopri5", 0, 1e-10);
    static const char *const names[] = {"avp.rest", "avp.exercise", "avp.fall", "avp.rt90"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        double va = cfp_test_metric(a, names[i]), vb = cfp_test_metric(b, names[i]);
        ck_assert_msg(fabs(va - vb) <= 0.005 * fabs(vb) + 0.02, "%s: default %g, tight %g",
                      names[i], va, vb);
    }
    calfpump_sim_free(a);
    calfpump_sim_free(b);
}
END_TEST

/* Every built-in integrator at its default settings (rk4 at h = 0.5 ms)
 * agrees with a tight-tolerance reference on the walking case (V2): the
 * AVP measures within 0.5 %, the venous return within 0.5 %. */
START_TEST(every_builtin_agrees_with_reference)
{
    const char *name = calfpump_integrator_name((size_t)_i);
    calfpump_sim *ref = run_named("avp", NULL, "dopri5", 0, 1e-10);
    calfpump_sim *s = run_named("avp", NULL, name, strcmp(name, "rk4") == 0 ? 5e-4 : 0, 0);
    static const char *const names[] = {"avp.rest", "avp.exercise", "avp.fall", "avp.rt90",
                                        "return.total"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        double v = cfp_test_metric(s, names[i]), r = cfp_test_metric(ref, names[i]);
        ck_assert_msg(fabs(v - r) <= 0.005 * fabs(r), "%s: %s = %g, reference %g", name, names[i], v, r);
    }
    calfpump_sim_free(ref);
    calfpump_sim_free(s);
}
END_TEST

/* Output rows sit exactly on multiples of the output interval, whatever
 * the steps, and a run in chunks records the same rows. */
START_TEST(output_times_and_chunks)
{
    calfpump_model *m;
    calfpump_protocol *p;
    calfpump_sim *s;
    calfpump_sim *whole = run_named("avp", NULL, "dopri5", 0, 0);
    size_t n, jt, jp;
    ck_assert_int_eq(calfpump_model_new_default(&m), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_new_named(&p, "avp"), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_new(&s, m, p), CALFPUMP_OK);
    for (double t = 7.3; t < 300; t += 7.3)
        ck_assert_int_eq(calfpump_sim_advance(s, t), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_advance(s, 1e9), CALFPUMP_OK);
    ck_assert_double_eq(calfpump_sim_time(s), calfpump_sim_end_time(s));
    n = calfpump_sim_trace_rows(s);
    ck_assert_uint_eq(n, 10501);
    ck_assert_uint_eq(n, calfpump_sim_trace_rows(whole));
    ck_assert_int_eq(calfpump_sim_trace_col_index(s, "t", &jt), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_trace_col_index(s, "P.dorsal_foot", &jp), CALFPUMP_OK);
    for (size_t r = 0; r < n; r++) {
        ck_assert_double_eq_tol(CFP_TR(&s->tr, r, jt), 0.02 * (double)r, 1e-9);
        ck_assert_double_eq_tol(CFP_TR(&s->tr, r, jp), CFP_TR(&whole->tr, r, jp), 0.05);
    }
    calfpump_sim_free(s);
    calfpump_sim_free(whole);
    calfpump_model_free(m);
    calfpump_protocol_free(p);
}
END_TEST

/* A run is reproducible: reset and run again gives identical numbers. */
START_TEST(reset_reproduces)
{
    calfpump_sim *s = run_named("avp", NULL, "dopri5", 0, 0);
    double a = cfp_test_metric(s, "avp.fall"), b;
    ck_assert_int_eq(calfpump_sim_reset(s), CALFPUMP_OK);
    ck_assert_uint_eq(calfpump_sim_trace_rows(s), 0);
    ck_assert_int_eq(calfpump_sim_run(s), CALFPUMP_OK);
    b = cfp_test_metric(s, "avp.fall");
    ck_assert_double_eq(a, b);
    calfpump_sim_free(s);
}
END_TEST

Suite *cfp_test_suite(void)
{
    Suite *su = suite_create("physics");
    TCase *tc = tcase_create("invariants");
    tcase_set_timeout(tc, 900);
    tcase_add_loop_test(tc, conservation_every_protocol, 0, 2 * (int)(sizeof protocols / sizeof protocols[0]));
    tcase_add_test(tc, conservation_over_a_day);
    tcase_add_test(tc, rhs_conserves_structurally);
    tcase_add_test(tc, hydrostatic_start_is_equilibrium);
    tcase_add_test(tc, run_starts_at_steady_state);
    tcase_add_test(tc, wall_law_shape);
    tcase_add_test(tc, rk4_agrees_with_dopri5_walking);
    tcase_add_test(tc, dopri5_default_vs_tight);
    tcase_add_loop_test(tc, every_builtin_agrees_with_reference, 0, (int)calfpump_integrator_count());
    tcase_add_test(tc, output_times_and_chunks);
    tcase_add_test(tc, reset_reproduces);
    suite_add_tcase(su, tc);
    return su;
}
