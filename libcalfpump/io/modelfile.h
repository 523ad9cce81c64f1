/* Model files (doc/model-file.md): what the lexer, the builder, the loader
 * and the writer share.
 *
 * Reading works in two passes.  Pass 1 (lexer.c) splits the text into
 * sections and "key = value" entries and checks everything that does not
 * need the network: the header, section names, element names, keys (from
 * the registries, keys.c) and repeated keys.  Pass 2 (builder.c,
 * segments.c) builds the model and the protocol through the public API,
 * so every bound and message is the library's own. */
#ifndef CFP_MODELFILE_H
#define CFP_MODELFILE_H

#include "model/names.h"
#include <stddef.h>
#include "base/internal.h"

#define CFP_MF_VERSION 1
#define CFP_MF_MAGIC "calfpump-model"
#define CFP_MF_MSG 1024     /* messages list many expected keys */
#define CFP_MF_NUM_MAX 256  /* longest number token */
/* Longest model file calfpump_model_load() reads.  The default leg is
 * about 10 KiB and a network of a thousand compartments under 1 MiB; the
 * limit only stops a runaway input (/dev/zero, a wrong path) from taking
 * the memory of the machine. */
#define CFP_MF_SIZE_MAX ((size_t)64 << 20)

/* ---- the text's parts ---- */
enum { CFP_SEC_GLOBAL, CFP_SEC_COMP, CFP_SEC_CONN, CFP_SEC_COND, CFP_SEC_SEG, CFP_SEC_RUN,
       CFP_SEC_COUNT };

typedef struct cfp_mf_entry {
    const char *key, *val;
    int line;
} cfp_mf_entry;

typedef struct cfp_mf_section {
    int kind;           /* CFP_SEC_* */
    const char *name;   /* compartment or connection name, else NULL */
    int line;
    int ordinal;        /* 1-based number among the sections of its kind */
    size_t first, n;    /* its entries */
} cfp_mf_section;

typedef struct cfp_mf {
    const char *file;   /* name used in messages */
    char msg[CFP_MF_MSG];
    char *text;         /* the input, split in place */
    cfp_mf_entry *ent;
    size_t nent, capent;
    cfp_mf_section *sec;
    size_t nsec, capsec;
    int nkind[CFP_SEC_COUNT];   /* sections of each kind so far */
    cfp_names names[CFP_SEC_COUNT]; /* the named sections of each kind, by name */
    int lines;          /* lines read */
} cfp_mf;

/* ---- messages (lexer.c) ---- */
/* "FILE:LINE: message" into mf->msg; returns CALFPUMP_E_INVAL. */
int cfp_mf_error(cfp_mf *mf, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* "FILE: out of memory WHAT" ("... reading the file") into mf->msg;
 * returns CALFPUMP_E_NOMEM. */
int cfp_mf_nomem(cfp_mf *mf, const char *what);
/* "[compartment deep_calf]", "[global]", "[segment] #2" */
const char *cfp_mf_label(const cfp_mf_section *s, char *buf, size_t n);
#define CFP_MF_LABEL (CFP_NAME_MAX + 32)

/* ---- pass 1 (lexer.c) ---- */
/* Split mf->text into sections and entries. */
int cfp_mf_lex(cfp_mf *mf);
/* Next blank-separated token of *s (NUL-terminated in place), or NULL. */
char *cfp_mf_token(char **s);
/* Numbers in the C locale: 0 and *x, 1 if s is not a decimal number, 2
 * if it is one but does not fit a finite double. */
int cfp_mf_number(const char *s, double *x);
/* Shortest of %.15g, %.16g, %.17g that reads back to the same bits. */
void cfp_mf_format(char *buf, size_t n, double x);

/* ---- keys, from the registries (keys.c) ---- */
int cfp_mf_key_known(int kind, const char *key);
/* "region, layer, v0, ..." */
void cfp_mf_expected_keys(int kind, char *buf, size_t n);
/* Muscle group of a waveform key ("waveform_calf"), or -1. */
int cfp_mf_wave_muscle(const char *key);
const char *cfp_mf_muscle_name(int muscle);

/* ---- pass 2 (builder.c, segments.c) ---- */
int cfp_mf_build(cfp_mf *mf, calfpump_model **mout, calfpump_protocol **pout);
const cfp_mf_entry *cfp_mf_find(const cfp_mf *mf, const cfp_mf_section *s, const char *key);
/* Entry e of section s as a number (a message with the line if not). */
int cfp_mf_entry_number(cfp_mf *mf, const cfp_mf_section *s, const cfp_mf_entry *e, double *x);
int cfp_mf_build_segment(cfp_mf *mf, calfpump_protocol *p, const cfp_mf_section *s);
int cfp_mf_build_run(cfp_mf *mf, calfpump_protocol *p, const cfp_mf_section *s);

#endif
