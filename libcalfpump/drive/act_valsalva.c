/* The Valsalva manoeuvre: straining against a closed glottis raises the
 * intra-abdominal pressure, and with it the pressure in the inferior vena
 * cava and iliac veins, by about 40 mmHg for about 10 s (targets V13; the
 * clinical test of the proximal valves, Arch Surg 1990;125:617). */
#include "drive/activity.h"

/* The strain rises over 1 s, is held for `hold` s and released over 1 s. */
static int valsalva_drive(const cfp_segment *s, double tau, double ph, double T, cfp_drive *d)
{
    (void)ph, (void)T;
    d->abdominal = s->p.strength * s->p.strain *
                   (cfp_ramp(tau, 1.0) - cfp_ramp(tau - 1.0 - s->p.hold, 1.0));
    return 0;
}

static void describe_valsalva(const cfp_segment *s, cfp_text *out)
{
    cfp_text_add(out, "%g mmHg for %g s", s->p.strain, s->p.hold);
}

static const char *const valsalva_params[] = {"strain", "hold", "strength", NULL};

const cfp_activity cfp_act_valsalva = {
    "valsalva", "Valsalva manoeuvre: abdominal strain raising the iliac venous pressure", 0, 0,
    valsalva_params, NULL, valsalva_drive, describe_valsalva};
