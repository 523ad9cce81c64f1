/* The simulation's lifecycle, integrator and options. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "sim/sim.h"

void calfpump_sim_free(calfpump_sim *s)
{
    if (!s)
        return;
    calfpump_solver_free(s->solver);
    cfp_phys_free(&s->ph);
    cfp_trace_free(&s->tr);
    cfp_stream_free(&s->out);
    cfp_acc_free(&s->acc);
    free(s->row);
    cfp_summary_free(&s->sum);
    calfpump_model_free(s->m);
    calfpump_protocol_free(s->p);
    free(s->seg_t0);
    free(s->y);
    free(s->mnames);
    free(s->errmsg);
    free(s);
}

const char *calfpump_sim_errmsg(const calfpump_sim *s)
{
    return s ? s->errmsg : "simulation is NULL";
}

/* Column names of the trace. */
static void name_columns(calfpump_sim *s)
{
    const cfp_cols *c = &s->tr.c;
    size_t k = 0;
    cfp_trace_name(&s->tr, c->t, "", "t");
    for (int g = 0; g < CFP_MUSCLE_COUNT; g++)
        cfp_trace_name(&s->tr, c->act + (size_t)g, "a.", cfp_muscle_names[g]);
    for (size_t i = 0; i < s->ph.nc; i++) {
        cfp_trace_name(&s->tr, c->V + i, "V.", s->m->comp[i].name);
        cfp_trace_name(&s->tr, c->P + i, "P.", s->m->comp[i].name);
        cfp_trace_name(&s->tr, c->Qin + i, "Qin.", s->m->comp[i].name);
    }
    for (size_t e = 0; e < s->ph.ne; e++) {
        cfp_trace_name(&s->tr, c->Q + e, "Q.", s->m->conn[e].name);
        if (s->m->conn[e].has_valve)
            cfp_trace_name(&s->tr, c->zeta + k++, "zeta.", s->m->conn[e].name);
    }
    k = 0;
    for (int r = 0; r < CFP_REG_COUNT; r++)
        if (s->ph.tis_idx[r] >= 0)
            cfp_trace_name(&s->tr, c->Vt + k++, "Vt.", cfp_region_names[r]);
    cfp_trace_name(&s->tr, c->vtot, "", "V.total");
    cfp_trace_name(&s->tr, c->in, "", "inflow.cumulative");
    cfp_trace_name(&s->tr, c->out, "", "outflow.cumulative");
}

/* Everything but the copies of model and protocol. */
static int sim_setup(calfpump_sim *s)
{
    s->seg_t0 = malloc((s->p->nseg + 1) * sizeof(double));
    if (!s->seg_t0)
        return CALFPUMP_E_NOMEM;
    s->seg_t0[0] = 0;
    for (size_t i = 0; i < s->p->nseg; i++)
        s->seg_t0[i + 1] = s->seg_t0[i] + s->p->seg[i].duration;
    s->t_end = s->seg_t0[s->p->nseg];
    if (cfp_phys_init(&s->ph, s->m))
        return CALFPUMP_E_NOMEM;
    cfp_ops_copy(&s->ops, &cfp_default_ops, s->errmsg);
    cfp_runopts_default(&s->opt);
    s->y = malloc(2 * s->ph.dim * sizeof(double));
    if (!s->y || cfp_trace_layout(&s->tr, s->ph.nc, s->ph.ne, s->ph.nv, s->ph.nt))
        return CALFPUMP_E_NOMEM;
    s->yo = s->y + s->ph.dim;
    name_columns(s);
    if (cfp_stream_init(&s->out, s->tr.cols) || cfp_acc_init(&s->acc, s->m, &s->tr.c) ||
        !(s->row = malloc(s->tr.cols * sizeof *s->row)))
        return CALFPUMP_E_NOMEM;
    if (cfp_metric_names(s->m, &s->mnames, &s->mcount))
        return CALFPUMP_E_NOMEM;
    return calfpump_sim_reset(s);
}

int calfpump_sim_create(calfpump_sim **out, const calfpump_model *m, const calfpump_protocol *p,
                        char *errbuf, size_t errlen)
{
    calfpump_sim *s;
    char msg[CFP_MSG_SIZE];
    int st;
    cfp_errbuf(errbuf, errlen, "");
    if (out)
        *out = NULL;
    if (!out || !m || !p) {
        cfp_errbuf(errbuf, errlen, "sim_create: out, model and protocol are required");
        return CALFPUMP_E_NULL;
    }
    if ((st = cfp_model_validate(m, msg))) {
        char full[CFP_MSG_SIZE + 32];
        snprintf(full, sizeof full, "the model is invalid: %s", msg);
        cfp_errbuf(errbuf, errlen, full);
        return st;
    }
    if ((st = cfp_protocol_check(p, msg))) {
        cfp_errbuf(errbuf, errlen, msg);
        return st;
    }
    if (!(s = calloc(1, sizeof *s)) || !(s->errmsg = cfp_msg_new()))
        goto nomem;
    if (calfpump_model_clone(&s->m, m) || cfp_protocol_copy(&s->p, p) || sim_setup(s))
        goto nomem;
    *out = s;
    return CALFPUMP_OK;
nomem:
    calfpump_sim_free(s);
    cfp_errbuf(errbuf, errlen, "out of memory");
    return CALFPUMP_E_NOMEM;
}

/* 0.1: the message goes to the model (an invalid network) or the
 * protocol (no segments). */
int calfpump_sim_new(calfpump_sim **out, const calfpump_model *m, const calfpump_protocol *p)
{
    char msg[CFP_MSG_SIZE];
    int st = calfpump_sim_create(out, m, p, msg, sizeof msg);
    if (st == CALFPUMP_E_MODEL || st == CALFPUMP_E_NOMEM)
        cfp_strlcpy(m->errmsg, msg, CFP_MSG_SIZE);
    else if (st == CALFPUMP_E_INVAL)
        cfp_strlcpy(p->errmsg, msg, CFP_MSG_SIZE);
    return st;
}

int calfpump_sim_reset(calfpump_sim *s)
{
    int st;
    if (!s)
        return CALFPUMP_E_NULL;
    s->t_done = 0;
    s->seg = 0;
    s->running = 0;
    s->failed = 0;
    s->restart = 1;
    cfp_sim_set_segment(s);
    cfp_phys_initial(&s->ph, s->ph.z_to, s->y);
    if ((st = cfp_phys_settle(&s->ph, s->y)))
        cfp_phys_initial(&s->ph, s->ph.z_to, s->y); /* hydrostatic start */
    s->drv.fault = 0; /* a fault while settling only ends the settling */
    s->v_start = cfp_phys_volume(&s->ph, s->y);
    s->tr.rows = 0;
    s->nout = 0;
    s->acc.rows = 0;
    s->out_fault = 0;
    cfp_stream_close(&s->out);
    s->sum.n = 0;
    s->errmsg[0] = '\0';
    /* Out of memory is no reason to start elsewhere: the run would differ. */
    if (st == CALFPUMP_E_NOMEM) {
        s->failed = st;
        return cfp_fail(s->errmsg, st, "out of memory while finding the steady state to start "
                        "from; call calfpump_sim_reset() again");
    }
    return CALFPUMP_OK;
}

int calfpump_sim_set_integrator_ops(calfpump_sim *s, const calfpump_integrator_ops *ops)
{
    calfpump_integrator_ops tmp;
    int st;
    if (!s)
        return CALFPUMP_E_NULL;
    if (!ops)
        return cfp_fail(s->errmsg, CALFPUMP_E_NULL, "integrator table is NULL");
    if (s->running)
        return cfp_fail(s->errmsg, CALFPUMP_E_STATE,
                        "the integrator can only be changed before the run starts or after a reset");
    if ((st = cfp_ops_copy(&tmp, ops, s->errmsg)))
        return st;
    s->ops = tmp;
    return CALFPUMP_OK;
}

const char *calfpump_sim_integrator(const calfpump_sim *s) { return s ? s->ops.name : NULL; }

int calfpump_sim_set_integrator(calfpump_sim *s, const char *name)
{
    const calfpump_integrator_ops *ops;
    if (!s)
        return CALFPUMP_E_NULL;
    if (!name)
        return cfp_fail(s->errmsg, CALFPUMP_E_NULL, "integrator name is NULL");
    ops = calfpump_integrator_builtin(name);
    if (!ops) {
        char list[256] = "";
        for (size_t i = 0; i < calfpump_integrator_count(); i++) {
            if (i)
                strncat(list, ", ", sizeof list - strlen(list) - 1);
            strncat(list, calfpump_integrator_name(i), sizeof list - strlen(list) - 1);
        }
        return cfp_fail(s->errmsg, CALFPUMP_E_NOTFOUND, "unknown integrator '%s' (built-in: %s)",
                        name, list);
    }
    return calfpump_sim_set_integrator_ops(s, ops);
}

int calfpump_sim_set_option(calfpump_sim *s, const char *name, double value)
{
    const cfp_runopt *d;
    char names[128], msg[CFP_MSG_SIZE];
    int st;
    if (!s)
        return CALFPUMP_E_NULL;
    if (!name)
        return cfp_fail(s->errmsg, CALFPUMP_E_NULL, "option name is NULL");
    d = cfp_runopt_find(name, NULL);
    if (!d)
        return cfp_fail(s->errmsg, CALFPUMP_E_NOTFOUND, "unknown option '%s' (%s)", name,
                        cfp_runopt_names(names, sizeof names));
    if ((st = cfp_runopt_check(d, value, msg)))
        return cfp_fail(s->errmsg, st, "option %s", msg);
    if (s->running)
        return cfp_fail(s->errmsg, CALFPUMP_E_STATE,
                        "options can only be changed before the run starts or after a reset");
    *cfp_runopt_ref(&s->opt, d) = value;
    return CALFPUMP_OK;
}

int calfpump_sim_get_option(const calfpump_sim *s, const char *name, double *value)
{
    const cfp_runopt *d;
    if (!s || !name || !value)
        return CALFPUMP_E_NULL;
    if (!(d = cfp_runopt_find(name, NULL)))
        return cfp_fail(s->errmsg, CALFPUMP_E_NOTFOUND, "unknown option '%s'", name);
    *value = cfp_runopt_get(&s->opt, d);
    return CALFPUMP_OK;
}

int calfpump_sim_apply_run_settings(calfpump_sim *s)
{
    const cfp_runset *rs;
    int st;
    if (!s)
        return CALFPUMP_E_NULL;
    rs = &s->p->run;
    for (size_t i = 0; i < cfp_runopt_count(); i++)
        if ((rs->set & (1u << i)) &&
            (st = calfpump_sim_set_option(s, cfp_runopt_at(i)->name, rs->value[i])))
            return st;
    if (!rs->integrator[0])
        return CALFPUMP_OK;
    if (!calfpump_integrator_builtin(rs->integrator))
        return cfp_fail(s->errmsg, CALFPUMP_E_NOTFOUND,
                        "the protocol's integrator '%s' is not built in: set it with "
                        "calfpump_sim_set_integrator_ops()", rs->integrator);
    return calfpump_sim_set_integrator(s, rs->integrator);
}

