/* check_sparse.c -- the sparse linear algebra of the implicit integrators
 * on large systems (libcalfpump/ode/splu.c, jmat.c), white box:
 *
 *  - the sparse LU solves what the dense LU (linalg.c) solves, on random
 *    patterns with dense rows and columns (the network's hyperaemia and
 *    cumulative-volume unknowns) and on the default leg's Jacobian, to
 *    1e-10; a chain has no fill; a singular or non-finite matrix is
 *    reported;
 *  - a large system's Jacobian is sparse by its pattern, with the
 *    library's Jacobian or by differences, with the dense one's values; a
 *    large system with no pattern stays dense; a small one is dense;
 *  - a pattern that lacks a term of the analytic Jacobian is reported;
 *  - a user's stiff ODE of 400 unknowns with a jac_pattern and no
 *    Jacobian, through calfpump_solver and rodas;
 *  - on a leg with a long added vein (over CFP_JMAT_DENSE_MAX unknowns),
 *    walking, rodas (analytic and difference Jacobians) and auto agree with
 *    dopri5 at a tight tolerance.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "equations/physics.h"
#include "ode/jmat.h"
#include "sim/sim.h"
#include "testutil.h"

/* A reproducible uniform number in [0, 1). */
static double uni(unsigned long *s)
{
    *s = *s * 6364136223846793005UL + 1442695040888963407UL;
    return (double)(*s >> 11) / 9007199254740992.0;
}

/* A random pattern of n rows, about k off-diagonal entries per row, the
 * diagonal only where diag, and (with hubs) a dense row and column. */
static void random_pattern(cfp_sparse *pt, size_t n, double k, int diag, int hubs,
                           unsigned long *seed)
{
    size_t cap = n * (size_t)(k + 4) + 4 * n + 8, np = 0;
    int *row = malloc(cap * sizeof *row), *col = malloc(cap * sizeof *col);
    ck_assert_ptr_nonnull(row);
    ck_assert_ptr_nonnull(col);
    for (size_t i = 0; i < n; i++) {
        if (diag || i % 3) {
            row[np] = col[np] = (int)i;
            np++;
        }
        for (int q = 0; q < (int)k && np < cap; q++) {
            row[np] = (int)i;
            col[np++] = (int)(uni(seed) * (double)n);
        }
        if (hubs && n > 2) {
            row[np] = (int)(n / 2), col[np++] = (int)i;
            row[np] = (int)i, col[np++] = (int)(n - 1);
        }
    }
    ck_assert_int_eq(cfp_sparse_from_pairs(pt, n, np, row, col), 0);
    free(row);
    free(col);
}

/* Solve (d I - s J) x = b for J on pattern pt (values jv) with the sparse
 * and the dense LU; the largest difference relative to |x|. */
static double sparse_vs_dense(const cfp_sparse *pt, const double *jv, double d, double s,
                              const double *b)
{
    size_t n = pt->n;
    cfp_splu f;
    cfp_lu lu;
    double *xs = malloc(2 * n * sizeof *xs), *xd = xs + n, worst = 0, big = 0;
    ck_assert_ptr_nonnull(xs);
    ck_assert_int_eq(cfp_splu_analyse(&f, pt), 0);
    ck_assert_int_eq(cfp_lu_alloc(&lu, n), 0);
    memset(lu.a, 0, n * n * sizeof *lu.a);
    for (size_t i = 0; i < n; i++) {
        for (size_t p = pt->start[i]; p < pt->start[i + 1]; p++)
            lu.a[i * n + (size_t)pt->col[p]] = -s * jv[p];
        lu.a[i * n + i] += d;
    }
    ck_assert_int_eq(cfp_splu_factor(&f, pt, jv, d, s), 0);
    ck_assert_int_eq(cfp_lu_factor(&lu), 0);
    memcpy(xs, b, n * sizeof *b);
    memcpy(xd, b, n * sizeof *b);
    cfp_splu_solve(&f, xs);
    cfp_lu_solve(&lu, xd);
    for (size_t i = 0; i < n; i++)
        big = fmax(big, fabs(xd[i]));
    for (size_t i = 0; i < n; i++)
        worst = fmax(worst, fabs(xs[i] - xd[i]) / big);
    ck_assert_uint_le(cfp_splu_nnz(&f), n * n);
    cfp_splu_free(&f);
    cfp_lu_free(&lu);
    free(xs);
    return worst;
}

START_TEST(sparse_lu_matches_dense)
{
    static const size_t sizes[] = {1, 2, 7, 60, 333};
    unsigned long seed = 12345 + (unsigned long)_i;
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        size_t n = sizes[k];
        cfp_sparse pt;
        double *jv, *b, err;
        random_pattern(&pt, n, 2.5, _i % 2, _i >= 2, &seed);
        jv = malloc((pt.start[n] + 1) * sizeof *jv);
        b = malloc(n * sizeof *b);
        ck_assert_ptr_nonnull(jv);
        ck_assert_ptr_nonnull(b);
        for (size_t p = 0; p < pt.start[n]; p++)
            jv[p] = 2.0 * uni(&seed) - 1.0;
        for (size_t i = 0; i < n; i++)
            b[i] = 2.0 * uni(&seed) - 1.0;
        /* d / s above every row sum of |J|: the rodas matrix at a short step */
        err = sparse_vs_dense(&pt, jv, 3.0 * (2.5 + 3.0 + (_i >= 2 ? (double)n : 0.0)), 1.0, b);
        ck_assert_msg(err < 1e-10, "n = %zu: sparse and dense LU differ by %g", n, err);
        /* and a matrix that is not diagonally dominant: ros2's at a long step */
        err = sparse_vs_dense(&pt, jv, 1.0, 0.05, b);
        ck_assert_msg(err < 1e-10, "n = %zu (s = 0.05): sparse and dense LU differ by %g", n, err);
        free(jv);
        free(b);
        cfp_sparse_free(&pt);
    }
}
END_TEST

/* A tridiagonal pattern factors without fill. */
START_TEST(chain_has_no_fill)
{
    size_t n = 1000, np = 0;
    int *row = malloc(3 * n * sizeof *row), *col = malloc(3 * n * sizeof *col);
    cfp_sparse pt;
    cfp_splu f;
    for (size_t i = 0; i < n; i++)
        for (int d = -1; d <= 1; d++)
            if ((long)i + d >= 0 && (size_t)((long)i + d) < n) {
                row[np] = (int)i;
                col[np++] = (int)i + d;
            }
    ck_assert_int_eq(cfp_sparse_from_pairs(&pt, n, np, row, col), 0);
    ck_assert_int_eq(cfp_splu_analyse(&f, &pt), 0);
    ck_assert_uint_eq(cfp_splu_nnz(&f), 3 * n - 2);
    cfp_splu_free(&f);
    cfp_sparse_free(&pt);
    free(row);
    free(col);
}
END_TEST

START_TEST(singular_is_reported)
{
    unsigned long seed = 7;
    cfp_sparse pt;
    cfp_splu f;
    double *jv;
    random_pattern(&pt, 40, 2.0, 1, 0, &seed);
    jv = calloc(pt.start[40] + 1, sizeof *jv);
    ck_assert_int_eq(cfp_splu_analyse(&f, &pt), 0);
    ck_assert_int_eq(cfp_splu_factor(&f, &pt, jv, 0.0, 1.0), 1); /* the zero matrix */
    ck_assert_int_eq(cfp_splu_factor(&f, &pt, jv, 1.0, 1.0), 0); /* the identity */
    jv[3] = NAN;
    ck_assert_int_eq(cfp_splu_factor(&f, &pt, jv, 1.0, 1.0), 1);
    cfp_splu_free(&f);
    cfp_sparse_free(&pt);
    free(jv);
}
END_TEST

/* The default leg with a long vein of nx compartments in the calf,
 * squeezed by the calf muscle, from the lower GSV to the femoral vein,
 * a valve in every segment. */
static calfpump_model *long_vein_leg(size_t nx)
{
    calfpump_model *m = cfp_test_default_model();
    char a[32], b[32], c[96];
    for (size_t i = 0; i < nx; i++) {
        snprintf(a, sizeof a, "x%zu", i);
        ck_assert_int_eq(calfpump_model_add_compartment(m, a, "calf", "deep"), CALFPUMP_OK);
        snprintf(c, sizeof c, "comp.%s.v0", a);
        ck_assert_int_eq(calfpump_model_set(m, c, 0.2), CALFPUMP_OK);
        snprintf(c, sizeof c, "comp.%s.squeeze_calf", a);
        ck_assert_int_eq(calfpump_model_set(m, c, 80.0), CALFPUMP_OK);
    }
    for (size_t i = 0; i <= nx; i++) {
        snprintf(a, sizeof a, "x%zu", i - 1);
        snprintf(b, sizeof b, "x%zu", i);
        snprintf(c, sizeof c, "xe%zu", i);
        ck_assert_int_eq(calfpump_model_add_connection(m, c, i ? a : "gsv_lower",
                                                       i < nx ? b : "femoral", 1),
                         CALFPUMP_OK);
        snprintf(a, sizeof a, "conn.xe%zu.r0", i);
        ck_assert_int_eq(calfpump_model_set(m, a, 0.02), CALFPUMP_OK);
    }
    return m;
}

static calfpump_sim *long_vein_sim(const char *integ, double rtol, int fd)
{
    calfpump_model *m = long_vein_leg(150);
    calfpump_protocol *p;
    calfpump_sim *s;
    ck_assert_int_eq(calfpump_protocol_new(&p), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "still", 2.0, NULL), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "walk", 6.0, NULL), CALFPUMP_OK);
    s = cfp_test_new_sim(m, p);
    ck_assert_uint_gt(s->ph.dim, CFP_JMAT_DENSE_MAX);
    ck_assert_int_eq(calfpump_sim_set_integrator(s, integ), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_set_option(s, "rtol", rtol), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_set_option(s, "atol", rtol), CALFPUMP_OK);
    s->ph.fd_jacobian = fd;
    cfp_test_run_ok(s);
    calfpump_model_free(m);
    calfpump_protocol_free(p);
    return s;
}

/* The largest difference of two columns of two runs' traces. */
static double trace_diff(const calfpump_sim *a, const calfpump_sim *b, const char *col)
{
    size_t na, nb;
    double *pa = cfp_test_trace_column(a, col, &na), *pb = cfp_test_trace_column(b, col, &nb),
           worst = 0;
    ck_assert_uint_eq(na, nb);
    for (size_t r = 0; r < na; r++)
        worst = fmax(worst, fabs(pa[r] - pb[r]));
    free(pa);
    free(pb);
    return worst;
}

START_TEST(large_network_runs_agree)
{
    static const struct { const char *integ; int fd; } runs[] = {
        {"rodas", 0}, {"rodas", 1}, {"auto", 0}};
    calfpump_sim *ref = long_vein_sim("dopri5", 1e-8, 0);
    for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++) {
        calfpump_sim *s = long_vein_sim(runs[k].integ, 1e-6, runs[k].fd);
        double dp = trace_diff(s, ref, "P.dorsal_foot"), dx = trace_diff(s, ref, "P.x149");
        ck_assert_msg(dp < 0.05 && dx < 0.05, "%s%s: ankle %g, x149 %g mmHg from dopri5",
                      runs[k].integ, runs[k].fd ? " (differences)" : "", dp, dx);
        ck_assert_double_gt(cfp_test_metric(s, "solver.lu_decomps"), 0);
        calfpump_sim_free(s);
    }
    calfpump_sim_free(ref);
}
END_TEST

/* A large system's Jacobian: by the pattern when the context has one (the
 * library's Jacobian or differences), with the dense values; dense
 * without a pattern, or when the system is small. */
START_TEST(jacobian_storage)
{
    calfpump_model *m = long_vein_leg(150);
    calfpump_protocol *p = cfp_test_named_protocol("avp");
    calfpump_sim *s = cfp_test_new_sim(m, p);
    cfp_phys *ph = &s->ph;
    size_t n = ph->dim;
    double *y = malloc(n * sizeof *y), *fy = malloc(n * sizeof *fy), *jd = malloc(n * n * sizeof *jd);
    calfpump_ode ode;
    calfpump_solver *sv;
    cfp_jmat jm;
    ck_assert_int_eq(calfpump_sim_advance(s, 61.0), CALFPUMP_OK); /* walking */
    memcpy(y, s->solver->y, n * sizeof *y);
    ck_assert_int_eq(cfp_phys_rhs(s->solver->t, y, fy, ph), 0);
    for (int fd = 0; fd < 3; fd++) { /* analytic, differences, no pattern */
        ph->fd_jacobian = fd > 0;
        cfp_phys_ode(ph, &ode);
        ck_assert_int_eq(calfpump_solver_new(&sv, &ode, &cfp_rodas_ops), CALFPUMP_OK);
        if (fd < 2)
            cfp_solver_set_pattern(sv, &ph->pattern, fd ? NULL : cfp_phys_jac_csr);
        /* the dense Jacobian the same way (analytic, or the same differences) */
        ck_assert_int_eq(calfpump_odectx_jac(&sv->ctx, s->solver->t, y, fy, jd), 0);
        ck_assert_int_eq(cfp_jmat_init(&jm, n), 0);
        ck_assert_ptr_null(jm.J); /* nothing dense reserved */
        ck_assert_int_eq(cfp_jmat_eval(&jm, &sv->ctx, s->solver->t, y, fy), 0);
        ck_assert_int_eq(jm.sparse, fd < 2);
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n && fd < 2; j++) {
                size_t q = ph->pattern.start[i];
                double v = 0;
                while (q < ph->pattern.start[i + 1] && (size_t)ph->pattern.col[q] < j)
                    q++;
                if (q < ph->pattern.start[i + 1] && (size_t)ph->pattern.col[q] == j)
                    v = jm.J[q];
                ck_assert_msg(v == jd[i * n + j], "fd %d: J[%zu][%zu]: %.17g by pattern, %.17g dense",
                              fd, i, j, v, jd[i * n + j]);
            }
        for (size_t i = 0; i < n; i++) /* J x and r - J x, against the dense product */
            fy[i] = sin((double)i);
        cfp_jmat_mul(&jm, fy, y);
        for (size_t i = 0; i < n; i++) {
            double r = 0;
            for (size_t j = 0; j < n; j++)
                r += jd[i * n + j] * fy[j];
            ck_assert_double_eq_tol(y[i], r, 1e-9 * (1.0 + fabs(r)));
        }
        memcpy(y, s->solver->y, n * sizeof *y);
        memcpy(jd, y, n * sizeof *y);
        cfp_jmat_mulsub(&jm, fy, jd);
        cfp_jmat_mul(&jm, fy, jd + n);
        for (size_t i = 0; i < n; i++)
            ck_assert_double_eq_tol(jd[i], y[i] - jd[n + i], 1e-9 * (1.0 + fabs(y[i])));
        ck_assert_int_eq(cfp_phys_rhs(s->solver->t, y, fy, ph), 0);
        ck_assert_int_eq(cfp_jmat_factor(&jm, &sv->ctx, 100.0, 1.0), 0);
        cfp_jmat_free(&jm);
        calfpump_solver_free(sv);
    }
    ck_assert_int_eq(cfp_jmat_init(&jm, 10), 0); /* small: dense from the start */
    ck_assert_ptr_nonnull(jm.J);
    ck_assert_int_eq(jm.sparse, 0);
    cfp_jmat_free(&jm);
    free(y);
    free(fy);
    free(jd);
    calfpump_model_free(m);
    calfpump_protocol_free(p);
    calfpump_sim_free(s);
}
END_TEST

/* A pattern without a term of the analytic Jacobian makes it fail: the
 * first compartment's row without its diagonal (its outflow depends on its
 * volume). */
START_TEST(missing_pattern_entry_is_reported)
{
    calfpump_sim *s = cfp_test_leg_sim("avp", NULL);
    cfp_phys *ph = &s->ph;
    size_t n = ph->dim, nz = ph->pattern.start[n], drop = ph->pattern.start[0];
    size_t *start = malloc((n + 1) * sizeof *start);
    int *col = malloc(nz * sizeof *col);
    double *y = malloc(n * sizeof *y), *val = malloc(nz * sizeof *val);
    cfp_sparse cut = {n, start, col};
    ck_assert_int_eq(calfpump_sim_advance(s, 65.0), CALFPUMP_OK);
    memcpy(y, s->solver->y, n * sizeof *y);
    ck_assert_int_eq(cfp_phys_jac_csr(s->solver->t, y, &ph->pattern, val, ph), 0);
    while (ph->pattern.col[drop] != 0)
        drop++;
    ck_assert_uint_lt(drop, ph->pattern.start[1]);
    for (size_t k = 0, w = 0; k < nz; k++)
        if (k != drop)
            col[w++] = ph->pattern.col[k];
    start[0] = 0;
    for (size_t i = 1; i <= n; i++)
        start[i] = ph->pattern.start[i] - 1;
    ck_assert_int_eq(cfp_phys_jac_csr(s->solver->t, y, &cut, val, ph), -1);
    free(start);
    free(col);
    free(y);
    free(val);
    calfpump_sim_free(s);
}
END_TEST

/* A user's stiff ODE of 400 unknowns with a pattern and no Jacobian:
 * diffusion along a line, y_i' = k (y_{i-1} - 2 y_i + y_{i+1}) - y_i,
 * k = 1e4; rodas (factors on the pattern) against dopri5. */
#define DIFF_N 400
static int rhs_diff(double t, const double *y, double *f, void *user)
{
    (void)t, (void)user;
    for (size_t i = 0; i < DIFF_N; i++) {
        double l = i ? y[i - 1] : 0.0, r = i + 1 < DIFF_N ? y[i + 1] : 0.0;
        f[i] = 1e4 * (l - 2.0 * y[i] + r) - y[i];
    }
    return 0;
}

START_TEST(user_ode_with_pattern)
{
    static unsigned char pat[DIFF_N * DIFF_N];
    static double y0[DIFF_N], ya[DIFF_N], yb[DIFF_N];
    calfpump_ode ode;
    calfpump_solver *a, *b;
    double worst = 0;
    for (size_t i = 0; i < DIFF_N; i++) {
        y0[i] = sin(3.14159265358979 * (double)i / DIFF_N);
        for (size_t j = 0; j < DIFF_N; j++)
            pat[i * DIFF_N + j] = i == j || i == j + 1 || j == i + 1;
    }
    calfpump_ode_init(&ode, sizeof ode);
    ode.dim = DIFF_N;
    ode.rhs = rhs_diff;
    ode.jac_pattern = pat;
    a = cfp_test_solver(&ode, &cfp_rodas_ops, 1e-7, 1e-9);
    b = cfp_test_solver(&ode, NULL, 1e-10, 1e-12);
    ck_assert_int_eq(calfpump_solver_init(a, 0.0, y0), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_init(b, 0.0, y0), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_advance(a, 0.5, ya), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_advance(b, 0.5, yb), CALFPUMP_OK);
    for (size_t i = 0; i < DIFF_N; i++)
        worst = fmax(worst, fabs(ya[i] - yb[i]));
    ck_assert_msg(worst < 1e-6, "rodas on the pattern vs dopri5: %g", worst);
    /* stiff: rodas takes far fewer steps than dopri5 */
    ck_assert_double_lt(10.0 * cfp_test_solver_stat(a, "steps"), cfp_test_solver_stat(b, "steps"));
    ck_assert_double_gt(cfp_test_solver_stat(a, "lu_decomps"), 0);
    calfpump_solver_free(a);
    calfpump_solver_free(b);
}
END_TEST

Suite *cfp_test_suite(void)
{
    Suite *su = suite_create("sparse");
    TCase *tc = tcase_create("sparse");
    tcase_set_timeout(tc, 600);
    tcase_add_loop_test(tc, sparse_lu_matches_dense, 0, 4);
    tcase_add_test(tc, chain_has_no_fill);
    tcase_add_test(tc, singular_is_reported);
    tcase_add_test(tc, jacobian_storage);
    tcase_add_test(tc, missing_pattern_entry_is_reported);
    tcase_add_test(tc, user_ode_with_pattern);
    tcase_add_test(tc, large_network_runs_agree);
    suite_add_tcase(su, tc);
    return su;
}
