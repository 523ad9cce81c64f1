/* Postures: the heights of the compartments above the right atrium. */
#ifndef CFP_POSTURE_H
#define CFP_POSTURE_H

#include "drive/segment.h"
#include "model/model.h"

/* Height of compartment c in a segment's posture, scaled to the
 * subject's height, cm. */
double cfp_posture_height(const calfpump_model *m, const cfp_comp *c, const cfp_segment *seg);

#endif
