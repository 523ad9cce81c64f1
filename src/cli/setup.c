/* setup.c -- building the model, the protocol with its run settings and
 * the simulation of a configuration. */
#define _POSIX_C_SOURCE 200809L /* access() with -std=c99 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "setup.h"

void setup_free(setup *su)
{
    if (su->p != su->fp)
        calfpump_protocol_free(su->p);
    calfpump_protocol_free(su->fp);
    calfpump_model_free(su->m);
    memset(su, 0, sizeof *su);
}

int load_file(const char *path, calfpump_model **m, calfpump_protocol **p)
{
    char err[1024];
    int st = calfpump_model_load(m, p, path, err, sizeof err);
    if (st == CALFPUMP_OK)
        return 0;
    error("%s", why(err, st));
    if (st == CALFPUMP_E_IO && access(path, F_OK) != 0) {
        calfpump_protocol *q = NULL;
        if (calfpump_protocol_new_named(&q, path) == CALFPUMP_OK)
            hint("to run the named protocol, use --protocol %s", path);
        calfpump_protocol_free(q);
    }
    return st == CALFPUMP_E_INVAL ? EXIT_USAGE : EXIT_RUNTIME;
}

/* ------------------------------------------------------------------ */
/* The model */

/* A file without compartments holds a protocol and global parameters:
 * set the globals it changes on the default leg. */
static int copy_changed_globals(const calfpump_model *from, calfpump_model *to, const char *path)
{
    calfpump_model *empty = NULL;
    int st = calfpump_model_new(&empty), rc = 0;
    if (st) {
        error("cannot create a model: %s", calfpump_strerror(st));
        return EXIT_RUNTIME;
    }
    for (size_t i = 0; i < calfpump_model_param_count(from) && !rc; i++) {
        const char *name = calfpump_model_param_name(from, i);
        double v, v0;
        if (!name || calfpump_model_get(from, name, &v) != CALFPUMP_OK ||
            (calfpump_model_get(empty, name, &v0) == CALFPUMP_OK && v == v0))
            continue;
        if ((st = calfpump_model_set(to, name, v)) != CALFPUMP_OK) {
            error("%s: %s: %s", path, name, why(calfpump_model_errmsg(to), st));
            rc = EXIT_USAGE;
        }
    }
    calfpump_model_free(empty);
    return rc;
}

/* The model file's network, or the default leg (with the globals of a
 * file without compartments). */
static int base_model(const run_config *c, setup *su)
{
    calfpump_model *fm = NULL;
    int st, rc = 0;
    if (c->model_file) {
        if ((rc = load_file(c->model_file, &fm, &su->fp)))
            return rc;
        if (calfpump_model_compartment_count(fm) > 0) {
            su->m = fm;
            su->model_from_file = 1;
            return 0;
        }
    }
    if ((st = calfpump_model_new_default(&su->m)) != CALFPUMP_OK) {
        error("cannot create the default model: %s", calfpump_strerror(st));
        rc = EXIT_RUNTIME;
    } else if (fm) {
        rc = copy_changed_globals(fm, su->m, c->model_file);
    }
    calfpump_model_free(fm);
    return rc;
}

static int build_model(const run_config *c, setup *su)
{
    int st, rc;
    if ((rc = base_model(c, su)))
        return rc;
    for (size_t i = 0; i < c->conditions.n; i++) {
        if ((st = calfpump_model_apply_condition(su->m, c->conditions.v[i])) != CALFPUMP_OK) {
            error("--condition: %s", why(calfpump_model_errmsg(su->m), st));
            if (st == CALFPUMP_E_NOTFOUND)
                hint("the conditions are listed by '" PROG " list conditions'");
            return exit_of(st);
        }
    }
    for (size_t i = 0; i < c->sets.n; i++) {
        const named_value *e = &c->sets.v[i];
        if ((st = calfpump_model_set(su->m, e->name, e->value)) != CALFPUMP_OK) {
            error("--%s: %s", e->opt, why(calfpump_model_errmsg(su->m), st));
            if (st == CALFPUMP_E_NOTFOUND)
                hint("the parameters are listed by '" PROG " list params'");
            return exit_of(st);
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* The protocol */

/* Does the activity called name read segment parameter param? */
static int activity_uses(const char *name, const char *param)
{
    size_t n = calfpump_activity_count();
    for (size_t i = 0; i < n; i++)
        if (name && strcmp(calfpump_activity_name(i), name) == 0)
            return calfpump_activity_uses_param(i, param) == 1;
    return 0;
}

/* Set the segment parameter of option e on the segments its option
 * changes; returns the number of segments changed, or -1 after a
 * message. */
static int set_on_segments(calfpump_protocol *p, const named_value *e)
{
    const opt_spec *o = find_option(e->opt);
    size_t n = calfpump_protocol_segment_count(p);
    int count = 0;
    for (size_t i = 0; i < n; i++) {
        int st;
        if (o->scope == SEG_USING &&
            !activity_uses(calfpump_protocol_segment_activity(p, i), e->name))
            continue;
        if ((st = calfpump_protocol_set(p, i, e->name, e->value)) != CALFPUMP_OK) {
            error("--%s: %s", e->opt, why(calfpump_protocol_errmsg(p), st));
            return -1;
        }
        count++;
    }
    return count;
}

void describe_protocol_source(const run_config *c, const setup *su, strbuf *b)
{
    if (su->protocol_source == PROTO_FILE)
        sb_printf(b, "from %s", c->model_file);
    else if (su->protocol_source == PROTO_SEGMENTS)
        sb_printf(b, "from the command line (--segment)");
    else
        sb_printf(b, "%s", c->protocol);
}

static int apply_segment_params(const run_config *c, setup *su)
{
    for (size_t i = 0; i < c->seg_params.n; i++) {
        const named_value *e = &c->seg_params.v[i];
        int k = set_on_segments(su->p, e);
        if (k < 0)
            return EXIT_USAGE;
        if (k == 0 && find_option(e->opt)->scope == SEG_USING) {
            char src[512], acts[256];
            strbuf sb = sb_init(src, sizeof src), ab = sb_init(acts, sizeof acts);
            describe_protocol_source(c, su, &sb);
            activities_using(e->name, &ab);
            warning("--%s has no effect: the protocol (%s) has no segment whose activity uses "
                    "%s (%s)", e->opt, src, e->name, acts);
        }
    }
    return 0;
}

/* The protocol that is run: the --segment SPECs, the model file's
 * segments or a named protocol. */
static int choose_protocol(const run_config *c, setup *su)
{
    char err[1024];
    int st;
    if (c->segments.n) {
        su->protocol_source = PROTO_SEGMENTS;
        return protocol_from_specs(&c->segments, &su->p);
    }
    if (!c->protocol_given && su->fp && calfpump_protocol_segment_count(su->fp) > 0) {
        su->p = su->fp;
        su->protocol_source = PROTO_FILE;
        return 0;
    }
    su->protocol_source = PROTO_NAMED;
    if ((st = calfpump_protocol_create_named(&su->p, c->protocol, err, sizeof err))) {
        su->p = NULL;
        error("--protocol: %s", why(err, st));
        return exit_of(st);
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Run settings: the model file's [run], overridden by the command line;
 * the protocol that is run carries them. */

/* The model file's run settings onto the protocol that replaces its
 * segments. */
static int copy_run_settings(const calfpump_protocol *from, calfpump_protocol *to)
{
    size_t n = calfpump_run_option_count();
    const char *integ = calfpump_protocol_run_integrator(from);
    int st = CALFPUMP_OK;
    for (size_t i = 0; i < n && st == CALFPUMP_OK; i++) {
        const char *name = calfpump_run_option_name(i);
        double v;
        if (calfpump_protocol_run_option(from, name, &v) == CALFPUMP_OK)
            st = calfpump_protocol_set_run_option(to, name, v);
    }
    if (st == CALFPUMP_OK && integ)
        st = calfpump_protocol_set_run_integrator(to, integ);
    if (st) {
        error("cannot copy the run settings: %s", why(calfpump_protocol_errmsg(to), st));
        return exit_of(st);
    }
    return 0;
}

static int apply_run_settings(const run_config *c, setup *su)
{
    int st, rc;
    if (su->fp && su->p != su->fp && (rc = copy_run_settings(su->fp, su->p)))
        return rc;
    su->integrator_from_file = calfpump_protocol_run_integrator(su->p) != NULL;
    for (size_t i = 0; i < c->run_options.n; i++) {
        const named_value *e = &c->run_options.v[i];
        if ((st = calfpump_protocol_set_run_option(su->p, e->name, e->value)) != CALFPUMP_OK) {
            error("--%s: %s", e->opt, why(calfpump_protocol_errmsg(su->p), st));
            if (st == CALFPUMP_E_NOTFOUND || st == CALFPUMP_E_INVAL)
                hint("the run options are listed by '" PROG " list run-options'");
            return exit_of(st);
        }
    }
    if (c->integrator) {
        if ((st = calfpump_protocol_set_run_integrator(su->p, c->integrator)) != CALFPUMP_OK) {
            error("--integrator: %s", why(calfpump_protocol_errmsg(su->p), st));
            return exit_of(st);
        }
        su->integrator_from_file = 0;
    }
    su->integrator = calfpump_protocol_run_integrator(su->p);
    if (!su->integrator)
        su->integrator = default_integrator();
    return 0;
}

int build_setup(const run_config *c, setup *su)
{
    int rc;
    memset(su, 0, sizeof *su);
    if ((rc = build_model(c, su)) || (rc = choose_protocol(c, su)) ||
        (rc = apply_segment_params(c, su)) || (rc = apply_run_settings(c, su)))
        setup_free(su);
    return rc;
}

/* ------------------------------------------------------------------ */
/* The simulation */

/* Apply the run settings of the protocol to s, the integrator of a
 * plug-in too.  Returns 0 or an exit status after a message. */
static int configure_sim(const run_config *c, const setup *su, calfpump_sim *s)
{
    int st = calfpump_sim_apply_run_settings(s);
    if (st == CALFPUMP_E_NOTFOUND)
        st = set_integrator(s, su->integrator);
    if (st == CALFPUMP_OK)
        return 0;
    if (st != CALFPUMP_E_NOTFOUND)
        error("cannot apply the run settings: %s", why(calfpump_sim_errmsg(s), st));
    else if (su->integrator_from_file)
        error("%s: [run] integrator: %s", c->model_file, why(calfpump_sim_errmsg(s), st));
    else
        error("--integrator: %s", why(calfpump_sim_errmsg(s), st));
    if (st == CALFPUMP_E_NOTFOUND)
        hint("the integrators are listed by '" PROG " list integrators'");
    return exit_of(st);
}

int make_sim(const run_config *c, const setup *su, calfpump_sim **out)
{
    char err[1024];
    int st = calfpump_sim_create(out, su->m, su->p, err, sizeof err), rc;
    if (st) {
        error("cannot set up the simulation: %s", why(err, st));
        *out = NULL;
        return exit_of(st);
    }
    if ((rc = configure_sim(c, su, *out))) {
        calfpump_sim_free(*out);
        *out = NULL;
    }
    return rc;
}

void progress_start(progress_line *p, const char *what)
{
    p->what = what;
    p->shown = -1.0;
    clock_gettime(CLOCK_MONOTONIC, &p->start);
}

double progress_due(progress_line *p, int finished)
{
    struct timespec t;
    double wall;
    clock_gettime(CLOCK_MONOTONIC, &t);
    wall = (double)(t.tv_sec - p->start.tv_sec) + 1e-9 * (double)(t.tv_nsec - p->start.tv_nsec);
    if (!finished && wall - p->shown < 0.2)
        return -1.0;
    p->shown = wall;
    return wall;
}

static int progress_show(void *user, double t, double t_end)
{
    progress_line *p = user;
    double frac = t_end > 0 ? t / t_end : 1.0, wall = progress_due(p, t >= t_end);
    if (wall < 0)
        return 0;
    fprintf(stderr, "\r%s[%3d%%] t = %.1f s / %.1f s, %.1f s elapsed", p->what,
            (int)floor(100.0 * frac + 1e-9), t, t_end, wall);
    if (frac > 0 && frac < 1)
        fprintf(stderr, ", ETA %.0f s ", wall * (1 - frac) / frac);
    fflush(stderr);
    return 0;
}

int show_progress(const run_config *c)
{
    return c->progress >= 0 ? c->progress : !c->quiet && isatty(STDERR_FILENO);
}

int integrate(calfpump_sim *s, int progress, const char *what)
{
    progress_line p;
    double t_end = calfpump_sim_end_time(s);
    int st;
    if (!progress)
        return calfpump_sim_run(s);
    progress_start(&p, what);
    calfpump_sim_set_progress_callback(s, progress_show, &p, t_end / 1000.0);
    st = calfpump_sim_run(s);
    calfpump_sim_set_progress_callback(s, NULL, NULL, 0);
    fprintf(stderr, "\r%*s\r", 100, "");
    fflush(stderr);
    return st;
}

/* ------------------------------------------------------------------ */
/* Descriptions */

void describe_protocol(const calfpump_protocol *p, strbuf *b)
{
    size_t n = calfpump_protocol_segment_count(p);
    for (size_t i = 0; i < n; i++) {
        const char *post = calfpump_protocol_segment_posture(p, i);
        const char *act = calfpump_protocol_segment_activity(p, i);
        char extra[256] = "";
        if (!post || !act)
            continue;
        calfpump_protocol_segment_describe(p, i, extra, sizeof extra);
        sb_printf(b, "%s%s %s %g s", i ? "; " : "", post, act,
                  calfpump_protocol_segment_duration(p, i));
        if (*extra)
            sb_printf(b, " (%s)", extra);
    }
    if (n == 0)
        sb_printf(b, "no segments");
}

void describe_model_source(const run_config *c, const setup *su, strbuf *b)
{
    if (su->model_from_file)
        sb_printf(b, "%s (%zu compartments, %zu connections)", c->model_file,
                  calfpump_model_compartment_count(su->m), calfpump_model_connection_count(su->m));
    else if (c->model_file)
        sb_printf(b, "default leg (%s has no compartments; its global parameters apply)",
                  c->model_file);
    else
        sb_printf(b, "default leg");
}
