/* The metric registry: one row per metric (per-valve and per-compartment
 * metrics are one row each, for every element), with unit, meaning and
 * the family function that computes it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "metrics/families.h"

#define KEY_(name, unit, desc, fn, arg, label, digits) \
    {name, CFP_MET_RUN, unit, desc, label, digits, fn, arg},
#define RUN_(name, unit, desc, fn, arg, digits) {name, CFP_MET_RUN, unit, desc, NULL, digits, fn, arg},
#define VALVE_(name, unit, desc, arg, digits) \
    {name, CFP_MET_VALVE, unit, desc, NULL, digits, cfp_metric_reflux, arg},
#define COMP_(name, unit, desc, arg, digits) \
    {name, CFP_MET_COMP, unit, desc, NULL, digits, cfp_metric_stasis, arg},
/* The key measures (KEY_) are those a comparison of legs shows, in this
 * order. */
static const cfp_metric table[] = {
    KEY_("avp.rest", "mmHg", "ambulatory venous pressure at the foot, standing still before exercise",
         cfp_metric_avp, CFP_AVP_REST, "resting pressure", 1)
    KEY_("avp.exercise", "mmHg", "mean foot venous pressure over the last 10 s of exercise",
         cfp_metric_avp, CFP_AVP_EXERCISE, "exercise pressure", 1)
    KEY_("avp.fall", "mmHg", "fall of the foot venous pressure with exercise (rest - exercise)",
         cfp_metric_avp, CFP_AVP_FALL, "fall", 1)
    KEY_("avp.rt90", "s", "time to recover 90 % of the fall after exercise", cfp_metric_avp,
         CFP_AVP_RT90, "RT90", 1)
    KEY_("apg.vv", "mL", "venous volume: calf volume gained from supine to standing",
         cfp_metric_apg, CFP_APG_VV, "VV venous volume", 1)
    KEY_("apg.vfi", "mL/s", "venous filling index: 90 % of VV over the time to reach it",
         cfp_metric_apg, CFP_APG_VFI, "VFI venous filling index", 2)
    RUN_("apg.ev", "mL", "ejected volume of one tiptoe", cfp_metric_apg, CFP_APG_EV, 1)
    KEY_("apg.ef", "%", "ejection fraction: EV / VV", cfp_metric_apg, CFP_APG_EF,
         "EF ejection fraction", 1)
    RUN_("apg.rv", "mL", "residual volume after ten tiptoes", cfp_metric_apg, CFP_APG_RV, 1)
    KEY_("apg.rvf", "%", "residual volume fraction: RV / VV", cfp_metric_apg, CFP_APG_RVF,
         "RVF residual volume fraction", 1)
    KEY_("return.mean", "mL/s", "mean venous return to the right atrium", cfp_metric_run,
         CFP_RUN_RETURN_MEAN, "venous return", 2)
    RUN_("return.total", "mL", "blood delivered to the right atrium over the run", cfp_metric_run,
         CFP_RUN_RETURN_TOTAL, 1)
    RUN_("conservation.error", "1",
         "largest relative blood-volume error (volume - initial - inflow + outflow)",
         cfp_metric_run, CFP_RUN_CONSERVATION, 2)
    KEY_("perfusion.calf", "mL/s", "mean capillary inflow into the calf muscle", cfp_metric_run,
         CFP_RUN_PERFUSION, "calf perfusion", 2)
    KEY_("ejection.calf", "mL", "calf volume ejected per contraction (last ten cycles)",
         cfp_metric_cycles, CFP_CYCLE_EJECTION, "calf ejection per contraction", 2)
    RUN_("steady.cycles", "1", "cycles of the first rhythmic exercise until periodic steady state",
         cfp_metric_cycles, CFP_CYCLE_STEADY_CYCLES, 0)
    RUN_("steady.time", "s", "time into the first rhythmic exercise until periodic steady state",
         cfp_metric_cycles, CFP_CYCLE_STEADY_TIME, 1)
    KEY_("sinus.residence", "s",
         "residence time of the calf muscle sinuses (time-weighted mean volume over mean outflow)",
         cfp_metric_run, CFP_RUN_SINUS_RESIDENCE, "calf sinus residence time", 1)
    KEY_("reflux.flagged", "1", "number of valves whose reverse flow exceeds their clinical cut-off",
         cfp_metric_run, CFP_RUN_FLAGGED, "flagged valves", 0)
    RUN_("solver.steps", "1", "accepted integrator steps", cfp_metric_solver, CFP_SOLVER_STEPS, 0)
    RUN_("solver.rejected", "1", "rejected integrator steps", cfp_metric_solver,
         CFP_SOLVER_REJECTED, 0)
    RUN_("solver.rhs_evals", "1", "right-hand-side evaluations", cfp_metric_solver,
         CFP_SOLVER_RHS, 0)
    RUN_("solver.jac_evals", "1", "Jacobian evaluations", cfp_metric_solver, CFP_SOLVER_JAC, 0)
    RUN_("solver.lu_decomps", "1", "LU factorisations", cfp_metric_solver, CFP_SOLVER_LU, 0)
    VALVE_("reflux.*.volume", "mL", "reverse-flow volume through the valve", CFP_REFLUX_VOLUME, 1)
    VALVE_("reflux.*.duration", "s", "longest reverse-flow episode (beyond the reflux velocity)",
           CFP_REFLUX_DURATION, 2)
    VALVE_("reflux.*.peak", "mL/s", "peak reverse flow", CFP_REFLUX_PEAK, 2)
    VALVE_("reflux.*.episodes", "1", "number of reverse-flow episodes", CFP_REFLUX_EPISODES, 0)
    VALVE_("reflux.*.flag", "0/1", "1 if the longest episode exceeds the valve's clinical cut-off",
           CFP_REFLUX_FLAG, 0)
    COMP_("stasis.*.velocity", "cm/s",
          "time-weighted mean flow velocity: outflow over the cross-section (volume / length)",
          CFP_STASIS_VELOCITY, 2)
    COMP_("stasis.*.residence", "s",
          "residence time: time-weighted mean volume over time-weighted mean outflow",
          CFP_STASIS_RESIDENCE, 1)
    COMP_("stasis.*.low_flow", "1",
          "fraction of time the flow velocity, averaged over the last 10 s, is below 1 cm/s",
          CFP_STASIS_LOW_FLOW, 2)
};
#undef KEY_
#undef RUN_
#undef VALVE_
#undef COMP_
#define NMET (sizeof table / sizeof table[0])

size_t cfp_metric_count(void) { return NMET; }

const cfp_metric *cfp_metric_at(size_t i) { return i < NMET ? &table[i] : NULL; }

/* Does name match pattern ("reflux.*.volume": the '*' stands for an
 * element name)?  The element goes to elem (CFP_NAME_MAX bytes). */
static int matches(const char *pattern, const char *name, char *elem)
{
    const char *star = strchr(pattern, '*');
    size_t pre, post, len = strlen(name);
    if (!star)
        return strcmp(pattern, name) == 0;
    pre = (size_t)(star - pattern);
    post = strlen(star + 1);
    if (len <= pre + post || strncmp(name, pattern, pre) != 0 ||
        strcmp(name + len - post, star + 1) != 0 || len - pre - post >= CFP_NAME_MAX)
        return 0;
    memcpy(elem, name + pre, len - pre - post);
    elem[len - pre - post] = '\0';
    return strchr(elem, '.') == NULL;
}

const cfp_metric *cfp_metric_lookup(const char *name, const calfpump_model *m, size_t *e)
{
    char elem[CFP_NAME_MAX];
    for (size_t i = 0; i < NMET; i++) {
        const cfp_metric *d = &table[i];
        int k;
        if (!matches(d->name, name, elem))
            continue;
        if (d->element == CFP_MET_RUN || !m)
            return d;
        k = d->element == CFP_MET_VALVE ? cfp_model_find_conn(m, elem) : cfp_model_find_comp(m, elem);
        if (k < 0 || (d->element == CFP_MET_VALVE && !m->conn[k].has_valve))
            return NULL;
        *e = (size_t)k;
        return d;
    }
    return NULL;
}

/* Name of row d for element name elem into slot (CFP_COLNAME_MAX bytes). */
static void element_name(char *slot, const cfp_metric *d, const char *elem)
{
    const char *star = strchr(d->name, '*');
    snprintf(slot, CFP_COLNAME_MAX, "%.*s%s%s", (int)(star - d->name), d->name, elem, star + 1);
}

/* Run metrics first, then every valve's, then every compartment's. */
int cfp_metric_names(const calfpump_model *m, char **names, size_t *count)
{
    size_t nv = 0, per[3] = {0, 0, 0}, k = 0;
    char *buf;
    for (size_t e = 0; e < m->nconn; e++)
        nv += m->conn[e].has_valve != 0;
    for (size_t i = 0; i < NMET; i++)
        per[table[i].element]++;
    *count = per[CFP_MET_RUN] + nv * per[CFP_MET_VALVE] + m->ncomp * per[CFP_MET_COMP];
    if (!(buf = calloc(*count ? *count : 1, CFP_COLNAME_MAX)))
        return CALFPUMP_E_NOMEM;
    for (size_t i = 0; i < NMET; i++)
        if (table[i].element == CFP_MET_RUN)
            snprintf(buf + CFP_COLNAME_MAX * k++, CFP_COLNAME_MAX, "%s", table[i].name);
    for (size_t e = 0; e < m->nconn; e++)
        for (size_t i = 0; m->conn[e].has_valve && i < NMET; i++)
            if (table[i].element == CFP_MET_VALVE)
                element_name(buf + CFP_COLNAME_MAX * k++, &table[i], m->conn[e].name);
    for (size_t c = 0; c < m->ncomp; c++)
        for (size_t i = 0; i < NMET; i++)
            if (table[i].element == CFP_MET_COMP)
                element_name(buf + CFP_COLNAME_MAX * k++, &table[i], m->comp[c].name);
    *names = buf;
    return CALFPUMP_OK;
}

int cfp_metric_eval(const cfp_run_view *v, const char *name, double *out)
{
    size_t e = 0;
    const cfp_metric *d = cfp_metric_lookup(name, v->m, &e);
    if (!d)
        return cfp_fail(v->errmsg, CALFPUMP_E_NOTFOUND, "unknown metric '%s'", name);
    if (d->eval != cfp_metric_solver && v->rows < 2)
        return cfp_fail(v->errmsg, CALFPUMP_E_STATE, "metric '%s': nothing recorded yet", name);
    return d->eval(v, e, d->arg, out);
}

size_t calfpump_metric_key_count(void)
{
    size_t n = 0;
    for (size_t i = 0; i < NMET; i++)
        n += table[i].key_label != NULL;
    return n;
}

int calfpump_metric_key(size_t i, const char **name, const char **label, int *decimals)
{
    for (size_t k = 0; k < NMET; k++)
        if (table[k].key_label && i-- == 0) {
            if (name)
                *name = table[k].name;
            if (label)
                *label = table[k].key_label;
            if (decimals)
                *decimals = table[k].digits;
            return CALFPUMP_OK;
        }
    return CALFPUMP_E_RANGE;
}

int calfpump_metric_info(const char *name, const char **unit, const char **description)
{
    const cfp_metric *d;
    if (!name)
        return CALFPUMP_E_NULL;
    if (!(d = cfp_metric_lookup(name, NULL, NULL)))
        return CALFPUMP_E_NOTFOUND;
    if (unit)
        *unit = d->unit;
    if (description)
        *description = d->description;
    return CALFPUMP_OK;
}
