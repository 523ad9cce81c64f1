/* ODE solver: an ODE, a validated copy of an integrator table and its
 * state.  The simulation drives one of these; users get it through
 * calfpump/sys/integrator.h. */
#ifndef CFP_SOLVER_H
#define CFP_SOLVER_H

#include "base/internal.h"
#include "base/sparse.h"
#include "calfpump/sys/integrator.h"

/* A Jacobian into the values of the pattern's entries, in its order;
 * returns as calfpump_ode's jac does. */
typedef int (*cfp_jac_csr_fn)(double t, const double *y, const cfp_sparse *pattern,
                              double *val, void *user);

struct calfpump_odectx {
    calfpump_ode ode;            /* copy of the caller's description */
    unsigned long rhs_evals, jac_evals, rejected, lu_decomps;
    /* Finite-difference Jacobian, built at its first use (integrators
     * that never ask for a Jacobian never pay for it). */
    const cfp_sparse *rows;      /* the library's own pattern by row, or NULL */
    cfp_sparse own_rows;         /* ode.jac_pattern by row */
    cfp_sparse cols;             /* the pattern by column */
    int fd_ready;                /* the grouping below is built */
    int *gcol;                   /* dim: the columns, ordered by group */
    size_t *gstart;              /* ngroups + 1: group g is gcol[gstart[g] .. gstart[g+1]) */
    int ngroups;
    size_t *cpos;                /* the pattern by column: each entry's place by row */
    double *fd_y, *fd_f;         /* dim each */
    cfp_jac_csr_fn jac_csr;      /* the library's Jacobian by its pattern, or NULL */
};

struct calfpump_solver {
    calfpump_odectx ctx;
    calfpump_integrator_ops ops; /* zero-filled copy */
    void *state;
    calfpump_integrator_options opts;
    double max_steps;
    double t_stop;               /* dense integrators never step past it */
    unsigned long steps;
    double t, *y;
    double t_step0;              /* start of the last accepted step */
    int started;
    char *errmsg;                /* message slot (cfp_msg_new) */
};

/* Validate a caller's table and copy it into a zeroed *dst. */
int cfp_ops_copy(calfpump_integrator_ops *dst, const calfpump_integrator_ops *src, char *msg);
/* Allocate the integrator state (opts already set) and start at (t, y). */
int cfp_solver_start(calfpump_solver *s, double t, const double *y);
/* Restart after a discontinuity at the current (t, y). */
int cfp_solver_restart(calfpump_solver *s);
/* One accepted step towards t_limit (never past it). */
int cfp_solver_step(calfpump_solver *s, double t_limit);
/* y at time t inside the last step (dense output) into out. */
int cfp_solver_dense(calfpump_solver *s, double t, double *out);
int cfp_solver_has_dense(const calfpump_solver *s);
/* The Jacobian's sparsity by row (dim rows), for the finite differences
 * and the sparse linear algebra of large systems, instead of
 * ode.jac_pattern, and (jac, or NULL: differences) its evaluation by that
 * pattern; rows must outlive s.  Call before the first step. */
void cfp_solver_set_pattern(calfpump_solver *s, const cfp_sparse *rows, cfp_jac_csr_fn jac);
/* The Jacobian's pattern by row (the library's or ode.jac_pattern's), or
 * NULL: none, or out of memory. */
const cfp_sparse *cfp_odectx_pattern(calfpump_odectx *c);
/* Non-zero when cfp_odectx_jac_csr() can be used: a pattern and either
 * the library's sparse Jacobian or finite differences (no dense jac). */
int cfp_odectx_has_csr(calfpump_odectx *c);
/* The Jacobian into the values of the pattern's entries (counted as a
 * Jacobian evaluation); a status as calfpump_odectx_jac()'s. */
int cfp_odectx_jac_csr(calfpump_odectx *c, double t, const double *y, const double *fy,
                       double *val);
/* The default options. */
void cfp_solver_default_options(calfpump_integrator_options *o);

/* Built-in tables. */
extern const calfpump_integrator_ops cfp_rk4_ops;
extern const calfpump_integrator_ops cfp_dopri5_ops;
extern const calfpump_integrator_ops cfp_rodas_ops;
extern const calfpump_integrator_ops cfp_auto_ops;
/* The simulations' default integrator (calfpump_integrator_default()). */
#define cfp_default_ops cfp_auto_ops

/* What "auto" (auto.c) needs of the methods it switches between: the
 * stiffness estimate h |lambda| of dopri5's last step, the spectral radius
 * of rodas's Jacobian, and the next step of each (to read and to set after
 * a restart). */
double cfp_dopri5_hlambda(const void *state);
double cfp_dopri5_next_h(const void *state);
void cfp_dopri5_set_h(void *state, double h);
double cfp_rodas_rho(void *state);
/* ROS2 (ros2.c): not a built-in of its own, "auto" runs it where the step
 * is held at h_max. */
extern const calfpump_integrator_ops cfp_ros2_ops;
double cfp_ros2_next_h(const void *state);
void cfp_ros2_set_h(void *state, double h);
double cfp_rodas_next_h(const void *state);
void cfp_rodas_set_h(void *state, double h);

/* Weighted RMS norm of err relative to atol + rtol*max(|y0|,|y1|). */
double cfp_err_norm(size_t n, const double *err, const double *y0, const double *y1,
                    double rtol, double atol);

#endif
