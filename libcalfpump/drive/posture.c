/* Postures: names, descriptions and compartment heights. */
#include <math.h>
#include "drive/posture.h"

static const char *const descriptions[CFP_POST_NAMES] = {
    "lying flat: every compartment near the level of the heart",
    "seated, feet on the floor, knees at right angles",
    "upright, the leg hanging below the heart",
    "head-up tilt at the segment's angle (degrees), heights between supine and standing"};

double cfp_posture_height(const calfpump_model *m, const cfp_comp *c, const cfp_segment *seg)
{
    double z;
    if (seg->posture == CFP_POST_TILT) /* rotation about the atrium's level */
        z = c->z[CFP_POST_SUPINE] + (c->z[CFP_POST_STANDING] - c->z[CFP_POST_SUPINE]) *
                                        sin(seg->p.angle * M_PI / 180.0);
    else
        z = c->z[seg->posture];
    return z * m->g.height / 175.0;
}

size_t calfpump_posture_count(void) { return CFP_POST_NAMES; }

const char *calfpump_posture_name(size_t i)
{
    return i < CFP_POST_NAMES ? cfp_posture_names[i] : NULL;
}

const char *calfpump_posture_description(size_t i)
{
    return i < CFP_POST_NAMES ? descriptions[i] : NULL;
}
