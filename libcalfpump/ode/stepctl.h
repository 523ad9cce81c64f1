/* Step-size selection shared by the adaptive integrators (dopri5.c,
 * rodas.c): the starting step, the controller that turns an error norm
 * into the next step, and the bookkeeping of accepted, rejected and
 * failed attempts.  What legitimately differs between the methods -- the
 * order of the error estimate, the safety factor, the limits on the change
 * of h -- comes in a cfp_ctlpar.
 *
 * dopri5 uses the PI controller (with the previous error norm), rodas
 * Gustafsson's predictive controller (with the previous step too). */
#ifndef CFP_STEPCTL_H
#define CFP_STEPCTL_H

#include <stddef.h>
#include "calfpump/sys/integrator.h"

/* Constants of a method's controller. */
typedef struct cfp_ctlpar {
    double safe;    /* safety factor on the optimal step */
    double expo;    /* 1 / (q + 1), q the order of the error estimate */
    double fac_min; /* smallest h_new / h */
    double fac_max; /* largest h_new / h */
    double beta;    /* weight of the previous error in the PI controller */
} cfp_ctlpar;

/* Where a method stands in its sequence of step sizes. */
typedef struct cfp_stepctl {
    double h;      /* next step to try */
    int rejected;  /* the last attempt was rejected */
    int nonfinite; /* ... because an evaluation failed or was not finite */
} cfp_stepctl;

/* Memory of Gustafsson's predictive controller: the last accepted step
 * and its error norm. */
typedef struct cfp_predctl {
    double h_acc, err_acc;
} cfp_predctl;

/* f(t, y) into f at the start of an integration.  Returns 0, or an error
 * status: a recoverable failure cannot be retried with a smaller step
 * here and is reported as CALFPUMP_E_NONFINITE. */
int cfp_stepctl_f0(calfpump_odectx *c, double t, const double *y, double *f);

/* Starting step into *h: o->h_init if set, else estimated from f0 =
 * f(t, y) and one explicit Euler probe (yt and f1: scratch of n each);
 * then at most o->h_max.  Returns 0, or the status of a fatal
 * evaluation. */
int cfp_stepctl_initial(double *h, calfpump_odectx *c, const calfpump_integrator_options *o,
                        size_t n, double t, const double *y, const double *f0, double *yt,
                        double *f1);

/* PI controller (Gustafsson; Lund stabilisation as in Hairer's DOPRI5):
 * h_new = h safe err^-(expo - 0.75 beta) err_old^beta, where *err_old is
 * the error norm of the last accepted step (start it at 1e-4 with
 * cfp_pictl_reset()).  The memory damps the cycling of the plain
 * controller where the step is bounded by stability rather than accuracy.
 * With beta = 0 it is the standard controller. */
void cfp_pictl_reset(double *err_old);
double cfp_stepctl_pi_accept(double *err_old, const cfp_ctlpar *p, double h, double err,
                             int rejected);
double cfp_stepctl_pi_reject(const cfp_ctlpar *p, double h, double err);

/* Predictive controller, quotient form: the same two, with the memory m
 * (reset it with cfp_predctl_reset() when the integration restarts). */
void cfp_predctl_reset(cfp_predctl *m);
double cfp_stepctl_pred_accept(cfp_predctl *m, const cfp_ctlpar *p, double h, double err,
                               int rejected);
double cfp_stepctl_pred_reject(const cfp_ctlpar *p, double h, double err);

/* An accepted step: h_new is the next step, except that a last step cut
 * short to end at the limit does not shrink it. */
void cfp_stepctl_accepted(cfp_stepctl *s, double h_new, int last);
/* A rejected attempt: retry with h_new. */
void cfp_stepctl_retry(cfp_stepctl *s, calfpump_odectx *c, double h_new);
/* An evaluation of the attempt with step h returned rc != 0.  A
 * recoverable failure (rc == 1) retries with h / 4 and returns 0; any
 * other rc is fatal and returned (as a negative status). */
int cfp_stepctl_failed(cfp_stepctl *s, calfpump_odectx *c, double h, int rc);
/* Status when the step has become too small: a run of non-finite
 * evaluations is reported as such. */
int cfp_stepctl_giveup(const cfp_stepctl *s);

#endif
