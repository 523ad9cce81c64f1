/**
 * @file calfpump/cvode.h
 * @brief Optional integrator plug-in: SUNDIALS CVODE (variable-order BDF).
 *
 * A separate library, libcalfpump_cvode (pkg-config: calfpump_cvode),
 * built when libcalfpump is configured with SUNDIALS (>= 6).  It
 * provides one plug-in table for the interface of calfpump/sys/integrator.h:
 *
 * @code
 *   #include <calfpump/cvode.h>
 *   calfpump_sim_set_integrator_ops(sim, calfpump_cvode_integrator());
 *   calfpump_solver_new(&solver, &ode, calfpump_cvode_integrator());
 * @endcode
 *
 * The plug-in, named "cvode", integrates with CVODE's BDF method (orders 1
 * to 5) and Newton iterations on a dense linear system whose Jacobian is
 * the library's (the ODE's analytic Jacobian or finite differences that
 * use its sparsity pattern).  It honours rtol, atol, h_init, h_min and
 * h_max, provides dense output, and reports rejected steps (error-test and
 * nonlinear-solver failures) and LU factorisations in the usual statistics.
 *
 * No SUNDIALS type appears here: a program that uses this header needs
 * neither the SUNDIALS headers nor its libraries to compile.
 */
#ifndef CALFPUMP_CVODE_H
#define CALFPUMP_CVODE_H

#include <calfpump/sys/integrator.h>

/**
 * @def CALFPUMP_CVODE_API
 * Export macro of libcalfpump_cvode (its own, so that the checks of
 * libcalfpump's symbol map do not claim these functions); see
 * #CALFPUMP_API.
 */
#if defined(_WIN32) && !defined(CALFPUMP_STATIC)
#  ifdef CALFPUMP_CVODE_BUILDING
#    define CALFPUMP_CVODE_API __declspec(dllexport)
#  else
#    define CALFPUMP_CVODE_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#  define CALFPUMP_CVODE_API __attribute__((visibility("default")))
#else
#  define CALFPUMP_CVODE_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** The "cvode" integrator table (static: do not free; pass it to
 *  calfpump_sim_set_integrator_ops() or calfpump_solver_new()).
 *  @return the table; never NULL. */
CALFPUMP_CVODE_API const calfpump_integrator_ops *calfpump_cvode_integrator(void);

/** Version of SUNDIALS the plug-in was built with.
 *  @return a static string, e.g. "6.4.1". */
CALFPUMP_CVODE_API const char *calfpump_cvode_version_string(void);

#ifdef __cplusplus
}
#endif
#endif /* CALFPUMP_CVODE_H */
