/* The batch handle, shared by batch.c (set-up), run.c (running) and
 * fit.c (fitting). */
#ifndef CFP_BATCH_H
#define CFP_BATCH_H

#include <stddef.h>
#include "calfpump.h"
#include "drive/protocol.h"

/* A list of names, each separately allocated. */
typedef struct cfp_names {
    size_t n;
    char **v;
} cfp_names;

struct calfpump_batch {
    calfpump_model *model;     /* the batch's copy */
    calfpump_protocol *proto;  /* the batch's copy */
    calfpump_sim *probe;       /* a simulation of both: metric names */
    cfp_names params, metrics;
    unsigned threads;
    calfpump_batch_progress_fn progress;
    void *progress_user;
    /* The last calfpump_batch_run(): per run, its status and message
     * (NULL: none, or no memory for it). */
    size_t nruns, nfailed;
    int *runstatus;
    char **runmsg;
    char *errmsg;
};

/* Forget the last run's statuses and messages. */
void cfp_batch_clear_runs(calfpump_batch *b);

#endif
