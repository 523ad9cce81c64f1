/**
 * @file calfpump/sys/integrator.h
 * @brief Systems tier: ODE solvers and the integrator plug-in interface.
 *
 * This header is the "systems API" of libcalfpump (like libgit2's
 * git2/sys/).  It lets a program
 *  - solve any ODE y' = f(t, y) with the library's integrators
 *    (#calfpump_solver), not only a leg model;
 *  - bring its own integrator as a plug-in: a table of function pointers
 *    (#calfpump_integrator_ops) that starts with its size and ABI version.
 *
 * Stability: the plug-in table may grow in later ABI versions, only by
 * appending members.  The library accepts a table from any ABI version from
 * 1 up to #CALFPUMP_INTEGRATOR_ABI and any size at least that of version 1;
 * it copies the table into a zeroed internal one, so members an older
 * plug-in does not know read as NULL.  A table that claims a newer ABI
 * than the library knows is rejected with #CALFPUMP_E_ABI.
 *
 * Nothing is global: a plug-in table is passed to the solver or simulation
 * that uses it, and the library never keeps the caller's pointer.
 */
#ifndef CALFPUMP_SYS_INTEGRATOR_H
#define CALFPUMP_SYS_INTEGRATOR_H

#include <stdint.h>
#include <calfpump.h>

#ifdef __cplusplus
extern "C" {
#endif

/** ABI version of #calfpump_integrator_ops this header describes. */
#define CALFPUMP_INTEGRATOR_ABI 1

/* ------------------------------------------------------------------ */
/** @defgroup ode ODE description
 *  @{ */

/**
 * Right-hand side f(t, y) -> dydt.  Returns 0 on success, a positive value
 * for a recoverable failure (the integrator retries with a smaller step,
 * e.g. when y left the function's domain), a negative value for a fatal
 * error (the solve stops with #CALFPUMP_E_CALLBACK).
 */
typedef int (*calfpump_rhs_fn)(double t, const double *y, double *dydt, void *user);

/**
 * Optional Jacobian J = df/dy at (t, y), dense and row-major:
 * jac[i * dim + j] = d f_i / d y_j.  fy holds f(t, y).  Same return
 * convention as #calfpump_rhs_fn.
 */
typedef int (*calfpump_jac_fn)(double t, const double *y, const double *fy, double *jac,
                               void *user);

/**
 * An ODE.  Initialise with calfpump_ode_init() (which sets struct_size), then
 * fill in the members; later versions only append members.
 */
typedef struct calfpump_ode {
    size_t struct_size;        /**< sizeof(calfpump_ode) as the caller compiled it */
    size_t dim;                /**< number of equations, > 0 */
    calfpump_rhs_fn rhs;       /**< required */
    calfpump_jac_fn jac;       /**< optional analytic Jacobian (NULL: finite differences) */
    const unsigned char *jac_pattern; /**< optional dim*dim row-major 0/1 sparsity of J
                                            (NULL: dense); used by finite differences */
    void *user;                /**< passed to rhs and jac */
} calfpump_ode;

/** Zero @p ode and set its struct_size (for callers that cannot use
 *  sizeof, e.g. FFI bindings: pass the size they allocated).
 *  @param[out] ode    the structure to initialise
 *  @param struct_size its size in bytes: sizeof(calfpump_ode), or the
 *                     size an FFI caller allocated
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_ABI (smaller than
 *          the first version of the structure). */
CALFPUMP_API int calfpump_ode_init(calfpump_ode *ode, size_t struct_size);

/** @} */

/* ------------------------------------------------------------------ */
/** @defgroup plugin Integrator plug-ins
 *  @{ */

/** Evaluation context handed to a plug-in: the ODE being solved, seen
 *  only through the functions below.  Owned by the library. */
typedef struct calfpump_odectx calfpump_odectx;

/** Dimension of the ODE.
 *  @param c evaluation context
 *  @return the number of equations; 0 if @p c is NULL. */
CALFPUMP_API size_t calfpump_odectx_dim(const calfpump_odectx *c);
/**
 * Evaluate f(t, y).  Returns 0, 1 if the evaluation failed recoverably
 * (the callback asked for it, or the result is not finite: retry with a
 * smaller step), or #CALFPUMP_E_CALLBACK (fatal: return it from step).
 * Counted in the "rhs_evals" statistic.
 * @param c         evaluation context
 * @param t         time
 * @param y         state (dim values)
 * @param[out] dydt receives f(t, y) (dim values)
 * @return 0, 1 (recoverable), #CALFPUMP_E_CALLBACK, #CALFPUMP_E_NULL.
 */
CALFPUMP_API int calfpump_odectx_rhs(calfpump_odectx *c, double t, const double *y, double *dydt);
/**
 * Evaluate the dense row-major Jacobian at (t, y) with fy = f(t, y):
 * the ODE's analytic Jacobian if it has one, otherwise forward
 * differences that use the sparsity pattern (columns that share no row are
 * perturbed together).  Same returns as calfpump_odectx_rhs().  Counted in
 * "jac_evals" (and its function evaluations in "rhs_evals").
 * @param c        evaluation context
 * @param t        time
 * @param y        state (dim values)
 * @param fy       f(t, y) (dim values)
 * @param[out] jac receives the Jacobian, dim * dim values, row-major
 * @return 0, 1 (recoverable), #CALFPUMP_E_CALLBACK, #CALFPUMP_E_NULL.
 */
CALFPUMP_API int calfpump_odectx_jac(calfpump_odectx *c, double t, const double *y,
                                     const double *fy, double *jac);
/** Report @p n rejected step attempts (for the "rejected" statistic).
 *  @param c evaluation context (NULL is ignored)
 *  @param n number of rejected attempts to add */
CALFPUMP_API void calfpump_odectx_add_rejected(calfpump_odectx *c, unsigned long n);
/** Report @p n LU factorisations (for the "lu_decomps" statistic).
 *  @param c evaluation context (NULL is ignored)
 *  @param n number of factorisations to add */
CALFPUMP_API void calfpump_odectx_add_lu(calfpump_odectx *c, unsigned long n);

/** Integrator options, read by a plug-in's create(). */
typedef struct calfpump_integrator_options {
    size_t struct_size;   /**< sizeof as the library compiled it */
    double rtol, atol;    /* relative and absolute tolerance (adaptive methods) */
    double h;             /**< fixed step (fixed-step methods), s */
    double h_init;        /**< first step; 0 = the method chooses */
    double h_min, h_max;  /* step bounds; h_max 0 = none */
} calfpump_integrator_options;
/** @var calfpump_integrator_options::rtol
 *  Relative tolerance (adaptive methods). */
/** @var calfpump_integrator_options::atol
 *  Absolute tolerance (adaptive methods). */
/** @var calfpump_integrator_options::h_min
 *  Smallest step, s (adaptive methods). */
/** @var calfpump_integrator_options::h_max
 *  Largest step, s; 0 = no limit. */

/** Capability flags of a plug-in. */
enum calfpump_integrator_caps {
    CALFPUMP_CAP_ADAPTIVE = 1u, /**< controls its own step from rtol/atol */
    CALFPUMP_CAP_DENSE = 2u,    /**< provides interpolate() inside the last step */
    CALFPUMP_CAP_IMPLICIT = 4u  /**< uses the Jacobian (suits stiff problems) */
};

/**
 * An integrator: a table of function pointers that starts with its size
 * and ABI version.  All functions return 0 or a status.  The library
 * validates the table (create, destroy, restart, step and name are
 * required) and copies it; initialise it with
 * calfpump_integrator_ops_init().
 */
typedef struct calfpump_integrator_ops {
    uint32_t struct_size;   /**< sizeof(calfpump_integrator_ops) as the plug-in compiled it */
    uint32_t abi_version;   /**< CALFPUMP_INTEGRATOR_ABI the plug-in was written for */
    const char *name;       /**< short unique name, e.g. "heun" */
    uint32_t caps;          /**< #calfpump_integrator_caps */
    unsigned order;         /**< order of accuracy */
    /** create(state, dim, opts, plugin_data): allocate the method's state
     *  for an ODE of dim equations, with the options @c opts and the
     *  table's plugin_data, and all of its workspace (step() must not
     *  allocate); store it in *state.  Return 0 or a negative status
     *  (#CALFPUMP_E_NOMEM). */
    int (*create)(void **state, size_t dim, const calfpump_integrator_options *opts,
                  void *plugin_data);
    /** destroy(state): free the state (called with any state create()
     *  returned). */
    void (*destroy)(void *state);
    /** restart(state, ctx, t, y): (re)start at (t, y); called before the
     *  first step and after every discontinuity of the right-hand side.
     *  Evaluate the ODE through @c ctx (calfpump_odectx_rhs()).  Return 0
     *  or a negative status. */
    int (*restart)(void *state, calfpump_odectx *ctx, double t, const double *y);
    /** step(state, ctx, t, y, t_limit): take one accepted step from
     *  (*t, y) without passing t_limit; update *t and y.  Return 0; a
     *  positive value for a recoverable failure (the library calls step
     *  again, at most 20 times in a row, then stops with
     *  #CALFPUMP_E_STEPSIZE: reduce your step before returning it); or a
     *  negative #calfpump_status that stops the solve
     *  (#CALFPUMP_E_STEPSIZE, #CALFPUMP_E_NONFINITE, #CALFPUMP_E_CALLBACK,
     *  ...; unknown negative values are reported as
     *  #CALFPUMP_E_CALLBACK). */
    int (*step)(void *state, calfpump_odectx *ctx, double *t, double *y, double t_limit);
    /** interpolate(state, t, y_out): dense output: write y(t) for t inside
     *  the last step into y_out.  Return 0 or a negative status.  NULL if
     *  the method has none (the library then makes steps end on the
     *  output times). */
    int (*interpolate)(const void *state, double t, double *y_out);
    void *plugin_data;      /**< passed to create() */
    /* ABI 1 ends here; later versions append members only. */
} calfpump_integrator_ops;

/** Size of the version-1 table: the smallest table the library accepts. */
#define CALFPUMP_INTEGRATOR_OPS_V1_SIZE \
    (offsetof(calfpump_integrator_ops, plugin_data) + sizeof(void *))

/** Zero @p ops and set struct_size and abi_version (for FFI callers).
 *  @param[out] ops    the table to initialise
 *  @param struct_size its size in bytes: sizeof(calfpump_integrator_ops),
 *                     or the size an FFI caller allocated
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_ABI (smaller than
 *          #CALFPUMP_INTEGRATOR_OPS_V1_SIZE). */
CALFPUMP_API int calfpump_integrator_ops_init(calfpump_integrator_ops *ops, size_t struct_size);

/** The built-in integrator called @p name ("dopri5", "rk4", "rodas"...),
 *  or NULL.  calfpump_integrator_count()/calfpump_integrator_name() list
 *  them.  The table is static: do not free it.
 *  @param name integrator name
 *  @return the table, or NULL if no built-in integrator has that name. */
CALFPUMP_API const calfpump_integrator_ops *calfpump_integrator_builtin(const char *name);

/** Use a plug-in (or built-in) integrator table for a simulation.  The
 *  table is validated and copied.  Same state rule as
 *  calfpump_sim_set_integrator().
 *  @param s   simulation
 *  @param ops the integrator table (copied)
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_ABI (a table of an
 *          unknown ABI version or too small), #CALFPUMP_E_INVAL (a
 *          required member is missing), #CALFPUMP_E_STATE (the run has
 *          started). */
CALFPUMP_API int calfpump_sim_set_integrator_ops(calfpump_sim *s, const calfpump_integrator_ops *ops);

/** @} */

/* ------------------------------------------------------------------ */
/** @defgroup solver Solving any ODE
 *  @{ */

/** An ODE solver: an ODE, an integrator and its state. */
typedef struct calfpump_solver calfpump_solver;

/**
 * Create a solver for @p ode with integrator @p ops (NULL: "dopri5").
 * Both are validated and copied.  Options start at rtol = atol = 1e-6,
 * h = 1e-3, h_init = 0, h_min = 0, h_max = 0, max_steps = 1e9.
 * @param[out] out receives the solver; set to NULL on failure
 * @param ode      the ODE (copied), set up with calfpump_ode_init()
 * @param ops      the integrator (copied), or NULL for "dopri5"
 * @return #CALFPUMP_OK; #CALFPUMP_E_NULL; #CALFPUMP_E_ABI (struct_size of
 *         @p ode or @p ops not supported); #CALFPUMP_E_INVAL (dim is 0 or
 *         over 100000, no rhs, or an invalid table); #CALFPUMP_E_NOMEM.
 *         There is no handle for the message: check the arguments.
 */
CALFPUMP_API int calfpump_solver_new(calfpump_solver **out, const calfpump_ode *ode,
                                     const calfpump_integrator_ops *ops);
/** Free a solver; NULL is accepted.
 *  @param s the solver, or NULL */
CALFPUMP_API void calfpump_solver_free(calfpump_solver *s);
/** Detailed message about the last failure on this solver. Never NULL.
 *  @param s the solver (NULL gives a message saying so)
 *  @return the message ("" if none), valid until the next call on @p s. */
CALFPUMP_API const char *calfpump_solver_errmsg(const calfpump_solver *s);
/** Set an option: "rtol", "atol", "h", "h_init", "h_min", "h_max",
 *  "max_steps", "t_stop" (a dense integrator never steps past it: put it
 *  at a discontinuity or the end of the right-hand side's domain, and
 *  call calfpump_solver_init() again at a discontinuity, since a step
 *  across one, above all a Rosenbrock step with the Jacobian of one side,
 *  can be accepted with an error far above the tolerance; default none).  Takes effect at the next calfpump_solver_init().
 *  @param s     solver
 *  @param name  option name
 *  @param value new value (finite, within the option's bounds)
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_NOTFOUND,
 *          #CALFPUMP_E_RANGE. */
CALFPUMP_API int calfpump_solver_set_option(calfpump_solver *s, const char *name, double value);
/** Start (or restart) at time @p t0 with state @p y0 (dim values).
 *  @param s  solver
 *  @param t0 initial time (finite)
 *  @param y0 initial state, dim finite values (copied)
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_RANGE (not finite),
 *          or a failure of the integrator's restart(). */
CALFPUMP_API int calfpump_solver_init(calfpump_solver *s, double t0, const double *y0);
/** Integrate to @p t_out and write y(t_out) into @p y_out (dim values).
 *  An integrator with dense output steps on past t_out (up to t_stop) and
 *  interpolates, so output times do not shorten its steps; t_out may then
 *  lie anywhere in the last step.  Others end a step exactly at t_out.
 *  @param s          solver
 *  @param t_out      output time: not before the last step, not past
 *                    t_stop
 *  @param[out] y_out receives y(t_out), dim values
 *  @return #CALFPUMP_OK; #CALFPUMP_E_NULL; #CALFPUMP_E_STATE (before
 *          calfpump_solver_init()); #CALFPUMP_E_RANGE (@p t_out not
 *          finite or out of reach); #CALFPUMP_E_STEPSIZE,
 *          #CALFPUMP_E_MAXSTEPS, #CALFPUMP_E_NONFINITE,
 *          #CALFPUMP_E_CALLBACK or another status of the integrator. */
CALFPUMP_API int calfpump_solver_advance(calfpump_solver *s, double t_out, double *y_out);
/** Current time of the integrator (the end of its last step).
 *  @param s solver
 *  @return the time; NaN if @p s is NULL. */
CALFPUMP_API double calfpump_solver_time(const calfpump_solver *s);
/** Read a statistic: "steps", "rejected", "rhs_evals", "jac_evals",
 *  "lu_decomps".
 *  @param s          solver
 *  @param name       statistic name
 *  @param[out] value receives the count
 *  @return #CALFPUMP_OK, #CALFPUMP_E_NULL, #CALFPUMP_E_NOTFOUND. */
CALFPUMP_API int calfpump_solver_stat(const calfpump_solver *s, const char *name, double *value);

/** @} */

#ifdef __cplusplus
}
#endif
#endif /* CALFPUMP_SYS_INTEGRATOR_H */
