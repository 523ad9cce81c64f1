/* Protocols: segments of posture and activity run back to back, and the
 * run settings a model file's [run] section gives them. */
#ifndef CFP_PROTOCOL_H
#define CFP_PROTOCOL_H

#include "drive/activity.h"

/* Number of run options (rows of the table in sim/options.c). */
#define CFP_RUN_NOPT 8

/* Run settings: option i is given when bit i of set is. */
typedef struct cfp_runset {
    double value[CFP_RUN_NOPT];
    unsigned set;
    char integrator[CFP_NAME_MAX]; /* "" = not given */
} cfp_runset;

struct calfpump_protocol {
    cfp_segment *seg;
    size_t nseg, capseg;
    cfp_runset run;
    char *errmsg;       /* message slot (CFP_MSG_SIZE bytes, cfp_msg_new) */
};

/* Deep copy into *out (allocated). */
int cfp_protocol_copy(calfpump_protocol **out, const calfpump_protocol *p);
/* Can p be run?  CALFPUMP_OK, or CALFPUMP_E_INVAL with the reason in msg
 * (CFP_MSG_SIZE bytes): no segments, a custom segment with nothing to
 * drive it. */
int cfp_protocol_check(const calfpump_protocol *p, char *msg);
/* Segment index of a custom segment, or a failure with a message. */
int cfp_protocol_custom_segment(calfpump_protocol *p, size_t index);

#endif
