/* Run options: the one table, the protocol's run settings and their
 * application to a simulation. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "base/util.h"
#include "drive/protocol.h"
#include "sim/options.h"

#define O_(name, lo, hi, value, unit, desc) \
    {#name, offsetof(cfp_runopts, name), lo, hi, value, unit, desc, 0},
#define W_(name, lo, hi, value, unit, desc) \
    {#name, offsetof(cfp_runopts, name), lo, hi, value, unit, desc, 1},
static const cfp_runopt table[] = {
    O_(rtol, 1e-14, 1.0, 1e-6, "1", "relative tolerance (adaptive integrators)")
    O_(atol, 1e-16, 1e3, 1e-6, "1", "absolute tolerance (adaptive integrators)")
    O_(h, 1e-8, 10.0, 1e-3, "s", "fixed step size (rk4)")
    O_(h_init, 0.0, 10.0, 0.0, "s", "first step; 0: the integrator chooses")
    O_(h_min, 0.0, 10.0, 1e-12, "s", "smallest step before the run fails")
    O_(h_max, 0.0, 1e4, 0.1, "s", "largest step; 0: no limit")
    W_(max_steps, 1.0, 1e15, 1e9, "1", "step limit of one run")
    O_(output_interval, 1e-4, 1e5, 0.02, "s", "time between trace rows")
};
#undef O_
#undef W_
#define NOPT (sizeof table / sizeof table[0])
/* The protocol keeps one slot per row. */
typedef char cfp_check_nopt[NOPT == CFP_RUN_NOPT ? 1 : -1];

size_t cfp_runopt_count(void) { return NOPT; }

const cfp_runopt *cfp_runopt_at(size_t i) { return i < NOPT ? &table[i] : NULL; }

const cfp_runopt *cfp_runopt_find(const char *name, size_t *index)
{
    for (size_t i = 0; name && i < NOPT; i++)
        if (strcmp(table[i].name, name) == 0) {
            if (index)
                *index = i;
            return &table[i];
        }
    return NULL;
}

double *cfp_runopt_ref(cfp_runopts *o, const cfp_runopt *d)
{
    return (double *)((char *)o + d->offset);
}

double cfp_runopt_get(const cfp_runopts *o, const cfp_runopt *d)
{
    return *(const double *)((const char *)o + d->offset);
}

void cfp_runopts_default(cfp_runopts *o)
{
    for (size_t i = 0; i < NOPT; i++)
        *cfp_runopt_ref(o, &table[i]) = table[i].value;
}

int cfp_runopt_check(const cfp_runopt *d, double value, char *msg)
{
    if (!cfp_finite(value) || value < d->lo || value > d->hi)
        return cfp_fail(msg, CALFPUMP_E_RANGE, "'%s' = %g is outside [%g, %g]", d->name, value,
                        d->lo, d->hi);
    if (d->whole && value != floor(value))
        return cfp_fail(msg, CALFPUMP_E_RANGE, "'%s' = %g must be a whole number", d->name,
                        value);
    return CALFPUMP_OK;
}

const char *cfp_runopt_names(char *buf, size_t len)
{
    cfp_text t;
    cfp_text_init(&t, buf, len);
    for (size_t i = 0; i < NOPT; i++)
        cfp_text_item(&t, "%s", table[i].name);
    return buf;
}

/* ---------------------------------------------------------------- */
/* Public: the table. */

size_t calfpump_run_option_count(void) { return NOPT; }

const char *calfpump_run_option_name(size_t i) { return i < NOPT ? table[i].name : NULL; }

int calfpump_run_option_info(const char *name, double *lower, double *upper, double *value,
                             const char **unit, const char **description)
{
    const cfp_runopt *d;
    if (!name)
        return CALFPUMP_E_NULL;
    if (!(d = cfp_runopt_find(name, NULL)))
        return CALFPUMP_E_NOTFOUND;
    cfp_put_info(d->lo, d->hi, d->value, d->unit, d->description, lower, upper, value, unit,
                 description);
    return CALFPUMP_OK;
}

/* ---------------------------------------------------------------- */
/* Public: a protocol's run settings. */

int calfpump_protocol_run_option(const calfpump_protocol *p, const char *name, double *value)
{
    size_t i = 0;
    char names[128];
    if (!p)
        return CALFPUMP_E_NULL;
    if (!name || !value)
        return cfp_fail(p->errmsg, CALFPUMP_E_NULL, "run_option: name and value pointer are required");
    if (!cfp_runopt_find(name, &i))
        return cfp_fail(p->errmsg, CALFPUMP_E_INVAL, "'%s' is not a run setting (%s)", name,
                        cfp_runopt_names(names, sizeof names));
    if (!(p->run.set & (1u << i)))
        return cfp_fail(p->errmsg, CALFPUMP_E_NOTFOUND, "run setting '%s' is not set", name);
    *value = p->run.value[i];
    return CALFPUMP_OK;
}

static int protocol_option(calfpump_protocol *p, const char *name, size_t *i)
{
    char names[128];
    if (!name)
        return cfp_fail(p->errmsg, CALFPUMP_E_NULL, "run option name is NULL");
    if (!cfp_runopt_find(name, i))
        return cfp_fail(p->errmsg, CALFPUMP_E_NOTFOUND, "unknown run option '%s' (%s)", name,
                        cfp_runopt_names(names, sizeof names));
    return CALFPUMP_OK;
}

int calfpump_protocol_set_run_option(calfpump_protocol *p, const char *name, double value)
{
    const cfp_runopt *d;
    char msg[CFP_MSG_SIZE];
    size_t i = 0;
    int st = p ? protocol_option(p, name, &i) : CALFPUMP_E_NULL;
    if (st)
        return st;
    d = &table[i];
    if ((st = cfp_runopt_check(d, value, msg)))
        return cfp_fail(p->errmsg, st, "run option %s", msg);
    p->run.value[i] = value;
    p->run.set |= 1u << i;
    p->errmsg[0] = '\0';
    return CALFPUMP_OK;
}

int calfpump_protocol_unset_run_option(calfpump_protocol *p, const char *name)
{
    size_t i = 0;
    int st = p ? protocol_option(p, name, &i) : CALFPUMP_E_NULL;
    if (st)
        return st;
    p->run.set &= ~(1u << i);
    p->errmsg[0] = '\0';
    return CALFPUMP_OK;
}

const char *calfpump_protocol_run_integrator(const calfpump_protocol *p)
{
    return (p && p->run.integrator[0]) ? p->run.integrator : NULL;
}

int calfpump_protocol_set_run_integrator(calfpump_protocol *p, const char *name)
{
    if (!p)
        return CALFPUMP_E_NULL;
    if (name && !cfp_valid_name(name))
        return cfp_fail(p->errmsg, CALFPUMP_E_INVAL,
                        "integrator name '%s' is not valid (letters, digits and '_', at most %d "
                        "characters)", name, CFP_NAME_MAX - 1);
    cfp_strlcpy(p->run.integrator, name ? name : "", sizeof p->run.integrator);
    p->errmsg[0] = '\0';
    return CALFPUMP_OK;
}
