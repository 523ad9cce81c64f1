/* ODE solver: an ODE, a validated copy of an integrator table and its
 * state.  The simulation drives one of these; users get it through
 * calfpump/sys/integrator.h. */
#ifndef CFP_SOLVER_H
#define CFP_SOLVER_H

#include "base/internal.h"
#include "base/sparse.h"
#include "calfpump/sys/integrator.h"

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
    double *fd_y, *fd_f;         /* dim each */
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
/* The Jacobian's sparsity by row (dim rows), for the finite differences,
 * instead of ode.jac_pattern; it must outlive s.  Call before the first
 * step. */
void cfp_solver_set_pattern(calfpump_solver *s, const cfp_sparse *rows);
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
