/* The steady state a run starts from (doc/model.md, section 8): the first
 * segment's posture and compression with the muscles at rest, integrated
 * from the hydrostatic state until nothing changes any more.  The tissue
 * fluid is held at its resting volume meanwhile (the blood still loses
 * what its capillaries filter): it changes over hours, as part of the run
 * (a day of standing still is not where a run starts). */
#include <math.h>
#include <string.h>
#include "sim/sim.h"

/* Steps the settling may take.  The default leg settles in at most about
 * 550 (every condition, every named protocol); a network that never comes
 * to rest (an undamped oscillation through an inertance) would otherwise
 * step through all of settle_time: 13 million steps, two minutes, for one
 * found by fuzzing (tests/fuzz/corpus/settle-oscillates.cfp). */
#define CFP_SETTLE_MAX_STEPS 20000.0

typedef struct {
    cfp_drive_fn fn;
    void *ctx;
} frozen;

/* The drive at the segment's start, held: activities are at rest there
 * (every pulse starts at zero), compression is on. */
static int frozen_drive(void *ctx, double tau, cfp_drive *d)
{
    const frozen *f = ctx;
    (void)tau;
    return f->fn(f->ctx, 0.0, d);
}

/* Largest rate of change of a volume, mL/s. */
static double max_rate(const cfp_phys *ph, const double *dydt)
{
    double r = 0;
    for (size_t i = 0; i < ph->n_vol; i++)
        r = fmax(r, fabs(dydt[i]));
    return r;
}

int cfp_phys_settle(cfp_phys *ph, double *y)
{
    const double tmax = ph->m->g.settle_time;
    frozen f = {ph->drive_fn, ph->drive_ctx};
    calfpump_solver *sv = NULL;
    calfpump_ode ode;
    double t0 = ph->t0;
    int st;
    if (!(tmax > 0))
        return CALFPUMP_OK;
    cfp_phys_ode(ph, &ode);
    if ((st = calfpump_solver_new(&sv, &ode, &cfp_rodas_ops)))
        return st;
    cfp_solver_set_pattern(sv, &ph->pattern, ode.jac ? cfp_phys_jac_csr : NULL);
    cfp_phys_set_drive(ph, frozen_drive, &f, 0.0);
    ph->hold_tissue = 1;
    cfp_solver_default_options(&sv->opts);
    sv->opts.rtol = sv->opts.atol = 1e-9;
    sv->max_steps = CFP_SETTLE_MAX_STEPS;
    st = cfp_solver_start(sv, 0.0, y);
    while (!st && sv->t < tmax) {
        if ((st = cfp_solver_step(sv, tmax)))
            break;
        if ((st = cfp_phys_rhs(sv->t, sv->y, ph->scratch, ph)))
            break;
        if (max_rate(ph, ph->scratch) < 1e-9)
            break;
    }
    if (!st)
        memcpy(y, sv->y, ph->dim * sizeof *y);
    calfpump_solver_free(sv);
    ph->hold_tissue = 0;
    cfp_phys_set_drive(ph, f.fn, f.ctx, t0);
    /* The run's cumulative volumes start at zero. */
    y[ph->i_in] = y[ph->i_out] = 0.0;
    return st;
}
