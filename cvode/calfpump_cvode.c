/* calfpump_cvode.c -- the "cvode" integrator plug-in: SUNDIALS CVODE
 * (variable-order, variable-step BDF with Newton iterations and a dense
 * direct linear solver) behind the public plug-in interface of
 * calfpump/sys/integrator.h.  Nothing here uses libcalfpump internals.
 *
 * Mapping of the plug-in calls:
 *   create      SUNContext, serial vectors, CVodeCreate(CV_BDF), CVodeInit
 *               at a provisional (0, 0), dense matrix and linear solver,
 *               tolerances and step bounds from the options;
 *   restart     CVodeReInit at (t, y): CVODE starts again at order 1, as
 *               it must after a discontinuity of the right-hand side;
 *   step        CVodeSetStopTime(t_limit), then CVode(CV_ONE_STEP): one
 *               internal step that never passes t_limit;
 *   interpolate CVodeGetDky(t, 0) inside the last step;
 *   destroy     frees everything.
 * Every allocation happens in create; step and interpolate allocate nothing
 * (CVODE itself does not allocate after the linear solver is attached).
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cvode/cvode.h>
#include <nvector/nvector_serial.h>
#include <sundials/sundials_types.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunmatrix/sunmatrix_dense.h>

#include "calfpump/cvode.h"

#if !defined(SUNDIALS_VERSION_MAJOR) || SUNDIALS_VERSION_MAJOR < 6
#error "libcalfpump_cvode needs SUNDIALS 6 or later (SUNContext)"
#endif
#if !defined(SUNDIALS_DOUBLE_PRECISION)
#error "libcalfpump_cvode needs SUNDIALS built with double precision (sunrealtype = double)"
#endif

/* Steps per CVode call: CV_ONE_STEP takes one, so this only has to be
 * larger than that; CVODE's default of 500 would do as well. */
#define CV_MAX_STEPS 1000000L

typedef struct cv_state {
    size_t n;
    calfpump_integrator_options o;
    SUNContext sunctx;
    void *mem;              /* CVODE memory */
    N_Vector y;             /* initial values in, solution out */
    N_Vector yi;            /* dense output */
    SUNMatrix A;            /* Newton matrix (CVODE's, column-major) */
    SUNLinearSolver LS;
    double *jac;            /* n*n row-major Jacobian from calfpump_odectx_jac */
    calfpump_odectx *ctx;   /* context of the current restart/step call */
    int fatal;              /* a callback reported a fatal error (status) */
    int rhs_failed;         /* the last right-hand side failed recoverably */
    unsigned long ncalls;   /* step() calls since create */
    unsigned long fail_call;/* ncalls at the last recoverable rhs failure (0: none) */
    long nef, ncf, nsetups; /* CVODE counters at the last report */
} cv_state;

/* ---------------------------------------------------------------- */
/* Callbacks CVODE calls (user_data is the cv_state). */

static int cv_rhs(sunrealtype t, N_Vector y, N_Vector ydot, void *user)
{
    cv_state *s = user;
    int rc = calfpump_odectx_rhs(s->ctx, t, N_VGetArrayPointer(y), N_VGetArrayPointer(ydot));
    if (rc == 0) {
        s->rhs_failed = 0;
        return 0;
    }
    if (rc > 0) { /* recoverable: CVODE retries with a smaller step */
        s->rhs_failed = 1;
        s->fail_call = s->ncalls;
        return 1;
    }
    s->fatal = CALFPUMP_E_CALLBACK;
    return -1;
}

static int cv_jac(sunrealtype t, N_Vector y, N_Vector fy, SUNMatrix J, void *user,
                  N_Vector tmp1, N_Vector tmp2, N_Vector tmp3)
{
    cv_state *s = user;
    size_t n = s->n;
    int rc;
    (void)tmp1;
    (void)tmp2;
    (void)tmp3;
    rc = calfpump_odectx_jac(s->ctx, t, N_VGetArrayPointer(y), N_VGetArrayPointer(fy), s->jac);
    if (rc > 0)
        return 1; /* recoverable: CVODE treats it as a convergence failure */
    if (rc < 0) {
        s->fatal = CALFPUMP_E_CALLBACK;
        return -1;
    }
    /* Row-major (library) to column-major (SUNDIALS dense matrix). */
    for (size_t j = 0; j < n; j++) {
        sunrealtype *col = SUNDenseMatrix_Column(J, (sunindextype)j);
        for (size_t i = 0; i < n; i++)
            col[i] = s->jac[i * n + j];
    }
    return 0;
}

#if SUNDIALS_VERSION_MAJOR < 7
/* CVODE reports failures through its return values, which step() maps to
 * library statuses; its messages would go to stderr, and the library never
 * prints. */
static void cv_quiet(int code, const char *module, const char *function, char *msg, void *user)
{
    (void)code;
    (void)module;
    (void)function;
    (void)msg;
    (void)user;
}
#endif

/* ---------------------------------------------------------------- */
/* Plug-in functions. */

static void cv_destroy(void *vs)
{
    cv_state *s = vs;
    if (!s)
        return;
    if (s->mem)
        CVodeFree(&s->mem);
    if (s->LS)
        SUNLinSolFree(s->LS);
    if (s->A)
        SUNMatDestroy(s->A);
    if (s->yi)
        N_VDestroy(s->yi);
    if (s->y)
        N_VDestroy(s->y);
    if (s->sunctx)
        SUNContext_Free(&s->sunctx);
    free(s->jac);
    free(s);
}

static int cv_create(void **out, size_t n, const calfpump_integrator_options *o, void *data)
{
    cv_state *s;
    sunindextype len = (sunindextype)n;
    int st = CALFPUMP_E_NOMEM;
    (void)data;
    *out = NULL;
    if (n == 0 || (size_t)len != n || n > SIZE_MAX / sizeof(double) / n)
        return CALFPUMP_E_RANGE;
    s = calloc(1, sizeof *s);
    if (!s)
        return CALFPUMP_E_NOMEM;
    s->n = n;
    /* Copy no more of the options than the library passed. */
    {
        size_t k = o->struct_size < sizeof s->o ? o->struct_size : sizeof s->o;
        memcpy(&s->o, o, k);
    }
    s->jac = malloc(n * n * sizeof *s->jac);
    if (!s->jac)
        goto fail;
#if SUNDIALS_VERSION_MAJOR >= 7
    if (SUNContext_Create(SUN_COMM_NULL, &s->sunctx))
        goto fail;
#else
    if (SUNContext_Create(NULL, &s->sunctx))
        goto fail;
#endif
    s->y = N_VNew_Serial(len, s->sunctx);
    s->yi = N_VNew_Serial(len, s->sunctx);
    s->A = SUNDenseMatrix(len, len, s->sunctx);
    if (!s->y || !s->yi || !s->A)
        goto fail;
    N_VConst(0.0, s->y);
    s->LS = SUNLinSol_Dense(s->y, s->A, s->sunctx);
    s->mem = CVodeCreate(CV_BDF, s->sunctx);
    if (!s->LS || !s->mem)
        goto fail;
#if SUNDIALS_VERSION_MAJOR >= 7
    SUNContext_ClearErrHandlers(s->sunctx);
#else
    CVodeSetErrHandlerFn(s->mem, cv_quiet, NULL);
#endif
    /* CVodeInit allocates CVODE's history arrays; restart() re-initialises
     * at the real (t, y) with CVodeReInit, which allocates nothing. */
    if (CVodeInit(s->mem, cv_rhs, 0.0, s->y) != CV_SUCCESS)
        goto fail;
    st = CALFPUMP_E_RANGE; /* from here on CVODE refuses an option value */
    if (CVodeSetUserData(s->mem, s) != CV_SUCCESS ||
        CVodeSStolerances(s->mem, s->o.rtol, s->o.atol) != CV_SUCCESS ||
        CVodeSetMaxNumSteps(s->mem, CV_MAX_STEPS) != CV_SUCCESS ||
        CVodeSetMaxHnilWarns(s->mem, -1) != CV_SUCCESS)
        goto fail;
    if (CVodeSetLinearSolver(s->mem, s->LS, s->A) != CV_SUCCESS) {
        st = CALFPUMP_E_NOMEM;
        goto fail;
    }
    if (CVodeSetJacFn(s->mem, cv_jac) != CV_SUCCESS)
        goto fail;
    if (s->o.h_init > 0 && CVodeSetInitStep(s->mem, s->o.h_init) != CV_SUCCESS)
        goto fail;
    if (s->o.h_min > 0 && CVodeSetMinStep(s->mem, s->o.h_min) != CV_SUCCESS)
        goto fail;
    if (s->o.h_max > 0 && CVodeSetMaxStep(s->mem, s->o.h_max) != CV_SUCCESS)
        goto fail;
    *out = s;
    return 0;
fail:
    cv_destroy(s);
    return st;
}

static int cv_restart(void *vs, calfpump_odectx *c, double t, const double *y)
{
    cv_state *s = vs;
    int flag;
    if (calfpump_odectx_dim(c) != s->n)
        return CALFPUMP_E_INVAL;
    s->ctx = c;
    s->fatal = 0;
    s->rhs_failed = 0;
    memcpy(N_VGetArrayPointer(s->y), y, s->n * sizeof *y);
    flag = CVodeReInit(s->mem, t, s->y);
    if (flag == CV_MEM_FAIL)
        return CALFPUMP_E_NOMEM;
    if (flag != CV_SUCCESS)
        return CALFPUMP_E_INVAL;
    /* CVodeReInit resets CVODE's counters. */
    s->nef = s->ncf = s->nsetups = 0;
    return 0;
}

/* Report the rejected steps and LU factorisations since the last report. */
static void report_stats(cv_state *s, calfpump_odectx *c)
{
    long nef = s->nef, ncf = s->ncf, nsetups = s->nsetups;
    CVodeGetNumErrTestFails(s->mem, &nef);
    /* Steps that failed because Newton did not converge (not the Newton
     * failures that a fresh Jacobian repaired within the same step). */
    CVodeGetNumStepSolveFails(s->mem, &ncf);
    CVodeGetNumLinSolvSetups(s->mem, &nsetups);
    if (nef > s->nef || ncf > s->ncf)
        calfpump_odectx_add_rejected(c, (unsigned long)((nef - s->nef) + (ncf - s->ncf)));
    if (nsetups > s->nsetups)
        calfpump_odectx_add_lu(c, (unsigned long)(nsetups - s->nsetups));
    s->nef = nef;
    s->ncf = ncf;
    s->nsetups = nsetups;
}

/* A CVODE failure as a library status. */
static int map_flag(const cv_state *s, int flag)
{
    if (s->fatal)
        return s->fatal;
    switch (flag) {
    case CV_FIRST_RHSFUNC_ERR: /* f(t0, y0) failed recoverably */
    case CV_REPTD_RHSFUNC_ERR: /* recoverable failures until h reached h_min */
        return CALFPUMP_E_NONFINITE;
    case CV_RHSFUNC_FAIL:
    case CV_UNREC_RHSFUNC_ERR:
        return CALFPUMP_E_CALLBACK;
    case CV_TOO_MUCH_ACC:  /* tolerances below machine precision */
    case CV_ERR_FAILURE:   /* error test failed at h_min or too often */
    case CV_CONV_FAILURE:  /* Newton failed at h_min or too often */
    case CV_LSETUP_FAIL:
    case CV_LSOLVE_FAIL:
    case CV_NLS_FAIL:
        return s->rhs_failed ? CALFPUMP_E_NONFINITE : CALFPUMP_E_STEPSIZE;
    case CV_TOO_MUCH_WORK:
        return CALFPUMP_E_MAXSTEPS;
    case CV_MEM_FAIL:
        return CALFPUMP_E_NOMEM;
    case CV_ILL_INPUT:
    case CV_TOO_CLOSE:
    case CV_BAD_T:
        return CALFPUMP_E_RANGE;
    default:
        return CALFPUMP_E_STEPSIZE;
    }
}

static int cv_step(void *vs, calfpump_odectx *c, double *tp, double *y, double t_limit)
{
    cv_state *s = vs;
    sunrealtype tret = *tp, hlast = 0, tout = t_limit;
    int flag;
    s->ctx = c;
    s->ncalls++;
    s->fatal = 0;
    if (isnan(t_limit) || t_limit < *tp)
        return CALFPUMP_E_RANGE;
    if (isinf(t_limit)) {
        /* No limit: no stop time, and a finite output time, which CVODE
         * only uses to bound its first step after a (re)start. */
        tout = *tp + fmax(1.0, fabs(*tp));
        if (CVodeSetStopTime(s->mem, DBL_MAX) != CV_SUCCESS)
            return CALFPUMP_E_RANGE;
    } else {
        /* An interval at the level of rounding: CVODE refuses to start on
         * it (CV_TOO_CLOSE) and there is nothing to integrate. */
        if (t_limit - *tp <= 4 * DBL_EPSILON * fmax(1.0, fabs(t_limit))) {
            *tp = t_limit;
            return 0;
        }
        if (CVodeSetStopTime(s->mem, t_limit) != CV_SUCCESS)
            return CALFPUMP_E_RANGE;
    }
    flag = CVode(s->mem, tout, s->y, &tret, CV_ONE_STEP);
    report_stats(s, c);
    if (flag < 0)
        return map_flag(s, flag);
    /* Without h_min CVODE only warns when t + h == t and goes on: a step
     * that small ends the solve, as in the built-in methods.  When the
     * right-hand side failed within the last few steps, the step shrank
     * while creeping up to where it fails: report that. */
    if (flag != CV_TSTOP_RETURN && CVodeGetLastStep(s->mem, &hlast) == CV_SUCCESS &&
        fabs(hlast) <= 64 * DBL_EPSILON * fmax(1.0, fabs(tret)))
        return s->fail_call && s->ncalls - s->fail_call < 8 ? CALFPUMP_E_NONFINITE
                                                            : CALFPUMP_E_STEPSIZE;
    memcpy(y, N_VGetArrayPointer(s->y), s->n * sizeof *y);
    /* At the stop time CVODE returns exactly t_limit. */
    *tp = (flag == CV_TSTOP_RETURN || tret >= t_limit) ? t_limit : tret;
    return 0;
}

static int cv_interpolate(const void *vs, double t, double *out)
{
    const cv_state *s = vs;
    int flag = CVodeGetDky(s->mem, t, 0, s->yi);
    if (flag == CV_BAD_T)
        return CALFPUMP_E_RANGE;
    if (flag != CV_SUCCESS)
        return CALFPUMP_E_STATE;
    memcpy(out, N_VGetArrayPointer(s->yi), s->n * sizeof *out);
    return 0;
}

static const calfpump_integrator_ops cv_ops = {
    sizeof(calfpump_integrator_ops), CALFPUMP_INTEGRATOR_ABI, "cvode",
    CALFPUMP_CAP_ADAPTIVE | CALFPUMP_CAP_DENSE | CALFPUMP_CAP_IMPLICIT, 5,
    cv_create, cv_destroy, cv_restart, cv_step, cv_interpolate, NULL};

const calfpump_integrator_ops *calfpump_cvode_integrator(void) { return &cv_ops; }

const char *calfpump_cvode_version_string(void) { return SUNDIALS_VERSION; }
