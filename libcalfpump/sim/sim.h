/* Simulation: model + protocol + integrator + recorder. */
#ifndef CFP_SIM_H
#define CFP_SIM_H

#include "ode/solver.h"
#include "equations/physics.h"
#include "drive/protocol.h"
#include "sim/trace.h"

/* Column layout of the trace. */
typedef struct cfp_cols {
    size_t t, act;      /* act: 3 activation columns */
    size_t V, P, Qin;   /* nc each */
    size_t Q;           /* ne */
    size_t zeta;        /* nv */
    size_t vtot, in, out, count;
} cfp_cols;

struct calfpump_sim {
    calfpump_model *m;
    calfpump_protocol *p;
    double *seg_t0;           /* segment start times, nseg + 1 */
    cfp_phys ph;
    calfpump_integrator_ops ops;      /* validated copy of the chosen table */
    calfpump_integrator_options o;
    double max_steps, out_dt;
    calfpump_solver *solver;  /* created when the run starts */
    double *y, *yo, *dy;      /* initial state, output scratch, derivative scratch */
    double t_done;            /* outputs are recorded up to here */
    double t_end, v_start;
    size_t seg;               /* segment of the integrator's current step */
    int running, restart, failed;
    cfp_trace tr;
    cfp_cols c;
    char *mnames;             /* metric names, CFP_COLNAME_MAX each */
    size_t mcount;
    char errmsg[CFP_MSG_SIZE];
};

/* Metrics module entry points. */
int cfp_metrics_names(calfpump_sim *s);
int cfp_metric_eval(calfpump_sim *s, const char *name, double *v);

#endif
