/* compare.c -- "calfpump compare": simulate a base configuration and
 * variants of it (--with SPEC), print one table with a column each. */
#define _POSIX_C_SOURCE 200809L /* isatty() with -std=c99 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render.h"

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
               "commas, so --segment cannot be given in a SPEC.  Without label=, the\n"
               "header is made of the values.\n"
               "\n"
               "Options:\n");
    print_options(f, C_COMPARE, 0);
    fprintf(f, "\n"
               "Exit status: 0 success, 1 runtime failure, 2 usage error.\n");
}

/* ------------------------------------------------------------------ */
/* The rows: the library's key measures (calfpump_metric_key()). */

#define MAX_ROWS 64

typedef struct {
    run_config c;
    setup su;
    const char *label;
    const char *spec;    /* NULL for the base */
    double v[MAX_ROWS];  /* NaN: not available */
    char flagged[512];   /* valves with reflux */
} column;

/* Read metric name into *v (NaN if the run does not define it).
 * Returns 0 or -1 after a message. */
static int read_metric(calfpump_sim *s, const char *name, double *v)
{
    int st = calfpump_sim_metric(s, name, v);
    if (st == CALFPUMP_E_STATE)
        *v = NAN;
    else if (st) {
        error("metric '%s': %s", name, why(calfpump_sim_errmsg(s), st));
        return -1;
    }
    return 0;
}

static size_t n_rows(void)
{
    size_t n = calfpump_metric_key_count();
    return n < MAX_ROWS ? n : MAX_ROWS;
}

/* Collect the table values of a finished simulation.  Returns 0 or -1. */
static int collect(calfpump_sim *s, column *col)
{
    for (size_t i = 0; i < n_rows(); i++) {
        const char *name = "";
        calfpump_metric_key(i, &name, NULL, NULL);
        if (read_metric(s, name, &col->v[i]))
            return -1;
    }
    if (calfpump_sim_flagged_valves(s, col->flagged, sizeof col->flagged, NULL) != CALFPUMP_OK)
        col->flagged[0] = '\0';
    return 0;
}

/* ------------------------------------------------------------------ */
/* The configurations */

/* The label of the base column. */
static int base_label(column *col)
{
    const run_config *c = &col->c;
    size_t size = 16;
    strbuf b;
    if (c->label) {
        col->label = c->label;
        return 0;
    }
    for (size_t i = 0; i < c->conditions.n; i++)
        size += strlen(c->conditions.v[i]) + 1;
    if (c->model_file)
        size += strlen(c->model_file);
    if (!(col->c.owned_label = malloc(size))) {
        error("out of memory");
        return EXIT_RUNTIME;
    }
    b = sb_init(col->c.owned_label, size);
    for (size_t i = 0; i < c->conditions.n; i++)
        sb_printf(&b, "%s%s", i ? "+" : "", c->conditions.v[i]);
    if (b.len == 0 && c->model_file) {
        const char *name;
        int len;
        short_file_name(c->model_file, &name, &len);
        sb_printf(&b, "%.*s", len, name);
    }
    if (b.len == 0)
        sb_printf(&b, "%s", c->sets.n ? "base" : "healthy");
    col->label = col->c.owned_label;
    return 0;
}

/* The option of a --with item key, or NULL after a message. */
static const opt_spec *spec_option(const char *spec, const char *key, const char *val)
{
    const opt_spec *o = find_option(strcmp(key, "file") == 0 ? "model" : key);
    if (!o || !(o->cmds & C_COMPARE) || o->kind == OPT_WITH || o->kind == OPT_LABEL ||
        o->kind == OPT_QUIET || o->kind == OPT_METRICS || o->kind == OPT_HELP ||
        o->kind == OPT_PROGRESS || o->kind == OPT_NO_PROGRESS ||
        o->kind == OPT_SEGMENT) {
        error("--with '%s': unknown item '%s' (expected condition=NAME, protocol=NAME, "
              "file=PATH, set=PARAM=VALUE, label=TEXT or another option of run as "
              "NAME=VALUE)", spec, key);
        return NULL;
    }
    if (o->arg && !val) {
        error("--with '%s': '%s' needs a value (%s=%s)", spec, key, key, o->arg);
        return NULL;
    }
    if (!o->arg && val) {
        error("--with '%s': '%s' takes no value", spec, key);
        return NULL;
    }
    return o;
}

/* Add item key[=val] to the default label of a column. */
static void label_item(strbuf *lb, const opt_spec *o, const char *key, const char *val)
{
    if (lb->len)
        sb_printf(lb, "+");
    if (o->kind == OPT_MODEL) {
        const char *name;
        int len;
        short_file_name(val, &name, &len);
        sb_printf(lb, "%.*s", len, name);
    } else if (o->kind == OPT_CONDITION || o->kind == OPT_PROTOCOL || o->kind == OPT_SET ||
               o->kind == OPT_ANY_RUN_OPTION) {
        sb_printf(lb, "%s", val);
    } else if (val) {
        sb_printf(lb, "%s=%s", key, val);
    } else {
        sb_printf(lb, "%s", key);
    }
}

/* Apply one item "key[=value]" (changed in place) of spec to col. */
static int apply_item(column *col, const char *spec, char *item, strbuf *lb)
{
    char *eq = strchr(item, '=');
    const char *val = eq ? eq + 1 : NULL;
    const opt_spec *o;
    if (eq)
        *eq = '\0';
    if (*item == '\0') {
        error("--with '%s': empty item (expected KEY=VALUE items separated by commas)", spec);
        return EXIT_USAGE;
    }
    if (strcmp(item, "label") == 0) {
        if (!val || !*val) {
            error("--with '%s': label= needs a text", spec);
            return EXIT_USAGE;
        }
        col->label = val;
        return 0;
    }
    if (!(o = spec_option(spec, item, val)))
        return EXIT_USAGE;
    if (o->kind == OPT_PROTOCOL) /* instead of the base's segments too */
        str_list_free(&col->c.segments);
    label_item(lb, o, item, val);
    return apply_option(&col->c, o, val);
}

/* Apply SPEC to col->c (a copy of the base configuration) and make the
 * column's label. */
static int apply_spec(column *col, const char *spec)
{
    char *buf, *label;
    strbuf lb;
    int rc = 0;
    if (*spec == '\0') {
        error("--with: the SPEC is empty (expected e.g. condition=gsv-reflux)");
        return EXIT_USAGE;
    }
    if (!(buf = col->c.owned_spec = xstrdup(spec)) ||
        !(label = col->c.owned_label = xstrdup(spec)))
        return EXIT_RUNTIME;
    lb = sb_init(label, strlen(spec) + 1);
    col->spec = spec;
    col->label = label;
    for (char *item = buf; item && !rc;) {
        char *comma = strchr(item, ',');
        if (comma)
            *comma = '\0';
        rc = apply_item(col, spec, item, &lb);
        item = comma ? comma + 1 : NULL;
    }
    return rc;
}

/* Build every configuration first: a usage error stops before any run.
 * *n receives the number of columns to free. */
static int build_columns(const run_config *base, column *cols, size_t *n)
{
    int rc = 0;
    for (size_t j = 0; j <= base->withs.n && rc == 0; j++) {
        column *col = &cols[j];
        *n = j + 1;
        if ((rc = run_config_copy(&col->c, base)))
            break;
        if (j == 0) {
            col->c.label = base->label;
            rc = base_label(col);
        } else {
            rc = apply_spec(col, base->withs.v[j - 1]);
        }
        if (rc == 0 && (rc = build_setup(&col->c, &col->su)) != 0 && j > 0)
            hint("in --with '%s'", base->withs.v[j - 1]);
    }
    return rc;
}

/* Simulate column j of n and collect its values. */
static int run_column(column *col, size_t j, size_t n, int progress)
{
    calfpump_sim *s = NULL;
    char what[96];
    int rc, st;
    if ((rc = make_sim(&col->c, &col->su, &s))) {
        if (col->spec)
            hint("in --with '%s'", col->spec);
        return rc;
    }
    snprintf(what, sizeof what, "%zu/%zu %.40s ", j + 1, n, col->label);
    if ((st = integrate(s, progress, what)) != CALFPUMP_OK) {
        error("%s: simulation failed: %s", col->label, why(calfpump_sim_errmsg(s), st));
        rc = st == CALFPUMP_E_RANGE ? EXIT_USAGE : EXIT_RUNTIME;
    } else if (collect(s, col)) {
        rc = EXIT_RUNTIME;
    }
    calfpump_sim_free(s);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Output */

/* A configuration in words, for the legend under the table. */
static void describe_column(const column *col, strbuf *b)
{
    const run_config *c = &col->c;
    describe_model_source(c, &col->su, b);
    for (size_t i = 0; i < c->conditions.n; i++)
        sb_printf(b, ", %s", c->conditions.v[i]);
    for (size_t i = 0; i < c->sets.n; i++)
        sb_printf(b, ", %s = %g", c->sets.v[i].name, c->sets.v[i].value);
    sb_printf(b, "; protocol ");
    describe_protocol_source(c, &col->su, b);
    sb_printf(b, " (%g s)", calfpump_protocol_duration(col->su.p));
    for (size_t i = 0; i < c->seg_params.n; i++) {
        const char *unit = NULL;
        calfpump_protocol_param_info(c->seg_params.v[i].name, NULL, NULL, NULL, &unit, NULL);
        sb_printf(b, ", %s = ", c->seg_params.v[i].name);
        format_quantity(b, c->seg_params.v[i].value, unit);
    }
    sb_printf(b, "; %s", col->su.integrator);
}

/* The legends under the table: the configurations, the valves with reflux. */
static void print_legend(const column *cols, size_t n)
{
    int kw = 0, any_flagged = 0;
    for (size_t j = 0; j < n; j++) {
        kw = wider(kw, cols[j].label);
        any_flagged |= cols[j].flagged[0] != '\0';
    }
    printf("\nConfigurations\n");
    for (size_t j = 0; j < n; j++) {
        char desc[1024];
        strbuf b = sb_init(desc, sizeof desc);
        describe_column(&cols[j], &b);
        print_entry(cols[j].label, kw, desc);
    }
    if (!any_flagged)
        return;
    printf("\nValves with reflux beyond their cut-off\n");
    for (size_t j = 0; j < n; j++)
        if (cols[j].flagged[0])
            print_entry(cols[j].label, kw, cols[j].flagged);
}

/* Print the table of the n columns (tab-separated values with tsv). */
static int print_comparison(const column *cols, size_t n, int tsv)
{
    const char *keys[MAX_ROWS], *labels[MAX_ROWS], **heads = malloc(n * sizeof *heads);
    char text[MAX_ROWS][96];
    int prec[MAX_ROWS];
    double *v = malloc(MAX_ROWS * n * sizeof *v);
    table t = {n_rows(), n, keys, labels, prec, heads, v};
    if (!heads || !v) {
        free(heads);
        free(v);
        error("out of memory");
        return EXIT_RUNTIME;
    }
    for (size_t i = 0; i < t.nrows; i++) {
        const char *unit = "", *label = "";
        calfpump_metric_key(i, &keys[i], &label, &prec[i]);
        calfpump_metric_info(keys[i], &unit, NULL);
        if (strcmp(unit, "1") == 0)
            unit = "";
        snprintf(text[i], sizeof text[i], *unit ? "%s (%s)" : "%s", label, unit);
        labels[i] = text[i];
        for (size_t j = 0; j < n; j++)
            v[i * n + j] = cols[j].v[i];
    }
    for (size_t j = 0; j < n; j++)
        heads[j] = cols[j].label;
    if (tsv) {
        render_tsv(&t);
    } else {
        printf("calfpump %s: calf muscle pump, %zu configurations compared\n\n",
               calfpump_version_string(), n);
        render_table(&t);
        printf("\n  n/a: not defined by the protocol, or not reached (see '" PROG " run').\n");
        print_legend(cols, n);
    }
    free(heads);
    free(v);
    return 0;
}

/* Build, run and print the comparison of base and its variants. */
static int compare(const run_config *base)
{
    size_t n = 0;
    column *cols = calloc(base->withs.n + 1, sizeof *cols);
    int rc, progress = show_progress(base);
    if (!cols) {
        error("out of memory");
        return EXIT_RUNTIME;
    }
    rc = build_columns(base, cols, &n);
    for (size_t j = 0; j < n && rc == 0; j++)
        rc = run_column(&cols[j], j, n, progress);
    if (rc == 0)
        rc = print_comparison(cols, n, base->metrics);
    for (size_t j = 0; j < n; j++) {
        setup_free(&cols[j].su);
        run_config_free(&cols[j].c);
    }
    free(cols);
    return rc;
}

int cmd_compare(int argc, char **argv)
{
    run_config base;
    int rc;
    run_config_init(&base);
    rc = parse_args(C_COMPARE, argc, argv, &base);
    if (rc == 0 && base.help) {
        usage_compare(stdout);
    } else if (rc == 0 && (rc = take_model_argument("compare", &base)) == 0) {
        if (base.withs.n == 0) {
            error("compare: nothing to compare: give at least one --with SPEC (see '" PROG
                  " compare --help')");
            rc = EXIT_USAGE;
        } else {
            rc = compare(&base);
        }
    }
    run_config_free(&base);
    return rc;
}
