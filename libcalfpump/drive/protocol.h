/* Protocols: segments of posture and activity run back to back. */
#ifndef CFP_PROTOCOL_H
#define CFP_PROTOCOL_H

#include "drive/activity.h"

/* Number of run settings a model file's [run] section can hold
 * (modelfile.c lists their names). */
#define CFP_RUN_NOPT 8

struct calfpump_protocol {
    cfp_segment *seg;
    size_t nseg, capseg;
    char errmsg[CFP_MSG_SIZE];
    /* Run settings read from a model file's [run] section (modelfile.c):
     * numeric options (set[i] non-zero when value[i] was given) ... */
    struct { double value[CFP_RUN_NOPT]; unsigned char set[CFP_RUN_NOPT]; } run;
    /* ... and the integrator's name ("" = not given). */
    char run_integrator[CFP_NAME_MAX];
};

/* Deep copy into *out (allocated). */
int cfp_protocol_copy(calfpump_protocol **out, const calfpump_protocol *p);

#endif
