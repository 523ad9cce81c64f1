/* The system of equations: state layout and right-hand side.
 *
 * State vector y:
 *   [0, nc)            V_i, compartment volumes (mL)
 *   [nc, nc+nv)        zeta, valve opening states (0..1)
 *   [.., +ni)          Q_e of connections with inertance (mL/s)
 *   i_hyp              filtered calf activation driving hyperaemia (0..1)
 *   i_in, i_out        cumulative capillary inflow and outflow to the
 *                      right atrium (mL), for the conservation check
 */
#ifndef CFP_PHYSICS_H
#define CFP_PHYSICS_H

#include "drive/drive.h"
#include "model/model.h"

/* The drive at time tau after the segment's start into d; returns 0, a
 * positive value (recoverable) or a negative one (fatal). */
typedef int (*cfp_drive_fn)(void *ctx, double tau, cfp_drive *d);

typedef struct cfp_phys {
    const calfpump_model *m;
    size_t nc, ne, nv, ni, dim;
    int *zeta_idx;  /* per connection: state index of zeta, or -1 */
    int *q_idx;     /* per connection: state index of Q, or -1 */
    size_t n_vol;   /* volumes that must settle: [0, n_vol) */
    size_t i_hyp, i_in, i_out;
    unsigned char *pattern; /* dim*dim structural non-zeros of the Jacobian */
    /* What drives the leg, set per segment by the simulation: drive_fn
     * fills the drive at time tau after t0; the heights blend from z_from
     * to z_to over the posture transition. */
    cfp_drive_fn drive_fn;
    void *drive_ctx;
    double t0;
    double *z_from, *z_to;
    /* outputs of the last evaluation (cfp_phys_rhs or cfp_phys_observe) */
    double *P, *Q, *Qin, *z;
    double *scratch;        /* derivatives of cfp_phys_observe, discarded */
    cfp_drive drive;
} cfp_phys;

int cfp_phys_init(cfp_phys *ph, const calfpump_model *m);
void cfp_phys_free(cfp_phys *ph);
/* Drive from t0 on: fn(ctx, t - t0, ...); the caller fills z_from and
 * z_to (heights, cm, before and after the posture change at t0). */
void cfp_phys_set_drive(cfp_phys *ph, cfp_drive_fn fn, void *ctx, double t0);
/* Right-hand side, integrator signature.  Returns 0, or 1 (recoverable)
 * when the state is outside the model's domain (non-finite). */
int cfp_phys_rhs(double t, const double *y, double *dydt, void *ph);
/* The observable quantities at (t, y): drive, P, Q, Qin and z, as the
 * right-hand side uses them.  Returns as cfp_phys_rhs(). */
int cfp_phys_observe(cfp_phys *ph, double t, const double *y);
/* Hydrostatic starting state at the heights z (cm). */
void cfp_phys_initial(const cfp_phys *ph, const double *z, double *y);
/* Total blood volume in the compartments of y. */
double cfp_phys_volume(const cfp_phys *ph, const double *y);

#endif
