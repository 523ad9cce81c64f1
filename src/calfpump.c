/* calfpump -- command-line front end of libcalfpump.
 *
 *   calfpump --help | --version
 *   calfpump run [options]        simulate a protocol, print a clinical summary
 *   calfpump list [TOPIC]         conditions, protocols, integrators, params
 *
 * Exit status: 0 success, 1 runtime failure (the simulation or an output
 * file failed), 2 usage error (bad command line, unknown name, value out
 * of range).  Every message goes to stderr; results go to stdout.
 */
#define _POSIX_C_SOURCE 200809L /* isatty() with -std=c99 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <calfpump.h>
#ifdef CALFPUMP_HAVE_CVODE /* built with the SUNDIALS CVODE plug-in */
#include <calfpump/sys/integrator.h>
#include <calfpump/cvode.h>
#endif

#define PROG "calfpump"

enum { EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

/* Width that wrapped text is kept within. */
#define WRAP_WIDTH 78

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

/* ------------------------------------------------------------------ */
/* Messages */

static void error(const char *fmt, ...) PRINTF_LIKE(1, 2);
static void warning(const char *fmt, ...) PRINTF_LIKE(1, 2);

static void error(const char *fmt, ...)
{
    va_list ap;
    fputs(PROG ": ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static void warning(const char *fmt, ...)
{
    va_list ap;
    fputs(PROG ": warning: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* A library message, or the generic text of the status if it is empty. */
static const char *why(const char *msg, int status)
{
    return (msg && *msg) ? msg : calfpump_strerror(status);
}

/* Flush stdout and turn a write error (full disk, closed pipe) into a
 * runtime failure. */
static int finish_stdout(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        error("error writing to standard output: %s", strerror(errno));
        return status ? status : EXIT_RUNTIME;
    }
    return status;
}

/* ------------------------------------------------------------------ */
/* Text helpers */

/* A fixed-size string being appended to; output past the end is dropped
 * (the text stays NUL-terminated). */
typedef struct {
    char *buf;
    size_t size, len;
} strbuf;

static void sb_printf(strbuf *b, const char *fmt, ...) PRINTF_LIKE(2, 3);

static void sb_printf(strbuf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    if (b->len + 1 >= b->size)
        return;
    va_start(ap, fmt);
    n = vsnprintf(b->buf + b->len, b->size - b->len, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    b->len += (size_t)n;
    if (b->len >= b->size)
        b->len = b->size - 1;
}

/* Print text word-wrapped to WRAP_WIDTH columns; the cursor is at column
 * col, continuation lines are indented by indent spaces.  Ends the line. */
static void print_wrapped(FILE *f, const char *text, int col, int indent)
{
    const char *p = text;
    int first = 1;
    while (*p) {
        const char *w = p;
        int len;
        while (*p && *p != ' ')
            p++;
        len = (int)(p - w);
        if (!first && col + 1 + len > WRAP_WIDTH) {
            fprintf(f, "\n%*s", indent, "");
            col = indent;
        } else if (!first) {
            fputc(' ', f);
            col++;
        }
        fwrite(w, 1, (size_t)len, f);
        col += len;
        first = 0;
        while (*p == ' ')
            p++;
    }
    fputc('\n', f);
}

/* ------------------------------------------------------------------ */
/* Numbers */

/* Parse a finite real number; the whole string must be the number.
 * Returns 0, or -1 after printing what was wrong (what: "--rtol"). */
static int parse_number(const char *what, const char *s, double *out)
{
    char *end;
    double v;
    if (*s == '\0') {
        error("%s: a number is required, got an empty string", what);
        return -1;
    }
    if (*s == ' ' || *s == '\t' || *s == '\n') {
        error("%s: '%s' is not a number (leading white space)", what, s);
        return -1;
    }
    errno = 0;
    v = strtod(s, &end);
    if (end == s) {
        error("%s: '%s' is not a number", what, s);
        return -1;
    }
    if (*end != '\0') {
        error("%s: '%s' is not a number (unexpected '%s' after '%.*s')", what, s, end,
              (int)(end - s), s);
        return -1;
    }
    if (errno == ERANGE) {
        error("%s: '%s' is out of range (%s)", what, s,
              fabs(v) > 1.0 ? "too large" : "too small to be represented accurately");
        return -1;
    }
    if (isnan(v) || isinf(v)) {
        error("%s: '%s' is not a finite number", what, s);
        return -1;
    }
    *out = v;
    return 0;
}

/* ------------------------------------------------------------------ */
/* Protocol descriptions, built from the segments themselves. */

static double seg_param(const calfpump_protocol *p, size_t i, const char *name)
{
    double v;
    return calfpump_protocol_get(p, i, name, &v) == CALFPUMP_OK ? v : NAN;
}

static void describe_protocol(const calfpump_protocol *p, char *buf, size_t size)
{
    strbuf b = {buf, size, 0};
    size_t n = calfpump_protocol_segment_count(p);
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        const char *post = calfpump_protocol_segment_posture(p, i);
        const char *act = calfpump_protocol_segment_activity(p, i);
        double dur = calfpump_protocol_segment_duration(p, i);
        double strength = seg_param(p, i, "strength");
        char extra[160];
        strbuf e = {extra, sizeof extra, 0};
        extra[0] = '\0';
        if (!post || !act)
            continue;
        if (strcmp(act, "walk") == 0) {
            sb_printf(&e, "%g km/h", seg_param(p, i, "speed"));
        } else if (strcmp(act, "cycle") == 0) {
            sb_printf(&e, "%g rpm, %s", seg_param(p, i, "rpm"),
                      seg_param(p, i, "toe_pointed") > 0.5 ? "toes pointed" : "flat foot");
        } else if (strcmp(act, "tiptoe") == 0) {
            double count = seg_param(p, i, "count");
            sb_printf(&e, "%g raise%s at %g/s", count, count == 1 ? "" : "s",
                      seg_param(p, i, "rate"));
        } else if (strcmp(act, "squeeze") == 0) {
            sb_printf(&e, "%g mmHg", seg_param(p, i, "pressure"));
        } else if (strcmp(post, "standing") == 0 && seg_param(p, i, "weight_bearing") < 0.5) {
            sb_printf(&e, "no weight bearing");
        }
        if (strength != 1.0 && strcmp(act, "still") != 0)
            sb_printf(&e, "%sstrength %g", e.len ? ", " : "", strength);
        sb_printf(&b, "%s%s %s %g s", i ? "; " : "", post, act, dur);
        if (e.len)
            sb_printf(&b, " (%s)", extra);
    }
}

/* ------------------------------------------------------------------ */
/* Help */

typedef enum {
    OPT_HELP, OPT_PROTOCOL, OPT_CONDITION, OPT_SPEED, OPT_RPM, OPT_FLAT_FOOT, OPT_SET,
    OPT_INTEGRATOR, OPT_RTOL, OPT_ATOL, OPT_STEP, OPT_OUTPUT_INTERVAL, OPT_CSV,
    OPT_QUIET, OPT_METRICS
} opt_id;

typedef struct {
    opt_id id;
    const char *name;   /* long name, without "--" */
    char shortname;     /* 0: none */
    const char *arg;    /* NULL: the option takes no value */
    const char *help;
} opt_spec;

static const opt_spec run_options[] = {
    {OPT_PROTOCOL, "protocol", 0, "NAME", "avp (default), apg, cycle, tilt or valve"},
    {OPT_CONDITION, "condition", 0, "NAME",
     "apply a condition preset (repeatable, in order)"},
    {OPT_SPEED, "speed", 0, "KMH", "walking speed of every walk segment, km/h"},
    {OPT_RPM, "rpm", 0, "N", "pedalling rate of every cycle segment, 1/min"},
    {OPT_FLAT_FOOT, "flat-foot", 0, NULL, "cycle with a flat foot (toe_pointed = 0)"},
    {OPT_SET, "set", 0, "PARAM=VALUE", "set a model parameter (repeatable)"},
    {OPT_INTEGRATOR, "integrator", 0, "NAME", "integrator: dopri5 (default) or rk4"},
    {OPT_RTOL, "rtol", 0, "X", "relative tolerance (adaptive integrators)"},
    {OPT_ATOL, "atol", 0, "Y", "absolute tolerance (adaptive integrators)"},
    {OPT_STEP, "step", 0, "H", "fixed step size of rk4, s"},
    {OPT_OUTPUT_INTERVAL, "output-interval", 0, "S", "time between trace rows, s"},
    {OPT_CSV, "csv", 0, "FILE", "write the full trace to FILE as CSV"},
    {OPT_QUIET, "quiet", 'q', NULL, "no progress indicator"},
    {OPT_METRICS, "metrics", 0, NULL,
     "print the metrics as NAME = VALUE, no summary"},
    {OPT_HELP, "help", 'h', NULL, "show this help and exit"},
};
#define N_RUN_OPTIONS (sizeof run_options / sizeof run_options[0])

static void print_run_options(FILE *f)
{
    for (size_t i = 0; i < N_RUN_OPTIONS; i++) {
        const opt_spec *o = &run_options[i];
        char head[64];
        if (o->shortname)
            snprintf(head, sizeof head, "-%c, --%s%s%s", o->shortname, o->name,
                     o->arg ? " " : "", o->arg ? o->arg : "");
        else
            snprintf(head, sizeof head, "    --%s%s%s", o->name, o->arg ? " " : "",
                     o->arg ? o->arg : "");
        fprintf(f, "  %-27s %s\n", head, o->help);
    }
}

static void usage_main(FILE *f)
{
    fprintf(f,
            "Usage: " PROG " run [OPTION]...\n"
            "       " PROG " list [conditions|protocols|integrators|params]\n"
            "       " PROG " --help | --version\n"
            "\n"
            "Simulate the human calf muscle pump (libcalfpump %s).\n"
            "\n"
            "Commands:\n"
            "  run       simulate a protocol and print a clinical summary\n"
            "  list      list conditions, protocols and integrators;\n"
            "            'list params' lists every model parameter\n"
            "\n"
            "Options:\n"
            "  -h, --help                  show this help and exit\n"
            "  -V, --version               print the library version and exit\n"
            "\n"
            "Options of 'run':\n",
            calfpump_version_string());
    print_run_options(f);
    fprintf(f, "\n"
               "Exit status: 0 success, 1 runtime failure, 2 usage error.\n"
               "See calfpump(1).\n");
}

static void usage_run(FILE *f)
{
    fprintf(f, "Usage: " PROG " run [OPTION]...\n"
               "\n"
               "Simulate a protocol with the default adult leg and print a clinical\n"
               "summary (ambulatory venous pressure, air plethysmography, venous return,\n"
               "reflux, solver statistics).\n"
               "\n"
               "Options:\n");
    print_run_options(f);
    fprintf(f, "\n"
               "Numbers are plain decimal (or C floating-point) literals.  Options may\n"
               "also be written --name=VALUE.  Run '" PROG " list' for the names of\n"
               "conditions, protocols and integrators, '" PROG " list params' for the\n"
               "model parameters.\n"
               "\n"
               "Exit status: 0 success, 1 runtime failure, 2 usage error.\n");
}

static void usage_list(FILE *f)
{
    fprintf(f, "Usage: " PROG " list [TOPIC]\n"
               "\n"
               "Without TOPIC, list the condition presets, the named protocols and the\n"
               "integrators.  TOPIC is one of:\n"
               "  conditions    condition presets with their descriptions\n"
               "  protocols     named protocols with their segments\n"
               "  integrators   built-in integrators\n"
               "  params        every parameter of the default model with its value,\n"
               "                bounds and unit\n");
}

/* ------------------------------------------------------------------ */
/* list */

static int list_conditions(void)
{
    size_t n = calfpump_condition_count();
    int w = 0;
    for (size_t i = 0; i < n; i++) {
        const char *name = calfpump_condition_name(i);
        if (name && (int)strlen(name) > w)
            w = (int)strlen(name);
    }
    printf("Conditions (--condition NAME):\n");
    for (size_t i = 0; i < n; i++) {
        const char *name = calfpump_condition_name(i);
        const char *desc = calfpump_condition_description(i);
        if (!name)
            continue;
        printf("  %-*s  ", w, name);
        print_wrapped(stdout, desc ? desc : "", w + 4, w + 4);
    }
    return 0;
}

static int list_protocols(void)
{
    size_t n = calfpump_protocol_named_count();
    int w = 0;
    for (size_t i = 0; i < n; i++) {
        const char *name = calfpump_protocol_named_name(i);
        if (name && (int)strlen(name) > w)
            w = (int)strlen(name);
    }
    printf("Protocols (--protocol NAME):\n");
    for (size_t i = 0; i < n; i++) {
        const char *name = calfpump_protocol_named_name(i);
        calfpump_protocol *p = NULL;
        char desc[1024], text[1200];
        int st;
        if (!name)
            continue;
        st = calfpump_protocol_new_named(&p, name);
        if (st) {
            error("cannot create protocol '%s': %s", name, calfpump_strerror(st));
            return EXIT_RUNTIME;
        }
        describe_protocol(p, desc, sizeof desc);
        snprintf(text, sizeof text, "%s%g s: %s", strcmp(name, "avp") == 0 ? "(default) " : "",
                 calfpump_protocol_duration(p), desc);
        calfpump_protocol_free(p);
        printf("  %-*s  ", w, name);
        print_wrapped(stdout, text, w + 4, w + 4);
    }
    return 0;
}

static int list_integrators(void)
{
    size_t n = calfpump_integrator_count();
    printf("Integrators (--integrator NAME):\n");
    for (size_t i = 0; i < n; i++) {
        const char *name = calfpump_integrator_name(i);
        if (name)
            printf("  %s%s\n", name, strcmp(name, "dopri5") == 0 ? "  (default)" : "");
    }
#ifdef CALFPUMP_HAVE_CVODE
    printf("  %s  (plug-in: SUNDIALS %s)\n", calfpump_cvode_integrator()->name,
           calfpump_cvode_version_string());
#endif
    return 0;
}

static int list_params(void)
{
    calfpump_model *m = NULL;
    size_t n;
    int w = 0, st;
    if ((st = calfpump_model_new_default(&m)) != CALFPUMP_OK) {
        error("cannot create the default model: %s", calfpump_strerror(st));
        return EXIT_RUNTIME;
    }
    n = calfpump_model_param_count(m);
    for (size_t i = 0; i < n; i++) {
        const char *name = calfpump_model_param_name(m, i);
        if (name && (int)strlen(name) > w)
            w = (int)strlen(name);
    }
    printf("# %-*s %12s  %-24s %s\n", w - 2, "parameter", "value", "bounds", "unit");
    for (size_t i = 0; i < n; i++) {
        const char *name = calfpump_model_param_name(m, i), *unit = "";
        double v, lo, hi;
        char bounds[64];
        if (!name) {
            error("cannot list parameter %zu of %zu: %s", i, n, calfpump_strerror(CALFPUMP_E_NOMEM));
            calfpump_model_free(m);
            return EXIT_RUNTIME;
        }
        if ((st = calfpump_model_get(m, name, &v)) != CALFPUMP_OK ||
            (st = calfpump_model_param_info(m, name, &lo, &hi, &unit)) != CALFPUMP_OK) {
            error("parameter '%s': %s", name, why(calfpump_model_errmsg(m), st));
            calfpump_model_free(m);
            return EXIT_RUNTIME;
        }
        snprintf(bounds, sizeof bounds, "[%g, %g]", lo, hi);
        printf("%-*s %12g  %-24s %s\n", w, name, v, bounds, unit);
    }
    calfpump_model_free(m);
    return 0;
}

static int cmd_list(int argc, char **argv)
{
    int rc = 0;
    if (argc > 2) {
        error("list: unexpected argument '%s'", argv[2]);
        usage_list(stderr);
        return EXIT_USAGE;
    }
    if (argc == 1) {
        rc = list_conditions();
        if (!rc) {
            putchar('\n');
            rc = list_protocols();
        }
        if (!rc) {
            putchar('\n');
            rc = list_integrators();
        }
        if (!rc)
            printf("\nModel parameters: " PROG " list params\n");
        return rc;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage_list(stdout);
        return 0;
    }
    if (strcmp(argv[1], "conditions") == 0)
        return list_conditions();
    if (strcmp(argv[1], "protocols") == 0)
        return list_protocols();
    if (strcmp(argv[1], "integrators") == 0)
        return list_integrators();
    if (strcmp(argv[1], "params") == 0 || strcmp(argv[1], "parameters") == 0)
        return list_params();
    error("list: unknown topic '%s' (conditions, protocols, integrators, params)", argv[1]);
    return EXIT_USAGE;
}

/* ------------------------------------------------------------------ */
/* run: command line */

typedef struct {
    char *name;     /* parameter name (allocated) */
    double value;
    const char *arg;
} param_set;

typedef struct {
    const char *protocol;
    const char **conditions;
    size_t nconditions;
    param_set *sets;
    size_t nsets;
    const char *integrator;
    const char *csv;
    double speed, rpm, rtol, atol, step, output_interval;
    int has_speed, has_rpm, has_rtol, has_atol, has_step, has_output_interval;
    int flat_foot, quiet, metrics, help;
} run_config;

static void run_config_free(run_config *c)
{
    for (size_t i = 0; i < c->nsets; i++)
        free(c->sets[i].name);
    free(c->sets);
    free(c->conditions);
}

static const opt_spec *find_long(const char *name, size_t len)
{
    for (size_t i = 0; i < N_RUN_OPTIONS; i++)
        if (strlen(run_options[i].name) == len && strncmp(run_options[i].name, name, len) == 0)
            return &run_options[i];
    return NULL;
}

static const opt_spec *find_short(char c)
{
    for (size_t i = 0; i < N_RUN_OPTIONS; i++)
        if (run_options[i].shortname == c)
            return &run_options[i];
    return NULL;
}

/* Parse PARAM=VALUE of --set.  Returns 0, -1 (bad argument) or -2 (out
 * of memory), after printing a message. */
static int parse_set(const char *arg, param_set *ps)
{
    const char *eq = strchr(arg, '=');
    size_t len;
    if (!eq) {
        error("--set '%s': expected PARAM=VALUE", arg);
        return -1;
    }
    len = (size_t)(eq - arg);
    if (len == 0) {
        error("--set '%s': the parameter name is empty", arg);
        return -1;
    }
    ps->name = malloc(len + 1);
    if (!ps->name) {
        error("out of memory");
        return -2;
    }
    memcpy(ps->name, arg, len);
    ps->name[len] = '\0';
    ps->arg = arg;
    {
        char what[96];
        snprintf(what, sizeof what, "--set %s", ps->name);
        if (parse_number(what, eq + 1, &ps->value)) {
            free(ps->name);
            ps->name = NULL;
            return -1;
        }
    }
    return 0;
}

/* Parse the arguments after "run".  Returns 0 or EXIT_USAGE. */
static int parse_run_args(int argc, char **argv, run_config *c)
{
    memset(c, 0, sizeof *c);
    c->protocol = "avp";
    c->integrator = "dopri5";
    /* At most one condition or setting per argument. */
    c->conditions = calloc((size_t)argc, sizeof *c->conditions);
    c->sets = calloc((size_t)argc, sizeof *c->sets);
    if (!c->conditions || !c->sets) {
        error("out of memory");
        return EXIT_RUNTIME;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = NULL;
        const opt_spec *o = NULL;
        char shown[80];
        if (a[0] == '-' && a[1] == '-' && a[2] != '\0') {
            const char *eq = strchr(a + 2, '=');
            size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
            o = find_long(a + 2, len);
            if (!o) {
                error("run: unknown option '%.*s' (see '" PROG " run --help')", (int)len + 2, a);
                return EXIT_USAGE;
            }
            if (eq) {
                if (!o->arg) {
                    error("run: option '--%s' takes no value", o->name);
                    return EXIT_USAGE;
                }
                val = eq + 1;
            }
        } else if (a[0] == '-' && a[1] != '\0' && a[1] != '-' && a[2] == '\0') {
            o = find_short(a[1]);
            if (!o) {
                error("run: unknown option '%s' (see '" PROG " run --help')", a);
                return EXIT_USAGE;
            }
        } else if (strcmp(a, "--") == 0) {
            if (i + 1 < argc) {
                error("run: unexpected argument '%s'", argv[i + 1]);
                return EXIT_USAGE;
            }
            break;
        } else if (a[0] == '-' && a[1] != '\0') {
            error("run: unknown option '%s' (see '" PROG " run --help')", a);
            return EXIT_USAGE;
        } else {
            error("run: unexpected argument '%s' (options start with '--')", a);
            return EXIT_USAGE;
        }
        if (o->arg && !val) {
            if (i + 1 >= argc) {
                error("run: option '--%s' needs a value (%s)", o->name, o->arg);
                return EXIT_USAGE;
            }
            val = argv[++i];
        }
        snprintf(shown, sizeof shown, "--%s", o->name);
        switch (o->id) {
        case OPT_HELP: c->help = 1; break;
        case OPT_PROTOCOL: c->protocol = val; break;
        case OPT_CONDITION: c->conditions[c->nconditions++] = val; break;
        case OPT_INTEGRATOR: c->integrator = val; break;
        case OPT_CSV:
            if (*val == '\0') {
                error("--csv: the file name is empty");
                return EXIT_USAGE;
            }
            c->csv = val;
            break;
        case OPT_FLAT_FOOT: c->flat_foot = 1; break;
        case OPT_QUIET: c->quiet = 1; break;
        case OPT_METRICS: c->metrics = 1; break;
        case OPT_SET:
            switch (parse_set(val, &c->sets[c->nsets])) {
            case 0: break;
            case -2: return EXIT_RUNTIME;
            default: return EXIT_USAGE;
            }
            c->nsets++;
            break;
        case OPT_SPEED:
            if (parse_number(shown, val, &c->speed))
                return EXIT_USAGE;
            c->has_speed = 1;
            break;
        case OPT_RPM:
            if (parse_number(shown, val, &c->rpm))
                return EXIT_USAGE;
            c->has_rpm = 1;
            break;
        case OPT_RTOL:
            if (parse_number(shown, val, &c->rtol))
                return EXIT_USAGE;
            c->has_rtol = 1;
            break;
        case OPT_ATOL:
            if (parse_number(shown, val, &c->atol))
                return EXIT_USAGE;
            c->has_atol = 1;
            break;
        case OPT_STEP:
            if (parse_number(shown, val, &c->step))
                return EXIT_USAGE;
            c->has_step = 1;
            break;
        case OPT_OUTPUT_INTERVAL:
            if (parse_number(shown, val, &c->output_interval))
                return EXIT_USAGE;
            c->has_output_interval = 1;
            break;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* run: building the model, the protocol and the simulation */

static int build_model(const run_config *c, calfpump_model **out)
{
    calfpump_model *m = NULL;
    int st = calfpump_model_new_default(&m);
    *out = NULL;
    if (st) {
        error("cannot create the default model: %s", calfpump_strerror(st));
        return EXIT_RUNTIME;
    }
    for (size_t i = 0; i < c->nconditions; i++) {
        st = calfpump_model_apply_condition(m, c->conditions[i]);
        if (st) {
            error("--condition: %s", why(calfpump_model_errmsg(m), st));
            if (st == CALFPUMP_E_NOTFOUND)
                fprintf(stderr, PROG ": the conditions are listed by '" PROG " list conditions'\n");
            calfpump_model_free(m);
            return st == CALFPUMP_E_NOMEM ? EXIT_RUNTIME : EXIT_USAGE;
        }
    }
    for (size_t i = 0; i < c->nsets; i++) {
        st = calfpump_model_set(m, c->sets[i].name, c->sets[i].value);
        if (st) {
            error("--set: %s", why(calfpump_model_errmsg(m), st));
            if (st == CALFPUMP_E_NOTFOUND)
                fprintf(stderr, PROG ": the parameters are listed by '" PROG " list params'\n");
            calfpump_model_free(m);
            return EXIT_USAGE;
        }
    }
    *out = m;
    return 0;
}

/* Set param on every segment with the given activity; returns the number
 * of segments changed, or -1 after an error message. */
static int set_on_activity(calfpump_protocol *p, const char *activity, const char *param,
                           double value, const char *what)
{
    size_t n = calfpump_protocol_segment_count(p);
    int count = 0;
    for (size_t i = 0; i < n; i++) {
        const char *a = calfpump_protocol_segment_activity(p, i);
        if (a && strcmp(a, activity) == 0) {
            int st = calfpump_protocol_set(p, i, param, value);
            if (st) {
                error("%s: %s", what, why(calfpump_protocol_errmsg(p), st));
                return -1;
            }
            count++;
        }
    }
    return count;
}

static int build_protocol(const run_config *c, calfpump_protocol **out)
{
    calfpump_protocol *p = NULL;
    int st = calfpump_protocol_new_named(&p, c->protocol), k;
    *out = NULL;
    if (st) {
        if (st == CALFPUMP_E_NOTFOUND) {
            char names[256];
            strbuf b = {names, sizeof names, 0};
            names[0] = '\0';
            for (size_t i = 0; i < calfpump_protocol_named_count(); i++)
                sb_printf(&b, "%s%s", i ? ", " : "", calfpump_protocol_named_name(i));
            error("--protocol: unknown protocol '%s' (known: %s)", c->protocol, names);
            return EXIT_USAGE;
        }
        error("--protocol %s: %s", c->protocol, calfpump_strerror(st));
        return EXIT_RUNTIME;
    }
    if (c->has_speed) {
        k = set_on_activity(p, "walk", "speed", c->speed, "--speed");
        if (k < 0)
            goto usage;
        if (k == 0)
            warning("--speed has no effect: protocol '%s' has no walk segment", c->protocol);
    }
    if (c->has_rpm) {
        k = set_on_activity(p, "cycle", "rpm", c->rpm, "--rpm");
        if (k < 0)
            goto usage;
        if (k == 0)
            warning("--rpm has no effect: protocol '%s' has no cycle segment", c->protocol);
    }
    if (c->flat_foot) {
        k = set_on_activity(p, "cycle", "toe_pointed", 0.0, "--flat-foot");
        if (k < 0)
            goto usage;
        if (k == 0)
            warning("--flat-foot has no effect: protocol '%s' has no cycle segment", c->protocol);
    }
    *out = p;
    return 0;
usage:
    calfpump_protocol_free(p);
    return EXIT_USAGE;
}

static int set_sim_option(calfpump_sim *s, const char *opt, const char *option, double v)
{
    int st = calfpump_sim_set_option(s, option, v);
    if (st) {
        error("%s: %s", opt, why(calfpump_sim_errmsg(s), st));
        return -1;
    }
    return 0;
}

static int configure_sim(const run_config *c, calfpump_sim *s)
{
    int st;
#ifdef CALFPUMP_HAVE_CVODE
    if (strcmp(c->integrator, calfpump_cvode_integrator()->name) == 0)
        st = calfpump_sim_set_integrator_ops(s, calfpump_cvode_integrator());
    else
#endif
        st = calfpump_sim_set_integrator(s, c->integrator);
    if (st) {
        error("--integrator: %s", why(calfpump_sim_errmsg(s), st));
        if (st == CALFPUMP_E_NOTFOUND)
            fprintf(stderr, PROG ": the integrators are listed by '" PROG " list integrators'\n");
        return EXIT_USAGE;
    }
    if ((c->has_rtol && set_sim_option(s, "--rtol", "rtol", c->rtol)) ||
        (c->has_atol && set_sim_option(s, "--atol", "atol", c->atol)) ||
        (c->has_step && set_sim_option(s, "--step", "h", c->step)) ||
        (c->has_output_interval &&
         set_sim_option(s, "--output-interval", "output_interval", c->output_interval)))
        return EXIT_USAGE;
    return 0;
}

/* ------------------------------------------------------------------ */
/* run: integration with an optional progress indicator */

#define PROGRESS_CHUNKS 20  /* 5 % each */

static void progress_show(double t, double t_end)
{
    double frac = t_end > 0 ? t / t_end : 1.0;
    fprintf(stderr, "\r[%3d%%] t = %.1f s / %.1f s", (int)floor(100.0 * frac + 1e-9), t, t_end);
    fflush(stderr);
}

static void progress_clear(void)
{
    fprintf(stderr, "\r%*s\r", 60, "");
    fflush(stderr);
}

static int integrate(calfpump_sim *s, int progress)
{
    double t_end = calfpump_sim_end_time(s);
    int st = CALFPUMP_OK;
    if (!progress)
        return calfpump_sim_run(s);
    progress_show(0.0, t_end);
    for (int k = 1; k <= PROGRESS_CHUNKS && st == CALFPUMP_OK; k++) {
        double target = k == PROGRESS_CHUNKS ? t_end : t_end * k / PROGRESS_CHUNKS;
        st = calfpump_sim_advance(s, target);
        if (st == CALFPUMP_OK)
            progress_show(calfpump_sim_time(s), t_end);
    }
    progress_clear();
    return st;
}

/* ------------------------------------------------------------------ */
/* run: the report */

/* Read a metric.  Returns 1 with *v set, 0 if the metric is not available
 * (CALFPUMP_E_STATE; the reason is copied into why_not if given), or -1
 * after printing an error (anything else: a failure of the library). */
static int get_metric(calfpump_sim *s, const char *name, double *v, char *why_not,
                      size_t why_size)
{
    int st = calfpump_sim_metric(s, name, v);
    if (st == CALFPUMP_OK)
        return 1;
    if (st == CALFPUMP_E_STATE) {
        if (why_not)
            snprintf(why_not, why_size, "%s", why(calfpump_sim_errmsg(s), st));
        return 0;
    }
    error("metric '%s': %s", name, why(calfpump_sim_errmsg(s), st));
    return -1;
}

static int is_exercise(const char *a)
{
    return strcmp(a, "walk") == 0 || strcmp(a, "tiptoe") == 0 || strcmp(a, "cycle") == 0;
}

/* The exercise segment the AVP is measured around: the first exercise
 * segment that follows a still one; -1 if none. */
static long avp_exercise_segment(const calfpump_protocol *p)
{
    size_t n = calfpump_protocol_segment_count(p);
    for (size_t k = 1; k < n; k++) {
        const char *a = calfpump_protocol_segment_activity(p, k);
        const char *b = calfpump_protocol_segment_activity(p, k - 1);
        if (a && b && is_exercise(a) && strcmp(b, "still") == 0)
            return (long)k;
    }
    return -1;
}

/* The AVP measuring site: the first superficial compartment of the foot. */
static const char *avp_site(const calfpump_model *m)
{
    size_t n = calfpump_model_compartment_count(m);
    for (size_t i = 0; i < n; i++) {
        const char *r = calfpump_model_compartment_region(m, i);
        const char *l = calfpump_model_compartment_layer(m, i);
        if (r && l && strcmp(r, "foot") == 0 && strcmp(l, "superficial") == 0)
            return calfpump_model_compartment_name(m, i);
    }
    return NULL;
}

#define LABEL_W 34

static void row(const char *label, double v, int prec, const char *unit, const char *note)
{
    if (note)
        printf("  %-*s %9.*f %-5s %s\n", LABEL_W, label, prec, v, unit, note);
    else
        printf("  %-*s %9.*f %s\n", LABEL_W, label, prec, v, unit);
}

static int report_avp(calfpump_sim *s, const calfpump_protocol *p, const char *site)
{
    double rest, ex, fall, rt90;
    char msg[600], label[64];
    long k;
    int r;
    const char *post = "", *act = "";
    if ((r = get_metric(s, "avp.rest", &rest, NULL, 0)) <= 0)
        return r;
    if (get_metric(s, "avp.exercise", &ex, NULL, 0) <= 0 ||
        get_metric(s, "avp.fall", &fall, NULL, 0) <= 0)
        return -1;
    k = avp_exercise_segment(p);
    if (k > 0) {
        post = calfpump_protocol_segment_posture(p, (size_t)k - 1);
        act = calfpump_protocol_segment_activity(p, (size_t)k);
    }
    printf("\nAmbulatory venous pressure (at %s)\n", site ? site : "the foot");
    snprintf(label, sizeof label, "resting pressure (%s)", post);
    row(label, rest, 1, "mmHg", NULL);
    snprintf(label, sizeof label, "pressure during exercise (%s)", act);
    row(label, ex, 1, "mmHg", NULL);
    row("fall", fall, 1, "mmHg", NULL);
    r = get_metric(s, "avp.rt90", &rt90, msg, sizeof msg);
    if (r < 0)
        return -1;
    if (r == 1) {
        row("RT90 (90 % refilling time)", rt90, 1, "s", NULL);
        if (rt90 < 20.0)
            printf("  RT90 < 20 s suggests venous reflux.\n");
        else
            printf("  RT90 >= 20 s: normal refilling, no sign of venous reflux.\n");
    } else {
        printf("  %-*s %9s\n", LABEL_W, "RT90 (90 % refilling time)", "not reached");
        printf("%7s", "");
        print_wrapped(stdout, msg, 7, 7);
    }
    return 1;
}

static int report_apg(calfpump_sim *s)
{
    static const struct {
        const char *metric, *label, *unit;
        int prec;
        double limit;   /* normal limit, NaN if none */
        int upper;      /* 1: normal below the limit, 0: above */
    } rows[] = {
        {"apg.vv", "VV   venous volume", "mL", 1, NAN, 0},
        {"apg.vfi", "VFI  venous filling index", "mL/s", 2, 2.0, 1},
        {"apg.ev", "EV   ejected volume", "mL", 1, NAN, 0},
        {"apg.ef", "EF   ejection fraction", "%", 1, 60.0, 0},
        {"apg.rv", "RV   residual volume", "mL", 1, NAN, 0},
        {"apg.rvf", "RVF  residual volume fraction", "%", 1, 35.0, 1},
    };
    double vv;
    char last[600] = "";
    int r;
    if ((r = get_metric(s, "apg.vv", &vv, NULL, 0)) <= 0)
        return r;
    printf("\nAir plethysmography (calf volume; normal limits after Christopoulos)\n");
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        double v;
        char msg[600], note[80];
        r = get_metric(s, rows[i].metric, &v, msg, sizeof msg);
        if (r < 0)
            return -1;
        if (r == 0) {
            /* Not defined by this protocol: say why, once per reason. */
            printf("  %-*s %9s\n", LABEL_W, rows[i].label, "n/a");
            if (strcmp(msg, last) != 0) {
                printf("%7s", "");
                print_wrapped(stdout, msg, 7, 7);
                snprintf(last, sizeof last, "%s", msg);
            }
            continue;
        }
        if (isnan(rows[i].limit)) {
            row(rows[i].label, v, rows[i].prec, rows[i].unit, NULL);
            continue;
        }
        snprintf(note, sizeof note, "[normal %s %g %s]%s", rows[i].upper ? "<" : ">",
                 rows[i].limit, rows[i].unit,
                 (rows[i].upper ? v < rows[i].limit : v > rows[i].limit) ? ""
                                                                         : "  abnormal");
        row(rows[i].label, v, rows[i].prec, rows[i].unit, note);
    }
    return 1;
}

static int report_return(calfpump_sim *s)
{
    double mean, total;
    int r;
    if ((r = get_metric(s, "return.mean", &mean, NULL, 0)) <= 0)
        return r;
    if (get_metric(s, "return.total", &total, NULL, 0) <= 0)
        return -1;
    printf("\nVenous return (to the right atrium)\n");
    row("mean flow", mean, 2, "mL/s", NULL);
    row("total volume", total, 1, "mL", NULL);
    return 1;
}

static int report_reflux(calfpump_sim *s, const calfpump_model *m)
{
    size_t n = calfpump_sim_metric_count(s), valves = 0, flagged = 0;
    int header = 0;
    for (size_t i = 0; i < n; i++) {
        const char *name = calfpump_sim_metric_name(s, i);
        size_t len;
        char valve[128], mname[192];
        double flag, dur, vol, cutoff;
        int r;
        if (!name || strncmp(name, "reflux.", 7) != 0)
            continue;
        len = strlen(name);
        if (len < 7 + 5 || strcmp(name + len - 5, ".flag") != 0 ||
            len - 12 >= sizeof valve)
            continue;
        memcpy(valve, name + 7, len - 12);
        valve[len - 12] = '\0';
        r = get_metric(s, name, &flag, NULL, 0);
        if (r < 0)
            return -1;
        if (r == 0)
            continue;
        if (!header) {
            printf("\nReflux (reverse flow longer than the valve's cut-off)\n");
            header = 1;
        }
        valves++;
        if (flag < 0.5)
            continue;
        flagged++;
        snprintf(mname, sizeof mname, "reflux.%s.duration", valve);
        if (get_metric(s, mname, &dur, NULL, 0) <= 0)
            return -1;
        snprintf(mname, sizeof mname, "reflux.%s.volume", valve);
        if (get_metric(s, mname, &vol, NULL, 0) <= 0)
            return -1;
        snprintf(mname, sizeof mname, "valve.%s.cutoff", valve);
        if (calfpump_model_get(m, mname, &cutoff) != CALFPUMP_OK) {
            error("parameter '%s': %s", mname, calfpump_model_errmsg(m));
            return -1;
        }
        printf("  %s: longest reverse flow %.2f s (cut-off %.2f s), volume %.1f mL\n", valve,
               dur, cutoff, vol);
    }
    if (header && flagged == 0)
        printf("  no valve exceeds its clinical reflux cut-off (%zu valves checked)\n", valves);
    return header;
}

static int report_solver(calfpump_sim *s, const char *integrator)
{
    double steps, rhs, rej, cons, rtol = NAN, atol = NAN, h = NAN;
    char desc[128];
    if (get_metric(s, "solver.steps", &steps, NULL, 0) <= 0 ||
        get_metric(s, "solver.rhs_evals", &rhs, NULL, 0) <= 0 ||
        get_metric(s, "solver.rejected", &rej, NULL, 0) <= 0)
        return -1;
    calfpump_sim_get_option(s, "rtol", &rtol);
    calfpump_sim_get_option(s, "atol", &atol);
    calfpump_sim_get_option(s, "h", &h);
    /* rk4 is the built-in fixed-step method; the others adapt the step. */
    if (strcmp(integrator, "rk4") == 0)
        snprintf(desc, sizeof desc, "%s (fixed step %g s)", integrator, h);
    else
        snprintf(desc, sizeof desc, "%s (rtol %g, atol %g)", integrator, rtol, atol);
    printf("\nSolver\n");
    printf("  %-*s %s\n", LABEL_W, "integrator", desc);
    printf("  %-*s %9.0f\n", LABEL_W, "steps", steps);
    printf("  %-*s %9.0f\n", LABEL_W, "right-hand-side evaluations", rhs);
    printf("  %-*s %9.0f\n", LABEL_W, "rejected steps", rej);
    switch (get_metric(s, "conservation.error", &cons, NULL, 0)) {
    case 1:
        printf("  %-*s %9.2e (relative)\n", LABEL_W, "blood conservation error", cons);
        break;
    case 0:
        break;
    default:
        return -1;
    }
    return 1;
}

static int report(calfpump_sim *s, const run_config *c, const calfpump_model *m,
                  const calfpump_protocol *p)
{
    char desc[1024], text[1200];
    const char *site = avp_site(m);
    strbuf b = {text, sizeof text, 0};
    int bad = 0;

    printf("calfpump %s: calf muscle pump simulation\n\n", calfpump_version_string());
    describe_protocol(p, desc, sizeof desc);
    printf("  %-12s%s, %g s\n", "Protocol:", c->protocol, calfpump_protocol_duration(p));
    printf("  %-12s", "Segments:");
    print_wrapped(stdout, desc, 14, 14);
    text[0] = '\0';
    if (c->nconditions == 0)
        sb_printf(&b, "default leg (every valve competent)");
    for (size_t i = 0; i < c->nconditions; i++)
        sb_printf(&b, "%s%s", i ? ", then " : "", c->conditions[i]);
    printf("  %-12s", "Condition:");
    print_wrapped(stdout, text, 14, 14);
    if (c->nsets) {
        b.len = 0;
        text[0] = '\0';
        for (size_t i = 0; i < c->nsets; i++)
            sb_printf(&b, "%s%s = %g", i ? ", " : "", c->sets[i].name, c->sets[i].value);
        printf("  %-12s", "Parameters:");
        print_wrapped(stdout, text, 14, 14);
    }
    printf("  %-12s%s\n", "Integrator:", c->integrator);
    printf("  %-12s%.1f s\n", "Simulated:", calfpump_sim_time(s));
    printf("  %-12s%s\n", "AVP site:", site ? site : "none (no superficial foot compartment)");

    if (calfpump_sim_trace_rows(s) < 2)
        printf("\nOnly %zu trace row was recorded: too few for clinical measures (use a\n"
               "smaller --output-interval).\n", calfpump_sim_trace_rows(s));
    bad |= report_avp(s, p, site) < 0;
    bad |= report_apg(s) < 0;
    bad |= report_return(s) < 0;
    bad |= report_reflux(s, m) < 0;
    bad |= report_solver(s, c->integrator) < 0;
    return bad ? -1 : 0;
}

/* --metrics: every available metric, NAME = VALUE. */
static int print_metrics(calfpump_sim *s)
{
    size_t n = calfpump_sim_metric_count(s);
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        const char *name = calfpump_sim_metric_name(s, i);
        double v;
        int r;
        if (!name)
            continue;
        r = get_metric(s, name, &v, NULL, 0);
        if (r > 0)
            printf("%s = %.9g\n", name, v);
        else if (r < 0)
            bad = 1;
    }
    return bad ? -1 : 0;
}

static int cmd_run(int argc, char **argv)
{
    run_config c;
    calfpump_model *m = NULL;
    calfpump_protocol *p = NULL;
    calfpump_sim *s = NULL;
    int rc, st, csv_failed = 0;
    char csv_msg[600] = "";

    rc = parse_run_args(argc, argv, &c);
    if (rc == 0 && c.help) {
        usage_run(stdout);
        goto done;
    }
    if (rc == 0)
        rc = build_model(&c, &m);
    if (rc == 0)
        rc = build_protocol(&c, &p);
    if (rc)
        goto done;
    st = calfpump_sim_new(&s, m, p);
    if (st) {
        const char *msg = calfpump_model_errmsg(m);
        if (!*msg)
            msg = calfpump_protocol_errmsg(p);
        error("cannot set up the simulation: %s", why(msg, st));
        rc = EXIT_RUNTIME;
        goto done;
    }
    if ((rc = configure_sim(&c, s)))
        goto done;
    st = integrate(s, !c.quiet && isatty(STDERR_FILENO));
    if (st) {
        error("simulation failed: %s", why(calfpump_sim_errmsg(s), st));
        rc = st == CALFPUMP_E_RANGE ? EXIT_USAGE : EXIT_RUNTIME;
        goto done;
    }
    if (c.csv && (st = calfpump_sim_write_csv(s, c.csv)) != CALFPUMP_OK) {
        /* Keep the message: reading metrics overwrites it. */
        csv_failed = st;
        snprintf(csv_msg, sizeof csv_msg, "%s", why(calfpump_sim_errmsg(s), st));
    }
    if (c.metrics) {
        if (print_metrics(s))
            rc = EXIT_RUNTIME;
    } else {
        if (report(s, &c, m, p))
            rc = EXIT_RUNTIME;
        if (c.csv && !csv_failed)
            printf("\nTrace written to %s (%zu rows x %zu columns)\n", c.csv,
                   calfpump_sim_trace_rows(s), calfpump_sim_trace_cols(s));
    }
    if (csv_failed) {
        fflush(stdout);
        error("--csv %s: %s", c.csv, csv_msg);
        rc = EXIT_RUNTIME;
    }
done:
    calfpump_sim_free(s);
    calfpump_protocol_free(p);
    calfpump_model_free(m);
    run_config_free(&c);
    return rc;
}

/* ------------------------------------------------------------------ */

int main(int argc, char **argv)
{
    const char *cmd;
    if (argc < 2) {
        error("no command given");
        usage_main(stderr);
        return EXIT_USAGE;
    }
    cmd = argv[1];
    if ((strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "--version") == 0 ||
         strcmp(cmd, "-V") == 0) && argc > 2) {
        error("%s: unexpected argument '%s'", cmd, argv[2]);
        return EXIT_USAGE;
    }
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        usage_main(stdout);
        return finish_stdout(0);
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf(PROG " (libcalfpump) %s\n", calfpump_version_string());
        return finish_stdout(0);
    }
    if (strcmp(cmd, "run") == 0)
        return finish_stdout(cmd_run(argc - 1, argv + 1));
    if (strcmp(cmd, "list") == 0)
        return finish_stdout(cmd_list(argc - 1, argv + 1));
    if (cmd[0] == '-')
        error("unknown option '%s' (see '" PROG " --help')", cmd);
    else
        error("unknown command '%s' (commands: run, list; see '" PROG " --help')", cmd);
    return EXIT_USAGE;
}
