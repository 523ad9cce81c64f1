/* The activity registry: one row per activity, in the order the API lists
 * them.  Each row names a const descriptor defined in its family's file
 * (act_*.c). */
#include <string.h>
#include "drive/activity.h"

#define CFP_ACTIVITIES(X)                                                        \
    X(still) X(walk) X(tiptoe) X(cycle) X(squeeze) X(run) X(stairs) X(swim)      \
    X(heel_raise) X(toe_tap) X(ankle_pump) X(valsalva) X(custom) X(heel_toe_rock) \
    X(cuff_release)

#define DECLARE_(name) extern const cfp_activity cfp_act_##name;
CFP_ACTIVITIES(DECLARE_)
#undef DECLARE_

#define ROW_(name) &cfp_act_##name,
static const cfp_activity *const registry[] = {CFP_ACTIVITIES(ROW_)};
#undef ROW_
#define NACT (sizeof registry / sizeof registry[0])

size_t cfp_activity_count(void) { return NACT; }

const cfp_activity *cfp_activity_at(size_t i) { return i < NACT ? registry[i] : NULL; }

const cfp_activity *cfp_activity_find(const char *name)
{
    for (size_t i = 0; name && i < NACT; i++)
        if (strcmp(registry[i]->name, name) == 0)
            return registry[i];
    return NULL;
}

int cfp_activity_reads(const cfp_activity *a, const char *name)
{
    for (const char *const *p = a->params; p && *p; p++)
        if (strcmp(*p, name) == 0)
            return 1;
    return 0;
}

/* Postures in words, indexed by the mask of the three basic postures;
 * head-up tilt goes with any activity that allows no particular posture. */
const char *cfp_postures_text(unsigned mask)
{
    static const char *const words[] = {
        "any posture", "supine", "sitting", "supine or sitting", "standing",
        "supine or standing", "sitting or standing", "supine, sitting or standing"};
    return words[mask & 7u];
}
