/* The one table of run options: the numeric options of
 * calfpump_sim_set_option(), of a protocol's run settings and of a model
 * file's [run] section. */
#ifndef CFP_OPTIONS_H
#define CFP_OPTIONS_H

#include <stddef.h>

typedef struct cfp_runopts {
    double rtol, atol, h, h_init, h_min, h_max, max_steps, output_interval;
} cfp_runopts;

typedef struct cfp_runopt {
    const char *name;
    size_t offset;            /* in cfp_runopts */
    double lo, hi, value;     /* bounds and default */
    const char *unit, *description;
    int whole;                /* non-zero: whole numbers only */
} cfp_runopt;

size_t cfp_runopt_count(void);
const cfp_runopt *cfp_runopt_at(size_t i);
/* The option called name (its row in *index if not NULL), or NULL. */
const cfp_runopt *cfp_runopt_find(const char *name, size_t *index);
double *cfp_runopt_ref(cfp_runopts *o, const cfp_runopt *d);
double cfp_runopt_get(const cfp_runopts *o, const cfp_runopt *d);
void cfp_runopts_default(cfp_runopts *o);
/* Check value for option d: CALFPUMP_OK, or CALFPUMP_E_RANGE with
 * "'NAME' = VALUE is outside [LO, HI]" or "... must be a whole number" in
 * msg (CFP_MSG_SIZE bytes). */
int cfp_runopt_check(const cfp_runopt *d, double value, char *msg);
/* "rtol, atol, ..." for messages. */
const char *cfp_runopt_names(char *buf, size_t len);

#endif
