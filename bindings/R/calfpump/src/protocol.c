/* protocol.c -- protocols: segments, their parameters and waveforms, run
 * settings. */
#include "cfpr.h"

SEXP cfpr_protocol_new(SEXP name)
{
    char errbuf[CFPR_ERRLEN] = "";
    const char *nm = cfpr_string_or_null(name, "name");
    SEXP x = PROTECT(cfpr_xptr(CFPR_PROTOCOL));
    calfpump_protocol *p = NULL;
    int st = nm ? calfpump_protocol_create_named(&p, nm, errbuf, sizeof errbuf)
                : calfpump_protocol_new(&p);
    cfpr_adopt(x, p, st, errbuf);
    UNPROTECT(1);
    return x;
}

/* Append a segment; its 1-based index. */
SEXP cfpr_protocol_add_segment(SEXP px, SEXP posture, SEXP activity, SEXP duration)
{
    calfpump_protocol *p = cfpr_protocol(px);
    size_t index = 0;
    cfpr_check_protocol(p, calfpump_protocol_add_segment(p, cfpr_string(posture, "posture"),
                                                         cfpr_string(activity, "activity"),
                                                         cfpr_double(duration, "duration"),
                                                         &index));
    return Rf_ScalarInteger((int)index + 1);
}

static size_t segment_index(const calfpump_protocol *p, SEXP segment)
{
    return cfpr_index(segment, calfpump_protocol_segment_count(p), "segment");
}

static int get(void *h, size_t seg, const char *name, double *value)
{
    return calfpump_protocol_get(h, seg, name, value);
}

static int set(void *h, size_t seg, const char *name, double value)
{
    return calfpump_protocol_set(h, seg, name, value);
}

static const char *errmsg(void *h) { return calfpump_protocol_errmsg(h); }

static cfpr_values values(SEXP px, SEXP segment)
{
    cfpr_values a = {NULL, 0, "segment parameter", get, set, errmsg};
    a.h = cfpr_protocol(px);
    a.seg = segment_index(a.h, segment);
    return a;
}

/* Values of segment parameters `names` of one segment. */
SEXP cfpr_protocol_get(SEXP px, SEXP segment, SEXP names)
{
    cfpr_values a = values(px, segment);
    return cfpr_values_get(&a, names);
}

/* Set segment parameters of one segment, all or none. */
SEXP cfpr_protocol_set(SEXP px, SEXP segment, SEXP names, SEXP vals)
{
    cfpr_values a = values(px, segment);
    cfpr_values_set(&a, names, vals);
    return R_NilValue;
}

/* The segments: posture, activity, duration and the library's description
 * of the details. */
SEXP cfpr_protocol_segments(SEXP px)
{
    static const char *const cols[] = {"posture", "activity", "duration", "details"};
    const calfpump_protocol *p = cfpr_protocol(px);
    size_t n = calfpump_protocol_segment_count(p);
    SEXP l = PROTECT(cfpr_named_list(4, cols)), post, act, dur, det;
    SET_VECTOR_ELT(l, 0, post = Rf_allocVector(STRSXP, (R_xlen_t)n));
    SET_VECTOR_ELT(l, 1, act = Rf_allocVector(STRSXP, (R_xlen_t)n));
    SET_VECTOR_ELT(l, 2, dur = Rf_allocVector(REALSXP, (R_xlen_t)n));
    SET_VECTOR_ELT(l, 3, det = Rf_allocVector(STRSXP, (R_xlen_t)n));
    for (size_t i = 0; i < n; i++) {
        char buf[256];
        const char *s = calfpump_protocol_segment_posture(p, i);
        SET_STRING_ELT(post, (R_xlen_t)i, s ? Rf_mkChar(s) : NA_STRING);
        s = calfpump_protocol_segment_activity(p, i);
        SET_STRING_ELT(act, (R_xlen_t)i, s ? Rf_mkChar(s) : NA_STRING);
        REAL(dur)[i] = calfpump_protocol_segment_duration(p, i);
        cfpr_check_protocol(p, calfpump_protocol_segment_describe(p, i, buf, sizeof buf));
        SET_STRING_ELT(det, (R_xlen_t)i, Rf_mkChar(buf));
    }
    UNPROTECT(1);
    return l;
}

SEXP cfpr_protocol_duration(SEXP px)
{
    return Rf_ScalarReal(calfpump_protocol_duration(cfpr_protocol(px)));
}

SEXP cfpr_protocol_set_waveform(SEXP px, SEXP segment, SEXP muscle, SEXP t, SEXP a,
                                SEXP periodic)
{
    calfpump_protocol *p = cfpr_protocol(px);
    size_t k = segment_index(p, segment);
    const char *mu = cfpr_string(muscle, "muscle");
    int per = cfpr_flag(periodic, "periodic");
    SEXP tt = PROTECT(cfpr_doubles(t, "t")), aa = PROTECT(cfpr_doubles(a, "a"));
    if (XLENGTH(tt) != XLENGTH(aa))
        Rf_error("'t' has %ld samples but 'a' has %ld", (long)XLENGTH(tt), (long)XLENGTH(aa));
    cfpr_check_protocol(p, calfpump_protocol_set_waveform(p, k, mu, REAL(tt), REAL(aa),
                                                          (size_t)XLENGTH(tt), per));
    UNPROTECT(2);
    return R_NilValue;
}

/* The run settings the protocol carries: list(options = named numeric of
 * the options that are set, integrator = name or NA). */
SEXP cfpr_protocol_run_settings(SEXP px)
{
    static const char *const cols[] = {"options", "integrator"};
    const calfpump_protocol *p = cfpr_protocol(px);
    size_t n = calfpump_run_option_count(), k = 0;
    SEXP l = PROTECT(cfpr_named_list(2, cols));
    SEXP v = PROTECT(Rf_allocVector(REALSXP, (R_xlen_t)n));
    SEXP nm = PROTECT(Rf_allocVector(STRSXP, (R_xlen_t)n));
    for (size_t i = 0; i < n; i++) {
        const char *name = calfpump_run_option_name(i);
        int st = calfpump_protocol_run_option(p, name, &REAL(v)[k]);
        if (st == CALFPUMP_E_NOTFOUND)
            continue;
        cfpr_check_protocol(p, st);
        SET_STRING_ELT(nm, (R_xlen_t)k++, Rf_mkChar(name));
    }
    v = Rf_xlengthgets(v, (R_xlen_t)k);
    SET_VECTOR_ELT(l, 0, v);
    Rf_setAttrib(v, R_NamesSymbol, Rf_xlengthgets(nm, (R_xlen_t)k));
    SET_VECTOR_ELT(l, 1, cfpr_chr(calfpump_protocol_run_integrator(p)));
    UNPROTECT(3);
    return l;
}

/* Set run option `name` to `value`, or remove it if value is NULL. */
SEXP cfpr_protocol_set_run_option(SEXP px, SEXP name, SEXP value)
{
    calfpump_protocol *p = cfpr_protocol(px);
    const char *nm = cfpr_string(name, "name");
    if (Rf_isNull(value))
        cfpr_check_protocol(p, calfpump_protocol_unset_run_option(p, nm));
    else
        cfpr_check_protocol(p, calfpump_protocol_set_run_option(p, nm,
                                                                cfpr_double(value, "value")));
    return R_NilValue;
}

/* Set the integrator the protocol asks for; NULL removes it. */
SEXP cfpr_protocol_set_run_integrator(SEXP px, SEXP name)
{
    calfpump_protocol *p = cfpr_protocol(px);
    cfpr_check_protocol(p, calfpump_protocol_set_run_integrator(
                               p, cfpr_string_or_null(name, "integrator")));
    return R_NilValue;
}
