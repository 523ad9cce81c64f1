/* render.c -- the output of run and compare: the configuration block,
 * the library's clinical summary (calfpump_sim_summary()), --metrics and
 * the comparison tables. */
#include <math.h>
#include <string.h>

#include "render.h"

/* Width of the label column of the summary. */
#define LABEL_W 34
/* Indent of a note that does not fit after its row. */
#define NOTE_INDENT 7

/* ------------------------------------------------------------------ */
/* The configuration */

/* "  Title:      " then the wrapped text. */
static void header_line(const char *title, const char *text)
{
    printf("  %-12s", title);
    print_wrapped(stdout, text, 14, 14);
}

static void header_model(const run_config *c, const setup *su)
{
    char text[1200];
    strbuf b = sb_init(text, sizeof text);
    if (c->model_file) {
        describe_model_source(c, su, &b);
        header_line("Model:", text);
        b = sb_init(text, sizeof text);
    }
    if (c->conditions.n == 0)
        sb_printf(&b, "%s", su->model_from_file ? "as in the model file"
                                                 : "default leg (every valve competent)");
    for (size_t i = 0; i < c->conditions.n; i++)
        sb_printf(&b, "%s%s", i ? ", then " : "", c->conditions.v[i]);
    header_line("Condition:", text);
    if (c->sets.n) {
        b = sb_init(text, sizeof text);
        for (size_t i = 0; i < c->sets.n; i++)
            sb_printf(&b, "%s%s = %g", sb_sep(&b), c->sets.v[i].name, c->sets.v[i].value);
        header_line("Parameters:", text);
    }
}

void render_header(const run_config *c, const setup *su, const calfpump_sim *s)
{
    char text[2048];
    strbuf b = sb_init(text, sizeof text);
    printf("calfpump %s: calf muscle pump simulation\n\n", calfpump_version_string());
    describe_protocol_source(c, su, &b);
    sb_printf(&b, ", %g s", calfpump_protocol_duration(su->p));
    header_line("Protocol:", text);
    b = sb_init(text, sizeof text);
    describe_protocol(su->p, &b);
    header_line("Segments:", text);
    header_model(c, su);
    printf("  %-12s%s%s\n", "Integrator:", su->integrator,
           su->integrator_from_file ? " (from the model file)" : "");
    printf("  %-12s%.1f s\n", "Simulated:", calfpump_sim_time(s));
}

/* ------------------------------------------------------------------ */
/* The clinical summary */

/* A row with a label: "  LABEL  TEXT UNIT  NOTE" (no unit for a
 * dimensionless value or one that is not a number: "n/a"); a note that
 * does not fit goes on the next lines. */
static void render_row(const char *label, double value, const char *text, const char *unit,
                       const char *note)
{
    int col = printf("  %-*s %9s", LABEL_W, label, text);
    int unit_w;
    if (strcmp(unit, "1") == 0 || isnan(value))
        unit = "";
    unit_w = !*unit ? 0 : (int)strlen(unit) > 5 ? (int)strlen(unit) : 5;
    if (*note && col + 1 + unit_w + 1 + (int)strlen(note) <= WRAP_WIDTH) {
        if (*unit)
            printf(" %-5s %s\n", unit, note);
        else
            printf(" %s\n", note);
        return;
    }
    if (*unit)
        printf(" %s", unit);
    putchar('\n');
    if (*note) {
        printf("%*s", NOTE_INDENT, "");
        print_wrapped(stdout, note, NOTE_INDENT, NOTE_INDENT);
    }
}

int render_summary(calfpump_sim *s)
{
    size_t n = 0;
    const char *last = NULL;
    int st = calfpump_sim_summary(s, &n);
    if (st) {
        error("cannot summarize the run: %s", why(calfpump_sim_errmsg(s), st));
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const char *section = "", *label = "", *text = "", *unit = "", *note = "";
        double value = NAN;
        if ((st = calfpump_sim_summary_row(s, i, &section, &label, &value, &text, &unit, &note))) {
            error("summary row %zu: %s", i, calfpump_strerror(st));
            return -1;
        }
        if (!last || strcmp(section, last) != 0)
            printf("\n%s\n", section);
        last = section;
        if (*label) {
            render_row(label, value, text, unit, note);
        } else if (*note) {
            printf("  ");
            print_wrapped(stdout, note, 2, 2);
        }
    }
    return 0;
}

int render_metrics(calfpump_sim *s)
{
    size_t n = calfpump_sim_metric_count(s);
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        const char *name = calfpump_sim_metric_name(s, i);
        double v;
        int st;
        if (!name)
            continue;
        st = calfpump_sim_metric(s, name, &v);
        if (st == CALFPUMP_OK) {
            printf("%s = %.9g\n", name, v);
        } else if (st != CALFPUMP_E_STATE) { /* E_STATE: not defined or not reached */
            error("metric '%s': %s", name, why(calfpump_sim_errmsg(s), st));
            bad = 1;
        }
    }
    return bad ? -1 : 0;
}

/* ------------------------------------------------------------------ */
/* Tables */

static void format_cell(char *buf, size_t size, double v, int prec)
{
    if (isnan(v))
        snprintf(buf, size, "n/a");
    else if (prec < 0)
        snprintf(buf, size, "%.9g", v);
    else
        snprintf(buf, size, "%.*f", prec, v);
}

static int column_width(const char *head)
{
    int w = (int)strlen(head);
    return w < 9 ? 9 : w;
}

void render_table(const table *t)
{
    int lw = 0;
    for (size_t i = 0; i < t->nrows; i++)
        lw = wider(lw, t->labels[i]);
    printf("  %-*s", lw, "");
    for (size_t j = 0; j < t->ncols; j++)
        printf("  %*s", column_width(t->heads[j]), t->heads[j]);
    putchar('\n');
    for (size_t i = 0; i < t->nrows; i++) {
        printf("  %-*s", lw, t->labels[i]);
        for (size_t j = 0; j < t->ncols; j++) {
            char cell[64];
            format_cell(cell, sizeof cell, t->v[i * t->ncols + j], t->prec[i]);
            printf("  %*s", column_width(t->heads[j]), cell);
        }
        putchar('\n');
    }
}

/* A header as one tab-separated field: tabs and line ends become spaces. */
static void print_field(const char *s)
{
    for (; *s; s++)
        putchar(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

void render_tsv(const table *t)
{
    printf("metric");
    for (size_t j = 0; j < t->ncols; j++) {
        putchar('\t');
        print_field(t->heads[j]);
    }
    putchar('\n');
    for (size_t i = 0; i < t->nrows; i++) {
        printf("%s", t->keys[i]);
        for (size_t j = 0; j < t->ncols; j++) {
            char cell[64];
            format_cell(cell, sizeof cell, t->v[i * t->ncols + j], -1);
            printf("\t%s", cell);
        }
        putchar('\n');
    }
}
