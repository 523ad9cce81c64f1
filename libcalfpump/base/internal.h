/* Internal declarations shared by all modules of libcalfpump.
 * Nothing here is installed or exported. */
#ifndef CFP_INTERNAL_H
#define CFP_INTERNAL_H

#include <stddef.h>
#include "calfpump.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define CFP_MSG_SIZE 512   /* per-handle detailed message buffer */
#define CFP_NAME_MAX 64    /* longest element name, including the NUL */

/* Blood column weight, mmHg per cm (rho = 1.05 g/mL, g = 9.81 m/s^2). */
#define CFP_RHO_G (1050.0 * 9.81 * 0.01 / 133.322)

/* Regions, layers, postures and activities: internal enums with the names
 * the public API uses as strings. */
enum cfp_region { CFP_REG_FOOT, CFP_REG_CALF, CFP_REG_KNEE, CFP_REG_THIGH,
                  CFP_REG_OTHER, CFP_REG_COUNT };
enum cfp_layer { CFP_LAYER_SUPERFICIAL, CFP_LAYER_DEEP, CFP_LAYER_INTRAMUSCULAR,
                 CFP_LAYER_COUNT };
/* Postures with their own heights per compartment (CFP_POST_COUNT), then
 * head-up tilt, whose heights lie between supine and standing, and supine
 * with the leg raised, whose heights follow from the standing ones. */
enum cfp_posture { CFP_POST_SUPINE, CFP_POST_SITTING, CFP_POST_STANDING,
                   CFP_POST_COUNT, CFP_POST_TILT = CFP_POST_COUNT, CFP_POST_LEG_RAISED,
                   CFP_POST_NAMES };
/* Muscle groups that squeeze compartments. */
enum cfp_muscle { CFP_MUSCLE_FOOT, CFP_MUSCLE_CALF, CFP_MUSCLE_THIGH,
                  CFP_MUSCLE_COUNT };

extern const char *const cfp_region_names[CFP_REG_COUNT];
extern const char *const cfp_layer_names[CFP_LAYER_COUNT];
extern const char *const cfp_posture_names[CFP_POST_NAMES];
extern const char *const cfp_muscle_names[CFP_MUSCLE_COUNT];

#endif
