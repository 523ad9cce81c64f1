/* Model files, pass 2: sections -> the model and the protocol, through the
 * public API (so every bound and message is the library's own), in a fixed
 * order: [global], compartments, connections, the network check,
 * [condition]s, then [segment]s and [run] (segments.c).  Sections may
 * therefore come in any order, and a connection may name a compartment
 * defined further down. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "io/modelfile.h"
#include "model/model.h"
#include "model/params.h"

const cfp_mf_entry *cfp_mf_find(const cfp_mf *mf, const cfp_mf_section *s, const char *key)
{
    for (size_t i = s->first; i < s->first + s->n; i++)
        if (strcmp(mf->ent[i].key, key) == 0)
            return &mf->ent[i];
    return NULL;
}

int cfp_mf_entry_number(cfp_mf *mf, const cfp_mf_section *s, const cfp_mf_entry *e, double *x)
{
    char lab[CFP_MF_LABEL];
    int r = cfp_mf_number(e->val, x);
    if (r == 1)
        return cfp_mf_error(mf, e->line, "bad number '%s' for '%s' in %s (expected a finite "
                            "decimal number such as 12, -0.5 or 1e-3)", e->val, e->key,
                            cfp_mf_label(s, lab, sizeof lab));
    if (r == 2)
        return cfp_mf_error(mf, e->line, "number '%s' for '%s' in %s is too large for a double "
                            "(expected a finite number)", e->val, e->key,
                            cfp_mf_label(s, lab, sizeof lab));
    return CALFPUMP_OK;
}

/* Set the model parameter KIND.ELEM.KEY (or the global KEY) from entry e. */
static int set_param(cfp_mf *mf, calfpump_model *m, const cfp_mf_section *s,
                     const cfp_mf_entry *e, const char *kind)
{
    char pname[CFP_PNAME_MAX], lab[CFP_MF_LABEL];
    double x;
    int st = cfp_mf_entry_number(mf, s, e, &x);
    if (st)
        return st;
    if (kind)
        snprintf(pname, sizeof pname, "%s.%s.%s", kind, s->name, e->key);
    else
        snprintf(pname, sizeof pname, "%s", e->key);
    st = calfpump_model_set(m, pname, x);
    if (st == CALFPUMP_E_NOMEM)
        return cfp_mf_nomem(mf, "setting a parameter");
    if (st)
        return cfp_mf_error(mf, e->line, "bad value '%s' for '%s' in %s: %s", e->val, e->key,
                            cfp_mf_label(s, lab, sizeof lab), calfpump_model_errmsg(m));
    return CALFPUMP_OK;
}

static void word_list(char *buf, size_t n, const char *const *names, int count)
{
    cfp_text t;
    cfp_text_init(&t, buf, n);
    for (int i = 0; i < count; i++)
        cfp_text_item(&t, "%s", names[i]);
}

/* The value of a word entry: one of names[0..count-1]. */
static int check_word(cfp_mf *mf, const cfp_mf_section *s, const cfp_mf_entry *e,
                      const char *what, const char *const *names, int count)
{
    char lab[CFP_MF_LABEL], list[256];
    if (cfp_lookup(e->val, names, count) >= 0)
        return CALFPUMP_OK;
    word_list(list, sizeof list, names, count);
    return cfp_mf_error(mf, e->line, "unknown %s '%s' in %s (expected one of: %s)", what,
                        e->val, cfp_mf_label(s, lab, sizeof lab), list);
}

static int build_compartment(cfp_mf *mf, calfpump_model *m, const cfp_mf_section *s)
{
    const cfp_mf_entry *re = cfp_mf_find(mf, s, "region"), *le = cfp_mf_find(mf, s, "layer");
    char lab[CFP_MF_LABEL], list[256];
    int st;
    if (!re || !le) {
        const char *const *names = re ? cfp_layer_names : cfp_region_names;
        word_list(list, sizeof list, names, re ? CFP_LAYER_COUNT : CFP_REG_COUNT);
        return cfp_mf_error(mf, s->line, "%s lacks '%s' (expected '%s = %s', one of: %s)",
                            cfp_mf_label(s, lab, sizeof lab), re ? "layer" : "region",
                            re ? "layer" : "region", re ? "LAYER" : "REGION", list);
    }
    if ((st = check_word(mf, s, re, "region", cfp_region_names, CFP_REG_COUNT)) ||
        (st = check_word(mf, s, le, "layer", cfp_layer_names, CFP_LAYER_COUNT)))
        return st;
    st = calfpump_model_add_compartment(m, s->name, re->val, le->val);
    if (st == CALFPUMP_E_NOMEM)
        return cfp_mf_nomem(mf, "adding a compartment");
    if (st)
        return cfp_mf_error(mf, s->line, "%s", calfpump_model_errmsg(m));
    for (size_t i = s->first; i < s->first + s->n; i++) {
        const cfp_mf_entry *e = &mf->ent[i];
        if (e != re && e != le && (st = set_param(mf, m, s, e, "comp")))
            return st;
    }
    return CALFPUMP_OK;
}

/* from, to and valve of a [connection]: present, naming compartments. */
static int check_endpoints(cfp_mf *mf, const calfpump_model *m, const cfp_mf_section *s,
                           int *valve)
{
    const cfp_mf_entry *fe = cfp_mf_find(mf, s, "from"), *te = cfp_mf_find(mf, s, "to");
    const cfp_mf_entry *ve = cfp_mf_find(mf, s, "valve");
    char lab[CFP_MF_LABEL];
    if (!fe || !te)
        return cfp_mf_error(mf, s->line, "%s lacks '%s' (expected '%s = COMPARTMENT'%s)",
                            cfp_mf_label(s, lab, sizeof lab), fe ? "to" : "from",
                            fe ? "to" : "from", fe ? " or 'to = ra'" : "");
    *valve = ve && strcmp(ve->val, "yes") == 0;
    if (ve && !*valve && strcmp(ve->val, "no") != 0)
        return cfp_mf_error(mf, ve->line, "bad value '%s' for 'valve' in %s (expected yes or "
                            "no)", ve->val, cfp_mf_label(s, lab, sizeof lab));
    if (strcmp(fe->val, "ra") == 0)
        return cfp_mf_error(mf, fe->line, "connection '%s' has from = ra: flow must leave a "
                            "compartment (expected a compartment name; put 'ra' as 'to')",
                            s->name);
    if (cfp_model_find_comp(m, fe->val) == -2)
        return cfp_mf_error(mf, fe->line, "connection '%s' is dangling: from = '%s' names no "
                            "compartment (expected the name of a [compartment] section)",
                            s->name, fe->val);
    if (cfp_model_find_comp(m, te->val) == -2)
        return cfp_mf_error(mf, te->line, "connection '%s' is dangling: to = '%s' names no "
                            "compartment (expected the name of a [compartment] section or "
                            "'ra')", s->name, te->val);
    return CALFPUMP_OK;
}

static int build_connection(cfp_mf *mf, calfpump_model *m, const cfp_mf_section *s)
{
    const cfp_mf_entry *fe = cfp_mf_find(mf, s, "from"), *te = cfp_mf_find(mf, s, "to");
    const cfp_mf_entry *ve = cfp_mf_find(mf, s, "valve");
    char lab[CFP_MF_LABEL];
    int valve = 0, st = check_endpoints(mf, m, s, &valve);
    if (st)
        return st;
    st = calfpump_model_add_connection(m, s->name, fe->val, te->val, valve);
    if (st == CALFPUMP_E_NOMEM)
        return cfp_mf_nomem(mf, "adding a connection");
    if (st) /* the names were checked: what is left is from = to */
        return cfp_mf_error(mf, te->line, "%s (expected 'from' and 'to' to name two different "
                            "compartments)", calfpump_model_errmsg(m));
    for (size_t i = s->first; i < s->first + s->n; i++) {
        const cfp_mf_entry *e = &mf->ent[i];
        int is_valve = cfp_field_find(CFP_KIND_VALVE, e->key) != NULL;
        if (e == fe || e == te || e == ve)
            continue;
        if (is_valve && !valve)
            return cfp_mf_error(mf, e->line, "'%s' is a valve property, but connection '%s' "
                                "has no valve (expected 'valve = yes' in %s, or no valve keys)",
                                e->key, s->name, cfp_mf_label(s, lab, sizeof lab));
        if ((st = set_param(mf, m, s, e, is_valve ? "valve" : "conn")))
            return st;
    }
    return CALFPUMP_OK;
}

/* The one network validation (cfp_model_validate), its message placed at
 * the line of the compartment at fault, or of the first compartment when
 * the fault is the network's as a whole (no outflow to the atrium). */
static int check_network(cfp_mf *mf, const calfpump_model *m)
{
    char buf[CFP_MSG_SIZE];
    int comp = -1, st = cfp_model_validate_at(m, buf, &comp);
    size_t k = 0, want = comp >= 0 ? (size_t)comp : 0;
    if (st == CALFPUMP_OK)
        return CALFPUMP_OK;
    if (st == CALFPUMP_E_NOMEM)
        return cfp_mf_nomem(mf, "checking the network");
    for (size_t i = 0; i < mf->nsec; i++) /* compartments are added in file order */
        if (mf->sec[i].kind == CFP_SEC_COMP && k++ == want)
            return cfp_mf_error(mf, mf->sec[i].line, "%s (expected %s)", buf,
                                comp >= 0 ? "[connection] sections that link it, directly or "
                                            "through other compartments, to 'ra'"
                                          : "at least one [connection] with 'to = ra'");
    return cfp_mf_error(mf, 1, "%s", buf); /* not reached: the model has compartments */
}

static int apply_preset(cfp_mf *mf, calfpump_model *m, const cfp_mf_entry *e, const char *name)
{
    char list[CFP_MF_MSG];
    cfp_text t;
    int known = 0, st;
    for (size_t i = 0; i < calfpump_condition_count(); i++)
        known |= strcmp(calfpump_condition_name(i), name) == 0;
    if (!known) {
        cfp_text_init(&t, list, sizeof list);
        for (size_t i = 0; i < calfpump_condition_count(); i++)
            cfp_text_item(&t, "%s", calfpump_condition_name(i));
        return cfp_mf_error(mf, e->line, "unknown condition preset '%s' (expected one of: %s)",
                            name, list);
    }
    st = calfpump_model_apply_condition(m, name);
    if (st == CALFPUMP_E_NOMEM)
        return cfp_mf_nomem(mf, "applying a condition");
    if (st)
        return cfp_mf_error(mf, e->line, "apply = %s: %s (expected presets that name this "
                            "network's elements)", e->val, calfpump_model_errmsg(m));
    return CALFPUMP_OK;
}

static int apply_conditions(cfp_mf *mf, calfpump_model *m, const cfp_mf_section *s)
{
    const cfp_mf_entry *e = cfp_mf_find(mf, s, "apply");
    char lab[CFP_MF_LABEL], *copy, *rest, *tok;
    int st = CALFPUMP_OK;
    if (!e)
        return cfp_mf_error(mf, s->line, "%s lacks 'apply' (expected 'apply = PRESET')",
                            cfp_mf_label(s, lab, sizeof lab));
    copy = malloc(strlen(e->val) + 1);
    if (!copy)
        return cfp_mf_nomem(mf, "applying a condition");
    strcpy(copy, e->val);
    rest = copy;
    while (!st && (tok = cfp_mf_token(&rest)) != NULL)
        st = apply_preset(mf, m, e, tok);
    free(copy);
    return st;
}

/* Every section of one kind through fn, in file order. */
static int each_model_section(cfp_mf *mf, calfpump_model *m, int kind,
                              int (*fn)(cfp_mf *, calfpump_model *, const cfp_mf_section *))
{
    int st;
    for (size_t i = 0; i < mf->nsec; i++)
        if (mf->sec[i].kind == kind && (st = fn(mf, m, &mf->sec[i])))
            return st;
    return CALFPUMP_OK;
}

static int build_globals(cfp_mf *mf, calfpump_model *m, const cfp_mf_section *s)
{
    int st;
    for (size_t j = s->first; j < s->first + s->n; j++)
        if ((st = set_param(mf, m, s, &mf->ent[j], NULL)))
            return st;
    return CALFPUMP_OK;
}

static int build_model(cfp_mf *mf, calfpump_model *m)
{
    int st;
    if ((st = each_model_section(mf, m, CFP_SEC_GLOBAL, build_globals)) ||
        (st = each_model_section(mf, m, CFP_SEC_COMP, build_compartment)) ||
        (st = each_model_section(mf, m, CFP_SEC_CONN, build_connection)))
        return st;
    if (m->ncomp && (st = check_network(mf, m)))
        return st;
    return each_model_section(mf, m, CFP_SEC_COND, apply_conditions);
}

/* The protocol of the [segment]s and [run], or NULL without them. */
static int build_protocol(cfp_mf *mf, calfpump_protocol **out)
{
    int st = CALFPUMP_OK, want = 0;
    *out = NULL;
    for (size_t i = 0; i < mf->nsec; i++)
        want |= mf->sec[i].kind == CFP_SEC_SEG || mf->sec[i].kind == CFP_SEC_RUN;
    if (!want)
        return CALFPUMP_OK;
    if (calfpump_protocol_new(out))
        return cfp_mf_nomem(mf, "making the protocol");
    for (size_t i = 0; i < mf->nsec && !st; i++) {
        if (mf->sec[i].kind == CFP_SEC_SEG)
            st = cfp_mf_build_segment(mf, *out, &mf->sec[i]);
        else if (mf->sec[i].kind == CFP_SEC_RUN)
            st = cfp_mf_build_run(mf, *out, &mf->sec[i]);
    }
    return st;
}

int cfp_mf_build(cfp_mf *mf, calfpump_model **mout, calfpump_protocol **pout)
{
    calfpump_model *m = NULL;
    calfpump_protocol *p = NULL;
    int st;
    if (calfpump_model_new(&m))
        return cfp_mf_nomem(mf, "making the model");
    if ((st = build_model(mf, m)) || (st = build_protocol(mf, &p))) {
        calfpump_model_free(m);
        calfpump_protocol_free(p);
        return st;
    }
    if (mout)
        *mout = m;
    else
        calfpump_model_free(m);
    if (pout)
        *pout = p;
    else
        calfpump_protocol_free(p);
    return CALFPUMP_OK;
}
