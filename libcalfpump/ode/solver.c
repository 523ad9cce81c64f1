/* Generic ODE solving: the evaluation context plug-ins see, the checks on
 * plug-in tables, and the stepping loop shared by simulations and
 * calfpump_solver users. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ode/solver.h"
#include "base/util.h"

/* ---------------------------------------------------------------- */
/* Evaluation context. */

size_t calfpump_odectx_dim(const calfpump_odectx *c) { return c ? c->ode.dim : 0; }

/* Status of a user callback that returned rc and wrote v[0..m-1]: fatal,
 * recoverable (1: it asked for a smaller step, or v is not finite) or 0. */
static int eval_status(int rc, const double *v, size_t m)
{
    if (rc < 0)
        return CALFPUMP_E_CALLBACK;
    if (rc > 0)
        return 1;
    for (size_t i = 0; i < m; i++)
        if (!isfinite(v[i]))
            return 1;
    return 0;
}

int calfpump_odectx_rhs(calfpump_odectx *c, double t, const double *y, double *dydt)
{
    int rc;
    if (!c || !y || !dydt)
        return CALFPUMP_E_NULL;
    rc = c->ode.rhs(t, y, dydt, c->ode.user);
    c->rhs_evals++;
    return eval_status(rc, dydt, c->ode.dim);
}

static int fd_setup(calfpump_odectx *c);

/* Forward differences, one evaluation per group of structurally
 * independent columns, into the dense jac (csr 0) or into the values of
 * the pattern's entries (csr 1, only with a pattern). */
static int fd_jac(calfpump_odectx *c, double t, const double *y, const double *fy,
                  double *jac, int csr)
{
    size_t n = c->ode.dim;
    int rc;
    if (!c->fd_ready && (rc = fd_setup(c)))
        return rc;
    if (!csr)
        memset(jac, 0, n * n * sizeof *jac);
    memcpy(c->fd_y, y, n * sizeof *y);
    for (int g = 0; g < c->ngroups; g++) {
        const int *cols = c->gcol + c->gstart[g], ncols = (int)(c->gstart[g + 1] - c->gstart[g]);
        for (int k = 0; k < ncols; k++) {
            size_t j = (size_t)cols[k];
            c->fd_y[j] += sqrt(DBL_EPSILON) * fmax(fabs(y[j]), 1e-3) * (y[j] < 0 ? -1 : 1);
        }
        rc = calfpump_odectx_rhs(c, t, c->fd_y, c->fd_f);
        for (int k = 0; k < ncols && !rc; k++) {
            size_t j = (size_t)cols[k];
            double dj = c->fd_y[j] - y[j];
            if (csr)
                for (size_t r = c->cols.start[j]; r < c->cols.start[j + 1]; r++)
                    jac[c->cpos[r]] = (c->fd_f[c->cols.col[r]] - fy[c->cols.col[r]]) / dj;
            else if (c->cols.start)
                for (size_t r = c->cols.start[j]; r < c->cols.start[j + 1]; r++) {
                    size_t i = (size_t)c->cols.col[r];
                    jac[i * n + j] = (c->fd_f[i] - fy[i]) / dj;
                }
            else /* no pattern: dense */
                for (size_t i = 0; i < n; i++)
                    jac[i * n + j] = (c->fd_f[i] - fy[i]) / dj;
        }
        for (int k = 0; k < ncols; k++)
            c->fd_y[cols[k]] = y[cols[k]];
        if (rc)
            return rc;
    }
    return 0;
}

int calfpump_odectx_jac(calfpump_odectx *c, double t, const double *y, const double *fy,
                        double *jac)
{
    int rc;
    if (!c || !y || !fy || !jac)
        return CALFPUMP_E_NULL;
    c->jac_evals++;
    if (c->ode.jac) {
        rc = c->ode.jac(t, y, fy, jac, c->ode.user);
        return eval_status(rc, jac, c->ode.dim * c->ode.dim);
    }
    return fd_jac(c, t, y, fy, jac, 0);
}

const cfp_sparse *cfp_odectx_pattern(calfpump_odectx *c)
{
    if (!c->rows && c->ode.jac_pattern && !c->own_rows.start &&
        cfp_sparse_from_dense(&c->own_rows, c->ode.dim, c->ode.jac_pattern))
        return NULL;
    return c->rows ? c->rows : (c->own_rows.start ? &c->own_rows : NULL);
}

int cfp_odectx_has_csr(calfpump_odectx *c)
{
    return (c->jac_csr || !c->ode.jac) && cfp_odectx_pattern(c) != NULL;
}

int cfp_odectx_jac_csr(calfpump_odectx *c, double t, const double *y, const double *fy,
                       double *val)
{
    const cfp_sparse *p = cfp_odectx_pattern(c);
    int rc;
    c->jac_evals++;
    if (c->jac_csr) {
        rc = c->jac_csr(t, y, p, val, c->ode.user);
        return eval_status(rc, val, p->start[p->n]);
    }
    return fd_jac(c, t, y, fy, val, 1);
}

void calfpump_odectx_add_rejected(calfpump_odectx *c, unsigned long n)
{
    if (c)
        c->rejected += n;
}

void calfpump_odectx_add_lu(calfpump_odectx *c, unsigned long n)
{
    if (c)
        c->lu_decomps += n;
}

/* Greedy column grouping: two columns may share a group when no row has a
 * non-zero in both (Curtis-Powell-Reid).  Column j takes the lowest group
 * that no earlier column sharing a row with it has taken, which is the
 * grouping of 0.1's dense search, found in time proportional to the
 * non-zeros (times a dense row's length for the columns in that row). */
static int colour(const cfp_sparse *rows, const cfp_sparse *cols, int *group, int *forbid)
{
    size_t n = rows->n;
    int ngroups = 0;
    for (size_t j = 0; j < n; j++)
        forbid[j] = -1;
    for (size_t j = 0; j < n; j++) {
        int g = 0;
        for (size_t r = cols->start[j]; r < cols->start[j + 1]; r++) {
            size_t i = (size_t)cols->col[r];
            for (size_t k = rows->start[i]; k < rows->start[i + 1] && rows->col[k] < (int)j; k++)
                forbid[group[rows->col[k]]] = (int)j;
        }
        while (forbid[g] == (int)j)
            g++;
        group[j] = g;
        if (g >= ngroups)
            ngroups = g + 1;
    }
    return ngroups;
}

static void fd_free(calfpump_odectx *c)
{
    cfp_sparse_free(&c->own_rows);
    cfp_sparse_free(&c->cols);
    free(c->gcol);
    free(c->gstart);
    free(c->cpos);
    c->gcol = NULL;
    c->gstart = NULL;
    c->cpos = NULL;
    c->fd_ready = 0;
}

/* The column groups (and the pattern by column) at the first finite-
 * difference Jacobian. */
static int fd_setup(calfpump_odectx *c)
{
    size_t n = c->ode.dim;
    const cfp_sparse *rows = c->rows;
    int *group = NULL, *forbid = NULL, st = CALFPUMP_E_NOMEM;
    c->gcol = malloc(n * sizeof *c->gcol);
    c->gstart = calloc(n + 1, sizeof *c->gstart);
    if (!c->gcol || !c->gstart)
        goto done;
    if (!rows && c->ode.jac_pattern && !(rows = cfp_odectx_pattern(c)))
        goto done;
    if (!rows) { /* dense: one column per group */
        for (size_t j = 0; j < n; j++)
            c->gcol[j] = (int)j;
        for (size_t g = 0; g <= n; g++)
            c->gstart[g] = g;
        c->ngroups = (int)n;
        st = 0;
        goto done;
    }
    group = malloc(n * sizeof *group);
    forbid = malloc(n * sizeof *forbid);
    if (!group || !forbid || cfp_sparse_transpose(&c->cols, rows))
        goto done;
    c->ngroups = colour(rows, &c->cols, group, forbid);
    /* cpos: each entry of the pattern by column, its place by row */
    if (!(c->cpos = malloc((rows->start[n] + 1) * sizeof *c->cpos)))
        goto done;
    for (size_t j = 0; j < n; j++)
        forbid[j] = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t p = rows->start[i]; p < rows->start[i + 1]; p++) {
            int j = rows->col[p];
            c->cpos[c->cols.start[j] + (size_t)forbid[j]++] = p;
        }
    /* columns by group, ascending within a group (forbid: fill counters) */
    for (size_t j = 0; j < n; j++)
        c->gstart[group[j] + 1]++;
    for (int g = 0; g < c->ngroups; g++)
        c->gstart[g + 1] += c->gstart[g];
    for (int g = 0; g < c->ngroups; g++)
        forbid[g] = (int)c->gstart[g];
    for (size_t j = 0; j < n; j++)
        c->gcol[forbid[group[j]]++] = (int)j;
    st = 0;
done:
    free(group);
    free(forbid);
    if (st)
        fd_free(c);
    else
        c->fd_ready = 1;
    return st;
}

/* ---------------------------------------------------------------- */
/* Plug-in tables. */

int calfpump_integrator_ops_init(calfpump_integrator_ops *ops, size_t struct_size)
{
    if (!ops)
        return CALFPUMP_E_NULL;
    if (struct_size < CALFPUMP_INTEGRATOR_OPS_V1_SIZE)
        return CALFPUMP_E_ABI;
    memset(ops, 0, struct_size < sizeof *ops ? struct_size : sizeof *ops);
    ops->struct_size = (uint32_t)(struct_size < sizeof *ops ? struct_size : sizeof *ops);
    ops->abi_version = CALFPUMP_INTEGRATOR_ABI;
    return CALFPUMP_OK;
}

int cfp_ops_copy(calfpump_integrator_ops *dst, const calfpump_integrator_ops *src, char *msg)
{
    size_t n;
    if (!src)
        return cfp_fail(msg, CALFPUMP_E_NULL, "integrator table is NULL");
    if (src->abi_version == 0 || src->abi_version > CALFPUMP_INTEGRATOR_ABI)
        return cfp_fail(msg, CALFPUMP_E_ABI,
                        "integrator table: ABI version %u is not supported (this library "
                        "knows 1 to %d)", (unsigned)src->abi_version, CALFPUMP_INTEGRATOR_ABI);
    if (src->struct_size < CALFPUMP_INTEGRATOR_OPS_V1_SIZE)
        return cfp_fail(msg, CALFPUMP_E_ABI,
                        "integrator table: struct_size %u is smaller than the version-1 "
                        "table (%zu bytes)", (unsigned)src->struct_size,
                        (size_t)CALFPUMP_INTEGRATOR_OPS_V1_SIZE);
    n = src->struct_size < sizeof *dst ? src->struct_size : sizeof *dst;
    memset(dst, 0, sizeof *dst);
    memcpy(dst, src, n);
    dst->struct_size = sizeof *dst;
    if (!dst->name || !*dst->name)
        return cfp_fail(msg, CALFPUMP_E_INVAL, "integrator table: name is missing");
    if (!dst->create || !dst->destroy || !dst->restart || !dst->step)
        return cfp_fail(msg, CALFPUMP_E_INVAL,
                        "integrator '%s': create, destroy, restart and step are required",
                        dst->name);
    if ((dst->caps & CALFPUMP_CAP_DENSE) && !dst->interpolate)
        return cfp_fail(msg, CALFPUMP_E_INVAL,
                        "integrator '%s' claims dense output but has no interpolate()", dst->name);
    return CALFPUMP_OK;
}

/* ---------------------------------------------------------------- */
/* Solver. */

void cfp_solver_default_options(calfpump_integrator_options *o)
{
    memset(o, 0, sizeof *o);
    o->struct_size = sizeof *o;
    o->rtol = 1e-6;
    o->atol = 1e-6;
    o->h = 1e-3;
}

int calfpump_ode_init(calfpump_ode *ode, size_t struct_size)
{
    if (!ode)
        return CALFPUMP_E_NULL;
    if (struct_size < offsetof(calfpump_ode, user) + sizeof(void *))
        return CALFPUMP_E_ABI;
    memset(ode, 0, struct_size < sizeof *ode ? struct_size : sizeof *ode);
    ode->struct_size = struct_size < sizeof *ode ? struct_size : sizeof *ode;
    return CALFPUMP_OK;
}

void calfpump_solver_free(calfpump_solver *s)
{
    if (!s)
        return;
    if (s->state)
        s->ops.destroy(s->state);
    fd_free(&s->ctx);
    free(s->ctx.fd_y);
    free(s->y);
    free(s->errmsg);
    free(s);
}

const char *calfpump_solver_errmsg(const calfpump_solver *s)
{
    return s ? s->errmsg : "solver is NULL";
}

int calfpump_solver_new(calfpump_solver **out, const calfpump_ode *ode,
                        const calfpump_integrator_ops *ops)
{
    calfpump_solver *s;
    size_t n;
    int st;
    if (!out)
        return CALFPUMP_E_NULL;
    *out = NULL;
    if (!ode)
        return CALFPUMP_E_NULL;
    if (ode->struct_size < offsetof(calfpump_ode, user) + sizeof(void *))
        return CALFPUMP_E_ABI;
    if (!ode->rhs || ode->dim == 0 || ode->dim > 100000)
        return CALFPUMP_E_INVAL;
    s = calloc(1, sizeof *s);
    if (!s || !(s->errmsg = cfp_msg_new())) {
        free(s);
        return CALFPUMP_E_NOMEM;
    }
    n = ode->struct_size < sizeof s->ctx.ode ? ode->struct_size : sizeof s->ctx.ode;
    memcpy(&s->ctx.ode, ode, n);
    s->ctx.ode.struct_size = sizeof s->ctx.ode;
    if ((st = cfp_ops_copy(&s->ops, ops ? ops : &cfp_dopri5_ops, s->errmsg))) {
        calfpump_solver_free(s);
        return st;
    }
    cfp_solver_default_options(&s->opts);
    s->max_steps = 1e9;
    s->t_stop = INFINITY; /* none; set_option accepts only finite values */
    n = ode->dim;
    s->y = malloc(n * sizeof(double));
    s->ctx.fd_y = malloc(2 * n * sizeof(double));
    if (!s->y || !s->ctx.fd_y) {
        calfpump_solver_free(s);
        return CALFPUMP_E_NOMEM;
    }
    s->ctx.fd_f = s->ctx.fd_y + n;
    s->t = 0;
    *out = s;
    return CALFPUMP_OK;
}

void cfp_solver_set_pattern(calfpump_solver *s, const cfp_sparse *rows, cfp_jac_csr_fn jac)
{
    fd_free(&s->ctx);
    s->ctx.rows = rows;
    s->ctx.jac_csr = rows ? jac : NULL;
}

typedef struct { const char *name; size_t off; double lo, hi; } opt_desc;
static const opt_desc solver_opts[] = {
    {"rtol", offsetof(calfpump_solver, opts.rtol), 1e-14, 1.0},
    {"atol", offsetof(calfpump_solver, opts.atol), 1e-16, 1e6},
    {"h", offsetof(calfpump_solver, opts.h), 1e-12, 1e6},
    {"h_init", offsetof(calfpump_solver, opts.h_init), 0.0, 1e6},
    {"h_min", offsetof(calfpump_solver, opts.h_min), 0.0, 1e6},
    {"h_max", offsetof(calfpump_solver, opts.h_max), 0.0, 1e9},
    {"max_steps", offsetof(calfpump_solver, max_steps), 1.0, 1e15},
    {"t_stop", offsetof(calfpump_solver, t_stop), -1e300, 1e300},
};

int calfpump_solver_set_option(calfpump_solver *s, const char *name, double value)
{
    if (!s)
        return CALFPUMP_E_NULL;
    if (!name)
        return cfp_fail(s->errmsg, CALFPUMP_E_NULL, "option name is NULL");
    for (size_t i = 0; i < sizeof solver_opts / sizeof solver_opts[0]; i++) {
        const opt_desc *d = &solver_opts[i];
        if (strcmp(d->name, name))
            continue;
        if (!cfp_finite(value) || value < d->lo || value > d->hi)
            return cfp_fail(s->errmsg, CALFPUMP_E_RANGE, "option '%s' = %g is outside [%g, %g]",
                            name, value, d->lo, d->hi);
        *(double *)((char *)s + d->off) = value;
        return CALFPUMP_OK;
    }
    return cfp_fail(s->errmsg, CALFPUMP_E_NOTFOUND,
                    "unknown option '%s' (rtol, atol, h, h_init, h_min, h_max, max_steps, "
                    "t_stop)", name);
}

static int stopped(calfpump_solver *s, int st)
{
    switch (st) {
    case CALFPUMP_E_STEPSIZE:
        return cfp_fail(s->errmsg, st,
                        "t = %.9g: the step size fell below h_min = %g; integrator '%s' cannot "
                        "meet rtol = %g, atol = %g", s->t, s->opts.h_min, s->ops.name,
                        s->opts.rtol, s->opts.atol);
    case CALFPUMP_E_MAXSTEPS:
        return cfp_fail(s->errmsg, st, "t = %.9g: max_steps = %.0f reached", s->t, s->max_steps);
    case CALFPUMP_E_NONFINITE:
        return cfp_fail(s->errmsg, st, "t = %.9g: the solution became non-finite", s->t);
    case CALFPUMP_E_CALLBACK:
        return cfp_fail(s->errmsg, st, "t = %.9g: a callback reported a fatal error", s->t);
    case CALFPUMP_E_NOMEM:
        return cfp_fail(s->errmsg, st, "out of memory in integrator '%s'", s->ops.name);
    default:
        return cfp_fail(s->errmsg, st, "t = %.9g: integrator '%s': %s", s->t, s->ops.name,
                        calfpump_strerror(st));
    }
}

/* Map a plug-in's negative return to a known status. */
static int known_status(int st)
{
    return calfpump_status_name(st) ? st : CALFPUMP_E_CALLBACK;
}

int cfp_solver_start(calfpump_solver *s, double t, const double *y)
{
    int st;
    s->started = 0; /* until the restart below succeeds */
    if (s->opts.h_max > 0 && s->opts.h_min > s->opts.h_max)
        return cfp_fail(s->errmsg, CALFPUMP_E_RANGE, "h_min = %g exceeds h_max = %g",
                        s->opts.h_min, s->opts.h_max);
    if (s->state)
        s->ops.destroy(s->state);
    s->state = NULL;
    st = s->ops.create(&s->state, s->ctx.ode.dim, &s->opts, s->ops.plugin_data);
    if (st || !s->state) {
        s->state = NULL;
        return cfp_fail(s->errmsg, st ? known_status(st) : CALFPUMP_E_NOMEM,
                        "integrator '%s' could not be created", s->ops.name);
    }
    s->ctx.rhs_evals = s->ctx.jac_evals = s->ctx.rejected = s->ctx.lu_decomps = 0;
    s->steps = 0;
    s->t = s->t_step0 = t;
    memcpy(s->y, y, s->ctx.ode.dim * sizeof *y);
    if ((st = cfp_solver_restart(s)))
        return st;
    s->started = 1;
    return CALFPUMP_OK;
}

int cfp_solver_restart(calfpump_solver *s)
{
    int st = s->ops.restart(s->state, &s->ctx, s->t, s->y);
    if (st > 0)
        st = CALFPUMP_E_NONFINITE;
    return st ? stopped(s, known_status(st)) : CALFPUMP_OK;
}

int cfp_solver_step(calfpump_solver *s, double t_limit)
{
    double t0 = s->t;
    for (int tries = 0; tries < 20; tries++) {
        int st = s->ops.step(s->state, &s->ctx, &s->t, s->y, t_limit);
        if (st == 0) {
            if (!(s->t > t0) || s->t > t_limit) /* a plug-in must move forward, within limits */
                return cfp_fail(s->errmsg, CALFPUMP_E_CALLBACK,
                                "integrator '%s' reported a step from t = %.17g to t = %.17g "
                                "(limit %.17g)", s->ops.name, t0, s->t, t_limit);
            s->t_step0 = t0;
            if ((double)++s->steps > s->max_steps)
                return stopped(s, CALFPUMP_E_MAXSTEPS);
            return CALFPUMP_OK;
        }
        if (st < 0)
            return stopped(s, known_status(st));
    }
    return stopped(s, CALFPUMP_E_STEPSIZE);
}

int cfp_solver_has_dense(const calfpump_solver *s)
{
    return (s->ops.caps & CALFPUMP_CAP_DENSE) && s->ops.interpolate;
}

int cfp_solver_dense(calfpump_solver *s, double t, double *out)
{
    int st = s->ops.interpolate(s->state, t, out);
    return st ? stopped(s, known_status(st)) : CALFPUMP_OK;
}

int calfpump_solver_init(calfpump_solver *s, double t0, const double *y0)
{
    if (!s)
        return CALFPUMP_E_NULL;
    if (!y0)
        return cfp_fail(s->errmsg, CALFPUMP_E_NULL, "initial state is NULL");
    if (!cfp_finite(t0))
        return cfp_fail(s->errmsg, CALFPUMP_E_RANGE, "initial time %g is not finite", t0);
    for (size_t i = 0; i < s->ctx.ode.dim; i++)
        if (!cfp_finite(y0[i]))
            return cfp_fail(s->errmsg, CALFPUMP_E_RANGE, "initial state y[%zu] = %g is not finite",
                            i, y0[i]);
    s->errmsg[0] = '\0';
    return cfp_solver_start(s, t0, y0);
}

int calfpump_solver_advance(calfpump_solver *s, double t_out, double *y_out)
{
    int st, dense;
    if (!s)
        return CALFPUMP_E_NULL;
    if (!y_out)
        return cfp_fail(s->errmsg, CALFPUMP_E_NULL, "output state is NULL");
    if (!s->started)
        return cfp_fail(s->errmsg, CALFPUMP_E_STATE, "call calfpump_solver_init() first");
    if (!cfp_finite(t_out))
        return cfp_fail(s->errmsg, CALFPUMP_E_RANGE, "t_out %g is not finite", t_out);
    dense = cfp_solver_has_dense(s);
    if (t_out < s->t_step0 || (!dense && t_out < s->t) || (s->steps == 0 && t_out < s->t))
        return cfp_fail(s->errmsg, CALFPUMP_E_RANGE,
                        "t_out = %g is before the current step [%g, %g]", t_out, s->t_step0, s->t);
    if (dense) {
        /* Step freely (never past t_stop) and interpolate: output times do
         * not cut the steps. */
        if (t_out > s->t_stop)
            return cfp_fail(s->errmsg, CALFPUMP_E_RANGE, "t_out = %g is beyond t_stop = %g", t_out,
                            s->t_stop);
        while (s->t < t_out)
            if ((st = cfp_solver_step(s, s->t_stop)))
                return st;
        if (t_out < s->t)
            return cfp_solver_dense(s, t_out, y_out);
    } else {
        while (s->t < t_out)
            if ((st = cfp_solver_step(s, t_out)))
                return st;
    }
    memcpy(y_out, s->y, s->ctx.ode.dim * sizeof *y_out);
    return CALFPUMP_OK;
}

double calfpump_solver_time(const calfpump_solver *s) { return s ? s->t : cfp_nan(); }

int calfpump_solver_stat(const calfpump_solver *s, const char *name, double *value)
{
    if (!s)
        return CALFPUMP_E_NULL;
    if (!name || !value)
        return CALFPUMP_E_NULL;
    if (strcmp(name, "steps") == 0) *value = (double)s->steps;
    else if (strcmp(name, "rejected") == 0) *value = (double)s->ctx.rejected;
    else if (strcmp(name, "rhs_evals") == 0) *value = (double)s->ctx.rhs_evals;
    else if (strcmp(name, "jac_evals") == 0) *value = (double)s->ctx.jac_evals;
    else if (strcmp(name, "lu_decomps") == 0) *value = (double)s->ctx.lu_decomps;
    else
        return cfp_fail(s->errmsg, CALFPUMP_E_NOTFOUND,
                        "unknown statistic '%s' (steps, rejected, rhs_evals, jac_evals, lu_decomps)", name);
    return CALFPUMP_OK;
}
