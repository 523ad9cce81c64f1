/* cfpr.h -- the .Call glue of the R package calfpump over libcalfpump.
 *
 * Handles are external pointers with a tag (the class name as a symbol) and
 * a C finalizer registered with onexit = TRUE.  Every constructor makes the
 * external pointer first (address NULL) and stores the handle in it as soon
 * as the library returns it, so that no R error or interrupt can leak it.
 *
 * Library failures become R conditions through the R function .cfp_stop()
 * in the package namespace (class calfpump_error_<family>, calfpump_error,
 * error), carrying the library's message.  Argument type errors are plain
 * R errors.  Indices are 1-based on the R side.
 */
#ifndef CFPR_H
#define CFPR_H

#include <stddef.h>
#include <string.h>
#define R_NO_REMAP
#include <R.h>
#include <Rinternals.h>
#include <calfpump.h>
#include "calls.h"

/* The class (and tag) of each kind of handle. */
/* A finalizer NAME that frees an external pointer's handle with FREE. */
#define CFPR_FINALIZER(name, free_fn)                                                        \
    static void name(SEXP x)                                                                 \
    {                                                                                        \
        free_fn(R_ExternalPtrAddr(x));                                                       \
        R_ClearExternalPtr(x);                                                               \
    }

#define CFPR_MODEL "calfpump_model"
#define CFPR_PROTOCOL "calfpump_protocol"
#define CFPR_SIM "calfpump_sim"

/* ---- handles (handles.c) ------------------------------------------ */

/* A new external pointer with class and tag `cls`, address NULL and the
 * finalizer of that class; the caller PROTECTs it. */
SEXP cfpr_xptr(const char *cls);
/* Store the handle h a constructor returned with status st in x (made by
 * cfpr_xptr() before the call), then signal a failure (st < 0) with
 * message msg; x owns h from then on, whatever happens.  Returns x. */
SEXP cfpr_adopt(SEXP x, void *h, int st, const char *msg);
/* The handle in x, which must be an external pointer of class `cls` that
 * has not been freed; an R error otherwise. */
void *cfpr_handle(SEXP x, const char *cls);
calfpump_model *cfpr_model(SEXP x);
calfpump_protocol *cfpr_protocol(SEXP x);
calfpump_sim *cfpr_sim(SEXP x);

/* ---- arguments and results (args.c) ------------------------------- */

/* A single non-NA string, else an R error naming `what`. */
const char *cfpr_string(SEXP x, const char *what);
/* NULL for R's NULL, else as cfpr_string(). */
const char *cfpr_string_or_null(SEXP x, const char *what);
/* A single number (double or integer; NA and NaN pass through as NaN for
 * the library to reject with its message), else an R error. */
double cfpr_double(SEXP x, const char *what);
/* A numeric vector (double or integer) of any length as doubles; the
 * caller PROTECTs the result. */
SEXP cfpr_doubles(SEXP x, const char *what);
/* A single TRUE/FALSE (or 0/1), else an R error. */
int cfpr_flag(SEXP x, const char *what);
/* A 1-based index in 1..n as a 0-based index, else an R error. */
size_t cfpr_index(SEXP x, size_t n, const char *what);
/* A character scalar, NA for NULL. */
SEXP cfpr_chr(const char *s);

/* ---- errors (errors.c) -------------------------------------------- */

/* Signal the library failure `status` with message `msg` ("" or NULL: the
 * status text) as an R condition; does not return. */
void cfpr_fail(int status, const char *msg) __attribute__((noreturn));
/* If status < 0, signal it with the message the library left in the
 * handle (or buffer); else return status.  The status is an argument, so
 * the message is read after the call that set it:
 *     cfpr_check_model(m, calfpump_model_set(m, name, value));  */
int cfpr_check_model(const calfpump_model *m, int status);
int cfpr_check_protocol(const calfpump_protocol *p, int status);
int cfpr_check_sim(const calfpump_sim *s, int status);
int cfpr_check_buf(const char *errbuf, int status);

/* Size of the error buffers given to the library. */
#define CFPR_ERRLEN 1024

/* ---- numbers by name (values.c) ---------------------------------- */

/* How to read and set the numbers of one object by name: model parameters
 * (seg unused) or the parameters of segment seg of a protocol. */
typedef struct {
    void *h;
    size_t seg;
    const char *what; /* "parameter", "segment parameter" */
    int (*get)(void *h, size_t seg, const char *name, double *value);
    int (*set)(void *h, size_t seg, const char *name, double value);
    const char *(*errmsg)(void *h);
} cfpr_values;

/* The values of `names` (a character vector), named. */
SEXP cfpr_values_get(const cfpr_values *a, SEXP names);
/* Set `names` to `values`, all or none. */
void cfpr_values_set(const cfpr_values *a, SEXP names, SEXP values);

/* A list of n columns with these names (R makes it a data.frame); the
 * caller PROTECTs it. */
SEXP cfpr_named_list(int n, const char *const *names);

#endif
