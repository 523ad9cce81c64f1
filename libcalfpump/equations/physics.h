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

#include "drive/activity.h"
#include "model/model.h"

typedef struct cfp_phys {
    const calfpump_model *m;
    size_t nc, ne, nv, ni, dim;
    int *zeta_idx;  /* per connection: state index of zeta, or -1 */
    int *q_idx;     /* per connection: state index of Q, or -1 */
    size_t i_hyp, i_in, i_out;
    unsigned char *pattern; /* dim*dim structural non-zeros of the Jacobian */
    /* drive context, set per segment */
    const cfp_segment *seg;
    double seg_t0;
    double *z_from, *z_to;  /* heights before and after the segment's posture change */
    /* outputs of the last right-hand-side evaluation */
    double *P, *Q, *Qin, *z;
    cfp_drive drive;
} cfp_phys;

int cfp_phys_init(cfp_phys *ph, const calfpump_model *m);
void cfp_phys_free(cfp_phys *ph);
/* Make seg (starting at t0, after segment prev, NULL for the first) the drive. */
void cfp_phys_set_segment(cfp_phys *ph, const cfp_segment *seg, double t0,
                          const cfp_segment *prev);
/* Height of compartment c in a segment's posture, scaled to the subject. */
double cfp_phys_height(const calfpump_model *m, const cfp_comp *c, const cfp_segment *seg);
/* Right-hand side, integrator signature.  Returns 0, or 1 (recoverable)
 * when the state is outside the model's domain (non-finite). */
int cfp_phys_rhs(double t, const double *y, double *dydt, void *ph);
/* Hydrostatic starting state in the posture of seg. */
void cfp_phys_initial(const cfp_phys *ph, const cfp_segment *seg, double *y);
/* Total blood volume in the compartments of y. */
double cfp_phys_volume(const cfp_phys *ph, const double *y);

#endif
