/* What a run yields beyond its trace: metrics and the clinical summary. */
#include <string.h>
#include "base/util.h"
#include "metrics/families.h"
#include "sim/sim.h"

void cfp_sim_view(calfpump_sim *s, cfp_run_view *v)
{
    memset(v, 0, sizeof *v);
    v->m = s->m;
    v->seg = s->p->seg;
    v->nseg = s->p->nseg;
    v->seg_t0 = s->seg_t0;
    v->tr = &s->tr;
    v->rows = s->nout;
    v->stored = s->out.store && s->tr.rows == s->nout;
    v->acc = &s->acc;
    v->out_dt = s->opt.output_interval;
    v->t_done = s->t_done;
    v->errmsg = s->errmsg;
    if (s->solver) {
        calfpump_solver_stat(s->solver, "steps", &v->stats.steps);
        calfpump_solver_stat(s->solver, "rejected", &v->stats.rejected);
        calfpump_solver_stat(s->solver, "rhs_evals", &v->stats.rhs_evals);
        calfpump_solver_stat(s->solver, "jac_evals", &v->stats.jac_evals);
        calfpump_solver_stat(s->solver, "lu_decomps", &v->stats.lu_decomps);
    }
}

size_t calfpump_sim_metric_count(const calfpump_sim *s) { return s ? s->mcount : 0; }

const char *calfpump_sim_metric_name(const calfpump_sim *s, size_t i)
{
    return (s && i < s->mcount) ? s->mnames + i * CFP_COLNAME_MAX : NULL;
}

int calfpump_sim_metric(calfpump_sim *s, const char *name, double *value)
{
    cfp_run_view v;
    if (!s)
        return CALFPUMP_E_NULL;
    if (!name || !value)
        return cfp_fail(s->errmsg, CALFPUMP_E_NULL, "metric: name and value pointer are required");
    *value = cfp_nan();
    cfp_sim_view(s, &v);
    return cfp_metric_eval(&v, name, value);
}

int calfpump_sim_flagged_valves(calfpump_sim *s, char *buf, size_t len, size_t *count)
{
    cfp_run_view v;
    cfp_text t;
    size_t n = 0;
    if (count)
        *count = 0;
    if (!s)
        return CALFPUMP_E_NULL;
    if (!buf && len)
        return cfp_fail(s->errmsg, CALFPUMP_E_NULL, "flagged_valves: buffer is NULL");
    cfp_sim_view(s, &v);
    if (s->nout < 2)
        return cfp_fail(s->errmsg, CALFPUMP_E_STATE, "reflux needs a recorded run");
    cfp_text_init(&t, buf, len);
    for (size_t e = 0; e < s->m->nconn; e++) {
        double flag = 0;
        if (!s->m->conn[e].has_valve || cfp_metric_reflux(&v, e, CFP_REFLUX_FLAG, &flag) ||
            flag < 0.5)
            continue;
        cfp_text_item(&t, "%s", s->m->conn[e].name);
        n++;
    }
    if (count)
        *count = n;
    return CALFPUMP_OK;
}

int calfpump_sim_summary(calfpump_sim *s, size_t *nrows)
{
    cfp_run_view v;
    cfp_solver_desc sd;
    char msg[CFP_MSG_SIZE];
    int st;
    if (nrows)
        *nrows = 0;
    if (!s)
        return CALFPUMP_E_NULL;
    cfp_strlcpy(msg, s->errmsg, sizeof msg); /* metrics write reasons there */
    cfp_sim_view(s, &v);
    sd.name = s->ops.name;
    sd.adaptive = (s->ops.caps & CALFPUMP_CAP_ADAPTIVE) != 0;
    sd.rtol = s->opt.rtol;
    sd.atol = s->opt.atol;
    sd.h = s->opt.h;
    st = cfp_summary_build(&s->sum, &v, &sd);
    cfp_strlcpy(s->errmsg, msg, CFP_MSG_SIZE);
    if (st)
        return cfp_fail(s->errmsg, st, "out of memory for the summary");
    if (nrows)
        *nrows = s->sum.n;
    return CALFPUMP_OK;
}

int calfpump_sim_summary_row(const calfpump_sim *s, size_t i, const char **section,
                             const char **label, double *value, const char **text,
                             const char **unit, const char **note)
{
    const cfp_srow *r;
    if (!s)
        return CALFPUMP_E_NULL;
    if (i >= s->sum.n)
        return CALFPUMP_E_RANGE;
    r = &s->sum.rows[i];
    if (section)
        *section = r->section;
    if (label)
        *label = r->label;
    if (value)
        *value = r->value;
    if (text)
        *text = r->text;
    if (unit)
        *unit = r->unit;
    if (note)
        *note = r->note;
    return CALFPUMP_OK;
}
