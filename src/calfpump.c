/* calfpump -- command-line front end of libcalfpump.
 *
 *   calfpump --help | --version
 *   calfpump run [FILE] [options]    simulate a protocol, print a clinical summary
 *   calfpump compare [FILE] [options] --with SPEC...
 *                                    run variants, print one table
 *   calfpump check FILE...           validate model files
 *   calfpump save [options] FILE     write the configured model and protocol
 *   calfpump list [TOPIC]            conditions, protocols, activities, ...
 *
 * Exit status: 0 success, 1 runtime failure (the simulation or a file
 * failed), 2 usage error (bad command line, unknown name, value out of
 * range, invalid model file).  Every message goes to stderr; results go to
 * stdout.
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

/* A copy of s (NULL after an error message if out of memory). */
static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (!d)
        error("out of memory");
    else
        memcpy(d, s, n);
    return d;
}

/* The last component of a path. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash && slash[1] ? slash + 1 : path;
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

/* Write v with the fewest of 15, 16 or 17 significant digits that read
 * back to the same double. */
static void format_exact(char *buf, size_t size, double v)
{
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

/* ------------------------------------------------------------------ */
/* Protocol descriptions, built from the segments themselves. */

static double seg_param(const calfpump_protocol *p, size_t i, const char *name)
{
    double v;
    return calfpump_protocol_get(p, i, name, &v) == CALFPUMP_OK ? v : NAN;
}

static int act_is(const char *act, const char *name)
{
    return strcmp(act, name) == 0;
}

/* The details of segment i worth showing ("3 km/h, stocking class 2"). */
static void describe_segment(const calfpump_protocol *p, size_t i, const char *post,
                             const char *act, strbuf *e)
{
    double strength = seg_param(p, i, "strength"), v;
    const char *sep;
    if (act_is(act, "walk") || act_is(act, "run")) {
        sb_printf(e, "%g km/h", seg_param(p, i, "speed"));
        if ((v = seg_param(p, i, "cadence")) > 0)
            sb_printf(e, ", %g steps/min", v);
    } else if (act_is(act, "stairs")) {
        sb_printf(e, "%g steps/s", seg_param(p, i, "rate"));
    } else if (act_is(act, "cycle")) {
        sb_printf(e, "%g rpm, %s", seg_param(p, i, "rpm"),
                  seg_param(p, i, "toe_pointed") > 0.5 ? "toes pointed" : "flat foot");
    } else if (act_is(act, "tiptoe")) {
        double count = seg_param(p, i, "count");
        sb_printf(e, "%g raise%s at %g/s", count, count == 1 ? "" : "s",
                  seg_param(p, i, "rate"));
    } else if (act_is(act, "swim")) {
        sb_printf(e, "%g kicks/s, depth %g cm", seg_param(p, i, "rate"),
                  seg_param(p, i, "depth"));
    } else if (act_is(act, "heel_raise") || act_is(act, "toe_tap") ||
               act_is(act, "ankle_pump")) {
        sb_printf(e, "%g/s", seg_param(p, i, "rate"));
    } else if (act_is(act, "squeeze")) {
        sb_printf(e, "%g mmHg", seg_param(p, i, "pressure"));
    } else if (act_is(act, "custom")) {
        sb_printf(e, "sampled activations");
    } else if (strcmp(post, "standing") == 0 && seg_param(p, i, "weight_bearing") < 0.5) {
        sb_printf(e, "no weight bearing");
    }
    if (strcmp(post, "tilt") == 0)
        sb_printf(e, "%s%g deg", e->len ? ", " : "", seg_param(p, i, "angle"));
    if (strength != 1.0 && !act_is(act, "still"))
        sb_printf(e, "%sstrength %g", e->len ? ", " : "", strength);
    sep = e->len ? ", " : "";
    if ((v = seg_param(p, i, "stocking")) > 0)
        sb_printf(e, "%sstocking class %g", sep, v);
    else if ((v = seg_param(p, i, "compression_ankle")) > 0)
        sb_printf(e, "%scompression %g mmHg at the ankle", sep, v);
    else if (seg_param(p, i, "compression_foot") > 0 || seg_param(p, i, "compression_calf") > 0 ||
             seg_param(p, i, "compression_knee") > 0 || seg_param(p, i, "compression_thigh") > 0)
        sb_printf(e, "%scustom compression profile", sep);
    if ((v = seg_param(p, i, "bandage")) > 0)
        sb_printf(e, "%sinelastic bandage %g", e->len ? ", " : "", v);
    if ((v = seg_param(p, i, "ipc_pressure")) > 0)
        sb_printf(e, "%sIPC %g mmHg every %g s", e->len ? ", " : "", v,
                  seg_param(p, i, "ipc_period"));
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
        char extra[256];
        strbuf e = {extra, sizeof extra, 0};
        extra[0] = '\0';
        if (!post || !act)
            continue;
        describe_segment(p, i, post, act, &e);
        sb_printf(&b, "%s%s %s %g s", i ? "; " : "", post, act, dur);
        if (e.len)
            sb_printf(&b, " (%s)", extra);
    }
    if (n == 0)
        sb_printf(&b, "no segments");
}

/* ------------------------------------------------------------------ */
/* Options of run, compare and save */

/* The commands an option belongs to. */
enum { C_RUN = 1, C_COMPARE = 2, C_SAVE = 4, C_SIM = C_RUN | C_COMPARE, C_ALL = 7 };

typedef enum {
    OPT_HELP, OPT_MODEL, OPT_PROTOCOL, OPT_CONDITION, OPT_SET, OPT_HEIGHT, OPT_SPEED, OPT_RPM,
    OPT_FLAT_FOOT, OPT_STOCKING, OPT_IPC, OPT_INTEGRATOR, OPT_RTOL, OPT_ATOL, OPT_STEP,
    OPT_OUTPUT_INTERVAL, OPT_CSV, OPT_WITH, OPT_LABEL, OPT_QUIET, OPT_METRICS
} opt_id;

typedef struct {
    opt_id id;
    const char *name;   /* long name, without "--" */
    char shortname;     /* 0: none */
    const char *arg;    /* NULL: the option takes no value */
    unsigned cmds;      /* C_RUN | C_COMPARE | C_SAVE */
    const char *help;
} opt_spec;

static const opt_spec options[] = {
    {OPT_MODEL, "model", 0, "FILE", C_ALL,
     "read the model, and its protocol and [run] settings, from a model file (the FILE "
     "argument of run and compare)"},
    {OPT_PROTOCOL, "protocol", 0, "NAME", C_ALL,
     "named protocol: avp (default), apg, cycle, tilt or valve; replaces the segments of a "
     "model file"},
    {OPT_CONDITION, "condition", 0, "NAME", C_ALL,
     "apply a condition preset; repeatable, applied in order"},
    {OPT_SET, "set", 0, "PARAM=VALUE", C_ALL,
     "set a model parameter after the presets; repeatable"},
    {OPT_HEIGHT, "height", 0, "CM", C_ALL, "subject height in cm (--set height=CM)"},
    {OPT_SPEED, "speed", 0, "KMH", C_ALL, "speed of every walk and run segment, km/h"},
    {OPT_RPM, "rpm", 0, "N", C_ALL, "pedalling rate of every cycle segment, 1/min"},
    {OPT_FLAT_FOOT, "flat-foot", 0, NULL, C_ALL, "cycle with a flat foot (toe_pointed = 0)"},
    {OPT_STOCKING, "stocking", 0, "CLASS", C_ALL,
     "compression stocking of class 0-4 on every segment"},
    {OPT_IPC, "ipc", 0, "MMHG", C_ALL,
     "intermittent pneumatic compression of the calf at MMHG on every segment (0: off)"},
    {OPT_INTEGRATOR, "integrator", 0, "NAME", C_ALL,
     "integrator: dopri5 (default), rk4, ... ('" PROG " list integrators')"},
    {OPT_RTOL, "rtol", 0, "X", C_ALL, "relative tolerance (adaptive integrators)"},
    {OPT_ATOL, "atol", 0, "Y", C_ALL, "absolute tolerance (adaptive integrators)"},
    {OPT_STEP, "step", 0, "H", C_ALL, "fixed step size of rk4, s"},
    {OPT_OUTPUT_INTERVAL, "output-interval", 0, "S", C_ALL, "time between trace rows, s"},
    {OPT_CSV, "csv", 0, "FILE", C_RUN, "write the full trace to FILE as CSV"},
    {OPT_WITH, "with", 0, "SPEC", C_COMPARE,
     "add a column: the base configuration changed by SPEC; repeatable"},
    {OPT_LABEL, "label", 0, "TEXT", C_COMPARE, "header of the base column"},
    {OPT_QUIET, "quiet", 'q', NULL, C_ALL, "no progress indicator (save: no report line)"},
    {OPT_METRICS, "metrics", 0, NULL, C_SIM,
     "machine-readable output: NAME = VALUE lines; compare: a tab-separated table"},
    {OPT_HELP, "help", 'h', NULL, C_ALL, "show this help and exit"},
};
#define N_OPTIONS (sizeof options / sizeof options[0])

static const char *cmd_name(unsigned cmd)
{
    return cmd == C_RUN ? "run" : cmd == C_COMPARE ? "compare" : "save";
}

/* Print the options of the commands in mask cmds; with annotate, say
 * which commands an option that not all of them take belongs to. */
static void print_options(FILE *f, unsigned cmds, int annotate)
{
    for (size_t i = 0; i < N_OPTIONS; i++) {
        const opt_spec *o = &options[i];
        char head[64], text[256];
        if (!(o->cmds & cmds))
            continue;
        if (o->shortname)
            snprintf(head, sizeof head, "-%c, --%s%s%s", o->shortname, o->name,
                     o->arg ? " " : "", o->arg ? o->arg : "");
        else
            snprintf(head, sizeof head, "    --%s%s%s", o->name, o->arg ? " " : "",
                     o->arg ? o->arg : "");
        if (annotate && (o->cmds & C_ALL) != C_ALL)
            snprintf(text, sizeof text, "%s (%s)", o->help,
                     o->cmds == C_RUN       ? "run only"
                     : o->cmds == C_COMPARE ? "compare only"
                                            : "run and compare");
        else
            snprintf(text, sizeof text, "%s", o->help);
        fprintf(f, "  %-27s ", head);
        print_wrapped(f, text, 30, 30);
    }
}

/* ------------------------------------------------------------------ */
/* Help */

static void usage_main(FILE *f)
{
    fprintf(f,
            "Usage: " PROG " run [FILE] [OPTION]...\n"
            "       " PROG " compare [FILE] [OPTION]... --with SPEC [--with SPEC]...\n"
            "       " PROG " check FILE...\n"
            "       " PROG " save [OPTION]... FILE\n"
            "       " PROG " list [TOPIC]\n"
            "       " PROG " --help | --version\n"
            "\n"
            "Simulate the human calf muscle pump (libcalfpump %s).\n"
            "\n"
            "Commands:\n"
            "  run       simulate a protocol and print a clinical summary; FILE is a\n"
            "            model file (default: the default adult leg)\n"
            "  compare   simulate the base configuration and variants of it, print one\n"
            "            table with a column per configuration\n"
            "  check     validate model files\n"
            "  save      write the model and protocol the options describe to a model\n"
            "            file, to edit and run\n"
            "  list      list conditions, protocols, activities, integrators; 'list\n"
            "            params' and 'list segment-params' list the parameters\n"
            "\n"
            "Options:\n"
            "  -h, --help                  show this help and exit\n"
            "  -V, --version               print the library version and exit\n"
            "\n"
            "Options of run, compare and save:\n",
            calfpump_version_string());
    print_options(f, C_ALL, 1);
    fprintf(f, "\n"
               "'" PROG " COMMAND --help' shows the help of one command.\n"
               "Exit status: 0 success, 1 runtime failure, 2 usage error.\n"
               "See calfpump(1).\n");
}

static void usage_run(FILE *f)
{
    fprintf(f, "Usage: " PROG " run [FILE] [OPTION]...\n"
               "\n"
               "Simulate a protocol and print a clinical summary (ambulatory venous\n"
               "pressure, air plethysmography, venous return, calf pump, reflux, solver\n"
               "statistics).  The model is the default adult leg, or that of the model\n"
               "file FILE; the protocol is the file's [segment]s if it has any, else\n"
               "--protocol (default avp); the file's [run] settings choose the integrator\n"
               "and its options.  The options below apply on top of the file.\n"
               "\n"
               "Options:\n");
    print_options(f, C_RUN, 0);
    fprintf(f, "\n"
               "Numbers are plain decimal (or C floating-point) literals.  Options may\n"
               "also be written --name=VALUE, and may come before or after FILE.  Run\n"
               "'" PROG " list' for the names of conditions, protocols and integrators,\n"
               "'" PROG " list params' for the model parameters.\n"
               "\n"
               "Exit status: 0 success, 1 runtime failure (simulation, unreadable file),\n"
               "2 usage error (bad option or value, invalid model file).\n");
}

static void usage_compare(FILE *f)
{
    fprintf(f, "Usage: " PROG " compare [FILE] [OPTION]... --with SPEC [--with SPEC]...\n"
               "\n"
               "Simulate the base configuration (FILE and the options, as for 'run') and\n"
               "one variant of it per --with, and print one summary table with a column\n"
               "per configuration.\n"
               "\n"
               "SPEC is a comma-separated list of changes to the base configuration:\n"
               "  condition=NAME       also apply this condition preset\n"
               "  set=PARAM=VALUE      also set this model parameter\n"
               "  protocol=NAME        run this named protocol instead\n"
               "  file=PATH            use this model file instead (like FILE)\n"
               "  label=TEXT           header of the column\n"
               "  OPTION=VALUE         any other option of run, without its dashes:\n"
               "                       height, speed, rpm, stocking, ipc, integrator, ...\n"
               "  flat-foot            likewise, for an option without a value\n"
               "Example: --with condition=gsv-reflux,stocking=2.  Values cannot contain\n"
               "commas.  Without label=, the header is made of the values.\n"
               "\n"
               "Options:\n");
    print_options(f, C_COMPARE, 0);
    fprintf(f, "\n"
               "Exit status: 0 success, 1 runtime failure, 2 usage error.\n");
}

static void usage_save(FILE *f)
{
    fprintf(f, "Usage: " PROG " save [OPTION]... FILE\n"
               "\n"
               "Write the model (the default leg, or --model, changed by --condition,\n"
               "--set and --height), the protocol (--protocol, or the segments of\n"
               "--model, with --speed, --rpm, --flat-foot, --stocking, --ipc) and the\n"
               "run settings (--integrator, --rtol, ...) to the model file FILE, which\n"
               "'" PROG " run FILE' runs with the same result.  FILE is overwritten.\n"
               "\n"
               "Options:\n");
    print_options(f, C_SAVE, 0);
    fprintf(f, "\n"
               "Exit status: 0 success, 1 the file could not be written, 2 usage error.\n");
}

static void usage_check(FILE *f)
{
    fprintf(f, "Usage: " PROG " check FILE...\n"
               "\n"
               "Validate model files: for each, print 'FILE: OK (N compartments, M\n"
               "connections, K segments, T s)' or the error with its line number.\n"
               "\n"
               "Exit status: 0 every file is valid, 1 a file cannot be read, 2 a file\n"
               "is invalid.\n");
}

static void usage_list(FILE *f)
{
    fprintf(f, "Usage: " PROG " list [TOPIC]\n"
               "\n"
               "Without TOPIC, list the condition presets, the named protocols and the\n"
               "integrators.  TOPIC is one of:\n"
               "  conditions      condition presets with their descriptions\n"
               "  protocols       named protocols with their segments\n"
               "  activities      activities and postures of protocol segments\n"
               "  integrators     built-in integrators\n"
               "  params          every parameter of the default model with its value,\n"
               "                  bounds and unit\n"
               "  segment-params  parameters of protocol segments with their defaults\n");
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

/* The activities of calfpump_protocol_add_segment() (the library has no
 * list of them). */
static const struct {
    const char *name, *desc, *posture, *params;
} activities[] = {
    {"still", "no muscle activity: rest, immobility, stasis", "any posture", NULL},
    {"walk", "walking", "standing", "speed, cadence"},
    {"run", "running: short stance, strong push-off", "standing", "speed, cadence"},
    {"stairs", "climbing stairs, rate steps per s", "standing", "rate"},
    {"tiptoe", "count heel raises on tiptoe at rate per s", "standing", "count, rate"},
    {"cycle", "pedalling", "sitting", "rpm, toe_pointed"},
    {"swim", "flutter kicks, immersed to depth cm", "supine", "rate, depth"},
    {"heel_raise", "seated heel raises", "sitting", "rate"},
    {"toe_tap", "seated toe taps", "sitting", "rate"},
    {"ankle_pump", "ankle flexion and extension", "supine or sitting", "rate"},
    {"squeeze", "a manual calf squeeze of pressure mmHg, about 1 s", "any posture", "pressure"},
    {"custom", "activations from sampled waveforms", "any posture",
     "waveform_foot, waveform_calf, waveform_thigh in model files"},
};

static int list_activities(void)
{
    printf("Activities ([segment] activity = NAME; posture and parameters in parentheses):\n");
    for (size_t i = 0; i < sizeof activities / sizeof activities[0]; i++) {
        char text[256];
        snprintf(text, sizeof text, "%s (%s%s%s)", activities[i].desc, activities[i].posture,
                 activities[i].params ? "; " : "", activities[i].params ? activities[i].params : "");
        printf("  %-11s ", activities[i].name);
        print_wrapped(stdout, text, 14, 14);
    }
    printf("\nPostures ([segment] posture = NAME): supine, sitting, standing, tilt (head-up\n"
           "tilt at the segment's angle, degrees).  Every segment also takes strength,\n"
           "weight_bearing and the compression parameters ('" PROG " list segment-params').\n");
    return 0;
}

/* Units and meanings of the segment parameters (names from the library). */
static const struct {
    const char *name, *unit, *desc;
} seg_param_docs[] = {
    {"speed", "km/h", "walking or running speed"},
    {"cadence", "1/min", "steps per minute (0: from the speed)"},
    {"rpm", "1/min", "pedalling rate"},
    {"toe_pointed", "0/1", "pedal with the toes pointed"},
    {"count", "1", "number of tiptoe raises"},
    {"rate", "1/s", "rate of tiptoes, steps, kicks, raises, taps, pumps"},
    {"strength", "1", "scale of every activation (0..1)"},
    {"weight_bearing", "0/1", "the foot carries the body weight"},
    {"pressure", "mmHg", "manual squeeze pressure"},
    {"angle", "deg", "head-up tilt angle (posture tilt)"},
    {"depth", "cm", "immersion depth (swim)"},
    {"stocking", "class", "compression stocking class 0-4 (--stocking)"},
    {"compression_ankle", "mmHg", "graduated compression, pressure at the ankle"},
    {"compression_foot", "mmHg", "custom compression profile: foot"},
    {"compression_calf", "mmHg", "custom compression profile: calf"},
    {"compression_knee", "mmHg", "custom compression profile: knee"},
    {"compression_thigh", "mmHg", "custom compression profile: thigh"},
    {"bandage", "1", "inelastic bandage: pressure rise at full calf activation"},
    {"ipc_pressure", "mmHg", "intermittent pneumatic compression, 0 off (--ipc)"},
    {"ipc_period", "s", "IPC cycle period"},
    {"ipc_inflate", "s", "IPC inflation time"},
    {"ipc_hold", "s", "IPC hold time"},
    {"ipc_deflate", "s", "IPC deflation time"},
    {"ipc_foot", "0/1", "IPC cuff on the foot"},
    {"ipc_calf", "0/1", "IPC cuff on the calf"},
    {"ipc_thigh", "0/1", "IPC cuff on the thigh"},
    {"ipc_delay", "s", "delay between sequential IPC chambers"},
};

static int list_segment_params(void)
{
    calfpump_protocol *p = NULL;
    size_t n = calfpump_protocol_param_count();
    int st, w = 0;
    if ((st = calfpump_protocol_new(&p)) != CALFPUMP_OK ||
        (st = calfpump_protocol_add_segment(p, "standing", "still", 1.0, NULL)) != CALFPUMP_OK) {
        error("cannot create a protocol: %s", p ? why(calfpump_protocol_errmsg(p), st)
                                                : calfpump_strerror(st));
        calfpump_protocol_free(p);
        return EXIT_RUNTIME;
    }
    for (size_t i = 0; i < n; i++) {
        const char *name = calfpump_protocol_param_name(i);
        if (name && (int)strlen(name) > w)
            w = (int)strlen(name);
    }
    printf("# %-*s %8s  %-6s %s\n", w - 2, "segment parameter", "default", "unit", "meaning");
    for (size_t i = 0; i < n; i++) {
        const char *name = calfpump_protocol_param_name(i), *unit = "", *desc = "";
        double v;
        if (!name)
            continue;
        for (size_t k = 0; k < sizeof seg_param_docs / sizeof seg_param_docs[0]; k++)
            if (strcmp(seg_param_docs[k].name, name) == 0) {
                unit = seg_param_docs[k].unit;
                desc = seg_param_docs[k].desc;
            }
        if (calfpump_protocol_get(p, 0, name, &v) != CALFPUMP_OK)
            printf("%-*s %8s  %-6s %s\n", w, name, "-", unit, desc);
        else
            printf("%-*s %8g  %-6s %s\n", w, name, v, unit, desc);
    }
    calfpump_protocol_free(p);
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
            printf("\nActivities of protocol segments: " PROG " list activities\n"
                   "Model parameters: " PROG " list params\n"
                   "Segment parameters: " PROG " list segment-params\n");
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
    if (strcmp(argv[1], "activities") == 0)
        return list_activities();
    if (strcmp(argv[1], "integrators") == 0)
        return list_integrators();
    if (strcmp(argv[1], "params") == 0 || strcmp(argv[1], "parameters") == 0)
        return list_params();
    if (strcmp(argv[1], "segment-params") == 0)
        return list_segment_params();
    error("list: unknown topic '%s' (conditions, protocols, activities, integrators, params, "
          "segment-params)", argv[1]);
    return EXIT_USAGE;
}

/* ------------------------------------------------------------------ */
/* The configuration of a run: the command line, or the command line
 * changed by a --with SPEC. */

typedef struct {
    char *name;     /* parameter name (allocated) */
    double value;
} param_set;

typedef struct {
    const char *model_file;     /* NULL: the default leg */
    const char *protocol;       /* named protocol */
    int protocol_given;         /* --protocol given: it replaces the file's segments */
    const char **conditions;
    size_t nconditions, capconditions;
    param_set *sets;
    size_t nsets, capsets;
    const char *integrator;     /* NULL: from the file, else dopri5 */
    const char *csv;
    double speed, rpm, stocking, ipc, rtol, atol, step, output_interval;
    int has_speed, has_rpm, has_stocking, has_ipc, has_rtol, has_atol, has_step,
        has_output_interval;
    int flat_foot, quiet, metrics, help;
    /* compare */
    const char **withs;
    size_t nwiths, capwiths;
    const char *label;          /* column header */
    /* positional arguments */
    const char **pos;
    size_t npos;
    /* storage of a variant */
    char *owned_spec, *owned_label;
} run_config;

static void run_config_init(run_config *c)
{
    memset(c, 0, sizeof *c);
    c->protocol = "avp";
}

static void run_config_free(run_config *c)
{
    for (size_t i = 0; i < c->nsets; i++)
        free(c->sets[i].name);
    free(c->sets);
    free(c->conditions);
    free(c->withs);
    free(c->pos);
    free(c->owned_spec);
    free(c->owned_label);
    memset(c, 0, sizeof *c);
}

/* Make room for element n of an array of capacity *cap (elements of size
 * elem).  Returns the array, possibly moved, or NULL after a message (the
 * old array is then still valid). */
static void *grow(void *arr, size_t *cap, size_t n, size_t elem)
{
    void *q;
    size_t ncap;
    if (n < *cap)
        return arr;
    ncap = *cap ? 2 * *cap : 8;
    q = realloc(arr, ncap * elem);
    if (!q) {
        error("out of memory");
        return NULL;
    }
    *cap = ncap;
    return q;
}

static int add_set(run_config *c, const char *name, size_t len, double value)
{
    char *copy;
    param_set *q = grow(c->sets, &c->capsets, c->nsets, sizeof *c->sets);
    if (!q)
        return EXIT_RUNTIME;
    c->sets = q;
    copy = malloc(len + 1);
    if (!copy) {
        error("out of memory");
        return EXIT_RUNTIME;
    }
    memcpy(copy, name, len);
    copy[len] = '\0';
    c->sets[c->nsets].name = copy;
    c->sets[c->nsets].value = value;
    c->nsets++;
    return 0;
}

/* Deep copy of the parts of a configuration a variant starts from. */
static int run_config_copy(run_config *dst, const run_config *src)
{
    *dst = *src;
    dst->conditions = NULL;
    dst->nconditions = dst->capconditions = 0;
    dst->sets = NULL;
    dst->nsets = dst->capsets = 0;
    dst->withs = NULL;
    dst->nwiths = 0;
    dst->pos = NULL;
    dst->npos = 0;
    dst->owned_spec = dst->owned_label = NULL;
    dst->label = NULL;
    dst->capwiths = 0;
    if (src->nconditions) {
        dst->conditions = malloc(src->nconditions * sizeof *dst->conditions);
        if (!dst->conditions) {
            error("out of memory");
            return EXIT_RUNTIME;
        }
        memcpy(dst->conditions, src->conditions, src->nconditions * sizeof *dst->conditions);
        dst->nconditions = dst->capconditions = src->nconditions;
    }
    for (size_t i = 0; i < src->nsets; i++)
        if (add_set(dst, src->sets[i].name, strlen(src->sets[i].name), src->sets[i].value))
            return EXIT_RUNTIME;
    return 0;
}

static const opt_spec *find_long(const char *name, size_t len)
{
    for (size_t i = 0; i < N_OPTIONS; i++)
        if (strlen(options[i].name) == len && strncmp(options[i].name, name, len) == 0)
            return &options[i];
    return NULL;
}

static const opt_spec *find_short(char ch)
{
    for (size_t i = 0; i < N_OPTIONS; i++)
        if (options[i].shortname == ch)
            return &options[i];
    return NULL;
}

/* Parse PARAM=VALUE of --set into c.  shown names the option in messages. */
static int parse_set(run_config *c, const char *shown, const char *arg)
{
    const char *eq = strchr(arg, '=');
    char what[128];
    double v;
    size_t len;
    if (!eq) {
        error("%s '%s': expected PARAM=VALUE", shown, arg);
        return EXIT_USAGE;
    }
    len = (size_t)(eq - arg);
    if (len == 0) {
        error("%s '%s': the parameter name is empty", shown, arg);
        return EXIT_USAGE;
    }
    snprintf(what, sizeof what, "%s %.*s", shown, (int)len, arg);
    if (parse_number(what, eq + 1, &v))
        return EXIT_USAGE;
    return add_set(c, arg, len, v);
}

/* Apply option o with value val (NULL for a flag) to c.  shown names the
 * option in messages ("--rtol", "--with rtol").  Returns 0, EXIT_USAGE or
 * EXIT_RUNTIME after a message. */
static int apply_option(run_config *c, const opt_spec *o, const char *val, const char *shown)
{
    double *num = NULL;
    int *has = NULL;
    switch (o->id) {
    case OPT_HELP: c->help = 1; return 0;
    case OPT_QUIET: c->quiet = 1; return 0;
    case OPT_METRICS: c->metrics = 1; return 0;
    case OPT_FLAT_FOOT: c->flat_foot = 1; return 0;
    case OPT_PROTOCOL:
        c->protocol = val;
        c->protocol_given = 1;
        return 0;
    case OPT_INTEGRATOR: c->integrator = val; return 0;
    case OPT_LABEL: c->label = val; return 0;
    case OPT_MODEL:
    case OPT_CSV:
        if (*val == '\0') {
            error("%s: the file name is empty", shown);
            return EXIT_USAGE;
        }
        if (o->id == OPT_MODEL)
            c->model_file = val;
        else
            c->csv = val;
        return 0;
    case OPT_CONDITION: {
        const char **q = grow(c->conditions, &c->capconditions, c->nconditions,
                              sizeof *c->conditions);
        if (!q)
            return EXIT_RUNTIME;
        c->conditions = q;
        c->conditions[c->nconditions++] = val;
        return 0;
    }
    case OPT_WITH: {
        const char **q = grow(c->withs, &c->capwiths, c->nwiths, sizeof *c->withs);
        if (!q)
            return EXIT_RUNTIME;
        c->withs = q;
        c->withs[c->nwiths++] = val;
        return 0;
    }
    case OPT_SET: return parse_set(c, shown, val);
    case OPT_HEIGHT: {
        double v;
        if (parse_number(shown, val, &v))
            return EXIT_USAGE;
        return add_set(c, "height", 6, v);
    }
    case OPT_SPEED: num = &c->speed; has = &c->has_speed; break;
    case OPT_RPM: num = &c->rpm; has = &c->has_rpm; break;
    case OPT_STOCKING: num = &c->stocking; has = &c->has_stocking; break;
    case OPT_IPC: num = &c->ipc; has = &c->has_ipc; break;
    case OPT_RTOL: num = &c->rtol; has = &c->has_rtol; break;
    case OPT_ATOL: num = &c->atol; has = &c->has_atol; break;
    case OPT_STEP: num = &c->step; has = &c->has_step; break;
    case OPT_OUTPUT_INTERVAL: num = &c->output_interval; has = &c->has_output_interval; break;
    }
    if (!num)
        return 0;
    if (parse_number(shown, val, num))
        return EXIT_USAGE;
    *has = 1;
    return 0;
}

/* Parse the arguments after the command (cmd: C_RUN, C_COMPARE or C_SAVE)
 * into c; positional arguments are collected in c->pos.  Returns 0,
 * EXIT_USAGE or EXIT_RUNTIME. */
static int parse_args(unsigned cmd, int argc, char **argv, run_config *c)
{
    const char *cname = cmd_name(cmd);
    int only_pos = 0, rc;
    c->pos = calloc((size_t)argc, sizeof *c->pos);
    if (!c->pos) {
        error("out of memory");
        return EXIT_RUNTIME;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = NULL;
        const opt_spec *o = NULL;
        char shown[80];
        if (only_pos || a[0] != '-' || a[1] == '\0') {
            c->pos[c->npos++] = a; /* "-" is a file name too */
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_pos = 1;
            continue;
        }
        if (a[1] == '-') {
            const char *eq = strchr(a + 2, '=');
            size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
            o = find_long(a + 2, len);
            if (!o) {
                error("%s: unknown option '%.*s' (see '" PROG " %s --help')", cname,
                      (int)len + 2, a, cname);
                return EXIT_USAGE;
            }
            if (eq) {
                if (!o->arg) {
                    error("%s: option '--%s' takes no value", cname, o->name);
                    return EXIT_USAGE;
                }
                val = eq + 1;
            }
        } else if (a[2] == '\0' && (o = find_short(a[1])) != NULL) {
            /* -q, -h */
        } else {
            error("%s: unknown option '%s' (see '" PROG " %s --help')", cname, a, cname);
            return EXIT_USAGE;
        }
        if (!(o->cmds & cmd)) {
            error("%s: option '--%s' is an option of '%s' only (see '" PROG " %s --help')",
                  cname, o->name, o->cmds == C_RUN ? "run" : "compare", cname);
            return EXIT_USAGE;
        }
        if (o->arg && !val) {
            if (i + 1 >= argc) {
                error("%s: option '--%s' needs a value (%s)", cname, o->name, o->arg);
                return EXIT_USAGE;
            }
            val = argv[++i];
        }
        snprintf(shown, sizeof shown, "--%s", o->name);
        if ((rc = apply_option(c, o, val, shown)))
            return rc;
    }
    return 0;
}

/* Run and compare: at most one positional argument, the model file. */
static int take_model_argument(const char *cname, run_config *c)
{
    if (c->npos > 1) {
        error("%s: unexpected argument '%s' (only one model file can be given)", cname,
              c->pos[1]);
        return EXIT_USAGE;
    }
    if (c->npos == 1) {
        if (c->model_file) {
            error("%s: two model files, '%s' (--model) and '%s'", cname, c->model_file,
                  c->pos[0]);
            return EXIT_USAGE;
        }
        if (c->pos[0][0] == '\0') {
            error("%s: the model file name is empty", cname);
            return EXIT_USAGE;
        }
        c->model_file = c->pos[0];
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Building the model, the protocol and the simulation */

/* Run settings: those of the model file's [run], overridden by the
 * command line. */
#define N_RUN_OPTS 8
static const char *const run_opt_names[N_RUN_OPTS] = {
    "output_interval", "rtol", "atol", "h", "h_init", "h_min", "h_max", "max_steps"};

typedef struct {
    const char *integrator;      /* NULL: not set (dopri5) */
    int integrator_from_file;
    double v[N_RUN_OPTS];
    int src[N_RUN_OPTS];         /* 0 not set, 1 model file, 2 command line */
} run_settings;

typedef struct {
    calfpump_model *m;
    calfpump_protocol *p;        /* the protocol that is run */
    calfpump_protocol *fp;       /* the model file's protocol (may be p), or NULL */
    int model_from_file;         /* 0: the default leg */
    int protocol_from_file;
    run_settings rs;
} setup;

static void setup_free(setup *su)
{
    if (su->p != su->fp)
        calfpump_protocol_free(su->p);
    calfpump_protocol_free(su->fp);
    calfpump_model_free(su->m);
    memset(su, 0, sizeof *su);
}

/* Name of protocol names, "avp, apg, ..." */
static void protocol_names(char *buf, size_t size)
{
    strbuf b = {buf, size, 0};
    buf[0] = '\0';
    for (size_t i = 0; i < calfpump_protocol_named_count(); i++)
        sb_printf(&b, "%s%s", i ? ", " : "", calfpump_protocol_named_name(i));
}

/* Load a model file.  Returns 0, or EXIT_RUNTIME (cannot read, out of
 * memory) or EXIT_USAGE (invalid file) after printing the library's
 * message, which names the file and line. */
static int load_file(const char *path, calfpump_model **m, calfpump_protocol **p)
{
    char err[1024];
    int st = calfpump_model_load(m, p, path, err, sizeof err);
    if (st == CALFPUMP_OK)
        return 0;
    error("%s", why(err, st));
    if (st == CALFPUMP_E_IO && access(path, F_OK) != 0) {
        calfpump_protocol *q = NULL;
        if (calfpump_protocol_new_named(&q, path) == CALFPUMP_OK)
            fprintf(stderr, PROG ": (to run the named protocol, use --protocol %s)\n", path);
        calfpump_protocol_free(q);
    }
    return st == CALFPUMP_E_INVAL ? EXIT_USAGE : EXIT_RUNTIME;
}

/* A file without compartments holds a protocol and global parameters:
 * set the globals it changes on the default leg. */
static int copy_changed_globals(const calfpump_model *from, calfpump_model *to, const char *path)
{
    calfpump_model *empty = NULL;
    int st = calfpump_model_new(&empty);
    if (st) {
        error("cannot create a model: %s", calfpump_strerror(st));
        return EXIT_RUNTIME;
    }
    for (size_t i = 0; i < calfpump_model_param_count(from); i++) {
        const char *name = calfpump_model_param_name(from, i);
        double v, v0;
        if (!name || calfpump_model_get(from, name, &v) != CALFPUMP_OK ||
            (calfpump_model_get(empty, name, &v0) == CALFPUMP_OK && v == v0))
            continue;
        if ((st = calfpump_model_set(to, name, v)) != CALFPUMP_OK) {
            error("%s: %s: %s", path, name, why(calfpump_model_errmsg(to), st));
            calfpump_model_free(empty);
            return EXIT_USAGE;
        }
    }
    calfpump_model_free(empty);
    return 0;
}

static int build_model(const run_config *c, setup *su)
{
    calfpump_model *fm = NULL;
    int st, rc;
    if (c->model_file) {
        if ((rc = load_file(c->model_file, &fm, &su->fp)))
            return rc;
        if (calfpump_model_compartment_count(fm) > 0) {
            su->m = fm;
            su->model_from_file = 1;
            fm = NULL;
        }
    }
    if (!su->m) {
        if ((st = calfpump_model_new_default(&su->m)) != CALFPUMP_OK) {
            error("cannot create the default model: %s", calfpump_strerror(st));
            calfpump_model_free(fm);
            return EXIT_RUNTIME;
        }
        if (fm && (rc = copy_changed_globals(fm, su->m, c->model_file))) {
            calfpump_model_free(fm);
            return rc;
        }
        calfpump_model_free(fm);
    }
    for (size_t i = 0; i < c->nconditions; i++) {
        st = calfpump_model_apply_condition(su->m, c->conditions[i]);
        if (st) {
            error("--condition: %s", why(calfpump_model_errmsg(su->m), st));
            if (st == CALFPUMP_E_NOTFOUND)
                fprintf(stderr, PROG ": the conditions are listed by '" PROG " list conditions'\n");
            return st == CALFPUMP_E_NOMEM ? EXIT_RUNTIME : EXIT_USAGE;
        }
    }
    for (size_t i = 0; i < c->nsets; i++) {
        st = calfpump_model_set(su->m, c->sets[i].name, c->sets[i].value);
        if (st) {
            error("--set: %s", why(calfpump_model_errmsg(su->m), st));
            if (st == CALFPUMP_E_NOTFOUND)
                fprintf(stderr, PROG ": the parameters are listed by '" PROG " list params'\n");
            return EXIT_USAGE;
        }
    }
    return 0;
}

/* Set param on every segment whose activity is one of acts (NULL: every
 * segment); returns the number of segments changed, or -1 after an error
 * message. */
static int set_on_segments(calfpump_protocol *p, const char *const *acts, const char *param,
                           double value, const char *what)
{
    size_t n = calfpump_protocol_segment_count(p);
    int count = 0;
    for (size_t i = 0; i < n; i++) {
        const char *a = calfpump_protocol_segment_activity(p, i);
        int match = acts == NULL;
        for (size_t k = 0; acts && acts[k] && !match; k++)
            match = a && strcmp(a, acts[k]) == 0;
        if (match) {
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

/* "protocol 'avp'" or "the protocol of 'leg.cfp'" */
static void protocol_title(const run_config *c, const setup *su, char *buf, size_t size)
{
    if (su->protocol_from_file)
        snprintf(buf, size, "the protocol of '%s'", c->model_file);
    else
        snprintf(buf, size, "protocol '%s'", c->protocol);
}

static int build_protocol(const run_config *c, setup *su)
{
    static const char *const walking[] = {"walk", "run", NULL};
    static const char *const cycling[] = {"cycle", NULL};
    char title[512];
    int st, k;
    if (!c->protocol_given && su->fp && calfpump_protocol_segment_count(su->fp) > 0) {
        su->p = su->fp;
        su->protocol_from_file = 1;
    } else if ((st = calfpump_protocol_new_named(&su->p, c->protocol)) != CALFPUMP_OK) {
        su->p = NULL;
        if (st == CALFPUMP_E_NOTFOUND) {
            char names[256];
            protocol_names(names, sizeof names);
            error("--protocol: unknown protocol '%s' (known: %s)", c->protocol, names);
            return EXIT_USAGE;
        }
        error("--protocol %s: %s", c->protocol, calfpump_strerror(st));
        return EXIT_RUNTIME;
    }
    protocol_title(c, su, title, sizeof title);
    if (c->has_speed) {
        if ((k = set_on_segments(su->p, walking, "speed", c->speed, "--speed")) < 0)
            return EXIT_USAGE;
        if (k == 0)
            warning("--speed has no effect: %s has no walk or run segment", title);
    }
    if (c->has_rpm) {
        if ((k = set_on_segments(su->p, cycling, "rpm", c->rpm, "--rpm")) < 0)
            return EXIT_USAGE;
        if (k == 0)
            warning("--rpm has no effect: %s has no cycle segment", title);
    }
    if (c->flat_foot) {
        if ((k = set_on_segments(su->p, cycling, "toe_pointed", 0.0, "--flat-foot")) < 0)
            return EXIT_USAGE;
        if (k == 0)
            warning("--flat-foot has no effect: %s has no cycle segment", title);
    }
    if (c->has_stocking && set_on_segments(su->p, NULL, "stocking", c->stocking, "--stocking") < 0)
        return EXIT_USAGE;
    if (c->has_ipc && set_on_segments(su->p, NULL, "ipc_pressure", c->ipc, "--ipc") < 0)
        return EXIT_USAGE;
    return 0;
}

static void override_run_option(run_settings *rs, const char *name, int given, double v)
{
    if (!given)
        return;
    for (int k = 0; k < N_RUN_OPTS; k++)
        if (strcmp(run_opt_names[k], name) == 0) {
            rs->v[k] = v;
            rs->src[k] = 2;
        }
}

static void resolve_run_settings(const run_config *c, setup *su)
{
    run_settings *rs = &su->rs;
    memset(rs, 0, sizeof *rs);
    if (su->fp) {
        rs->integrator = calfpump_protocol_run_integrator(su->fp);
        rs->integrator_from_file = rs->integrator != NULL;
        for (int k = 0; k < N_RUN_OPTS; k++)
            if (calfpump_protocol_run_option(su->fp, run_opt_names[k], &rs->v[k]) == CALFPUMP_OK)
                rs->src[k] = 1;
    }
    if (c->integrator) {
        rs->integrator = c->integrator;
        rs->integrator_from_file = 0;
    }
    override_run_option(rs, "output_interval", c->has_output_interval, c->output_interval);
    override_run_option(rs, "rtol", c->has_rtol, c->rtol);
    override_run_option(rs, "atol", c->has_atol, c->atol);
    override_run_option(rs, "h", c->has_step, c->step);
}

/* Build the model, the protocol and the run settings of c. */
static int build_setup(const run_config *c, setup *su)
{
    int rc;
    memset(su, 0, sizeof *su);
    if ((rc = build_model(c, su)) || (rc = build_protocol(c, su))) {
        setup_free(su);
        return rc;
    }
    resolve_run_settings(c, su);
    return 0;
}

static const char *effective_integrator(const setup *su)
{
    return su->rs.integrator ? su->rs.integrator : "dopri5";
}

/* The command-line option that sets run option opt. */
static const char *cli_option_of(const char *opt)
{
    return strcmp(opt, "h") == 0                 ? "--step"
           : strcmp(opt, "output_interval") == 0 ? "--output-interval"
           : strcmp(opt, "rtol") == 0            ? "--rtol"
                                                 : "--atol";
}

/* Choose the integrator and set the options. */
static int configure_sim(const run_config *c, const setup *su, calfpump_sim *s)
{
    const char *name = effective_integrator(su);
    int st;
#ifdef CALFPUMP_HAVE_CVODE
    if (strcmp(name, calfpump_cvode_integrator()->name) == 0)
        st = calfpump_sim_set_integrator_ops(s, calfpump_cvode_integrator());
    else
#endif
        st = calfpump_sim_set_integrator(s, name);
    if (st) {
        if (su->rs.integrator_from_file)
            error("%s: [run] integrator: %s", c->model_file, why(calfpump_sim_errmsg(s), st));
        else
            error("--integrator: %s", why(calfpump_sim_errmsg(s), st));
        if (st == CALFPUMP_E_NOTFOUND)
            fprintf(stderr, PROG ": the integrators are listed by '" PROG " list integrators'\n");
        return st == CALFPUMP_E_NOMEM ? EXIT_RUNTIME : EXIT_USAGE;
    }
    for (int k = 0; k < N_RUN_OPTS; k++) {
        if (!su->rs.src[k])
            continue;
        st = calfpump_sim_set_option(s, run_opt_names[k], su->rs.v[k]);
        if (st) {
            if (su->rs.src[k] == 1)
                error("%s: [run] %s: %s", c->model_file, run_opt_names[k],
                      why(calfpump_sim_errmsg(s), st));
            else
                error("%s: %s", cli_option_of(run_opt_names[k]), why(calfpump_sim_errmsg(s), st));
            return EXIT_USAGE;
        }
    }
    return 0;
}

static int make_sim(const run_config *c, const setup *su, calfpump_sim **out)
{
    int st = calfpump_sim_new(out, su->m, su->p), rc;
    if (st) {
        const char *msg = calfpump_model_errmsg(su->m);
        if (!*msg)
            msg = calfpump_protocol_errmsg(su->p);
        error("cannot set up the simulation: %s", why(msg, st));
        *out = NULL;
        return st == CALFPUMP_E_NOMEM ? EXIT_RUNTIME : EXIT_USAGE;
    }
    if ((rc = configure_sim(c, su, *out))) {
        calfpump_sim_free(*out);
        *out = NULL;
    }
    return rc;
}

/* ------------------------------------------------------------------ */
/* Integration with an optional progress indicator */

#define PROGRESS_CHUNKS 20  /* 5 % each */

static void progress_show(const char *what, double t, double t_end)
{
    double frac = t_end > 0 ? t / t_end : 1.0;
    fprintf(stderr, "\r%s[%3d%%] t = %.1f s / %.1f s", what, (int)floor(100.0 * frac + 1e-9), t,
            t_end);
    fflush(stderr);
}

static void progress_clear(void)
{
    fprintf(stderr, "\r%*s\r", 100, "");
    fflush(stderr);
}

/* what: a prefix of the progress line ("" or "gsv-reflux: "). */
static int integrate(calfpump_sim *s, int progress, const char *what)
{
    double t_end = calfpump_sim_end_time(s);
    int st = CALFPUMP_OK;
    if (!progress)
        return calfpump_sim_run(s);
    progress_show(what, 0.0, t_end);
    for (int k = 1; k <= PROGRESS_CHUNKS && st == CALFPUMP_OK; k++) {
        double target = k == PROGRESS_CHUNKS ? t_end : t_end * k / PROGRESS_CHUNKS;
        st = calfpump_sim_advance(s, target);
        if (st == CALFPUMP_OK)
            progress_show(what, calfpump_sim_time(s), t_end);
    }
    progress_clear();
    return st;
}

/* ------------------------------------------------------------------ */
/* Metrics */

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

/* Muscle work the AVP follows: anything but still and the calf squeeze
 * (as the library's metrics). */
static int is_exercise(const char *a)
{
    return strcmp(a, "still") != 0 && strcmp(a, "squeeze") != 0;
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

/* The calf muscle sinuses: the compartment "calf_sinuses", else the first
 * intramuscular compartment of the calf; NULL if none. */
static const char *sinus_compartment(const calfpump_model *m)
{
    size_t n = calfpump_model_compartment_count(m);
    for (size_t i = 0; i < n; i++) {
        const char *name = calfpump_model_compartment_name(m, i);
        if (name && strcmp(name, "calf_sinuses") == 0)
            return name;
    }
    for (size_t i = 0; i < n; i++) {
        const char *r = calfpump_model_compartment_region(m, i);
        const char *l = calfpump_model_compartment_layer(m, i);
        if (r && l && strcmp(r, "calf") == 0 && strcmp(l, "intramuscular") == 0)
            return calfpump_model_compartment_name(m, i);
    }
    return NULL;
}

/* Count the valves whose reflux flag is set; names (if not NULL) gets
 * their names.  Returns 1, 0 if no flag is available, -1 on failure. */
static int flagged_valves(calfpump_sim *s, double *count, strbuf *names)
{
    size_t n = calfpump_sim_metric_count(s);
    int any = 0;
    *count = 0;
    for (size_t i = 0; i < n; i++) {
        const char *name = calfpump_sim_metric_name(s, i);
        size_t len;
        double flag;
        int r;
        if (!name || strncmp(name, "reflux.", 7) != 0)
            continue;
        len = strlen(name);
        if (len < 12 || strcmp(name + len - 5, ".flag") != 0)
            continue;
        if ((r = get_metric(s, name, &flag, NULL, 0)) < 0)
            return -1;
        if (r == 0)
            continue;
        any = 1;
        if (flag >= 0.5) {
            if (names)
                sb_printf(names, "%s%.*s", *count > 0 ? ", " : "", (int)(len - 12), name + 7);
            *count += 1;
        }
    }
    return any;
}

/* ------------------------------------------------------------------ */
/* run: the report */

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

typedef struct {
    const char *metric, *label, *unit;
    int prec;
    double limit;   /* normal limit, NaN if none */
    int upper;      /* 1: normal below the limit, 0: above */
} metric_row;

/* Print rows of metrics; a metric that is not available is shown as
 * "n/a" with the reason (once per reason).  Returns 0 or -1. */
static int print_metric_rows(calfpump_sim *s, const metric_row *rows, size_t n)
{
    char last[600] = "";
    for (size_t i = 0; i < n; i++) {
        double v;
        char msg[600], note[80];
        int r = get_metric(s, rows[i].metric, &v, msg, sizeof msg);
        if (r < 0)
            return -1;
        if (r == 0) {
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
    return 0;
}

static int report_apg(calfpump_sim *s)
{
    static const metric_row rows[] = {
        {"apg.vv", "VV   venous volume", "mL", 1, NAN, 0},
        {"apg.vfi", "VFI  venous filling index", "mL/s", 2, 2.0, 1},
        {"apg.ev", "EV   ejected volume", "mL", 1, NAN, 0},
        {"apg.ef", "EF   ejection fraction", "%", 1, 60.0, 0},
        {"apg.rv", "RV   residual volume", "mL", 1, NAN, 0},
        {"apg.rvf", "RVF  residual volume fraction", "%", 1, 35.0, 1},
    };
    double vv;
    int r;
    if ((r = get_metric(s, "apg.vv", &vv, NULL, 0)) <= 0)
        return r;
    printf("\nAir plethysmography (calf volume; normal limits after Christopoulos)\n");
    return print_metric_rows(s, rows, sizeof rows / sizeof rows[0]) ? -1 : 1;
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

static int report_calf(calfpump_sim *s, const calfpump_model *m)
{
    const char *sinus = sinus_compartment(m);
    char residence[160];
    metric_row rows[] = {
        {"ejection.calf", "ejection per contraction", "mL", 2, NAN, 0},
        {"perfusion.calf", "calf muscle perfusion", "mL/s", 2, NAN, 0},
        {residence, "calf sinus residence time", "s", 1, NAN, 0},
    };
    snprintf(residence, sizeof residence, "stasis.%s.residence", sinus ? sinus : "");
    printf("\nCalf muscle pump\n");
    return print_metric_rows(s, rows, sinus ? 3 : 2) ? -1 : 1;
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

/* The model of a configuration in words ("leg.cfp (9 compartments, ...)"). */
static void describe_model_source(const run_config *c, const setup *su, strbuf *b)
{
    if (su->model_from_file)
        sb_printf(b, "%s (%zu compartments, %zu connections)", c->model_file,
                  calfpump_model_compartment_count(su->m),
                  calfpump_model_connection_count(su->m));
    else if (c->model_file)
        sb_printf(b, "default leg (%s has no compartments; its global parameters apply)",
                  c->model_file);
    else
        sb_printf(b, "default leg");
}

static int report(calfpump_sim *s, const run_config *c, const setup *su)
{
    char desc[2048], text[1200];
    const calfpump_model *m = su->m;
    const calfpump_protocol *p = su->p;
    const char *site = avp_site(m);
    strbuf b = {text, sizeof text, 0};
    int bad = 0;

    printf("calfpump %s: calf muscle pump simulation\n\n", calfpump_version_string());
    describe_protocol(p, desc, sizeof desc);
    if (su->protocol_from_file)
        printf("  %-12sfrom %s, %g s\n", "Protocol:", c->model_file, calfpump_protocol_duration(p));
    else
        printf("  %-12s%s, %g s\n", "Protocol:", c->protocol, calfpump_protocol_duration(p));
    printf("  %-12s", "Segments:");
    print_wrapped(stdout, desc, 14, 14);
    if (c->model_file) {
        text[0] = '\0';
        describe_model_source(c, su, &b);
        printf("  %-12s", "Model:");
        print_wrapped(stdout, text, 14, 14);
        b.len = 0;
    }
    text[0] = '\0';
    if (c->nconditions == 0)
        sb_printf(&b, "%s", su->model_from_file ? "as in the model file"
                                                 : "default leg (every valve competent)");
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
    printf("  %-12s%s%s\n", "Integrator:", effective_integrator(su),
           su->rs.integrator_from_file ? " (from the model file)" : "");
    printf("  %-12s%.1f s\n", "Simulated:", calfpump_sim_time(s));
    printf("  %-12s%s\n", "AVP site:", site ? site : "none (no superficial foot compartment)");

    if (calfpump_sim_trace_rows(s) < 2)
        printf("\nOnly %zu trace row was recorded: too few for clinical measures (use a\n"
               "smaller --output-interval).\n", calfpump_sim_trace_rows(s));
    bad |= report_avp(s, p, site) < 0;
    bad |= report_apg(s) < 0;
    bad |= report_return(s) < 0;
    bad |= report_calf(s, m) < 0;
    bad |= report_reflux(s, m) < 0;
    bad |= report_solver(s, effective_integrator(su)) < 0;
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

/* ------------------------------------------------------------------ */
/* run */

static int cmd_run(int argc, char **argv)
{
    run_config c;
    setup su;
    calfpump_sim *s = NULL;
    int rc, st, csv_failed = 0;
    char csv_msg[600] = "";

    run_config_init(&c);
    memset(&su, 0, sizeof su);
    rc = parse_args(C_RUN, argc, argv, &c);
    if (rc == 0 && c.help) {
        usage_run(stdout);
        goto done;
    }
    if (rc == 0)
        rc = take_model_argument("run", &c);
    if (rc == 0)
        rc = build_setup(&c, &su);
    if (rc == 0)
        rc = make_sim(&c, &su, &s);
    if (rc)
        goto done;
    st = integrate(s, !c.quiet && isatty(STDERR_FILENO), "");
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
        if (report(s, &c, &su))
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
    setup_free(&su);
    run_config_free(&c);
    return rc;
}

/* ------------------------------------------------------------------ */
/* compare */

/* The rows of the comparison table. */
enum { ROW_SINUS = 11, ROW_FLAGGED = 12, N_CMP_ROWS = 13 };
static const struct {
    const char *key;     /* name in --metrics output */
    const char *label;   /* with the unit */
    int prec;
} cmp_rows[N_CMP_ROWS] = {
    {"avp.rest", "resting pressure (mmHg)", 1},
    {"avp.exercise", "exercise pressure (mmHg)", 1},
    {"avp.fall", "fall (mmHg)", 1},
    {"avp.rt90", "RT90 (s)", 1},
    {"apg.vv", "VV venous volume (mL)", 1},
    {"apg.vfi", "VFI venous filling index (mL/s)", 2},
    {"apg.ef", "EF ejection fraction (%)", 1},
    {"apg.rvf", "RVF residual volume fraction (%)", 1},
    {"return.mean", "venous return (mL/s)", 2},
    {"ejection.calf", "calf ejection per contraction (mL)", 2},
    {"perfusion.calf", "calf perfusion (mL/s)", 2},
    {"sinus.residence", "calf sinus residence time (s)", 1},
    {"reflux.flagged", "flagged valves", 0},
};

typedef struct {
    run_config c;
    setup su;
    const char *label;
    const char *spec;          /* NULL for the base */
    double v[N_CMP_ROWS];      /* NaN: not available */
    char flagged[512];
} column;

/* Collect the table values of a finished simulation.  Returns 0 or -1. */
static int collect(calfpump_sim *s, column *col)
{
    strbuf names = {col->flagged, sizeof col->flagged, 0};
    col->flagged[0] = '\0';
    for (int i = 0; i < N_CMP_ROWS; i++) {
        char name[160];
        int r;
        col->v[i] = NAN;
        if (i == ROW_FLAGGED) {
            double count;
            if ((r = flagged_valves(s, &count, &names)) < 0)
                return -1;
            if (r > 0)
                col->v[i] = count;
            continue;
        }
        if (i == ROW_SINUS) {
            const char *sinus = sinus_compartment(col->su.m);
            if (!sinus)
                continue;
            snprintf(name, sizeof name, "stasis.%s.residence", sinus);
        } else {
            snprintf(name, sizeof name, "%s", cmp_rows[i].key);
        }
        if ((r = get_metric(s, name, &col->v[i], NULL, 0)) < 0)
            return -1;
        if (r == 0)
            col->v[i] = NAN;
    }
    return 0;
}

/* The label of the base column. */
static int base_label(column *col)
{
    const run_config *c = &col->c;
    size_t size = 16;
    char *buf;
    strbuf b;
    if (c->label) {
        col->label = c->label;
        return 0;
    }
    for (size_t i = 0; i < c->nconditions; i++)
        size += strlen(c->conditions[i]) + 1;
    if (c->model_file)
        size += strlen(c->model_file);
    if (!(buf = malloc(size))) {
        error("out of memory");
        return EXIT_RUNTIME;
    }
    b = (strbuf){buf, size, 0};
    buf[0] = '\0';
    for (size_t i = 0; i < c->nconditions; i++)
        sb_printf(&b, "%s%s", i ? "+" : "", c->conditions[i]);
    if (b.len == 0 && c->model_file) {
        const char *bn = base_name(c->model_file);
        size_t n = strlen(bn);
        if (n > 4 && strcmp(bn + n - 4, ".cfp") == 0)
            n -= 4;
        sb_printf(&b, "%.*s", (int)n, bn);
    }
    if (b.len == 0)
        sb_printf(&b, "%s", c->nsets ? "base" : "healthy");
    col->c.owned_label = buf;
    col->label = buf;
    return 0;
}

/* Apply SPEC to col->c (a copy of the base configuration) and make the
 * column's label. */
static int apply_spec(column *col, const char *spec)
{
    run_config *v = &col->c;
    char *buf, *label, *item;
    strbuf lb;
    int rc;
    if (*spec == '\0') {
        error("--with: the SPEC is empty (expected e.g. condition=gsv-reflux)");
        return EXIT_USAGE;
    }
    if (!(buf = xstrdup(spec)) || !(label = malloc(strlen(spec) + 1))) {
        free(buf);
        return EXIT_RUNTIME;
    }
    v->owned_spec = buf;
    v->owned_label = label;
    lb = (strbuf){label, strlen(spec) + 1, 0};
    label[0] = '\0';
    col->spec = spec;
    col->label = label;
    for (item = buf; item;) {
        char *comma = strchr(item, ','), *eq, shown[96];
        const char *key = item, *val = NULL;
        const opt_spec *o;
        if (comma)
            *comma = '\0';
        if ((eq = strchr(item, '=')) != NULL) {
            *eq = '\0';
            val = eq + 1;
        }
        if (*key == '\0') {
            error("--with '%s': empty item (expected KEY=VALUE items separated by commas)", spec);
            return EXIT_USAGE;
        }
        if (strcmp(key, "label") == 0) {
            if (!val || !*val) {
                error("--with '%s': label= needs a text", spec);
                return EXIT_USAGE;
            }
            col->label = val;
            item = comma ? comma + 1 : NULL;
            continue;
        }
        o = find_long(strcmp(key, "file") == 0 ? "model" : key,
                      strlen(strcmp(key, "file") == 0 ? "model" : key));
        if (!o || !(o->cmds & C_COMPARE) || o->id == OPT_WITH || o->id == OPT_LABEL ||
            o->id == OPT_QUIET || o->id == OPT_METRICS || o->id == OPT_HELP) {
            error("--with '%s': unknown item '%s' (expected condition=NAME, protocol=NAME, "
                  "file=PATH, set=PARAM=VALUE, label=TEXT or another option of run as "
                  "NAME=VALUE)", spec, key);
            return EXIT_USAGE;
        }
        if (o->arg && !val) {
            error("--with '%s': '%s' needs a value (%s=%s)", spec, key, key, o->arg);
            return EXIT_USAGE;
        }
        if (!o->arg && val) {
            error("--with '%s': '%s' takes no value", spec, key);
            return EXIT_USAGE;
        }
        snprintf(shown, sizeof shown, "--with %s", key);
        if ((rc = apply_option(v, o, val, shown)))
            return rc;
        /* The default label: the values. */
        if (lb.len)
            sb_printf(&lb, "+");
        if (o->id == OPT_CONDITION || o->id == OPT_PROTOCOL || o->id == OPT_SET) {
            sb_printf(&lb, "%s", val);
        } else if (o->id == OPT_MODEL) {
            const char *bn = base_name(val);
            size_t n = strlen(bn);
            if (n > 4 && strcmp(bn + n - 4, ".cfp") == 0)
                n -= 4;
            sb_printf(&lb, "%.*s", (int)n, bn);
        } else if (val) {
            sb_printf(&lb, "%s=%s", key, val);
        } else {
            sb_printf(&lb, "%s", key);
        }
        item = comma ? comma + 1 : NULL;
    }
    return 0;
}

/* A configuration in words, for the legend under the table. */
static void describe_column(const column *col, char *buf, size_t size)
{
    const run_config *c = &col->c;
    strbuf b = {buf, size, 0};
    buf[0] = '\0';
    describe_model_source(c, &col->su, &b);
    for (size_t i = 0; i < c->nconditions; i++)
        sb_printf(&b, ", %s", c->conditions[i]);
    for (size_t i = 0; i < c->nsets; i++)
        sb_printf(&b, ", %s = %g", c->sets[i].name, c->sets[i].value);
    if (col->su.protocol_from_file)
        sb_printf(&b, "; protocol of %s", c->model_file);
    else
        sb_printf(&b, "; protocol %s", c->protocol);
    sb_printf(&b, " (%g s)", calfpump_protocol_duration(col->su.p));
    if (c->has_speed)
        sb_printf(&b, ", %g km/h", c->speed);
    if (c->has_rpm)
        sb_printf(&b, ", %g rpm", c->rpm);
    if (c->flat_foot)
        sb_printf(&b, ", flat foot");
    if (c->has_stocking)
        sb_printf(&b, ", stocking class %g", c->stocking);
    if (c->has_ipc)
        sb_printf(&b, ", IPC %g mmHg", c->ipc);
    sb_printf(&b, "; %s", effective_integrator(&col->su));
}

/* A label as one tab-separated field: tabs and line ends become spaces. */
static void print_field(const char *s)
{
    for (; *s; s++)
        putchar(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

static void format_value(char *buf, size_t size, double v, int prec, int exact)
{
    if (isnan(v))
        snprintf(buf, size, "n/a");
    else if (isinf(v))
        snprintf(buf, size, "%s", v > 0 ? "inf" : "-inf");
    else if (exact)
        snprintf(buf, size, "%.9g", v);
    else
        snprintf(buf, size, "%.*f", prec, v);
}

static void print_compare_metrics(const column *cols, size_t n)
{
    printf("metric");
    for (size_t j = 0; j < n; j++) {
        putchar('\t');
        print_field(cols[j].label);
    }
    putchar('\n');
    for (int i = 0; i < N_CMP_ROWS; i++) {
        printf("%s", cmp_rows[i].key);
        for (size_t j = 0; j < n; j++) {
            char v[64];
            format_value(v, sizeof v, cols[j].v[i], 0, i != ROW_FLAGGED);
            printf("\t%s", v);
        }
        putchar('\n');
    }
}

static void print_compare_table(const column *cols, size_t n)
{
    const int lw = 35;
    int any_flagged = 0, kw = 0;
    printf("calfpump %s: calf muscle pump, %zu configurations compared\n\n",
           calfpump_version_string(), n);
    printf("  %-*s", lw, "");
    for (size_t j = 0; j < n; j++) {
        int w = (int)strlen(cols[j].label);
        printf("  %*s", w < 9 ? 9 : w, cols[j].label);
    }
    putchar('\n');
    for (int i = 0; i < N_CMP_ROWS; i++) {
        printf("  %-*s", lw, cmp_rows[i].label);
        for (size_t j = 0; j < n; j++) {
            int w = (int)strlen(cols[j].label);
            char v[64];
            format_value(v, sizeof v, cols[j].v[i], cmp_rows[i].prec, 0);
            printf("  %*s", w < 9 ? 9 : w, v);
        }
        putchar('\n');
    }
    printf("\n  n/a: not defined by the protocol, or not reached (see '" PROG " run').\n");
    for (size_t j = 0; j < n; j++)
        if ((int)strlen(cols[j].label) > kw)
            kw = (int)strlen(cols[j].label);
    printf("\nConfigurations\n");
    for (size_t j = 0; j < n; j++) {
        char desc[1024];
        describe_column(&cols[j], desc, sizeof desc);
        printf("  %-*s  ", kw, cols[j].label);
        print_wrapped(stdout, desc, kw + 4, kw + 4);
    }
    for (size_t j = 0; j < n; j++)
        any_flagged |= cols[j].flagged[0] != '\0';
    if (any_flagged) {
        printf("\nValves with reflux beyond their cut-off\n");
        for (size_t j = 0; j < n; j++)
            if (cols[j].flagged[0]) {
                printf("  %-*s  ", kw, cols[j].label);
                print_wrapped(stdout, cols[j].flagged, kw + 4, kw + 4);
            }
    }
}

static int cmd_compare(int argc, char **argv)
{
    run_config base;
    column *cols = NULL;
    size_t n = 0;
    int rc, progress;

    run_config_init(&base);
    rc = parse_args(C_COMPARE, argc, argv, &base);
    if (rc == 0 && base.help) {
        usage_compare(stdout);
        goto done;
    }
    if (rc == 0)
        rc = take_model_argument("compare", &base);
    if (rc == 0 && base.nwiths == 0) {
        error("compare: nothing to compare: give at least one --with SPEC (see '" PROG
              " compare --help')");
        rc = EXIT_USAGE;
    }
    if (rc)
        goto done;
    if (!(cols = calloc(base.nwiths + 1, sizeof *cols))) {
        error("out of memory");
        rc = EXIT_RUNTIME;
        goto done;
    }
    /* Build every configuration first: a usage error stops before any run. */
    for (size_t j = 0; j <= base.nwiths && rc == 0; j++) {
        column *col = &cols[j];
        n = j + 1; /* freed at the end, even if half built */
        if ((rc = run_config_copy(&col->c, &base)))
            break;
        if (j == 0) {
            col->c.label = base.label;
            rc = base_label(col);
        } else {
            rc = apply_spec(col, base.withs[j - 1]);
        }
        if (rc == 0 && (rc = build_setup(&col->c, &col->su)) != 0 && j > 0)
            fprintf(stderr, PROG ": (in --with '%s')\n", base.withs[j - 1]);
    }
    if (rc)
        goto done;
    progress = !base.quiet && isatty(STDERR_FILENO);
    for (size_t j = 0; j < n; j++) {
        calfpump_sim *s = NULL;
        char what[96];
        int st;
        if ((rc = make_sim(&cols[j].c, &cols[j].su, &s))) {
            if (j > 0)
                fprintf(stderr, PROG ": (in --with '%s')\n", cols[j].spec);
            goto done;
        }
        snprintf(what, sizeof what, "%zu/%zu %.40s ", j + 1, n, cols[j].label);
        st = integrate(s, progress, what);
        if (st) {
            error("%s: simulation failed: %s", cols[j].label, why(calfpump_sim_errmsg(s), st));
            rc = st == CALFPUMP_E_RANGE ? EXIT_USAGE : EXIT_RUNTIME;
        } else if (collect(s, &cols[j])) {
            rc = EXIT_RUNTIME;
        }
        calfpump_sim_free(s);
        if (rc)
            goto done;
    }
    if (base.metrics)
        print_compare_metrics(cols, n);
    else
        print_compare_table(cols, n);
done:
    for (size_t j = 0; j < n; j++) {
        setup_free(&cols[j].su);
        run_config_free(&cols[j].c);
    }
    free(cols);
    run_config_free(&base);
    return rc;
}

/* ------------------------------------------------------------------ */
/* check */

/* Is name an integrator this program can run? */
static int known_integrator(const char *name)
{
    for (size_t i = 0; i < calfpump_integrator_count(); i++)
        if (calfpump_integrator_name(i) && strcmp(calfpump_integrator_name(i), name) == 0)
            return 1;
#ifdef CALFPUMP_HAVE_CVODE
    if (strcmp(name, calfpump_cvode_integrator()->name) == 0)
        return 1;
#endif
    return 0;
}

static int check_file(const char *path)
{
    calfpump_model *m = NULL, *dm = NULL;
    calfpump_protocol *p = NULL;
    calfpump_sim *s = NULL;
    const char *integ;
    size_t nseg;
    int rc, st;
    if ((rc = load_file(path, &m, &p)))
        return rc;
    nseg = p ? calfpump_protocol_segment_count(p) : 0;
    integ = p ? calfpump_protocol_run_integrator(p) : NULL;
    if (integ && !known_integrator(integ)) {
        error("%s: [run] integrator '%s' is unknown (see '" PROG " list integrators')", path,
              integ);
        rc = EXIT_USAGE;
        goto done;
    }
    /* The model and the protocol must make a simulation (a protocol-only
     * file is run with the default leg). */
    if (nseg > 0) {
        const calfpump_model *sm = m;
        if (calfpump_model_compartment_count(m) == 0) {
            if ((st = calfpump_model_new_default(&dm)) != CALFPUMP_OK) {
                error("cannot create the default model: %s", calfpump_strerror(st));
                rc = EXIT_RUNTIME;
                goto done;
            }
            sm = dm;
        }
        if ((st = calfpump_sim_new(&s, sm, p)) != CALFPUMP_OK) {
            const char *msg = calfpump_model_errmsg(sm);
            if (!*msg)
                msg = calfpump_protocol_errmsg(p);
            error("%s: cannot be simulated: %s", path, why(msg, st));
            rc = st == CALFPUMP_E_NOMEM ? EXIT_RUNTIME : EXIT_USAGE;
            goto done;
        }
    }
    printf("%s: OK (%zu compartments, %zu connections, %zu segments, %g s)\n", path,
           calfpump_model_compartment_count(m), calfpump_model_connection_count(m), nseg,
           p ? calfpump_protocol_duration(p) : 0.0);
done:
    calfpump_sim_free(s);
    calfpump_model_free(dm);
    calfpump_protocol_free(p);
    calfpump_model_free(m);
    return rc;
}

static int cmd_check(int argc, char **argv)
{
    int rc = 0, i = 1;
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage_check(stdout);
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "--") == 0)
        i = 2;
    else
        for (int k = 1; k < argc; k++)
            if (argv[k][0] == '-' && argv[k][1] != '\0') {
                error("check: unknown option '%s' (see '" PROG " check --help')", argv[k]);
                return EXIT_USAGE;
            }
    if (i >= argc) {
        error("check: no model file given");
        usage_check(stderr);
        return EXIT_USAGE;
    }
    for (; i < argc; i++) {
        int r = check_file(argv[i]);
        fflush(stdout);
        if (r > rc)
            rc = r;
    }
    return rc;
}

/* ------------------------------------------------------------------ */
/* save */

/* Read a whole file into a NUL-terminated buffer. */
static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0;
    if (!f)
        return NULL;
    for (;;) {
        size_t got;
        if (cap - n < 4096) {
            char *q = realloc(buf, cap + 65536);
            if (!q) {
                free(buf);
                fclose(f);
                errno = ENOMEM;
                return NULL;
            }
            buf = q;
            cap += 65536;
        }
        got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        free(buf);
        fclose(f);
        errno = EIO;
        return NULL;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Replace the [run] section calfpump_model_save() wrote (if any) by the
 * resolved run settings.  Returns 0 or EXIT_RUNTIME after a message. */
static int write_run_section(const char *path, const run_settings *rs)
{
    size_t len = 0, start, end;
    char *text = read_all(path, &len), *hit;
    FILE *f;
    if (!text) {
        error("%s: cannot read back: %s", path, strerror(errno));
        return EXIT_RUNTIME;
    }
    start = end = len;
    for (hit = text; (hit = strstr(hit, "[run]")) != NULL; hit++)
        if ((hit == text || hit[-1] == '\n') && (hit[5] == '\n' || hit[5] == '\0')) {
            start = (size_t)(hit - text);
            for (end = start; end < len; end++)
                if (text[end] == '\n' && text[end + 1] == '[') {
                    end++;
                    break;
                }
            if (start >= 2 && text[start - 1] == '\n' && text[start - 2] == '\n')
                start--; /* the blank line before it */
            break;
        }
    f = fopen(path, "w");
    if (!f) {
        error("%s: cannot open for writing: %s", path, strerror(errno));
        free(text);
        return EXIT_RUNTIME;
    }
    fwrite(text, 1, start, f);
    fwrite(text + end, 1, len - end, f);
    fprintf(f, "\n[run]\n");
    if (rs->integrator)
        fprintf(f, "integrator = %s\n", rs->integrator);
    for (int k = 0; k < N_RUN_OPTS; k++)
        if (rs->src[k]) {
            char num[64];
            format_exact(num, sizeof num, rs->v[k]);
            fprintf(f, "%s = %s\n", run_opt_names[k], num);
        }
    free(text);
    if (ferror(f) | (fclose(f) != 0)) {
        error("%s: error while writing: %s", path, strerror(errno));
        return EXIT_RUNTIME;
    }
    return 0;
}

static int cmd_save(int argc, char **argv)
{
    run_config c;
    setup su;
    calfpump_sim *s = NULL;
    const char *out;
    int rc, st, has_settings;

    run_config_init(&c);
    memset(&su, 0, sizeof su);
    rc = parse_args(C_SAVE, argc, argv, &c);
    if (rc == 0 && c.help) {
        usage_save(stdout);
        goto done;
    }
    if (rc == 0 && c.npos != 1) {
        if (c.npos == 0)
            error("save: no output file given (usage: " PROG " save [OPTION]... FILE)");
        else
            error("save: unexpected argument '%s' (one output file; the model file to start "
                  "from is given with --model)", c.pos[1]);
        rc = EXIT_USAGE;
    }
    if (rc)
        goto done;
    out = c.pos[0];
    if (*out == '\0') {
        error("save: the output file name is empty");
        rc = EXIT_USAGE;
        goto done;
    }
    /* Build and set up a simulation: what is saved must run. */
    if ((rc = build_setup(&c, &su)) || (rc = make_sim(&c, &su, &s)))
        goto done;
    if ((st = calfpump_model_save(su.m, su.p, out)) != CALFPUMP_OK) {
        error("%s", why(calfpump_model_errmsg(su.m), st));
        rc = st == CALFPUMP_E_IO || st == CALFPUMP_E_NOMEM ? EXIT_RUNTIME : EXIT_USAGE;
        goto done;
    }
    has_settings = su.rs.integrator != NULL;
    for (int k = 0; k < N_RUN_OPTS; k++)
        has_settings |= su.rs.src[k] != 0;
    if (has_settings && (rc = write_run_section(out, &su.rs)))
        goto done;
    {
        /* Read it back: the file must load. */
        char err[1024];
        if ((st = calfpump_model_load(NULL, NULL, out, err, sizeof err)) != CALFPUMP_OK) {
            error("internal error: the saved file does not load back: %s", why(err, st));
            rc = EXIT_RUNTIME;
            goto done;
        }
    }
    if (!c.quiet)
        printf("%s: saved (%zu compartments, %zu connections, %zu segments, %g s)\n", out,
               calfpump_model_compartment_count(su.m), calfpump_model_connection_count(su.m),
               calfpump_protocol_segment_count(su.p), calfpump_protocol_duration(su.p));
done:
    calfpump_sim_free(s);
    setup_free(&su);
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
    if (strcmp(cmd, "compare") == 0)
        return finish_stdout(cmd_compare(argc - 1, argv + 1));
    if (strcmp(cmd, "check") == 0)
        return finish_stdout(cmd_check(argc - 1, argv + 1));
    if (strcmp(cmd, "save") == 0)
        return finish_stdout(cmd_save(argc - 1, argv + 1));
    if (strcmp(cmd, "list") == 0)
        return finish_stdout(cmd_list(argc - 1, argv + 1));
    if (cmd[0] == '-')
        error("unknown option '%s' (see '" PROG " --help')", cmd);
    else
        error("unknown command '%s' (commands: run, compare, check, save, list; see '" PROG
              " --help')", cmd);
    return EXIT_USAGE;
}
