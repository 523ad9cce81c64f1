/* The Jacobian df/dy of the calf-pump equations (physics.c), by hand.
 *
 * It is assembled from the same pieces as the right-hand side: every
 * compartment pressure P_i depends on its volume (the slope of its wall
 * law) and on the tissue fluid of its region (P_i includes the
 * interstitial pressure pis = V_t / C); each term of f that depends on P_i
 * adds its derivative through add_p().  Each connection's flow q depends
 * on the pressure difference dp of its ends, on its resistance (the volume
 * of the upstream compartment, through the collapse factor), on its valve
 * opening zeta and, with inertance, on its own state.  The capillary
 * inflow, the filtration and the lymph add the tissue fluid and the
 * filtered work rate xh.  At the switches of f (the sign of dp for the
 * valve law and the upstream end, the clamps of zeta and the collapse
 * factor) the derivative of the branch the right-hand side takes is used,
 * as a forward difference would find it.
 *
 * tests/unit/check_jacobian.c compares every column with central
 * differences of cfp_phys_rhs(). */
#include <math.h>
#include <string.h>
#include "equations/physics.h"

/* dP/dV of the wall law (the derivative of cfp_tube_pressure(), model/tube.c). */
static double tube_slope(const cfp_comp *c, double v)
{
    double x = v / c->v0, d;
    if (x < 1e-9)
        return 0.0; /* clamped */
    if (c->compliance > 0) {
        double ic = 1.0 / c->compliance;
        if (x < 1.0)
            d = c->k * c->n * pow(x, -c->n - 1.0);
        else
            d = ic - (ic - c->k * c->n) * exp(-(x - 1.0) / c->opening);
    } else {
        d = c->k * (c->m * pow(x, c->m - 1.0) + c->n * pow(x, -c->n - 1.0));
    }
    return d / c->v0;
}

typedef struct {
    const cfp_phys *ph;
    double *J;             /* dense n x n, or the values of pat's entries */
    size_t n;
    const cfp_sparse *pat; /* NULL: dense */
    int missing;           /* a term fell outside pat (a defect of the pattern) */
} jac_acc;

/* The place of (row, col) among pat's entries, or (size_t)-1. */
static size_t find(const cfp_sparse *pat, size_t row, size_t col)
{
    size_t lo = pat->start[row], hi = pat->start[row + 1];
    if (lo == hi)
        return (size_t)-1;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if ((size_t)pat->col[mid] > col)
            hi = mid;
        else
            lo = mid;
    }
    return (size_t)pat->col[lo] == col ? lo : (size_t)-1;
}

static void add(jac_acc *a, size_t row, size_t col, double v)
{
    size_t k;
    if (!a->pat) {
        a->J[row * a->n + col] += v;
        return;
    }
    if (v == 0.0) /* a term that vanishes here need not be in the pattern */
        return;
    if ((k = find(a->pat, row, col)) == (size_t)-1)
        a->missing = 1;
    else
        a->J[k] += v;
}

/* coef * dP_c/dy into row: through V_c and the tissue fluid of c's region. */
static void add_p(jac_acc *a, size_t row, int c, double coef)
{
    const cfp_phys *ph = a->ph;
    int r = ph->m->comp[c].region, ti = ph->tis_idx[r];
    add(a, row, (size_t)c, coef * ph->dPdV[c]);
    if (ti >= 0)
        add(a, row, (size_t)ti, coef / ph->m->g.tissue_compliance[r]);
}

/* Capillary inflow and filtration of each compartment. */
static void compartments(jac_acc *a, const double *y)
{
    const cfp_phys *ph = a->ph;
    const cfp_globals *g = &ph->m->g;
    double xh = y[ph->i_hyp];
    for (size_t i = 0; i < ph->nc; i++) {
        const cfp_comp *c = &ph->m->comp[i];
        int ti = ph->tis_idx[c->region];
        double arg = g->map - CFP_RHO_G * ph->z[i] - ph->P[i];
        double dq = c->gcap * (1.0 + c->hyperaemia * xh) * cfp_one_way_slope(arg, g->cap_smooth);
        double dh = c->gcap * c->hyperaemia * cfp_one_way(arg, g->cap_smooth);
        add_p(a, i, (int)i, -dq);
        add_p(a, ph->i_in, (int)i, -dq);
        add(a, i, ph->i_hyp, dh);
        add(a, ph->i_in, ph->i_hyp, dh);
        if (ti >= 0) {
            /* jf = kf ((1 - cap_fraction) P + ... - pis - ...) */
            double djp = c->kf * (1.0 - g->cap_fraction);
            double djt = -c->kf / g->tissue_compliance[c->region];
            add_p(a, i, (int)i, -djp);
            add(a, i, (size_t)ti, -djt);
            if (!ph->hold_tissue) {
                add_p(a, (size_t)ti, (int)i, djp);
                add(a, (size_t)ti, (size_t)ti, djt);
            }
        }
    }
}

/* One connection's flow q as a function of the state: its partial
 * derivatives and the columns they belong to. */
typedef struct {
    const cfp_conn *cn;
    int up, zi, qi;     /* upstream compartment (or CFP_RA), zeta and Q states (or -1) */
    double q_dp;        /* dq / d(dp) */
    double q_up;        /* dq / dV_up, through the collapse factor */
    double q_z;         /* dq / dzeta */
} flow_grad;

/* coef * d(dp)/dy into row. */
static void add_dp(jac_acc *a, size_t row, const cfp_conn *cn, double coef)
{
    add_p(a, row, cn->from, coef);
    if (cn->to != CFP_RA)
        add_p(a, row, cn->to, -coef);
}

/* sign * dq/dy into row. */
static void add_flow(jac_acc *a, size_t row, const flow_grad *fg, double sign)
{
    if (fg->qi >= 0) {
        add(a, row, (size_t)fg->qi, sign);
        return;
    }
    add_dp(a, row, fg->cn, sign * fg->q_dp);
    if (fg->up != CFP_RA)
        add(a, row, (size_t)fg->up, sign * fg->q_up);
    if (fg->zi >= 0)
        add(a, row, (size_t)fg->zi, sign * fg->q_z);
}

/* The valve's opening law (Mynard et al. 2012) and, for a connection with
 * inertance, its momentum equation; the flow's gradient into *fg. */
static void connection(jac_acc *a, const double *y, size_t e, flow_grad *fg)
{
    const cfp_phys *ph = a->ph;
    const calfpump_model *m = ph->m;
    const cfp_conn *cn = &m->conn[e];
    int from = cn->from, to = cn->to;
    double ha = ph->P[from] + CFP_RHO_G * ph->z[from];
    double hb = to == CFP_RA ? m->g.cvp + ph->drive.abdominal : ph->P[to] + CFP_RHO_G * ph->z[to];
    double dp = ha - hb, fac = 1.0, dfac = 0.0, r, dr, f = 1.0, df = 0.0;
    fg->cn = cn;
    fg->up = dp >= 0 ? from : to;
    fg->zi = ph->zeta_idx[e];
    fg->qi = ph->q_idx[e];
    if (fg->up != CFP_RA) {
        double v0 = m->comp[fg->up].v0, x = y[fg->up] / v0;
        fac = x > 0 ? 1.0 / (x * x) : cn->r_max;
        if (fac > cn->r_max)
            fac = cn->r_max;
        else if (x > 0)
            dfac = -2.0 / (x * x * x * v0);
    }
    r = cn->r0 * cn->obstruction * fac;
    dr = cn->r0 * cn->obstruction * dfac;
    if (fg->zi >= 0) {
        size_t zi = (size_t)fg->zi;
        double zeta = y[zi];
        double zc = zeta < 0 ? 0 : (zeta > 1 ? 1 : zeta);
        f = zc + (1.0 - zc) * (1.0 - cn->competence);
        df = zeta >= 0 && zeta < 1 ? cn->competence : 0.0;
        add(a, zi, zi, dp > 0 ? -cn->kvo * dp : cn->kvc * dp);
        add_dp(a, zi, cn, dp > 0 ? (1.0 - zeta) * cn->kvo : zeta * cn->kvc);
    }
    if (fg->qi >= 0) {
        size_t qi = (size_t)fg->qi;
        double f2 = f * f > 1e-12 ? f * f : 1e-12, q = y[qi], L = cn->inertance;
        add(a, qi, qi, -r / (f2 * L));
        add_dp(a, qi, cn, 1.0 / L);
        if (fg->up != CFP_RA)
            add(a, qi, (size_t)fg->up, -q / (f2 * L) * dr);
        if (fg->zi >= 0 && f * f > 1e-12)
            add(a, qi, (size_t)fg->zi, 2.0 * r * q / (f2 * f * L) * df);
        return;
    }
    fg->q_dp = f * f / r;
    fg->q_up = -f * f * dp / (r * r) * dr;
    fg->q_z = 2.0 * f * dp / r * df;
}

static void connections(jac_acc *a, const double *y)
{
    const cfp_phys *ph = a->ph;
    for (size_t e = 0; e < ph->ne; e++) {
        flow_grad fg;
        const cfp_conn *cn = &ph->m->conn[e];
        connection(a, y, e, &fg);
        add_flow(a, (size_t)cn->from, &fg, -1.0);
        add_flow(a, cn->to == CFP_RA ? ph->i_out : (size_t)cn->to, &fg, 1.0);
    }
}

/* Lymph from each region's tissue fluid to the right atrium. */
static void lymph(jac_acc *a, const double *y)
{
    const cfp_phys *ph = a->ph;
    const cfp_globals *g = &ph->m->g;
    double xh = y[ph->i_hyp];
    for (int r = 0; r < CFP_REG_COUNT; r++) {
        int ti = ph->tis_idx[r];
        double pis, dl, dh;
        if (ti < 0)
            continue;
        pis = y[ti] / g->tissue_compliance[r];
        dl = g->lymph[r] * (1.0 + g->lymph_gain * xh) * cfp_one_way_slope(pis, 1.0) /
             g->tissue_compliance[r];
        dh = g->lymph[r] * g->lymph_gain * cfp_one_way(pis, 1.0);
        add(a, (size_t)ti, (size_t)ti, -dl);
        add(a, ph->i_out, (size_t)ti, dl);
        add(a, (size_t)ti, ph->i_hyp, -dh);
        add(a, ph->i_out, ph->i_hyp, dh);
    }
}

/* The Jacobian into a (zeroed here). */
static int assemble(jac_acc *a, double t, const double *y)
{
    cfp_phys *ph = (cfp_phys *)a->ph;
    /* The pressures, heights and drive at (t, y). */
    int rc = cfp_phys_rhs(t, y, ph->scratch, ph);
    if (rc)
        return rc;
    memset(a->J, 0, (a->pat ? a->pat->start[a->n] : a->n * a->n) * sizeof *a->J);
    for (size_t i = 0; i < ph->nc; i++)
        ph->dPdV[i] = tube_slope(&ph->m->comp[i], y[i]);
    compartments(a, y);
    connections(a, y);
    if (!ph->hold_tissue)
        lymph(a, y);
    add(a, ph->i_hyp, ph->i_hyp, -1.0 / ph->m->g.hyperaemia_tau);
    return a->missing ? -1 : 0;
}

int cfp_phys_jac(double t, const double *y, const double *fy, double *jac, void *vph)
{
    cfp_phys *ph = vph;
    jac_acc a = {ph, jac, ph->dim, NULL, 0};
    (void)fy;
    return assemble(&a, t, y);
}

int cfp_phys_jac_csr(double t, const double *y, const cfp_sparse *pat, double *val, void *vph)
{
    cfp_phys *ph = vph;
    jac_acc a = {ph, val, ph->dim, pat, 0};
    return assemble(&a, t, y);
}

void cfp_phys_ode(cfp_phys *ph, calfpump_ode *ode)
{
    calfpump_ode_init(ode, sizeof *ode);
    ode->dim = ph->dim;
    ode->rhs = cfp_phys_rhs;
    ode->jac = ph->fd_jacobian ? NULL : cfp_phys_jac;
    ode->user = ph;
}
