/* check_jacobian.c -- the analytic Jacobian of the calf-pump equations
 * (libcalfpump/equations/jacobian.c) against differences of the
 * right-hand side, white box:
 *
 *  - every column, at states the integrator reaches on the default leg in
 *    every posture (standing, sitting, supine, tilt, leg raised) and every
 *    activity that moves a muscle (walking, running, stairs, tiptoe, heel
 *    raises, toe taps, heel-toe rocking, ankle pumps, cycling, swimming, a
 *    squeeze, a Valsalva strain, a cuff release), with a stocking, a
 *    bandage with graduated compression and intermittent pneumatic
 *    compression, healthy and with
 *    incompetent valves, at seven points in time each; at each of those
 *    states also with the tissue fluid off rest (positive and negative
 *    interstitial pressure), with it held (the settling phase), with the
 *    veins collapsing (some below 0.01 of their reference volume, where
 *    the collapse factor is capped), with every valve closed, every valve
 *    open, and valves half open or just outside [0, 1]; on a variant of
 *    the leg with inertance, the 0.1 (Shapiro) wall law and leaky valves,
 *    and on a network of the user's (extra compartments, a region without
 *    tissue fluid, a second outlet to the atrium, parallel connections);
 *    the tolerance is 1e-5 relative: a partial derivative off by 0.1 %
 *    fails;
 *  - every non-zero lies in the sparsity pattern the finite differences
 *    group their columns by, and the Jacobian by that pattern (for the
 *    sparse linear algebra of large networks) holds the same values;
 *  - a plug-in asking calfpump_odectx_jac() gets the analytic Jacobian
 *    (no right-hand side spent), or differences when they are forced;
 *  - a whole run with the analytic Jacobian agrees with the same run with
 *    finite differences, and needs fewer right-hand sides.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "equations/physics.h"
#include "sim/sim.h"
#include "testutil.h"

typedef struct {
    const char *posture, *activity, *cond;
    int variant; /* 1: inertance, the Shapiro wall law and leaky valves in a few places; 2: a class 2
                    stocking; 3: an inelastic bandage and graduated compression; 4:
                    intermittent pneumatic compression; 5: a network of the user's (extra
                    compartments and connections, see extend_network) */
} jcase;

/* Every posture, every activity that moves a muscle, every kind of
 * compression. */
static const jcase cases[] = {
    {"standing", "still", NULL, 0},
    {"standing", "walk", NULL, 0},
    {"standing", "walk", "gsv-reflux", 0},
    {"standing", "walk", "deep-reflux", 0},
    {"standing", "still", NULL, 1},
    {"standing", "tiptoe", "perforator-incompetence", 0},
    {"sitting", "heel_raise", NULL, 0},
    {"sitting", "still", "post-thrombotic", 1},
    {"supine", "ankle_pump", NULL, 1},
    {"leg_raised", "still", NULL, 0},
    {"standing", "valsalva", "ssv-reflux", 0},
    {"standing", "walk", NULL, 2},
    {"tilt", "still", NULL, 0},
    {"sitting", "cycle", NULL, 0},
    {"standing", "run", NULL, 0},
    {"standing", "stairs", "gsv-reflux", 0},
    {"supine", "swim", NULL, 0},
    {"standing", "squeeze", NULL, 0},
    {"sitting", "toe_tap", NULL, 0},
    {"sitting", "heel_toe_rock", NULL, 0},
    {"standing", "cuff_release", "gsv-reflux", 0},
    {"standing", "walk", NULL, 3},
    {"supine", "still", NULL, 4},
    {"standing", "walk", NULL, 5},
    {"sitting", "cycle", "deep-reflux", 5},
};
#define NCASES (sizeof cases / sizeof cases[0])

static void set_param(calfpump_model *m, const char *name, double v)
{
    ck_assert_msg(calfpump_model_set(m, name, v) == CALFPUMP_OK, "%s: %s", name,
                  calfpump_model_errmsg(m));
}

/* A network the library does not ship, as a model file or the model API
 * builds it: a superficial calf vein squeezed by the calf, filtering into
 * the calf's tissue, with a valve and an inertance, between the GSV and
 * the femoral vein; a compartment of its own region (no tissue fluid)
 * draining straight into the right atrium; and a second, parallel
 * connection between two compartments that are already connected. */
static void extend_network(calfpump_model *m)
{
    ck_assert_int_eq(calfpump_model_add_compartment(m, "x_vein", "calf", "superficial"),
                     CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_add_compartment(m, "x_other", "other", "deep"),
                     CALFPUMP_OK);
    set_param(m, "comp.x_vein.v0", 3.0);
    set_param(m, "comp.x_vein.kf", 2e-4);
    set_param(m, "comp.x_vein.gcap", 0.002);
    set_param(m, "comp.x_vein.squeeze_calf", 60.0);
    set_param(m, "comp.x_other.v0", 5.0);
    set_param(m, "comp.x_other.compliance", 0.0); /* the Shapiro law */
    ck_assert_int_eq(calfpump_model_add_connection(m, "x_in", "gsv_calf", "x_vein", 1),
                     CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_add_connection(m, "x_out", "x_vein", "femoral", 1),
                     CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_add_connection(m, "x_twin", "popliteal", "sfv", 0),
                     CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_add_connection(m, "x_side", "femoral", "x_other", 0),
                     CALFPUMP_OK);
    ck_assert_int_eq(calfpump_model_add_connection(m, "x_ra", "x_other", "ra", 1),
                     CALFPUMP_OK);
    set_param(m, "conn.x_out.inertance", 0.01);
    set_param(m, "conn.x_ra.inertance", 0.02);
    set_param(m, "valve.x_out.competence", 0.6);
}

static calfpump_sim *case_sim(const jcase *c)
{
    calfpump_model *m = cfp_test_default_model();
    calfpump_protocol *p;
    calfpump_sim *s;
    size_t seg;
    if (c->cond)
        ck_assert_int_eq(calfpump_model_apply_condition(m, c->cond), CALFPUMP_OK);
    if (c->variant == 1) {
        set_param(m, "conn.posterior_tibial.inertance", 0.01);
        set_param(m, "conn.popliteal.inertance", 0.02);
        set_param(m, "conn.calf_perforator.inertance", 0.005);
        set_param(m, "comp.dorsal_foot.compliance", 0.0);
        set_param(m, "comp.calf_sinuses.compliance", 0.0);
        set_param(m, "comp.gsv_calf.compliance", 0.0);
        set_param(m, "valve.popliteal.competence", 0.5); /* leaks when closed */
        set_param(m, "valve.gsv_leg.competence", 0.8);
    }
    if (c->variant == 5)
        extend_network(m);
    ck_assert_int_eq(calfpump_protocol_new(&p), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, c->posture, c->activity, 40.0, &seg),
                     CALFPUMP_OK);
    if (c->variant == 2)
        ck_assert_int_eq(calfpump_protocol_set(p, seg, "stocking", 2), CALFPUMP_OK);
    if (c->variant == 3) {
        ck_assert_int_eq(calfpump_protocol_set(p, seg, "bandage", 2), CALFPUMP_OK);
        ck_assert_int_eq(calfpump_protocol_set(p, seg, "compression_ankle", 30), CALFPUMP_OK);
    }
    if (c->variant == 4) {
        ck_assert_int_eq(calfpump_protocol_set(p, seg, "ipc_pressure", 50), CALFPUMP_OK);
        ck_assert_int_eq(calfpump_protocol_set(p, seg, "ipc_period", 6), CALFPUMP_OK);
        ck_assert_int_eq(calfpump_protocol_set(p, seg, "ipc_foot", 1), CALFPUMP_OK);
    }
    s = cfp_test_new_sim(m, p);
    calfpump_model_free(m);
    calfpump_protocol_free(p);
    return s;
}

/* Does an analytic entry an agree with the difference quotient d (step h,
 * f rounded by rnd, row_rounding())?  Relative 1e-5 (relax times that),
 * plus the rounding of the quotient. */
static int agrees(double an, double d, double rnd, double h, double relax)
{
    double tol = relax * (1e-5 * fabs(an) + 1e-6 * fmax(fabs(d), 1e-3)) + rnd / h;
    return fabs(d - an) <= tol;
}

/* The rounding of f[i], for the allowance of a difference quotient:
 * 1e-12 of |f[i]| (at least 1), and for an inertial flow, dq/dt =
 * (dp - R q) / L, 16 ulp of the pressures at its ends over L: their
 * rounding, not that of the small difference, is what a quotient sees (an
 * entry that is exactly 0, such as that of the tissue pressure acting on
 * both ends of a connection in one region, shows as that rounding over
 * the step). */
static double row_rounding(const cfp_phys *ph, size_t i, double fi)
{
    double rnd = 1e-12 * fmax(fabs(fi), 1.0);
    for (size_t e = 0; e < ph->ne; e++) {
        const cfp_conn *cn = &ph->m->conn[e];
        double pa, pb;
        if (ph->q_idx[e] != (int)i)
            continue;
        pa = fabs(ph->P[cn->from]) + CFP_RHO_G * fabs(ph->z[cn->from]);
        pb = cn->to == CFP_RA ? 0.0 : fabs(ph->P[cn->to]) + CFP_RHO_G * fabs(ph->z[cn->to]);
        rnd += 16.0 * DBL_EPSILON * (pa + pb) / cn->inertance;
    }
    return rnd;
}

/* The difference quotient of row i for column j: central over [lo, hi];
 * one-sided of second order (-3 f0 + 4 f(y + dh) - f(y + 2 dh)) / (2 dh)
 * where a valve's opening is clamped within the step (dh > 0 at a clamp,
 * the side the Jacobian takes; dh < 0 just below one), f2 = f(y + 2 dh). */
static double quotient(const double *f0, const double *fp, const double *fm, const double *f2,
                       double dh, double lo, double hi, size_t i)
{
    if (dh == 0)
        return (fp[i] - fm[i]) / (hi - lo);
    return (-3.0 * f0[i] + 4.0 * (dh > 0 ? fp[i] : fm[i]) - f2[i]) / (2.0 * dh);
}

/* The Jacobian by the pattern (the sparse linear algebra's) holds the
 * dense one's entries, exactly. */
static void check_csr(cfp_phys *ph, double t, const double *y, const double *ja, const char *what)
{
    const cfp_sparse *pt = &ph->pattern;
    double *val = malloc((pt->start[pt->n] + 1) * sizeof *val);
    ck_assert_ptr_nonnull(val);
    ck_assert_int_eq(cfp_phys_jac_csr(t, y, pt, val, ph), 0);
    for (size_t i = 0; i < pt->n; i++)
        for (size_t p = pt->start[i]; p < pt->start[i + 1]; p++)
            ck_assert_msg(val[p] == ja[i * pt->n + (size_t)pt->col[p]],
                          "%s: J[%zu][%d] = %.17g by the pattern, %.17g dense", what, i,
                          pt->col[p], val[p], ja[i * pt->n + (size_t)pt->col[p]]);
    free(val);
}

/* The analytic Jacobian at (t, y) against differences of f, every column
 * and row (see quotient()).  Where f has a kink within the step (a flow
 * changing direction, which switches the upstream end and the valve law)
 * the entry must match the difference on one side, to the first-order
 * accuracy of one-sided differences.  Returns the number of such
 * entries. */
static size_t check_columns(cfp_phys *ph, double t, const double *y, const char *what)
{
    size_t n = ph->dim, kinks = 0;
    double *ja = malloc(n * n * sizeof *ja), *yp = malloc(5 * n * sizeof *yp);
    double *f0 = yp + n, *fp = yp + 2 * n, *fm = yp + 3 * n, *f2 = yp + 4 * n;
    ck_assert_ptr_nonnull(ja);
    ck_assert_ptr_nonnull(yp);
    ck_assert_int_eq(cfp_phys_jac(t, y, NULL, ja, ph), 0);
    check_csr(ph, t, y, ja, what);
    ck_assert_int_eq(cfp_phys_rhs(t, y, f0, ph), 0);
    for (size_t j = 0; j < n; j++) {
        int zeta_col = 0;
        double h = 1e-6 * fmax(fabs(y[j]), 1e-2), lo = y[j] - h, hi = y[j] + h, dh = 0;
        for (size_t e = 0; e < ph->ne; e++)
            zeta_col |= ph->zeta_idx[e] == (int)j;
        if (zeta_col && (y[j] >= 1.0 || y[j] - h < 0.0))
            lo = y[j], dh = h;
        else if (zeta_col && y[j] + h > 1.0)
            hi = y[j], dh = -h;
        memcpy(yp, y, n * sizeof *y);
        yp[j] = hi;
        ck_assert_int_eq(cfp_phys_rhs(t, yp, fp, ph), 0);
        yp[j] = lo;
        ck_assert_int_eq(cfp_phys_rhs(t, yp, fm, ph), 0);
        yp[j] = y[j] + 2.0 * dh;
        ck_assert_int_eq(cfp_phys_rhs(t, yp, f2, ph), 0);
        for (size_t i = 0; i < n; i++) {
            double an = ja[i * n + j], rnd = row_rounding(ph, i, f0[i]);
            double d = quotient(f0, fp, fm, f2, dh, lo, hi, i);
            if (agrees(an, d, rnd, h, 1.0))
                continue;
            kinks++;
            ck_assert_msg((hi > y[j] && agrees(an, (fp[i] - f0[i]) / (hi - y[j]), rnd, h, 30.0)) ||
                              (lo < y[j] && agrees(an, (f0[i] - fm[i]) / (y[j] - lo), rnd, h, 30.0)),
                          "%s: J[%zu][%zu] = %.10g, differences %.10g, forward %.10g, backward "
                          "%.10g (t = %g)", what, i, j, an, d, (fp[i] - f0[i]) / (hi - y[j]),
                          (f0[i] - fm[i]) / (y[j] - lo), t);
        }
    }
    free(ja);
    free(yp);
    return kinks;
}

#define NKINDS 8

/* The state y varied: tissue fluid off rest (kind 1: positive, 2:
 * negative interstitial pressure), every other valve half open (3), the
 * tissue fluid held (4, the settling), the veins collapsing (5: every
 * compartment at 0.4 of its reference volume, every third at 0.004, where
 * the collapse factor of its outflow is capped at r_max), every valve
 * closed (6: zeta 0), every valve open (7: zeta 1).  Kind 3 also puts
 * other valves' opening just outside [0, 1], where f clamps it. */
static void vary(const cfp_phys *ph, double *y, int kind)
{
    for (int r = 0; r < CFP_REG_COUNT; r++)
        if (ph->tis_idx[r] >= 0 && (kind == 1 || kind == 2))
            y[ph->tis_idx[r]] = (kind == 1 ? 2.5 : -0.7) * ph->m->g.tissue_compliance[r];
    for (size_t e = 0; kind == 3 && e < ph->ne; e++)
        if (ph->zeta_idx[e] >= 0)
            y[ph->zeta_idx[e]] = e % 2 ? (e % 4 == 1 ? -0.01 : 1.02) : 0.37;
    for (size_t i = 0; kind == 5 && i < ph->nc; i++)
        y[i] = (i % 3 ? 0.4 : 0.004) * ph->m->comp[i].v0;
    for (size_t e = 0; (kind == 6 || kind == 7) && e < ph->ne; e++)
        if (ph->zeta_idx[e] >= 0)
            y[ph->zeta_idx[e]] = kind == 6 ? 0.0 : 1.0;
}

/* Connections whose flow leaves a compartment below 0.01 of its reference
 * volume (the collapse factor at its cap). */
static size_t capped_flows(const cfp_phys *ph, const double *y)
{
    size_t n = 0;
    for (size_t e = 0; e < ph->ne; e++) {
        const cfp_conn *cn = &ph->m->conn[e];
        n += y[cn->from] < 0.01 * ph->m->comp[cn->from].v0 ||
             (cn->to != CFP_RA && y[cn->to] < 0.01 * ph->m->comp[cn->to].v0);
    }
    return n;
}

START_TEST(analytic_matches_differences)
{
    const jcase *c = &cases[_i];
    calfpump_sim *s = case_sim(c);
    static const double times[] = {0.37, 1.13, 2.71, 3.3, 7.9, 16.4, 31.05};
    size_t n = s->ph.dim, kinks = 0, checked = 0;
    double *y = malloc(n * sizeof *y);
    char what[160];
    ck_assert_ptr_nonnull(y);
    ck_assert_int_gt((int)s->ph.nt, 0);
    if (c->variant == 1)
        ck_assert_int_eq((int)s->ph.ni, 3);
    if (c->variant == 5)
        ck_assert_int_eq((int)s->ph.ni, 2);
    for (size_t k = 0; k < sizeof times / sizeof times[0]; k++) {
        ck_assert_msg(calfpump_sim_advance(s, times[k]) == CALFPUMP_OK, "%s",
                      calfpump_sim_errmsg(s));
        for (int kind = 0; kind < NKINDS; kind++) {
            memcpy(y, s->solver->y, n * sizeof *y);
            vary(&s->ph, y, kind);
            s->ph.hold_tissue = kind == 4;
            if (kind == 5)
                ck_assert_uint_gt(capped_flows(&s->ph, y), 2);
            snprintf(what, sizeof what, "%s:%s %s variant %d, state %d", c->posture, c->activity,
                     c->cond ? c->cond : "healthy", c->variant, kind);
            kinks += check_columns(&s->ph, s->solver->t, y, what);
            checked += n * n;
            s->ph.hold_tissue = 0;
        }
    }
    /* a kink within the step is rare (a flow near zero during the Valsalva
     * strain: 0.3 % of the entries) */
    ck_assert_msg(kinks * 100 < checked, "%zu of %zu entries at a kink", kinks, checked);
    free(y);
    calfpump_sim_free(s);
}
END_TEST

/* A test of the test: a Jacobian that leaves out one term fails the
 * comparison (here the lymph, by comparing against f with the tissue
 * fluid held while the Jacobian's is not): the tolerances are tight
 * enough to see it. */
START_TEST(a_missing_term_is_seen)
{
    calfpump_sim *s = case_sim(&cases[1]);
    size_t n = s->ph.dim, hits = 0;
    double *ja = malloc(n * n * sizeof *ja), *jb = malloc(n * n * sizeof *jb);
    double *y = malloc(n * sizeof *y);
    ck_assert_ptr_nonnull(ja);
    ck_assert_ptr_nonnull(jb);
    ck_assert_ptr_nonnull(y);
    ck_assert_int_eq(calfpump_sim_advance(s, 5.0), CALFPUMP_OK);
    memcpy(y, s->solver->y, n * sizeof *y);
    vary(&s->ph, y, 1);
    ck_assert_int_eq(cfp_phys_jac(s->solver->t, y, NULL, ja, &s->ph), 0);
    s->ph.hold_tissue = 1;
    ck_assert_int_eq(cfp_phys_jac(s->solver->t, y, NULL, jb, &s->ph), 0);
    s->ph.hold_tissue = 0;
    for (size_t k = 0; k < n * n; k++)
        hits += fabs(ja[k] - jb[k]) > 1e-4 * fmax(fabs(ja[k]), 1e-3);
    /* the lymph rows and columns, and the filtration into the tissue */
    ck_assert_uint_ge(hits, 3 * s->ph.nt);
    free(ja);
    free(jb);
    free(y);
    calfpump_sim_free(s);
}
END_TEST

/* Every structural non-zero of the analytic Jacobian is in ph.pattern,
 * which groups the columns of the finite differences. */
START_TEST(nonzeros_within_pattern)
{
    calfpump_sim *s = case_sim(&cases[_i]);
    const cfp_sparse *pt = &s->ph.pattern;
    size_t n = s->ph.dim, nz = 0;
    double *ja = malloc(n * n * sizeof *ja);
    ck_assert_ptr_nonnull(ja);
    ck_assert_int_eq(calfpump_sim_advance(s, 2.71), CALFPUMP_OK);
    ck_assert_int_eq(cfp_phys_jac(s->solver->t, s->solver->y, NULL, ja, &s->ph), 0);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            int in = 0;
            if (ja[i * n + j] == 0.0)
                continue;
            nz++;
            for (size_t k = pt->start[i]; k < pt->start[i + 1]; k++)
                in |= pt->col[k] == (int)j;
            ck_assert_msg(in, "J[%zu][%zu] = %g is outside the pattern", i, j, ja[i * n + j]);
        }
    ck_assert_uint_gt(nz, 3 * n); /* not an empty matrix */
    free(ja);
    calfpump_sim_free(s);
}
END_TEST

/* A run with the analytic Jacobian against the same run with finite
 * differences: the same ankle pressures to within the tolerance's reach,
 * and fewer right-hand sides. */
START_TEST(run_agrees_with_differences)
{
    static const char *const integ[] = {"rodas", "auto"};
    calfpump_sim *sa = cfp_test_leg_sim("avp", NULL), *sf = cfp_test_leg_sim("avp", NULL);
    double *pa, *pf, worst = 0, ra, rf;
    size_t na, nf;
    ck_assert_int_eq(calfpump_sim_set_integrator(sa, integ[_i]), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_set_integrator(sf, integ[_i]), CALFPUMP_OK);
    sf->ph.fd_jacobian = 1;
    cfp_test_run_ok(sa);
    cfp_test_run_ok(sf);
    pa = cfp_test_trace_column(sa, "P.dorsal_foot", &na);
    pf = cfp_test_trace_column(sf, "P.dorsal_foot", &nf);
    ck_assert_uint_eq(na, nf);
    for (size_t r = 0; r < na; r++)
        worst = fmax(worst, fabs(pa[r] - pf[r]));
    ck_assert_msg(worst < 0.05, "%s: analytic vs finite differences: %g mmHg", integ[_i], worst);
    ck_assert_double_gt(cfp_test_metric(sa, "solver.jac_evals"), 0);
    ra = cfp_test_metric(sa, "solver.rhs_evals");
    rf = cfp_test_metric(sf, "solver.rhs_evals");
    ck_assert_msg(ra < rf, "%s: %.0f right-hand sides, %.0f with differences", integ[_i], ra, rf);
    free(pa);
    free(pf);
    calfpump_sim_free(sa);
    calfpump_sim_free(sf);
}
END_TEST

/* A plug-in that asks for one Jacobian at its restart (as the CVODE
 * plug-in does from its Newton iteration), keeps it and the right-hand
 * sides it cost, and then steps straight to the limit. */
typedef struct {
    size_t n;
    double *fy, *J;
    unsigned long rhs_in_jac;
    int jac_rc, asked;
} probe;

static int probe_create(void **st, size_t n, const calfpump_integrator_options *o, void *data)
{
    probe *pr = data;
    (void)o;
    pr->n = n;
    pr->fy = malloc(n * (n + 1) * sizeof *pr->fy);
    pr->J = pr->fy + n;
    *st = pr;
    return pr->fy ? 0 : CALFPUMP_E_NOMEM;
}

static void probe_destroy(void *st) { (void)st; }

static int probe_restart(void *st, calfpump_odectx *c, double t, const double *y)
{
    probe *pr = st;
    unsigned long before;
    if (pr->asked++)
        return 0;
    ck_assert_int_eq(calfpump_odectx_rhs(c, t, y, pr->fy), 0);
    before = c->rhs_evals;
    pr->jac_rc = calfpump_odectx_jac(c, t, y, pr->fy, pr->J);
    pr->rhs_in_jac = c->rhs_evals - before;
    return 0;
}

static int probe_step(void *st, calfpump_odectx *c, double *t, double *y, double t_limit)
{
    (void)st, (void)c, (void)y;
    *t = t_limit;
    return 0;
}

/* Plug-ins get the analytic Jacobian through calfpump_odectx_jac(): no
 * right-hand side is spent on it, and it is the one of cfp_phys_jac();
 * with finite differences forced, one right-hand side per column group. */
START_TEST(plugins_get_the_analytic_jacobian)
{
    int fd = _i;
    calfpump_sim *s = cfp_test_leg_sim("avp", NULL);
    probe pr;
    calfpump_integrator_ops ops = {sizeof ops, CALFPUMP_INTEGRATOR_ABI, "probe", 0, 1,
                                   probe_create, probe_destroy, probe_restart, probe_step,
                                   NULL, &pr};
    size_t n = s->ph.dim;
    double *y = malloc(n * sizeof *y), *ja = malloc(n * n * sizeof *ja), worst = 0;
    ck_assert_ptr_nonnull(y);
    ck_assert_ptr_nonnull(ja);
    memset(&pr, 0, sizeof pr);
    memcpy(y, s->y, n * sizeof *y); /* the settled start */
    ck_assert_int_eq(calfpump_sim_set_integrator_ops(s, &ops), CALFPUMP_OK);
    s->ph.fd_jacobian = fd;
    ck_assert_int_eq(calfpump_sim_advance(s, 0.1), CALFPUMP_OK);
    ck_assert_int_eq(pr.asked, 1);
    ck_assert_int_eq(pr.jac_rc, 0);
    ck_assert_int_eq(cfp_phys_jac(0.0, y, NULL, ja, &s->ph), 0);
    for (size_t k = 0; k < n * n; k++)
        worst = fmax(worst, fabs(pr.J[k] - ja[k]) / fmax(fabs(ja[k]), 1.0));
    if (fd) {
        ck_assert_uint_eq(pr.rhs_in_jac, (unsigned long)s->solver->ctx.ngroups);
        ck_assert_uint_lt(pr.rhs_in_jac, n);
        /* not the analytic one (differences are off most where a state
         * sits at 0, like the tissue fluid at rest, or a valve at 1) */
        ck_assert_msg(worst > 0, "differences against analytic: %g", worst);
    } else {
        ck_assert_uint_eq(pr.rhs_in_jac, 0);
        ck_assert_msg(worst == 0, "plug-in's Jacobian against cfp_phys_jac: %g", worst);
    }
    free(pr.fy);
    free(y);
    free(ja);
    calfpump_sim_free(s);
}
END_TEST

Suite *cfp_test_suite(void)
{
    Suite *su = suite_create("jacobian");
    TCase *tc = tcase_create("analytic");
    tcase_set_timeout(tc, 600);
    tcase_add_loop_test(tc, analytic_matches_differences, 0, (int)NCASES);
    tcase_add_test(tc, a_missing_term_is_seen);
    tcase_add_loop_test(tc, nonzeros_within_pattern, 0, (int)NCASES);
    tcase_add_loop_test(tc, run_agrees_with_differences, 0, 2);
    tcase_add_loop_test(tc, plugins_get_the_analytic_jacobian, 0, 2);
    suite_add_tcase(su, tc);
    return su;
}
