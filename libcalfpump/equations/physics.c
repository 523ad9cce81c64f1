/* Right-hand side of the calf-pump equations (see doc/model.md). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "equations/physics.h"
#include "base/util.h"

/* Which state each derivative can depend on: a compartment's volume
 * affects its own pressure and so every connection it touches; a
 * connection's flow moves both ends, its valve and its inertance. */
static void make_pattern(cfp_phys *ph)
{
    size_t n = ph->dim;
    unsigned char *p = ph->pattern;
#define DEP(i, j) (p[(size_t)(i) * n + (size_t)(j)] = 1)
    for (size_t i = 0; i < ph->nc; i++) {
        DEP(i, i);
        DEP(i, ph->i_hyp);          /* hyperaemic capillary inflow */
        DEP(ph->i_in, i);
        DEP(ph->i_in, ph->i_hyp);
    }
    DEP(ph->i_hyp, ph->i_hyp);
    for (size_t e = 0; e < ph->ne; e++) {
        const cfp_conn *cn = &ph->m->conn[e];
        int ends[2] = {cn->from, cn->to}, zi = ph->zeta_idx[e], qi = ph->q_idx[e];
        /* rows affected by this connection's flow */
        int rows[4] = {cn->from, cn->to, cn->to == CFP_RA ? (int)ph->i_out : -1, qi};
        for (int r = 0; r < 4; r++) {
            if (rows[r] < 0)
                continue;
            for (int k = 0; k < 2; k++)
                if (ends[k] >= 0)
                    DEP(rows[r], ends[k]);
            if (zi >= 0)
                DEP(rows[r], zi);
            if (qi >= 0)
                DEP(rows[r], qi);
        }
        if (zi >= 0)
            for (int k = 0; k < 2; k++) {
                if (ends[k] >= 0)
                    DEP(zi, ends[k]);
                DEP(zi, zi);
            }
    }
#undef DEP
}

int cfp_phys_init(cfp_phys *ph, const calfpump_model *m)
{
    size_t k;
    memset(ph, 0, sizeof *ph);
    ph->m = m;
    ph->nc = m->ncomp;
    ph->ne = m->nconn;
    ph->zeta_idx = malloc((ph->ne + 1) * sizeof(int));
    ph->q_idx = malloc((ph->ne + 1) * sizeof(int));
    ph->P = calloc(ph->nc + 1, sizeof(double));
    ph->Qin = calloc(ph->nc + 1, sizeof(double));
    ph->z = calloc(ph->nc + 1, sizeof(double));
    ph->Q = calloc(ph->ne + 1, sizeof(double));
    ph->z_from = calloc(2 * (ph->nc + 1), sizeof(double));
    if (!ph->zeta_idx || !ph->q_idx || !ph->P || !ph->Qin || !ph->z || !ph->Q || !ph->z_from) {
        cfp_phys_free(ph);
        return CALFPUMP_E_NOMEM;
    }
    ph->z_to = ph->z_from + ph->nc + 1;
    k = ph->nc;
    for (size_t e = 0; e < ph->ne; e++) {
        ph->zeta_idx[e] = m->conn[e].has_valve ? (int)k++ : -1;
        ph->nv += m->conn[e].has_valve != 0;
    }
    for (size_t e = 0; e < ph->ne; e++) {
        ph->q_idx[e] = m->conn[e].inertance > 0 ? (int)k++ : -1;
        ph->ni += m->conn[e].inertance > 0;
    }
    ph->n_vol = ph->nc;
    ph->i_hyp = k++;
    ph->i_in = k++;
    ph->i_out = k++;
    ph->dim = k;
    ph->pattern = calloc(ph->dim * ph->dim, 1);
    ph->scratch = calloc(ph->dim, sizeof(double));
    if (!ph->pattern || !ph->scratch) {
        cfp_phys_free(ph);
        return CALFPUMP_E_NOMEM;
    }
    make_pattern(ph);
    return CALFPUMP_OK;
}

void cfp_phys_free(cfp_phys *ph)
{
    free(ph->zeta_idx);
    free(ph->q_idx);
    free(ph->P);
    free(ph->Qin);
    free(ph->z);
    free(ph->Q);
    free(ph->pattern);
    free(ph->z_from);
    free(ph->scratch);
    memset(ph, 0, sizeof *ph);
}

void cfp_phys_set_drive(cfp_phys *ph, cfp_drive_fn fn, void *ctx, double t0)
{
    ph->drive_fn = fn;
    ph->drive_ctx = ctx;
    ph->t0 = t0;
}

/* Smooth one-way function: ~max(x, 0), C-infinity, width w. */
static double one_way(double x, double w) { return 0.5 * (x + sqrt(x * x + w * w)); }

int cfp_phys_rhs(double t, const double *y, double *dydt, void *vph)
{
    cfp_phys *ph = vph;
    const calfpump_model *m = ph->m;
    const cfp_globals *g = &m->g;
    double tau = t - ph->t0, s, xh = y[ph->i_hyp], calf_k;
    double out_ra = 0, in_cap = 0;
    int rc;

    rc = ph->drive_fn(ph->drive_ctx, tau, &ph->drive);
    if (rc)
        return rc; /* a custom activation callback failed */
    s = cfp_ramp(tau, g->posture_transition); /* posture blend */
    /* Calf strength, and the ankle's range of motion for activities that
     * move the ankle, scale what the calf muscle can squeeze. */
    calf_k = g->calf_strength * (ph->drive.ankle ? g->ankle_rom : 1.0);

    for (size_t i = 0; i < ph->nc; i++) {
        const cfp_comp *c = &m->comp[i];
        double pext = c->p_tissue, part;
        if (!isfinite(y[i]))
            return 1;
        pext += ph->drive.a[CFP_MUSCLE_FOOT] * c->squeeze[CFP_MUSCLE_FOOT];
        pext += ph->drive.a[CFP_MUSCLE_CALF] * c->squeeze[CFP_MUSCLE_CALF] * calf_k;
        pext += ph->drive.a[CFP_MUSCLE_THIGH] * c->squeeze[CFP_MUSCLE_THIGH];
        pext += c->transmission * (ph->drive.cuff[c->region] + ph->drive.water);
        ph->P[i] = cfp_tube_pressure(c, y[i]) + pext;
        ph->z[i] = ph->z_from[i] + s * (ph->z_to[i] - ph->z_from[i]);
        part = g->map - CFP_RHO_G * ph->z[i];
        ph->Qin[i] = c->gcap * (1.0 + c->hyperaemia * xh) *
                     one_way(part - ph->P[i], g->cap_smooth);
        dydt[i] = ph->Qin[i];
        in_cap += ph->Qin[i];
    }

    for (size_t e = 0; e < ph->ne; e++) {
        const cfp_conn *cn = &m->conn[e];
        int a = cn->from, b = cn->to, up;
        double ha = ph->P[a] + CFP_RHO_G * ph->z[a];
        double hb = (b == CFP_RA) ? g->cvp + ph->drive.abdominal : ph->P[b] + CFP_RHO_G * ph->z[b];
        double dp = ha - hb, fac = 1.0, r, f = 1.0, q;
        up = dp >= 0 ? a : b;
        if (up != CFP_RA) {
            double x = y[up] / m->comp[up].v0;
            fac = (x > 0) ? 1.0 / (x * x) : cn->r_max;
            if (fac > cn->r_max)
                fac = cn->r_max;
        }
        r = cn->r0 * cn->obstruction * fac;
        if (cn->has_valve) {
            int zi = ph->zeta_idx[e];
            double zeta = y[zi];
            double zc = zeta < 0 ? 0 : (zeta > 1 ? 1 : zeta);
            f = zc + (1.0 - zc) * (1.0 - cn->competence);
            /* Mynard et al. 2012 opening/closing dynamics. */
            dydt[zi] = dp > 0 ? (1.0 - zeta) * cn->kvo * dp : zeta * cn->kvc * dp;
        }
        /* Conductance scales with open area squared (Poiseuille: R ~ 1/A^2). */
        if (ph->q_idx[e] >= 0) {
            int qi = ph->q_idx[e];
            double f2 = f * f > 1e-12 ? f * f : 1e-12;
            q = y[qi];
            dydt[qi] = (dp - r / f2 * q) / cn->inertance;
        } else {
            q = f * f * dp / r;
        }
        ph->Q[e] = q;
        dydt[a] -= q;
        if (b == CFP_RA)
            out_ra += q;
        else
            dydt[b] += q;
    }
    dydt[ph->i_hyp] = (ph->drive.a[CFP_MUSCLE_CALF] - xh) / g->hyperaemia_tau;
    dydt[ph->i_in] = in_cap;
    dydt[ph->i_out] = out_ra;
    return 0;
}

int cfp_phys_observe(cfp_phys *ph, double t, const double *y)
{
    return cfp_phys_rhs(t, y, ph->scratch, ph);
}

void cfp_phys_initial(const cfp_phys *ph, const double *z, double *y)
{
    const calfpump_model *m = ph->m;
    memset(y, 0, ph->dim * sizeof *y);
    for (size_t i = 0; i < ph->nc; i++) {
        const cfp_comp *c = &m->comp[i];
        double p = m->g.cvp - CFP_RHO_G * z[i];
        y[i] = cfp_tube_volume(c, p - c->p_tissue);
    }
    for (size_t e = 0; e < ph->ne; e++)
        if (ph->zeta_idx[e] >= 0)
            y[ph->zeta_idx[e]] = 1.0;
}

double cfp_phys_volume(const cfp_phys *ph, const double *y)
{
    double v = 0;
    for (size_t i = 0; i < ph->nc; i++)
        v += y[i];
    return v;
}
