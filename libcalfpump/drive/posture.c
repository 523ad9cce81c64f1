/* Postures: names, descriptions and compartment heights. */
#include <math.h>
#include "drive/posture.h"

static const char *const descriptions[CFP_POST_NAMES] = {
    "lying flat: every compartment near the level of the heart",
    "seated, feet on the floor, knees at right angles",
    "upright, the leg hanging below the heart",
    "head-up tilt at the segment's angle (degrees), heights between supine and standing",
    "lying supine with the leg raised at the segment's angle (degrees; air plethysmography "
    "raises it 45 degrees to empty the veins), pivoting at the groin"};

/* The groin: the highest compartment of the leg (foot to thigh) when
 * standing, about which a raised leg turns. */
static double groin_height(const calfpump_model *m)
{
    double z = -HUGE_VAL;
    for (size_t i = 0; i < m->ncomp; i++)
        if (m->comp[i].region != CFP_REG_OTHER)
            z = fmax(z, m->comp[i].z[CFP_POST_STANDING]);
    return z;
}

double cfp_posture_height(const calfpump_model *m, const cfp_comp *c, const cfp_segment *seg)
{
    double z, s = sin(seg->p.angle * M_PI / 180.0);
    if (seg->posture == CFP_POST_TILT) /* rotation about the atrium's level */
        z = c->z[CFP_POST_SUPINE] + (c->z[CFP_POST_STANDING] - c->z[CFP_POST_SUPINE]) * s;
    else if (seg->posture == CFP_POST_LEG_RAISED) /* the leg above the groin's level */
        z = c->z[CFP_POST_SUPINE] +
            (c->region == CFP_REG_OTHER ? 0.0 : (groin_height(m) - c->z[CFP_POST_STANDING]) * s);
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
