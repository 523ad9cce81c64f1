/* sim.c -- simulations: creation, integrator and options, running. */
#include <math.h>
#include "cfpr.h"

/* Simulated seconds between two checks for an interrupt from R. */
#define CFPR_CHUNK_SECONDS 5.0

SEXP cfpr_sim_new(SEXP mx, SEXP px)
{
    char errbuf[CFPR_ERRLEN];
    const calfpump_model *m = cfpr_model(mx);
    const calfpump_protocol *p = cfpr_protocol(px);
    SEXP x = PROTECT(cfpr_xptr(CFPR_SIM));
    calfpump_sim *s = NULL;
    int st = calfpump_sim_create(&s, m, p, errbuf, sizeof errbuf);
    cfpr_adopt(x, s, st, errbuf);
    UNPROTECT(1);
    return x;
}

SEXP cfpr_sim_set_integrator(SEXP sx, SEXP name)
{
    calfpump_sim *s = cfpr_sim(sx);
    cfpr_check_sim(s, calfpump_sim_set_integrator(s, cfpr_string(name, "integrator")));
    return R_NilValue;
}

SEXP cfpr_sim_set_option(SEXP sx, SEXP name, SEXP value)
{
    calfpump_sim *s = cfpr_sim(sx);
    cfpr_check_sim(s, calfpump_sim_set_option(s, cfpr_string(name, "name"),
                                              cfpr_double(value, "value")));
    return R_NilValue;
}

/* Every run option's current value, named. */
SEXP cfpr_sim_options(SEXP sx)
{
    const calfpump_sim *s = cfpr_sim(sx);
    size_t n = calfpump_run_option_count();
    SEXP v = PROTECT(Rf_allocVector(REALSXP, (R_xlen_t)n));
    SEXP nm = PROTECT(Rf_allocVector(STRSXP, (R_xlen_t)n));
    for (size_t i = 0; i < n; i++) {
        const char *name = calfpump_run_option_name(i);
        SET_STRING_ELT(nm, (R_xlen_t)i, Rf_mkChar(name));
        cfpr_check_sim(s, calfpump_sim_get_option(s, name, &REAL(v)[i]));
    }
    Rf_setAttrib(v, R_NamesSymbol, nm);
    UNPROTECT(2);
    return v;
}

/* Apply the protocol's run settings.  NULL, or the library's message when
 * the protocol names an integrator that is not built in (the options are
 * applied all the same). */
SEXP cfpr_sim_apply_run_settings(SEXP sx)
{
    calfpump_sim *s = cfpr_sim(sx);
    int st = calfpump_sim_apply_run_settings(s);
    if (st == CALFPUMP_E_NOTFOUND)
        return Rf_mkString(calfpump_sim_errmsg(s));
    cfpr_check_sim(s, st);
    return R_NilValue;
}

/* The first output time at least `rows` output intervals after t: chunks
 * end on output times, so a run in chunks takes the steps of a run in one
 * piece (calfpump_sim_advance()), whatever the integrator. */
static double chunk_end(double t, double dt, double t_end)
{
    double rows = ceil(CFPR_CHUNK_SECONDS / dt), target;
    if (!(dt > 0) || !isfinite(rows))
        return t_end;
    target = (floor(t / dt + 1e-9) + rows) * dt;
    return target < t_end ? target : t_end;
}

/* Advance to t_end (the protocol's end if NULL), in chunks, checking for
 * an interrupt from R after each: an interrupted run can be continued. */
SEXP cfpr_sim_advance(SEXP sx, SEXP t_endx)
{
    calfpump_sim *s = cfpr_sim(sx);
    double end = calfpump_sim_end_time(s), dt = 0, t_end, t;
    t_end = Rf_isNull(t_endx) ? end : cfpr_double(t_endx, "t_end");
    if (isnan(t_end))
        cfpr_check_sim(s, calfpump_sim_advance(s, t_end)); /* the library's message */
    if (t_end > end)
        t_end = end;
    cfpr_check_sim(s, calfpump_sim_get_option(s, "output_interval", &dt));
    do {
        t = calfpump_sim_time(s);
        cfpr_check_sim(s, calfpump_sim_advance(s, chunk_end(t, dt, t_end)));
        R_CheckUserInterrupt();
    } while (calfpump_sim_time(s) < t_end && calfpump_sim_time(s) > t);
    return R_NilValue;
}

SEXP cfpr_sim_reset(SEXP sx)
{
    calfpump_sim *s = cfpr_sim(sx);
    cfpr_check_sim(s, calfpump_sim_reset(s));
    return R_NilValue;
}

/* c(time = , end = ), s. */
SEXP cfpr_sim_time(SEXP sx)
{
    const calfpump_sim *s = cfpr_sim(sx);
    SEXP v = PROTECT(Rf_allocVector(REALSXP, 2)), nm = PROTECT(Rf_allocVector(STRSXP, 2));
    REAL(v)[0] = calfpump_sim_time(s);
    REAL(v)[1] = calfpump_sim_end_time(s);
    SET_STRING_ELT(nm, 0, Rf_mkChar("time"));
    SET_STRING_ELT(nm, 1, Rf_mkChar("end"));
    Rf_setAttrib(v, R_NamesSymbol, nm);
    UNPROTECT(2);
    return v;
}
