/* Right-hand side of the calf-pump equations (see doc/model.md). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "equations/physics.h"
#include "base/util.h"

/* The entries of the pattern, listed (counted only while row is NULL). */
typedef struct {
    size_t n;
    int *row, *col;
} dep_list;

static void dep(dep_list *d, size_t i, size_t j)
{
    if (d->row) {
        d->row[d->n] = (int)i;
        d->col[d->n] = (int)j;
    }
    d->n++;
}

/* Row i depends on the pressure of compartment c: on its volume and on
 * the tissue fluid of its region, whose pressure squeezes it. */
static void dep_pressure(const cfp_phys *ph, dep_list *d, size_t i, int c)
{
    int ti = ph->tis_idx[ph->m->comp[c].region];
    dep(d, i, (size_t)c);
    if (ti >= 0)
        dep(d, i, (size_t)ti);
}

/* Which state each derivative can depend on: a compartment's volume
 * affects its own pressure and so every connection it touches and the
 * filtration into its region's tissue; a connection's flow moves both
 * ends, its valve and its inertance; lymph drains the tissue, faster with
 * work. */
static void list_deps(const cfp_phys *ph, dep_list *d)
{
#define DEP(i, j) dep(d, (size_t)(i), (size_t)(j))
    for (size_t i = 0; i < ph->nc; i++) {
        int ti = ph->tis_idx[ph->m->comp[i].region];
        dep_pressure(ph, d, i, (int)i);
        DEP(i, ph->i_hyp);          /* hyperaemic capillary inflow */
        dep_pressure(ph, d, ph->i_in, (int)i);
        DEP(ph->i_in, ph->i_hyp);
        if (ti >= 0) {              /* filtration */
            dep_pressure(ph, d, (size_t)ti, (int)i);
            DEP(ti, ph->i_hyp);
        }
    }
    for (int r = 0; r < CFP_REG_COUNT; r++)
        if (ph->tis_idx[r] >= 0) {  /* lymph */
            DEP(ph->tis_idx[r], ph->tis_idx[r]);
            DEP(ph->i_out, ph->tis_idx[r]);
            DEP(ph->i_out, ph->i_hyp);
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
                    dep_pressure(ph, d, (size_t)rows[r], ends[k]);
            if (zi >= 0)
                DEP(rows[r], zi);
            if (qi >= 0)
                DEP(rows[r], qi);
        }
        if (zi >= 0)
            for (int k = 0; k < 2; k++) {
                if (ends[k] >= 0)
                    dep_pressure(ph, d, (size_t)zi, ends[k]);
                DEP(zi, zi);
            }
    }
#undef DEP
}

/* The pattern in compressed rows, in time and memory linear in the
 * network's size. */
static int make_pattern(cfp_phys *ph)
{
    dep_list d = {0, NULL, NULL};
    int st;
    list_deps(ph, &d);
    d.row = malloc(d.n * sizeof *d.row);
    d.col = malloc(d.n * sizeof *d.col);
    st = !d.row || !d.col;
    if (!st) {
        d.n = 0;
        list_deps(ph, &d);
        st = cfp_sparse_from_pairs(&ph->pattern, ph->dim, d.n, d.row, d.col);
    }
    free(d.row);
    free(d.col);
    return st;
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
    ph->dPdV = calloc(ph->nc + 1, sizeof(double));
    if (!ph->zeta_idx || !ph->q_idx || !ph->P || !ph->Qin || !ph->z || !ph->Q || !ph->z_from ||
        !ph->dPdV) {
        cfp_phys_free(ph);
        return CALFPUMP_E_NOMEM;
    }
    ph->z_to = ph->z_from + ph->nc + 1;
    k = ph->nc;
    /* Tissue fluid of every region where some capillary filters and the
     * tissue has a compliance: right after the volumes, which settle. */
    for (int r = 0; r < CFP_REG_COUNT; r++) {
        int used = 0;
        for (size_t i = 0; i < ph->nc; i++)
            used |= m->comp[i].region == r && m->comp[i].kf > 0;
        ph->tis_idx[r] = used && m->g.tissue_compliance[r] > 0 ? (int)k++ : -1;
    }
    ph->nt = k - ph->nc;
    for (size_t e = 0; e < ph->ne; e++) {
        ph->zeta_idx[e] = m->conn[e].has_valve ? (int)k++ : -1;
        ph->nv += m->conn[e].has_valve != 0;
    }
    for (size_t e = 0; e < ph->ne; e++) {
        ph->q_idx[e] = m->conn[e].inertance > 0 ? (int)k++ : -1;
        ph->ni += m->conn[e].inertance > 0;
    }
    ph->n_vol = ph->nc + ph->nt;
    ph->i_hyp = k++;
    ph->i_in = k++;
    ph->i_out = k++;
    ph->dim = k;
    ph->scratch = calloc(ph->dim, sizeof(double));
    if (!ph->scratch || make_pattern(ph)) {
        cfp_phys_free(ph);
        return CALFPUMP_E_NOMEM;
    }
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
    free(ph->dPdV);
    cfp_sparse_free(&ph->pattern);
    free(ph->z_from);
    free(ph->scratch);
    memset(ph, 0, sizeof *ph);
}

void cfp_phys_set_drive(cfp_phys *ph, cfp_drive_fn fn, void *ctx, double t0)
{
    ph->drive_fn = fn;
    ph->drive_ctx = ctx;
    ph->t0 = t0;
    ph->drive_valid = 0;
}

/* The drive and the heights at tau into ph, unless they are there already:
 * every column of a finite-difference Jacobian (and the last two stages of
 * rodas) evaluates f at the same time, and neither depends on the state. */
static int drive_at(cfp_phys *ph, double tau)
{
    double s;
    int rc;
    if (ph->drive_valid && tau == ph->drive_tau)
        return 0;
    ph->drive_valid = 0;
    rc = ph->drive_fn(ph->drive_ctx, tau, &ph->drive);
    if (rc)
        return rc; /* a custom activation callback failed */
    s = cfp_ramp(tau, ph->m->g.posture_transition); /* posture blend */
    for (size_t i = 0; i < ph->nc; i++)
        ph->z[i] = ph->z_from[i] + s * (ph->z_to[i] - ph->z_from[i]);
    ph->drive_tau = tau;
    ph->drive_valid = 1;
    return 0;
}

/* Interstitial pressure of each region above the tissue's resting
 * pressure: the tissue fluid beyond its resting volume over the tissue's
 * compliance (0 where the region has no tissue fluid). */
static void tissue_pressure(const cfp_phys *ph, const double *y, double *pis)
{
    for (int r = 0; r < CFP_REG_COUNT; r++)
        pis[r] = ph->tis_idx[r] >= 0 ? y[ph->tis_idx[r]] / ph->m->g.tissue_compliance[r] : 0.0;
}

/* Lymph from each region's tissue (mL/s) into dydt, returning the total:
 * faster as the tissue fluid's pressure rises and as the muscles work. */
static double lymph(const cfp_phys *ph, const double *pis, double xh, double *dydt)
{
    const cfp_globals *g = &ph->m->g;
    double total = 0;
    for (int r = 0; r < CFP_REG_COUNT; r++)
        if (ph->tis_idx[r] >= 0) {
            double l = g->lymph[r] * (1.0 + g->lymph_gain * xh) * cfp_one_way(pis[r], 1.0);
            dydt[ph->tis_idx[r]] -= l;
            total += l;
        }
    return total;
}

int cfp_phys_rhs(double t, const double *y, double *dydt, void *vph)
{
    cfp_phys *ph = vph;
    const calfpump_model *m = ph->m;
    const cfp_globals *g = &m->g;
    double xh = y[ph->i_hyp], calf_k;
    double out_ra = 0, in_cap = 0, pis[CFP_REG_COUNT];
    int rc;

    if ((rc = drive_at(ph, t - ph->t0)))
        return rc;
    /* Calf strength, and the ankle's range of motion for activities that
     * move the ankle, scale what the calf muscle can squeeze. */
    calf_k = g->calf_strength * (ph->drive.ankle ? g->ankle_rom : 1.0);
    tissue_pressure(ph, y, pis);
    for (size_t k = ph->nc; k < ph->n_vol; k++)
        dydt[k] = 0.0;

    for (size_t i = 0; i < ph->nc; i++) {
        const cfp_comp *c = &m->comp[i];
        double pext = c->p_tissue + pis[c->region], part, pcuff;
        int ti = ph->tis_idx[c->region];
        if (!isfinite(y[i]))
            return 1;
        pext += ph->drive.a[CFP_MUSCLE_FOOT] * c->squeeze[CFP_MUSCLE_FOOT];
        pext += ph->drive.a[CFP_MUSCLE_CALF] * c->squeeze[CFP_MUSCLE_CALF] * calf_k;
        pext += ph->drive.a[CFP_MUSCLE_THIGH] * c->squeeze[CFP_MUSCLE_THIGH];
        pcuff = c->transmission * (ph->drive.cuff[c->region] + ph->drive.water);
        pext += pcuff;
        ph->P[i] = cfp_tube_pressure(c, y[i]) + pext;
        part = g->map - CFP_RHO_G * ph->z[i];
        ph->Qin[i] = c->gcap * (1.0 + c->hyperaemia * xh) *
                     cfp_one_way(part - ph->P[i], g->cap_smooth);
        dydt[i] = ph->Qin[i];
        in_cap += ph->Qin[i];
        if (ti >= 0) {
            /* Starling filtration from the capillaries, whose pressure lies
             * cap_fraction of the way from venous to arterial, into the
             * tissue around them (doc/model.md). */
            double pc = ph->P[i] + g->cap_fraction * (part - ph->P[i]);
            double jf = c->kf * (pc - (c->p_tissue + pis[c->region] + pcuff) - g->oncotic);
            dydt[i] -= jf;
            if (!ph->hold_tissue)
                dydt[ti] += jf;
        }
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
    if (!ph->hold_tissue)
        out_ra += lymph(ph, pis, xh, dydt);
    dydt[ph->i_hyp] = (ph->drive.work - xh) / g->hyperaemia_tau;
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
    for (size_t i = 0; i < ph->n_vol; i++) /* blood and tissue fluid */
        v += y[i];
    return v;
}
