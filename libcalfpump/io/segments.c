/* Model files, pass 2 for the protocol: [segment] -> a segment with its
 * parameters and sampled waveforms, [run] -> the protocol's run settings. */
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "drive/protocol.h"
#include "io/modelfile.h"
#include "sim/options.h"

/* A waveform being read: samples t[i], a[i], n of them. */
typedef struct wave_in {
    double *t, *a;
    size_t n;
} wave_in;

/* Read the TIME:ACTIVATION pairs of rest into w (room for them all). */
static int read_samples(cfp_mf *mf, const cfp_mf_entry *e, const char *lab, char *rest,
                        wave_in *w)
{
    char *tok;
    while ((tok = cfp_mf_token(&rest)) != NULL) {
        char *colon = strchr(tok, ':');
        double *t = &w->t[w->n], *a = &w->a[w->n];
        int bad = 1;
        if (colon) {
            *colon = '\0';
            bad = cfp_mf_number(tok, t) || cfp_mf_number(colon + 1, a);
            *colon = ':';
        }
        if (bad)
            return cfp_mf_error(mf, e->line, "bad waveform sample '%s' for '%s' in %s (expected "
                                "TIME:ACTIVATION with finite decimal numbers, e.g. 0.3:0.5)",
                                tok, e->key, lab);
        if (*a < 0 || *a > 1)
            return cfp_mf_error(mf, e->line, "waveform sample '%s' for '%s' in %s: activation "
                                "%g is outside [0, 1]", tok, e->key, lab, *a);
        if (w->n && !(*t > t[-1]))
            return cfp_mf_error(mf, e->line, "waveform sample '%s' for '%s' in %s: time %g does "
                                "not come after %g (expected strictly increasing times)", tok,
                                e->key, lab, *t, t[-1]);
        w->n++;
    }
    return CALFPUMP_OK;
}

/* "MODE T:A T:A ..." in copy (a copy of e->val) -> set_waveform. */
static int parse_waveform(cfp_mf *mf, calfpump_protocol *p, size_t index, const char *lab,
                          const cfp_mf_entry *e, int muscle, char *copy)
{
    char *rest = copy, *mode = cfp_mf_token(&rest);
    size_t cap = strlen(e->val) / 4 + 1; /* every pair takes at least 4 characters */
    wave_in w = {NULL, NULL, 0};
    int periodic = mode && strcmp(mode, "periodic") == 0, st;
    if (!periodic && (!mode || strcmp(mode, "once") != 0))
        return cfp_mf_error(mf, e->line, "bad waveform mode '%s' for '%s' in %s (expected "
                            "'periodic' or 'once', then TIME:ACTIVATION pairs)", mode ? mode : "",
                            e->key, lab);
    if (!(w.t = malloc(2 * cap * sizeof *w.t)))
        return cfp_mf_nomem(mf, "reading a waveform");
    w.a = w.t + cap;
    st = read_samples(mf, e, lab, rest, &w);
    if (!st && w.n < 1 + (size_t)periodic)
        st = cfp_mf_error(mf, e->line, "'%s' in %s has %zu sample%s (expected at least %d "
                          "TIME:ACTIVATION pairs after '%s')", e->key, lab, w.n,
                          w.n == 1 ? "" : "s", 1 + periodic, mode);
    if (!st) {
        st = calfpump_protocol_set_waveform(p, index, cfp_mf_muscle_name(muscle), w.t, w.a,
                                            w.n, periodic);
        if (st == CALFPUMP_E_NOMEM)
            st = cfp_mf_nomem(mf, "storing a waveform");
        else if (st)
            st = cfp_mf_error(mf, e->line, "'%s' in %s: %s", e->key, lab,
                              calfpump_protocol_errmsg(p));
    }
    free(w.t);
    return st;
}

static int build_waveform(cfp_mf *mf, calfpump_protocol *p, size_t index, const char *lab,
                          const cfp_mf_entry *e, int muscle)
{
    const cfp_activity *act = p->seg[index].act;
    char *copy;
    int st;
    if (!(act->flags & CFP_ACT_CUSTOM))
        return cfp_mf_error(mf, e->line, "'%s' in %s needs 'activity = custom' (this segment "
                            "is '%s')", e->key, lab, act->name);
    if (!(copy = malloc(strlen(e->val) + 1)))
        return cfp_mf_nomem(mf, "reading a waveform");
    strcpy(copy, e->val);
    st = parse_waveform(mf, p, index, lab, e, muscle, copy);
    free(copy);
    return st;
}

/* "segment 3: speed = 99 is ..." -> "speed = 99 is ..." (our messages
 * name the segment themselves, counting from 1). */
static const char *drop_segment_prefix(const char *msg)
{
    const char *c = strstr(msg, ": ");
    if (strncmp(msg, "segment ", 8) == 0 && c &&
        strspn(msg + 8, "0123456789") == (size_t)(c - msg - 8))
        return c + 2;
    return msg;
}

/* posture, activity, duration: present and known; the segment added. */
static int add_segment(cfp_mf *mf, calfpump_protocol *p, const cfp_mf_section *s,
                       const char *lab, size_t *index)
{
    const cfp_mf_entry *pe = cfp_mf_find(mf, s, "posture"), *ae = cfp_mf_find(mf, s, "activity");
    const cfp_mf_entry *de = cfp_mf_find(mf, s, "duration");
    char list[CFP_MF_MSG];
    cfp_text t;
    double dur;
    int st;
    if (!pe || !ae || !de) {
        const char *missing = !pe ? "posture" : !ae ? "activity" : "duration";
        const char *what = !pe ? "supine, sitting, standing or tilt"
                         : !ae ? "an activity such as still, walk or custom"
                               : "SECONDS, > 0";
        return cfp_mf_error(mf, s->line, "%s lacks '%s' (expected '%s = %s'; every segment "
                            "needs posture, activity and duration)", lab, missing, missing,
                            what);
    }
    cfp_text_init(&t, list, sizeof list);
    if (cfp_lookup(pe->val, cfp_posture_names, CFP_POST_NAMES) < 0) {
        for (int i = 0; i < CFP_POST_NAMES; i++)
            cfp_text_item(&t, "%s", cfp_posture_names[i]);
        return cfp_mf_error(mf, pe->line, "unknown posture '%s' in %s (expected one of: %s)",
                            pe->val, lab, list);
    }
    if (!cfp_activity_find(ae->val)) {
        for (size_t i = 0; i < cfp_activity_count(); i++)
            cfp_text_item(&t, "%s", cfp_activity_at(i)->name);
        return cfp_mf_error(mf, ae->line, "unknown activity '%s' in %s (expected one of: %s)",
                            ae->val, lab, list);
    }
    if ((st = cfp_mf_entry_number(mf, s, de, &dur)))
        return st;
    st = calfpump_protocol_add_segment(p, pe->val, ae->val, dur, index);
    if (st == CALFPUMP_E_NOMEM)
        return cfp_mf_nomem(mf, "adding a segment");
    if (st == CALFPUMP_E_RANGE)
        return cfp_mf_error(mf, de->line, "bad value '%s' for 'duration' in %s: %s", de->val,
                            lab, calfpump_protocol_errmsg(p));
    if (st)
        return cfp_mf_error(mf, ae->line, "in %s: %s", lab, calfpump_protocol_errmsg(p));
    return CALFPUMP_OK;
}

int cfp_mf_build_segment(cfp_mf *mf, calfpump_protocol *p, const cfp_mf_section *s)
{
    char lab[CFP_MF_LABEL];
    size_t index;
    int st;
    cfp_mf_label(s, lab, sizeof lab);
    if ((st = add_segment(mf, p, s, lab, &index)))
        return st;
    for (size_t i = s->first; i < s->first + s->n; i++) {
        const cfp_mf_entry *e = &mf->ent[i];
        int w = cfp_mf_wave_muscle(e->key);
        double x;
        if (!strcmp(e->key, "posture") || !strcmp(e->key, "activity") ||
            !strcmp(e->key, "duration"))
            continue;
        if (w >= 0) {
            if ((st = build_waveform(mf, p, index, lab, e, w)))
                return st;
            continue;
        }
        if ((st = cfp_mf_entry_number(mf, s, e, &x)))
            return st;
        st = calfpump_protocol_set(p, index, e->key, x);
        if (st == CALFPUMP_E_NOMEM)
            return cfp_mf_nomem(mf, "setting a segment parameter");
        if (st)
            return cfp_mf_error(mf, e->line, "bad value '%s' for '%s' in %s: %s", e->val,
                                e->key, lab, drop_segment_prefix(calfpump_protocol_errmsg(p)));
    }
    return CALFPUMP_OK;
}

int cfp_mf_build_run(cfp_mf *mf, calfpump_protocol *p, const cfp_mf_section *s)
{
    char lab[CFP_MF_LABEL];
    int st;
    cfp_mf_label(s, lab, sizeof lab);
    for (size_t i = s->first; i < s->first + s->n; i++) {
        const cfp_mf_entry *e = &mf->ent[i];
        const cfp_runopt *d;
        double x;
        if (strcmp(e->key, "integrator") == 0) {
            if (calfpump_protocol_set_run_integrator(p, e->val))
                return cfp_mf_error(mf, e->line, "bad integrator name '%s' in %s (expected a "
                                    "name such as dopri5 or rk4)", e->val, lab);
            continue;
        }
        d = cfp_runopt_find(e->key, NULL);
        if ((st = cfp_mf_entry_number(mf, s, e, &x)))
            return st;
        if (calfpump_protocol_set_run_option(p, e->key, x))
            return cfp_mf_error(mf, e->line, "bad value '%s' for '%s' in %s (expected a number "
                                "in [%g, %g])", e->val, e->key, lab, d->lo, d->hi);
    }
    return CALFPUMP_OK;
}
