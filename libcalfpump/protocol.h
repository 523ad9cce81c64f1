/* Protocols: segments of posture and activity run back to back. */
#ifndef CFP_PROTOCOL_H
#define CFP_PROTOCOL_H

#include "activity.h"

struct calfpump_protocol {
    cfp_segment *seg;
    size_t nseg, capseg;
    char errmsg[CFP_MSG_SIZE];
};

/* Deep copy into *out (allocated). */
int cfp_protocol_copy(calfpump_protocol **out, const calfpump_protocol *p);

#endif
