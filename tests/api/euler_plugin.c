/* euler_plugin.c -- the test plug-in (euler_plugin.h): explicit Euler with
 * a control block, and the drivers that run it through calfpump_solver and
 * through a simulation of the default leg on a short hand-built protocol. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "euler_plugin.h"

/* ------------------------------------------------------------------ */
/* The test plug-in: explicit Euler with a control block. */

typedef struct euler_state {
    size_t n;
    double h;
    plug_ctl *ctl;
    double t0, t1;             /* last accepted step, for interpolate() */
    double *f, *y0, *y1;       /* dim each */
} euler_state;

static int euler_create(void **state, size_t dim, const calfpump_integrator_options *o,
                        void *data)
{
    plug_ctl *ctl = data;
    euler_state *s;
    ctl->dim_seen = dim;
    ctl->h_seen = o->h;
    if (ctl->create_status)
        return ctl->create_status; /* nothing allocated, *state untouched */
    if (ctl->create_null)
        return CALFPUMP_OK;
    s = calloc(1, sizeof *s);
    if (!s)
        return CALFPUMP_E_NOMEM;
    s->f = malloc(3 * dim * sizeof *s->f);
    if (!s->f) {
        free(s);
        return CALFPUMP_E_NOMEM;
    }
    s->y0 = s->f + dim;
    s->y1 = s->y0 + dim;
    s->n = dim;
    s->h = o->h;
    s->ctl = ctl;
    ctl->creates++;
    ctl->live++;
    *state = s;
    return CALFPUMP_OK;
}

static void euler_destroy(void *state)
{
    euler_state *s = state;
    ck_assert_ptr_nonnull(s); /* only states create() returned */
    s->ctl->destroys++;
    s->ctl->live--;
    free(s->f);
    free(s);
}

static int euler_restart(void *state, calfpump_odectx *ctx, double t, const double *y)
{
    euler_state *s = state;
    ck_assert_uint_eq(calfpump_odectx_dim(ctx), s->n);
    s->ctl->restarts++;
    s->t0 = s->t1 = t;
    memcpy(s->y0, y, s->n * sizeof *y);
    memcpy(s->y1, y, s->n * sizeof *y);
    return s->ctl->restart_status;
}

static int euler_step(void *state, calfpump_odectx *ctx, double *t, double *y, double t_limit)
{
    euler_state *s = state;
    plug_ctl *ctl = s->ctl;
    double h = s->h;
    int rc;
    ctl->step_calls++;
    if (ctl->fail_from && ctl->step_calls >= ctl->fail_from &&
        (ctl->fail_times == 0 || ctl->step_calls < ctl->fail_from + ctl->fail_times)) {
        ctl->step_failed++;
        if (++ctl->fail_run > ctl->max_fail_run)
            ctl->max_fail_run = ctl->fail_run;
        return ctl->fail_code;
    }
    ctl->fail_run = 0;
    if (*t + h >= t_limit || t_limit - (*t + h) < 1e-9 * h)
        h = t_limit - *t;
    if ((rc = calfpump_odectx_rhs(ctx, *t, y, s->f)))
        return rc > 0 ? CALFPUMP_E_NONFINITE : rc;
    memcpy(s->y0, y, s->n * sizeof *y);
    for (size_t i = 0; i < s->n; i++)
        y[i] += h * s->f[i];
    memcpy(s->y1, y, s->n * sizeof *y);
    s->t0 = *t;
    *t = (h == t_limit - *t) ? t_limit : *t + h;
    s->t1 = *t;
    ctl->step_ok++;
    return CALFPUMP_OK;
}

int euler_interpolate(const void *state, double t, double *y_out)
{
    const euler_state *s = state;
    double th = s->t1 > s->t0 ? (t - s->t0) / (s->t1 - s->t0) : 1.0;
    s->ctl->interps++;
    for (size_t i = 0; i < s->n; i++)
        y_out[i] = s->y0[i] + th * (s->y1[i] - s->y0[i]);
    return CALFPUMP_OK;
}

calfpump_integrator_ops euler_ops(plug_ctl *ctl)
{
    calfpump_integrator_ops ops;
    memset(ctl, 0, sizeof *ctl);
    ck_assert_int_eq(calfpump_integrator_ops_init(&ops, sizeof ops), CALFPUMP_OK);
    ops.name = "test-euler";
    ops.order = 1;
    ops.create = euler_create;
    ops.destroy = euler_destroy;
    ops.restart = euler_restart;
    ops.step = euler_step;
    ops.plugin_data = ctl;
    return ops;
}

/* ------------------------------------------------------------------ */
/* Drivers. */

int solve_decay(const calfpump_integrator_ops *ops, double *y, char *msg, size_t msgsize)
{
    calfpump_ode ode = cfp_test_decay_ode();
    calfpump_solver *s = NULL;
    double y0 = 1.0;
    int st = calfpump_solver_new(&s, &ode, ops);
    if (msg)
        msg[0] = '\0';
    if (st) {
        ck_assert_ptr_null(s);
        return st;
    }
    ck_assert_int_eq(calfpump_solver_set_option(s, "h", 0.01), CALFPUMP_OK);
    st = calfpump_solver_init(s, 0.0, &y0);
    if (st == CALFPUMP_OK)
        st = calfpump_solver_advance(s, 1.0, y);
    if (msg) {
        strncpy(msg, calfpump_solver_errmsg(s), msgsize - 1);
        msg[msgsize - 1] = '\0';
    }
    calfpump_solver_free(s);
    return st;
}

calfpump_sim *leg_sim(void)
{
    calfpump_model *m = cfp_test_default_model();
    calfpump_protocol *p = NULL;
    calfpump_sim *s;
    ck_assert_int_eq(calfpump_protocol_new(&p), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "still", 2.0, NULL),
                     CALFPUMP_OK);
    ck_assert_int_eq(calfpump_protocol_add_segment(p, "standing", "walk", LEG_T - 2.0, NULL),
                     CALFPUMP_OK);
    s = cfp_test_new_sim(m, p);
    calfpump_model_free(m);
    calfpump_protocol_free(p);
    ck_assert_int_eq(calfpump_sim_set_option(s, "output_interval", OUT_DT), CALFPUMP_OK);
    ck_assert_int_eq(calfpump_sim_set_option(s, "h", EULER_H), CALFPUMP_OK);
    return s;
}

double trace_last(const calfpump_sim *s, const char *name)
{
    size_t rows = calfpump_sim_trace_rows(s), got = 0;
    double *buf, v;
    ck_assert_uint_gt(rows, 0);
    buf = cfp_test_trace_column(s, name, &got);
    ck_assert_uint_eq(got, rows);
    v = buf[rows - 1];
    free(buf);
    return v;
}

int run_leg(const calfpump_integrator_ops *ops)
{
    calfpump_sim *s = leg_sim();
    int st = calfpump_sim_set_integrator_ops(s, ops);
    ck_assert_msg(st == CALFPUMP_OK, "set_integrator_ops: %s", calfpump_sim_errmsg(s));
    st = calfpump_sim_run(s);
    if (st)
        ck_assert_msg(calfpump_sim_errmsg(s)[0] != '\0', "status %d without a message", st);
    calfpump_sim_free(s);
    return st;
}

