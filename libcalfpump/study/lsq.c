/* Bounded nonlinear least squares: projected Levenberg-Marquardt with an
 * active set, in variables scaled by their bound intervals (see lsq.h).
 *
 * Each iteration takes a forward-difference Jacobian (all its points in
 * one call of the evaluator), then tries damped Gauss-Newton steps on the
 * parameters that are free to move (not held at a bound by the gradient),
 * projected into the box, raising the damping until the cost falls.  The
 * difference step is a fixed fraction of the bound interval, not
 * sqrt(eps): simulated metrics carry the integrator's relative error
 * (about its rtol), which a tiny step would turn into a large error of the
 * derivative. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "base/internal.h"
#include "base/util.h"
#include "study/lsq.h"

typedef struct lsq {
    const cfp_lsq_problem *p;
    size_t np, nr;
    double *x, *r, *J;      /* current point, its residuals, J (nr x np, row-major) */
    double *pts, *rs;       /* trial points and their residuals (np of each) */
    double *A, *g, *d;      /* normal matrix (np x np), gradient, step */
    int *freev;
    double cost;
    int evals;
} lsq;

static double half_ss(const double *r, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += r[i] * r[i];
    return isfinite(s) ? 0.5 * s : INFINITY;
}

static double span(const lsq *w, size_t j) { return w->p->hi[j] - w->p->lo[j]; }

/* J by forward differences at w->x, in scaled variables (per unit of the
 * bound interval).  Returns 0 or the evaluator's code. */
static int jacobian(lsq *w)
{
    size_t np = w->np, nr = w->nr;
    const double rel = w->p->fd_step > 0 ? w->p->fd_step : 1e-3;
    int st;
    for (size_t j = 0; j < np; j++) {
        double h = rel * span(w, j), *pt = w->pts + j * np;
        memcpy(pt, w->x, np * sizeof *pt);
        pt[j] = w->x[j] + h <= w->p->hi[j] ? w->x[j] + h : w->x[j] - h;
    }
    if ((st = w->p->eval(w->p->user, np, w->pts, w->rs)))
        return st;
    w->evals += (int)np;
    for (size_t j = 0; j < np; j++) {
        double dz = (w->pts[j * np + j] - w->x[j]) / span(w, j);
        for (size_t i = 0; i < nr; i++) {
            double v = (w->rs[j * nr + i] - w->r[i]) / dz;
            w->J[i * np + j] = isfinite(v) ? v : 0.0;
        }
    }
    return 0;
}

/* A = J^T J, g = J^T r (scaled), and which parameters may move: not at a
 * bound that the gradient pushes against. */
static void normal_equations(lsq *w)
{
    size_t np = w->np, nr = w->nr;
    for (size_t a = 0; a < np; a++) {
        w->g[a] = 0;
        for (size_t i = 0; i < nr; i++)
            w->g[a] += w->J[i * np + a] * w->r[i];
        for (size_t b = 0; b < np; b++) {
            double s = 0;
            for (size_t i = 0; i < nr; i++)
                s += w->J[i * np + a] * w->J[i * np + b];
            w->A[a * np + b] = s;
        }
        w->freev[a] = !((w->x[a] <= w->p->lo[a] && w->g[a] > 0) ||
                        (w->x[a] >= w->p->hi[a] && w->g[a] < 0));
    }
}

/* Solve the symmetric positive definite system M d = b (n x n, in place)
 * by Cholesky; 0, or -1 if M is not positive definite. */
static int cholesky_solve(double *M, double *b, size_t n)
{
    for (size_t j = 0; j < n; j++) {
        double s = M[j * n + j];
        for (size_t k = 0; k < j; k++)
            s -= M[j * n + k] * M[j * n + k];
        if (!(s > 0))
            return -1;
        M[j * n + j] = sqrt(s);
        for (size_t i = j + 1; i < n; i++) {
            double t = M[i * n + j];
            for (size_t k = 0; k < j; k++)
                t -= M[i * n + k] * M[j * n + k];
            M[i * n + j] = t / M[j * n + j];
        }
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < i; k++)
            b[i] -= M[i * n + k] * b[k];
        b[i] /= M[i * n + i];
    }
    for (size_t i = n; i-- > 0;) {
        for (size_t k = i + 1; k < n; k++)
            b[i] -= M[k * n + i] * b[k];
        b[i] /= M[i * n + i];
    }
    return 0;
}

/* The damped step on the free parameters into w->pts (projected), in
 * scaled units in w->d.  Returns the number of free parameters. */
static size_t damped_step(lsq *w, double lambda, double *M, double *b)
{
    size_t np = w->np, nf = 0, map[64];
    size_t *idx = np <= 64 ? map : malloc(np * sizeof *idx);
    if (!idx)
        return 0;
    for (size_t a = 0; a < np; a++)
        if (w->freev[a])
            idx[nf++] = a;
    for (size_t a = 0; a < nf; a++) {
        for (size_t c = 0; c < nf; c++)
            M[a * nf + c] = w->A[idx[a] * np + idx[c]];
        M[a * nf + a] += lambda * (w->A[idx[a] * np + idx[a]] + 1e-12);
        b[a] = -w->g[idx[a]];
    }
    memset(w->d, 0, np * sizeof *w->d);
    if (nf && cholesky_solve(M, b, nf) == 0)
        for (size_t a = 0; a < nf; a++)
            w->d[idx[a]] = b[a];
    for (size_t j = 0; j < np; j++) {
        double v = w->x[j] + w->d[j] * span(w, j);
        w->pts[j] = v < w->p->lo[j] ? w->p->lo[j] : v > w->p->hi[j] ? w->p->hi[j] : v;
    }
    if (idx != map)
        free(idx);
    return nf;
}

/* Eigen-decomposition of the symmetric n x n matrix S (destroyed) by
 * cyclic Jacobi rotations: eigenvalues into ev, eigenvectors as the
 * columns of V. */
static void jacobi_eigen(double *S, size_t n, double *ev, double *V)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            V[i * n + j] = i == j;
    for (int sweep = 0; sweep < 60; sweep++) {
        double off = 0;
        for (size_t p = 0; p < n; p++)
            for (size_t q = p + 1; q < n; q++)
                off += S[p * n + q] * S[p * n + q];
        if (off < 1e-30)
            break;
        for (size_t p = 0; p < n; p++)
            for (size_t q = p + 1; q < n; q++) {
                double apq = S[p * n + q], theta, t, c, s;
                if (fabs(apq) < 1e-300)
                    continue;
                theta = (S[q * n + q] - S[p * n + p]) / (2 * apq);
                t = (theta >= 0 ? 1.0 : -1.0) / (fabs(theta) + sqrt(theta * theta + 1));
                c = 1 / sqrt(t * t + 1);
                s = t * c;
                for (size_t k = 0; k < n; k++) {
                    double skp = S[k * n + p], skq = S[k * n + q];
                    S[k * n + p] = c * skp - s * skq;
                    S[k * n + q] = s * skp + c * skq;
                }
                for (size_t k = 0; k < n; k++) {
                    double spk = S[p * n + k], sqk = S[q * n + k];
                    S[p * n + k] = c * spk - s * sqk;
                    S[q * n + k] = s * spk + c * sqk;
                }
                for (size_t k = 0; k < n; k++) {
                    double vkp = V[k * n + p], vkq = V[k * n + q];
                    V[k * n + p] = c * vkp - s * vkq;
                    V[k * n + q] = s * vkp + c * vkq;
                }
            }
    }
    for (size_t i = 0; i < n; i++)
        ev[i] = S[i * n + i];
}

/* Standard deviations and identifiability at w->x from A = J^T J (scaled):
 * the correlation form C = D^-1 A D^-1 (D: column norms) is decomposed;
 * a zero column, or a weight of 0.3 or more in an eigenvector of C with an
 * eigenvalue under 1e-8, marks a parameter; the others get the diagonal of
 * the pseudo-inverse over the well-determined directions. */
static int uncertainty(lsq *w, cfp_lsq_result *res)
{
    size_t np = w->np;
    double *D = malloc(np * sizeof *D), *C = malloc(np * np * sizeof *C);
    double *V = malloc(np * np * sizeof *V), *ev = malloc(np * sizeof *ev), dmax = 0;
    int *why = malloc(np * sizeof *why);
    if (!D || !C || !V || !ev || !why) {
        free(D), free(C), free(V), free(ev), free(why);
        return CALFPUMP_E_NOMEM;
    }
    for (size_t j = 0; j < np; j++)
        dmax = fmax(dmax, D[j] = sqrt(w->A[j * np + j]));
    for (size_t j = 0; j < np; j++)
        why[j] = !(D[j] > 1e-8 * dmax) || dmax == 0 ? 1 : 0;
    for (size_t a = 0; a < np; a++)
        for (size_t b = 0; b < np; b++)
            C[a * np + b] = why[a] || why[b] ? (a == b) : w->A[a * np + b] / (D[a] * D[b]);
    jacobi_eigen(C, np, ev, V);
    for (size_t k = 0; k < np; k++)
        if (ev[k] < 1e-8)
            for (size_t j = 0; j < np; j++)
                if (!why[j] && fabs(V[j * np + k]) >= 0.3)
                    why[j] = 2;
    for (size_t j = 0; j < np; j++) {
        double var = 0;
        for (size_t k = 0; k < np; k++)
            if (ev[k] >= 1e-8)
                var += V[j * np + k] * V[j * np + k] / ev[k];
        /* Back to the parameter's units: scaled by D, then by the span. */
        double sd = why[j] ? INFINITY : sqrt(var) / D[j] * span(w, j);
        if (!why[j] && !(sd <= span(w, j)))
            why[j] = 3;
        if (res->sd)
            res->sd[j] = why[j] ? INFINITY : sd;
        if (res->identified)
            res->identified[j] = why[j] == 0;
        if (res->why)
            res->why[j] = why[j];
    }
    free(D), free(C), free(V), free(ev), free(why);
    return 0;
}

static int lsq_alloc(lsq *w, const cfp_lsq_problem *p)
{
    size_t np = p->np, nr = p->nr;
    memset(w, 0, sizeof *w);
    w->p = p;
    w->np = np;
    w->nr = nr;
    w->x = malloc(np * sizeof *w->x);
    w->r = malloc(nr * sizeof *w->r);
    w->J = malloc(nr * np * sizeof *w->J);
    w->pts = malloc(np * np * sizeof *w->pts);
    w->rs = malloc(np * nr * sizeof *w->rs);
    w->A = malloc(2 * np * np * sizeof *w->A);
    w->g = malloc(3 * np * sizeof *w->g);
    w->freev = malloc(np * sizeof *w->freev);
    if (!w->x || !w->r || !w->J || !w->pts || !w->rs || !w->A || !w->g || !w->freev)
        return CALFPUMP_E_NOMEM;
    w->d = w->g + np;
    return 0;
}

static void lsq_free(lsq *w)
{
    free(w->x), free(w->r), free(w->J), free(w->pts), free(w->rs), free(w->A), free(w->g);
    free(w->freev);
}

/* One iteration: a Jacobian, then damped steps until the cost falls (the
 * step is taken) or the damping is hopeless.  *done: a tolerance is met. */
static int iterate(lsq *w, double *lambda, int *done)
{
    size_t np = w->np;
    double *M = w->A + np * np, *b = w->g + 2 * np;
    int st;
    if ((st = jacobian(w)))
        return st;
    normal_equations(w);
    for (int tries = 0; tries < 30; tries++) {
        double trial, dnorm = 0;
        size_t nf = damped_step(w, *lambda, M, b);
        for (size_t j = 0; j < np; j++)
            dnorm = fmax(dnorm, fabs(w->pts[j] - w->x[j]) / span(w, j));
        if (nf == 0 || dnorm < w->p->xtol) {
            *done = 1;
            return 0;
        }
        if ((st = w->p->eval(w->p->user, 1, w->pts, w->rs)))
            return st;
        w->evals++;
        trial = half_ss(w->rs, w->nr);
        if (trial < w->cost) {
            double drop = (w->cost - trial) / fmax(w->cost, 1e-300);
            memcpy(w->x, w->pts, np * sizeof *w->x);
            memcpy(w->r, w->rs, w->nr * sizeof *w->r);
            w->cost = trial;
            *lambda = fmax(*lambda / 3, 1e-9);
            *done = drop < w->p->ftol || trial == 0 || dnorm < w->p->xtol;
            return 0;
        }
        *lambda *= tries < 3 ? 3 : 10;
    }
    *done = 1; /* no step lowers the cost: a (local) minimum to its precision */
    return 0;
}

int cfp_lsq_solve(const cfp_lsq_problem *p, double *x, double *r, cfp_lsq_result *res,
                  char *msg)
{
    lsq w;
    double lambda = 1e-3;
    int st, done = 0, it = 0;
    if ((st = lsq_alloc(&w, p))) {
        lsq_free(&w);
        return cfp_fail(msg, st, "out of memory");
    }
    for (size_t j = 0; j < p->np; j++)
        w.x[j] = x[j] < p->lo[j] ? p->lo[j] : x[j] > p->hi[j] ? p->hi[j] : x[j];
    if ((st = p->eval(p->user, 1, w.x, w.r)))
        goto out;
    w.evals = 1;
    if (!isfinite(w.cost = half_ss(w.r, w.nr))) {
        st = cfp_fail(msg, CALFPUMP_E_NONFINITE, "the start point gives no finite residuals");
        goto out;
    }
    while (!done && it < p->max_iter && (st = iterate(&w, &lambda, &done)) == 0)
        it++;
    if (st)
        goto out;
    if ((st = jacobian(&w)))
        goto out;
    normal_equations(&w);
    if ((st = uncertainty(&w, res)))
        goto out;
    if (!done)
        st = cfp_fail(msg, CALFPUMP_E_MAXSTEPS, "not converged in %d iterations", p->max_iter);
out:
    memcpy(x, w.x, p->np * sizeof *x);
    if (r)
        memcpy(r, w.r, p->nr * sizeof *r);
    res->cost = w.cost;
    res->iterations = it;
    res->evaluations = w.evals;
    res->converged = done;
    lsq_free(&w);
    return st;
}
