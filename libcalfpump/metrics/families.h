/* The metric families: evaluation functions the registry's rows point to.
 * Each takes the run view, an element index (valve connection or
 * compartment; unused for whole-run metrics) and the row's field. */
#ifndef CFP_FAMILIES_H
#define CFP_FAMILIES_H

#include "metrics/metrics.h"

enum { CFP_AVP_REST, CFP_AVP_EXERCISE, CFP_AVP_FALL, CFP_AVP_RT90 };
enum { CFP_APG_VV, CFP_APG_VFI, CFP_APG_EV, CFP_APG_EF, CFP_APG_RV, CFP_APG_RVF };
enum { CFP_REFLUX_VOLUME, CFP_REFLUX_DURATION, CFP_REFLUX_PEAK, CFP_REFLUX_EPISODES,
       CFP_REFLUX_FLAG };
enum { CFP_STASIS_VELOCITY, CFP_STASIS_RESIDENCE, CFP_STASIS_LOW_FLOW };
enum { CFP_CYCLE_EJECTION, CFP_CYCLE_STEADY_CYCLES, CFP_CYCLE_STEADY_TIME };
enum { CFP_RUN_RETURN_MEAN, CFP_RUN_RETURN_TOTAL, CFP_RUN_CONSERVATION, CFP_RUN_PERFUSION,
       CFP_RUN_SINUS_RESIDENCE, CFP_RUN_FLAGGED };
enum { CFP_SOLVER_STEPS, CFP_SOLVER_REJECTED, CFP_SOLVER_RHS, CFP_SOLVER_JAC, CFP_SOLVER_LU };

int cfp_metric_avp(const cfp_run_view *v, size_t e, int field, double *out);
int cfp_metric_apg(const cfp_run_view *v, size_t e, int field, double *out);
int cfp_metric_reflux(const cfp_run_view *v, size_t e, int field, double *out);
int cfp_metric_stasis(const cfp_run_view *v, size_t e, int field, double *out);
int cfp_metric_cycles(const cfp_run_view *v, size_t e, int field, double *out);
int cfp_metric_run(const cfp_run_view *v, size_t e, int field, double *out);
int cfp_metric_solver(const cfp_run_view *v, size_t e, int field, double *out);

#endif
