/* The clinical summary: what a vascular lab reports, with normal limits
 * and the interpretation, built from the metrics. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "metrics/families.h"
#include "metrics/summary.h"

typedef struct {
    cfp_summary *sum;
    const cfp_run_view *v;
    char section[96];
    int nomem;
} builder;

/* A new row in the current section (NULL when out of memory). */
static cfp_srow *add_row(builder *b, const char *label, double value, const char *unit)
{
    cfp_srow *r;
    if (!(r = cfp_grow(b->sum->rows, &b->sum->cap, b->sum->n, sizeof *r, 32))) {
        b->nomem = 1;
        return NULL;
    }
    b->sum->rows = r;
    r = &b->sum->rows[b->sum->n++];
    memset(r, 0, sizeof *r);
    cfp_strlcpy(r->section, b->section, sizeof r->section);
    cfp_strlcpy(r->label, label, sizeof r->label);
    cfp_strlcpy(r->unit, unit, sizeof r->unit);
    r->value = value;
    return r;
}

/* A number with prec decimals. */
static cfp_srow *num_row(builder *b, const char *label, double value, int prec, const char *unit)
{
    char dpbuf[8];
    cfp_srow *r = add_row(b, label, value, unit);
    if (r) {
        snprintf(r->text, sizeof r->text, "%.*f", prec, value);
        cfp_dot_decimal(r->text, cfp_locale_point(dpbuf, sizeof dpbuf));
    }
    return r;
}

static void note_row(builder *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void note_row(builder *b, const char *fmt, ...)
{
    cfp_srow *r = add_row(b, "", cfp_nan(), "");
    va_list ap;
    if (!r)
        return;
    va_start(ap, fmt);
    vsnprintf(r->note, sizeof r->note, fmt, ap);
    va_end(ap);
}

/* A metric's value, or 0 with its reason in why (if given). */
static int metric(builder *b, const char *name, double *x, char *why)
{
    if (cfp_metric_eval(b->v, name, x) == CALFPUMP_OK)
        return 1;
    if (why)
        cfp_strlcpy(why, b->v->errmsg, CFP_MSG_SIZE);
    return 0;
}

/* A row of metric name: the value with prec decimals, or "n/a" and why. */
static cfp_srow *metric_row(builder *b, const char *name, const char *label, int prec,
                            const char *unit)
{
    char why[CFP_MSG_SIZE];
    double x;
    cfp_srow *r;
    if (metric(b, name, &x, why))
        return num_row(b, label, x, prec, unit);
    if ((r = add_row(b, label, cfp_nan(), unit))) {
        cfp_strlcpy(r->text, "n/a", sizeof r->text);
        cfp_strlcpy(r->note, why, sizeof r->note);
    }
    return r;
}

/* ---------------------------------------------------------------- */

static void avp_section(builder *b)
{
    const cfp_run_view *v = b->v;
    size_t k = cfp_avp_segment(v);
    char label[64], why[CFP_MSG_SIZE];
    double rest, ex, fall, rt90;
    cfp_srow *r;
    if (!metric(b, "avp.rest", &rest, NULL) || !metric(b, "avp.exercise", &ex, NULL) ||
        !metric(b, "avp.fall", &fall, NULL))
        return;
    snprintf(b->section, sizeof b->section, "Ambulatory venous pressure (at %s)",
             v->m->comp[cfp_avp_site(v->m)].name);
    snprintf(label, sizeof label, "resting pressure (%s)", cfp_posture_names[v->seg[k - 1].posture]);
    num_row(b, label, rest, 1, "mmHg");
    snprintf(label, sizeof label, "pressure during exercise (%s)", v->seg[k].act->name);
    num_row(b, label, ex, 1, "mmHg");
    num_row(b, "fall", fall, 1, "mmHg");
    if (!metric(b, "avp.rt90", &rt90, why)) {
        if ((r = add_row(b, "RT90 (90 % refilling time)", cfp_nan(), "s"))) {
            cfp_strlcpy(r->text, "not reached", sizeof r->text);
            cfp_strlcpy(r->note, why, sizeof r->note);
        }
        return;
    }
    num_row(b, "RT90 (90 % refilling time)", rt90, 1, "s");
    /* RT90 under 20 s: refilling from above through incompetent valves
     * (Nicolaides 1993). */
    if (rt90 < 20.0)
        note_row(b, "RT90 < 20 s suggests venous reflux.");
    else
        note_row(b, "RT90 >= 20 s: normal refilling, no sign of venous reflux.");
}

/* A row with a normal limit: "[normal < 2 mL/s]", "  abnormal" outside it. */
static void limit_row(builder *b, const char *name, const char *label, int prec,
                      const char *unit, double limit, int upper)
{
    cfp_srow *r = metric_row(b, name, label, prec, unit);
    if (!r || isnan(r->value))
        return;
    snprintf(r->note, sizeof r->note, "[normal %s %g %s]%s", upper ? "<" : ">", limit, unit,
             (upper ? r->value < limit : r->value > limit) ? "" : "  abnormal");
}

/* Normal limits after Christopoulos et al. 1987 and Nicolaides 2000. */
static void apg_section(builder *b)
{
    double vv;
    if (!metric(b, "apg.vv", &vv, NULL))
        return;
    cfp_strlcpy(b->section, "Air plethysmography (calf volume; normal limits after Christopoulos)",
                sizeof b->section);
    metric_row(b, "apg.vv", "VV   venous volume", 1, "mL");
    limit_row(b, "apg.vfi", "VFI  venous filling index", 2, "mL/s", 2.0, 1);
    metric_row(b, "apg.ev", "EV   ejected volume", 1, "mL");
    limit_row(b, "apg.ef", "EF   ejection fraction", 1, "%", 60.0, 0);
    metric_row(b, "apg.rv", "RV   residual volume", 1, "mL");
    limit_row(b, "apg.rvf", "RVF  residual volume fraction", 1, "%", 35.0, 1);
}

static void return_section(builder *b)
{
    double x;
    if (!metric(b, "return.mean", &x, NULL))
        return;
    cfp_strlcpy(b->section, "Venous return (to the right atrium)", sizeof b->section);
    metric_row(b, "return.mean", "mean flow", 2, "mL/s");
    metric_row(b, "return.total", "total volume", 1, "mL");
}

static void calf_section(builder *b)
{
    if (b->v->rows < 2)
        return;
    cfp_strlcpy(b->section, "Calf muscle pump", sizeof b->section);
    metric_row(b, "ejection.calf", "ejection per contraction", 2, "mL");
    metric_row(b, "perfusion.calf", "calf muscle perfusion", 2, "mL/s");
    if (cfp_sinus_compartment(b->v->m) >= 0)
        metric_row(b, "sinus.residence", "calf sinus residence time", 1, "s");
}

static void reflux_section(builder *b)
{
    const calfpump_model *m = b->v->m;
    size_t valves = 0, flagged = 0;
    char name[CFP_COLNAME_MAX];
    cfp_srow *r;
    if (b->v->rows < 2)
        return;
    cfp_strlcpy(b->section, "Reflux (reverse flow longer than the valve's cut-off)",
                sizeof b->section);
    for (size_t e = 0; e < m->nconn; e++) {
        double flag, dur, vol;
        if (!m->conn[e].has_valve)
            continue;
        valves++;
        snprintf(name, sizeof name, "reflux.%s.flag", m->conn[e].name);
        if (!metric(b, name, &flag, NULL) || flag < 0.5)
            continue;
        flagged++;
        cfp_metric_reflux(b->v, e, CFP_REFLUX_DURATION, &dur);
        cfp_metric_reflux(b->v, e, CFP_REFLUX_VOLUME, &vol);
        if ((r = num_row(b, m->conn[e].name, dur, 2, "s")))
            snprintf(r->note, sizeof r->note, "longest reverse flow (cut-off %.2f s), volume %.1f mL",
                     m->conn[e].cutoff, vol);
    }
    if (valves && !flagged)
        note_row(b, "no valve exceeds its clinical reflux cut-off (%zu valves checked)", valves);
}

static void solver_section(builder *b, const cfp_solver_desc *sd)
{
    cfp_srow *r;
    double cons;
    cfp_strlcpy(b->section, "Solver", sizeof b->section);
    if ((r = add_row(b, "integrator", cfp_nan(), ""))) {
        if (sd->adaptive)
            snprintf(r->text, sizeof r->text, "%s (rtol %g, atol %g)", sd->name, sd->rtol, sd->atol);
        else
            snprintf(r->text, sizeof r->text, "%s (fixed step %g s)", sd->name, sd->h);
    }
    num_row(b, "steps", b->v->stats.steps, 0, "");
    num_row(b, "right-hand-side evaluations", b->v->stats.rhs_evals, 0, "");
    num_row(b, "rejected steps", b->v->stats.rejected, 0, "");
    if (metric(b, "conservation.error", &cons, NULL) && (r = add_row(b, "blood conservation error",
                                                                     cons, "1"))) {
        snprintf(r->text, sizeof r->text, "%.2e", cons);
        cfp_strlcpy(r->note, "(relative)", sizeof r->note);
    }
}

int cfp_summary_build(cfp_summary *sum, const cfp_run_view *v, const cfp_solver_desc *sd)
{
    builder b;
    memset(&b, 0, sizeof b);
    b.sum = sum;
    b.v = v;
    sum->n = 0;
    if (v->rows < 2) {
        cfp_strlcpy(b.section, "Clinical measures", sizeof b.section);
        note_row(&b, "Only %zu trace row was recorded: too few for clinical measures (use a "
                     "smaller output_interval).", v->rows);
    }
    avp_section(&b);
    apg_section(&b);
    return_section(&b);
    calf_section(&b);
    reflux_section(&b);
    solver_section(&b, sd);
    return b.nomem ? CALFPUMP_E_NOMEM : CALFPUMP_OK;
}

void cfp_summary_free(cfp_summary *sum)
{
    free(sum->rows);
    memset(sum, 0, sizeof *sum);
}
