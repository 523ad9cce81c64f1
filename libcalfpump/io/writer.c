/* Model files: calfpump_model_write() and calfpump_model_save().  Every key
 * comes from a registry (the parameter tables, the segment-parameter
 * table, the run-option table), in the registry's order. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "base/util.h"
#include "drive/protocol.h"
#include "io/modelfile.h"
#include "model/params.h"
#include "sim/options.h"

static void put_num(FILE *f, const char *key, double x)
{
    char buf[64];
    cfp_mf_format(buf, sizeof buf, x);
    fprintf(f, "%s = %s\n", key, buf);
}

/* Every field of a kind (CFP_KIND_*) of the record rec. */
static void put_fields(FILE *f, int kind, const void *rec)
{
    size_t n;
    const cfp_field *fs = cfp_fields(kind, &n);
    for (size_t i = 0; i < n; i++)
        put_num(f, fs[i].name, *(const double *)((const char *)rec + fs[i].offset));
}

static void put_model(FILE *f, const calfpump_model *m)
{
    fputs("\n[global]\n", f);
    put_fields(f, CFP_KIND_GLOBAL, &m->g);
    for (size_t i = 0; i < m->ncomp; i++) {
        const cfp_comp *c = &m->comp[i];
        fprintf(f, "\n[compartment %s]\nregion = %s\nlayer = %s\n", c->name,
                cfp_region_names[c->region], cfp_layer_names[c->layer]);
        put_fields(f, CFP_KIND_COMP, c);
    }
    for (size_t i = 0; i < m->nconn; i++) {
        const cfp_conn *e = &m->conn[i];
        fprintf(f, "\n[connection %s]\nfrom = %s\nto = %s\nvalve = %s\n", e->name,
                m->comp[e->from].name, e->to == CFP_RA ? "ra" : m->comp[e->to].name,
                e->has_valve ? "yes" : "no");
        put_fields(f, CFP_KIND_CONN, e);
        if (e->has_valve)
            put_fields(f, CFP_KIND_VALVE, e);
    }
}

static void put_waveform(FILE *f, int muscle, const cfp_wave *w)
{
    fprintf(f, "waveform_%s = %s", cfp_mf_muscle_name(muscle), w->periodic ? "periodic" : "once");
    for (size_t j = 0; j < w->n; j++) {
        char tb[64], ab[64];
        cfp_mf_format(tb, sizeof tb, w->t[j]);
        cfp_mf_format(ab, sizeof ab, w->a[j]);
        fprintf(f, " %s:%s", tb, ab);
    }
    fputc('\n', f);
}

static void put_segment(FILE *f, const cfp_segment *sg)
{
    fprintf(f, "\n[segment]\nposture = %s\nactivity = %s\n", cfp_posture_names[sg->posture],
            sg->act->name);
    put_num(f, "duration", sg->duration);
    for (size_t k = 0; k < cfp_segparam_count(); k++)
        put_num(f, cfp_segparam_at(k)->name, cfp_segparam_get(&sg->p, cfp_segparam_at(k)));
    for (int g = 0; g < CFP_MUSCLE_COUNT; g++)
        if (sg->wave[g].n)
            put_waveform(f, g, &sg->wave[g]);
}

static void put_protocol(FILE *f, const calfpump_protocol *p)
{
    for (size_t i = 0; i < p->nseg; i++)
        put_segment(f, &p->seg[i]);
    if (p->run.integrator[0] || p->run.set) {
        fputs("\n[run]\n", f);
        if (p->run.integrator[0])
            fprintf(f, "integrator = %s\n", p->run.integrator);
        for (size_t k = 0; k < cfp_runopt_count(); k++)
            if (p->run.set & (1u << k))
                put_num(f, cfp_runopt_at(k)->name, p->run.value[k]);
    }
}

int calfpump_model_save(const calfpump_model *m, const calfpump_protocol *p, const char *path)
{
    return m ? calfpump_model_write(m, p, path, m->errmsg, CFP_MSG_SIZE) : CALFPUMP_E_NULL;
}

/* The message of a failed write into the caller's buffer. */
static int wfail(char *errbuf, size_t errlen, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
static int wfail(char *errbuf, size_t errlen, int code, const char *fmt, ...)
{
    va_list ap;
    if (errbuf && errlen) {
        va_start(ap, fmt);
        vsnprintf(errbuf, errlen, fmt, ap);
        va_end(ap);
    }
    return code;
}

/* Can m and p be written and read back? */
static int check_writable(const calfpump_model *m, const calfpump_protocol *p,
                          const char *path, char *errbuf, size_t errlen)
{
    char vbuf[CFP_MSG_SIZE];
    int st;
    if (m->ncomp && (st = cfp_model_validate(m, vbuf)) != CALFPUMP_OK)
        return wfail(errbuf, errlen, st, "cannot save '%s': %s", path, vbuf);
    for (size_t i = 0; p && i < p->nseg; i++)
        if (p->seg[i].fn)
            return wfail(errbuf, errlen, CALFPUMP_E_STATE,
                         "cannot save '%s': segment %zu is driven by a C callback, which a "
                         "file cannot hold (use sampled waveforms)", path, i);
    return CALFPUMP_OK;
}

/* Close a file written by calfpump_model_write; a failed write or close
 * (a full disk) is CALFPUMP_E_IO with the text of errno. */
static int close_written(FILE *f, const char *path, char *errbuf, size_t errlen)
{
    char why[128];
    int bad = ferror(f), err = errno; /* errno of the failed write, if bad */
    if (fclose(f) != 0) {
        bad = 1;
        err = errno;
    }
    if (!bad)
        return CALFPUMP_OK;
    return wfail(errbuf, errlen, CALFPUMP_E_IO, "error while writing '%s': %s", path,
                 cfp_errno_text(err ? err : EIO, why, sizeof why));
}

int calfpump_model_write(const calfpump_model *m, const calfpump_protocol *p, const char *path,
                         char *errbuf, size_t errlen)
{
    FILE *f;
    int st;
    char why[128];
    cfp_errbuf(errbuf, errlen, "");
    if (!m)
        return wfail(errbuf, errlen, CALFPUMP_E_NULL, "save: model is NULL");
    if (!path)
        return wfail(errbuf, errlen, CALFPUMP_E_NULL, "save: path is NULL");
    if ((st = check_writable(m, p, path, errbuf, errlen)))
        return st;
    if (!(f = fopen(path, "w")))
        return wfail(errbuf, errlen, CALFPUMP_E_IO, "cannot open '%s' for writing: %s", path,
                     cfp_errno_text(errno, why, sizeof why));
    fprintf(f, "# libcalfpump model file (format: doc/model-file.md)\n"
               "# written by calfpump_model_save, libcalfpump %s\n"
               CFP_MF_MAGIC " %d\n", calfpump_version_string(), CFP_MF_VERSION);
    put_model(f, m);
    if (p)
        put_protocol(f, p);
    return close_written(f, path, errbuf, errlen);
}
