/* What a segment does to the leg at one instant: the only thing the
 * equations see of a protocol. */
#ifndef CFP_DRIVE_H
#define CFP_DRIVE_H

#include "base/internal.h"

typedef struct cfp_drive {
    double a[CFP_MUSCLE_COUNT];  /* muscle activation 0..1 */
    double cuff[CFP_REG_COUNT];  /* external pressure per region, mmHg */
    double water;                /* immersion pressure on every compartment, mmHg */
    double abdominal;            /* rise of the pressure the leg drains into (Valsalva), mmHg */
    double work;                 /* muscle work rate that drives exercise hyperaemia:
                                    calf plus thigh activation times the movement
                                    rate, 1 per unit activation at the walking stride
                                    of 3 km/h (cfp_segment_drive) */
    int ankle;                   /* non-zero: the activity moves the ankle, so the
                                    calf squeeze scales with its range of motion */
} cfp_drive;

#endif
