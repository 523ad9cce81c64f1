/* euler_plugin.h -- the test plug-in of check_plugin and check_plugin_step:
 * explicit Euler through the public plug-in ABI (calfpump/sys/integrator.h),
 * whose plugin_data is a control block that makes it misbehave on demand
 * (fail in create, return statuses from step) and counts what the library
 * does with it; and the drivers both programs run it through. */
#ifndef CFP_TEST_EULER_PLUGIN_H
#define CFP_TEST_EULER_PLUGIN_H

#include <stddef.h>
#include <stdint.h>
#include <calfpump.h>
#include <calfpump/sys/integrator.h>

#define OUT_DT 0.05  /* output interval of every simulation, s */
#define LEG_T 5.0    /* duration of the hand-built protocol, s */
#define EULER_H 1e-3 /* Euler step on the leg, s */

typedef struct plug_ctl {
    /* behaviour */
    int create_status;         /* returned by create() (0: succeed) */
    int create_null;           /* succeed but leave *state NULL */
    int restart_status;        /* returned by restart() */
    unsigned long fail_from;   /* step call number (1-based) that fails first; 0: none */
    unsigned long fail_times;  /* consecutive failing calls; 0: all from fail_from on */
    int fail_code;             /* what a failing step() returns */
    /* what the library did */
    unsigned long creates, destroys, live, restarts;
    unsigned long step_calls, step_ok, step_failed, max_fail_run, fail_run;
    unsigned long interps;
    size_t dim_seen;
    double h_seen;
} plug_ctl;

/* The version-1 table as a plug-in written against ABI 1 declares it,
 * without the library's header type. */
typedef struct v1_ops {
    uint32_t struct_size, abi_version;
    const char *name;
    uint32_t caps;
    unsigned order;
    int (*create)(void **, size_t, const calfpump_integrator_options *, void *);
    void (*destroy)(void *);
    int (*restart)(void *, calfpump_odectx *, double, const double *);
    int (*step)(void *, calfpump_odectx *, double *, double *, double);
    int (*interpolate)(const void *, double, double *);
    void *plugin_data;
} v1_ops;

/* The plug-in's interpolate(): linear inside the last step (euler_ops()
 * leaves the table without it). */
int euler_interpolate(const void *state, double t, double *y_out);

/* A complete table for the plug-in with control block ctl (zeroed). */
calfpump_integrator_ops euler_ops(plug_ctl *ctl);

/* Solve y' = -y, y(0) = 1 to t = 1 with step 0.01 through calfpump_solver
 * and table ops; *y gets y(1).  Returns the status of creation, init or
 * advance; *msg (may be NULL) gets the solver's message. */
int solve_decay(const calfpump_integrator_ops *ops, double *y, char *msg, size_t msgsize);

/* The default leg on a 5 s protocol built by hand: stand still 2 s, then
 * walk 3 s (one segment boundary, so one restart after the first). */
calfpump_sim *leg_sim(void);

/* Last value of trace column name. */
double trace_last(const calfpump_sim *s, const char *name);

/* Run the leg with table ops; returns the run's status. */
int run_leg(const calfpump_integrator_ops *ops);

#endif
