/* options.c -- the option table of run, compare and save, and parsing.
 *
 * Options that set a segment parameter or a run option name it
 * ("target"); their help comes from the library's description of it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

static const opt_spec options[] = {
    {OPT_MODEL, "model", 0, "FILE", C_EVERY, NULL, 0, 0,
     "read the model, and its protocol and [run] settings, from a model file (the FILE "
     "argument of run and compare)"},
    {OPT_PROTOCOL, "protocol", 0, "NAME", C_EVERY, NULL, 0, 0,
     "named protocol, instead of the segments of a model file"},
    {OPT_SEGMENT, "segment", 0, "SPEC", C_EVERY, NULL, 0, 0,
     "add a segment POSTURE:ACTIVITY:SECONDS[:PARAM=VALUE,...], e.g. standing:walk:60:speed=4; "
     "repeatable; the segments replace --protocol and those of a model file ('" PROG
     " list activities', 'list segment-params')"},
    {OPT_CONDITION, "condition", 0, "NAME", C_EVERY, NULL, 0, 0,
     "apply a condition preset; repeatable, applied in order"},
    {OPT_SET, "set", 0, "PARAM=VALUE", C_EVERY, NULL, 0, 0,
     "set a model parameter after the presets; repeatable"},
    {OPT_MODEL_PARAM, "height", 0, "HEIGHT", C_EVERY, "height", 0, 0,
     "subject height (--set height=HEIGHT)"},
    {OPT_SEGMENT_PARAM, "speed", 0, "SPEED", C_EVERY, "speed", SEG_USING, 0, NULL},
    {OPT_SEGMENT_PARAM, "rpm", 0, "RPM", C_EVERY, "rpm", SEG_USING, 0, NULL},
    {OPT_SEGMENT_PARAM, "flat-foot", 0, NULL, C_EVERY, "toe_pointed", SEG_USING, 0,
     "pedal with a flat foot"},
    {OPT_SEGMENT_PARAM, "stocking", 0, "CLASS", C_EVERY, "stocking", SEG_EVERY, 0, NULL},
    {OPT_SEGMENT_PARAM, "ipc", 0, "PRESSURE", C_EVERY, "ipc_pressure", SEG_EVERY, 0, NULL},
    {OPT_INTEGRATOR, "integrator", 0, "NAME", C_EVERY, NULL, 0, 0,
     "integrator ('" PROG " list integrators')"},
    {OPT_RUN_OPTION, "rtol", 0, "X", C_EVERY, "rtol", 0, 0, NULL},
    {OPT_RUN_OPTION, "atol", 0, "Y", C_EVERY, "atol", 0, 0, NULL},
    {OPT_RUN_OPTION, "step", 0, "H", C_EVERY, "h", 0, 0, NULL},
    {OPT_RUN_OPTION, "output-interval", 0, "S", C_EVERY, "output_interval", 0, 0, NULL},
    {OPT_ANY_RUN_OPTION, "run-option", 0, "NAME=VALUE", C_EVERY, NULL, 0, 0,
     "set any run option ('" PROG " list run-options'); repeatable"},
    {OPT_CSV, "csv", 0, "FILE", C_RUN, NULL, 0, 0,
     "write the trace to FILE as CSV while the run goes (FILE is opened before the run; "
     "memory does not grow with the simulated time); '-': to standard output, the summary "
     "or the metrics then going to standard error"},
    {OPT_COLUMNS, "columns", 0, "LIST", C_RUN, NULL, 0, 0,
     "--csv: only these trace columns, in this order, separated by ',' ('" PROG
     " list columns')"},
    {OPT_EVERY, "every", 0, "N", C_RUN, NULL, 0, 0,
     "--csv: only every N-th output row (the metrics still use every row)"},
    {OPT_PROGRESS, "progress", 0, NULL, C_SIM | C_STUDY, NULL, 0, 0,
     "show the progress line and its ETA on standard error even if it is not a terminal"},
    {OPT_NO_PROGRESS, "no-progress", 0, NULL, C_SIM | C_STUDY, NULL, 0, 0,
     "no progress line (by default it is shown when standard error is a terminal)"},
    {OPT_WITH, "with", 0, "SPEC", C_COMPARE, NULL, 0, 0,
     "add a column: the base configuration changed by SPEC; repeatable"},
    {OPT_LABEL, "label", 0, "TEXT", C_COMPARE, NULL, 0, 0, "header of the base column"},
    {OPT_DIST, "dist", 0, "FILE", C_COHORT | C_SENS, NULL, 0, 0,
     "read parameter distributions from FILE, one 'PARAM DIST' a line, e.g. "
     "'calf_strength normal(1, 0.15) in [0.3, 1.7]' (calfpump(1), DISTRIBUTIONS); repeatable"},
    {OPT_VARY, "vary", 0, "PARAM=DIST", C_COHORT | C_SENS, NULL, 0, 0,
     "give a model parameter a distribution: uniform(A, B), normal(MEAN, SD), "
     "lognormal(MU, SIGMA), fixed(V), each optionally 'in [LO, HI]'; repeatable"},
    {OPT_SAMPLES, "samples", 'n', "N", C_COHORT | C_SENS, NULL, 0, 0,
     "cohort: number of legs (default 100); sensitivity: base sample size, (k + 2) N runs "
     "for k parameters (default 256)"},
    {OPT_SEED, "seed", 0, "N", C_COHORT | C_SENS, NULL, 0, 0,
     "random stream (default 1): the same seed gives the same legs on any machine and "
     "thread count"},
    {OPT_OUTPUTS, "outputs", 0, "LIST", C_COHORT | C_SENS, NULL, 0, 0,
     "metrics to compute, separated by ',' (default: the key measures the protocol "
     "defines; '" PROG " list metrics')"},
    {OPT_THREADS, "threads", 'j', "N", C_STUDY, NULL, 0, 0,
     "run on N threads (default: one per processor)"},
    {OPT_OUT, "out", 'o', "FILE", C_COHORT | C_SENS, NULL, 0, 0,
     "write the table to FILE ('.csv': comma-separated, else tab-separated; default: "
     "standard output, the summary then going to standard error)"},
    {OPT_CUTOFF, "cutoff", 0, "METRIC<VALUE", C_COHORT, NULL, 0, 0,
     "also report the fraction of legs with METRIC below (<) or above (>) VALUE, e.g. "
     "'avp.rt90<20'; repeatable"},
    {OPT_BOOTSTRAP, "bootstrap", 0, "N", C_SENS, NULL, 0, 0,
     "bootstrap resamples for the 95 % confidence intervals (default 200; 0: none)"},
    {OPT_DATA, "data", 0, "METRIC=VALUE:SD", C_FIT, NULL, 0, 0,
     "a measured index and its standard deviation, e.g. apg.vfi=4.2:0.5; repeatable"},
    {OPT_FIT, "fit", 0, "PARAM=LO:HI[:START]", C_FIT, NULL, 0, 0,
     "a model parameter to fit, its bounds and start (default: the model's value); "
     "repeatable"},
    {OPT_QUIET, "quiet", 'q', NULL, C_EVERY, NULL, 0, 0,
     "no progress indicator (save: no report line)"},
    {OPT_METRICS, "metrics", 0, NULL, C_SIM, NULL, 0, 0,
     "machine-readable output: NAME = VALUE lines; compare: a tab-separated table"},
    {OPT_HELP, "help", 'h', NULL, C_EVERY, NULL, 0, 0, "show this help and exit"},
};
#define N_OPTIONS (sizeof options / sizeof options[0])

/* ------------------------------------------------------------------ */
/* The configuration */

void run_config_init(run_config *c)
{
    memset(c, 0, sizeof *c);
    c->protocol = DEFAULT_PROTOCOL;
    c->progress = -1;
    c->seed = 1;
    c->bootstrap = 200;
}

void run_config_free(run_config *c)
{
    str_list_free(&c->segments);
    str_list_free(&c->conditions);
    nv_list_free(&c->sets);
    nv_list_free(&c->seg_params);
    nv_list_free(&c->run_options);
    str_list_free(&c->withs);
    str_list_free(&c->dists);
    str_list_free(&c->varies);
    str_list_free(&c->cutoffs);
    str_list_free(&c->data);
    str_list_free(&c->fits);
    str_list_free(&c->pos);
    free(c->owned_spec);
    free(c->owned_label);
    memset(c, 0, sizeof *c);
}

int run_config_copy(run_config *dst, const run_config *src)
{
    run_config_init(dst);
    dst->model_file = src->model_file;
    dst->protocol = src->protocol;
    dst->protocol_given = src->protocol_given;
    dst->integrator = src->integrator;
    dst->csv = src->csv;
    dst->quiet = src->quiet;
    dst->progress = src->progress;
    dst->columns = src->columns;
    dst->every = src->every;
    dst->metrics = src->metrics;
    if (str_list_copy(&dst->segments, &src->segments) ||
        str_list_copy(&dst->conditions, &src->conditions) ||
        nv_list_copy(&dst->sets, &src->sets) || nv_list_copy(&dst->seg_params, &src->seg_params) ||
        nv_list_copy(&dst->run_options, &src->run_options))
        return EXIT_RUNTIME;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Help */

static const char *const cmd_names[] = {"run", "compare", "save", "cohort", "sensitivity",
                                        "fit"};

const char *cmd_name(unsigned cmd)
{
    for (unsigned i = 0; i < sizeof cmd_names / sizeof cmd_names[0]; i++)
        if (cmd == 1u << i)
            return cmd_names[i];
    return "?";
}

/* The commands of mask cmds in words ("'cohort' and 'sensitivity'"). */
static void cmds_text(unsigned cmds, strbuf *b)
{
    unsigned n = 0, total = 0;
    for (unsigned i = 0; i < sizeof cmd_names / sizeof cmd_names[0]; i++)
        total += (cmds >> i) & 1u;
    for (unsigned i = 0; i < sizeof cmd_names / sizeof cmd_names[0]; i++)
        if (cmds & (1u << i)) {
            n++;
            sb_printf(b, "%s'%s'", n == 1 ? "" : n == total ? " and " : ", ", cmd_names[i]);
        }
}

void activities_using(const char *param, strbuf *b)
{
    size_t n = calfpump_activity_count();
    size_t len0 = b->len;
    for (size_t i = 0; i < n; i++)
        if (calfpump_activity_uses_param(i, param) == 1)
            sb_printf(b, "%s%s", b->len > len0 ? ", " : "", calfpump_activity_name(i));
}

/* " [UNIT]" for a unit worth showing. */
static void unit_suffix(strbuf *b, const char *unit)
{
    if (unit && *unit && strcmp(unit, "1") != 0 && strcmp(unit, "0/1") != 0)
        sb_printf(b, " [%s]", unit);
}

static void segment_param_help(const opt_spec *o, strbuf *b)
{
    const char *unit = NULL, *desc = NULL;
    calfpump_protocol_param_info(o->target, NULL, NULL, NULL, &unit, &desc);
    sb_printf(b, "%s", o->help ? o->help : desc ? desc : o->target);
    if (o->arg)
        unit_suffix(b, unit);
    else
        sb_printf(b, " (%s = %g)", o->target, o->fixed);
    if (o->scope == SEG_EVERY) {
        sb_printf(b, " on every segment");
    } else {
        sb_printf(b, " on every segment whose activity uses %s (", o->target);
        activities_using(o->target, b);
        sb_printf(b, ")");
    }
}

static void run_option_help(const opt_spec *o, strbuf *b)
{
    const char *unit = NULL, *desc = NULL;
    calfpump_run_option_info(o->target, NULL, NULL, NULL, &unit, &desc);
    sb_printf(b, "%s", desc ? desc : o->target);
    unit_suffix(b, unit);
    sb_printf(b, "; run option %s", o->target);
}

static void option_help(const opt_spec *o, strbuf *b)
{
    switch (o->kind) {
    case OPT_SEGMENT_PARAM: segment_param_help(o, b); return;
    case OPT_RUN_OPTION: run_option_help(o, b); return;
    case OPT_PROTOCOL:
        sb_printf(b, "%s: ", o->help);
        for (size_t i = 0; i < calfpump_protocol_named_count(); i++) {
            const char *name = calfpump_protocol_named_name(i);
            sb_printf(b, "%s%s%s", i ? ", " : "", name,
                      strcmp(name, DEFAULT_PROTOCOL) == 0 ? " (default)" : "");
        }
        return;
    case OPT_INTEGRATOR:
        sb_printf(b, "%s; default %s", o->help, default_integrator());
        return;
    default: sb_printf(b, "%s", o->help); return;
    }
}

void print_options(FILE *f, unsigned cmds, int annotate)
{
    for (size_t i = 0; i < N_OPTIONS; i++) {
        const opt_spec *o = &options[i];
        char head[64], text[512];
        strbuf b = sb_init(text, sizeof text);
        if (!(o->cmds & cmds))
            continue;
        snprintf(head, sizeof head, "%c%c%s--%s%s%s", o->shortname ? '-' : ' ',
                 o->shortname ? o->shortname : ' ', o->shortname ? ", " : "  ", o->name,
                 o->arg ? " " : "", o->arg ? o->arg : "");
        option_help(o, &b);
        if (annotate && (o->cmds & C_ALL) != C_ALL)
            sb_printf(&b, " (%s)", o->cmds == C_RUN       ? "run only"
                                   : o->cmds == C_COMPARE ? "compare only"
                                                          : "run and compare");
        fprintf(f, "  %-27s ", head);
        print_wrapped(f, text, 30, 30);
    }
}

/* ------------------------------------------------------------------ */
/* Parsing */

static const opt_spec *find_long(const char *name, size_t len)
{
    for (size_t i = 0; i < N_OPTIONS; i++)
        if (strlen(options[i].name) == len && strncmp(options[i].name, name, len) == 0)
            return &options[i];
    return NULL;
}

const opt_spec *find_option(const char *name)
{
    return find_long(name, strlen(name));
}

static const opt_spec *find_short(char ch)
{
    for (size_t i = 0; i < N_OPTIONS; i++)
        if (options[i].shortname == ch)
            return &options[i];
    return NULL;
}

/* An option with a NAME=VALUE argument: --set, --run-option. */
static int apply_assignment(nv_list *list, const opt_spec *o, const char *shown, const char *val)
{
    size_t len;
    double v;
    int rc = parse_assignment(shown, o->arg, val, &len, &v);
    return rc ? rc : nv_list_push(list, val, len, v, o->name);
}

/* An option that sets o->target in list: a number, or o->fixed. */
static int apply_target(nv_list *list, const opt_spec *o, const char *shown, const char *val)
{
    double v = o->fixed;
    if (val && parse_number(shown, val, &v))
        return EXIT_USAGE;
    return nv_list_push(list, o->target, strlen(o->target), v, o->name);
}

static int apply_file(const char **dst, const char *shown, const char *val)
{
    if (*val == '\0') {
        error("%s: the file name is empty", shown);
        return EXIT_USAGE;
    }
    *dst = val;
    return 0;
}

/* A whole number, at least min: --every N, --samples N, ... */
static int apply_count(unsigned long *dst, const char *shown, const char *val, unsigned long min)
{
    char *end;
    unsigned long n;
    errno = 0;
    n = strtoul(val, &end, 10);
    if (*val < '0' || *val > '9' || *end || errno || n < min) {
        error("%s: '%s' is not a whole number%s", shown, val, min ? ", at least 1" : "");
        return EXIT_USAGE;
    }
    *dst = n;
    return 0;
}

int apply_option(run_config *c, const opt_spec *o, const char *val)
{
    char shown[64];
    snprintf(shown, sizeof shown, "--%s", o->name);
    switch (o->kind) {
    case OPT_HELP: c->help = 1; return 0;
    case OPT_QUIET: c->quiet = 1; return 0;
    case OPT_PROGRESS: c->progress = 1; return 0;
    case OPT_NO_PROGRESS: c->progress = 0; return 0;
    case OPT_COLUMNS: c->columns = val; return 0;
    case OPT_EVERY: return apply_count(&c->every, shown, val, 1);
    case OPT_METRICS: c->metrics = 1; return 0;
    case OPT_DIST: return str_list_push(&c->dists, val);
    case OPT_VARY: return str_list_push(&c->varies, val);
    case OPT_OUTPUTS: c->outputs = val; return 0;
    case OPT_OUT: return apply_file(&c->out, shown, val);
    case OPT_CUTOFF: return str_list_push(&c->cutoffs, val);
    case OPT_DATA: return str_list_push(&c->data, val);
    case OPT_FIT: return str_list_push(&c->fits, val);
    case OPT_SAMPLES: return apply_count(&c->samples, shown, val, 1);
    case OPT_SEED: return apply_count(&c->seed, shown, val, 0);
    case OPT_THREADS: return apply_count(&c->threads, shown, val, 1);
    case OPT_BOOTSTRAP: return apply_count(&c->bootstrap, shown, val, 0);
    case OPT_PROTOCOL:
        c->protocol = val;
        c->protocol_given = 1;
        return 0;
    case OPT_INTEGRATOR: c->integrator = val; return 0;
    case OPT_LABEL: c->label = val; return 0;
    case OPT_MODEL: return apply_file(&c->model_file, shown, val);
    case OPT_CSV: return apply_file(&c->csv, shown, val);
    case OPT_SEGMENT: return str_list_push(&c->segments, val);
    case OPT_CONDITION: return str_list_push(&c->conditions, val);
    case OPT_WITH: return str_list_push(&c->withs, val);
    case OPT_SET: return apply_assignment(&c->sets, o, shown, val);
    case OPT_ANY_RUN_OPTION: return apply_assignment(&c->run_options, o, shown, val);
    case OPT_MODEL_PARAM: return apply_target(&c->sets, o, shown, val);
    case OPT_SEGMENT_PARAM: return apply_target(&c->seg_params, o, shown, val);
    case OPT_RUN_OPTION: return apply_target(&c->run_options, o, shown, val);
    }
    return 0;
}

/* The option that argument a names (with *val set to a "--name=VALUE"
 * value); NULL after a message. */
static const opt_spec *lookup(const char *cname, const char *a, const char **val)
{
    const opt_spec *o;
    if (a[1] != '-') {
        if (a[2] == '\0' && (o = find_short(a[1])) != NULL)
            return o;
        error("%s: unknown option '%s' (see '" PROG " %s --help')", cname, a, cname);
        return NULL;
    }
    {
        const char *eq = strchr(a + 2, '=');
        size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
        if (!(o = find_long(a + 2, len))) {
            error("%s: unknown option '%.*s' (see '" PROG " %s --help')", cname, (int)len + 2,
                  a, cname);
            return NULL;
        }
        if (eq && !o->arg) {
            error("%s: option '--%s' takes no value", cname, o->name);
            return NULL;
        }
        *val = eq ? eq + 1 : NULL;
    }
    return o;
}

int parse_args(unsigned cmd, int argc, char **argv, run_config *c)
{
    const char *cname = cmd_name(cmd);
    int only_pos = 0, rc;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = NULL;
        const opt_spec *o;
        if (only_pos || a[0] != '-' || a[1] == '\0') {
            if (str_list_push(&c->pos, a)) /* "-" is a file name too */
                return EXIT_RUNTIME;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_pos = 1;
            continue;
        }
        if (!(o = lookup(cname, a, &val)))
            return EXIT_USAGE;
        if (!(o->cmds & cmd)) {
            char text[128];
            strbuf b = sb_init(text, sizeof text);
            cmds_text(o->cmds, &b);
            error("%s: option '--%s' is an option of %s only (see '" PROG " %s --help')",
                  cname, o->name, text, cname);
            return EXIT_USAGE;
        }
        if (o->arg && !val) {
            if (i + 1 >= argc) {
                error("%s: option '--%s' needs a value (%s)", cname, o->name, o->arg);
                return EXIT_USAGE;
            }
            val = argv[++i];
        }
        if ((rc = apply_option(c, o, val)))
            return rc;
    }
    if (c->protocol_given && c->segments.n) {
        error("%s: --protocol and --segment cannot be combined (the segments make the "
              "protocol)", cname);
        return EXIT_USAGE;
    }
    return 0;
}

int take_model_argument(const char *cname, run_config *c)
{
    if (c->pos.n > 1) {
        error("%s: unexpected argument '%s' (only one model file can be given)", cname,
              c->pos.v[1]);
        return EXIT_USAGE;
    }
    if (c->pos.n == 1) {
        if (c->model_file) {
            error("%s: two model files, '%s' (--model) and '%s'", cname, c->model_file,
                  c->pos.v[0]);
            return EXIT_USAGE;
        }
        if (c->pos.v[0][0] == '\0') {
            error("%s: the model file name is empty", cname);
            return EXIT_USAGE;
        }
        c->model_file = c->pos.v[0];
    }
    return 0;
}
