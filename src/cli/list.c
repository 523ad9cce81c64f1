/* list.c -- "calfpump list": what the library knows, from its
 * registries: conditions, protocols, activities, postures, integrators,
 * model and segment parameters, run options and metrics. */
#include <string.h>

#include "setup.h"

typedef int (*info_fn)(const char *name, double *lower, double *upper, double *value,
                       const char **unit, const char **description);

/* n names with their descriptions, one entry each. */
static void print_described(size_t n, const char *(*name)(size_t), const char *(*desc)(size_t))
{
    int w = name_width(name, n);
    for (size_t i = 0; i < n; i++)
        if (name(i))
            print_entry(name(i), w, desc(i) ? desc(i) : "");
}

static int list_conditions(void)
{
    printf("Conditions (--condition NAME):\n");
    print_described(calfpump_condition_count(), calfpump_condition_name,
                    calfpump_condition_description);
    return 0;
}

static int list_protocols(void)
{
    size_t n = calfpump_protocol_named_count();
    int w = name_width(calfpump_protocol_named_name, n);
    printf("Protocols (--protocol NAME):\n");
    for (size_t i = 0; i < n; i++) {
        const char *name = calfpump_protocol_named_name(i);
        calfpump_protocol *p = NULL;
        char err[512], text[2048];
        strbuf b = sb_init(text, sizeof text);
        int st;
        if (!name)
            continue;
        if ((st = calfpump_protocol_create_named(&p, name, err, sizeof err))) {
            error("cannot create protocol '%s': %s", name, why(err, st));
            return EXIT_RUNTIME;
        }
        sb_printf(&b, "%s%g s: ", strcmp(name, DEFAULT_PROTOCOL) == 0 ? "(default) " : "",
                  calfpump_protocol_duration(p));
        describe_protocol(p, &b);
        calfpump_protocol_free(p);
        print_entry(name, w, text);
    }
    return 0;
}

static int list_integrators(void)
{
    printf("Integrators (--integrator NAME):\n");
    print_integrators();
    return 0;
}

static void print_postures(void)
{
    print_described(calfpump_posture_count(), calfpump_posture_name,
                    calfpump_posture_description);
}

static int list_postures(void)
{
    printf("Postures (--segment POSTURE:...; [segment] posture = NAME):\n");
    print_postures();
    return 0;
}

/* "DESCRIPTION (POSTURES; PARAM, PARAM)" of activity i. */
static void describe_activity(size_t i, strbuf *b)
{
    size_t np = calfpump_protocol_param_count();
    const char *desc = calfpump_activity_description(i);
    const char *post = calfpump_activity_postures(i);
    size_t len0;
    sb_printf(b, "%s (%s", desc ? desc : "", post ? post : "");
    len0 = b->len;
    for (size_t k = 0; k < np; k++) {
        const char *param = calfpump_protocol_param_name(k);
        if (param && calfpump_activity_uses_param(i, param) == 1)
            sb_printf(b, "%s%s", b->len > len0 ? ", " : "; ", param);
    }
    sb_printf(b, ")");
}

static int list_activities(void)
{
    size_t n = calfpump_activity_count();
    int w = name_width(calfpump_activity_name, n);
    printf("Activities (--segment POSTURE:ACTIVITY:...; [segment] activity = NAME), with\n"
           "their postures and the segment parameters they use:\n");
    for (size_t i = 0; i < n; i++) {
        char text[512];
        strbuf b = sb_init(text, sizeof text);
        if (!calfpump_activity_name(i))
            continue;
        describe_activity(i, &b);
        print_entry(calfpump_activity_name(i), w, text);
    }
    printf("\nPostures:\n");
    print_postures();
    printf("\nEvery segment also takes the parameters that no activity lists (posture\n"
           "and compression: '" PROG " list segment-params').\n");
    return 0;
}

/* A table of names with their default, unit, meaning and bounds:
 * segment parameters or run options. */
static int list_described(const char *title, size_t n, const char *(*name_of)(size_t),
                          info_fn info)
{
    int w = name_width(name_of, n);
    if ((int)strlen(title) + 2 > w)
        w = (int)strlen(title) + 2;
    printf("# %-*s %8s  %-6s %s\n", w - 2, title, "default", "unit", "meaning [bounds]");
    for (size_t i = 0; i < n; i++) {
        const char *name = name_of(i), *unit = "", *desc = "";
        double lo, hi, v;
        char text[512];
        int st;
        if (!name)
            continue;
        if ((st = info(name, &lo, &hi, &v, &unit, &desc)) != CALFPUMP_OK) {
            error("%s '%s': %s", title, name, calfpump_strerror(st));
            return EXIT_RUNTIME;
        }
        snprintf(text, sizeof text, "%s [%g,%g]", desc, lo, hi);
        printf("%-*s %8g  %-6s ", w, name, v, unit);
        print_wrapped(stdout, text, w + 18, w + 18);
    }
    return 0;
}

static int list_segment_params(void)
{
    return list_described("segment parameter", calfpump_protocol_param_count(),
                          calfpump_protocol_param_name, calfpump_protocol_param_info);
}

static int list_run_options(void)
{
    return list_described("run option", calfpump_run_option_count(), calfpump_run_option_name,
                          calfpump_run_option_info);
}

/* Print every parameter of model m with its value, bounds and unit. */
static int print_params(const calfpump_model *m)
{
    size_t n = calfpump_model_param_count(m);
    int w = 0;
    for (size_t i = 0; i < n; i++)
        w = wider(w, calfpump_model_param_name(m, i));
    printf("# %-*s %12s  %-24s %s\n", w - 2, "parameter", "value", "bounds", "unit");
    for (size_t i = 0; i < n; i++) {
        const char *name = calfpump_model_param_name(m, i), *unit = "";
        double v, lo, hi;
        char bounds[64];
        int st = name ? calfpump_model_get(m, name, &v) : CALFPUMP_E_NOMEM;
        if (st == CALFPUMP_OK)
            st = calfpump_model_param_info(m, name, &lo, &hi, &unit);
        if (st != CALFPUMP_OK) {
            error("parameter %zu of %zu: %s", i, n, why(calfpump_model_errmsg(m), st));
            return EXIT_RUNTIME;
        }
        snprintf(bounds, sizeof bounds, "[%g, %g]", lo, hi);
        printf("%-*s %12g  %-24s %s\n", w, name, v, bounds, unit);
    }
    return 0;
}

static int list_params(void)
{
    calfpump_model *m = NULL;
    int st = calfpump_model_new_default(&m), rc;
    if (st != CALFPUMP_OK) {
        error("cannot create the default model: %s", calfpump_strerror(st));
        return EXIT_RUNTIME;
    }
    rc = print_params(m);
    calfpump_model_free(m);
    return rc;
}

/* The metric names of simulation s with their units and meanings. */
static int print_metric_names(calfpump_sim *s)
{
    size_t n = calfpump_sim_metric_count(s);
    int w = 0;
    for (size_t i = 0; i < n; i++)
        w = wider(w, calfpump_sim_metric_name(s, i));
    printf("# %-*s %-6s %s\n", w - 2, "metric", "unit", "meaning");
    for (size_t i = 0; i < n; i++) {
        const char *name = calfpump_sim_metric_name(s, i), *unit = "", *desc = "";
        int st;
        if (!name)
            continue;
        if ((st = calfpump_metric_info(name, &unit, &desc)) != CALFPUMP_OK) {
            error("metric '%s': %s", name, calfpump_strerror(st));
            return EXIT_RUNTIME;
        }
        printf("%-*s %-6s ", w, name, unit);
        print_wrapped(stdout, desc, w + 8, w + 8);
    }
    return 0;
}

/* The trace columns of simulation s (started) with their units. */
static int print_columns(calfpump_sim *s)
{
    size_t n = calfpump_sim_trace_cols(s);
    int w = 0;
    for (size_t j = 0; j < n; j++)
        w = wider(w, calfpump_sim_trace_col_name(s, j));
    printf("# %-*s %s\n", w - 2, "column", "unit");
    for (size_t j = 0; j < n; j++) {
        const char *unit = calfpump_sim_trace_col_unit(s, j);
        printf("%-*s %s\n", w, calfpump_sim_trace_col_name(s, j), unit ? unit : "");
    }
    return 0;
}

/* Call fn with a simulation of the default leg and protocol, started
 * (one output interval integrated) if start. */
static int with_default_sim(int (*fn)(calfpump_sim *s), int start)
{
    run_config c;
    setup su;
    calfpump_sim *s = NULL;
    double dt = 0;
    int rc, st;
    run_config_init(&c);
    if ((rc = build_setup(&c, &su)) == 0 && (rc = make_sim(&c, &su, &s)) == 0) {
        if (start && ((st = calfpump_sim_get_option(s, "output_interval", &dt)) != CALFPUMP_OK ||
                      (st = calfpump_sim_advance(s, dt)) != CALFPUMP_OK)) {
            error("cannot start a simulation: %s", why(calfpump_sim_errmsg(s), st));
            rc = EXIT_RUNTIME;
        }
        if (rc == 0)
            rc = fn(s);
        calfpump_sim_free(s);
    }
    setup_free(&su);
    run_config_free(&c);
    return rc;
}

static int list_metrics(void)
{
    return with_default_sim(print_metric_names, 0);
}

static int list_columns(void)
{
    return with_default_sim(print_columns, 1);
}

/* ------------------------------------------------------------------ */

static const struct {
    const char *name;
    int (*fn)(void);
    int overview; /* listed without a topic */
    const char *help;
} topics[] = {
    {"conditions", list_conditions, 1, "condition presets with their descriptions"},
    {"protocols", list_protocols, 1, "named protocols with their segments"},
    {"integrators", list_integrators, 1, "integrators, built in and plug-ins"},
    {"activities", list_activities, 0, "activities of protocol segments: postures, parameters"},
    {"postures", list_postures, 0, "postures of protocol segments"},
    {"params", list_params, 0, "every parameter of the default model with its value, bounds "
                               "and unit ('parameters' too)"},
    {"segment-params", list_segment_params, 0,
     "parameters of protocol segments: defaults, units, bounds"},
    {"run-options", list_run_options, 0, "run options (--run-option, [run]): defaults, bounds"},
    {"metrics", list_metrics, 0, "metrics of a run (--metrics) with units and meanings"},
    {"columns", list_columns, 0, "columns of the trace (--csv) with their units"},
};
#define N_TOPICS (sizeof topics / sizeof topics[0])

static void usage_list(FILE *f)
{
    fprintf(f, "Usage: " PROG " list [TOPIC]\n"
               "\n"
               "Without TOPIC, list the condition presets, the named protocols and the\n"
               "integrators.  TOPIC is one of:\n");
    for (size_t i = 0; i < N_TOPICS; i++) {
        fprintf(f, "  %-15s ", topics[i].name);
        print_wrapped(f, topics[i].help, 18, 18);
    }
}

static int list_overview(void)
{
    const char *sep = "";
    for (size_t i = 0; i < N_TOPICS; i++) {
        int rc;
        if (!topics[i].overview)
            continue;
        printf("%s", sep);
        if ((rc = topics[i].fn()))
            return rc;
        sep = "\n";
    }
    {
        char text[512];
        strbuf b = sb_init(text, sizeof text);
        sb_printf(&b, "More: " PROG " list TOPIC, with TOPIC one of");
        sep = " ";
        for (size_t i = 0; i < N_TOPICS; i++)
            if (!topics[i].overview) {
                sb_printf(&b, "%s%s", sep, topics[i].name);
                sep = ", ";
            }
        sb_printf(&b, ".  The default leg as a model file: %s", calfpump_default_model_path());
        putchar('\n');
        print_wrapped(stdout, text, 0, 0);
    }
    return 0;
}

int cmd_list(int argc, char **argv)
{
    if (argc > 2) {
        error("list: unexpected argument '%s'", argv[2]);
        usage_list(stderr);
        return EXIT_USAGE;
    }
    if (argc == 1)
        return list_overview();
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage_list(stdout);
        return 0;
    }
    if (strcmp(argv[1], "parameters") == 0)
        return list_params();
    for (size_t i = 0; i < N_TOPICS; i++)
        if (strcmp(argv[1], topics[i].name) == 0)
            return topics[i].fn();
    error("list: unknown topic '%s' (see '" PROG " list --help')", argv[1]);
    return EXIT_USAGE;
}
