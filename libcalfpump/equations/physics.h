/* The system of equations: state layout and right-hand side.
 *
 * State vector y:
 *   [0, nc)            V_i, compartment volumes (mL)
 *   [nc, nc+nt)        tissue fluid beyond its resting volume, per region
 *                      with tissue fluid (tis_idx) (mL)
 *   [.., +nv)          zeta, valve opening states (0..1)
 *   [.., +ni)          Q_e of connections with inertance (mL/s)
 *   i_hyp              filtered muscle work rate driving hyperaemia
 *   i_in, i_out        cumulative arterial inflow and outflow to the
 *                      right atrium, blood and lymph (mL), for the
 *                      conservation check
 */
#ifndef CFP_PHYSICS_H
#define CFP_PHYSICS_H

#include <math.h>
#include "base/sparse.h"
#include "drive/drive.h"
#include "model/model.h"
#include "calfpump/sys/integrator.h"

/* Smooth one-way function: ~max(x, 0), C-infinity, width w; and its
 * slope. */
static inline double cfp_one_way(double x, double w) { return 0.5 * (x + sqrt(x * x + w * w)); }
static inline double cfp_one_way_slope(double x, double w)
{
    return 0.5 * (1.0 + x / sqrt(x * x + w * w));
}

/* The drive at time tau after the segment's start into d; returns 0, a
 * positive value (recoverable) or a negative one (fatal). */
typedef int (*cfp_drive_fn)(void *ctx, double tau, cfp_drive *d);

typedef struct cfp_phys {
    const calfpump_model *m;
    size_t nc, ne, nv, ni, dim;
    int *zeta_idx;  /* per connection: state index of zeta, or -1 */
    int *q_idx;     /* per connection: state index of Q, or -1 */
    int tis_idx[CFP_REG_COUNT]; /* per region: state index of its tissue fluid, or -1 */
    size_t nt;      /* regions with tissue fluid */
    size_t n_vol;   /* volumes that must settle, blood and tissue fluid: [0, n_vol) */
    int hold_tissue;/* non-zero: the tissue fluid stays put (no lymph; the blood still
                       loses what its capillaries filter) */
    size_t i_hyp, i_in, i_out;
    cfp_sparse pattern;     /* structural non-zeros of the Jacobian, by row */
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
    double *dPdV;           /* cfp_phys_jac: slope of each compartment's wall law */
    int fd_jacobian;        /* non-zero: the solvers get no analytic Jacobian and
                               difference f instead (benchmarks and tests) */
    cfp_drive drive;
    double drive_tau;       /* drive and z hold the values at this tau ... */
    int drive_valid;        /* ... if non-zero (cleared by cfp_phys_set_drive) */
} cfp_phys;

int cfp_phys_init(cfp_phys *ph, const calfpump_model *m);
void cfp_phys_free(cfp_phys *ph);
/* Drive from t0 on: fn(ctx, t - t0, ...); the caller fills z_from and
 * z_to (heights, cm, before and after the posture change at t0) before
 * this call.  fn must depend on tau alone: the right-hand side calls it
 * once per distinct time (evaluations at the same time reuse the drive). */
void cfp_phys_set_drive(cfp_phys *ph, cfp_drive_fn fn, void *ctx, double t0);
/* Right-hand side, integrator signature.  Returns 0, or 1 (recoverable)
 * when the state is outside the model's domain (non-finite). */
int cfp_phys_rhs(double t, const double *y, double *dydt, void *ph);
/* The Jacobian df/dy at (t, y), dense and row-major (jacobian.c), with the
 * signature of calfpump_jac_fn; fy is not used (f is evaluated again for
 * the pressures and flows it needs).  Returns as cfp_phys_rhs(). */
int cfp_phys_jac(double t, const double *y, const double *fy, double *jac, void *ph);
/* The same Jacobian as the values of pat's entries (pat: ph->pattern, or
 * any pattern that holds it); -1 if a term falls outside pat. */
int cfp_phys_jac_csr(double t, const double *y, const cfp_sparse *pat, double *val, void *ph);
/* The ODE of ph for a solver: its right-hand side and, unless
 * ph->fd_jacobian is set, its Jacobian. */
void cfp_phys_ode(cfp_phys *ph, calfpump_ode *ode);
/* The observable quantities at (t, y): drive, P, Q, Qin and z, as the
 * right-hand side uses them.  Returns as cfp_phys_rhs(). */
int cfp_phys_observe(cfp_phys *ph, double t, const double *y);
/* Hydrostatic starting state at the heights z (cm). */
void cfp_phys_initial(const cfp_phys *ph, const double *z, double *y);
/* Total volume of y: blood in the compartments and tissue fluid. */
double cfp_phys_volume(const cfp_phys *ph, const double *y);

#endif
