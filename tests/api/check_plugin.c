/* check_plugin.c -- the integrator plug-in ABI and the generic ODE solver
 * API of calfpump/sys/integrator.h, seen from outside: this program
 * includes only the public headers and links the shared library, as a
 * third-party plug-in would.
 *
 * The test plug-in is explicit Euler.  Its plugin_data is a control block
 * that makes it misbehave on demand (fail in create, return statuses from
 * step) and counts what the library does with it (creates, destroys, live
 * states, restarts, step and interpolate calls).  It is driven through
 * calfpump_solver and through a simulation of the default leg on a short
 * hand-built protocol (euler_plugin.c).  check_plugin_step.c has the
 * step() return contract.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "euler_plugin.h"


/* ------------------------------------------------------------------ */
/* The plug-in works: solver and simulation. */

START_TEST(test_plugin_solver)
{
    plug_ctl ctl;
    calfpump_integrator_ops ops = euler_ops(&ctl);
    double y = 0.0;
    ck_assert_int_eq(solve_decay(&ops, &y, NULL, 0), CALFPUMP_OK);
    /* Euler with h = 0.01: y(1) = 0.99^100 exactly, up to rounding. */
    ck_assert_double_eq_tol(y, pow(0.99, 100), 1e-13);
    ck_assert_uint_eq(ctl.dim_seen, 1);
    ck_assert_double_eq(ctl.h_seen, 0.01);
    ck_assert_uint_eq(ctl.step_ok, 100);
    ck_assert_uint_eq(ctl.creates, 1);
    ck_assert_uint_eq(ctl.restarts, 1);
    ck_assert_uint_eq(ctl.live, 0);
    ck_assert_uint_eq(ctl.interps, 0);
}
END_TEST

START_TEST(test_plugin_solver_stats)
{
    plug_ctl ctl;
    calfpump_integrator_ops ops = euler_ops(&ctl);
    calfpump_ode ode = cfp_test_decay_ode();
    calfpump_solver *s = NULL;
    double y0 = 1.0, y, v;
    ck_assert_int_eq(calfpump_solver_new(&s, &ode, &ops), CALFPUMP_OK);
    /* The table and the state are the library's: no create before init. */
    ck_assert_uint_eq(ctl.creates, 0);
    ck_assert_int_eq(calfpump_solver_set_option(s, "h", 0.01), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_init(s, 0.0, &y0), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_advance(s, 0.5, &y), CALFPUMP_OK);
    ck_assert_double_eq(calfpump_solver_time(s), 0.5);
    ck_assert_int_eq(calfpump_solver_stat(s, "steps", &v), CALFPUMP_OK);
    ck_assert_double_eq(v, 50);
    ck_assert_int_eq(calfpump_solver_stat(s, "rhs_evals", &v), CALFPUMP_OK);
    ck_assert_double_eq(v, 50);
    ck_assert_int_eq(calfpump_solver_stat(s, "rejected", &v), CALFPUMP_OK);
    ck_assert_double_eq(v, 0);
    /* init again: a new state (the old one destroyed), counters reset. */
    ck_assert_int_eq(calfpump_solver_init(s, 0.0, &y0), CALFPUMP_OK);
    ck_assert_uint_eq(ctl.creates, 2);
    ck_assert_uint_eq(ctl.live, 1);
    ck_assert_int_eq(calfpump_solver_stat(s, "steps", &v), CALFPUMP_OK);
    ck_assert_double_eq(v, 0);
    ck_assert_int_eq(calfpump_solver_stat(s, "rhs_evals", &v), CALFPUMP_OK);
    ck_assert_double_eq(v, 0);
    calfpump_solver_free(s);
    ck_assert_uint_eq(ctl.live, 0);
    ck_assert_uint_eq(ctl.destroys, 2);
}
END_TEST

START_TEST(test_plugin_sim)
{
    plug_ctl ctl;
    calfpump_integrator_ops ops = euler_ops(&ctl);
    calfpump_sim *ref = leg_sim(), *s = leg_sim();
    double v_ref, v;
    size_t j, rows;
    double *tcol;
    ck_assert_int_eq(calfpump_sim_set_integrator_ops(s, &ops), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_run(s), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_run(ref), CALFPUMP_OK); /* dopri5 */
    ck_assert_double_eq(calfpump_sim_time(s), LEG_T);
    rows = calfpump_sim_trace_rows(s);
    ck_assert_uint_eq(rows, (size_t)(LEG_T / OUT_DT + 0.5) + 1);
    ck_assert_uint_eq(rows, calfpump_sim_trace_rows(ref));
    /* Without dense output the steps end on the output times. */
    tcol = malloc(rows * sizeof *tcol);
    ck_assert_ptr_nonnull(tcol);
    ck_assert_int_eq(calfpump_sim_trace_col_index(s, "t", &j), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_trace_column(s, j, tcol, rows, NULL), CALFPUMP_OK);
    for (size_t i = 0; i < rows; i++)
        ck_assert_double_eq_tol(tcol[i], i * OUT_DT, 1e-9);
    free(tcol);
    /* Two segments: a restart at each start. */
    ck_assert_uint_eq(ctl.restarts, 2);
    ck_assert_uint_eq(ctl.creates, 1);
    ck_assert_uint_ge(ctl.step_ok, (unsigned long)(LEG_T / EULER_H));
    ck_assert_uint_le(ctl.step_ok, (unsigned long)(LEG_T / EULER_H) + rows + 2);
    ck_assert_double_eq(ctl.h_seen, EULER_H);
    ck_assert_uint_eq(ctl.interps, 0);
    /* First order at h = 1 ms stays close to dopri5. */
    v_ref = trace_last(ref, "V.total");
    v = trace_last(s, "V.total");
    ck_assert_msg(fabs(v - v_ref) < 1e-3 * v_ref, "V.total %g (Euler) vs %g (dopri5)", v, v_ref);
    v_ref = trace_last(ref, "P.dorsal_foot");
    v = trace_last(s, "P.dorsal_foot");
    ck_assert_msg(fabs(v - v_ref) < 0.5, "P.dorsal_foot %g (Euler) vs %g (dopri5)", v, v_ref);
    calfpump_sim_free(s);
    calfpump_sim_free(ref);
    ck_assert_uint_eq(ctl.live, 0);
    ck_assert_uint_eq(ctl.destroys, 1);
}
END_TEST

START_TEST(test_plugin_sim_dense)
{
    /* The same plug-in claiming dense output: the library lets steps run
     * over output times and asks interpolate() for the rows.  The step
     * 0.7 ms does not divide the output interval. */
    plug_ctl ctl;
    calfpump_integrator_ops ops = euler_ops(&ctl);
    calfpump_sim *s = leg_sim();
    ops.caps = CALFPUMP_CAP_DENSE;
    ops.interpolate = euler_interpolate;
    ck_assert_int_eq(calfpump_sim_set_option(s, "h", 7e-4), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_set_integrator_ops(s, &ops), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_run(s), CALFPUMP_OK);
    ck_assert_uint_eq(calfpump_sim_trace_rows(s), (size_t)(LEG_T / OUT_DT + 0.5) + 1);
    ck_assert_uint_gt(ctl.interps, LEG_T / OUT_DT / 2);
    /* Steps end on the segment boundary and the protocol end only. */
    ck_assert_uint_le(ctl.step_ok, (unsigned long)(LEG_T / 7e-4) + 3);
    calfpump_sim_free(s);
    ck_assert_uint_eq(ctl.live, 0);
}
END_TEST

START_TEST(test_interpolate_without_dense_cap)
{
    /* interpolate() without CALFPUMP_CAP_DENSE is accepted but not used. */
    plug_ctl ctl;
    calfpump_integrator_ops ops = euler_ops(&ctl);
    double y;
    ops.interpolate = euler_interpolate;
    ck_assert_int_eq(run_leg(&ops), CALFPUMP_OK);
    ck_assert_uint_eq(ctl.interps, 0);
    ck_assert_int_eq(solve_decay(&ops, &y, NULL, 0), CALFPUMP_OK);
    ck_assert_uint_eq(ctl.interps, 0);
}
END_TEST

START_TEST(test_sim_set_ops_state_rule)
{
    /* Same state rule as calfpump_sim_set_integrator(): not while
     * running; fine again after a reset. */
    plug_ctl ctl;
    calfpump_integrator_ops ops = euler_ops(&ctl);
    calfpump_sim *s = leg_sim();
    ck_assert_int_eq(calfpump_sim_set_integrator_ops(NULL, &ops), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_sim_set_integrator_ops(s, NULL), CALFPUMP_E_NULL);
    ck_assert_int_eq(calfpump_sim_advance(s, 1.0), CALFPUMP_OK); /* dopri5 */
    ck_assert_int_eq(calfpump_sim_set_integrator_ops(s, &ops), CALFPUMP_E_STATE);
    ck_assert_has(calfpump_sim_errmsg(s), "reset");
    ck_assert_int_eq(calfpump_sim_run(s), CALFPUMP_OK);
    ck_assert_uint_eq(ctl.step_calls, 0);
    ck_assert_int_eq(calfpump_sim_reset(s), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_set_integrator_ops(s, &ops), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_run(s), CALFPUMP_OK);
    ck_assert_uint_gt(ctl.step_ok, 1000);
    /* A built-in table goes through the same function. */
    ck_assert_int_eq(calfpump_sim_reset(s), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_set_integrator_ops(s, calfpump_integrator_builtin("rk4")),
                     CALFPUMP_OK);
    ctl.step_ok = 0;
    ck_assert_int_eq(calfpump_sim_run(s), CALFPUMP_OK);
    ck_assert_uint_eq(ctl.step_ok, 0);
    calfpump_sim_free(s);
    ck_assert_uint_eq(ctl.live, 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* (a), (b): table size and ABI version. */

START_TEST(test_abi_v1_table_accepted)
{
    /* A version-1 plug-in's own struct, exactly CALFPUMP_INTEGRATOR_OPS_V1_SIZE
     * bytes, placed at the end of a heap block so that reading past its
     * struct_size would leave the allocation (seen by sanitizers and
     * valgrind). */
    plug_ctl ctl;
    calfpump_integrator_ops full = euler_ops(&ctl);
    unsigned char *block;
    v1_ops *v1;
    double y = 0.0;
    ck_assert_uint_eq(sizeof(v1_ops), CALFPUMP_INTEGRATOR_OPS_V1_SIZE);
    ck_assert_uint_eq(offsetof(v1_ops, plugin_data),
                      offsetof(calfpump_integrator_ops, plugin_data));
    block = malloc(sizeof *v1);
    ck_assert_ptr_nonnull(block);
    v1 = (v1_ops *)(void *)block;
    memset(v1, 0, sizeof *v1);
    v1->struct_size = (uint32_t)CALFPUMP_INTEGRATOR_OPS_V1_SIZE;
    v1->abi_version = 1;
    v1->name = "v1-euler";
    v1->order = 1;
    v1->create = full.create;
    v1->destroy = full.destroy;
    v1->restart = full.restart;
    v1->step = full.step;
    v1->plugin_data = &ctl;
    ck_assert_int_eq(solve_decay((const calfpump_integrator_ops *)(void *)v1, &y, NULL, 0),
                     CALFPUMP_OK);
    ck_assert_double_eq_tol(y, pow(0.99, 100), 1e-13);
    ck_assert_uint_eq(ctl.step_ok, 100);
    ctl.step_ok = 0;
    ck_assert_int_eq(run_leg((const calfpump_integrator_ops *)(void *)v1), CALFPUMP_OK);
    ck_assert_uint_gt(ctl.step_ok, 1000);
    ck_assert_uint_eq(ctl.live, 0);
    free(block);
}
END_TEST

START_TEST(test_abi_larger_table_accepted)
{
    /* A table larger than this library's (a plug-in built with padding or
     * private members after the known ones) at the current ABI version is
     * accepted; the extra bytes are ignored. */
    struct bigger {
        calfpump_integrator_ops base;
        void *extra[4];
    } big;
    plug_ctl ctl;
    double y = 0.0;
    big.base = euler_ops(&ctl);
    memset(big.extra, 0xA5, sizeof big.extra);
    big.base.struct_size = sizeof big;
    ck_assert_int_eq(solve_decay(&big.base, &y, NULL, 0), CALFPUMP_OK);
    ck_assert_uint_eq(ctl.step_ok, 100);
    ck_assert_int_eq(run_leg(&big.base), CALFPUMP_OK);
}
END_TEST

START_TEST(test_abi_rejected)
{
    plug_ctl ctl;
    calfpump_integrator_ops good = euler_ops(&ctl), bad;
    calfpump_sim *s = leg_sim();
    calfpump_solver *sv = NULL;
    calfpump_ode ode = cfp_test_decay_ode();
    double y;

    /* A newer ABI than the library knows. */
    bad = good;
    bad.abi_version = CALFPUMP_INTEGRATOR_ABI + 1;
    ck_assert_int_eq(calfpump_sim_set_integrator_ops(s, &bad), CALFPUMP_E_ABI);
    ck_assert_has(calfpump_sim_errmsg(s), "ABI");
    {
        char num[16];
        snprintf(num, sizeof num, "%d", CALFPUMP_INTEGRATOR_ABI + 1);
        ck_assert_has(calfpump_sim_errmsg(s), num);
    }
    ck_assert_int_eq(calfpump_solver_new(&sv, &ode, &bad), CALFPUMP_E_ABI);
    ck_assert_ptr_null(sv);
    bad.abi_version = 0xffffffffu;
    ck_assert_int_eq(calfpump_sim_set_integrator_ops(s, &bad), CALFPUMP_E_ABI);

    /* Version 0 does not exist. */
    bad = good;
    bad.abi_version = 0;
    ck_assert_int_eq(calfpump_sim_set_integrator_ops(s, &bad), CALFPUMP_E_ABI);
    ck_assert_has(calfpump_sim_errmsg(s), "ABI");
    ck_assert_int_eq(calfpump_solver_new(&sv, &ode, &bad), CALFPUMP_E_ABI);
    ck_assert_ptr_null(sv);

    /* Smaller than version 1 (including 0: a table never initialised). */
    {
        const uint32_t sizes[3] = {(uint32_t)CALFPUMP_INTEGRATOR_OPS_V1_SIZE - 1,
                                   (uint32_t)offsetof(calfpump_integrator_ops, step), 0};
        for (int i = 0; i < 3; i++) {
            bad = good;
            bad.struct_size = sizes[i];
            ck_assert_int_eq(calfpump_sim_set_integrator_ops(s, &bad), CALFPUMP_E_ABI);
            ck_assert_has(calfpump_sim_errmsg(s), "struct_size");
            ck_assert_int_eq(calfpump_solver_new(&sv, &ode, &bad), CALFPUMP_E_ABI);
            ck_assert_ptr_null(sv);
        }
    }
    ck_assert_int_eq(solve_decay(&bad, &y, NULL, 0), CALFPUMP_E_ABI);

    /* Nothing was created, and a rejected table leaves the simulation's
     * integrator as it was (dopri5). */
    ck_assert_uint_eq(ctl.creates, 0);
    ck_assert_int_eq(calfpump_sim_run(s), CALFPUMP_OK);
    ck_assert_uint_eq(ctl.step_calls, 0);
    calfpump_sim_free(s);
}
END_TEST

/* ------------------------------------------------------------------ */
/* (c): required members. */

START_TEST(test_required_members)
{
    plug_ctl ctl;
    calfpump_integrator_ops good = euler_ops(&ctl), bad;
    calfpump_sim *s = leg_sim();
    calfpump_solver *sv = NULL;
    calfpump_ode ode = cfp_test_decay_ode();
    static const char *const slot[4] = {"create", "destroy", "restart", "step"};
    for (int k = 0; k < 6; k++) {
        bad = good;
        switch (k) {
        case 0: bad.create = NULL; break;
        case 1: bad.destroy = NULL; break;
        case 2: bad.restart = NULL; break;
        case 3: bad.step = NULL; break;
        case 4: bad.name = NULL; break;
        default: bad.name = ""; break;
        }
        ck_assert_msg(calfpump_sim_set_integrator_ops(s, &bad) == CALFPUMP_E_INVAL,
                      "case %d accepted", k);
        if (k < 4)
            ck_assert_has(calfpump_sim_errmsg(s), slot[k]);
        else
            ck_assert_has(calfpump_sim_errmsg(s), "name");
        ck_assert_int_eq(calfpump_solver_new(&sv, &ode, &bad), CALFPUMP_E_INVAL);
        ck_assert_ptr_null(sv);
    }
    /* Dense output claimed without interpolate(). */
    bad = good;
    bad.caps = CALFPUMP_CAP_DENSE;
    ck_assert_int_eq(calfpump_sim_set_integrator_ops(s, &bad), CALFPUMP_E_INVAL);
    ck_assert_has(calfpump_sim_errmsg(s), "interpolate");
    ck_assert_has(calfpump_sim_errmsg(s), "test-euler");
    ck_assert_int_eq(calfpump_solver_new(&sv, &ode, &bad), CALFPUMP_E_INVAL);
    ck_assert_ptr_null(sv);
    /* The complete table is fine, with or without interpolate(). */
    ck_assert_int_eq(calfpump_sim_set_integrator_ops(s, &good), CALFPUMP_OK);
    bad.interpolate = euler_interpolate;
    ck_assert_int_eq(calfpump_sim_set_integrator_ops(s, &bad), CALFPUMP_OK);
    ck_assert_uint_eq(ctl.creates, 0);
    calfpump_sim_free(s);
}
END_TEST

/* ------------------------------------------------------------------ */
/* (d): the library copies the table. */

START_TEST(test_table_copied_sim)
{
    plug_ctl ctl;
    calfpump_integrator_ops *heap = malloc(sizeof *heap);
    calfpump_sim *s = leg_sim();
    ck_assert_ptr_nonnull(heap);
    *heap = euler_ops(&ctl);
    ck_assert_int_eq(calfpump_sim_set_integrator_ops(s, heap), CALFPUMP_OK);
    /* Scribble over the caller's table, then free it. */
    memset(heap, 0xff, sizeof *heap);
    heap->step = NULL;
    heap->abi_version = 99;
    free(heap);
    ck_assert_int_eq(calfpump_sim_run(s), CALFPUMP_OK);
    ck_assert_uint_gt(ctl.step_ok, 1000);
    ck_assert_uint_eq(ctl.restarts, 2);
    calfpump_sim_free(s);
    ck_assert_uint_eq(ctl.live, 0);
}
END_TEST

/* A step that must never be called. */
static int step_never(void *state, calfpump_odectx *ctx, double *t, double *y, double t_limit)
{
    (void)state;
    (void)ctx;
    (void)t;
    (void)y;
    (void)t_limit;
    ck_abort_msg("the library called the caller's modified table");
    return CALFPUMP_E_CALLBACK;
}

START_TEST(test_table_copied_solver)
{
    plug_ctl ctl;
    calfpump_integrator_ops ops = euler_ops(&ctl);
    calfpump_ode ode = cfp_test_decay_ode();
    calfpump_solver *s = NULL;
    double y0 = 1.0, y;
    ck_assert_int_eq(calfpump_solver_new(&s, &ode, &ops), CALFPUMP_OK);
    /* Change the caller's table and the caller's ODE description. */
    ops.step = step_never;
    ops.abi_version = 0;
    ode.dim = 0;
    ode.rhs = NULL;
    ck_assert_int_eq(calfpump_solver_set_option(s, "h", 0.01), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_init(s, 0.0, &y0), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_advance(s, 1.0, &y), CALFPUMP_OK);
    ck_assert_double_eq_tol(y, pow(0.99, 100), 1e-13);
    ck_assert_uint_eq(ctl.step_ok, 100);
    calfpump_solver_free(s);
}
END_TEST

/* ------------------------------------------------------------------ */
/* (f): the init functions. */

START_TEST(test_ops_init)
{
    unsigned char buf[sizeof(calfpump_integrator_ops) + 32];
    calfpump_integrator_ops *ops = (calfpump_integrator_ops *)(void *)buf;
    memset(buf, 0xA5, sizeof buf);
    ck_assert_int_eq(calfpump_integrator_ops_init(ops, sizeof *ops), CALFPUMP_OK);
    ck_assert_uint_eq(ops->struct_size, sizeof *ops);
    ck_assert_uint_eq(ops->abi_version, CALFPUMP_INTEGRATOR_ABI);
    ck_assert_ptr_null(ops->name);
    ck_assert_uint_eq(ops->caps, 0);
    ck_assert_uint_eq(ops->order, 0);
    ck_assert(ops->create == NULL && ops->destroy == NULL && ops->restart == NULL &&
              ops->step == NULL && ops->interpolate == NULL);
    ck_assert_ptr_null(ops->plugin_data);
    for (size_t i = sizeof *ops; i < sizeof buf; i++)
        ck_assert_uint_eq(buf[i], 0xA5);
    /* A caller with a larger struct (a newer header): the library zeroes
     * and claims only what it knows. */
    memset(buf, 0xA5, sizeof buf);
    ck_assert_int_eq(calfpump_integrator_ops_init(ops, sizeof buf), CALFPUMP_OK);
    ck_assert_uint_eq(ops->struct_size, sizeof *ops);
    ck_assert_uint_eq(ops->abi_version, CALFPUMP_INTEGRATOR_ABI);
    ck_assert_ptr_null(ops->plugin_data);
    /* The smallest table is version 1; anything smaller is refused and not
     * written. */
    memset(buf, 0xA5, sizeof buf);
    ck_assert_int_eq(calfpump_integrator_ops_init(ops, CALFPUMP_INTEGRATOR_OPS_V1_SIZE),
                     CALFPUMP_OK);
    ck_assert_uint_eq(ops->struct_size, CALFPUMP_INTEGRATOR_OPS_V1_SIZE);
    memset(buf, 0xA5, sizeof buf);
    ck_assert_int_eq(calfpump_integrator_ops_init(ops, CALFPUMP_INTEGRATOR_OPS_V1_SIZE - 1),
                     CALFPUMP_E_ABI);
    ck_assert_int_eq(calfpump_integrator_ops_init(ops, 0), CALFPUMP_E_ABI);
    for (size_t i = 0; i < sizeof buf; i++)
        ck_assert_uint_eq(buf[i], 0xA5);
    ck_assert_int_eq(calfpump_integrator_ops_init(NULL, sizeof *ops), CALFPUMP_E_NULL);
}
END_TEST

START_TEST(test_ode_init)
{
    unsigned char buf[sizeof(calfpump_ode) + 32];
    calfpump_ode *ode = (calfpump_ode *)(void *)buf;
    calfpump_solver *s = NULL;
    memset(buf, 0xA5, sizeof buf);
    ck_assert_int_eq(calfpump_ode_init(ode, sizeof *ode), CALFPUMP_OK);
    ck_assert_uint_eq(ode->struct_size, sizeof *ode);
    ck_assert_uint_eq(ode->dim, 0);
    ck_assert(ode->rhs == NULL && ode->jac == NULL);
    ck_assert_ptr_null(ode->jac_pattern);
    ck_assert_ptr_null(ode->user);
    for (size_t i = sizeof *ode; i < sizeof buf; i++)
        ck_assert_uint_eq(buf[i], 0xA5);
    memset(buf, 0xA5, sizeof buf);
    ck_assert_int_eq(calfpump_ode_init(ode, sizeof buf), CALFPUMP_OK);
    ck_assert_uint_eq(ode->struct_size, sizeof *ode);
    ck_assert_ptr_null(ode->user);
    memset(buf, 0xA5, sizeof buf);
    ck_assert_int_eq(calfpump_ode_init(ode, sizeof *ode - 1), CALFPUMP_E_ABI);
    ck_assert_int_eq(calfpump_ode_init(ode, 0), CALFPUMP_E_ABI);
    for (size_t i = 0; i < sizeof buf; i++)
        ck_assert_uint_eq(buf[i], 0xA5);
    ck_assert_int_eq(calfpump_ode_init(NULL, sizeof *ode), CALFPUMP_E_NULL);
    /* An ODE that was never initialised (struct_size 0) is refused. */
    memset(buf, 0, sizeof buf);
    ode->dim = 1;
    ode->rhs = cfp_test_rhs_decay;
    ck_assert_int_eq(calfpump_solver_new(&s, ode, NULL), CALFPUMP_E_ABI);
    ck_assert_ptr_null(s);
    ode->struct_size = sizeof *ode;
    ck_assert_int_eq(calfpump_solver_new(&s, ode, NULL), CALFPUMP_OK);
    calfpump_solver_free(s);
}
END_TEST

START_TEST(test_solver_failed_init_blocks_advance)
{
    /* After an init that failed (here create() fails on the second init)
     * there is no valid integrator state: advance must refuse with
     * CALFPUMP_E_STATE instead of stepping a state that does not exist. */
    plug_ctl ctl;
    calfpump_integrator_ops ops = euler_ops(&ctl);
    calfpump_ode ode = cfp_test_decay_ode();
    calfpump_solver *s = NULL;
    double y0 = 1.0, y;
    ck_assert_int_eq(calfpump_solver_new(&s, &ode, &ops), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_init(s, 0.0, &y0), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_solver_advance(s, 0.1, &y), CALFPUMP_OK);
    ctl.create_status = CALFPUMP_E_NOMEM;
    ck_assert_int_eq(calfpump_solver_init(s, 0.0, &y0), CALFPUMP_E_NOMEM);
    ck_assert_uint_eq(ctl.live, 0);
    ck_assert_int_eq(calfpump_solver_advance(s, 0.2, &y), CALFPUMP_E_STATE);
    /* A restart() failure leaves no usable state either. */
    ctl.create_status = 0;
    ctl.restart_status = CALFPUMP_E_RANGE;
    ck_assert_int_eq(calfpump_solver_init(s, 0.0, &y0), CALFPUMP_E_RANGE);
    ctl.step_calls = 0;
    ck_assert_int_eq(calfpump_solver_advance(s, 0.2, &y), CALFPUMP_E_STATE);
    ck_assert_uint_eq(ctl.step_calls, 0);
    calfpump_solver_free(s);
    ck_assert_uint_eq(ctl.live, 0);
}
END_TEST

/* ------------------------------------------------------------------ */

Suite *cfp_test_suite(void)
{
    Suite *s = suite_create("plugin");
    TCase *tc;

    tc = tcase_create("plugin");
    tcase_add_test(tc, test_plugin_solver);
    tcase_add_test(tc, test_plugin_solver_stats);
    tcase_add_test(tc, test_plugin_sim);
    tcase_add_test(tc, test_plugin_sim_dense);
    tcase_add_test(tc, test_interpolate_without_dense_cap);
    tcase_add_test(tc, test_sim_set_ops_state_rule);
    suite_add_tcase(s, tc);

    tc = tcase_create("abi");
    tcase_add_test(tc, test_abi_v1_table_accepted);
    tcase_add_test(tc, test_abi_larger_table_accepted);
    tcase_add_test(tc, test_abi_rejected);
    tcase_add_test(tc, test_required_members);
    tcase_add_test(tc, test_table_copied_sim);
    tcase_add_test(tc, test_table_copied_solver);
    tcase_add_test(tc, test_ops_init);
    tcase_add_test(tc, test_ode_init);
    suite_add_tcase(s, tc);

    tc = tcase_create("solver_api");
    tcase_add_test(tc, test_solver_failed_init_blocks_advance);
    suite_add_tcase(s, tc);
    return s;
}
