/* plugin_heun.c -- a user-written integrator plug-in: Heun's method.
 *
 * Heun's method (the explicit trapezoidal rule) is a second-order,
 * two-stage Runge-Kutta method:
 *     k1 = f(t, y)
 *     k2 = f(t + h, y + h k1)
 *     y1 = y + h/2 (k1 + k2)
 * This file implements it as a libcalfpump integrator plug-in with a fixed
 * step (the "h" option) and no dense output, using only the public
 * headers.  It then
 *  1. solves y' = -y with calfpump_solver and checks the order: halving h
 *     must divide the error by about 4;
 *  2. runs the default leg through the "avp" protocol with it and prints
 *     the ambulatory venous pressure fall.
 * It exits with status 1 if anything fails.
 *
 * Build: cc plugin_heun.c $(pkg-config --cflags --libs calfpump) -lm
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <calfpump.h>
#include <calfpump/sys/integrator.h>

/* ------------------------------------------------------------------ */
/* The plug-in. */

typedef struct heun {
    size_t n;         /* dimension */
    double h;         /* the step the user asked for */
    double h_try;     /* the step to try next (smaller after a failure) */
    double *k1, *k2, *yt;
} heun;

/* create(): allocate everything step() needs; step() must not allocate.
 * On failure leave *state alone and free what was allocated. */
static int heun_create(void **state, size_t dim, const calfpump_integrator_options *opts,
                       void *plugin_data)
{
    heun *s;
    (void)plugin_data;
    if (!(opts->h > 0))
        return CALFPUMP_E_RANGE;
    s = malloc(sizeof *s);
    if (!s)
        return CALFPUMP_E_NOMEM;
    s->k1 = malloc(3 * dim * sizeof *s->k1);
    if (!s->k1) {
        free(s);
        return CALFPUMP_E_NOMEM;
    }
    s->k2 = s->k1 + dim;
    s->yt = s->k2 + dim;
    s->n = dim;
    s->h = s->h_try = opts->h;
    *state = s;
    return CALFPUMP_OK;
}

static void heun_destroy(void *state)
{
    heun *s = state;
    free(s->k1);
    free(s);
}

/* restart(): a one-step method keeps no history; just forget any step
 * reduction from before the discontinuity. */
static int heun_restart(void *state, calfpump_odectx *ctx, double t, const double *y)
{
    heun *s = state;
    (void)ctx;
    (void)t;
    (void)y;
    s->h_try = s->h;
    return CALFPUMP_OK;
}

/* step(): one step from (*t, y), never past t_limit.  Returns 0, 1 after
 * a recoverable failure of f (with a halved step for the retry), or a
 * negative status. */
static int heun_step(void *state, calfpump_odectx *ctx, double *t, double *y, double t_limit)
{
    heun *s = state;
    double h = s->h_try;
    int last = 0, rc;
    /* Land exactly on t_limit rather than leave a sliver before it. */
    if (*t + h >= t_limit || t_limit - (*t + h) < 1e-9 * h) {
        h = t_limit - *t;
        last = 1;
    }
    rc = calfpump_odectx_rhs(ctx, *t, y, s->k1);
    if (rc == 0) {
        for (size_t i = 0; i < s->n; i++)
            s->yt[i] = y[i] + h * s->k1[i];
        rc = calfpump_odectx_rhs(ctx, *t + h, s->yt, s->k2);
    }
    if (rc > 0) { /* f failed here: try again with half the step */
        calfpump_odectx_add_rejected(ctx, 1);
        s->h_try = 0.5 * h;
        return 1;
    }
    if (rc < 0)
        return rc; /* fatal: CALFPUMP_E_CALLBACK */
    for (size_t i = 0; i < s->n; i++)
        y[i] += 0.5 * h * (s->k1[i] + s->k2[i]);
    *t = last ? t_limit : *t + h;
    s->h_try = s->h;
    return CALFPUMP_OK;
}

/* The table.  It is filled at run time with calfpump_integrator_ops_init(),
 * which sets struct_size and abi_version; the library copies it, so it
 * may live on the stack. */
static calfpump_integrator_ops heun_ops(void)
{
    calfpump_integrator_ops ops;
    calfpump_integrator_ops_init(&ops, sizeof ops);
    ops.name = "heun";
    ops.caps = 0; /* fixed step, no dense output, explicit */
    ops.order = 2;
    ops.create = heun_create;
    ops.destroy = heun_destroy;
    ops.restart = heun_restart;
    ops.step = heun_step;
    ops.interpolate = NULL;
    ops.plugin_data = NULL;
    return ops;
}

/* ------------------------------------------------------------------ */
/* 1. Order of convergence on y' = -y. */

static int decay(double t, const double *y, double *dydt, void *user)
{
    (void)t;
    (void)user;
    dydt[0] = -y[0];
    return 0;
}

/* Error of y(1) with step h, or a negative value on failure. */
static double decay_error(const calfpump_integrator_ops *ops, double h)
{
    calfpump_ode ode;
    calfpump_solver *solver = NULL;
    double y0 = 1.0, y1 = 0.0;
    int st;
    calfpump_ode_init(&ode, sizeof ode);
    ode.dim = 1;
    ode.rhs = decay;
    st = calfpump_solver_new(&solver, &ode, ops);
    if (st) {
        fprintf(stderr, "plugin_heun: calfpump_solver_new: %s\n", calfpump_strerror(st));
        return -1.0;
    }
    if (!(st = calfpump_solver_set_option(solver, "h", h)) &&
        !(st = calfpump_solver_init(solver, 0.0, &y0)))
        st = calfpump_solver_advance(solver, 1.0, &y1);
    if (st) {
        fprintf(stderr, "plugin_heun: h = %g: %s\n", h, calfpump_solver_errmsg(solver));
        calfpump_solver_free(solver);
        return -1.0;
    }
    calfpump_solver_free(solver);
    return fabs(y1 - exp(-1.0));
}

static int check_order(const calfpump_integrator_ops *ops)
{
    double h = 0.1, e_prev = 0.0;
    int ok = 1;
    for (int k = 0; k < 4; k++, h /= 2) {
        double e = decay_error(ops, h);
        if (e < 0)
            return 0;
        if (k == 0) {
            printf("h = %-9g error %.3e\n", h, e);
        } else {
            double ratio = e_prev / e;
            printf("h = %-9g error %.3e  ratio %.3f\n", h, e, ratio);
            if (!(ratio > 3.6 && ratio < 4.4)) {
                fprintf(stderr, "plugin_heun: error ratio %.3f is not about 4\n", ratio);
                ok = 0;
            }
        }
        e_prev = e;
    }
    return ok;
}

/* ------------------------------------------------------------------ */
/* 2. The default leg through the "avp" protocol. */

static int run_avp(const calfpump_integrator_ops *ops)
{
    calfpump_model *model = NULL;
    calfpump_protocol *protocol = NULL;
    calfpump_sim *sim = NULL;
    double fall = NAN;
    int st;
    st = calfpump_model_new_default(&model);
    if (st == CALFPUMP_OK)
        st = calfpump_protocol_new_named(&protocol, "avp");
    if (st == CALFPUMP_OK)
        st = calfpump_sim_new(&sim, model, protocol);
    /* The leg is mildly stiff: an explicit method needs a small step. */
    if (st == CALFPUMP_OK)
        st = calfpump_sim_set_integrator_ops(sim, ops);
    if (st == CALFPUMP_OK)
        st = calfpump_sim_set_option(sim, "h", 5e-4);
    if (st == CALFPUMP_OK)
        st = calfpump_sim_run(sim);
    if (st == CALFPUMP_OK)
        st = calfpump_sim_metric(sim, "avp.fall", &fall);
    if (st == CALFPUMP_OK)
        printf("avp.fall     %7.2f mmHg (heun, h = 0.5 ms)\n", fall);
    else
        fprintf(stderr, "plugin_heun: avp: %s: %s\n", calfpump_strerror(st),
                sim ? calfpump_sim_errmsg(sim) : calfpump_model_errmsg(model));
    if (st == CALFPUMP_OK && !(fall > 0 && fall < 200)) {
        fprintf(stderr, "plugin_heun: implausible avp.fall %g\n", fall);
        st = CALFPUMP_E_RANGE;
    }
    calfpump_sim_free(sim);
    calfpump_protocol_free(protocol);
    calfpump_model_free(model);
    return st == CALFPUMP_OK;
}

int main(void)
{
    calfpump_integrator_ops ops = heun_ops();
    int ok = check_order(&ops);
    ok = run_avp(&ops) && ok;
    return ok ? 0 : 1;
}
