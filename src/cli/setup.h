/* setup.h -- from a configuration to a model, a protocol with its run
 * settings, and a simulation. */
#ifndef CALFPUMP_CLI_SETUP_H
#define CALFPUMP_CLI_SETUP_H

#include <time.h>
#include "options.h"

/* Where the protocol that is run comes from. */
enum { PROTO_NAMED, PROTO_FILE, PROTO_SEGMENTS };

typedef struct {
    calfpump_model *m;
    calfpump_protocol *p;      /* the protocol that is run, with its run settings */
    calfpump_protocol *fp;     /* the model file's protocol (may be p), or NULL */
    int model_from_file;       /* 0: the default leg */
    int protocol_source;       /* PROTO_NAMED, ... */
    const char *integrator;    /* the integrator that is run */
    int integrator_from_file;  /* it is the model file's [run] integrator */
} setup;

/* Build the model, the protocol and the run settings of c.  Returns 0,
 * or EXIT_USAGE or EXIT_RUNTIME after a message (su is then empty). */
int build_setup(const run_config *c, setup *su);
void setup_free(setup *su);
/* A simulation of su with its run settings.  Returns 0 or an exit status
 * after a message (*out is then NULL). */
int make_sim(const run_config *c, const setup *su, calfpump_sim **out);
/* Integrate the whole protocol, with a progress line on stderr if
 * progress; what prefixes it ("" or "2/3 gsv-reflux ").  The library's
 * status. */
int integrate(calfpump_sim *s, int progress, const char *what);
/* Show the progress line: --progress, --no-progress, else if standard
 * error is a terminal and not --quiet. */
int show_progress(const run_config *c);

/* A progress line on stderr, redrawn at most five times a second. */
typedef struct progress_line {
    const char *what;
    struct timespec start;
    double shown;
} progress_line;
/* Start the clock of p. */
void progress_start(progress_line *p, const char *what);
/* The wall seconds since the start when the line is due (finished, or
 * 0.2 s since it was last drawn), else -1. */
double progress_due(progress_line *p, int finished);

/* Load a model file.  Returns 0, or an exit status after printing the
 * library's message, which names the file and line. */
int load_file(const char *path, calfpump_model **m, calfpump_protocol **p);
/* The segments of p in words, "; "-separated ("standing walk 60 s
 * (3 km/h); ..."). */
void describe_protocol(const calfpump_protocol *p, strbuf *b);
/* The model of a configuration in words ("leg.cfp (9 compartments,
 * ...)"). */
void describe_model_source(const run_config *c, const setup *su, strbuf *b);
/* The protocol of a configuration in words ("avp", "from leg.cfp", ...). */
void describe_protocol_source(const run_config *c, const setup *su, strbuf *b);

/* segment.c: the protocol of the --segment SPECs.  Returns 0 or an exit
 * status after a message naming the segment and the bad part. */
int protocol_from_specs(const str_list *specs, calfpump_protocol **out);

#endif /* CALFPUMP_CLI_SETUP_H */
