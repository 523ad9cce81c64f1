/* options.h -- the options of run, compare and save, and the
 * configuration they describe. */
#ifndef CALFPUMP_CLI_OPTIONS_H
#define CALFPUMP_CLI_OPTIONS_H

#include "cli.h"

/* The protocol of a configuration that names none. */
#define DEFAULT_PROTOCOL "avp"

/* The commands an option belongs to. */
enum { C_RUN = 1, C_COMPARE = 2, C_SAVE = 4, C_SIM = C_RUN | C_COMPARE, C_ALL = 7,
       C_COHORT = 8, C_SENS = 16, C_FIT = 32, C_STUDY = C_COHORT | C_SENS | C_FIT,
       C_EVERY = C_ALL | C_STUDY };

typedef enum {
    OPT_HELP, OPT_QUIET, OPT_METRICS, OPT_MODEL, OPT_CSV, OPT_PROTOCOL, OPT_SEGMENT,
    OPT_CONDITION, OPT_SET, OPT_MODEL_PARAM, /* --height: a model parameter */
    OPT_SEGMENT_PARAM,                       /* --speed ...: a segment parameter */
    OPT_INTEGRATOR, OPT_RUN_OPTION,          /* --rtol ...: a run option */
    OPT_ANY_RUN_OPTION,                      /* --run-option NAME=VALUE */
    OPT_WITH, OPT_LABEL,
    OPT_COLUMNS, OPT_EVERY, OPT_PROGRESS, OPT_NO_PROGRESS, /* output of run */
    OPT_DIST, OPT_VARY, OPT_SAMPLES, OPT_SEED, OPT_OUTPUTS, OPT_THREADS, OPT_OUT, /* study */
    OPT_CUTOFF, OPT_BOOTSTRAP, OPT_DATA, OPT_FIT
} opt_kind;

/* Which segments a segment-parameter option changes. */
enum { SEG_EVERY = 1, SEG_USING = 2 /* those whose activity uses it */ };

typedef struct {
    opt_kind kind;
    const char *name;   /* long name, without "--" */
    char shortname;     /* 0: none */
    const char *arg;    /* NULL: the option takes no value */
    unsigned cmds;      /* C_RUN | C_COMPARE | C_SAVE */
    const char *target; /* the model or segment parameter or run option it sets */
    int scope;          /* segment parameters: SEG_EVERY or SEG_USING */
    double fixed;       /* the value an option without a value sets */
    const char *help;   /* NULL: the library's description of target */
} opt_spec;

/* The configuration of a run: the command line, or the command line
 * changed by a --with SPEC of compare. */
typedef struct {
    const char *model_file;  /* NULL: the default leg */
    const char *protocol;    /* named protocol */
    int protocol_given;      /* --protocol given: it replaces the file's segments */
    str_list segments;       /* --segment SPECs: they make the protocol */
    str_list conditions;
    nv_list sets;            /* --set, --height: model parameters, in order */
    nv_list seg_params;      /* --speed, --stocking, ...: segment parameters */
    nv_list run_options;     /* --rtol, ..., --run-option: run options */
    const char *integrator;  /* NULL: from the file, else the default */
    const char *csv;
    const char *columns;     /* --columns: the CSV's columns, NULL: all */
    unsigned long every;     /* --every: every how many rows go to the CSV (0: not given) */
    int progress;            /* --progress 1, --no-progress 0, else -1: if stderr is a terminal */
    int quiet, metrics, help;
    str_list withs;          /* compare */
    str_list dists, varies;  /* cohort, sensitivity: --dist FILEs, --vary PARAM=DISTs */
    str_list cutoffs;        /* cohort: --cutoff METRIC<VALUE */
    str_list data, fits;     /* fit: --data METRIC=VALUE:SD, --fit PARAM=LO:HI[:START] */
    const char *outputs;     /* --outputs LIST: the metrics (NULL: the key measures) */
    const char *out;         /* --out FILE: the table (NULL: standard output) */
    unsigned long samples, threads; /* 0: the command's default */
    unsigned long seed, bootstrap;  /* default 1, 200 */
    const char *label;       /* compare: column header */
    str_list pos;            /* positional arguments */
    char *owned_spec, *owned_label; /* storage of a variant */
} run_config;

void run_config_init(run_config *c);
void run_config_free(run_config *c);
/* Deep copy of the parts of a configuration a variant starts from
 * (without --with, --label and the positional arguments). */
int run_config_copy(run_config *dst, const run_config *src);

/* The name of command cmd (C_RUN, ...). */
const char *cmd_name(unsigned cmd);
/* The option called name (without "--"), or NULL. */
const opt_spec *find_option(const char *name);
/* Apply option o with value val (NULL for an option without a value) to
 * c.  Returns 0, EXIT_USAGE or EXIT_RUNTIME after a message. */
int apply_option(run_config *c, const opt_spec *o, const char *val);
/* Parse the arguments after the command into c; positional arguments go
 * to c->pos.  Returns 0, EXIT_USAGE or EXIT_RUNTIME. */
int parse_args(unsigned cmd, int argc, char **argv, run_config *c);
/* run and compare: at most one positional argument, the model file. */
int take_model_argument(const char *cname, run_config *c);
/* Print the options of the commands in mask cmds; with annotate, say
 * which commands an option that not all of them take belongs to. */
void print_options(FILE *f, unsigned cmds, int annotate);
/* The activities that use segment parameter param ("walk, run"). */
void activities_using(const char *param, strbuf *b);

#endif /* CALFPUMP_CLI_OPTIONS_H */
