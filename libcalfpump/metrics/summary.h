/* The clinical summary as rows of data, for every front end to render. */
#ifndef CFP_SUMMARY_H
#define CFP_SUMMARY_H

#include "metrics/metrics.h"

typedef struct cfp_srow {
    char section[96], label[CFP_NAME_MAX + 32], text[64], unit[16], note[CFP_MSG_SIZE];
    double value;
} cfp_srow;

typedef struct cfp_summary {
    cfp_srow *rows;
    size_t n, cap;
} cfp_summary;

/* How the run was integrated, for the solver section. */
typedef struct cfp_solver_desc {
    const char *name;
    int adaptive;
    double rtol, atol, h;
} cfp_solver_desc;

/* Build the rows of run v into sum.  Returns 0 or CALFPUMP_E_NOMEM. */
int cfp_summary_build(cfp_summary *sum, const cfp_run_view *v, const cfp_solver_desc *sd);
void cfp_summary_free(cfp_summary *sum);

#endif
